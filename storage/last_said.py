"""What a recurring message last said (``LastSaid``): read before the next one, replaced after it."""

import json
from datetime import datetime

from sqlmodel import Session, select

from storage.models import LastSaid


def recall(*, session: Session, team_id: str, community_id: int, kind: str,
           user_id: str = "") -> tuple[dict, datetime] | None:
    """(what was said, when) the last time, or ``None`` if nothing was ever said."""
    row = session.exec(select(LastSaid).where(LastSaid.team_id == team_id, LastSaid.community_id == community_id,
                                              LastSaid.kind == kind, LastSaid.user_id == user_id)).first()
    return (json.loads(row.said), row.said_at) if row else None


def remember(*, session: Session, team_id: str, community_id: int, kind: str, said: dict, at: datetime,
             user_id: str = "") -> None:
    """Replace what was last said (one row per community, kind and reader)."""
    row = session.exec(select(LastSaid).where(LastSaid.team_id == team_id, LastSaid.community_id == community_id,
                                              LastSaid.kind == kind, LastSaid.user_id == user_id)).first()
    row = row or LastSaid(team_id=team_id, community_id=community_id, kind=kind, user_id=user_id, said="{}")
    row.said, row.said_at = json.dumps(said, sort_keys=True), at
    session.add(row)
    session.flush()
