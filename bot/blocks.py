"""Pure Block Kit builders: plain data in, Slack payload dicts out.

Slack's limits live here and nowhere else.
"""

from dataclasses import dataclass

from bot.i18n import Translator
from bot.text import mrkdwn, plain

SECTION_TEXT_MAX = 3000
MESSAGE_BLOCKS_MAX = 50
VIEW_BLOCKS_MAX = 100
BUTTON_TEXT_MAX = 75
BUTTON_VALUE_MAX = 2000
FALLBACK_TEXT_MAX = 4000
QUESTION_MAX = 2500  # leaves room in one section for the heading around it

ACTION_OFFER = "cop_help_offer"
ACTION_RESOLVE = "cop_help_resolve"
ACTION_TIME_SAVED = "cop_time_saved"
ACTION_ASK_ANYWAY = "cop_ask_anyway"
ACTION_ANSWERED_BY_LIBRARY = "cop_ask_answered"
ACTION_LESSON_FROM_CALL = "cop_lesson_from_call"
ACTION_LESSON_EDIT = "cop_lesson_edit"
ACTION_LESSON_DELETE = "cop_lesson_delete"
SHORTCUT_SAVE_LESSON = "cop_save_lesson"


@dataclass(frozen=True)
class CallForHelp:
    id: int
    asker_id: str
    question: str
    topics: list[str]
    offerers: list[str]
    resolved: bool
    resolved_by: str | None


def _button(text: str, action_id: str, value: str, style: str | None = None) -> dict:
    button = {"type": "button", "text": {"type": "plain_text", "text": plain(text, BUTTON_TEXT_MAX), "emoji": True},
              "action_id": action_id, "value": value[:BUTTON_VALUE_MAX]}
    if style:
        button["style"] = style
    return button


def _section(text: str) -> dict:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text[:SECTION_TEXT_MAX]}}


def _context(text: str) -> dict:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": text[:SECTION_TEXT_MAX]}]}


def _mentions(user_ids: list[str]) -> str:
    return ", ".join(f"<@{u}>" for u in user_ids)


def quote(text: str) -> str:
    return "\n".join("&gt; " + line if line else "&gt;" for line in mrkdwn(text).split("\n"))


def call_for_help(t: Translator, call: CallForHelp) -> dict:
    """The post in the community's channel: text fallback plus blocks."""
    heading = t.gettext(":raising_hand: *Call for help* from <@{asker}>", asker=call.asker_id)
    blocks = [_section(heading + "\n" + quote(call.question))]
    if call.topics:
        blocks.append(_context(t.gettext("Topics: {topics}", topics=" · ".join("#" + mrkdwn(x) for x in call.topics))))
    if call.offerers:
        blocks.append(_context(t.ngettext(":raised_hand: {n} offer of help: {people}",
                                          ":raised_hand: {n} offers of help: {people}",
                                          len(call.offerers), people=_mentions(call.offerers))))
    if call.resolved:
        blocks.append(_context(t.gettext(":white_check_mark: Resolved by <@{user}>. Thank you all!",
                                         user=call.resolved_by or call.asker_id)))
    else:
        blocks.append(_context(t.gettext("React :raised_hand: or press “I can help”, then answer in the thread. "
                                         "The asker reacts :white_check_mark: when it is solved.")))
        blocks.append({"type": "actions", "elements": [
            _button(t.gettext("I can help"), ACTION_OFFER, str(call.id)),
            _button(t.gettext("Resolved"), ACTION_RESOLVE, str(call.id), style="primary"),
        ]})
    prefix = t.gettext("Resolved: ") if call.resolved else ""
    text = prefix + t.gettext("Call for help from <@{asker}>: {question}", asker=call.asker_id,
                              question=mrkdwn(call.question))
    return {"text": text[:FALLBACK_TEXT_MAX], "blocks": blocks, "unfurl_links": False, "unfurl_media": False}


def offer_received(t: Translator, *, helper_id: str, channel_id: str, question: str) -> dict:
    text = t.gettext("<@{helper}> offered to help with your call for help in <#{channel}>: “{question}”. "
                     "Their answer will come in the thread.", helper=helper_id, channel=channel_id,
                     question=mrkdwn(plain(question, 200)))
    return {"text": text, "blocks": [_section(text)]}


TIME_SAVED_CHOICES = ("under_15_min", "about_1_hour", "half_day", "day_or_more")


def time_saved_label(t: Translator, bucket: str) -> str:
    return {
        "under_15_min": t.gettext("Under 15 minutes"),
        "about_1_hour": t.gettext("About an hour"),
        "half_day": t.gettext("Half a day"),
        "day_or_more": t.gettext("A day or more"),
    }[bucket]


def time_saved_prompt(t: Translator, *, help_request_id: int, question: str) -> dict:
    text = t.gettext("Your call for help “{question}” is resolved. How much time did the answers save you?",
                     question=mrkdwn(plain(question, 200)))
    buttons = [_button(time_saved_label(t, b), ACTION_TIME_SAVED, f"{help_request_id}:{b}")
               for b in TIME_SAVED_CHOICES]
    return {"text": text, "blocks": [_section(text), {"type": "actions", "elements": buttons},
                                     _lesson_from_call(t, help_request_id)]}


def _lesson_from_call(t: Translator, help_request_id: int) -> dict:
    return {"type": "actions", "elements": [
        _button(t.gettext("Turn this into a lesson"), ACTION_LESSON_FROM_CALL, str(help_request_id))]}


def time_saved_thanks(t: Translator, bucket: str, help_request_id: int) -> dict:
    text = t.gettext("Thank you! Recorded: {choice}. It counts in the community's value report.",
                     choice=time_saved_label(t, bucket).lower())
    return {"text": text, "blocks": [_section(text), _lesson_from_call(t, help_request_id)]}


def ephemeral(text: str) -> dict:
    return {"response_type": "ephemeral", "text": text, "blocks": [_section(text)]}


# -- lessons and search ---------------------------------------------------------------------

LESSON_MODAL = "cop_lesson_modal"
LESSON_TITLE_MAX = 150
LESSON_FIELD_MAX = 2900  # each long field fits one section
SEARCH_SNIPPET = 200


@dataclass(frozen=True)
class LessonCard:
    id: int
    author_id: str
    title: str
    context: str
    what_happened: str
    recommendation: str
    topics: list[str]
    credited_user_id: str | None = None
    source_channel_id: str | None = None
    source_ts: str | None = None


def lesson_card(t: Translator, lesson: LessonCard) -> dict:
    blocks = [{"type": "header", "text": {"type": "plain_text", "text": plain(":bulb: " + lesson.title, 150),
                                           "emoji": True}}]
    for label, value in ((t.gettext("Context"), lesson.context), (t.gettext("What happened"), lesson.what_happened),
                         (t.gettext("Lesson / recommendation"), lesson.recommendation)):
        if value.strip():
            blocks.append(_section(f"*{label}*\n" + mrkdwn(value)))
    footer = t.gettext("Lesson learned shared by <@{author}>", author=lesson.author_id)
    if lesson.credited_user_id and lesson.credited_user_id != lesson.author_id:
        footer += " · " + t.gettext("from a message by <@{user}>", user=lesson.credited_user_id)
    if lesson.source_channel_id and lesson.source_ts:
        source = t.gettext("source")
        footer += f" · <{permalink(lesson.source_channel_id, lesson.source_ts)}|{source}>"
    if lesson.topics:
        footer += " · " + " ".join("#" + mrkdwn(x) for x in lesson.topics)
    blocks.append(_context(footer))
    delete = _button(t.gettext("Delete"), ACTION_LESSON_DELETE, str(lesson.id), style="danger")
    delete["confirm"] = {"title": {"type": "plain_text", "text": plain(t.gettext("Delete this lesson?"), 100)},
                         "text": {"type": "plain_text", "text": t.gettext("It will no longer be found by search.")},
                         "confirm": {"type": "plain_text", "text": t.gettext("Delete")},
                         "deny": {"type": "plain_text", "text": t.gettext("Cancel")}, "style": "danger"}
    blocks.append({"type": "actions", "elements": [_button(t.gettext("Edit"), ACTION_LESSON_EDIT, str(lesson.id)),
                                                   delete]})
    text = t.gettext("Lesson learned: {title}", title=mrkdwn(lesson.title))
    return {"text": text[:FALLBACK_TEXT_MAX], "blocks": blocks, "unfurl_links": False, "unfurl_media": False}


def _input(block_id: str, label: str, *, multiline: bool, optional: bool, max_length: int,
           initial: str = "", placeholder: str | None = None) -> dict:
    element = {"type": "plain_text_input", "action_id": "value", "multiline": multiline, "max_length": max_length}
    if initial:
        element["initial_value"] = initial[:max_length]
    if placeholder:
        element["placeholder"] = {"type": "plain_text", "text": plain(placeholder, 150)}
    return {"type": "input", "block_id": block_id, "optional": optional, "element": element,
            "label": {"type": "plain_text", "text": plain(label, 2000)}}


def lesson_modal(t: Translator, *, metadata: str, title: str = "", context: str = "", what_happened: str = "",
                 recommendation: str = "", topics: str = "", communities: list[tuple[str, str]] = ()) -> dict:
    """The lesson form. ``communities`` (name, channel id) adds a picker, for a message saved
    from a channel that is not a community's home."""
    picker = []
    if communities:
        options = [{"text": {"type": "plain_text", "text": plain(name, 75)}, "value": channel_id}
                   for name, channel_id in communities[:100]]
        picker = [{"type": "input", "block_id": "community", "label": {"type": "plain_text",
                                                                        "text": t.gettext("Community")},
                   "element": {"type": "static_select", "action_id": "value", "options": options,
                               "initial_option": options[0]}}]
    return {
        "type": "modal", "callback_id": LESSON_MODAL, "private_metadata": metadata,
        "title": {"type": "plain_text", "text": plain(t.gettext("Lesson learned"), 24)},
        "submit": {"type": "plain_text", "text": plain(t.gettext("Share"), 24)},
        "close": {"type": "plain_text", "text": plain(t.gettext("Cancel"), 24)},
        "blocks": picker + [
            _input("title", t.gettext("Title"), multiline=False, optional=False, max_length=LESSON_TITLE_MAX,
                   initial=title),
            _input("context", t.gettext("Context"), multiline=True, optional=True, max_length=LESSON_FIELD_MAX,
                   initial=context),
            _input("what_happened", t.gettext("What happened"), multiline=True, optional=True,
                   max_length=LESSON_FIELD_MAX, initial=what_happened),
            _input("recommendation", t.gettext("Lesson / recommendation"), multiline=True, optional=False,
                   max_length=LESSON_FIELD_MAX, initial=recommendation,
                   placeholder=t.gettext("What should others do next time?")),
            _input("topics", t.gettext("Topics"), multiline=False, optional=True, max_length=200, initial=topics,
                   placeholder=t.gettext("e.g. #triage #night")),
        ],
    }


@dataclass(frozen=True)
class Found:
    kind: str  # "lesson" or "help"
    title: str
    body: str
    channel_id: str
    message_ts: str | None


def permalink(channel_id: str, message_ts: str) -> str:
    return f"https://slack.com/archives/{channel_id}/p{message_ts.replace('.', '')}"


def search_results(t: Translator, query: str, found: list[Found]) -> dict:
    if not found:
        text = t.gettext("Nothing in the library matches “{query}” yet. Ask your peers: `/cop ask {query}`",
                         query=mrkdwn(query))
        return ephemeral(text)
    blocks = [_section(t.gettext("*Best matches for “{query}”*", query=mrkdwn(query))), *_found(t, found)]
    return {"response_type": "ephemeral", "text": t.gettext("Search results"), "blocks": blocks[:MESSAGE_BLOCKS_MAX]}


def similar_found(t: Translator, *, help_request_id: int, found: list[Found]) -> dict:
    """Before a call is posted: what the library already holds, and the asker's two choices."""
    heading = t.gettext("*Before I post your question:* the community may already have answered it.")
    buttons = {"type": "actions", "elements": [
        _button(t.gettext("This answers it"), ACTION_ANSWERED_BY_LIBRARY, str(help_request_id), style="primary"),
        _button(t.gettext("Post my question anyway"), ACTION_ASK_ANYWAY, str(help_request_id)),
    ]}
    blocks = [_section(heading), *_found(t, found)][: MESSAGE_BLOCKS_MAX - 1] + [buttons]
    return {"response_type": "ephemeral", "text": heading, "blocks": blocks}


def _found(t: Translator, found: list[Found]) -> list[dict]:
    blocks = []
    open_label = t.gettext("Open")
    for item in found:
        kind = t.gettext("Lesson") if item.kind == "lesson" else t.gettext("Resolved question")
        line = f"*{mrkdwn(plain(item.title, 150))}* — _{kind}_"
        snippet = mrkdwn(plain(item.body, SEARCH_SNIPPET))
        if snippet and item.body.strip() != item.title.strip():
            line += "\n" + snippet
        if item.message_ts:
            line += f"\n<{permalink(item.channel_id, item.message_ts)}|{open_label}>"
        blocks.append(_section(line))
    return blocks
