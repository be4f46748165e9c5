"""Calls for help: ``/cop ask``, reactions, thread replies, and the buttons on calls, DMs and
follow-ups."""

import logging
from datetime import UTC, datetime

from bot import blocks
from bot.i18n import N_, translator
from bot.runtime import Runtime
from bot.services import applied, help_requests
from bot.services.help_requests import OFFER_REACTIONS, RESOLVE_REACTIONS
from bot.services.results import Outcome
from bot.text import whole_number
from handlers import access
from handlers.replies import Turn, open_form, problem, t_here
from handlers.requests import Click, Command, Event, Submission
from handlers.wiring import Wiring

logger = logging.getLogger(__name__)

NOT_A_COMMUNITY = N_("Calls for help are posted in a community's channel, and this channel is not one. Run `/cop ask` "
                     "in your community's channel, or `/cop setup` to make this channel a community's home. Nothing "
                     "was posted.")


def ask(runtime: Runtime, command: Command) -> None:
    """Posts a call for help in the community's channel (or first shows the asker similar past
    answers); problems come back privately."""
    t = t_here(runtime, command)
    with Turn(runtime, command) as turn:
        result = help_requests.ask(turn.session, team_id=command.team_id, channel_id=command.channel_id,
                                   asker_id=command.user_id, question=command.text)
        turn.owe(result.outbox_ids)
        if result.outcome == Outcome.SIMILAR_FOUND:
            turn.reply(blocks.similar_found(t, help_request_id=result.help_request_id, found=result.detail["found"]))
        elif result.outcome == Outcome.EMPTY:
            turn.say(t.gettext("What is your question? For example: `/cop ask How do we onboard night-shift "
                               "nurses faster? #onboarding`"))
        elif result.outcome == Outcome.TOO_LONG:
            turn.say(t.gettext("Your question is {length} characters long; the limit is {limit}. Shorten it and add "
                               "the details in the thread once it is posted. Nothing was posted.",
                               length=t.number(result.detail["length"]), limit=t.number(result.detail["limit"])))
        elif result.outcome != Outcome.DONE:
            turn.say(problem(t, result.outcome, not_a_community=NOT_A_COMMUNITY))


def _reaction(event: dict) -> tuple[str, str, str] | None:
    """(channel, message ts, reaction) of a reaction on a message; ``raised_hand::skin-tone-3`` is ✋."""
    item = event.get("item") or {}
    if item.get("type") != "message" or not item.get("channel") or not item.get("ts") or not event.get("user"):
        return None
    return item["channel"], item["ts"], (event.get("reaction") or "").split("::")[0]


def reaction_added(runtime: Runtime, request: Event) -> None:
    """✋ on a call offers help; ✅ by the asker or an animator resolves it; anything else is ignored."""
    found = _reaction(request.event)
    if found is None or found[2] not in OFFER_REACTIONS | RESOLVE_REACTIONS:
        return
    channel_id, ts, name = found
    with Turn(runtime, request) as turn:
        if name in OFFER_REACTIONS:
            result = help_requests.offer(turn.session, team_id=request.team_id, user_id=request.event["user"],
                                         source="reaction", channel_id=channel_id, message_ts=ts)
        else:
            result = help_requests.resolve(turn.session, team_id=request.team_id, user_id=request.event["user"],
                                           channel_id=channel_id, message_ts=ts)
        turn.owe(result.outbox_ids)


def reaction_removed(runtime: Runtime, request: Event) -> None:
    """Taking back ✋ withdraws the offer."""
    found = _reaction(request.event)
    if found is None or found[2] not in OFFER_REACTIONS:
        return
    with Turn(runtime, request) as turn:
        result = help_requests.withdraw(turn.session, team_id=request.team_id, user_id=request.event["user"],
                                        channel_id=found[0], message_ts=found[1])
        turn.owe(result.outbox_ids)


def _deleted_ts(event: dict) -> str | None:
    """The ts of a message this event removes: ``message_deleted``, or a ``message_changed`` that
    leaves only a tombstone."""
    subtype = event.get("subtype")
    if subtype == "message_deleted":
        return event.get("deleted_ts") or (event.get("previous_message") or {}).get("ts")
    if subtype == "message_changed" and (event.get("message") or {}).get("subtype") == "tombstone":
        return event["message"].get("ts")
    return None


def message(runtime: Runtime, request: Event) -> None:
    """A reply in a call's thread by someone else than the asker counts as an answer; once
    deleted, it no longer does."""
    event = request.event
    gone = _deleted_ts(event)
    if gone:
        with Turn(runtime, request) as turn:
            help_requests.answer_deleted(turn.session, team_id=request.team_id, channel_id=event.get("channel") or "",
                                         message_ts=gone)
        return
    if event.get("subtype") not in (None, "thread_broadcast", "file_share") or event.get("bot_id"):
        return
    thread_ts, ts, user = event.get("thread_ts"), event.get("ts"), event.get("user")
    if not thread_ts or thread_ts == ts or not user or not event.get("channel"):
        return
    try:
        answered_at = datetime.fromtimestamp(float(ts), UTC)
    except (TypeError, ValueError):
        return
    with Turn(runtime, request) as turn:
        help_requests.record_answer(turn.session, team_id=request.team_id, channel_id=event["channel"],
                                    thread_ts=thread_ts, user_id=user, message_ts=ts, answered_at=answered_at)


def offer(runtime: Runtime, click: Click) -> None:
    """"I can help": the asker hears who offered; the clicker is thanked privately (on the Home
    tab, the tab is refreshed instead). Only someone in the call's channel may offer."""
    if not access.in_call_channel(runtime, click, whole_number(click.value)):
        logger.warning("An offer of help came from someone outside the call's channel: ignored")
        return
    with Turn(runtime, click) as turn:
        result = help_requests.offer(turn.session, team_id=click.team_id, user_id=click.user_id, source="button",
                                     help_request_id=whole_number(click.value))
        turn.owe(result.outbox_ids)
        t = translator(result.language)
        notice = {
            Outcome.OWN_QUESTION: t.gettext("This is your own call for help: your peers will offer here."),
            Outcome.ALREADY_RESOLVED: t.gettext("This call for help is already resolved. Thank you all the same!"),
            Outcome.UNCHANGED: t.gettext("You have already offered to help; the asker knows. Answer in the thread."),
            Outcome.DONE: t.gettext("Thank you! The asker knows you can help: answer in the thread."),
        }.get(result.outcome)
        if notice and not click.from_home:
            turn.say(notice, replace=False)
    if click.from_home:
        from handlers.people import publish_home

        publish_home(runtime, team_id=click.team_id, user_id=click.user_id)


def resolve(runtime: Runtime, click: Click) -> None:
    """"Resolved": only the asker or an animator; others are told why privately."""
    with Turn(runtime, click) as turn:
        result = help_requests.resolve(turn.session, team_id=click.team_id, user_id=click.user_id,
                                       help_request_id=whole_number(click.value))
        t = translator(result.language)
        if result.outcome == Outcome.NOT_ALLOWED:
            turn.say(t.gettext("Only the person who asked, or an animator, can mark this call for help resolved."),
                     replace=False)
        elif result.outcome == Outcome.ALREADY_RESOLVED:
            turn.say(t.gettext("This call for help is already resolved."), replace=False)
        turn.owe(result.outbox_ids)


def time_saved(runtime: Runtime, click: Click) -> None:
    """The asker's answer to "how much time did this save?" replaces the question with a thank-you."""
    raw_id, _, choice = click.value.partition(":")
    with Turn(runtime, click) as turn:
        result = help_requests.record_time_saved(turn.session, team_id=click.team_id, user_id=click.user_id,
                                                 help_request_id=whole_number(raw_id) or 0, choice=choice)
        if result.outcome == Outcome.DONE:
            turn.reply(blocks.time_saved_thanks(translator(result.language), result.detail["choice"],
                                                result.help_request_id, result.detail["helpers"],
                                                result.detail["credited"], result.detail["ask_story"]), replace=True)


def library_choice(runtime: Runtime, click: Click) -> None:
    """After similar answers were shown: "This answers it" posts nothing; "anyway" posts the call."""
    answered = click.action_id == blocks.ACTION_ANSWERED_BY_LIBRARY
    with Turn(runtime, click) as turn:
        result = help_requests.decide_after_library(turn.session, team_id=click.team_id, user_id=click.user_id,
                                                    help_request_id=whole_number(click.value) or 0,
                                                    answered=answered)
        if result.outcome != Outcome.DONE:
            return
        t = translator(result.language)
        turn.say(t.gettext("Glad the library helped! Nothing was posted; it counts as help found in the library.")
                 if answered else t.gettext("Your call for help is posted in the channel."), replace=True)
        turn.owe(result.outbox_ids)


def story_button(runtime: Runtime, click: Click) -> None:
    """"Tell the story": the one-sentence form."""
    help_request_id = whole_number(click.value) or 0
    with runtime.db.reading() as session:
        language = help_requests.language_of(session, team_id=click.team_id, help_request_id=help_request_id)
    open_form(runtime, click, blocks.value_story_modal(translator(language), help_request_id=help_request_id))


def story_submitted(runtime: Runtime, submission: Submission) -> None:
    """The asker's story is stored; the form closed when it was sent."""
    with Turn(runtime, submission) as turn:
        help_requests.record_value_story(turn.session, team_id=submission.team_id, user_id=submission.user_id,
                                         help_request_id=whole_number(submission.metadata) or 0,
                                         story=submission.text("story"))


def reopen(runtime: Runtime, click: Click) -> None:
    """"Reopen" on a resolved call: only its asker or an animator; others are told why privately."""
    with Turn(runtime, click) as turn:
        result = help_requests.reopen(turn.session, team_id=click.team_id, user_id=click.user_id,
                                      help_request_id=whole_number(click.value) or 0)
        t = translator(result.language)
        said = {
            Outcome.DONE: t.gettext("Done: the call for help is open again, and its thread was told."),
            Outcome.NOT_ALLOWED: t.gettext("Only the person who asked, or an animator, can reopen this call for "
                                           "help."),
            Outcome.UNCHANGED: t.gettext("This call for help is already open."),
            Outcome.NOT_FOUND: t.gettext("This call for help no longer exists."),
        }[result.outcome]
        turn.say(said, replace=False)
        turn.owe(result.outbox_ids)


def applied_answer(runtime: Runtime, click: Click) -> None:
    """A month on, the asker says whether they applied the answer; "it changed something" opens the
    one-sentence form first (its trigger lasts 3 seconds), then the answer is stored and the question
    replaced with a thank-you."""
    raw_id, _, choice = click.value.partition(":")
    help_request_id = whole_number(raw_id) or 0
    if choice == "changed":
        with runtime.db.reading() as session:
            language = help_requests.language_of(session, team_id=click.team_id, help_request_id=help_request_id)
        open_form(runtime, click, blocks.change_story_modal(translator(language), help_request_id=help_request_id))
    with Turn(runtime, click) as turn:
        result = applied.record(turn.session, team_id=click.team_id, user_id=click.user_id,
                                help_request_id=help_request_id, answer=choice)
        t = translator(result.language)
        if result.outcome == Outcome.DONE:
            turn.reply(blocks.applied_thanks(t, result.detail["choice"]), replace=True)
        elif result.outcome == Outcome.UNCHANGED:
            turn.say(t.gettext("This call for help was reopened since: nothing to record."), replace=True)
        elif result.outcome == Outcome.NOT_ALLOWED:
            turn.say(t.gettext("Only the person who asked can answer this."), replace=False)


def change_story_submitted(runtime: Runtime, submission: Submission) -> None:
    """What changed, in the asker's words; the form closed when it was sent."""
    with Turn(runtime, submission) as turn:
        applied.record_story(turn.session, team_id=submission.team_id, user_id=submission.user_id,
                             help_request_id=whole_number(submission.metadata) or 0, story=submission.text("story"))


FOLLOW_UPS = {blocks.ACTION_FOLLOW_PING: help_requests.ping_experts, blocks.ACTION_FOLLOW_REPOST: help_requests.repost,
              blocks.ACTION_FOLLOW_CLOSE: help_requests.close_call}


def follow_up(runtime: Runtime, click: Click) -> None:
    """An animator acts on an unanswered call: ping its experts, repost it, or close it."""
    with Turn(runtime, click) as turn:
        result = FOLLOW_UPS[click.action_id](turn.session, team_id=click.team_id, user_id=click.user_id,
                                             help_request_id=whole_number(click.value) or 0)
        t = translator(result.language)
        done = {blocks.ACTION_FOLLOW_PING: t.gettext("Done: the experts of its topics got it by direct message."),
                blocks.ACTION_FOLLOW_REPOST: t.gettext("Done: the call is back at the top of the channel."),
                blocks.ACTION_FOLLOW_CLOSE: t.gettext("Done: the call is closed.")}[click.action_id]
        turn.say({
            Outcome.DONE: done,
            Outcome.NOT_FOUND: t.gettext("This call for help no longer exists."),
            Outcome.NOT_ALLOWED: t.gettext("Only the community's founders and animators can do this."),
            Outcome.UNCHANGED: t.gettext("This call for help is no longer open: nothing to do."),
            Outcome.EMPTY: t.gettext("Nobody has declared this call's topics yet. Try “Repost it”."),
        }[result.outcome], replace=False)
        turn.owe(result.outbox_ids)


def register(wiring: Wiring) -> None:
    wiring.event("reaction_added", reaction_added)
    wiring.event("reaction_removed", reaction_removed)
    wiring.event("message", message)
    wiring.action(blocks.ACTION_OFFER, offer)
    wiring.action(blocks.ACTION_RESOLVE, resolve)
    wiring.action(blocks.ACTION_REOPEN, reopen)
    wiring.action(blocks.family(blocks.ACTION_APPLIED), applied_answer, opens_form=True)
    wiring.view(blocks.CHANGE_STORY_MODAL, change_story_submitted)
    wiring.action(blocks.family(blocks.ACTION_TIME_SAVED), time_saved)
    wiring.action(blocks.ACTION_ASK_ANYWAY, library_choice)
    wiring.action(blocks.ACTION_ANSWERED_BY_LIBRARY, library_choice)
    wiring.action(blocks.ACTION_VALUE_STORY, story_button, opens_form=True)
    wiring.view(blocks.VALUE_STORY_MODAL, story_submitted)
    for action_id in FOLLOW_UPS:
        wiring.action(action_id, follow_up)
