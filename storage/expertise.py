"""Who knows what: declared expertise, content experts' topics, and who helped on a topic."""

from collections import Counter

from sqlalchemy import delete, func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from storage.models import (
    Expertise,
    HelpAnswer,
    HelpCredit,
    HelpRequest,
    HelpRequestTopic,
    HelpStatus,
    Role,
    RoleAssignment,
)

DECLARED = "declared"
WATCH = "watch"  # topics a content expert watches, given with the role


def add_topics(*, session: Session, team_id: str, community_id: int, user_id: str, topics: list[str],
               source: str = DECLARED) -> list[str]:
    """Add topics; returns those that were new."""
    have = set(topics_of(session=session, team_id=team_id, community_id=community_id, user_id=user_id,
                         source=source))
    added = []
    for topic in dict.fromkeys(topics):
        if topic in have:
            continue
        try:
            with session.begin_nested():
                session.add(Expertise(team_id=team_id, community_id=community_id, user_id=user_id, topic=topic,
                                      source=source))
        except IntegrityError:
            continue
        added.append(topic)
    return added


def remove_topics(*, session: Session, team_id: str, community_id: int, user_id: str, topics: list[str] | None,
                  source: str = DECLARED) -> int:
    """Remove the given topics (all of the source's when ``topics`` is None); returns how many went."""
    statement = delete(Expertise).where(col(Expertise.team_id) == team_id, col(Expertise.community_id) == community_id,
                                        col(Expertise.user_id) == user_id, col(Expertise.source) == source)
    if topics is not None:
        statement = statement.where(col(Expertise.topic).in_(topics))
    return session.exec(statement).rowcount or 0


def topics_of(*, session: Session, team_id: str, community_id: int, user_id: str,
              source: str | None = None) -> list[str]:
    query = select(Expertise.topic).where(Expertise.team_id == team_id, Expertise.community_id == community_id,
                                          Expertise.user_id == user_id)
    if source:
        query = query.where(Expertise.source == source)
    return sorted(set(session.exec(query).all()))


def topics_of_person(*, session: Session, team_id: str, user_id: str) -> dict[int, set[str]]:
    """Every topic the person knows, by community."""
    rows = session.exec(select(Expertise.community_id, Expertise.topic).where(
        Expertise.team_id == team_id, Expertise.user_id == user_id)).all()
    found: dict[int, set[str]] = {}
    for community_id, topic in rows:
        found.setdefault(community_id, set()).add(topic)
    return found


def people_for_topics(*, session: Session, team_id: str, community_id: int, topics: list[str]) -> dict[str, set[str]]:
    """Content experts watching, and members who declared, any of ``topics``: user → sources."""
    if not topics:
        return {}
    rows = session.exec(select(Expertise.user_id, Expertise.source).where(
        Expertise.team_id == team_id, Expertise.community_id == community_id, col(Expertise.topic).in_(topics))).all()
    experts = {u for u in session.exec(select(RoleAssignment.user_id).where(
        RoleAssignment.team_id == team_id, RoleAssignment.community_id == community_id,
        RoleAssignment.role == Role.EXPERT.value)).all()}
    found: dict[str, set[str]] = {}
    for user_id, source in rows:
        # A watched topic counts only while its holder is still a content expert.
        if source == WATCH and user_id not in experts:
            continue
        found.setdefault(user_id, set()).add(source)
    return found


def helpers_on_topic(*, session: Session, team_id: str, community_id: int, topic: str) -> Counter:
    """How many resolved calls on ``topic`` each person helped with: credited by the asker, or
    answered in the thread (counted once per call)."""
    on_topic = (select(HelpRequest.id)
                .join(HelpRequestTopic, col(HelpRequestTopic.help_request_id) == col(HelpRequest.id))
                .where(HelpRequest.team_id == team_id, HelpRequest.community_id == community_id,
                       HelpRequest.status == HelpStatus.RESOLVED.value, HelpRequestTopic.topic == topic))
    pairs = set(session.exec(select(HelpCredit.user_id, HelpCredit.help_request_id).where(
        HelpCredit.team_id == team_id, col(HelpCredit.help_request_id).in_(on_topic.scalar_subquery()))).all())
    pairs |= set(session.exec(select(HelpAnswer.user_id, HelpAnswer.help_request_id).where(
        HelpAnswer.team_id == team_id, col(HelpAnswer.help_request_id).in_(on_topic.scalar_subquery()))).all())
    return Counter(user for user, _ in pairs)


def credits_count(*, session: Session, team_id: str, community_id: int) -> Counter:
    rows = session.exec(select(HelpCredit.user_id, func.count()).join(
        HelpRequest, col(HelpRequest.id) == col(HelpCredit.help_request_id)).where(
        HelpCredit.team_id == team_id, HelpRequest.community_id == community_id).group_by(HelpCredit.user_id)).all()
    return Counter(dict(rows))


def watchers(*, session: Session, team_id: str, community_id: int) -> dict[str, set[str]]:
    """The community's content experts (still holding the role) and the topics each watches: user → topics."""
    experts = select(RoleAssignment.user_id).where(
        RoleAssignment.team_id == team_id, RoleAssignment.community_id == community_id,
        RoleAssignment.role == Role.EXPERT.value)
    rows = session.exec(select(Expertise.user_id, Expertise.topic).where(
        Expertise.team_id == team_id, Expertise.community_id == community_id, Expertise.source == WATCH,
        col(Expertise.user_id).in_(experts))).all()
    found: dict[str, set[str]] = {}
    for user_id, topic in rows:
        found.setdefault(user_id, set()).add(topic)
    return found


def declared_by_person(*, session: Session, team_id: str, community_id: int,
                       user_ids: list[str]) -> dict[str, list[str]]:
    """The topics each of these people declared in the community, sorted."""
    if not user_ids:
        return {}
    rows = session.exec(select(Expertise.user_id, Expertise.topic).where(
        Expertise.team_id == team_id, Expertise.community_id == community_id, col(Expertise.user_id).in_(user_ids),
        Expertise.source == DECLARED)).all()
    found: dict[str, set[str]] = {}
    for user_id, topic in rows:
        found.setdefault(user_id, set()).add(topic)
    return {user_id: sorted(topics) for user_id, topics in found.items()}
