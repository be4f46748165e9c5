"""Queries about the topics members follow, and the watch items and validated resources they hear of."""

from datetime import datetime

from sqlalchemy import and_, delete, or_
from sqlmodel import Session, col, select

from storage.lessons import OBSOLETE, RESOURCE, SHARED, VALIDATED
from storage.models import Lesson, TopicFollow


def follow(*, session: Session, team_id: str, community_id: int, user_id: str, topics: list[str]) -> list[str]:
    """Follow these topics; the ones newly followed."""
    held = set(topics_of(session=session, team_id=team_id, community_id=community_id, user_id=user_id))
    added = [topic for topic in dict.fromkeys(topics) if topic not in held]
    session.add_all([TopicFollow(team_id=team_id, community_id=community_id, user_id=user_id, topic=topic)
                     for topic in added])
    session.flush()
    return added


def unfollow(*, session: Session, team_id: str, community_id: int, user_id: str, topics: list[str] | None) -> int:
    """Stop following these topics (``None``: all of them); how many were followed."""
    where = [col(TopicFollow.team_id) == team_id, col(TopicFollow.community_id) == community_id,
             col(TopicFollow.user_id) == user_id]
    if topics is not None:
        where.append(col(TopicFollow.topic).in_(topics))
    return session.exec(delete(TopicFollow).where(*where)).rowcount


def topics_of(*, session: Session, team_id: str, community_id: int, user_id: str) -> list[str]:
    return list(session.exec(select(TopicFollow.topic).where(
        TopicFollow.team_id == team_id, TopicFollow.community_id == community_id, TopicFollow.user_id == user_id)
        .order_by(TopicFollow.topic)).all())


def followers(*, session: Session, team_id: str, community_id: int) -> dict[str, set[str]]:
    """Each follower of the community's topics → the topics they follow."""
    out: dict[str, set[str]] = {}
    for user_id, topic in session.exec(select(TopicFollow.user_id, TopicFollow.topic).where(
            TopicFollow.team_id == team_id, TopicFollow.community_id == community_id)).all():
        out.setdefault(user_id, set()).add(topic)
    return out


def news_between(*, session: Session, team_id: str, community_id: int, start: datetime, end: datetime) -> list[Lesson]:
    """What followers hear of for a period: the watch items posted in it, and the resources validated in it
    (not obsolete since), oldest first."""
    return list(session.exec(select(Lesson).where(
        Lesson.team_id == team_id, Lesson.community_id == community_id, Lesson.consent == SHARED,
        Lesson.standing != OBSOLETE,
        or_(and_(col(Lesson.watch_at) >= start, col(Lesson.watch_at) < end),
            and_(col(Lesson.kind) == RESOURCE, col(Lesson.standing) == VALIDATED, col(Lesson.reviewed_at) >= start,
                 col(Lesson.reviewed_at) < end))).order_by(col(Lesson.created_at), col(Lesson.id))).all())
