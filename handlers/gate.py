"""The door in front of Bolt: what is not a well-formed request signed by Slack gets a 4xx and one
short log line, and reaches nothing else — not the journal, not a listener.

Bolt answers a malformed body with a 500 (a JSON list, a form without its payload), logs an
unsigned body in full, and reads a form whatever its content type. Slack sends three kinds of
request, each in one shape:
- events: ``application/json``, an object with a ``type`` (``event_callback``, ``url_verification``,
  ``app_rate_limited``);
- slash commands: a form with ``command``; and, unsigned, ``ssl_check=1`` forms when Slack checks
  the certificate (answered 200 here, as Bolt's own SslCheck middleware would);
- interactivity: a form whose ``payload`` field is a JSON object with a ``type``.

Inside those, Slack's ids are strings, ``event`` and ``view`` are objects, ``actions`` is a list,
and nothing nests deeper than a message's rich text does. A body that breaks one of these was not
sent by Slack as Slack documents it: refused with a 400 before it is journaled, so that no
listener (and no replay after a restart) ever meets it.
"""

import io
import json
import logging
import threading
import time
from collections.abc import Callable
from urllib.parse import unquote_plus

from slack_sdk.signature import SignatureVerifier

from bot import metrics

logger = logging.getLogger("cop-bot.gate")

BODY_MAX = 1_000_000  # bytes: Slack's largest payloads (a modal's whole state) are a small fraction of it
DEPTH_MAX = 40  # Slack's deepest payloads (rich text in a message in a block_actions payload) nest ~12 levels
FORM = "application/x-www-form-urlencoded"
JSON = "application/json"
ADVICE_EVERY = 60.0  # seconds: the signing-secret advice is logged at most once a minute


_REFUSALS = {"400": "malformed", "413": "too_large", "415": "media_type"}


class Refused(Exception):
    def __init__(self, status: str, reason: str):
        super().__init__(reason)
        self.status, self.reason = status, reason


def _bad(reason: str) -> Refused:
    return Refused("400 Bad Request", reason)


def _fields(form: str) -> dict[str, str]:
    """A form's field names → their first value, still encoded: the gate only needs to know which
    fields are there (decoding every value, as ``parse_qs`` does, was half the gate's cost per ack;
    Bolt decodes the form once more anyway)."""
    fields: dict[str, str] = {}
    for pair in form.split("&"):
        name, _, value = pair.partition("=")
        if "%" in name or "+" in name:
            name = unquote_plus(name)
        fields.setdefault(name, value)
    return fields


def _too_deep(value: object) -> bool:
    """Nested deeper than ``DEPTH_MAX`` (without recursion: the check must not be what overflows)."""
    stack = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > DEPTH_MAX:
            return True
        if isinstance(node, dict):
            stack.extend((child, depth + 1) for child in node.values() if isinstance(child, dict | list))
        elif isinstance(node, list):
            stack.extend((child, depth + 1) for child in node if isinstance(child, dict | list))
    return False


def _json(text: str, what: str) -> object:
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):
        raise _bad(f"{what} does not parse as JSON") from None
    if isinstance(value, dict | list) and _too_deep(value):
        raise _bad(f"{what} nests deeper than Slack's payloads")
    return value


# -- what Slack's payloads hold, by field ---------------------------------------------------------

def _text(parent: dict, name: str, where: str, *, required: bool = False) -> None:
    """``parent[name]`` is a string (or absent/null unless ``required``)."""
    value = parent.get(name)
    if value is None and not required:
        return
    if not isinstance(value, str):
        raise _bad(f"{where}{name} is not a string")


def _object(parent: dict, name: str, where: str, *, required: bool = False) -> dict | None:
    """``parent[name]`` is an object (or absent unless ``required``). Slack never sends ``null`` for
    an object it sends at all."""
    if name not in parent and not required:
        return None
    value = parent.get(name)
    if not isinstance(value, dict):
        raise _bad(f"{where}{name} is not an object")
    return value


def _objects(parent: dict, name: str, where: str) -> list[dict]:
    """``parent[name]``, when present, is a list of objects."""
    if name not in parent:
        return []
    value = parent[name]
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise _bad(f"{where}{name} is not a list of objects")
    return value


def _entity(parent: dict, name: str, where: str) -> None:
    """``user``, ``channel``, ``team``: an id string or an object whose ``id`` is a string."""
    value = parent.get(name)
    if value is None or isinstance(value, str):
        return
    if not isinstance(value, dict):
        raise _bad(f"{where}{name} is neither an id nor an object")
    _text(value, "id", f"{where}{name}.")


_ENVELOPE_IDS = ("team_id", "api_app_id", "event_id", "enterprise_id", "context_team_id", "context_enterprise_id")
_EVENT_TEXTS = ("type", "subtype", "ts", "event_ts", "thread_ts", "reaction", "text", "tab", "bot_id",
                "channel_type", "inviter", "item_user")


def _check_event_envelope(envelope: dict) -> None:
    for name in _ENVELOPE_IDS:
        _text(envelope, name, "")
    if envelope["type"] == "url_verification":
        _text(envelope, "challenge", "", required=True)
    # An event is read (by Bolt, for its context) whatever the envelope says it is.
    event = _object(envelope, "event", "", required=envelope["type"] == "event_callback")
    if event is not None:
        _check_event(event)
    for authorization in _objects(envelope, "authorizations", ""):
        for name in ("team_id", "user_id", "enterprise_id"):
            _text(authorization, name, "authorizations[].")


def _check_event(event: dict) -> None:
    _text(event, "type", "event.", required=True)
    for name in _EVENT_TEXTS:
        _text(event, name, "event.")
    for name in ("user", "channel", "team"):
        _entity(event, name, "event.")
    for name in ("item", "message", "previous_message", "tokens", "view"):
        found = _object(event, name, "event.")
        if found is not None and name in ("item", "message", "previous_message"):
            for field in ("channel", "ts", "thread_ts", "user", "text", "type"):
                _text(found, field, f"event.{name}.")


def _check_interaction(payload: dict) -> None:
    for name in ("trigger_id", "callback_id", "response_url", "api_app_id", "message_ts", "action_ts"):
        _text(payload, name, "payload.")
    for name in ("team", "user", "channel", "enterprise"):
        value = payload.get(name)
        if value is not None and not isinstance(value, dict):
            raise _bad(f"payload.{name} is not an object")
        if isinstance(value, dict):
            _text(value, "id", f"payload.{name}.")
    for name in ("container", "message"):
        found = _object(payload, name, "payload.")
        if found is not None:
            for field in ("ts", "message_ts", "channel_id", "thread_ts", "user", "text", "type"):
                _text(found, field, f"payload.{name}.")
    _check_kind(payload)
    if "actions" in payload:
        for action in _objects(payload, "actions", "payload."):
            _check_action(action, clicked=payload["type"] == "block_actions")
    for url in _objects(payload, "response_urls", "payload."):
        _text(url, "response_url", "payload.response_urls[].")
    view = _object(payload, "view", "payload.")
    if view is not None:
        _check_view(view)


def _check_kind(payload: dict) -> None:
    """What each kind of interaction always carries."""
    kind = payload["type"]
    if kind == "block_actions" and not (isinstance(payload.get("actions"), list) and payload["actions"]):
        raise _bad("payload.actions is not a list of actions")  # Slack sends the action clicked, always
    if kind in ("view_submission", "view_closed") and "view" not in payload:
        raise _bad("payload.view is missing")
    if kind in ("message_action", "shortcut"):
        _text(payload, "callback_id", "payload.", required=True)
    if kind == "message_action":
        _object(payload, "message", "payload.", required=True)


def _check_action(action: dict, *, clicked: bool) -> None:
    _text(action, "action_id", "payload.actions[].", required=clicked)
    for name in ("action_id", "block_id", "value", "type", "selected_date", "selected_time",
                 "selected_user", "selected_channel", "selected_conversation"):
        _text(action, name, "payload.actions[].")
    for option in _objects(action, "selected_options", "payload.actions[]."):
        _text(option, "value", "payload.actions[].selected_options[].")
    if action.get("selected_option") is not None:
        option = _object(action, "selected_option", "payload.actions[].")
        _text(option or {}, "value", "payload.actions[].selected_option.")


def _check_view(view: dict) -> None:
    _text(view, "type", "payload.view.", required=True)  # Slack's views always say what they are
    for name in ("id", "callback_id", "private_metadata", "hash", "root_view_id", "team_id",
                 "app_installed_team_id", "app_id", "bot_id"):
        _text(view, name, "payload.view.")
    state = _object(view, "state", "payload.view.")
    if state is not None:
        values = _object(state, "values", "payload.view.state.")
        for block in (values or {}).values():
            if not isinstance(block, dict) or not all(isinstance(e, dict) for e in block.values()):
                raise _bad("payload.view.state.values is not blocks of elements")


_KINDS = {"event_callback": "event", "url_verification": "url_verification", "app_rate_limited": "app_rate_limited",
          "block_actions": "action", "view_submission": "view", "view_closed": "view", "message_action": "shortcut",
          "shortcut": "shortcut", "block_suggestion": "options"}


def _shape(content_type: str, text: str) -> str:
    """The request's kind (for the figures: ``event``, ``command``, ``action``…); raises ``Refused``
    unless the body is one of the shapes Slack sends, read as its content type."""
    media = content_type.split(";")[0].strip().lower()
    if media == JSON:
        envelope = _json(text, "JSON body")
        if not isinstance(envelope, dict) or not isinstance(envelope.get("type"), str):
            raise _bad("JSON body is not an event envelope")
        _check_event_envelope(envelope)
        return _KINDS.get(envelope["type"], "other")
    if media != FORM:
        raise Refused("415 Unsupported Media Type", f"content type {media[:40] or 'none'!r}")
    form = _fields(text)
    if "payload" in form:
        payload = _json(unquote_plus(form["payload"]), "interaction payload")
        if not isinstance(payload, dict) or not isinstance(payload.get("type"), str):
            raise _bad("interaction payload is not an object with a type")
        _check_interaction(payload)
        return _KINDS.get(payload["type"], "other")
    if not (form.get("command") and form.get("team_id") and form.get("user_id")):
        raise _bad("form is neither a slash command nor an interaction")
    return "command"


def check_body(content_type: str, body: str) -> str:
    """The gate's shape rules alone (for what was journaled before they existed): raises ``Refused``."""
    return _shape(content_type, body)


def _is_ssl_check(content_type: str, body: bytes) -> bool:
    """Slack's certificate check: ``ssl_check=1&token=…`` to a slash command's URL, unsigned."""
    if len(body) > 1000 or b"ssl_check=1" not in body or content_type.split(";")[0].strip().lower() != FORM:
        return False
    form = _fields(body.decode("ascii", "replace"))
    return form.get("ssl_check") == "1" and "command" not in form and "payload" not in form


class _Advice:
    """A line that would repeat with every request (a wrong signing secret refuses them all): logged
    at most once a minute, with how many requests it stood for."""

    def __init__(self, every: float = ADVICE_EVERY):
        self.every = every
        self._lock = threading.Lock()
        self._last = float("-inf")
        self._since = 0

    def due(self) -> int | None:
        """How many refusals this line speaks for, or ``None`` if it was said less than a minute ago."""
        with self._lock:
            self._since += 1
            now = time.monotonic()
            if now - self._last < self.every:
                return None
            self._last, count, self._since = now, self._since, 0
            return count


# What the gate leaves in the WSGI environ of a request it let through: its kind (``command``…) and body.
CHECKED_KIND, CHECKED_BODY = "cop.kind", "cop.body"


def _read_body(environ: dict) -> bytes:
    """The body, read only when its length is usable and no larger than Slack sends; raises ``Refused``."""
    raw_length = environ.get("CONTENT_LENGTH") or "0"
    if not raw_length.isdecimal() or not raw_length.isascii():
        raise Refused("400 Bad Request", "no usable Content-Length")
    length = int(raw_length)
    if length > BODY_MAX:  # not even read
        raise Refused("413 Content Too Large", "body far larger than Slack sends")
    return environ["wsgi.input"].read(length)


def _signature_problem(verifier: SignatureVerifier, environ: dict, text: str) -> str | None:
    """Why the request is not Slack's, or None when it is signed by Slack within five minutes."""
    timestamp = environ.get("HTTP_X_SLACK_REQUEST_TIMESTAMP") or ""
    signature = environ.get("HTTP_X_SLACK_SIGNATURE") or ""
    # slack_sdk's verifier reads the timestamp as a number and compares signatures as ASCII:
    # anything else (a probe, a scanner, a proxy's own health check) is not Slack, and must
    # not become a 500.
    if not (timestamp.isascii() and timestamp.isdecimal() and len(timestamp) <= 12):
        return "no usable timestamp"
    if abs(time.time() - int(timestamp)) > 60 * 5:
        return "signed more than 5 minutes away from this server's clock"
    if not signature.isascii() or not verifier.is_valid(body=text, timestamp=timestamp, signature=signature):
        return "signature does not match"
    return None


def _answer(start_response: Callable, status: str, body: bytes = b"") -> list[bytes]:
    start_response(status, [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))])
    return [body]


def _handed_to_app(app: Callable, environ: dict, start_response: Callable, kind: str, started: float) -> list:
    """The app's response to a checked request, counted (answered or failed) and timed."""
    answered: list[str] = []

    def started_response(status, headers, exc_info=None):
        answered.append(status)
        return start_response(status, headers, exc_info)

    response = app(environ, started_response)
    outcome = "answered" if answered and answered[0][:1] == "2" else "failed"
    metrics.request_seen(kind, outcome)
    metrics.ACK_SECONDS.observe(time.perf_counter() - started)
    return response


def guard(app: Callable, *, signing_secret: str, path: str) -> Callable:
    """WSGI middleware: ``POST path`` must be signed by Slack and well formed before ``app`` sees it."""
    verifier = SignatureVerifier(signing_secret)
    unsigned = _Advice()

    def refuse(start_response, status: str, reason: str, environ: dict, size: int) -> list[bytes]:
        logger.warning("Refused a request to %s (%s, %d bytes, from %s): %s", path, status.split(" ")[0], size,
                       environ.get("REMOTE_ADDR", "?"), reason)
        metrics.request_seen("unknown", _REFUSALS.get(status[:3], "refused"))
        return _answer(start_response, status, status.split(" ", 1)[1].encode())

    def refuse_unsigned(start_response, reason: str, environ: dict, size: int) -> list[bytes]:
        metrics.request_seen("unknown", "unsigned")
        count = unsigned.due()
        if count is not None:
            logger.warning("Refused %d unsigned request(s) (last: %d bytes from %s, %s). If Slack's are refused, "
                           "compare SLACK_SIGNING_SECRET with the app's Basic Information and check the clock "
                           "(said once a minute)", count, size, environ.get("REMOTE_ADDR", "?"), reason)
        return _answer(start_response, "401 Unauthorized", b"Unauthorized")

    def application(environ, start_response):
        if environ.get("PATH_INFO") != path or environ.get("REQUEST_METHOD") != "POST":
            return app(environ, start_response)
        started = time.perf_counter()
        try:
            body = _read_body(environ)
        except Refused as refused:
            size = int(environ["CONTENT_LENGTH"]) if refused.status[:3] == "413" else 0
            return refuse(start_response, refused.status, refused.reason, environ, size)
        length = len(body)
        content_type = environ.get("CONTENT_TYPE") or ""
        if _is_ssl_check(content_type, body):
            metrics.request_seen("ssl_check", "answered")
            return _answer(start_response, "200 OK")  # unsigned by Slack's design; nothing to do
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            return refuse(start_response, "400 Bad Request", "body is not UTF-8", environ, length)
        unsigned_because = _signature_problem(verifier, environ, text)
        if unsigned_because is not None:
            return refuse_unsigned(start_response, unsigned_because, environ, length)
        try:
            kind = _shape(content_type, text)
        except Refused as refused:
            return refuse(start_response, refused.status, refused.reason, environ, length)
        environ["wsgi.input"] = io.BytesIO(body)  # Bolt reads it again
        environ[CHECKED_KIND], environ[CHECKED_BODY] = kind, text  # what the gate read, for the app behind it
        return _handed_to_app(app, environ, start_response, kind, started)

    return application
