"""A person's own data: everything cop-bot holds about them in a workspace, across all its
communities (Québec's Law 25 gives each person the right to a copy).

What is "about them" is found, not listed by hand: every row of every table whose person columns
name them (so a table added later is exported too, if its person column is named as these are).
Left out: the outbox and the scheduler's queue (messages and reminders on their way, deleted or done
within minutes to days), the receipts of Slack's requests, and the search index (derived from
lessons and calls exported here).
"""

import csv
import io
import json
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import or_, select
from sqlmodel import Session, SQLModel

from bot.i18n import translator
from storage.models import Community

# Columns that hold a Slack user id, in any table.
PERSON_COLUMNS = ("user_id", "asker_id", "author_id", "created_by", "assigned_by", "changed_by", "mentor_id",
                  "first_answer_by", "resolved_by", "credited_by", "credited_user_id", "speaker_id")
LEFT_OUT = {"outbox", "due_items", "receipts", "search_documents", "workspaces"}


@dataclass
class PersonalData:
    tables: dict[str, list[dict]] = field(default_factory=dict)  # table → rows about the person
    files: list[dict] = field(default_factory=list)  # the JSON and the CSV, ready for owe_files

    @property
    def rows(self) -> int:
        return sum(len(rows) for rows in self.tables.values())


def _plain(value):
    if isinstance(value, datetime):
        return value.isoformat()
    return value


def personal_data(session: Session, *, team_id: str, user_id: str, language: str) -> PersonalData:
    """Every row naming the person, table by table, with each community's name beside its id."""
    names = {c.id: c.name for c in session.exec(select(Community).where(Community.team_id == team_id)).scalars()}
    found = PersonalData()
    for table in SQLModel.metadata.sorted_tables:
        columns = [c for c in PERSON_COLUMNS if c in table.c]
        if table.name in LEFT_OUT or "team_id" not in table.c or not columns:
            continue
        query = select(table).where(table.c.team_id == team_id, or_(*(table.c[c] == user_id for c in columns)))
        rows = []
        for row in session.execute(query).mappings():
            item = {key: _plain(value) for key, value in row.items() if key != "team_id"}
            if "community_id" in item:
                item["community"] = names.get(item["community_id"])
            rows.append(item)
        if rows:
            found.tables[table.name] = rows
    t = translator(language)
    document = {"about": t.gettext("Everything cop-bot holds about you in this workspace, table by table."),
                "workspace": team_id, "person": user_id, "tables": found.tables}
    flat = io.StringIO()
    writer = csv.writer(flat)
    writer.writerow(["table", "row", "field", "value"])
    for name, rows in found.tables.items():
        for number, row in enumerate(rows, 1):
            for key, value in row.items():
                writer.writerow([name, number, key, "" if value is None else value])
    found.files = [
        {"filename": "cop-bot-my-data.json", "title": t.gettext("My data (JSON)"),
         "content": json.dumps(document, ensure_ascii=False, indent=2)},
        {"filename": "cop-bot-my-data.csv", "title": t.gettext("My data (CSV)"), "content": flat.getvalue()},
    ]
    return found
