"""``cop-bot doctor``: a plain checklist of what is wrong with an installation, and how to fix it.

Run by an admin against the workspace the settings point at. Each check is one line, ✓ or ✗ with
the fix in the admin's words (in French when the admin's system speaks French); a check that needs
an earlier one to pass is shown as skipped (–). The exit status is 0 only when every check passes.
"""

import html
import json
import os
import re
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import yaml
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.web import SlackResponse
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from bot import dead_letters
from bot.i18n import Translator, language_from_locale, translator
from bot.notifier import make_client
from bot.settings import Settings
from storage import communities as community_store
from storage.db import Database, schema_revisions, sqlite_file_problem

EVENTS_PATH = "/slack/events"
INSTALL_PATH = "/slack/install"
REDIRECT_PATH = "/slack/oauth_redirect"


@dataclass(frozen=True)
class Check:
    passed: bool | None  # None: skipped, because an earlier check failed
    line: str
    fix: str = ""


def find_manifest(explicit: str | None = None) -> Path | None:
    """The manifest.yml the app was created from: the one given, else the working directory's,
    else the one beside the code (a clone of the repository)."""
    candidates = [Path(explicit)] if explicit else [Path("manifest.yml"),
                                                   Path(__file__).resolve().parent.parent / "manifest.yml"]
    return next((path for path in candidates if path.is_file()), None)


def admin_language() -> Translator:
    locale = os.environ.get("LC_ALL") or os.environ.get("LC_MESSAGES") or os.environ.get("LANG") or ""
    return translator(language_from_locale(locale.split(".")[0]))


class Doctor:
    def __init__(self, settings: Settings, manifest_path: Path | None, t: Translator,
                 client: WebClient | None = None):
        self.settings = settings
        self.manifest_path = manifest_path
        self.t = t
        self.client = client or make_client(settings.slack_bot_token, settings.slack_api_url, timeout=10)
        self.checks: list[Check] = []

    def ok(self, line: str) -> None:
        self.checks.append(Check(True, line))

    def wrong(self, line: str, fix: str) -> None:
        self.checks.append(Check(False, line, fix))

    def skipped(self, line: str) -> None:
        self.checks.append(Check(None, line))

    def run(self) -> list[Check]:
        manifest = self._manifest()
        if self.settings.distributed:
            return self._run_for_many_workspaces(manifest)
        team_id, scopes = self._token()
        self._scopes(manifest, scopes)
        db = self._database()
        try:
            self._channels(db, team_id)
        finally:
            if db is not None:
                db.engine.dispose()
        self._mode(manifest)
        return self.checks

    # -- many workspaces (SLACK_CLIENT_ID and SLACK_CLIENT_SECRET) -----------------------------------
    def _run_for_many_workspaces(self, manifest: dict | None) -> list[Check]:
        """The app's credentials, each installed workspace (its token, its scopes, the bot in each
        community's channel), then the public address and its install page. SLACK_BOT_TOKEN is
        not used in this mode: nothing is said of it."""
        self._credentials(manifest)
        db = self._database()
        try:
            self._workspaces(db, manifest)
        finally:
            if db is not None:
                db.engine.dispose()
        self._mode(manifest)
        self._install_page()
        return self.checks

    def _install_url(self) -> str:
        return (self.settings.public_url or "https://<" + self.t.gettext("your address") + ">") + INSTALL_PATH

    def _credentials(self, manifest: dict | None) -> None:
        t, settings = self.t, self.settings
        if settings.slack_client_secret == settings.slack_signing_secret:
            self.wrong(t.gettext("SLACK_CLIENT_SECRET is the same as SLACK_SIGNING_SECRET"),
                       t.gettext("Copy the Client Secret (Basic Information → App Credentials) into "
                                 "SLACK_CLIENT_SECRET; the Signing Secret is another value."))
            return
        line = t.gettext("Many workspaces: Client ID {client_id}; Slack checks the Client Secret at each install",
                         client_id=settings.slack_client_id)
        redirect = (settings.public_url + REDIRECT_PATH) if settings.public_url else None
        listed = ((manifest or {}).get("oauth_config") or {}).get("redirect_urls") or []
        if manifest is not None and redirect and not any(redirect.startswith(url) for url in listed):
            self.wrong(t.gettext("manifest.yml does not list {url} among its redirect URLs (it says {found})",
                                 url=redirect, found=", ".join(listed) or "—"),
                       t.gettext("Put {url} under oauth_config → redirect_urls and paste manifest.yml in the app's "
                                 "settings (App Manifest): Slack sends installers back only to a listed URL.",
                                 url=redirect))
            return
        self.ok(line)

    def _workspaces(self, db: Database | None, manifest: dict | None) -> None:
        from bot.installations import Installations

        t = self.t
        if db is None:
            self.skipped(t.gettext("Installed workspaces: not checked (needs the database)"))
            return
        bots = Installations(db, self.settings).installed_bots()
        if not bots:
            self.wrong(t.gettext("No workspace has installed cop-bot yet"),
                       t.gettext("Open {url} in a browser and add cop-bot to a workspace.", url=self._install_url()))
            return
        for bot in bots:
            if self._installed_bot(db, manifest, bot) is False:
                return

    def _token_answer(self, client: WebClient, workspace: str) -> SlackResponse | bool | None:
        """auth.test's answer; None (said) when Slack refuses the token, False when it cannot be reached."""
        t = self.t
        try:
            return client.auth_test()
        except SlackApiError as e:
            error = str(e.response.get("error") or e.response.status_code)
            self.wrong(t.gettext("{workspace}: Slack refuses its token ({error})", workspace=workspace,
                                 error=error),
                       t.gettext("An admin of that workspace adds cop-bot again from {url}.",
                                 url=self._install_url()))
            return None
        except OSError as e:
            self.wrong(t.gettext("Slack cannot be reached at {url} ({error})", url=self.settings.slack_api_url,
                                 error=type(e).__name__),
                       t.gettext("Check this server's network access to slack.com (proxy, firewall) and "
                                 "SLACK_API_URL."))
            return False

    def _installed_bot(self, db: Database, manifest: dict | None, bot) -> bool | None:
        """One installed workspace's token, scopes and channels; False when Slack cannot be reached
        (then no other workspace can be checked either)."""
        from storage import workspaces as workspace_store

        t = self.t
        org = bool(bot.is_enterprise_install)
        workspace = _workspace_label(bot)
        expires = bot.bot_token_expires_at
        if expires and expires < time.time():
            # Refreshing it here would race the running bot for a refresh token that works once.
            self.skipped(t.gettext("{workspace}: its token has expired; cop-bot refreshes it at its next call "
                                   "(not checked here)", workspace=workspace))
            return None
        client = make_client(bot.bot_token, self.settings.slack_api_url, timeout=10)
        answer = self._token_answer(client, workspace)
        if not isinstance(answer, SlackResponse):
            return answer
        self.ok(t.gettext("{workspace}: Slack accepts its token, bot user {user} ({user_id})",
                          workspace=workspace, user=answer.get("user"), user_id=answer.get("user_id")))
        header = {k.lower(): v for k, v in (answer.headers or {}).items()}.get("x-oauth-scopes")
        scopes = {s.strip() for s in header.split(",") if s.strip()} if header is not None else None
        self._scopes(manifest, scopes, workspace=workspace)
        teams = None
        if org:
            with db.reading() as session:
                teams = workspace_store.in_organisation(session=session, enterprise_id=bot.enterprise_id)
        self._channels(db, bot.team_id or bot.enterprise_id, client=client, workspace=workspace,
                       teams=teams or [bot.team_id or ""])
        return True

    def _install_page(self) -> None:
        """The install page answers at COP_PUBLIC_URL, and its link asks Slack for this app's Client ID
        and sends the installer back to this address."""
        t, settings = self.t, self.settings
        if not settings.public_url:
            self.skipped(t.gettext("Install page: set COP_PUBLIC_URL to the address Slack reaches to have {path} "
                                   "checked", path=INSTALL_PATH))
            return
        url = settings.public_url + INSTALL_PATH
        try:
            with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - the admin's own address
                page = response.read().decode("utf-8", "replace")
        except (OSError, ValueError, urllib.error.URLError):
            page = ""
        link = re.search(r'id="add-to-slack" href="([^"]+)"', page)
        if link is None:
            self.wrong(t.gettext("Install page: {url} does not answer from here", url=url),
                       t.gettext("Check that cop-bot run is up and that your HTTPS proxy forwards {url} to port "
                                 "{port}.", url=settings.public_url, port=settings.port))
            return
        query = parse_qs(urlsplit(html.unescape(link.group(1))).query)
        client_id, redirect = (query.get("client_id") or [""])[0], (query.get("redirect_uri") or [None])[0]
        # Without a redirect_uri, Slack sends installers to the manifest's redirect URL (checked above).
        if client_id != settings.slack_client_id or redirect not in (None, settings.public_url + REDIRECT_PATH):
            self.wrong(t.gettext("Install page: {url} answers for another app or address", url=url),
                       t.gettext("The cop-bot answering there does not run with these settings: restart it with "
                                 "this SLACK_CLIENT_ID and COP_PUBLIC_URL."))
            return
        self.ok(t.gettext("Install page: {url} answers, and sends installers to Slack for this app", url=url))

    # -- each check --------------------------------------------------------------------------
    def _manifest(self) -> dict | None:
        t = self.t
        if self.manifest_path is None:
            self.wrong(t.gettext("manifest.yml not found"), t.gettext(
                "Run cop-bot doctor from the folder that holds manifest.yml, or pass --manifest PATH."))
            return None
        try:
            manifest = yaml.safe_load(self.manifest_path.read_text())
            manifest["oauth_config"]["scopes"]["bot"]  # noqa: B018 - the part the checks need
        except (OSError, yaml.YAMLError, KeyError, TypeError):
            self.wrong(t.gettext("{path} cannot be read as a Slack app manifest", path=self.manifest_path),
                       t.gettext("Restore it from the cop-bot repository."))
            return None
        self.ok(t.gettext("Manifest: {path}", path=self.manifest_path))
        return manifest

    def _token(self) -> tuple[str | None, set[str] | None]:
        t = self.t
        try:
            answer = self.client.auth_test()
        except SlackApiError as e:
            error = str(e.response.get("error") or e.response.status_code)
            fixes = {
                "invalid_auth": t.gettext("Copy the Bot User OAuth Token (xoxb-…) again from the app's OAuth & "
                                          "Permissions page into SLACK_BOT_TOKEN."),
                "token_revoked": t.gettext("The token was revoked (the app was uninstalled, or its token reissued): "
                                           "reinstall the app and copy its new Bot User OAuth Token."),
                "account_inactive": t.gettext("The workspace or the bot user was deactivated: reinstall the app."),
            }
            self.wrong(t.gettext("Slack refuses SLACK_BOT_TOKEN ({error})", error=error),
                       fixes.get(error, t.gettext("Reinstall the app and copy its Bot User OAuth Token.")))
            return None, None
        except OSError as e:
            self.wrong(t.gettext("Slack cannot be reached at {url} ({error})", url=self.settings.slack_api_url,
                                 error=type(e).__name__),
                       t.gettext("Check this server's network access to slack.com (proxy, firewall) and "
                                 "SLACK_API_URL."))
            return None, None
        self.ok(t.gettext("Slack accepts the token: workspace {team} ({team_id}), bot user {user} ({user_id})",
                          team=answer.get("team"), team_id=answer.get("team_id"), user=answer.get("user"),
                          user_id=answer.get("user_id")))
        header = {k.lower(): v for k, v in (answer.headers or {}).items()}.get("x-oauth-scopes")
        scopes = {s.strip() for s in header.split(",") if s.strip()} if header is not None else None
        return answer.get("team_id"), scopes

    def _scopes(self, manifest: dict | None, scopes: set[str] | None, *, workspace: str | None = None) -> None:
        t = self.t
        if manifest is None or scopes is None:
            self.skipped(t.gettext("Scopes: not checked (needs the manifest and a working token)"))
            return
        needed = set(manifest["oauth_config"]["scopes"]["bot"])
        missing = sorted(needed - scopes)
        if missing and workspace:
            self.wrong(t.gettext("{workspace}: its token lacks {scopes}", workspace=workspace,
                                 scopes=", ".join(missing)),
                       t.gettext("An admin of that workspace adds cop-bot again from {url} (Slack then asks them "
                                 "to grant what manifest.yml asks for).", url=self._install_url()))
            return
        if missing:
            self.wrong(t.gettext("Scopes: the token lacks {scopes}", scopes=", ".join(missing)),
                       t.gettext("In the app's settings, paste manifest.yml under App Manifest, then reinstall the "
                                 "app so that Slack grants them."))
            return
        if workspace:
            self.ok(t.gettext("{workspace}: all {n} scopes that manifest.yml asks for are granted",
                              workspace=workspace, n=len(needed)))
            return
        extra = sorted(scopes - needed)
        line = t.gettext("Scopes: all {n} that manifest.yml asks for are granted", n=len(needed))
        if extra:
            line += " " + t.gettext("(also granted, unused by cop-bot: {scopes})", scopes=", ".join(extra))
        self.ok(line)

    def _database(self) -> Database | None:
        t = self.t
        url = make_url(self.settings.database_url)
        if url.get_backend_name() == "sqlite" and url.database and not Path(url.database).is_file():
            self.wrong(t.gettext("The database file {path} does not exist yet", path=url.database),
                       t.gettext("Run cop-bot migrate (cop-bot run also does it at start), from the folder where "
                                 "cop-bot runs."))
            return None
        try:
            db = Database.from_url(self.settings.database_url)
            current, head = schema_revisions(db.engine)
        except (SQLAlchemyError, OSError, ValueError) as e:
            # SQLite's own words name neither the file nor the reason: a missing folder, a read-only disk
            problem = sqlite_file_problem(self.settings.database_url)
            self.wrong(t.gettext("The database cannot be opened ({error})", error=problem or type(e).__name__),
                       t.gettext("Check DATABASE_URL, and that the database server is running and reachable."))
            return None
        if current != head:
            self.wrong(t.gettext("The database is reachable but not up to date ({current}, latest {head})",
                                 current=current or t.gettext("empty"), head=head),
                       t.gettext("Run cop-bot migrate (cop-bot run also does it at start)."))
            return None
        self.ok(t.gettext("The database is reachable and up to date ({head})", head=head))
        self._dead_letters(db)
        return db

    def _dead_letters(self, db: Database, team_id: str | None = None) -> None:
        """Requests set aside after their work kept failing: someone should look."""
        t = self.t
        count = dead_letters.count(db, team_id)
        if count:
            self.wrong(t.ngettext("{n} request was set aside after its work kept failing",
                                  "{n} requests were set aside after their work kept failing", count),
                       t.gettext("The log says where each failed. Once the cause is fixed: cop-bot dead-letters lists "
                                 "them, cop-bot dead-letters replay all does them."))
        else:
            self.ok(t.gettext("No request set aside (dead letters)"))

    def _channels(self, db: Database | None, team_id: str | None, *, client: WebClient | None = None,
                  workspace: str | None = None, teams: list[str] | None = None) -> None:
        """Whether the bot is in each community's channel; with ``workspace``, each line names it (and
        ``teams``: the workspaces an organisation-wide installation serves)."""
        t = self.t
        if db is None or team_id is None:
            self.skipped(t.gettext("Communities' channels: not checked (needs the database and a working token)"))
            return
        client = client or self.client
        here = f"{workspace} · " if workspace else ""
        with db.reading() as session:
            places = [(c.name, c.channel_id) for team in teams or [team_id]
                      for c in community_store.communities_of_team(session=session, team_id=team)]
        if not places:
            self.ok(here + t.gettext("No community yet: type /cop setup in the channel your community uses"))
        for name, channel_id in places:
            self._channel(name, channel_id, client, here)

    def _channel(self, name: str, channel_id: str, client: WebClient, here: str = "") -> None:
        """Whether the bot is in one community's channel."""
        t = self.t
        try:
            member = bool((client.conversations_info(channel=channel_id).get("channel") or {}).get("is_member"))
        except SlackApiError as e:
            error = e.response.get("error")
            if error == "channel_not_found":
                self.wrong(here + t.gettext("#{name} ({channel}): Slack does not show this channel to the bot",
                                            name=name, channel=channel_id),
                           t.gettext("If it is private, invite the bot there with /invite @cop-bot; if it was "
                                     "deleted, the community has no home any more."))
            else:
                self.wrong(here + t.gettext("#{name} ({channel}): Slack refused to describe it ({error})",
                                            name=name, channel=channel_id, error=error),
                           t.gettext("See the scopes above."))
            return
        if member:
            self.ok(here + t.gettext("#{name} ({channel}): the bot is a member", name=name, channel=channel_id))
        else:
            self.wrong(here + t.gettext("#{name} ({channel}): the bot is not a member", name=name,
                                        channel=channel_id),
                       t.gettext("In that channel, type /invite @cop-bot, or calls for help cannot be posted."))

    def run_for_community(self, db: Database, *, team_id: str, name: str, channel_id: str) -> list[Check]:
        """What a community's IT contacts and founders can check from Slack (``/cop diagnostic``): the
        workspace's token and scopes, the bot in the community's channel, the workspace's requests set aside."""
        manifest = self._manifest()
        _, scopes = self._token()
        self._scopes(manifest, scopes)
        self._channel(name, channel_id, self.client)
        self._dead_letters(db, team_id)
        return self.checks

    def _mode(self, manifest: dict | None) -> None:
        settings = self.settings
        socket_in_manifest = bool(((manifest or {}).get("settings") or {}).get("socket_mode_enabled"))
        if settings.slack_app_token:  # Socket Mode (Settings.socket_mode)
            self._socket_mode(manifest, socket_in_manifest, settings.slack_app_token)
            return
        self._http_mode(manifest, socket_in_manifest)

    def _socket_mode(self, manifest: dict | None, socket_in_manifest: bool, app_token: str) -> None:
        t, settings = self.t, self.settings
        try:
            WebClient(base_url=settings.slack_api_url).apps_connections_open(app_token=app_token)
        except (SlackApiError, OSError) as e:
            error = e.response.get("error") if isinstance(e, SlackApiError) else type(e).__name__
            self.wrong(t.gettext("Socket Mode: Slack refuses SLACK_APP_TOKEN ({error})", error=error),
                       t.gettext("Create an app-level token with the connections:write scope (Basic Information "
                                 "→ App-Level Tokens) and put it in SLACK_APP_TOKEN."))
            return
        if manifest is not None and not socket_in_manifest:
            self.wrong(t.gettext("Socket Mode: SLACK_APP_TOKEN is set but manifest.yml has socket_mode_enabled: "
                                 "false"),
                       t.gettext("Set socket_mode_enabled: true in manifest.yml and paste it in the app's "
                                 "settings (App Manifest)."))
            return
        self.ok(t.gettext("Socket Mode: Slack accepts SLACK_APP_TOKEN; no public address is needed"))

    def _http_mode(self, manifest: dict | None, socket_in_manifest: bool) -> None:
        t, settings = self.t, self.settings
        if not settings.public_url:
            self.skipped(t.gettext("HTTP mode on port {port}: Slack must reach https://<your address>/slack/events "
                                   "(set COP_PUBLIC_URL to that address to have it checked)", port=settings.port))
            return
        events = settings.public_url + EVENTS_PATH
        if manifest is not None:
            urls = _manifest_urls(manifest)
            wrong = sorted({url for url in urls if url != events})
            if socket_in_manifest or wrong:
                self.wrong(t.gettext("manifest.yml does not send Slack to {url} (it says {found})", url=events,
                                     found=", ".join(wrong) or "socket_mode_enabled: true"),
                           t.gettext("Put {url} in its three URLs (slash command, events, interactivity), set "
                                     "socket_mode_enabled: false, and paste it in the app's settings.", url=events))
                return
        try:
            with urllib.request.urlopen(settings.public_url + "/healthz", timeout=10) as response:  # noqa: S310
                healthy = json.loads(response.read()).get("status") == "ok"
        except (OSError, ValueError, urllib.error.URLError):
            healthy = False
        if not healthy:
            self.wrong(t.gettext("HTTP mode: {url}/healthz does not answer from here", url=settings.public_url),
                       t.gettext("Check that cop-bot run is up and that your HTTPS proxy forwards {url} to port "
                                 "{port}.", url=settings.public_url, port=settings.port))
            return
        self.ok(t.gettext("HTTP mode: Slack is sent to {url}, and cop-bot answers there", url=events))


def _workspace_label(bot) -> str:
    """``Name (T123)``, or the organisation's for an org-wide install."""
    if bot.is_enterprise_install:
        return f"{bot.enterprise_name or bot.enterprise_id} ({bot.enterprise_id})"
    return f"{bot.team_name or bot.team_id} ({bot.team_id})"


def _manifest_urls(manifest: dict) -> list[str]:
    features, app_settings = manifest.get("features") or {}, manifest.get("settings") or {}
    urls = [c.get("url") for c in features.get("slash_commands") or []]
    urls.append((app_settings.get("event_subscriptions") or {}).get("request_url"))
    urls.append((app_settings.get("interactivity") or {}).get("request_url"))
    return [url for url in urls if url]


def render(t: Translator, checks: list[Check]) -> str:
    lines, fix = [], t.gettext("Fix:")
    for check in checks:
        mark = {True: "✓", False: "✗", None: "–"}[check.passed]
        lines.append(f"{mark} {check.line}")
        if check.fix:
            lines.append(f"    {fix} {check.fix}")
    failed = sum(check.passed is False for check in checks)
    lines.append(t.ngettext("{n} problem to fix.", "{n} problems to fix.", failed) if failed
                 else t.gettext("Everything checked is in order."))
    return "\n".join(lines)
