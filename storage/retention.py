"""The end of a community's retention: its old calls for help (with their offers, answers and
credits), reflections, meeting answers and attendance, unanswered searches, untouched profiles and
introductions deleted, each month's figures kept first."""

import json
from datetime import datetime

from sqlalchemy import delete
from sqlmodel import Session, col, select

from storage import follow_ups, gaps, intros, profiles, search
from storage.models import Attendance, HelpRequest, Meeting, MonthlyFigures, Reflection, Rsvp, SearchDocument


def kept(*, session: Session, team_id: str, community_id: int) -> dict[str, dict]:
    """Month (YYYY-MM) → the figures kept for it."""
    rows = session.exec(select(MonthlyFigures).where(MonthlyFigures.team_id == team_id,
                                                     MonthlyFigures.community_id == community_id))
    return {row.month: json.loads(row.figures) for row in rows}


def keep(*, session: Session, team_id: str, community_id: int, month: str, figures: dict) -> None:
    session.add(MonthlyFigures(team_id=team_id, community_id=community_id, month=month,
                               figures=json.dumps(figures, sort_keys=True)))


def purge_before(*, session: Session, team_id: str, community_id: int, before: datetime) -> dict[str, int]:
    """Delete what the retention no longer covers; returns how many of each went."""
    old_calls = select(HelpRequest.id).where(HelpRequest.team_id == team_id, HelpRequest.community_id == community_id,
                                             HelpRequest.created_at < before)
    ids = list(session.exec(old_calls))
    search.remove_documents(session=session, documents=list(session.exec(select(SearchDocument).where(
        SearchDocument.team_id == team_id, SearchDocument.kind == "help", col(SearchDocument.ref_id).in_(ids)))))
    # Offers, answers, credits and topics go with their call (ON DELETE CASCADE).
    calls = session.exec(delete(HelpRequest).where(col(HelpRequest.id).in_(ids))).rowcount if ids else 0
    reflections = session.exec(delete(Reflection).where(
        col(Reflection.team_id) == team_id, col(Reflection.community_id) == community_id,
        col(Reflection.answered_at) < before)).rowcount
    old_meetings = select(Meeting.id).where(Meeting.team_id == team_id, Meeting.community_id == community_id,
                                            Meeting.starts_at < before)
    rsvps = session.exec(delete(Rsvp).where(col(Rsvp.team_id) == team_id,
                                               col(Rsvp.meeting_id).in_(old_meetings))).rowcount
    # Who was at a meeting goes with the answers (the month's figures keep the count).
    attendance = session.exec(delete(Attendance).where(col(Attendance.team_id) == team_id,
                                                          col(Attendance.meeting_id).in_(old_meetings))).rowcount
    searches = gaps.purge_before(session=session, team_id=team_id, community_id=community_id, before=before)
    # A profile its person has not touched for as long as the history is kept is stale personal data.
    stale = profiles.purge_untouched(session=session, team_id=team_id, community_id=community_id, before=before)
    # Facilitators' copies of follow-ups older than that say nothing the Home tab still shows.
    follow_ups.purge_before(session=session, team_id=team_id, community_id=community_id, before=before)
    # Who was introduced to whom, and whether they met (the month's figures keep the counts).
    introductions = intros.purge_before(session=session, team_id=team_id, community_id=community_id, before=before)
    return {"calls": calls, "reflections": reflections, "rsvps": rsvps, "gaps": searches, "attendance": attendance,
            "profiles": stale, "introductions": introductions}
