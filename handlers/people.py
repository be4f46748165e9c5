"""Roles, expertise, credits, newcomers, the charter and the App Home."""

from slack_bolt import Ack, App, BoltContext, Respond

from bot import blocks
from bot.i18n import N_, translator
from bot.runtime import Runtime
from bot.services import communities, expertise, home, newcomers, roles
from bot.services.expertise import ExpertiseOutcome
from bot.services.newcomers import CharterOutcome
from bot.services.roles import RoleOutcome
from bot.text import mrkdwn, whole_number
from handlers import Registered
from handlers.commands import Command, add_subcommand, first_word, fold, reply, reply_language
from handlers.delivery import deliver, in_background

NOT_A_COMMUNITY = N_("This channel is not a community's home: use this command in your community's channel, or "
                     "run `/cop setup` here first.")
ROLE_USAGE = N_("Usage: `/cop role @someone <role>` or `/cop role remove @someone <role>`. Roles: founder, "
                "animator, member, expert (add `#topics` it watches), reporter, mentor, it. `/cop roles` lists "
                "who holds which.")


def role(runtime: Runtime, command: Command) -> None:
    """Founders, animators and IT resources give and take back roles; the person hears it by DM."""
    request = roles.parse_role_request(command.text)
    if request.user_id is None or request.role is None:
        t = reply_language(runtime, command)
        if request.user_id is not None and request.unknown:
            reply(command, t.gettext("I do not know the role “{role}”.", role=mrkdwn(request.unknown)) + " "
                  + t.gettext(ROLE_USAGE))
        else:
            reply(command, t.gettext(ROLE_USAGE))
        return
    with runtime.db.session() as session:
        result = roles.change_role(session, team_id=command.team_id, channel_id=command.channel_id,
                                   actor_id=command.user_id, user_id=request.user_id, role=request.role,
                                   remove=request.remove, topics=request.topics)
    if result.outcome == RoleOutcome.NOT_A_COMMUNITY:
        reply(command, reply_language(runtime, command).gettext(NOT_A_COMMUNITY))
        return
    t = translator(result.language)
    label = blocks.role_label(t, request.role.value)
    messages = {
        RoleOutcome.ADDED: t.gettext("Done: <@{user}> is now *{role}*.", user=request.user_id, role=label),
        RoleOutcome.REMOVED: t.gettext("Done: <@{user}> is no longer *{role}*.", user=request.user_id, role=label),
        RoleOutcome.UNCHANGED: (t.gettext("<@{user}> did not hold the role *{role}*: nothing changed.",
                                          user=request.user_id, role=label) if request.remove else
                                t.gettext("<@{user}> already holds the role *{role}*: nothing changed.",
                                          user=request.user_id, role=label)),
        RoleOutcome.NOT_ALLOWED: t.gettext("Only the community's founders, animators and IT resources can give or "
                                           "take back roles. Ask one of them: `/cop roles` lists them."),
        RoleOutcome.FOUNDER_ONLY: t.gettext("Only a founder can hand over founding."),
        RoleOutcome.LAST_FOUNDER: t.gettext("A community keeps at least one founder: name another founder first, "
                                            "then remove this one."),
    }
    reply(command, messages[result.outcome])
    deliver(runtime, result.outbox_ids)


def roles_list(runtime: Runtime, command: Command) -> None:
    """Ephemeral: every role, what it is for, and who holds it."""
    with runtime.db.session() as session:
        community, holders, watched = roles.holders_by_role(session, team_id=command.team_id,
                                                            channel_id=command.channel_id)
    if community is None:
        reply(command, reply_language(runtime, command).gettext(NOT_A_COMMUNITY))
        return
    command.respond(**blocks.roles_list(translator(community.language), community.name, holders, watched))


def expertise_command(runtime: Runtime, command: Command) -> None:
    """``add #a #b`` / ``remove #a`` declare topics; alone, it lists one's own."""
    action, rest = first_word(command.text)
    action = fold(action)
    remove = action in ("remove", "retirer", "enlever", "supprimer")
    if action in ("add", "ajouter") or remove:
        topics = expertise.parse_topics(rest)
    else:
        topics = expertise.parse_topics(command.text)
    with runtime.db.session() as session:
        result = expertise.change_expertise(session, team_id=command.team_id, channel_id=command.channel_id,
                                            user_id=command.user_id, topics=topics, remove=remove)
    if result.outcome == ExpertiseOutcome.NOT_A_COMMUNITY:
        reply(command, reply_language(runtime, command).gettext(NOT_A_COMMUNITY))
        return
    t = translator(result.language)
    mine = " ".join("#" + mrkdwn(x) for x in result.topics)
    if result.outcome == ExpertiseOutcome.NO_TOPICS:
        text = (t.gettext("Your declared topics: {topics}", topics=mine) if result.topics
                else t.gettext("You have not declared any topic yet."))
        reply(command, text + "\n" + t.gettext("Add some with `/cop expertise add #topic1 #topic2`; remove one "
                                               "with `/cop expertise remove #topic`."))
        return
    text = (t.gettext("Your declared topics now: {topics}", topics=mine) if result.topics
            else t.gettext("You have no declared topic now."))
    if not remove:
        text += "\n" + t.gettext("Urgent calls for help on these topics will reach you by DM.")
    reply(command, text)


def who(runtime: Runtime, command: Command) -> None:
    """Ephemeral: the people to ask about a topic, best first."""
    topics = expertise.parse_topics(command.text)
    with runtime.db.session() as session:
        community = communities.community_here(session, team_id=command.team_id, channel_id=command.channel_id)
        if community is None or not topics:
            found = None
        else:
            found = expertise.who_knows(session, team_id=command.team_id, community_id=community.id, topic=topics[0])
    if community is None:
        reply(command, reply_language(runtime, command).gettext(NOT_A_COMMUNITY))
        return
    t = translator(community.language)
    if found is None:
        reply(command, t.gettext("Which topic? For example: `/cop who #triage`"))
        return
    command.respond(**blocks.who_knows(t, topics[0], found))


def rankings(runtime: Runtime, command: Command) -> None:
    """``on`` / ``off``: whether one's help is counted in public rankings."""
    choice = fold(command.text.strip().split(" ")[0]) if command.text.strip() else ""
    t = reply_language(runtime, command)
    if choice not in ("on", "off", "oui", "non"):
        reply(command, t.gettext("`/cop rankings off` leaves you out of public rankings of helpers (your help "
                                 "still counts for the community); `/cop rankings on` puts you back."))
        return
    shown = choice in ("on", "oui")
    with runtime.db.session() as session:
        expertise.set_rankings(session, team_id=command.team_id, user_id=command.user_id, shown=shown)
    reply(command, t.gettext("Done: your name appears in rankings of helpers.") if shown else
          t.gettext("Done: your name no longer appears in rankings of helpers."))


def charter(runtime: Runtime, command: Command) -> None:
    """Shows the charter (with an Edit button for animators); with text, animators replace it."""
    with runtime.db.session() as session:
        result = newcomers.charter(session, team_id=command.team_id, user_id=command.user_id,
                                   channel_id=command.channel_id, new_text=command.text or None)
    if result.outcome == CharterOutcome.NOT_A_COMMUNITY:
        reply(command, reply_language(runtime, command).gettext(NOT_A_COMMUNITY))
        return
    community = result.community
    t = translator(community.language)
    if result.outcome == CharterOutcome.NOT_ALLOWED:
        reply(command, t.gettext("Only the community's founders and animators can change its charter."))
    elif result.outcome == CharterOutcome.SAVED:
        reply(command, t.gettext("Done: newcomers will be welcomed with this charter."))
    else:
        command.respond(**blocks.charter_view(t, community_name=community.name, charter=community.charter,
                                              can_edit=result.can_edit, community_id=community.id))


def publish_home(runtime: Runtime, *, team_id: str, user_id: str) -> None:
    """The Home tab, built fresh each time it is opened or something on it changes."""
    with runtime.db.session() as session:
        language, data = home.home(session, runtime.notifier, team_id=team_id, user_id=user_id)
    runtime.notifier.call("views.publish", {"user_id": user_id, "view": blocks.home_view(translator(language), data)})


def register(app: App, runtime: Runtime) -> Registered:
    add_subcommand(role, "role", "rôle")
    add_subcommand(roles_list, "roles", "rôles")
    add_subcommand(expertise_command, "expertise", "expertises")
    add_subcommand(who, "who", "qui")
    add_subcommand(rankings, "rankings", "ranking", "classements", "classement")
    add_subcommand(charter, "charter", "charte")

    def on_member_joined(body: dict, event: dict, context: BoltContext) -> None:
        in_background(runtime, lambda: member_joined(body, event, context.bot_user_id))

    def member_joined(body: dict, event: dict, bot_user_id: str | None) -> None:
        """A newcomer in a community's channel: a welcome by DM, and a mentor asked to introduce them."""
        with runtime.db.session() as session:
            # The envelope's team is the workspace the bot serves; the event's own "team" is the
            # person's, which differs for a member from another organisation in a shared channel.
            result = newcomers.member_joined(session, runtime.notifier, team_id=body["team_id"],
                                             channel_id=event["channel"], user_id=event["user"],
                                             bot_user_id=bot_user_id)
        deliver(runtime, result.outbox_ids)

    def on_home_opened(body: dict, event: dict) -> None:
        if event.get("tab", "home") == "home":
            in_background(runtime, lambda: publish_home(runtime, team_id=body["team_id"], user_id=event["user"]))

    def on_credit(ack: Ack, body: dict, action: dict) -> None:
        ack()
        in_background(runtime, lambda: credit(body, action))

    def credit(body: dict, action: dict) -> None:
        """The asker ticks who helped: the ticked ones are credited, the unticked ones no longer."""
        values = [o.get("value", "") for o in action.get("selected_options") or []]
        block_id = action.get("block_id") or ""
        raw_id = block_id.removeprefix("credit-")
        help_request_id = whole_number(raw_id)
        if help_request_id is None:
            return
        helpers = [v.partition(":")[2] for v in values if v.partition(":")[0] == raw_id]
        with runtime.db.session() as session:
            expertise.credit_helpers(session, team_id=body["team"]["id"], user_id=body["user"]["id"],
                                     help_request_id=help_request_id, helpers=helpers)

    def on_mentor_done(ack: Ack, body: dict, action: dict, respond: Respond) -> None:
        ack()
        in_background(runtime, lambda: mentor_done(body, action, respond), respond=respond)

    def mentor_done(body: dict, action: dict, respond: Respond) -> None:
        """The mentor introduced the newcomer: the request becomes a thank-you."""
        raw = action.get("value") or ""
        with runtime.db.session() as session:
            language = newcomers.mentor_done(session, team_id=body["team"]["id"], user_id=body["user"]["id"],
                                             membership_id=whole_number(raw) or 0)
        if language:
            respond(replace_original=True, **blocks.ephemeral(translator(language).gettext(
                "Thank you for welcoming them! The animators will see it.")))

    def on_charter_edit(ack: Ack, body: dict, action: dict, respond: Respond) -> None:
        ack()
        in_background(runtime, lambda: charter_edit(body, action, respond), respond=respond, opens_form=True)

    def charter_edit(body: dict, action: dict, respond: Respond) -> None:
        """Animators edit the charter in a modal (long text, comfortable on a phone)."""
        raw = action.get("value") or ""
        with runtime.db.session() as session:
            result = newcomers.charter(session, team_id=body["team"]["id"], user_id=body["user"]["id"],
                                       community_id=whole_number(raw) or 0)
        if result.outcome != CharterOutcome.SHOWN:
            return
        t = translator(result.community.language)
        if not result.can_edit:
            respond(replace_original=False, **blocks.ephemeral(t.gettext(
                "Only the community's founders and animators can change its charter.")))
            return
        runtime.notifier.call("views.open", {"trigger_id": body["trigger_id"], "view": blocks.charter_modal(
            t, community_id=result.community.id, charter=result.community.charter)})

    def on_charter_submitted(ack: Ack, body: dict, view: dict) -> None:
        """Saved at once (the modal closes); a person who lost the right meanwhile sees why on the field."""
        raw = view.get("private_metadata") or ""
        text = (((view.get("state") or {}).get("values") or {}).get("charter") or {}).get("value", {}).get("value")
        with runtime.db.session() as session:
            result = newcomers.charter(session, team_id=body["team"]["id"], user_id=body["user"]["id"],
                                       community_id=whole_number(raw) or 0, new_text=text or "")
        if result.outcome == CharterOutcome.NOT_ALLOWED:
            t = translator(result.community.language)
            ack(response_action="errors", errors={"charter": t.gettext(
                "Only the community's founders and animators can change its charter.")})
            return
        ack()

    app.event("member_joined_channel")(on_member_joined)
    app.event("app_home_opened")(on_home_opened)
    app.action(blocks.ACTION_CREDIT)(on_credit)
    app.action(blocks.ACTION_MENTOR_DONE)(on_mentor_done)
    app.action(blocks.ACTION_CHARTER_EDIT)(on_charter_edit)
    app.view(blocks.CHARTER_MODAL)(on_charter_submitted)
    return Registered(events={"member_joined_channel", "app_home_opened"},
                      actions={blocks.ACTION_CREDIT, blocks.ACTION_MENTOR_DONE, blocks.ACTION_CHARTER_EDIT},
                      views={blocks.CHARTER_MODAL})
