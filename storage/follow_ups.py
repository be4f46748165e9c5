"""Facilitators' copies of follow-ups, and who took each one."""

from datetime import datetime

from sqlalchemy import delete, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from storage.models import FollowUpCopy, OutboxMessage, OutboxStatus


def add_copy(*, session: Session, team_id: str, community_id: int, kind: str, subject: str,
             user_id: str) -> FollowUpCopy | None:
    """A facilitator's copy; ``None`` if they already had one (a job run twice)."""
    copy = FollowUpCopy(team_id=team_id, community_id=community_id, kind=kind, subject=subject, user_id=user_id)
    try:
        with session.begin_nested():
            session.add(copy)
    except IntegrityError:
        return None
    return copy


def get_copy(*, session: Session, team_id: str, copy_id: int) -> FollowUpCopy | None:
    return session.exec(select(FollowUpCopy).where(FollowUpCopy.team_id == team_id,
                                                   FollowUpCopy.id == copy_id)).first()


def copies_of(*, session: Session, team_id: str, community_id: int, kind: str, subject: str) -> list[FollowUpCopy]:
    return list(session.exec(select(FollowUpCopy).where(
        FollowUpCopy.team_id == team_id, FollowUpCopy.community_id == community_id, FollowUpCopy.kind == kind,
        FollowUpCopy.subject == subject).order_by(col(FollowUpCopy.id))))


def take(*, session: Session, copy: FollowUpCopy, user_id: str, now: datetime) -> bool:
    """Every copy of the follow-up marked taken by ``user_id``, if nobody took it first (compare-and-set)."""
    taken = session.exec(update(FollowUpCopy).where(
        col(FollowUpCopy.team_id) == copy.team_id, col(FollowUpCopy.community_id) == copy.community_id,
        col(FollowUpCopy.kind) == copy.kind, col(FollowUpCopy.subject) == copy.subject,
        col(FollowUpCopy.taken_by).is_(None))
        .values(taken_by=user_id, taken_at=now)).rowcount
    session.expire_all()
    return bool(taken)


def cancel_unsent(*, session: Session, team_id: str, outbox_ids: list[int]) -> int:
    """DMs still waiting (for the end of quiet hours) that no longer need sending."""
    if not outbox_ids:
        return 0
    return session.exec(update(OutboxMessage).where(
        col(OutboxMessage.team_id) == team_id, col(OutboxMessage.id).in_(outbox_ids),
        col(OutboxMessage.status) == OutboxStatus.PENDING).values(status=OutboxStatus.CANCELLED,
                                                             last_error="taken")).rowcount or 0


def taken_since(*, session: Session, team_id: str, community_id: int, since: datetime,
                limit: int) -> list[FollowUpCopy]:
    """One row per follow-up taken since ``since`` (the taker's own copy), newest first."""
    rows = session.exec(select(FollowUpCopy).where(
        FollowUpCopy.team_id == team_id, FollowUpCopy.community_id == community_id,
        col(FollowUpCopy.taken_at) >= since, FollowUpCopy.taken_by == FollowUpCopy.user_id)
        .order_by(col(FollowUpCopy.taken_at).desc(), col(FollowUpCopy.id).desc()).limit(limit))
    return list(rows)


def purge_before(*, session: Session, team_id: str, community_id: int, before: datetime) -> int:
    return session.exec(delete(FollowUpCopy).where(
        col(FollowUpCopy.team_id) == team_id, col(FollowUpCopy.community_id) == community_id,
        col(FollowUpCopy.created_at) < before)).rowcount or 0
