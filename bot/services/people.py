"""What Slack says of a person (language, time zone, bot or not), cached for a day.

Read before any transaction opens: the cache is read in a session of its own, Slack is asked
with no session open, and what it said is remembered in another short one.
"""

import logging
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
            return Person(cached.locale, cached.timezone, cached.is_bot, cached.home_team_id or team_id)
    try:
        found = notifier.person(user_id)
    except SlackRefused as refused:
        logger.warning("users.info failed for a user: %s", refused.error)
        return UNKNOWN
    with db.session() as session:
        store.remember_person(session=session, team_id=team_id, user_id=user_id, locale=found.locale,
                              timezone=found.timezone, is_bot=found.is_bot, home_team_id=found.team_id)
    return found


def language(found: Person) -> str:
    return language_from_locale(found.locale) if found.locale else DEFAULT_LANGUAGE
