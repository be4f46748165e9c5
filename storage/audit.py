"""The audit trail: what was done in a community (or the workspace), by whom."""

from sqlmodel import Session, col, or_, select

from storage.models import AuditEvent


def record(*, session: Session, team_id: str, community_id: int | None, user_id: str, action: str,
           detail: str = "") -> None:
    session.add(AuditEvent(team_id=team_id, community_id=community_id, user_id=user_id, action=action[:40],
                           detail=detail[:200]))


def recent(*, session: Session, team_id: str, community_id: int, workspace: bool,
           limit: int = 30) -> list[AuditEvent]:
    """The community's latest events (and, with ``workspace``, the workspace's own: privacy
    requests), newest first."""
    scope = or_(AuditEvent.community_id == community_id, col(AuditEvent.community_id).is_(None)) if workspace else \
        AuditEvent.community_id == community_id
    return list(session.exec(select(AuditEvent).where(AuditEvent.team_id == team_id, scope)
                             .order_by(col(AuditEvent.at).desc(), col(AuditEvent.id).desc()).limit(limit)))
