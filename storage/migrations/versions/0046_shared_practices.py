"""Shared practices: a lesson or resource proposed, voted on (practice_votes, counted without names),
its outcome recorded and validated (lessons.practice and its history)

Revision ID: 0046
Revises: 0045
Create Date: 2026-12-03 13:48:53.950411
"""

import sqlalchemy as sa
from alembic import op

import storage.types


revision = '0046'
down_revision = '0045'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('practice_votes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.String(length=32), nullable=False),
    sa.Column('lesson_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.String(length=32), nullable=False),
    sa.Column('vote', sa.String(length=8), nullable=False),
    sa.Column('voted_at', storage.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['lesson_id'], ['lessons.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('team_id', 'lesson_id', 'user_id', name='uq_practice_vote')
    )
    with op.batch_alter_table('lessons', schema=None) as batch_op:
        batch_op.add_column(sa.Column('practice', sa.String(length=16), server_default='', nullable=False))
        batch_op.add_column(sa.Column('proposed_by', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('proposed_at', storage.types.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('vote_until', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('outcome', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('outcome_by', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('outcome_at', storage.types.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('practice_validated_by', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('practice_validated_at', storage.types.UTCDateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('lessons', schema=None) as batch_op:
        batch_op.drop_column('practice_validated_at')
        batch_op.drop_column('practice_validated_by')
        batch_op.drop_column('outcome_at')
        batch_op.drop_column('outcome_by')
        batch_op.drop_column('outcome')
        batch_op.drop_column('vote_until')
        batch_op.drop_column('proposed_at')
        batch_op.drop_column('proposed_by')
        batch_op.drop_column('practice')

    op.drop_table('practice_votes')
