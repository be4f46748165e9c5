"""What the handlers and the scheduler share: settings, store, notifier, outbox, journal."""

from dataclasses import dataclass, field

from bot.due import DueRunner
from bot.installations import Installations
from bot.journal import Journal
from bot.notifier import Notifier, OneWorkspace, Workspaces
from bot.outbox import Deliverer
from bot.settings import Settings
from bot.supervisor import Supervisor
from bot.work import BackgroundWork
from storage.db import AlreadyDone as AlreadyDone  # what handlers may meet of the store, through the runtime
from storage.db import Database
from storage.db import out_of_reach as out_of_reach


@dataclass
class Runtime:
    settings: Settings
    db: Database
    notifier: Notifier  # the one workspace's; when distributed, one without a token (for response URLs)
    deliverer: Deliverer
    # Work done after the ack, off the request's thread: a burst of slow work (Web API calls,
    # 429 waits) never delays the ack of the next request.
    work: BackgroundWork
    due: DueRunner | None = None  # what the scheduler runs when its time comes
    journal: Journal = field(default_factory=lambda: Journal(None))  # requests acked, until their work is done
    # (team, channel) → the community's language, kept from the last time the database said it: the
    # apology when the database is out of reach still speaks the community's language.
    languages: dict[tuple[str, str], str] = field(default_factory=dict)
    # (team, channel) → (when asked, who is in it): who may see and act on a community (handlers/access.py).
    channel_members: dict[tuple[str, str], tuple[float, frozenset[str]]] = field(default_factory=dict)
    channel_private: dict[tuple[str, str], bool] = field(default_factory=dict)  # whether each channel is private
    workspaces: Workspaces | None = None  # each workspace's token, when distributed (else the notifier's)
    installations: Installations | None = None  # when distributed
    supervisor: Supervisor = field(default_factory=Supervisor)  # the threads that must not stop (bot/supervisor.py)

    def __post_init__(self):
        self._speakers: Workspaces = self.workspaces if self.workspaces is not None else OneWorkspace(self.notifier)

    def slack(self, team_id: str) -> Notifier:
        """The notifier that speaks for this workspace, with its own token."""
        return self._speakers.for_team(team_id)
