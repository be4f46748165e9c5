"""The animators' weekly digest, Monday 8:30 community time: open calls without an answer,
newcomers, members quiet for 60 days, the next meeting, the week's lessons, and the three searches
most often made in vain."""

from datetime import datetime, time, timedelta

from sqlmodel import Session

from bot import blocks
from bot.i18n import translator
from bot.services import gaps, roles
from bot.services.owed import owe_dm_when_allowed
from bot.services.timing import next_weekday_at
from storage import communities as community_store
from storage import due, memberships, message_links
from storage import help_requests as help_store
from storage import lessons as lesson_store
from storage import meetings as meeting_store
from storage.models import Community, DueItem

DIGEST_AT = time(8, 30)  # Monday morning, community time
QUIET_FOR = timedelta(days=60)
WEEKLY_DIGEST = "digest.weekly"


def plan_digest(session: Session, community: Community, *, after: datetime) -> None:
    """The next Monday-morning digest, once per community and week."""
    at = next_weekday_at(after, 0, DIGEST_AT, community.timezone)
    due.schedule(session=session, team_id=community.team_id, community_id=community.id, kind=WEEKLY_DIGEST,
                 dedupe_key=f"{WEEKLY_DIGEST}:{community.id}:{at.date().isoformat()}", due_at=at,
                 subject_id=community.id)


def weekly_digest(session: Session, item: DueItem, now: datetime) -> list[int]:
    """Monday morning: open calls, newcomers, quiet members, this week's lessons; then next week's."""
    community = community_store.get_community(session=session, team_id=item.team_id, community_id=item.community_id)
    if community is None:
        return []
    plan_digest(session, community, after=now)
    week_ago = now - timedelta(days=7)
    open_count, oldest = help_store.unanswered_open(session=session, team_id=community.team_id,
                                                    community_id=community.id, older_than=now, limit=5)
    newcomers = memberships.recent_newcomers(session=session, team_id=community.team_id, community_id=community.id,
                                             since=week_ago, limit=20)
    quiet = memberships.quiet_members(session=session, team_id=community.team_id, community_id=community.id,
                                      since=now - QUIET_FOR, limit=20)
    lessons = [lesson for lesson in lesson_store.latest_lessons(session=session, team_id=community.team_id,
                                                                community_ids=[community.id], limit=20)
               if lesson.created_at >= week_ago]
    upcoming = meeting_store.upcoming(session=session, team_id=community.team_id, community_id=community.id,
                                      after=now, limit=1)
    links = message_links.of(session=session, team_id=community.team_id,
                             messages=[(x.channel_id, x.message_ts) for x in [*oldest, *lessons]])
    digest = blocks.weekly_digest(translator(community.language), community_name=community.name,
                                  channel_id=community.channel_id, unanswered=open_count,
                                  oldest=[(r.question, links.get((r.channel_id, r.message_ts))) for r in oldest],
                                  newcomers=[m.user_id for m in newcomers], quiet=quiet,
                                  lessons=[(x.title, links.get((x.channel_id, x.message_ts))) for x in lessons],
                                  next_meeting=(upcoming[0].topic, upcoming[0].starts_at) if upcoming else None,
                                  timezone=community.timezone,
                                  gaps=[(g.words, g.times) for g in gaps.top(session, community, since=week_ago,
                                                                              limit=gaps.IN_DIGEST)])
    ids = []
    for animator in roles.people_for(session, team_id=community.team_id, community_id=community.id,
                                     duty=roles.Duty.FOLLOW_UPS):
        ids += owe_dm_when_allowed(session, community, key=f"{item.dedupe_key}:{animator}", user_id=animator,
                                   message=digest, now=now)
    return ids
