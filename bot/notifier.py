"""The one way the bot speaks to Slack: a WebClient that honours 429 Retry-After and retries
connection and server errors, whoever calls it; and Slack's refusals translated once, into
``SlackRefused`` (bot/slack_terms.py), so that nothing else needs to know slack_sdk.

No method here is ever called with a database transaction open: read what Slack knows before
opening one, or owe the call through the outbox (bot/outbox.py).
"""

import base64
import logging
import threading
from collections.abc import Callable
from typing import Protocol
from urllib.parse import urlparse

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)
from slack_sdk.http_retry.handler import RetryHandler
from slack_sdk.webhook import WebhookClient

from bot import metrics
from bot.slack_terms import FILES_TO_PERSON, GET_PERMALINK, RESPONSE_URL, Person, SlackRefused

logger = logging.getLogger(__name__)

# Slack's answers to a token it no longer takes, though the installation may hold a refresh token:
# expired before its announced 12 hours (``token_expired``), or refused outright (``invalid_auth``).
RENEWABLE = {"token_expired", "invalid_auth"}


def _refused(error: SlackApiError) -> SlackRefused:
    response = error.response
    retry_after = response.headers.get("Retry-After") or response.headers.get("retry-after")
    if isinstance(retry_after, list):
        retry_after = retry_after[0]
    return SlackRefused(str(response.get("error") or f"http_{response.status_code}"), status=response.status_code,
                        retry_after=int(retry_after) if retry_after and str(retry_after).isdigit() else None)


def shown_name(user: dict) -> str | None:
    """The name Slack shows for a person: the display name they chose, else their full name (users.info:
    "Data that has not been supplied may not be present at all, may be null or may contain the empty
    string")."""
    profile = user.get("profile") or {}
    for name in (profile.get("display_name"), profile.get("real_name"), user.get("real_name"), user.get("name")):
        if isinstance(name, str) and name.strip():
            return name.strip()[:80]
    return None


def _method(url: str) -> str:
    """The Web API method a request was for (``chat.postMessage``), or ``response_url``."""
    path = urlparse(url).path
    return path.rsplit("/api/", 1)[1] if "/api/" in path else RESPONSE_URL


class _Counted(RetryHandler):
    """A retry handler that counts what it retries (``/metrics``): Slack's refusals that slack_sdk
    retries by itself never reach ``Notifier._do``."""

    def prepare_for_next_attempt(self, *, state, request, response=None, error=None) -> None:
        if response is not None:
            what = "ratelimited" if response.status_code == 429 else f"http_{response.status_code}"
        else:
            what = type(error).__name__ if error is not None else "retried"
        metrics.slack_error(_method(request.url), what)
        super().prepare_for_next_attempt(state=state, request=request, response=response, error=error)


class RateLimited(_Counted, RateLimitErrorRetryHandler):
    """429: waits as long as Retry-After says, then tries again (Slack did nothing)."""


class ServerError(_Counted, ServerErrorRetryHandler):
    pass


class ConnectionTrouble(_Counted, ConnectionErrorRetryHandler):
    pass


_RETRIED = (ConnectionErrorRetryHandler, RateLimitErrorRetryHandler, ServerErrorRetryHandler)


def _retry_handlers() -> list:
    return [ConnectionTrouble(max_retry_count=2), RateLimited(max_retry_count=2), ServerError(max_retry_count=2)]


def make_client(token: str | None, base_url: str, *, timeout: int = 10) -> WebClient:
    """A client that retries as ours do; without a token (distributed), each call brings its workspace's."""
    client = WebClient(token=token, base_url=base_url, timeout=timeout)
    configure_retries(client)
    return client


def configure_retries(client: WebClient) -> WebClient:
    """Ours (counted, two tries each) in place of slack_sdk's defaults of the same kinds."""
    client.retry_handlers[:] = [h for h in client.retry_handlers if not isinstance(h, _RETRIED)] + _retry_handlers()
    return client


class Notifier:
    """Wraps the WebClient for the rest of the bot: plain arguments in, Slack's answer out, Slack's
    refusals as ``SlackRefused``.

    ``renew`` (an installed workspace whose token rotates): given the token Slack refused with
    ``token_expired`` or ``invalid_auth``, it returns a fresh one (refreshed now, or by another thread
    or process meanwhile), or None; the call is then made once more with it. A refused call did
    nothing at Slack, so trying it again never doubles a post."""

    def __init__(self, client: WebClient, *, renew: Callable[[str], str | None] | None = None):
        self.renew = renew
        self._renewing = threading.Lock()
        self._use(client)

    def _use(self, client: WebClient) -> None:
        self.client = client
        # Posts are not idempotent: a 5xx or a dropped connection may come after Slack posted, so
        # they are not retried blindly here; the outbox retries them after looking for them in the
        # channel. A 429 means Slack did nothing: that one is retried.
        self._posting = WebClient(token=client.token, base_url=client.base_url, timeout=client.timeout,
                                  retry_handlers=[RateLimited(max_retry_count=2)])

    def _do(self, call, method: str):
        """``call()``; Slack's refusal (or no answer) as ``SlackRefused``, counted by method and error."""
        try:
            used = self.client.token  # the token this call goes out with (another thread may renew it meanwhile)
            try:
                return call()
            except SlackApiError as e:
                if not self._renewed(e, used):
                    raise
            return call()  # once, with the fresh token
        except SlackApiError as e:
            refused = _refused(e)
            metrics.slack_error(method, refused.error)
            raise refused from None
        except (OSError, TimeoutError) as e:  # network trouble: Slack never saw it, or we never heard back
            metrics.slack_error(method, type(e).__name__)
            raise SlackRefused(type(e).__name__, unreachable=True) from None

    def _renewed(self, error: SlackApiError, refused: str | None) -> bool:
        """Slack refused ``refused``, the token the call went out with: is there a fresh one to try (now
        in use)? Threads refused at once renew once: a thread whose refused token was already replaced
        (by another thread's renewal, while its own call was on its way) only tries again."""
        if self.renew is None or refused is None or error.response.get("error") not in RENEWABLE:
            return False
        with self._renewing:
            if self.client.token != refused:
                return True
            fresh = self.renew(refused)
            if not fresh or fresh == refused:
                return False
            self._use(make_client(fresh, self.client.base_url, timeout=self.client.timeout))
            return True

    def call(self, method: str, payload: dict) -> dict:
        """An owed call: a Web API write method with a JSON body, or one of the pseudo-methods."""
        if method == FILES_TO_PERSON:
            self.send_files(payload["user_id"], [{"filename": f["filename"], "title": f["title"],
                                                  "content": base64.b64decode(f["content_base64"])}
                                                 for f in payload["files"]], payload.get("comment", ""))
            return {"ok": True}
        if method == RESPONSE_URL:
            self.respond(payload["url"], payload["message"])
            return {"ok": True}
        if method == GET_PERMALINK:
            return {"ok": True, "permalink": self.permalink(payload["channel"], payload["message_ts"])}
        posting = method == "chat.postMessage"
        return self._do(lambda: (self._posting if posting else self.client).api_call(method, json=payload).data,
                        method)

    def respond(self, url: str, message: dict) -> None:
        """A private reply (or a replacement of the message clicked) through a response_url."""
        webhook = WebhookClient(url, timeout=10, retry_handlers=_retry_handlers())
        response = self._do(lambda: webhook.send_dict(message), RESPONSE_URL)
        if response.status_code != 200:
            raise SlackRefused(str(response.body or f"http_{response.status_code}").strip()[:100],
                               status=response.status_code)

    def person(self, user_id: str) -> Person:
        """users.info: the person's language, time zone and name (one call, cached by bot/services/people.py)."""
        user = self._do(lambda: self.client.users_info(user=user_id, include_locale=True), "users.info").get("user", {})
        return Person(user.get("locale"), user.get("tz"), bool(user.get("is_bot")) or user.get("id") == "USLACKBOT",
                      user.get("team_id"), bool(user.get("deleted")), shown_name(user))

    def send_files(self, user_id: str, files: list[dict], comment: str) -> None:
        """Files (``{"filename", "content", "title"}``) to a person, by DM, with Slack's upload v2 flow."""
        channel = self._do(lambda: self.client.conversations_open(users=user_id), "conversations.open")["channel"]["id"]
        self._do(lambda: self.client.files_upload_v2(channel=channel, file_uploads=files, initial_comment=comment),
                 "files.upload")

    def join_channel(self, channel_id: str) -> None:
        self._do(lambda: self.client.conversations_join(channel=channel_id), "conversations.join")

    def channel_members(self, channel_id: str, *, limit: int = 10_000) -> list[str]:
        """The channel's members, page by page (Slack pages conversations.members by cursor)."""
        members: list[str] = []

        def pages():
            members.clear()  # tried again from the first page (a token renewed)
            for page in self.client.conversations_members(channel=channel_id, limit=1000):
                members.extend(page.get("members", []))
                if len(members) >= limit:
                    break

        self._do(pages, "conversations.members")
        return members[:limit]

    def is_private(self, channel_id: str) -> bool:
        """A private channel (conversations.info; a read method, sent form-encoded)."""
        return bool(self._do(lambda: self.client.conversations_info(channel=channel_id),
                             "conversations.info")["channel"].get("is_private"))

    def permalink(self, channel_id: str, message_ts: str) -> str:
        """Slack's link to a message (a reply's opens it in its thread); a read method, sent form-encoded."""
        return str(self._do(lambda: self.client.chat_getPermalink(channel=channel_id, message_ts=message_ts),
                            "chat.getPermalink")["permalink"])

    def channel_name(self, channel_id: str) -> str:
        """A channel's name, without its ``#`` (conversations.info)."""
        return str(self._do(lambda: self.client.conversations_info(channel=channel_id),
                            "conversations.info")["channel"].get("name") or "")

    def thread_replies(self, channel_id: str, thread_ts: str, *, limit: int = 50) -> list[dict]:
        """A thread's messages, parent first. A read method: slack_sdk sends it form-encoded, as
        Slack requires (it ignores a JSON body for conversations.replies)."""
        return self._do(lambda: self.client.conversations_replies(channel=channel_id, ts=thread_ts, limit=limit),
                        "conversations.replies").get("messages", [])

    def dm_channel(self, user_id: str) -> str:
        return self._do(lambda: self.client.conversations_open(users=user_id), "conversations.open")["channel"]["id"]

    def recent_messages(self, channel_id: str, *, oldest: str, limit: int = 200) -> list[dict]:
        """The channel's messages since ``oldest`` (a ts), newest first, with their metadata."""
        return self._do(lambda: self.client.conversations_history(channel=channel_id, oldest=oldest, limit=limit,
                                                                  include_all_metadata=True),
                        "conversations.history").get("messages", [])

    def open_view(self, trigger_id: str, view: dict) -> None:
        self._do(lambda: self.client.views_open(trigger_id=trigger_id, view=view), "views.open")

    def publish_home(self, user_id: str, view: dict) -> None:
        self._do(lambda: self.client.views_publish(user_id=user_id, view=view), "views.publish")


class Workspaces(Protocol):
    """Which notifier speaks for a workspace: each call goes out with that workspace's own token."""

    def for_team(self, team_id: str) -> Notifier: ...


class OneWorkspace:
    """One workspace, one token (SLACK_BOT_TOKEN): the same notifier for every call."""

    def __init__(self, notifier: Notifier):
        self.notifier = notifier

    def for_team(self, team_id: str) -> Notifier:
        return self.notifier


def workspaces(slack: "Notifier | Workspaces") -> Workspaces:
    """A notifier alone serves one workspace."""
    return OneWorkspace(slack) if isinstance(slack, Notifier) else slack
