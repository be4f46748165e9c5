"""Who may look after a community: founders and animators (stewards)."""

from sqlmodel import Session

from storage import communities as store
from storage.models import Role

STEWARD_ROLES = {Role.FOUNDER.value, Role.ANIMATOR.value}
# Who keeps the library true and complete: the stewards and the content experts (veilleurs).
KEEPER_ROLES = STEWARD_ROLES | {Role.EXPERT.value}


def is_steward(session: Session, *, team_id: str, community_id: int, user_id: str) -> bool:
    """Founders and animators look after the community (resolve for others, settings, meetings)."""
    roles = store.roles_of(session=session, team_id=team_id, community_id=community_id, user_id=user_id)
    return bool(roles & STEWARD_ROLES)


def keeps_library(session: Session, *, team_id: str, community_id: int, user_id: str) -> bool:
    """Founders, animators and content experts: the glossary, the gaps in the library, lesson reviews."""
    roles = store.roles_of(session=session, team_id=team_id, community_id=community_id, user_id=user_id)
    return bool(roles & KEEPER_ROLES)
