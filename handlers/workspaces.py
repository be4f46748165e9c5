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
from storage import workspaces as store


def _teams(runtime: Runtime, request: Event) -> list[str]:
    if request.org_install and request.enterprise_id:  # the organisation's installation: all its workspaces
        with runtime.db.reading() as session:
            return store.in_organisation(session=session, enterprise_id=request.enterprise_id) or [request.team_id]
    return [request.team_id]


def uninstalled(runtime: Runtime, request: Event) -> None:
    departed(runtime.db, runtime.installations, team_ids=_teams(runtime, request),
             enterprise_id=request.enterprise_id, forget_tokens=True,
             org_install=request.org_install)


def tokens_revoked(runtime: Runtime, request: Event) -> None:
    """Only the bot's token matters (cop-bot asks for no user token)."""
    if (request.event.get("tokens") or {}).get("bot"):
        departed(runtime.db, runtime.installations, team_ids=_teams(runtime, request),
                 enterprise_id=request.enterprise_id, forget_tokens=True,
                 org_install=request.org_install)


def register(wiring: Wiring) -> None:
    wiring.event("app_uninstalled", uninstalled)
    wiring.event("tokens_revoked", tokens_revoked)
