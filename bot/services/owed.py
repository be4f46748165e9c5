"""Owing a Web API call: one outbox row per dedupe key, its id returned for immediate delivery."""

import uuid

from sqlmodel import Session

from bot import blocks
from storage import outbox


def owe(session: Session, *, team_id: str, key: str, method: str, payload: dict, **kwargs) -> list[int]:
    row = outbox.enqueue(session=session, team_id=team_id, dedupe_key=key, method=method, payload=payload, **kwargs)
    if row is None:
        return []
    session.flush()
    return [row.id]


def owe_dm(session: Session, *, team_id: str, key: str, user_id: str, message: dict, **kwargs) -> list[int]:
    """A direct message (chat.postMessage to a user id opens the DM); ``due_at`` delays it."""
    return owe(session, team_id=team_id, key=key, method="chat.postMessage",
               payload={"channel": user_id, **blocks.message(message)}, **kwargs)


def owe_card_update(session: Session, *, team_id: str, channel_id: str, message_ts: str, view: dict) -> list[int]:
    """A chat.update showing a card as it is now. Every change owes one (no dedupe: a frozen or
    coarse clock must not swallow the second of two changes); the newest wins, sent after any
    older one still in flight."""
    card = f"card:{channel_id}:{message_ts}"
    return owe(session, team_id=team_id, key=f"{card}:{uuid.uuid4().hex}", method="chat.update",
               payload={"channel": channel_id, "ts": message_ts, **blocks.for_update(view)}, supersede_key=card)
