"""Roles, expertise, credits, newcomers, the charter and the App Home."""

from bot import blocks
from bot.i18n import N_, translator
from bot.runtime import Runtime
from bot.services import communities, expertise, home, newcomers, people, profiles, roles, tool_problems
from bot.services.expertise import ExpertiseOutcome
from bot.services.newcomers import CharterOutcome
from bot.services.owed import owe_dm
from bot.services.results import Outcome
from bot.services.roles import RoleOutcome
from bot.text import first_word, fold, mrkdwn, typed, whole_number
from handlers import access
from handlers.replies import NOT_A_COMMUNITY, Turn, answer, names_in, open_form, t_here
from handlers.requests import Click, Command, Event, Submission
from handlers.wiring import Wiring

ROLE_USAGE = N_("Usage: `/cop role @someone <role>` or `/cop role remove @someone <role>`. Roles: `founder`, "
                "`facilitator`, `member`, `expert` (add the `#topics` they watch), `reporter`, `sponsor` (or "
                "`mentor`), `it`. `/cop roles` lists who holds which.")
CHARTER_NOT_ALLOWED = N_("Only the community's founders and facilitators can change its charter.")


def role(runtime: Runtime, command: Command) -> None:
    """Founders, animators and IT resources give and take back roles; the person hears it by DM."""
    request = roles.parse_role_request(command.text)
    t = t_here(runtime, command)
    if request.user_id is None or request.role is None:
        if request.user_id is not None and request.unknown:
            answer(runtime, command, t.gettext("I do not know the role “{role}”.", role=mrkdwn(request.unknown)) + " "
                   + t.gettext(ROLE_USAGE))
        else:
            answer(runtime, command, t.gettext(ROLE_USAGE))
        return
    with Turn(runtime, command) as turn:
        result = roles.change_role(turn.session, team_id=command.team_id, channel_id=command.channel_id,
                                   actor_id=command.user_id, user_id=request.user_id, role=request.role,
                                   remove=request.remove, topics=request.topics)
        if result.outcome == RoleOutcome.NOT_A_COMMUNITY:
            turn.say(t.gettext(NOT_A_COMMUNITY))
            return
        t = translator(result.language)
        label = blocks.role_label(t, request.role.value)
        turn.say({
            RoleOutcome.ADDED: t.gettext("Done: <@{user}> is now *{role}*.", user=request.user_id, role=label),
            RoleOutcome.REMOVED: t.gettext("Done: <@{user}> is no longer *{role}*.", user=request.user_id,
                                           role=label),
            RoleOutcome.UNCHANGED: (t.gettext("<@{user}> did not hold the role *{role}*: nothing changed.",
                                              user=request.user_id, role=label) if request.remove else
                                    t.gettext("<@{user}> already holds the role *{role}*: nothing changed.",
                                              user=request.user_id, role=label)),
            RoleOutcome.NOT_ALLOWED: t.gettext("Only the community's founders, facilitators and IT contacts can give "
                                               "or take back roles. Ask one of them: `/cop roles` lists them."),
            RoleOutcome.FOUNDER_ONLY: t.gettext("Only a founder can hand over founding."),
            RoleOutcome.LAST_FOUNDER: t.gettext("A community keeps at least one founder: name another founder "
                                                "first, then remove this one."),
        }[result.outcome])
        turn.owe(result.outbox_ids)


def roles_list(runtime: Runtime, command: Command) -> None:
    """Private: every role, what it is for, and who holds it."""
    t = t_here(runtime, command)
    with runtime.db.reading() as session:
        community, holders, watched = roles.holders_by_role(session, team_id=command.team_id,
                                                            channel_id=command.channel_id)
    if community is None:
        answer(runtime, command, t.gettext(NOT_A_COMMUNITY))
        return
    with Turn(runtime, command) as turn:
        turn.reply(blocks.roles_list(translator(community.language), community.name, holders, watched))


def expertise_command(runtime: Runtime, command: Command) -> None:
    """``add #a #b`` / ``remove #a`` declare topics; alone, it lists one's own."""
    action, rest = first_word(command.text)
    action = fold(action)
    remove = action in ("remove", "retirer", "enlever", "supprimer")
    topics = expertise.parse_topics(rest if action in ("add", "ajouter") or remove else command.text)
    t = t_here(runtime, command)
    with Turn(runtime, command) as turn:
        result = expertise.change_expertise(turn.session, team_id=command.team_id, channel_id=command.channel_id,
                                            user_id=command.user_id, topics=topics, remove=remove)
        if result.outcome == ExpertiseOutcome.NOT_A_COMMUNITY:
            turn.say(t.gettext(NOT_A_COMMUNITY))
            return
        t = translator(result.language)
        mine = " ".join("#" + mrkdwn(x) for x in result.topics)
        if result.outcome == ExpertiseOutcome.NO_TOPICS:
            text = (t.gettext("Your declared topics: {topics}", topics=mine) if result.topics
                    else t.gettext("You have not declared any topic yet."))
            turn.say(text + "\n" + t.gettext("Add some with `/cop expertise add #topic1 #topic2`; remove one with "
                                             "`/cop expertise remove #topic`."))
            return
        text = (t.gettext("Your declared topics now: {topics}", topics=mine) if result.topics
                else t.gettext("You have no declared topic now."))
        if not remove:
            text += "\n" + t.gettext("Urgent calls for help on these topics will reach you by DM.")
        turn.say(text)


def who(runtime: Runtime, command: Command) -> None:
    """Private: the people to ask about a topic, best first."""
    topics = expertise.parse_topics(command.text)
    t = t_here(runtime, command)
    with runtime.db.reading() as session:
        community = communities.community_here(session, team_id=command.team_id, channel_id=command.channel_id)
        found = expertise.who_knows(session, team_id=command.team_id, community_id=community.id,
                                    viewer=command.user_id,
                                    topic=topics[0]) if community and topics else None
    if community is None:
        answer(runtime, command, t.gettext(NOT_A_COMMUNITY))
    elif found is None:
        answer(runtime, command, t.gettext("Which topic? For example: `/cop who #triage`"))
    else:
        with Turn(runtime, command) as turn:
            turn.reply(blocks.who_knows(t, topics[0], found))


def rankings(runtime: Runtime, command: Command) -> None:
    """``on`` / ``off``: whether one takes part in rankings of helpers (listed in them, and shown them).
    Off unless one says so."""
    choice = fold(command.text.strip().split(" ")[0]) if command.text.strip() else ""
    t = t_here(runtime, command)
    if choice not in ("on", "off", "oui", "non"):
        answer(runtime, command, t.gettext("Rankings of helpers are for those who choose them: `/cop rankings on` "
                                           "puts your name in them and shows them to you; `/cop rankings off` takes "
                                           "you out. Either way, your help counts for the community, and you see "
                                           "your own figures."))
        return
    shown = choice in ("on", "oui")
    with Turn(runtime, command) as turn:
        expertise.set_rankings(turn.session, team_id=command.team_id, user_id=command.user_id, shown=shown)
        turn.say(t.gettext("Done: you take part in rankings of helpers — your name appears in them, and you see "
                           "them.") if shown else
                 t.gettext("Done: your name no longer appears in rankings of helpers."))


def charter(runtime: Runtime, command: Command) -> None:
    """Shows the charter (with an Edit button for animators); with text, animators replace it."""
    t = t_here(runtime, command)
    with Turn(runtime, command) as turn:
        result = newcomers.charter(turn.session, team_id=command.team_id, user_id=command.user_id,
                                   channel_id=command.channel_id, new_text=command.text or None)
        if result.outcome == CharterOutcome.NOT_A_COMMUNITY or result.community is None:
            turn.say(t.gettext(NOT_A_COMMUNITY))
            return
        community = result.community
        t = translator(community.language)
        if result.outcome == CharterOutcome.NOT_ALLOWED:
            turn.say(t.gettext(CHARTER_NOT_ALLOWED))
        elif result.outcome == CharterOutcome.SAVED:
            turn.say(t.gettext("Done: newcomers will be welcomed with this charter."))
        else:
            turn.reply(blocks.charter_view(t, community_name=community.name, charter=community.charter,
                                           can_edit=result.can_edit, community_id=community.id))


def profile(runtime: Runtime, command: Command) -> None:
    """``/cop profile``: a form, in the person's own language, prefilled with what they said before."""
    language = people.language(people.person(runtime.db, runtime.slack(command.team_id), team_id=command.team_id,
                                             user_id=command.user_id))
    with runtime.db.reading() as session:
        found = profiles.form(session, team_id=command.team_id, channel_id=command.channel_id,
                              user_id=command.user_id)
    t = translator(language)
    community, summary = found.community, found.profile
    if found.outcome == Outcome.NOT_A_COMMUNITY or community is None or summary is None:
        answer(runtime, command, t.gettext(NOT_A_COMMUNITY))
        return
    open_form(runtime, command, blocks.profile_modal(t, metadata=profiles.form_metadata(community, language),
                                                     profile=summary, community_name=community.name))


def _profile_fields(submission: Submission) -> dict[str, str]:
    return {name: submission.text(name) for name in ("workplace", "region", "job", "years", "helps", "looking")}


def check_profile(runtime: Runtime, submission: Submission) -> dict[str, str] | None:
    """Before the form closes, without the database: the years are a whole number."""
    if profiles.draft_from(_profile_fields(submission)) is not None:
        return None
    t = translator(profiles.read_metadata(submission.metadata)[1])
    return {"years": t.gettext("A whole number of years, from 0 to {most}.", most=profiles.YEARS_MAX)}


def profile_submitted(runtime: Runtime, submission: Submission) -> None:
    """The profile saved (or removed, when every field was left empty); the directory shows it at once."""
    draft = profiles.draft_from(_profile_fields(submission))
    community_id, _ = profiles.read_metadata(submission.metadata)
    if draft is None:
        return
    with Turn(runtime, submission) as turn:
        profiles.save(turn.session, team_id=submission.team_id, community_id=community_id,
                      user_id=submission.user_id, draft=draft)
    publish_home(runtime, team_id=submission.team_id, user_id=submission.user_id)


def directory_filtered(runtime: Runtime, click: Click) -> None:
    """A filter of the Home tab's directory changed: the Home is published again, as filtered."""
    def chosen(name: str) -> str | None:
        value = typed(click.chosen.get(f"{blocks.ACTION_DIRECTORY}_{name}") or "")
        return value if value and value != blocks.ANY else None

    filters = blocks.DirectoryFilters(community_id=whole_number(chosen("community") or ""), topic=chosen("topic"),
                                      region=chosen("region"), workplace=chosen("workplace"))
    publish_home(runtime, team_id=click.team_id, user_id=click.user_id, directory=filters)


def publish_home(runtime: Runtime, *, team_id: str, user_id: str,
                 directory: blocks.DirectoryFilters | None = None) -> None:
    """The Home tab, built fresh each time it is opened or something on it changes."""
    person = people.person(runtime.db, runtime.slack(team_id), team_id=team_id, user_id=user_id)
    with runtime.db.reading() as session:
        known = home.community_channels(session, team_id=team_id, user_id=user_id)
    # Only the communities whose channel they are still in (someone who left a private one no longer sees it).
    channels = {c for c in known if access.is_member(runtime, team_id=team_id, channel_id=c, user_id=user_id)}
    with runtime.db.reading() as session:  # reads only: the Home never waits behind a write
        data = home.home(session, team_id=team_id, user_id=user_id, timezone=person.timezone, channels=channels,
                         directory=directory)
    runtime.slack(team_id).publish_home(user_id, blocks.home_view(translator(people.language(person)), data))


def home_opened(runtime: Runtime, request: Event) -> None:
    if request.event.get("tab", "home") == "home" and request.event.get("user"):
        publish_home(runtime, team_id=request.team_id, user_id=request.event["user"])


def member_left(runtime: Runtime, request: Event) -> None:
    """Someone left a community's channel: they may no longer act in it at once; leaving a private
    community's channel also ends their roles there (no more reports, follow-ups or newcomers)."""
    user_id, channel_id = request.event.get("user"), request.event.get("channel")
    if not isinstance(user_id, str) or not channel_id:
        return
    access.forget(runtime, request.team_id, channel_id)
    with runtime.db.reading() as session:
        community = communities.community_here(session, team_id=request.team_id, channel_id=channel_id)
    if community is None or not access.is_private(runtime, request.team_id, channel_id):
        return
    with Turn(runtime, request) as turn:
        roles.left_private_channel(turn.session, team_id=request.team_id, community_id=community.id, user_id=user_id)


def member_joined(runtime: Runtime, request: Event) -> None:
    """A newcomer in a community's channel: a welcome by DM, and a mentor asked to introduce them.
    The envelope's team is the workspace the bot serves (the event's own team is the person's, which
    differs for a member from another organisation in a shared channel)."""
    user_id, channel_id = request.event.get("user"), request.event.get("channel")
    if not user_id or not channel_id:
        return
    with runtime.db.reading() as session:
        if communities.community_here(session, team_id=request.team_id, channel_id=channel_id) is None:
            return
    access.forget(runtime, request.team_id, channel_id)  # they may act in it at once
    if user_id == request.bot_user_id:  # cop-bot invited (back): no longer a problem for the IT contact
        with Turn(runtime, request) as turn:
            tool_problems.bot_joined(turn.session, team_id=request.team_id, channel_id=channel_id)
        return
    is_bot = people.person(runtime.db, runtime.slack(request.team_id), team_id=request.team_id,
                           user_id=user_id).is_bot
    with Turn(runtime, request) as turn:
        result = newcomers.member_joined(turn.session, team_id=request.team_id, channel_id=channel_id,
                                         user_id=user_id, is_bot=is_bot,
                                         home_team_id=request.event.get("user_team") or request.event.get("team"))
        turn.owe(result.outbox_ids)


def credit(runtime: Runtime, click: Click) -> None:
    """The asker ticks who helped: the ticked ones are credited, the unticked ones no longer."""
    help_request_id = whole_number(click.block_id.removeprefix("credit-"))
    if help_request_id is None:
        return
    helpers = [v.partition(":")[2] for v in click.selected if v.partition(":")[0] == str(help_request_id)]
    with Turn(runtime, click) as turn:
        expertise.credit_helpers(turn.session, team_id=click.team_id, user_id=click.user_id,
                                 help_request_id=help_request_id, helpers=helpers)


def mentor_done(runtime: Runtime, click: Click) -> None:
    """The mentor introduced the newcomer: the request becomes a thank-you."""
    with Turn(runtime, click) as turn:
        language = newcomers.mentor_done(turn.session, team_id=click.team_id, user_id=click.user_id,
                                         membership_id=whole_number(click.value) or 0)
        if language:
            turn.say(translator(language).gettext("Thank you for welcoming them! The facilitators will see it."),
                     replace=True)


def charter_edit(runtime: Runtime, click: Click) -> None:
    """Animators edit the charter in a form (long text, comfortable on a phone)."""
    with runtime.db.reading() as session:
        result = newcomers.charter(session, team_id=click.team_id, user_id=click.user_id,
                                   community_id=whole_number(click.value) or 0)
    community = result.community
    if result.outcome != CharterOutcome.SHOWN or community is None:
        return
    t = translator(community.language)
    if not result.can_edit:
        answer(runtime, click, t.gettext(CHARTER_NOT_ALLOWED), replace=False)
        return
    open_form(runtime, click, blocks.charter_modal(t, community_id=community.id, charter=community.charter,
                                                   names=names_in(runtime, click, community.charter)))


def charter_submitted(runtime: Runtime, submission: Submission) -> None:
    """The charter saved. The form answered Slack without the database (3 seconds): someone who lost
    the right to edit it meanwhile is told privately, and nothing changes."""
    with Turn(runtime, submission) as turn:
        result = newcomers.charter(turn.session, team_id=submission.team_id, user_id=submission.user_id,
                                   community_id=whole_number(submission.metadata) or 0,
                                   new_text=submission.text("charter"))
        if result.outcome == CharterOutcome.NOT_ALLOWED and result.community is not None:
            turn.owe(owe_dm(turn.session, team_id=submission.team_id, key=f"refused:{submission.receipt}",
                            user_id=submission.user_id, message=blocks.ephemeral(
                                translator(result.community.language).gettext(CHARTER_NOT_ALLOWED))))


def register(wiring: Wiring) -> None:
    wiring.event("member_joined_channel", member_joined)
    wiring.event("member_left_channel", member_left)
    wiring.event("app_home_opened", home_opened)
    wiring.action(blocks.ACTION_CREDIT, credit)
    wiring.action(blocks.ACTION_MENTOR_DONE, mentor_done)
    wiring.action(blocks.ACTION_CHARTER_EDIT, charter_edit, opens_form=True)
    wiring.view(blocks.CHARTER_MODAL, charter_submitted)
    wiring.view(blocks.PROFILE_MODAL, profile_submitted, check=check_profile)
    wiring.action(blocks.family(blocks.ACTION_DIRECTORY), directory_filtered)
