"""The figures of a community over a period: aggregate queries; no rows of a period come to
Python, not even for the median wait (the database sorts and returns the middle)."""

from collections import Counter
from datetime import datetime

from sqlalchemy import case, func
from sqlmodel import Session, select

from storage.lessons import SHARED
from storage.models import (
    HelpAnswer,
    HelpCredit,
    HelpOffer,
    HelpRequest,
    HelpStatus,
    Lesson,
    Meeting,
    MeetingStatus,
    Membership,
    RoleAssignment,
    Rsvp,
)

ASKED = (HelpStatus.OPEN.value, HelpStatus.RESOLVED.value, HelpStatus.CLOSED.value)


def members(*, session: Session, team_id: str, community_id: int, at: datetime) -> int:
    """People known in the community at ``at``: members of its channel and role holders."""
    people = set(session.exec(select(Membership.user_id).distinct().where(
        Membership.team_id == team_id, Membership.community_id == community_id, Membership.joined_at < at)).all())
    people |= set(session.exec(select(RoleAssignment.user_id).distinct().where(
        RoleAssignment.team_id == team_id, RoleAssignment.community_id == community_id,
        RoleAssignment.assigned_at < at)).all())
    return len(people)


def active_people(*, session: Session, team_id: str, community_id: int, start: datetime, end: datetime) -> set[str]:
    """Who asked, offered, answered or shared a lesson in [start, end)."""
    # DISTINCT in the database: a community has hundreds of people and tens of thousands of rows.
    found = set(session.exec(select(HelpRequest.asker_id).distinct().where(
        HelpRequest.team_id == team_id, HelpRequest.community_id == community_id,
        HelpRequest.created_at >= start, HelpRequest.created_at < end)).all())
    for model in (HelpOffer, HelpAnswer):
        # Offers and answers of the period (by their date), on this community's calls.
        found |= set(session.exec(select(model.user_id).distinct().join(
            HelpRequest, HelpRequest.id == model.help_request_id).where(
            model.team_id == team_id, model.created_at >= start, model.created_at < end,
            HelpRequest.community_id == community_id)).all())
    found |= set(session.exec(select(Lesson.author_id).distinct().where(
        Lesson.team_id == team_id, Lesson.community_id == community_id, Lesson.created_at >= start,
        Lesson.created_at < end)).all())
    return found


def call_counts(*, session: Session, team_id: str, community_id: int, start: datetime,
                end: datetime) -> tuple[int, int, int]:
    """(asked, answered, resolved) among the calls asked in [start, end)."""
    asked, answered, resolved = session.exec(select(
        func.count(), func.count(HelpRequest.first_answer_at),
        func.coalesce(func.sum(case((HelpRequest.status == HelpStatus.RESOLVED.value, 1), else_=0)), 0),
    ).where(*_asked_in(team_id, community_id, start, end))).one()
    return asked, answered, resolved


def median_first_answer_hours(*, session: Session, team_id: str, community_id: int, start: datetime,
                              end: datetime, answered: int) -> float | None:
    """Median hours from the question to its first answer, over the ``answered`` calls asked in
    [start, end) that got one. The database sorts the waits and returns the middle one or two:
    years of calls stay in the database, not in Python as rows of datetimes."""
    if not answered:
        return None
    if session.get_bind().dialect.name == "sqlite":
        # Naive UTC text, which julianday() reads; a double in days, so round to the millisecond.
        seconds = func.round((func.julianday(HelpRequest.first_answer_at) - func.julianday(HelpRequest.created_at))
                             * 86400, 3)
    else:
        seconds = func.extract("epoch", HelpRequest.first_answer_at - HelpRequest.created_at)
    middle = [float(s) for s in session.exec(
        select(seconds).where(*_asked_in(team_id, community_id, start, end),
                              HelpRequest.first_answer_at.is_not(None))
        .order_by(seconds).offset((answered - 1) // 2).limit(2 - answered % 2)).all()]
    return sum(middle) / len(middle) / 3600


def _asked_in(team_id: str, community_id: int, start: datetime, end: datetime) -> tuple:
    return (HelpRequest.team_id == team_id, HelpRequest.community_id == community_id,
            HelpRequest.status.in_(ASKED), HelpRequest.created_at >= start, HelpRequest.created_at < end)


def time_saved_minutes(*, session: Session, team_id: str, community_id: int, start: datetime, end: datetime) -> int:
    """What askers reported, for calls resolved in [start, end)."""
    total = session.exec(select(func.sum(HelpRequest.time_saved_minutes)).where(
        HelpRequest.team_id == team_id, HelpRequest.community_id == community_id,
        HelpRequest.resolved_at >= start, HelpRequest.resolved_at < end)).one()
    return int(total or 0)


def library_help(*, session: Session, team_id: str, community_id: int, start: datetime, end: datetime) -> int:
    return session.exec(select(func.count()).select_from(HelpRequest).where(
        HelpRequest.team_id == team_id, HelpRequest.community_id == community_id,
        HelpRequest.status == HelpStatus.LIBRARY.value, HelpRequest.created_at >= start,
        HelpRequest.created_at < end)).one()


def lessons(*, session: Session, team_id: str, community_id: int, start: datetime, end: datetime) -> int:
    return session.exec(select(func.count()).select_from(Lesson).where(
        Lesson.team_id == team_id, Lesson.community_id == community_id, Lesson.created_at >= start,
        Lesson.created_at < end, Lesson.consent == SHARED)).one()


def meetings_held(*, session: Session, team_id: str, community_id: int, start: datetime,
                  end: datetime) -> tuple[int, int]:
    """(meetings held in [start, end), "I'll come" answers to them)."""
    held = select(Meeting.id).where(Meeting.team_id == team_id, Meeting.community_id == community_id,
                                    Meeting.status == MeetingStatus.SCHEDULED, Meeting.starts_at >= start,
                                    Meeting.starts_at < end)
    count = session.exec(select(func.count()).select_from(held.subquery())).one()
    yes = session.exec(select(func.count()).select_from(Rsvp).where(
        Rsvp.team_id == team_id, Rsvp.answer == "yes", Rsvp.meeting_id.in_(held.scalar_subquery()))).one()
    return count, yes


def credits(*, session: Session, team_id: str, community_id: int, start: datetime, end: datetime) -> Counter:
    """Credits given by askers, per helper, for calls resolved in [start, end)."""
    rows = session.exec(select(HelpCredit.user_id, func.count()).join(
        HelpRequest, HelpRequest.id == HelpCredit.help_request_id).where(
        HelpCredit.team_id == team_id, HelpRequest.community_id == community_id,
        HelpRequest.resolved_at >= start, HelpRequest.resolved_at < end).group_by(HelpCredit.user_id)).all()
    return Counter(dict(rows))


def value_stories(*, session: Session, team_id: str, community_id: int, start: datetime, end: datetime,
                  limit: int = 3) -> list[tuple[str, int]]:
    """(story, minutes saved) of calls resolved in [start, end), most time saved first."""
    return list(session.exec(select(HelpRequest.value_story, HelpRequest.time_saved_minutes).where(
        HelpRequest.team_id == team_id, HelpRequest.community_id == community_id,
        HelpRequest.value_story.is_not(None), HelpRequest.resolved_at >= start, HelpRequest.resolved_at < end,
    ).order_by(HelpRequest.time_saved_minutes.desc(), HelpRequest.resolved_at.desc()).limit(limit)).all())


def applied_counts(*, session: Session, team_id: str, community_id: int, start: datetime,
                   end: datetime) -> Counter:
    """How askers answered, in [start, end), "did you apply the answer?" (a month after): answer → count."""
    rows = session.exec(select(HelpRequest.applied, func.count()).where(
        HelpRequest.team_id == team_id, HelpRequest.community_id == community_id, HelpRequest.applied.is_not(None),
        HelpRequest.applied_at >= start, HelpRequest.applied_at < end).group_by(HelpRequest.applied)).all()
    return Counter(dict(rows))


def change_stories(*, session: Session, team_id: str, community_id: int, start: datetime, end: datetime,
                   limit: int = 3) -> list[str]:
    """What changed, in the askers' words, told in [start, end), the newest first."""
    return list(session.exec(select(HelpRequest.change_story).where(
        HelpRequest.team_id == team_id, HelpRequest.community_id == community_id,
        HelpRequest.change_story.is_not(None), HelpRequest.applied_at >= start, HelpRequest.applied_at < end,
    ).order_by(HelpRequest.applied_at.desc()).limit(limit)).all())
