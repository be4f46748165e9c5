"""Queries about shared practices: the votes on a lesson or resource proposed as one."""

from sqlalchemy import delete, func
from sqlmodel import Session, col, select

from storage.models import PracticeVote
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
