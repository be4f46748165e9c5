"""``/cop glossary`` (*glossaire*): the terms search holds for one another, and their editing."""

from bot.i18n import N_, translator
from bot.runtime import Runtime
from bot.services import glossary
from bot.services.results import Outcome
from bot.text import first_word, fold, mrkdwn
from handlers.replies import NOT_A_COMMUNITY, Turn, answer, t_here
from handlers.requests import Command

ADD_WORDS = {"add", "ajouter", "ajoute"}
REMOVE_WORDS = {"remove", "delete", "retirer", "retire", "supprimer", "supprime", "enlever", "enleve"}
SHOWN = 40  # entries listed at most (the newest); the rest are counted

USAGE = N_("Usage: `/cop glossary add pompe volumétrique = infusion pump` (several terms: `a = b = c`), "
           "`/cop glossary remove <term>`, or `/cop glossary` to see the list. A search for one term of an entry "
           "also finds lessons written with the others.")
NOT_ALLOWED = N_("The glossary is kept by the community's founders, facilitators and content experts. Ask one of them "
                 "to add it.")


def glossary_command(runtime: Runtime, command: Command) -> None:
    word, rest = first_word(command.text)
    if "=" in command.text and fold(word) not in ADD_WORDS | REMOVE_WORDS:
        word, rest = "add", command.text  # "/cop glossary a = b" adds too
    t = t_here(runtime, command)
    if fold(word) in ADD_WORDS:
        if not rest.strip():
            answer(runtime, command, t.gettext(USAGE))
            return
        _add(runtime, command, rest)
    elif fold(word) in REMOVE_WORDS:
        if not rest.strip():
            answer(runtime, command, t.gettext(USAGE))
            return
        _remove(runtime, command, rest)
    elif word:
        answer(runtime, command, t.gettext(USAGE))
    else:
        _show(runtime, command)


def _entry(terms: str) -> str:
    return " = ".join(f"*{mrkdwn(term)}*" for term in terms.split(" = "))


def _add(runtime: Runtime, command: Command, text: str) -> None:
    t = t_here(runtime, command)
    with Turn(runtime, command) as turn:
        result = glossary.add(turn.session, team_id=command.team_id, channel_id=command.channel_id,
                              user_id=command.user_id, text=text)
        if result.community is None:  # the channel is no community's home
            turn.say(t.gettext(NOT_A_COMMUNITY))
            return
        t = translator(result.community.language)
        if result.outcome == Outcome.NOT_ALLOWED:
            turn.say(t.gettext(NOT_ALLOWED))
        elif result.outcome == Outcome.EMPTY:
            turn.say(t.gettext("An entry is two terms or more, separated by `=`, each with a word search can read "
                               "(at most {n} characters each).", n=80) + " " + t.gettext(USAGE))
        elif result.outcome == Outcome.UNCHANGED:
            turn.say(t.gettext("The glossary already has {entry}.", entry=_entry(result.entries[0].terms)))
        elif result.outcome == Outcome.TOO_LONG:
            turn.say(t.gettext("The glossary is full ({n} entries). Remove one that is no longer useful first.",
                               n=glossary.MAX_ENTRIES))
        else:
            turn.say(t.gettext("Added to the glossary: {entry}. Searches for one of these terms now find lessons "
                               "written with the others.", entry=_entry(result.entries[0].terms)))


def _remove(runtime: Runtime, command: Command, term: str) -> None:
    t = t_here(runtime, command)
    with Turn(runtime, command) as turn:
        result = glossary.remove(turn.session, team_id=command.team_id, channel_id=command.channel_id,
                                 user_id=command.user_id, term=term)
        if result.community is None:  # the channel is no community's home
            turn.say(t.gettext(NOT_A_COMMUNITY))
            return
        t = translator(result.community.language)
        if result.outcome == Outcome.NOT_ALLOWED:
            turn.say(t.gettext(NOT_ALLOWED))
        elif result.outcome == Outcome.NOT_FOUND:
            turn.say(t.gettext("No entry of the community's glossary has “{term}”. `/cop glossary` shows them.",
                               term=mrkdwn(term.strip())))
        else:
            turn.say(t.gettext("Removed from the glossary: {entries}.",
                               entries="; ".join(_entry(e.terms) for e in result.entries)))


def _show(runtime: Runtime, command: Command) -> None:
    t = t_here(runtime, command)
    with runtime.db.reading() as session:
        result = glossary.show(session, team_id=command.team_id, channel_id=command.channel_id,
                               user_id=command.user_id)
    if result.community is None:  # the channel is no community's home
        answer(runtime, command, t.gettext(NOT_A_COMMUNITY))
        return
    t = translator(result.community.language)
    if result.entries:
        lines = [t.gettext("*The glossary of {name}*: a search for one term also finds the others.",
                           name=mrkdwn(result.community.name))]
        lines += [f"• {_entry(e.terms)}" for e in result.entries[-SHOWN:]]
        if len(result.entries) > SHOWN:
            older = len(result.entries) - SHOWN
            lines.append(t.ngettext("…and {n} older entry.", "…and {n} older entries.", older))
    else:
        lines = [t.gettext("The community has no glossary entries of its own yet.")]
    lines.append(t.ngettext("Search also knows {n} common equivalent (courriel = e-mail, rencontre = meeting, "
                            "PME = SME…).", "Search also knows {n} common equivalents (courriel = e-mail, "
                            "rencontre = meeting, PME = SME…).", result.starter))
    if result.can_edit:
        lines.append(t.gettext("Add one: `/cop glossary add pompe volumétrique = infusion pump`; remove one: "
                               "`/cop glossary remove <term>`."))
    answer(runtime, command, "\n".join(lines))
