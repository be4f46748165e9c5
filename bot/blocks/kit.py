"""What every builder shares: Slack's limits, and the small pieces messages and forms are made of.

Slack's limits live here and nowhere else; every builder is a pure function of plain data.
"""

import re

from bot.i18n import Translator
from bot.text import (
    Names,
    address,
    cut_mrkdwn,
    escape_stray,
    fit_mrkdwn,
    link_label,
    one_line,
    plain,
    plain_text,
    readable,
)

SECTION_TEXT_MAX = 3000
MESSAGE_BLOCKS_MAX = 50
VIEW_BLOCKS_MAX = 100
BUTTON_TEXT_MAX = 75
BUTTON_VALUE_MAX = 2000
FALLBACK_TEXT_MAX = 4000
MODAL_TEXT_MAX = 24  # a form's title, submit and close
UPDATABLE = ("text", "blocks")  # what chat.update takes of a message (no unfurl_* arguments)


def family(action_id: str) -> "re.Pattern[str]":
    """The action ids of a family of buttons that share one listener: ``cop_time_saved`` and
    ``cop_time_saved_half_day``… (each button of a block needs an action_id of its own)."""
    return re.compile(rf"^{re.escape(action_id)}(_[a-z0-9_]+)?$")


def button(text: str, action_id: str, value: str, style: str | None = None) -> dict:
    button = {"type": "button", "text": {"type": "plain_text", "text": plain(text, BUTTON_TEXT_MAX), "emoji": True},
              "action_id": action_id, "value": value[:BUTTON_VALUE_MAX]}
    if style:
        button["style"] = style
    return button


ACTION_TAKE_IT = "cop_take_it"


def take_it_button(t: Translator, value: str) -> dict:
    """"I'll take it": one facilitator takes a follow-up that went to all of them."""
    return button(t.gettext("I'll take it"), ACTION_TAKE_IT, value, style="primary")


def section(text: str) -> dict:
    return {"type": "section", "text": {"type": "mrkdwn", "text": cut_mrkdwn(escape_stray(text), SECTION_TEXT_MAX)}}


def context(text: str) -> dict:
    return {"type": "context", "elements": [{"type": "mrkdwn",
                                             "text": cut_mrkdwn(escape_stray(text), SECTION_TEXT_MAX)}]}


def fallback(text: str) -> str:
    """The message's top-level text (notifications, screen readers), cut safely."""
    return cut_mrkdwn(escape_stray(text), FALLBACK_TEXT_MAX)


def mentions(user_ids: list[str]) -> str:
    return ", ".join(f"<@{u}>" for u in user_ids)


def quote(text: str, limit: int = SECTION_TEXT_MAX) -> str:
    """Real text as a mrkdwn quote in at most ``limit`` characters (cut before escaping)."""
    lines = text.split("\n")
    room = max(limit - 5 * len(lines), 1)  # each line's "&gt; "
    return "\n".join("&gt; " + line if line else "&gt;" for line in fit_mrkdwn(text, room).split("\n"))


def modal(t: Translator, callback_id: str, metadata: str, *, title: str, submit: str, blocks: list[dict]) -> dict:
    """A modal with its title, submit and Cancel buttons (Slack cuts their texts at 24 characters)."""
    return {"type": "modal", "callback_id": callback_id, "private_metadata": metadata,
            "title": {"type": "plain_text", "text": plain(title, MODAL_TEXT_MAX)},
            "submit": {"type": "plain_text", "text": plain(submit, MODAL_TEXT_MAX)},
            "close": {"type": "plain_text", "text": plain(t.gettext("Cancel"), MODAL_TEXT_MAX)}, "blocks": blocks}


def message(view: dict) -> dict:
    """A view's text and blocks, ready for chat.postMessage, without link previews."""
    return {"text": fallback(view["text"]), "blocks": view.get("blocks", [section(view["text"])]),
            "unfurl_links": False, "unfurl_media": False}


def for_update(view: dict) -> dict:
    """A message's text and blocks, as chat.update takes them."""
    return {key: view[key] for key in UPDATABLE if key in view}


def ephemeral(text: str) -> dict:
    return {"response_type": "ephemeral", "text": fallback(text), "blocks": [section(text)]}


def text_input(block_id: str, label: str, *, multiline: bool, optional: bool, max_length: int,
               initial: str = "", names: Names | None = None, placeholder: str | None = None) -> dict:
    """A text field; ``initial`` is real text, shown as a person reads it (people and channels by
    their ``names``, links as addresses): what comes back is what they read, and mentions nobody."""
    element = {"type": "plain_text_input", "action_id": "value", "multiline": multiline, "max_length": max_length}
    initial = readable(initial, names)
    if not multiline:
        initial = one_line(initial)
    if initial:
        element["initial_value"] = initial[:max_length]
    if placeholder:
        element["placeholder"] = {"type": "plain_text", "text": plain(placeholder, 150)}
    return {"type": "input", "block_id": block_id, "optional": optional, "element": element,
            "label": {"type": "plain_text", "text": plain(label, 2000)}}


def community_picker(t: Translator, communities: list[tuple[str, str]]) -> list[dict]:
    """A form's "Community" select of (name, channel id), the first chosen; none when there is no choice
    to make (the form was opened in a community's channel)."""
    if not communities:
        return []
    options = [{"text": {"type": "plain_text", "text": plain_text(name, 75)}, "value": channel_id}
               for name, channel_id in communities[:100]]
    return [{"type": "input", "block_id": "community", "label": {"type": "plain_text", "text": t.gettext("Community")},
             "element": {"type": "static_select", "action_id": "value", "options": options,
                         "initial_option": options[0]}}]


def header(text: str) -> dict:
    """A header: real text, as read (plain_text holds no mention or link)."""
    return {"type": "header", "text": {"type": "plain_text", "text": plain_text(text, 150), "emoji": True}}


def link(url: str | None, label: str, channel_id: str = "") -> str:
    """A link to a message, as Slack gave it (chat.getPermalink: a reply's opens in its thread), labelled
    with real text (as read: a label holds no mention); while Slack has not given it, the message's channel."""
    if url:
        return f"<{address(url)}|{link_label(label)}>"
    return f"<#{channel_id}>" if channel_id else link_label(label)


def link_button(text: str, url: str | None) -> list[dict]:
    """A button opening a message (none while Slack has not given its link)."""
    if not url:
        return []
    return [{"type": "button", "action_id": "cop_open_call", "url": url,
             "text": {"type": "plain_text", "text": plain(text, BUTTON_TEXT_MAX)}}]


def chunked_ephemeral(lines: list[str]) -> dict:
    """Lines packed into as few sections as Slack's 3,000 characters allow."""
    sections, current = [], ""
    for line in lines:
        if current and len(current) + 1 + len(line) > SECTION_TEXT_MAX:
            sections.append(section(current))
            current = ""
        current = f"{current}\n{line}" if current else cut_mrkdwn(line, SECTION_TEXT_MAX)
    if current:
        sections.append(section(current))
    return {"response_type": "ephemeral", "text": fallback(lines[0]), "blocks": sections[:MESSAGE_BLOCKS_MAX]}


def plain_lines(text: str, limit: int) -> str:
    """Text cut to ``limit`` characters, keeping its line breaks."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
