"""The workspaces cop-bot serves: which organisation each belongs to, which have left, and deleting
a departed workspace's rows once its retention has run out."""

from datetime import datetime
from typing import cast

from sqlalchemy import CursorResult, delete, inspect, text, update
from sqlmodel import Session, SQLModel, col, select

from storage.models import DueItem, DueStatus, OutboxMessage, OutboxStatus, Workspace


def seen(*, session: Session, team_id: str, enterprise_id: str | None, org_install: bool) -> None:
    """A request came from this workspace (or it was installed): remember its organisation."""
    row = session.get(Workspace, team_id)
    if row is None:
        session.add(Workspace(team_id=team_id, enterprise_id=enterprise_id, org_install=org_install))
    elif (row.enterprise_id, row.org_install) != (enterprise_id, org_install):
        row.enterprise_id, row.org_install = enterprise_id, org_install


def installed(*, session: Session, team_id: str, enterprise_id: str | None, org_install: bool) -> bool:
    """Installed (again): it is served from now on. True if it had left."""
    seen(session=session, team_id=team_id, enterprise_id=enterprise_id, org_install=org_install)
    row = session.get(Workspace, team_id)
    assert row is not None  # seen() added it (the session autoflushes) or found it
    returned = row.departed_at is not None
    row.departed_at = None
    return returned


def find(*, session: Session, team_id: str) -> Workspace | None:
    return session.get(Workspace, team_id)


def in_organisation(*, session: Session, enterprise_id: str) -> list[str]:
    return list(session.exec(select(Workspace.team_id).where(Workspace.enterprise_id == enterprise_id)))


def departed(*, session: Session, team_ids: list[str], enterprise_id: str | None, now: datetime) -> tuple[int, int]:
    """These workspaces left: nothing more is sent for them. Returns (messages, scheduled items)
    cancelled."""
    for team_id in team_ids:
        row = session.get(Workspace, team_id)
        if row is None:
            session.add(Workspace(team_id=team_id, enterprise_id=enterprise_id, departed_at=now))
        elif row.departed_at is None:
            row.departed_at = now
    messages = session.exec(
        update(OutboxMessage).where(col(OutboxMessage.team_id).in_(team_ids),
                                    col(OutboxMessage.status).in_([OutboxStatus.PENDING, OutboxStatus.SENDING]))
        .values(status=OutboxStatus.CANCELLED, claimed_until=None, claim_token=None,
                last_error="workspace_departed")).rowcount
    items = session.exec(
        update(DueItem).where(col(DueItem.team_id).in_(team_ids),
                              col(DueItem.status).in_([DueStatus.PENDING, DueStatus.CLAIMED]))
        .values(status=DueStatus.CANCELLED, claimed_until=None)).rowcount
    return messages, items


def departed_before(*, session: Session, when: datetime) -> list[str]:
    return list(session.exec(select(Workspace.team_id).where(col(Workspace.departed_at).is_not(None),
                                                             col(Workspace.departed_at) < when)))


def purge(*, session: Session, team_id: str) -> int:
    """Delete every row of the workspace, in every table (children before parents); returns how many."""
    if session.get_bind().dialect.name == "sqlite":  # the FTS5 index is keyed by the documents' ids
        session.execute(text("DELETE FROM search_fts WHERE rowid IN (SELECT id FROM search_documents "
                             "WHERE team_id = :team)"), {"team": team_id})
    deleted = 0
    for table in reversed(SQLModel.metadata.sorted_tables):
        if "team_id" in table.c and table.name != Workspace.__tablename__:
            deleted += session.exec(delete(table).where(table.c.team_id == team_id)).rowcount or 0
    session.exec(delete(Workspace).where(col(Workspace.team_id) == team_id))
    return deleted


# slack_sdk's installation store (many-workspace mode) keeps who installed cop-bot in each workspace:
# its table is not one of ours, but the installer is a person, exported and forgotten like the rest.
INSTALLATIONS = "slack_installations"


def _has_installations(session: Session) -> bool:
    return inspect(session.connection()).has_table(INSTALLATIONS)


def installs_by(*, session: Session, team_id: str, user_id: str) -> list[dict]:
    """The installations of cop-bot this person made in the workspace (when, under which name): no token."""
    if not _has_installations(session):
        return []
    rows = session.execute(text(f"SELECT team_name, installed_at FROM {INSTALLATIONS} "  # noqa: S608 (a constant)
                                "WHERE team_id = :team_id AND user_id = :user_id ORDER BY installed_at"),
                           {"team_id": team_id, "user_id": user_id}).mappings()
    return [{"user_id": user_id, "workspace_name": row["team_name"], "installed_at": row["installed_at"]}
            for row in rows]


def forget_installer(*, session: Session, team_id: str, user_id: str, alias: str) -> int:
    """The installer's id replaced by the pseudonym (the installation itself stays: it serves everyone)."""
    if not _has_installations(session):
        return 0
    changed = session.execute(text(f"UPDATE {INSTALLATIONS} SET user_id = :alias "  # noqa: S608 (a constant)
                                   "WHERE team_id = :team_id AND user_id = :user_id"),
                              {"alias": alias, "team_id": team_id, "user_id": user_id})
    return cast(CursorResult, changed).rowcount  # an UPDATE's result is a CursorResult (typed Result)
