"""The quarterly reflection: every member is asked the community's three questions on the first
working day of the quarter; answers are stored (and grouped for the animators' agenda)."""

from datetime import datetime, time

from sqlmodel import Session, select

from bot import blocks
from bot.i18n import translator
from bot.services.owed import owe_dm_when_allowed
from bot.services.timing import Quiet, next_quarter_start, zone
from storage import communities as community_store
from storage import due, memberships
from storage.models import Community, DueItem, Reflection
from storage.types import utcnow

QUARTERLY_REFLECTION = "reflection.quarterly"
REFLECTION_AT = time(10, 0)


def quarter_of(moment: datetime, timezone: str) -> str:
    local = moment.astimezone(zone(timezone))
    return f"{local.year}-Q{(local.month - 1) // 3 + 1}"


def plan_reflection(session: Session, community: Community, *, after: datetime) -> None:
    """The first working day of the next quarter, 10:00 community time."""
    at = next_quarter_start(after, REFLECTION_AT, community.timezone)
    at = Quiet(community.timezone, community.quiet_start_hour, community.quiet_end_hour, True).next_allowed(at)
    due.schedule(session=session, team_id=community.team_id, community_id=community.id, kind=QUARTERLY_REFLECTION,
                 dedupe_key=f"{QUARTERLY_REFLECTION}:{community.id}:{quarter_of(at, community.timezone)}", due_at=at,
                 subject_id=community.id)


def quarterly_reflection(session: Session, item: DueItem, now: datetime) -> list[int]:
    """Every member is asked the community's three reflection questions; then next quarter's."""
    community = community_store.get_community(session=session, team_id=item.team_id, community_id=item.community_id)
    if community is None:
        return []
    plan_reflection(session, community, after=now)
    quarter = quarter_of(now, community.timezone)
    t = translator(community.language)
    people = memberships.member_ids(session=session, team_id=community.team_id, community_id=community.id)
    people += [r.user_id for r in community_store.role_holders(session=session, team_id=community.team_id,
                                                              community_id=community.id)]
    ids = []
    for person in dict.fromkeys(people):
        message = blocks.reflection_request(t, community_name=community.name, channel_id=community.channel_id,
                                            value=f"{community.id}:{quarter}")
        ids += owe_dm_when_allowed(session, community, key=f"{item.dedupe_key}:{person}", user_id=person,
                                   message=message, now=now)
    return ids


def record_reflection(session: Session, *, team_id: str, user_id: str, community_id: int, quarter: str, got: str,
                      brought: str, change: str) -> str | None:
    """Store (or replace) a member's answers; returns the community's language, None if it is gone."""
    community = community_store.get_community(session=session, team_id=team_id, community_id=community_id)
    if community is None:
        return None
    existing = session.exec(select(Reflection).where(
        Reflection.team_id == team_id, Reflection.community_id == community_id, Reflection.user_id == user_id,
        Reflection.quarter == quarter)).first()
    row = existing or Reflection(team_id=team_id, community_id=community_id, user_id=user_id, quarter=quarter)
    row.got, row.brought, row.change, row.answered_at = got.strip(), brought.strip(), change.strip(), utcnow()
    session.add(row)
    return community.language


def community_language(session: Session, *, team_id: str, community_id: int) -> str | None:
    community = community_store.get_community(session=session, team_id=team_id, community_id=community_id)
    return community.language if community else None
