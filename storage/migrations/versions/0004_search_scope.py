"""search: filter by community and topic inside the index, walk newest first

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22 22:40:00
"""

from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Ranking reads the community's newest matches: an index that yields them in id order.
    with op.batch_alter_table('search_documents', schema=None) as batch_op:
        batch_op.drop_index('ix_search_documents_team_community')
        batch_op.create_index('ix_search_documents_team_community_id', ['team_id', 'community_id', 'id'])
    if op.get_bind().dialect.name == "sqlite":
        # A second column, ``scope`` ("c<community> t<topic>…"), lets FTS5 filter before ranking.
        op.execute("DROP TABLE search_fts")
        op.execute("CREATE VIRTUAL TABLE search_fts USING fts5(terms, scope, tokenize='unicode61')")
        op.execute("INSERT INTO search_fts(rowid, terms, scope) SELECT id, terms, 'c' || community_id || "
                   "replace(rtrim(topics), ' ', ' t') FROM search_documents")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE search_fts")
        op.execute("CREATE VIRTUAL TABLE search_fts USING fts5(terms, tokenize='unicode61')")
        op.execute("INSERT INTO search_fts(rowid, terms) SELECT id, terms FROM search_documents")
    with op.batch_alter_table('search_documents', schema=None) as batch_op:
        batch_op.drop_index('ix_search_documents_team_community_id')
        batch_op.create_index('ix_search_documents_team_community', ['team_id', 'community_id'])
