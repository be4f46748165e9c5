"""memberships and people .home_team_id: a person's own workspace, when another organisation's (Slack Connect)

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-24 20:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade() -> None:
    for table in ('memberships', 'people'):
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column('home_team_id', sa.String(length=32), nullable=True))


def downgrade() -> None:
    for table in ('memberships', 'people'):
        with op.batch_alter_table(table) as batch:
            batch.drop_column('home_team_id')
