"""Queries about communities, their roles and the people in them."""

from datetime import UTC, datetime

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from storage import audit
from storage.models import (
    Community,
    Expertise,
    HelpRequest,
    HelpRequestTopic,
    Lesson,
    Membership,
    Person,
    Role,
    RoleAssignment,
    RoleChange,
)
from storage.types import utcnow


def community_for_channel(*, session: Session, team_id: str, channel_id: str) -> Community | None:
    return session.exec(
        select(Community).where(Community.team_id == team_id, Community.channel_id == channel_id)
    ).first()


def communities_of_team(*, session: Session, team_id: str) -> list[Community]:
    return list(session.exec(select(Community).where(Community.team_id == team_id).order_by(Community.name)).all())


def all_communities(*, session: Session) -> list[Community]:
    """Every community of every workspace: only for what serves them all (start-up, the scheduler)."""
    return list(session.exec(select(Community).order_by(col(Community.id))).all())


def get_community(*, session: Session, team_id: str, community_id: int) -> Community | None:
    return session.exec(
        select(Community).where(Community.team_id == team_id, Community.id == community_id)
    ).first()


def community_of(*, session: Session, team_id: str, community_id: int) -> Community:
    """The community a row belongs to, by the row's ``community_id`` (a foreign key, ON DELETE CASCADE: while
    the row exists, so does its community)."""
    community = get_community(session=session, team_id=team_id, community_id=community_id)
    if community is None:
        raise LookupError(f"community {community_id} of team {team_id} is gone but a row still points to it")
    return community


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
        winner = community_for_channel(session=session, team_id=team_id, channel_id=channel_id)
        assert winner is not None  # the unique constraint that refused ours holds the other setup's row
        return winner, False
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
        .order_by(col(RoleAssignment.assigned_at), col(RoleAssignment.id))
    ).all()
    return list(rows)


def assign_role(
    *, session: Session, team_id: str, community_id: int, user_id: str, role: Role, assigned_by: str
) -> bool:
    """Give ``role`` and record who gave it; ``False`` when the person already held it."""
    if role.value in roles_of(session=session, team_id=team_id, community_id=community_id, user_id=user_id):
        return False
    try:
        with session.begin_nested():
            session.add(RoleAssignment(team_id=team_id, community_id=community_id, user_id=user_id,
                                       role=role.value, assigned_by=assigned_by))
    except IntegrityError:
        return False
    session.add(RoleChange(team_id=team_id, community_id=community_id, user_id=user_id, role=role.value,
                           change="added", changed_by=assigned_by))
    audit.record(session=session, team_id=team_id, community_id=community_id, user_id=assigned_by,
                 action="role.added", detail=f"{role.value} <@{user_id}>")
    return True


def remove_role(*, session: Session, team_id: str, community_id: int, user_id: str, role: Role,
                removed_by: str) -> bool:
    """Take ``role`` back and record who did; ``False`` when the person did not hold it."""
    rows = session.exec(select(RoleAssignment).where(
        RoleAssignment.team_id == team_id, RoleAssignment.community_id == community_id,
        RoleAssignment.user_id == user_id, RoleAssignment.role == role.value)).all()
    if not rows:
        return False
    for row in rows:
        session.delete(row)
    session.add(RoleChange(team_id=team_id, community_id=community_id, user_id=user_id, role=role.value,
                           change="removed", changed_by=removed_by))
    audit.record(session=session, team_id=team_id, community_id=community_id, user_id=removed_by,
                 action="role.removed", detail=f"{role.value} <@{user_id}>")
    session.flush()
    return True


def role_holders(*, session: Session, team_id: str, community_id: int) -> list[RoleAssignment]:
    """Every role held in the community, oldest first."""
    return list(session.exec(select(RoleAssignment).where(
        RoleAssignment.team_id == team_id, RoleAssignment.community_id == community_id,
    ).order_by(col(RoleAssignment.assigned_at), col(RoleAssignment.id))).all())


def role_history(*, session: Session, team_id: str, community_id: int) -> list[RoleChange]:
    return list(session.exec(select(RoleChange).where(
        RoleChange.team_id == team_id, RoleChange.community_id == community_id,
    ).order_by(col(RoleChange.changed_at), col(RoleChange.id))).all())


def communities_of_person(*, session: Session, team_id: str, user_id: str) -> list[Community]:
    """Communities where the person holds a role or is a known member of the channel."""
    with_role = select(RoleAssignment.community_id).where(RoleAssignment.team_id == team_id,
                                                          RoleAssignment.user_id == user_id)
    member = select(Membership.community_id).where(Membership.team_id == team_id, Membership.user_id == user_id)
    return list(session.exec(select(Community).where(
        Community.team_id == team_id, col(Community.id).in_(with_role.union(member).scalar_subquery()),
    ).order_by(Community.name)).all())


def set_charter(*, session: Session, team_id: str, community_id: int, charter: str) -> Community | None:
    community = get_community(session=session, team_id=team_id, community_id=community_id)
    if community is not None:
        community.charter = charter
        session.add(community)
    return community


EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


def cached_person(*, session: Session, team_id: str, user_id: str, fresh_after: datetime) -> Person | None:
    person = session.get(Person, (team_id, user_id))
    if person is None or person.updated_at < fresh_after:
        return None
    return person


def remember_person(*, session: Session, team_id: str, user_id: str, locale: str | None, timezone: str | None,
                    is_bot: bool = False, home_team_id: str | None = None, name: str | None = None) -> None:
    person = session.get(Person, (team_id, user_id))
    if person is None:
        person = Person(team_id=team_id, user_id=user_id)
    person.locale, person.timezone, person.is_bot, person.updated_at = locale, timezone, is_bot, utcnow()
    person.name = name[:200] if name else None
    person.home_team_id = home_team_id if home_team_id and home_team_id != team_id else None
    try:
        with session.begin_nested():
            session.merge(person)
    except IntegrityError:  # someone else cached the same person at the same moment
        pass


def names_of(*, session: Session, team_id: str, user_ids: list[str]) -> dict[str, str]:
    """The names last cached for these people (as forms showed them)."""
    if not user_ids:
        return {}
    rows = session.exec(select(Person).where(Person.team_id == team_id, col(Person.user_id).in_(user_ids))).all()
    return {p.user_id: p.name for p in rows if p.name}


def set_ranking_opt_in(*, session: Session, team_id: str, user_id: str, opt_in: bool) -> None:
    person = session.get(Person, (team_id, user_id))
    if person is None:
        # Never looked up yet: an old ``updated_at`` makes the profile cache fetch it when needed.
        person = Person(team_id=team_id, user_id=user_id, updated_at=EPOCH)
    person.ranking_opt_in = opt_in
    session.add(person)
    session.flush()


def opted_in(*, session: Session, team_id: str, user_ids: list[str]) -> set[str]:
    """Those of ``user_ids`` who take part in rankings of helpers (``/cop rankings on``)."""
    if not user_ids:
        return set()
    return set(session.exec(select(Person.user_id).where(
        Person.team_id == team_id, col(Person.user_id).in_(user_ids), Person.ranking_opt_in)).all())


def topics_in_use(*, session: Session, team_id: str, community_id: int, limit: int = 500) -> list[str]:
    """The community's topics: those of its lessons, its calls for help and its members' expertise."""
    found: set[str] = set()
    for topics in session.exec(select(Lesson.topics).where(Lesson.team_id == team_id,
                                                           Lesson.community_id == community_id).limit(5000)):
        found.update(topics.split())
    found.update(session.exec(select(HelpRequestTopic.topic).join(
        HelpRequest, col(HelpRequest.id) == col(HelpRequestTopic.help_request_id)).where(
        HelpRequestTopic.team_id == team_id, HelpRequest.community_id == community_id).distinct().limit(limit)))
    found.update(session.exec(select(Expertise.topic).where(
        Expertise.team_id == team_id, Expertise.community_id == community_id).distinct().limit(limit)))
    return sorted(found)[:limit]
