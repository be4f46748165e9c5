"""Meetings (rencontres) and who said they would come."""

from collections import Counter
from datetime import datetime

from sqlalchemy import delete, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from storage.models import (
    ActionStatus,
    Attendance,
    Meeting,
    MeetingAction,
    MeetingGuest,
    MeetingStatus,
    Minutes,
    Rsvp,
)
from storage.types import utcnow


def create_meeting(*, session: Session, **values) -> Meeting:
    meeting = Meeting(**values)
    session.add(meeting)
    session.flush()
    if meeting.series_id is None:
        meeting.series_id = meeting.id
    return meeting


def get_meeting(*, session: Session, team_id: str, meeting_id: int) -> Meeting | None:
    return session.exec(select(Meeting).where(Meeting.team_id == team_id, Meeting.id == meeting_id)).first()


def upcoming(*, session: Session, team_id: str, community_id: int, after: datetime, limit: int = 10) -> list[Meeting]:
    return list(session.exec(select(Meeting).where(
        Meeting.team_id == team_id, Meeting.community_id == community_id, Meeting.starts_at >= after,
        Meeting.status == MeetingStatus.SCHEDULED).order_by(col(Meeting.starts_at),
                                                            col(Meeting.id)).limit(limit)).all())


def occurrence_after(*, session: Session, team_id: str, series_id: int, starts_at: datetime) -> Meeting | None:
    return session.exec(select(Meeting).where(Meeting.team_id == team_id, Meeting.series_id == series_id,
                                              Meeting.starts_at > starts_at)).first()


def set_rsvp(*, session: Session, team_id: str, meeting_id: int, user_id: str, answer: str) -> bool:
    """Record or change an answer; ``False`` when it was already this answer."""
    existing = session.exec(select(Rsvp).where(Rsvp.team_id == team_id, Rsvp.meeting_id == meeting_id,
                                               Rsvp.user_id == user_id)).first()
    if existing is not None:
        if existing.answer == answer:
            return False
        existing.answer, existing.updated_at = answer, utcnow()
        session.add(existing)
        return True
    try:
        with session.begin_nested():
            session.add(Rsvp(team_id=team_id, meeting_id=meeting_id, user_id=user_id, answer=answer))
    except IntegrityError:
        return False
    return True


def set_attended(*, session: Session, team_id: str, meeting_id: int, user_id: str, source: str = "self") -> bool:
    """Record that someone was there; ``False`` when it already was."""
    if session.exec(select(Attendance.id).where(Attendance.team_id == team_id, Attendance.meeting_id == meeting_id,
                                                Attendance.user_id == user_id)).first() is not None:
        return False
    try:
        with session.begin_nested():
            session.add(Attendance(team_id=team_id, meeting_id=meeting_id, user_id=user_id, source=source))
    except IntegrityError:
        return False
    return True


def attendees(*, session: Session, team_id: str, meeting_id: int) -> list[str]:
    """Who was there, first recorded first."""
    return list(session.exec(select(Attendance.user_id).where(Attendance.team_id == team_id,
                                                              Attendance.meeting_id == meeting_id)
                             .order_by(col(Attendance.id))).all())


def said_yes(*, session: Session, team_id: str, meeting_id: int) -> list[str]:
    """Who answered "I'll come"."""
    return list(session.exec(select(Rsvp.user_id).where(Rsvp.team_id == team_id, Rsvp.meeting_id == meeting_id,
                                                        Rsvp.answer == "yes").order_by(col(Rsvp.id))).all())


def rsvp_counts(*, session: Session, team_id: str, meeting_id: int) -> Counter:
    return Counter(session.exec(select(Rsvp.answer).where(Rsvp.team_id == team_id,
                                                          Rsvp.meeting_id == meeting_id)).all())


def guests(*, session: Session, team_id: str, meeting_id: int) -> list[MeetingGuest]:
    """The meeting's guests from outside Slack, in the order they were written."""
    return list(session.exec(select(MeetingGuest).where(MeetingGuest.team_id == team_id,
                                                        MeetingGuest.meeting_id == meeting_id)
                             .order_by(col(MeetingGuest.id))).all())


def replace_guests(*, session: Session, team_id: str, meeting_id: int, created_by: str,
                   people: list[tuple[str, str, str | None]]) -> None:
    """The form's list of outside guests (name, organisation, email) replaces what was there."""
    session.exec(delete(MeetingGuest).where(col(MeetingGuest.team_id) == team_id,
                                               col(MeetingGuest.meeting_id) == meeting_id))
    for name, organisation, email in people:
        session.add(MeetingGuest(team_id=team_id, meeting_id=meeting_id, name=name, organisation=organisation,
                                 email=email, created_by=created_by))
    session.flush()


def forget_guest_emails(*, session: Session, team_id: str, meeting_id: int) -> None:
    """The meeting is over: the emails, kept only to confirm the guests, go."""
    session.exec(update(MeetingGuest).where(col(MeetingGuest.team_id) == team_id,
                                               col(MeetingGuest.meeting_id) == meeting_id,
                                               col(MeetingGuest.email).is_not(None)).values(email=None))


# -- minutes and their actions ------------------------------------------------------------------

def minutes_of(*, session: Session, team_id: str, meeting_id: int) -> Minutes | None:
    return session.exec(select(Minutes).where(Minutes.team_id == team_id, Minutes.meeting_id == meeting_id)).first()


def actions_of(*, session: Session, team_id: str, minutes_id: int) -> list[MeetingAction]:
    return list(session.exec(select(MeetingAction).where(MeetingAction.team_id == team_id,
                                                         MeetingAction.minutes_id == minutes_id)
                             .order_by(col(MeetingAction.slot))).all())


def get_action(*, session: Session, team_id: str, action_id: int) -> MeetingAction | None:
    return session.exec(select(MeetingAction).where(MeetingAction.team_id == team_id,
                                                    MeetingAction.id == action_id)).first()


def open_actions(*, session: Session, team_id: str, community_id: int | None = None, owner_id: str | None = None,
                 before: datetime | None = None, limit: int = 20) -> list[MeetingAction]:
    """Actions not done yet, soonest due first: a community's (decided at meetings before ``before``), or
    one person's."""
    query = select(MeetingAction).where(MeetingAction.team_id == team_id, MeetingAction.status == ActionStatus.OPEN)
    if community_id is not None:
        query = query.where(MeetingAction.community_id == community_id)
    if owner_id is not None:
        query = query.where(MeetingAction.owner_id == owner_id)
    if before is not None:
        query = query.join(Minutes, col(Minutes.id) == col(MeetingAction.minutes_id)).join(
            Meeting, col(Meeting.id) == col(Minutes.meeting_id)).where(Meeting.starts_at < before)
    return list(session.exec(query.order_by(col(MeetingAction.due_on), col(MeetingAction.id)).limit(limit)).all())
