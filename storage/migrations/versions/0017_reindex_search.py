"""search: every document's terms computed again by the corrected text pipeline (ligatures spelt out,
stems taken with their accents, then folded: storage/search_text.py), and SQLite's FTS5 index rebuilt;
PostgreSQL's tsvector follows the terms column by itself

Revision ID: 0017
Revises: 0016
Create Date: 2026-11-24 22:30:00.000000
"""

import sqlalchemy as sa
from alembic import op

from storage.search_text import index_terms

revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None

BATCH = 2000


def upgrade() -> None:
    connection = op.get_bind()
    last = 0
    while True:
        rows = connection.execute(sa.text("SELECT id, title, body, topics FROM search_documents WHERE id > :last "
                                          "ORDER BY id LIMIT :batch"), {"last": last, "batch": BATCH}).all()
        if not rows:
            break
        connection.execute(sa.text("UPDATE search_documents SET terms = :terms WHERE id = :id"),
                           [{"id": row.id, "terms": index_terms(" ".join([row.title, row.body, *row.topics.split()]))}
                            for row in rows])
        last = rows[-1].id
    if connection.dialect.name == "sqlite":
        op.execute("DELETE FROM search_fts")
        op.execute("INSERT INTO search_fts(rowid, terms, scope) SELECT id, terms, 'c' || community_id || "
                   "replace(rtrim(topics), ' ', ' t') FROM search_documents")


def downgrade() -> None:
    pass  # the terms stay as the newer pipeline computed them; search works with either
