"""Resources in the library: a lesson row of kind "resource" (a link or a Slack file's permalink, its type,
level of evidence and source date); search documents carry the type ``type:`` filters on

Revision ID: 0044
Revises: 0043
Create Date: 2026-12-03 13:20:03.600495
"""

import sqlalchemy as sa
from alembic import op

revision = '0044'
down_revision = '0043'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('lessons', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kind', sa.String(length=16), server_default='lesson', nullable=False))
        batch_op.add_column(sa.Column('link', sa.String(length=2000), nullable=True))
        batch_op.add_column(sa.Column('resource_type', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('evidence_level', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('source_date', sa.Date(), nullable=True))

    with op.batch_alter_table('search_documents', schema=None) as batch_op:
        batch_op.add_column(sa.Column('resource_type', sa.String(length=16), server_default='', nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('search_documents', schema=None) as batch_op:
        batch_op.drop_column('resource_type')

    with op.batch_alter_table('lessons', schema=None) as batch_op:
        batch_op.drop_column('source_date')
        batch_op.drop_column('evidence_level')
        batch_op.drop_column('resource_type')
        batch_op.drop_column('link')
        batch_op.drop_column('kind')
