"""sqlite ids never reused: every table with an integer id is rebuilt AUTOINCREMENT on SQLite

Without AUTOINCREMENT, SQLite gives a new row the id of the newest row deleted before it: a lesson
posted right after the newest lesson was deleted took its id, met that lesson's card in the outbox
(``lesson:<id>:post``, already sent) and was never posted. PostgreSQL's sequences never reuse an id:
nothing changes there.

Each table is rebuilt as SQLite's documentation says (https://sqlite.org/lang_altertable.html, "making
other kinds of table schema changes"): its own CREATE statement with ``AUTOINCREMENT`` on the id, the
rows copied with their ids, the old table dropped, the new one renamed, its indexes and triggers
re-created from their own SQL. ``storage.db.migrate`` turns SQLite's foreign keys off for the
migration (dropping a community's table would otherwise cascade to every child row) and checks them
after.

Revision ID: 0060
Revises: 0055
Create Date: 2026-12-03 19:55:00
"""

from alembic import op

from storage.sqlite_ids import integer_id_tables, rebuilt


revision = '0060'
down_revision = '0055'
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    for table, already in integer_id_tables(bind).items():
        if not already:
            rebuilt(bind, table)


def downgrade() -> None:
    pass  # AUTOINCREMENT only keeps ids from being reused: the tables need no change to go back
