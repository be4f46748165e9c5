"""Lesson stewardship: a library its content experts (veilleurs) keep true.

Each lesson is due for review the community's ``review_months`` (12 by default) after it was written
or last reviewed. On the first working day of each month, 10:00 community time, each content expert
gets the due lessons on the topics they watch, with *Still true*, *Update* and *Obsolete*; a lesson no
content expert watches goes to its owner (its author, or the content expert who last reviewed it).
Validated lessons show who validated them and rank higher in search; obsolete ones say so and come
last (bot/services/lessons.py, storage/search.py). Animators see on their Home how many are overdue.
"""

import calendar
from datetime import datetime, time

from sqlmodel import Session

from bot import blocks
from bot.i18n import translator
from bot.services.owed import owe_dm_when_allowed
from bot.services.report import month_start
from bot.services.timing import first_working_day, local_time, zone
from storage import communities as community_store
from storage import due, message_links
from storage import expertise as expertise_store
from storage import lessons as store
from storage.models import Community, DueItem, Lesson

LESSON_REVIEW = "lessons.review"
REVIEW_AT = time(10, 0)
MIN_MONTHS, MAX_MONTHS = 1, 60


def months_before(moment: datetime, months: int) -> datetime:
    """The same instant ``months`` months earlier (the last day of a shorter month when needed)."""
    index = moment.year * 12 + moment.month - 1 - months
    year, month = index // 12, index % 12 + 1
    return moment.replace(year=year, month=month, day=min(moment.day, calendar.monthrange(year, month)[1]))


def review_cutoff(community: Community, now: datetime) -> datetime:
    """Lessons last reviewed (or written) before this are due."""
    return months_before(now, community.review_months)


def overdue(session: Session, community: Community, now: datetime) -> int:
    return store.count_due_for_review(session=session, team_id=community.team_id, community_id=community.id,
                                      before=review_cutoff(community, now))


def plan_review(session: Session, community: Community, *, after: datetime) -> None:
    """The first working day of the next month, 10:00 community time."""
    first = month_start(after.astimezone(zone(community.timezone)).date(), -1)
    at = local_time(first_working_day(first, community.timezone), REVIEW_AT, community.timezone)
    due.schedule(session=session, team_id=community.team_id, community_id=community.id, kind=LESSON_REVIEW,
                 dedupe_key=f"{LESSON_REVIEW}:{community.id}:{first.isoformat()}", due_at=at, subject_id=community.id)


def reviewers(session: Session, community: Community, lessons: list[Lesson]) -> dict[str, list[Lesson]]:
    """Who reviews what: the content experts watching one of a lesson's topics; else its owner."""
    watching = expertise_store.watchers(session=session, team_id=community.team_id, community_id=community.id)
    assigned: dict[str, list[Lesson]] = {}
    for lesson in lessons:
        topics = set(lesson.topics.split())
        people = sorted(u for u, watched in watching.items() if watched & topics) or \
            [lesson.owner_id or lesson.author_id]
        for person in people:
            assigned.setdefault(person, []).append(lesson)
    return assigned


def _item(session: Session, t, lesson: Lesson, timezone: str) -> blocks.ReviewItem:
    if lesson.reviewed_at and lesson.reviewed_by:
        last = t.gettext("validated by <@{user}> on {day}", user=lesson.reviewed_by,
                         day=t.date(lesson.reviewed_at, timezone))
    else:
        last = t.gettext("written on {day}", day=t.date(lesson.created_at, timezone))
    link = message_links.link(session=session, team_id=lesson.team_id, channel_id=lesson.channel_id,
                              message_ts=lesson.message_ts)
    return blocks.ReviewItem(id=lesson.id, title=lesson.title, channel_id=lesson.channel_id, link=link,
                             author_id=lesson.author_id, topics=lesson.topics.split(), last=last,
                             icon=blocks.RESOURCE_ICONS.get(lesson.resource_type or "", ":bulb:"))


def review_job(session: Session, item: DueItem, now: datetime) -> list[int]:
    """The month's review requests, one DM per reviewer; then next month's planned."""
    community = community_store.get_community(session=session, team_id=item.team_id, community_id=item.community_id)
    if community is None:
        return []
    plan_review(session, community, after=now)
    lessons = store.due_for_review(session=session, team_id=community.team_id, community_id=community.id,
                                   before=review_cutoff(community, now))
    t = translator(community.language)
    ids = []
    for person, theirs in sorted(reviewers(session, community, lessons).items()):
        shown = theirs[:blocks.REVIEWS_PER_MESSAGE]
        message = blocks.review_request(t, community_name=community.name, channel_id=community.channel_id,
                                        items=[_item(session, t, lesson, community.timezone) for lesson in shown],
                                        more=len(theirs) - len(shown), months=community.review_months)
        ids += owe_dm_when_allowed(session, community, key=f"{item.dedupe_key}:{person}", user_id=person,
                                   message=message, now=now)
    return ids
