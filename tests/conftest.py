import atexit
import json
import os
import shutil
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import urlencode

import pytest
from hypothesis import settings as hypothesis_settings
from slack_sdk.signature import SignatureVerifier
from sqlalchemy import text
from sqlmodel import SQLModel

from bot.app import CopApp, create_app
from bot.server import make_http_server
from bot.settings import Settings
from storage.db import Database, make_engine, migrate
from tests.fake_slack import TEAM_ID, FakeSlack

# CI runs the property tests with a fixed seed (the same examples each run); locally they explore.
hypothesis_settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    hypothesis_settings.load_profile("ci")

SIGNING_SECRET = "test-signing-secret"
POSTGRES_URL = os.environ.get("COP_TEST_POSTGRES_URL")


# -- databases ---------------------------------------------------------------------------

def _engines():
    yield pytest.param("sqlite", id="sqlite")
    yield pytest.param("postgresql", id="postgresql",
                       marks=pytest.mark.skipif(not POSTGRES_URL, reason="COP_TEST_POSTGRES_URL not set"))


@pytest.fixture(scope="session")
def _postgres_schema():
    """A PostgreSQL schema of its own for this test process, built once by the migrations."""
    schema = "t_" + uuid.uuid4().hex[:12]
    admin = make_engine(POSTGRES_URL)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        # pg_trgm once for the database, in public: created by a migration in a throwaway schema, it
        # would go when that schema is dropped (and other processes' indexes with it).
        conn.execute(text("SELECT pg_advisory_xact_lock(15)"))
        conn.execute(text("CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public"))
    engine = make_engine(POSTGRES_URL, connect_args={"options": f"-csearch_path={schema}"})
    migrate(engine)
    with engine.connect() as conn:
        tables = [row[0] for row in conn.execute(text(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = :schema "
            "AND table_type = 'BASE TABLE' AND table_name <> 'alembic_version'"), {"schema": schema})]
    yield engine, ", ".join(f'"{name}"' for name in tables)
    engine.dispose()
    with admin.begin() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


@pytest.fixture(params=list(_engines()))
def db(request, tmp_path):
    """A fresh database per test: a SQLite file, or the process's PostgreSQL schema emptied."""
    if request.param == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path / 'test.db'}")
        SQLModel.metadata.create_all(engine)
        yield Database(engine)
        engine.dispose()
        return
    engine, tables = request.getfixturevalue("_postgres_schema")
    with engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    yield Database(engine)


# Migrating a database through every revision costs about a second; a test's database is copied from
# one migrated once per test process instead (SQLite: the file; PostgreSQL: CREATE DATABASE … TEMPLATE).
_TEMPLATES: dict[str, str] = {}


def _sqlite_template() -> str:
    if "sqlite" not in _TEMPLATES:
        path = os.path.join(tempfile.mkdtemp(prefix="cop-template-"), "template.db")
        engine = make_engine(f"sqlite:///{path}")
        migrate(engine)
        engine.dispose()  # the last connection closed: SQLite folds its WAL into the file
        assert not os.path.exists(path + "-wal"), "the template's WAL was not folded into it"
        _TEMPLATES["sqlite"] = path
    return _TEMPLATES["sqlite"]


def _postgres_template(admin) -> str:
    if "postgresql" not in _TEMPLATES:
        name = "cop_tpl_" + uuid.uuid4().hex[:12]
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        engine = make_engine(POSTGRES_URL.rsplit("/", 1)[0] + "/" + name)
        migrate(engine)
        engine.dispose()  # a template must have no one connected while it is copied
        _TEMPLATES["postgresql"] = name

        def drop():
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        atexit.register(drop)
    return _TEMPLATES["postgresql"]


def _postgres_database(*, migrated: bool) -> Iterator[str]:
    if not POSTGRES_URL:
        pytest.skip("COP_TEST_POSTGRES_URL not set")
    name = "cop_" + uuid.uuid4().hex[:12]
    admin = make_engine(POSTGRES_URL).execution_options(isolation_level="AUTOCOMMIT")
    template = f' TEMPLATE "{_postgres_template(admin)}"' if migrated else ""
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"{template}'))
    yield POSTGRES_URL.rsplit("/", 1)[0] + "/" + name
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def postgres_database_url():
    """A PostgreSQL database of its own with the schema at its latest, for a whole running bot (dropped
    afterwards)."""
    yield from _postgres_database(migrated=True)


@pytest.fixture
def empty_postgres_database_url():
    """A PostgreSQL database of its own, empty (what ``cop-bot migrate`` meets on a first install)."""
    yield from _postgres_database(migrated=False)


@pytest.fixture
def migrated_db(db, tmp_path):
    """``db`` with the schema built by the migrations (full-text indexes included; PostgreSQL's
    schema is always built so): on SQLite, a copy of the migrated template."""
    if db.engine.dialect.name != "sqlite":
        yield db
        return
    path = tmp_path / "migrated.db"
    shutil.copyfile(_sqlite_template(), path)
    engine = make_engine(f"sqlite:///{path}")
    yield Database(engine)
    engine.dispose()


# -- the bot through the real Slack protocol ---------------------------------------------

@pytest.fixture
def fake_slack():
    """The strict fake of Slack's Web API; the test fails if any call broke Slack's contract."""
    fake = FakeSlack()
    yield fake
    fake.close()
    assert not fake.violations, "calls that real Slack would refuse or a person would notice:\n" + fake.report()


@dataclass
class RunningBot:
    url: str
    cop: CopApp
    fake: FakeSlack
    team_id: str = TEAM_ID

    def post(self, body: str, content_type: str, *, headers: dict | None = None,
             signature: str | None = None, timestamp: int | None = None) -> tuple[int, str]:
        timestamp = timestamp or int(time.time())
        signed = SignatureVerifier(SIGNING_SECRET).generate_signature(timestamp=str(timestamp), body=body)
        request = urllib.request.Request(self.url + "slack/events", data=body.encode(), method="POST", headers={
            "Content-Type": content_type, "X-Slack-Request-Timestamp": str(timestamp),
            "X-Slack-Signature": signature or signed, **(headers or {})})
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode()

    def idle(self, timeout: float = 15.0) -> None:
        """Wait until the bot has done all the work its requests left (posts, DMs, updates)."""
        assert self.cop.runtime.work.wait_idle(timeout), "the bot was still busy"

    def _from_slack(self, kind: str, body: str, content_type: str, *, headers: dict | None = None,
                    view: dict | None = None) -> tuple[int, str]:
        """A request as Slack sends it; its answer is held to what Slack requires of an ack."""
        started = time.monotonic()
        status, answer = self.post(body, content_type, headers=headers)
        self.fake.check_ack(kind, status, answer, time.monotonic() - started, view=view)
        return status, answer

    def command(self, text: str, *, user: str = "UASKER", channel: str = "CCOP", channel_name: str = "soins",
                team_id: str | None = None, enterprise_id: str | None = None,
                org_install: bool = False) -> tuple[int, str]:
        form = {"token": "x", "team_id": team_id or self.team_id, "team_domain": "test", "channel_id": channel,
                "channel_name": channel_name, "user_id": user, "user_name": user.lower(), "command": "/cop",
                "text": text, "api_app_id": "A1", "response_url": self.fake.issue_response_url(),
                "trigger_id": self.fake.issue_trigger(), "is_enterprise_install": str(org_install).lower()}
        if enterprise_id:
            form.update(enterprise_id=enterprise_id, enterprise_name=enterprise_id)
        return self._from_slack("command", urlencode(form), "application/x-www-form-urlencoded")

    def event(self, event: dict, *, event_id: str | None = None, retry_num: int | None = None,
              team_id: str | None = None, enterprise_id: str | None = None, org_install: bool = False,
              host_team_id: str | None = None) -> tuple[int, str]:
        """``host_team_id``: the envelope's team when it is not the installation's (a shared channel
        hosted by another organisation)."""
        team = team_id or self.team_id
        body = {"token": "x", "team_id": host_team_id or team, "api_app_id": "A1", "type": "event_callback",
                "event_id": event_id or "Ev" + uuid.uuid4().hex[:10], "event_time": int(time.time()),
                "event": event, "authorizations": [{"enterprise_id": enterprise_id, "team_id": team,
                                                     "user_id": self.fake.bot_users.get(team, "UCOPBOT"),
                                                     "is_bot": True, "is_enterprise_install": org_install}]}
        if enterprise_id:
            body["enterprise_id"] = enterprise_id
        headers = {"X-Slack-Retry-Num": str(retry_num), "X-Slack-Retry-Reason": "http_timeout"} if retry_num else {}
        return self._from_slack("event", json.dumps(body), "application/json", headers=headers)

    def click(self, action_id: str, value: str, *, user: str, channel: str = "CCOP",
              message_ts: str = "1700000000.000001", team_id: str | None = None,
              action: dict | None = None, from_home: bool = False, user_team: str | None = None) -> tuple[int, str]:
        """A block_actions payload: a button by default, ``action`` for any other element;
        ``from_home`` for a click on the App Home tab (no channel, no response_url)."""
        action = action or {"action_id": action_id, "block_id": "b", "value": value, "type": "button"}
        payload = {"type": "block_actions", "team": {"id": team_id or self.team_id, "domain": "test"},
                   "user": {"id": user, "team_id": user_team or team_id or self.team_id}, "api_app_id": "A1",
                   "trigger_id": self.fake.issue_trigger(), "actions": [{**action, "action_ts": str(time.time())}]}
        if from_home:
            payload.update(container={"type": "view", "view_id": "VHOME"},
                           view={"id": "VHOME", "type": "home", "callback_id": "", "private_metadata": ""})
        else:
            payload.update(container={"type": "message", "message_ts": message_ts, "channel_id": channel},
                           channel={"id": channel}, message={"ts": message_ts, "text": "…"},
                           response_url=self.fake.issue_response_url())
        return self._from_slack("block_actions", urlencode({"payload": json.dumps(payload)}),
                                "application/x-www-form-urlencoded")

    def choose_on_home(self, action_id: str, value: str, *, user: str) -> tuple[int, str]:
        """The person picks an option of a select on the Home tab Slack shows them. As Slack does: only
        an option the select offers can be picked, and the block_actions carry the view's whole state
        (every select as it stands: its initial option, or none) with the one just changed."""
        view = self.fake.homes.get(user)
        assert view is not None, "Slack shows no Home tab the bot published for this person"
        state: dict = {}
        action = None
        for block in view["blocks"]:
            for element in block.get("elements", []) if block.get("type") == "actions" else []:
                if element.get("type") != "static_select":
                    continue
                chosen = element.get("initial_option")
                if element["action_id"] == action_id:
                    chosen = next((o for o in element["options"] if o["value"] == value), None)
                    assert chosen is not None, f"the select {action_id} offers no option {value!r}"
                    action = {"type": "static_select", "action_id": action_id, "block_id": block.get("block_id"),
                              "selected_option": chosen}
                state.setdefault(block.get("block_id"), {})[element["action_id"]] = {
                    "type": "static_select", "selected_option": chosen}
        assert action is not None, f"the Home tab has no select {action_id}"
        payload = {"type": "block_actions", "team": {"id": self.team_id, "domain": "test"},
                   "user": {"id": user, "team_id": self.team_id}, "api_app_id": "A1",
                   "trigger_id": self.fake.issue_trigger(), "container": {"type": "view", "view_id": "VHOME"},
                   "view": {**view, "id": "VHOME", "state": {"values": state}},
                   "actions": [{**action, "action_ts": str(time.time())}]}
        return self._from_slack("block_actions", urlencode({"payload": json.dumps(payload)}),
                                "application/x-www-form-urlencoded")

    def shortcut(self, callback_id: str, message: dict, *, user: str, channel: str,
                 team_id: str | None = None) -> tuple[int, str]:
        """A message shortcut on ``message`` (Slack knows the message: it links to it)."""
        self.fake.person_wrote(channel, message)
        payload = {"type": "message_action", "callback_id": callback_id, "trigger_id": self.fake.issue_trigger(),
                   "team": {"id": team_id or self.team_id, "domain": "test"}, "user": {"id": user},
                   "channel": {"id": channel, "name": "x"}, "message": message, "message_ts": message.get("ts"),
                   "response_url": self.fake.issue_response_url(), "action_ts": "1.1"}
        return self._from_slack("message_action", urlencode({"payload": json.dumps(payload)}),
                                "application/x-www-form-urlencoded")

    def submit_view(self, callback_id: str, values: dict[str, str], *, user: str, private_metadata: str,
                    selects: dict[str, str] | None = None, team_id: str | None = None,
                    elements: dict[str, dict] | None = None) -> tuple[int, str]:
        """``values``: text inputs; ``selects``: static selects; ``elements``: any other element's state
        as Slack sends it (``{"date": {"type": "datepicker", "selected_date": "2027-02-04"}}``)."""
        state = {block: {"value": {"type": "plain_text_input", "value": value}} for block, value in values.items()}
        for block, value in (selects or {}).items():
            state[block] = {"value": {"type": "static_select", "selected_option": {"value": value}}}
        for block, element in (elements or {}).items():
            state[block] = {"value": element}
        # The modal the bot opened, as the person saw it (a forged submission of a view never opened has none).
        opened = self.fake.last_view(callback_id)
        view = {"id": "V1", "type": "modal", "callback_id": callback_id, "private_metadata": private_metadata,
                "state": {"values": state}, "blocks": (opened or {}).get("blocks", [])}
        payload = {"type": "view_submission", "team": {"id": team_id or self.team_id, "domain": "test"},
                   "user": {"id": user, "team_id": team_id or self.team_id}, "api_app_id": "A1",
                   "trigger_id": self.fake.issue_trigger(), "view": view}
        return self._from_slack("view_submission", urlencode({"payload": json.dumps(payload)}),
                                "application/x-www-form-urlencoded", view=view if opened else None)


# Work starts after a pause of this many seconds between requests (production: 50 ms). A test's
# requests come one at a time, so a shorter pause changes no order, only the wait; the tests of
# the gate itself (test_work.py, test_robustness.py) use the production pause.
TEST_WORK_QUIET = 0.005


def from_template(database_url: str, cwd=None) -> None:
    """A SQLite file that does not exist yet starts as a copy of the migrated template (migrating a new
    database costs one to two seconds of CPU); ``cwd``: where a relative path is. The bot, or ``cop-bot``,
    still checks that the schema is at its latest, as it does at every start. Tests of what migrating an
    empty database does start from none."""
    if database_url.startswith("sqlite:///") and ":memory:" not in database_url:
        path = os.path.join(cwd or os.getcwd(), database_url.removeprefix("sqlite:///").split("?")[0])
        if not os.path.exists(path) and os.path.isdir(os.path.dirname(path)):
            shutil.copyfile(_sqlite_template(), path)


def start_bot(fake: FakeSlack, database_url: str, *, work_quiet: float = TEST_WORK_QUIET,
              **settings) -> tuple[RunningBot, object, threading.Thread]:
    """The bot on ``database_url``; a SQLite file that does not exist yet starts as a copy of the migrated
    template (the bot still checks the schema is at its latest, as it does at every start)."""
    from_template(database_url)
    if not database_url.startswith("sqlite"):  # SQLite's journal is beside its file; PostgreSQL's: one per database
        settings.setdefault("journal", os.path.join(tempfile.gettempdir(), "cop-test-journals",
                                                    database_url.rsplit("/", 1)[-1] + ".journal"))
    options = {name: settings.pop(name) for name in ("retry_seconds",) if name in settings}
    config = Settings(**{"slack_bot_token": "xoxb-test-token", "slack_signing_secret": SIGNING_SECRET,
                         "slack_api_url": fake.api_url, "database_url": database_url, **settings})
    cop = create_app(config, work_quiet=work_quiet, **options)
    cop.start()
    server = make_http_server(cop, host="127.0.0.1", port=0)

    def serve():
        try:
            server.run()
        except OSError:  # the test closed the socket under waitress's select(): the server is stopping
            pass

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    return RunningBot(url=f"http://127.0.0.1:{server.effective_port}/", cop=cop, fake=fake), server, thread


@contextmanager
def serving(fake: FakeSlack, database_url: str, **settings) -> Iterator[RunningBot]:
    """The bot served over HTTP for the block, then stopped: work in flight finished, connections closed."""
    running, server, _ = start_bot(fake, database_url, **settings)
    try:
        yield running
    finally:
        server.close()
        running.cop.close(wait=True)
        running.cop.runtime.db.engine.dispose()


@pytest.fixture
def database_url(tmp_path):
    return f"sqlite:///{tmp_path / 'bot.db'}"


@pytest.fixture
def bot(request, fake_slack, database_url):
    """The bot, served over HTTP. ``@pytest.mark.production_pause``: work waits for the
    production pause between requests (for tests of the work gate under bursts)."""
    quiet = 0.05 if request.node.get_closest_marker("production_pause") else TEST_WORK_QUIET
    with serving(fake_slack, database_url, work_quiet=quiet) as running:
        yield running


@pytest.fixture(params=["sqlite", "postgresql"])
def bot_on(request, fake_slack, database_url):
    """The bot on SQLite (a file) or PostgreSQL (a database of its own)."""
    url = request.getfixturevalue("postgres_database_url") if request.param == "postgresql" else database_url
    with serving(fake_slack, url) as running:
        yield running


# -- cop-bot's command line, in this process ---------------------------------------------

@dataclass
class CliResult:
    """What ``cop-bot`` printed and its exit status, as ``subprocess.run`` would give them."""
    returncode: int
    stdout: str
    stderr: str


@pytest.fixture
def cop_cli(monkeypatch, capsys):
    """``cop-bot ARGS`` as ``bot.cli.main`` runs it, in this process: the environment (without the
    caller's Slack, database and cop-bot settings) and the working directory (its ``.env``) as a
    process would have them. Starting a Python process costs about a second of CPU; the tests of what
    needs a real process (a signal, the exit status, a server) run ``cop-bot`` in one."""
    import logging

    from bot.cli import main

    def run(args: list[str], env: dict[str, str], cwd) -> CliResult:
        for name in list(os.environ):
            if name.startswith(("SLACK_", "DATABASE_URL", "PORT", "COP_", "PROMETHEUS_MULTIPROC_DIR")):
                monkeypatch.delenv(name)
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        monkeypatch.chdir(cwd)
        # main() sets the root logger up as the process's (its handler, its level): put pytest's back after.
        loggers = [logging.getLogger(name) for name in ("", "alembic", "apscheduler", "waitress.queue")]
        saved = [(logger, logger.level, list(logger.handlers)) for logger in loggers]
        capsys.readouterr()
        try:
            status = main(args)
        except SystemExit as exit_:  # argparse: --help, or arguments it refuses
            status = exit_.code if isinstance(exit_.code, int) else 2
        finally:
            for logger, level, handlers in saved:
                logger.setLevel(level)
                logger.handlers[:] = handlers
        out, err = capsys.readouterr()
        return CliResult(status, out, err)

    return run


# The longest tests start first, so that two workers end together (pytest-xdist hands tests out in
# this order); the order of the others is unchanged.
_LONGEST_FIRST = ("test_crash.py", "test_fuzz.py", "test_a_year_of", "test_outage.py", "test_reads_never_wait.py",
                  "test_robustness.py", "test_the_home_tab_at_its_fullest", "test_cli.py")


# The slow tier (``-m slow``), besides what the tests mark themselves (a process, a browser, a fuzzer, a
# simulated year): the tests that took 0.6 s of CPU or more (measured per test, 2026-12-03: a large
# property test, months of data, many requests through the bot). `pytest -m "not slow"` is the inner loop;
# the README's command and CI run both tiers (docs/benchmarks.md). File → test functions (all parameters).
SLOW = {
    "test_ask_from_message.py": (
        "test_a_member_turns_their_own_message_into_a_call_for_help_linking_back",
    ),
    "test_blocks_valid.py": (
        "test_meetings",
        "test_roles",
        "test_search_results_and_before_asking",
        "test_stats_and_the_monthly_report",
        "test_the_home_tab_at_its_fullest",
        "test_the_monthly_review_request",
        "test_the_weekly_digest",
    ),
    "test_french_typography.py": (
        "test_every_builder_is_rendered_in_french_here",
        "test_every_french_text_built_in_code_follows_the_oqlf",
        "test_every_message_the_code_names_has_french_the_bot_will_use",
        "test_the_english_builders_say_facilitator_and_it_contact",
        "test_what_a_french_community_reads_through_slack_follows_the_oqlf",
    ),
    "test_gaps.py": (
        "test_searches_that_find_nothing_become_gaps_animators_turn_into_calls_and_meetings",
        "test_the_weekly_digest_names_the_weeks_three_most_sought_gaps",
    ),
    "test_glossary.py": (
        "test_an_expert_teaches_an_equivalent_and_members_find_the_lesson_in_the_other_language",
    ),
    "test_installations.py": (
        "test_outbox_retries_use_the_rows_workspace_token",
        "test_three_workspaces_install_and_each_is_served_with_its_own_token",
        "test_whoever_installed_cop_bot_finds_it_in_their_data_and_is_forgotten_there_too",
    ),
    "test_layers.py": (
        "test_every_module_the_bot_imports_is_installed_by_pip_install_dot",
    ),
    "test_lessons.py": (
        "test_the_export_names_someone_forgotten_as_a_former_member_without_asking_slack",
    ),
    "test_manifest_and_i18n.py": (
        "test_every_message_in_the_code_has_a_french_translation_with_the_same_placeholders",
    ),
    "test_meetings.py": (
        "test_a_meeting_has_a_place_a_phone_line_and_guests_from_outside_slack",
        "test_from_the_start_until_hours_after_the_card_says_i_was_there_and_counts_it_once",
        "test_settings_are_for_stewards_and_checked",
        "test_the_minutes_record_attendance_decisions_and_actions_followed_to_done",
    ),
    "test_mission.py": (
        "test_founders_and_sponsors_get_the_quarter_summary_as_a_pdf_by_dm_only_when_there_is_something_to_say",
        "test_founders_set_the_mission_in_a_prefilled_form_and_anyone_in_the_community_reads_it",
        "test_stats_and_the_monthly_report_name_the_objectives_and_show_each_theme_only_when_there_is_a_mission",
    ),
    "test_no_message_without_news.py": (
        "test_a_month_with_nothing_to_report_sends_no_report_and_the_next_report_covers_it",
        "test_once_resolved_a_call_reaches_its_asker_with_two_prompts_at_most_whatever_happens",
        "test_the_weekly_digest_says_everything_first_then_only_what_changed_and_nothing_without_news",
    ),
    "test_participation.py": (
        "test_a_member_gets_their_own_record_of_the_year_in_their_language_and_nobody_elses",
    ),
    "test_people.py": (
        "test_home_shows_animators_their_follow_ups_and_newcomers_within_slack_limits",
        "test_who_ranks_content_experts_then_declared_then_helpers_who_opted_in",
    ),
    "test_practices.py": (
        "test_a_lesson_becomes_a_shared_practice_by_vote_outcome_and_validation",
    ),
    "test_privacy.py": (
        "test_a_person_gets_a_copy_of_everything_held_about_them_and_nothing_of_anyone_else",
        "test_a_person_who_asks_to_be_forgotten_is_gone_from_every_table_and_card",
        "test_when_someone_leaves_the_founders_are_asked_and_one_click_forgets_them",
    ),
    "test_profiles.py": (
        "test_a_profile_is_in_the_persons_export_gone_when_they_are_forgotten_and_purged_when_stale",
    ),
    "test_reflection_agenda.py": (
        "test_every_answer_is_quoted_once_and_what_fits_no_theme_is_quoted_too_in_french",
        "test_facilitators_set_the_questions_and_the_summary_is_grouped_by_them",
        "test_reflections_grouped_by_theme_reach_the_animators_as_a_draft_agenda",
        "test_the_draft_agenda_speaks_french",
    ),
    "test_resources.py": (
        "test_resources_are_reviewed_exported_and_on_the_home_tab_like_lessons",
    ),
    "test_retention.py": (
        "test_the_purge_deletes_what_is_past_the_retention_and_the_reports_still_add_up",
    ),
    "test_rhythm.py": (
        "test_two_workers_on_the_same_database_send_each_due_message_once",
    ),
    "test_robustness.py": (
        "test_a_form_opens_in_time_while_a_burst_keeps_the_bot_busy",
    ),
    "test_search.py": (
        "test_stemming_is_safe_from_many_threads_at_once",
    ),
    "test_stats.py": (
        "test_stats_show_the_period_figures_and_value_and_helper_rankings_only_to_those_who_opted_in",
        "test_the_monthly_report_comes_by_dm_with_real_charts_and_a_csv",
    ),
    "test_stewardship.py": (
        "test_content_experts_keep_the_library_true_month_after_month",
    ),
    "test_text.py": (
        "test_any_form_text_is_posted_as_typed_and_mentions_nobody",
        "test_any_message_prefills_a_form_as_read_and_comes_back_quoting_nobody",
        "test_any_slash_text_is_posted_as_the_member_wrote_it",
    ),
    "test_text_as_typed.py": (
        "test_any_lesson_typed_in_the_form_is_posted_as_typed_and_mentions_nobody",
        "test_any_message_asked_about_from_its_menu_is_asked_as_read_and_quotes_nobody",
        "test_any_question_asked_with_a_slash_command_is_posted_as_the_member_wrote_it",
    ),
    "test_value_followed.py": (
        "test_a_call_resolved_too_soon_is_reopened_counted_once_and_its_asker_not_prompted_twice",
        "test_a_month_on_the_asker_says_the_answer_changed_something_and_sponsors_read_it",
        "test_not_yet_is_never_asked_again_the_buttons_stay_for_later_in_french",
    ),
    "test_watch.py": (
        "test_a_resource_validated_in_the_month_reaches_its_followers",
        "test_watch_items_reach_followers_in_one_monthly_message_only_when_there_is_news",
    ),
}


@pytest.hookimpl(tryfirst=True)  # before -m deselects by marker
def pytest_collection_modifyitems(items):
    for item in items:
        if getattr(item, "originalname", item.name) in SLOW.get(item.path.name, ()):
            item.add_marker(pytest.mark.slow)

    def rank(item) -> int:
        return next((i for i, part in enumerate(_LONGEST_FIRST) if part in item.nodeid), len(_LONGEST_FIRST))
    items.sort(key=rank)
