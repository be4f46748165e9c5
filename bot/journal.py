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

One process, one journal: the file is held with an exclusive lock (on ``<journal>.lock``, which
compaction never replaces) for as long as the process runs, so that no second process can append
to it or rewrite it under the first. Each run of a request's work is written down (``a``) and each
failure the bot caught (``f``), so that a request that keeps failing, or that kills the process
while it runs, is set aside after a few tries, across restarts, instead of blocking the others.
Done entries leave the disk promptly: the file is emptied whenever nothing is owed, and rewritten
with only what is owed once it has grown, or at once after a person is forgotten.
"""

import fcntl
import json
import logging
import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path

logger = logging.getLogger(__name__)
_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode  # made once: json.dumps with
# options builds a new encoder at every call, in the ack path

class JournalInUse(Exception):
    """Another process holds this journal: two processes must never share one."""

    def __init__(self, path: Path):
        super().__init__(f"{path} is used by another cop-bot process")
        self.path = path


@dataclass(frozen=True)
class Entry:
    receipt: str  # Slack's id for the request (event_id or trigger_id), prefixed with its workspace
    listener: str  # the wired listener that does its work
    body: dict  # the payload, as Slack sent it
    bot_user_id: str | None
    received_at: float  # time.time() when it reached the bot


class Journal:
    def __init__(self, path: Path | None):
        """``path``: the file; ``None`` keeps the journal in memory only (nothing survives a crash).
        Raises ``JournalInUse`` when another process holds the file."""
        self.path = path
        self._lock = threading.Lock()
        # Lines are written outside the lock (a write(2) releases the GIL: holding a lock across it
        # queued every ack behind the GIL's 5 ms switch interval); compaction waits for the writes
        # in flight before it closes the file they write to.
        self._writes_done = threading.Condition(self._lock)
        self._writing = 0
        self._compacting = False
        self._pending: dict[str, Entry] = {}  # receipt → entry, recorded and not yet done
        self._runs: dict[str, int] = {}  # receipt → how many times its work started
        self._failures: dict[str, int] = {}  # receipt → how many of those runs failed (caught by the bot)
        self._compact_when_done: set[str] = set()  # receipts whose done rewrites the file (a person forgotten)
        self._claims: dict[str, int] = {}  # claim token → outbox row, for the rows this process is sending now
        self._fd: int | None = None
        self._lock_fd: int | None = None
        self._lines = 0
        self.orphaned_claims: list[str] = []  # claims the process before this one held when it stopped
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._hold(path)
            self._pending, self._claims, self._runs, self._failures = self._read(path)
            self.orphaned_claims = sorted(self._claims)
            with self._lock:
                self._compact()

    def _hold(self, path: Path) -> None:
        """The exclusive lock for this process's lifetime (released by the kernel if it dies)."""
        fd = os.open(path.with_name(path.name + ".lock"), os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise JournalInUse(path) from None
        self._lock_fd = fd

    @staticmethod
    def _read(path: Path) -> tuple[dict[str, Entry], dict[str, int], dict[str, int], dict[str, int]]:
        pending: dict[str, Entry] = {}
        claims: dict[str, int] = {}
        runs: dict[str, int] = {}
        failures: dict[str, int] = {}
        if not path.exists():
            return pending, claims, runs, failures
        with path.open(encoding="utf-8", errors="replace") as f:
            for line in f:
                try:
                    record = json.loads(line)
                    if "d" in record:
                        pending.pop(record["d"], None)
                    elif "a" in record:
                        runs[record["a"]] = runs.get(record["a"], 0) + int(record.get("n", 1))
                    elif "f" in record:
                        failures[record["f"]] = failures.get(record["f"], 0) + int(record.get("n", 1))
                    elif "c" in record:
                        if "k" in record:  # (an older bot's lines name no claim: their lease runs out)
                            claims[record["k"]] = record["c"]
                    elif "x" in record:
                        claims.pop(record["x"], None)
                    elif "r" in record:
                        pending[record["r"]] = Entry(record["r"], record["l"], record["b"], record.get("u"),
                                                     record["t"])
                except (ValueError, TypeError, KeyError, AttributeError):
                    continue  # a line cut by a crash mid-write (its request was never acked), or not ours
        runs = {receipt: n for receipt, n in runs.items() if receipt in pending}
        failures = {receipt: n for receipt, n in failures.items() if receipt in pending}
        return pending, claims, runs, failures

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
        """The file anew with only what is owed. The lock file, not this one, is what other processes
        would meet: replacing this one is safe."""
        assert self.path is not None
        if not self._pending and not self._claims and self._fd is not None:
            os.ftruncate(self._fd, 0)  # nothing owed (the usual case): emptied in place, no new file
            self._lines = 0
            return
        fresh = self.path.with_suffix(self.path.suffix + ".new")
        with fresh.open("w", encoding="utf-8") as f:
            for entry in self._pending.values():
                f.write(self._line(entry))
                if self._runs.get(entry.receipt):
                    f.write(json.dumps({"a": entry.receipt, "n": self._runs[entry.receipt]}) + "\n")
                if self._failures.get(entry.receipt):
                    f.write(json.dumps({"f": entry.receipt, "n": self._failures[entry.receipt]}) + "\n")
            for token, message_id in self._claims.items():
                f.write(json.dumps({"c": message_id, "k": token}) + "\n")
            f.flush()
            os.fsync(f.fileno())
        os.chmod(fresh, 0o600)
        os.replace(fresh, self.path)
        if self._fd is not None:
            os.close(self._fd)
        self._fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        self._lines = len(self._pending) + len(self._claims)

    @staticmethod
    def _line(entry: Entry) -> str:
        return _ENCODE({"r": entry.receipt, "l": entry.listener, "b": entry.body, "u": entry.bot_user_id,
                        "t": entry.received_at}) + "\n"

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

    def started(self, receipt: str) -> int:
        """A run of the request's work begins; returns how many runs before this one did not finish
        well (failed, or died with the process)."""
        with self._lock:
            if receipt not in self._pending:
                return 0
            before = self._runs.get(receipt, 0)
            self._runs[receipt] = before + 1
            fd = self._to_write()
        self._write(fd, json.dumps({"a": receipt}) + "\n")
        return before

    def failed(self, receipt: str) -> int:
        """The run failed (the bot caught it); returns how many runs of it have failed so far."""
        with self._lock:
            if receipt not in self._pending:
                return 0
            self._failures[receipt] = count = self._failures.get(receipt, 0) + 1
            fd = self._to_write()
        self._write(fd, json.dumps({"f": receipt}) + "\n")
        return count

    def failures(self, receipt: str) -> tuple[int, int]:
        """(runs started, runs failed) of a pending request, this process's and its predecessors'."""
        with self._lock:
            return self._runs.get(receipt, 0), self._failures.get(receipt, 0)

    def compact_when_done(self, receipt: str) -> None:
        """When ``receipt`` is done, rewrite the file at once (after a person is forgotten, their id and
        words must not wait on disk for the next compaction)."""
        with self._lock:
            self._compact_when_done.add(receipt)

    def done(self, receipt: str) -> None:
        with self._lock:
            if self._pending.pop(receipt, None) is None:
                return
            self._runs.pop(receipt, None)
            self._failures.pop(receipt, None)
            fd = self._to_write()
        self._write(fd, json.dumps({"d": receipt}) + "\n")
        with self._lock:
            forced = receipt in self._compact_when_done
            self._compact_when_done.discard(receipt)
            self._tidy(forced=forced)

    def _tidy(self, *, forced: bool = False) -> None:
        """With the lock held, after a line that ends something: empty the file when nothing is owed,
        rewrite it when it is mostly what is no longer owed."""
        kept = len(self._pending) + len(self._claims)
        if self._fd is not None and not self._compacting and (
                forced or (not kept and self._lines) or (self._lines > 64 and self._lines > 4 * kept)):
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
        with self._lock:
            self._tidy()

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
            if self._lock_fd is not None:
                os.close(self._lock_fd)  # the lock goes with it
                self._lock_fd = None


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
