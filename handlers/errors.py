"""The one error path: log with the traceback, tell the person something useful in their
community's language. Never a stack trace to a person, never a 500 to Slack."""

import logging

from slack_bolt import App, BoltResponse
from slack_bolt.error import BoltUnhandledRequestError

from bot.i18n import N_, language_from_locale, translator
from bot.runtime import Runtime
from bot.slack_terms import SlackRefused
from bot.tracebacks import without_text

logger = logging.getLogger("cop-bot")

SORRY = N_("Sorry, something went wrong on my side and nothing was changed. Please try again in a moment.")
TRYING_AGAIN = N_("Sorry, something went wrong on my side. I will try again in a moment: you will see the result if "
                  "it works, or hear from me if it does not.")
SET_ASIDE = N_("Sorry, I could not do what you asked, and nothing was changed. Your request is kept for the people "
               "who run cop-bot to look into; you can try again later.")
KEPT = N_("The community's records are out of reach for a moment. Your request is kept: it will be done as soon as "
          "they are back, and you will see it then.")


def _tell(runtime: Runtime, request, message_id: str) -> None:
    """Straight to the request's response_url: the database (and so the outbox) may be what broke."""
    url = getattr(request, "response_url", "")
    if not url:
        return
    language = runtime.languages.get((request.team_id, getattr(request, "channel_id", "")))
    text = translator(language or "en").gettext(message_id)
    try:
        runtime.notifier.respond(url, {"response_type": "ephemeral", "text": text, "replace_original": False,
                                       "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": text}}]})
    except SlackRefused as refused:
        logger.warning("Could not tell the person (%s)", refused.error)


def trying_again(runtime: Runtime, request) -> None:
    """The request's work failed once: the person knows, and knows it is being tried again (were they
    told to try again themselves, a retry that works would do it twice)."""
    _tell(runtime, request, TRYING_AGAIN)


def set_aside(runtime: Runtime, request) -> None:
    _tell(runtime, request, SET_ASIDE)


def kept_for_later(runtime: Runtime, request) -> None:
    _tell(runtime, request, KEPT)


def _unused(body: dict) -> str:
    """What Slack sent that cop-bot has no listener for, by kind and name only."""
    if not isinstance(body, dict):
        return "a request"
    if body.get("type") == "event_callback" and isinstance(body.get("event"), dict):
        return f"event {str(body['event'].get('type'))[:40]}"
    if body.get("command"):
        return f"command {str(body['command'])[:40]}"
    kind = str(body.get("type") or "request")[:40]
    name = body.get("callback_id") or (body.get("view") or {}).get("callback_id") \
        if isinstance(body.get("view") or {}, dict) else None
    return f"{kind} {str(name)[:60]}" if name else kind


def register(app: App) -> None:
    @app.error
    def on_error(error: Exception, body: dict, response: BoltResponse | None):
        """Whatever broke before the ack, Slack gets a 200 and the person a short apology. What
        cop-bot does not use (an event type it did not ask for, ``app_rate_limited``) gets a 200
        and one line."""
        if isinstance(error, BoltUnhandledRequestError):
            if isinstance(body, dict) and body.get("type") == "app_rate_limited":
                logger.warning("Slack held back events to cop-bot for workspace %s in the minute starting at %s: "
                               "more than it delivers in a minute (Slack's limit is 30,000 an hour). They are not "
                               "resent.", str(body.get("team_id"))[:20], str(body.get("minute_rate_limited"))[:20])
            else:
                logger.info("Slack sent %s, which cop-bot does not use: answered 200", _unused(body))
            return BoltResponse(status=200, body="") if response is not None else None
        logger.error("Unhandled error while answering Slack (%s)\n%s", type(error).__name__, without_text(error))
        url = body.get("response_url") if isinstance(body, dict) else None
        if url:
            locale = (body.get("user") or {}).get("locale") if isinstance(body.get("user"), dict) else None
            text = translator(language_from_locale(locale)).gettext(SORRY)
            try:
                from slack_sdk.webhook import WebhookClient

                WebhookClient(url, timeout=5).send_dict({"response_type": "ephemeral", "text": text})
            except Exception:  # noqa: BLE001 - the apology itself failed (Slack unreachable); the log has the cause
                logger.warning("Could not send the error notice to the user")
        if response is not None:
            return BoltResponse(status=200, body="")
        return None
