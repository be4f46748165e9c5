"""Distribution: any workspace installs cop-bot through Slack's OAuth flow, and every call to Slack
goes out with the token of the workspace it is for.

Bolt runs the flow (``/slack/install``, ``/slack/oauth_redirect``); slack_sdk's SQLAlchemy stores
keep the installations and the OAuth states in cop-bot's own database (tables made by migration
0012). This module adds what a running community needs around them:

- ``Installations.for_team``: the notifier for a workspace, for the outbox and the scheduler,
  which work outside any request from Slack. An org-wide install (Enterprise Grid) serves every
  workspace of the organisation: the ``workspaces`` table says which organisation a workspace
  belongs to, learnt from the requests it sends.
- token rotation before expiry, for requests and background work alike, by one process at a time
  (Slack's refresh tokens are single use: two processes rotating at once would lose the
  installation);
- the install page, its success and failure pages, in French and English.
"""

import html
import logging
import re
import threading
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager

from slack_bolt.authorization import AuthorizeResult
from slack_bolt.authorization.authorize import Authorize
from slack_bolt.oauth import OAuthFlow
from slack_bolt.oauth.callback_options import CallbackOptions, FailureArgs, SuccessArgs
from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_bolt.response import BoltResponse
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackTokenRotationError
from slack_sdk.oauth.installation_store.models.bot import Bot
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from slack_sdk.oauth.token_rotation import TokenRotator
from sqlalchemy import select, text

from bot import metrics
from bot.i18n import N_, translator
from bot.notifier import Notifier, make_client
from bot.settings import Settings
from bot.slack_terms import SlackRefused
from storage import workspaces as store
from storage.db import Database
from storage.types import utcnow

logger = logging.getLogger(__name__)

ROTATE_BEFORE_MINUTES = 120  # rotate a token when it has less than this left (Slack's live 12 hours)
NOW_MINUTES = 60 * 24 * 366 * 100  # "rotate whatever is left": Slack refused the token before its time
CACHE_SECONDS = 30.0  # how long a token found is used before the store is read again
STATE_SECONDS = 600  # an install link works this long (and only in the browser that opened it)
_ROTATING = threading.Lock()  # one rotation at a time in this process, whichever Installations asks


class Installations:
    """The installations in the database: tokens by workspace, rotated before they expire."""

    def __init__(self, db: Database, settings: Settings, *, clock=time.time):
        client_id, client_secret = settings.slack_client_id, settings.slack_client_secret
        if not client_id or not client_secret:  # Settings.from_env checks both come together
            raise ValueError("Installations are those of a distributed cop-bot: SLACK_CLIENT_ID and "
                             "SLACK_CLIENT_SECRET are both needed")
        self.db = db
        self.settings = settings
        self.clock = clock
        self.store = SQLAlchemyInstallationStore(client_id=client_id, engine=db.engine,
                                                 logger=logging.getLogger("slack_sdk.oauth"))
        self.states = SQLAlchemyOAuthStateStore(expiration_seconds=STATE_SECONDS, engine=db.engine,
                                                logger=logging.getLogger("slack_sdk.oauth"))
        oauth_client = WebClient(base_url=settings.slack_api_url, timeout=10)
        self.rotator = TokenRotator(client_id=client_id, client_secret=client_secret, client=oauth_client)
        self._bots: dict[tuple, tuple[float, Bot | None]] = {}  # (enterprise, team, org) → (when read, bot)
        self._organisation: dict[str, tuple[str | None, bool]] = {}  # team → (enterprise, org-wide install)
        # installation (enterprise, team) → its current token's notifier (a rotated token replaces it)
        self._notifiers: dict[tuple[str | None, str | None], Notifier] = {}
        self._lock = threading.Lock()

    # -- tokens ---------------------------------------------------------------------------------
    def bot(self, *, enterprise_id: str | None, team_id: str | None, org_install: bool) -> Bot | None:
        """The installation's bot (token, bot user), rotated first if its token is about to expire."""
        key = (enterprise_id, None if org_install else team_id, org_install)
        now = self.clock()
        with self._lock:
            cached = self._bots.get(key)
        if cached is not None and now - cached[0] < CACHE_SECONDS and not self._expiring(cached[1]):
            return cached[1]
        bot = self.store.find_bot(enterprise_id=enterprise_id, team_id=team_id, is_enterprise_install=org_install)
        if bot is not None and self._expiring(bot):
            bot = self._rotate(bot, enterprise_id=enterprise_id, team_id=team_id, org_install=org_install)
        with self._lock:
            self._bots[key] = (now, bot)
        return bot

    def serving(self, *, enterprise_id: str | None, team_id: str | None, org_install: bool) -> Bot | None:
        """A request came from this workspace: its bot if cop-bot is installed there (the workspace
        is then remembered as served), else None (logged)."""
        try:
            bot = self.bot(enterprise_id=enterprise_id, team_id=team_id, org_install=org_install)
        except SlackRefused:
            return None
        if bot is None or not bot.bot_token:
            logger.warning("A request came from workspace %s, where cop-bot is not installed",
                           team_id or enterprise_id)
            return None
        if team_id:
            self.seen(team_id=team_id, enterprise_id=enterprise_id, org_install=org_install)
        return bot

    def _expiring(self, bot: Bot | None) -> bool:
        expires = bot.bot_token_expires_at if bot is not None else None
        return bool(expires) and expires <= self.clock() + ROTATE_BEFORE_MINUTES * 60

    def _rotate(self, bot: Bot, *, enterprise_id: str | None, team_id: str | None, org_install: bool) -> Bot:
        with self._one_rotation(_installation_key(bot)):
            # Another process (or thread) may have rotated it while this one waited.
            bot = self.store.find_bot(enterprise_id=enterprise_id, team_id=team_id,
                                      is_enterprise_install=org_install) or bot
            if not self._expiring(bot):
                return bot
            try:
                rotated = self.rotator.perform_bot_token_rotation(bot=bot,
                                                                  minutes_before_expiration=ROTATE_BEFORE_MINUTES)
            except SlackTokenRotationError as e:
                metrics.TOKEN_REFRESHES.labels(outcome="failed").inc()
                api_error = e.api_error.response.get("error") if isinstance(e.api_error, SlackApiError) else None
                logger.error("Token rotation failed for workspace %s (%s)", team_id or enterprise_id,
                             api_error or type(e.api_error).__name__)
                raise SlackRefused(api_error or "token_rotation_failed", unreachable=api_error is None) from None
            if rotated is None:
                return bot
            self.store.save_bot(rotated)
            metrics.TOKEN_REFRESHES.labels(outcome="rotated").inc()
            logger.info("Rotated the bot token of workspace %s", team_id or enterprise_id)
            return rotated

    def renew(self, bot: Bot, refused: str) -> str | None:
        """Slack refused ``refused``, the installation's token, before its time (``token_expired``,
        ``invalid_auth``): the token to use now, refreshed once whoever asks at the same time (in this
        process or another), or None when there is none (no refresh token, or Slack refused it too)."""
        where = bot.team_id or bot.enterprise_id
        with self._one_rotation(_installation_key(bot)):
            current = self.store.find_bot(enterprise_id=bot.enterprise_id, team_id=bot.team_id,
                                          is_enterprise_install=bool(bot.is_enterprise_install))
            if current is None or not current.bot_token:
                return None
            if current.bot_token == refused:
                if not current.bot_refresh_token or not current.bot_token_expires_at:
                    return None
                try:
                    rotated = self.rotator.perform_bot_token_rotation(bot=current,
                                                                      minutes_before_expiration=NOW_MINUTES)
                except SlackTokenRotationError as e:
                    metrics.TOKEN_REFRESHES.labels(outcome="failed").inc()
                    api_error = e.api_error.response.get("error") if isinstance(e.api_error, SlackApiError) else None
                    logger.error("Slack refused the token of workspace %s before its time, and refreshing it "
                                 "failed (%s)", where, api_error or type(e.api_error).__name__)
                    return None
                if rotated is None:
                    return None
                self.store.save_bot(rotated)
                metrics.TOKEN_REFRESHES.labels(outcome="refreshed_early").inc()
                logger.info("Refreshed the bot token of workspace %s early: Slack had refused it", where)
                current = rotated
        with self._lock:
            self._bots.clear()  # no request or job picks up the refused token from the cache
        return current.bot_token

    @contextmanager
    def _one_rotation(self, key: str) -> Iterator[None]:
        """One rotation at a time: in this process (a lock), and across processes on PostgreSQL (an
        advisory lock, held on its own connection outside any transaction)."""
        with _ROTATING:
            if self.db.engine.dialect.name != "postgresql":
                yield  # SQLite serves one process
                return
            lock_id = zlib.crc32(f"cop-bot token rotation {key}".encode())
            with self.db.engine.connect() as connection:
                connection.execute(text("SELECT pg_advisory_lock(:id)"), {"id": lock_id})
                connection.commit()
                try:
                    yield
                finally:
                    connection.execute(text("SELECT pg_advisory_unlock(:id)"), {"id": lock_id})
                    connection.commit()

    def notifier(self, bot: Bot) -> Notifier:
        key = (bot.enterprise_id, bot.team_id)
        with self._lock:
            notifier = self._notifiers.get(key)
            if notifier is None or notifier.client.token != bot.bot_token:
                renew = (lambda refused: self.renew(bot, refused)) if bot.bot_refresh_token else None
                notifier = self._notifiers[key] = Notifier(make_client(bot.bot_token, self.settings.slack_api_url),
                                                           renew=renew)
            return notifier

    def for_team(self, team_id: str) -> Notifier:
        """The notifier for a workspace's background work (the outbox, the scheduler)."""
        enterprise_id, org_install = self.organisation(team_id)
        bot = self.bot(enterprise_id=enterprise_id, team_id=team_id, org_install=org_install)
        if bot is None or not bot.bot_token:
            raise SlackRefused("not_installed")  # uninstalled, or never installed: nothing to retry
        return self.notifier(bot)

    # -- which organisation a workspace belongs to ----------------------------------------------
    def organisation(self, team_id: str) -> tuple[str | None, bool]:
        with self._lock:
            known = self._organisation.get(team_id)
        if known is not None:
            return known
        with self.db.reading() as session:
            row = store.find(session=session, team_id=team_id)
        known = (row.enterprise_id, row.org_install) if row is not None else (None, False)
        with self._lock:
            self._organisation[team_id] = known
        return known

    def seen(self, *, team_id: str, enterprise_id: str | None, org_install: bool) -> None:
        """A request came from the workspace: remember its organisation (written once)."""
        with self._lock:
            if self._organisation.get(team_id) == (enterprise_id, org_install):
                return
        with self.db.session() as session:
            store.seen(session=session, team_id=team_id, enterprise_id=enterprise_id, org_install=org_install)
        with self._lock:
            self._organisation[team_id] = (enterprise_id, org_install)

    def installed_bots(self) -> list[Bot]:
        """Every installation's bot as stored (each workspace's, each organisation's), read only:
        nothing is rotated (``cop-bot doctor`` runs beside the bot, and a refresh token works once)."""
        c = self.store.bots.c
        with self.db.engine.connect() as connection:
            found = connection.execute(select(c.enterprise_id, c.team_id, c.is_enterprise_install)
                                       .where(c.client_id == self.settings.slack_client_id).distinct()).all()
        bots = [self.store.find_bot(enterprise_id=enterprise_id, team_id=team_id,
                                    is_enterprise_install=bool(org_install))
                for enterprise_id, team_id, org_install in found]
        return sorted((bot for bot in bots if bot is not None and bot.bot_token),
                      key=lambda bot: (bot.enterprise_id or "", bot.team_id or ""))

    def forget(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        """The workspace (or organisation) left: its tokens are deleted, and no cached one is used."""
        self.store.delete_bot(enterprise_id=enterprise_id, team_id=team_id)
        self.store.delete_installation(enterprise_id=enterprise_id, team_id=team_id)
        self.forget_cache()

    def forget_cache(self) -> None:
        """Read the store again next time (an installation was added or removed)."""
        with self._lock:
            self._bots.clear()
            self._organisation.clear()


def _installation_key(bot: Bot) -> str:
    """One installation, whichever of its workspaces asks (an org-wide one serves them all)."""
    return f"{bot.enterprise_id}:{None if bot.is_enterprise_install else bot.team_id}"


class CopAuthorize(Authorize):
    """Bolt's authorize step, from the same installations (and rotation) as the background work."""

    def __init__(self, installations: Installations):
        super().__init__()
        self.installations = installations

    def __call__(self, *, context, enterprise_id, team_id, user_id, **_actor) -> AuthorizeResult | None:
        bot = self.installations.serving(enterprise_id=enterprise_id, team_id=team_id,
                                         org_install=bool(context.is_enterprise_install))
        if bot is None:
            return None
        return AuthorizeResult(enterprise_id=bot.enterprise_id, team_id=bot.team_id, bot_user_id=bot.bot_user_id,
                               bot_id=bot.bot_id, bot_token=bot.bot_token, bot_scopes=bot.bot_scopes,
                               user_id=user_id)


# -- the pages an admin sees ------------------------------------------------------------------------
_STYLE = """
body{font-family:-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;margin:0;background:#f8f8f8;color:#1d1c1d}
main{max-width:40rem;margin:3rem auto;padding:2rem;background:#fff;border-radius:8px;box-shadow:0 1px 4px #0002}
h1{font-size:1.5rem;margin-top:0} section{margin:1.5rem 0} section+section{border-top:1px solid #ddd;padding-top:1rem}
code{background:#f4f4f4;border:1px solid #ddd;border-radius:3px;padding:0 .3em;font-size:1.05em;white-space:nowrap}
small{display:block;color:#555}
a.add{display:inline-flex;align-items:center;gap:.5rem;padding:.7rem 1.2rem;border-radius:6px;background:#4a154b;
color:#fff;font-weight:600;text-decoration:none} a.add:focus,a.add:hover{background:#611f69}
"""


def _page(title: str, body: str, *, lang: str = "fr") -> str:
    return (f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{html.escape(title)}</title><style>{_STYLE}</style></head>"
            f"<body><main>{body}</main></body></html>")


def _say(language: str, message: str, **values) -> str:
    """A message of the install pages in one language, as HTML: its text escaped, its `code` shown as code
    (each language names its own ``/cop`` words); ``values`` are HTML already."""
    text = html.escape(translator(language).gettext(message), quote=False)
    text = re.sub(r"`([^`]+)`", r"<code>\1</code>", text)
    return text.format(**values) if values else text


def _both(message: str, separator: str = " · ") -> str:
    """French, then English: for what both readers share (a title, a button)."""
    return _say("fr", message) + separator + _say("en", message)


NOT_INSTALLED = N_("cop-bot is not installed in this workspace: a Slack admin can add it from its install page.")


def not_installed() -> str:
    """What Slack shows someone who uses cop-bot in a workspace that has not installed it (plain text)."""
    return translator("fr").gettext(NOT_INSTALLED) + " · " + translator("en").gettext(NOT_INSTALLED)


INSTALL_INTRO = N_("cop-bot runs your community of practice inside Slack: calls for help, lessons learned, meetings, "
                   "newcomers and the value created.")
INSTALL_WHO = N_("A workspace admin (or anyone allowed to install apps) adds it:")
INSTALL_LINK_LIFE = N_("This link works for 10 minutes, in this browser.")


def install_page(url: str) -> str:
    link = html.escape(url, quote=True)
    sections = "".join(f'<section lang="{lang}"><p>{_say(lang, INSTALL_INTRO)}</p>\n<p>{_say(lang, INSTALL_WHO)}</p>'
                       "</section>\n" for lang in ("fr", "en"))
    notes = "\n".join(f'<small lang="{lang}">{_say(lang, INSTALL_LINK_LIFE)}</small>' for lang in ("fr", "en"))
    title, button = _both(N_("cop-bot — Add to Slack"), " / "), _both(N_("Add to Slack"))
    return _page(html.unescape(title), f"""
<h1>cop-bot</h1>
{sections}<p><a class="add" id="add-to-slack" href="{link}">{button}</a></p>
<p>{notes}</p>""")


def success_page(team_name: str | None) -> str:
    name = f"<strong>{html.escape(team_name)}</strong>" if team_name else ""

    def section(lang: str) -> str:
        installed = (_say(lang, N_("cop-bot is installed in {workspace}."), workspace=name) if name
                     else _say(lang, N_("cop-bot is installed.")))
        step = _say(lang, N_("Next step:"))
        where = _say(lang, N_("in your community's channel, type `/cop setup`."))
        then = _say(lang, N_("You become its founder; `/cop help` shows the rest."))
        return f'<section lang="{lang}"><p>{installed}</p>\n<p><strong>{step}</strong> {where}\n{then}</p></section>\n'

    title = _both(N_("cop-bot is installed"))
    return _page(html.unescape(title.replace(" · ", " / ")), f"""
<h1 id="installed">{title}</h1>
{section("fr")}{section("en")}""")


_FAILURES = {
    "access_denied": N_("The installation was cancelled: nothing was installed."),
    "invalid_browser": N_("This link was opened in another browser than the install page. Start again from the "
                          "install page, in the same browser."),
    "invalid_state": N_("This install link has expired or was already used. Start again from the install page."),
}
_FAILURE_DEFAULT = N_("Slack could not complete the installation. Start again from the install page; if it happens "
                      "again, give this code to your IT contact: {reason}.")


def failure_page(reason: str, install_path: str) -> str:
    safe = html.escape(reason[:40])
    message = _FAILURES.get(reason, _FAILURE_DEFAULT)
    link = html.escape(install_path, quote=True)
    sections = "".join(f'<section lang="{lang}"><p>{_say(lang, message, reason=safe)}</p></section>\n'
                       for lang in ("fr", "en"))
    title, heading = _both(N_("cop-bot — installation not completed"), " / "), _both(N_("Installation not completed"))
    back = _both(N_("Install page"))
    return _page(html.unescape(title), f"""
<h1 id="not-installed">{heading}</h1>
{sections}<p><a href="{link}">{back}</a></p>""")


class CopOAuthFlow(OAuthFlow):
    def build_install_page_html(self, url: str, request) -> str:
        return install_page(url)


def oauth_flow(installations: Installations, client: WebClient, scopes: list[str]) -> CopOAuthFlow:
    """Bolt's OAuth flow with cop-bot's stores and pages."""
    settings = installations.settings

    def success(args: SuccessArgs) -> BoltResponse:
        installation = args.installation
        enterprise_id, team_id = installation.enterprise_id, installation.team_id
        org_install = bool(installation.is_enterprise_install)
        with installations.db.session() as session:
            if team_id:
                teams = [team_id]
            else:  # an organisation-wide install: each of its workspaces
                teams = store.in_organisation(session=session, enterprise_id=enterprise_id) if enterprise_id else []
            returned = [t for t in teams
                        if store.installed(session=session, team_id=t, enterprise_id=enterprise_id,
                                           org_install=org_install)]
        installations.forget_cache()
        logger.info("Installed in %s %s%s%s", "organisation" if org_install else "workspace",
                    enterprise_id if org_install else team_id,
                    f" (organisation {enterprise_id})" if enterprise_id and not org_install else "",
                    f"; back after leaving: {', '.join(returned)}" if returned else "")
        name = installation.enterprise_name if org_install else installation.team_name
        return BoltResponse(status=200, body=success_page(name),
                            headers={"Content-Type": "text/html; charset=utf-8",
                                     "Set-Cookie": args.settings.state_utils.build_set_cookie_for_deletion()})

    def failure(args: FailureArgs) -> BoltResponse:
        logger.warning("An installation did not complete: %s", args.reason)
        return BoltResponse(status=args.suggested_status_code, body=failure_page(args.reason, settings_install_path),
                            headers={"Content-Type": "text/html; charset=utf-8",
                                     "Set-Cookie": args.settings.state_utils.build_set_cookie_for_deletion()})

    settings_install_path = "/slack/install"
    redirect_uri = f"{settings.public_url}/slack/oauth_redirect" if settings.public_url else None
    return CopOAuthFlow(client=client, logger=logging.getLogger("slack_bolt.oauth"), settings=OAuthSettings(
        client_id=settings.slack_client_id, client_secret=settings.slack_client_secret,
        scopes=scopes, user_scopes=[], redirect_uri=redirect_uri,
        install_path=settings_install_path, redirect_uri_path="/slack/oauth_redirect",
        authorization_url=settings.authorize_url,
        installation_store=installations.store, installation_store_bot_only=True,
        token_rotation_expiration_minutes=ROTATE_BEFORE_MINUTES,
        state_store=installations.states, state_expiration_seconds=STATE_SECONDS,
        callback_options=CallbackOptions(success=success, failure=failure),
    ))


def departed(db: Database, installations: "Installations | None", *, team_id: str, enterprise_id: str | None,
             org_install: bool = False) -> None:
    """The workspace left (uninstalled, or its bot token revoked; an org-wide installation: every
    workspace of the organisation): its tokens are forgotten, what was owed it is cancelled, and its
    data waits out the retention (then is deleted)."""
    team_ids = [team_id]
    if org_install and enterprise_id:
        with db.reading() as session:
            team_ids = store.in_organisation(session=session, enterprise_id=enterprise_id) or team_ids
    with db.session() as session:
        messages, items = store.departed(session=session, team_ids=team_ids, enterprise_id=enterprise_id,
                                         now=utcnow())
    if installations is not None:
        for team in [None] if org_install else team_ids:
            installations.forget(enterprise_id=enterprise_id, team_id=team)
    logger.info("Workspace %s left: %d message(s) and %d scheduled item(s) cancelled",
                ", ".join(team_ids) or enterprise_id, messages, items)
