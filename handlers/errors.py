"""The one error path: log with the traceback, tell the person something useful."""

import logging

from slack_bolt import App, BoltResponse

from bot.i18n import language_from_locale, translator
from bot.runtime import Runtime

logger = logging.getLogger("cop-bot")


def register(app: App, runtime: Runtime) -> None:
    @app.error
    def on_error(error: Exception, body: dict, respond, response: BoltResponse | None):
        """Whatever broke, Slack gets a 200 and the person a short apology in their language."""
        logger.exception("Unhandled error while handling a Slack request", exc_info=error)
        locale = (body.get("user") or {}).get("locale") if isinstance(body.get("user"), dict) else None
        t = translator(language_from_locale(locale))
        text = t.gettext("Sorry, something went wrong on my side and nothing was changed. "
                         "Please try again in a moment.")
        if body.get("response_url"):
            try:
                respond(text=text, response_type="ephemeral", replace_original=False)
            except Exception:  # noqa: BLE001 - the apology itself failed (Slack unreachable); the log has the cause
                logger.warning("Could not send the error notice to the user")
        if response is not None:
            return BoltResponse(status=200, body="")
        return None
