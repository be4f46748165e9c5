"""What the library shows of what search found, for ``/cop search`` and "before you ask" alike: lessons
with their standing (validated by whom and when, or obsolete), resources with their type and link."""

from sqlmodel import Session

from bot import blocks
from bot.i18n import translator
from storage import lessons as lesson_store
from storage import message_links
from storage.models import Lesson


def found(session: Session, hits: list, language: str, timezone: str) -> list[blocks.Found]:
    """Search hits as members see them: lessons with their standing (validated by whom and when, or
    obsolete), resources with their type and link."""
    ids = [h.document.ref_id for h in hits if h.document.kind == "lesson"]
    reviewed = {lesson.id: lesson for lesson in lesson_store.lessons_by_id(
        session=session, team_id=hits[0].document.team_id, lesson_ids=ids)} if ids else {}
    links = message_links.of(session=session, team_id=hits[0].document.team_id,
                             messages=[(h.document.channel_id, h.document.message_ts) for h in hits]) if hits else {}
    out = []
    for h in hits:
        lesson = reviewed.get(h.document.ref_id) if h.document.kind == "lesson" else None
        out.append(blocks.Found(kind=h.document.kind, title=h.document.title, body=h.document.body,
                                channel_id=h.document.channel_id,
                                link=links.get((h.document.channel_id, h.document.message_ts)),
                                **(standing_of(lesson, translator(language), timezone) if lesson else {}),
                                **({"resource_type": lesson.resource_type, "url": lesson.link}
                                   if lesson and lesson.kind == lesson_store.RESOURCE else {})))
    return out


def standing_of(lesson: Lesson, t, timezone: str) -> dict:
    """A lesson's (or resource's) standing as its card and search show it."""
    return {"standing": lesson.standing, "reviewed_by": lesson.reviewed_by,
            "reviewed_on": t.date(lesson.reviewed_at, timezone) if lesson.reviewed_at else ""}
