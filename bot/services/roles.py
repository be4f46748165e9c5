"""Roles: who may give them, who holds them, and who gets which work.

Every later feature asks ``people_for(duty)`` rather than reading roles itself, so the
routing of work to roles lives here and only here.
"""

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from sqlmodel import Session

from bot import blocks
from bot.i18n import translator
from bot.services.owed import owe_dm
from bot.text import USER_MENTION, topic_key
from storage import communities as store
from storage import expertise as expertise_store
from storage.models import Community, Role

ROLE_ORDER = [Role.FOUNDER, Role.ANIMATOR, Role.EXPERT, Role.REPORTER, Role.SPONSOR, Role.IT, Role.MEMBER]
MANAGERS = {Role.FOUNDER.value, Role.ANIMATOR.value, Role.IT.value}  # may give and take back roles

# Every name a person may type for a role, folded (lower case, no accents, spaces as dashes).
ROLE_NAMES: dict[str, Role] = {
    **dict.fromkeys(["founder", "fondateur", "fondatrice"], Role.FOUNDER),
    **dict.fromkeys(["animator", "facilitator", "admin", "administrator", "animateur", "animatrice",
                     "facilitateur", "facilitatrice", "administrateur", "administratrice"], Role.ANIMATOR),
    **dict.fromkeys(["member", "membre"], Role.MEMBER),
    **dict.fromkeys(["expert", "experte", "content-expert", "watcher", "expert-de-contenu", "experte-de-contenu",
                     "veilleur", "veilleuse"], Role.EXPERT),
    **dict.fromkeys(["reporter", "rapporteur", "rapporteuse"], Role.REPORTER),
    **dict.fromkeys(["sponsor", "mentor", "parrain", "marraine", "mentore"], Role.SPONSOR),
    **dict.fromkeys(["it", "it-contact", "it-resource", "it-person", "ti", "ressource-ti", "personne-ressource-ti",
                     "personne-ressource", "contact-ti"], Role.IT),
}
REMOVE_WORDS = {"remove", "revoke", "retirer", "retire", "enlever", "supprimer", "remove-role"}
ADD_WORDS = {"add", "give", "ajouter", "ajoute", "donner"}
_TAG = re.compile(r"#([^\W_][\w-]{0,79})")


class Duty(StrEnum):
    """Work the bot hands to people, and the roles that get it."""

    FOLLOW_UPS = "follow_ups"  # unanswered calls, stalled newcomers: animators
    NEWCOMERS = "newcomers"  # welcoming and integrating newcomers: sponsors / mentors
    HARVEST = "harvest"  # meeting summaries and lessons: reporters
    VALUE_REPORT = "value_report"  # the monthly value report: sponsors and animators
    TOOLS = "tools"  # access and tool problems: IT resources


DUTY_ROLES: dict[Duty, list[Role]] = {
    Duty.FOLLOW_UPS: [Role.ANIMATOR],
    Duty.NEWCOMERS: [Role.SPONSOR],
    Duty.HARVEST: [Role.REPORTER],
    Duty.VALUE_REPORT: [Role.SPONSOR, Role.ANIMATOR],
    Duty.TOOLS: [Role.IT],
}


def fold(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", word.lower()) if not unicodedata.combining(c))


def people_for(session: Session, *, team_id: str, community_id: int, duty: Duty) -> list[str]:
    """Who gets ``duty``'s work, oldest holder first. When nobody holds its roles, the
    animators do it, and when there are none either, the founders."""
    for roles in (DUTY_ROLES[duty], [Role.ANIMATOR], [Role.FOUNDER]):
        people = [u for role in roles for u in store.holders_of(session=session, team_id=team_id,
                                                               community_id=community_id, role=role)]
        if people:
            return list(dict.fromkeys(people))
    return []


def urgent_recipients(session: Session, *, team_id: str, community_id: int, topics: list[str],
                      asker_id: str) -> list[str]:
    """An urgent call goes at once to the content experts and declared experts of its topics,
    and to the animators (the founders if there are none) — never back to the asker."""
    experts = expertise_store.people_for_topics(session=session, team_id=team_id, community_id=community_id,
                                                topics=topics)
    # Content experts first, then declared experts, each in a stable order.
    ordered = sorted(experts, key=lambda u: (expertise_store.WATCH not in experts[u], u))
    stewards = people_for(session, team_id=team_id, community_id=community_id, duty=Duty.FOLLOW_UPS)
    return [u for u in dict.fromkeys(ordered + stewards) if u != asker_id]


@dataclass(frozen=True)
class RoleRequest:
    user_id: str | None
    role: Role | None
    remove: bool
    topics: list[str]
    unknown: str = ""  # the words that named no role


def parse_role_request(text: str) -> RoleRequest:
    """``@ana animator``, ``remove @ana reporter``, ``@léo expert #triage``, ``@ana rôle animatrice``…"""
    user = USER_MENTION.search(text)
    topics = list(dict.fromkeys(topic_key(t) for t in _TAG.findall(text)))
    rest = _TAG.sub(" ", USER_MENTION.sub(" ", text))
    words = [fold(w) for w in rest.replace(",", " ").split()]
    remove = any(w in REMOVE_WORDS for w in words)
    words = [w for w in words if w not in REMOVE_WORDS | ADD_WORDS and w not in ("de", "role", "the", "a", "as",
                                                                              "comme", "un", "une", "en")]
    role = ROLE_NAMES.get("-".join(words)) or next((ROLE_NAMES[w] for w in words if w in ROLE_NAMES), None)
    return RoleRequest(user.group(1) if user else None, role, remove, topics,
                       unknown="" if role else " ".join(words))


class RoleOutcome(StrEnum):
    ADDED = "added"
    REMOVED = "removed"
    UNCHANGED = "unchanged"
    NOT_A_COMMUNITY = "not_a_community"
    NOT_ALLOWED = "not_allowed"  # not a founder, animator or IT resource
    FOUNDER_ONLY = "founder_only"  # only a founder hands over founding
    LAST_FOUNDER = "last_founder"  # a community keeps at least one founder


@dataclass
class RoleResult:
    outcome: RoleOutcome
    language: str = "en"
    community: Community | None = None
    outbox_ids: list[int] = field(default_factory=list)


def change_role(session: Session, *, team_id: str, channel_id: str, actor_id: str, user_id: str, role: Role,
                remove: bool, topics: Sequence[str] = ()) -> RoleResult:
    """Give or take back a role; the change is recorded and the person concerned hears it by DM."""
    community = store.community_for_channel(session=session, team_id=team_id, channel_id=channel_id)
    if community is None:
        return RoleResult(RoleOutcome.NOT_A_COMMUNITY)
    language = community.language
    actor_roles = store.roles_of(session=session, team_id=team_id, community_id=community.id, user_id=actor_id)
    if not actor_roles & MANAGERS:
        return RoleResult(RoleOutcome.NOT_ALLOWED, language, community)
    if role == Role.FOUNDER and Role.FOUNDER.value not in actor_roles:
        return RoleResult(RoleOutcome.FOUNDER_ONLY, language, community)
    if remove:
        if role == Role.FOUNDER and store.holders_of(session=session, team_id=team_id, community_id=community.id,
                                                     role=Role.FOUNDER) == [user_id]:
            return RoleResult(RoleOutcome.LAST_FOUNDER, language, community)
        changed = store.remove_role(session=session, team_id=team_id, community_id=community.id, user_id=user_id,
                                    role=role, removed_by=actor_id)
        if role == Role.EXPERT:
            expertise_store.remove_topics(session=session, team_id=team_id, community_id=community.id,
                                          user_id=user_id, topics=None, source=expertise_store.WATCH)
    else:
        changed = store.assign_role(session=session, team_id=team_id, community_id=community.id, user_id=user_id,
                                    role=role, assigned_by=actor_id)
        if role == Role.EXPERT and topics:
            changed = bool(expertise_store.add_topics(
                session=session, team_id=team_id, community_id=community.id, user_id=user_id, topics=list(topics),
                source=expertise_store.WATCH)) or changed
    if not changed:
        return RoleResult(RoleOutcome.UNCHANGED, language, community)
    outcome = RoleOutcome.REMOVED if remove else RoleOutcome.ADDED
    ids = []
    if user_id != actor_id:
        note = blocks.role_changed(translator(language), role=role, community_name=community.name,
                                   channel_id=community.channel_id, actor_id=actor_id, removed=remove,
                                   topics=list(topics))
        # One DM per change: the history row count makes the key unique yet stable on a retry.
        history = store.role_history(session=session, team_id=team_id, community_id=community.id)
        ids = owe_dm(session, team_id=team_id, key=f"role:{community.id}:{history[-1].id}", user_id=user_id,
                     message=note, fallback_channel=community.channel_id)
    return RoleResult(outcome, language, community, ids)


def holders_by_role(session: Session, *, team_id: str, channel_id: str) -> tuple[
        Community | None, dict[str, list[str]], dict[str, list[str]]]:
    """(community, role → holders in role order, content expert → the topics they watch)."""
    community = store.community_for_channel(session=session, team_id=team_id, channel_id=channel_id)
    if community is None:
        return None, {}, {}
    found: dict[str, list[str]] = {role.value: [] for role in ROLE_ORDER}
    for row in store.role_holders(session=session, team_id=team_id, community_id=community.id):
        found.setdefault(row.role, []).append(row.user_id)
    watched = {user_id: expertise_store.topics_of(session=session, team_id=team_id, community_id=community.id,
                                                  user_id=user_id, source=expertise_store.WATCH)
               for user_id in found[Role.EXPERT.value]}
    return community, found, watched


def left_private_channel(session: Session, *, team_id: str, community_id: int, user_id: str) -> list[str]:
    """Someone left a private community's channel: the roles they held there end (recorded as the
    bot's doing, with the reason). Returns the roles taken back."""
    held = sorted(store.roles_of(session=session, team_id=team_id, community_id=community_id, user_id=user_id))
    for role in held:
        store.remove_role(session=session, team_id=team_id, community_id=community_id, user_id=user_id,
                          role=Role(role), removed_by="cop-bot")
    return held
