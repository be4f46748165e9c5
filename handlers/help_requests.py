"""Calls for help: ``/cop ask``, reactions, thread replies, and the buttons on calls, DMs and
follow-ups."""

import json
import logging
from datetime import UTC, datetime

from bot import blocks
from bot.i18n import N_, Translator, translator
from bot.runtime import Runtime
from bot.services import applied, communities, follow_ups, help_requests, lessons
from bot.services.help_requests import OFFER_REACTIONS, RESOLVE_REACTIONS
from bot.services.owed import owe_dm
from bot.services.results import Outcome, Result
from bot.text import from_slack, whole_number
from handlers import access
from handlers.access import is_member
from handlers.replies import (
    NO_COMMUNITY_OF_YOURS,
    NO_COMMUNITY_YET,
    Turn,
    answer,
    language_here,
    message_link,
    names_in,
    open_form,
    problem,
    t_here,
)
from handlers.requests import Click, Command, Event, Shortcut, Submission
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
        if result.outcome == Outcome.SIMILAR_FOUND and result.help_request_id is not None:
            turn.reply(blocks.similar_found(t, help_request_id=result.help_request_id, found=result.detail["found"]))
        elif result.outcome == Outcome.EMPTY:
            turn.say(t.gettext("What is your question? For example: `/cop ask How do we onboard night-shift "
                               "nurses faster? #onboarding`"))
        elif result.outcome == Outcome.TOO_LONG:
            turn.say(t.gettext("Your question is {length} characters long; the limit is {limit}. Shorten it and add "
                               "the details in the thread once it is posted. Nothing was posted.",
                               length=t.number(result.detail["length"]), limit=t.number(result.detail["limit"])))
        elif (text := problem(t, result.outcome, not_a_community=NOT_A_COMMUNITY)) is not None:
            turn.say(text)


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
    if not thread_ts or not ts or thread_ts == ts or not user or not event.get("channel"):
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
            turn.say(t.gettext("Only the person who asked, or a facilitator, can mark this call for help resolved."),
                     replace=False)
        elif result.outcome == Outcome.ALREADY_RESOLVED:
            turn.say(t.gettext("This call for help is already resolved."), replace=False)
        turn.owe(result.outbox_ids)


def time_saved(runtime: Runtime, click: Click) -> None:
    """The asker's answer to "how much time did this save?" replaces the question with a thank-you; half
    a day or more opens the one-sentence story form at the same click (its trigger lasts 3 seconds, so
    first), instead of one more message asking for it."""
    raw_id, _, choice = click.value.partition(":")
    help_request_id = whole_number(raw_id) or 0
    if click.user_id and choice:
        with runtime.db.reading() as session:
            language = help_requests.asks_story(session, team_id=click.team_id, help_request_id=help_request_id,
                                                choice=choice)
            asker = help_requests.asker_of(session, team_id=click.team_id, help_request_id=help_request_id)
        if language and asker == click.user_id:
            open_form(runtime, click, blocks.value_story_modal(translator(language), help_request_id=help_request_id))
    with Turn(runtime, click) as turn:
        result = help_requests.record_time_saved(turn.session, team_id=click.team_id, user_id=click.user_id,
                                                 help_request_id=help_request_id, choice=choice)
        if result.outcome == Outcome.DONE and result.help_request_id is not None:
            turn.reply(blocks.time_saved_thanks(translator(result.language), result.detail["choice"],
                                                result.help_request_id, result.detail["helpers"],
                                                result.detail["credited"]), replace=True)


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
    """"Tell the story" (on time-saved answers sent before the story was asked in the same click): the
    one-sentence form."""
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
            Outcome.NOT_ALLOWED: t.gettext("Only the person who asked, or a facilitator, can reopen this call for "
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
            turn.reply(blocks.applied_thanks(t, result.detail["choice"], help_request_id), replace=True)
        elif result.outcome == Outcome.UNCHANGED:
            turn.say(t.gettext("This call for help was reopened since: nothing to record."), replace=True)
        elif result.outcome == Outcome.NOT_ALLOWED:
            turn.say(t.gettext("Only the person who asked can answer this."), replace=False)


def change_story_submitted(runtime: Runtime, submission: Submission) -> None:
    """What changed, in the asker's words; the form closed when it was sent."""
    with Turn(runtime, submission) as turn:
        applied.record_story(turn.session, team_id=submission.team_id, user_id=submission.user_id,
                             help_request_id=whole_number(submission.metadata) or 0, story=submission.text("story"))


NOT_A_MEMBER = N_("You can only ask a community whose channel you are in. Nothing was posted.")


def ask_from_message(runtime: Runtime, shortcut: Shortcut) -> None:
    """"Ask the community" from any message's menu: the question form, prefilled from the message (someone
    else's is asked about only once they agree)."""
    with runtime.db.reading() as session:
        language, here, choices = communities.places_for_message(session, team_id=shortcut.team_id,
                                                                 channel_id=shortcut.channel_id,
                                                                 fallback_language=language_here(runtime, shortcut))
    t = translator(language)
    if not here and not choices:
        answer(runtime, shortcut, t.gettext(NO_COMMUNITY_YET))
        return
    here, mine = access.places_offered(runtime, shortcut, here, choices)
    if not here and not mine:
        answer(runtime, shortcut, t.gettext(NO_COMMUNITY_OF_YOURS))
        return
    message = shortcut.message
    metadata = json.dumps({"channel_id": here, "language": language, "source_channel_id": shortcut.channel_id,
                           "source_ts": message.get("ts", ""), "author_id": message.get("user")})
    question = from_slack(message.get("text") or "")  # shown as read: whoever it mentions is named, not mentioned
    open_form(runtime, shortcut, blocks.ask_modal(t, metadata=metadata, communities=mine, question=question,
                                                  names=names_in(runtime, shortcut, question)))


def check_ask(runtime: Runtime, submission: Submission) -> dict[str, str] | None:
    """Before the form closes: a question with words in it."""
    if submission.text("question").strip():
        return None
    t = translator(str(_metadata(submission).get("language") or "en"))
    return {"question": t.gettext("What is your question?")}


def _metadata(submission: Submission) -> dict:
    try:
        found = json.loads(submission.metadata or "{}")
    except ValueError:
        return {}
    return found if isinstance(found, dict) else {}


def _source(runtime: Runtime, submission: Submission, metadata: dict) -> help_requests.Source | None:
    """The message the call is asked about (from the message shortcut), None when asked from scratch."""
    author = metadata.get("author_id") if isinstance(metadata.get("author_id"), str) else None
    source_channel, source_ts = str(metadata.get("source_channel_id") or ""), str(metadata.get("source_ts") or "")
    source = help_requests.Source(channel_id=source_channel, ts=source_ts, author_id=author,
                                  link=message_link(runtime, submission, source_channel, source_ts))
    return source if source.channel_id and source.ts else None


def _told_asker(t: Translator, result: Result) -> dict | None:
    """What the asker hears by DM when the call is not simply posted: the similar answers found first,
    the author's consent awaited, or a question too long."""
    if result.outcome == Outcome.SIMILAR_FOUND and result.help_request_id is not None:
        return blocks.similar_found(t, help_request_id=result.help_request_id, found=result.detail["found"])
    if result.outcome == Outcome.AWAITING_CONSENT:
        return blocks.ephemeral(t.gettext("I asked <@{person}> whether their message may be asked about. Until "
                                          "they answer, your call for help is a draft nobody sees; I will tell "
                                          "you.", person=result.detail["asked"]))
    if result.outcome == Outcome.TOO_LONG:
        return blocks.ephemeral(t.gettext("Your question is {length} characters long; the limit is {limit}. "
                                          "Shorten it and add the details in the thread once it is posted. "
                                          "Nothing was posted.", length=t.number(result.detail["length"]),
                                          limit=t.number(result.detail["limit"])))
    return None


def ask_submitted(runtime: Runtime, submission: Submission) -> None:
    """The call is asked in the community chosen (only one whose channel the person is in): posted, or the
    library's similar answers shown first by DM, or — someone else's message — their consent asked."""
    metadata = _metadata(submission)
    t = translator(str(metadata.get("language") or "en"))
    target = str(metadata.get("channel_id") or submission.text("community") or "")
    if not is_member(runtime, team_id=submission.team_id, channel_id=target, user_id=submission.user_id):
        with Turn(runtime, submission) as turn:
            turn.owe(owe_dm(turn.session, team_id=submission.team_id, key=f"refused:{submission.receipt}",
                            user_id=submission.user_id, message=blocks.ephemeral(t.gettext(NOT_A_MEMBER))))
        return
    topics = " ".join("#" + x for x in lessons.parse_topics(submission.text("topics")))
    source = _source(runtime, submission, metadata)
    with Turn(runtime, submission) as turn:
        result = help_requests.ask(turn.session, team_id=submission.team_id, channel_id=target,
                                   asker_id=submission.user_id,
                                   question=" ".join(x for x in (submission.text("question").strip(), topics) if x),
                                   source=source)
        turn.owe(result.outbox_ids)
        told = _told_asker(translator(result.language), result)
        if told:
            turn.owe(owe_dm(turn.session, team_id=submission.team_id, key=f"ask-form:{submission.receipt}",
                            user_id=submission.user_id, message=told))


def quote_consent_button(runtime: Runtime, click: Click) -> None:
    """The author of the message: yes with my name, yes without it, or no."""
    raw_id, _, choice = click.value.partition(":")
    with Turn(runtime, click) as turn:
        result = help_requests.answer_quote_consent(turn.session, team_id=click.team_id, user_id=click.user_id,
                                                    help_request_id=whole_number(raw_id) or 0, answer=choice)
        turn.owe(result.outbox_ids)
        t = translator(result.language)
        if result.outcome == Outcome.DONE:
            turn.say({"yes": t.gettext("Thank you: the call for help is posted, with your name."),
                      "anonymous": t.gettext("Thank you: the call for help is posted, without your name."),
                      "no": t.gettext("Understood: nothing is posted, and the draft is deleted.")}[choice],
                     replace=True)
        elif result.outcome == Outcome.UNCHANGED:
            turn.say(t.gettext("You have already answered."), replace=False)
        elif result.outcome == Outcome.NOT_ALLOWED:
            turn.say(t.gettext("Only the person who wrote the message can answer this."), replace=False)


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
            Outcome.NOT_ALLOWED: t.gettext("Only the community's founders and facilitators can do this."),
            Outcome.UNCHANGED: t.gettext("This call for help is no longer open: nothing to do."),
            Outcome.EMPTY: t.gettext("Nobody has declared this call's topics yet. Try “Repost it”."),
        }[result.outcome], replace=False)
        turn.owe(result.outbox_ids)


def take_it(runtime: Runtime, click: Click) -> None:
    """"I'll take it" on a follow-up: the facilitator's copy says they have it, the others' who took it."""
    with Turn(runtime, click) as turn:
        result = follow_ups.take(turn.session, team_id=click.team_id, user_id=click.user_id,
                                 copy_id=whole_number(click.value) or 0, now=datetime.now(UTC))
        t = translator(result.language)
        if result.outcome == Outcome.DONE and result.subject is not None:
            turn.reply(blocks.follow_up_taken(t, taker_id=click.user_id, subject=result.subject, mine=True),
                       replace=True)
        elif (result.outcome == Outcome.UNCHANGED and result.subject is not None and result.taker_id
              and result.taker_id != click.user_id):
            turn.reply(blocks.follow_up_taken(t, taker_id=result.taker_id, subject=result.subject, mine=False),
                       replace=True)
        elif result.outcome == Outcome.NOT_ALLOWED:
            turn.say(t.gettext("This follow-up was sent to someone else."), replace=False)
        elif result.outcome == Outcome.NOT_FOUND:
            turn.say(t.gettext("This follow-up no longer exists."), replace=False)
        turn.owe(result.owed)


def register(wiring: Wiring) -> None:
    wiring.event("reaction_added", reaction_added)
    wiring.event("reaction_removed", reaction_removed)
    wiring.event("message", message)
    wiring.action(blocks.ACTION_OFFER, offer)
    wiring.action(blocks.ACTION_TAKE_IT, take_it)
    wiring.action(blocks.ACTION_RESOLVE, resolve)
    wiring.action(blocks.ACTION_REOPEN, reopen)
    wiring.shortcut(blocks.SHORTCUT_ASK, ask_from_message)
    wiring.view(blocks.ASK_MODAL, ask_submitted, check=check_ask)
    wiring.action(blocks.family(blocks.ACTION_QUOTE_CONSENT), quote_consent_button)
    wiring.action(blocks.family(blocks.ACTION_APPLIED), applied_answer, opens_form=True)
    wiring.view(blocks.CHANGE_STORY_MODAL, change_story_submitted)
    wiring.action(blocks.family(blocks.ACTION_TIME_SAVED), time_saved, opens_form=True)
    wiring.action(blocks.ACTION_ASK_ANYWAY, library_choice)
    wiring.action(blocks.ACTION_ANSWERED_BY_LIBRARY, library_choice)
    wiring.action(blocks.ACTION_VALUE_STORY, story_button, opens_form=True)
    wiring.view(blocks.VALUE_STORY_MODAL, story_submitted)
    for action_id in FOLLOW_UPS:
        wiring.action(action_id, follow_up)
