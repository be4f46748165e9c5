"""Who knows what: members declare topics, `/cop who` ranks the people to ask, askers credit
who helped them."""

import re
from dataclasses import dataclass, field, replace
from enum import StrEnum

from sqlmodel import Session

from bot import blocks
from bot.text import topic_key
from storage import communities as community_store
from storage import expertise as store
from storage import help_requests as help_store
from storage import profiles as profile_store
from storage.models import HelpStatus
from storage.types import utcnow

_TOPIC = re.compile(r"#?([^\W_][\w-]{0,79})")
WHO_MAX = 10
# How much each reason weighs when ranking who to ask about a topic.
WEIGHT_CONTENT_EXPERT, WEIGHT_DECLARED, WEIGHT_HELPED = 3.0, 2.0, 1.0


def parse_topics(text: str) -> list[str]:
    """``#triage, nuit #soins-palliatifs`` → ``["triage", "nuit", "soins-palliatifs"]``."""
    return list(dict.fromkeys(topic_key(m.group(1)) for m in _TOPIC.finditer(text.replace(",", " "))))


class ExpertiseOutcome(StrEnum):
    DONE = "done"
    NOT_A_COMMUNITY = "not_a_community"
    NO_TOPICS = "no_topics"


@dataclass
class ExpertiseResult:
    outcome: ExpertiseOutcome
    language: str = "en"
    changed: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)  # all the person's declared topics now


def change_expertise(session: Session, *, team_id: str, channel_id: str, user_id: str, topics: list[str],
                     remove: bool) -> ExpertiseResult:
    community = community_store.community_for_channel(session=session, team_id=team_id, channel_id=channel_id)
    if community is None:
        return ExpertiseResult(ExpertiseOutcome.NOT_A_COMMUNITY)
    if not topics and not remove:
        return ExpertiseResult(ExpertiseOutcome.NO_TOPICS, community.language,
                               topics=store.topics_of(session=session, team_id=team_id, community_id=community.id,
                                                      user_id=user_id, source=store.DECLARED))
    if remove:
        before = set(store.topics_of(session=session, team_id=team_id, community_id=community.id, user_id=user_id,
                                     source=store.DECLARED))
        store.remove_topics(session=session, team_id=team_id, community_id=community.id, user_id=user_id,
                            topics=topics or None)
        changed = sorted(before & set(topics)) if topics else sorted(before)
    else:
        changed = store.add_topics(session=session, team_id=team_id, community_id=community.id, user_id=user_id,
                                   topics=topics)
    return ExpertiseResult(ExpertiseOutcome.DONE, community.language, changed,
                           store.topics_of(session=session, team_id=team_id, community_id=community.id,
                                           user_id=user_id, source=store.DECLARED))


def who_knows(session: Session, *, team_id: str, community_id: int, topic: str,
              viewer: str | None = None) -> list[blocks.Expert]:
    """People to ask about ``topic``, best first: content experts of the topic, those who declared
    it, and those who helped resolve questions on it. How many questions someone helped resolve is a
    ranking: it is counted (and shown) only for people who opted in, to a ``viewer`` who opted in too;
    everyone else appears for what they declared themselves, or their role."""
    declared = store.people_for_topics(session=session, team_id=team_id, community_id=community_id, topics=[topic])
    helped = store.helpers_on_topic(session=session, team_id=team_id, community_id=community_id, topic=topic)
    asking = {viewer} if viewer is not None else set()
    taking_part = community_store.opted_in(session=session, team_id=team_id,
                                           user_ids=sorted(set(declared) | set(helped) | asking))
    if viewer not in taking_part:
        taking_part = set()
    people = []
    for user_id in set(declared) | set(helped):
        sources = declared.get(user_id, set())
        count = helped.get(user_id, 0) if user_id in taking_part else None
        if not sources and not count:
            continue
        people.append(blocks.Expert(user_id=user_id, content_expert=store.WATCH in sources,
                                    declared=store.DECLARED in sources, helped=count))

    def score(expert: blocks.Expert) -> float:
        return (WEIGHT_CONTENT_EXPERT * expert.content_expert + WEIGHT_DECLARED * expert.declared
                + WEIGHT_HELPED * (expert.helped or 0))

    ranked = sorted(people, key=lambda e: (-score(e), e.user_id))[:WHO_MAX]
    said = profile_store.profiles_in(session=session, team_id=team_id, community_id=community_id,
                                     user_ids=[e.user_id for e in ranked])
    found = {p.user_id: blocks.ProfileSummary(user_id=p.user_id, workplace=p.workplace, region=p.region, job=p.job,
                                              years=years_in_practice(p.practising_since))
             for p in said}
    return [replace(e, profile=found.get(e.user_id)) for e in ranked]


def years_in_practice(since: int | None) -> int | None:
    """Years in the practice, from the year one started (kept current as years pass)."""
    return None if since is None else max(0, utcnow().year - since)


def set_rankings(session: Session, *, team_id: str, user_id: str, shown: bool) -> None:
    """Take part in rankings of helpers (listed, and shown them), or not: off unless one says so."""
    community_store.set_ranking_opt_in(session=session, team_id=team_id, user_id=user_id, opt_in=shown)


class CreditOutcome(StrEnum):
    DONE = "done"
    NOT_FOUND = "not_found"
    NOT_ALLOWED = "not_allowed"


def credit_helpers(session: Session, *, team_id: str, user_id: str, help_request_id: int,
                   helpers: list[str]) -> CreditOutcome:
    """The asker's ticks become the call's credits; only people who offered or answered count."""
    request = help_store.get_help_request(session=session, team_id=team_id, help_request_id=help_request_id)
    if request is None or request.status != HelpStatus.RESOLVED:
        return CreditOutcome.NOT_FOUND
    if user_id != request.asker_id:
        return CreditOutcome.NOT_ALLOWED
    allowed = set(help_store.helpers_of(session=session, team_id=team_id, help_request_id=request.id))
    help_store.set_credits(session=session, team_id=team_id, help_request_id=request.id,
                           user_ids=[u for u in dict.fromkeys(helpers) if u in allowed and u != request.asker_id],
                           credited_by=user_id)
    return CreditOutcome.DONE


def credit_candidates(session: Session, *, team_id: str, help_request_id: int, asker_id: str) -> tuple[list[str],
                                                                                                   list[str]]:
    """(people the asker may credit, those already credited)."""
    helpers = [u for u in help_store.helpers_of(session=session, team_id=team_id, help_request_id=help_request_id)
               if u != asker_id]
    return helpers, help_store.credited(session=session, team_id=team_id, help_request_id=help_request_id)
