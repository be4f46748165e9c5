"""The facilitators' weekly digest, Monday 8:30 community time: open calls without an answer,
newcomers, how many members are quiet for 60 days (a count, never names), the next meeting, the
week's lessons, and the three searches most often made in vain.

A digest brings news or is not sent: what each facilitator's last digest said is remembered
(``storage.last_said``), the next one says only what changed since, and a week without news sends
nothing. The first one a facilitator gets says everything."""

from datetime import datetime, time, timedelta

from sqlmodel import Session

from bot import blocks
from bot.i18n import translator
from bot.services import gaps, roles
from bot.services.owed import owe_dm_when_allowed
from bot.services.timing import next_weekday_at
from storage import communities as community_store
from storage import due, last_said, memberships, message_links
from storage import help_requests as help_store
from storage import lessons as lesson_store
from storage import meetings as meeting_store
from storage import stats as stats_store
from storage.models import Community, DueItem

DIGEST_AT = time(8, 30)  # Monday morning, community time
QUIET_FOR = timedelta(days=60)
WEEKLY_DIGEST = "digest.weekly"
CALLS_SHOWN = 5  # open calls listed by their question (the count covers them all)
OPEN_CALLS_REMEMBERED = 500
GAPS_REMEMBERED = 200


def plan_digest(session: Session, community: Community, *, after: datetime) -> None:
    """The next Monday-morning digest, once per community and week."""
    at = next_weekday_at(after, 0, DIGEST_AT, community.timezone)
    due.schedule(session=session, team_id=community.team_id, community_id=community.id, kind=WEEKLY_DIGEST,
                 dedupe_key=f"{WEEKLY_DIGEST}:{community.id}:{at.date().isoformat()}", due_at=at,
                 subject_id=community.id)


def _linked(session: Session, community: Community, items: list, label) -> list[tuple]:
    """``(label(item), link to its message or None)`` for each item posted in Slack."""
    links = message_links.of(session=session, team_id=community.team_id,
                             messages=[(x.channel_id, x.message_ts) for x in items])
    return [(label(x), links.get((x.channel_id, x.message_ts))) for x in items]


def _open_calls_news(session: Session, community: Community, news: blocks.DigestNews, waiting: list,
                     before: dict) -> None:
    """The open calls' count (and the count last said), and the questions of those not listed before."""
    calls = [r.id for r in waiting]
    seen = set(before.get("calls", []))
    news.open_calls, news.open_before = len(calls), len(before["calls"]) if "calls" in before else None
    fresh = [r for r in waiting if r.id not in seen][:CALLS_SHOWN]
    news.calls = _linked(session, community, fresh, lambda r: r.question)


def _meeting_said(upcoming: list) -> list | None:
    """What is remembered of the next meeting, to tell whether it changed."""
    return [upcoming[0].id, upcoming[0].starts_at.isoformat(), upcoming[0].topic] if upcoming else None


def _lessons_news(session: Session, community: Community, news: blocks.DigestNews, since: datetime) -> None:
    """The lessons written since ``since``, apart from the ones to watch."""
    lessons = [x for x in lesson_store.latest_lessons(session=session, team_id=community.team_id,
                                                      community_ids=[community.id], limit=20) if x.created_at >= since]
    linked = _linked(session, community, lessons, lambda x: x.title)
    news.lessons = [pair for pair, x in zip(linked, lessons, strict=True) if x.watch_at is None]
    news.watch = [pair for pair, x in zip(linked, lessons, strict=True) if x.watch_at]


def _news(session: Session, community: Community, now: datetime, last: tuple[dict, datetime] | None
          ) -> tuple[blocks.DigestNews, dict]:
    """What this reader's digest says (everything the first time, then what changed since ``last``), and
    what to remember of it for the next one."""
    key = {"session": session, "team_id": community.team_id, "community_id": community.id}
    before, last_sent = last if last else ({}, None)
    since = last_sent or now - timedelta(days=7)
    _, waiting = help_store.unanswered_open(older_than=now, limit=OPEN_CALLS_REMEMBERED, **key)
    calls = [r.id for r in waiting]
    quiet = stats_store.quiet_count(since=now - QUIET_FOR, now=now, **key)
    upcoming = meeting_store.upcoming(after=now, limit=1, **key)
    meeting = _meeting_said(upcoming)
    found_gaps = gaps.top(session, community, since=since, limit=gaps.IN_DIGEST)
    reported = set(before.get("gaps", []))
    news = blocks.DigestNews(last_sent=last_sent)
    if last is None or calls != before.get("calls"):
        _open_calls_news(session, community, news, waiting, before)
    news.newcomers = [m.user_id for m in memberships.recent_newcomers(since=since, limit=20, **key)]
    if last is None or quiet != before.get("quiet"):
        news.quiet, news.quiet_before = quiet, before.get("quiet")
    news.meeting_changed = last is not None and meeting != before.get("meeting")
    news.next_meeting = (upcoming[0].topic, upcoming[0].starts_at) if upcoming else None
    _lessons_news(session, community, news, since)
    news.gaps = [(g.words, g.times, g.key in reported) for g in found_gaps]
    said = {"calls": calls, "quiet": quiet, "meeting": meeting,
            "gaps": sorted(reported | {g.key for g in found_gaps})[-GAPS_REMEMBERED:]}
    return news, said


def weekly_digest(session: Session, item: DueItem, now: datetime) -> list[int]:
    """Monday morning, to each facilitator: the first digest says everything; the next ones only what
    changed since that person's last one, and a week without news sends nothing. Then next week's."""
    community = community_store.get_community(session=session, team_id=item.team_id, community_id=item.community_id)
    if community is None:
        return []
    plan_digest(session, community, after=now)
    t = translator(community.language)
    ids = []
    for animator in roles.people_for(session, team_id=community.team_id, community_id=community.id,
                                     duty=roles.Duty.FOLLOW_UPS):
        last = last_said.recall(session=session, team_id=community.team_id, community_id=community.id,
                                kind=WEEKLY_DIGEST, user_id=animator)
        news, said = _news(session, community, now, last)
        if not news.anything:
            continue
        digest = blocks.weekly_digest(t, community_name=community.name, channel_id=community.channel_id,
                                      timezone=community.timezone, news=news)
        ids += owe_dm_when_allowed(session, community, key=f"{item.dedupe_key}:{animator}", user_id=animator,
                                   message=digest, now=now)
        last_said.remember(session=session, team_id=community.team_id, community_id=community.id,
                           kind=WEEKLY_DIGEST, user_id=animator, said=said, at=now)
    return ids
