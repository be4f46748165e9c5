"""Community time: its time zone and its quiet hours (nights, and weekends unless it says so).

Everything is stored in UTC and reasoned about in the community's zone with zoneinfo, so
"Monday 9:00" and "8:00 tomorrow" stay right across daylight-saving changes.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from importlib.resources import files
from pathlib import Path
from zoneinfo import TZPATH, ZoneInfo, ZoneInfoNotFoundError, available_timezones

import holidays

from storage.models import Community

STEP = timedelta(minutes=15)


@dataclass(frozen=True)
class Quiet:
    timezone: str
    start_hour: int  # quiet from this hour…
    end_hour: int  # …to this one (the next morning when start > end)
    weekends: bool

    @classmethod
    def of(cls, community: Community) -> "Quiet":
        return cls(community.timezone, community.quiet_start_hour, community.quiet_end_hour, community.quiet_weekends)

    @property
    def zone(self) -> ZoneInfo:
        return zone(self.timezone)

    def is_quiet(self, moment: datetime) -> bool:
        local = moment.astimezone(self.zone)
        if self.weekends and local.weekday() >= 5:
            return True
        if self.start_hour == self.end_hour:
            return False  # no quiet hours
        hour = local.hour
        if self.start_hour > self.end_hour:
            return hour >= self.start_hour or hour < self.end_hour
        return self.start_hour <= hour < self.end_hour

    def next_allowed(self, moment: datetime) -> datetime:
        """``moment``, or the first moment after it when people may be disturbed (for DMs)."""
        if not self.is_quiet(moment):
            return moment
        local = moment.astimezone(self.zone)
        # Walk whole days, then the morning: at most a weekend and a night.
        for days in range(0, 8):
            day = (local + timedelta(days=days)).date()
            morning = local_time(day, time(self.end_hour), self.timezone)
            if morning > moment and not self.is_quiet(morning):
                return morning
        return moment  # never quiet at all hours: send as asked

    def last_allowed_before(self, moment: datetime) -> datetime:
        """``moment``, or the last moment before it outside quiet hours (for reminders that must
        come before something)."""
        probe = moment
        for _ in range(4 * 24 * 4):
            if not self.is_quiet(probe):
                return probe
            probe -= STEP
        return moment


def today(timezone: str) -> date:
    """The date it is now in a community's time zone."""
    return datetime.now(UTC).astimezone(zone(timezone)).date()


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("America/Toronto")


def valid_timezone(name: str) -> str | None:
    """The IANA name as written in the database (``america/montreal`` → ``America/Montreal``)."""
    wanted = name.strip().lower()
    for known in available_timezones():
        if known.lower() == wanted:
            return known
    return None


def local_time(day, at: time, timezone: str) -> datetime:
    """The UTC instant of wall-clock ``at`` on ``day`` in ``timezone`` (a skipped hour moves forward)."""
    local = datetime.combine(day, at, tzinfo=zone(timezone))
    # Round-trip through UTC: a wall time that does not exist (spring forward) becomes a real one.
    return local.astimezone(UTC).astimezone(zone(timezone)).astimezone(UTC)


def shift_days(moment: datetime, days: int, timezone: str) -> datetime:
    """``days`` later (earlier if negative) at the same wall-clock time: a week before Thursday 14:00
    is the previous Thursday at 14:00, even across a change to or from daylight time."""
    local = moment.astimezone(zone(timezone))
    return local_time((local + timedelta(days=days)).date(), local.time().replace(tzinfo=None), timezone)


def before(moment: datetime, minutes: int, timezone: str) -> datetime:
    """``minutes`` before ``moment``; whole days count in wall-clock days."""
    if minutes and minutes % 1440 == 0:
        return shift_days(moment, -(minutes // 1440), timezone)
    return moment - timedelta(minutes=minutes)


def next_weekday_at(moment: datetime, weekday: int, at: time, timezone: str) -> datetime:
    """The first ``weekday`` (0 = Monday) at ``at`` local time strictly after ``moment``."""
    local = moment.astimezone(zone(timezone))
    for days in range(0, 8):
        day = (local + timedelta(days=days)).date()
        if day.weekday() == weekday:
            candidate = local_time(day, at, timezone)
            if candidate > moment:
                return candidate
    raise AssertionError("unreachable")


def next_quarter_start(moment: datetime, at: time, timezone: str) -> datetime:
    """The first day of the next quarter at ``at`` local time, strictly after ``moment``."""
    local = moment.astimezone(zone(timezone))
    year, month = local.year, ((local.month - 1) // 3) * 3 + 1
    for _ in range(5):
        candidate = local_time(datetime(year, month, 1).date(), at, timezone)
        if candidate > moment:
            return candidate
        month += 3
        if month > 12:
            year, month = year + 1, 1
    raise AssertionError("unreachable")


@cache
def _zone_countries() -> dict[str, str]:
    """IANA zone → ISO country code, from the zone.tab that ships with tzdata."""
    table = files("tzdata").joinpath("zoneinfo", "zone.tab").read_text(encoding="utf-8")
    rows = (line.split("\t") for line in table.splitlines() if line and not line.startswith("#"))
    return {row[2]: row[0] for row in rows if len(row) >= 3}


@cache
def country_of(timezone: str) -> str | None:
    """The country of a time zone (``America/Toronto`` → ``CA``), or None when it is not one
    country's. Old names (``America/Montreal``, ``Canada/Eastern``) are followed to the zone they
    now point to, as this system's time-zone database links them."""
    countries = _zone_countries()
    if timezone in countries:
        return countries[timezone]
    if timezone.startswith("Canada/"):
        return "CA"
    for base in TZPATH:
        path = Path(base, timezone)
        if path.is_symlink():
            try:
                return countries.get(str(path.resolve().relative_to(Path(base).resolve())))
            except ValueError:
                return None
    return None


@cache
def _public_holidays(country: str, year: int) -> frozenset[date]:
    try:
        return frozenset(holidays.country_holidays(country, years=year))
    except NotImplementedError:  # a country the library does not know
        return frozenset()


def is_working_day(day: date, timezone: str) -> bool:
    """Monday to Friday, and not a public holiday of the community's country (its national
    holidays: New Year's Day, Canada Day, Labour Day… in Canada; 1 May in France)."""
    country = country_of(timezone)
    return day.weekday() < 5 and not (country and day in _public_holidays(country, day.year))


def first_working_day(first: date, timezone: str) -> date:
    """The first working day on or after ``first``."""
    day = first
    while not is_working_day(day, timezone):
        day += timedelta(days=1)
    return day
