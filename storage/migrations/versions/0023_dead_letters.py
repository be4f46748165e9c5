"""dead_letters: requests acked to Slack whose work kept failing, set aside for an admin

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-03 10:00:00.000000
"""

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

from storage.types import UTCDateTime

revision = '0023'
down_revision = '0022'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'dead_letters',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('team_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column('receipt', sqlmodel.sql.sqltypes.AutoString(length=160), nullable=False),
        sa.Column('listener', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column('user_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
        sa.Column('body', sa.Text(), nullable=False),
        sa.Column('bot_user_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
        sa.Column('received_at', UTCDateTime(timezone=True), nullable=False),
        sa.Column('failed_at', UTCDateTime(timezone=True), nullable=False),
        sa.Column('error', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column('runs', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('receipt', name='uq_dead_letter_receipt'),
    )
    op.create_index('ix_dead_letters_team_failed', 'dead_letters', ['team_id', 'failed_at'])


def downgrade() -> None:
    op.drop_index('ix_dead_letters_team_failed', table_name='dead_letters')
    op.drop_table('dead_letters')
