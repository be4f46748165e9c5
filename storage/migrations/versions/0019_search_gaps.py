"""search_gaps: searches that found nothing good (the words, the community, the time; never who)

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-02 20:20:00.000000
"""

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

from storage.types import UTCDateTime

revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'search_gaps',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('team_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column('community_id', sa.Integer(), nullable=False),
        sa.Column('key', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column('words', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column('source', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column('at', UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['community_id'], ['communities.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_search_gaps_team_community_at', 'search_gaps', ['team_id', 'community_id', 'at'])


def downgrade() -> None:
    op.drop_index('ix_search_gaps_team_community_at', table_name='search_gaps')
    op.drop_table('search_gaps')
