"""Delivering the outbox (storage/outbox.py): right after a change, and on every
scheduler tick for whatever is left (a crash, a restart, a Slack outage).

Errors Slack will repeat (``not_in_channel``, ``invalid_blocks``…) fail the row at
once; rate limits, server errors and network trouble are retried with backoff,
on top of the WebClient's own retries.
"""

import json
import logging
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta

from slack_sdk.errors import SlackApiError
from sqlmodel import Session

from bot.notifier import Notifier
from storage import outbox as store
from storage.db import Database
from storage.models import OutboxMessage
from storage.types import utcnow

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
LEASE = timedelta(minutes=5)
RATE_LIMITED = {"ratelimited", "rate_limited"}
TRANSIENT_ERRORS = RATE_LIMITED | {"internal_error", "fatal_error", "service_unavailable", "request_timeout"}

# What to do with Slack's answer, by the row's purpose: (on_sent, on_failed). A hook may owe
# further messages; it returns their outbox ids so they go out at once too.
OnSent = Callable[[Session, OutboxMessage, dict], list[int] | None]
OnFailed = Callable[[Session, OutboxMessage, str], list[int] | None]


def backoff(attempts: int) -> timedelta:
    return timedelta(seconds=min(30 * 2 ** max(attempts - 1, 0), 3600))


class Deliverer:
    def __init__(self, db: Database, notifier: Notifier, *, clock: Callable[[], datetime] = utcnow):
        self.db = db
        self.notifier = notifier
        self.clock = clock
        self.hooks: dict[str, tuple[OnSent | None, OnFailed | None]] = {}

    def on(self, purpose: str, *, sent: OnSent | None = None, failed: OnFailed | None = None) -> None:
        self.hooks[purpose] = (sent, failed)

    def deliver_due(self, *, limit: int = 200) -> int:
        """Send what is due now (the scheduler's tick); returns how many were sent."""
        with self.db.session() as session:
            ids = store.due_ids(session=session, now=self.clock(), limit=limit)
        return self.deliver(ids)

    def deliver(self, ids: Iterable[int]) -> int:
        sent = 0
        for message_id in ids:
            with self.db.session() as session:
                message = store.claim(session=session, message_id=message_id, now=self.clock(), lease=LEASE)
            if message is not None:
                sent += self._send(message)
        return sent

    def _send(self, message: OutboxMessage) -> bool:
        sent_hook, failed_hook = self.hooks.get(message.purpose or "", (None, None))
        try:
            answer = self.notifier.call(message.method, json.loads(message.payload))
        except SlackApiError as e:
            error = str(e.response.get("error") or f"http_{e.response.status_code}")
            retry_after = e.response.headers.get("Retry-After") or e.response.headers.get("retry-after")
            transient = error in TRANSIENT_ERRORS or e.response.status_code >= 500 or e.response.status_code == 429
            wait = timedelta(seconds=int(retry_after)) if retry_after and str(retry_after).isdigit() else None
            return self._failed(message, error, transient, wait, failed_hook)
        except (OSError, TimeoutError) as e:  # network trouble: Slack never saw it, or we never heard back
            return self._failed(message, type(e).__name__, True, None, failed_hook)
        with self.db.session() as session:
            store.mark_sent(session=session, message_id=message.id, now=self.clock())
            follow_ups = sent_hook(session, message, answer) if sent_hook else None
        if follow_ups:
            self.deliver(follow_ups)
        self._deliver_newer(message)
        return True

    def _deliver_newer(self, message: OutboxMessage) -> None:
        """A newer update of the same card may have waited for this one to be out of the way."""
        if message.supersede_key is None:
            return
        with self.db.session() as session:
            newer = store.newest_pending_sibling(session=session, message=message)
        if newer is not None:
            self.deliver([newer])

    def _failed(self, message: OutboxMessage, error: str, transient: bool, wait: timedelta | None,
                failed_hook: OnFailed | None) -> bool:
        follow_ups = None
        with self.db.session() as session:
            if transient and message.attempts < MAX_ATTEMPTS:
                # Slack said when to come back (429 Retry-After): then, not later; else back off.
                due = self.clock() + (wait if wait is not None and error in RATE_LIMITED else backoff(message.attempts))
                logger.warning("Slack call %s (outbox %s) failed with %s; retry at %s",
                               message.method, message.id, error, due.isoformat())
                store.mark_retry(session=session, message_id=message.id, due_at=due, error=error)
            else:
                logger.error("Slack call %s (outbox %s) failed for good: %s", message.method, message.id, error)
                store.mark_failed(session=session, message_id=message.id, error=error)
                if failed_hook:
                    follow_ups = failed_hook(session, message, error)
        if follow_ups:
            self.deliver(follow_ups)
        self._deliver_newer(message)
        return False
