"""What the handlers and the scheduler share: settings, store, notifier, outbox."""

from dataclasses import dataclass

from bot.due import DueRunner
from bot.notifier import Notifier
from bot.outbox import Deliverer
from bot.settings import Settings
from bot.work import BackgroundWork
from storage.db import Database


@dataclass
class Runtime:
    settings: Settings
    db: Database
    notifier: Notifier
    deliverer: Deliverer
    # Work done after the ack, off the request's thread: a burst of slow work (Web API calls,
    # 429 waits) never delays the ack of the next request.
    work: BackgroundWork
    due: DueRunner | None = None  # what the scheduler runs when its time comes
