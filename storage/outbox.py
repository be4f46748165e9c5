"""The outbox: Web API calls owed to people, delivered once.

A row is written in the same transaction as the change that owes it. Whoever
delivers first claims it with a compare-and-set on its status, so two threads
or two processes never both send it; a claim that was never finished (a crash
mid-send) expires after its lease and the row is delivered again, or at once when the
process's successor hands back the claims its journal names (``release``).
"""

import json
from datetime import datetime, timedelta

from sqlalchemy import exists, or_, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from storage.models import OutboxMessage, OutboxStatus


def enqueue(
    *, session: Session, team_id: str, dedupe_key: str, method: str, payload: dict,
    due_at: datetime | None = None, purpose: str | None = None, subject_id: int | None = None,
    supersede_key: str | None = None,
) -> OutboxMessage | None:
    """Owe a call once per ``dedupe_key``; ``None`` if it was already owed or sent. Rows with the
    same ``supersede_key`` update the same message: only the newest is worth sending."""
    message = OutboxMessage(team_id=team_id, dedupe_key=dedupe_key, method=method,
                            payload=json.dumps(payload, ensure_ascii=False), purpose=purpose, subject_id=subject_id,
                            supersede_key=supersede_key)
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
        (col(OutboxMessage.status) == OutboxStatus.PENDING) & (col(OutboxMessage.due_at) <= now),
        (col(OutboxMessage.status) == OutboxStatus.SENDING) & (col(OutboxMessage.claimed_until) < now),
    )
    query = select(OutboxMessage.id).where(ready)
    if team_id is not None:
        query = query.where(OutboxMessage.team_id == team_id)
    return list(session.exec(query.order_by(col(OutboxMessage.id)).limit(limit)).all())


def claim(*, session: Session, message_id: int, now: datetime, lease: timedelta,
          token: str | None = None) -> OutboxMessage | None:
    """Take the row for sending if nobody else has; the caller commits right after. ``token``
    names this claim (see ``release``).

    A row with a supersede key is not taken while another row of its key is being sent (that
    sender sends the newest after it: ``newest_pending_sibling``), and is marked superseded
    instead of sent when a newer row of its key exists."""
    ready = or_(
        (col(OutboxMessage.status) == OutboxStatus.PENDING) & (col(OutboxMessage.due_at) <= now),
        (col(OutboxMessage.status) == OutboxStatus.SENDING) & (col(OutboxMessage.claimed_until) < now),
    )
    values = {"status": OutboxStatus.SENDING, "claimed_until": now + lease, "claim_token": token,
              "attempts": OutboxMessage.attempts + 1}
    if session.get_bind().dialect.update_returning:  # the usual row (no supersede key): one statement
        claimed = session.execute(
            update(OutboxMessage).where(col(OutboxMessage.id) == message_id, ready,
                                        col(OutboxMessage.supersede_key).is_(None))
            .values(**values).returning(OutboxMessage),
            execution_options={"populate_existing": True}).scalars().first()
        if claimed is not None:
            return claimed
    conditions = [OutboxMessage.id == message_id, ready]
    keyed = session.exec(select(OutboxMessage.team_id, OutboxMessage.supersede_key)
                         .where(OutboxMessage.id == message_id)).first()
    if keyed is not None and keyed[1] is not None:
        team_id, key = keyed
        # PostgreSQL: wait for whoever is claiming a row of this key to commit, so that both
        # never see the other as "not sending". (SQLite's write lock already serialises claims.)
        session.exec(select(OutboxMessage.id).where(OutboxMessage.team_id == team_id,
                                                    OutboxMessage.supersede_key == key)
                     .order_by(col(OutboxMessage.id)).with_for_update()).all()  # one lock order: no deadlock
        sibling = aliased(OutboxMessage)
        same_key = (col(sibling.team_id) == team_id, col(sibling.supersede_key) == key)
        newer = exists().where(*same_key, col(sibling.id) > message_id)
        superseded = session.exec(
            update(OutboxMessage).where(col(OutboxMessage.id) == message_id, ready, newer)
            .values(status=OutboxStatus.SUPERSEDED, claimed_until=None)
        )
        if superseded.rowcount == 1:
            return None
        in_flight = exists().where(*same_key, col(sibling.id) != message_id,
                                   col(sibling.status) == OutboxStatus.SENDING,
                                   col(sibling.claimed_until) >= now)
        conditions.append(~in_flight)
    result = session.exec(update(OutboxMessage).where(*conditions).values(**values))
    if result.rowcount != 1:
        return None
    return session.get(OutboxMessage, message_id, populate_existing=True)


def mark_sent(*, session: Session, message_id: int, now: datetime) -> None:
    session.exec(
        update(OutboxMessage).where(col(OutboxMessage.id) == message_id)
        .values(status=OutboxStatus.SENT, sent_at=now, claimed_until=None, claim_token=None, last_error=None)
    )


def newest_pending_sibling(*, session: Session, message: OutboxMessage) -> int | None:
    """After ``message`` was sent (or given up), the newest row of its supersede key still owed."""
    if message.supersede_key is None:
        return None
    return session.exec(select(OutboxMessage.id).where(
        OutboxMessage.team_id == message.team_id, OutboxMessage.supersede_key == message.supersede_key,
        col(OutboxMessage.id) > message.id, OutboxMessage.status == OutboxStatus.PENDING,
    ).order_by(col(OutboxMessage.id).desc()).limit(1)).first()


def mark_retry(*, session: Session, message_id: int, due_at: datetime, error: str) -> None:
    session.exec(
        update(OutboxMessage).where(col(OutboxMessage.id) == message_id)
        .values(status=OutboxStatus.PENDING, due_at=due_at, claimed_until=None, claim_token=None,
                last_error=error[:500])
    )


def release(*, session: Session, tokens: list[str], now: datetime) -> int:
    """Claims a process died holding (its successor read their tokens in its journal): the rows
    are due again now rather than when the lease runs out. Only those very claims: a row someone
    else has claimed since is theirs. Whoever sends them looks in Slack first (they may have been
    posted). Returns how many were still claimed."""
    if not tokens:
        return 0
    result = session.exec(
        update(OutboxMessage).where(col(OutboxMessage.claim_token).in_(tokens),
                                    col(OutboxMessage.status) == OutboxStatus.SENDING)
        .values(status=OutboxStatus.PENDING, due_at=now, claimed_until=None, claim_token=None)
    )
    return result.rowcount or 0


def mark_failed(*, session: Session, message_id: int, error: str) -> None:
    session.exec(
        update(OutboxMessage).where(col(OutboxMessage.id) == message_id)
        .values(status=OutboxStatus.FAILED, claimed_until=None, claim_token=None, last_error=error[:500])
    )


def messages(*, session: Session, team_id: str, status: OutboxStatus | None = None) -> list[OutboxMessage]:
    query = select(OutboxMessage).where(OutboxMessage.team_id == team_id)
    if status is not None:
        query = query.where(OutboxMessage.status == status)
    return list(session.exec(query.order_by(col(OutboxMessage.id))).all())


def failures_since(*, session: Session, team_id: str, since: datetime) -> tuple[int, str | None]:
    """How many owed calls Slack refused for good since ``since``, and the latest reason."""
    from sqlalchemy import func

    # A link Slack would not give (the message was deleted since) is no message someone missed.
    where = (OutboxMessage.team_id == team_id, OutboxMessage.status == OutboxStatus.FAILED,
             OutboxMessage.created_at >= since, OutboxMessage.method != "chat.getPermalink")
    count = session.exec(select(func.count()).select_from(OutboxMessage).where(*where)).one()
    latest = session.exec(select(OutboxMessage.last_error).where(*where).order_by(col(OutboxMessage.id).desc())
                          .limit(1)).first()
    return count, latest


def backlog(*, session: Session, now: datetime) -> tuple[int, float, int]:
    """(calls owed and due now, how late the oldest of them is in seconds, calls failed for good in
    the last day): what an operator watches (``/metrics``)."""
    from sqlalchemy import func

    due = session.exec(select(func.count(), func.min(OutboxMessage.due_at)).where(
        col(OutboxMessage.status).in_((OutboxStatus.PENDING, OutboxStatus.SENDING)), OutboxMessage.due_at <= now)).one()
    failed = session.exec(select(func.count()).select_from(OutboxMessage).where(
        OutboxMessage.status == OutboxStatus.FAILED, OutboxMessage.created_at >= now - timedelta(days=1))).one()
    oldest = due[1]
    if oldest is not None and oldest.tzinfo is None:
        oldest = oldest.replace(tzinfo=now.tzinfo)
    return due[0], max((now - oldest).total_seconds(), 0.0) if oldest is not None else 0.0, failed


def id_of(*, session: Session, team_id: str, dedupe_key: str) -> int | None:
    """The row owed under ``dedupe_key``, if any."""
    return session.exec(select(OutboxMessage.id).where(OutboxMessage.team_id == team_id,
                                                       OutboxMessage.dedupe_key == dedupe_key)).first()
