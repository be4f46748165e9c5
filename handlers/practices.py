"""Shared practices on a lesson's or resource's card: *Propose as shared practice* (its form), the vote,
the outcome a facilitator records, and a content expert's validation."""

import json
from datetime import date

from bot import blocks
from bot.i18n import N_, translator
from bot.runtime import Runtime
from bot.services import practices, reliance
from bot.services.results import Outcome
from bot.text import mrkdwn, whole_number
from handlers.replies import Turn, answer, open_form, problem
from handlers.requests import Click, Submission
from handlers.wiring import Wiring

ALREADY = N_("This is already proposed as a shared practice, or is one.")
VOTE_CLOSED = N_("The vote is closed: a facilitator records its outcome.")
NOT_YET = N_("The vote is still open: its outcome is recorded once it has closed.")
VOTED = {"adopt": N_("Your vote: *I adopt*. You may change it until the vote closes; the card shows how many "
                     "chose each answer, never who."),
         "revise": N_("Your vote: *To revise*. You may change it until the vote closes; say what to revise in the "
                      "card's thread."),
         "abstain": N_("Your vote: *I abstain*. You may change it until the vote closes.")}


def propose_button(runtime: Runtime, click: Click) -> None:
    """The proposal form (founders, facilitators, content experts): until when members vote."""
    lesson_id = whole_number(click.value) or 0
    with runtime.db.reading() as session:
        allowed = practices.may_propose(session, team_id=click.team_id, user_id=click.user_id, lesson_id=lesson_id)
    t = translator(allowed.language)
    if allowed.outcome == Outcome.DONE:
        open_form(runtime, click, blocks.practice_modal(
            t, metadata=json.dumps({"lesson_id": lesson_id, "language": allowed.language}),
            title=allowed.detail["title"], earliest=allowed.detail["earliest"]))
    elif allowed.outcome == Outcome.UNCHANGED:
        answer(runtime, click, t.gettext(ALREADY), replace=False)
    elif (text := problem(t, allowed.outcome, not_allowed=practices.NOT_PROPOSER)) is not None:
        answer(runtime, click, text, replace=False)


def _metadata(submission: Submission) -> dict:
    try:
        metadata = json.loads(submission.metadata or "{}")
    except ValueError:
        metadata = {}
    return metadata if isinstance(metadata, dict) else {}


def _until(submission: Submission) -> date | None:
    try:
        return date.fromisoformat(submission.element("until").get("selected_date") or "")
    except ValueError:
        return None


def check_proposal(runtime: Runtime, submission: Submission) -> dict[str, str] | None:
    """Before the form closes: a last day of voting from tomorrow, within 90 days."""
    metadata = _metadata(submission)
    with runtime.db.reading() as session:
        allowed = practices.may_propose(session, team_id=submission.team_id, user_id=submission.user_id,
                                        lesson_id=whole_number(str(metadata.get("lesson_id"))) or 0)
    until = _until(submission)
    if allowed.outcome != Outcome.DONE or (until and allowed.detail["earliest"] <= until.isoformat() and (
            until - date.fromisoformat(allowed.detail["earliest"])).days < practices.MAX_VOTE_DAYS):
        return None
    t = translator(str(metadata.get("language") or "en"))
    return {"until": t.gettext("Choose a day from tomorrow, within 90 days.")}


def proposal_submitted(runtime: Runtime, submission: Submission) -> None:
    """The card shows the proposal, its vote and its buttons; refusals are said privately."""
    metadata = _metadata(submission)
    with Turn(runtime, submission) as turn:
        result = practices.propose(turn.session, team_id=submission.team_id, user_id=submission.user_id,
                                   lesson_id=whole_number(str(metadata.get("lesson_id"))) or 0,
                                   until=_until(submission))
        turn.owe(result.outbox_ids)


def vote_button(runtime: Runtime, click: Click) -> None:
    """*I adopt*, *To revise*, *I abstain*: counted on the card, said back privately."""
    choice = click.action_id.removeprefix(blocks.ACTION_PRACTICE_VOTE + "_")
    with Turn(runtime, click) as turn:
        result = practices.vote(turn.session, team_id=click.team_id, user_id=click.user_id,
                                lesson_id=whole_number(click.value) or 0, choice=choice)
        turn.owe(result.outbox_ids)
        t = translator(result.language)
        if result.outcome == Outcome.DONE:
            turn.say(t.gettext(VOTED[choice]), replace=False)
        elif result.outcome == Outcome.UNCHANGED:
            turn.say(t.gettext(VOTE_CLOSED), replace=False)
        elif (text := problem(t, result.outcome)) is not None:
            turn.say(text, replace=False)


def outcome_button(runtime: Runtime, click: Click) -> None:
    """A facilitator records the closed vote's outcome: adopted, to be revised, not adopted."""
    outcome = click.action_id.removeprefix(blocks.ACTION_PRACTICE_OUTCOME + "_")
    with Turn(runtime, click) as turn:
        result = practices.record_outcome(turn.session, team_id=click.team_id, user_id=click.user_id,
                                          lesson_id=whole_number(click.value) or 0, outcome=outcome)
        turn.owe(result.outbox_ids)
        t = translator(result.language)
        if result.outcome == Outcome.UNCHANGED:
            turn.say(t.gettext(NOT_YET), replace=False)
        elif (text := problem(t, result.outcome, not_allowed=practices.NOT_FACILITATOR)) is not None:
            turn.say(text, replace=False)


def validate_button(runtime: Runtime, click: Click) -> None:
    """A content expert validates an adopted practice."""
    with Turn(runtime, click) as turn:
        result = practices.validate(turn.session, team_id=click.team_id, user_id=click.user_id,
                                    lesson_id=whole_number(click.value) or 0)
        turn.owe(result.outbox_ids)
        t = translator(result.language)
        if result.outcome == Outcome.DONE:
            turn.say(t.gettext("Thank you: *{title}* is now a shared practice of the community, with your "
                               "name and today's date.", title=mrkdwn(result.detail["title"])), replace=False)
        elif (text := problem(t, result.outcome, not_allowed=practices.NOT_EXPERT)) is not None:
            turn.say(text, replace=False)


def open_button(runtime: Runtime, click: Click) -> None:
    """*Open* on a practice found by search: Slack opens its card; the bot keeps that this member relies on it
    (they are told when it is revised or made obsolete). Nothing is said back."""
    with Turn(runtime, click) as turn:
        reliance.opened(turn.session, team_id=click.team_id, user_id=click.user_id,
                        lesson_id=whole_number(click.value) or 0)


def register(wiring: Wiring) -> None:
    wiring.action(blocks.ACTION_PRACTICE_PROPOSE, propose_button, opens_form=True)
    wiring.view(blocks.PRACTICE_MODAL, proposal_submitted, check=check_proposal)
    wiring.action(blocks.family(blocks.ACTION_PRACTICE_VOTE), vote_button)
    wiring.action(blocks.family(blocks.ACTION_PRACTICE_OUTCOME), outcome_button)
    wiring.action(blocks.ACTION_PRACTICE_VALIDATE, validate_button)
    wiring.action(blocks.ACTION_PRACTICE_OPEN, open_button)
