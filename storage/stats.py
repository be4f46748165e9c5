"""The figures of a community over a period: aggregate queries; no rows of a period come to
Python, not even for the median wait (the database sorts and returns the middle)."""

from collections import Counter
from collections.abc import Set as AbstractSet
from datetime import datetime

from sqlalchemy import case, func
from sqlmodel import Session, col, select

from storage.expertise import DECLARED
from storage.lessons import SHARED
from storage.models import (
    Attendance,
    Expertise,
    GlossaryEntry,
    HelpAnswer,
    HelpCredit,
    HelpOffer,
    HelpRequest,
    HelpStatus,
    Lesson,
    Meeting,
    MeetingStatus,
    Membership,
    Reflection,
    RoleAssignment,
    Rsvp,
)

ASKED = (HelpStatus.OPEN.value, HelpStatus.RESOLVED.value, HelpStatus.CLOSED.value)


def known_people(*, session: Session, team_id: str, community_id: int, at: datetime) -> set[str]:
    """People known in the community before ``at``: members of its channel and role holders."""
    people = set(session.exec(select(Membership.user_id).distinct().where(
        Membership.team_id == team_id, Membership.community_id == community_id, Membership.joined_at < at)).all())
    people |= set(session.exec(select(RoleAssignment.user_id).distinct().where(
        RoleAssignment.team_id == team_id, RoleAssignment.community_id == community_id,
        RoleAssignment.assigned_at < at)).all())
    return people


def members(*, session: Session, team_id: str, community_id: int, at: datetime,
            active: AbstractSet[str] = frozenset()) -> int:
    """People known in the community at ``at`` — in its channel, holding a role — and those ``active``
    in the period ending then (whoever contributed is a member, so active never exceeds members)."""
    return len(known_people(session=session, team_id=team_id, community_id=community_id, at=at) | set(active))


def _contributions(team_id: str, community_id: int, start: datetime, end: datetime) -> list:
    """One query per kind of contribution the bot sees: who did it in [start, end)."""
    in_period = lambda column: (column >= start, column < end)  # noqa: E731
    calls = (HelpRequest.team_id == team_id, HelpRequest.community_id == community_id)
    on_calls = lambda model, who, when: select(who).distinct().join(  # noqa: E731
        HelpRequest, HelpRequest.id == model.help_request_id).where(model.team_id == team_id, *calls,
                                                                   *in_period(when))
    return [
        select(HelpRequest.asker_id).distinct().where(*calls, *in_period(HelpRequest.created_at)),  # asked
        select(HelpRequest.resolved_by).distinct().where(*calls, *in_period(HelpRequest.resolved_at)),  # resolved
        select(HelpRequest.asker_id).distinct().where(*calls, *in_period(HelpRequest.applied_at)),  # a month later
        on_calls(HelpOffer, HelpOffer.user_id, HelpOffer.created_at),  # offers: the button, or ✋
        on_calls(HelpAnswer, HelpAnswer.user_id, HelpAnswer.created_at),  # answers in the call's thread
        on_calls(HelpCredit, HelpCredit.credited_by, HelpCredit.created_at),  # the asker credited helpers
        select(Lesson.author_id).distinct().where(Lesson.team_id == team_id, Lesson.community_id == community_id,
                                                  *in_period(Lesson.created_at)),  # lessons
        select(Lesson.reviewed_by).distinct().where(Lesson.team_id == team_id, Lesson.community_id == community_id,
                                                    *in_period(Lesson.reviewed_at)),  # lesson reviews
        select(Meeting.created_by).distinct().where(Meeting.team_id == team_id, Meeting.community_id == community_id,
                                                    *in_period(Meeting.created_at)),  # meetings planned
        select(Rsvp.user_id).distinct().join(Meeting, col(Meeting.id) == col(Rsvp.meeting_id)).where(
            Rsvp.team_id == team_id, Meeting.community_id == community_id, *in_period(Rsvp.updated_at)),  # RSVPs
        select(Reflection.user_id).distinct().where(Reflection.team_id == team_id,
                                                    Reflection.community_id == community_id,
                                                    *in_period(Reflection.answered_at)),  # quarterly reflections
        select(GlossaryEntry.created_by).distinct().where(GlossaryEntry.team_id == team_id,
                                                          GlossaryEntry.community_id == community_id,
                                                          *in_period(GlossaryEntry.created_at)),  # glossary
        select(Expertise.user_id).distinct().where(Expertise.team_id == team_id,
                                                   Expertise.community_id == community_id,
                                                   Expertise.source == DECLARED,
                                                   *in_period(Expertise.created_at)),  # declared expertise
        select(Membership.mentor_id).distinct().where(Membership.team_id == team_id,
                                                      Membership.community_id == community_id,
                                                      *in_period(Membership.mentor_acted_at)),  # welcomes
    ]


def active_people(*, session: Session, team_id: str, community_id: int, start: datetime, end: datetime) -> set[str]:
    """Who contributed in [start, end): asked, offered (button or ✋), answered in a thread, resolved a
    call, credited a helper, said a month later whether they applied an answer, wrote or reviewed a
    lesson, planned a meeting or answered its invitation, answered the quarterly reflection, added to
    the glossary, declared a topic, or welcomed a newcomer. (Searches are not counted: they are private.)"""
    # DISTINCT in the database: a community has hundreds of people and tens of thousands of rows.
    found: set[str] = set()
    for query in _contributions(team_id, community_id, start, end):
        found.update(session.exec(query).all())
    found.discard(None)
    return found


def quiet_count(*, session: Session, team_id: str, community_id: int, since: datetime, now: datetime) -> int:
    """How many people known before ``since`` have contributed nothing since (see ``active_people``)."""
    known = known_people(session=session, team_id=team_id, community_id=community_id, at=since)
    return len(known - active_people(session=session, team_id=team_id, community_id=community_id, start=since,
                                     end=now))


def call_counts(*, session: Session, team_id: str, community_id: int, start: datetime,
                end: datetime) -> tuple[int, int, int]:
    """(asked, answered, resolved) among the calls asked in [start, end)."""
    asked, answered, resolved = session.exec(select(
        func.count(), func.count(col(HelpRequest.first_answer_at)),
        func.coalesce(func.sum(case((col(HelpRequest.status) == HelpStatus.RESOLVED.value, 1), else_=0)), 0),
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
        seconds = func.extract("epoch", col(HelpRequest.first_answer_at) - HelpRequest.created_at)
    middle = [float(s) for s in session.exec(
        select(seconds).where(*_asked_in(team_id, community_id, start, end),
                              col(HelpRequest.first_answer_at).is_not(None))
        .order_by(seconds).offset((answered - 1) // 2).limit(2 - answered % 2)).all()]
    return sum(middle) / len(middle) / 3600


def _asked_in(team_id: str, community_id: int, start: datetime, end: datetime) -> tuple:
    return (HelpRequest.team_id == team_id, HelpRequest.community_id == community_id,
            col(HelpRequest.status).in_(ASKED), HelpRequest.created_at >= start, HelpRequest.created_at < end)


def time_saved_minutes(*, session: Session, team_id: str, community_id: int, start: datetime, end: datetime) -> int:
    """What askers reported, for calls resolved in [start, end)."""
    total = session.exec(select(func.sum(HelpRequest.time_saved_minutes)).where(
        HelpRequest.team_id == team_id, HelpRequest.community_id == community_id,
        col(HelpRequest.resolved_at) >= start, col(HelpRequest.resolved_at) < end)).one()
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
                  end: datetime) -> tuple[int, int, int]:
    """(meetings held in [start, end), "I'll come" answers to them, people who were there)."""
    held = select(Meeting.id).where(Meeting.team_id == team_id, Meeting.community_id == community_id,
                                    Meeting.status == MeetingStatus.SCHEDULED, Meeting.starts_at >= start,
                                    Meeting.starts_at < end)
    count = session.exec(select(func.count()).select_from(held.subquery())).one()
    yes = session.exec(select(func.count()).select_from(Rsvp).where(
        Rsvp.team_id == team_id, Rsvp.answer == "yes", col(Rsvp.meeting_id).in_(held.scalar_subquery()))).one()
    attended = session.exec(select(func.count()).select_from(Attendance).where(
        Attendance.team_id == team_id, col(Attendance.meeting_id).in_(held.scalar_subquery()))).one()
    return count, yes, attended


def credits(*, session: Session, team_id: str, community_id: int, start: datetime, end: datetime) -> Counter:
    """Credits given by askers, per helper, for calls resolved in [start, end)."""
    rows = session.exec(select(HelpCredit.user_id, func.count()).join(
        HelpRequest, col(HelpRequest.id) == col(HelpCredit.help_request_id)).where(
        HelpCredit.team_id == team_id, HelpRequest.community_id == community_id,
        col(HelpRequest.resolved_at) >= start, col(HelpRequest.resolved_at) < end).group_by(HelpCredit.user_id)).all()
    return Counter(dict(rows))


def value_stories(*, session: Session, team_id: str, community_id: int, start: datetime, end: datetime,
                  limit: int = 3) -> list[tuple[str, int | None]]:
    """(story, minutes saved if the asker said) of calls resolved in [start, end), most time saved first."""
    return [(story, minutes) for story, minutes in session.exec(select(
            HelpRequest.value_story, HelpRequest.time_saved_minutes).where(
        HelpRequest.team_id == team_id, HelpRequest.community_id == community_id,
        col(HelpRequest.value_story).is_not(None), col(HelpRequest.resolved_at) >= start,
        col(HelpRequest.resolved_at) < end,
    ).order_by(col(HelpRequest.time_saved_minutes).desc(), col(HelpRequest.resolved_at).desc()).limit(limit)).all()
        if story is not None]  # the query keeps only calls with a story


def applied_counts(*, session: Session, team_id: str, community_id: int, start: datetime,
                   end: datetime) -> Counter:
    """How askers answered, in [start, end), "did you apply the answer?" (a month after): answer → count."""
    rows = session.exec(select(HelpRequest.applied, func.count()).where(
        HelpRequest.team_id == team_id, HelpRequest.community_id == community_id, col(HelpRequest.applied).is_not(None),
        col(HelpRequest.applied_at) >= start, col(HelpRequest.applied_at) < end).group_by(HelpRequest.applied)).all()
    return Counter(dict(rows))


def change_stories(*, session: Session, team_id: str, community_id: int, start: datetime, end: datetime,
                   limit: int = 3) -> list[str]:
    """What changed, in the askers' words, told in [start, end), the newest first."""
    return [story for story in session.exec(select(HelpRequest.change_story).where(
        HelpRequest.team_id == team_id, HelpRequest.community_id == community_id,
        col(HelpRequest.change_story).is_not(None), col(HelpRequest.applied_at) >= start,
        col(HelpRequest.applied_at) < end,
    ).order_by(col(HelpRequest.applied_at).desc()).limit(limit)).all() if story is not None]
