"""On SQLite, an id once used is never given again (``AUTOINCREMENT``).

Without it SQLite hands a new row the largest id in use plus one: after the newest row is deleted,
its id comes back, and whatever still names that id (a card already sent in the outbox, a reminder,
a person's reliance on a practice) is taken for the new row's. Every table with an integer id is
created ``AUTOINCREMENT``: the models say so (``sqlite_autoincrement`` on each table with one integer
primary key) and migration 0060 rebuilt the tables of databases made before it. A new migration that
creates such a table passes ``sqlite_autoincrement=True`` to ``op.create_table`` (a test checks the
migrated schema)."""

import re
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, MetaData

_PK_CLAUSE = re.compile(r",\s*PRIMARY KEY \((\w+)\)")


def integer_id(columns: Sequence[Any]) -> str | None:
    """The name of the table's one integer primary key column, from ``PRAGMA table_info`` rows
    (cid, name, type, notnull, default, pk); None for a composite or non-integer key."""
    keys = [c for c in columns if c[5]]
    if len(keys) == 1 and keys[0][2].upper() == "INTEGER":
        return keys[0][1]
    return None


def integer_id_tables(connection: Connection) -> dict[str, bool]:
    """Each table with an integer id → whether SQLite already declares it ``AUTOINCREMENT``."""
    rows = connection.exec_driver_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all()
    virtual = [name for name, sql in rows if sql.upper().startswith("CREATE VIRTUAL TABLE")]
    found = {}
    for name, sql in rows:
        if any(name == v or name.startswith(f"{v}_") for v in virtual):  # full-text search's own tables
            continue
        if integer_id(connection.exec_driver_sql(f'PRAGMA table_info("{name}")').all()) is not None:
            found[name] = "AUTOINCREMENT" in sql.upper()
    return found


def autoincrement_sql(sql: str, column: str) -> str:
    """A table's CREATE statement (as SQLAlchemy writes it: ``id INTEGER NOT NULL, …, PRIMARY KEY (id)``)
    with its id declared ``PRIMARY KEY AUTOINCREMENT`` instead."""
    clause = _PK_CLAUSE.search(sql)
    declared = re.search(rf"(\(\s*|,\s*){column} INTEGER NOT NULL(?=\s*,)", sql)
    if clause is None or clause.group(1) != column or declared is None:
        raise ValueError(f"unexpected CREATE TABLE, cannot add AUTOINCREMENT: {sql}")
    sql = sql[:clause.start()] + sql[clause.end():]
    return sql[:declared.end()] + " PRIMARY KEY AUTOINCREMENT" + sql[declared.end():]


def rebuilt(connection: Connection, table: str) -> None:
    """Rebuild ``table`` with an ``AUTOINCREMENT`` id, keeping its rows, ids, indexes and triggers."""
    sql = connection.exec_driver_sql("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?",
                                     (table,)).scalar_one()
    column = integer_id(connection.exec_driver_sql(f'PRAGMA table_info("{table}")').all())
    assert column is not None  # integer_id_tables chose it for its integer id
    extras = connection.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE tbl_name = ? AND type IN ('index', 'trigger') AND sql IS NOT NULL",
        (table,)).scalars().all()
    temporary = f"_autoincrement_{table}"
    create = autoincrement_sql(sql, column)
    create = re.sub(rf'^CREATE TABLE "?{re.escape(table)}"?', f'CREATE TABLE "{temporary}"', create)
    connection.exec_driver_sql(create)
    names = ", ".join(f'"{row[1]}"' for row in connection.exec_driver_sql(f'PRAGMA table_info("{table}")'))
    copy = f'INSERT INTO "{temporary}" ({names}) SELECT {names} FROM "{table}"'  # noqa: S608 (the schema's own names)
    connection.exec_driver_sql(copy)
    connection.exec_driver_sql(f'DROP TABLE "{table}"')
    connection.exec_driver_sql(f'ALTER TABLE "{temporary}" RENAME TO "{table}"')
    for statement in extras:
        connection.exec_driver_sql(statement)


def declare(metadata: MetaData) -> None:
    """Mark every table of ``metadata`` with one integer primary key ``sqlite_autoincrement``."""
    for table in metadata.tables.values():
        keys = list(table.primary_key.columns)
        if len(keys) == 1 and keys[0].type.python_type is int:
            table.dialect_options["sqlite"]["autoincrement"] = True
