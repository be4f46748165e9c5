"""A workspace leaving: ``app_uninstalled``, or its bot token revoked (``tokens_revoked``).

From that moment nothing more is sent to it: what was owed is cancelled (not retried forever), its
tokens are deleted, and its data waits out the retention (COP_DEPARTED_RETENTION_DAYS, 30 days by
default) before the scheduler deletes it (bot/scheduler.py). Installed again within that time, it
finds its communities as they were.
"""

from bot.installations import departed
from bot.runtime import Runtime
from handlers.requests import Event
from handlers.wiring import Wiring


def uninstalled(runtime: Runtime, request: Event) -> None:
    departed(runtime.db, runtime.installations, team_id=request.team_id, enterprise_id=request.enterprise_id,
             org_install=request.org_install)


def tokens_revoked(runtime: Runtime, request: Event) -> None:
    """Only the bot's token matters (cop-bot asks for no user token)."""
    if (request.event.get("tokens") or {}).get("bot"):
        uninstalled(runtime, request)


def register(wiring: Wiring) -> None:
    wiring.event("app_uninstalled", uninstalled)
    wiring.event("tokens_revoked", tokens_revoked)
