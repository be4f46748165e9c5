"""lessons.consent: a lesson saved from someone else's message waits for their consent

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-24 21:30:00.000000
"""

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('lessons') as batch:
        batch.add_column(sa.Column('consent', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False,
                                   server_default='given'))


def downgrade() -> None:
    with op.batch_alter_table('lessons') as batch:
        batch.drop_column('consent')
