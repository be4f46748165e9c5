"""``cop-bot``: run the bot (``run``), only its web side (``web``), only its scheduler
(``worker``), only migrate the database (``migrate``), or check the installation (``doctor``)."""

import argparse
import logging
import sys

from bot import __version__
from bot.settings import Settings, SettingsError, configure_logging

logger = logging.getLogger("cop-bot")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="cop-bot", description="A Slack bot for communities of practice.")
    parser.add_argument("--version", action="version", version=f"cop-bot {__version__}")
    sub = parser.add_subparsers(dest="action", required=True)
    sub.add_parser("run", help="the bot and its scheduler in one process")
    sub.add_parser("web", help="only the Slack endpoint (HTTP or Socket Mode)")
    sub.add_parser("worker", help="only the scheduler that delivers what is due")
    sub.add_parser("migrate", help="create or upgrade the database schema, then exit")
    doctor = sub.add_parser("doctor", help="check the installation: token, scopes, database, channels, address")
    doctor.add_argument("--manifest", help="the manifest.yml the Slack app was created from")
    args = parser.parse_args(argv)

    try:
        settings = Settings.from_env(need_http=args.action in ("run", "web", "doctor"),
                                     need_slack=args.action != "migrate")
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

    from slack_bolt.error import BoltError
    from slack_sdk.errors import SlackApiError
    from sqlalchemy.exc import OperationalError

    from bot.app import create_app
    from bot.scheduler import create_scheduler
    from bot.server import AppTokenRefused, PortInUse, serve
    from storage.db import Database, migrate

    try:
        if args.action == "migrate":
            migrate(Database.from_url(settings.database_url).engine)
            print("cop-bot: the database schema is up to date.")
            return 0
        cop = create_app(settings)
    except OperationalError as e:
        print(f"cop-bot: cannot open the database at DATABASE_URL: {e.orig}", file=sys.stderr)
        return 2
    except (BoltError, SlackApiError, OSError) as e:  # auth.test failed: a wrong token, or Slack out of reach
        print(f"cop-bot: Slack did not accept SLACK_BOT_TOKEN or could not be reached ({e}). Check the token and "
              "SLACK_API_URL.", file=sys.stderr)
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
