"""The one error path: log with the traceback, tell the person something useful in their
community's language. Never a stack trace to a person, never a 500 to Slack."""

import logging

from slack_bolt import App, BoltResponse

from bot.i18n import N_, language_from_locale, translator
from bot.runtime import Runtime
from bot.slack_terms import SlackRefused

logger = logging.getLogger("cop-bot")

SORRY = N_("Sorry, something went wrong on my side and nothing was changed. Please try again in a moment.")
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


def report(runtime: Runtime, request, error: Exception) -> None:
    """Log with the traceback; apologise to the person, privately, in their community's language."""
    logger.error("Unhandled error while handling a Slack request", exc_info=error)
    _tell(runtime, request, SORRY)


def kept_for_later(runtime: Runtime, request) -> None:
    _tell(runtime, request, KEPT)


def register(app: App) -> None:
    @app.error
    def on_error(error: Exception, body: dict, response: BoltResponse | None):
        """Whatever broke before the ack, Slack gets a 200 and the person a short apology."""
        logger.error("Unhandled error while answering Slack", exc_info=error)
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
