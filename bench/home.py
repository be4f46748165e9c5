"""How long the App Home takes to build for a busy community (issue 4).

    python -m bench.home --calls 5000 --lessons 1000 --members 500

Seeds one community with that many open and resolved calls for help (with topics, offers and
answers), lessons, members and newcomers, then times ``home()`` (every query the Home tab
needs) and the Block Kit view for a member with declared expertise and for an animator.
PostgreSQL is used too when COP_BENCH_POSTGRES_URL is set.
"""

import argparse
import random
import statistics
import time
from datetime import timedelta

from sqlalchemy import text

from bench.search import databases, drop
from bot import blocks
from bot.i18n import translator
from bot.services import home
from storage import communities, expertise, memberships
from storage.db import Database, migrate
from storage.models import HelpAnswer, HelpOffer, HelpRequest, HelpRequestTopic, HelpStatus, Lesson, Role
from storage.types import utcnow

TOPICS = ["triage", "nuit", "sepsis", "chutes", "douleur", "iv", "plaies", "cardio", "pediatrie", "paie"]


class ProfileOnly:
    """Answers users.info like Slack would; the profile is cached after the first call."""

    def user_info(self, user_id: str) -> dict:
        return {"id": user_id, "locale": "fr-CA", "tz": "America/Montreal"}


def seed(db: Database, calls: int, lessons: int, members: int) -> None:
    rng = random.Random(3)
    now = utcnow()
    with db.session() as session:
        community, _ = communities.create_community(session=session, team_id="T1", channel_id="C1", name="bench",
                                                    language="fr", timezone="America/Montreal", created_by="UANIM")
        communities.assign_role(session=session, team_id="T1", community_id=community.id, user_id="UANIM",
                                role=Role.ANIMATOR, assigned_by="UANIM")
        memberships.add_existing_members(session=session, team_id="T1", community_id=community.id,
                                         user_ids=[f"U{i}" for i in range(members)])
        expertise.add_topics(session=session, team_id="T1", community_id=community.id, user_id="U1",
                             topics=["triage", "sepsis"])
        for i in range(50):
            membership = memberships.add_member(session=session, team_id="T1", community_id=community.id,
                                                user_id=f"UNEW{i}", newcomer=True,
                                                joined_at=now - timedelta(days=i))
            membership.mentor_id = "UANIM"
        cid = community.id
    batch = 2000
    for start in range(0, calls, batch):
        with db.session() as session:
            rows = []
            for i in range(start, min(calls, start + batch)):
                created = now - timedelta(hours=rng.randrange(1, 24 * 365 * 3))
                status = HelpStatus.OPEN if rng.random() < 0.2 else HelpStatus.RESOLVED
                rows.append(HelpRequest(team_id="T1", community_id=cid, channel_id="C1", message_ts=f"{i}.0001",
                                        asker_id=f"U{rng.randrange(members)}", question=f"Question {i} sur le sujet",
                                        status=status.value, created_at=created))
            session.add_all(rows)
            session.flush()
            for row in rows:
                for topic in rng.sample(TOPICS, 2):
                    session.add(HelpRequestTopic(help_request_id=row.id, topic=topic, team_id="T1"))
                if rng.random() < 0.5:
                    session.add(HelpOffer(team_id="T1", help_request_id=row.id, user_id="U2", source="button"))
                    session.add(HelpAnswer(team_id="T1", help_request_id=row.id, user_id="U2", message_ts="1.1"))
    with db.session() as session:
        session.add_all([Lesson(team_id="T1", community_id=cid, author_id="U3", title=f"Leçon {i}",
                                recommendation="Faire ceci", channel_id="C1", message_ts=f"{i}.0002")
                         for i in range(lessons)])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--calls", type=int, default=5000)
    parser.add_argument("--lessons", type=int, default=1000)
    parser.add_argument("--members", type=int, default=500)
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()
    print(f"{args.calls:,} calls for help, {args.lessons:,} lessons, {args.members:,} members; {args.runs} runs\n")
    print("| engine | person | p50 ms | max ms | blocks |\n|---|---|---|---|---|")
    for name, engine, cleanup in databases():
        migrate(engine)
        db = Database(engine)
        seed(db, args.calls, args.lessons, args.members)
        if name == "postgresql":
            # What autovacuum does after a bulk load; without statistics the planner takes these
            # tables for empty and picks nested loops (250 ms for the member's Home).
            with engine.begin() as conn:
                conn.execute(text("ANALYZE"))
        for person in ("U1", "UANIM"):
            times, view = [], None
            for _ in range(args.runs):
                t0 = time.perf_counter()
                with db.session() as session:
                    language, data = home.home(session, ProfileOnly(), team_id="T1", user_id=person)
                view = blocks.home_view(translator(language), data)
                times.append(time.perf_counter() - t0)
            label = "member with expertise" if person == "U1" else "animator"
            print(f"| {name} | {label} | {statistics.median(times) * 1000:.1f} | {max(times) * 1000:.1f} | "
                  f"{len(view['blocks'])} |", flush=True)
        engine.dispose()
        drop(cleanup)


if __name__ == "__main__":
    main()
