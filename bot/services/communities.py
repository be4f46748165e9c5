"""Communities: a channel becomes a community's home; who may do what in it."""

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from sqlmodel import Session

from bot.i18n import N_, language_from_locale
from bot.services import audit, digest, reflections, report, retention, stewardship, watch
from bot.services.owed import owe
from bot.services.permissions import STEWARD_ROLES, is_steward
from bot.text import whole_number
from storage import communities as store
from storage.models import Community, Role
from storage.types import utcnow

DEFAULT_TIMEZONE = "America/Toronto"
__all__ = ["STEWARD_ROLES", "community_here", "is_steward"]


def get(session: Session, *, team_id: str, community_id: int) -> Community | None:
    """The community by id, in this workspace only."""
    return store.get_community(session=session, team_id=team_id, community_id=community_id)


def community_here(session: Session, *, team_id: str, channel_id: str) -> Community | None:
    return store.community_for_channel(session=session, team_id=team_id, channel_id=channel_id)


def places_for_message(session: Session, *, team_id: str, channel_id: str,
                       fallback_language: str) -> tuple[str, str | None, list[tuple[str, str]]]:
    """Where something made from a message in ``channel_id`` may go (a lesson, a call for help): (language,
    the channel's community or None, and when it is none every community of the workspace as (name,
    channel)). Who may see which is the handler's to check: Slack knows who is in each channel."""
    here = store.community_for_channel(session=session, team_id=team_id, channel_id=channel_id)
    if here:
        return here.language, here.channel_id, []
    choices = store.communities_of_team(session=session, team_id=team_id)
    return (choices[0].language if choices else fallback_language), None, [(c.name, c.channel_id) for c in choices]


class SetupOutcome(StrEnum):
    CREATED = "created"
    ALREADY = "already"


@dataclass(frozen=True)
class Setup:
    outcome: SetupOutcome
    community: Community


def set_up_community(session: Session, *, team_id: str, channel_id: str, channel_name: str, user_id: str,
                     locale: str | None, timezone: str | None) -> Setup:
    """Make the channel a community's home, in its founder's language and time zone (what Slack
    says of them, asked before the session); its caller becomes founder if it has none."""
    existing = store.community_for_channel(session=session, team_id=team_id, channel_id=channel_id)
    if existing:
        return Setup(SetupOutcome.ALREADY, existing)
    name = channel_name if channel_name and channel_name not in ("privategroup", "directmessage") else channel_id
    community, created = store.create_community(
        session=session, team_id=team_id, channel_id=channel_id, name=name,
        language=language_from_locale(locale), timezone=timezone or DEFAULT_TIMEZONE, created_by=user_id)
    if not created:
        return Setup(SetupOutcome.ALREADY, community)
    digest.plan_digest(session, community, after=utcnow())
    reflections.plan_reflection(session, community, after=utcnow())
    report.plan_monthly(session, community, after=utcnow())
    stewardship.plan_review(session, community, after=utcnow())
    watch.plan_watch_digest(session, community, after=utcnow())
    if not store.holders_of(session=session, team_id=team_id, community_id=community.id, role=Role.FOUNDER):
        store.assign_role(session=session, team_id=team_id, community_id=community.id, user_id=user_id,
                          role=Role.FOUNDER, assigned_by=user_id)
    return Setup(SetupOutcome.CREATED, community)


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
    problem: str | None = None  # with INVALID: what is wrong and how to write it (a message id)


REMINDER_MAX_MINUTES = 60 * 24 * 60  # meeting reminders go up to 60 days before
REMINDERS_MAX = 6
RATE_MAX = 10_000
_UNITS = {"d": 1440, "j": 1440, "h": 60, "m": 1}
UNKNOWN_SETTING = N_("I could not understand that setting.")
BAD_TIMEZONE = N_("I do not know that time zone. Use a name like `America/Montreal` or `Europe/Paris`.")
BAD_QUIET = N_("Quiet hours are two hours of the day, from 0 to 23: `/cop settings quiet 20-8`, or `off`.")
BAD_WEEKENDS = N_("Weekends are `quiet` or `open`: `/cop settings weekends quiet`.")
BAD_REMINDERS = N_("Reminders are up to 6 durations before the meeting, none over 60 days: "
                   "`/cop settings reminders 7d 1d 2h 0`.")
BAD_RETENTION = N_("How long to keep calls for help, answers, reflections and meeting answers: a number of months "
                   "from 3 to 120, or of years: `/cop settings retention 24m` (or `2y`).")
BAD_REVIEW = N_("Lessons are reviewed every so many months, from 1 to 60: `/cop settings review 12m` (or `1y`).")
FOUNDERS_ONLY = N_("Only the community's founders set how long it keeps its history.")
BAD_RATE = N_("The value of an hour is a whole amount from 1 to 10,000, with a currency code if you like: "
              "`/cop settings rate 75 CAD`.")


def _reminders(value: str) -> list[int] | None:
    """``7d 1d 2h 30m 0`` → minutes before the meeting, latest first; ``None`` if out of bounds."""
    minutes = set()
    for part in value.replace(",", " ").split():
        number, unit = (part[:-1], part[-1:]) if part[-1:] in _UNITS else (part, "m")
        count = whole_number(number, maximum=REMINDER_MAX_MINUTES)
        if count is None or count * _UNITS[unit] > REMINDER_MAX_MINUTES:
            return None
        minutes.add(count * _UNITS[unit])
    return sorted(minutes, reverse=True) if len(minutes) <= REMINDERS_MAX else None


def _set_timezone(community: Community, value: str) -> str | None:
    from bot.services.timing import valid_timezone

    zone = valid_timezone(value)
    if zone is None:
        return BAD_TIMEZONE
    community.timezone = zone
    return None


def _set_quiet_hours(community: Community, value: str) -> str | None:
    if value in ("off", "non", "none", "aucun"):
        community.quiet_start_hour = community.quiet_end_hour = 0
        return None
    start, _, end = value.replace("h", "").partition("-")
    start_hour, end_hour = whole_number(start, maximum=23), whole_number(end, maximum=23)
    if start_hour is None or end_hour is None:
        return BAD_QUIET
    community.quiet_start_hour, community.quiet_end_hour = start_hour, end_hour
    return None


def _set_weekends(community: Community, value: str) -> str | None:
    if value not in ("quiet", "on", "oui", "open", "off", "non"):
        return BAD_WEEKENDS
    community.quiet_weekends = value in ("quiet", "on", "oui")
    return None


def _set_reminders(community: Community, value: str) -> str | None:
    minutes = _reminders(value)
    if minutes is None:
        return BAD_REMINDERS
    community.nudge_offsets = ",".join(str(m) for m in minutes)
    return None


def _set_retention(community: Community, value: str) -> str | None:
    months = retention.parse_months(value)
    if months is None:
        return BAD_RETENTION
    community.retention_months = months
    return None


def _set_review(community: Community, value: str) -> str | None:
    months = retention.parse_months(value, (stewardship.MIN_MONTHS, stewardship.MAX_MONTHS))
    if months is None:
        return BAD_REVIEW
    community.review_months = months
    return None


def _set_rate(community: Community, value: str) -> str | None:
    from babel.numbers import is_currency

    amount, _, currency = value.partition(" ")
    currency = currency.strip().upper()
    hourly = whole_number(amount, maximum=RATE_MAX)
    if not hourly or (currency and not is_currency(currency)):
        return BAD_RATE
    community.hourly_rate = hourly
    if currency:
        community.currency = currency
    return None


# Each setting's names (English, French) → what sets it from the typed value: the problem to tell, or None.
_SETTERS: dict[str, Callable[[Community, str], str | None]] = {
    **dict.fromkeys(("timezone", "fuseau"), _set_timezone),
    **dict.fromkeys(("quiet", "silence"), _set_quiet_hours),
    **dict.fromkeys(("weekends", "fins-de-semaine"), _set_weekends),
    **dict.fromkeys(("reminders", "rappels"), _set_reminders),
    **dict.fromkeys(("retention", "conservation", "rétention"), _set_retention),
    **dict.fromkeys(("review", "révision", "revision"), _set_review),
    **dict.fromkeys(("rate", "taux"), _set_rate),
}
_FOUNDERS_ONLY = {_set_retention}  # how long the community keeps its history


def change_settings(session: Session, *, team_id: str, channel_id: str, user_id: str, name: str,
                    value: str) -> SettingsResult:
    """Founders and animators set the time zone, quiet hours, weekends, meeting reminders and the
    hourly value of members' time (an ISO currency: CAD, EUR…). Each is checked against sensible
    bounds when it is set, so a setting never breaks what uses it later."""
    community = store.community_for_channel(session=session, team_id=team_id, channel_id=channel_id)
    if community is None:
        return SettingsResult(SettingsOutcome.NOT_A_COMMUNITY)
    if not name:
        return SettingsResult(SettingsOutcome.SHOWN, community)
    if not is_steward(session, team_id=team_id, community_id=community.id, user_id=user_id):
        return SettingsResult(SettingsOutcome.NOT_ALLOWED, community)
    value = value.strip().lower()
    setter = _SETTERS.get(name)
    if setter is None:
        problem = UNKNOWN_SETTING
    elif setter in _FOUNDERS_ONLY and Role.FOUNDER not in store.roles_of(
            session=session, team_id=team_id, community_id=community.id, user_id=user_id):
        problem = FOUNDERS_ONLY
    else:
        problem = setter(community, value)
    if problem is not None:
        return SettingsResult(SettingsOutcome.INVALID, community, problem)
    session.add(community)
    audit.record(session, team_id=team_id, community_id=community.id, user_id=user_id, action=f"settings.{name}",
                 detail=value[:60])
    return SettingsResult(SettingsOutcome.CHANGED, community)


def owe_announcement(session: Session, *, community: Community, message: dict) -> list[int]:
    """The channel hears that it became a community's home (once)."""
    return owe(session, team_id=community.team_id, key=f"community:{community.id}:announce", method="chat.postMessage",
               payload={"channel": community.channel_id, "text": message["text"], "blocks": message["blocks"]})


def community_languages(session: Session) -> dict[tuple[str, str], str]:
    """(team, channel) → language, for every community (kept in memory for when the database is down)."""
    return {(c.team_id, c.channel_id): c.language for c in store.all_communities(session=session)}
