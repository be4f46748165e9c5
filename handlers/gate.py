"""The door in front of Bolt: what is not a well-formed request signed by Slack gets a 4xx and one
short log line, and reaches nothing else.

Bolt answers a malformed body with a 500 (a JSON list, a form without its payload), logs an
unsigned body in full, and reads a form whatever its content type. Slack sends three kinds of
request, each in one shape:
- events: ``application/json``, an object with a ``type`` (``event_callback``, ``url_verification``…);
- slash commands: a form with ``command`` (and ``ssl_check=1`` forms when Slack checks the certificate);
- interactivity: a form whose ``payload`` field is a JSON object with a ``type``.
"""

import io
import json
import logging
from collections.abc import Callable
from urllib.parse import unquote_plus

from slack_sdk.signature import SignatureVerifier

logger = logging.getLogger("cop-bot.gate")

BODY_MAX = 1_000_000  # bytes: Slack's largest payloads (a modal's whole state) are a small fraction of it
FORM = "application/x-www-form-urlencoded"
JSON = "application/json"


class Refused(Exception):
    def __init__(self, status: str, reason: str):
        super().__init__(reason)
        self.status, self.reason = status, reason


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


def _shape(content_type: str, body: bytes) -> None:
    """Raise ``Refused`` unless the body is one of the shapes Slack sends, read as its content type."""
    media = content_type.split(";")[0].strip().lower()
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise Refused("400 Bad Request", "body is not UTF-8") from None
    if media == JSON:
        try:
            envelope = json.loads(text)
        except ValueError:
            raise Refused("400 Bad Request", "JSON body does not parse") from None
        if not isinstance(envelope, dict) or not isinstance(envelope.get("type"), str):
            raise Refused("400 Bad Request", "JSON body is not an event envelope")
        return
    if media != FORM:
        raise Refused("415 Unsupported Media Type", f"content type {media or 'none'!r}")
    form = _fields(text)
    if "payload" in form:
        try:
            payload = json.loads(unquote_plus(form["payload"]))
        except ValueError:
            raise Refused("400 Bad Request", "interaction payload does not parse") from None
        if not isinstance(payload, dict) or not isinstance(payload.get("type"), str):
            raise Refused("400 Bad Request", "interaction payload is not an object with a type")
        return
    if form.get("ssl_check") == "1":
        return
    if not (form.get("command") and form.get("team_id") and form.get("user_id")):
        raise Refused("400 Bad Request", "form is neither a slash command nor an interaction")


def guard(app: Callable, *, signing_secret: str, path: str) -> Callable:
    """WSGI middleware: ``POST path`` must be signed by Slack and well formed before ``app`` sees it."""
    verifier = SignatureVerifier(signing_secret)

    def refuse(start_response, status: str, reason: str, environ: dict, size: int) -> list[bytes]:
        logger.warning("Refused a request to %s (%s, %d bytes, from %s): %s", path, status.split(" ")[0], size,
                       environ.get("REMOTE_ADDR", "?"), reason)
        body = status.split(" ", 1)[1].encode()
        start_response(status, [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))])
        return [body]

    def application(environ, start_response):
        if environ.get("PATH_INFO") != path or environ.get("REQUEST_METHOD") != "POST":
            return app(environ, start_response)
        raw_length = environ.get("CONTENT_LENGTH") or "0"
        if not raw_length.isdecimal() or not raw_length.isascii():
            return refuse(start_response, "400 Bad Request", "no usable Content-Length", environ, 0)
        length = int(raw_length)
        if length > BODY_MAX:  # not even read
            return refuse(start_response, "413 Content Too Large", "body far larger than Slack sends", environ,
                          length)
        body = environ["wsgi.input"].read(length)
        timestamp = environ.get("HTTP_X_SLACK_REQUEST_TIMESTAMP") or ""
        # slack_sdk's verifier reads the timestamp as a number: anything else (a probe, a scanner,
        # a proxy's own health check) is not Slack, and must not become a 500.
        if not (timestamp.isascii() and timestamp.isdecimal() and len(timestamp) <= 12) or \
                not verifier.is_valid(body=body, timestamp=timestamp,
                                      signature=environ.get("HTTP_X_SLACK_SIGNATURE") or ""):
            return refuse(start_response, "401 Unauthorized", "not signed by Slack, or signed too long ago",
                          environ, length)
        try:
            _shape(environ.get("CONTENT_TYPE") or "", body)
        except Refused as refused:
            return refuse(start_response, refused.status, refused.reason, environ, length)
        environ["wsgi.input"] = io.BytesIO(body)  # Bolt reads it again
        return app(environ, start_response)

    return application
