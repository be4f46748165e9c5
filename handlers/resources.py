"""Resources in the library: ``/cop resource`` (text or form) and "Add to the library" on a message with a
link or a file. Their cards' buttons and review are the lessons' (handlers/lessons.py)."""

import dataclasses
import json
from datetime import date

from bot import blocks
from bot.i18n import N_, translator
from bot.runtime import Runtime
from bot.services import communities, lessons, resources
from bot.services.owed import owe_dm
from bot.services.results import Outcome
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
    t_here,
)
from handlers.requests import Command, Shortcut, Submission
from handlers.wiring import Wiring

NOT_A_COMMUNITY = N_("The library belongs to a community: use this command in your community's channel, or run "
                     "`/cop setup` to make this channel a community's home.")
NOT_A_MEMBER = N_("You can only add to the library of a community whose channel you are in. Nothing was saved.")
NO_LINK = N_("This message has no link or file to add to the library.")


def open_resource_form(runtime: Runtime, request, prefill: resources.ResourcePrefill) -> None:
    """The resource form, prefilled; its metadata carries where the resource goes and where it came from."""
    draft = prefill.draft
    metadata = json.dumps({"channel_id": prefill.channel_id, "language": prefill.language,
                           "lesson_id": prefill.lesson_id, "reviewed": prefill.reviewed, **draft.as_metadata()})
    open_form(runtime, request, blocks.resource_modal(
        translator(prefill.language), metadata=metadata, url=draft.url, title=draft.title, why=draft.why,
        resource_type=draft.resource_type, topics=" ".join("#" + x for x in draft.topics),
        evidence_level=draft.evidence_level,
        source_date=draft.source_date.isoformat() if draft.source_date else "", communities=prefill.communities,
        names=names_in(runtime, request, draft.title, draft.why)))


def resource(runtime: Runtime, command: Command) -> None:
    """``/cop resource <link> <title>. <why it helps> type:<type> #topic``: shared at once when complete;
    otherwise (or without text) the resource form opens with what was typed."""
    with runtime.db.reading() as session:
        community = communities.community_here(session, team_id=command.team_id, channel_id=command.channel_id)
    if community is None:
        answer(runtime, command, t_here(runtime, command).gettext(NOT_A_COMMUNITY))
        return
    draft = resources.ResourceDraft.from_text(from_slack(command.text))
    if resources.problems(draft):
        open_resource_form(runtime, command, resources.ResourcePrefill(community.language, draft, command.channel_id))
        return
    names_in(runtime, command, draft.title)  # its card's header names (plain text) whoever it mentions
    with Turn(runtime, command) as turn:
        result = resources.capture(turn.session, team_id=command.team_id, channel_id=command.channel_id,
                                   author_id=command.user_id, draft=draft)
        turn.owe(result.outbox_ids)


def _draft(submission: Submission) -> tuple[resources.ResourceDraft, dict]:
    try:
        metadata = json.loads(submission.metadata or "{}")
    except ValueError:
        metadata = {}
    metadata = metadata if isinstance(metadata, dict) else {}
    try:
        day = date.fromisoformat(submission.element("source_date").get("selected_date") or "")
    except ValueError:
        day = None
    draft = resources.ResourceDraft(
        url=submission.text("link").strip(), title=submission.text("title").strip(), why=submission.text("why"),
        resource_type=submission.text("type"), topics=lessons.parse_topics(submission.text("topics")),
        evidence_level=submission.text("evidence"), source_date=day,
        source_channel_id=metadata.get("source_channel_id"), source_ts=metadata.get("source_ts"))
    return draft, metadata


def check_resource(runtime: Runtime, submission: Submission) -> dict[str, str] | None:
    """Before the form closes: what is wrong, on its field, in the community's language."""
    draft, metadata = _draft(submission)
    problems = resources.problems(draft)
    if not problems:
        return None
    t = translator(metadata.get("language", "en"))
    return {field: t.gettext(p) for field, p in problems.items()}


def submit_to_library(runtime: Runtime, submission: Submission, draft, metadata: dict, service, *,
                      then=None) -> None:
    """A library item's form (``service``: lessons or resources, each with ``capture`` and ``update``). The
    form's metadata is not taken at its word: a new item goes only to a channel the person is in.
    ``then(turn, result)`` runs in the same transaction, after the item's messages are owed."""
    target = str(metadata.get("channel_id") or submission.text("community") or "")
    if not metadata.get("lesson_id") and not is_member(runtime, team_id=submission.team_id, channel_id=target,
                                                       user_id=submission.user_id):
        t = translator(str(metadata.get("language") or "en"))
        with Turn(runtime, submission) as turn:
            turn.owe(owe_dm(turn.session, team_id=submission.team_id, key=f"refused:{submission.receipt}",
                            user_id=submission.user_id, message=blocks.ephemeral(t.gettext(NOT_A_MEMBER))))
        return
    link = None if metadata.get("lesson_id") else message_link(runtime, submission, draft.source_channel_id,
                                                               draft.source_ts)
    with Turn(runtime, submission) as turn:
        if metadata.get("lesson_id"):
            result = service.update(turn.session, team_id=submission.team_id, user_id=submission.user_id,
                                    lesson_id=whole_number(str(metadata["lesson_id"])) or 0, draft=draft,
                                    reviewed=metadata.get("reviewed") is True)
        else:
            result = service.capture(turn.session, team_id=submission.team_id, author_id=submission.user_id,
                                     channel_id=target, draft=dataclasses.replace(draft, source_link=link))
        turn.owe(result.outbox_ids)
        if then is not None:
            then(turn, result)


def resource_submitted(runtime: Runtime, submission: Submission) -> None:
    """A valid resource is posted in its community (or its card updated, when edited)."""
    draft, metadata = _draft(submission)
    submit_to_library(runtime, submission, draft, metadata, resources)


def add_from_message(runtime: Runtime, shortcut: Shortcut) -> None:
    """"Add to the library" from a message's menu: the resource form with the message's file (its link,
    never its content) or link."""
    fallback = language_here(runtime, shortcut)
    with runtime.db.reading() as session:
        prefill = resources.prefill_from_message(session, team_id=shortcut.team_id, channel_id=shortcut.channel_id,
                                                 message=shortcut.message, fallback_language=fallback)
    t = translator(prefill.language)
    if isinstance(prefill, lessons.NoForm):  # no community here or of theirs, or no link in the message
        answer(runtime, shortcut, t.gettext(NO_COMMUNITY_YET if prefill.outcome == Outcome.NOT_A_COMMUNITY
                                            else NO_LINK))
        return
    here, mine = access.places_offered(runtime, shortcut, prefill.channel_id, prefill.communities)
    if not here and not mine:
        answer(runtime, shortcut, t.gettext(NO_COMMUNITY_OF_YOURS))
        return
    open_resource_form(runtime, shortcut, dataclasses.replace(prefill, channel_id=here, communities=mine))


def register(wiring: Wiring) -> None:
    wiring.view(blocks.RESOURCE_MODAL, resource_submitted, check=check_resource)
    wiring.shortcut(blocks.SHORTCUT_ADD_RESOURCE, add_from_message)
