"""help_requests: whether the asker applied the answer a month later (and what changed), and how many
times the call was reopened

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-02 20:30:00.000000
"""

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

from storage.types import UTCDateTime

revision = '0020'
down_revision = '0019'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('help_requests') as batch:
        batch.add_column(sa.Column('applied', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True))
        batch.add_column(sa.Column('applied_at', UTCDateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column('change_story', sa.Text(), nullable=True))
        batch.add_column(sa.Column('reopened', sa.Integer(), nullable=False, server_default='0'))
    op.create_index('ix_help_requests_team_community_applied', 'help_requests',
                    ['team_id', 'community_id', 'applied_at'])


def downgrade() -> None:
    op.drop_index('ix_help_requests_team_community_applied', table_name='help_requests')
    with op.batch_alter_table('help_requests') as batch:
        batch.drop_column('reopened')
        batch.drop_column('change_story')
        batch.drop_column('applied_at')
        batch.drop_column('applied')
