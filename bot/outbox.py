"""Delivering the outbox (storage/outbox.py): right after a change, and on every
scheduler tick for whatever is left (a crash, a restart, a Slack outage).

Errors Slack will repeat (``not_in_channel``, ``invalid_blocks``…) fail the row at
once; rate limits, server errors and network trouble are retried with backoff,
on top of the WebClient's own retries.

Every post carries its outbox id in Slack's message metadata. A row tried before may have
reached Slack before the bot heard back (a crash, a timeout): the channel's recent messages are
looked through for its id before it is posted again, so nothing is posted twice.
"""

import json
import logging
import uuid
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta

from sqlmodel import Session

from bot.journal import Journal
from bot.notifier import Notifier, Workspaces, workspaces
from bot.slack_terms import FALLBACK_CHANNEL, GET_PERMALINK, PERSON_UNREACHABLE, RATE_LIMITED, WANTS_LINK, SlackRefused
from storage import message_links
from storage import outbox as store
from storage.db import Database
from storage.models import OutboxMessage
from storage.types import utcnow

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
LEASE = timedelta(minutes=5)
METADATA_EVENT = "cop_outbox"  # the event_type of the metadata every post carries
PURPOSE_LINK = "message.permalink"  # a link owed (asked again after Slack said no, or for older posts)

# What to do with Slack's answer, by the row's purpose: (on_sent, on_failed). A hook may owe
# further messages; it returns their outbox ids so they go out at once too.
OnSent = Callable[[Session, OutboxMessage, dict], list[int] | None]
OnFailed = Callable[[Session, OutboxMessage, str], list[int] | None]


def backoff(attempts: int) -> timedelta:
    return timedelta(seconds=min(30 * 2 ** max(attempts - 1, 0), 3600))


class Deliverer:
    def __init__(self, db: Database, slack: Notifier | Workspaces, *, clock: Callable[[], datetime] = utcnow,
                 journal: Journal | None = None):
        self.db = db
        self.workspaces = workspaces(slack)  # each row goes out with its own workspace's token
        self.clock = clock
        self.journal = journal  # remembers what this process is sending, for the one after it
        self.hooks: dict[str, tuple[OnSent | None, OnFailed | None]] = {}
        # What any call's outcome tells, whatever its purpose (a tool problem seen, or solved).
        self.any_sent: list[Callable[[Session, OutboxMessage, dict], None]] = []
        self.any_failed: list[Callable[[Session, OutboxMessage, str, dict], list[int]]] = []

    def on(self, purpose: str, *, sent: OnSent | None = None, failed: OnFailed | None = None) -> None:
        self.hooks[purpose] = (sent, failed)

    def deliver_due(self, *, limit: int = 200) -> int:
        """Send what is due now (the scheduler's tick); returns how many were sent."""
        with self.db.reading() as session:
            ids = store.due_ids(session=session, now=self.clock(), limit=limit)
        return self.deliver(ids)

    def deliver(self, ids: Iterable[int]) -> int:
        sent = 0
        for message_id in ids:
            token = uuid.uuid4().hex
            if self.journal is not None:
                self.journal.claiming(message_id, token)
            try:
                with self.db.session() as session:
                    message = store.claim(session=session, message_id=message_id, now=self.clock(), lease=LEASE,
                                          token=token)
                if message is not None:
                    sent += self._send(message)
            finally:
                if self.journal is not None:
                    self.journal.released(token)
        return sent

    def release_orphans(self) -> int:
        """At start: what the process before this one was sending when it died is due again now
        (not when its lease runs out); sending it looks in Slack first."""
        if self.journal is None or not self.journal.orphaned_claims:
            return 0
        with self.db.session() as session:
            released = store.release(session=session, tokens=self.journal.orphaned_claims, now=self.clock())
        for token in self.journal.orphaned_claims:
            self.journal.released(token)
        if released:
            logger.info("%d message(s) were being sent when the bot stopped: checked and sent now", released)
        return released

    def _send(self, message: OutboxMessage) -> bool:
        sent_hook, failed_hook = self.hooks.get(message.purpose or "", (None, None))
        payload = json.loads(message.payload)
        fallback = payload.pop(FALLBACK_CHANNEL, None)
        wants_link = payload.pop(WANTS_LINK, False)
        if message.method == "chat.postMessage":
            payload["metadata"] = {"event_type": METADATA_EVENT, "event_payload": {"outbox_id": message.id}}
        try:
            notifier = self.workspaces.for_team(message.team_id)
            answer = self._already_posted(notifier, message, payload) or notifier.call(message.method, payload)
        except SlackRefused as refused:
            wait = timedelta(seconds=refused.retry_after) if refused.retry_after is not None else None
            if fallback and refused.error in PERSON_UNREACHABLE:
                self._shown_instead(message, payload, fallback)
            return self._failed(message, refused.error, refused.transient, wait, failed_hook, payload)
        where, link = self._link(notifier, message, payload, answer, wants_link)
        with self.db.session() as session:
            store.mark_sent(session=session, message_id=message.id, now=self.clock())
            if where and link:
                message_links.remember(session=session, team_id=message.team_id, channel_id=where[0],
                                       message_ts=where[1], permalink=link)
            elif where:  # Slack would not say at once: owed, asked again in a while
                self._owe_link(session, message, *where)
            follow_ups = sent_hook(session, message, answer) if sent_hook else None
            for hook in self.any_sent:
                hook(session, message, payload)
        logger.info("Sent %s (outbox %s, %s) in workspace %s", message.method, message.id, message.purpose or "-",
                    message.team_id)
        if follow_ups:
            self.deliver(follow_ups)
        self._deliver_newer(message)
        return True

    def _link(self, notifier: Notifier, message: OutboxMessage, payload: dict, answer: dict,
              wants_link: bool) -> tuple[tuple[str, str] | None, str | None]:
        """(channel, ts) of a message whose link Slack gave (chat.getPermalink owed) or is asked for now —
        a post that wants its link, asked right after it is posted, with no transaction open — and the link."""
        if message.method == GET_PERMALINK:
            return (str(payload["channel"]), str(payload["message_ts"])), answer.get("permalink")
        if not wants_link or not answer.get("ts") or not answer.get("channel"):
            return None, None
        where = (str(answer["channel"]), str(answer["ts"]))
        try:
            return where, notifier.permalink(*where)
        except SlackRefused as refused:
            logger.warning("Slack gave no link to outbox %s's post yet (%s): asked again later", message.id,
                           refused.error)
            return where, None

    def _owe_link(self, session: Session, message: OutboxMessage, channel_id: str, message_ts: str) -> None:
        """The link owed through the outbox, due in a while (a scheduler tick sends it)."""
        if message.method != GET_PERMALINK:
            store.enqueue(session=session, team_id=message.team_id, dedupe_key=f"permalink:{channel_id}:{message_ts}",
                          method=GET_PERMALINK, payload={"channel": channel_id, "message_ts": message_ts},
                          due_at=self.clock() + backoff(1), purpose=PURPOSE_LINK)

    def _shown_instead(self, message: OutboxMessage, payload: dict, channel: str) -> None:
        """Slack will not let the bot write to this person directly: the message is shown to them
        privately in the community's channel (an ephemeral message), what Slack allows."""
        ephemeral = {"channel": channel, "user": payload["channel"], "text": payload.get("text", ""),
                     **({"blocks": payload["blocks"]} if payload.get("blocks") else {})}
        with self.db.session() as session:
            row = store.enqueue(session=session, team_id=message.team_id, dedupe_key=f"{message.dedupe_key}:shown",
                                method="chat.postEphemeral", payload=ephemeral, purpose=message.purpose)
            session.flush()
            ids = [row.id] if row is not None else []
        logger.info("Outbox %s: Slack refused the DM; shown privately in %s instead", message.id, channel)
        self.deliver(ids)

    def _already_posted(self, notifier: Notifier, message: OutboxMessage, payload: dict) -> dict | None:
        """Slack's answer for a post an earlier attempt made, found by its outbox id; ``None`` if no
        earlier attempt can have reached Slack, or none did."""
        if message.method != "chat.postMessage" or message.attempts <= 1 or message.last_error in RATE_LIMITED:
            return None
        channel = str(payload.get("channel") or "")
        try:
            if channel.startswith(("U", "W")):  # a DM by user id: its history is the DM channel's
                channel = notifier.dm_channel(channel)
            oldest = f"{(message.created_at - timedelta(minutes=1)).timestamp():.6f}"
            recent = notifier.recent_messages(channel, oldest=oldest)
        except SlackRefused as refused:
            logger.warning("Could not look for outbox %s in its channel before posting it again (%s)", message.id,
                           refused.error)
            return None
        for posted in recent:
            metadata = posted.get("metadata") or {}
            if metadata.get("event_type") == METADATA_EVENT and \
                    (metadata.get("event_payload") or {}).get("outbox_id") == message.id:
                logger.info("Outbox %s had reached Slack before the bot heard back: not posted again", message.id)
                return {"ok": True, "channel": channel, "ts": posted.get("ts"), "message": posted}
        return None

    def _deliver_newer(self, message: OutboxMessage) -> None:
        """A newer update of the same card may have waited for this one to be out of the way."""
        if message.supersede_key is None:
            return
        with self.db.session() as session:
            newer = store.newest_pending_sibling(session=session, message=message)
        if newer is not None:
            self.deliver([newer])

    def _failed(self, message: OutboxMessage, error: str, transient: bool, wait: timedelta | None,
                failed_hook: OnFailed | None, payload: dict | None = None) -> bool:
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
                for hook in self.any_failed:
                    follow_ups = (follow_ups or []) + hook(session, message, error, payload or {})
        if follow_ups:
            self.deliver(follow_ups)
        self._deliver_newer(message)
        return False
