"""Owing a Slack call: one outbox row per dedupe key, written in the transaction of the change that
owes it, its id returned for immediate delivery. Nothing is said to Slack from inside a transaction."""

import base64
import uuid
from datetime import datetime

from sqlmodel import Session

from bot import blocks
from bot.services.timing import Quiet
from bot.slack_terms import FALLBACK_CHANNEL, FILES_TO_PERSON, RESPONSE_URL
from storage import outbox
from storage.models import Community


def owe(session: Session, *, team_id: str, key: str, method: str, payload: dict, **kwargs) -> list[int]:
    row = outbox.enqueue(session=session, team_id=team_id, dedupe_key=key, method=method, payload=payload, **kwargs)
    if row is None:
        return []
    session.flush()
    return [row.id]


def owe_dm(session: Session, *, team_id: str, key: str, user_id: str, message: dict,
           fallback_channel: str | None = None, **kwargs) -> list[int]:
    """A direct message (chat.postMessage to a user id opens the DM); ``due_at`` delays it. Should
    Slack refuse it (someone of another organisation), it is shown to them privately in
    ``fallback_channel`` instead, when given."""
    payload = {"channel": user_id, **blocks.message(message)}
    if fallback_channel:
        payload[FALLBACK_CHANNEL] = fallback_channel
    return owe(session, team_id=team_id, key=key, method="chat.postMessage", payload=payload, **kwargs)


def owe_dm_when_allowed(session: Session, community: Community, *, key: str, user_id: str, message: dict,
                        now: datetime, **kwargs) -> list[int]:
    """A DM now, or at the first moment the community's quiet hours allow."""
    at = Quiet.of(community).next_allowed(now)
    ids = owe_dm(session, team_id=community.team_id, key=key, user_id=user_id, message=message, due_at=at,
                 fallback_channel=community.channel_id, **kwargs)
    return ids if at <= now else []  # later: the scheduler sends it when its time comes


def owe_reply(session: Session, *, team_id: str, key: str, url: str, message: dict) -> list[int]:
    """A private reply through a request's response_url, owed like any message: a Slack outage
    delays it, never loses it (the URL works for 30 minutes)."""
    return owe(session, team_id=team_id, key=key, method=RESPONSE_URL, payload={"url": url, "message": message})


def owe_card_update(session: Session, *, team_id: str, channel_id: str, message_ts: str, view: dict) -> list[int]:
    """A chat.update showing a card as it is now. Every change owes one (no dedupe: a frozen or
    coarse clock must not swallow the second of two changes); the newest wins, sent after any
    older one still in flight."""
    card = f"card:{channel_id}:{message_ts}"
    return owe(session, team_id=team_id, key=f"{card}:{uuid.uuid4().hex}", method="chat.update",
               payload={"channel": channel_id, "ts": message_ts, **blocks.for_update(view)}, supersede_key=card)


def owe_files(session: Session, *, team_id: str, user_id: str, key: str, files: list[dict], comment: str) -> list[int]:
    """Files (``{"filename", "title", "content"}``, text or bytes) owed to a person by DM: a Slack
    outage delays them, a request run twice sends them once."""
    encoded = [{"filename": f["filename"], "title": f["title"], "content_base64": base64.b64encode(
        f["content"].encode() if isinstance(f["content"], str) else f["content"]).decode()} for f in files]
    return owe(session, team_id=team_id, key=key, method=FILES_TO_PERSON,
               payload={"user_id": user_id, "files": encoded, "comment": comment})
