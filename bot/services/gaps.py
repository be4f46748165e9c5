"""Gaps in the library: what members searched for and did not find (``/cop gaps``, *lacunes*).

A search with no document holding all its words, and a question checked before it was asked that
the library did not answer, are recorded with their words, community and time — never who searched.
Founders, animators and content experts see the most frequent of a period and turn one into a call
for help or a topic suggested for a meeting (the programme's list); the weekly digest names the
week's top three.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlmodel import Session

from bot.i18n import translator
from bot.services import help_requests
from bot.services.permissions import keeps_library
from bot.services.results import Outcome, Result
from bot.text import mrkdwn
from storage import communities as community_store
from storage import gaps as store
from storage import help_requests as help_store
from storage.models import Community
from storage.types import utcnow

SEARCH, ASK = store.SEARCH, store.ASK

DEFAULT_DAYS = 30
MAX_DAYS = 366
SHOWN = 10
IN_DIGEST = 3


def record(session: Session, *, team_id: str, community_id: int, text: str, source: str) -> None:
    """One search that found nothing good (its words only)."""
    store.record(session=session, team_id=team_id, community_id=community_id, text=text, source=source, at=utcnow())


def top(session: Session, community: Community, *, since: datetime, limit: int) -> list[store.Gap]:
    return store.most_frequent(session=session, team_id=community.team_id, community_id=community.id, since=since,
                               limit=limit)


@dataclass
class GapsResult:
    outcome: Outcome
    community: Community | None = None
    gaps: list[store.Gap] = field(default_factory=list)
    days: int = DEFAULT_DAYS


def show(session: Session, *, team_id: str, channel_id: str, user_id: str, days: int) -> GapsResult:
    community = community_store.community_for_channel(session=session, team_id=team_id, channel_id=channel_id)
    if community is None:
        return GapsResult(Outcome.NOT_A_COMMUNITY)
    if not keeps_library(session, team_id=team_id, community_id=community.id, user_id=user_id):
        return GapsResult(Outcome.NOT_ALLOWED, community)
    days = max(1, min(days, MAX_DAYS))
    return GapsResult(Outcome.DONE, community, top(session, community, since=utcnow() - timedelta(days=days),
                                                   limit=SHOWN), days)


def _keeper_community(session: Session, team_id: str, community_id: int, user_id: str) -> tuple[Community | None,
                                                                                                 Outcome]:
    """The community, and ``DONE`` when ``user_id`` keeps its library (else why not: it is gone, or they may not)."""
    community = community_store.get_community(session=session, team_id=team_id, community_id=community_id)
    if community is None:
        return None, Outcome.NOT_FOUND
    if not keeps_library(session, team_id=team_id, community_id=community.id, user_id=user_id):
        return community, Outcome.NOT_ALLOWED
    return community, Outcome.DONE


def ask_community(session: Session, *, team_id: str, user_id: str, community_id: int, words: str,
                  times: int, days: int) -> Result:
    """*Ask the community*: a call for help, asked by the keeper who clicked, for what members did not find."""
    community, outcome = _keeper_community(session, team_id, community_id, user_id)
    if community is None or outcome != Outcome.DONE:
        return Result(outcome, community.language if community else "en")
    t = translator(community.language)
    question = t.ngettext(
        "Members searched our library for “{words}” in the last {days} days and found nothing. Who knows about it? "
        "An answer here, or a lesson with `/cop lesson`, will help the next person.",
        "Members searched our library for “{words}” {n} times in the last {days} days and found nothing. Who knows "
        "about it? An answer here, or a lesson with `/cop lesson`, will help the next person.", times,
        words=mrkdwn(words), days=t.number(days))
    if help_store.waiting_with_question(session=session, team_id=team_id, community_id=community.id,
                                        question=question):
        return Result(Outcome.UNCHANGED, community.language)  # asked already (a second click, another keeper)
    return help_requests.ask(session, team_id=team_id, channel_id=community.channel_id, asker_id=user_id,
                             question=question, check_library=False)


@dataclass
class TopicProposal:
    outcome: Outcome
    community: Community | None = None
    topic: str = ""
    why: str = ""


def topic_proposal(session: Session, *, team_id: str, user_id: str, community_id: int, words: str, times: int,
                   days: int) -> TopicProposal:
    """*Suggest as meeting topic* (keepers of the library): the gap as a topic, with how often it was sought
    as why (the programme, ``program.suggest_gap``, adds it to its list). Only reads."""
    community, outcome = _keeper_community(session, team_id, community_id, user_id)
    if community is None or outcome != Outcome.DONE:
        return TopicProposal(outcome, community)
    t = translator(community.language)
    why = t.ngettext("Members searched the library for “{words}” in the last {days} days and found nothing.",
                     "Members searched the library for “{words}” {n} times in the last {days} days and found "
                     "nothing.", times, words=words, days=t.number(days))
    return TopicProposal(Outcome.DONE, community, words, why)
