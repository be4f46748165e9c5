"""Each community keeps its calls for help (and their answers), reflections and meeting answers for
``retention_months`` (36 by default; founders set it with ``/cop settings retention 24m``). Past
that, a scheduled purge deletes them, after keeping each month's figures: the value reports, their
charts and their CSV still add up."""

from dataclasses import asdict, dataclass
from datetime import datetime

from sqlmodel import Session

from bot.services import audit, report, stats
from bot.services.timing import zone
from storage import retention as store
from storage.models import Community

DEFAULT_MONTHS = 36
MIN_MONTHS, MAX_MONTHS = 3, 120
KEPT_FIELDS = ("members", "active", "asked", "answered", "resolved", "median_first_answer_hours", "library",
               "lessons", "meetings", "rsvps", "minutes_saved", "followed", "applied", "realised", "credits",
               "credited", "attended", "introduced", "met")


@dataclass
class Purged:
    months_kept: int
    calls: int
    reflections: int
    rsvps: int
    gaps: int = 0
    attendance: int = 0
    profiles: int = 0
    introductions: int = 0


def cutoff_month(community: Community, now: datetime):
    """The first month still kept whole."""
    today = now.astimezone(zone(community.timezone)).date()
    return report.month_start(today, community.retention_months)


def purge(session: Session, community: Community, now: datetime) -> Purged:
    first_kept = cutoff_month(community, now)
    known = store.kept(session=session, team_id=community.team_id, community_id=community.id)
    month = report.month_start(community.created_at.astimezone(zone(community.timezone)).date())
    newly = 0
    while month < first_kept:
        key = month.strftime("%Y-%m")
        if key not in known:
            start, end = report.bounds(community, month)
            figures = stats.figures(session, community, start=start, end=end)
            store.keep(session=session, team_id=community.team_id, community_id=community.id, month=key,
                       figures={name: asdict(figures)[name] for name in KEPT_FIELDS})
            newly += 1
        month = report.month_start(month, -1)
    before, _ = report.bounds(community, first_kept)
    gone = store.purge_before(session=session, team_id=community.team_id, community_id=community.id, before=before)
    if any(gone.values()):
        audit.record(session, team_id=community.team_id, community_id=community.id, user_id=audit.BOT,
                     action="retention.purged", detail=" ".join(f"{k}={v}" for k, v in gone.items()))
    return Purged(newly, **gone)


def parse_months(value: str, bounds: tuple[int, int] = (MIN_MONTHS, MAX_MONTHS)) -> int | None:
    """``24m``, ``24``, ``24 mois``, ``2y``, ``2 ans`` → months, within bounds; ``None`` otherwise."""
    text = value.strip().lower().replace(" ", "")
    for suffix, factor in (("mois", 1), ("months", 1), ("month", 1), ("m", 1), ("ans", 12), ("an", 12),
                           ("years", 12), ("year", 12), ("y", 12), ("a", 12)):
        if text.endswith(suffix):
            text, multiplier = text[: -len(suffix)], factor
            break
    else:
        multiplier = 1
    if not (text.isascii() and text.isdigit()) or len(text) > 4:
        return None
    months = int(text) * multiplier
    return months if bounds[0] <= months <= bounds[1] else None
