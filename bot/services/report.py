"""The monthly value report: the month beside the previous one and the same month last year,
the value stories, two charts (PNG), and the monthly figures as CSV.

Sent on the first working day of the month at 9:00 community time to sponsors and animators
(a due row, like every other scheduled thing), and on demand with ``/cop report``.

No report of zeros: a month with nothing to report (no call asked or resolved, no lesson, no help
from the library, no time saved, no answer applied, no story) sends nothing, and the next report
covers it — its period runs from the first month not yet reported (``storage.last_said``), and it
says so. Rows that are zero in every column are left out.
"""

import base64
import io
from dataclasses import dataclass
from datetime import date, datetime, time
from functools import cache

from babel.dates import format_date
from sqlmodel import Session

from bot import blocks
from bot.documents import csv_table, file_name
from bot.i18n import N_, Translator, translator
from bot.services import roles
from bot.services.owed import owe, owe_dm
from bot.services.stats import Figures, ThemeProgress, activity, figures
from bot.services.timing import first_working_day, local_time, zone
from bot.slack_terms import FILES_TO_PERSON
from storage import communities as community_store
from storage import due, last_said
from storage import retention as retention_store
from storage.models import Community, DueItem


@cache
def _pyplot():
    """matplotlib, loaded the first time a chart is drawn (it takes a second to import)."""
    import matplotlib

    matplotlib.use("Agg")  # no display: render to PNG in memory
    import matplotlib.pyplot

    return matplotlib.pyplot

MONTHLY_REPORT = "report.monthly"
REPORT_AT = time(9, 0)


def month_start(day: date, months_back: int = 0) -> date:
    index = day.year * 12 + day.month - 1 - months_back
    return date(index // 12, index % 12 + 1, 1)


def bounds(community: Community, first: date, months: int = 1) -> tuple[datetime, datetime]:
    """From the first day of ``first`` to the end of the ``months``-th month, community time."""
    return (local_time(first, time(0), community.timezone),
            local_time(month_start(first, -months), time(0), community.timezone))


def months_between(first: date, last: date) -> int:
    """How many months from ``first`` to ``last``, both included."""
    return (last.year - first.year) * 12 + last.month - first.month + 1


@dataclass
class Report:
    community: Community
    month: date  # the first day of the (last) month reported
    current: Figures
    previous: Figures
    last_year: Figures
    history: list[tuple[date, Figures]]  # the last 12 months, oldest first
    first: date | None = None  # the first month covered, when months before ``month`` had nothing to report

    @property
    def since(self) -> date:
        return self.first or self.month

    @property
    def months(self) -> int:
        return months_between(self.since, self.month)


def worth_reporting(figures: Figures) -> bool:
    """Something happened that the report tells: a call asked or resolved, a lesson, help found in the
    library, time saved, an answer applied, a story. (Activity alone is not news for a sponsor.)"""
    return bool(figures.asked or figures.resolved or figures.lessons or figures.library or figures.minutes_saved
                or figures.applied or figures.realised or figures.stories or figures.changes)


def _added_up(months: list[Figures], start: datetime, end: datetime) -> Figures:
    """Several months' figures as one period (when some of them are only kept as monthly counts):
    counts add up; people are the busiest month's (a lower bound); the median wait is unknown."""
    first = months[0]

    def summed(name: str) -> int:
        return sum(getattr(f, name) for f in months)

    total = Figures(start=start, end=end, members=max(f.members for f in months),
                    active=max(f.active for f in months), median_first_answer_hours=None,
                    hourly_rate=first.hourly_rate, currency=first.currency, asked=summed("asked"),
                    answered=summed("answered"), resolved=summed("resolved"), library=summed("library"),
                    lessons=summed("lessons"), meetings=summed("meetings"), rsvps=summed("rsvps"),
                    attended=summed("attended"), minutes_saved=summed("minutes_saved"), followed=summed("followed"),
                    applied=summed("applied"), realised=summed("realised"), introduced=summed("introduced"),
                    met=summed("met"))
    total.stories = [s for f in months for s in f.stories]
    by_theme: dict[str, list[int]] = {}
    for month in months:
        for progress in month.themes:
            counts = by_theme.setdefault(progress.theme, [0, 0, 0])
            counts[0], counts[1], counts[2] = (counts[0] + progress.asked, counts[1] + progress.resolved,
                                               counts[2] + progress.lessons)
    total.themes = [ThemeProgress(theme, *counts) for theme, counts in by_theme.items()]
    total.changes = [c for f in months for c in f.changes]
    return total


def _kept(community: Community, first: date, kept: dict[str, dict]) -> Figures | None:
    """A month whose calls are gone (past the retention): the figures kept for it."""
    found = kept.get(first.strftime("%Y-%m"))
    if found is None:
        return None
    start, end = bounds(community, first)
    return Figures(start=start, end=end, hourly_rate=community.hourly_rate, currency=community.currency, **found)


def build(session: Session, community: Community, month: date, *, first: date | None = None) -> Report:
    """``month``'s report — or, with ``first``, the report of the months from ``first`` to ``month``
    (beside as many months before, and the same months a year earlier)."""
    kept = retention_store.kept(session=session, team_id=community.team_id, community_id=community.id)
    months = months_between(first, month) if first and first < month else 1

    def full(first: date) -> Figures:
        start, end = bounds(community, first, months)
        if months == 1:
            return _kept(community, first, kept) or figures(session, community, start=start, end=end)
        each = [month_start(first, -n) for n in range(months)]
        if not any(m.strftime("%Y-%m") in kept for m in each):
            return figures(session, community, start=start, end=end)
        return _added_up([_kept(community, m, kept) or figures(session, community, start=bounds(community, m)[0],
                                                                end=bounds(community, m)[1])
                          for m in each], start, end)

    def light(first: date) -> Figures:
        start, end = bounds(community, first)
        return _kept(community, first, kept) or activity(session, community, start=start, end=end)

    since = month_start(month, months - 1)
    history = [(month_start(month, n), light(month_start(month, n))) for n in range(11, -1, -1)]
    return Report(community, month, full(since), full(month_start(since, months)),
                  full(month_start(since, 12)), history, since if months > 1 else None)


def chart_labels(t: Translator, report: Report) -> list[str]:
    """The months on the charts' axis, in the community's language ("janv. 27", "Jan 27")."""
    return [format_date(first, "MMM yy", locale=t.locale) for first, _ in report.history]


@dataclass(frozen=True)
class Chart:
    """A chart as the person downloads it: its file name and title in the community's language."""

    filename: str  # "soins-cardiaques-activité-2027-01.png"
    title: str  # "Activité des 12 derniers mois"
    figure: object  # the matplotlib figure (what is drawn, before it becomes pixels)


def charts(t: Translator, report: Report) -> list[tuple[str, str, bytes]]:
    """(file name, title, PNG) — activity over 12 months, and the cumulative time saved."""
    return [(chart.filename, chart.title, _png(chart.figure)) for chart in chart_figures(t, report)]


def _chart_name(t: Translator, report: Report, what: str) -> str:
    name = report.community.name if report.community is not None else ""
    return file_name(name, what, report.month.strftime("%Y-%m"), extension="png")


def chart_figures(t: Translator, report: Report) -> list[Chart]:
    """The two charts, with their file names and titles."""
    plt = _pyplot()
    labels = chart_labels(t, report)
    out = []
    figure, axis = plt.subplots(figsize=(8, 4), dpi=100)
    x = range(len(labels))
    width = 0.27
    axis.bar([i - width for i in x], [f.asked for _, f in report.history], width, label=t.gettext("Questions"))
    axis.bar(list(x), [f.answered for _, f in report.history], width, label=t.gettext("Answered"))
    axis.bar([i + width for i in x], [f.lessons for _, f in report.history], width, label=t.gettext("Lessons"))
    axis.set_xticks(list(x), labels, rotation=45, ha="right")
    title = t.gettext("Activity over the last 12 months")
    axis.set_title(title)
    axis.legend()
    figure.tight_layout()
    out.append(Chart(_chart_name(t, report, t.gettext("activity")), title, figure))
    figure, axis = plt.subplots(figsize=(8, 4), dpi=100)
    total, cumulative = 0.0, []
    for _, f in report.history:
        total += f.minutes_saved / 60
        cumulative.append(total)
    axis.plot(list(x), cumulative, marker="o")
    axis.set_xticks(list(x), labels, rotation=45, ha="right")
    axis.set_ylabel(t.gettext("hours"))
    title = t.gettext("Time saved, cumulative (hours)")
    axis.set_title(title)
    figure.tight_layout()
    out.append(Chart(_chart_name(t, report, t.gettext("time saved")), title, figure))
    return out


def _png(figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    _pyplot().close(figure)
    return buffer.getvalue()


MONTHLY_HEADER = (N_("Month"), N_("Members"), N_("Active members"), N_("Calls for help asked"),
                  N_("Calls for help answered"), N_("Calls for help resolved"),
                  N_("Median time to a first answer (hours)"), N_("Help found in the library"), N_("Lessons shared"),
                  N_("Meetings"), N_("Answers to meeting invitations"), N_("Hours saved"), N_("Value"),
                  N_("Currency"), N_("Askers who answered a month later"), N_("Answers applied (asked a month later)"),
                  N_("Answers that changed something"))


def monthly_csv(session: Session, community: Community, until: date) -> str:
    """Every month since the community began: the figures a sponsor puts in a spreadsheet, in the
    community's language (bot/documents.py: French Excel's ``;`` and ``,`` for a French community)."""
    t = translator(community.language)
    first = month_start(community.created_at.astimezone(zone(community.timezone)).date())
    kept = retention_store.kept(session=session, team_id=community.team_id, community_id=community.id)
    rows = []
    month = first
    while month <= until:
        start, end = bounds(community, month)
        f = _kept(community, month, kept) or figures(session, community, start=start, end=end)
        rows.append([month.strftime("%Y-%m"), f.members, f.active, f.asked, f.answered, f.resolved,
                     None if f.median_first_answer_hours is None else float(f.median_first_answer_hours),
                     f.library, f.lessons, f.meetings, f.rsvps, f.minutes_saved / 60, float(f.value), f.currency,
                     f.followed, f.applied, f.realised])
        month = month_start(month, -1)
    return csv_table(t, [t.gettext(h) for h in MONTHLY_HEADER], rows, timezone=community.timezone)


def monthly_csv_file(community: Community, content: str) -> dict:
    """The CSV as the person downloads it: « soins-cardiaques-chiffres-mensuels.csv »."""
    t = translator(community.language)
    return {"filename": file_name(community.name, t.gettext("monthly figures"), extension="csv"),
            "title": t.gettext("Figures month by month (CSV)"), "content": content}


def plan_monthly(session: Session, community: Community, *, after: datetime) -> None:
    """The first working day of the next month (no weekend, no public holiday of the community's
    country), 9:00 community time."""
    local = after.astimezone(zone(community.timezone)).date()
    first = month_start(local, -1)
    at = local_time(first_working_day(first, community.timezone), REPORT_AT, community.timezone)
    due.schedule(session=session, team_id=community.team_id, community_id=community.id, kind=MONTHLY_REPORT,
                 dedupe_key=f"{MONTHLY_REPORT}:{community.id}:{first.isoformat()}", due_at=at,
                 subject_id=community.id)


def recipients(session: Session, community: Community) -> list[str]:
    return roles.people_for(session, team_id=community.team_id, community_id=community.id,
                            duty=roles.Duty.VALUE_REPORT)


def for_person(session: Session, community: Community, user_id: str, month: date,
               first: date | None = None) -> tuple[Translator, Report]:
    """The report as ``user_id`` reads it (today the same for every reader: totals, never a ranking)."""
    return translator(community.language), build(session, community, month, first=first)


def community_of(session: Session, item: DueItem) -> Community | None:
    return community_store.community_of(session=session, team_id=item.team_id, community_id=item.community_id)


@dataclass(frozen=True)
class Prepared:
    """A person's report, drawn: the DM and its charts (PNG), ready to be owed."""

    message: dict
    charts: list[tuple[str, str, bytes]]  # (file name, title, PNG)
    comment: str


def prepare(session: Session, community: Community, user_id: str, month: date, first: date | None = None) -> Prepared:
    """Figures and charts for one person (the same for every reader: totals, never a ranking); only reads."""
    t, report = for_person(session, community, user_id, month, first)
    return Prepared(blocks.monthly_report(t, report), charts(t, report), t.gettext("The charts of the report."))


def owe_prepared(session: Session, community: Community, user_id: str, prepared: Prepared, *, key: str) -> list[int]:
    """The report to one person: the figures by DM, then the charts as PNG files."""
    ids = owe_dm(session, team_id=community.team_id, key=key, user_id=user_id, message=prepared.message,
                 fallback_channel=community.channel_id)
    files = [{"filename": name, "title": title, "content_base64": base64.b64encode(png).decode()}
             for name, title, png in prepared.charts]
    ids += owe(session, team_id=community.team_id, key=key + ":charts", method=UPLOAD,
               payload={"user_id": user_id, "files": files, "comment": prepared.comment})
    return ids


def owe_report(session: Session, community: Community, user_id: str, month: date, *, key: str,
               first: date | None = None) -> list[int]:
    return owe_prepared(session, community, user_id, prepare(session, community, user_id, month, first), key=key)


UPLOAD = FILES_TO_PERSON  # not a Web API method: the notifier runs files upload v2 for it


MAX_MONTHS_COVERED = 12


def monthly_job(session: Session, item: DueItem, now: datetime) -> list[int]:
    """First working day of the month: the report of the months not yet reported (last month, and those
    before it that had nothing to report) to sponsors and animators — or nothing, if there is still
    nothing to report; next month planned."""
    community = community_of(session, item)
    if community is None:
        return []
    plan_monthly(session, community, after=now)
    month = month_start(now.astimezone(zone(community.timezone)).date(), 1)
    key = {"session": session, "team_id": community.team_id, "community_id": community.id, "kind": MONTHLY_REPORT}
    last = last_said.recall(**key)
    first = date.fromisoformat(last[0]["next"]) if last else month
    first = min(max(first, month_start(month, MAX_MONTHS_COVERED - 1)), month)
    start, end = bounds(community, first, months_between(first, month))
    if not worth_reporting(figures(session, community, start=start, end=end)):
        if last is None:  # remember where the next report starts
            last_said.remember(said={"next": first.isoformat()}, at=now, **key)
        return []
    ids = []
    for person in recipients(session, community):
        ids += owe_report(session, community, person, month, key=f"{item.dedupe_key}:{person}",
                          first=first if first < month else None)
    last_said.remember(said={"next": month_start(month, -1).isoformat(), "from": first.isoformat()}, at=now, **key)
    return ids
