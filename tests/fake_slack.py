"""A local fake of Slack's Web API: an HTTP server on port 0 that records every
call, answers like Slack, and can be told to answer 429 (with Retry-After) or an
error. It also takes what the bot POSTs to response URLs."""

import itertools
import json
import threading
import time
from collections import defaultdict, deque
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl

BOT_USER_ID = "UCOPBOT"
TEAM_ID = "T0001"


@dataclass
class Call:
    method: str  # Web API method, or "response_url"
    args: dict
    path: str
    answer: dict  # what the fake answered


class FakeSlack:
    def __init__(self):
        self.calls: list[Call] = []
        self.locales: dict[str, str] = {}
        self.timezones: dict[str, str] = {}
        self._scripted: dict[str, deque] = defaultdict(deque)
        self._slow_next: dict[str, deque] = defaultdict(deque)  # one-off delays, next call first
        self.delays: dict[str, float] = {}  # seconds to wait before answering a method
        self.threads: dict[str, list[dict]] = {}
        self.members: dict[str, list[str]] = {}  # channel → its members (conversations.members)
        self.bots: set[str] = set()  # user ids users.info describes as bots
        self.uploads: dict[str, str | bytes] = {}  # file id → content uploaded (bytes when not text)
        self._files = itertools.count(1)  # thread ts → its messages, parent first
        self._lock = threading.Lock()
        self._ts = itertools.count(1)
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                data = self.rfile.read(length)
                raw = data.decode(errors="replace")
                if self.path.startswith("/upload/"):  # files upload v2: the file's bytes (text kept as text)
                    try:
                        content = data.decode()
                    except UnicodeDecodeError:
                        content = data
                    with fake._lock:
                        fake.uploads[self.path.rsplit("/", 1)[1]] = content
                    args = {}
                elif "json" in (self.headers.get("Content-Type") or ""):
                    args = json.loads(raw or "{}")
                else:
                    args = dict(parse_qsl(raw))
                    for key in ("blocks", "attachments"):
                        if isinstance(args.get(key), str):
                            args[key] = json.loads(args[key])
                if self.path.startswith("/api/"):
                    method = self.path[len("/api/"):].split("?")[0]
                elif self.path.startswith("/upload/"):
                    method = "file_upload"  # the bytes of a files upload v2
                else:
                    method = "response_url"
                with fake._lock:
                    once = fake._slow_next[method].popleft() if fake._slow_next[method] else 0
                if fake.delays.get(method) or once:
                    time.sleep(once or fake.delays[method])
                status, body, headers = fake._answer(method, args)
                with fake._lock:
                    fake.calls.append(Call(method, args, self.path, body))
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                for key, value in headers.items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_port}/"
        self.api_url = self.url + "api/"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self._thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()

    # -- scripting ------------------------------------------------------------------
    def fail(self, method: str, error: str = "internal_error", *, times: int = 1, status: int = 200,
             retry_after: int | None = None):
        """The next ``times`` calls of ``method`` fail with ``error`` (429 + Retry-After if asked)."""
        headers = {"Retry-After": str(retry_after)} if retry_after is not None else {}
        for _ in range(times):
            self._scripted[method].append((status, {"ok": False, "error": error}, headers))

    def slow_next(self, method: str, seconds: float, *, times: int = 1):
        """The next ``times`` calls of ``method`` take ``seconds`` before Slack applies them (the
        call is recorded then); calls after them are not delayed."""
        with self._lock:
            self._slow_next[method].extend([seconds] * times)

    def rate_limit(self, method: str, *, retry_after: int = 1, times: int = 1):
        self.fail(method, "ratelimited", times=times, status=429, retry_after=retry_after)

    def _answer(self, method: str, args: dict):
        with self._lock:
            if self._scripted[method]:
                return self._scripted[method].popleft()
        if method == "auth.test":
            return 200, {"ok": True, "url": "https://example.slack.com/", "team": "Test", "user": "cop-bot",
                         "team_id": TEAM_ID, "user_id": BOT_USER_ID, "bot_id": "BCOPBOT"}, {}
        if method == "chat.postMessage":
            ts = f"1700000000.{next(self._ts):06d}"
            return 200, {"ok": True, "channel": args.get("channel"), "ts": ts,
                         "message": {"text": args.get("text"), "ts": ts}}, {}
        if method == "chat.update":
            return 200, {"ok": True, "channel": args.get("channel"), "ts": args.get("ts")}, {}
        if method == "users.info":
            user = args.get("user")
            return 200, {"ok": True, "user": {"id": user, "locale": self.locales.get(user, "en-US"),
                                              "tz": self.timezones.get(user, "America/Toronto"),
                                              "is_bot": user in self.bots}}, {}
        if method == "conversations.members":
            # Pages of ``limit`` members, by cursor, as Slack pages them.
            members = self.members.get(args.get("channel"), [])
            start, limit = int(args.get("cursor") or 0), int(args.get("limit") or 100)
            following = str(start + limit) if start + limit < len(members) else ""
            return 200, {"ok": True, "members": members[start:start + limit],
                         "response_metadata": {"next_cursor": following}}, {}
        if method == "conversations.replies":
            return 200, {"ok": True, "messages": self.threads.get(args.get("ts"), []), "has_more": False}, {}
        if method == "conversations.open":
            return 200, {"ok": True, "channel": {"id": "D" + str(args.get("users"))}}, {}
        if method == "files.getUploadURLExternal":
            file_id = f"F{next(self._files)}"
            return 200, {"ok": True, "upload_url": f"{self.url}upload/{file_id}", "file_id": file_id}, {}
        if method == "files.completeUploadExternal":
            files = args.get("files")
            files = json.loads(files) if isinstance(files, str) else files
            return 200, {"ok": True, "files": [{"id": f["id"], "title": f.get("title")} for f in files]}, {}
        if method == "conversations.join":
            return 200, {"ok": True, "channel": {"id": args.get("channel")}}, {}
        return 200, {"ok": True}, {}

    # -- reading ----------------------------------------------------------------------
    def calls_to(self, method: str, **match) -> list[Call]:
        with self._lock:
            calls = list(self.calls)
        return [c for c in calls if c.method == method and all(c.args.get(k) == v for k, v in match.items())]

    def wait_for(self, method: str, count: int = 1, timeout: float = 10.0, **match) -> list[Call]:
        """Poll until ``count`` matching calls were made; fail the test otherwise."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
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
