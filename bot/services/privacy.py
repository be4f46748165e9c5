"""A person's own data: everything cop-bot holds about them in a workspace, across all its
communities (Québec's Law 25 gives each person the right to a copy).

What is "about them" is found, not listed by hand: every row of every table whose person columns
name them (so a table added later is exported too, if its person column is named as these are).
Left out: the outbox and the scheduler's queue (messages and reminders on their way, deleted or done
within minutes to days), the receipts of Slack's requests, and the search index (derived from
lessons and calls exported here).
"""

import json
import secrets
from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import String, delete, func, or_, select, update
from sqlmodel import Session, SQLModel, col

from bot import blocks
from bot.documents import csv_table, file_name
from bot.i18n import N_, Translator, translator
from bot.services import help_requests, lessons, participation, people, roles
from bot.services import privacy_labels as labels
from bot.services.permissions import is_steward
from storage import communities as community_store
from storage import dead_letters as dead_letter_store
from storage import workspaces as workspace_store
from storage.models import (
    Community,
    Expertise,
    HelpOffer,
    HelpRequest,
    IntroChoice,
    IntroMember,
    Lesson,
    OutboxMessage,
    OutboxStatus,
    Person,
    Profile,
    RoleAssignment,
    TopicFollow,
)
from storage.types import utcnow

# Columns that hold a Slack user id, in any table.
PERSON_COLUMNS = ("user_id", "asker_id", "author_id", "created_by", "assigned_by", "changed_by", "mentor_id",
                  "first_answer_by", "resolved_by", "credited_by", "credited_user_id", "speaker_id", "owner_id",
                  "reviewed_by", "quoted_user_id", "taken_by", "proposed_by", "outcome_by",
                  "practice_validated_by", "mission_set_by", "met_by")
# Columns named like a person's but holding something else: a workspace, an organisation, a channel, the
# bot itself, a claim. A column is one or the other (tests/test_privacy.py fails on a new one in neither).
NOT_PEOPLE_COLUMNS = ("team_id", "enterprise_id", "home_team_id", "channel_id", "source_channel_id", "bot_user_id",
                      "claim_token")
LEFT_OUT = {"outbox", "due_items", "receipts", "search_documents", "workspaces"}


@dataclass
class PersonalData:
    tables: dict[str, list[dict]] = field(default_factory=dict)  # table → rows about the person (raw values)
    files: list[dict] = field(default_factory=list)  # the JSON and the CSV, ready for owe_files

    @property
    def rows(self) -> int:
        return sum(len(rows) for rows in self.tables.values())


def _json_value(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(type(value).__name__)


def legend(t: Translator, tables: dict[str, list[dict]]) -> dict[str, dict]:
    """Each table and field of the export, explained in the person's language (the raw name when a
    column has no words yet: a test keeps that from happening)."""
    out = {}
    for name, rows in tables.items():
        columns = dict.fromkeys(key for row in rows for key in row)
        table = labels.table_label(name)
        out[name] = {"label": t.gettext(table) if table else name,
                     "fields": {c: t.gettext(label) if (label := labels.field_label(name, c)) else c
                                for c in columns}}
    return out


def _shown(t: Translator, table: str, column: str, value):
    """A value as the person reads it in the CSV: codes in words (roles, statuses, answers); times,
    numbers and yes/no as their spreadsheet expects (bot/documents.py)."""
    if not isinstance(value, str):
        return value
    try:
        if column == "role":
            return blocks.role_label(t, value)
        if column == "time_saved":
            return blocks.time_saved_label(t, value)
        if column == "applied" and table == "help_requests":
            return blocks.applied_label(t, value)
    except KeyError:  # a code older or newer than these words: shown as stored
        return value
    label = labels.value_label(table, column, value)
    return t.gettext(label) if label else value


def _rows_naming(session: Session, *, team_id: str, user_id: str) -> dict[str, list[dict]]:
    """Table by table, the workspace's rows where a person column holds the person (team id left out,
    each community's name beside its id)."""
    names = {c.id: c.name
             for c in session.execute(select(Community).where(col(Community.team_id) == team_id)).scalars()}
    tables: dict[str, list[dict]] = {}
    for table in SQLModel.metadata.sorted_tables:
        columns = [c for c in PERSON_COLUMNS if c in table.c]
        if table.name in LEFT_OUT or "team_id" not in table.c or not columns:
            continue
        query = select(table).where(table.c.team_id == team_id, or_(*(table.c[c] == user_id for c in columns)))
        rows = []
        for row in session.execute(query).mappings():
            item = {key: value for key, value in row.items() if key != "team_id"}
            if "community_id" in item:
                item["community"] = names.get(item["community_id"])
            rows.append(item)
        if rows:
            tables[table.name] = rows
    return tables


def personal_data(session: Session, *, team_id: str, user_id: str, language: str,
                  timezone: str | None = None) -> PersonalData:
    """Every row naming the person, table by table, with each community's name beside its id; the
    JSON keeps the database's names with a legend in the person's language, the CSV shows the words."""
    found = PersonalData(tables=_rows_naming(session, team_id=team_id, user_id=user_id))
    installs = workspace_store.installs_by(session=session, team_id=team_id, user_id=user_id)
    if installs:
        found.tables[workspace_store.INSTALLATIONS] = installs
    t = translator(language)
    explained = legend(t, found.tables)
    document = {"about": t.gettext("Everything cop-bot holds about you in this workspace, table by table. The "
                                   "names of tables and fields are the database's own; the legend says what "
                                   "each one means."),
                "workspace": team_id, "person": user_id, "legend": explained, "tables": found.tables}
    rows = [[explained[name]["label"], number, explained[name]["fields"][key], _shown(t, name, key, value), name, key]
            for name, table_rows in found.tables.items() for number, row in enumerate(table_rows, 1)
            for key, value in row.items()]
    flat = csv_table(t, [t.gettext(h) for h in PRIVACY_HEADER], rows, timezone=timezone or "America/Toronto")
    zone_name = timezone or "America/Toronto"
    this_year = participation.record(session, team_id=team_id, user_id=user_id, timezone=zone_name,
                                     year=utcnow().astimezone(ZoneInfo(zone_name)).year)
    found.files = [
        {"filename": file_name("cop-bot", t.gettext("my data"), extension="json"), "title": t.gettext("My data (JSON)"),
         "content": json.dumps(document, ensure_ascii=False, indent=2, default=_json_value)},
        {"filename": file_name("cop-bot", t.gettext("my data"), extension="csv"), "title": t.gettext("My data (CSV)"),
         "content": flat},
        participation.csv_file(this_year, language=language),  # this year's participation record
    ]
    return found


PRIVACY_HEADER = (N_("Table"), N_("Row"), N_("Field"), N_("Value"), N_("Table (name in the database)"),
                  N_("Field (name in the database)"))


# Forgetting a person: what only describes them goes; what the community did with them stays, under
# a pseudonym nobody can trace back (a random one, kept nowhere), so that every count and figure
# stays true. The pseudonym is shaped like a Slack user id, so cards show an unknown user.
DELETED_WITH_THE_PERSON = (Person, Expertise, RoleAssignment, Profile, TopicFollow, IntroChoice, IntroMember)
PSEUDONYM_PREFIX = people.NOT_A_PERSON


@dataclass
class Forgotten:
    pseudonym: str
    rows: int  # rows deleted or changed
    outbox_ids: list[int] = field(default_factory=list)  # the cards that named them, updated


def pseudonym() -> str:
    return PSEUDONYM_PREFIX + secrets.token_hex(5).upper()


def forget(session: Session, *, team_id: str, user_id: str) -> Forgotten:
    """Remove the person's identity from every table of the workspace, in this transaction, and owe
    the updates of the bot's own cards that named them."""
    alias = pseudonym()
    changed = dead_letter_store.forget_person(session=session, team_id=team_id, user_id=user_id)
    changed += workspace_store.forget_installer(session=session, team_id=team_id, user_id=user_id, alias=alias)
    for model in DELETED_WITH_THE_PERSON:
        changed += session.exec(delete(model).where(col(model.team_id) == team_id,
                                                    col(model.user_id) == user_id)).rowcount
    for table in SQLModel.metadata.sorted_tables:
        if table.name in LEFT_OUT or "team_id" not in table.c:
            continue
        for column in (c for c in PERSON_COLUMNS if c in table.c):
            changed += session.exec(update(table).where(table.c.team_id == team_id, table.c[column] == user_id)
                                       .values({column: alias})).rowcount
    # Messages still owed to them (DMs) are not sent.
    session.exec(update(OutboxMessage).where(
        col(OutboxMessage.team_id) == team_id, col(OutboxMessage.status) == OutboxStatus.PENDING,
        or_(col(OutboxMessage.payload).contains(f'"channel": "{user_id}"'),
            (col(OutboxMessage.method) == "conversations.open") & col(OutboxMessage.payload).contains(user_id))
    ).values(status=OutboxStatus.CANCELLED, last_error="person_forgotten"))  # a DM, a group DM of introductions
    changed += _replace_in_text(session, team_id=team_id, user_id=user_id, alias=alias)
    session.flush()
    session.expire_all()
    return Forgotten(alias, changed, _refresh_cards_naming(session, team_id=team_id, alias=alias))


def _replace_in_text(session: Session, *, team_id: str, user_id: str, alias: str) -> int:
    """Their id wherever text names them: mentions in questions and lessons, messages already sent."""
    changed = 0
    for table in SQLModel.metadata.sorted_tables:
        if "team_id" not in table.c:
            continue
        for column in table.c:
            kind = getattr(column.type, "impl", column.type)  # SQLModel's AutoString wraps a String
            if isinstance(kind, String) and column.name not in PERSON_COLUMNS + ("team_id",) \
                    and not column.primary_key:
                changed += session.exec(update(table).where(table.c.team_id == team_id,
                                                               column.contains(user_id))
                                           .values({column.name: func.replace(column, user_id, alias)})).rowcount
    return changed


def _refresh_cards_naming(session: Session, *, team_id: str, alias: str) -> list[int]:
    """The bot's cards that named the person, owed again under the pseudonym."""
    ids: list[int] = []
    offered = select(col(HelpOffer.help_request_id)).where(col(HelpOffer.team_id) == team_id,
                                                             col(HelpOffer.user_id) == alias)
    for request in session.execute(select(HelpRequest).where(col(HelpRequest.team_id) == team_id, or_(
            col(HelpRequest.asker_id) == alias, col(HelpRequest.first_answer_by) == alias,
            col(HelpRequest.resolved_by) == alias,
            col(HelpRequest.id).in_(offered)))).scalars():  # the calls they asked, answered, resolved or offered on
        ids += help_requests.refresh_post(session, request)
    for lesson in session.execute(select(Lesson).where(col(Lesson.team_id) == team_id, or_(
            col(Lesson.author_id) == alias, col(Lesson.credited_user_id) == alias))).scalars():
        ids += lessons.refresh_card(session, lesson)
    return ids



def may_forget_for_others(session: Session, *, team_id: str, steward_id: str, user_id: str) -> bool:
    """A founder or animator of a community the person was part of (Slack must also say that the
    person has left: the handler asks it)."""
    return any(is_steward(session, team_id=team_id, community_id=c.id, user_id=steward_id)
               for c in community_store.communities_of_person(session=session, team_id=team_id, user_id=user_id))


def stewards_to_ask(session: Session, *, team_id: str, user_id: str) -> list[tuple[str, str]]:
    """(steward, language) for each founder and animator of the communities the person was part of."""
    asked: dict[str, str] = {}
    for community in community_store.communities_of_person(session=session, team_id=team_id, user_id=user_id):
        for steward in roles.people_for(session, team_id=team_id, community_id=community.id,
                                        duty=roles.Duty.FOLLOW_UPS):
            if steward != user_id:
                asked.setdefault(steward, community.language)
    return list(asked.items())


PURPOSE_FORGOTTEN = "privacy.forgotten"  # the "done" message to someone just forgotten


def scrub_told(session: Session, message: OutboxMessage, _outcome) -> None:
    """Once the person has been told they are forgotten (or could not be), the message to them is
    not kept: nothing in the database names them any more."""
    session.exec(update(OutboxMessage).where(col(OutboxMessage.id) == message.id).values(payload="{}"))
