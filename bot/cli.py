"""``cop-bot``: run the bot (``run``), only its web side (``web``), only its scheduler
(``worker``), only migrate the database (``migrate``), copy it (``backup``), check the
installation (``doctor``), or see to the requests set aside (``dead-letters``)."""

import argparse
import logging
import os
import re
import sys
from pathlib import Path

from bot import __version__
from bot.settings import Settings, SettingsError, configure_logging

logger = logging.getLogger("cop-bot")

SETTINGS_HELP = """settings (environment, or a .env file in the working directory; the environment wins):
  SLACK_BOT_TOKEN         one workspace: its Bot User OAuth Token (xoxb-...)
  SLACK_CLIENT_ID         any workspace installs cop-bot from /slack/install: the app's Client ID...
  SLACK_CLIENT_SECRET     ...and Client Secret (instead of SLACK_BOT_TOKEN)
  SLACK_SIGNING_SECRET    HTTP mode: the app's Signing Secret
  SLACK_APP_TOKEN         Socket Mode instead of HTTP: an app-level token (xapp-..., connections:write)
  DATABASE_URL            sqlite:///cop.db (default) or postgresql://user:password@host/dbname
  PORT                    HTTP port (default 3000)
  COP_PUBLIC_URL          the https:// address where Slack reaches cop-bot (doctor, OAuth redirect)
  COP_JOURNAL             file of requests acked and not yet done (default: beside the database)
  COP_LOG_LEVEL           DEBUG, INFO (default), WARNING or ERROR
  COP_METRICS_DIR         web + worker: a folder where each process counts for /metrics (a tmpfs: /run/cop-bot)
  COP_DEPARTED_RETENTION_DAYS  days a workspace's data is kept after it uninstalls (default 30)
  SLACK_API_URL           Slack's Web API (default https://slack.com/api/; for tests)
see docs/deploy.md"""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="cop-bot", description="A Slack bot for communities of practice.")
    parser.add_argument("--version", action="version", version=f"cop-bot {__version__}")
    sub = parser.add_subparsers(dest="action", required=True)
    described = {"epilog": SETTINGS_HELP, "formatter_class": argparse.RawDescriptionHelpFormatter}
    sub.add_parser("run", help="the bot and its scheduler in one process", **described)
    sub.add_parser("web", help="only the Slack endpoint (HTTP or Socket Mode)", **described)
    sub.add_parser("worker", help="only the scheduler that delivers what is due", **described)
    sub.add_parser("migrate", help="create or upgrade the database schema, then exit (needs only DATABASE_URL)")
    copy = sub.add_parser("backup", help="copy the database while the bot runs (needs only DATABASE_URL)")
    copy.add_argument("file", type=Path, help="where to write the copy (SQLite: a database file; "
                                              "PostgreSQL: a pg_dump custom-format file)")
    doctor = sub.add_parser("doctor", help="check the installation: token, scopes, database, channels, address")
    doctor.add_argument("--manifest", help="the manifest.yml the Slack app was created from")
    letters = sub.add_parser("dead-letters", help="requests set aside after their work kept failing: list them, "
                                                  "replay them (once fixed) or drop them")
    letters.add_argument("what", nargs="?", default="list", choices=("list", "replay", "drop"))
    letters.add_argument("ids", nargs="*", help="the dead letters' numbers (as listed), or 'all'")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    replaying = args.action == "dead-letters" and args.what == "replay"
    try:
        settings = Settings.from_env(need_http=args.action in ("run", "web", "doctor"),
                                     need_slack=args.action not in ("migrate", "backup", "dead-letters") or replaying)
    except SettingsError as e:
        if args.action == "doctor":
            print(f"✗ {e}")
            return 1
        print(f"cop-bot: {e}", file=sys.stderr)
        return 2
    if args.action == "doctor":
        return _doctor(settings, args.manifest)
    configure_logging(settings)
    if settings.metrics_dir:  # before prometheus_client is imported (by bot.app): it reads it then
        Path(settings.metrics_dir).mkdir(parents=True, exist_ok=True)
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = settings.metrics_dir
    if args.action == "backup":
        return _backup(settings, args.file)
    try:
        db, migrated = open_database(settings.database_url)
    except CannotOpen as e:
        print(f"cop-bot: {e}", file=sys.stderr)
        return 2
    if args.action == "migrate":
        db.engine.dispose()
        print(f"cop-bot: {what_migrate_did(migrated)}")
        return 0
    if args.action == "dead-letters":
        from bot.dead_letters import command

        return command(settings, db, args.what, args.ids)
    if migrated.steps:
        logger.info("Database schema: %s", what_migrate_did(migrated))
    return _serve(settings, db, args.action)


def _doctor(settings: Settings, manifest: str | None) -> int:
    from bot.doctor import Doctor, admin_language, find_manifest, render

    t = admin_language()
    checks = Doctor(settings, find_manifest(manifest), t).run()
    print(render(t, checks))
    return 0 if all(check.passed is not False for check in checks) else 1


def _backup(settings: Settings, file: Path) -> int:
    from bot.backup import BackupError, backup

    try:
        print(f"cop-bot: {backup(settings.database_url, file)}")
        return 0
    except (BackupError, OSError) as e:
        print(f"cop-bot: cannot back up the database: {e}", file=sys.stderr)
        return 2


def _serve(settings: Settings, db, action: str) -> int:
    """``run``, ``web`` or ``worker``: build the app on the opened database and serve until stopped."""
    from bot.scheduler import create_scheduler
    from bot.server import AppTokenRefused, PortInUse, serve

    cop = _create_app(settings, db, action)
    if isinstance(cop, int):
        return cop
    scheduler = create_scheduler(cop.runtime) if action in ("run", "worker") else None
    try:
        serve(cop, http=action != "worker", scheduler=scheduler)
    except AppTokenRefused as e:
        print(f"cop-bot: Slack refused SLACK_APP_TOKEN ({e.error}): in the app's settings, Basic Information → "
              "App-Level Tokens, create a token with the connections:write scope and copy it (xapp-…), or unset "
              "SLACK_APP_TOKEN to run in HTTP mode.", file=sys.stderr)
        return 2
    except PortInUse as e:
        print(f"cop-bot: port {e.port} is already in use by another program: stop it, or set PORT to a free "
              "port (and point the Slack app's request URLs there).", file=sys.stderr)
        return 2
    return 0


def _create_app(settings: Settings, db, action: str):
    """The app, or the exit status after saying in one line why it could not start."""
    from slack_bolt.error import BoltError
    from slack_sdk.errors import SlackApiError
    from sqlalchemy.exc import OperationalError

    from bot.app import create_app
    from bot.journal import JournalInUse

    try:
        # A worker acks nothing: it keeps no journal (and so never takes the web process's).
        return create_app(settings, db=db, run_migrations=False, journal=action != "worker")
    except JournalInUse as e:
        print(f"cop-bot: the journal {e.path} (COP_JOURNAL) is held by another cop-bot process: each process that "
              "serves Slack needs its own COP_JOURNAL (and PORT).", file=sys.stderr)
    except OperationalError as e:
        print(f"cop-bot: {CannotOpen.from_error(settings.database_url, e)}", file=sys.stderr)
    except (BoltError, SlackApiError, OSError) as e:  # auth.test failed: a wrong token, or Slack out of reach
        reason = e.response.get("error") if isinstance(e, SlackApiError) else type(e).__name__
        if isinstance(e, BoltError):  # Bolt's auth.test at start: Slack's error code, never the whole message
            found = re.search(r"'error': '([a-z_]+)'", str(e))
            reason = found.group(1) if found else "refused"
        print(f"cop-bot: Slack did not accept SLACK_BOT_TOKEN or could not be reached ({reason}). Check the token "
              "and SLACK_API_URL (and HTTPS_PROXY, if this server reaches the internet through a proxy).",
              file=sys.stderr)
    return 2


class CannotOpen(Exception):
    """The database cannot be opened or migrated: the one line to show the admin (never its password)."""

    @classmethod
    def from_error(cls, database_url: str, error: BaseException, *, migrating: bool = False) -> "CannotOpen":
        from sqlalchemy.engine import make_url

        from storage.db import sqlite_file_problem

        url = make_url(database_url)
        driver_said = " ".join(str(getattr(error, "orig", None) or error).split()) or type(error).__name__
        if url.password:
            driver_said = driver_said.replace(url.password, "[redacted]")
        if url.get_backend_name() == "sqlite":
            reason = sqlite_file_problem(database_url) or f"SQLite says: {driver_said}"
            return cls(f"cannot {'migrate' if migrating else 'open'} the SQLite database "
                       f"{Path(url.database or ':memory:').absolute()} (DATABASE_URL): {reason}")
        where = f"{url.host or 'the local socket'}" + (f":{url.port}" if url.port else "")
        who = f" as {url.username}" if url.username else ""
        return cls(f"cannot {'migrate' if migrating else 'reach'} the PostgreSQL database "
                   f"{url.database or '(default)'} on {where}{who} (DATABASE_URL): {driver_said}")


def open_database(database_url: str):
    """The database, opened and migrated to the latest schema, and what the migration did; or
    ``CannotOpen`` with one line naming the file (SQLite) or the server (PostgreSQL) and why."""
    from sqlalchemy import text
    from sqlalchemy.exc import ArgumentError, SQLAlchemyError

    from storage.db import Database, migrate, sqlite_file_problem

    problem = sqlite_file_problem(database_url)
    if problem:
        raise CannotOpen.from_error(database_url, OSError(problem))
    try:
        db = Database.from_url(database_url)
    except (ArgumentError, ValueError, TypeError) as e:  # a driver option SQLAlchemy cannot use (?timeout=abc)
        raise CannotOpen(f"DATABASE_URL cannot be used ({type(e).__name__}): check the options after its '?', "
                         "or remove them.") from None
    migrating = False
    try:
        with db.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        migrating = True
        return db, migrate(db.engine)
    except (SQLAlchemyError, OSError) as e:
        db.engine.dispose()
        raise CannotOpen.from_error(database_url, e, migrating=migrating) from None


def what_migrate_did(migrated) -> str:
    """What ``cop-bot migrate`` says: the schema created, upgraded (from, to, how many) or already there."""
    if migrated.before is None:
        return f"created the schema at {migrated.after}."
    if migrated.steps:
        return (f"upgraded {migrated.before} → {migrated.after}: {migrated.steps} "
                f"migration{'s' if migrated.steps != 1 else ''}.")
    return f"already at {migrated.after}, the latest schema."


if __name__ == "__main__":
    sys.exit(main())
