"""Queries about communities, their roles and the people in them."""

from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from storage.models import Community, Person, Role, RoleAssignment
from storage.types import utcnow


def community_for_channel(*, session: Session, team_id: str, channel_id: str) -> Community | None:
    return session.exec(
        select(Community).where(Community.team_id == team_id, Community.channel_id == channel_id)
    ).first()


def communities_of_team(*, session: Session, team_id: str) -> list[Community]:
    return list(session.exec(select(Community).where(Community.team_id == team_id).order_by(Community.name)).all())


def get_community(*, session: Session, team_id: str, community_id: int) -> Community | None:
    return session.exec(
        select(Community).where(Community.team_id == team_id, Community.id == community_id)
    ).first()


def create_community(
    *, session: Session, team_id: str, channel_id: str, name: str, language: str, timezone: str, created_by: str
) -> tuple[Community, bool]:
    """The channel's community, created if it has none; ``True`` when created now.

    Two people running setup at once in the same channel get the same community.
    """
    existing = community_for_channel(session=session, team_id=team_id, channel_id=channel_id)
    if existing:
        return existing, False
    community = Community(team_id=team_id, channel_id=channel_id, name=name, language=language,
                          timezone=timezone, created_by=created_by)
    try:
        with session.begin_nested():
            session.add(community)
    except IntegrityError:
        return community_for_channel(session=session, team_id=team_id, channel_id=channel_id), False
    return community, True


def set_language(*, session: Session, team_id: str, community_id: int, language: str) -> Community | None:
    community = get_community(session=session, team_id=team_id, community_id=community_id)
    if community is not None:
        community.language = language
        session.add(community)
    return community


def roles_of(*, session: Session, team_id: str, community_id: int, user_id: str) -> set[str]:
    rows = session.exec(
        select(RoleAssignment.role).where(
            RoleAssignment.team_id == team_id,
            RoleAssignment.community_id == community_id,
            RoleAssignment.user_id == user_id,
        )
    ).all()
    return set(rows)


def holders_of(*, session: Session, team_id: str, community_id: int, role: Role) -> list[str]:
    rows = session.exec(
        select(RoleAssignment.user_id)
        .where(
            RoleAssignment.team_id == team_id,
            RoleAssignment.community_id == community_id,
            RoleAssignment.role == role.value,
        )
        .order_by(RoleAssignment.assigned_at, RoleAssignment.id)
    ).all()
    return list(rows)


def assign_role(
    *, session: Session, team_id: str, community_id: int, user_id: str, role: Role, assigned_by: str
) -> bool:
    """Give ``role``; ``False`` when the person already held it."""
    if role.value in roles_of(session=session, team_id=team_id, community_id=community_id, user_id=user_id):
        return False
    try:
        with session.begin_nested():
            session.add(RoleAssignment(team_id=team_id, community_id=community_id, user_id=user_id,
                                       role=role.value, assigned_by=assigned_by))
    except IntegrityError:
        return False
    return True


def cached_person(*, session: Session, team_id: str, user_id: str, fresh_after: datetime) -> Person | None:
    person = session.get(Person, (team_id, user_id))
    if person is None or person.updated_at < fresh_after:
        return None
    return person


def remember_person(*, session: Session, team_id: str, user_id: str, locale: str | None, timezone: str | None) -> None:
    person = session.get(Person, (team_id, user_id))
    if person is None:
        person = Person(team_id=team_id, user_id=user_id)
    person.locale, person.timezone, person.updated_at = locale, timezone, utcnow()
    try:
        with session.begin_nested():
            session.merge(person)
    except IntegrityError:  # someone else cached the same person at the same moment
        pass
