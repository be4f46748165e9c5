"""Storage and the outbox on SQLite and, when COP_TEST_POSTGRES_URL is set, PostgreSQL."""

import threading
from datetime import UTC, datetime, timedelta

from freezegun import freeze_time
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlalchemy import MetaData, delete, inspect
from sqlmodel import SQLModel, col

from bot.notifier import Notifier
from bot.outbox import Deliverer
from storage import communities, help_requests, outbox
from storage.db import Database, make_engine, migrate
from storage.models import Community, HelpRequest, OutboxMessage, OutboxStatus, Role


def _community(session, team_id="T1", channel_id="C1"):
    community, created = communities.create_community(session=session, team_id=team_id, channel_id=channel_id,
                                                      name="c", language="fr", timezone="America/Montreal",
                                                      created_by="U1")
    return community


def test_rows_are_scoped_by_team(db):
    with db.session() as session:
        mine = _community(session, "T1", "C1")
        theirs = _community(session, "T2", "C1")
        request = help_requests.create_help_request(session=session, team_id="T1", community_id=mine.id,
                                                    channel_id="C1", asker_id="U1", question="q", topics=["a"])
    assert mine.id != theirs.id
    with db.session() as session:
        assert communities.community_for_channel(session=session, team_id="T2", channel_id="C1").id == theirs.id
        assert help_requests.get_help_request(session=session, team_id="T2", help_request_id=request.id) is None
        assert help_requests.topics_of(session=session, team_id="T2", help_request_id=request.id) == []
        assert help_requests.topics_of(session=session, team_id="T1", help_request_id=request.id) == ["a"]


def test_setup_twice_gives_the_same_community_and_one_founder(db):
    with db.session() as session:
        first = _community(session)
        again, created = communities.create_community(session=session, team_id="T1", channel_id="C1", name="x",
                                                      language="en", timezone="UTC", created_by="U2")
        assert not created and again.id == first.id
        assert communities.assign_role(session=session, team_id="T1", community_id=first.id, user_id="U1",
                                       role=Role.FOUNDER, assigned_by="U1")
        assert not communities.assign_role(session=session, team_id="T1", community_id=first.id, user_id="U1",
                                           role=Role.FOUNDER, assigned_by="U1")
        assert communities.holders_of(session=session, team_id="T1", community_id=first.id,
                                      role=Role.FOUNDER) == ["U1"]


def test_offers_answers_and_resolution_are_idempotent(db):
    when = datetime(2026, 11, 3, 14, 0, tzinfo=UTC)
    with db.session() as session:
        community = _community(session)
        request = help_requests.create_help_request(session=session, team_id="T1", community_id=community.id,
                                                    channel_id="C1", asker_id="U1", question="q", topics=[])
        help_requests.mark_posted(session=session, team_id="T1", help_request_id=request.id, message_ts="1.1")
        assert help_requests.add_offer(session=session, team_id="T1", help_request_id=request.id, user_id="U2",
                                       source="reaction")
        assert not help_requests.add_offer(session=session, team_id="T1", help_request_id=request.id,
                                           user_id="U2", source="button")
        assert help_requests.add_answer(session=session, team_id="T1", help_request_id=request.id, user_id="U2",
                                        message_ts="2.2", answered_at=when)
        assert help_requests.add_answer(session=session, team_id="T1", help_request_id=request.id, user_id="U3",
                                        message_ts="3.3", answered_at=when + timedelta(hours=1))
        assert not help_requests.add_answer(session=session, team_id="T1", help_request_id=request.id,
                                            user_id="U2", message_ts="2.2", answered_at=when)
        assert help_requests.resolve(session=session, team_id="T1", help_request_id=request.id, resolved_by="U1",
                                     resolved_at=when)
        assert not help_requests.resolve(session=session, team_id="T1", help_request_id=request.id,
                                         resolved_by="U1", resolved_at=when)
    with db.session() as session:
        stored = help_requests.get_help_request(session=session, team_id="T1", help_request_id=request.id)
        assert stored.first_answer_by == "U2" and stored.first_answer_at == when
        assert stored.resolved_at.tzinfo is not None


class RecordingNotifier(Notifier):
    def __init__(self, delay: float = 0.0):
        self.sent: list[tuple[str, dict]] = []
        self.delay = delay
        self.lock = threading.Lock()

    def call(self, method, payload):
        import time
        time.sleep(self.delay)
        with self.lock:
            self.sent.append((method, payload))
        return {"ok": True, "ts": "9.9"}


def deliver_from_two_workers_at_once(db, notifier) -> None:
    """Two processes' deliverers sweeping the same outbox at the same moment."""
    threads = [threading.Thread(target=Deliverer(db, notifier).deliver_due) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def test_two_deliverers_at_once_send_each_message_exactly_once(db):
    with db.session() as session:
        for i in range(30):
            outbox.enqueue(session=session, team_id="T1", dedupe_key=f"k{i}", method="chat.postMessage",
                           payload={"channel": "C1", "text": str(i)})
        assert outbox.enqueue(session=session, team_id="T1", dedupe_key="k0", method="chat.postMessage",
                              payload={}) is None
    notifier = RecordingNotifier(delay=0.002)
    deliver_from_two_workers_at_once(db, notifier)
    texts = sorted(int(p["text"]) for _, p in notifier.sent)
    assert texts == list(range(30))
    with db.session() as session:
        assert {m.status for m in outbox.messages(session=session, team_id="T1")} == {OutboxStatus.SENT}


def _card_update(session, n: int, card: str = "card:C1:1.0"):
    return outbox.enqueue(session=session, team_id="T1", dedupe_key=f"{card}:{n}", method="chat.update",
                          payload={"channel": "C1", "ts": "1.0", "text": str(n)}, supersede_key=card)


def test_only_the_newest_update_of_a_card_is_sent_and_never_beside_an_older_one(db):
    now = datetime.now(UTC) + timedelta(seconds=5)  # every row below is due
    lease = timedelta(minutes=5)
    with db.session() as session:
        first, second = _card_update(session, 1), _card_update(session, 2)
        other_card = _card_update(session, 1, card="card:C1:2.0")
    with db.session() as session:  # the older one, while a newer one is owed: skipped for good
        assert outbox.claim(session=session, message_id=first.id, now=now, lease=lease) is None
    with db.session() as session:
        assert outbox.claim(session=session, message_id=second.id, now=now, lease=lease) is not None
        third = _card_update(session, 3)
    with db.session() as session:  # the second is being sent: the third waits its turn
        assert outbox.claim(session=session, message_id=third.id, now=now, lease=lease) is None
        assert outbox.claim(session=session, message_id=other_card.id, now=now, lease=lease) is not None
        outbox.mark_sent(session=session, message_id=second.id, now=now)
    with db.session() as session:
        second_row = session.get(OutboxMessage, second.id)
        assert outbox.newest_pending_sibling(session=session, message=second_row) == third.id
        assert outbox.claim(session=session, message_id=third.id, now=now, lease=lease) is not None
    with db.session() as session:
        statuses = {m.dedupe_key: m.status for m in outbox.messages(session=session, team_id="T1")}
    assert statuses == {"card:C1:1.0:1": OutboxStatus.SUPERSEDED, "card:C1:1.0:2": OutboxStatus.SENT,
                        "card:C1:1.0:3": OutboxStatus.SENDING, "card:C1:2.0:1": OutboxStatus.SENDING}


def test_card_updates_from_two_deliverers_at_once_end_on_the_newest(db):
    with db.session() as session:
        for n in range(12):
            _card_update(session, n)
    notifier = RecordingNotifier(delay=0.005)
    deliver_from_two_workers_at_once(db, notifier)
    sent = [int(p["text"]) for _, p in notifier.sent]
    assert sent[-1] == 11 and sent == sorted(sent)  # never an older one after a newer one


def test_a_claim_abandoned_by_a_crash_is_delivered_after_its_lease(db):
    with freeze_time("2026-11-22 10:00:00"):
        now = datetime.now(UTC)
        with db.session() as session:
            row = outbox.enqueue(session=session, team_id="T1", dedupe_key="k", method="chat.postMessage",
                                 payload={"channel": "C1", "text": "x"})
        with db.session() as session:
            assert outbox.claim(session=session, message_id=row.id, now=now, lease=timedelta(minutes=5))
        # the claimer "crashed": nothing was marked sent
        with db.session() as session:
            assert outbox.due_ids(session=session, now=now + timedelta(minutes=1), limit=10) == []
            assert outbox.due_ids(session=session, now=now + timedelta(minutes=6), limit=10) == [row.id]


def test_a_claim_is_in_the_journal_before_it_is_in_the_database(db, tmp_path):
    """kill -9 may come at any instant: from the moment a claim commits, the journal a successor
    reads must name it, or the row stays leased, unsent, for five minutes."""
    from sqlalchemy import event
    from sqlalchemy.orm import Session as OrmSession

    from bot.journal import Journal

    with db.session() as session:
        row = outbox.enqueue(session=session, team_id="T1", dedupe_key="k", method="chat.postMessage",
                             payload={"channel": "C1", "text": "x"})
    path = tmp_path / "cop.journal"
    journal = Journal(path)
    at_commit: list[bytes] = []  # what a successor would read, had the process died just after each commit

    def snapshot(session):
        at_commit.append(path.read_bytes())

    class TokenReadingNotifier(RecordingNotifier):
        def call(self, method, payload):  # the claim is committed by now: which one is it?
            with db.reading() as session:
                self.token = session.get(OutboxMessage, row.id).claim_token
            return super().call(method, payload)

    notifier = TokenReadingNotifier()
    event.listen(OrmSession, "after_commit", snapshot)
    try:
        assert Deliverer(db, notifier, journal=journal).deliver([row.id]) == 1
    finally:
        event.remove(OrmSession, "after_commit", snapshot)
    journal.close()
    assert notifier.token and len(at_commit) >= 2
    died_after_claiming = tmp_path / "successor.journal"
    died_after_claiming.write_bytes(at_commit[0])  # the first commit is the claim
    assert Journal(died_after_claiming).orphaned_claims == [notifier.token]
    assert Journal(path).orphaned_claims == []  # once sent, nothing is handed back


def test_a_successor_hands_back_only_the_claims_its_predecessor_held(db):
    """Two processes share the database: a row the dead one had claimed, and that a live one has
    claimed since (the lease ran out), is the live one's."""
    now = datetime.now(UTC) + timedelta(seconds=5)
    lease = timedelta(minutes=5)
    with db.session() as session:
        row = outbox.enqueue(session=session, team_id="T1", dedupe_key="k", method="chat.postMessage",
                             payload={"channel": "C1", "text": "x"})
    with db.session() as session:
        assert outbox.claim(session=session, message_id=row.id, now=now, lease=lease, token="dead")
    later = now + timedelta(minutes=6)
    with db.session() as session:
        assert outbox.claim(session=session, message_id=row.id, now=later, lease=lease, token="alive")
    with db.session() as session:
        assert outbox.release(session=session, tokens=["dead"], now=later) == 0
    with db.reading() as session:
        assert session.get(OutboxMessage, row.id).status == OutboxStatus.SENDING
        assert outbox.due_ids(session=session, now=later, limit=10) == []
    with db.session() as session:
        assert outbox.release(session=session, tokens=["alive"], now=later) == 1
    with db.reading() as session:
        assert outbox.due_ids(session=session, now=later, limit=10) == [row.id]


def test_the_migrations_build_the_same_schema_as_the_models(tmp_path):
    migrated = make_engine(f"sqlite:///{tmp_path / 'migrated.db'}")
    migrate(migrated)
    migrate(migrated)  # safe to repeat
    created = make_engine(f"sqlite:///{tmp_path / 'created.db'}")
    SQLModel.metadata.create_all(created)
    a, b = inspect(migrated), inspect(created)
    full_text = {t for t in a.get_table_names() if t.startswith("search_fts")}  # FTS5, made by the migration only
    assert "search_fts" in full_text
    # slack_sdk's installation and OAuth state tables: the migration's must be what its stores expect.
    sdk = MetaData()
    SQLAlchemyInstallationStore.build_installations_table(sdk, "slack_installations")
    SQLAlchemyInstallationStore.build_bots_table(sdk, "slack_bots")
    SQLAlchemyOAuthStateStore.build_oauth_states_table(sdk, "slack_oauth_states")
    for name, table in sdk.tables.items():
        assert {c["name"] for c in a.get_columns(name)} == {c.name for c in table.columns}, name
        nullable = {c["name"]: c["nullable"] for c in a.get_columns(name)}
        assert {c.name: c.nullable for c in table.columns if not c.primary_key} == \
            {k: v for k, v in nullable.items() if k != "id"}, name
    assert set(a.get_table_names()) - {"alembic_version"} - full_text - set(sdk.tables) == set(b.get_table_names())
    for table in b.get_table_names():
        assert {c["name"] for c in a.get_columns(table)} == {c["name"] for c in b.get_columns(table)}, table
        assert {i["name"] for i in a.get_indexes(table)} == {i["name"] for i in b.get_indexes(table)}, table


def test_a_new_sqlite_database_and_its_journal_files_are_readable_by_their_owner_only(tmp_path):
    """The live database holds every workspace's tokens and what members wrote: where the system makes
    files world-readable by default (umask 022), its file, -wal and -shm are still 0600."""
    import os
    import stat

    from storage.db import make_engine, migrate

    path = tmp_path / "cop.db"
    before = os.umask(0o022)
    try:
        engine = make_engine(f"sqlite:///{path}")
        migrate(engine)
        with engine.connect() as connection:  # WAL's files exist while a connection is open
            connection.exec_driver_sql("SELECT 1")
            files = [path, tmp_path / "cop.db-wal", tmp_path / "cop.db-shm"]
            assert all(f.exists() for f in files)
            assert {f.name: oct(stat.S_IMODE(f.stat().st_mode)) for f in files} == \
                {f.name: "0o600" for f in files}
        engine.dispose()
    finally:
        os.umask(before)


def _autoincrement(engine) -> dict[str, bool]:
    """Each table with an integer id → whether SQLite declares it AUTOINCREMENT."""
    from storage.sqlite_ids import integer_id_tables

    with engine.connect() as connection:
        return integer_id_tables(connection)


def test_on_sqlite_an_id_once_used_is_never_given_again_to_a_new_row(tmp_path):
    """A lesson deleted, then another shared: without AUTOINCREMENT SQLite gave the new one the deleted
    one's id, and everything still naming that id (its card, already sent) was taken for the new one's."""
    migrated = make_engine(f"sqlite:///{tmp_path / 'migrated.db'}")
    migrate(migrated)
    created = make_engine(f"sqlite:///{tmp_path / 'created.db'}")
    SQLModel.metadata.create_all(created)
    tables = _autoincrement(migrated)
    assert {"communities", "lessons", "help_requests", "outbox", "slack_bots", "slack_installations"} <= set(tables)
    assert all(tables.values()), [name for name, yes in tables.items() if not yes]
    assert _autoincrement(created) == {name: True for name in tables if name in _autoincrement(created)}
    db = Database(migrated)
    ids = []
    for channel in ("C1", "C2"):
        with db.session() as session:
            community, _ = communities.create_community(session=session, team_id="T1", channel_id=channel,
                                                        name="soins", language="fr", timezone="UTC", created_by="U1")
            ids.append(community.id)
            session.exec(delete(Community).where(col(Community.id) == community.id))  # the newest row, gone
    assert ids[1] > ids[0]


def test_migration_0060_rebuilds_a_database_made_before_it_keeping_every_row_index_and_child(tmp_path):
    """A database at 0055 with a community, its calls for help, an offer (a child row that cascades) and
    a lesson: after the upgrade every row is there with its id, every index with its own SQL, no child
    lost to a cascade, and the next id after a deleted newest row is new."""
    from alembic import command

    from storage.db import alembic_config

    engine = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    command.upgrade(alembic_config(engine), "0055")
    assert not any(_autoincrement(engine).values())
    db = Database(engine)
    with db.session() as session:
        community, _ = communities.create_community(session=session, team_id="T1", channel_id="C1", name="soins",
                                                    language="fr", timezone="America/Montreal", created_by="U1")
        for n in range(3):
            help_requests.create_help_request(session=session, team_id="T1", community_id=community.id,
                                              asker_id="U1", question=f"Question {n}?", channel_id="C1",
                                              topics=["triage", f"t{n}"])
    counts_sql = ("SELECT (SELECT count(*) FROM communities), (SELECT group_concat(id) FROM help_requests), "
                  "(SELECT count(*) FROM help_request_topics)")
    index_sql = "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name"
    with engine.connect() as connection:
        before, indexes = connection.exec_driver_sql(counts_sql).one(), connection.exec_driver_sql(index_sql).all()
    assert before == (1, "1,2,3", 6)
    assert migrate(engine).before == "0055"
    with engine.connect() as connection:
        assert connection.exec_driver_sql(counts_sql).one() == before  # no topic lost to a cascade
        assert connection.exec_driver_sql(index_sql).all() == indexes
        assert connection.exec_driver_sql("PRAGMA foreign_key_check").all() == []
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1  # back on for the app
    assert all(_autoincrement(engine).values())
    with db.session() as session:
        session.exec(delete(HelpRequest).where(col(HelpRequest.id) == 3))
    with db.session() as session:
        again = help_requests.create_help_request(session=session, team_id="T1", community_id=community.id,
                                                  asker_id="U1", question="Again?", channel_id="C1", topics=[])
        assert again.id == 4
