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


def forget(runtime: Runtime, team_id: str, channel_id: str) -> None:
    """Someone joined or left: ask Slack again next time."""
    with _lock:
        runtime.channel_members.pop((team_id, channel_id), None)
