"""help_requests: the message a call for help was asked from (the "Ask the community" shortcut), and whose
message it was when it is not the asker's (posted only with their consent)

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-02 21:00:00.000000
"""

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision = '0022'
down_revision = '0021'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('help_requests') as batch:
        batch.add_column(sa.Column('source_channel_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True))
        batch.add_column(sa.Column('source_ts', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True))
        batch.add_column(sa.Column('quoted_user_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('help_requests') as batch:
        batch.drop_column('quoted_user_id')
        batch.drop_column('source_ts')
        batch.drop_column('source_channel_id')
