"""The app factory: a Bolt app wired to the store, the notifier and the handlers."""

import json
import logging
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_sdk import WebClient

from bot.due import DueRunner
from bot.journal import Journal, journal_path
from bot.notifier import Notifier, Workspaces, configure_retries, make_client
from bot.outbox import Deliverer
from bot.runtime import Runtime
from bot.services import (
    applied,
    digest,
    help_requests,
    lessons,
    meetings,
    newcomers,
    privacy,
    reflections,
    report,
    stewardship,
    unanswered,
)
from bot.services.communities import community_languages
from bot.settings import Settings
from bot.work import BackgroundWork
from handlers import Registry, Wiring, register_all
from handlers.gate import BODY_MAX, guard
from storage.db import Database, database_answers, migrate
from storage.search_text import index_terms

logger = logging.getLogger(__name__)
__all__ = ["BODY_MAX", "CopApp", "create_app"]
EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"


@dataclass
class CopApp:
    bolt: App
    runtime: Runtime
    wiring: Wiring | None
    executor: ThreadPoolExecutor | None
    gated: bool = True  # requests pass handlers/gate.py before Bolt (the benchmark's bare apps skip it)

    @property
    def registered(self) -> Registry:
        """What was wired: commands, events, actions, shortcuts, views."""
        return self.wiring.registry

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
        self.runtime.work.submit(self.runtime.deliverer.deliver_due)
        # The lemmatiser loads its French and English dictionaries on first use (~0.3 s): not on a
        # member's first search.
        self.runtime.work.submit(lambda: index_terms("évaluer evaluate"))

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
        if not hasattr(self, "_team_id"):
            try:
                self._team_id = self.runtime.notifier.client.auth_test().get("team_id")
            except Exception:  # noqa: BLE001 - unknown is an answer too; Bolt checked the token already
                self._team_id = None
        return self._team_id

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
        if self.executor is not None:
            self.executor.shutdown(wait=wait)
        self.runtime.work.shutdown(wait=wait)
        self.runtime.journal.close()


def make_deliverer(db: Database, slack: Notifier | Workspaces, journal: Journal | None = None) -> Deliverer:
    """The outbox deliverer with what to do with Slack's answers, by purpose."""
    deliverer = Deliverer(db, slack, journal=journal)
    deliverer.on(help_requests.PURPOSE_POST, sent=help_requests.call_posted, failed=help_requests.call_not_posted)
    deliverer.on(meetings.PURPOSE_ANNOUNCED, sent=meetings.announced)
    deliverer.on(lessons.PURPOSE_POST, sent=lessons.lesson_posted)
    deliverer.on(newcomers.PURPOSE_WELCOME, failed=newcomers.welcome_not_delivered)
    deliverer.on(privacy.PURPOSE_FORGOTTEN, sent=privacy.scrub_told, failed=privacy.scrub_told)
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
    runner.on(meetings.NUDGE, meetings.nudge_job)
    runner.on(meetings.SPEAKER, meetings.speaker_job)
    runner.on(meetings.HARVEST, meetings.harvest_job)
    runner.on(meetings.HARVEST_REMINDER, meetings.harvest_job)
    runner.on(meetings.REPEAT, meetings.repeat_job)
    return runner


def create_app(settings: Settings, client: WebClient | None = None, *, db: Database | None = None,
               run_migrations: bool = True, workers: int = 2, work_quiet: float = 0.05) -> CopApp:
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
    journal = Journal(journal_path(settings.database_url, settings.journal, port=settings.port))
    deliverer = make_deliverer(db, slack, journal)
    work = BackgroundWork(workers=workers, quiet=work_quiet)  # quiet: the pause work waits for (bot/work.py)
    runtime = Runtime(settings=settings, db=db, notifier=notifier, deliverer=deliverer, work=work,
                      due=make_due_runner(db, deliverer), journal=journal,
                      workspaces=installations, installations=installations)
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
        **(oauth or {}),
    )
    return CopApp(bolt=bolt, runtime=runtime, wiring=register_all(bolt, runtime), executor=executor)
