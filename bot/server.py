"""Serving: waitress (a production WSGI server, threads, graceful stop) in HTTP mode,
Slack's Socket Mode client otherwise; the scheduler alongside when asked."""

import errno
import gc
import logging
import signal
import threading

from waitress.server import create_server

from bot.app import BODY_MAX, CopApp

logger = logging.getLogger(__name__)


class AppTokenRefused(Exception):
    """Slack refused SLACK_APP_TOKEN when Socket Mode asked for a connection."""

    def __init__(self, error: str):
        super().__init__(error)
        self.error = error


class PortInUse(Exception):
    def __init__(self, port: int):
        super().__init__(f"port {port} is already in use")
        self.port = port


def make_http_server(cop: CopApp, *, host: str = "0.0.0.0", port: int = 3000,  # noqa: S104 - Slack must reach it
                     threads: int = 4):
    # Each request only runs Bolt and an ack (~0.1 ms of Python; the work goes to runtime.work), so
    # a few threads keep up with any burst; more only take turns at the GIL (docs/benchmarks.md).
    # Everything loaded so far (Bolt, SQLAlchemy's mappers, the catalogs) lives as long as the
    # process: keep it out of the collector's full passes, which otherwise stall every thread,
    # acks included, for tens of milliseconds.
    gc.freeze()
    return create_server(cop.wsgi(), host=host, port=port, threads=threads, ident="cop-bot",
                         channel_timeout=30, cleanup_interval=10,
                         max_request_body_size=2 * BODY_MAX)  # bigger ones: waitress's own 413


def _stop_on_signals() -> threading.Event:
    stopping = threading.Event()

    def handler(signum, _frame):
        logger.info("Received %s: finishing work in flight, then stopping", signal.Signals(signum).name)
        stopping.set()
        raise SystemExit(0)  # unwinds waitress's loop in the main thread

    signal.signal(signal.SIGTERM, handler)
    signal.signal(signal.SIGINT, handler)
    return stopping


def _bind(cop: CopApp, port: int):
    try:
        return make_http_server(cop, port=port)
    except OSError as e:
        if e.errno == errno.EADDRINUSE:
            cop.close(wait=False)
            raise PortInUse(port) from None
        raise


def _socket_mode(cop: CopApp, app_token: str | None) -> None:
    from slack_bolt.adapter.socket_mode import SocketModeHandler
    from slack_sdk.errors import SlackApiError

    logger.info("cop-bot connecting to Slack in Socket Mode")
    try:
        # The bot's own client, so apps.connections.open also goes to SLACK_API_URL with retries.
        SocketModeHandler(cop.bolt, app_token, web_client=cop.bolt.client).start()
    except SlackApiError as e:  # apps.connections.open refused the app-level token
        raise AppTokenRefused(str(e.response.get("error") or "refused")) from None


def serve(cop: CopApp, *, http: bool = True, scheduler=None) -> None:
    """Run until SIGTERM/SIGINT; then stop taking work, finish what is in flight, stop."""
    settings = cop.runtime.settings
    # Bound first: a port in use stops it before anything starts.
    server = _bind(cop, settings.port) if http and not settings.socket_mode else None
    _stop_on_signals()
    role = "web and scheduler" if http and scheduler is not None else "web" if http else "scheduler (worker)"
    logger.info("%s", cop.describe(role))
    if http:
        cop.start()  # what was acked before the last stop is finished now
    if scheduler is not None:
        from bot.scheduler import supervise

        scheduler.start()
        supervise(scheduler, cop.runtime)
        cop.runtime.supervisor.start()  # (a worker serves no HTTP: its supervisor starts here)
    try:
        if not http:
            threading.Event().wait()
        elif settings.socket_mode:
            _socket_mode(cop, settings.slack_app_token)
        elif server is not None:
            logger.info("cop-bot listening on http://0.0.0.0:%d/slack/events", settings.port)
            server.run()  # on SystemExit waitress lets running requests finish (up to 5 s)
    except (SystemExit, KeyboardInterrupt):
        pass
    finally:
        if scheduler is not None:
            cop.runtime.supervisor.unwatch("scheduler")
            scheduler.shutdown(wait=True)
        cop.close(wait=True)
        logger.info("cop-bot stopped")
