"""The community glossary (``/cop glossary``, *glossaire*): terms search holds for one another. Anyone
reads it; founders, animators and content experts add and remove entries (they know the vocabulary
of the practice: *pompe volumétrique = infusion pump*, *chiffrier = tableur*)."""

from dataclasses import dataclass, field

from sqlmodel import Session

from bot.services import audit
from bot.services.results import Outcome
from storage import communities as community_store
from storage import glossary as store
from storage.models import Community, GlossaryEntry, Role

EDITORS = {Role.FOUNDER.value, Role.ANIMATOR.value, Role.EXPERT.value}
MAX_ENTRIES = store.MAX_ENTRIES


@dataclass
class GlossaryResult:
    outcome: Outcome
    community: Community | None = None
    entries: list[GlossaryEntry] = field(default_factory=list)  # the community's, or those added or removed
    can_edit: bool = False
    starter: int = 0  # how many built-in entries there are besides


def _community(session: Session, team_id: str, channel_id: str, user_id: str) -> tuple[Community | None, bool]:
    community = community_store.community_for_channel(session=session, team_id=team_id, channel_id=channel_id)
    if community is None:
        return None, False
    roles = community_store.roles_of(session=session, team_id=team_id, community_id=community.id, user_id=user_id)
    return community, bool(roles & EDITORS)


def _editing(session: Session, team_id: str, channel_id: str, user_id: str) -> Community | GlossaryResult:
    """The community whose glossary this person may change, or the result that says why not."""
    community, can_edit = _community(session, team_id, channel_id, user_id)
    if community is None:
        return GlossaryResult(Outcome.NOT_A_COMMUNITY)
    return community if can_edit else GlossaryResult(Outcome.NOT_ALLOWED, community)


def show(session: Session, *, team_id: str, channel_id: str, user_id: str) -> GlossaryResult:
    community, can_edit = _community(session, team_id, channel_id, user_id)
    if community is None:
        return GlossaryResult(Outcome.NOT_A_COMMUNITY)
    return GlossaryResult(Outcome.DONE, community, store.entries(session=session, team_id=team_id,
                                                                 community_id=community.id),
                          can_edit, store.starter_size())


def add(session: Session, *, team_id: str, channel_id: str, user_id: str, text: str) -> GlossaryResult:
    """Adds ``a = b [= c…]``; the same entry twice is kept once."""
    community = _editing(session, team_id, channel_id, user_id)
    if isinstance(community, GlossaryResult):
        return community
    terms = store.sides(text)
    if terms is None:
        return GlossaryResult(Outcome.EMPTY, community)
    existing = store.entries(session=session, team_id=team_id, community_id=community.id)
    wanted = {store.phrase(t) for t in terms}
    same = [e for e in existing if {store.phrase(t) for t in e.terms.split(" = ")} == wanted]
    if same:
        return GlossaryResult(Outcome.UNCHANGED, community, same, True)
    if len(existing) >= store.MAX_ENTRIES:
        return GlossaryResult(Outcome.TOO_LONG, community, can_edit=True)
    entry = store.add(session=session, team_id=team_id, community_id=community.id, terms=terms, created_by=user_id)
    audit.record(session, team_id=team_id, community_id=community.id, user_id=user_id, action="glossary.added",
                 detail=entry.terms[:200])
    return GlossaryResult(Outcome.DONE, community, [entry], True)


def remove(session: Session, *, team_id: str, channel_id: str, user_id: str, term: str) -> GlossaryResult:
    """Removes the entries that have ``term`` as one of their terms."""
    community = _editing(session, team_id, channel_id, user_id)
    if isinstance(community, GlossaryResult):
        return community
    found = store.find(session=session, team_id=team_id, community_id=community.id, term=term)
    if not found:
        return GlossaryResult(Outcome.NOT_FOUND, community, can_edit=True)
    store.remove(session=session, team_id=team_id, ids=[e.id for e in found])
    for entry in found:
        audit.record(session, team_id=team_id, community_id=community.id, user_id=user_id,
                     action="glossary.removed", detail=entry.terms[:200])
    return GlossaryResult(Outcome.DONE, community, found, True)
