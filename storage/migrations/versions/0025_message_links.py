"""message_links: where each Slack message the bot links to is, as Slack links to it (chat.getPermalink),
never built by hand; the messages posted or asked about before this revision get theirs through the outbox

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-03 11:00:00.000000
"""

import json
from datetime import UTC, datetime

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

import storage.types

revision = '0025'
down_revision = '0024'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'message_links',
        sa.Column('team_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column('channel_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column('message_ts', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column('permalink', sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
        sa.PrimaryKeyConstraint('team_id', 'channel_id', 'message_ts'),
    )
    # Links to what was posted or asked about before: owed to Slack through the outbox (delivered by
    # the running bot, which keeps what Slack answers), one call per message.
    connection = op.get_bind()
    wanted = set()
    for table, channel, ts in (("help_requests", "channel_id", "message_ts"),
                               ("help_requests", "source_channel_id", "source_ts"),
                               ("lessons", "channel_id", "message_ts"),
                               ("lessons", "source_channel_id", "source_ts")):
        wanted |= {tuple(row) for row in connection.execute(sa.text(
            f"SELECT team_id, {channel}, {ts} FROM {table} WHERE {channel} IS NOT NULL AND {ts} IS NOT NULL"))}
    outbox = sa.table('outbox', sa.column('team_id'), sa.column('dedupe_key'), sa.column('method'),
                      sa.column('payload'), sa.column('purpose'), sa.column('status'),
                      sa.column('due_at', storage.types.UTCDateTime(timezone=True)), sa.column('attempts'),
                      sa.column('created_at', storage.types.UTCDateTime(timezone=True)))
    now = datetime.now(UTC)
    rows = [{"team_id": team, "dedupe_key": f"permalink:{channel}:{ts}"[:200], "method": "chat.getPermalink",
             "payload": json.dumps({"channel": channel, "message_ts": ts}), "purpose": "message.permalink",
             "status": "pending", "due_at": now, "attempts": 0, "created_at": now}
            for team, channel, ts in sorted(wanted)]
    if rows:
        op.bulk_insert(outbox, rows)


def downgrade() -> None:
    op.execute("DELETE FROM outbox WHERE method = 'chat.getPermalink' AND status = 'pending'")
    op.drop_table('message_links')
