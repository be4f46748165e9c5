"""Value: the community's figures and the monthly report."""


from bot.blocks import kit
from bot.i18n import Translator
from bot.text import fit_mrkdwn, mrkdwn, plain


def stage_label(t: Translator, stage: str) -> str:
    return {"growth": t.gettext("growth"), "maturity": t.gettext("maturity"),
            "stabilisation": t.gettext("stabilisation"), "slowdown": t.gettext("slowdown"),
            "renewal": t.gettext("renewal")}[stage]


def _percent(t: Translator, ratio: float) -> str:
    return t.percent(ratio)


def stats_view(t: Translator, *, community_name: str, days: int, figures, timezone: str) -> dict:
    """The community's figures (ephemeral); helpers' names only when ``figures.top_helpers`` is set."""
    title = t.ngettext("*{name}* — the last {n} day", "*{name}* — the last {n} days", days,
                       name=mrkdwn(community_name))
    hours = figures.minutes_saved / 60
    rate = _percent(t, figures.resolution_rate) if figures.resolution_rate is not None else "—"
    wait = (t.gettext("{hours} h", hours=t.number(round(figures.median_first_answer_hours, 1)))
            if figures.median_first_answer_hours is not None else "—")
    lines = [
        title,
        t.gettext("*Members:* {members} · active: {active}", members=t.number(figures.members),
                  active=t.number(figures.active)),
        t.gettext("*Calls for help:* {asked} asked · {answered} answered · {resolved} resolved ({rate})",
                  asked=t.number(figures.asked), answered=t.number(figures.answered),
                  resolved=t.number(figures.resolved), rate=rate),
        t.gettext("*Median time to a first answer:* {wait}", wait=wait),
        t.gettext("*Help found in the library:* {library} · *lessons shared:* {lessons}",
                  library=t.number(figures.library), lessons=t.number(figures.lessons)),
        t.gettext("*Meetings held:* {meetings} · {rsvps} said they would come", meetings=t.number(figures.meetings),
                  rsvps=t.number(figures.rsvps)),
        t.gettext("*Time saved:* {hours} h, worth {value} at {rate} {currency}/h",
                  hours=t.number(round(hours, 1)), value=t.currency(figures.value, figures.currency),
                  rate=t.number(figures.hourly_rate), currency=figures.currency),
        t.gettext("*A month later:* {applied} of {followed} askers applied the answer · {realised} saw something "
                  "change", applied=t.number(figures.applied), followed=t.number(figures.followed),
                  realised=t.number(figures.realised)),
        t.gettext("*Life cycle:* {stage}", stage=stage_label(t, figures.stage)) + " — " + ", ".join(
            t.gettext("activity {change}", change=_signed(t, change)) if name == "activity"
            else t.gettext("members {change}", change=_signed(t, change)) for name, change in figures.signals),
    ]
    for story, minutes in figures.stories:
        lines.append(t.gettext("> “{story}” — {hours} h saved", story=fit_mrkdwn(story, 600),
                               hours=t.number(round(minutes / 60, 1))))
    for change in figures.changes:
        lines.append(t.gettext("> “{story}” — what changed", story=fit_mrkdwn(change, 600)))
    if figures.top_helpers is not None:
        helpers = ", ".join(f"<@{u}> ({t.number(n)})" for u, n in figures.top_helpers) or t.gettext("nobody yet")
        lines.append(t.gettext("*Most credited helpers:* {helpers}", helpers=helpers))
    return kit.chunked_ephemeral(lines)


def _signed(t: Translator, change: float) -> str:
    value = _percent(t, abs(change))
    return ("+" if change >= 0 else "−") + value


def monthly_report(t: Translator, report) -> dict:
    """The month beside the previous one and the same month last year, and the value stories."""
    from babel.dates import format_date

    month = format_date(report.month, "MMMM y", locale=t.locale)
    title = t.gettext("Value report of {name} — {month}", name=plain(report.community.name, 80), month=month)
    rows = [
        (t.gettext("Calls for help asked"), lambda f: t.number(f.asked)),
        (t.gettext("Calls for help resolved"), lambda f: t.number(f.resolved)),
        (t.gettext("Active members"), lambda f: t.number(f.active)),
        (t.gettext("Lessons shared"), lambda f: t.number(f.lessons)),
        (t.gettext("Help found in the library"), lambda f: t.number(f.library)),
        (t.gettext("Hours saved"), lambda f: t.number(round(f.minutes_saved / 60, 1))),
        (t.gettext("Value"), lambda f: t.currency(f.value, f.currency)),
        (t.gettext("Answers applied (asked a month later)"), lambda f: t.number(f.applied)),
        (t.gettext("Answers that changed something"), lambda f: t.number(f.realised)),
    ]
    lines = [t.gettext("*This month* · previous month · same month last year")]
    for label, value in rows:
        lines.append(f"• {label}: *{value(report.current)}* · {value(report.previous)} · {value(report.last_year)}")
    out = [kit.header(":bar_chart: " + title), kit.section("\n".join(lines))]
    if report.current.stories:
        out.append(kit.section("\n".join([t.gettext("*In their words*")] + [
            f"> “{fit_mrkdwn(story, 600)}”" for story, _ in report.current.stories])))
    if report.current.changes:
        out.append(kit.section("\n".join([t.gettext("*What changed*")] + [
            f"> “{fit_mrkdwn(story, 600)}”" for story in report.current.changes])))
    if report.current.top_helpers:
        out.append(kit.context(t.gettext("*Most credited helpers:* {helpers}", helpers=", ".join(
            f"<@{u}> ({t.number(n)})" for u, n in report.current.top_helpers))))
    return {"text": kit.fallback(title), "blocks": out}
