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


def main(argv: list[str] | None = None) -> int:
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
    args = parser.parse_args(argv)

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
        from bot.doctor import Doctor, admin_language, find_manifest, render

        t = admin_language()
        checks = Doctor(settings, find_manifest(args.manifest), t).run()
        print(render(t, checks))
        return 0 if all(check.passed is not False for check in checks) else 1
    configure_logging(settings)
    if settings.metrics_dir:  # before prometheus_client is imported (by bot.app): it reads it then
        Path(settings.metrics_dir).mkdir(parents=True, exist_ok=True)
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = settings.metrics_dir

    from slack_bolt.error import BoltError
    from slack_sdk.errors import SlackApiError
    from sqlalchemy.exc import OperationalError

    from bot.app import create_app
    from bot.journal import JournalInUse
    from bot.scheduler import create_scheduler
    from bot.server import AppTokenRefused, PortInUse, serve
    from storage.db import Database, migrate

    if args.action == "dead-letters":
        from bot.dead_letters import command

        return command(settings, args.what, args.ids)
    if args.action == "backup":
        from bot.backup import BackupError, backup

        try:
            print(f"cop-bot: {backup(settings.database_url, args.file)}")
            return 0
        except (BackupError, OSError) as e:
            print(f"cop-bot: cannot back up the database: {e}", file=sys.stderr)
            return 2
    try:
        if args.action == "migrate":
            migrate(Database.from_url(settings.database_url).engine)
            print("cop-bot: the database schema is up to date.")
            return 0
        cop = create_app(settings, journal=args.action != "worker")  # a worker acks nothing: it keeps no journal
    except JournalInUse as e:
        print(f"cop-bot: the journal {e.path} (COP_JOURNAL) is held by another cop-bot process: each process that "
              "serves Slack needs its own COP_JOURNAL (and PORT).", file=sys.stderr)
        return 2
    except OperationalError as e:
        print(f"cop-bot: cannot open the database at DATABASE_URL: {e.orig}", file=sys.stderr)
        return 2
    except (BoltError, SlackApiError, OSError) as e:  # auth.test failed: a wrong token, or Slack out of reach
        reason = e.response.get("error") if isinstance(e, SlackApiError) else type(e).__name__
        if isinstance(e, BoltError):  # Bolt's auth.test at start: Slack's error code, never the whole message
            found = re.search(r"'error': '([a-z_]+)'", str(e))
            reason = found.group(1) if found else "refused"
        print(f"cop-bot: Slack did not accept SLACK_BOT_TOKEN or could not be reached ({reason}). Check the token "
              "and SLACK_API_URL (and HTTPS_PROXY, if this server reaches the internet through a proxy).",
              file=sys.stderr)
        return 2
    scheduler = create_scheduler(cop.runtime) if args.action in ("run", "worker") else None
    try:
        serve(cop, http=args.action != "worker", scheduler=scheduler)
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


if __name__ == "__main__":
    sys.exit(main())
