"""Who may see and act on a community: the members of its channel, as Slack says, asked with no
transaction open and remembered for a minute.

A private community must never be offered, shown or written to someone outside its channel, and a
request's payload is never taken at its word: a form's metadata or a button's value names a
community, the stored row says which channel is its home, and Slack says who is in that channel.
"""

import logging
import threading
import time

from bot.runtime import Runtime
from bot.services import help_requests, meetings
from bot.slack_terms import SlackRefused

logger = logging.getLogger(__name__)
FRESH_SECONDS = 60.0

_lock = threading.Lock()


def channel_members(runtime: Runtime, team_id: str, channel_id: str) -> frozenset[str]:
    """Who is in the channel now (a minute ago at most); nobody when Slack will not say."""
    key = (team_id, channel_id)
    now = time.monotonic()
    with _lock:
        known = runtime.channel_members.get(key)
    if known is not None and now - known[0] < FRESH_SECONDS:
        return known[1]
    try:
        members = frozenset(runtime.slack(team_id).channel_members(channel_id))
    except SlackRefused as refused:  # the bot is not in it, or it is gone: nobody may act through it
        logger.warning("Could not list the members of channel %s (%s): access refused", channel_id, refused.error)
        members = frozenset()
    with _lock:
        runtime.channel_members[key] = (now, members)
    return members


def is_member(runtime: Runtime, *, team_id: str, channel_id: str, user_id: str) -> bool:
    return bool(channel_id) and user_id in channel_members(runtime, team_id, channel_id)


def places_offered(runtime: Runtime, request, here: str | None,
                   choices: list[tuple[str, str]]) -> tuple[str | None, list[tuple[str, str]]]:
    """Where the person may put what they make from a message: the channel's community if they are in
    its channel, else the communities (name, channel) whose channel they are in — a private one is never
    even named to anyone else. Both empty: nowhere."""
    if here and is_member(runtime, team_id=request.team_id, channel_id=here, user_id=request.user_id):
        return here, []
    return None, [(name, channel) for name, channel in choices
                  if is_member(runtime, team_id=request.team_id, channel_id=channel, user_id=request.user_id)]


def forget(runtime: Runtime, team_id: str, channel_id: str) -> None:
    """Someone joined or left: ask Slack again next time."""
    with _lock:
        runtime.channel_members.pop((team_id, channel_id), None)


def in_call_channel(runtime: Runtime, request, help_request_id: int | None) -> bool:
    """The person is in the channel of this call for help (the stored call says which)."""
    with runtime.db.reading() as session:
        channel = help_requests.channel_of(session, team_id=request.team_id, help_request_id=help_request_id)
    return bool(channel) and is_member(runtime, team_id=request.team_id, channel_id=channel, user_id=request.user_id)


def in_meeting_community(runtime: Runtime, request, meeting_id: int | None) -> bool:
    """The person is in the channel of the community holding this meeting."""
    with runtime.db.reading() as session:
        channel = meetings.channel_of(session, team_id=request.team_id, meeting_id=meeting_id)
    return bool(channel) and is_member(runtime, team_id=request.team_id, channel_id=channel, user_id=request.user_id)


def known_public(runtime: Runtime, team_id: str, channel_id: str) -> bool:
    """Slack said, earlier in this process, that the channel is public (nothing asked now)."""
    with _lock:
        return runtime.channel_private.get((team_id, channel_id)) is False


def is_private(runtime: Runtime, team_id: str, channel_id: str) -> bool:
    """Whether the channel is private (asked of Slack once per process: a channel rarely changes)."""
    key = (team_id, channel_id)
    with _lock:
        known = runtime.channel_private.get(key)
    if known is None:
        try:
            known = runtime.slack(team_id).is_private(channel_id)
        except SlackRefused as refused:  # Slack's own rule (commands come from channels one is in) still holds
            logger.warning("Could not tell whether channel %s is private (%s)", channel_id, refused.error)
            return False
        with _lock:
            runtime.channel_private[key] = known
    return known
