"""What one person did in the communities of a workspace over a period: the queries behind their
participation record (``/cop participation``). Only their own rows; never anyone else's."""

from datetime import datetime

from sqlalchemy import func, or_
from sqlmodel import Session, col, select

from storage.lessons import SHARED
from storage.models import (
    Attendance,
    Community,
    HelpAnswer,
    HelpCredit,
    HelpRequest,
    HelpStatus,
    Lesson,
    Meeting,
    MeetingStatus,
    Minutes,
    RoleAssignment,
)


def meetings_attended(*, session: Session, team_id: str, user_id: str, start: datetime,
                      end: datetime) -> list[tuple[datetime, str, int, str]]:
    """(start, topic, minutes, community) of each meeting held in [start, end) they were at, in order."""
    return [(a, b, c, d) for a, b, c, d in session.exec(
        select(Meeting.starts_at, Meeting.topic, Meeting.duration_minutes, Community.name)
        .join(Attendance, col(Attendance.meeting_id) == col(Meeting.id))
        .join(Community, col(Community.id) == col(Meeting.community_id))
        .where(Attendance.team_id == team_id, Attendance.user_id == user_id, Meeting.team_id == team_id,
               Meeting.status == MeetingStatus.SCHEDULED, Meeting.starts_at >= start, Meeting.starts_at < end)
        .order_by(col(Meeting.starts_at), col(Meeting.id))).all()]


def calls_answered(*, session: Session, team_id: str, user_id: str, start: datetime, end: datetime) -> int:
    """Calls for help (of others) they answered in [start, end)."""
    return session.exec(select(func.count(func.distinct(HelpAnswer.help_request_id))).join(
        HelpRequest, col(HelpRequest.id) == col(HelpAnswer.help_request_id)).where(
        HelpAnswer.team_id == team_id, HelpAnswer.user_id == user_id, HelpRequest.asker_id != user_id,
        HelpAnswer.created_at >= start, HelpAnswer.created_at < end)).one()


def calls_resolved_with_them(*, session: Session, team_id: str, user_id: str, start: datetime, end: datetime) -> int:
    """Others' calls resolved in [start, end) with their help: they resolved it, or its asker credited them."""
    credited = select(HelpCredit.help_request_id).where(HelpCredit.team_id == team_id, HelpCredit.user_id == user_id)
    return session.exec(select(func.count()).select_from(HelpRequest).where(
        HelpRequest.team_id == team_id, HelpRequest.status == HelpStatus.RESOLVED, HelpRequest.asker_id != user_id,
        col(HelpRequest.resolved_at) >= start, col(HelpRequest.resolved_at) < end,
        or_(col(HelpRequest.resolved_by) == user_id, col(HelpRequest.id).in_(credited.scalar_subquery())))).one()


def lessons_written(*, session: Session, team_id: str, user_id: str, start: datetime,
                    end: datetime) -> list[tuple[datetime, str, str]]:
    """(when, title, community) of the lessons they wrote and shared in [start, end)."""
    return [(a, b, c) for a, b, c in session.exec(
        select(Lesson.created_at, Lesson.title, Community.name).join(Community,
                                                                     col(Community.id) == col(Lesson.community_id))
        .where(Lesson.team_id == team_id, Lesson.author_id == user_id, Lesson.consent == SHARED,
               Lesson.created_at >= start, Lesson.created_at < end).order_by(col(Lesson.created_at))).all()]


def reviews_done(*, session: Session, team_id: str, user_id: str, start: datetime, end: datetime) -> int:
    """Lessons they reviewed (as content expert) in [start, end) and whose latest review is theirs."""
    return session.exec(select(func.count()).select_from(Lesson).where(
        Lesson.team_id == team_id, Lesson.reviewed_by == user_id, col(Lesson.reviewed_at) >= start,
        col(Lesson.reviewed_at) < end)).one()


def minutes_written(*, session: Session, team_id: str, user_id: str, start: datetime,
                    end: datetime) -> list[tuple[datetime, str, str]]:
    """(meeting's start, topic, community) of the minutes they wrote in [start, end)."""
    return [(a, b, c) for a, b, c in session.exec(
        select(Meeting.starts_at, Meeting.topic, Community.name).join(Minutes,
                                                                      col(Minutes.meeting_id) == col(Meeting.id))
        .join(Community, col(Community.id) == col(Meeting.community_id))
        .where(Minutes.team_id == team_id, Minutes.author_id == user_id, Minutes.created_at >= start,
               Minutes.created_at < end).order_by(col(Meeting.starts_at))).all()]


def roles_held(*, session: Session, team_id: str, user_id: str, before: datetime) -> list[tuple[str, str, datetime]]:
    """(community, role, since) of the roles they hold, given before ``before``."""
    return [(a, b, c) for a, b, c in session.exec(
        select(Community.name, RoleAssignment.role, RoleAssignment.assigned_at)
        .join(Community, col(Community.id) == col(RoleAssignment.community_id))
        .where(RoleAssignment.team_id == team_id, RoleAssignment.user_id == user_id,
               RoleAssignment.assigned_at < before).order_by(Community.name, RoleAssignment.role)).all()]
