"""Communities: a channel becomes a community's home; who may do what in it."""

import logging
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum

from slack_sdk.errors import SlackApiError
from sqlmodel import Session

from bot.i18n import DEFAULT_LANGUAGE, language_from_locale
from bot.notifier import Notifier
from bot.services import follow_ups
from storage import communities as store
from storage.models import Community, Role
from storage.types import utcnow

logger = logging.getLogger(__name__)
DEFAULT_TIMEZONE = "America/Toronto"
PROFILE_FRESH_FOR = timedelta(days=1)
STEWARD_ROLES = {Role.FOUNDER.value, Role.ANIMATOR.value}


def person_profile(session: Session, notifier: Notifier, *, team_id: str,
                   user_id: str) -> tuple[str | None, str | None]:
    """(locale, time zone) Slack gives for a person, cached for a day."""
    cached = store.cached_person(session=session, team_id=team_id, user_id=user_id,
                                 fresh_after=utcnow() - PROFILE_FRESH_FOR)
    if cached:
        return cached.locale, cached.timezone
    try:
        user = notifier.user_info(user_id)
    except SlackApiError as e:
        logger.warning("users.info failed for a user: %s", e.response.get("error"))
        return None, None
    locale, timezone = user.get("locale"), user.get("tz")
    store.remember_person(session=session, team_id=team_id, user_id=user_id, locale=locale, timezone=timezone,
                          is_bot=bool(user.get("is_bot")) or user.get("id") == "USLACKBOT")
    return locale, timezone


def language_for(session: Session, notifier: Notifier, *, team_id: str, channel_id: str, user_id: str) -> str:
    """The community's language in its channel; elsewhere the person's own Slack language."""
    community = store.community_for_channel(session=session, team_id=team_id, channel_id=channel_id)
    if community:
        return community.language
    locale, _ = person_profile(session, notifier, team_id=team_id, user_id=user_id)
    return language_from_locale(locale) if locale else DEFAULT_LANGUAGE


def community_here(session: Session, *, team_id: str, channel_id: str) -> Community | None:
    return store.community_for_channel(session=session, team_id=team_id, channel_id=channel_id)


def is_steward(session: Session, *, team_id: str, community_id: int, user_id: str) -> bool:
    """Founders and animators look after the community (resolve for others, settings)."""
    roles = store.roles_of(session=session, team_id=team_id, community_id=community_id, user_id=user_id)
    return bool(roles & STEWARD_ROLES)


class SetupOutcome(StrEnum):
    CREATED = "created"
    ALREADY = "already"


@dataclass(frozen=True)
class Setup:
    outcome: SetupOutcome
    community: Community
    bot_in_channel: bool


def set_up_community(session: Session, notifier: Notifier, *, team_id: str, channel_id: str, channel_name: str,
                     user_id: str) -> Setup:
    """Make the channel a community's home; its caller becomes founder if it has none."""
    existing = store.community_for_channel(session=session, team_id=team_id, channel_id=channel_id)
    if existing:
        return Setup(SetupOutcome.ALREADY, existing, True)
    locale, timezone = person_profile(session, notifier, team_id=team_id, user_id=user_id)
    name = channel_name if channel_name and channel_name not in ("privategroup", "directmessage") else channel_id
    community, created = store.create_community(
        session=session, team_id=team_id, channel_id=channel_id, name=name,
        language=language_from_locale(locale), timezone=timezone or DEFAULT_TIMEZONE, created_by=user_id)
    if not created:
        return Setup(SetupOutcome.ALREADY, community, True)
    follow_ups.plan_digest(session, community, after=utcnow())
    follow_ups.plan_reflection(session, community, after=utcnow())
    from bot.services.report import plan_monthly  # matplotlib loads only when needed

    plan_monthly(session, community, after=utcnow())
    if not store.holders_of(session=session, team_id=team_id, community_id=community.id, role=Role.FOUNDER):
        store.assign_role(session=session, team_id=team_id, community_id=community.id, user_id=user_id,
                          role=Role.FOUNDER, assigned_by=user_id)
    try:
        notifier.join_channel(channel_id)
        in_channel = True
    except SlackApiError as e:
        # Private channels cannot be joined: the bot must be invited.
        in_channel = e.response.get("error") == "already_in_channel"
    return Setup(SetupOutcome.CREATED, community, in_channel)


class LanguageOutcome(StrEnum):
    CHANGED = "changed"
    NOT_A_COMMUNITY = "not_a_community"
    NOT_ALLOWED = "not_allowed"


def change_language(session: Session, *, team_id: str, channel_id: str, user_id: str, language: str) -> LanguageOutcome:
    community = store.community_for_channel(session=session, team_id=team_id, channel_id=channel_id)
    if community is None:
        return LanguageOutcome.NOT_A_COMMUNITY
    if not is_steward(session, team_id=team_id, community_id=community.id, user_id=user_id):
        return LanguageOutcome.NOT_ALLOWED
    store.set_language(session=session, team_id=team_id, community_id=community.id, language=language)
    return LanguageOutcome.CHANGED


class SettingsOutcome(StrEnum):
    CHANGED = "changed"
    SHOWN = "shown"
    NOT_A_COMMUNITY = "not_a_community"
    NOT_ALLOWED = "not_allowed"
    INVALID = "invalid"


@dataclass
class SettingsResult:
    outcome: SettingsOutcome
    community: Community | None = None


def change_settings(session: Session, *, team_id: str, channel_id: str, user_id: str, name: str,
                    value: str) -> SettingsResult:
    """Founders and animators set the time zone, quiet hours, weekends, meeting reminders and the
    hourly value of members' time (an ISO currency: CAD, EUR…)."""
    from babel.numbers import is_currency

    from bot.services.timing import valid_timezone

    community = store.community_for_channel(session=session, team_id=team_id, channel_id=channel_id)
    if community is None:
        return SettingsResult(SettingsOutcome.NOT_A_COMMUNITY)
    if not name:
        return SettingsResult(SettingsOutcome.SHOWN, community)
    if not is_steward(session, team_id=team_id, community_id=community.id, user_id=user_id):
        return SettingsResult(SettingsOutcome.NOT_ALLOWED, community)
    value = value.strip().lower()
    if name in ("timezone", "fuseau"):
        zone = valid_timezone(value)
        if zone is None:
            return SettingsResult(SettingsOutcome.INVALID, community)
        community.timezone = zone
    elif name in ("quiet", "silence"):
        if value in ("off", "non", "none", "aucun"):
            community.quiet_start_hour = community.quiet_end_hour = 0
        else:
            start, _, end = value.replace("h", "").partition("-")
            if not (start.isdigit() and end.isdigit() and int(start) < 24 and int(end) < 24):
                return SettingsResult(SettingsOutcome.INVALID, community)
            community.quiet_start_hour, community.quiet_end_hour = int(start), int(end)
    elif name in ("weekends", "fins-de-semaine"):
        if value not in ("quiet", "on", "oui", "open", "off", "non"):
            return SettingsResult(SettingsOutcome.INVALID, community)
        community.quiet_weekends = value in ("quiet", "on", "oui")
    elif name in ("reminders", "rappels"):
        minutes = []
        for part in value.replace(",", " ").split():
            number, unit = part[:-1], part[-1:]
            if part.isdigit():
                minutes.append(int(part))
            elif number.isdigit() and unit in ("d", "j", "h", "m"):
                minutes.append(int(number) * {"d": 1440, "j": 1440, "h": 60, "m": 1}[unit])
            else:
                return SettingsResult(SettingsOutcome.INVALID, community)
        community.nudge_offsets = ",".join(str(m) for m in sorted(set(minutes), reverse=True))
    elif name in ("rate", "taux"):
        amount, _, currency = value.partition(" ")
        currency = currency.strip().upper()
        if not amount.isdigit() or not 0 < int(amount) <= 10_000 or (currency and not is_currency(currency)):
            return SettingsResult(SettingsOutcome.INVALID, community)
        community.hourly_rate = int(amount)
        if currency:
            community.currency = currency
    else:
        return SettingsResult(SettingsOutcome.INVALID, community)
    session.add(community)
    return SettingsResult(SettingsOutcome.CHANGED, community)
