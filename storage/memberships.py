"""Who is in a community's channel, who is new, and who mentors them."""

from datetime import datetime

from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from storage.models import Membership
from storage.types import utcnow


def get_membership(*, session: Session, team_id: str, community_id: int, user_id: str) -> Membership | None:
    return session.exec(select(Membership).where(
        Membership.team_id == team_id, Membership.community_id == community_id, Membership.user_id == user_id,
    )).first()


def get_membership_by_id(*, session: Session, team_id: str, membership_id: int | None) -> Membership | None:
    return session.exec(select(Membership).where(Membership.team_id == team_id,
                                                 Membership.id == membership_id)).first()


def add_member(*, session: Session, team_id: str, community_id: int, user_id: str, newcomer: bool,
               joined_at: datetime | None = None, home_team_id: str | None = None) -> Membership | None:
    """Record a member; ``None`` when already known (a re-join, or a retried event)."""
    if get_membership(session=session, team_id=team_id, community_id=community_id, user_id=user_id):
        return None
    membership = Membership(team_id=team_id, community_id=community_id, user_id=user_id, newcomer=newcomer,
                            joined_at=joined_at or utcnow(),
                            home_team_id=home_team_id if home_team_id and home_team_id != team_id else None)
    try:
        with session.begin_nested():
            session.add(membership)
    except IntegrityError:
        return None
    return membership


def add_existing_members(*, session: Session, team_id: str, community_id: int, user_ids: list[str]) -> int:
    """People already in the channel when the community was set up: members, not newcomers."""
    known = set(session.exec(select(Membership.user_id).where(
        Membership.team_id == team_id, Membership.community_id == community_id)).all())
    added = 0
    for user_id in dict.fromkeys(user_ids):
        if user_id not in known:
            session.add(Membership(team_id=team_id, community_id=community_id, user_id=user_id, newcomer=False))
            added += 1
    session.flush()
    return added


def least_recent_mentor(*, session: Session, team_id: str, community_id: int, candidates: list[str]) -> str | None:
    """Round robin: the candidate whose last newcomer came longest ago (never, first; then in the
    order given)."""
    if not candidates:
        return None
    last = dict(session.exec(select(Membership.mentor_id, func.max(Membership.id)).where(
        Membership.team_id == team_id, Membership.community_id == community_id,
        col(Membership.mentor_id).in_(candidates)).group_by(Membership.mentor_id)).all())
    return min(candidates, key=lambda c: (last.get(c, 0), candidates.index(c)))


def recent_newcomers(*, session: Session, team_id: str, community_id: int, since: datetime,
                     limit: int = 10) -> list[Membership]:
    return list(session.exec(select(Membership).where(
        Membership.team_id == team_id, Membership.community_id == community_id, Membership.newcomer,
        Membership.joined_at >= since).order_by(col(Membership.joined_at).desc(),
                                                col(Membership.id).desc()).limit(limit)).all())


def mentor_acted(*, session: Session, team_id: str, membership_id: int, mentor_id: str) -> Membership | None:
    membership = session.exec(select(Membership).where(
        Membership.team_id == team_id, Membership.id == membership_id)).first()
    if membership is None or membership.mentor_id != mentor_id:
        return None
    if membership.mentor_acted_at is None:
        membership.mentor_acted_at = utcnow()
        session.add(membership)
    return membership


def member_ids(*, session: Session, team_id: str, community_id: int) -> list[str]:
    return list(session.exec(select(Membership.user_id).where(
        Membership.team_id == team_id, Membership.community_id == community_id).order_by(col(Membership.id))).all())
