"""The outbox: Web API calls owed to people, delivered once.

A row is written in the same transaction as the change that owes it. Whoever
delivers first claims it with a compare-and-set on its status, so two threads
or two processes never both send it; a claim that was never finished (a crash
mid-send) expires after its lease and the row is delivered again.
"""

import json
from datetime import datetime, timedelta

from sqlalchemy import or_, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from storage.models import OutboxMessage, OutboxStatus


def enqueue(
    *, session: Session, team_id: str, dedupe_key: str, method: str, payload: dict,
    due_at: datetime | None = None, purpose: str | None = None, subject_id: int | None = None,
) -> OutboxMessage | None:
    """Owe a call once per ``dedupe_key``; ``None`` if it was already owed or sent."""
    message = OutboxMessage(team_id=team_id, dedupe_key=dedupe_key, method=method,
                            payload=json.dumps(payload, ensure_ascii=False), purpose=purpose, subject_id=subject_id)
    if due_at is not None:
        message.due_at = due_at
    try:
        with session.begin_nested():
            session.add(message)
    except IntegrityError:
        return None
    return message


def due_ids(*, session: Session, now: datetime, limit: int, team_id: str | None = None) -> list[int]:
    """Ids of rows ready to send: pending and due, or claimed by someone whose lease ran out."""
    ready = or_(
        (OutboxMessage.status == OutboxStatus.PENDING) & (OutboxMessage.due_at <= now),
        (OutboxMessage.status == OutboxStatus.SENDING) & (OutboxMessage.claimed_until < now),
    )
    query = select(OutboxMessage.id).where(ready)
    if team_id is not None:
        query = query.where(OutboxMessage.team_id == team_id)
    return list(session.exec(query.order_by(OutboxMessage.id).limit(limit)).all())


def claim(*, session: Session, message_id: int, now: datetime, lease: timedelta) -> OutboxMessage | None:
    """Take the row for sending if nobody else has; the caller commits right after."""
    ready = or_(
        (OutboxMessage.status == OutboxStatus.PENDING) & (OutboxMessage.due_at <= now),
        (OutboxMessage.status == OutboxStatus.SENDING) & (OutboxMessage.claimed_until < now),
    )
    result = session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id, ready)
        .values(status=OutboxStatus.SENDING, claimed_until=now + lease, attempts=OutboxMessage.attempts + 1)
    )
    if result.rowcount != 1:
        return None
    return session.get(OutboxMessage, message_id, populate_existing=True)


def mark_sent(*, session: Session, message_id: int, now: datetime) -> None:
    session.execute(
        update(OutboxMessage).where(OutboxMessage.id == message_id)
        .values(status=OutboxStatus.SENT, sent_at=now, claimed_until=None, last_error=None)
    )


def mark_retry(*, session: Session, message_id: int, due_at: datetime, error: str) -> None:
    session.execute(
        update(OutboxMessage).where(OutboxMessage.id == message_id)
        .values(status=OutboxStatus.PENDING, due_at=due_at, claimed_until=None, last_error=error[:500])
    )


def mark_failed(*, session: Session, message_id: int, error: str) -> None:
    session.execute(
        update(OutboxMessage).where(OutboxMessage.id == message_id)
        .values(status=OutboxStatus.FAILED, claimed_until=None, last_error=error[:500])
    )


def messages(*, session: Session, team_id: str, status: OutboxStatus | None = None) -> list[OutboxMessage]:
    query = select(OutboxMessage).where(OutboxMessage.team_id == team_id)
    if status is not None:
        query = query.where(OutboxMessage.status == status)
    return list(session.exec(query.order_by(OutboxMessage.id)).all())


def failures_since(*, session: Session, team_id: str, since: datetime) -> tuple[int, str | None]:
    """How many owed calls Slack refused for good since ``since``, and the latest reason."""
    from sqlalchemy import func

    where = (OutboxMessage.team_id == team_id, OutboxMessage.status == OutboxStatus.FAILED,
             OutboxMessage.created_at >= since)
    count = session.exec(select(func.count()).select_from(OutboxMessage).where(*where)).one()
    latest = session.exec(select(OutboxMessage.last_error).where(*where).order_by(OutboxMessage.id.desc())
                          .limit(1)).first()
    return count, latest
