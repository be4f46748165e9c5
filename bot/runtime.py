"""What the handlers and the scheduler share: settings, store, notifier, outbox."""

from dataclasses import dataclass

from bot.notifier import Notifier
from bot.outbox import Deliverer
from bot.settings import Settings
from storage.db import Database


@dataclass
class Runtime:
    settings: Settings
    db: Database
    notifier: Notifier
    deliverer: Deliverer
