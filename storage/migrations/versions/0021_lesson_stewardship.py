"""Lesson stewardship: each lesson's owner, when and by whom it was last validated, and its standing
(current, validated, obsolete); the community's review cycle; search ranks by standing

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-02 20:45:00.000000
"""

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

from storage.types import UTCDateTime

revision = '0021'
down_revision = '0020'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('communities') as batch:
        batch.add_column(sa.Column('review_months', sa.Integer(), nullable=False, server_default='12'))
    with op.batch_alter_table('lessons') as batch:
        batch.add_column(sa.Column('owner_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True))
        batch.add_column(sa.Column('standing', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False,
                                   server_default='current'))
        batch.add_column(sa.Column('reviewed_by', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True))
        batch.add_column(sa.Column('reviewed_at', UTCDateTime(timezone=True), nullable=True))
    op.execute("UPDATE lessons SET owner_id = author_id")
    with op.batch_alter_table('search_documents') as batch:
        batch.add_column(sa.Column('standing', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False,
                                   server_default=''))


def downgrade() -> None:
    with op.batch_alter_table('search_documents') as batch:
        batch.drop_column('standing')
    with op.batch_alter_table('lessons') as batch:
        batch.drop_column('reviewed_at')
        batch.drop_column('reviewed_by')
        batch.drop_column('standing')
        batch.drop_column('owner_id')
    with op.batch_alter_table('communities') as batch:
        batch.drop_column('review_months')
