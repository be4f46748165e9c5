"""search: PostgreSQL's two GIN indexes (the documents' tsvector, the words' trigrams) without a pending list

Revision ID: 0061
Revises: 0060
Create Date: 2026-12-03 19:20:30.672457

With ``fastupdate`` on (PostgreSQL's default), a GIN index gathers new entries in an unsorted pending list
(up to ``gin_pending_list_limit``, 4 MB) until a vacuum merges them, and every search reads that whole list:
at 100,000 lessons a search through the index read 330 pages of it for a handful of matches (docs/benchmarks.md,
issue 27 item 6). Lessons arrive one at a time and are searched far more often than written: each insert now
updates the index itself, and the list already gathered is merged here. Nothing to do on SQLite.
"""

from alembic import op

revision = '0061'
down_revision = '0060'
branch_labels = None
depends_on = None

INDEXES = ("ix_search_documents_terms", "ix_search_words_trigram")


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for index in INDEXES:
        op.execute(f"ALTER INDEX {index} SET (fastupdate = off)")
        # Merges what the pending list holds (setting the option only stops it from growing).
        op.execute(f"SELECT gin_clean_pending_list('{index}'::regclass)")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for index in INDEXES:
        op.execute(f"ALTER INDEX {index} RESET (fastupdate)")
