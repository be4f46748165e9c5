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
from storage import communities, glossary, search
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
            # pg_trgm once for the database, in public: created by a migration in a throwaway schema,
            # it would go when that schema is dropped (and other processes' indexes with it).
            conn.execute(text("SELECT pg_advisory_xact_lock(15)"))
            conn.execute(text("CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public"))
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
            search.index_many(session=session, team_id="T1", community_id=community.id, documents=[
                search.NewDocument(kind="lesson", ref_id=i, title=title, body=body, topics=[topic], channel_id="C1")
                for i, (title, body, topic) in enumerate(docs[start:start + batch], start=start + 1)])
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
    """Lessons whose words follow Zipf's law, as a real library's do: the corpus's own words
    first (the most frequent), then 20,000 rarer made-up terms (names, products, places)."""
    rng = random.Random(seed_value)
    real = sorted({w for values in DOMAINS.values() for v in values for w in v.split()} |
                  {w for t, b, *_ in TARGETS for w in (t + " " + b).split()})
    rng.shuffle(real)
    made_up = ["".join(rng.choice("bcdfghjklmnprstvz") + rng.choice("aeiou") for _ in range(3)) for _ in range(20000)]
    vocabulary = real + made_up
    weights = [1 / (rank + 1) for rank in range(len(vocabulary))]
    docs = []
    for _ in range(n):
        drawn = rng.choices(vocabulary, weights=weights, k=44)
        docs.append((" ".join(drawn[:6]), " ".join(drawn[6:]), rng.choice(list(DOMAINS))))
    return docs


def _timed(session, community_id: int, query: str) -> float:
    """One search as the app makes it (the community's glossary read, then the search), in seconds."""
    t0 = time.perf_counter()
    known = glossary.of_community(session=session, team_id="T1", community_id=community_id)
    search.search(session=session, team_id="T1", community_id=community_id, query=query, limit=5, glossary=known)
    return time.perf_counter() - t0


def _swapped(rng: random.Random, word: str) -> str:
    """The word with two neighbouring letters swapped, as a hurried thumb types it."""
    i = rng.randrange(1, len(word) - 2)
    return word[:i] + word[i + 1] + word[i] + word[i + 2:]


def pct(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))] * 1000


def seeded_libraries(docs, only: str | None, before_seed=None):
    """Each engine's library, seeded with ``docs`` and analysed: (engine, database, community id, seconds
    the seeding took); the engine is closed and its schema dropped once the caller is done with it.
    ``before_seed(name, engine)`` runs on the migrated schema before the seeding."""
    for name, engine, cleanup in databases():
        try:
            if only and name != only:
                continue
            migrate(engine)
            if before_seed:
                before_seed(name, engine)
            db = Database(engine)
            started = time.perf_counter()
            community_id = seed(db, docs)
            seeded = time.perf_counter() - started
            if name == "postgresql":
                with engine.begin() as conn:
                    conn.execute(text("ANALYZE"))  # as autovacuum would after a bulk load (the word counts too)
            yield name, db, community_id, seeded
        finally:
            engine.dispose()
            drop(cleanup)


def speed(n: int, queries: int, only: str | None = None) -> None:
    docs = synthetic(n)
    rng = random.Random(5)
    # Half the queries are the labelled ones, half two or three words taken from a random lesson.
    sampled = [rng.sample(docs[rng.randrange(n)][1].split(), rng.choice([2, 3]))
               for _ in range(max(0, queries - len(TARGETS)))]
    query_texts = [q for *_, q in TARGETS] + [" ".join(words) for words in sampled]
    # A member pasting a whole page: 500 words of the library's own vocabulary (issue 15).
    long_texts = [" ".join(rng.choice(docs[rng.randrange(n)][1].split()) for _ in range(500)) for _ in range(20)]
    # A misspelt word (two letters swapped) beside one or two right ones: the spelling correction runs.
    typo_texts = [" ".join([_swapped(rng, rng.choice([w for w in TARGETS[i % len(TARGETS)][1].split()
                                                      if len(w) >= 6 and w.isalpha()] or ["pression"])),
                            *sampled[i][:rng.choice([1, 2])]]) for i in range(40)]
    print(f"{n:,} lessons, {len(query_texts)} queries, {len(long_texts)} of 500 words, {len(typo_texts)} with a "
          "typo; the starter glossary applied, as in the app\n")
    print("| engine | seed s | cold p50 ms | cold p95 ms | warm p50 ms | warm p95 ms | 500 words p50 ms "
          "| 500 words p95 ms | typo p50 ms | typo p95 ms | LIKE p50 ms | LIKE p95 ms | add one ms |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for name, db, community_id, seeded in seeded_libraries(docs, only):
        # Two passes over the same queries: the first finds the caches cold (just after seeding);
        # the second is the steady state of a bot that has been answering searches for a while.
        passes = [[], []]
        like = []
        with db.session() as session:
            for fts in passes:
                fts += [_timed(session, community_id, query) for query in query_texts]
            long = [_timed(session, community_id, query) for query in long_texts]
            typos = [_timed(session, community_id, query) for query in typo_texts]
            for query in query_texts:
                # Baseline: what one would write without a full-text index — every lesson with
                # any of the words, ranked by how many it has (so every row is read).
                found = words(query)
                score = " + ".join(f"(CASE WHEN lower(body) LIKE :w{i} THEN 1 ELSE 0 END)" for i in range(len(found)))
                params = {f"w{i}": f"%{w}%" for i, w in enumerate(found)}
                t0 = time.perf_counter()
                if found:
                    session.execute(text(f"SELECT id, {score} AS s FROM search_documents WHERE team_id = 'T1' "
                                         f"AND ({score}) > 0 ORDER BY s DESC LIMIT 5"), params).all()
                like.append(time.perf_counter() - t0)
        adds = []
        for i in range(50):
            t0 = time.perf_counter()
            with db.session() as session:
                search.index_document(session=session, team_id="T1", community_id=community_id, kind="lesson",
                                      ref_id=n + 1 + i, title=docs[i][0], body=docs[i][1], topics=["x"],
                                      channel_id="C1", message_ts=None)
            adds.append(time.perf_counter() - t0)
        cold, warm = passes
        print(f"| {name} | {seeded:.0f} | {pct(cold, 50):.1f} | {pct(cold, 95):.1f} | {pct(warm, 50):.1f} | "
              f"{pct(warm, 95):.1f} | {pct(long, 50):.1f} | {pct(long, 95):.1f} | {pct(typos, 50):.1f} | "
              f"{pct(typos, 95):.1f} | {pct(like, 50):.1f} | "
              f"{pct(like, 95):.1f} | "
              f"{statistics.median(adds) * 1000:.1f} |", flush=True)


PASTE_SETTINGS = [(40, 1000), (100, 1000), (20, 200), (40, 200), (100, 200), (40, 100)]


def paste(n: int, queries: int, only: str | None = None) -> None:
    """A pasted page against short queries, on one seeded library, for several ways of reading a paste
    (how many of its first distinct words are stemmed and looked up, how many candidates are ranked):
    the settings are interleaved round after round so that each meets the database in the same state."""
    from storage.search_text import _stems, query_words

    docs = synthetic(n)
    rng = random.Random(5)
    shorts = [" ".join(rng.sample(docs[rng.randrange(n)][1].split(), rng.choice([2, 3]))) for _ in range(queries)]
    pastes = [" ".join(rng.choice(docs[rng.randrange(n)][1].split()) for _ in range(500)) for _ in range(20)]
    _stems.cache_clear()
    t0 = time.perf_counter()
    for page in pastes:
        query_words(page)
    print(f"Stemming a 500-word paste whole, cold: {(time.perf_counter() - t0) * 1000 / len(pastes):.1f} ms\n")
    print("| engine | paste read (distinct words) | paste pool | short p50 ms | short p95 ms | paste p50 ms | "
          "paste p95 ms |")
    print("|---|---|---|---|---|---|---|")
    for name, db, community_id, _ in seeded_libraries(docs, only):
        timings = {setting: ([], []) for setting in PASTE_SETTINGS}
        with db.session() as session:
            for query in shorts:  # warm up
                _timed(session, community_id, query)
            for _ in range(3):
                for setting, (short, long) in timings.items():
                    search.PASTE_READ, search.PASTE_POOL = setting
                    short += [_timed(session, community_id, query) for query in shorts[:60]]
                    long += [_timed(session, community_id, page) for page in pastes]
        for (read, pool), (short, long) in timings.items():
            print(f"| {name} | {read} | {pool} | {pct(short, 50):.1f} | {pct(short, 95):.1f} | {pct(long, 50):.1f} | "
                  f"{pct(long, 95):.1f} |", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("what", choices=["quality", "speed", "paste"])
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--only", choices=["sqlite", "postgresql"], help="measure one engine")
    args = parser.parse_args()
    if args.what == "quality":
        quality()
    elif args.what == "paste":
        paste(args.n, args.queries, args.only)
    else:
        speed(args.n, args.queries, args.only)


if __name__ == "__main__":
    main()
