"""The scheduler's costs (issue 5).

    python -m bench.scheduler wakeup --communities 10000 --future 1000000
    python -m bench.scheduler deliver --items 10000

``wakeup``: one tick (due rows and outbox rows) when nothing is due, with 10,000
communities and a million future due rows, beside the same tick with only 10,000 future rows:
the cost must not grow with what lies in the future.
``deliver``: 10,000 follow-ups fall due at once; time until every DM has reached the fake
Web API (a real HTTP server, the real WebClient).
PostgreSQL is used too when COP_BENCH_POSTGRES_URL is set.
"""

import argparse
import statistics
import time
from datetime import timedelta

from sqlalchemy import insert, text

from bench.search import databases, drop
from bot.app import make_deliverer, make_due_runner
from bot.notifier import Notifier, make_client
from storage.db import Database, migrate
from storage.models import Community, DueItem, HelpRequest, HelpStatus, RoleAssignment
from storage.types import utcnow


def seed_communities(db: Database, count: int) -> None:
    with db.session() as session:
        session.execute(insert(Community), [
            {"team_id": f"T{i % 100}", "channel_id": f"C{i}", "name": f"c{i}", "language": "fr",
             "timezone": "America/Montreal", "created_by": "U1", "charter": "", "created_at": utcnow(),
             "quiet_start_hour": 0, "quiet_end_hour": 0, "quiet_weekends": False, "nudge_offsets": "0"}
            for i in range(count)])


def seed_future(db: Database, count: int, communities: int, start: int = 0) -> None:
    now = utcnow()
    batch = 50_000
    for first in range(start, start + count, batch):
        with db.session() as session:
            session.execute(insert(DueItem), [
                {"team_id": f"T{(i % communities) % 100}", "community_id": i % communities + 1,
                 "kind": "meeting.nudge", "subject_id": i, "dedupe_key": f"bench:{i}",
                 "due_at": now + timedelta(days=1, seconds=i), "status": "pending", "attempts": 0,
                 "created_at": now} for i in range(first, min(first + batch, start + count))])


def tick_ms(runner, deliverer, runs: int = 200) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        runner.run_due()
        deliverer.deliver_due()
        times.append(time.perf_counter() - t0)
    ordered = sorted(times)
    return statistics.median(times) * 1000, ordered[int(len(ordered) * 0.99) - 1] * 1000


def wakeup(communities: int, future: int) -> None:
    print(f"{communities:,} communities; one tick (due rows + outbox) with nothing due, 200 ticks\n")
    print("| engine | future due rows | tick p50 ms | tick p99 ms |\n|---|---|---|---|")
    from tests.fake_slack import FakeSlack

    fake = FakeSlack(tokens={"xoxb-bench": "T0001"})
    for name, engine, cleanup in databases():
        migrate(engine)
        db = Database(engine)
        seed_communities(db, communities)
        deliverer = make_deliverer(db, Notifier(make_client("xoxb-bench", fake.api_url)))
        runner = make_due_runner(db, deliverer)
        seeded = 0
        for target in (10_000, future):
            seed_future(db, target - seeded, communities, start=seeded)
            seeded = target
            if name == "postgresql":
                # What autovacuum does after a bulk load, done now so that it does not run during the ticks.
                with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                    conn.execute(text("VACUUM ANALYZE due_items"))
            p50, p99 = tick_ms(runner, deliverer)
            print(f"| {name} | {target:,} | {p50:.2f} | {p99:.2f} |", flush=True)
        engine.dispose()
        drop(cleanup)
    fake.close()


def deliver(items: int) -> None:
    from tests.fake_slack import FakeSlack

    print(f"{items:,} unanswered calls for help fall due at once; each animator DM goes through the fake Web API\n")
    print("| engine | due rows | DMs sent | seconds | per second |\n|---|---|---|---|---|")
    for name, engine, cleanup in databases():
        fake = FakeSlack(tokens={"xoxb-bench": "T0001"})
        migrate(engine)
        db = Database(engine)
        seed_communities(db, 100)
        now = utcnow()
        with db.session() as session:
            session.execute(insert(RoleAssignment), [
                {"team_id": f"T{i % 100}", "community_id": i + 1, "user_id": f"UANIM{i}", "role": "animator",
                 "assigned_by": "U1", "assigned_at": now} for i in range(100)])
            session.execute(insert(HelpRequest), [
                {"team_id": f"T{(i % 100) % 100}", "community_id": i % 100 + 1, "channel_id": f"C{i % 100}",
                 "message_ts": f"{i}.1", "asker_id": f"U{i}", "question": f"Question {i}",
                 "status": HelpStatus.OPEN.value, "urgent": False, "created_at": now - timedelta(days=2)}
                for i in range(items)])
            session.execute(insert(DueItem), [
                {"team_id": f"T{(i % 100) % 100}", "community_id": i % 100 + 1, "kind": "help.unanswered",
                 "subject_id": i + 1, "dedupe_key": f"help.unanswered:{i + 1}", "due_at": now - timedelta(minutes=1),
                 "status": "pending", "attempts": 0, "created_at": now} for i in range(items)])
        deliverer = make_deliverer(db, Notifier(make_client("xoxb-bench", fake.api_url)))
        runner = make_due_runner(db, deliverer)
        t0 = time.perf_counter()
        while runner.run_due(limit=500) or deliverer.deliver_due(limit=500):
            pass
        elapsed = time.perf_counter() - t0
        sent = len(fake.calls_to("chat.postMessage"))
        print(f"| {name} | {items:,} | {sent:,} | {elapsed:.1f} | {sent / elapsed:.0f} |", flush=True)
        fake.close()
        engine.dispose()
        drop(cleanup)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("what", choices=["wakeup", "deliver"])
    parser.add_argument("--communities", type=int, default=10_000)
    parser.add_argument("--future", type=int, default=1_000_000)
    parser.add_argument("--items", type=int, default=10_000)
    args = parser.parse_args()
    wakeup(args.communities, args.future) if args.what == "wakeup" else deliver(args.items)


if __name__ == "__main__":
    main()
