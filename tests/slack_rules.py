"""Slack's published rules, as the strict fake (tests/fake_slack.py) holds them against the bot.

Kept apart from ``bot/`` on purpose: a wrong limit in the bot must not be mirrored here. Sources:
docs.slack.dev's Block Kit reference (blocks, block elements, composition objects, views), each Web
API method's reference page (arguments, scopes, content types, rate-limit tier), and "Handling user
interaction" (trigger_id and response_url lifetimes). slack_sdk's own models are run too, but they
drop unknown fields and let duplicate ids through, so the rules below are checked on top of them.

Every check returns ``Violation``s; nothing here raises.
"""

import json
import re
from dataclasses import dataclass

from slack_sdk.errors import SlackObjectFormationError
from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

from tests.slack_render import render

MESSAGE_BLOCKS_MAX = 50
VIEW_BLOCKS_MAX = 100
MESSAGE_TEXT_MAX = 40_000  # chat.postMessage: longer is msg_too_long
TRIGGER_LIFETIME = 3.0  # seconds: a trigger_id expires three seconds after the request that carried it
RESPONSE_URL_USES = 5  # a response_url can be used five times…
RESPONSE_URL_LIFETIME = 30 * 60  # …within thirty minutes
ACK_DEADLINE = 3.0  # Slack shows the person an error if the request is not answered within three seconds
# App manifest (Slack's JSON schema, app-manifests.v1.features.shortcuts): a shortcut's name is 1-24
# characters, its description 1-150; Slack shows both as written, in one language for everyone.
SHORTCUT_NAME_MAX = 24
SHORTCUT_DESCRIPTION_MAX = 150


@dataclass(frozen=True)
class Violation:
    rule: str  # a short name: "duplicate_action_id", "text_too_long", "missing_scope"…
    pointer: str  # JSON pointer into the payload, "" when it is about the call as a whole
    message: str

    def __str__(self) -> str:
        where = f" [json-pointer:{self.pointer}]" if self.pointer else ""
        return f"{self.rule}: {self.message}{where}"


# -- Block Kit ------------------------------------------------------------------------------------

_TEXT_KEYS = {"plain_text": {"type", "text", "emoji"}, "mrkdwn": {"type", "text", "verbatim"}}
# What may follow "<" in mrkdwn: a user, channel, special mention, date or link; and after "&", an entity.
_SEQUENCE = re.compile(r"<(@[UW][A-Z0-9]+|#[CG][A-Z0-9]+(\|[^<>]*)?|!(date\^[^<>]*|[a-z^A-Z0-9]+(\|[^<>]*)?)"
                       r"|(https?://|mailto:)[^<>|\s]+(\|[^<>]*)?)>")
_ENTITY = re.compile(r"&(amp|lt|gt);")


class _Walk:
    """Walks one surface (a message's blocks, a modal, a Home tab), collecting violations."""

    def __init__(self, surface: str):
        self.surface = surface  # "message", "modal" or "home"
        self.violations: list[Violation] = []
        self.block_ids: dict[str, str] = {}

    def bad(self, rule: str, pointer: str, message: str) -> None:
        self.violations.append(Violation(rule, pointer, message))

    # -- generic checks
    def keys(self, obj: dict, allowed: set[str], pointer: str, what: str) -> None:
        for key in obj:
            if key not in allowed:
                self.bad("unknown_field", f"{pointer}/{key}", f"{what} has no field '{key}'")

    def required(self, obj: dict, names: tuple[str, ...], pointer: str, what: str) -> bool:
        missing = [n for n in names if obj.get(n) in (None, "", [])]
        for name in missing:
            self.bad("missing_field", f"{pointer}/{name}", f"{what} needs '{name}'")
        return not missing

    def string(self, value, pointer: str, *, limit: int, what: str, minimum: int = 0) -> None:
        if not isinstance(value, str):
            self.bad("not_a_string", pointer, f"{what} must be a string")
        elif len(value) > limit:
            self.bad("too_long", pointer, f"{what} is {len(value)} characters; the limit is {limit}")
        elif len(value) < minimum:
            self.bad("too_short", pointer, f"{what} must have at least {minimum} character(s)")

    def text(self, obj, pointer: str, *, limit: int, what: str, plain_only: bool = False) -> None:
        """A text composition object."""
        if not isinstance(obj, dict):
            self.bad("not_an_object", pointer, f"{what} must be a text object")
            return
        kind = obj.get("type")
        if kind not in _TEXT_KEYS:
            self.bad("bad_text_type", f"{pointer}/type", f"{what} must be plain_text or mrkdwn, not {kind!r}")
            return
        if plain_only and kind != "plain_text":
            self.bad("plain_text_only", f"{pointer}/type", f"{what} must be plain_text")
        self.keys(obj, _TEXT_KEYS[kind], pointer, f"{what} ({kind})")
        self.string(obj.get("text"), f"{pointer}/text", limit=limit, what=what, minimum=1)
        if kind == "mrkdwn" and isinstance(obj.get("text"), str):
            self.mrkdwn(obj["text"], f"{pointer}/text", verbatim=obj.get("verbatim") is True)

    def mrkdwn(self, text: str, pointer: str, *, verbatim: bool = False) -> None:
        """Slack reads "<…>" and "&…;" as control sequences: a cut one shows as garbage, and a
        broadcast notifies a whole channel — written as a sequence, or, unless the text is verbatim,
        as a bare @here, @channel or @everyone, which Slack parses into one (tests/slack_render.py).
        (Our rule, not Slack's refusal: a person would see it.)"""
        if render(text, verbatim=verbatim).broadcasts:
            self.bad("broadcast", pointer, "mrkdwn text carries a broadcast mention (<!channel>, <!here>, a bare "
                                           "@here…)")
        position = 0
        while True:
            lt, amp = text.find("<", position), text.find("&", position)
            if lt < 0 and amp < 0:
                return
            if amp >= 0 and (lt < 0 or amp < lt):
                if not _ENTITY.match(text, amp):
                    self.bad("broken_entity", pointer,
                             f"a bare '&' at {amp} (escape it as &amp;): {text[amp:amp + 12]!r}")
                    return
                position = amp + 1
                continue
            match = _SEQUENCE.match(text, lt)
            if not match:
                self.bad("broken_sequence", pointer, f"a '<' at {lt} that opens no link or mention: "
                                                     f"{text[lt:lt + 24]!r}")
                return
            position = match.end()

    def block_id(self, block: dict, pointer: str) -> None:
        if "block_id" not in block:
            return
        value = block["block_id"]
        self.string(value, f"{pointer}/block_id", limit=255, what="block_id", minimum=1)
        if isinstance(value, str):
            if value in self.block_ids:
                self.bad("duplicate_block_id", f"{pointer}/block_id",
                         f"block_id '{value}' already exists at {self.block_ids[value]}")
            self.block_ids[value] = pointer

    def confirm(self, obj, pointer: str) -> None:
        if not isinstance(obj, dict):
            self.bad("not_an_object", pointer, "confirm must be an object")
            return
        self.keys(obj, {"title", "text", "confirm", "deny", "style"}, pointer, "confirm dialog")
        self.required(obj, ("title", "text", "confirm", "deny"), pointer, "confirm dialog")
        if "title" in obj:
            self.text(obj["title"], f"{pointer}/title", limit=100, what="confirm title", plain_only=True)
        if "text" in obj:
            self.text(obj["text"], f"{pointer}/text", limit=300, what="confirm text")
        for name in ("confirm", "deny"):
            if name in obj:
                self.text(obj[name], f"{pointer}/{name}", limit=30, what=f"confirm {name}", plain_only=True)
        if obj.get("style") not in (None, "primary", "danger"):
            self.bad("bad_value", f"{pointer}/style", "style must be primary or danger")

    def option(self, obj, pointer: str, *, plain_only: bool, overflow: bool = False) -> None:
        if not isinstance(obj, dict):
            self.bad("not_an_object", pointer, "an option must be an object")
            return
        self.keys(obj, {"text", "value", "description"} | ({"url"} if overflow else set()), pointer, "option")
        if self.required(obj, ("text", "value"), pointer, "option"):
            self.text(obj["text"], f"{pointer}/text", limit=75, what="option text", plain_only=plain_only)
            self.string(obj["value"], f"{pointer}/value", limit=150, what="option value", minimum=1)
        if "description" in obj:
            self.text(obj["description"], f"{pointer}/description", limit=75, what="option description",
                      plain_only=plain_only)
        if "url" in obj:
            self.string(obj["url"], f"{pointer}/url", limit=3000, what="option url")

    def options(self, element: dict, pointer: str, *, limit: int, plain_only: bool, minimum: int = 1,
                overflow: bool = False) -> list:
        options = element.get("options")
        if not isinstance(options, list) or not minimum <= len(options) <= limit:
            self.bad("bad_options", f"{pointer}/options", f"between {minimum} and {limit} options are needed, "
                                                          f"got {len(options) if isinstance(options, list) else 0}")
            return []
        for i, option in enumerate(options):
            self.option(option, f"{pointer}/options/{i}", plain_only=plain_only, overflow=overflow)
        values = [o.get("value") for o in options if isinstance(o, dict)]
        if len(values) != len(set(values)):
            self.bad("duplicate_option_value", f"{pointer}/options", "two options share a value")
        return options

    def placeholder(self, element: dict, pointer: str) -> None:
        if "placeholder" in element:
            self.text(element["placeholder"], f"{pointer}/placeholder", limit=150, what="placeholder",
                      plain_only=True)

    # -- elements
    def element(self, element, pointer: str, *, allowed: set[str], action_ids: dict[str, str]) -> None:
        if not isinstance(element, dict):
            self.bad("not_an_object", pointer, "an element must be an object")
            return
        kind = element.get("type")
        if kind not in allowed:
            self.bad("element_not_allowed", f"{pointer}/type", f"a {kind!r} element is not allowed here")
            return
        if kind == "image":
            self.keys(element, {"type", "image_url", "alt_text", "slack_file"}, pointer, "image element")
            self.required(element, ("alt_text",), pointer, "image element")
            return
        action_id = element.get("action_id")
        if action_id is not None:
            self.string(action_id, f"{pointer}/action_id", limit=255, what="action_id", minimum=1)
            if isinstance(action_id, str):
                if action_id in action_ids:
                    self.bad("duplicate_action_id", f"{pointer}/action_id",
                             f"action_id '{action_id}' already exists in this block at {action_ids[action_id]}")
                action_ids[action_id] = pointer
        if "confirm" in element:
            self.confirm(element["confirm"], f"{pointer}/confirm")
        common = {"type", "action_id", "confirm", "focus_on_load"}
        if kind == "button":
            self.keys(element, {"type", "text", "action_id", "url", "value", "style", "confirm",
                                "accessibility_label"}, pointer, "button")
            if self.required(element, ("text",), pointer, "button"):
                self.text(element["text"], f"{pointer}/text", limit=75, what="button text", plain_only=True)
            if "value" in element:
                self.string(element["value"], f"{pointer}/value", limit=2000, what="button value")
            if "url" in element:
                self.string(element["url"], f"{pointer}/url", limit=3000, what="button url", minimum=1)
            if element.get("style") not in (None, "primary", "danger"):
                self.bad("bad_value", f"{pointer}/style", "style must be primary or danger")
            if "accessibility_label" in element:
                self.string(element["accessibility_label"], f"{pointer}/accessibility_label", limit=75,
                            what="accessibility_label")
        elif kind in ("checkboxes", "radio_buttons"):
            initial = "initial_options" if kind == "checkboxes" else "initial_option"
            self.keys(element, common | {"options", initial}, pointer, kind)
            options = self.options(element, pointer, limit=10, plain_only=False)
            chosen = element.get(initial)
            chosen = chosen if isinstance(chosen, list) else ([chosen] if chosen is not None else [])
            for i, option in enumerate(chosen):
                if option not in options:
                    self.bad("initial_option_not_in_options", f"{pointer}/{initial}/{i}",
                             "an initial option must be exactly one of the options")
        elif kind in ("static_select", "multi_static_select"):
            initial = "initial_options" if kind.startswith("multi") else "initial_option"
            self.keys(element, common | {"options", "option_groups", initial, "placeholder",
                                         "max_selected_items"}, pointer, kind)
            self.placeholder(element, pointer)
            options = self.options(element, pointer, limit=100, plain_only=True) if "option_groups" not in element \
                else []
            chosen = element.get(initial)
            chosen = chosen if isinstance(chosen, list) else ([chosen] if chosen is not None else [])
            for i, option in enumerate(chosen):
                if options and option not in options:
                    self.bad("initial_option_not_in_options", f"{pointer}/{initial}/{i}",
                             "an initial option must be exactly one of the options")
        elif kind == "users_select":
            self.keys(element, common | {"initial_user", "placeholder"}, pointer, kind)
            self.placeholder(element, pointer)
            if "initial_user" in element and not isinstance(element["initial_user"], str):
                self.bad("bad_value", f"{pointer}/initial_user", "initial_user is one user ID")
        elif kind == "multi_users_select":
            # docs.slack.dev, multi-select menu of users: initial_users is an array of user IDs,
            # max_selected_items a number, at least 1.
            self.keys(element, common | {"initial_users", "placeholder", "max_selected_items"}, pointer, kind)
            self.placeholder(element, pointer)
            users = element.get("initial_users", [])
            if not isinstance(users, list) or not all(isinstance(u, str) and u for u in users):
                self.bad("bad_value", f"{pointer}/initial_users", "initial_users is an array of user IDs")
            most = element.get("max_selected_items", 1)
            if not isinstance(most, int) or isinstance(most, bool) or most < 1:
                self.bad("bad_value", f"{pointer}/max_selected_items", "max_selected_items is a number, at least 1")
            elif isinstance(users, list) and "max_selected_items" in element and len(users) > most:
                self.bad("bad_value", f"{pointer}/initial_users", "more initial users than max_selected_items")
        elif kind in ("conversations_select", "channels_select", "multi_conversations_select",
                      "multi_channels_select", "external_select", "multi_external_select"):
            self.keys(element, common | {"initial_conversation", "initial_conversations", "initial_channel",
                                         "initial_channels", "placeholder", "filter", "response_url_enabled",
                                         "default_to_current_conversation", "min_query_length",
                                         "initial_option", "initial_options", "max_selected_items"}, pointer, kind)
            self.placeholder(element, pointer)
        elif kind == "overflow":
            self.keys(element, {"type", "action_id", "options", "confirm"}, pointer, "overflow")
            self.options(element, pointer, limit=5, minimum=2, plain_only=True, overflow=True)
        elif kind == "datepicker":
            self.keys(element, common | {"initial_date", "placeholder"}, pointer, "datepicker")
            self.placeholder(element, pointer)
            if "initial_date" in element and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(element["initial_date"])):
                self.bad("bad_value", f"{pointer}/initial_date", "initial_date must read YYYY-MM-DD")
        elif kind == "timepicker":
            self.keys(element, common | {"initial_time", "placeholder", "timezone"}, pointer, "timepicker")
            self.placeholder(element, pointer)
            if "initial_time" in element and not re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", str(element["initial_time"])):
                self.bad("bad_value", f"{pointer}/initial_time", "initial_time must read HH:mm (24 hours)")
        elif kind in ("plain_text_input", "url_text_input", "email_text_input", "number_input"):
            extra = {"initial_value", "placeholder", "dispatch_action_config"}
            if kind == "plain_text_input":
                extra |= {"multiline", "min_length", "max_length"}
            if kind == "number_input":
                extra |= {"is_decimal_allowed", "min_value", "max_value"}
            self.keys(element, common | extra, pointer, kind)
            self.placeholder(element, pointer)
            maximum = element.get("max_length", 3000)
            if not isinstance(maximum, int) or not 1 <= maximum <= 3000:
                self.bad("bad_value", f"{pointer}/max_length", "max_length must be between 1 and 3000")
                maximum = 3000
            minimum = element.get("min_length", 0)
            if not isinstance(minimum, int) or not 0 <= minimum <= 3000 or minimum > maximum:
                self.bad("bad_value", f"{pointer}/min_length", "min_length must be between 0 and max_length")
            if "initial_value" in element:
                self.string(element["initial_value"], f"{pointer}/initial_value", limit=maximum, what="initial_value")
        else:
            self.bad("element_not_allowed", f"{pointer}/type", f"cop-bot's fake does not know {kind!r} elements")

    # -- blocks
    def block(self, block, pointer: str) -> None:
        if not isinstance(block, dict):
            self.bad("not_an_object", pointer, "a block must be an object")
            return
        kind = block.get("type")
        self.block_id(block, pointer)
        if kind == "section":
            self.keys(block, {"type", "block_id", "text", "fields", "accessory", "expand"}, pointer, "section")
            if "text" not in block and "fields" not in block:
                self.bad("missing_field", pointer, "a section needs text or fields")
            if "text" in block:
                self.text(block["text"], f"{pointer}/text", limit=3000, what="section text")
            if "fields" in block:
                fields = block["fields"]
                if not isinstance(fields, list) or not 1 <= len(fields) <= 10:
                    self.bad("bad_fields", f"{pointer}/fields", "a section has 1 to 10 fields")
                else:
                    for i, field in enumerate(fields):
                        self.text(field, f"{pointer}/fields/{i}", limit=2000, what="section field")
            if "accessory" in block:
                self.element(block["accessory"], f"{pointer}/accessory", action_ids={}, allowed={
                    "button", "checkboxes", "datepicker", "image", "multi_static_select", "multi_users_select",
                    "overflow", "radio_buttons", "static_select", "users_select", "timepicker",
                    "conversations_select", "channels_select", "external_select"})
        elif kind == "header":
            self.keys(block, {"type", "block_id", "text"}, pointer, "header")
            if self.required(block, ("text",), pointer, "header"):
                self.text(block["text"], f"{pointer}/text", limit=150, what="header text", plain_only=True)
        elif kind == "divider":
            self.keys(block, {"type", "block_id"}, pointer, "divider")
        elif kind == "context":
            self.keys(block, {"type", "block_id", "elements"}, pointer, "context")
            elements = block.get("elements")
            if not isinstance(elements, list) or not 1 <= len(elements) <= 10:
                self.bad("bad_elements", f"{pointer}/elements", "a context block has 1 to 10 elements")
                return
            for i, element in enumerate(elements):
                where = f"{pointer}/elements/{i}"
                if isinstance(element, dict) and element.get("type") == "image":
                    self.element(element, where, allowed={"image"}, action_ids={})
                else:
                    self.text(element, where, limit=3000, what="context text")
        elif kind == "actions":
            self.keys(block, {"type", "block_id", "elements"}, pointer, "actions")
            elements = block.get("elements")
            if not isinstance(elements, list) or not 1 <= len(elements) <= 25:
                self.bad("bad_elements", f"{pointer}/elements", "an actions block has 1 to 25 elements")
                return
            action_ids: dict[str, str] = {}
            for i, element in enumerate(elements):
                self.element(element, f"{pointer}/elements/{i}", action_ids=action_ids, allowed={
                    "button", "checkboxes", "datepicker", "multi_static_select", "multi_users_select", "overflow",
                    "radio_buttons", "static_select", "users_select", "timepicker", "conversations_select",
                    "channels_select", "external_select"})
        elif kind == "input":
            self.keys(block, {"type", "block_id", "label", "element", "dispatch_action", "hint", "optional"},
                      pointer, "input")
            if self.required(block, ("label", "element"), pointer, "input"):
                self.text(block["label"], f"{pointer}/label", limit=2000, what="input label", plain_only=True)
                self.element(block["element"], f"{pointer}/element", action_ids={}, allowed={
                    "checkboxes", "datepicker", "email_text_input", "multi_static_select", "multi_users_select",
                    "number_input", "plain_text_input", "radio_buttons", "static_select", "timepicker",
                    "url_text_input", "users_select", "conversations_select", "channels_select"})
            if "hint" in block:
                self.text(block["hint"], f"{pointer}/hint", limit=2000, what="input hint", plain_only=True)
        elif kind == "image":
            self.keys(block, {"type", "block_id", "image_url", "slack_file", "alt_text", "title"}, pointer, "image")
            self.required(block, ("alt_text",), pointer, "image")
        else:
            self.bad("unknown_block_type", f"{pointer}/type", f"{kind!r} is not a block type cop-bot's fake knows")
            return
        # What slack_sdk itself checks (lengths, enumerations), on top of the rules above.
        try:
            parsed = Block.parse(block)
            if parsed is None:
                self.bad("unknown_block_type", f"{pointer}/type", f"slack_sdk does not know {kind!r} blocks")
            else:
                parsed.to_dict()
        except (SlackObjectFormationError, TypeError, KeyError, AttributeError, ValueError) as e:
            self.bad("slack_sdk", pointer, f"slack_sdk refuses it: {e}")

    def blocks(self, blocks, pointer: str, *, limit: int) -> None:
        if not isinstance(blocks, list):
            self.bad("not_a_list", pointer, "blocks must be a list")
            return
        if len(blocks) > limit:
            self.bad("too_many_blocks", pointer, f"{len(blocks)} blocks; the limit is {limit} here")
        for i, block in enumerate(blocks):
            self.block(block, f"{pointer}/{i}")
        if self.surface == "message" and any(isinstance(b, dict) and b.get("type") == "input" for b in blocks):
            self.bad("input_in_message", pointer, "input blocks belong in modals")


def check_message_blocks(blocks) -> list[Violation]:
    """``blocks`` of a message (chat.postMessage, chat.update, a response_url post, an ack)."""
    walk = _Walk("message")
    walk.blocks(blocks, "/blocks", limit=MESSAGE_BLOCKS_MAX)
    return walk.violations


def check_message_text(text, pointer: str = "/text") -> list[Violation]:
    """The top-level ``text``: the notification and screen-reader fallback, and mrkdwn itself."""
    walk = _Walk("message")
    if not isinstance(text, str):
        walk.bad("not_a_string", pointer, "text must be a string")
    else:
        if len(text) > MESSAGE_TEXT_MAX:
            walk.bad("msg_too_long", pointer, f"text is {len(text)} characters; Slack refuses over {MESSAGE_TEXT_MAX}")
        walk.mrkdwn(text, pointer)
    return walk.violations


def check_view(view) -> list[Violation]:
    """A modal (views.open, views.push, views.update, a response_action) or a Home tab (views.publish)."""
    walk = _Walk("modal")
    if isinstance(view, str):
        try:
            view = json.loads(view)
        except ValueError:
            walk.bad("invalid_json", "/view", "view is not JSON")
            return walk.violations
    if not isinstance(view, dict):
        walk.bad("not_an_object", "/view", "view must be an object")
        return walk.violations
    kind = view.get("type")
    if kind == "modal":
        walk.keys(view, {"type", "title", "blocks", "close", "submit", "private_metadata", "callback_id",
                         "clear_on_close", "notify_on_close", "external_id", "submit_disabled"}, "/view", "modal")
        if walk.required(view, ("title",), "/view", "modal"):
            walk.text(view["title"], "/view/title", limit=24, what="modal title", plain_only=True)
        for name in ("close", "submit"):
            if name in view:
                walk.text(view[name], f"/view/{name}", limit=24, what=f"modal {name}", plain_only=True)
        has_input = any(isinstance(b, dict) and b.get("type") == "input" for b in view.get("blocks") or [])
        if has_input and "submit" not in view:
            walk.bad("missing_field", "/view/submit", "a modal with input blocks needs a submit button")
    elif kind == "home":
        walk.surface = "home"
        walk.keys(view, {"type", "blocks", "private_metadata", "callback_id", "external_id"}, "/view", "home")
    else:
        walk.bad("bad_view_type", "/view/type", f"view type must be modal or home, not {kind!r}")
        return walk.violations
    walk.blocks(view.get("blocks"), "/view/blocks", limit=VIEW_BLOCKS_MAX)
    if "private_metadata" in view:
        walk.string(view["private_metadata"], "/view/private_metadata", limit=3000, what="private_metadata")
    if "callback_id" in view:
        walk.string(view["callback_id"], "/view/callback_id", limit=255, what="callback_id")
    try:
        View(**view).to_dict()
    except (SlackObjectFormationError, TypeError, KeyError, AttributeError, ValueError) as e:
        walk.bad("slack_sdk", "/view", f"slack_sdk refuses it: {e}")
    return walk.violations


def check_message(args: dict, *, need_fallback: bool = True) -> list[Violation]:
    """A whole message payload: blocks, text, and a text fallback whenever blocks are sent."""
    found: list[Violation] = []
    blocks = args.get("blocks")
    if isinstance(blocks, str):
        try:
            blocks = json.loads(blocks)
        except ValueError:
            return [Violation("invalid_json", "/blocks", "blocks is not JSON")]
    if blocks is not None:
        found += check_message_blocks(blocks)
        if need_fallback and not (isinstance(args.get("text"), str) and args["text"].strip()):
            found.append(Violation("missing_text_fallback", "/text",
                                   "blocks were sent without a top-level text: notifications and screen readers "
                                   "show nothing"))
    if "text" in args:
        found += check_message_text(args["text"])
    if "metadata" in args:
        found += check_metadata(args["metadata"])
    return found


_EVENT_TYPE = re.compile(r"^[A-Za-z0-9_]{1,255}$")


def check_metadata(metadata) -> list[Violation]:
    """Message metadata (docs.slack.dev/messaging/message-metadata): an ``event_type`` (a short
    alphanumeric name) and an ``event_payload`` object whose values are strings, numbers, booleans
    or flat objects (or lists of them)."""
    if isinstance(metadata, str):
        try:
            metadata = json.loads(metadata)
        except ValueError:
            return [Violation("invalid_json", "/metadata", "metadata is not JSON")]
    if not isinstance(metadata, dict) or set(metadata) != {"event_type", "event_payload"}:
        return [Violation("invalid_metadata", "/metadata", "metadata takes exactly event_type and event_payload")]
    found = []
    if not isinstance(metadata["event_type"], str) or not _EVENT_TYPE.match(metadata["event_type"]):
        found.append(Violation("invalid_metadata", "/metadata/event_type", "event_type is a short alphanumeric name"))
    payload = metadata["event_payload"]
    scalar = (str, int, float, bool)

    def flat(value) -> bool:
        return isinstance(value, dict) and all(isinstance(v, scalar) for v in value.values())

    if not isinstance(payload, dict) or not all(
            isinstance(v, scalar) or flat(v) or (isinstance(v, list) and all(flat(x) for x in v))
            for v in payload.values()):
        found.append(Violation("invalid_metadata", "/metadata/event_payload",
                               "event_payload is an object of strings, numbers, booleans or flat objects"))
    return found


# -- the Web API ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Method:
    required: tuple[str, ...]
    optional: tuple[str, ...]
    scopes: dict[str, tuple[str, ...]]  # conversation kind ("any", "public", "private", "im") → any of these
    tier: int | str  # 1-4, or "post" (chat.postMessage: about one a second per channel)
    json: bool  # accepts an application/json body (read methods do not)
    one_of: tuple[str, ...] = ()  # at least one of these is required


_MESSAGE = ("as_user", "attachments", "blocks", "icon_emoji", "icon_url", "link_names", "markdown_text", "metadata",
            "mrkdwn", "parse", "text", "thread_ts", "username")
_CHAT_WRITE = {"any": ("chat:write",)}
_HISTORY = {"public": ("channels:history",), "private": ("groups:history",), "im": ("im:history",),
            "mpim": ("mpim:history",)}
_READ = {"public": ("channels:read",), "private": ("groups:read",), "im": ("im:read",), "mpim": ("mpim:read",)}

METHODS: dict[str, Method] = {
    "auth.test": Method((), (), {}, "special", False),
    "chat.postMessage": Method(("channel",), _MESSAGE + ("reply_broadcast", "unfurl_links", "unfurl_media",
                                                         "current_draft_last_updated_ts"),
                               _CHAT_WRITE, "post", True, one_of=("text", "blocks", "attachments", "markdown_text")),
    "chat.postEphemeral": Method(("channel", "user"), _MESSAGE, _CHAT_WRITE, 4, True,
                                 one_of=("text", "blocks", "attachments", "markdown_text")),
    "chat.update": Method(("channel", "ts"), ("as_user", "attachments", "unfurled_attachments", "blocks",
                                              "markdown_text", "metadata", "link_names", "parse", "text",
                                              "reply_broadcast", "file_ids"),
                          _CHAT_WRITE, 3, True, one_of=("text", "blocks", "attachments", "markdown_text")),
    "chat.delete": Method(("channel", "ts"), ("as_user",), _CHAT_WRITE, 3, True),
    "chat.getPermalink": Method(("channel", "message_ts"), (), {}, "special", False),
    "conversations.join": Method(("channel",), (), {"any": ("channels:join",)}, 3, True),
    "conversations.members": Method(("channel",), ("cursor", "limit"), _READ, 4, False),
    "conversations.info": Method(("channel",), ("include_locale", "include_num_members"), _READ, 3, False),
    "conversations.replies": Method(("channel", "ts"), ("cursor", "include_all_metadata", "inclusive", "latest",
                                                        "limit", "oldest"), _HISTORY, 3, False),
    "conversations.history": Method(("channel",), ("cursor", "include_all_metadata", "inclusive", "latest",
                                                   "limit", "oldest"), _HISTORY, 3, False),
    "conversations.open": Method((), ("channel", "return_im", "users", "prevent_creation"),
                                 {"any": ("im:write",)}, 3, True, one_of=("channel", "users")),
    "users.info": Method(("user",), ("include_locale",), {"any": ("users:read",)}, 4, False),
    "views.open": Method(("view",), ("trigger_id", "interactivity_pointer"), {}, 4, True,
                         one_of=("trigger_id", "interactivity_pointer")),
    "views.push": Method(("view",), ("trigger_id", "interactivity_pointer"), {}, 4, True,
                         one_of=("trigger_id", "interactivity_pointer")),
    "views.update": Method(("view",), ("view_id", "external_id", "hash"), {}, 4, True,
                           one_of=("view_id", "external_id")),
    "views.publish": Method(("user_id", "view"), ("hash", "interactivity_pointer"), {}, 4, True),
    "files.getUploadURLExternal": Method(("filename", "length"), ("snippet_type", "alt_txt", "alt_text"),
                                         {"any": ("files:write",)}, 4, False),
    "files.completeUploadExternal": Method(("files",), ("channel_id", "thread_ts", "channels", "initial_comment",
                                                        "blocks", "username", "icon_url", "icon_emoji"),
                                           {"any": ("files:write",)}, 4, False),
    "apps.connections.open": Method((), (), {}, 1, False),
    # No token: the app's client_id and client_secret (HTTP Basic or arguments); form-encoded only.
    "oauth.v2.access": Method((), ("client_id", "client_secret", "code", "redirect_uri", "grant_type",
                                   "refresh_token"), {}, "special", False, one_of=("code", "refresh_token")),
}

# Requests per minute a workspace may make to a method of each tier (docs.slack.dev rate limits).
TIER_PER_MINUTE = {1: 1, 2: 20, 3: 50, 4: 100, "special": 600}

# Which scope each event needs (Events API reference), so the manifest can be checked against what is handled.
EVENT_SCOPES = {
    "message.channels": ("channels:history",), "message.groups": ("groups:history",),
    "message.im": ("im:history",), "reaction_added": ("reactions:read",), "reaction_removed": ("reactions:read",),
    "member_joined_channel": ("channels:read", "groups:read"), "app_home_opened": (),
    "member_left_channel": ("channels:read", "groups:read"),
    "app_uninstalled": (), "tokens_revoked": (), "user_change": ("users:read",),
}

# Fields a response_url accepts (Handling user interaction: "Message responses").
RESPONSE_URL_FIELDS = {"text", "blocks", "attachments", "response_type", "replace_original", "delete_original",
                       "thread_ts", "mrkdwn", "unfurl_links", "unfurl_media", "metadata"}


# The fake names the group DMs (multi-person direct messages, "mpim") it opens with this prefix, so that
# their kind is known from their id, as Slack knows it.
MPIM_PREFIX = "GM"
# conversations.open: "Provide 1 to 8 user IDs in the users parameter … Providing only 1 ID will create a
# direct message. Providing more than 1 will create a multi-person direct message (mpim)" — which needs
# mpim:write where a DM needs im:write. "Don't include the ID of the user you're calling
# conversations.open on behalf of – we do that for you." A channel (to resume an im or mpim) or users,
# not both ("Supply a channel when not supplying users").
OPEN_USERS_MAX = 8


def conversation_kind(channel: str, private: set[str]) -> str:
    if channel.startswith(MPIM_PREFIX):
        return "mpim"
    if channel.startswith("D") or channel.startswith(("U", "W")):
        return "im"
    return "private" if channel.startswith("G") or channel in private else "public"


def check_arguments(method: str, args: dict) -> list[Violation]:
    spec = METHODS.get(method)
    if spec is None:
        return [Violation("unknown_method", "", f"cop-bot's fake does not know the method {method}")]
    found = []
    allowed = set(spec.required) | set(spec.optional) | {"token"}
    for name in args:
        if name not in allowed:
            found.append(Violation("unknown_argument", f"/{name}", f"{method} takes no argument '{name}'"))
    for name in spec.required:
        if args.get(name) in (None, ""):
            found.append(Violation("missing_argument", f"/{name}", f"{method} needs '{name}'"))
    if spec.one_of and not any(args.get(name) not in (None, "", []) for name in spec.one_of):
        found.append(Violation("missing_argument", "", f"{method} needs one of {', '.join(spec.one_of)}"))
    return found


def open_users(args: dict) -> list[str]:
    """conversations.open's ``users``, a comma-separated list of user ids."""
    return [u for u in str(args.get("users") or "").split(",") if u]


def check_open(args: dict, bot_user: str) -> list[Violation]:
    """What conversations.open refuses: ``users`` and ``channel`` together, more than 8 users, something
    that is not a user id, the caller's own id."""
    found = []
    users = open_users(args)
    if args.get("channel") and args.get("users"):
        found.append(Violation("channel_and_users", "/users", "conversations.open takes a channel (to resume an im "
                                                              "or mpim) or users, not both"))
    if len(users) > OPEN_USERS_MAX:
        found.append(Violation("too_many_users", "/users", f"{len(users)} users; conversations.open takes 1 to "
                                                           f"{OPEN_USERS_MAX}"))
    for user in users:
        if not user.startswith(("U", "W")) or not user.isalnum():
            found.append(Violation("invalid_users", "/users", f"{user!r} is not a user id (comma-separated ids, "
                                                              "no spaces)"))
    if bot_user in users:
        found.append(Violation("own_id", "/users", "the bot's own id: Slack adds the caller itself"))
    return found


def scope_needed(method: str, args: dict, private: set[str]) -> tuple[str, ...]:
    """The scopes of which the token needs one for this call; empty when none is needed."""
    if method == "conversations.open":  # a DM, or a group DM (mpim) when several people
        if args.get("users"):
            return ("mpim:write",) if len(open_users(args)) > 1 else ("im:write",)
        return ("mpim:write",) if conversation_kind(str(args.get("channel") or ""), private) == "mpim" \
            else ("im:write",)
    spec = METHODS.get(method)
    if spec is None or not spec.scopes:
        return ()
    if "any" in spec.scopes:
        return spec.scopes["any"]
    return spec.scopes.get(conversation_kind(str(args.get("channel") or ""), private), ())


# Files whose name promises a type Slack checks by its bytes (the preview a person opens).
MAGIC = {".pdf": b"%PDF-"}


def file_type_problem(filename: str, data: bytes) -> str | None:
    """Why an uploaded file is not what its name says (Slack shows it as a broken binary), or ``None``."""
    for extension, magic in MAGIC.items():
        if filename.lower().endswith(extension) and not data.startswith(magic):
            return f"{filename} does not start with {magic!r}: not a {extension[1:].upper()}"
    return None
