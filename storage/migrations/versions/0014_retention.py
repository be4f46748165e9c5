"""retention: how long each community keeps its calls, reflections and meeting answers, and the
monthly figures kept when they are deleted

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-24 21:00:00.000000
"""

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

from storage.types import UTCDateTime

revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('communities') as batch:
        batch.add_column(sa.Column('retention_months', sa.Integer(), nullable=False, server_default='36'))
    op.create_table(
        'monthly_figures',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('team_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column('community_id', sa.Integer(), nullable=False),
        sa.Column('month', sqlmodel.sql.sqltypes.AutoString(length=7), nullable=False),
        sa.Column('figures', sa.Text(), nullable=False),
        sa.Column('kept_at', UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['community_id'], ['communities.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('community_id', 'month', name='uq_monthly_figures'),
    )


def downgrade() -> None:
    op.drop_table('monthly_figures')
    with op.batch_alter_table('communities') as batch:
        batch.drop_column('retention_months')
