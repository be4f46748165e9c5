"""Dead letters: requests whose work kept failing, set aside (see ``DeadLetter``)."""

import json
from datetime import datetime, timedelta

from sqlalchemy import delete, func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from storage.models import DeadLetter
from storage.types import utcnow

DEAD_LETTER_DAYS = 30  # then deleted: what Slack sent holds members' words


def set_aside(*, session: Session, team_id: str, receipt: str, listener: str, user_id: str | None, body: dict,
              bot_user_id: str | None, received_at: datetime, error: str, runs: int) -> DeadLetter | None:
    """Keep the request; ``None`` if it was set aside already (its row is kept as it was)."""
    letter = DeadLetter(team_id=team_id[:32], receipt=receipt[:160], listener=listener[:120],
                        user_id=(user_id or None) and user_id[:32], body=json.dumps(body, ensure_ascii=False),
                        bot_user_id=bot_user_id and bot_user_id[:32], received_at=received_at, error=error[:120],
                        runs=runs)
    try:
        with session.begin_nested():
            session.add(letter)
    except IntegrityError:
        return None
    return letter


def listing(*, session: Session, limit: int = 200) -> list[DeadLetter]:
    """Every workspace's, oldest first (an admin's view: ``cop-bot dead-letters``)."""
    return list(session.exec(select(DeadLetter).order_by(col(DeadLetter.failed_at), col(DeadLetter.id)).limit(limit)))


def count(*, session: Session, team_id: str | None = None) -> int:
    """Requests set aside (only one workspace's, when given)."""
    query = select(func.count()).select_from(DeadLetter)
    if team_id is not None:
        query = query.where(DeadLetter.team_id == team_id)
    return session.exec(query).one()


def get(*, session: Session, letter_id: int) -> DeadLetter | None:
    return session.get(DeadLetter, letter_id)


def drop(*, session: Session, letter_id: int) -> bool:
    return bool(session.exec(delete(DeadLetter).where(col(DeadLetter.id) == letter_id)).rowcount)


def purge_older_than(*, session: Session, now: datetime | None = None, days: int = DEAD_LETTER_DAYS) -> int:
    before = (now or utcnow()) - timedelta(days=days)
    return session.exec(delete(DeadLetter).where(col(DeadLetter.failed_at) < before)).rowcount or 0


def forget_person(*, session: Session, team_id: str, user_id: str) -> int:
    """A forgotten person's requests go whole: what they wrote is in the body."""
    return session.exec(delete(DeadLetter).where(
        col(DeadLetter.team_id) == team_id,
        (col(DeadLetter.user_id) == user_id) | col(DeadLetter.body).contains(user_id))).rowcount or 0
