"""Queries about lessons learned."""

from datetime import date, datetime

from sqlalchemy import func, update
from sqlmodel import Session, col, select

from storage.models import Lesson, SearchDocument

SHARED = "given"  # lessons.consent of a lesson anyone in the community may see
PENDING = "pending"  # saved from someone else's message, waiting for their consent
CURRENT, VALIDATED, OBSOLETE = "current", "validated", "obsolete"  # lessons.standing
LESSON, RESOURCE = "lesson", "resource"  # lessons.kind
RESOURCE_TYPES = ("tool", "template", "guideline", "article", "evidence", "training")  # lessons.resource_type


def create_lesson(*, session: Session, team_id: str, community_id: int, author_id: str, title: str, context: str,
                  what_happened: str, recommendation: str, topics: list[str], channel_id: str,
                  source_channel_id: str | None = None, source_ts: str | None = None,
                  credited_user_id: str | None = None, consent: str = SHARED, kind: str = LESSON,
                  link: str | None = None, resource_type: str | None = None, evidence_level: str | None = None,
                  source_date: date | None = None, watch_at: datetime | None = None) -> Lesson:
    lesson = Lesson(team_id=team_id, community_id=community_id, author_id=author_id, title=title, context=context,
                    what_happened=what_happened, recommendation=recommendation, topics=" ".join(topics),
                    channel_id=channel_id, source_channel_id=source_channel_id, source_ts=source_ts,
                    credited_user_id=credited_user_id, consent=consent, owner_id=author_id, kind=kind, link=link,
                    resource_type=resource_type, evidence_level=evidence_level, source_date=source_date,
                    watch_at=watch_at)
    session.add(lesson)
    session.flush()
    return lesson


def get_lesson(*, session: Session, team_id: str, lesson_id: int) -> Lesson | None:
    return session.exec(select(Lesson).where(Lesson.team_id == team_id, Lesson.id == lesson_id)).first()


def mark_posted(*, session: Session, team_id: str, lesson_id: int, message_ts: str) -> None:
    session.exec(update(Lesson).where(col(Lesson.team_id) == team_id, col(Lesson.id) == lesson_id)
                    .values(message_ts=message_ts))
    session.exec(update(SearchDocument).where(col(SearchDocument.team_id) == team_id,
                                                 col(SearchDocument.kind) == "lesson",
                                                 col(SearchDocument.ref_id) == lesson_id).values(message_ts=message_ts))


def lessons_of(*, session: Session, team_id: str, community_id: int) -> list[Lesson]:
    return list(session.exec(select(Lesson).where(Lesson.team_id == team_id, Lesson.community_id == community_id,
                                                  Lesson.consent == SHARED)
                             .order_by(col(Lesson.created_at), col(Lesson.id))).all())


def latest_lessons(*, session: Session, team_id: str, community_ids: list[int], limit: int = 5) -> list[Lesson]:
    if not community_ids:
        return []
    return list(session.exec(select(Lesson).where(Lesson.team_id == team_id,
                                                  col(Lesson.community_id).in_(community_ids),
                                                  Lesson.consent == SHARED)
                             .order_by(col(Lesson.created_at).desc(), col(Lesson.id).desc()).limit(limit)).all())


def lessons_by_id(*, session: Session, team_id: str, lesson_ids: list[int]) -> list[Lesson]:
    return list(session.exec(select(Lesson).where(Lesson.team_id == team_id, col(Lesson.id).in_(lesson_ids))).all())


def _due(team_id: str, community_id: int, before: datetime) -> tuple:
    """Shared lessons still current or validated whose last review (or, never reviewed, their writing)
    is older than ``before``."""
    return (Lesson.team_id == team_id, Lesson.community_id == community_id, Lesson.consent == SHARED,
            Lesson.standing != OBSOLETE, func.coalesce(Lesson.reviewed_at, Lesson.created_at) < before)


def due_for_review(*, session: Session, team_id: str, community_id: int, before: datetime,
                   limit: int = 1000) -> list[Lesson]:
    """The lessons due for review, the longest unreviewed first."""
    return list(session.exec(select(Lesson).where(*_due(team_id, community_id, before)).order_by(
        func.coalesce(Lesson.reviewed_at, Lesson.created_at), col(Lesson.id)).limit(limit)).all())


def count_due_for_review(*, session: Session, team_id: str, community_id: int, before: datetime) -> int:
    return session.exec(select(func.count()).select_from(Lesson).where(*_due(team_id, community_id, before))).one()
