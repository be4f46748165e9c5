"""``/cop gaps`` (*lacunes*): what members searched for and did not find, and what to do about it."""


from bot import blocks
from bot.i18n import N_, translator
from bot.runtime import Runtime
from bot.services import gaps, program
from bot.services.results import Outcome
from bot.text import mrkdwn, whole_number
from handlers.program import say_suggested
from handlers.replies import Turn, answer, problem, t_here
from handlers.requests import Click, Command
from handlers.wiring import Wiring

USAGE = N_("`/cop gaps [days]` shows the searches that found nothing over the last days, 30 by default: for example "
           "`/cop gaps 90`.")
NOT_ALLOWED = N_("The gaps in the library are shown to the community's founders, facilitators and content experts.")


def gaps_command(runtime: Runtime, command: Command) -> None:
    """Private: the period's most frequent searches that found nothing, each with what to do about it."""
    word = command.text.strip().split(" ")[0] if command.text.strip() else ""
    t = t_here(runtime, command)
    if word and whole_number(word) is None:
        answer(runtime, command, t.gettext(USAGE))
        return
    with runtime.db.reading() as session:
        result = gaps.show(session, team_id=command.team_id, channel_id=command.channel_id, user_id=command.user_id,
                           days=whole_number(word) or gaps.DEFAULT_DAYS)
    with Turn(runtime, command) as turn:
        if result.outcome != Outcome.DONE or result.community is None:
            t = translator(result.community.language) if result.community else t
            text = problem(t, result.outcome, not_allowed=NOT_ALLOWED)
            if text is not None:
                turn.say(text)
            return
        community = result.community
        turn.reply(blocks.gaps_view(translator(community.language), community_name=community.name,
                                    community_id=community.id, days=result.days,
                                    gaps=[(g.words, g.times) for g in result.gaps]))


def ask_button(runtime: Runtime, click: Click) -> None:
    """*Ask the community*: a call for help for what was not found, posted in the channel."""
    gap = blocks.read_gap_value(click.value)
    if gap is None:
        return
    community_id, words, times, days = gap
    with Turn(runtime, click) as turn:
        result = gaps.ask_community(turn.session, team_id=click.team_id, user_id=click.user_id,
                                    community_id=community_id, words=words, times=times, days=days)
        t = translator(result.language)
        said = problem(t, result.outcome, not_allowed=NOT_ALLOWED)
        if result.outcome == Outcome.UNCHANGED:
            said = t.gettext("The community is already asked about “{words}”: its call for help is waiting in the "
                             "channel.", words=mrkdwn(words))
        turn.say(said or t.gettext("Done: I asked the community about “{words}” in its channel.", words=mrkdwn(words)),
                 replace=False)
        turn.owe(result.outbox_ids)


def meeting_button(runtime: Runtime, click: Click) -> None:
    """*Suggest as meeting topic*: the gap joins the programme's suggested topics (its card in the channel);
    founders and facilitators may plan it at once."""
    gap = blocks.read_gap_value(click.value)
    if gap is None:
        return
    community_id, words, times, days = gap
    with Turn(runtime, click) as turn:
        say_suggested(turn, program.suggest_gap(turn.session, team_id=click.team_id, user_id=click.user_id,
                                               community_id=community_id, words=words, times=times, days=days),
                      not_allowed=NOT_ALLOWED)


def register(wiring: Wiring) -> None:
    wiring.action(blocks.ACTION_GAP_ASK, ask_button)
    wiring.action(blocks.ACTION_GAP_MEETING, meeting_button)
