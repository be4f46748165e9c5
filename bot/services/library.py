"""What the library shows of what search found, for ``/cop search`` and "before you ask" alike: lessons
with their standing (validated by whom and when, or obsolete), resources with their type and link."""

from datetime import UTC, datetime, time
from typing import TypedDict
from zoneinfo import ZoneInfo

from sqlmodel import Session

from bot import blocks
from bot.i18n import Translator, translator
from storage import lessons as lesson_store
from storage import message_links
from storage import practices as practice_store
from storage.models import Lesson
from storage.types import utcnow


def found(session: Session, hits: list, language: str, timezone: str) -> list[blocks.Found]:
    """Search hits as members see them: lessons with their standing (validated by whom and when, or
    obsolete), resources with their type and link."""
    ids = [h.document.ref_id for h in hits if h.document.kind == "lesson"]
    reviewed = {lesson.id: lesson for lesson in lesson_store.lessons_by_id(
        session=session, team_id=hits[0].document.team_id, lesson_ids=ids)} if ids else {}
    links = message_links.of(session=session, team_id=hits[0].document.team_id,
                             messages=[(h.document.channel_id, h.document.message_ts) for h in hits]) if hits else {}
    t = translator(language)
    return [_found_one(session, h, reviewed.get(h.document.ref_id) if h.document.kind == "lesson" else None,
                       links.get((h.document.channel_id, h.document.message_ts)), t, timezone) for h in hits]


def _found_one(session: Session, hit, lesson: Lesson | None, link: str | None, t: Translator,
               timezone: str) -> blocks.Found:
    """One hit: a lesson's or resource's with its standing, type, link and practice; a call for help's as found."""
    doc = hit.document
    if lesson is None:
        return blocks.Found(kind=doc.kind, title=doc.title, body=doc.body, channel_id=doc.channel_id, link=link)
    resource = lesson.kind == lesson_store.RESOURCE
    return blocks.Found(kind=doc.kind, title=doc.title, body=doc.body, channel_id=doc.channel_id, link=link,
                        **standing_of(lesson, t, timezone),
                        resource_type=lesson.resource_type if resource else None,
                        url=lesson.link if resource else None,
                        practice=practice_of(session, lesson, t, timezone) if lesson.practice else None)


class Standing(TypedDict):
    """A library item's review, as its card and search show it."""

    standing: str
    reviewed_by: str | None
    reviewed_on: str  # the day, as the community reads it


def standing_of(lesson: Lesson, t: Translator, timezone: str) -> Standing:
    """A lesson's (or resource's) standing as its card and search show it."""
    return {"standing": lesson.standing, "reviewed_by": lesson.reviewed_by,
            "reviewed_on": t.date(lesson.reviewed_at, timezone) if lesson.reviewed_at else ""}


def vote_open(lesson: Lesson, timezone: str) -> bool:
    """Members may still vote on it: proposed, and its last day of voting not past (community time)."""
    return lesson.practice == "promising" and lesson.vote_until is not None and not lesson.outcome and \
        utcnow().astimezone(ZoneInfo(timezone)).date() <= lesson.vote_until


def practice_of(session: Session, lesson: Lesson, t, timezone: str) -> blocks.Practice:
    """Its standing as a shared practice, as its card and search show it."""
    if not lesson.practice:
        return blocks.Practice(lesson_id=lesson.id)
    tally = practice_store.tally(session=session, team_id=lesson.team_id, lesson_id=lesson.id)

    def day(moment) -> str:
        return t.date(moment, timezone) if moment else ""

    return blocks.Practice(
        lesson_id=lesson.id, practice=lesson.practice, proposed_by=lesson.proposed_by,
        proposed_on=day(lesson.proposed_at),
        vote_until=t.date(datetime.combine(lesson.vote_until, time(12), tzinfo=UTC), "UTC") if lesson.vote_until
        else "", vote_open=vote_open(lesson, timezone), tally=(tally["adopt"], tally["revise"], tally["abstain"]),
        outcome=lesson.outcome, outcome_by=lesson.outcome_by, outcome_on=day(lesson.outcome_at),
        validated_by=lesson.practice_validated_by, validated_on=day(lesson.practice_validated_at))
