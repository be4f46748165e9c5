"""Running what is due (storage/due.py): claim a row, let its kind's job decide what to say
(outbox rows, written in the same transaction that marks the row done), then deliver.

A crash before that transaction commits leaves the claim to expire and the row is run again
with nothing sent; a crash after it leaves outbox rows the next tick delivers. Either way the
people concerned hear it once.
"""

import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlmodel import Session

from bot.outbox import Deliverer, backoff
from storage import due as store
from storage.db import Database
from storage.models import DueItem
from storage.types import utcnow

logger = logging.getLogger(__name__)
LEASE = timedelta(minutes=5)
MAX_ATTEMPTS = 5

# A job gets the session, the row and the time, changes what it must, and returns outbox ids.
Job = Callable[[Session, DueItem, datetime], list[int] | None]


class DueRunner:
    def __init__(self, db: Database, deliverer: Deliverer, *, clock: Callable[[], datetime] = utcnow):
        self.db = db
        self.deliverer = deliverer
        self.clock = clock
        self.jobs: dict[str, Job] = {}

    def on(self, kind: str, job: Job) -> None:
        self.jobs[kind] = job

    def run_due(self, *, limit: int = 200) -> int:
        """Run what is due now; returns how many rows were done."""
        now = self.clock()
        with self.db.session() as session:
            ids = store.due_ids(session=session, now=now, limit=limit)
        done = 0
        for item_id in ids:
            done += self._run(item_id)
        return done

    def _run(self, item_id: int) -> bool:
        with self.db.session() as session:
            item = store.claim(session=session, item_id=item_id, now=self.clock(), lease=LEASE)
            if item is not None:
                session.expunge(item)
        if item is None:
            return False  # another worker has it
        job = self.jobs.get(item.kind)
        owed: list[int] = []
        try:
            with self.db.session() as session:
                if job is None:
                    logger.error("No job for due item kind %r (item %s): marked done", item.kind, item.id)
                else:
                    owed = job(session, item, self.clock()) or []
                if not store.finish(session=session, item_id=item.id, now=self.clock()):
                    session.rollback()
                    return False
        except Exception as error:  # noqa: BLE001 - a failing job is retried, then recorded; never lost silently
            logger.exception("Due item %s (%s) failed", item.id, item.kind)
            with self.db.session() as session:
                if item.attempts < MAX_ATTEMPTS:
                    store.release(session=session, item_id=item.id, due_at=self.clock() + backoff(item.attempts),
                                  error=repr(error))
                else:
                    store.fail(session=session, item_id=item.id, error=repr(error))
            return False
        logger.info("Ran %s (item %s) in workspace %s: %d message(s) owed", item.kind, item.id, item.team_id,
                    len(owed))
        if owed:
            self.deliverer.deliver(owed)
        return True
