"""What Slack says of a person (language, time zone, bot or not, name), cached for a day.

Read before any transaction opens: the cache is read in a session of its own, Slack is asked
with no session open, and what it said is remembered in another short one.
"""

import logging
import re
from collections.abc import Iterable
from datetime import timedelta

from bot.i18n import DEFAULT_LANGUAGE, language_from_locale
from bot.slack_terms import PeopleDirectory, Person, SlackRefused
from storage import communities as store
from storage.db import Database
from storage.types import utcnow

logger = logging.getLogger(__name__)
FRESH_FOR = timedelta(days=1)
UNKNOWN = Person(None, None, False)


def person(db: Database, notifier: PeopleDirectory, *, team_id: str, user_id: str) -> Person:
    with db.reading() as session:
        cached = store.cached_person(session=session, team_id=team_id, user_id=user_id,
                                     fresh_after=utcnow() - FRESH_FOR)
        if cached:
            return Person(cached.locale, cached.timezone, cached.is_bot, cached.home_team_id or team_id,
                          name=cached.display_name)
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
                              display_name=found.name)
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
        found = store.known_names(session=session, team_id=team_id, user_ids=wanted)
    for user_id in wanted:
        if user_id not in found:
            asked = _ask(db, notifier, team_id=team_id, user_id=user_id)
            if asked is not None and asked.name:
                found[user_id] = asked.name
    return found


def language(found: Person) -> str:
    return language_from_locale(found.locale) if found.locale else DEFAULT_LANGUAGE
