"""The community's figures over a period, its value, and where it is in its life cycle.

Rankings of helpers are opt-in (``/cop rankings on``): the most credited helpers list only people
who took part, and only those who took part see it. Everyone else sees their own figure and the
totals (how many credits, to how many people) — the totals are what sponsors get.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlmodel import Session

from storage import communities as community_store
from storage import intros as intro_store
from storage import missions as mission_store
from storage import stats as store
from storage.models import Applied, Community
from storage.types import utcnow

DEFAULT_DAYS = 90
MAX_DAYS = 3660
TOP_HELPERS = 5
# Life-cycle thresholds, period over period.
GROWTH_MEMBERS = 0.10
CHANGE = 0.25
MATURE_RESOLUTION = 0.6


@dataclass(frozen=True)
class ThemeProgress:
    """What was done on one of the community's strategic themes over a period."""

    theme: str
    asked: int
    resolved: int
    lessons: int


@dataclass
class Figures:
    start: datetime
    end: datetime
    members: int
    active: int
    asked: int
    answered: int
    resolved: int
    median_first_answer_hours: float | None
    library: int
    lessons: int
    meetings: int
    rsvps: int
    minutes_saved: int
    hourly_rate: int
    currency: str
    top_helpers: list[tuple[str, int]] | None = None  # opted-in helpers; None: this person takes no part
    credits: int = 0  # askers credited helpers this many times…
    credited: int = 0  # …and this many different people
    own_credits: int | None = None  # the person who asks: how many times they were credited
    stage: str = "stabilisation"
    signals: list[tuple[str, float]] = field(default_factory=list)  # (signal, change) for the stage
    # askers' value stories, in their words, with the minutes saved if they said
    stories: list[tuple[str, int | None]] = field(default_factory=list)
    # A month after their call was resolved, askers said (in the period) whether they applied the answer:
    # how many answered (yes, changed or no), how many applied it, how many saw something change.
    followed: int = 0
    applied: int = 0
    realised: int = 0
    changes: list[str] = field(default_factory=list)  # what changed, in the askers' words
    attended: int = 0  # people at the meetings held (I was there, or listed in the minutes)
    themes: list[ThemeProgress] = field(default_factory=list)  # the community's strategic themes (/cop mission)
    introduced: int = 0  # monthly introductions made (posted in their group DM)…
    met: int = 0  # …and how many of them said they met

    @property
    def resolution_rate(self) -> float | None:
        return self.resolved / self.asked if self.asked else None

    @property
    def value(self) -> float:
        return self.minutes_saved / 60 * self.hourly_rate


def theme_progress(session: Session, community: Community, *, start: datetime,
                   end: datetime) -> list[ThemeProgress]:
    """What was done on each strategic theme in [start, end): calls asked and resolved, lessons shared
    (nothing when the community has no themes)."""
    chosen = community.themes.split()
    key = {"session": session, "team_id": community.team_id, "community_id": community.id, "start": start,
           "end": end}
    calls = mission_store.theme_calls(themes=chosen, **key)
    return [ThemeProgress(theme, *calls.get(theme, (0, 0)), mission_store.theme_lessons(theme=theme, **key))
            for theme in chosen]


def _activity(session: Session, community: Community, start: datetime, end: datetime) -> tuple[int, int, int]:
    """(calls asked, lessons, members at the end) of a period, for the life-cycle signals."""
    key = {"session": session, "team_id": community.team_id, "community_id": community.id}
    return (store.call_counts(start=start, end=end, **key)[0], store.lessons(start=start, end=end, **key),
            store.members(at=end, **key))


def _change(now: int, before: int) -> float:
    if before == 0:
        return 1.0 if now else 0.0
    return (now - before) / before


def life_cycle(session: Session, community: Community, start: datetime, end: datetime,
               resolution_rate: float | None) -> tuple[str, list[tuple[str, float]]]:
    """Growth, maturity, stabilisation, slowdown or renewal, from this period against the two before."""
    length = end - start
    asked, lessons, members = _activity(session, community, start, end)
    asked_1, lessons_1, members_1 = _activity(session, community, start - length, start)
    asked_2, lessons_2, _ = _activity(session, community, start - 2 * length, start - length)
    activity, activity_1, activity_2 = asked + lessons, asked_1 + lessons_1, asked_2 + lessons_2
    activity_change, members_change = _change(activity, activity_1), _change(members, members_1)
    signals = [("activity", activity_change), ("members", members_change)]
    if activity_change <= -CHANGE:
        return "slowdown", signals
    if activity_change >= CHANGE and _change(activity_1, activity_2) <= -CHANGE:
        return "renewal", signals
    if members_change >= GROWTH_MEMBERS or activity_change >= CHANGE:
        return "growth", signals
    if lessons and resolution_rate is not None and resolution_rate >= MATURE_RESOLUTION:
        return "maturity", signals
    return "stabilisation", signals


def activity(session: Session, community: Community, *, start: datetime, end: datetime) -> Figures:
    """Only what the report's charts draw (questions, answers, lessons, time saved): one period
    of the twelve, without the people counts and the life-cycle comparison."""
    key = {"session": session, "team_id": community.team_id, "community_id": community.id}
    asked, answered, resolved = store.call_counts(start=start, end=end, **key)
    return Figures(start=start, end=end, members=0, active=0, asked=asked, answered=answered, resolved=resolved,
                   median_first_answer_hours=None, library=0, lessons=store.lessons(start=start, end=end, **key),
                   meetings=0, rsvps=0, minutes_saved=store.time_saved_minutes(start=start, end=end, **key),
                   hourly_rate=community.hourly_rate, currency=community.currency)


def figures(session: Session, community: Community, *, start: datetime, end: datetime,
            viewer: str | None = None) -> Figures:
    """The period's figures; with ``viewer``, what that person may see of the helpers too (their own
    credits, and the ranking of those who opted in if they opted in themselves)."""
    key = {"session": session, "team_id": community.team_id, "community_id": community.id}
    asked, answered, resolved = store.call_counts(start=start, end=end, **key)
    meetings, rsvps, attended = store.meetings_held(start=start, end=min(end, utcnow()), **key)
    active = store.active_people(start=start, end=end, **key)
    result = Figures(
        start=start, end=end, members=store.members(at=end, active=active, **key),
        active=len(active), asked=asked, answered=answered,
        resolved=resolved,
        median_first_answer_hours=store.median_first_answer_hours(start=start, end=end, answered=answered, **key),
        library=store.library_help(start=start, end=end, **key), lessons=store.lessons(start=start, end=end, **key),
        meetings=meetings, rsvps=rsvps, minutes_saved=store.time_saved_minutes(start=start, end=end, **key),
        hourly_rate=community.hourly_rate, currency=community.currency, attended=attended,
        stories=store.value_stories(start=start, end=end, **key),
        changes=store.change_stories(start=start, end=end, **key),
        themes=theme_progress(session, community, start=start, end=end))
    answers = store.applied_counts(start=start, end=end, **key)
    result.realised = answers[Applied.CHANGED]
    result.applied = result.realised + answers[Applied.YES]
    result.followed = result.applied + answers[Applied.NO]
    result.introduced, result.met = intro_store.counts(start=start, end=end, **key)
    counts = store.credits(start=start, end=end, **key)
    result.credits, result.credited = sum(counts.values()), len(counts)
    if viewer:
        result.own_credits = counts.get(viewer, 0)
        taking_part = community_store.opted_in(session=session, team_id=community.team_id,
                                               user_ids=sorted({*counts, viewer}))
        if viewer in taking_part:
            result.top_helpers = sorted(((u, n) for u, n in counts.items() if u in taking_part),
                                        key=lambda x: (-x[1], x[0]))[:TOP_HELPERS]
    result.stage, result.signals = life_cycle(session, community, start, end, result.resolution_rate)
    return result


@dataclass
class StatsResult:
    community: Community | None
    figures: Figures | None = None


def community_stats(session: Session, *, team_id: str, channel_id: str, user_id: str,
                    days: int = DEFAULT_DAYS, now: datetime | None = None) -> StatsResult:
    community = community_store.community_for_channel(session=session, team_id=team_id, channel_id=channel_id)
    if community is None:
        return StatsResult(None)
    end = now or utcnow()
    days = max(1, min(days, MAX_DAYS))
    return StatsResult(community, figures(session, community, start=end - timedelta(days=days), end=end,
                                          viewer=user_id))
