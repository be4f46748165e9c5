"""Members' profiles in a community: who they are, where they work, what they look for."""

from datetime import datetime

from sqlalchemy import delete
from sqlmodel import Session, col, select

from storage.models import Profile
from storage.types import utcnow


def profile_of(*, session: Session, team_id: str, community_id: int, user_id: str) -> Profile | None:
    return session.exec(select(Profile).where(Profile.team_id == team_id, Profile.community_id == community_id,
                                              Profile.user_id == user_id)).first()


def save_profile(*, session: Session, team_id: str, community_id: int, user_id: str, workplace: str, region: str,
                 job: str, practising_since: int | None, looking_for: list[str]) -> Profile:
    """Create or replace the person's profile in the community."""
    profile = profile_of(session=session, team_id=team_id, community_id=community_id, user_id=user_id) or \
        Profile(team_id=team_id, community_id=community_id, user_id=user_id)
    profile.workplace, profile.region, profile.job = workplace, region, job
    profile.practising_since = practising_since
    profile.looking_for = " ".join(looking_for)
    profile.updated_at = utcnow()
    session.add(profile)
    session.flush()
    return profile


def remove_profile(*, session: Session, team_id: str, community_id: int, user_id: str) -> int:
    return session.exec(delete(Profile).where(col(Profile.team_id) == team_id,
                                                 col(Profile.community_id) == community_id,
                                                 col(Profile.user_id) == user_id)).rowcount or 0


def profiles_in(*, session: Session, team_id: str, community_id: int,
                user_ids: list[str] | None = None) -> list[Profile]:
    """The community's profiles (only these people's, when given), by person."""
    query = select(Profile).where(Profile.team_id == team_id, Profile.community_id == community_id)
    if user_ids is not None:
        if not user_ids:
            return []
        query = query.where(col(Profile.user_id).in_(user_ids))
    return list(session.exec(query.order_by(Profile.user_id)))


def purge_untouched(*, session: Session, team_id: str, community_id: int, before: datetime) -> int:
    """Profiles nobody updated since ``before`` (the community's retention): stale, they go."""
    return session.exec(delete(Profile).where(col(Profile.team_id) == team_id,
                                                 col(Profile.community_id) == community_id,
                                                 col(Profile.updated_at) < before)).rowcount or 0
