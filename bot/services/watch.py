"""Watch (veille): content experts bring news in, members follow topics.

``/cop watch <link> <what is new> #topic`` posts a watch item in the channel; it joins the library as a
resource marked new (``resources.post_watch``). Members follow topics (``/cop follow #topic``); on the
first working day of each month, 9:30 community time, each follower gets ONE direct message with last
month's watch items and newly validated resources on their topics — and nothing when there is none.
The facilitators' weekly digest names the week's watch items (bot/services/digest.py).
"""

from dataclasses import dataclass, field
from datetime import datetime, time

from sqlmodel import Session

from bot import blocks
from bot.i18n import translator
from bot.services.owed import owe_dm_when_allowed
from bot.services.report import month_start
from bot.services.results import Outcome
from bot.services.timing import first_working_day, local_time, zone
from storage import communities as community_store
from storage import due, follows, message_links
from storage.models import Community, DueItem

WATCH_DIGEST = "watch.digest"
DIGEST_AT = time(9, 30)


@dataclass
class Following:
    outcome: Outcome
    language: str = "en"
    changed: list[str] = field(default_factory=list)  # topics followed (or no longer followed) now
    topics: list[str] = field(default_factory=list)  # all the topics followed after the change


def follow(session: Session, *, team_id: str, channel_id: str, user_id: str, topics: list[str],
           stop: bool = False) -> Following:
    """Follow (or, ``stop``, no longer follow) topics of the community; no topic: stop following all of them
    (``stop``), or say which are followed."""
    community = community_store.community_for_channel(session=session, team_id=team_id, channel_id=channel_id)
    if community is None:
        return Following(Outcome.NOT_A_COMMUNITY)
    key = {"session": session, "team_id": team_id, "community_id": community.id, "user_id": user_id}
    before = follows.topics_of(**key)
    if stop:
        follows.unfollow(topics=topics or None, **key)
        changed = [x for x in before if not topics or x in topics]
    else:
        changed = follows.follow(topics=topics, **key)
    return Following(Outcome.DONE, community.language, changed, follows.topics_of(**key))


def plan_watch_digest(session: Session, community: Community, *, after: datetime) -> None:
    """The first working day of the next month, 9:30 community time."""
    first = month_start(after.astimezone(zone(community.timezone)).date(), -1)
    at = local_time(first_working_day(first, community.timezone), DIGEST_AT, community.timezone)
    due.schedule(session=session, team_id=community.team_id, community_id=community.id, kind=WATCH_DIGEST,
                 dedupe_key=f"{WATCH_DIGEST}:{community.id}:{first.isoformat()}", due_at=at, subject_id=community.id)


def watch_digest(session: Session, item: DueItem, now: datetime) -> list[int]:
    """Last month's watch items and newly validated resources, one DM per follower of their topics, only to
    those with something; then next month's planned."""
    community = community_store.get_community(session=session, team_id=item.team_id, community_id=item.community_id)
    if community is None:
        return []
    plan_watch_digest(session, community, after=now)
    tz = zone(community.timezone)
    this_month = month_start(now.astimezone(tz).date())
    last_month = month_start(this_month, 1)
    start, end = (datetime.combine(d, time(0), tzinfo=tz) for d in (last_month, this_month))
    news = follows.news_between(session=session, team_id=community.team_id, community_id=community.id, start=start,
                                end=end)
    if not news:
        return []
    t = translator(community.language)
    links = message_links.of(session=session, team_id=community.team_id,
                             messages=[(x.channel_id, x.message_ts) for x in news])
    ids = []
    for person, topics in sorted(follows.followers(session=session, team_id=community.team_id,
                                                   community_id=community.id).items()):
        theirs = [x for x in news if topics & set(x.topics.split())]
        if not theirs:
            continue
        items = [blocks.WatchNews(title=x.title, url=x.link or "", resource_type=x.resource_type or "",
                                  why=x.recommendation, watch=x.watch_at is not None,
                                  card=links.get((x.channel_id, x.message_ts)) if x.message_ts else None,
                                  topics=sorted(topics & set(x.topics.split()))) for x in theirs]
        message = blocks.watch_digest(t, community_name=community.name, channel_id=community.channel_id,
                                      month=last_month, items=items)
        ids += owe_dm_when_allowed(session, community, key=f"{item.dedupe_key}:{person}", user_id=person,
                                   message=message, now=now)
    return ids
