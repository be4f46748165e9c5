"""Watch items (lessons.watch_at: a resource a content expert posted as news) and the topics members follow
(topic_follows), whose watch items and newly validated resources reach them in one monthly DM

Revision ID: 0045
Revises: 0044
Create Date: 2026-12-03 13:43:25.695627
"""

import sqlalchemy as sa
from alembic import op

import storage.types


revision = '0045'
down_revision = '0044'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('topic_follows',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.String(length=32), nullable=False),
    sa.Column('community_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.String(length=32), nullable=False),
    sa.Column('topic', sa.String(length=80), nullable=False),
    sa.Column('created_at', storage.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['community_id'], ['communities.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('team_id', 'community_id', 'user_id', 'topic', name='uq_topic_follow')
    )
    with op.batch_alter_table('lessons', schema=None) as batch_op:
        batch_op.add_column(sa.Column('watch_at', storage.types.UTCDateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('lessons', schema=None) as batch_op:
        batch_op.drop_column('watch_at')

    op.drop_table('topic_follows')
