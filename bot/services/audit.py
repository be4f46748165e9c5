"""The audit trail a privacy office asks for: what was done in a community, by whom, when — role
changes, settings, lessons edited or deleted, meetings moved or cancelled, the charter, exports,
privacy requests and purges. Founders and IT contacts read it with ``/cop audit`` (*journal*)."""

from dataclasses import dataclass, field

from sqlmodel import Session

from bot.blocks.privacy import BOT as AUDIT_BOT
from bot.services.results import Outcome
from storage import audit as store
from storage import communities as community_store
from storage.models import AuditEvent, Community, Role

READERS = {Role.FOUNDER.value, Role.IT.value}
BOT = AUDIT_BOT  # the actor of the bot's own scheduled work


def record(session: Session, *, team_id: str, community_id: int | None, user_id: str, action: str,
           detail: str = "") -> None:
    store.record(session=session, team_id=team_id, community_id=community_id, user_id=user_id, action=action,
                 detail=detail)


@dataclass
class Trail:
    outcome: Outcome
    community: Community | None = None
    events: list[AuditEvent] = field(default_factory=list)


def trail(session: Session, *, team_id: str, channel_id: str, user_id: str, limit: int = 20) -> Trail:
    community = community_store.community_for_channel(session=session, team_id=team_id, channel_id=channel_id)
    if community is None:
        return Trail(Outcome.NOT_A_COMMUNITY)
    roles = community_store.roles_of(session=session, team_id=team_id, community_id=community.id, user_id=user_id)
    if not roles & READERS:
        return Trail(Outcome.NOT_ALLOWED, community)
    # The workspace's own events (people's privacy requests) are for IT resources, not every founder.
    return Trail(Outcome.DONE, community, store.recent(session=session, team_id=team_id, community_id=community.id,
                                                       workspace=Role.IT.value in roles, limit=limit))
