"""indexes for the figures of a period: calls by when asked and resolved, answers, offers, lessons

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-23 15:30:00.000000
"""

from alembic import op


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_help_requests_team_community_created', 'help_requests',
                    ['team_id', 'community_id', 'created_at'], unique=False)
    op.create_index('ix_help_requests_team_community_resolved', 'help_requests',
                    ['team_id', 'community_id', 'resolved_at'], unique=False)
    op.create_index('ix_help_offers_team_created', 'help_offers', ['team_id', 'created_at'], unique=False)
    op.create_index('ix_help_answers_team_created', 'help_answers', ['team_id', 'created_at'], unique=False)
    op.create_index('ix_lessons_team_community_created', 'lessons', ['team_id', 'community_id', 'created_at'],
                    unique=False)
    op.drop_index('ix_lessons_team_community', table_name='lessons')


def downgrade() -> None:
    op.create_index('ix_lessons_team_community', 'lessons', ['team_id', 'community_id'], unique=False)
    op.drop_index('ix_lessons_team_community_created', table_name='lessons')
    op.drop_index('ix_help_answers_team_created', table_name='help_answers')
    op.drop_index('ix_help_offers_team_created', table_name='help_offers')
    op.drop_index('ix_help_requests_team_community_resolved', table_name='help_requests')
    op.drop_index('ix_help_requests_team_community_created', table_name='help_requests')
