"""Reactions, thread replies and buttons on calls for help."""

from datetime import UTC, datetime

from slack_bolt import Ack, App, Respond

from bot import blocks
from bot.i18n import translator
from bot.runtime import Runtime
from bot.services import help_requests
from bot.services.help_requests import OFFER_REACTIONS, RESOLVE_REACTIONS, Outcome
from bot.text import whole_number
from handlers import Registered
from handlers.delivery import deliver, in_background
from handlers.people import publish_home


def _reaction_name(event: dict) -> str:
    return (event.get("reaction") or "").split("::")[0]  # "raised_hand::skin-tone-3" is still ✋


def _message_item(event: dict) -> tuple[str, str] | None:
    item = event.get("item") or {}
    if item.get("type") != "message" or not item.get("channel") or not item.get("ts"):
        return None
    return item["channel"], item["ts"]


def _deleted_ts(event: dict) -> str | None:
    """The ts of a message this event removes: ``message_deleted``, or a ``message_changed`` that
    leaves only a tombstone."""
    subtype = event.get("subtype")
    if subtype == "message_deleted":
        return event.get("deleted_ts") or (event.get("previous_message") or {}).get("ts")
    if subtype == "message_changed":
        changed = event.get("message") or {}
        if changed.get("subtype") == "tombstone":
            return changed.get("ts")
    return None


def _help_request_id(value: str | None) -> int | None:
    return whole_number(value)


def register(app: App, runtime: Runtime) -> Registered:
    def on_reaction_added(body: dict, event: dict) -> None:
        in_background(runtime, lambda: reaction_added(body, event))

    def reaction_added(body: dict, event: dict) -> None:
        """✋ on a call offers help; ✅ by the asker or an animator resolves it; anything else is ignored."""
        item, name = _message_item(event), _reaction_name(event)
        if item is None or name not in OFFER_REACTIONS | RESOLVE_REACTIONS:
            return
        channel_id, ts = item
        with runtime.db.session() as session:
            if name in OFFER_REACTIONS:
                result = help_requests.offer(session, team_id=body["team_id"], user_id=event["user"],
                                             source="reaction", channel_id=channel_id, message_ts=ts)
            else:
                result = help_requests.resolve(session, team_id=body["team_id"], user_id=event["user"],
                                               channel_id=channel_id, message_ts=ts)
        deliver(runtime, result.outbox_ids)

    def on_reaction_removed(body: dict, event: dict) -> None:
        in_background(runtime, lambda: reaction_removed(body, event))

    def reaction_removed(body: dict, event: dict) -> None:
        """Taking back ✋ withdraws the offer."""
        item = _message_item(event)
        if item is None or _reaction_name(event) not in OFFER_REACTIONS:
            return
        with runtime.db.session() as session:
            result = help_requests.withdraw(session, team_id=body["team_id"], user_id=event["user"],
                                            channel_id=item[0], message_ts=item[1])
        deliver(runtime, result.outbox_ids)

    def on_message(body: dict, event: dict) -> None:
        in_background(runtime, lambda: message(body, event))

    def message(body: dict, event: dict) -> None:
        """A reply in a call's thread by someone else than the asker counts as an answer; once
        deleted, it no longer does."""
        gone = _deleted_ts(event)
        if gone:
            with runtime.db.session() as session:
                help_requests.answer_deleted(session, team_id=body["team_id"], channel_id=event.get("channel") or "",
                                             message_ts=gone)
            return
        if event.get("subtype") not in (None, "thread_broadcast", "file_share") or event.get("bot_id"):
            return
        thread_ts, ts, user = event.get("thread_ts"), event.get("ts"), event.get("user")
        if not thread_ts or thread_ts == ts or not user:
            return
        with runtime.db.session() as session:
            help_requests.record_answer(session, team_id=body["team_id"], channel_id=event["channel"],
                                        thread_ts=thread_ts, user_id=user, message_ts=ts,
                                        answered_at=datetime.fromtimestamp(float(ts), UTC))

    def on_offer_button(ack: Ack, body: dict, action: dict, respond: Respond) -> None:
        ack()
        from_home = (body.get("container") or {}).get("type") == "view"
        in_background(runtime, lambda: offer_button(body, action, respond, from_home),
                      respond=None if from_home else respond)

    def offer_button(body: dict, action: dict, respond: Respond, from_home: bool) -> None:
        """"I can help": the asker hears who offered; the clicker is thanked privately (on the
        Home tab, the tab is refreshed instead)."""
        with runtime.db.session() as session:
            result = help_requests.offer(session, team_id=body["team"]["id"], user_id=body["user"]["id"],
                                         source="button", help_request_id=_help_request_id(action.get("value")))
        deliver(runtime, result.outbox_ids)
        if from_home:
            publish_home(runtime, team_id=body["team"]["id"], user_id=body["user"]["id"])
            return
        t = translator(result.language)
        notices = {
            Outcome.OWN_QUESTION: t.gettext("This is your own call for help: your peers will offer here."),
            Outcome.ALREADY_RESOLVED: t.gettext("This call for help is already resolved. Thank you all the same!"),
            Outcome.UNCHANGED: t.gettext("You have already offered to help; the asker knows. Answer in the thread."),
            Outcome.DONE: t.gettext("Thank you! The asker knows you can help: answer in the thread."),
        }
        if result.outcome in notices:
            respond(replace_original=False, **blocks.ephemeral(notices[result.outcome]))

    def on_resolve_button(ack: Ack, body: dict, action: dict, respond: Respond) -> None:
        ack()
        in_background(runtime, lambda: resolve_button(body, action, respond), respond=respond)

    def resolve_button(body: dict, action: dict, respond: Respond) -> None:
        """"Resolved": only the asker or an animator; others are told why privately."""
        with runtime.db.session() as session:
            result = help_requests.resolve(session, team_id=body["team"]["id"], user_id=body["user"]["id"],
                                           help_request_id=_help_request_id(action.get("value")))
        t = translator(result.language)
        if result.outcome == Outcome.NOT_ALLOWED:
            respond(replace_original=False, **blocks.ephemeral(t.gettext(
                "Only the person who asked, or an animator, can mark this call for help resolved.")))
        elif result.outcome == Outcome.ALREADY_RESOLVED:
            respond(replace_original=False, **blocks.ephemeral(t.gettext("This call for help is already resolved.")))
        deliver(runtime, result.outbox_ids)

    def on_time_saved(ack: Ack, body: dict, action: dict, respond: Respond) -> None:
        ack()
        in_background(runtime, lambda: time_saved(body, action, respond), respond=respond)

    def time_saved(body: dict, action: dict, respond: Respond) -> None:
        """The asker's answer to "how much time did this save?" replaces the question with a thank-you."""
        raw_id, _, choice = (action.get("value") or "").partition(":")
        with runtime.db.session() as session:
            result = help_requests.record_time_saved(session, team_id=body["team"]["id"],
                                                     user_id=body["user"]["id"],
                                                     help_request_id=_help_request_id(raw_id) or 0, choice=choice)
        if result.outcome == Outcome.DONE:
            respond(replace_original=True, **blocks.time_saved_thanks(
                translator(result.language), result.detail["choice"], result.help_request_id,
                result.detail["helpers"], result.detail["credited"], result.detail["ask_story"]))

    def on_library_choice(ack: Ack, body: dict, action: dict, respond: Respond) -> None:
        ack()
        in_background(runtime, lambda: library_choice(body, action, respond), respond=respond)

    def library_choice(body: dict, action: dict, respond: Respond) -> None:
        """After similar answers were shown: "This answers it" posts nothing; "anyway" posts the call."""
        answered = action["action_id"] == blocks.ACTION_ANSWERED_BY_LIBRARY
        with runtime.db.session() as session:
            result = help_requests.decide_after_library(
                session, team_id=body["team"]["id"], user_id=body["user"]["id"],
                help_request_id=_help_request_id(action.get("value")) or 0, answered=answered)
        if result.outcome != Outcome.DONE:
            return
        t = translator(result.language)
        text = (t.gettext("Glad the library helped! Nothing was posted; it counts as help found in the library.")
                if answered else t.gettext("Your call for help is posted in the channel."))
        respond(replace_original=True, **blocks.ephemeral(text))
        deliver(runtime, result.outbox_ids)

    def on_story_button(ack: Ack, body: dict, action: dict) -> None:
        ack()
        in_background(runtime, opens_form=True, work=lambda: runtime.notifier.call("views.open", {
            "trigger_id": body["trigger_id"], "view": blocks.value_story_modal(
                translator(_story_language(body)), help_request_id=_help_request_id(action.get("value")) or 0)}))

    def _story_language(body: dict) -> str:
        with runtime.db.session() as session:
            return help_requests.language_of(session, team_id=body["team"]["id"],
                                             help_request_id=_help_request_id(
                                                 (body.get("actions") or [{}])[0].get("value")) or 0)

    def on_story_submitted(ack: Ack, body: dict, view: dict) -> None:
        """Stored at once; the form closes."""
        story = ((((view.get("state") or {}).get("values") or {}).get("story") or {}).get("value") or {}).get("value")
        with runtime.db.session() as session:
            help_requests.record_value_story(session, team_id=body["team"]["id"], user_id=body["user"]["id"],
                                             help_request_id=_help_request_id(view.get("private_metadata")) or 0,
                                             story=story or "")
        ack()

    app.action(blocks.ACTION_VALUE_STORY)(on_story_button)
    app.view(blocks.VALUE_STORY_MODAL)(on_story_submitted)
    app.event("reaction_added")(on_reaction_added)
    app.event("reaction_removed")(on_reaction_removed)
    app.event("message")(on_message)
    app.action(blocks.ACTION_OFFER)(on_offer_button)
    app.action(blocks.ACTION_RESOLVE)(on_resolve_button)
    app.action(blocks.family(blocks.ACTION_TIME_SAVED))(on_time_saved)
    app.action(blocks.ACTION_ASK_ANYWAY)(on_library_choice)
    app.action(blocks.ACTION_ANSWERED_BY_LIBRARY)(on_library_choice)
    return Registered(events={"reaction_added", "reaction_removed", "message"}, views={blocks.VALUE_STORY_MODAL},
                      actions={blocks.ACTION_VALUE_STORY, blocks.ACTION_OFFER, blocks.ACTION_RESOLVE,
                               blocks.ACTION_TIME_SAVED, blocks.ACTION_ASK_ANYWAY, blocks.ACTION_ANSWERED_BY_LIBRARY})
