"""The community's figures over five years of activity (issue 6).

    python -m bench.stats --calls 50000 --lessons 5000

Seeds one community with that many calls for help spread over five years (answers, offers,
credits, time saved), lessons and 60 meetings, then times ``/cop stats`` for 90 days and for the
five years (every query and the life-cycle comparison), median of 10 runs. PostgreSQL is used too
when COP_BENCH_POSTGRES_URL is set.
"""

import argparse
import random
import statistics
import time
from datetime import timedelta

from sqlalchemy import insert, text
from sqlmodel import select

from bench.search import databases, drop
from bot.services import report, stats
from storage import communities
from storage.db import Database, migrate
from storage.models import HelpAnswer, HelpCredit, HelpOffer, HelpRequest, Lesson, Meeting, Membership
from storage.types import utcnow


def seed(db: Database, calls: int, lessons: int) -> int:
    rng = random.Random(7)
    now = utcnow()
    with db.session() as session:
        community, _ = communities.create_community(session=session, team_id="T1", channel_id="C1", name="bench",
                                                    language="fr", timezone="America/Montreal", created_by="U1")
        cid = community.id
        session.execute(insert(Membership), [{"team_id": "T1", "community_id": cid, "user_id": f"U{i}",
                                              "joined_at": now - timedelta(days=rng.randrange(1, 1800)),
                                              "newcomer": False} for i in range(800)])
    statuses = ["resolved"] * 6 + ["open"] * 2 + ["closed", "library"]
    for first in range(0, calls, 10_000):
        rows = []
        for i in range(first, min(calls, first + 10_000)):
            created = now - timedelta(minutes=rng.randrange(1, 5 * 365 * 24 * 60))
            status = rng.choice(statuses)
            answered = created + timedelta(minutes=rng.randrange(5, 3000)) if status != "library" else None
            rows.append({"team_id": "T1", "community_id": cid, "channel_id": "C1", "message_ts": f"{i}.1",
                         "asker_id": f"U{rng.randrange(800)}", "question": f"Question {i}", "status": status,
                         "urgent": False, "created_at": created, "first_answer_at": answered,
                         "first_answer_by": "U2" if answered else None,
                         "resolved_at": answered + timedelta(hours=2) if status == "resolved" else None,
                         "time_saved_minutes": rng.choice([10, 60, 225, 450]) if status == "resolved" else None,
                         "value_story": "Une histoire" if status == "resolved" and i % 50 == 0 else None})
        with db.session() as session:
            session.execute(insert(HelpRequest), rows)
    with db.session() as session:
        created = dict(session.exec(select(HelpRequest.id, HelpRequest.created_at)).all())
        ids = sorted(created)
        for first in range(0, len(ids), 10_000):
            chunk = ids[first:first + 10_000]
            session.execute(insert(HelpAnswer), [{"team_id": "T1", "help_request_id": i, "user_id": f"U{i % 800}",
                                                  "message_ts": f"{i}.2", "created_at": created[i]} for i in chunk])
            session.execute(insert(HelpOffer), [{"team_id": "T1", "help_request_id": i, "user_id": f"U{i % 801}",
                                                 "source": "button", "created_at": created[i]} for i in chunk])
            session.execute(insert(HelpCredit), [{"team_id": "T1", "help_request_id": i, "user_id": f"U{i % 97}",
                                                  "credited_by": "U1", "created_at": created[i]}
                                                 for i in chunk if i % 3 == 0])
        session.execute(insert(Lesson), [{"team_id": "T1", "community_id": cid, "author_id": f"U{i % 800}",
                                          "title": "t", "context": "", "what_happened": "", "recommendation": "r",
                                          "topics": "", "channel_id": "C1",
                                          "created_at": now - timedelta(days=rng.randrange(1, 1800)),
                                          "updated_at": now} for i in range(lessons)])
        session.execute(insert(Meeting), [{"team_id": "T1", "community_id": cid, "topic": "m", "created_by": "U1",
                                           "channel_id": "C1", "starts_at": now - timedelta(days=30 * i),
                                           "duration_minutes": 60, "agenda": "", "repeat": "none", "repeat_every": 1,
                                           "status": "scheduled", "version": 1, "created_at": now}
                                          for i in range(60)])
    return cid


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--calls", type=int, default=50_000)
    parser.add_argument("--lessons", type=int, default=5_000)
    args = parser.parse_args()
    print(f"{args.calls:,} calls for help and {args.lessons:,} lessons over five years; median of 10 runs\n")
    print("| engine | what | ms |\n|---|---|---|")
    for name, engine, cleanup in databases():
        migrate(engine)
        db = Database(engine)
        cid = seed(db, args.calls, args.lessons)
        if name == "postgresql":
            with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(text("VACUUM ANALYZE"))
        for days in (90, 5 * 365):
            times = []
            for _ in range(10):
                t0 = time.perf_counter()
                with db.session() as session:
                    community = communities.get_community(session=session, team_id="T1", community_id=cid)
                    now = utcnow()
                    stats.figures(session, community, start=now - timedelta(days=days), end=now, viewer="U1")
                times.append(time.perf_counter() - t0)
            print(f"| {name} | stats, {days} days | {statistics.median(times) * 1000:.0f} |", flush=True)
        times = []
        for _ in range(3):
            t0 = time.perf_counter()
            with db.session() as session:
                community = communities.get_community(session=session, team_id="T1", community_id=cid)
                month = report.month_start(utcnow().date(), 1)
                t, built = report.for_person(session, community, "U1", month)
                report.charts(t, built)
            times.append(time.perf_counter() - t0)
        print(f"| {name} | monthly report with its 2 charts | {statistics.median(times) * 1000:.0f} |", flush=True)
        engine.dispose()
        drop(cleanup)


if __name__ == "__main__":
    main()
