"""search: how many documents hold each term (ranking by rarity on both engines alike), the words
documents are written with (spelling correction; a trigram index on PostgreSQL), each community's
document count and length, and the community glossary (/cop glossary)

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-02 20:00:00.000000
"""

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

from storage.search_vocabulary import counted, trigram_schema
from storage.types import UTCDateTime

revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None

BATCH = 2000


def _key(name: str, length: int):
    return sa.Column(name, sqlmodel.sql.sqltypes.AutoString(length=length), nullable=False)


def upgrade() -> None:
    connection = op.get_bind()
    community = sa.ForeignKeyConstraint(['community_id'], ['communities.id'], ondelete='CASCADE')
    op.create_table('search_terms', _key('team_id', 32), sa.Column('community_id', sa.Integer(), nullable=False),
                    _key('term', 100), sa.Column('documents', sa.Integer(), nullable=False), community,
                    sa.PrimaryKeyConstraint('team_id', 'community_id', 'term'))
    op.create_table('search_words', _key('team_id', 32), sa.Column('community_id', sa.Integer(), nullable=False),
                    _key('word', 100), _key('folded', 100), sa.Column('length', sa.Integer(), nullable=False),
                    sa.Column('documents', sa.Integer(), nullable=False),
                    sa.ForeignKeyConstraint(['community_id'], ['communities.id'], ondelete='CASCADE'),
                    sa.PrimaryKeyConstraint('team_id', 'community_id', 'word'))
    op.create_index('ix_search_words_length', 'search_words', ['team_id', 'community_id', 'length'])
    op.create_table('search_stats', _key('team_id', 32), sa.Column('community_id', sa.Integer(), nullable=False),
                    sa.Column('documents', sa.Integer(), nullable=False),
                    sa.Column('terms', sa.Integer(), nullable=False),
                    sa.ForeignKeyConstraint(['community_id'], ['communities.id'], ondelete='CASCADE'),
                    sa.PrimaryKeyConstraint('team_id', 'community_id'))
    op.create_table('glossary_entries', sa.Column('id', sa.Integer(), nullable=False), _key('team_id', 32),
                    sa.Column('community_id', sa.Integer(), nullable=False), _key('terms', 500),
                    _key('created_by', 32), sa.Column('created_at', UTCDateTime(timezone=True), nullable=False),
                    sa.ForeignKeyConstraint(['community_id'], ['communities.id'], ondelete='CASCADE'),
                    sa.PrimaryKeyConstraint('id'))
    op.create_index('ix_glossary_entries_team_community', 'glossary_entries', ['team_id', 'community_id'])
    if connection.dialect.name == "postgresql":
        # pg_trgm is a trusted extension (PostgreSQL 13+): the database's owner may create it. It may
        # already be installed in another schema than ours: its operator class is named with its schema.
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        schema = trigram_schema(connection)
        op.execute(f'CREATE INDEX ix_search_words_trigram ON search_words USING gin (folded "{schema}".gin_trgm_ops)')

    last = 0
    while True:
        rows = connection.execute(sa.text(
            "SELECT id, team_id, community_id, title, body, topics, terms FROM search_documents WHERE id > :last "
            "ORDER BY id LIMIT :batch"), {"last": last, "batch": BATCH}).all()
        if not rows:
            break
        for statement, values in counted(rows, sign=1):
            connection.execute(sa.text(statement), values)
        last = rows[-1].id


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX ix_search_words_trigram")
    op.drop_index('ix_glossary_entries_team_community', table_name='glossary_entries')
    op.drop_table('glossary_entries')
    op.drop_table('search_stats')
    op.drop_index('ix_search_words_length', table_name='search_words')
    op.drop_table('search_words')
    op.drop_table('search_terms')
