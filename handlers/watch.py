"""Watch (veille): ``/cop watch`` for content experts, ``/cop follow`` and ``/cop unfollow`` for everyone."""

from bot.i18n import N_, translator
from bot.runtime import Runtime
from bot.services import resources, watch
from bot.services.results import Outcome
from bot.text import from_slack, mrkdwn, split_topics
from handlers.replies import Turn, names_in, problem, t_here
from handlers.requests import Command
from handlers.resources import NOT_A_COMMUNITY

USAGE = N_("Say what is new, with its link and topics: `/cop watch <link> <what is new> #topic` (a type with "
            "`type:guideline`, for example).")


def watch_command(runtime: Runtime, command: Command) -> None:
    """A content expert's watch item: posted in the channel, in the library as a resource marked new."""
    t = t_here(runtime, command)
    text = from_slack(command.text)
    names_in(runtime, command, text)
    with Turn(runtime, command) as turn:
        result = resources.post_watch(turn.session, team_id=command.team_id, channel_id=command.channel_id,
                                  user_id=command.user_id, text=text)
        turn.owe(result.outbox_ids)
        t = translator(result.language) if result.outcome != Outcome.NOT_A_COMMUNITY else t
        if result.outcome == Outcome.NOT_A_COMMUNITY:
            turn.say(t.gettext(NOT_A_COMMUNITY))
        elif result.outcome == Outcome.NOT_ALLOWED:
            turn.say(t.gettext(resources.NOT_AN_EXPERT))
        elif result.outcome == Outcome.EMPTY:
            turn.say(" ".join([t.gettext(p) for p in result.detail.values()] + [t.gettext(USAGE)]))
        elif (text := problem(t, result.outcome)) is not None:
            turn.say(text)


def _following(runtime: Runtime, command: Command, stop: bool) -> None:
    _, topics = split_topics(command.text)
    t = t_here(runtime, command)
    with Turn(runtime, command) as turn:
        result = watch.follow(turn.session, team_id=command.team_id, channel_id=command.channel_id,
                              user_id=command.user_id, topics=topics, stop=stop)
        if result.outcome == Outcome.NOT_A_COMMUNITY:
            turn.say(t.gettext(NOT_A_COMMUNITY))
            return
        t = translator(result.language)
        mine = " ".join("#" + mrkdwn(x) for x in result.topics)
        now = (t.gettext("You follow {topics}: once a month, if there is something, one direct message with their "
                         "watch items and newly validated resources.", topics=mine) if result.topics else
               t.gettext("You follow no topic. `/cop follow #topic` to hear of its watch items and validated "
                         "resources, once a month."))
        if not topics and not stop:
            turn.say(now)
        elif not result.changed:
            turn.say(t.gettext("Nothing changed. {now}", now=now))
        else:
            turn.say(now)


def follow_command(runtime: Runtime, command: Command) -> None:
    """``/cop follow #topic…``: follow topics; alone, the topics followed."""
    _following(runtime, command, stop=False)


def unfollow_command(runtime: Runtime, command: Command) -> None:
    """``/cop unfollow #topic…``: no longer follow them; alone, no longer follow any."""
    _following(runtime, command, stop=True)
