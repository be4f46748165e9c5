"""Value: the community's figures and the monthly report."""

from collections.abc import Sequence
from datetime import date

from bot.blocks import kit
from bot.blocks.missions import objectives_of, theme_section
from bot.i18n import Translator
from bot.text import fit_mrkdwn, mrkdwn, plain


def stage_label(t: Translator, stage: str) -> str:
    return {"growth": t.gettext("growth"), "maturity": t.gettext("maturity"),
            "stabilisation": t.gettext("stabilisation"), "slowdown": t.gettext("slowdown"),
            "renewal": t.gettext("renewal")}[stage]


def _percent(t: Translator, ratio: float) -> str:
    return t.percent(ratio)


def stats_view(t: Translator, *, community_name: str, days: int, figures, timezone: str,
               objectives: Sequence[str] = ()) -> dict:
    """The community's figures (ephemeral); helpers' names only when ``figures.top_helpers`` is set (the
    reader and the helpers listed took part in rankings); ``objectives``: the mission's, named above the
    strategic themes' figures."""
    title = t.ngettext("*{name}* — the last {n} day", "*{name}* — the last {n} days", days,
                       name=mrkdwn(community_name))
    hours = figures.minutes_saved / 60
    rate = _percent(t, figures.resolution_rate) if figures.resolution_rate is not None else "—"
    wait = (t.gettext("{hours} h", hours=t.number(round(figures.median_first_answer_hours, 1)))
            if figures.median_first_answer_hours is not None else "—")
    calls = t.gettext("*Calls for help:* {asked} · {answered} · {resolved} ({rate})",
                      asked=t.ngettext("{n} asked", "{n} asked", figures.asked),
                      answered=t.ngettext("{n} answered", "{n} answered", figures.answered),
                      resolved=t.ngettext("{n} resolved", "{n} resolved", figures.resolved), rate=rate)
    meetings = t.gettext("*Meetings held:* {meetings} · {attended}", meetings=t.number(figures.meetings),
                         attended=t.ngettext("{n} attendance recorded", "{n} attendances recorded",
                                           figures.attended))
    lines = [
        title,
        t.gettext("*Members:* {members} · active: {active}", members=t.number(figures.members),
                  active=t.number(figures.active)),
        calls,
        t.gettext("*Median time to a first answer:* {wait}", wait=wait),
        t.gettext("*Help found in the library:* {library} · *lessons shared:* {lessons}",
                  library=t.number(figures.library), lessons=t.number(figures.lessons)),
        meetings,
        *introductions_line(t, figures),
        *theme_section(t, figures.themes, objectives),
        t.gettext("*Time saved:* {hours} h, worth {value} at {rate}/h",
                  hours=t.number(round(hours, 1)), value=t.currency(figures.value, figures.currency),
                  rate=t.whole_currency(figures.hourly_rate, figures.currency)),
        _a_month_later(t, figures),
        t.gettext("*Life cycle:* {stage}", stage=stage_label(t, figures.stage)) + " — " + ", ".join(
            t.gettext("activity {change}", change=_signed(t, change)) if name == "activity"
            else t.gettext("members {change}", change=_signed(t, change)) for name, change in figures.signals),
    ]
    for story, minutes in figures.stories:
        if minutes is None:  # the asker told the story but not the time it saved
            lines.append(t.gettext("> “{story}”", story=fit_mrkdwn(story, 600)))
            continue
        lines.append(t.ngettext("> “{story}” — {hours} h saved", "> “{story}” — {hours} h saved", int(minutes / 60),
                                story=fit_mrkdwn(story, 600), hours=t.number(round(minutes / 60, 1))))
    for change in figures.changes:
        lines.append(t.gettext("> “{story}” — what changed", story=fit_mrkdwn(change, 600)))
    lines += _helpers(t, figures)
    return kit.chunked_ephemeral(lines)


def introductions_line(t: Translator, figures) -> list[str]:
    """The monthly introductions made and how many met (counts, no names); nothing when none was made."""
    if not getattr(figures, "introduced", 0):
        return []
    return [t.gettext("*Introductions:* {made} · {met}",
                      made=t.ngettext("{n} made", "{n} made", figures.introduced),
                      met=t.ngettext("{n} said they met", "{n} said they met", figures.met))]


def _helpers(t: Translator, figures) -> list[str]:
    """The askers' credits: the totals for everyone; the reader's own figure; the ranking of the helpers
    who opted in, only to a reader who opted in too (``figures.top_helpers`` is set)."""
    lines = [t.gettext("*Helpers credited by askers:* {people} · {credits}",
                       people=t.ngettext("{n} person", "{n} people", figures.credited),
                       credits=t.ngettext("{n} credit", "{n} credits", figures.credits))]
    if figures.own_credits:
        lines.append(t.ngettext("*You:* credited {n} time in this period", "*You:* credited {n} times in this period",
                                figures.own_credits))
    if figures.top_helpers is not None:
        helpers = ", ".join(f"<@{u}> ({t.number(n)})" for u, n in figures.top_helpers) or t.gettext("nobody yet")
        lines.append(t.gettext("*Most credited helpers:* {helpers}", helpers=helpers))
    elif figures.own_credits is not None:
        lines.append(t.gettext("The ranking of helpers is for those who take part in it: `/cop rankings on`."))
    return lines


def _a_month_later(t: Translator, figures) -> str:
    """What askers said a month after their call was resolved: how many applied the answer, and how
    many saw something change (each count with its own noun and verb)."""
    if not figures.followed:
        return t.gettext("*A month later:* no asker has said yet whether they applied an answer")
    applied = t.ngettext("*A month later:* {n} of {followed} askers applied the answer",
                         "*A month later:* {n} of {followed} askers applied the answer", figures.applied,
                         followed=t.number(figures.followed))
    return applied + " · " + t.ngettext("{n} saw something change", "{n} saw something change", figures.realised)


def _signed(t: Translator, change: float) -> str:
    value = _percent(t, abs(change))
    return ("+" if change >= 0 else "−") + value


def _month_before(first: date) -> date:
    return date(first.year - (first.month == 1), (first.month - 2) % 12 + 1, 1)


def _period(t: Translator, first, last) -> str:
    """« March 2027 », « February – March 2027 » in the community's language."""
    from babel.dates import format_date, format_interval

    if first >= last:
        return format_date(last, "MMMM y", locale=t.locale)
    return format_interval(first, last, "yMMMM", locale=t.locale)


def monthly_report(t: Translator, report) -> dict:
    """The period (a month, or the months since the last report) beside the one before it and the same
    months last year, and the value stories; how many helpers were credited, never who (rankings are
    for those who take part in them). Rows with nothing in any column are left out; months that
    had nothing to report are said to be covered here."""
    months = report.months
    title = t.gettext("Value report of {name} — {month}", name=plain(report.community.name, 80),
                      month=_period(t, report.since, report.month))
    rows = [
        (t.gettext("Calls for help asked"), lambda f: f.asked, t.number),
        (t.gettext("Calls for help resolved"), lambda f: f.resolved, t.number),
        (t.gettext("Active members"), lambda f: f.active, t.number),
        (t.gettext("Lessons shared"), lambda f: f.lessons, t.number),
        (t.gettext("Help found in the library"), lambda f: f.library, t.number),
        (t.gettext("Hours saved"), lambda f: round(f.minutes_saved / 60, 1), t.number),
        (t.gettext("Value"), lambda f: f.value, lambda v: t.currency(v, report.current.currency)),
        (t.gettext("Answers applied (asked a month later)"), lambda f: f.applied, t.number),
        (t.gettext("Answers that changed something"), lambda f: f.realised, t.number),
        (t.gettext("Helpers credited by askers"), lambda f: f.credited, t.number),
        (t.gettext("Introductions made"), lambda f: f.introduced, t.number),
        (t.gettext("Introductions that met"), lambda f: f.met, t.number),
    ]
    columns = (report.current, report.previous, report.last_year)
    lines = [t.gettext("*This month* · previous month · same month last year") if months == 1 else
             t.gettext("*These {n} months* · the {n} months before · the same months last year", n=months)]
    for label, value, shown in rows:
        if not any(value(f) for f in columns):
            continue  # zero everywhere: nothing to read
        lines.append(t.gettext("• {label}: *{this_month}* · {previous} · {last_year}", label=label,
                               this_month=shown(value(report.current)), previous=shown(value(report.previous)),
                               last_year=shown(value(report.last_year))))
    if len(lines) == 1:
        lines = [t.gettext("Nothing to report for {period}.", period=_period(t, report.since, report.month))]
    out = [kit.header(":bar_chart: " + title)]
    if months > 1:
        out.append(kit.context(t.gettext("{skipped} had nothing to report: no report was sent then, and this one "
                                         "covers {period}.",
                                         skipped=_period(t, report.since, _month_before(report.month)),
                                         period=_period(t, report.since, report.month))))
    out.append(kit.section("\n".join(lines)))
    purpose = theme_section(t, report.current.themes, objectives_of(report.community))
    if purpose:
        out.append(kit.section("\n".join(purpose)))
    if report.current.stories:
        out.append(kit.section("\n".join([t.gettext("*In their words*")] + [
            t.gettext("> “{story}”", story=fit_mrkdwn(story, 600)) for story, _ in report.current.stories])))
    if report.current.changes:
        out.append(kit.section("\n".join([t.gettext("*What changed*")] + [
            t.gettext("> “{story}”", story=fit_mrkdwn(story, 600)) for story in report.current.changes])))
    return {"text": kit.fallback(title), "blocks": out}
