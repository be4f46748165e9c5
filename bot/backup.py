"""``cop-bot backup <file>``: a consistent copy of the database while the bot runs.

SQLite: its online backup API (pages copied under SQLite's own locking: writers are never
stopped, and the copy is one point in time). PostgreSQL: ``pg_dump`` in its custom format (restore
with ``pg_restore``), which reads one snapshot without blocking the bot.
"""

import os
import shutil
import sqlite3
import subprocess
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
        partial = target.with_name(target.name + ".partial")
        with sqlite3.connect(source) as origin, sqlite3.connect(partial) as copy:
            origin.backup(copy, pages=1024)
        os.replace(partial, target)  # a copy is only ever seen whole
        return f"SQLite database copied to {target} ({target.stat().st_size:,} bytes)."
    pg_dump = shutil.which("pg_dump")
    if pg_dump is None:
        raise BackupError("pg_dump is not installed here: install PostgreSQL's client tools (Debian: "
                          "postgresql-client), or run pg_dump -Fc where it is installed.")
    environment = {**os.environ, "PGPASSWORD": url.password or os.environ.get("PGPASSWORD", "")}
    libpq = url.set(drivername="postgresql", password=None).render_as_string(hide_password=False)
    command = [pg_dump, "--format=custom", "--no-owner", f"--file={target}", f"--dbname={libpq}"]
    done = subprocess.run(command, env=environment, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no message"])[-1]
        raise BackupError(f"pg_dump failed: {last}")
    return f"PostgreSQL database dumped to {target} ({target.stat().st_size:,} bytes; restore with pg_restore)."
