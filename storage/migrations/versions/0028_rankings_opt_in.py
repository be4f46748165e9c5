"""people.ranking_opt_in replaces people.ranking_opt_out: rankings of helpers are opt-in

Revision ID: 0028
Revises: 0027
Create Date: 2027-01-11 12:00:00.000000

Nobody is in the rankings after this migration, those who had said nothing included: being ranked was
everyone's default, which nobody chose, and the communities' seeds ask for voluntary participation.
Those who want to be ranked say so with ``/cop rankings on`` (docs/privacy.md). Downgrading puts
everyone who had not opted in out of the rankings, which is what they had chosen (or not) by then.
"""

import sqlalchemy as sa
from alembic import op

revision = '0028'
down_revision = '0027'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('people') as batch:
        batch.add_column(sa.Column('ranking_opt_in', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch.drop_column('ranking_opt_out')


def downgrade() -> None:
    with op.batch_alter_table('people') as batch:
        batch.add_column(sa.Column('ranking_opt_out', sa.Boolean(), server_default=sa.false(), nullable=False))
    op.execute(sa.text("UPDATE people SET ranking_opt_out = NOT ranking_opt_in"))
    with op.batch_alter_table('people') as batch:
        batch.drop_column('ranking_opt_in')
