"""``/cop lesson`` (text or modal) and ``/cop search``."""

import json

from slack_bolt import Ack, App

from bot import blocks
from bot.i18n import N_, translator
from bot.runtime import Runtime
from bot.services import communities, lessons
from bot.services.help_requests import Outcome
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
    metadata = json.dumps({"channel_id": command.channel_id, "language": community.language})
    runtime.notifier.call("views.open", {"trigger_id": command.trigger_id,
                                         "view": blocks.lesson_modal(translator(community.language),
                                                                     metadata=metadata)})


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


def _value(values: dict, block_id: str) -> str:
    return ((values.get(block_id) or {}).get("value") or {}).get("value") or ""


def register(app: App, runtime: Runtime) -> Registered:
    add_subcommand(lesson, "lesson", "lecon", "leçon")
    add_subcommand(search, "search", "cherche", "chercher", "recherche")

    def on_lesson_submitted(ack: Ack, body: dict, view: dict) -> None:
        """Problems show on their field, in the community's language; a valid lesson is posted."""
        metadata = json.loads(view.get("private_metadata") or "{}")
        values = view.get("state", {}).get("values", {})
        draft = lessons.LessonDraft(title=_value(values, "title").strip(), context=_value(values, "context"),
                                    what_happened=_value(values, "what_happened"),
                                    recommendation=_value(values, "recommendation"),
                                    topics=lessons.parse_topics(_value(values, "topics")))
        problems = lessons.problems(draft)
        if problems:
            t = translator(metadata.get("language", "en"))
            ack(response_action="errors", errors={field: t.gettext(p) for field, p in problems.items()})
            return
        ack()

        def capture() -> None:
            with runtime.db.session() as session:
                result = lessons.capture(session, team_id=body["team"]["id"], channel_id=metadata["channel_id"],
                                         author_id=body["user"]["id"], draft=draft)
            deliver(runtime, result.outbox_ids)

        in_background(runtime, capture)

    app.view(blocks.LESSON_MODAL)(on_lesson_submitted)
    runtime.deliverer.on(lessons.PURPOSE_POST, sent=lessons.lesson_posted)
    return Registered(views={blocks.LESSON_MODAL})
