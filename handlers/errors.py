"""The one error path: log with the traceback, tell the person something useful."""

import logging
from collections.abc import Callable

from slack_bolt import App, BoltResponse, Respond

from bot.i18n import language_from_locale, translator
from bot.runtime import Runtime

logger = logging.getLogger("cop-bot")


def report(error: Exception, *, respond: Respond | None, language: str | Callable[[], str] | None) -> None:
    """Log with the traceback; apologise to the person, privately, in their language."""
    logger.error("Unhandled error while handling a Slack request", exc_info=error)
    if respond is None:
        return
    if callable(language):
        try:
            language = language()
        except Exception:  # noqa: BLE001 - the store may be what broke; English will do
            language = None
    t = translator(language or "en")
    text = t.gettext("Sorry, something went wrong on my side and nothing was changed. "
                     "Please try again in a moment.")
    try:
        respond(text=text, response_type="ephemeral", replace_original=False)
    except Exception:  # noqa: BLE001 - the apology itself failed (Slack unreachable); the log has the cause
        logger.warning("Could not send the error notice to the user")


def register(app: App, runtime: Runtime) -> None:
    @app.error
    def on_error(error: Exception, body: dict, respond, response: BoltResponse | None):
        """Whatever broke, Slack gets a 200 and the person a short apology in their language."""
        locale = (body.get("user") or {}).get("locale") if isinstance(body.get("user"), dict) else None
        report(error, respond=respond if body.get("response_url") else None,
               language=language_from_locale(locale))
        if response is not None:
            return BoltResponse(status=200, body="")
        return None
