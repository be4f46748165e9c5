"""``/cop`` and its subcommands.

Adding a subcommand is one function and one line in ``SUBCOMMANDS``.
"""

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from slack_bolt import Ack, App, BoltContext, Respond

from bot import blocks
from bot.i18n import Translator, normalise_language, translator
from bot.runtime import Runtime
from bot.services import communities, help_requests, newcomers
from bot.services.help_requests import Outcome
from bot.text import first_word, from_slack, mrkdwn
from handlers import Registered
from handlers.delivery import deliver, in_background

COMMAND = "/cop"


@dataclass(frozen=True)
class Command:
    team_id: str
    channel_id: str
    channel_name: str
    user_id: str
    text: str  # the real text after the subcommand
    respond: Respond
    trigger_id: str = ""  # lets the command open a modal
    bot_user_id: str | None = None


def reply(command: Command, text: str) -> None:
    command.respond(**blocks.ephemeral(text))


def reply_language(runtime: Runtime, command: Command) -> Translator:
    with runtime.db.session() as session:
        return translator(communities.language_for(session, runtime.notifier, team_id=command.team_id,
                                                   channel_id=command.channel_id, user_id=command.user_id))


def usage(t: Translator) -> str:
    return "\n".join(mrkdwn(line) for line in [
        t.gettext("*cop-bot* helps this community of practice ask peers for help and keep what it learns."),
        t.gettext("• `/cop ask <question> #topic` — post a call for help in the community's channel"),
        t.gettext("• `/cop search <words> #topic` — find past lessons and resolved questions"),
        t.gettext("• `/cop lesson [text]` — share a lesson learned (without text: a form)"),
        t.gettext("• `/cop who <topic>` — who to ask about a topic"),
        t.gettext("• `/cop expertise add|remove #topic…` — declare what you know"),
        t.gettext("• `/cop roles` — the community's roles and who holds them"),
        t.gettext("• `/cop role [remove] @someone <role> [#topic…]` — give or take back a role (founders, "
                  "animators, IT)"),
        t.gettext("• `/cop charter [text]` — the community's charter (animators edit it)"),
        t.gettext("• `/cop meeting` or `/cop meeting add 2026-12-03 14:00 <topic>` — plan a meeting (animators); "
                  "`/cop meetings` lists them"),
        t.gettext("• `/cop settings` — time zone, quiet hours and meeting reminders (animators change them)"),
        t.gettext("• `/cop stats [days]` — the community's figures and the value of the time saved"),
        t.gettext("• `/cop rankings on|off` — appear or not in public rankings of helpers"),
        t.gettext("• `/cop export` — the library as files, by DM (reporters and animators)"),
        t.gettext("• `/cop setup` — make this channel the home of a community (you become its founder)"),
        t.gettext("• `/cop language fr|en` — change the community's language (founders and animators)"),
        t.gettext("• `/cop help` — this help"),
        t.gettext("Add `!urgent` before a question to reach the experts of its topics and the animators at once."),
        t.gettext("In French: `/cop demande`, `/cop cherche`, `/cop leçon`, `/cop qui`, `/cop rôle`, `/cop charte`, "
                  "`/cop rencontre`, `/cop réglages`, `/cop bilan`, `/cop langue`, `/cop aide`."),
    ])


def show_help(runtime: Runtime, command: Command) -> None:
    """Ephemeral: the list of subcommands, in the community's or the person's language."""
    reply(command, usage(reply_language(runtime, command)))


def setup(runtime: Runtime, command: Command) -> None:
    """Makes the channel a community's home; the channel hears it, the founder gets the next steps."""
    with runtime.db.session() as session:
        result = communities.set_up_community(session, runtime.notifier, team_id=command.team_id,
                                              channel_id=command.channel_id, channel_name=command.channel_name,
                                              user_id=command.user_id)
        if result.outcome == communities.SetupOutcome.CREATED and result.bot_in_channel:
            # Whoever is already in the channel is a member, not a newcomer to welcome.
            newcomers.record_existing_members(session, runtime.notifier, community=result.community,
                                              bot_user_id=command.bot_user_id)
    community = result.community
    t = translator(community.language)
    if result.outcome == communities.SetupOutcome.ALREADY:
        reply(command, t.gettext("This channel is already the home of the community *{name}*.",
                                  name=mrkdwn(community.name)))
        return
    text = mrkdwn(t.gettext("This channel is now the home of the community *{name}*, founded by <@{founder}>. "
                            "Ask your peers with `/cop ask <your question> #topic`.",
                            name=community.name, founder=command.user_id))
    if result.bot_in_channel:
        runtime.notifier.call("chat.postMessage", {"channel": command.channel_id, "text": text,
                                                   "blocks": blocks.ephemeral(text)["blocks"]})
    note = t.gettext("Done: you are the founder of *{name}*. Its language is English; change it with "
                     "`/cop language fr`.", name=mrkdwn(community.name))
    if not result.bot_in_channel:
        note += "\n" + t.gettext("I could not join this channel by myself: invite me with `/invite @cop-bot` "
                                 "so that I can post calls for help here.")
    reply(command, note)


def language(runtime: Runtime, command: Command) -> None:
    """Founders and animators switch the community between French and English."""
    chosen = normalise_language(command.text)
    if chosen is None:
        reply(command, reply_language(runtime, command).gettext("Which language? `/cop language fr` or "
                                                            "`/cop language en`."))
        return
    with runtime.db.session() as session:
        outcome = communities.change_language(session, team_id=command.team_id, channel_id=command.channel_id,
                                              user_id=command.user_id, language=chosen)
    t = translator(chosen)
    if outcome == communities.LanguageOutcome.CHANGED:
        reply(command, t.gettext("Done: this community now speaks English."))
    elif outcome == communities.LanguageOutcome.NOT_ALLOWED:
        reply(command, reply_language(runtime, command).gettext(
            "Only the community's founders and animators can change its language."))
    else:
        reply(command, reply_language(runtime, command).gettext(
            "This channel is not a community's home yet: run `/cop setup` here first."))


def ask(runtime: Runtime, command: Command) -> None:
    """Posts a call for help in the community's channel; problems come back privately."""
    with runtime.db.session() as session:
        result = help_requests.ask(session, team_id=command.team_id, channel_id=command.channel_id,
                                   asker_id=command.user_id, question=command.text)
    if result.outcome == Outcome.DONE:
        deliver(runtime, result.outbox_ids)
        return
    if result.outcome == Outcome.SIMILAR_FOUND:
        command.respond(**blocks.similar_found(translator(result.language), help_request_id=result.help_request_id,
                                               found=result.detail["found"]))
        return
    if result.outcome == Outcome.NOT_A_COMMUNITY:
        t = reply_language(runtime, command)
        reply(command, t.gettext("Calls for help are posted in a community's channel, and this channel is not "
                                  "one. Run `/cop ask` in your community's channel, or `/cop setup` to make this "
                                  "channel a community's home. Nothing was posted."))
        return
    t = translator(result.language)
    if result.outcome == Outcome.EMPTY:
        reply(command, t.gettext("What is your question? For example: `/cop ask How do we onboard night-shift "
                                  "nurses faster? #onboarding`"))
    elif result.outcome == Outcome.TOO_LONG:
        reply(command, t.gettext("Your question is {length} characters long; the limit is {limit}. Shorten it "
                                  "and add the details in the thread once it is posted. Nothing was posted.",
                                  length=t.number(result.detail["length"]), limit=t.number(result.detail["limit"])))


SUBCOMMANDS: dict[str, Callable[[Runtime, Command], None]] = {
    "help": show_help, "aide": show_help,
    "setup": setup, "installer": setup,
    "language": language, "langue": language,
    "ask": ask, "demande": ask, "demander": ask,
}


# Subcommands that open a form when typed alone (`/cop lesson`, `/cop meeting`): their work goes
# first, since Slack's trigger_id expires 3 seconds after the request.
FORM_OPENERS: set[str] = set()


def add_subcommand(handler: Callable[[Runtime, Command], None], *names: str, opens_form: bool = False) -> None:
    """Other handler modules add their subcommands here when they register."""
    for name in names:
        SUBCOMMANDS[fold(name)] = handler
        if opens_form:
            FORM_OPENERS.add(fold(name))


def fold(word: str) -> str:
    """Case and accents folded, so `Aide`, `LEÇON` and `lecon` find their subcommand."""
    return "".join(c for c in unicodedata.normalize("NFKD", word.lower()) if not unicodedata.combining(c))


def register(app: App, runtime: Runtime) -> Registered:
    def cop_command(ack: Ack, body: dict, respond: Respond, context: BoltContext) -> None:
        ack()
        name, rest = first_word(body.get("text") or "")
        command = Command(team_id=body["team_id"], channel_id=body["channel_id"],
                          channel_name=body.get("channel_name") or "", user_id=body["user_id"],
                          text=from_slack(rest), respond=respond, trigger_id=body.get("trigger_id") or "",
                          bot_user_id=context.bot_user_id)
        subcommand = SUBCOMMANDS.get(fold(name), show_help)
        in_background(runtime, lambda: subcommand(runtime, command), respond=respond,
                      language=lambda: reply_language(runtime, command).language,
                      opens_form=fold(name) in FORM_OPENERS and not rest.strip())

    app.command(COMMAND)(cop_command)
    return Registered(commands={COMMAND})
