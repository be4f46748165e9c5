"""The one way the bot speaks to Slack's Web API: a WebClient that honours 429
Retry-After and retries connection and server errors, whoever calls it."""

import logging

from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)

logger = logging.getLogger(__name__)


def make_client(token: str, base_url: str, *, timeout: int = 10) -> WebClient:
    client = WebClient(token=token, base_url=base_url, timeout=timeout)
    configure_retries(client)
    return client


def configure_retries(client: WebClient) -> WebClient:
    names = {type(h).__name__ for h in client.retry_handlers}
    wanted = [ConnectionErrorRetryHandler(max_retry_count=2), RateLimitErrorRetryHandler(max_retry_count=2),
              ServerErrorRetryHandler(max_retry_count=2)]
    client.retry_handlers.extend(h for h in wanted if type(h).__name__ not in names)
    return client


class Notifier:
    """Wraps the WebClient for services: plain arguments in, Slack's answer out."""

    def __init__(self, client: WebClient):
        self.client = client

    def call(self, method: str, payload: dict) -> dict:
        if method == "cop.files_to_person":  # owed files (reports): upload v2 is several calls
            import base64

            self.send_files(payload["user_id"], [{"filename": f["filename"], "title": f["title"],
                                                  "content": base64.b64decode(f["content_base64"])}
                                                 for f in payload["files"]], payload.get("comment", ""))
            return {"ok": True}
        return self.client.api_call(method, json=payload).data

    def user_info(self, user_id: str) -> dict:
        return self.client.users_info(user=user_id, include_locale=True).data.get("user", {})

    def send_files(self, user_id: str, files: list[dict], comment: str) -> None:
        """Files (``{"filename", "content", "title"}``) to a person, by DM, with Slack's upload v2 flow."""
        channel = self.client.conversations_open(users=user_id)["channel"]["id"]
        self.client.files_upload_v2(channel=channel, file_uploads=files, initial_comment=comment)

    def join_channel(self, channel_id: str) -> None:
        self.client.conversations_join(channel=channel_id)

    def channel_members(self, channel_id: str, *, limit: int = 10_000) -> list[str]:
        """The channel's members, page by page (Slack pages conversations.members by cursor)."""
        members: list[str] = []
        for page in self.client.conversations_members(channel=channel_id, limit=1000):
            members += page.get("members", [])
            if len(members) >= limit:
                break
        return members[:limit]

    def thread_replies(self, channel_id: str, thread_ts: str, *, limit: int = 50) -> list[dict]:
        """A thread's messages, parent first. A read method: slack_sdk sends it form-encoded, as
        Slack requires (it ignores a JSON body for conversations.replies)."""
        return self.client.conversations_replies(channel=channel_id, ts=thread_ts, limit=limit).get("messages", [])

    def publish_home(self, user_id: str, view: dict) -> None:
        self.client.views_publish(user_id=user_id, view=view)
