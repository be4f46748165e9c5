"""``cop-bot backup <file>``: a consistent copy of the database while the bot runs.

SQLite: its online backup API (pages copied under SQLite's own locking: writers are never
stopped, and the copy is one point in time). PostgreSQL: ``pg_dump`` in its custom format (restore
with ``pg_restore``), which reads one snapshot without blocking the bot.

A copy holds every workspace's tokens: it is readable by its owner only (0600), from its first byte
(the file is created so, not narrowed afterwards), and it appears whole or not at all.
"""

import os
import shutil
import sqlite3
import subprocess
from contextlib import closing
from pathlib import Path

from sqlalchemy.engine import make_url


class BackupError(Exception):
    """The one line to show the admin."""


def backup(database_url: str, target: Path) -> str:
    """Write the copy to ``target``; returns what was done, for the admin."""
    url = make_url(database_url)
    if target.exists() and target.is_dir():
        raise BackupError(f"{target} is a directory: name the file to write, such as {target / 'cop.db'}.")
    if not target.parent.is_dir():
        raise BackupError(f"the directory {target.parent} does not exist.")
    if url.get_backend_name() == "sqlite":
        source = url.database
        if not source or source == ":memory:" or not Path(source).is_file():
            raise BackupError(f"there is no SQLite database at {source!r} (DATABASE_URL).")
        partial, descriptor = _private_file(target)
        os.close(descriptor)  # SQLite opens the empty file as an empty database; its journal takes its mode
        try:
            with closing(sqlite3.connect(source)) as origin, closing(sqlite3.connect(partial)) as copy:
                origin.backup(copy, pages=1024)
            os.replace(partial, target)  # a copy is only ever seen whole
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        return f"SQLite database copied to {target} ({target.stat().st_size:,} bytes, readable by its owner only)."
    pg_dump = shutil.which("pg_dump")
    if pg_dump is None:
        raise BackupError("pg_dump is not installed here: install PostgreSQL's client tools (Debian: "
                          "postgresql-client), or run pg_dump -Fc where it is installed.")
    environment = {**os.environ, "PGPASSWORD": url.password or os.environ.get("PGPASSWORD", "")}
    libpq = url.set(drivername="postgresql", password=None).render_as_string(hide_password=False)
    command = [pg_dump, "--format=custom", "--no-owner", f"--dbname={libpq}"]
    partial, descriptor = _private_file(target)
    try:
        with os.fdopen(descriptor, "wb") as out:  # pg_dump writes to its standard output: the 0600 file
            done = subprocess.run(command, env=environment, stdout=out, stderr=subprocess.PIPE,  # noqa: S603
                                  text=True, check=False)
        if done.returncode != 0:
            last = (done.stderr.strip().splitlines() or ["no message"])[-1]
            raise BackupError(f"pg_dump failed: {last}")
        os.replace(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return (f"PostgreSQL database dumped to {target} ({target.stat().st_size:,} bytes, readable by its owner only; "
            "restore with pg_restore).")


def _private_file(target: Path) -> tuple[Path, int]:
    """A new, empty file beside ``target`` that only its owner may read or write (0600 whatever the
    umask), open for writing: (its path, its descriptor)."""
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)  # left by a backup that was stopped: it may have other permissions
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    return partial, descriptor
