"""Introductions: who said yes or no, the monthly pairs, who is in each, and whether they met."""

from datetime import datetime

from sqlalchemy import delete, func, update
from sqlmodel import Session, col, select

from storage.models import IntroChoice, IntroMember, IntroPair
from storage.types import utcnow


def choices(*, session: Session, team_id: str, community_id: int) -> dict[str, bool]:
    """Person → their own yes (True) or no (False); people who said nothing are not in it."""
    rows = session.exec(select(col(IntroChoice.user_id), col(IntroChoice.wants)).where(
        col(IntroChoice.team_id) == team_id, col(IntroChoice.community_id) == community_id)).all()
    return dict(rows)


def choose(*, session: Session, team_id: str, community_id: int, user_id: str, wants: bool) -> bool:
    """The person's yes or no; False when it was already so."""
    row = session.exec(select(IntroChoice).where(col(IntroChoice.team_id) == team_id,
                                                 col(IntroChoice.community_id) == community_id,
                                                 col(IntroChoice.user_id) == user_id)).first()
    if row is not None and row.wants == wants:
        return False
    row = row or IntroChoice(team_id=team_id, community_id=community_id, user_id=user_id)
    row.wants, row.updated_at = wants, utcnow()
    session.add(row)
    session.flush()
    return True


def add_pair(*, session: Session, team_id: str, community_id: int, round: str, user_ids: list[str],
             reasons: str) -> IntroPair:
    pair = IntroPair(team_id=team_id, community_id=community_id, round=round, reasons=reasons)
    session.add(pair)
    session.flush()
    for user_id in user_ids:
        session.add(IntroMember(team_id=team_id, pair_id=pair.id, user_id=user_id))
    session.flush()
    return pair


def get_pair(*, session: Session, team_id: str, pair_id: int) -> IntroPair | None:
    return session.exec(select(IntroPair).where(col(IntroPair.team_id) == team_id,
                                                col(IntroPair.id) == pair_id)).first()


def members_of(*, session: Session, team_id: str, pair_id: int) -> list[str]:
    return list(session.exec(select(col(IntroMember.user_id)).where(col(IntroMember.team_id) == team_id,
                                                               col(IntroMember.pair_id) == pair_id)
                             .order_by(col(IntroMember.id))).all())


def rounds(*, session: Session, team_id: str, community_id: int) -> dict[str, list[frozenset[str]]]:
    """Round (YYYY-MM) → the groups introduced in it, oldest round first."""
    rows = session.exec(select(col(IntroPair.round), col(IntroPair.id), col(IntroMember.user_id))
                        .join(IntroMember, col(IntroMember.pair_id) == col(IntroPair.id))
                        .where(col(IntroPair.team_id) == team_id, col(IntroPair.community_id) == community_id)
                        .order_by(col(IntroPair.round), col(IntroPair.id))).all()
    groups: dict[tuple[str, int], set[str]] = {}
    for round_, pair_id, user_id in rows:
        groups.setdefault((round_, pair_id), set()).add(user_id)
    found: dict[str, list[frozenset[str]]] = {}
    for (round_, _), people in groups.items():
        found.setdefault(round_, []).append(frozenset(people))
    return found


def has_round(*, session: Session, team_id: str, community_id: int, round: str) -> bool:
    return session.exec(select(col(IntroPair.id)).where(col(IntroPair.team_id) == team_id,
                                                   col(IntroPair.community_id) == community_id,
                                                   col(IntroPair.round) == round).limit(1)).first() is not None


def opened(*, session: Session, team_id: str, pair_id: int, channel_id: str) -> None:
    session.exec(update(IntroPair).where(col(IntroPair.team_id) == team_id, col(IntroPair.id) == pair_id)
                    .values(channel_id=channel_id))


def posted(*, session: Session, team_id: str, pair_id: int, message_ts: str) -> None:
    session.exec(update(IntroPair).where(col(IntroPair.team_id) == team_id, col(IntroPair.id) == pair_id,
                                            col(IntroPair.message_ts).is_(None)).values(message_ts=message_ts))


def refused(*, session: Session, team_id: str, pair_id: int, error: str) -> None:
    session.exec(update(IntroPair).where(col(IntroPair.team_id) == team_id, col(IntroPair.id) == pair_id)
                    .values(refused=error[:64]))


def met(*, session: Session, team_id: str, pair_id: int, user_id: str, now: datetime) -> bool:
    """The pair met, as one of them said; False when someone had already said so."""
    return (session.exec(update(IntroPair).where(col(IntroPair.team_id) == team_id, col(IntroPair.id) == pair_id,
                                                    col(IntroPair.met_at).is_(None))
                            .values(met_by=user_id, met_at=now)).rowcount or 0) == 1


def counts(*, session: Session, team_id: str, community_id: int, start: datetime, end: datetime) -> tuple[int, int]:
    """(introductions made in [start, end) — posted in their group DM —, how many of them met)."""
    made, met_ = session.exec(select(func.count(col(IntroPair.id)), func.count(col(IntroPair.met_at))).where(
        col(IntroPair.team_id) == team_id, col(IntroPair.community_id) == community_id,
        col(IntroPair.message_ts).is_not(None),
        col(IntroPair.created_at) >= start, col(IntroPair.created_at) < end)).one()
    return made, met_


def purge_before(*, session: Session, team_id: str, community_id: int, before: datetime) -> int:
    """Introductions older than the community's retention (their members go with them)."""
    old = select(col(IntroPair.id)).where(col(IntroPair.team_id) == team_id,
                                          col(IntroPair.community_id) == community_id,
                                          col(IntroPair.created_at) < before)
    session.exec(delete(IntroMember).where(col(IntroMember.team_id) == team_id, col(IntroMember.pair_id).in_(old)))
    return session.exec(delete(IntroPair).where(col(IntroPair.team_id) == team_id,
                                                   col(IntroPair.community_id) == community_id,
                                                   col(IntroPair.created_at) < before)).rowcount or 0
