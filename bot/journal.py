"""The journal of requests acked to Slack: written before the ack leaves, marked done once the
work behind it is, read again at start. Slack never resends what it saw acknowledged, so this is
what makes "acked" mean "will be done", through a crash (kill -9) or a database outage.

A file of JSON lines apart from the database, appended through a shared memory map of it: a line
is a memory copy in the ack path — no system call, so the ack's thread never lets go of the GIL (a
write(2) does, and under load the thread then waits behind the work threads for up to the
interpreter's 5 ms switch interval: acks' p99 rose by a half when they were first journaled so).
The pages of a shared map are the kernel's page cache: what was copied is safe from the process
dying, as with write(2); as with the database's own WAL (synchronous=NORMAL), the last moments
before a power cut may be lost. The file is zeros past its last line; a reader stops at the first.
No lock is shared with the database's writers (a row in SQLite before each ack cost its writers
their turn: p99 680–890 ms). Exactly-once is the database's part: the work writes
the request's receipt in the same transaction as its effects (storage.db.Database.session), so
a request run again after a crash changes nothing twice.

One process, one journal: the file is held with an exclusive lock (on ``<journal>.lock``, which
compaction never replaces) for as long as the process runs, so that no second process can append
to it or rewrite it under the first. Each run of a request's work is written down (``a``) and each
failure the bot caught (``f``), so that a request that keeps failing, or that kills the process
while it runs, is set aside after a few tries, across restarts, instead of blocking the others.
Done entries leave the disk promptly: the file is emptied whenever nothing is owed, and rewritten
with only what is owed once it is mostly what is no longer owed, or at once after a person is forgotten.

Nothing slow happens in the ack path, nor under the lock the acks take: a full file grows in place
(its map made bigger, no line copied again), and a rewrite (compaction) runs in the thread that ended
something — its new file written and synced without the lock, the lines that came meanwhile added
before it takes the old one's place. (A rewrite of 2,000 owed requests under the lock in the ack path
cost the acks behind it 40–100 ms: most of a busy burst's p99.)
"""

import fcntl
import json
import logging
import mmap
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


class _MappedFile:
    """A file written through a shared memory map: ``append`` copies bytes after the last ones and a
    zero byte after them (a reader stops there); ``False`` when there is no room (``grow`` then makes
    some)."""

    SMALLEST = 1 << 20  # 1 MiB: some 2,000 acked slash commands

    def __init__(self, path: Path, content: bytes, *, replace: bool = True):
        """The file at ``path`` with ``content``, synced; with ``replace=False`` it is written beside
        it (``.compact``) and takes its place only at ``install``."""
        self.capacity = max(self.SMALLEST, 4 * len(content))
        self.path = path
        self.fresh = path.with_suffix(path.suffix + (".new" if replace else ".compact"))
        fd = os.open(self.fresh, os.O_RDWR | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            os.write(fd, content)
            os.ftruncate(fd, self.capacity)  # zeros past the content: sparse, nothing written
            os.fsync(fd)
            self.map = mmap.mmap(fd, self.capacity, mmap.MAP_SHARED, mmap.PROT_READ | mmap.PROT_WRITE)
        finally:
            os.close(fd)  # the map keeps the file
        self.used = len(content)
        if replace:
            self.install()

    def install(self) -> None:
        """The file another reader would meet is whole, old or new."""
        os.replace(self.fresh, self.path)

    def append(self, data: bytes) -> bool:
        end = self.used + len(data)
        if end + 1 > self.capacity:
            return False
        self.map[self.used:end] = data  # a memcpy: the GIL is held throughout
        self.used = end
        return True

    def grow(self, needed: int) -> bool:
        """Room for ``needed`` more bytes, and as many again thrice: the file made longer (sparse zeros)
        and its map with it, the lines already there untouched; ``False`` if the system refuses."""
        try:
            self.map.resize(max(4 * self.capacity, 2 * (self.used + needed + 1)))
        except (OSError, ValueError, SystemError):
            return False
        self.capacity = len(self.map)
        return True

    def empty(self) -> None:
        """Nothing is owed: the lines go (zeroed in place, so that the disk forgets them too)."""
        self.map[:self.used] = bytes(self.used)
        self.used = 0

    def close(self) -> None:
        self.map.close()


def _content(path: Path) -> str:
    """The journal's lines: the file up to its first zero byte."""
    if not path.exists():
        return ""
    return path.read_bytes().split(b"\0", 1)[0].decode("utf-8", errors="replace")


class Journal:
    def __init__(self, path: Path | None):
        """``path``: the file; ``None`` keeps the journal in memory only (nothing survives a crash).
        Raises ``JournalInUse`` when another process holds the file."""
        self.path = path
        # Every change, and the memory copy of its line, under this lock: nothing in it releases the GIL.
        self._lock = threading.Lock()
        self._pending: dict[str, Entry] = {}  # receipt → entry, recorded and not yet done
        self._encoded: dict[str, bytes] = {}  # receipt → its line, as written (a rewrite copies it)
        self._runs: dict[str, int] = {}  # receipt → how many times its work started
        self._failures: dict[str, int] = {}  # receipt → how many of those runs failed (caught by the bot)
        self._compact_when_done: set[str] = set()  # receipts whose done rewrites the file (a person forgotten)
        self._claims: dict[str, int] = {}  # claim token → outbox row, for the rows this process is sending now
        self._file: _MappedFile | None = None
        self._lock_fd: int | None = None
        self._lines = 0
        self._since: list[bytes] | None = None  # while a rewrite is written: the lines appended meanwhile
        self._rewriting = threading.Lock()  # one rewrite at a time (taken before _lock, never inside it)
        self._emptied_times = 0
        self.orphaned_claims: list[str] = []  # claims the process before this one held when it stopped
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._hold(path)
            # a rewrite the process before this one did not finish: never read, and it may hold what must go
            path.with_suffix(path.suffix + ".compact").unlink(missing_ok=True)
            self._pending, self._claims, self._runs, self._failures = self._read(path)
            self._encoded = {receipt: self._line(entry).encode("utf-8") for receipt, entry in self._pending.items()}
            self.orphaned_claims = sorted(self._claims)
            with self._lock:
                self._rewrite()

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
        for line in _content(path).splitlines():
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
                continue  # a line cut by a crash mid-copy (its request was never acked), or not ours
        runs = {receipt: n for receipt, n in runs.items() if receipt in pending}
        failures = {receipt: n for receipt, n in failures.items() if receipt in pending}
        return pending, claims, runs, failures

    def _owed(self) -> bytes:
        """With the lock held: the file's content with only what is owed."""
        lines = []
        for receipt, line in self._encoded.items():
            lines.append(line)
            if self._runs.get(receipt):
                lines.append((_ENCODE({"a": receipt, "n": self._runs[receipt]}) + "\n").encode("utf-8"))
            if self._failures.get(receipt):
                lines.append((_ENCODE({"f": receipt, "n": self._failures[receipt]}) + "\n").encode("utf-8"))
        lines += [(_ENCODE({"c": message_id, "k": token}) + "\n").encode("utf-8")
                  for token, message_id in self._claims.items()]
        return b"".join(lines)

    def _rewrite(self) -> None:
        """With the lock held: the file anew with only what is owed (at start, or when a full file could
        not grow). The lock file, not this one, is what other processes meet: replacing this one is safe."""
        assert self.path is not None
        if self._file is not None:
            self._file.close()
        self._file = _MappedFile(self.path, self._owed())
        self._lines = len(self._pending) + len(self._claims)

    def _compact(self, *, forced: bool) -> None:
        """Without the lock: the file rewritten with only what is owed, or emptied when nothing is. The
        new file is written and synced while acks go on (their lines kept aside, then added to it), and
        takes the old one's place under the lock. ``forced``: even if another thread is rewriting (its
        copy may hold what must go), wait for it and rewrite again."""
        if not self._rewriting.acquire(blocking=forced):
            return  # another thread is at it
        try:
            with self._lock:
                if self._file is None or self.path is None:
                    return
                if not self._pending and not self._claims:
                    self._emptied()
                    return
                content, self._since = self._owed(), []
                lines, emptied = len(self._pending) + len(self._claims), self._emptied_times
            try:
                fresh = _MappedFile(self.path, content, replace=False)
            except BaseException:
                with self._lock:
                    self._since = None
                raise
            self._install(fresh, lines, emptied)
        finally:
            self._rewriting.release()

    def _install(self, fresh: _MappedFile, lines: int, emptied: int) -> None:
        """The rewritten file, with the lines appended since its content was taken, in the old one's
        place; dropped if the old one was emptied meanwhile (it then holds only what came since, and
        the rewrite would bring back what it had let go) or closed."""
        with self._lock:
            since, self._since = self._since or [], None
            if self._file is None or emptied != self._emptied_times:
                fresh.close()
                fresh.fresh.unlink(missing_ok=True)
                return
            for line in since:
                if not fresh.append(line) and not (fresh.grow(len(line)) and fresh.append(line)):
                    fresh.close()  # no room, and none to be had: the old file (complete) stays
                    fresh.fresh.unlink(missing_ok=True)
                    return
            fresh.install()
            self._file.close()
            self._file, self._lines = fresh, lines + len(since)

    def _emptied(self) -> None:
        """With the lock held: nothing is owed, so nothing is kept on disk."""
        if self._file is not None:
            self._file.empty()
        self._lines = 0
        self._emptied_times += 1

    @staticmethod
    def _line(entry: Entry) -> str:
        return _ENCODE({"r": entry.receipt, "l": entry.listener, "b": entry.body, "u": entry.bot_user_id,
                        "t": entry.received_at}) + "\n"

    def _append(self, line: str | bytes) -> None:
        """With the lock held, after the change is made in memory: its line, after the others. A full
        file grows (a rewrite with the change in it, if it cannot: the line is then not needed)."""
        if self._file is None:
            return
        data = line.encode("utf-8") if isinstance(line, str) else line
        self._lines += 1
        if self._since is not None:
            self._since.append(data)
        if not self._file.append(data) and not (self._file.grow(len(data)) and self._file.append(data)):
            self._rewrite()

    def record(self, *, receipt: str, listener: str, body: dict, bot_user_id: str | None,
               received_at: float | None = None) -> Entry:
        """Called in the ack path: the request is safe once this returns."""
        entry = Entry(receipt, listener, body, bot_user_id, time.time() if received_at is None else received_at)
        line = self._line(entry).encode("utf-8")
        with self._lock:
            self._pending[receipt] = entry
            self._encoded[receipt] = line
            self._append(line)
        return entry

    def started(self, receipt: str) -> int:
        """A run of the request's work begins; returns how many runs before this one did not finish
        well (failed, or died with the process)."""
        with self._lock:
            if receipt not in self._pending:
                return 0
            before = self._runs.get(receipt, 0)
            self._runs[receipt] = before + 1
            self._append(_ENCODE({"a": receipt}) + "\n")
        return before

    def failed(self, receipt: str) -> int:
        """The run failed (the bot caught it); returns how many runs of it have failed so far."""
        with self._lock:
            if receipt not in self._pending:
                return 0
            self._failures[receipt] = count = self._failures.get(receipt, 0) + 1
            self._append(_ENCODE({"f": receipt}) + "\n")
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
            self._encoded.pop(receipt, None)
            self._runs.pop(receipt, None)
            self._failures.pop(receipt, None)
            self._append(_ENCODE({"d": receipt}) + "\n")
            forced = receipt in self._compact_when_done
            self._compact_when_done.discard(receipt)
            rewrite = self._tidy(forced=forced)
        if rewrite:
            self._compact(forced=forced)

    def _tidy(self, *, forced: bool = False) -> bool:
        """With the lock held, after a line that ends something: empty the file when nothing is owed;
        ``True`` when it should be rewritten (it is mostly what is no longer owed), once the lock is let go."""
        if self._file is None:
            return False
        kept = len(self._pending) + len(self._claims)
        if not kept:
            if self._lines:
                self._emptied()
            return False
        return forced or (self._lines > 64 and self._lines > 4 * kept)

    # Outbox rows being sent: a successor knows its predecessor died holding them, and hands them
    # back at once instead of waiting out their lease (a reaction to a post the bot has not
    # recorded yet would find no call for help meanwhile). A claim is written here *before* it
    # commits in the database, so no kill -9 falls between the two unseen.
    def claiming(self, message_id: int, token: str) -> None:
        with self._lock:
            self._claims[token] = message_id
            self._append(_ENCODE({"c": message_id, "k": token}) + "\n")

    def released(self, token: str) -> None:
        with self._lock:
            if self._claims.pop(token, None) is None:
                return
            self._append(_ENCODE({"x": token}) + "\n")
            rewrite = self._tidy()
        if rewrite:
            self._compact(forced=False)

    def pending(self) -> list[Entry]:
        """What was acked and is not done yet, oldest first."""
        with self._lock:
            return sorted(self._pending.values(), key=lambda e: e.received_at)

    def close(self) -> None:
        with self._lock:
            if self._file is not None:
                self._file.close()
                self._file = None
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
