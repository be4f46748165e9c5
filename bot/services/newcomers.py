"""Newcomers: welcomed in the community's language, given a mentor, and the community's charter.

Someone who joins a community's channel is welcomed once: not the bot itself, not other bots,
not people the community already knew (re-joining, or there when it was set up).
"""

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from sqlmodel import Session

from bot import blocks
from bot.i18n import translator
from bot.services import audit, follow_ups, roles
from bot.services.owed import owe_dm, owe_dm_when_allowed
from bot.services.permissions import is_steward
from bot.services.timing import shift_days
from bot.slack_terms import PERSON_UNREACHABLE
from storage import communities as community_store
from storage import due
from storage import memberships as store
from storage.models import Community, DueItem, Membership, OutboxMessage
from storage.types import utcnow

PURPOSE_WELCOME = "newcomer.welcome"
MENTOR_REMINDER = "mentor.reminder"
MENTOR_REMINDER_DAYS = 3


class JoinOutcome(StrEnum):
    WELCOMED = "welcomed"
    NOT_A_COMMUNITY = "not_a_community"
    IGNORED = "ignored"  # the bot itself, another bot, or someone the community already knew


@dataclass
class JoinResult:
    outcome: JoinOutcome
    outbox_ids: list[int] = field(default_factory=list)
    mentor_id: str | None = None


def member_joined(session: Session, *, team_id: str, channel_id: str, user_id: str, is_bot: bool,
                  home_team_id: str | None = None) -> JoinResult:
    """Someone joined a channel. ``is_bot``: what Slack says of them (asked before the session);
    ``home_team_id``: their own workspace (another organisation's, in a Slack Connect channel)."""
    community = community_store.community_for_channel(session=session, team_id=team_id, channel_id=channel_id)
    if community is None:
        return JoinResult(JoinOutcome.NOT_A_COMMUNITY)
    if is_bot or user_id == "USLACKBOT":
        return JoinResult(JoinOutcome.IGNORED)
    membership = store.add_member(session=session, team_id=team_id, community_id=community.id, user_id=user_id,
                                  newcomer=True, home_team_id=home_team_id)
    if membership is None:
        return JoinResult(JoinOutcome.IGNORED)
    candidates = [u for u in roles.people_for(session, team_id=team_id, community_id=community.id,
                                              duty=roles.Duty.NEWCOMERS) if u != user_id]
    mentor = store.least_recent_mentor(session=session, team_id=team_id, community_id=community.id,
                                       candidates=candidates)
    membership.mentor_id = mentor
    session.add(membership)
    session.flush()
    if mentor:
        plan_mentor_reminder(session, membership, community.timezone)
    t = translator(community.language)
    ids = owe_dm(session, team_id=team_id, key=f"welcome:{membership.id}", user_id=user_id,
                 message=blocks.welcome(t, community_name=community.name, channel_id=community.channel_id,
                                        charter=community.charter, mentor_id=mentor),
                 purpose=PURPOSE_WELCOME, subject_id=membership.id, fallback_channel=community.channel_id)
    if mentor:
        ids += owe_dm(session, team_id=team_id, key=f"welcome:{membership.id}:mentor", user_id=mentor,
                      message=blocks.mentor_request(t, newcomer_id=user_id, community_name=community.name,
                                                    channel_id=community.channel_id, membership_id=membership.id),
                      fallback_channel=community.channel_id)
    return JoinResult(JoinOutcome.WELCOMED, ids, mentor)


def welcome_not_delivered(session: Session, message: OutboxMessage, error: str) -> list[int]:
    """The welcome DM could not reach the newcomer: they were shown it in the channel, privately (the
    outbox's fallback), and the animators hear why, so that someone welcomes them in person."""
    if error not in PERSON_UNREACHABLE:
        return []
    membership = store.get_membership_by_id(session=session, team_id=message.team_id, membership_id=message.subject_id)
    if membership is None:
        return []
    community = community_store.get_community(session=session, team_id=membership.team_id,
                                              community_id=membership.community_id)
    if community is None:
        return []
    t = translator(community.language)

    def note(take: str | None) -> dict:
        return blocks.welcome_not_delivered(t, newcomer_id=membership.user_id, channel_id=community.channel_id,
                                            other_organisation=membership.home_team_id is not None, take=take)

    return follow_ups.owe_copies(session, community, kind="welcome.unreachable", subject=str(membership.id),
                                 recipients=roles.people_for(session, team_id=community.team_id,
                                                             community_id=community.id, duty=roles.Duty.FOLLOW_UPS),
                                 build=note, key=f"welcome:{membership.id}:unreachable", now=utcnow(),
                                 when_allowed=False)


def record_existing_members(session: Session, *, community: Community, members: list[str],
                            bot_user_id: str | None) -> int:
    """At setup: everyone already in the channel (asked of Slack before the session) is a member,
    not a newcomer to welcome."""
    return store.add_existing_members(session=session, team_id=community.team_id, community_id=community.id,
                                      user_ids=[u for u in members if u != bot_user_id])


def plan_mentor_reminder(session: Session, membership: Membership, timezone: str) -> None:
    due.schedule(session=session, team_id=membership.team_id, community_id=membership.community_id,
                 kind=MENTOR_REMINDER, dedupe_key=f"{MENTOR_REMINDER}:{membership.id}",
                 due_at=shift_days(membership.joined_at, MENTOR_REMINDER_DAYS, timezone), subject_id=membership.id)


def mentor_reminder(session: Session, item: DueItem, now: datetime) -> list[int]:
    """A mentor who has not welcomed their newcomer after three days is reminded."""
    membership = session.get(Membership, item.subject_id)
    community = community_store.get_community(session=session, team_id=item.team_id, community_id=item.community_id)
    if membership is None or community is None or membership.team_id != item.team_id:
        return []
    if membership.mentor_acted_at is not None or not membership.mentor_id:
        return []
    message = blocks.mentor_reminder(translator(community.language), newcomer_id=membership.user_id,
                                     channel_id=community.channel_id, membership_id=membership.id)
    return owe_dm_when_allowed(session, community, key=item.dedupe_key, user_id=membership.mentor_id,
                               message=message, now=now)


def mentor_done(session: Session, *, team_id: str, user_id: str, membership_id: int) -> str | None:
    """The mentor says they introduced the newcomer; returns the community's language, or None."""
    membership = store.mentor_acted(session=session, team_id=team_id, membership_id=membership_id,
                                    mentor_id=user_id)
    if membership is None:
        return None
    community = community_store.get_community(session=session, team_id=team_id,
                                              community_id=membership.community_id)
    return community.language if community else None


class CharterOutcome(StrEnum):
    SHOWN = "shown"
    SAVED = "saved"
    NOT_A_COMMUNITY = "not_a_community"
    NOT_ALLOWED = "not_allowed"


@dataclass
class CharterResult:
    outcome: CharterOutcome
    community: Community | None = None
    can_edit: bool = False


def charter(session: Session, *, team_id: str, user_id: str, channel_id: str | None = None,
            community_id: int | None = None, new_text: str | None = None) -> CharterResult:
    """Anyone reads the charter; founders and animators change it."""
    if community_id is not None:
        community = community_store.get_community(session=session, team_id=team_id, community_id=community_id)
    elif channel_id:
        community = community_store.community_for_channel(session=session, team_id=team_id, channel_id=channel_id)
    else:
        community = None
    if community is None:
        return CharterResult(CharterOutcome.NOT_A_COMMUNITY)
    can_edit = is_steward(session, team_id=team_id, community_id=community.id, user_id=user_id)
    if new_text is None:
        return CharterResult(CharterOutcome.SHOWN, community, can_edit)
    if not can_edit:
        return CharterResult(CharterOutcome.NOT_ALLOWED, community, False)
    community_store.set_charter(session=session, team_id=team_id, community_id=community.id,
                                charter=new_text.strip()[:blocks.CHARTER_MAX])
    audit.record(session, team_id=team_id, community_id=community.id, user_id=user_id, action="charter.changed")
    return CharterResult(CharterOutcome.SAVED, community, True)
