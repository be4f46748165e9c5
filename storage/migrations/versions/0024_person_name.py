"""people: the name Slack shows of a person (display name, else real name), cached with their language and
time zone, so that a form prefilled from a message names the people it mentions in words, not as mentions

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-03 09:35:25.020429
"""

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision = '0024'
down_revision = '0023'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('people') as batch:
        batch.add_column(sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('people') as batch:
        batch.drop_column('name')
