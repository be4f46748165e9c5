"""``/cop lesson`` (text or modal) and ``/cop search``."""

import json

from slack_bolt import Ack, App, Respond

from bot import blocks
from bot.i18n import N_, translator
from bot.runtime import Runtime
from bot.services import communities, lessons
from bot.services import export as export_service
from bot.services.help_requests import Outcome
from bot.text import from_slack, whole_number
from handlers import Registered
from handlers.commands import Command, add_subcommand, reply, reply_language
from handlers.delivery import deliver, in_background

NOT_A_COMMUNITY = N_("Lessons and search belong to a community: use this command in your community's channel, "
                   "or run `/cop setup` to make this channel a community's home.")


def lesson(runtime: Runtime, command: Command) -> None:
    """With text: share it as a lesson at once. Without: open the lesson form."""
    if command.text:
        draft = lessons.LessonDraft.from_text(command.text)
        with runtime.db.session() as session:
            result = lessons.capture(session, team_id=command.team_id, channel_id=command.channel_id,
                                     author_id=command.user_id, draft=draft)
        if result.outcome == Outcome.DONE:
            deliver(runtime, result.outbox_ids)
        elif result.outcome == Outcome.NOT_A_COMMUNITY:
            reply(command, reply_language(runtime, command).gettext(NOT_A_COMMUNITY))
        else:
            t = translator(result.language)
            reply(command, " ".join(t.gettext(p) for p in result.detail.values()))
        return
    with runtime.db.session() as session:
        community = communities.community_here(session, team_id=command.team_id, channel_id=command.channel_id)
    if community is None:
        reply(command, reply_language(runtime, command).gettext(NOT_A_COMMUNITY))
        return
    open_form(runtime, command.trigger_id, lessons.Prefill(Outcome.DONE, community.language,
                                                           lessons.LessonDraft("", ""), command.channel_id))


def open_form(runtime: Runtime, trigger_id: str, prefill: lessons.Prefill) -> None:
    """The lesson modal, prefilled; its metadata carries where the lesson goes and where it came from."""
    draft = prefill.draft
    metadata = json.dumps({"channel_id": prefill.channel_id, "language": prefill.language,
                           "lesson_id": prefill.lesson_id, **draft.as_metadata()})
    view = blocks.lesson_modal(translator(prefill.language), metadata=metadata, title=draft.title,
                               context=draft.context, what_happened=draft.what_happened,
                               recommendation=draft.recommendation,
                               topics=" ".join("#" + x for x in draft.topics), communities=prefill.communities)
    runtime.notifier.call("views.open", {"trigger_id": trigger_id, "view": view})


def search(runtime: Runtime, command: Command) -> None:
    """Ephemeral: the best lessons and resolved questions, with links."""
    if not command.text.strip():
        reply(command, reply_language(runtime, command).gettext(
            "What are you looking for? For example: `/cop search night triage #triage`"))
        return
    with runtime.db.session() as session:
        result = lessons.find(session, team_id=command.team_id, channel_id=command.channel_id, query=command.text)
    if result.outcome == Outcome.NOT_A_COMMUNITY:
        reply(command, reply_language(runtime, command).gettext(NOT_A_COMMUNITY))
        return
    command.respond(**blocks.search_results(translator(result.language), command.text, result.found))


def export(runtime: Runtime, command: Command) -> None:
    """Reporters, animators and founders get the library by DM, as Markdown and CSV files."""
    with runtime.db.session() as session:
        result = export_service.export_library(session, team_id=command.team_id, channel_id=command.channel_id,
                                               user_id=command.user_id)
    t = translator(result.language)
    if result.outcome == Outcome.NOT_A_COMMUNITY:
        reply(command, reply_language(runtime, command).gettext(NOT_A_COMMUNITY))
    elif result.outcome == Outcome.NOT_ALLOWED:
        reply(command, t.gettext("Sorry, exporting the library is for the community's reporters, animators and "
                                 "founders. Ask one of them, or use `/cop search`."))
    else:
        lessons_count, questions = result.counts
        runtime.notifier.send_files(command.user_id, result.files, t.gettext(
            "The library: {lessons} lesson(s) and {questions} resolved question(s).",
            lessons=t.number(lessons_count), questions=t.number(questions)))
        reply(command, t.gettext("I sent you the library by direct message."))


def _value(values: dict, block_id: str) -> str:
    field = (values.get(block_id) or {}).get("value") or {}
    return field.get("value") or (field.get("selected_option") or {}).get("value") or ""


def register(app: App, runtime: Runtime) -> Registered:
    add_subcommand(lesson, "lesson", "lecon", "leçon", opens_form=True)
    add_subcommand(search, "search", "cherche", "chercher", "recherche")
    add_subcommand(export, "export", "exporter")

    def on_lesson_submitted(ack: Ack, body: dict, view: dict) -> None:
        """Problems show on their field, in the community's language; a valid lesson is posted."""
        metadata = json.loads(view.get("private_metadata") or "{}")
        values = view.get("state", {}).get("values", {})
        draft = lessons.LessonDraft(title=_value(values, "title").strip(), context=_value(values, "context"),
                                    what_happened=_value(values, "what_happened"),
                                    recommendation=_value(values, "recommendation"),
                                    topics=lessons.parse_topics(_value(values, "topics")),
                                    source_channel_id=metadata.get("source_channel_id"),
                                    source_ts=metadata.get("source_ts"),
                                    credited_user_id=metadata.get("credited_user_id"))
        channel_id = metadata.get("channel_id") or _value(values, "community")
        problems = lessons.problems(draft)
        if problems:
            t = translator(metadata.get("language", "en"))
            ack(response_action="errors", errors={field: t.gettext(p) for field, p in problems.items()})
            return
        ack()

        def capture() -> None:
            with runtime.db.session() as session:
                if metadata.get("lesson_id"):
                    result = lessons.update(session, team_id=body["team"]["id"], user_id=body["user"]["id"],
                                            lesson_id=whole_number(str(metadata["lesson_id"])) or 0, draft=draft)
                else:
                    result = lessons.capture(session, team_id=body["team"]["id"], channel_id=channel_id,
                                             author_id=body["user"]["id"], draft=draft)
            deliver(runtime, result.outbox_ids)

        in_background(runtime, capture)

    def on_save_message(ack: Ack, body: dict, shortcut: dict, respond: Respond) -> None:
        ack()
        in_background(runtime, lambda: save_message(body, respond), respond=respond, opens_form=True)

    def save_message(body: dict, respond: Respond) -> None:
        """"Save as lesson learned" from any message's menu: the form, prefilled from the message."""
        message, team_id, user_id = body.get("message") or {}, body["team"]["id"], body["user"]["id"]
        channel_id = (body.get("channel") or {}).get("id", "")
        with runtime.db.session() as session:
            fallback = communities.language_for(session, runtime.notifier, team_id=team_id, channel_id=channel_id,
                                                user_id=user_id)
            prefill = lessons.prefill_from_message(
                session, team_id=team_id, channel_id=channel_id, text=from_slack(message.get("text") or ""),
                author_id=message.get("user"), message_ts=message.get("ts", ""), fallback_language=fallback)
        if prefill.outcome == Outcome.NOT_A_COMMUNITY:
            respond(**blocks.ephemeral(translator(prefill.language).gettext(
                "There is no community in this workspace yet: run `/cop setup` in a channel first.")))
            return
        open_form(runtime, body["trigger_id"], prefill)

    def on_lesson_from_call(ack: Ack, body: dict, action: dict, respond: Respond) -> None:
        ack()
        in_background(runtime, lambda: lesson_from_call(body, action, respond), respond=respond, opens_form=True)

    def lesson_from_call(body: dict, action: dict, respond: Respond) -> None:
        """"Turn this into a lesson": the form, prefilled from the question and the thread's answers."""
        value = action.get("value") or ""
        with runtime.db.session() as session:
            prefill = lessons.prefill_from_call(session, runtime.notifier, team_id=body["team"]["id"],
                                                user_id=body["user"]["id"],
                                                help_request_id=whole_number(value) or 0)
        if prefill.outcome == Outcome.DONE:
            open_form(runtime, body["trigger_id"], prefill)

    def on_lesson_card_button(ack: Ack, body: dict, action: dict, respond: Respond) -> None:
        ack()
        in_background(runtime, lambda: lesson_card_button(body, action, respond), respond=respond,
                      opens_form=action.get("action_id") == blocks.ACTION_LESSON_EDIT)

    def lesson_card_button(body: dict, action: dict, respond: Respond) -> None:
        """Edit (the form, prefilled) or Delete a lesson from its card: its author or an animator only."""
        value = action.get("value") or ""
        lesson_id, team_id, user_id = whole_number(value) or 0, body["team"]["id"], body["user"]["id"]
        with runtime.db.session() as session:
            if action["action_id"] == blocks.ACTION_LESSON_EDIT:
                prefill = lessons.prefill_for_edit(session, team_id=team_id, user_id=user_id, lesson_id=lesson_id)
                outcome, language = prefill.outcome, prefill.language
            else:
                result = lessons.delete(session, team_id=team_id, user_id=user_id, lesson_id=lesson_id)
                outcome, language = result.outcome, result.language
        if outcome == Outcome.NOT_ALLOWED:
            respond(replace_original=False, **blocks.ephemeral(translator(language).gettext(
                "Only the lesson's author, or an animator, can change or delete it.")))
        elif outcome == Outcome.DONE and action["action_id"] == blocks.ACTION_LESSON_EDIT:
            open_form(runtime, body["trigger_id"], prefill)
        elif outcome == Outcome.DONE:
            deliver(runtime, result.outbox_ids)

    app.view(blocks.LESSON_MODAL)(on_lesson_submitted)
    app.action(blocks.ACTION_LESSON_EDIT)(on_lesson_card_button)
    app.action(blocks.ACTION_LESSON_DELETE)(on_lesson_card_button)
    app.shortcut(blocks.SHORTCUT_SAVE_LESSON)(on_save_message)
    app.action(blocks.ACTION_LESSON_FROM_CALL)(on_lesson_from_call)
    runtime.deliverer.on(lessons.PURPOSE_POST, sent=lessons.lesson_posted)
    return Registered(views={blocks.LESSON_MODAL}, shortcuts={blocks.SHORTCUT_SAVE_LESSON},
                      actions={blocks.ACTION_LESSON_FROM_CALL, blocks.ACTION_LESSON_EDIT,
                               blocks.ACTION_LESSON_DELETE})
