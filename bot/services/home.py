"""The App Home: what concerns one person, across their communities, in one glance.

Every list is a bounded query (newest first, a few rows), so the Home opens as fast for a
community with thousands of calls for help as for a new one.
"""

from collections.abc import Sequence
from datetime import timedelta

from sqlmodel import Session

from bot import blocks
from bot.services import follow_ups, minutes, profiles, stewardship, tool_problems
from bot.services.permissions import STEWARD_ROLES
from storage import communities as community_store
from storage import due, memberships, message_links, outbox
from storage import expertise as expertise_store
from storage import help_requests as help_store
from storage import lessons as lesson_store
from storage.models import Community, HelpRequest
from storage.types import utcnow

FOLLOW_UP_AFTER = timedelta(hours=24)
NEWCOMER_WINDOW = timedelta(days=30)
LIST_SIZE = 5
COMMUNITIES_SHOWN = 10


def _call(session: Session, request: HelpRequest, topics: Sequence[str] = ()) -> blocks.HomeCall:
    link = message_links.link(session=session, team_id=request.team_id, channel_id=request.channel_id,
                              message_ts=request.message_ts)
    return blocks.HomeCall(id=request.id, question=request.question, channel_id=request.channel_id, link=link,
                           asker_id=request.asker_id, created_at=request.created_at, topics=list(topics))


def community_channels(session: Session, *, team_id: str, user_id: str) -> list[str]:
    """The channels of the communities the person is known in (to ask Slack whether they still are)."""
    return [c.channel_id for c in community_store.communities_of_person(session=session, team_id=team_id,
                                                                        user_id=user_id)]


def _places(session: Session, team_id: str, user_id: str, communities: list[Community]
            ) -> tuple[list[blocks.HomeCommunity], list[Community]]:
    """The communities shown with the person's roles there, and those of them the person stewards."""
    places = []
    stewarded = []
    for community in communities[:COMMUNITIES_SHOWN]:
        held = community_store.roles_of(session=session, team_id=team_id, community_id=community.id, user_id=user_id)
        places.append(blocks.HomeCommunity(name=community.name, channel_id=community.channel_id,
                                           roles=sorted(held), language=community.language))
        if held & STEWARD_ROLES:
            stewarded.append(community)
    return places, stewarded


def _matching(session: Session, team_id: str, user_id: str, ids: list[int]) -> list[blocks.HomeCall]:
    """Others' open calls on the topics the person declared, in each community (newest first)."""
    known = expertise_store.topics_of_person(session=session, team_id=team_id, user_id=user_id)
    matching = []
    for community_id, topics in known.items():
        if community_id not in ids:
            continue
        for request in help_store.open_calls(session=session, team_id=team_id, community_ids=[community_id],
                                             topics=topics, exclude_asker=user_id, limit=LIST_SIZE):
            on = help_store.topics_of(session=session, team_id=team_id, help_request_id=request.id)
            matching.append(_call(session, request, [t for t in on if t in topics]))
    return sorted(matching, key=lambda c: c.created_at, reverse=True)[:LIST_SIZE]


def _lessons(session: Session, team_id: str, ids: list[int]) -> list[blocks.HomeLesson]:
    return [blocks.HomeLesson(title=lesson.title, channel_id=lesson.channel_id, author_id=lesson.author_id,
                              resource_type=lesson.resource_type,
                              link=message_links.link(session=session, team_id=team_id,
                                                      channel_id=lesson.channel_id, message_ts=lesson.message_ts))
            for lesson in lesson_store.latest_lessons(session=session, team_id=team_id, community_ids=ids,
                                                      limit=LIST_SIZE)]


def _facilitation(session: Session, team_id: str, stewarded: list[Community]) -> list[blocks.HomeAnimation]:
    """For each community the person stewards: unanswered calls, newcomers, undelivered messages, overdue
    lessons and follow-ups taken lately."""
    animated = []
    now = utcnow()
    failed, reason = outbox.failures_since(session=session, team_id=team_id, since=now - NEWCOMER_WINDOW)
    for community in stewarded:
        count, oldest = help_store.unanswered_open(session=session, team_id=team_id, community_id=community.id,
                                                   older_than=now - FOLLOW_UP_AFTER, limit=LIST_SIZE)
        newcomers = memberships.recent_newcomers(session=session, team_id=team_id, community_id=community.id,
                                                 since=now - NEWCOMER_WINDOW, limit=LIST_SIZE)
        animated.append(blocks.HomeAnimation(
            name=community.name, channel_id=community.channel_id, unanswered=count,
            oldest_unanswered=[_call(session, r) for r in oldest],
            newcomers=[blocks.HomeNewcomer(user_id=m.user_id, joined_at=m.joined_at, mentor_id=m.mentor_id,
                                           mentor_acted=m.mentor_acted_at is not None) for m in newcomers],
            undelivered=failed + due.failures(session=session, team_id=team_id, community_id=community.id),
            undelivered_reason=reason, overdue_lessons=stewardship.overdue(session, community, now),
            language=community.language, taken=follow_ups.taken_lately(session, community, now)))
    return animated


def home(session: Session, *, team_id: str, user_id: str, timezone: str | None,
         channels: set[str] | None = None, directory: blocks.DirectoryFilters | None = None) -> blocks.Home:
    """What the Home tab shows ``user_id`` (in their time zone, which Slack gave before the session);
    ``channels``: only the communities of these channels (those Slack says the person is in now);
    ``directory``: what the person chose in the directory's filters."""
    everywhere = community_store.communities_of_person(session=session, team_id=team_id, user_id=user_id)
    communities = [c for c in everywhere if channels is None or c.channel_id in channels]
    ids = [c.id for c in communities]
    places, stewarded = _places(session, team_id, user_id, communities)
    mine = [_call(session, r) for r in help_store.open_calls(session=session, team_id=team_id, community_ids=ids,
                                                     asker_id=user_id, limit=LIST_SIZE)]
    matching = _matching(session, team_id, user_id, ids)
    lessons = _lessons(session, team_id, ids)
    animated = _facilitation(session, team_id, stewarded)
    return blocks.Home(communities=places, more_communities=max(0, len(communities) - COMMUNITIES_SHOWN),
                                 my_calls=mine, matching_calls=matching, lessons=lessons, animated=animated,
                                 timezone=timezone or "America/Toronto",
                                 my_actions=minutes.my_open_actions(session, team_id=team_id, user_id=user_id),
                                 directory=profiles.directory(session, team_id=team_id, communities=communities,
                                                              filters=directory or blocks.DirectoryFilters()),
                                 # Whoever fixes the tools sees their problems, in the channel or not (a
                                 # bot removed from a private channel cannot even say who is in it).
                                 tools=tool_problems.home_lines(session, team_id=team_id, user_id=user_id,
                                                                communities=everywhere))
