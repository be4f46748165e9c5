"""What a person did in Slack, as plain values: the only place that reads Slack's payload shapes.

A listener gets one of these, never Bolt's arguments, so a test can build one and call the
listener. ``receipt`` names the request for exactly-once (Slack's ``event_id`` or ``trigger_id``),
``received_at`` is when it reached the bot (forms must open within 3 seconds of it).
"""

import time
import uuid
from dataclasses import dataclass, field

from bot.text import first_word, from_slack, typed


def _receipt(team_id: str, slack_id: str | None) -> str:
    return f"{team_id}:{slack_id or uuid.uuid4().hex}"


@dataclass(frozen=True)
class Command:
    """``/cop <word> <text>``: ``text`` is the real text after the subcommand's word."""

    team_id: str
    channel_id: str
    user_id: str
    word: str = ""
    text: str = ""
    channel_name: str = ""
    response_url: str = ""
    trigger_id: str = ""
    bot_user_id: str | None = None
    receipt: str = field(default_factory=lambda: _receipt("", None))
    received_at: float = field(default_factory=time.time)


@dataclass(frozen=True)
class Click:
    """A button, a checkbox or a menu in a message or on the Home tab (``from_home``: no response_url)."""

    team_id: str
    user_id: str
    action_id: str
    value: str = ""
    block_id: str = ""
    selected: tuple[str, ...] = ()
    channel_id: str = ""
    message_ts: str = ""
    response_url: str = ""
    trigger_id: str = ""
    from_home: bool = False
    receipt: str = field(default_factory=lambda: _receipt("", None))
    received_at: float = field(default_factory=time.time)
    chosen: dict = field(default_factory=dict)  # each select of the view (action id → its value), as it now stands


@dataclass(frozen=True)
class Shortcut:
    """A message shortcut ("…" menu): the message it was used on."""

    team_id: str
    user_id: str
    channel_id: str
    callback_id: str
    message: dict
    response_url: str = ""
    trigger_id: str = ""
    receipt: str = field(default_factory=lambda: _receipt("", None))
    received_at: float = field(default_factory=time.time)


@dataclass(frozen=True)
class Submission:
    """A form submitted: its metadata and each input block's value, by block id."""

    team_id: str
    user_id: str
    callback_id: str
    metadata: str = ""
    values: dict = field(default_factory=dict)  # block id → the element's state as Slack sends it
    response_url: str = ""
    receipt: str = field(default_factory=lambda: _receipt("", None))
    received_at: float = field(default_factory=time.time)

    def text(self, block_id: str) -> str:
        """A text input's value, or a select's chosen value."""
        element = self.values.get(block_id) or {}
        return typed(element.get("value") or (element.get("selected_option") or {}).get("value") or "")

    def element(self, block_id: str) -> dict:
        return self.values.get(block_id) or {}


@dataclass(frozen=True)
class Event:
    """An Events API event, with the workspace of its envelope (not the event's own ``team``, which is
    the person's organisation in a Slack Connect channel)."""

    team_id: str
    event: dict
    bot_user_id: str | None = None
    receipt: str = field(default_factory=lambda: _receipt("", None))
    received_at: float = field(default_factory=time.time)
    enterprise_id: str | None = None  # the Enterprise Grid organisation, if any
    org_install: bool = False  # delivered for an org-wide installation


Request = Command | Click | Shortcut | Submission | Event


def command_from(body: dict, bot_user_id: str | None, received_at: float) -> Command:
    word, rest = first_word(body.get("text") or "")
    return Command(team_id=body["team_id"], channel_id=body["channel_id"], user_id=body["user_id"], word=word,
                   text=from_slack(rest), channel_name=body.get("channel_name") or "",
                   response_url=body.get("response_url") or "", trigger_id=body.get("trigger_id") or "",
                   bot_user_id=bot_user_id, receipt=_receipt(body["team_id"], body.get("trigger_id")),
                   received_at=received_at)


def _id_of(body: dict, name: str) -> str:
    """``body[name]["id"]`` (the team, the user, the channel of an interaction), "" when absent."""
    return (body.get(name) or {}).get("id") or ""


def _text_of(part: dict, name: str) -> str:
    return part.get(name) or ""


def _chosen(body: dict) -> dict[str, str]:
    """A view's block_actions carry its whole state: every select as it now stands (Slack sends each one)."""
    values = ((body.get("view") or {}).get("state") or {}).get("values") or {}
    return {action_id: (element.get("selected_option") or {}).get("value") or ""
            for elements in values.values() if isinstance(elements, dict)
            for action_id, element in elements.items() if isinstance(element, dict)}


def click_from(body: dict, bot_user_id: str | None, received_at: float) -> Click:
    action = (body.get("actions") or [{}])[0]
    team_id = _id_of(body, "team")
    container = body.get("container") or {}
    selected = tuple(o.get("value", "") for o in action.get("selected_options") or [])
    return Click(team_id=team_id, user_id=_id_of(body, "user"),
                 action_id=_text_of(action, "action_id"),
                 value=_text_of(action, "value") or _text_of(action.get("selected_option") or {}, "value"),
                 block_id=_text_of(action, "block_id"), selected=selected,
                 channel_id=_id_of(body, "channel") or _text_of(container, "channel_id"),
                 message_ts=_text_of(container, "message_ts") or _text_of(body.get("message") or {}, "ts"),
                 response_url=_text_of(body, "response_url"), trigger_id=_text_of(body, "trigger_id"),
                 from_home=container.get("type") == "view", receipt=_receipt(team_id, body.get("trigger_id")),
                 received_at=received_at, chosen=_chosen(body))


def shortcut_from(body: dict, bot_user_id: str | None, received_at: float) -> Shortcut:
    team_id = (body.get("team") or {}).get("id") or ""
    return Shortcut(team_id=team_id, user_id=(body.get("user") or {}).get("id") or "",
                    channel_id=(body.get("channel") or {}).get("id") or "", callback_id=body.get("callback_id") or "",
                    message=body.get("message") or {}, response_url=body.get("response_url") or "",
                    trigger_id=body.get("trigger_id") or "", receipt=_receipt(team_id, body.get("trigger_id")),
                    received_at=received_at)


def submission_from(body: dict, bot_user_id: str | None, received_at: float) -> Submission:
    team_id = (body.get("team") or {}).get("id") or ""
    view = body.get("view") or {}
    values = {block: next(iter(elements.values()), {}) for block, elements in
              ((view.get("state") or {}).get("values") or {}).items() if isinstance(elements, dict)}
    urls = body.get("response_urls") or []
    return Submission(team_id=team_id, user_id=(body.get("user") or {}).get("id") or "",
                      callback_id=view.get("callback_id") or "", metadata=view.get("private_metadata") or "",
                      values=values, response_url=urls[0].get("response_url", "") if urls else "",
                      receipt=_receipt(team_id, body.get("trigger_id") or view.get("id")), received_at=received_at)


def event_from(body: dict, bot_user_id: str | None, received_at: float) -> Event:
    # The installation the event is delivered for is its authorization's (in a shared channel the
    # envelope's team may be the channel's host, another organisation).
    authorization = (body.get("authorizations") or [{}])[0]
    team_id = authorization.get("team_id") or body.get("team_id") or ""
    return Event(team_id=team_id, event=body.get("event") or {}, bot_user_id=bot_user_id,
                 receipt=_receipt(team_id, body.get("event_id")), received_at=received_at,
                 enterprise_id=authorization.get("enterprise_id") or body.get("enterprise_id") or None,
                 org_install=bool(authorization.get("is_enterprise_install")))


# -- in the ack path: only what the ack needs ----------------------------------------------------
# Which request it is (its receipt), whose (its person: one at a time each), and — for a command —
# its word, to decide whether it opens a form (first in line). The whole request is read after the
# ack, by the work that acts on it: an ack costs what Bolt's own does, and little more.


@dataclass(frozen=True)
class Peek:
    receipt: str
    team_id: str
    person: str  # "" when none (an event about no one)
    command: Command | None = None  # a command's word and its text as Slack sent it (escaped)


def _id(value) -> str:
    return value if isinstance(value, str) else ""


def command_peek(body: dict) -> Peek:
    team_id, user_id = body["team_id"], body.get("user_id") or ""
    receipt = _receipt(team_id, body.get("trigger_id"))
    word, rest = first_word(body.get("text") or "")
    return Peek(receipt, team_id, user_id, Command(team_id=team_id, channel_id=body.get("channel_id") or "",
                                                    user_id=user_id, word=word, text=rest, receipt=receipt,
                                                    received_at=0.0))


def event_peek(body: dict) -> Peek:
    authorization = (body.get("authorizations") or [{}])[0]
    team_id = authorization.get("team_id") or body.get("team_id") or ""
    user = (body.get("event") or {}).get("user")
    return Peek(_receipt(team_id, body.get("event_id")), team_id,
                _id(user.get("id") if isinstance(user, dict) else user))


def interaction_peek(body: dict) -> Peek:
    """A click or a shortcut: the workspace of the message, the person."""
    team_id = (body.get("team") or {}).get("id") or ""
    return Peek(_receipt(team_id, body.get("trigger_id")), team_id, _id((body.get("user") or {}).get("id")))


def submission_peek(body: dict) -> Peek:
    team_id = (body.get("team") or {}).get("id") or ""
    return Peek(_receipt(team_id, body.get("trigger_id") or (body.get("view") or {}).get("id")), team_id,
                _id((body.get("user") or {}).get("id")))
