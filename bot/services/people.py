"""What Slack says of a person (language, time zone, bot or not, name), cached for a day.

Read before any transaction opens: the cache is read in a session of its own, Slack is asked
with no session open, and what it said is remembered in another short one.
"""

import logging
import re
from collections.abc import Iterable
from datetime import timedelta
from typing import Protocol

from bot.i18n import DEFAULT_LANGUAGE, language_from_locale
from bot.slack_terms import PeopleDirectory, Person, SlackRefused
from bot.text import Names, mentioned
from storage import communities as store
from storage.db import Database
from storage.types import utcnow

logger = logging.getLogger(__name__)
FRESH_FOR = timedelta(days=1)
UNKNOWN = Person(None, None, False)


def person(db: Database, notifier: PeopleDirectory, *, team_id: str, user_id: str, named: bool = False) -> Person:
    """What Slack says of the person, from the cache when it is fresh (``named``: and holds their name)."""
    with db.reading() as session:
        cached = store.cached_person(session=session, team_id=team_id, user_id=user_id,
                                     fresh_after=utcnow() - FRESH_FOR)
        if cached and (cached.name or not named):
            return Person(cached.locale, cached.timezone, cached.is_bot, cached.home_team_id or team_id,
                          name=cached.name)
    return _ask(db, notifier, team_id=team_id, user_id=user_id) or UNKNOWN


def _ask(db: Database, notifier: PeopleDirectory, *, team_id: str, user_id: str) -> Person | None:
    """users.info, remembered (no session is open while Slack is asked)."""
    try:
        found = notifier.person(user_id)
    except SlackRefused as refused:
        logger.warning("users.info failed for a user: %s", refused.error)
        return None
    with db.session() as session:
        store.remember_person(session=session, team_id=team_id, user_id=user_id, locale=found.locale,
                              timezone=found.timezone, is_bot=found.is_bot, home_team_id=found.team_id,
                              name=found.name)
    return found


_SLACK_ID = re.compile(r"[UW][A-Z0-9]{2,30}")
NOT_A_PERSON = "U0FORMER"  # a forgotten person's pseudonym (bot/services/privacy.py): Slack knows nobody by it


def names(db: Database, notifier: PeopleDirectory, *, team_id: str, user_ids: Iterable[str]) -> dict[str, str]:
    """The name Slack shows for each person, for documents people download (where a ``<@U…>`` would
    show as a raw id). Cached names are used however old (each person's own requests refresh them);
    Slack is asked once for anyone never named. Someone Slack cannot name (a forgotten person, an
    account it no longer knows) is left out: the caller says "a former member"."""
    wanted = list(dict.fromkeys(u for u in user_ids if _SLACK_ID.fullmatch(u or "") and not u.startswith(NOT_A_PERSON)))
    with db.reading() as session:
        found = store.names_of(session=session, team_id=team_id, user_ids=wanted)
    for user_id in wanted:
        if user_id not in found:
            asked = _ask(db, notifier, team_id=team_id, user_id=user_id)
            if asked is not None and asked.name:
                found[user_id] = asked.name
    return found


NAMES_ASKED_AT_MOST = 10  # people, and as many channels: a form opens within Slack's 3 seconds


class Directory(PeopleDirectory, Protocol):
    def channel_name(self, channel_id: str) -> str: ...


def names_in(db: Database, notifier: Directory, *, team_id: str, texts: list[str]) -> Names:
    """What Slack calls the people and channels these real texts mention: people from the cache (or
    Slack), channels from Slack, asked with no transaction open. Those Slack will not describe (or
    past the first ten) are left out: a form shows their id."""
    people_ids, channel_ids = [], []
    for text in texts:
        found_people, found_channels = mentioned(text)
        people_ids += [u for u in found_people if u not in people_ids]
        channel_ids += [c for c in found_channels if c not in channel_ids]
    people = {}
    for user_id in people_ids[:NAMES_ASKED_AT_MOST]:
        name = person(db, notifier, team_id=team_id, user_id=user_id, named=True).name
        if name:
            people[user_id] = name
    channels = {}
    for channel_id in channel_ids[:NAMES_ASKED_AT_MOST]:
        try:
            name = notifier.channel_name(channel_id)
        except SlackRefused as refused:
            logger.info("conversations.info failed for a channel a text mentions: %s", refused.error)
            continue
        if name:
            channels[channel_id] = name
    return Names(people, channels)


def language(found: Person) -> str:
    return language_from_locale(found.locale) if found.locale else DEFAULT_LANGUAGE
