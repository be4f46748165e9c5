"""Lessons learned and the library: ``/cop lesson`` (text or form), ``/cop search``, ``/cop export``,
"Save as lesson learned" on any message, "Turn this into a lesson", and a lesson card's buttons."""

import dataclasses
import json

from bot import blocks
from bot.i18n import N_, translator
from bot.runtime import Runtime
from bot.services import audit, communities, gaps, lessons, people, reliance, resources
from bot.services import export as export_service
from bot.services.owed import owe_dm, owe_files
from bot.services.resource_types import FILTER_WORDS
from bot.services.results import Outcome
from bot.slack_terms import SlackRefused
from bot.text import from_slack, mrkdwn, whole_number
from handlers import access
from handlers.replies import (
    NO_COMMUNITY_OF_YOURS,
    NO_COMMUNITY_YET,
    Turn,
    answer,
    language_here,
    names_in,
    open_form,
    problem,
    t_here,
)
from handlers.requests import Click, Command, Shortcut, Submission
from handlers.resources import open_resource_form, submit_to_library
from handlers.wiring import Wiring

NOT_A_COMMUNITY = N_("Lessons and search belong to a community: use this command in your community's channel, "
                     "or run `/cop setup` to make this channel a community's home.")
NOT_ALLOWED = N_("Only the lesson's author, a facilitator, or a content expert of its topics can change it; its "
                 "author or a facilitator can delete it.")
NOT_A_MEMBER = N_("You can only save a lesson in a community whose channel you are in. Nothing was saved.")


def lesson(runtime: Runtime, command: Command) -> None:
    """With text: shares it as a lesson at once. Without: opens the lesson form."""
    if not command.text:
        with runtime.db.reading() as session:
            community = communities.community_here(session, team_id=command.team_id, channel_id=command.channel_id)
        if community is None:
            answer(runtime, command, t_here(runtime, command).gettext(NOT_A_COMMUNITY))
            return
        open_lesson_form(runtime, command, lessons.Prefill(community.language, lessons.LessonDraft("", ""),
                                                           command.channel_id))
        return
    t = t_here(runtime, command)
    names_in(runtime, command, command.text)  # its card's header names (plain text) whoever it mentions
    with Turn(runtime, command) as turn:
        result = lessons.capture(turn.session, team_id=command.team_id, channel_id=command.channel_id,
                                 author_id=command.user_id, draft=lessons.LessonDraft.from_text(command.text))
        turn.owe(result.outbox_ids)
        if result.outcome == Outcome.NOT_A_COMMUNITY:
            turn.say(t.gettext(NOT_A_COMMUNITY))
        elif result.outcome != Outcome.DONE:
            turn.say(" ".join(t.gettext(p) for p in result.detail.values()))


def open_lesson_form(runtime: Runtime, request, prefill: lessons.Prefill) -> None:
    """The lesson form, prefilled; its metadata carries where the lesson goes and where it came from."""
    draft = prefill.draft
    metadata = json.dumps({"channel_id": prefill.channel_id, "language": prefill.language,
                           "lesson_id": prefill.lesson_id, "reviewed": prefill.reviewed, **draft.as_metadata()})
    fields = (draft.title, draft.context, draft.what_happened, draft.recommendation)
    open_form(runtime, request, blocks.lesson_modal(
        translator(prefill.language), metadata=metadata, title=draft.title, context=draft.context,
        what_happened=draft.what_happened, recommendation=draft.recommendation,
        topics=" ".join("#" + x for x in draft.topics), communities=prefill.communities,
        names=names_in(runtime, request, *fields)))


def search(runtime: Runtime, command: Command) -> None:
    """Private: the best lessons and resolved questions, with links."""
    t = t_here(runtime, command)
    if not command.text.strip():
        answer(runtime, command, t.gettext("What are you looking for? For example: `/cop search night triage "
                                           "#triage`"))
        return
    with runtime.db.reading() as session:  # reads only: it never waits behind a write
        result = lessons.find(session, team_id=command.team_id, channel_id=command.channel_id, query=command.text)
    with Turn(runtime, command) as turn:
        if result.outcome == Outcome.NOT_A_COMMUNITY:
            turn.say(t.gettext(NOT_A_COMMUNITY))
        elif result.unknown_types:
            t = translator(result.language)
            turn.say(t.gettext("I know no type *{typed}*. Search a type with `type:` and one of: {types}.",
                               typed=mrkdwn(result.unknown_types[0]) or "…",
                               types=", ".join(f"`{t.gettext(w)}`" for w in FILTER_WORDS.values())))
        else:
            if result.gap and result.community_id is not None:  # a search in a community: it has one
                gaps.record(turn.session, team_id=command.team_id, community_id=result.community_id,
                            text=result.gap, source=gaps.SEARCH)
            t = translator(result.language)
            view = blocks.search_results(t, command.text, result.found)
            if result.corrected:
                read = [t.gettext("*{typed}* as *{word}*", typed=mrkdwn(typed), word=mrkdwn(word))
                        for typed, word in result.corrected.items()]
                view["blocks"].append(blocks.context(t.gettext("I read {words}.", words=", ".join(read))))
            if result.kept:
                view["blocks"].append(blocks.context(t.gettext(
                    "Your search was long: I looked for its rarest words, {words}. Fewer, more telling words "
                    "find more.", words=", ".join(f"*{mrkdwn(w)}*" for w in result.kept))))
            turn.reply(view)


def export(runtime: Runtime, command: Command) -> None:
    """Reporters, animators and founders get the library by DM, as Markdown and CSV files."""
    t = t_here(runtime, command)
    with runtime.db.reading() as session:
        result = export_service.export_library(session, team_id=command.team_id, channel_id=command.channel_id,
                                               user_id=command.user_id)
    files: list[dict] = []
    if result.outcome == Outcome.DONE:  # people named as Slack shows them, asked before the transaction
        files = export_service.documents(result, people.names(runtime.db, runtime.slack(command.team_id),
                                                              team_id=command.team_id, user_ids=result.people()))
    with Turn(runtime, command) as turn:
        if result.outcome == Outcome.NOT_A_COMMUNITY:
            turn.say(t.gettext(NOT_A_COMMUNITY))
        elif result.outcome == Outcome.NOT_ALLOWED:
            turn.say(t.gettext("Sorry, exporting the library is for the community's reporters, facilitators and "
                               "founders. Ask one of them, or use `/cop search`."))
        else:
            lessons_count, questions = result.counts
            turn.owe(owe_files(turn.session, team_id=command.team_id, user_id=command.user_id,
                                              key=f"export:{command.receipt}", files=files, comment=t.gettext(
                                                  "The library: {lessons} and {questions}.",
                                                  lessons=t.ngettext("{n} lesson", "{n} lessons", lessons_count),
                                                  questions=t.ngettext("{n} resolved question",
                                                                       "{n} resolved questions", questions))))
            turn.say(t.gettext("I sent you the library by direct message."))
            audit.record(turn.session, team_id=command.team_id, community_id=result.community_id,
                         user_id=command.user_id, action="library.exported")
            if result.community_id is not None:
                reliance.exported(turn.session, team_id=command.team_id, community_id=result.community_id,
                                  user_id=command.user_id, lessons=[(x.id, x.practice) for x in result.lessons])


def _draft(submission: Submission) -> tuple[lessons.LessonDraft, dict]:
    try:
        metadata = json.loads(submission.metadata or "{}")
    except ValueError:
        metadata = {}
    metadata = metadata if isinstance(metadata, dict) else {}
    draft = lessons.LessonDraft(title=submission.text("title").strip(), context=submission.text("context"),
                                what_happened=submission.text("what_happened"),
                                recommendation=submission.text("recommendation"),
                                topics=lessons.parse_topics(submission.text("topics")),
                                source_channel_id=metadata.get("source_channel_id"),
                                source_ts=metadata.get("source_ts"), credited_user_id=metadata.get("credited_user_id"))
    return draft, metadata


def check_lesson(runtime: Runtime, submission: Submission) -> dict[str, str] | None:
    """Before the form closes: what is wrong, on its field, in the community's language."""
    draft, metadata = _draft(submission)
    problems = lessons.problems(draft)
    if not problems:
        return None
    t = translator(metadata.get("language", "en"))
    return {field: t.gettext(p) for field, p in problems.items()}


def lesson_submitted(runtime: Runtime, submission: Submission) -> None:
    """A valid lesson is posted in its community (or its card updated, when edited)."""
    draft, metadata = _draft(submission)
    submit_to_library(runtime, submission, draft, metadata, lessons, then=_tell_if_awaiting_consent)


def _tell_if_awaiting_consent(turn: Turn, result) -> None:
    if result.outcome == Outcome.AWAITING_CONSENT:
        t = translator(result.language)
        submission = turn.request
        turn.owe(owe_dm(turn.session, team_id=submission.team_id, key=f"lesson:{result.detail['lesson_id']}:wait",
                        user_id=submission.user_id, message=blocks.ephemeral(t.gettext(
                            "I asked <@{person}> whether their message may be shared. Until they answer, your "
                            "lesson is a draft only you can see; I will tell you.",
                            person=result.detail["asked"]))))


def save_message(runtime: Runtime, shortcut: Shortcut) -> None:
    """"Save as lesson learned" from any message's menu: the form, prefilled from the message."""
    fallback = language_here(runtime, shortcut)
    with runtime.db.reading() as session:
        prefill = lessons.prefill_from_message(
            session, team_id=shortcut.team_id, channel_id=shortcut.channel_id,
            text=from_slack(shortcut.message.get("text") or ""), author_id=shortcut.message.get("user"),
            message_ts=shortcut.message.get("ts", ""), fallback_language=fallback)
    if isinstance(prefill, lessons.NoForm):  # no community here, nor anywhere in the workspace
        answer(runtime, shortcut, translator(prefill.language).gettext(NO_COMMUNITY_YET))
        return
    here, mine = access.places_offered(runtime, shortcut, prefill.channel_id, prefill.communities)
    if not here and not mine:
        answer(runtime, shortcut, translator(prefill.language).gettext(NO_COMMUNITY_OF_YOURS))
        return
    open_lesson_form(runtime, shortcut, dataclasses.replace(prefill, channel_id=here, communities=mine))


def consent_button(runtime: Runtime, click: Click) -> None:
    """The person whose message was saved: yes with my name, yes without it, or no."""
    raw_id, _, choice = click.value.partition(":")
    lesson_id = whole_number(raw_id)
    if lesson_id is None or choice not in lessons.CONSENT_ANSWERS:
        return
    with Turn(runtime, click) as turn:
        result = lessons.answer_consent(turn.session, team_id=click.team_id, user_id=click.user_id,
                                        lesson_id=lesson_id, answer=choice)
        turn.owe(result.outbox_ids)
        t = translator(result.language)
        if result.outcome == Outcome.DONE:
            turn.say({"yes": t.gettext("Thank you: the lesson is shared, with your name."),
                      "anonymous": t.gettext("Thank you: the lesson is shared, without your name."),
                      "no": t.gettext("Understood: your message is not shared, and the draft is deleted.")}[choice],
                     replace=True)
        elif result.outcome == Outcome.UNCHANGED:
            turn.say(t.gettext("You have already answered."), replace=False)


def lesson_from_call(runtime: Runtime, click: Click) -> None:
    """"Turn this into a lesson": the form, prefilled from the question and the thread's answers."""
    with runtime.db.reading() as session:
        prefill = lessons.prefill_from_call(session, team_id=click.team_id, user_id=click.user_id,
                                            help_request_id=whole_number(click.value) or 0)
    if isinstance(prefill, lessons.NoForm):
        return
    source_channel_id, source_ts = prefill.draft.source_channel_id, prefill.draft.source_ts
    if source_channel_id and source_ts:
        try:  # what Slack knows, asked with no transaction open
            thread = runtime.slack(click.team_id).thread_replies(source_channel_id, source_ts)
        except SlackRefused:
            thread = []
        prefill = lessons.with_answers(prefill, thread)
    open_lesson_form(runtime, click, prefill)


def open_library_form(runtime: Runtime, request, prefill: resources.ResourcePrefill | lessons.Prefill) -> None:
    """The form of a library item: a resource's, or a lesson's."""
    if isinstance(prefill, resources.ResourcePrefill):
        open_resource_form(runtime, request, prefill)
    else:
        open_lesson_form(runtime, request, prefill)


def lesson_card_button(runtime: Runtime, click: Click) -> None:
    """Edit (the form, prefilled) or Delete a lesson or a resource from its card: its author or an animator
    only."""
    lesson_id = whole_number(click.value) or 0
    if click.action_id == blocks.ACTION_LESSON_EDIT:
        with runtime.db.reading() as session:
            prefill = resources.prefill_for_edit(session, team_id=click.team_id, user_id=click.user_id,
                                                 lesson_id=lesson_id)
        if not isinstance(prefill, lessons.NoForm):
            open_library_form(runtime, click, prefill)
        elif prefill.outcome == Outcome.NOT_ALLOWED:
            answer(runtime, click, translator(prefill.language).gettext(NOT_ALLOWED), replace=False)
        return
    with Turn(runtime, click) as turn:
        result = lessons.delete(turn.session, team_id=click.team_id, user_id=click.user_id, lesson_id=lesson_id)
        turn.owe(result.outbox_ids)
        if result.outcome == Outcome.NOT_ALLOWED:
            turn.say(translator(result.language).gettext(NOT_ALLOWED), replace=False)


def review_button(runtime: Runtime, click: Click) -> None:
    """From the monthly review request: *Still true*, *Update* (the lesson form, prefilled; saving it
    validates the lesson) or *Obsolete*. Content experts of its topics, its owner, animators."""
    lesson_id = whole_number(click.value) or 0
    if click.action_id == blocks.ACTION_REVIEW_UPDATE:
        with runtime.db.reading() as session:
            prefill = resources.prefill_for_edit(session, team_id=click.team_id, user_id=click.user_id,
                                                 lesson_id=lesson_id)
        if not isinstance(prefill, lessons.NoForm):
            open_library_form(runtime, click, dataclasses.replace(prefill, reviewed=True))
        elif (text := problem(translator(prefill.language), prefill.outcome, not_allowed=NOT_ALLOWED)) is not None:
            answer(runtime, click, text, replace=False)
        return
    standing = "validated" if click.action_id == blocks.ACTION_REVIEW_TRUE else "obsolete"
    with Turn(runtime, click) as turn:
        result = lessons.review(turn.session, team_id=click.team_id, user_id=click.user_id, lesson_id=lesson_id,
                                standing=standing)
        t = translator(result.language)
        if result.outcome == Outcome.DONE:
            title = mrkdwn(result.detail["title"])
            turn.say(t.gettext("Thank you: *{title}* is marked still true, with your name and today's date.",
                               title=title) if standing == "validated" else
                     t.gettext("Thank you: *{title}* is marked obsolete. Search shows it last, labelled.", title=title),
                     replace=False)
        elif (text := problem(t, result.outcome, not_allowed=NOT_ALLOWED)) is not None:
            turn.say(text, replace=False)
        turn.owe(result.outbox_ids)


def register(wiring: Wiring) -> None:
    wiring.view(blocks.LESSON_MODAL, lesson_submitted, check=check_lesson)
    wiring.action(blocks.ACTION_REVIEW_TRUE, review_button)
    wiring.action(blocks.ACTION_REVIEW_UPDATE, review_button, opens_form=True)
    wiring.action(blocks.ACTION_REVIEW_OBSOLETE, review_button)
    wiring.action(blocks.ACTION_LESSON_EDIT, lesson_card_button, opens_form=True)
    wiring.action(blocks.ACTION_LESSON_DELETE, lesson_card_button)
    wiring.shortcut(blocks.SHORTCUT_SAVE_LESSON, save_message)
    wiring.action(blocks.ACTION_LESSON_FROM_CALL, lesson_from_call, opens_form=True)
    wiring.action(blocks.family(blocks.ACTION_LESSON_CONSENT), consent_button)
