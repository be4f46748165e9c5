"""The community's mission, objectives and strategic themes, and what was done on those themes over a
period (aggregate queries: calls asked and resolved, lessons shared)."""

from datetime import datetime

from sqlalchemy import case, func, literal
from sqlmodel import Session, col, select

from storage.lessons import SHARED
from storage.models import Community, HelpRequest, HelpRequestTopic, HelpStatus, Lesson
from storage.stats import ASKED
from storage.types import utcnow


def set_mission(*, session: Session, community: Community, user_id: str, mission: str, objectives: list[str],
                themes: list[str], asks: str) -> Community:
    """Replace the community's mission, objectives, themes and ask; remember who set them, and when."""
    community.mission, community.objectives = mission, "\n".join(objectives)
    community.themes, community.asks = " ".join(themes), asks
    community.mission_set_by, community.mission_set_at = user_id, utcnow()
    session.add(community)
    session.flush()
    return community


def theme_calls(*, session: Session, team_id: str, community_id: int, themes: list[str], start: datetime,
                end: datetime) -> dict[str, tuple[int, int]]:
    """Theme → (calls asked in [start, end) tagged with it, those of them resolved)."""
    if not themes:
        return {}
    rows = session.exec(select(
        HelpRequestTopic.topic, func.count(),
        func.coalesce(func.sum(case((col(HelpRequest.status) == HelpStatus.RESOLVED.value, 1), else_=0)), 0),
    ).join(HelpRequest, col(HelpRequest.id) == col(HelpRequestTopic.help_request_id)).where(
        HelpRequestTopic.team_id == team_id, col(HelpRequestTopic.topic).in_(themes), HelpRequest.team_id == team_id,
        HelpRequest.community_id == community_id, col(HelpRequest.status).in_(ASKED), HelpRequest.created_at >= start,
        HelpRequest.created_at < end).group_by(HelpRequestTopic.topic)).all()
    return {topic: (int(asked), int(resolved)) for topic, asked, resolved in rows}


def theme_lessons(*, session: Session, team_id: str, community_id: int, theme: str, start: datetime,
                  end: datetime) -> int:
    """Lessons shared in [start, end) that carry the theme among their topics."""
    spaced = literal(" ") + Lesson.topics + literal(" ")
    return session.exec(select(func.count()).select_from(Lesson).where(
        Lesson.team_id == team_id, Lesson.community_id == community_id, Lesson.consent == SHARED,
        Lesson.created_at >= start, Lesson.created_at < end,
        spaced.contains(f" {theme} ", autoescape=True))).one()
