"""Queries about shared practices: the votes on a lesson or resource proposed as one, and who relied on one."""

from datetime import datetime

from sqlalchemy import delete, func, or_
from sqlmodel import Session, col, select

from storage.models import Lesson, PracticeReliance, PracticeVote
from storage.types import utcnow

VOTES = ("adopt", "revise", "abstain")


def cast(*, session: Session, team_id: str, lesson_id: int, user_id: str, vote: str) -> None:
    """A member's vote, or their new mind (one vote each)."""
    held = session.exec(select(PracticeVote).where(PracticeVote.team_id == team_id, PracticeVote.lesson_id == lesson_id,
                                                   PracticeVote.user_id == user_id)).first()
    if held is None:
        held = PracticeVote(team_id=team_id, lesson_id=lesson_id, user_id=user_id, vote=vote)
    held.vote, held.voted_at = vote, utcnow()
    session.add(held)
    session.flush()


def tally(*, session: Session, team_id: str, lesson_id: int) -> dict[str, int]:
    """How many chose each answer (never who)."""
    counted = dict(session.exec(select(PracticeVote.vote, func.count()).where(
        PracticeVote.team_id == team_id, PracticeVote.lesson_id == lesson_id).group_by(PracticeVote.vote)).all())
    return {vote: counted.get(vote, 0) for vote in VOTES}


def clear(*, session: Session, team_id: str, lesson_id: int) -> None:
    """A new proposal starts a new vote."""
    session.exec(delete(PracticeVote).where(col(PracticeVote.team_id) == team_id,
                                               col(PracticeVote.lesson_id) == lesson_id))


def rely(*, session: Session, team_id: str, community_id: int, lesson_ids: list[int], user_id: str, how: str,
         now: datetime) -> None:
    """``user_id`` relied on these practices (opened or exported them): kept once each, with the last way."""
    held = {r.lesson_id: r for r in session.exec(select(PracticeReliance).where(
        col(PracticeReliance.team_id) == team_id, col(PracticeReliance.user_id) == user_id,
        col(PracticeReliance.lesson_id).in_(lesson_ids)))} if lesson_ids else {}
    for lesson_id in dict.fromkeys(lesson_ids):
        row = held.get(lesson_id) or PracticeReliance(team_id=team_id, community_id=community_id,
                                                       lesson_id=lesson_id, user_id=user_id, how=how)
        row.how, row.relied_at = how, now
        session.add(row)
    session.flush()


def relying(*, session: Session, team_id: str, lesson_id: int) -> list[PracticeReliance]:
    """Who relied on this practice."""
    return list(session.exec(select(PracticeReliance).where(
        col(PracticeReliance.team_id) == team_id, col(PracticeReliance.lesson_id) == lesson_id,
    ).order_by(col(PracticeReliance.id))))


def untold(*, session: Session, team_id: str, community_id: int, user_id: str) -> list[tuple[PracticeReliance, Lesson]]:
    """The practices ``user_id`` relied on that changed since they were last told, oldest change first."""
    reliance = PracticeReliance
    return list(session.exec(select(reliance, Lesson).join(Lesson, col(Lesson.id) == col(reliance.lesson_id)).where(
        col(reliance.team_id) == team_id, col(reliance.community_id) == community_id,
        col(reliance.user_id) == user_id, col(reliance.news_at).is_not(None),
        or_(col(reliance.told_at).is_(None), col(reliance.told_at) < col(reliance.news_at)),
    ).order_by(col(reliance.news_at), col(reliance.id))).all())


def purge_before(*, session: Session, team_id: str, community_id: int, before: datetime) -> int:
    """Reliance older than the community keeps its history, with nothing left to tell, is forgotten."""
    reliance = PracticeReliance
    return session.exec(delete(reliance).where(
        col(reliance.team_id) == team_id, col(reliance.community_id) == community_id, col(reliance.relied_at) < before,
        or_(col(reliance.news_at).is_(None), col(reliance.told_at) >= col(reliance.news_at)))).rowcount or 0
