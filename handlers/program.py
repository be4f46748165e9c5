"""``/cop program`` (*programme*): the year's meetings and the topics members suggest for them."""

import json
import re

from bot import blocks
from bot.i18n import N_, translator
from bot.runtime import Runtime
from bot.services import communities, program
from bot.services.results import Outcome
from bot.text import whole_number
from handlers.meetings import meeting_form_metadata
from handlers.replies import NOT_A_COMMUNITY, Turn, answer, names_in, open_form, problem, t_here
from handlers.requests import Click, Command, Submission
from handlers.wiring import Wiring

PLANNERS = N_("Only the community's founders and facilitators plan a suggested topic or set it aside.")
AGENDA_SUGGESTERS = N_("Only the community's founders and facilitators suggest the reflections' draft agenda as a "
                       "meeting topic.")


def say_suggested(turn: Turn, result: program.ProgramResult, *, not_allowed: str) -> None:
    """What who pressed *Suggest as meeting topic* (a gap, the reflections) reads, privately, in the language of
    the message they pressed it in: the topic is among the programme's suggestions, with *Plan it* for founders
    and facilitators; or why not."""
    t = translator(result.language)
    suggestion = result.suggestion if result.outcome in (Outcome.DONE, Outcome.UNCHANGED) else None
    if suggestion is not None:
        turn.reply(blocks.topic_suggested(t, topic=suggestion.topic, channel_id=suggestion.channel_id,
                                          suggestion_id=suggestion.id, plans=result.plans,
                                          already=result.outcome == Outcome.UNCHANGED), replace=False)
        turn.owe(result.outbox_ids)
    elif (text := problem(t, result.outcome, not_allowed=not_allowed)) is not None:
        turn.say(text, replace=False)


def programme(runtime: Runtime, command: Command) -> None:
    """Private: the next twelve months of meetings and the suggested topics, with I'm interested."""
    t = t_here(runtime, command)
    with runtime.db.reading() as session:
        found = program.programme(session, team_id=command.team_id, channel_id=command.channel_id)
    if found.outcome != Outcome.DONE or found.community is None:
        answer(runtime, command, t.gettext(NOT_A_COMMUNITY))
        return
    community = found.community
    with Turn(runtime, command) as turn:
        turn.reply(blocks.programme_view(translator(community.language), community_name=community.name,
                                         community_id=community.id, meetings=found.meetings,
                                         suggestions=found.suggestions))


def suggest_button(runtime: Runtime, click: Click) -> None:
    """*Suggest a topic*: the short form (topic, why, who could present)."""
    community_id = whole_number(click.value)
    with runtime.db.reading() as session:
        community = communities.get(session, team_id=click.team_id, community_id=community_id or 0)
    if community is not None:
        open_form(runtime, click, blocks.suggest_modal(translator(community.language), metadata=json.dumps(
            {"community_id": community.id, "language": community.language})))


def _metadata(submission: Submission) -> dict:
    try:
        found = json.loads(submission.metadata or "{}")
    except ValueError:
        return {}
    return found if isinstance(found, dict) else {}


def suggest_submitted(runtime: Runtime, submission: Submission) -> None:
    """The suggestion's card goes to the community's channel."""
    metadata = _metadata(submission)
    with Turn(runtime, submission) as turn:
        result = program.suggest(turn.session, team_id=submission.team_id, user_id=submission.user_id,
                                 community_id=whole_number(str(metadata.get("community_id"))) or 0,
                                 topic=submission.text("topic"), why=submission.text("why"),
                                 presenter=submission.text("presenter"))
        turn.owe(result.outbox_ids)


def card_button(runtime: Runtime, click: Click) -> None:
    """I'm interested (once per person), Set aside (founders and animators)."""
    suggestion_id = whole_number(click.value) or 0
    with Turn(runtime, click) as turn:
        if click.action_id == blocks.ACTION_INTERESTED:
            result = program.interested(turn.session, team_id=click.team_id, user_id=click.user_id,
                                        suggestion_id=suggestion_id)
        else:
            result = program.set_aside(turn.session, team_id=click.team_id, user_id=click.user_id,
                                       suggestion_id=suggestion_id)
        t = translator(result.language)
        said = problem(t, result.outcome, not_allowed=PLANNERS)
        if result.outcome == Outcome.UNCHANGED:
            said = t.gettext("You are already counted among those interested.")
        elif result.outcome == Outcome.DONE:
            said = t.gettext("Thank you: your interest is counted.") if click.action_id == blocks.ACTION_INTERESTED \
                else t.gettext("Done: the topic is set aside.")
        if said is not None:
            turn.say(said, replace=False)
        turn.owe(result.outbox_ids)


def plan_button(runtime: Runtime, click: Click) -> None:
    """*Plan it*: the meeting form, with the topic, and why and who could present as its agenda."""
    with runtime.db.reading() as session:
        found = program.for_planning(session, team_id=click.team_id, user_id=click.user_id,
                                     suggestion_id=whole_number(click.value) or 0)
    if not isinstance(found, program.Planning):
        if (text := problem(translator(found.language), found.outcome, not_allowed=PLANNERS)) is not None:
            answer(runtime, click, text, replace=False)
        return
    suggestion, community = found.suggestion, found.community
    t = translator(community.language)
    agenda = "\n".join(x for x in (suggestion.why, t.gettext("Who could present: {who}", who=suggestion.presenter)
                                   if suggestion.presenter else "") if x)
    open_form(runtime, click, blocks.meeting_modal(t, metadata=meeting_form_metadata(
        community_id=community.id, language=community.language, timezone=community.timezone,
        suggestion_id=suggestion.id), topic=suggestion.topic, agenda=agenda,
        names=names_in(runtime, click, suggestion.topic, agenda)))


def agenda_button(runtime: Runtime, click: Click) -> None:
    """*Suggest as meeting topic* under the quarter's reflections (founders and facilitators): the draft
    agenda's outline joins the suggested topics."""
    parsed = re.fullmatch(r"(\d+):(\d{4}-Q[1-4])", click.value)
    if not parsed:
        return
    with Turn(runtime, click) as turn:
        say_suggested(turn, program.suggest_agenda(turn.session, team_id=click.team_id, user_id=click.user_id,
                                                   community_id=int(parsed.group(1)), quarter=parsed.group(2)),
                      not_allowed=AGENDA_SUGGESTERS)


def register(wiring: Wiring) -> None:
    wiring.action(blocks.ACTION_AGENDA_MEETING, agenda_button)
    wiring.action(blocks.ACTION_SUGGEST_TOPIC, suggest_button, opens_form=True)
    wiring.view(blocks.SUGGEST_MODAL, suggest_submitted)
    wiring.action(blocks.ACTION_INTERESTED, card_button)
    wiring.action(blocks.ACTION_SET_ASIDE, card_button)
    wiring.action(blocks.ACTION_PLAN_TOPIC, plan_button, opens_form=True)

