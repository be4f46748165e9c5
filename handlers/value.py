"""``/cop stats`` and ``/cop report``: the community's figures and its monthly value report."""

from bot import blocks
from bot.i18n import N_, translator
from bot.runtime import Runtime
from bot.services import report as reports
from bot.services import stats as stats_service
from bot.services import timing
from bot.services.communities import community_here
from bot.services.owed import owe_files
from bot.text import fold, whole_number
from handlers.replies import NOT_A_COMMUNITY, Turn, answer, t_here
from handlers.requests import Command

STATS_USAGE = N_("`/cop stats [days]` gives the community's figures over the last days, 90 by default: for example "
                 "`/cop stats 30`.")


def stats(runtime: Runtime, command: Command) -> None:
    """``/cop stats [days]``: the community's figures over the period (90 days by default), private."""
    word = command.text.strip().split(" ")[0] if command.text.strip() else ""
    t = t_here(runtime, command)
    if word and whole_number(word) is None:
        answer(runtime, command, t.gettext(STATS_USAGE))
        return
    days = whole_number(word) or stats_service.DEFAULT_DAYS
    with runtime.db.reading() as session:
        result = stats_service.community_stats(session, team_id=command.team_id, channel_id=command.channel_id,
                                               user_id=command.user_id, days=days)
    if result.community is None:
        answer(runtime, command, t.gettext(NOT_A_COMMUNITY))
        return
    days = max(1, min(days, stats_service.MAX_DAYS))
    with Turn(runtime, command) as turn:
        turn.reply(blocks.stats_view(translator(result.community.language), community_name=result.community.name,
                                     days=days, figures=result.figures, timezone=result.community.timezone,
                                     objectives=blocks.objectives_of(result.community)))


def report(runtime: Runtime, command: Command) -> None:
    """``/cop report``: last month's value report by DM, with its charts; ``csv``: every month as CSV.
    Figures and charts are drawn while only reading; the write that owes them is short."""
    t = t_here(runtime, command)
    csv = fold(command.text.strip()) == "csv"
    content: str | None = None  # the CSV, when asked
    prepared: reports.Prepared | None = None  # else the report
    with runtime.db.reading() as session:
        community = community_here(session, team_id=command.team_id, channel_id=command.channel_id)
        if community is not None:
            today = timing.today(community.timezone)
            if csv:
                content = reports.monthly_csv(session, community, until=reports.month_start(today))
            else:
                prepared = reports.prepare(session, community, command.user_id, reports.month_start(today, 1))
    if community is None:
        answer(runtime, command, t.gettext(NOT_A_COMMUNITY))
        return
    t = translator(community.language)
    with Turn(runtime, command) as turn:
        if content is not None:
            turn.owe(owe_files(turn.session, team_id=command.team_id, user_id=command.user_id,
                               key=f"report-csv:{command.receipt}", comment=t.gettext(
                                   "The community's figures, month by month, since it began."),
                               files=[reports.monthly_csv_file(community, content)]))
        elif prepared is not None:
            turn.owe(reports.owe_prepared(turn.session, community, command.user_id, prepared,
                                          key=f"report:{command.receipt}"))
        turn.say(t.gettext("I sent it to you by direct message."))
