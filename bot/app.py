"""The app factory: a Bolt app wired to the store, the notifier and the handlers."""

import json
import logging
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_sdk import WebClient

from bot.due import DueRunner
from bot.notifier import Notifier, configure_retries, make_client
from bot.outbox import Deliverer
from bot.runtime import Runtime
from bot.services import follow_ups, help_requests, meetings, report
from bot.settings import Settings
from bot.work import BackgroundWork
from handlers import Registered, register_all
from handlers.gate import BODY_MAX, guard
from storage.db import Database, database_answers, migrate

logger = logging.getLogger(__name__)
__all__ = ["BODY_MAX", "CopApp", "create_app"]
EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"


@dataclass
class CopApp:
    bolt: App
    runtime: Runtime
    registered: Registered
    executor: ThreadPoolExecutor
    gated: bool = True  # requests pass handlers/gate.py before Bolt (the benchmark's bare apps skip it)

    def wsgi(self):
        """``POST /slack/events`` for everything Slack sends; ``GET /healthz`` for probes."""
        slack = SlackRequestHandler(self.bolt, path=EVENTS_PATH)
        engine = self.runtime.db.engine

        def application(environ, start_response):
            if environ.get("PATH_INFO") == HEALTH_PATH and environ.get("REQUEST_METHOD") in ("GET", "HEAD"):
                ok = database_answers(engine)
                body = json.dumps({"status": "ok" if ok else "unavailable", "database": ok}).encode()
                start_response("200 OK" if ok else "503 Service Unavailable",
                               [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
                return [body]
            return slack(environ, start_response)

        secret = self.runtime.settings.slack_signing_secret
        return guard(application, signing_secret=secret, path=EVENTS_PATH) if secret and self.gated else application

    def close(self, *, wait: bool = True) -> None:
        """Let listeners and work already running finish (they may still owe Slack a message)."""
        self.executor.shutdown(wait=wait)
        self.runtime.work.shutdown(wait=wait)


def make_deliverer(db: Database, notifier: Notifier) -> Deliverer:
    """The outbox deliverer with what to do with Slack's answers, by purpose."""
    deliverer = Deliverer(db, notifier)
    deliverer.on(help_requests.PURPOSE_POST, sent=help_requests.call_posted, failed=help_requests.call_not_posted)
    deliverer.on(meetings.PURPOSE_ANNOUNCED, sent=meetings.announced)
    return deliverer


def make_due_runner(db: Database, deliverer: Deliverer) -> DueRunner:
    """Every kind of due row and the job that runs it."""
    runner = DueRunner(db, deliverer)
    runner.on(follow_ups.HELP_UNANSWERED, follow_ups.unanswered)
    runner.on(follow_ups.HELP_STALLED, follow_ups.stalled)
    runner.on(follow_ups.MENTOR_REMINDER, follow_ups.mentor_reminder)
    runner.on(follow_ups.WEEKLY_DIGEST, follow_ups.weekly_digest)
    runner.on(follow_ups.QUARTERLY_REFLECTION, follow_ups.quarterly_reflection)
    runner.on(report.MONTHLY_REPORT, report.monthly_job)
    runner.on(meetings.NUDGE, meetings.nudge_job)
    runner.on(meetings.SPEAKER, meetings.speaker_job)
    runner.on(meetings.HARVEST, meetings.harvest_job)
    runner.on(meetings.HARVEST_REMINDER, meetings.harvest_job)
    runner.on(meetings.REPEAT, meetings.repeat_job)
    return runner


def create_app(settings: Settings, client: WebClient | None = None, *, db: Database | None = None,
               run_migrations: bool = True, workers: int = 2) -> CopApp:
    db = db or Database.from_url(settings.database_url)
    if run_migrations:
        migrate(db.engine)
    client = configure_retries(client) if client else make_client(settings.slack_bot_token, settings.slack_api_url)
    notifier = Notifier(client)
    deliverer = make_deliverer(db, notifier)
    work = BackgroundWork(workers=workers)
    runtime = Runtime(settings=settings, db=db, notifier=notifier, deliverer=deliverer, work=work,
                      due=make_due_runner(db, deliverer))
    # Bolt's own pool only serves its lazy listeners, which cop-bot does not use.
    executor = ThreadPoolExecutor(max_workers=2, thread_name_prefix="cop-bolt")
    bolt = App(
        client=client,
        signing_secret=settings.slack_signing_secret or "socket-mode",
        request_verification_enabled=not settings.socket_mode,
        # Every listener acks, then hands its work to runtime.work; the response can go as soon
        # as the listener returns. (Otherwise Bolt runs the listener in its pool and polls for
        # the ack every 10 ms, holding a server thread for each request meanwhile.)
        process_before_response=True,
        listener_executor=executor,
        logger=logging.getLogger("slack_bolt"),
    )
    registered = register_all(bolt, runtime)
    return CopApp(bolt=bolt, runtime=runtime, registered=registered, executor=executor)
