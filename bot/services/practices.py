"""Shared practices, agreed together: a lesson or resource proposed by a founder, facilitator or content
expert; members discuss it in its card's thread and vote *I adopt · To revise · I abstain* until the day
the proposer set (counted, never named); then a facilitator records the outcome, and a content expert
validates an adopted one: it is a *shared practice*, its history on its card and in search.

Its standing: *promising* while proposed, voted on and awaiting validation; *shared* once validated;
*revised* or *not adopted* otherwise (it may be proposed again).
"""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session

from bot.i18n import N_
from bot.services import audit, lessons, library, reliance
from bot.services.permissions import is_steward
from bot.services.results import Outcome, Result
from storage import communities as community_store
from storage import due
from storage import lessons as lesson_store
from storage import practices as store
from storage.models import DueItem, Lesson, Role
from storage.types import utcnow

PRACTICE_CLOSE = "practice.close"
CLOSE_AT = time(9, 0)  # the morning after the last day of voting, community time
MAX_VOTE_DAYS = 90
OUTCOMES = ("adopted", "revised", "not_adopted")
NOT_PROPOSER = N_("Founders, facilitators and content experts can propose a shared practice.")
NOT_FACILITATOR = N_("A founder or facilitator records the outcome of the vote.")
NOT_EXPERT = N_("A content expert of the community validates a shared practice.")


def _item(session: Session, team_id: str, lesson_id: int) -> tuple[Lesson | None, str, str]:
    lesson = lesson_store.get_lesson(session=session, team_id=team_id, lesson_id=lesson_id)
    if lesson is None or lesson.consent != lesson_store.SHARED:
        return None, "en", "America/Toronto"
    community = community_store.community_of(session=session, team_id=team_id, community_id=lesson.community_id)
    return lesson, community.language, community.timezone


def _today(timezone: str) -> date:
    return utcnow().astimezone(ZoneInfo(timezone)).date()


def _roles(session: Session, lesson: Lesson, user_id: str) -> set[str]:
    return community_store.roles_of(session=session, team_id=lesson.team_id, community_id=lesson.community_id,
                                    user_id=user_id)


def may_propose(session: Session, *, team_id: str, user_id: str, lesson_id: int) -> Result:
    """Whether ``user_id`` may propose it now (the form opens only then); ``detail``: its title, tomorrow."""
    lesson, language, timezone = _item(session, team_id, lesson_id)
    if lesson is None:
        return Result(Outcome.NOT_FOUND, language)
    if not (is_steward(session, team_id=team_id, community_id=lesson.community_id, user_id=user_id)
            or Role.EXPERT.value in _roles(session, lesson, user_id)):
        return Result(Outcome.NOT_ALLOWED, language)
    if lesson.practice in ("promising", "shared"):
        return Result(Outcome.UNCHANGED, language)
    return Result(Outcome.DONE, language, detail={"title": lesson.title,
                                                  "earliest": (_today(timezone) + timedelta(days=1)).isoformat()})


def propose(session: Session, *, team_id: str, user_id: str, lesson_id: int, until: date | None) -> Result:
    """Put it to the vote until ``until`` (tomorrow at the earliest, within 90 days): its card says so."""
    allowed = may_propose(session, team_id=team_id, user_id=user_id, lesson_id=lesson_id)
    if allowed.outcome != Outcome.DONE:
        return allowed
    lesson, language, timezone = _item(session, team_id, lesson_id)
    if lesson is None:  # may_propose found it: not reached
        return Result(Outcome.NOT_FOUND, language)
    today = _today(timezone)
    if until is None or not today < until <= today + timedelta(days=MAX_VOTE_DAYS):
        return Result(Outcome.EMPTY, language)
    store.clear(session=session, team_id=team_id, lesson_id=lesson.id)
    lesson.practice, lesson.proposed_by, lesson.proposed_at, lesson.vote_until = "promising", user_id, utcnow(), until
    lesson.outcome = lesson.outcome_by = lesson.outcome_at = None
    lesson.practice_validated_by = lesson.practice_validated_at = None
    session.add(lesson)
    session.flush()
    lessons.index(session, lesson)
    closes = datetime.combine(until + timedelta(days=1), CLOSE_AT, tzinfo=ZoneInfo(timezone))
    due.schedule(session=session, team_id=team_id, community_id=lesson.community_id, kind=PRACTICE_CLOSE,
                 dedupe_key=f"{PRACTICE_CLOSE}:{lesson.id}:{until.isoformat()}", due_at=closes, subject_id=lesson.id)
    audit.record(session, team_id=team_id, community_id=lesson.community_id, user_id=user_id,
                 action="practice.proposed", detail=f"lesson {lesson.id}")
    return Result(Outcome.DONE, language, detail={"title": lesson.title},
                  outbox_ids=lessons.refresh_card(session, lesson, language))


def vote(session: Session, *, team_id: str, user_id: str, lesson_id: int, choice: str) -> Result:
    """A member's vote (they may change their mind until the vote closes): the card's tally follows."""
    lesson, language, timezone = _item(session, team_id, lesson_id)
    if lesson is None or choice not in store.VOTES:
        return Result(Outcome.NOT_FOUND, language)
    if not library.vote_open(lesson, timezone):
        return Result(Outcome.UNCHANGED, language)
    store.cast(session=session, team_id=team_id, lesson_id=lesson.id, user_id=user_id, vote=choice)
    return Result(Outcome.DONE, language, outbox_ids=lessons.refresh_card(session, lesson, language))


def record_outcome(session: Session, *, team_id: str, user_id: str, lesson_id: int, outcome: str) -> Result:
    """Once the vote has closed, a founder or facilitator records its outcome."""
    lesson, language, timezone = _item(session, team_id, lesson_id)
    if lesson is None or outcome not in OUTCOMES or lesson.practice != "promising":
        return Result(Outcome.NOT_FOUND, language)
    if not is_steward(session, team_id=team_id, community_id=lesson.community_id, user_id=user_id):
        return Result(Outcome.NOT_ALLOWED, language)
    if library.vote_open(lesson, timezone) or lesson.outcome:
        return Result(Outcome.UNCHANGED, language)
    lesson.outcome, lesson.outcome_by, lesson.outcome_at = outcome, user_id, utcnow()
    if outcome != "adopted":
        lesson.practice = outcome
    session.add(lesson)
    session.flush()
    if outcome != "adopted":
        lessons.index(session, lesson)  # no longer a promising practice for search
    if outcome == "revised":
        reliance.changed(session, lesson, by=user_id, news=reliance.REVISED)
    audit.record(session, team_id=team_id, community_id=lesson.community_id, user_id=user_id,
                 action=f"practice.{outcome}", detail=f"lesson {lesson.id}")
    return Result(Outcome.DONE, language, outbox_ids=lessons.refresh_card(session, lesson, language))


def validate(session: Session, *, team_id: str, user_id: str, lesson_id: int) -> Result:
    """A content expert validates an adopted practice: it is the community's shared practice."""
    lesson, language, _ = _item(session, team_id, lesson_id)
    if lesson is None or lesson.practice != "promising" or lesson.outcome != "adopted":
        return Result(Outcome.NOT_FOUND, language)
    if Role.EXPERT.value not in _roles(session, lesson, user_id):
        return Result(Outcome.NOT_ALLOWED, language)
    lesson.practice, lesson.practice_validated_by, lesson.practice_validated_at = "shared", user_id, utcnow()
    session.add(lesson)
    session.flush()
    lessons.index(session, lesson)
    audit.record(session, team_id=team_id, community_id=lesson.community_id, user_id=user_id,
                 action="practice.validated", detail=f"lesson {lesson.id}")
    return Result(Outcome.DONE, language, detail={"title": lesson.title},
                  outbox_ids=lessons.refresh_card(session, lesson, language))


def close_job(session: Session, item: DueItem, now: datetime) -> list[int]:
    """The morning after the last day of voting: the card shows the tally closed, and the outcome buttons."""
    if item.subject_id is None:  # planned without its lesson (``propose`` always names it)
        return []
    lesson = lesson_store.get_lesson(session=session, team_id=item.team_id, lesson_id=item.subject_id)
    if lesson is None or lesson.practice != "promising":
        return []
    return lessons.refresh_card(session, lesson)
