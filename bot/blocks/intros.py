"""Introductions: the group DM that puts members in touch and says why, its nudge, and We met."""

from bot.blocks import kit
from bot.i18n import Translator
from bot.text import mrkdwn

ACTION_WE_MET = "cop_we_met"

def _listed(t: Translator, names: list[str]) -> str:
    if len(names) < 2:
        return "".join(names)
    return t.gettext("{some} and {last}", some=", ".join(names[:-1]), last=names[-1])


def _people(t: Translator, people: list[str]) -> str:
    return _listed(t, [f"<@{u}>" for u in people])


def _topics(topics: list[str]) -> str:
    return " ".join(f"#{x}" for x in topics)


def intro_reason(t: Translator, reason: dict) -> str | None:
    """One reason, in words (``None`` for a kind these words do not know)."""
    kind = reason.get("kind")
    if kind == "helps":
        return t.gettext("<@{helper}> can help with {topics}, which <@{seeker}> is looking for.",
                         helper=reason["helper"], seeker=reason["seeker"], topics=_topics(reason["topics"]))
    if kind == "topics":
        return t.gettext("You both work on {topics}.", topics=_topics(reason["topics"]))
    values = reason.get("values") or []
    if kind == "region":
        if len(values) == 2:
            return t.gettext("One of you is in {first}, the other in {second}.", first=mrkdwn(values[0]),
                             second=mrkdwn(values[1]))
        return t.gettext("You are in {places}.", places=_listed(t, [mrkdwn(v) for v in values]))
    if kind == "workplace":  # no article to guess (« au CISSS », « à l’hôpital »): the names, listed
        return t.gettext("You work in different places: {places}.", places=_listed(t, [mrkdwn(v) for v in values]))
    if kind == "years":
        return t.gettext("One of you has been in the practice for {many}, another for {few}: what each of you "
                         "learned is worth passing on.",
                         many=t.ngettext("{n} year", "{n} years", reason["many"]),
                         few=t.ngettext("{n} year", "{n} years", reason["few"]))
    return None


def _met_line(t: Translator, met_by: str) -> str:
    return t.gettext(":white_check_mark: You met: <@{person}> said so. Thank you!", person=met_by)


def _met_button(t: Translator, pair_id: int) -> dict:
    return {"type": "actions", "elements": [kit.button(t.gettext("We met"), ACTION_WE_MET, str(pair_id),
                                                       style="primary")]}


def introduction(t: Translator, *, pair_id: int, people: list[str], community_name: str, reasons: list[dict],
                 met_by: str | None = None) -> dict:
    """The group DM: who, why, a half hour suggested; **We met** until one of them presses it."""
    text = t.gettext("Hello {people}! This month, *{community}* introduces you to each other.",
                     people=_people(t, people), community=mrkdwn(community_name))
    why = [line for line in (intro_reason(t, r) for r in reasons) if line]
    body = [kit.section(text)]
    if why:
        body.append(kit.section("\n".join(f"• {line}" for line in why)))
    body.append(kit.context(t.gettext("A coffee or a 30-minute call, when it suits you both. Nobody has to; "
                                      "press *We met* once you have talked.")))
    body.append(kit.section(_met_line(t, met_by)) if met_by else _met_button(t, pair_id))
    return {"text": kit.fallback(text), "blocks": body}


def intro_nudge(t: Translator, *, pair_id: int, people: list[str]) -> dict:
    """Two weeks on, when nobody pressed We met."""
    text = t.gettext("{people}, a gentle reminder: have you found a moment to talk? No pressure; when you have, "
                     "press *We met*.", people=_people(t, people))
    return {"text": kit.fallback(text), "blocks": [kit.section(text), _met_button(t, pair_id)]}


def intro_met_note(t: Translator, *, met_by: str) -> dict:
    """The nudge, once someone pressed We met."""
    text = _met_line(t, met_by)
    return {"text": kit.fallback(text), "blocks": [kit.section(text)]}


def intro_status(t: Translator, *, wants: bool | None, everyone: bool, changed: bool | None,
                 next_round: str | None) -> str:
    """What ``/cop intros`` answers: whether the person takes part, and when the next round is (``changed``:
    False when what they asked was already so, None when they only asked)."""
    taking_part = wants if wants is not None else everyone
    if taking_part:
        line = t.gettext("You take part in the monthly introductions: once a month, a group message puts you in "
                         "touch with another member, from another workplace when profiles say so.")
        if changed is False:
            line = t.gettext("Nothing changed.") + " " + line
        if next_round:
            line += " " + t.gettext("Next round: {day}.", day=next_round)
        return line + " " + t.gettext("To stop: `/cop intros off`.")
    line = t.gettext("You take no part in the monthly introductions.")
    if changed is False:
        line = t.gettext("Nothing changed.") + " " + line
    return line + " " + t.gettext("To take part: `/cop intros on`.")
