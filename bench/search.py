"""Search quality and speed on SQLite (FTS5) and PostgreSQL (tsvector), beside a naive LIKE scan.

    python -m bench.search quality            # recall@5 and MRR on the labelled set
    python -m bench.search speed --n 100000   # p50/p95 latency with N lessons, and the cost of adding one

PostgreSQL is used when COP_BENCH_POSTGRES_URL is set (e.g. postgresql+psycopg://postgres@127.0.0.1/test).
"""

import argparse
import os
import random
import statistics
import tempfile
import time
import uuid

from sqlalchemy import text

from bench.search_corpus import DOMAINS, TARGETS, distractors
from storage import communities, search
from storage.db import Database, make_engine, migrate
from storage.search_text import words


def databases():
    tmp = tempfile.mkdtemp()
    yield "sqlite", make_engine(f"sqlite:///{tmp}/bench.db"), None
    url = os.environ.get("COP_BENCH_POSTGRES_URL")
    if url:
        schema = "bench_" + uuid.uuid4().hex[:8]
        admin = make_engine(url)
        with admin.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        yield "postgresql", make_engine(url, connect_args={"options": f"-csearch_path={schema}"}), (admin, schema)


def drop(cleanup):
    if cleanup:
        admin, schema = cleanup
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))


def seed(db: Database, docs) -> int:
    with db.session() as session:
        community, _ = communities.create_community(session=session, team_id="T1", channel_id="C1", name="bench",
                                                    language="fr", timezone="UTC", created_by="U1")
    batch = 2000
    for start in range(0, len(docs), batch):
        with db.session() as session:
            for i, (title, body, topic) in enumerate(docs[start:start + batch], start=start + 1):
                search.index_document(session=session, team_id="T1", community_id=community.id, kind="lesson",
                                      ref_id=i, title=title, body=body, topics=[topic], channel_id="C1",
                                      message_ts=None)
    return community.id


def quality() -> None:
    docs = [(t, b, tp) for t, b, tp, _ in TARGETS] + distractors(400)
    print(f"{len(TARGETS)} labelled queries, {len(docs)} lessons\n")
    print("| engine | recall@5 | MRR |\n|---|---|---|")
    for name, engine, cleanup in databases():
        migrate(engine)
        db = Database(engine)
        community_id = seed(db, docs)
        ranks = []
        with db.session() as session:
            for expected, (_, _, _, query) in enumerate(TARGETS, start=1):
                hits = search.search(session=session, team_id="T1", community_id=community_id, query=query, limit=5)
                ids = [h.document.ref_id for h in hits]
                ranks.append(ids.index(expected) + 1 if expected in ids else None)
                if expected not in ids:
                    print(f"  missed on {name}: {query!r} → {[h.document.title for h in hits][:3]}")
        recall = sum(r is not None for r in ranks) / len(ranks)
        mrr = sum(1 / r for r in ranks if r) / len(ranks)
        print(f"| {name} | {recall:.3f} | {mrr:.3f} |")
        engine.dispose()
        drop(cleanup)


def synthetic(n: int, seed_value: int = 11) -> list[tuple[str, str, str]]:
    rng = random.Random(seed_value)
    vocabulary = sorted({w for values in DOMAINS.values() for v in values for w in v.split()} |
                        {w for t, b, *_ in TARGETS for w in (t + " " + b).split()})
    docs = []
    for _ in range(n):
        title = " ".join(rng.sample(vocabulary, 4))
        body = " ".join(rng.choices(vocabulary, k=30))
        docs.append((title, body, rng.choice(list(DOMAINS))))
    return docs


def pct(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))] * 1000


def speed(n: int, queries: int) -> None:
    docs = synthetic(n)
    rng = random.Random(5)
    query_texts = [q for *_, q in TARGETS] + [" ".join(rng.sample(docs[rng.randrange(n)][1].split(), 2))
                                              for _ in range(max(0, queries - len(TARGETS)))]
    print(f"{n:,} lessons, {len(query_texts)} queries\n")
    print("| engine | seed s | index p50 ms | index p95 ms | LIKE p50 ms | LIKE p95 ms | add one ms |")
    print("|---|---|---|---|---|---|---|")
    for name, engine, cleanup in databases():
        migrate(engine)
        db = Database(engine)
        started = time.perf_counter()
        community_id = seed(db, docs)
        seeded = time.perf_counter() - started
        if name == "postgresql":
            with engine.begin() as conn:
                conn.execute(text("ANALYZE search_documents"))
        fts, like = [], []
        with db.session() as session:
            for query in query_texts:
                t0 = time.perf_counter()
                search.search(session=session, team_id="T1", community_id=community_id, query=query, limit=5)
                fts.append(time.perf_counter() - t0)
                # Baseline: what one would write without a full-text index.
                conditions = " OR ".join(f"lower(body) LIKE :w{i}" for i in range(len(words(query))))
                params = {f"w{i}": f"%{w}%" for i, w in enumerate(words(query))}
                t0 = time.perf_counter()
                session.execute(text(f"SELECT id FROM search_documents WHERE team_id = 'T1' AND ({conditions}) "
                                     "LIMIT 5" if conditions else "SELECT 1"), params).all()
                like.append(time.perf_counter() - t0)
        adds = []
        for i in range(50):
            t0 = time.perf_counter()
            with db.session() as session:
                search.index_document(session=session, team_id="T1", community_id=community_id, kind="lesson",
                                      ref_id=n + 1 + i, title=docs[i][0], body=docs[i][1], topics=["x"],
                                      channel_id="C1", message_ts=None)
            adds.append(time.perf_counter() - t0)
        print(f"| {name} | {seeded:.0f} | {pct(fts, 50):.1f} | {pct(fts, 95):.1f} | {pct(like, 50):.1f} | "
              f"{pct(like, 95):.1f} | {statistics.median(adds) * 1000:.1f} |")
        engine.dispose()
        drop(cleanup)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("what", choices=["quality", "speed"])
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args()
    quality() if args.what == "quality" else speed(args.n, args.queries)


if __name__ == "__main__":
    main()
