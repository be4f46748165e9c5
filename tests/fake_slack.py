"""A local fake of Slack's Web API that is as strict as Slack.

An HTTP server on port 0, reached by the bot's real slack_sdk WebClient (``base_url``) and by
Bolt's ``respond`` (response URLs). It answers like Slack — ``ok: false`` with Slack's error names
— and it records every call that broke Slack's contract in ``violations``; the ``fake_slack``
fixture fails the test at teardown if any is left, even when the bot coped with the error.

What it holds against every call (the rules themselves are in tests/slack_rules.py):
- Block Kit on every ``blocks`` and ``view``, and a text fallback whenever blocks are sent;
- each method's arguments (required, known), its content type (read methods take no JSON body),
  and its scopes against those the token was granted (manifest.yml's, unless a test says otherwise);
- who may do what: the token (``invalid_auth``, ``token_revoked``), the bot's membership of the
  channel (``not_in_channel``), the message being the bot's own (``cant_update_message``);
- ``trigger_id``: issued by the fake with the request that carries it, single use, expired after 3 s;
- ``response_url``: issued the same way, at most 5 uses within 30 minutes;
- rate limits by method tier when a test turns them on, with 429 and ``Retry-After``; a call
  made again before the Retry-After it was given is a violation.
- many workspaces: each token belongs to one workspace (or, installed org-wide, to an Enterprise
  Grid organisation); a call about a channel of another workspace is ``channel_not_found`` and a
  violation (``cross_workspace``: one workspace's token used for another's data);
- OAuth (``/oauth/v2/authorize`` and ``oauth.v2.access``): the client id and secret, the scopes asked
  (only manifest.yml's), the redirect URL (registered, and the same at both steps), codes used once
  within 10 minutes; with token rotation, access tokens expire (``token_expired``) — at the end of
  their 12 hours, or earlier when a test says so, as Slack may — and each refresh token works once
  (``invalid_refresh_token``).

Tests script trouble with ``fail`` (an error or a 429 for the next calls), ``slow_next`` and
``delays``; scripted answers are Slack behaving, not the bot breaking a rule.
"""

import itertools
import json
import math
import threading
import time
import uuid
from collections import defaultdict, deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit

from tests import slack_rules as rules
from tests.slack_rules import Violation

BOT_USER_ID = "UCOPBOT"
BOT_ID = "BCOPBOT"
TEAM_ID = "T0001"
TOKEN = "xoxb-test-token"
APP_TOKEN = "xapp-1-test-token"
CLIENT_ID = "1111111111.2222222222"
CLIENT_SECRET = "0123456789abcdef0123456789abcdef"
APP_ID = "A0COPBOT"
CODE_LIFETIME = 600.0  # seconds an OAuth code may be exchanged (Slack: 10 minutes)
ROOT = Path(__file__).resolve().parent.parent
# Rules whose breach Slack accepts (it posts the message anyway), though a person would notice.
ACCEPTED_BY_SLACK = {"missing_text_fallback", "broken_entity", "broken_sequence", "broadcast"}
BODY_MAX = 1_000_000


def _now() -> float:
    """Real time, whatever a test's freezegun does: triggers and response URLs expire in Slack's time."""
    return time.clock_gettime(time.CLOCK_MONOTONIC)


_SCOPES_READ: dict[tuple[int, int], frozenset[str]] = {}  # (mtime, size) of manifest.yml → its bot scopes


def manifest_scopes() -> set[str]:
    """The bot scopes manifest.yml asks for; read again only when the file changed (parsing it costs
    more than starting the fake, which every Slack-level test does)."""
    import yaml

    path = ROOT / "manifest.yml"
    stat = path.stat()
    key = (stat.st_mtime_ns, stat.st_size)
    if key not in _SCOPES_READ:
        manifest = yaml.safe_load(path.read_text())
        _SCOPES_READ.clear()
        _SCOPES_READ[key] = frozenset(manifest["oauth_config"]["scopes"]["bot"])
    return set(_SCOPES_READ[key])


@dataclass
class Call:
    method: str  # Web API method, "response_url", or "file_upload" (the bytes of files upload v2)
    args: dict
    path: str
    answer: dict  # what the fake answered
    token: str | None = None
    status: int = 200


@dataclass
class Message:
    channel: str
    ts: str
    user: str
    text: str
    blocks: list = field(default_factory=list)
    metadata: dict | None = None
    thread_ts: str | None = None


class FakeSlack:
    def __init__(self, *, tokens: dict[str, str] | None = None, scopes: set[str] | None = None):
        self.calls: list[Call] = []
        self.violations: list[tuple[str, Violation]] = []  # (method, what it broke)
        self.tokens: dict[str, str] = dict(tokens or {TOKEN: TEAM_ID})  # token → its workspace
        self.revoked: set[str] = set()
        self.app_tokens: set[str] = {APP_TOKEN}  # app-level tokens (Socket Mode)
        self.scopes: set[str] = set(manifest_scopes() if scopes is None else scopes)  # granted to the bot
        self.locales: dict[str, str] = {}
        self.timezones: dict[str, str] = {}
        self.bots: set[str] = set()  # user ids users.info describes as bots
        # What people are called (users.info: profile.display_name, else profile.real_name, as Slack shows a
        # mention) and what channels are named (conversations.info).
        self.display_names: dict[str, str] = {}
        self.real_names: dict[str, str] = {}
        self.channel_names: dict[str, str] = {}
        self.unknown_users: set[str] = set()  # ids Slack knows nobody by (users.info: user_not_found)
        self.threads: dict[str, list[dict]] = {}  # thread ts → its messages, parent first (conversations.replies)
        self.members: dict[str, list[str]] = {}  # channel → its members (conversations.members)
        self.private: set[str] = set()  # private channels (the bot cannot join them by itself)
        self.bot_channels: set[str] = set()  # where the bot is a member
        self.mpims: dict[str, list[str]] = {}  # group DM (conversations.open with several users) → its people
        self.messages: dict[tuple[str, str], Message] = {}  # (channel, ts) → what the bot posted
        self.written: dict[tuple[str, str], Message] = {}  # (channel, ts) → what people wrote (person_wrote)
        self.homes: dict[str, dict] = {}  # user → the Home tab published for them
        self.views: dict[str, dict] = {}  # view id → the modal opened
        self.uploads: dict[str, str | bytes] = {}  # file id → content uploaded (bytes when not text)
        self.uploaded_bytes: dict[str, bytes] = {}  # file id → the bytes as uploaded (a BOM, an encoding)
        self._file_names: dict[str, str] = {}  # file id → the name given to files.getUploadURLExternal
        self.delays: dict[str, float] = {}  # seconds to wait before answering a method
        self.during: dict[str, object] = {}  # method → a test's function, run while Slack handles each call
        self.rate_limits = False  # a test turns Slack's per-tier limits on
        self._expected_lengths: dict[str, int] = {}
        self._triggers: dict[str, list] = {}  # trigger id → [issued at, used]
        self._response_urls: dict[str, list] = {}  # path → [issued at, uses]
        self._scripted: dict[str, deque] = defaultdict(deque)
        self._slow_next: dict[str, deque] = defaultdict(deque)  # one-off delays, next call first
        self._lost: dict[str, int] = defaultdict(int)  # method → answers lost after Slack applied the call
        self._windows: dict[tuple, deque] = defaultdict(deque)  # rate-limit bucket → times of its calls
        self._retry_not_before: dict[tuple, float] = {}
        # Workspaces: the bot user of each, the organisation each belongs to, each channel's workspace.
        self.bot_users: dict[str, str] = {TEAM_ID: BOT_USER_ID}
        self.enterprise_of: dict[str, str] = {}  # team → its Enterprise Grid organisation
        self.channel_teams: dict[str, str] = {}  # channel → its workspace (unlisted: TEAM_ID's)
        # Members of other organisations met in Slack Connect channels: user → their own workspace. The
        # bot can read their profile but cannot open a DM with them unless their workspace installed it.
        self.external_users: dict[str, str] = {}
        self.deleted_users: set[str] = set()  # accounts deactivated (users.info says "deleted")
        # OAuth: who installs next, codes given out, and (with rotation) token lifetimes.
        self.redirect_urls: list[str] = []  # registered redirect URLs (a test adds the bot's)
        self.token_rotation = False
        self.token_lifetime = 43200.0  # seconds an access token lives with rotation (Slack: 12 hours)
        self.installs: deque[dict] = deque()  # who approves the next installs (install_as)
        self.installed: dict[str, dict] = {}  # team or enterprise → its installation as oauth.v2.access said
        self._codes: dict[str, tuple[float, dict, str | None]] = {}  # code → (issued, who, redirect_uri)
        self._refresh_tokens: dict[str, str] = {}  # refresh token → the team or enterprise it renews
        self._expires: dict[str, float] = {}  # access token → when it expires
        self._expire_at: dict[str, str] = {}  # access token → the method whose next call finds it expired
        self._lock = threading.RLock()
        self._ts = itertools.count(1)
        self._ids = itertools.count(1)
        self._files = itertools.count(1)
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_GET(self):
                if self.path.startswith("/oauth/v2/authorize"):
                    status, headers = fake._authorize_page(self.path)
                    self.send_response(status)
                    for key, value in headers.items():
                        self.send_header(key, value)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                self._handle()

            def do_POST(self):
                self._handle()

            def _handle(self):
                length = int(self.headers.get("Content-Length") or 0)
                data = self.rfile.read(length) if length else b""
                if len(data) < length:  # the sender died mid-request: Slack never sees such a call
                    self.close_connection = True
                    return
                status, body, headers = fake._route(self.path, dict(self.headers), data)
                payload = body if isinstance(body, bytes) else json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=utf-8" if not isinstance(body, bytes)
                                 else "text/plain")
                self.send_header("Content-Length", str(len(payload)))
                for key, value in headers.items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(payload)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_port}/"
        self.api_url = self.url + "api/"
        self._thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.01},
                                        daemon=True)
        self._thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()

    # -- what Slack hands the bot with a request ------------------------------------------------
    def issue_trigger(self, *, age: float = 0.0) -> str:
        """A trigger_id, as Slack puts in a slash command or interaction: valid 3 s, once.
        ``age``: as if the request carrying it had come that many seconds ago."""
        trigger = f"{next(self._ids)}.{int(time.time())}.{uuid.uuid4().hex[:24]}"
        with self._lock:
            self._triggers[trigger] = [_now() - age, False]
        return trigger

    def issue_response_url(self, *, age: float = 0.0) -> str:
        """A response_url: five uses within 30 minutes of the request that carried it."""
        path = f"/response/{uuid.uuid4().hex}"
        with self._lock:
            self._response_urls[path] = [_now() - age, 0]
        return self.url.rstrip("/") + path

    def bot_joins(self, *channels: str, team: str | None = None) -> None:
        """The bot is (already) a member of these channels, as after an /invite; ``team``: the
        workspace the channels belong to (default: the first workspace)."""
        with self._lock:
            self.bot_channels.update(channels)
            if team is not None:
                self.channel_teams.update(dict.fromkeys(channels, team))

    def person_wrote(self, channel: str, message: dict) -> None:
        """A message someone wrote (in a thread when it has a ``thread_ts``): Slack knows it, and links to it."""
        with self._lock:
            self.written[(channel, str(message["ts"]))] = Message(
                channel, str(message["ts"]), str(message.get("user") or ""), str(message.get("text") or ""),
                thread_ts=message.get("thread_ts"))

    def shared_file(self, name: str, *, user: str, title: str | None = None, mimetype: str = "application/pdf") -> dict:
        """A file someone shared, as a message's ``files`` carries it (Slack's file object): its
        ``permalink`` opens it in Slack for those who may see it; ``url_private`` is its content, which
        only a bot with files:read may download — this bot never does (it links, never copies)."""
        file_id = f"F{next(self._files)}"
        return {"id": file_id, "created": 1_800_000_000, "name": name, "title": title or name, "mimetype": mimetype,
                "filetype": name.rsplit(".", 1)[-1], "user": user, "size": 1024, "is_external": False,
                "permalink": f"https://example.slack.com/files/{user}/{file_id}/{name}",
                "url_private": self.url.rstrip("/") + f"/files-pri/{TEAM_ID}-{file_id}/{name}",
                "url_private_download": self.url.rstrip("/") + f"/files-pri/{TEAM_ID}-{file_id}/download/{name}"}

    def permalink(self, channel: str, ts: str, *, thread_ts: str | None = None, team: str = TEAM_ID) -> str:
        """chat.getPermalink's link: the workspace's own address; a reply's opens it in its thread."""
        link = f"https://{'example' if team == TEAM_ID else team.lower()}.slack.com/archives/{channel}/" \
               f"p{ts.replace('.', '')}"
        return link + (f"?thread_ts={thread_ts}&cid={channel}" if thread_ts and thread_ts != ts else "")

    def add_channels(self, team: str, *channels: str) -> None:
        """Channels of another workspace (the bot not yet in them)."""
        with self._lock:
            self.channel_teams.update(dict.fromkeys(channels, team))

    # -- installing ------------------------------------------------------------------------------
    def install_as(self, team_id: str | None, *, team_name: str = "", installer: str = "UADMIN",
                   enterprise_id: str | None = None, enterprise_name: str = "", org: bool = False,
                   deny: bool = False) -> None:
        """Who approves the next install on Slack's consent page: a workspace (of an organisation, if
        ``enterprise_id``), a whole organisation (``org``), or someone who cancels (``deny``)."""
        with self._lock:
            self.installs.append({"team_id": team_id, "team_name": team_name or team_id, "installer": installer,
                                  "enterprise_id": enterprise_id, "enterprise_name": enterprise_name or enterprise_id,
                                  "org": org, "deny": deny})
            if enterprise_id and team_id:
                self.enterprise_of[team_id] = enterprise_id

    def expire_token(self, token: str, *, at: str | None = None) -> None:
        """The access token's 12 hours are over (token rotation) — or Slack ended it early, before the
        ``expires_in`` it announced, which Slack may do: the app learns it only from ``token_expired``.
        ``at``: the token works until its next call to this method, which is the first refused."""
        with self._lock:
            if at is None:
                self._expires[token] = _now() - 1
            else:
                self._expire_at[token] = at

    def token_of(self, team_or_enterprise: str) -> str:
        with self._lock:
            return self.installed[team_or_enterprise]["access_token"]

    def _authorize_page(self, raw_path: str) -> tuple[int, dict]:
        """Slack's consent page, approved at once by whoever ``install_as`` named: a redirect back
        to the app with a code (or ``error=access_denied``), as Slack does."""
        query = dict(parse_qsl(urlsplit(raw_path).query, keep_blank_values=True))
        found = []
        if query.get("client_id") != CLIENT_ID:
            found.append(Violation("invalid_client_id", "/client_id", "the install link's client_id is not the app's"))
        asked = {s for s in (query.get("scope") or "").split(",") if s}
        if not asked:
            found.append(Violation("missing_scope", "/scope", "the install link asks for no bot scope"))
        if asked - manifest_scopes():
            found.append(Violation("invalid_scope", "/scope", f"scopes manifest.yml does not grant: "
                                                              f"{sorted(asked - manifest_scopes())}"))
        redirect = query.get("redirect_uri") or (self.redirect_urls[0] if self.redirect_urls else "")
        if not any(redirect.startswith(url) for url in self.redirect_urls):
            found.append(Violation("bad_redirect_uri", "/redirect_uri", f"{redirect!r} is not a registered "
                                                                        "redirect URL"))
        if not query.get("state"):
            found.append(Violation("missing_state", "/state", "an install link without a state can be forged"))
        if found:
            self._record("oauth/v2/authorize", found)
            return 400, {}
        with self._lock:
            who = self.installs.popleft() if self.installs else None
        if who is None:
            self._record("oauth/v2/authorize", [Violation("unexpected_install", "", "nobody was to install")])
            return 400, {}
        if who["deny"]:
            target = {"error": "access_denied", "state": query["state"]}
        else:
            code = f"{int(time.time())}.{uuid.uuid4().hex}"
            with self._lock:
                self._codes[code] = (_now(), who, query.get("redirect_uri"))
            target = {"code": code, "state": query["state"]}
        return 302, {"Location": f"{redirect}?{urlencode(target)}"}

    def _oauth_access(self, args: dict, headers: dict) -> dict:
        """oauth.v2.access: a code for tokens, or (grant_type=refresh_token) a new pair of tokens."""
        import base64

        basic = (headers.get("Authorization") or headers.get("authorization") or "").removeprefix("Basic ").strip()
        client_id, client_secret = args.get("client_id"), args.get("client_secret")
        if basic:
            client_id, _, client_secret = base64.b64decode(basic).decode().partition(":")
        if client_id != CLIENT_ID:
            return {"ok": False, "error": "invalid_client_id"}
        if client_secret != CLIENT_SECRET:
            return {"ok": False, "error": "bad_client_secret"}
        if args.get("grant_type") == "refresh_token":
            with self._lock:
                owner = self._refresh_tokens.pop(args.get("refresh_token") or "", None)
            if owner is None:
                return {"ok": False, "error": "invalid_refresh_token"}
            with self._lock:
                who = self.installed[owner]["_who"]
            return self._grant(who, renewing=True)  # the old access token lives on until it expires
        if args.get("grant_type") not in (None, "authorization_code"):
            return {"ok": False, "error": "invalid_grant_type"}
        with self._lock:
            issued = self._codes.pop(args.get("code") or "", None)
        if issued is None or _now() - issued[0] > CODE_LIFETIME:
            return {"ok": False, "error": "invalid_code"}
        if issued[2] is not None and args.get("redirect_uri") != issued[2]:
            return {"ok": False, "error": "bad_redirect_uri"}
        return self._grant(issued[1])

    def _grant(self, who: dict, *, renewing: bool = False) -> dict:
        owner = who["enterprise_id"] if who["org"] else who["team_id"]
        token = f"xoxb-{owner}-{uuid.uuid4().hex[:12]}"
        if self.token_rotation:
            token = "xoxe.xoxb-1-" + token[5:]
        with self._lock:
            if not renewing and owner in self.installed:  # installed again: the earlier token is replaced
                self.revoked.add(self.installed[owner]["access_token"])
            self.tokens[token] = owner
            bot_user = self.bot_users.setdefault(owner, f"UB{owner}")
        answer = {"ok": True, "app_id": APP_ID, "authed_user": {"id": who["installer"]},
                  "scope": ",".join(sorted(manifest_scopes())), "token_type": "bot", "access_token": token,
                  "bot_user_id": bot_user,
                  "team": None if who["org"] else {"id": who["team_id"], "name": who["team_name"]},
                  "enterprise": {"id": who["enterprise_id"], "name": who["enterprise_name"]}
                  if who["enterprise_id"] else None,
                  "is_enterprise_install": who["org"]}
        if self.token_rotation:
            refresh = f"xoxe-1-{uuid.uuid4().hex}"
            answer.update(refresh_token=refresh, expires_in=int(self.token_lifetime))
            with self._lock:
                self._refresh_tokens[refresh] = owner
                self._expires[token] = _now() + self.token_lifetime
        with self._lock:
            self.installed[owner] = {**answer, "_who": who}
        return answer

    def _reaches_person(self, token: str, user: str) -> bool:
        home = self.external_users.get(user)
        owner = self.tokens.get(token)
        return home is None or home == owner or (owner is not None and self.enterprise_of.get(home) == owner)

    def _reaches(self, token: str, channel: str) -> bool:
        """The token's workspace (or organisation) is the channel's."""
        owner = self.tokens.get(token)
        team = self.channel_teams.get(channel, TEAM_ID)
        return owner == team or (owner is not None and self.enterprise_of.get(team) == owner)

    def bot_removed(self, channel: str) -> None:
        with self._lock:
            self.bot_channels.discard(channel)

    # -- scripting ------------------------------------------------------------------------------
    def fail(self, method: str, error: str = "internal_error", *, times: int = 1, status: int = 200,
             retry_after: int | None = None):
        """The next ``times`` calls of ``method`` fail with ``error`` (429 + Retry-After if asked)."""
        headers = {"Retry-After": str(retry_after)} if retry_after is not None else {}
        with self._lock:
            for _ in range(times):
                self._scripted[method].append((status, {"ok": False, "error": error}, headers))

    def slow_next(self, method: str, seconds: float, *, times: int = 1):
        """The next ``times`` calls of ``method`` take ``seconds`` before Slack applies them (the
        call is recorded then); calls after them are not delayed."""
        with self._lock:
            self._slow_next[method].extend([seconds] * times)

    def lose_answer(self, method: str, *, times: int = 1):
        """The next ``times`` calls of ``method`` are applied by Slack, but the bot never hears so:
        a proxy between them answers 502 (as when a connection drops after the request went out)."""
        with self._lock:
            self._lost[method] += times

    def rate_limit(self, method: str, *, retry_after: int = 1, times: int = 1):
        self.fail(method, "ratelimited", times=times, status=429, retry_after=retry_after)

    def take_violations(self) -> list[tuple[str, Violation]]:
        """For a test that breaks the contract on purpose: the violations so far, now cleared."""
        with self._lock:
            found, self.violations = self.violations, []
        return found

    def report(self) -> str:
        return "\n".join(f"  {method}: {v}" for method, v in self.violations)

    # -- the acks the bot gives Slack (the test harness hands them over) ---------------------------
    def check_ack(self, kind: str, status: int, body: str, elapsed: float, *, view: dict | None = None) -> None:
        """What Slack requires of the HTTP answer to a request it sent the bot."""
        found: list[Violation] = []
        if status != 200:
            found.append(Violation("ack_status", "", f"Slack got HTTP {status} for a {kind}; it shows the person "
                                                     "an error and retries events"))
        if elapsed > rules.ACK_DEADLINE:
            found.append(Violation("ack_too_late", "", f"the {kind} was answered after {elapsed:.1f} s; Slack gives "
                                                       f"up after {rules.ACK_DEADLINE:.0f} s"))
        text = body.strip()
        if status == 200 and text and kind in ("command", "view_submission"):
            try:
                answer = json.loads(text)
            except ValueError:
                answer = None if kind == "view_submission" else {"text": text}
            if not isinstance(answer, dict):
                found.append(Violation("invalid_ack", "", f"the {kind} ack is not a JSON object: {text[:80]!r}"))
            elif kind == "command":
                found += rules.check_message(answer)
            else:
                found += self._check_response_action(answer, view)
        self._record("ack:" + kind, found)

    def _check_response_action(self, answer: dict, view: dict | None) -> list[Violation]:
        action = answer.get("response_action")
        if action == "errors":
            errors = answer.get("errors")
            if not isinstance(errors, dict) or not errors:
                return [Violation("invalid_ack", "/errors", "response_action errors needs a non-empty errors object")]
            inputs = {b.get("block_id") for b in (view or {}).get("blocks", []) if b.get("type") == "input"}
            found = []
            for block_id, message in errors.items():
                if view is not None and block_id not in inputs:
                    found.append(Violation("unknown_block_id", f"/errors/{block_id}",
                                           f"no input block '{block_id}' in the submitted view"))
                if not isinstance(message, str) or not message.strip():
                    found.append(Violation("invalid_ack", f"/errors/{block_id}", "an error must be a text"))
            return found
        if action in ("update", "push"):
            return rules.check_view(answer.get("view"))
        if action == "clear":
            return []
        return [Violation("invalid_ack", "/response_action", f"unknown response_action {action!r}")]

    # -- serving -------------------------------------------------------------------------------
    def _route(self, raw_path: str, headers: dict, data: bytes):
        parts = urlsplit(raw_path)
        path = parts.path
        if len(data) > BODY_MAX:
            return 413, {"ok": False, "error": "request_too_large"}, {}
        if path.startswith("/upload/"):  # files upload v2: the file's bytes (text kept as text)
            return self._upload(path.rsplit("/", 1)[1], data)
        if path.startswith("/response/"):
            return self._response_url(path, data)
        if path.startswith("/files-pri/"):  # a file's content: the app has no files:read, and copies none
            self._record("file_download", [Violation("missing_scope", "", "a file's content (url_private) needs "
                                                      "files:read, which manifest.yml does not grant: the bot links "
                                                      "to a file by its permalink, never copies it")])
            with self._lock:
                self.calls.append(Call("file_download", {}, path, {"ok": False}))
            return 403, {"ok": False, "error": "missing_scope"}, {}
        if not path.startswith("/api/"):
            return 404, {"ok": False, "error": "unknown_method"}, {}
        method = path[len("/api/"):]
        content_type = (headers.get("Content-Type") or headers.get("content-type") or "").lower()
        query = dict(parse_qsl(parts.query))
        body: dict = {}
        found: list[Violation] = []
        is_json = "json" in content_type
        if is_json and data:
            try:
                body = json.loads(data)
            except ValueError:
                return self._done(method, query, raw_path, 200, {"ok": False, "error": "invalid_json"})
            if not isinstance(body, dict):
                return self._done(method, query, raw_path, 200, {"ok": False, "error": "json_not_object"})
        elif data:
            body = dict(parse_qsl(data.decode(errors="replace"), keep_blank_values=True))
        spec = rules.METHODS.get(method)
        if is_json and data and spec is not None and not spec.json:
            found.append(Violation("json_not_accepted", "", f"{method} does not read JSON bodies: Slack ignores this "
                                                            f"one (send it as slack_sdk's {method.replace('.', '_')} "
                                                            "does, form-encoded)"))
            body = {}
        args = {**query, **body}
        for key in ("blocks", "attachments", "view", "files"):  # form-encoded JSON arguments
            if isinstance(args.get(key), str) and not is_json:
                try:
                    args[key] = json.loads(args[key])
                except ValueError:
                    pass
        token = (headers.get("Authorization") or headers.get("authorization") or "").removeprefix("Bearer ").strip() \
            or args.pop("token", None)
        args.pop("token", None)

        with self._lock:
            once = self._slow_next[method].popleft() if self._slow_next[method] else 0
        if self.delays.get(method) or once:
            time.sleep(once or self.delays[method])
        if method in self.during:
            self.during[method]()
        with self._lock:
            scripted = self._scripted[method].popleft() if self._scripted[method] else None
        if scripted is not None:
            status, answer, extra = scripted
            return self._done(method, args, raw_path, status, answer, extra, token=token)
        if method == "oauth.v2.access":  # no token: the app's client id and secret
            found = rules.check_arguments(method, args)
            if found:
                return self._answer_violations(method, args, raw_path, found, "invalid_arguments", token)
            return self._done(method, args, raw_path, 200, self._oauth_access(args, headers), token=token)
        if method == "apps.connections.open":  # Socket Mode: an app-level token, not the bot's
            answer = {"ok": True, "url": "ws://127.0.0.1:9/"} if token in self.app_tokens else \
                {"ok": False, "error": "invalid_auth" if token else "not_authed"}
            return self._done(method, args, raw_path, 200, answer, token=token)
        if not token:
            return self._done(method, args, raw_path, 200, {"ok": False, "error": "not_authed"}, token=token)
        if token in self.revoked:
            return self._done(method, args, raw_path, 200, {"ok": False, "error": "token_revoked"}, token=token)
        if token not in self.tokens:
            return self._done(method, args, raw_path, 200, {"ok": False, "error": "invalid_auth"}, token=token)
        with self._lock:
            if self._expire_at.get(token) == method:
                del self._expire_at[token]
                self._expires[token] = _now() - 1
            expires = self._expires.get(token)
        if expires is not None and _now() > expires:
            return self._done(method, args, raw_path, 200, {"ok": False, "error": "token_expired"}, token=token)
        channel_arg = str(args.get("channel") or args.get("channel_id") or "")
        if channel_arg[:1] in ("C", "G") and not self._reaches(token, channel_arg):
            found.append(Violation("cross_workspace", "/channel", f"{self.tokens[token]}'s token used for channel "
                                                                  f"{channel_arg} of another workspace"))
            self._record(method, found)
            return self._done(method, args, raw_path, 200, {"ok": False, "error": "channel_not_found"}, token=token)
        scope_headers = {"x-oauth-scopes": ",".join(sorted(self.scopes))}

        if spec is None:
            found.append(Violation("unknown_method", "", f"Slack has no method {method}"))
            return self._answer_violations(method, args, raw_path, found, "unknown_method", token)
        found += rules.check_arguments(method, args)
        if found:
            return self._answer_violations(method, args, raw_path, found, "invalid_arguments", token)
        needed = rules.scope_needed(method, args, self.private)
        if needed and not set(needed) & self.scopes:
            found.append(Violation("missing_scope", "", f"{method} needs {' or '.join(needed)}, which manifest.yml "
                                                        "does not grant"))
            self._record(method, found)
            return self._done(method, args, raw_path, 200, {"ok": False, "error": "missing_scope",
                                                            "needed": ",".join(needed),
                                                            "provided": ",".join(sorted(self.scopes))},
                              scope_headers, token=token)
        limited = self._rate_limited(method, args, token)
        if limited is not None:
            return self._done(method, args, raw_path, 429, {"ok": False, "error": "ratelimited"},
                              {"Retry-After": str(limited), **scope_headers}, token=token)

        content = self._content_violations(method, args)
        refused = [v for v in content if v.rule not in ACCEPTED_BY_SLACK]
        if refused:
            error = "invalid_arguments" if method.startswith("views.") else "invalid_blocks"
            return self._answer_violations(method, args, raw_path, content, error, token)
        self._record(method, content)
        status, answer = self._apply(method, args, token)
        with self._lock:
            lost = self._lost[method] > 0 and answer.get("ok")
            if lost:
                self._lost[method] -= 1
        if lost:
            return self._done(method, args, raw_path, 502, {"ok": False, "error": "bad_gateway"}, token=token)
        if content and answer.get("ok"):
            answer.setdefault("warning", ",".join(sorted({v.rule for v in content})))
        return self._done(method, args, raw_path, status, answer, scope_headers, token=token)

    def _answer_violations(self, method, args, path, found, error, token):
        self._record(method, found)
        messages = [f"[ERROR] {v}" for v in found]
        return self._done(method, args, path, 200, {"ok": False, "error": error, "errors": [str(v) for v in found],
                                                    "response_metadata": {"messages": messages}}, token=token)

    def _record(self, method: str, found: list[Violation]) -> None:
        if found:
            with self._lock:
                self.violations += [(method, v) for v in found]

    def _done(self, method, args, path, status, answer, headers=None, *, token=None):
        with self._lock:
            self.calls.append(Call(method, args, path, answer, token, status))
        return status, answer, headers or {}

    def _content_violations(self, method: str, args: dict) -> list[Violation]:
        if method in ("chat.postMessage", "chat.postEphemeral", "chat.update"):
            return rules.check_message(args)
        if method.startswith("views."):
            return rules.check_view(args.get("view"))
        if method == "files.completeUploadExternal" and args.get("blocks") is not None:
            return rules.check_message_blocks(args["blocks"])
        return []

    # -- rate limits ---------------------------------------------------------------------------
    def _rate_limited(self, method: str, args: dict, token: str) -> int | None:
        """Seconds to wait when the call goes over its tier's limit; None when it may go."""
        if not self.rate_limits:
            return None
        spec = rules.METHODS[method]
        team = self.tokens.get(token)
        now = _now()
        if spec.tier == "post":
            bucket, per, window, burst = (team, method, args.get("channel")), 1, 1.0, 3
        else:
            bucket, per, window, burst = (team, method), rules.TIER_PER_MINUTE[spec.tier], 60.0, 0
        same_call = (bucket, json.dumps(args, sort_keys=True, default=str))  # a retry sends the same call
        with self._lock:
            not_before = self._retry_not_before.get(same_call)
            if not_before is not None and now < not_before - 0.05:
                self.violations.append((method, Violation("retry_before_retry_after", "",
                                                          f"called again {not_before - now:.2f} s before the "
                                                          "Retry-After it was given")))
            calls = self._windows[bucket]
            while calls and calls[0] <= now - window * (burst or 1):
                calls.popleft()
            allowed = per * (burst or 1)
            if len(calls) >= allowed:
                wait = max(1, math.ceil(calls[0] + window * (burst or 1) - now))
                self._retry_not_before[same_call] = now + wait
                return wait
            calls.append(now)
            self._retry_not_before.pop(same_call, None)
        return None

    # -- what each method does -----------------------------------------------------------------
    def _apply(self, method: str, args: dict, token: str) -> tuple[int, dict]:
        team = self.tokens[token]
        bot_user = self.bot_users.get(team, BOT_USER_ID)
        if method == "auth.test":
            org = team.startswith("E")
            return 200, {"ok": True, "url": "https://example.slack.com/", "team": "Test", "user": "cop-bot",
                         "team_id": "" if org else team, "user_id": bot_user, "bot_id": "B" + bot_user[1:],
                         **({"enterprise_id": team, "is_enterprise_install": True} if org else {})}
        if method == "chat.postMessage":
            channel = str(args["channel"])
            if channel.startswith(("U", "W")):
                if not self._reaches_person(token, channel):  # another organisation's member: no DM
                    return 200, {"ok": False, "error": "channel_not_found"}
                if channel in self.bots:  # no app writes to a bot user directly
                    return 200, {"ok": False, "error": "cannot_dm_bot"}
                channel = "D" + channel  # a user id opens the bot's DM with them
            elif channel not in self.bot_channels:
                return 200, {"ok": False, "error": "not_in_channel"}
            ts = f"1700000000.{next(self._ts):06d}"
            message = Message(channel, ts, bot_user, args.get("text") or "", args.get("blocks") or [],
                              args.get("metadata"), args.get("thread_ts"))
            with self._lock:
                self.messages[(channel, ts)] = message
            return 200, {"ok": True, "channel": channel, "ts": ts,
                         "message": {"type": "message", "user": bot_user, "bot_id": BOT_ID,
                                     "text": message.text, "ts": ts}}
        if method in ("chat.update", "chat.delete"):
            key = (str(args["channel"]), str(args["ts"]))
            with self._lock:
                message = self.messages.get(key)
            if str(args["channel"]).startswith(("U", "W")):
                return 200, {"ok": False, "error": "channel_not_found"}
            if message is None:
                return 200, {"ok": False, "error": "message_not_found"}
            if message.user != bot_user:
                return 200, {"ok": False, "error": "cant_update_message" if method == "chat.update"
                             else "cant_delete_message"}
            with self._lock:
                if method == "chat.delete":
                    del self.messages[key]
                else:
                    message.text, message.blocks = args.get("text") or message.text, args.get("blocks") or []
            return 200, {"ok": True, "channel": key[0], "ts": key[1]}
        if method == "chat.postEphemeral":
            # Only to someone in the channel (chat.postEphemeral: user_not_in_channel), by a bot in it.
            channel, user = str(args["channel"]), str(args["user"])
            if channel[:1] in ("C", "G") and channel not in self.bot_channels:
                return 200, {"ok": False, "error": "not_in_channel"}
            if channel in self.members and user not in self.members[channel]:
                return 200, {"ok": False, "error": "user_not_in_channel"}
            return 200, {"ok": True, "message_ts": f"1700000000.{next(self._ts):06d}"}
        if method == "users.info":
            user = args["user"]
            if user in self.unknown_users or user.startswith("U0FORMER"):  # the bot's pseudonyms name nobody
                return 200, {"ok": False, "error": "user_not_found"}
            real_name = self.real_names.get(user, user)
            profile = {"display_name": self.display_names.get(user, ""), "real_name": real_name,
                       "display_name_normalized": self.display_names.get(user, ""),
                       "real_name_normalized": real_name}
            return 200, {"ok": True, "user": {"id": user, "team_id": self.external_users.get(user, team),
                                              "name": user.lower(), "real_name": real_name, "profile": profile,
                                              "locale": self.locales.get(user, "en-US"),
                                              "deleted": user in self.deleted_users,
                                              "tz": self.timezones.get(user, "America/Toronto"),
                                              "is_bot": user in self.bots}}
        if method == "conversations.members":
            if args["channel"] not in self.bot_channels and args["channel"] in self.private:
                return 200, {"ok": False, "error": "channel_not_found"}
            members = self.members.get(args["channel"], [])
            start, limit = int(args.get("cursor") or 0), int(args.get("limit") or 100)
            following = str(start + limit) if start + limit < len(members) else ""
            return 200, {"ok": True, "members": members[start:start + limit],
                         "response_metadata": {"next_cursor": following}}
        if method == "conversations.replies":
            if args["channel"] not in self.bot_channels:
                return 200, {"ok": False, "error": "not_in_channel"}
            return 200, {"ok": True, "messages": self.threads.get(args["ts"], []), "has_more": False}
        if method == "conversations.history":
            if args["channel"] not in self.bot_channels and not args["channel"].startswith("D"):  # its DMs: always
                return 200, {"ok": False, "error": "not_in_channel"}
            with self._lock:
                found = [m for (c, _), m in self.messages.items() if c == args["channel"]]
            return 200, {"ok": True, "has_more": False, "messages": [
                {"type": "message", "user": m.user, "bot_id": BOT_ID, "text": m.text, "ts": m.ts,
                 **({"metadata": m.metadata} if m.metadata and args.get("include_all_metadata") else {})}
                for m in sorted(found, key=lambda m: m.ts, reverse=True)]}
        if method == "conversations.info":
            channel = args["channel"]
            name = self.channel_names.get(channel, channel.lower())
            return 200, {"ok": True, "channel": {"id": channel, "name": name, "is_private": channel in self.private,
                                                 "is_member": channel in self.bot_channels}}
        if method == "conversations.open":
            return self._open(args, token, bot_user)
        if method == "conversations.join":
            channel = args["channel"]
            if rules.conversation_kind(channel, self.private) != "public":
                return 200, {"ok": False, "error": "method_not_supported_for_channel_type"}
            with self._lock:
                already = channel in self.bot_channels
                self.bot_channels.add(channel)
            answer = {"ok": True, "channel": {"id": channel}}
            if already:
                answer["warning"] = "already_in_channel"
            return 200, answer
        if method in ("views.open", "views.push"):
            problem = self._exchange_trigger(args.get("trigger_id"))
            if problem:
                return 200, {"ok": False, "error": problem}
            view_id = f"V{next(self._ids):08d}"
            view = {**args["view"], "id": view_id}
            with self._lock:
                self.views[view_id] = view
            return 200, {"ok": True, "view": view}
        if method == "views.update":
            with self._lock:
                known = args.get("view_id") in self.views
                if known:
                    self.views[args["view_id"]] = {**args["view"], "id": args["view_id"]}
            return (200, {"ok": True, "view": self.views[args["view_id"]]}) if known else \
                (200, {"ok": False, "error": "not_found"})
        if method == "views.publish":
            if args["view"].get("type") != "home":
                return 200, {"ok": False, "error": "invalid_arguments"}
            with self._lock:
                self.homes[args["user_id"]] = args["view"]
            return 200, {"ok": True, "view": {**args["view"], "id": "VHOME"}}
        if method == "files.getUploadURLExternal":
            file_id = f"F{next(self._files)}"
            length = str(args["length"])
            if not length.isdigit():
                return 200, {"ok": False, "error": "invalid_arguments"}
            with self._lock:
                self._expected_lengths[file_id] = int(length)
                self._file_names[file_id] = str(args["filename"])
            return 200, {"ok": True, "upload_url": f"{self.url}upload/{file_id}", "file_id": file_id}
        if method == "files.completeUploadExternal":
            files = args["files"]
            with self._lock:
                missing = [f.get("id") for f in files if f.get("id") not in self.uploads]
            if missing:
                return 200, {"ok": False, "error": "file_not_found"}
            return 200, {"ok": True, "files": [{"id": f["id"], "title": f.get("title")} for f in files]}
        if method == "chat.getPermalink":
            # Any message of a conversation the token can see (no scope needed); a private channel the bot
            # is not in is channel_not_found, a message Slack does not have message_not_found.
            channel, ts = str(args["channel"]), str(args["message_ts"])
            if channel in self.private and channel not in self.bot_channels:
                return 200, {"ok": False, "error": "channel_not_found"}
            with self._lock:
                known = self.messages.get((channel, ts)) or self.written.get((channel, ts))
                in_thread = next((parent for parent, replies in self.threads.items()
                                  if any(str(m.get("ts")) == ts for m in replies)), None)
            if known is None and in_thread is None:
                return 200, {"ok": False, "error": "message_not_found"}
            thread = known.thread_ts if known is not None else in_thread
            return 200, {"ok": True, "channel": channel, "permalink": self.permalink(channel, ts, thread_ts=thread,
                                                                                     team=team)}
        return 200, {"ok": True}

    def _open(self, args: dict, token: str, bot_user: str) -> tuple[int, dict]:
        """A DM with one person, a group DM (mpim) with several: the same one each time for the same people,
        the bot a member of it (it may post there)."""
        found = rules.check_open(args, bot_user)
        if found:
            self._record("conversations.open", found)
            return 200, {"ok": False, "error": found[0].rule}
        if args.get("channel"):
            channel = str(args["channel"])
            known = channel.startswith("D") or channel in self.mpims
            return 200, ({"ok": True, "channel": {"id": channel}} if known else
                         {"ok": False, "error": "channel_not_found"})
        users = rules.open_users(args)
        if not all(self._reaches_person(token, u) for u in users):
            return 200, {"ok": False, "error": "user_not_found"}
        if any(u in self.deleted_users for u in users):
            return 200, {"ok": False, "error": "user_disabled"}
        if len(users) == 1:
            return 200, {"ok": True, "channel": {"id": "D" + users[0]}}
        with self._lock:
            together = frozenset([*users, bot_user])
            channel = next((c for c, people in self.mpims.items() if frozenset(people) == together), None)
            if channel is None:
                channel = f"{rules.MPIM_PREFIX}{next(self._ids):08d}"
                self.mpims[channel] = [*users, bot_user]
            self.bot_channels.add(channel)
        return 200, {"ok": True, "channel": {"id": channel, "is_mpim": True}}

    def _exchange_trigger(self, trigger: str | None) -> str | None:
        with self._lock:
            known = self._triggers.get(trigger or "")
            if known is None:
                problem = "invalid_trigger_id"
            elif known[1]:
                problem = "exchanged_trigger_id"
            elif _now() - known[0] > rules.TRIGGER_LIFETIME:
                problem = "expired_trigger_id"
            else:
                known[1] = True
                return None
        self._record("views.open", [Violation(problem, "/trigger_id", {
            "invalid_trigger_id": "this trigger_id was never issued by Slack",
            "exchanged_trigger_id": "this trigger_id was already used to open a view",
            "expired_trigger_id": f"the view was opened more than {rules.TRIGGER_LIFETIME:.0f} s after the request "
                                  "that carried the trigger_id"}[problem])])
        return problem

    def _upload(self, file_id: str, data: bytes):
        try:
            content: str | bytes = data.decode()
        except UnicodeDecodeError:
            content = data
        with self._lock:
            self.uploaded_bytes[file_id] = data
            expected = self._expected_lengths.get(file_id)
            name = self._file_names.get(file_id, "")
            self.uploads[file_id] = content
        found = []
        # Slack tells a file's type from its bytes: a ".pdf" that is not one shows as a broken binary.
        kind = rules.file_type_problem(name, data)
        if kind:
            found.append(Violation("file_type", "", kind))
        if expected is None:
            found.append(Violation("unknown_upload", "", f"no upload URL was issued for {file_id}"))
        elif expected != len(data):
            found.append(Violation("upload_length", "", f"{len(data)} bytes uploaded; files.getUploadURLExternal "
                                                        f"was told {expected}"))
        self._record("file_upload", found)
        with self._lock:
            self.calls.append(Call("file_upload", {}, f"/upload/{file_id}", {"ok": True}))
        return 200, b"OK - " + str(len(data)).encode(), {}

    def _response_url(self, path: str, data: bytes):
        try:
            args = json.loads(data or b"{}")
        except ValueError:
            args = {}
        found: list[Violation] = []
        with self._lock:
            issued = self._response_urls.get(path)
            if issued is not None:
                issued[1] += 1
        if issued is None:
            found.append(Violation("unknown_response_url", "", "this response_url was never issued by Slack"))
            status, answer = 404, b"no_such_url"
        elif issued[1] > rules.RESPONSE_URL_USES:
            found.append(Violation("used_url", "", f"response_url used {issued[1]} times; Slack takes "
                                                   f"{rules.RESPONSE_URL_USES}"))
            status, answer = 404, b"used_url"
        elif _now() - issued[0] > rules.RESPONSE_URL_LIFETIME:
            found.append(Violation("expired_url", "", "response_url used after 30 minutes"))
            status, answer = 404, b"expired_url"
        else:
            status, answer = 200, b"ok"
        if not isinstance(args, dict):
            found.append(Violation("invalid_payload", "", "a response_url takes a JSON object"))
            args = {}
        for key in args:
            if key not in rules.RESPONSE_URL_FIELDS:
                found.append(Violation("unknown_field", f"/{key}", f"a response_url message has no field '{key}'"))
        if args.get("response_type") not in (None, "ephemeral", "in_channel"):
            found.append(Violation("bad_value", "/response_type", "response_type is ephemeral or in_channel"))
        if not args.get("delete_original"):
            if not any(args.get(k) for k in ("text", "blocks", "attachments")):
                found.append(Violation("no_text", "", "a response_url message needs text or blocks"))
            found += rules.check_message(args)
        self._record("response_url", found)
        refused = [v for v in found if v.rule not in ACCEPTED_BY_SLACK]
        if refused and status == 200:
            status, answer = 400, b"invalid_blocks"
        with self._lock:
            self.calls.append(Call("response_url", args, path, {"ok": status == 200}, None, status))
        return status, answer, {}

    # -- reading ----------------------------------------------------------------------------------
    def calls_to(self, method: str, **match) -> list[Call]:
        with self._lock:
            calls = list(self.calls)
        return [c for c in calls if c.method == method and all(c.args.get(k) == v for k, v in match.items())]

    def wait_for(self, method: str, count: int = 1, timeout: float = 10.0, **match) -> list[Call]:
        """Poll until ``count`` matching calls were made; fail the test otherwise."""
        deadline = _now() + timeout
        while _now() < deadline:
            found = self.calls_to(method, **match)
            if len(found) >= count:
                return found
            time.sleep(0.01)
        raise AssertionError(f"expected {count} call(s) to {method} {match}, got {self.calls_to(method, **match)}")

    def settle(self, quiet: float = 0.3) -> None:
        """Wait until no call has come for ``quiet`` seconds (to check nothing more happens)."""
        last = -1
        while True:
            with self._lock:
                now = len(self.calls)
            if now == last:
                return
            last = now
            time.sleep(quiet)

    def last_view(self, callback_id: str) -> dict | None:
        """The modal most recently opened with this callback_id (what a person would submit)."""
        with self._lock:
            views = [v for v in self.views.values() if v.get("callback_id") == callback_id]
        return views[-1] if views else None
