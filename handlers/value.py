"""``/cop stats`` and ``/cop report``: the community's figures and its monthly value report."""

from slack_bolt import App

from bot import blocks
from bot.i18n import N_, translator
from bot.runtime import Runtime
from bot.services import report as reports
from bot.services import stats as stats_service
from bot.services.communities import community_here
from bot.services.timing import zone
from bot.text import whole_number
from handlers import Registered
from handlers.commands import Command, add_subcommand, fold, reply, reply_language
from handlers.delivery import deliver
from handlers.meetings import NOT_A_COMMUNITY
from storage.types import utcnow

STATS_USAGE = N_("`/cop stats [days]` gives the community's figures over the last days, 90 by default: for example "
                 "`/cop stats 30`.")


def stats(runtime: Runtime, command: Command) -> None:
    """``/cop stats [days]``: the community's figures over the period (90 days by default), private."""
    word = command.text.strip().split(" ")[0] if command.text.strip() else ""
    if word and whole_number(word) is None:
        reply(command, reply_language(runtime, command).gettext(STATS_USAGE))
        return
    days = whole_number(word) or stats_service.DEFAULT_DAYS
    with runtime.db.session() as session:
        result = stats_service.community_stats(session, team_id=command.team_id, channel_id=command.channel_id,
                                               user_id=command.user_id, days=days)
    if result.community is None:
        reply(command, reply_language(runtime, command).gettext(NOT_A_COMMUNITY))
        return
    days = max(1, min(days, stats_service.MAX_DAYS))
    command.respond(**blocks.stats_view(translator(result.community.language), community_name=result.community.name,
                                        days=days, figures=result.figures, timezone=result.community.timezone))


def report(runtime: Runtime, command: Command) -> None:
    """``/cop report``: last month's value report by DM, with its charts; ``csv``: every month as CSV."""
    with runtime.db.session() as session:
        community = community_here(session, team_id=command.team_id, channel_id=command.channel_id)
        if community is None:
            ids, csv_text = None, None
        elif fold(command.text.strip()) == "csv":
            today = utcnow().astimezone(zone(community.timezone)).date()
            ids, csv_text = [], reports.monthly_csv(session, community, until=reports.month_start(today))
        else:
            month = reports.month_start(utcnow().astimezone(zone(community.timezone)).date(), 1)
            ids = reports.owe_report(session, community, command.user_id, month,
                                     key=f"report:{community.id}:{command.user_id}:{utcnow().timestamp()}")
            csv_text = None
    if community is None:
        reply(command, reply_language(runtime, command).gettext(NOT_A_COMMUNITY))
        return
    t = translator(community.language)
    if csv_text is not None:
        runtime.notifier.send_files(command.user_id, [{"filename": "cop-monthly.csv", "title": "cop-monthly.csv",
                                                       "content": csv_text}],
                                    t.gettext("The community's figures, month by month, since it began."))
    else:
        deliver(runtime, ids)
    reply(command, t.gettext("I sent it to you by direct message."))


def register(app: App, runtime: Runtime) -> Registered:
    add_subcommand(stats, "stats", "bilan")
    add_subcommand(report, "report", "rapport")
    return Registered()
