"""Introductions: ``/cop intros on|off`` (*jumelage*), ``/cop intros everyone on|off`` for founders and
facilitators, and the **We met** button of the group DM."""

from datetime import UTC, datetime, time

from bot import blocks
from bot.i18n import N_, Translator, translator
from bot.runtime import Runtime
from bot.services import intros
from bot.services.results import Outcome
from bot.services.timing import local_time
from bot.text import fold, whole_number
from handlers.replies import Turn, answer, problem, t_here
from handlers.requests import Click, Command

YES = {"on", "yes", "oui", "activer", "active", "start"}
NO = {"off", "no", "non", "desactiver", "desactive", "stop"}
EVERYONE = {"everyone", "all", "community", "communaute", "tous", "toutes", "tout-le-monde"}
USAGE = N_("`/cop intros on` to take part in the monthly introductions, `/cop intros off` to stop; founders and "
           "facilitators: `/cop intros everyone on|off` for every member.")
NOT_A_STEWARD = N_("Only the community's founders and facilitators can introduce every member.")


def _said(t: Translator, result: intros.IntroStatus) -> str:
    day = result.next_round
    shown = t.date(local_time(day, time(12), result.timezone), result.timezone) if day else None
    line = blocks.intro_status(t, wants=result.wants, everyone=result.everyone, changed=result.changed,
                               next_round=shown)
    if result.everyone:
        line += " " + t.gettext("This community introduces every member who has not said no.")
    return line


def _parse(text: str) -> tuple[bool, bool | None] | None:
    """(for everyone, yes / no / None to ask) from ``[everyone] [on|off]``; ``None`` when it says neither."""
    words = [fold(w) for w in text.split()]
    everyone = bool(words) and words[0] in EVERYONE
    switch = words[1:] if everyone else words
    if len(switch) > 1 or (switch and switch[0] not in YES | NO) or (everyone and not switch):
        return None
    return everyone, (switch[0] in YES) if switch else None


def intros_command(runtime: Runtime, command: Command) -> None:
    """``/cop intros [on|off]`` or ``/cop intros everyone on|off``: the person's answer, privately, with the
    next round's day."""
    parsed = _parse(command.text)
    t = t_here(runtime, command)
    if parsed is None:
        answer(runtime, command, t.gettext(USAGE))
        return
    everyone, wants = parsed
    now = datetime.now(UTC)
    key = {"team_id": command.team_id, "channel_id": command.channel_id, "user_id": command.user_id, "now": now}
    with Turn(runtime, command) as turn:
        if everyone:
            result = intros.for_everyone(turn.session, on=bool(wants), **key)
        elif wants is None:
            result = intros.status(turn.session, **key)
        else:
            result = intros.choose(turn.session, wants=wants, **key)
        t = translator(result.language) if result.outcome != Outcome.NOT_A_COMMUNITY else t
        if (said := problem(t, result.outcome, not_allowed=NOT_A_STEWARD)) is not None:
            turn.say(said)
            return
        turn.say(_said(t, result))


def we_met(runtime: Runtime, click: Click) -> None:
    """**We met** in a group DM of introductions: counted once, the introduction says so."""
    with Turn(runtime, click) as turn:
        result = intros.we_met(turn.session, team_id=click.team_id, user_id=click.user_id,
                               pair_id=whole_number(click.value) or 0, clicked_ts=click.message_ts,
                               now=datetime.now(UTC))
        t = translator(result.language)
        if result.outcome == Outcome.NOT_ALLOWED:
            turn.say(t.gettext("This introduction is for other members."), replace=False)
            return
        if result.message is not None:
            turn.reply(result.message, replace=True)
        turn.owe(result.owed)


def register(wiring) -> None:
    wiring.action(blocks.ACTION_WE_MET, we_met)
