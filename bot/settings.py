"""Settings from the environment (a ``.env`` in the working directory is read; the real
environment wins). Every problem is reported as one line naming the variable."""

import logging
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from dotenv import dotenv_values
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

SLACK_API_URL = "https://slack.com/api/"
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")


class SettingsError(Exception):
    """A setting is missing or malformed; ``str()`` is the line to show the admin."""


@dataclass(frozen=True)
class Settings:
    slack_bot_token: str = field(repr=False)  # "" when the bot is distributed (OAuth): each workspace has its own
    slack_signing_secret: str | None = field(default=None, repr=False)
    slack_app_token: str | None = field(default=None, repr=False)
    slack_api_url: str = SLACK_API_URL
    database_url: str = "sqlite:///cop.db"
    port: int = 3000
    log_level: str = "INFO"
    public_url: str | None = None  # where Slack reaches the bot in HTTP mode (cop-bot doctor checks it)
    journal: str | None = None  # where requests acked and not yet done are kept (default: beside the database)
    slack_client_id: str | None = None  # with the secret: any workspace installs cop-bot from /slack/install
    slack_client_secret: str | None = field(default=None, repr=False)
    departed_retention_days: int = 30  # a workspace's data, kept this long after it uninstalls cop-bot
    metrics_dir: str | None = None  # where each process writes its counters for /metrics to add up (web + worker)

    @property
    def socket_mode(self) -> bool:
        return bool(self.slack_app_token)

    @property
    def distributed(self) -> bool:
        """Installed by any workspace through OAuth (rather than one workspace's SLACK_BOT_TOKEN)."""
        return bool(self.slack_client_id)

    @property
    def authorize_url(self) -> str:
        """Slack's OAuth consent page: beside its Web API (https://slack.com/oauth/v2/authorize)."""
        return self.slack_api_url.rstrip("/").removesuffix("/api") + "/oauth/v2/authorize"

    def secrets(self) -> list[str]:
        return [s for s in (self.slack_bot_token, self.slack_signing_secret, self.slack_app_token,
                            self.slack_client_secret) if s]

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, *, dotenv: Path | None = Path(".env"),
                 need_http: bool = True, need_slack: bool = True) -> "Settings":
        """Read and check the settings; ``need_http`` asks for the signing secret unless in Socket Mode;
        without ``need_slack`` (``cop-bot migrate``) no Slack setting is asked for."""
        values: dict[str, str | None] = {}
        if dotenv is not None and dotenv.is_file():
            values.update(dotenv_values(dotenv))
        values.update(os.environ if environ is None else environ)

        def get(name: str) -> str | None:
            value = values.get(name)
            return value.strip() if value and value.strip() else None

        # No error quotes the value it rejects: a URL may carry a password, and a secret pasted into the
        # wrong setting would be printed for anyone reading the terminal or the service's log.
        bot_token, client_id, client_secret = _workspace_credentials(get, need_slack=need_slack)
        app_token = _app_token(get)
        if bot_token == "" and client_id is None:  # cop-bot migrate: nothing of Slack is needed
            need_http = False
        signing_secret = _signing_secret(get, needed=need_http and not app_token)
        return cls(slack_bot_token=bot_token, slack_signing_secret=signing_secret, slack_app_token=app_token,
                   slack_api_url=_api_url(get), database_url=_database_url(get), port=_port(get),
                   log_level=_log_level(get), public_url=_public_url(get), journal=get("COP_JOURNAL"),
                   slack_client_id=client_id, slack_client_secret=client_secret,
                   departed_retention_days=_departed_days(get), metrics_dir=get("COP_METRICS_DIR"))


Getter = Callable[[str], str | None]


def _workspace_credentials(get: Getter, *, need_slack: bool) -> tuple[str, str | None, str | None]:
    """(bot token, client id, client secret): one workspace's token, or the OAuth pair ("" as the token)."""
    bot_token = get("SLACK_BOT_TOKEN")
    client_id, client_secret = get("SLACK_CLIENT_ID"), get("SLACK_CLIENT_SECRET")
    if (client_id or client_secret) and need_slack:
        _check_oauth(client_id, client_secret, bot_token=bot_token, app_token=get("SLACK_APP_TOKEN"))
        return "", client_id, client_secret
    if not bot_token and not need_slack:
        return "", None, None
    if not bot_token:
        raise SettingsError("SLACK_BOT_TOKEN is not set: copy the Bot User OAuth Token (xoxb-…) from your "
                            "Slack app's OAuth & Permissions page into .env or the environment (or set "
                            "SLACK_CLIENT_ID and SLACK_CLIENT_SECRET to let any workspace install cop-bot).")
    if not bot_token.startswith("xoxb-") or not _one_line(bot_token):
        raise SettingsError("SLACK_BOT_TOKEN must be a bot token starting with 'xoxb-', on one line "
                            "(OAuth & Permissions → Bot User OAuth Token).")
    return bot_token, client_id, client_secret


def _check_oauth(client_id: str | None, client_secret: str | None, *, bot_token: str | None,
                 app_token: str | None) -> None:
    if not (client_id and client_secret):
        missing = "SLACK_CLIENT_SECRET" if client_id else "SLACK_CLIENT_ID"
        raise SettingsError(f"{missing} is not set: to let any workspace install cop-bot, copy both the "
                            "Client ID and the Client Secret from your Slack app's Basic Information page.")
    if bot_token:
        raise SettingsError("Set either SLACK_BOT_TOKEN (one workspace) or SLACK_CLIENT_ID and "
                            "SLACK_CLIENT_SECRET (any workspace installs cop-bot from /slack/install), "
                            "not both.")
    if app_token:
        raise SettingsError("Socket Mode (SLACK_APP_TOKEN) serves the one workspace of SLACK_BOT_TOKEN; "
                            "installing into many workspaces needs HTTP mode: unset SLACK_APP_TOKEN.")
    if not _shaped(client_id, ".0123456789"):
        raise SettingsError("SLACK_CLIENT_ID must be the Client ID from Basic Information, digits and a dot "
                            "such as 1234567890.1234567890.")
    if not _one_line(client_secret):
        raise SettingsError("SLACK_CLIENT_SECRET must be the Client Secret from Basic Information, "
                            "on one line.")


def _app_token(get: Getter) -> str | None:
    app_token = get("SLACK_APP_TOKEN")
    if app_token and (not app_token.startswith("xapp-") or not _one_line(app_token)):
        raise SettingsError("SLACK_APP_TOKEN must be an app-level token starting with 'xapp-', on one line "
                            "(Basic Information → App-Level Tokens, scope connections:write), "
                            "or unset for HTTP mode.")
    return app_token


def _signing_secret(get: Getter, *, needed: bool) -> str | None:
    signing_secret = get("SLACK_SIGNING_SECRET")
    if needed and not signing_secret:
        raise SettingsError("SLACK_SIGNING_SECRET is not set: copy the Signing Secret from your Slack app's "
                            "Basic Information page (or set SLACK_APP_TOKEN to run in Socket Mode).")
    if signing_secret and not _one_line(signing_secret):
        raise SettingsError("SLACK_SIGNING_SECRET must be the Signing Secret from Basic Information, "
                            "on one line.")
    return signing_secret


def _api_url(get: Getter) -> str:
    api_url = get("SLACK_API_URL") or SLACK_API_URL
    if not api_url.startswith(("http://", "https://")) or not _one_line(api_url):
        raise SettingsError(f"SLACK_API_URL must be an http(s) URL on one line, such as {SLACK_API_URL} "
                            "(leave it unset to reach Slack).")
    return api_url if api_url.endswith("/") else api_url + "/"


def _database_url(get: Getter) -> str:
    database_url = get("DATABASE_URL") or "sqlite:///cop.db"
    if database_url.startswith(("postgres://", "postgresql://")):
        # What hosting platforms hand out; psycopg 3 is the driver installed (a bare postgresql://
        # would ask SQLAlchemy for psycopg2, and postgres:// for a dialect it no longer knows).
        database_url = "postgresql+psycopg://" + database_url.split("://", 1)[1]
    database_problem = database_url_problem(database_url)
    if database_problem:
        raise SettingsError(f"DATABASE_URL {database_problem}")
    return database_url


def _port(get: Getter) -> int:
    raw_port = get("PORT") or "3000"
    if not (raw_port.isascii() and raw_port.isdigit() and len(raw_port) <= 5) or not 0 < int(raw_port) < 65536:
        raise SettingsError("PORT must be a port number between 1 and 65535 (default 3000).")
    return int(raw_port)


def _log_level(get: Getter) -> str:
    log_level = (get("COP_LOG_LEVEL") or "INFO").upper()
    if log_level not in LOG_LEVELS:
        raise SettingsError(f"COP_LOG_LEVEL must be one of {', '.join(LOG_LEVELS)} (default INFO).")
    return log_level


def _public_url(get: Getter) -> str | None:
    public_url = get("COP_PUBLIC_URL")
    if not public_url:
        return None
    local = public_url.startswith(("http://localhost", "http://127.0.0.1"))
    if not (public_url.startswith("https://") or local) or not _one_line(public_url):
        raise SettingsError("COP_PUBLIC_URL must be the https:// address where Slack reaches cop-bot, on one "
                            "line, such as https://cop.example.org.")
    if "@" in public_url.split("//", 1)[1].split("/", 1)[0]:
        raise SettingsError("COP_PUBLIC_URL must not carry a user name or password: Slack is sent to it, "
                            "and it is shown on the install page. Give the address alone, such as "
                            "https://cop.example.org.")
    return public_url.rstrip("/")


def _departed_days(get: Getter) -> int:
    raw_days = get("COP_DEPARTED_RETENTION_DAYS") or "30"
    if not (raw_days.isascii() and raw_days.isdigit() and len(raw_days) <= 4 and int(raw_days) <= 3650):
        raise SettingsError("COP_DEPARTED_RETENTION_DAYS must be a whole number of days between 0 and 3650 "
                            "(default 30).")
    return int(raw_days)


def database_url_problem(database_url: str) -> str | None:
    """What is wrong with a database URL, in words that never quote it (it may hold a password); None
    when SQLAlchemy can use it for SQLite or PostgreSQL."""
    try:
        url = make_url(database_url)
        backend = url.get_backend_name()
        port = url.port  # parsed only when asked: "postgresql://u@host:abc/db" fails here
    except ArgumentError:
        return ("is not a database URL: use sqlite:///cop.db (a file beside cop-bot) or "
                "postgresql://user:password@host:5432/dbname.")
    except ValueError:
        return ("has a port that is not a number: write it as postgresql://user:password@host:5432/dbname "
                "(a password with : @ / or % in it must be percent-encoded, such as %40 for @).")
    if backend not in ("sqlite", "postgresql"):
        return "must point to SQLite (sqlite:///cop.db) or PostgreSQL (postgresql://user:password@host/dbname)."
    if port is not None and not 0 < port < 65536:
        return "has a port outside 1 to 65535 (PostgreSQL's is usually 5432)."
    if not _one_line(database_url):
        return "must be on one line, without spaces (a space in a password is written %20)."
    return None


def _one_line(value: str) -> bool:
    """Printable, without spaces: what a secret pasted whole looks like (never quoted in an error)."""
    return value.isprintable() and not any(c.isspace() for c in value)


def _shaped(value: str, alphabet: str) -> bool:
    """Only characters of ``alphabet`` (checked without ever quoting the value: it may be a secret)."""
    return bool(value) and all(c in alphabet for c in value.lower())


def _not_bolts_token_notice(record: logging.LogRecord) -> bool:
    # Bolt reads SLACK_BOT_TOKEN from the environment itself, then says it will use the client
    # cop-bot hands it (which carries that same token): true, and of no use to an admin.
    return not str(record.msg).startswith("As you gave `client` as well")


# What Slack's secrets look like, whoever's they are: bot, user and app-level tokens (xoxb-, xoxp-, xapp-…),
# rotating access tokens (xoxe.xoxb-1-…) and refresh tokens (xoxe-1-…), as slack_sdk's DEBUG log of a
# request or an OAuth answer would show them for any installed workspace; and the value of any field
# named like a secret (client_secret=…, "refresh_token": "…") in a logged request or answer.
_TOKEN = re.compile(r"\b(?:xoxe\.)?xox[a-z]-[A-Za-z0-9-]+|\bxapp-[A-Za-z0-9-]+")
_SECRET_FIELD = re.compile(
    r"""(\b(?:client_secret|signing_secret|refresh_token|access_token|bot_token|user_token|app_token|token)"""
    r"""['"]?\s*[:=]\s*['"]?)([^'"\s,&}]+)""", re.IGNORECASE)
REDACTED = "[redacted]"


def redact(text: str, secrets: list[str] | tuple[str, ...] = ()) -> str:
    """``text`` with every token-shaped string, every secret field's value and each of ``secrets`` blanked."""
    for secret in secrets:
        if secret in text:
            text = text.replace(secret, REDACTED)
    text = _TOKEN.sub(REDACTED, text)
    return _SECRET_FIELD.sub(lambda m: m.group(1) + REDACTED if m.group(2) != REDACTED else m.group(0), text)


class _RedactSecrets(logging.Filter):
    """Blanks tokens and secrets out of every log record the handler writes, whoever logged it (a
    handler's filter sees the records of every logger that propagates to it; a logger's filter would
    not), its traceback included."""

    def __init__(self, secrets: list[str]):
        super().__init__()
        # A secret too short to be real would blank out ordinary words; real ones are long.
        self.secrets = tuple(s for s in secrets if s and len(s) >= 8)
        self._tracebacks = logging.Formatter()

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        blanked = redact(message, self.secrets)
        if blanked != message:
            record.msg, record.args = blanked, None
        if record.exc_info and not record.exc_text:
            record.exc_text = self._tracebacks.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text, self.secrets)
        if record.stack_info:
            record.stack_info = redact(record.stack_info, self.secrets)
        return True


def configure_logging(settings: Settings) -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(_RedactSecrets(settings.secrets()))
    handler.addFilter(_not_bolts_token_notice)
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(settings.log_level)
    if settings.log_level != "DEBUG":
        logging.getLogger("alembic").setLevel(logging.WARNING)
        # APScheduler says "Running job … executed successfully" at every tick (17,000 lines a day):
        # at INFO the log is for what the bot did, not for its clock.
        logging.getLogger("apscheduler").setLevel(logging.WARNING)
        # waitress warns "Task queue depth is N" whenever a request waits for one of its few
        # threads; an ack takes a tenth of a millisecond, so a short queue in a burst is normal.
        logging.getLogger("waitress.queue").setLevel(logging.ERROR)
