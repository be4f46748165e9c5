"""The journal of requests acked to Slack: written before the ack leaves, marked done once the
work behind it is, read again at start. Slack never resends what it saw acknowledged, so this is
what makes "acked" mean "will be done", through a crash (kill -9) or a database outage.

An append-only file of JSON lines, apart from the database: appending a line is one write(2),
a few microseconds in the ack path, with no lock shared with the database's writers (a row in
SQLite before each ack cost its writers their turn: p99 680–890 ms). What the kernel has is
safe from the process dying; as with the database's own WAL (synchronous=NORMAL), the last
moments before a power cut may be lost. Exactly-once is the database's part: the work writes
the request's receipt in the same transaction as its effects (storage.db.Database.session), so
a request run again after a crash changes nothing twice.
"""

import json
import logging
import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Entry:
    receipt: str  # Slack's id for the request (event_id or trigger_id), prefixed with its workspace
    listener: str  # the wired listener that does its work
    body: dict  # the payload, as Slack sent it
    bot_user_id: str | None
    received_at: float  # time.time() when it reached the bot


class Journal:
    def __init__(self, path: Path | None):
        """``path``: the file; ``None`` keeps the journal in memory only (nothing survives a crash)."""
        self.path = path
        self._lock = threading.Lock()
        # Lines are written outside the lock (a write(2) releases the GIL: holding a lock across it
        # queued every ack behind the GIL's 5 ms switch interval); compaction waits for the writes
        # in flight before it closes the file they write to.
        self._writes_done = threading.Condition(self._lock)
        self._writing = 0
        self._compacting = False
        self._pending: dict[str, Entry] = {}  # receipt → entry, recorded and not yet done
        self._claims: dict[str, int] = {}  # claim token → outbox row, for the rows this process is sending now
        self._fd: int | None = None
        self.orphaned_claims: list[str] = []  # claims the process before this one held when it stopped
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._pending, self._claims = self._read(path)
            self.orphaned_claims = sorted(self._claims)
            with self._lock:
                self._compact()

    @staticmethod
    def _read(path: Path) -> tuple[dict[str, Entry], dict[str, int]]:
        pending: dict[str, Entry] = {}
        claims: dict[str, int] = {}
        if not path.exists():
            return pending, claims
        with path.open(encoding="utf-8") as f:
            for line in f:
                try:
                    record = json.loads(line)
                except ValueError:
                    continue  # a line cut by a crash mid-write: its request was never acked
                if "d" in record:
                    pending.pop(record["d"], None)
                elif "c" in record:
                    if "k" in record:  # (an older bot's lines name no claim: their lease runs out)
                        claims[record["k"]] = record["c"]
                elif "x" in record:
                    claims.pop(record["x"], None)
                elif "r" in record:
                    pending[record["r"]] = Entry(record["r"], record["l"], record["b"], record.get("u"), record["t"])
        return pending, claims

    def _compact(self) -> None:
        """Rewrite the file with only what is still owed (at start, and when it has grown). Called
        with the lock held; no line is written meanwhile, so none can miss the new file."""
        assert self.path is not None
        self._compacting = True
        while self._writing:  # lines on their way to the old file: let them land first
            self._writes_done.wait()
        try:
            self._rewrite()
        finally:
            self._compacting = False
            self._writes_done.notify_all()

    def _rewrite(self) -> None:
        assert self.path is not None
        fresh = self.path.with_suffix(self.path.suffix + ".new")
        with fresh.open("w", encoding="utf-8") as f:
            for entry in self._pending.values():
                f.write(self._line(entry))
            for token, message_id in self._claims.items():
                f.write(json.dumps({"c": message_id, "k": token}) + "\n")
            f.flush()
            os.fsync(f.fileno())
        os.replace(fresh, self.path)
        if self._fd is not None:
            os.close(self._fd)
        self._fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        self._lines = len(self._pending) + len(self._claims)

    @staticmethod
    def _line(entry: Entry) -> str:
        return json.dumps({"r": entry.receipt, "l": entry.listener, "b": entry.body, "u": entry.bot_user_id,
                           "t": entry.received_at}, ensure_ascii=False, separators=(",", ":")) + "\n"

    def _to_write(self) -> int | None:
        """With the lock held, after the change is made in memory: the file the line goes to. While
        the file is being compacted, wait (the change may then be in the new file already: the line
        comes again, which changes nothing when read)."""
        while self._compacting:
            self._writes_done.wait()
        if self._fd is None:
            return None
        self._writing += 1
        self._lines += 1
        return self._fd

    def _write(self, fd: int | None, line: str) -> None:
        """Without the lock: one write(2) with O_APPEND, whole, whatever other threads append."""
        if fd is None:
            return
        try:
            os.write(fd, line.encode("utf-8"))
        finally:
            with self._lock:
                self._writing -= 1
                if not self._writing:
                    self._writes_done.notify_all()

    def record(self, *, receipt: str, listener: str, body: dict, bot_user_id: str | None,
               received_at: float | None = None) -> Entry:
        """Called in the ack path: the request is safe once this returns."""
        entry = Entry(receipt, listener, body, bot_user_id, time.time() if received_at is None else received_at)
        line = self._line(entry)
        with self._lock:
            self._pending[receipt] = entry
            fd = self._to_write()
        self._write(fd, line)
        return entry

    def done(self, receipt: str) -> None:
        with self._lock:
            if self._pending.pop(receipt, None) is None:
                return
            fd = self._to_write()
        self._write(fd, json.dumps({"d": receipt}) + "\n")
        with self._lock:
            kept = len(self._pending) + len(self._claims)
            if self._fd is not None and not self._compacting and self._lines > 1000 and self._lines > 4 * kept:
                self._compact()

    # Outbox rows being sent: a successor knows its predecessor died holding them, and hands them
    # back at once instead of waiting out their lease (a reaction to a post the bot has not
    # recorded yet would find no call for help meanwhile). A claim is written here *before* it
    # commits in the database, so no kill -9 falls between the two unseen.
    def claiming(self, message_id: int, token: str) -> None:
        with self._lock:
            self._claims[token] = message_id
            fd = self._to_write()
        self._write(fd, json.dumps({"c": message_id, "k": token}) + "\n")

    def released(self, token: str) -> None:
        with self._lock:
            if self._claims.pop(token, None) is None:
                return
            fd = self._to_write()
        self._write(fd, json.dumps({"x": token}) + "\n")

    def pending(self) -> list[Entry]:
        """What was acked and is not done yet, oldest first."""
        with self._lock:
            return sorted(self._pending.values(), key=lambda e: e.received_at)

    def close(self) -> None:
        with self._lock:
            while self._writing:
                self._writes_done.wait()
            if self._fd is not None:
                os.close(self._fd)
                self._fd = None


def journal_path(database_url: str, explicit: str | None = None, *, port: int = 3000) -> Path | None:
    """``COP_JOURNAL`` if set; else beside a SQLite database (``cop.db`` → ``cop.db.requests``); else
    in the working directory, one per port (each web process keeps its own)."""
    if explicit:
        return Path(explicit)
    if database_url.startswith("sqlite:"):
        if ":memory:" in database_url:
            return None
        return Path(database_url.removeprefix("sqlite:///") + ".requests")
    return Path(f"cop-requests-{port}.journal")
