"""What the bot must do later: one row per occurrence, claimed by whoever wakes up first.

Finding due rows reads the (status, due_at) index from its start, so a wake-up with nothing
due costs the same with ten rows or a million in the future.
"""

from datetime import datetime, timedelta

from sqlalchemy import or_, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from storage.models import DueItem, DueStatus


def schedule(*, session: Session, team_id: str, community_id: int, kind: str, dedupe_key: str, due_at: datetime,
             subject_id: int | None = None) -> DueItem | None:
    """Plan ``kind`` for ``due_at`` once per ``dedupe_key``; ``None`` if it was already planned."""
    item = DueItem(team_id=team_id, community_id=community_id, kind=kind, subject_id=subject_id,
                   dedupe_key=dedupe_key, due_at=due_at)
    try:
        with session.begin_nested():
            session.add(item)
    except IntegrityError:
        return None
    return item


def cancel(*, session: Session, team_id: str, kinds: list[str], subject_id: int) -> int:
    """Cancel what is still pending about a subject (a moved or cancelled meeting)."""
    result = session.exec(update(DueItem).where(
        col(DueItem.team_id) == team_id, col(DueItem.kind).in_(kinds), col(DueItem.subject_id) == subject_id,
        col(DueItem.status) == DueStatus.PENDING).values(status=DueStatus.CANCELLED))
    return result.rowcount or 0


def _ready(now: datetime):
    return or_((col(DueItem.status) == DueStatus.PENDING) & (col(DueItem.due_at) <= now),
               (col(DueItem.status) == DueStatus.CLAIMED) & (col(DueItem.claimed_until) < now))


def due_ids(*, session: Session, now: datetime, limit: int) -> list[int]:
    """Pending rows whose time has come, oldest first, and claims whose lease ran out."""
    pending = session.exec(select(DueItem.id).where(DueItem.status == DueStatus.PENDING, DueItem.due_at <= now)
                           .order_by(col(DueItem.due_at)).limit(limit)).all()
    stale = session.exec(select(DueItem.id).where(DueItem.status == DueStatus.CLAIMED,
                                                  col(DueItem.claimed_until) < now).limit(limit)).all()
    return list(dict.fromkeys([*pending, *stale]))[:limit]


def claim(*, session: Session, item_id: int, now: datetime, lease: timedelta) -> DueItem | None:
    """Take the row if nobody else has (a compare-and-set on its status); commit right after."""
    result = session.exec(update(DueItem).where(col(DueItem.id) == item_id, _ready(now)).values(
        status=DueStatus.CLAIMED, claimed_until=now + lease, attempts=DueItem.attempts + 1))
    if result.rowcount != 1:
        return None
    return session.get(DueItem, item_id, populate_existing=True)


def finish(*, session: Session, item_id: int, now: datetime) -> bool:
    """Mark done, unless someone else's claim took it over meanwhile."""
    result = session.exec(update(DueItem).where(col(DueItem.id) == item_id, col(DueItem.status) == DueStatus.CLAIMED)
                             .values(status=DueStatus.DONE, done_at=now, claimed_until=None))
    return result.rowcount == 1


def release(*, session: Session, item_id: int, due_at: datetime, error: str) -> None:
    session.exec(update(DueItem).where(col(DueItem.id) == item_id).values(
        status=DueStatus.PENDING, due_at=due_at, claimed_until=None, last_error=error[:500]))


def fail(*, session: Session, item_id: int, error: str) -> None:
    session.exec(update(DueItem).where(col(DueItem.id) == item_id).values(
        status=DueStatus.FAILED, claimed_until=None, last_error=error[:500]))


def items(*, session: Session, team_id: str, kind: str | None = None,
          status: DueStatus | None = None) -> list[DueItem]:
    query = select(DueItem).where(DueItem.team_id == team_id)
    if kind:
        query = query.where(DueItem.kind == kind)
    if status:
        query = query.where(DueItem.status == status)
    return list(session.exec(query.order_by(col(DueItem.due_at), col(DueItem.id))).all())


def failures(*, session: Session, team_id: str, community_id: int) -> int:
    from sqlalchemy import func

    return session.exec(select(func.count()).select_from(DueItem).where(
        DueItem.team_id == team_id, DueItem.community_id == community_id, DueItem.status == DueStatus.FAILED)).one()


def overdue(*, session: Session, now: datetime, grace: timedelta = timedelta(minutes=5)) -> tuple[int, float]:
    """(scheduled items still not done ``grace`` after they were due, how late the oldest is in seconds):
    what an operator watches (``/metrics``). The scheduler looks every 30 seconds; late means stalled."""
    from sqlalchemy import func

    count, oldest = session.exec(select(func.count(), func.min(DueItem.due_at)).where(
        col(DueItem.status).in_((DueStatus.PENDING, DueStatus.CLAIMED)), DueItem.due_at <= now - grace)).one()
    if oldest is not None and oldest.tzinfo is None:
        oldest = oldest.replace(tzinfo=now.tzinfo)
    return count, max((now - oldest).total_seconds(), 0.0) if oldest is not None else 0.0
