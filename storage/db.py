"""Engines, sessions and the schema's migration to the latest version."""

import functools
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import event, text
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlmodel import Session, create_engine

from storage.models import Receipt

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
READING = "cop_reading"  # an execution option: this session only reads


class AlreadyDone(Exception):
    """The request whose receipt this session was to write has already had its effects stored."""


# What the drivers say when the database is out of reach for a while (down, restarting, the network):
# worth trying again later, unlike an error in what was asked of it.
_OUT_OF_REACH = ("connection refused", "could not connect", "server closed the connection", "terminating connection",
                 "connection is closed", "connection already closed", "no connection to the server",
                 "the database system is starting up", "the database system is shutting down", "consuming input failed",
                 "unable to open database file", "database is locked", "timeout expired", "connection timed out")


def out_of_reach(error: BaseException) -> bool:
    """The database could not be reached (rather than refusing what was asked)."""
    if isinstance(error, DBAPIError) and error.connection_invalidated:
        return True
    text = str(getattr(error, "orig", None) or error).lower()
    return isinstance(error, DBAPIError | OSError) and any(sign in text for sign in _OUT_OF_REACH)


def _create_private(url: str) -> None:
    """A new SQLite database file is readable by its owner only (it holds every workspace's tokens and
    what members wrote); SQLite gives its -wal and -shm files the same permissions. An existing file,
    or a folder that does not exist (``sqlite_file_problem`` says so), is left as it is."""
    path = _sqlite_file(url)
    if path is None or not path.parent.is_dir():
        return
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except OSError:  # it exists already, or cannot be created: SQLite will say why when it opens it
        pass


def make_engine(url: str, **kwargs) -> Engine:
    """An engine for ``url``; SQLite gets WAL, a busy timeout and foreign keys."""
    if url.startswith("sqlite"):
        _create_private(url)
        kwargs.setdefault("connect_args", {"check_same_thread": False, "timeout": 30})
        engine = create_engine(url, **kwargs)

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record):
            # We open transactions ourselves (below), so pysqlite must not.
            dbapi_connection.isolation_level = None
            cursor = dbapi_connection.cursor()
            if ":memory:" not in url and "mode=memory" not in url:
                cursor.execute("PRAGMA journal_mode=WAL")
                # In WAL mode NORMAL never corrupts the database; it may only lose the last
                # commits on a power cut, and spares an fsync per commit.
                cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA busy_timeout=30000")
            # Search reads long doclists: map the file (no copy per page read) and keep more of
            # it cached per connection than SQLite's 2 MB default.
            cursor.execute("PRAGMA mmap_size=268435456")
            cursor.execute("PRAGMA cache_size=-32768")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _begin_immediate(connection):
            # SQLite has one writer. A deferred transaction that reads then writes fails at once with
            # "database is locked" when another wrote meanwhile; taking the write lock up front makes
            # it wait its turn (busy_timeout) instead. A session that only reads (Database.reading)
            # takes no lock: in WAL mode it reads beside the writer.
            reading = connection.get_execution_options().get(READING)
            connection.exec_driver_sql("BEGIN" if reading else "BEGIN IMMEDIATE")

        return engine
    kwargs.setdefault("pool_pre_ping", True)
    return create_engine(url, **kwargs)


def alembic_config(engine: Engine) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False).replace("%", "%%"))
    return cfg


@dataclass(frozen=True)
class Migrated:
    """What ``migrate`` did: the schema's migration before and after, and how many ran."""

    before: str | None  # None: the database was empty
    after: str
    steps: int


@functools.cache
def _head() -> str | None:
    """The latest migration, read once per process (Alembic compiles every migration file to find it)."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory(str(MIGRATIONS)).get_current_head()


@contextmanager
def _foreign_keys_off(connection: Connection) -> Iterator[None]:
    """On SQLite, foreign keys off while migrations run: a migration that rebuilds a table drops the old
    one, and SQLite would first delete its rows, cascading to every child row (SQLite's documentation
    on changing a table's schema). Set outside any transaction (inside one SQLite ignores it)."""
    if connection.dialect.name != "sqlite":
        yield
        return
    raw = connection.connection.driver_connection
    assert raw is not None  # a live connection: migrate opened it just now
    raw.execute("PRAGMA foreign_keys=OFF")
    try:
        yield
    finally:
        raw.execute("PRAGMA foreign_keys=ON")


def _foreign_keys_hold(connection: Connection) -> None:
    """After the migrations, before their commit: no row names a parent that is not there."""
    if connection.dialect.name == "sqlite":
        broken = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
        if broken:
            raise RuntimeError(f"the migration left {len(broken)} rows whose parent is missing: {broken[:5]}")


def migrate(engine: Engine) -> Migrated:
    """Bring the schema to the latest migration (safe to repeat); says what it did."""
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    cfg = alembic_config(engine)
    with engine.connect() as connection, _foreign_keys_off(connection):
        with connection.begin():
            before = MigrationContext.configure(connection).get_current_revision()
            if before is not None and before == _head():  # at every start: nothing to load, nothing to run
                return Migrated(before, before, 0)
            cfg.attributes["connection"] = connection
            command.upgrade(cfg, "head")
            after = MigrationContext.configure(connection).get_current_revision()
            _foreign_keys_hold(connection)
    assert after is not None  # upgraded to head: the database has a revision
    steps = 0 if before == after else sum(
        1 for _ in ScriptDirectory.from_config(cfg).iterate_revisions(after, before or "base"))
    return Migrated(before, after, steps)


def sqlite_file_problem(url: str) -> str | None:
    """Why SQLite cannot open or write the database file of ``url`` (a missing folder, a read-only
    file, folder or disk), naming the path; None when nothing stands in the way (or not SQLite).

    SQLite itself says only "unable to open database file" or "attempt to write a readonly database".
    It writes two files beside the database (``-wal`` and ``-shm``): its folder must be writable too."""
    path = _sqlite_file(url)
    if path is None:
        return None
    folder = path.parent
    if not folder.exists():
        return f"the folder {folder} does not exist: create it, or point DATABASE_URL to a folder that does."
    if not folder.is_dir():
        return f"{folder} is a file, not a folder."
    if path.is_dir():
        return f"{path} is a folder: name the database file inside it, such as sqlite:///{path / 'cop.db'}."
    if not os.access(folder, os.X_OK):
        return f"this user ({_user()}) may not enter the folder {folder}: check its permissions."
    if path.exists() and (problem := _file_problem(path)) is not None:
        return problem
    if not os.access(folder, os.W_OK):
        where = "is on a disk mounted read-only" if _read_only_disk(folder) \
            else f"is read-only for this user ({_user()})"
        return (f"the folder {folder} {where}: SQLite writes its journal files (-wal, -shm) beside the "
                "database, so the folder must be writable.")
    return None


def _sqlite_file(url: str) -> Path | None:
    """The database file of a SQLite URL; None for another engine or a database in memory."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:" \
            or parsed.database.startswith("file:") or parsed.query.get("mode") == "memory":
        return None
    return Path(parsed.database).absolute()


def _file_problem(path: Path) -> str | None:
    if not os.access(path, os.R_OK):
        return f"this user ({_user()}) may not read the file {path}: check its owner and permissions."
    if not os.access(path, os.W_OK):
        if _read_only_disk(path):
            return f"the file {path} is on a disk mounted read-only: cop-bot writes to its database."
        return (f"the file {path} is read-only for this user ({_user()}): cop-bot writes to its database; "
                "check its owner and permissions.")
    return None


def _read_only_disk(path: Path) -> bool:
    try:
        return bool(os.statvfs(path).f_flag & os.ST_RDONLY)
    except (AttributeError, OSError):  # not on this system
        return False


def _user() -> str:
    try:
        import pwd

        return pwd.getpwuid(os.geteuid()).pw_name
    except (ImportError, KeyError):
        return f"uid {os.geteuid()}" if hasattr(os, "geteuid") else "this account"


def schema_revisions(engine: Engine) -> tuple[str | None, str]:
    """(the database's migration, the latest one): equal when the schema is up to date."""
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config(engine)).get_current_head()
    assert head is not None  # the package ships its migrations
    with engine.connect() as connection:
        current = MigrationContext.configure(connection).get_current_revision()
    return current, head


def database_answers(engine: Engine) -> bool:
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        return True
    except Exception:  # noqa: BLE001 - any driver error means "not answering"; /healthz reports it
        return False


class Database:
    """The engine plus a transactional session scope."""

    def __init__(self, engine: Engine):
        self.engine = engine

    @classmethod
    def from_url(cls, url: str) -> "Database":
        return cls(make_engine(url))

    @contextmanager
    def session(self, *, receipt: str | None = None, team_id: str = "") -> Iterator[Session]:
        """A session committed when the block ends, rolled back if it raises.

        With ``receipt`` (the Slack request it serves), the receipt is written first, in the same
        transaction as the effects: if it is already there, ``AlreadyDone`` is raised and nothing
        runs, so a request run twice changes nothing twice."""
        with Session(self.engine, expire_on_commit=False) as session:
            try:
                if receipt is not None:
                    try:
                        with session.begin_nested():
                            session.add(Receipt(key=receipt[:120], team_id=team_id))
                    except IntegrityError:
                        raise AlreadyDone(receipt) from None
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A session that only reads: on SQLite it takes no write lock, so searches and the Home tab
        never wait behind a write. Anything it changes is discarded."""
        # Closing without a commit ends the transaction: nothing is kept, and what was read stays
        # readable on the detached objects (a rollback would expire them).
        with Session(self.engine.execution_options(**{READING: True}), expire_on_commit=False) as session:
            yield session
