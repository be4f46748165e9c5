"""Who relied on a shared practice, told when it changes.

A member relies on a practice when they open it from search or "before you ask" (its *Open* button: Slack
tells the bot who pressed it) or export the library that holds it. When a facilitator records that the
vote asks to revise it, its content is changed once it is a shared practice, or a content expert marks it
obsolete in the review cycle, each of them — never the
person who made the change — is told in one direct message: at 17:00 community time that day (the next
day's after it), or when quiet hours end, so that several practices changed the same day make one message.
"""

from datetime import datetime, time, timedelta

from sqlmodel import Session

from bot import blocks
from bot.i18n import translator
from bot.services.owed import owe_dm_when_allowed
from bot.services.results import Outcome, Result
from bot.services.timing import Quiet, local_time, zone
from storage import communities as community_store
from storage import due, message_links
from storage import lessons as lesson_store
from storage import practices as store
from storage.models import Community, DueItem, Lesson
from storage.types import utcnow

PRACTICE_NEWS = "practice.news"
NEWS_AT = time(17, 0)  # the day's changes, told together at the end of the working day
OPENED, EXPORTED = "opened", "exported"
REVISED, OBSOLETE, UPDATED = "revised", "obsolete", "updated"


def opened(session: Session, *, team_id: str, user_id: str, lesson_id: int) -> Result:
    """A member pressed *Open* on a practice found by search: they rely on it from now on."""
    lesson = lesson_store.get_lesson(session=session, team_id=team_id, lesson_id=lesson_id)
    if lesson is None or lesson.consent != lesson_store.SHARED or not lesson.practice:
        return Result(Outcome.NOT_FOUND)
    store.rely(session=session, team_id=team_id, community_id=lesson.community_id, lesson_ids=[lesson.id],
               user_id=user_id, how=OPENED, now=utcnow())
    return Result(Outcome.DONE)


def exported(session: Session, *, team_id: str, community_id: int, user_id: str,
             lessons: list[tuple[int, str]]) -> None:
    """A member exported the library: they rely on the practices it holds (``lessons``: id, practice)."""
    practices = [lesson_id for lesson_id, practice in lessons if practice]
    if practices:
        store.rely(session=session, team_id=team_id, community_id=community_id, lesson_ids=practices,
                   user_id=user_id, how=EXPORTED, now=utcnow())


def changed(session: Session, lesson: Lesson, *, by: str, news: str) -> None:
    """The practice was revised or made obsolete by ``by``: everyone else who relied on it is owed word of it,
    in the day's one message (planned here, in the transaction of the change)."""
    people = [r for r in store.relying(session=session, team_id=lesson.team_id, lesson_id=lesson.id) if r.user_id != by]
    if not people:
        return
    community = community_store.get_community(session=session, team_id=lesson.team_id, community_id=lesson.community_id)
    if community is None:
        return
    now = utcnow()
    at = _news_time(community, now)
    for row in people:
        row.news, row.news_at = news, now
        session.add(row)
        due.schedule(session=session, team_id=lesson.team_id, community_id=lesson.community_id, kind=PRACTICE_NEWS,
                     dedupe_key=f"{PRACTICE_NEWS}:{lesson.community_id}:{at:%Y%m%dT%H%M}:{row.user_id}",
                     due_at=at, subject_id=row.id)
    session.flush()


def content(lesson: Lesson) -> tuple:
    """What a member relies on in a practice: its words and its link."""
    return (lesson.title, lesson.context, lesson.what_happened, lesson.recommendation, lesson.link)


def edited(session: Session, lesson: Lesson, *, by: str, before: tuple) -> None:
    """A shared practice's content was changed after the community adopted it: who relied on it is told."""
    if lesson.practice == "shared" and content(lesson) != before:
        changed(session, lesson, by=by, news=UPDATED)


def _news_time(community: Community, now: datetime) -> datetime:
    """17:00 community time today, or tomorrow once it is past; later if quiet hours say so."""
    today = now.astimezone(zone(community.timezone)).date()
    at = local_time(today, NEWS_AT, community.timezone)
    if at <= now:
        at = local_time(today + timedelta(days=1), NEWS_AT, community.timezone)
    return Quiet.of(community).next_allowed(at)


def news_job(session: Session, item: DueItem, now: datetime) -> list[int]:
    """One person's message: the practices they relied on that changed since they were last told (nothing
    if none did: they may have been told already, or forgotten)."""
    community = community_store.get_community(session=session, team_id=item.team_id, community_id=item.community_id)
    if community is None:
        return []
    person = item.dedupe_key.rsplit(":", 1)[-1]  # its key ends with whom it is for
    rows = store.untold(session=session, team_id=item.team_id, community_id=community.id, user_id=person)
    if not rows:
        return []
    t = translator(community.language)
    items = [blocks.ChangedPractice(title=lesson.title, news=row.news or REVISED, channel_id=lesson.channel_id,
                                    link=message_links.link(session=session, team_id=item.team_id,
                                                            channel_id=lesson.channel_id, message_ts=lesson.message_ts))
             for row, lesson in rows]
    for row, _ in rows:
        row.told_at = now
        session.add(row)
    session.flush()
    return owe_dm_when_allowed(session, community, key=item.dedupe_key, user_id=person, now=now,
                               message=blocks.practices_changed(t, community_name=community.name, changed=items))
