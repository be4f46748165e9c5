"""``/cop`` and its subcommands: one table, from the word a person types to the function that
does it. ``/cop help`` is written from the same table, in the community's or the person's language.

Adding a subcommand is a listener function in its feature's module and one line here
(docs/contributing.md walks through it).
"""

from collections.abc import Callable
from dataclasses import dataclass

from bot import blocks
from bot.i18n import N_, Translator, normalise_language, translator
from bot.runtime import Runtime
from bot.services import communities, newcomers, people
from bot.services.communities import LanguageOutcome, SetupOutcome
from bot.slack_terms import SlackRefused
from bot.text import fold, mrkdwn
from handlers import (
    access,
    gaps,
    glossary,
    help_requests,
    intros,
    lessons,
    meetings,
    missions,
    privacy,
    program,
    resources,
    value,
    watch,
)
from handlers import people as people_handlers
from handlers.replies import NOT_A_COMMUNITY, Turn, answer, t_here
from handlers.requests import Command
from handlers.wiring import Wiring

COMMAND = "/cop"
NOT_IN_CHANNEL = N_("This community's commands are for the people in its channel.")


@dataclass(frozen=True)
class Subcommand:
    english: tuple[str, ...]  # what people type; the first is the one the help shows
    french: tuple[str, ...]
    listener: Callable[[Runtime, Command], None]
    usage: str | None  # its line in /cop help (a message id), or None when another line covers it
    # typed alone, it opens a form (which must open within 3 seconds); or: which commands of it do
    opens_form: bool | Callable[[Command], bool] = False


def show_help(runtime: Runtime, command: Command) -> None:
    """Private: the list of subcommands, in the community's or the person's language."""
    answer(runtime, command, usage(t_here(runtime, command)))


def setup(runtime: Runtime, command: Command) -> None:
    """Makes the channel a community's home; the channel hears it, the founder gets the next steps.
    What Slack must say (the founder's language and time zone, the channel's members) is asked
    before the transaction; the announcement is owed through the outbox."""
    with runtime.db.reading() as session:
        existing = communities.community_here(session, team_id=command.team_id, channel_id=command.channel_id)
    if existing is not None:
        answer(runtime, command, translator(existing.language).gettext(
            "This channel is already the home of the community *{name}*.", name=mrkdwn(existing.name)))
        return
    slack = runtime.slack(command.team_id)
    founder = people.person(runtime.db, slack, team_id=command.team_id, user_id=command.user_id)
    try:
        slack.join_channel(command.channel_id)
        in_channel = True
    except SlackRefused as refused:  # private channels cannot be joined: the bot must be invited
        in_channel = refused.error == "already_in_channel"
    members = []
    if in_channel:
        try:  # whoever is already in the channel is a member, not a newcomer to welcome
            members = slack.channel_members(command.channel_id)
        except SlackRefused:
            members = []
    with Turn(runtime, command) as turn:
        result = communities.set_up_community(turn.session, team_id=command.team_id, channel_id=command.channel_id,
                                              channel_name=command.channel_name, user_id=command.user_id,
                                              locale=founder.locale, timezone=founder.timezone)
        community = result.community
        t = translator(community.language)
        if result.outcome == SetupOutcome.ALREADY:
            turn.say(t.gettext("This channel is already the home of the community *{name}*.",
                               name=mrkdwn(community.name)))
            return
        if in_channel:
            newcomers.record_existing_members(turn.session, community=community, members=members,
                                              bot_user_id=command.bot_user_id)
            text = mrkdwn(t.gettext("This channel is now the home of the community *{name}*, founded by <@{founder}>. "
                                    "Ask your peers with `/cop ask <your question> #topic`.",
                                    name=community.name, founder=command.user_id))
            turn.owe(communities.owe_announcement(turn.session, community=community, message=blocks.ephemeral(text)))
        note = t.gettext("Done: you are the founder of *{name}*. Its language is English; change it with "
                         "`/cop language fr`.", name=mrkdwn(community.name))
        if not in_channel:
            note += "\n" + t.gettext("I could not join this channel by myself: invite me with `/invite @cop-bot` "
                                     "so that I can post calls for help here.")
        turn.say(note)
    runtime.languages[(command.team_id, command.channel_id)] = community.language


def language(runtime: Runtime, command: Command) -> None:
    """Founders and animators switch the community between French and English."""
    chosen = normalise_language(command.text)
    here = t_here(runtime, command)
    if chosen is None:
        answer(runtime, command, here.gettext("Which language? `/cop language fr` or `/cop language en`."))
        return
    with Turn(runtime, command) as turn:
        outcome = communities.change_language(turn.session, team_id=command.team_id, channel_id=command.channel_id,
                                              user_id=command.user_id, language=chosen)
        if outcome == LanguageOutcome.CHANGED:
            turn.say(translator(chosen).gettext("Done: this community now speaks English."))
        elif outcome == LanguageOutcome.NOT_ALLOWED:
            turn.say(here.gettext("Only the community's founders and facilitators can change its language."))
        else:
            turn.say(here.gettext("This channel is not a community's home yet: run `/cop setup` here first."))
    if outcome == LanguageOutcome.CHANGED:
        runtime.languages[(command.team_id, command.channel_id)] = chosen


SUBCOMMANDS = [
    Subcommand(("ask",), ("demande", "demander"), help_requests.ask,
               N_("• `/cop ask <question> #topic` — post a call for help in the community's channel")),
    Subcommand(("search",), ("cherche", "chercher", "recherche"), lessons.search,
               N_("• `/cop search <words> #topic` — find past lessons and resolved questions")),
    Subcommand(("lesson",), ("leçon", "lecon"), lessons.lesson,
               N_("• `/cop lesson [text]` — share a lesson learned (without text: a form)"), opens_form=True),
    Subcommand(("resource",), ("ressource",), resources.resource,
               N_("• `/cop resource <link> <title>. <why it helps> type:<type> #topic` — add a tool, template, "
                  "guideline, article, evidence or training to the library (incomplete: a form)"), opens_form=True),
    Subcommand(("watch",), ("veille",), watch.watch_command,
               N_("• `/cop watch <link> <what is new> #topic` — content experts: post a watch item in the channel "
                  "(it joins the library, marked new)")),
    Subcommand(("follow",), ("suivre",), watch.follow_command,
               N_("• `/cop follow [#topic…]` — hear once a month of new watch items and validated resources on "
                  "these topics (alone: the topics you follow)")),
    Subcommand(("unfollow",), ("ne-plus-suivre",), watch.unfollow_command,
               N_("• `/cop unfollow [#topic…]` — stop following these topics (alone: all of them)")),
    Subcommand(("who",), ("qui",), people_handlers.who, N_("• `/cop who <topic>` — who to ask about a topic")),
    Subcommand(("intros", "intro", "introductions"), ("jumelage", "jumelages"), intros.intros_command,
               N_("• `/cop intros on|off` — once a month, be introduced to a member of another workplace (founders "
                  "and facilitators: `/cop intros everyone on|off` for every member)")),
    Subcommand(("profile",), ("profil",), people_handlers.profile,
               N_("• `/cop profile` — say who you are: workplace, region, job, years in the practice, what you can "
                  "help with and look for (seen by the community only)"), opens_form=True),
    Subcommand(("expertise",), ("expertise", "expertises"), people_handlers.expertise_command,
               N_("• `/cop expertise add|remove #topic…` — declare what you know")),
    Subcommand(("roles",), ("rôles",), people_handlers.roles_list,
               N_("• `/cop roles` — the community's roles and who holds them")),
    Subcommand(("role",), ("rôle",), people_handlers.role,
               N_("• `/cop role [remove] @someone <role> [#topic…]` — give or take back a role (founders, "
                  "facilitators, IT)")),
    Subcommand(("charter",), ("charte",), people_handlers.charter,
               N_("• `/cop charter [text]` — the community's charter (facilitators edit it)")),
    Subcommand(("mission",), ("mission",), missions.mission,
               N_("• `/cop mission` — the community's mission, objectives and strategic themes (founders set "
                  "them)")),
    Subcommand(("meeting",), ("rencontre", "réunion", "reunion"), meetings.meeting,
               N_("• `/cop meeting` or `/cop meeting add 2026-12-03 14:00 <topic>` — plan a meeting (facilitators); "
                  "`/cop meetings` lists them"), opens_form=True),
    Subcommand(("meetings",), ("rencontres", "réunions", "reunions"), meetings.meetings_list, None),
    Subcommand(("program",), ("programme",), program.programme,
               N_("• `/cop program` — the year's meetings and the topics members suggest (say you are interested, "
                  "or suggest one)")),
    Subcommand(("participation",), ("participation",), meetings.participation,
               N_("• `/cop participation [year]` — your own participation record for the year, by DM (PDF and "
                  "CSV)")),
    Subcommand(("settings",), ("réglages", "reglages", "paramètres", "parametres"), meetings.settings,
               N_("• `/cop settings` — time zone, quiet hours and meeting reminders (facilitators change them); "
                  "`/cop settings reflection` — the quarterly reflection's questions"),
               opens_form=meetings.opens_settings_form),
    Subcommand(("stats",), ("bilan",), value.stats,
               N_("• `/cop stats [days]` — the community's figures and the value of the time saved")),
    Subcommand(("report",), ("rapport",), value.report,
               N_("• `/cop report [csv]` — last month's value report by direct message (`csv`: every month, as a "
                  "file)")),
    Subcommand(("summary",), ("synthèse", "synthese"), missions.summary,
               N_("• `/cop summary` — this quarter's one-page summary for management, a PDF by DM (founders and "
                  "sponsors)")),
    Subcommand(("rankings", "ranking"), ("classements", "classement"), people_handlers.rankings,
               N_("• `/cop rankings on|off` — take part or not in rankings of helpers (off unless you say so)")),
    Subcommand(("glossary",), ("glossaire",), glossary.glossary_command,
               N_("• `/cop glossary [add a = b | remove a]` — terms search holds for one another (founders, "
                  "facilitators and content experts edit it)")),
    Subcommand(("gaps",), ("lacunes", "lacune"), gaps.gaps_command,
               N_("• `/cop gaps [days]` — what members searched for and did not find (founders, facilitators and "
                  "content experts)")),
    Subcommand(("export",), ("exporter",), lessons.export,
               N_("• `/cop export` — the library as files, by DM (reporters and facilitators)")),
    Subcommand(("privacy",), ("confidentialité", "confidentialite", "vie-privée"), privacy.privacy_command,
               N_("• `/cop privacy export|forget` — a copy of everything cop-bot holds about you, or be forgotten"),
               opens_form=privacy.opens_form),
    Subcommand(("audit",), ("journal", "audit"), privacy.audit_command,
               N_("• `/cop audit` — what was done in the community, by whom (founders and IT contacts)")),
    Subcommand(("diagnostic",), ("diagnostic",), privacy.diagnostic,
               N_("• `/cop diagnostic` — check the bot's access and permissions for this community, privately (IT "
                  "contacts and founders)")),
    Subcommand(("setup",), ("installer",), setup,
               N_("• `/cop setup` — make this channel the home of a community (you become its founder)")),
    Subcommand(("language",), ("langue",), language,
               N_("• `/cop language fr|en` — change the community's language (founders and facilitators)")),
    Subcommand(("help",), ("aide",), show_help, N_("• `/cop help` — this help")),
]
BY_WORD = {fold(word): sub for sub in SUBCOMMANDS for word in sub.english + sub.french}


def find(word: str) -> Subcommand | None:
    """The subcommand a word names, whatever its case and accents (`Aide`, `LEÇON`, `lecon`)."""
    return BY_WORD.get(fold(word))


def usage(t: Translator) -> str:
    """``/cop help``, written from the table."""
    lines = [t.gettext("*cop-bot* helps this community of practice ask peers for help and keep what it learns.")]
    lines += [t.gettext(sub.usage) for sub in SUBCOMMANDS if sub.usage]
    lines.append(t.gettext("Add `!urgent` before a question to reach the experts of its topics and the facilitators at "
                           "once."))
    if t.language == "fr":
        names = ", ".join(f"`/cop {sub.english[0]}`" for sub in SUBCOMMANDS)
        lines.append(t.gettext("In English: {commands}.", commands=names))
    else:
        names = ", ".join(f"`/cop {sub.french[0]}`" for sub in SUBCOMMANDS)
        lines.append(t.gettext("In French: {commands}.", commands=names))
    return "\n".join(mrkdwn(line) for line in lines)


OPEN_TO_ANYONE = {"setup", "help", "privacy", "language"}  # they check who may, or concern only the person


def cop(runtime: Runtime, command: Command) -> None:
    """``/cop <word> …``: the subcommand the word names; anything else gets the help. In a private
    community's channel, only someone in that channel is served: a request claiming otherwise is not
    believed (Slack itself only lets members type in a channel)."""
    sub = find(command.word)
    if sub is not None and sub.english[0] not in OPEN_TO_ANYONE and not _may_use(runtime, command):
        answer(runtime, command, t_here(runtime, command).gettext(NOT_IN_CHANNEL))
        return
    (sub.listener if sub else show_help)(runtime, command)


def _may_use(runtime: Runtime, command: Command) -> bool:
    if access.known_public(runtime, command.team_id, command.channel_id):
        return True  # anyone in a public channel may: the usual case, without reading the community
    with runtime.db.reading() as session:
        community = communities.community_here(session, team_id=command.team_id, channel_id=command.channel_id)
    if community is None or not access.is_private(runtime, command.team_id, command.channel_id):
        return True
    return access.is_member(runtime, team_id=command.team_id, channel_id=command.channel_id, user_id=command.user_id)


def opens_form(command: Command) -> bool:
    sub = find(command.word)
    if sub and callable(sub.opens_form):
        return sub.opens_form(command)
    return bool(sub and sub.opens_form and not command.text.strip())


def register(wiring: Wiring) -> None:
    wiring.command(COMMAND, cop, opens_form=opens_form)


__all__ = ["NOT_A_COMMUNITY", "SUBCOMMANDS", "cop", "find", "register", "usage"]
