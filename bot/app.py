"""The app factory: a Bolt app wired to the store, the notifier and the handlers."""

import json
import logging
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from urllib.parse import parse_qsl

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_sdk import WebClient

from bot import dead_letters, metrics
from bot.due import DueRunner
from bot.journal import Journal, journal_path
from bot.notifier import Notifier, Workspaces, configure_retries, make_client
from bot.outbox import Deliverer
from bot.runtime import Runtime
from bot.services import (
    applied,
    digest,
    follow_ups,
    help_requests,
    intros,
    lessons,
    meetings,
    minutes,
    newcomers,
    practices,
    privacy,
    program,
    reflections,
    reliance,
    report,
    stewardship,
    tool_problems,
    unanswered,
    watch,
)
from bot.services.communities import community_languages
from bot.settings import Settings
from bot.work import GATE, BackgroundWork
from handlers import Registry, Wiring, register_all
from handlers.gate import BODY_MAX, CHECKED_BODY, CHECKED_KIND, guard
from storage import glossary
from storage.db import Database, database_answers, migrate
from storage.search_text import index_terms

logger = logging.getLogger(__name__)
__all__ = ["BODY_MAX", "CopApp", "create_app"]
EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"
METRICS_PATH = "/metrics"


def owed_figures(db: Database) -> list[tuple[str, str, float]]:
    """From the database: calls owed to Slack, scheduled items overdue, requests set aside."""
    from storage import dead_letters as dead_letter_store
    from storage import due as due_store
    from storage import outbox as outbox_store
    from storage.types import utcnow

    now = utcnow()
    with db.reading() as session:
        pending, late, failed = outbox_store.backlog(session=session, now=now)
        overdue, overdue_by = due_store.overdue(session=session, now=now)
        letters = dead_letter_store.count(session=session)
    return [("cop_outbox_pending", "Slack calls owed and due now, not yet made", pending),
            ("cop_outbox_oldest_seconds", "How late the oldest owed Slack call is", late),
            ("cop_outbox_failed_last_day", "Slack calls given up in the last 24 hours (Slack refused them for good)",
             failed),
            ("cop_due_overdue", "Scheduled items (reminders, follow-ups, digests) not done 5 minutes after due",
             overdue),
            ("cop_due_oldest_overdue_seconds", "How late the oldest overdue scheduled item is", overdue_by),
            ("cop_dead_letters", "Requests set aside after their work kept failing", letters)]


@dataclass
class CopApp:
    bolt: App
    runtime: Runtime
    wiring: Wiring | None
    executor: ThreadPoolExecutor | None
    gated: bool = True  # requests pass handlers/gate.py before Bolt (the benchmark's bare apps skip it)

    @property
    def registered(self) -> Registry:
        """What was wired: commands, events, actions, shortcuts, views (nothing, for a bare app)."""
        return self.wiring.registry if self.wiring is not None else Registry()

    def start(self) -> None:
        """Before serving: finish what was acked and not done before the last stop (the journal),
        and send what is owed (the outbox), in the background."""
        with self.runtime.db.reading() as session:
            self.runtime.languages.update(community_languages(session))
        if not self.runtime.settings.distributed:
            self._back_if_it_had_left()
        self.runtime.deliverer.release_orphans()
        if self.wiring is not None:
            self.wiring.replay()
        self.runtime.supervisor.start()
        self.runtime.work.submit(self.runtime.deliverer.deliver_due)
        # The lemmatiser loads its French and English dictionaries on first use (~0.3 s), and the built-in
        # glossary is compiled once (storage/glossary.py): not on a member's first search.
        self.runtime.work.submit(lambda: (index_terms("évaluer evaluate"), glossary.compile_built_in()))

    def _back_if_it_had_left(self) -> None:
        """One workspace: a token Slack accepts means cop-bot is installed there (again, if it had been
        uninstalled: its data, kept for the retention, is served again and not deleted)."""
        from storage import workspaces as workspace_store

        team_id = self.team_id()
        if not team_id:
            return
        with self.runtime.db.session() as session:
            row = workspace_store.find(session=session, team_id=team_id)
            if row is not None and row.departed_at is not None:
                workspace_store.installed(session=session, team_id=team_id, enterprise_id=row.enterprise_id,
                                          org_install=row.org_install)
                logger.info("Workspace %s is served again: cop-bot was installed there again", team_id)

    def team_id(self) -> str | None:
        """One workspace: which one SLACK_BOT_TOKEN belongs to (asked of Slack once)."""
        return self._who_am_i().get("team_id")

    def _command_at_once(self, form: str) -> bool:
        """A slash command the gate let through (signed, well formed) is acked as soon as it is
        journaled, by the wiring itself: Bolt's dispatch would only find the same listener, later (and
        it reads a form that says "payload" anywhere as an interaction: such a command was lost).
        False, and Bolt answers, when its workspace is not one cop-bot serves (Bolt says so)."""
        body = dict(parse_qsl(form, keep_blank_values=True))  # the body as Bolt reads a form
        installations = self.runtime.installations
        if installations is None:
            bot_user_id = self.bot_user_id()
        else:
            bot = installations.serving(enterprise_id=body.get("enterprise_id") or None,
                                        team_id=body.get("team_id") or None,
                                        org_install=body.get("is_enterprise_install") == "true")
            bot_user_id = bot.bot_user_id if bot is not None else None
        return bot_user_id is not None and self.wiring is not None and self.wiring.command_at_once(body, bot_user_id)

    def bot_user_id(self) -> str | None:
        """One workspace: the bot's own user id (asked of Slack once)."""
        return self._who_am_i().get("user_id")

    def _who_am_i(self) -> dict:
        """auth.test's answer, kept once Slack gave it; {} while it cannot be had (asked again later)."""
        if not hasattr(self, "_auth"):
            try:
                answer = self.runtime.notifier.client.auth_test().data
                if not isinstance(answer, dict):  # auth.test answers JSON: never bytes
                    return {}
                self._auth = dict(answer)
            except Exception:  # noqa: BLE001 - unknown is an answer too; Bolt checked the token already
                return {}
        return self._auth

    def wsgi(self):
        """``POST /slack/events`` for everything Slack sends; ``GET /healthz`` for probes."""
        slack = SlackRequestHandler(self.bolt, path=EVENTS_PATH)
        snapshot = metrics.Snapshot(self.figures)

        def application(environ, start_response):
            if environ.get("PATH_INFO") == HEALTH_PATH and environ.get("REQUEST_METHOD") in ("GET", "HEAD"):
                status, health = self.health()
                body = json.dumps(health).encode()
                start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
                return [body]
            if environ.get("PATH_INFO") == METRICS_PATH and environ.get("REQUEST_METHOD") in ("GET", "HEAD"):
                body, content_type = metrics.exposition(snapshot, environ.get("HTTP_ACCEPT") or "")
                start_response("200 OK", [("Content-Type", content_type), ("Content-Length", str(len(body)))])
                return [body]
            if at_once and environ.get(CHECKED_KIND) == "command" and self._command_at_once(environ[CHECKED_BODY]):
                start_response("200 OK", [("Content-Length", "0")])
                return [b""]
            return slack(environ, start_response)

        at_once = self.wiring is not None and self.gated
        secret = self.runtime.settings.slack_signing_secret
        if not self.gated:
            return application
        if not secret:  # Bolt does not check signatures itself (the gate does): no gate, no HTTP
            raise RuntimeError("HTTP mode needs SLACK_SIGNING_SECRET")
        return guard(application, signing_secret=secret, path=EVENTS_PATH)

    def health(self) -> tuple[str, dict]:
        """``/healthz``: 503 when the database does not answer or a thread the bot needs has stopped
        (named); the requests set aside (dead letters) are counted, for the admin to look at."""
        runtime = self.runtime
        if not runtime.supervisor.alive():
            runtime.supervisor.start()  # the watcher watched: a probe starts it again
        database = database_answers(runtime.db.engine)
        stopped = runtime.supervisor.dead()
        health: dict = {"status": "ok" if database and not stopped else "unavailable", "database": database}
        if stopped:
            health["stopped"] = stopped
        if database:
            try:
                health["dead_letters"] = dead_letters.count(runtime.db)
            except Exception as error:  # noqa: BLE001 - a schema not migrated yet: not counted
                logger.debug("Dead letters not counted (%s)", type(error).__name__)
        return ("200 OK" if health["status"] == "ok" else "503 Service Unavailable"), health

    def figures(self) -> list[tuple[str, str, float]]:
        """What ``/metrics`` reads at each scrape: this process's waiting work, and from the database
        (shared by every process, so counted once) what is owed to Slack, overdue, or set aside."""
        waiting, oldest = self.runtime.work.waiting()
        found = [("cop_work_waiting", "Requests' work queued in this process, not started", waiting),
                 ("cop_work_oldest_seconds", "How long the oldest queued work has waited", oldest),
                 ("cop_threads_stopped", "Threads the bot needs that are not running now",
                  len(self.runtime.supervisor.dead()))]
        try:
            found += [(name, description, value) for name, description, value in owed_figures(self.runtime.db)]
            found.append(("cop_database_up", "1 when the database answered this scrape", 1))
        except Exception as error:  # noqa: BLE001 - the scrape still answers, saying the database did not
            logger.warning("Metrics: the database did not answer (%s)", type(error).__name__)
            found.append(("cop_database_up", "1 when the database answered this scrape", 0))
        return found

    def describe(self, role: str) -> str:
        """The start line: version, what this process does, mode, database and workspace(s)."""
        from sqlalchemy import text

        from bot import __version__

        settings = self.runtime.settings
        mode = "no Slack endpoint" if role.startswith("scheduler") else \
            "Socket Mode" if settings.socket_mode else f"HTTP on port {settings.port}"
        database = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}.get(self.runtime.db.engine.dialect.name, "?")
        if settings.distributed:
            with self.runtime.db.reading() as session:
                installed = session.execute(text("SELECT count(DISTINCT coalesce(team_id, enterprise_id)) "
                                                 "FROM slack_bots")).scalar()
            workspaces = f"any workspace that installs it from /slack/install ({installed} installed)"
        else:
            workspaces = f"workspace {self.team_id() or '?'} (SLACK_BOT_TOKEN)"
        return f"cop-bot {__version__} started: {role}, {mode}, {database} database, {workspaces}"

    def close(self, *, wait: bool = True) -> None:
        """Let listeners and work already running finish (they may still owe Slack a message)."""
        self.runtime.supervisor.stop()
        if self.executor is not None:
            self.executor.shutdown(wait=wait)
        self.runtime.work.shutdown(wait=wait)
        self.runtime.journal.close()


def make_deliverer(db: Database, slack: Notifier | Workspaces, journal: Journal | None = None) -> Deliverer:
    """The outbox deliverer with what to do with Slack's answers, by purpose."""
    deliverer = Deliverer(db, slack, journal=journal)
    deliverer.on(help_requests.PURPOSE_POST, sent=help_requests.call_posted, failed=help_requests.call_not_posted)
    deliverer.on(meetings.PURPOSE_ANNOUNCED, sent=meetings.announced)
    deliverer.on(minutes.PURPOSE_POSTED, sent=minutes.posted)
    deliverer.on(program.PURPOSE_POSTED, sent=program.posted)
    deliverer.on(lessons.PURPOSE_POST, sent=lessons.lesson_posted)
    deliverer.on(newcomers.PURPOSE_WELCOME, failed=newcomers.welcome_not_delivered)
    deliverer.on(privacy.PURPOSE_FORGOTTEN, sent=privacy.scrub_told, failed=privacy.scrub_told)
    deliverer.on(follow_ups.PURPOSE_COPY, sent=follow_ups.copy_sent)
    deliverer.on(intros.PURPOSE_OPEN, sent=intros.group_opened, failed=intros.group_refused)
    deliverer.on(intros.PURPOSE_POST, sent=intros.introduced)
    deliverer.any_sent.append(tool_problems.outbox_sent)
    deliverer.any_failed.append(tool_problems.outbox_failed)
    return deliverer


def make_due_runner(db: Database, deliverer: Deliverer) -> DueRunner:
    """Every kind of due row and the job that runs it."""
    runner = DueRunner(db, deliverer)
    runner.on(unanswered.HELP_UNANSWERED, unanswered.unanswered)
    runner.on(unanswered.HELP_STALLED, unanswered.stalled)
    runner.on(newcomers.MENTOR_REMINDER, newcomers.mentor_reminder)
    runner.on(digest.WEEKLY_DIGEST, digest.weekly_digest)
    runner.on(reflections.QUARTERLY_REFLECTION, reflections.quarterly_reflection)
    runner.on(reflections.REFLECTION_AGENDA, reflections.agenda_job)
    runner.on(report.MONTHLY_REPORT, report.monthly_job)
    runner.on(applied.VALUE_APPLIED, applied.ask_job)
    runner.on(stewardship.LESSON_REVIEW, stewardship.review_job)
    runner.on(watch.WATCH_DIGEST, watch.watch_digest)
    runner.on(practices.PRACTICE_CLOSE, practices.close_job)
    runner.on(reliance.PRACTICE_NEWS, reliance.news_job)
    runner.on(meetings.NUDGE, meetings.nudge_job)
    runner.on(meetings.SPEAKER, meetings.speaker_job)
    runner.on(meetings.GUESTS, meetings.guests_job)
    runner.on(meetings.ATTENDANCE_OPEN, meetings.attendance_job)
    runner.on(meetings.ATTENDANCE_CLOSE, meetings.attendance_job)
    runner.on(minutes.ACTION_REMINDER, minutes.reminder_job)
    runner.on(meetings.HARVEST, meetings.harvest_job)
    runner.on(meetings.HARVEST_REMINDER, meetings.harvest_job)
    runner.on(meetings.REPEAT, meetings.repeat_job)
    runner.on(intros.INTRO_ROUND, intros.round_job)
    runner.on(intros.INTRO_NUDGE, intros.nudge_job)
    return runner


def create_app(settings: Settings, client: WebClient | None = None, *, db: Database | None = None,
               run_migrations: bool = True, workers: int = 2, work_quiet: float = 0.05, journal: bool = True,
               retry_seconds: tuple[float, ...] | None = None) -> CopApp:
    """``journal``: keep the file of acked requests (a process that acks nothing — ``cop-bot worker``,
    a one-off command — keeps none, so it never takes another process's); ``retry_seconds``: when a
    request's work fails, how long before each new try (then it is set aside; ``None``: the adapter's own)."""
    db = db or Database.from_url(settings.database_url)
    if run_migrations:
        migrate(db.engine)
    # Distributed, the client has no token of its own: each request is authorized with its
    # workspace's (bot/installations.py), and the outbox asks for the row's workspace's.
    client = configure_retries(client) if client else make_client(settings.slack_bot_token or None,
                                                                  settings.slack_api_url)
    notifier = Notifier(client)
    installations = oauth = None
    if settings.distributed:
        from bot.installations import CopAuthorize, Installations, not_installed, oauth_flow
        from bot.slack_terms import BOT_SCOPES

        installations = Installations(db, settings)
        oauth = {"oauth_flow": oauth_flow(installations, client, list(BOT_SCOPES)),
                 "authorize": CopAuthorize(installations), "installation_store_bot_only": True,
                 "user_facing_authorize_error_message": not_installed()}
    slack: Notifier | Workspaces = installations or notifier
    journaled = Journal(journal_path(settings.database_url, settings.journal, port=settings.port) if journal
                        else None)
    deliverer = make_deliverer(db, slack, journaled)
    work = BackgroundWork(workers=workers, quiet=work_quiet)  # quiet: the pause work waits for (bot/work.py)
    runtime = Runtime(settings=settings, db=db, notifier=notifier, deliverer=deliverer, work=work,
                      due=make_due_runner(db, deliverer), journal=journaled,
                      workspaces=installations, installations=installations)
    # Bolt's own pool only serves its lazy listeners, which cop-bot does not use.
    executor = ThreadPoolExecutor(max_workers=2, thread_name_prefix="cop-bolt")
    bolt = App(
        name="cop-bot",  # without a name, Bolt reads the caller's source through inspect.stack(): slow
        client=client,
        signing_secret=settings.slack_signing_secret or "socket-mode",
        # HTTP mode: handlers/gate.py checks every request's signature before Bolt sees it (CopApp.wsgi),
        # so Bolt need not compute the same HMAC again. Socket Mode: Slack's WebSocket is the check.
        request_verification_enabled=False,
        # Every listener acks, then hands its work to runtime.work; the response can go as soon
        # as the listener returns. (Otherwise Bolt runs the listener in its pool and polls for
        # the ack every 10 ms, holding a server thread for each request meanwhile.)
        process_before_response=True,
        listener_executor=executor,
        logger=logging.getLogger("slack_bolt"),
        # What no listener takes (an event type cop-bot did not ask for, app_rate_limited) goes to
        # the error handler, which answers 200 in one line (Bolt's default: a 404 and the payload
        # logged in full).
        raise_error_for_unhandled_request=True,
        **(oauth or {}),
    )
    runtime.supervisor.watch(GATE, alive=work.gate_alive, restart=work.restart_gate)
    return CopApp(bolt=bolt, runtime=runtime, wiring=register_all(
        bolt, runtime, **({} if retry_seconds is None else {"retry_seconds": retry_seconds})),
                  executor=executor)
