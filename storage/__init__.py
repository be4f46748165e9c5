"""Persistence for cop-bot: SQLModel tables, repository functions and Alembic migrations.

Nothing here imports from ``bot`` or ``handlers``. Every table carries the Slack
``team_id`` and every repository function takes it, so one workspace never reads
another's rows.
"""
