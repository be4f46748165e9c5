"""receipts: the requests from Slack whose effects are stored (exactly-once after a crash)

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-24 14:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

from storage.types import UTCDateTime

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'receipts',
        sa.Column('key', sa.String(length=120), nullable=False),
        sa.Column('team_id', sa.String(length=32), nullable=False),
        sa.Column('created_at', UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('key'),
    )
    op.create_index('ix_receipts_created', 'receipts', ['created_at'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_receipts_created', table_name='receipts')
    op.drop_table('receipts')
