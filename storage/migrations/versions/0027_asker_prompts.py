"""help_requests.asker_prompts: the prompts a call's asker got since it was resolved (two at most)

Revision ID: 0027
Revises: 0026
Create Date: 2027-01-11 11:00:00.000000

Calls already resolved count the time-saved prompt they got; those whose asker already said a month
later whether they applied the answer count both prompts: none of them asks its asker again.
"""

import sqlalchemy as sa
from alembic import op

revision = '0027'
down_revision = '0026'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('help_requests') as batch:
        batch.add_column(sa.Column('asker_prompts', sa.Integer(), nullable=False, server_default='0'))
    op.execute("UPDATE help_requests SET asker_prompts = CASE WHEN applied IS NOT NULL THEN 2 "
               "WHEN resolved_at IS NOT NULL OR reopened > 0 THEN 1 ELSE 0 END")


def downgrade() -> None:
    with op.batch_alter_table('help_requests') as batch:
        batch.drop_column('asker_prompts')
