"""Search speed before and after a change, interleaved query by query on one seeded library, so that both
meet the machine in the same state (this machine is shared: runs minutes apart are not comparable).

    git worktree add /tmp/before 55988bb
    python -m bench.search_interleaved --before /tmp/before --only sqlite
    COP_BENCH_POSTGRES_URL=postgresql+psycopg://postgres@127.0.0.1:5432/test \\
        python -m bench.search_interleaved --before /tmp/before --only postgresql

"Before" is ``storage/search.py`` and ``storage/search_vocabulary.py`` of the other checkout, run against
this checkout's schema with the starter glossary alone (as before issue 27); "after" is this checkout with
the app's glossary (the starter and the bilingual lexicon). Same queries as ``bench.search speed``.

With ``--own-library`` (PostgreSQL), "before" reads a copy of the library in a schema of its own, whose GIN
indexes keep a pending list as the migrations before 0061 made them (``fastupdate`` on): what a change of
the index, not only of the code, is measured with (issue 27, item 6); ``--before-glossary app`` when "before" has
the bilingual lexicon too.
"""

import argparse
import importlib.util
import random
import time
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path

from sqlalchemy import text

from bench.search import _swapped, pct, seeded_libraries, synthetic
from bench.search_corpus import TARGETS
from storage import glossary
from storage import search as after
from storage.db import Database, make_engine, migrate


def _load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--before", required=True, type=Path, help="a checkout of the code before the change")
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--only", choices=["sqlite", "postgresql"])
    parser.add_argument("--own-library", action="store_true",
                        help="'before' reads its own library, its GIN indexes with a pending list (fastupdate on)")
    parser.add_argument("--before-glossary", choices=["starter", "app"], default="starter",
                        help="the glossary 'before' reads: the starter alone (before issue 27) or the app's")
    args = parser.parse_args()
    before = _load("before_search", args.before / "storage" / "search.py")
    before.vocabulary = _load("before_vocabulary", args.before / "storage" / "search_vocabulary.py")

    docs = synthetic(args.n)
    rng = random.Random(5)
    sampled = [rng.sample(docs[rng.randrange(args.n)][1].split(), rng.choice([2, 3]))
               for _ in range(200 - len(TARGETS))]
    sets = {"warm": [q for *_, q in TARGETS] + [" ".join(w) for w in sampled],
            "500 words": [" ".join(rng.choice(docs[rng.randrange(args.n)][1].split()) for _ in range(500))
                          for _ in range(20)],
            "typo": [" ".join([_swapped(rng, rng.choice([w for w in TARGETS[i % len(TARGETS)][1].split()
                                                         if len(w) >= 6 and w.isalpha()] or ["pression"])),
                               *sampled[i][:rng.choice([1, 2])]]) for i in range(40)]}
    print("| engine | queries | before p50 ms | before p95 ms | before CPU p50 ms | before CPU p95 ms | after p50 ms "
          "| after p95 ms | after CPU p50 ms | after CPU p95 ms |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for name, db, community_id, _ in seeded_libraries(docs, args.only):
        copy = pending_copy(db) if args.own_library and name == "postgresql" else None
        try:
            _compare(name, sets, before, (copy or db, community_id), (db, community_id), args.rounds,
                     bilingual_before=args.before_glossary == "app")
        finally:
            if copy:
                drop_copy(copy)


COPIED = ("communities", "search_stats", "search_terms", "search_words", "search_documents")
GIN = ("ix_search_documents_terms", "ix_search_words_trigram")


def pending_copy(db: Database) -> Database:
    """A copy of ``db``'s PostgreSQL library in a schema of its own, its GIN indexes as the migrations before
    0061 made them (``fastupdate`` on: the rows go in through the pending list, flushed at each 4 MB, the
    rest left in it as a library fed one lesson at a time has it)."""
    with db.engine.connect() as connection:
        source = connection.execute(text("SELECT current_schema()")).scalar()
    copy = f"{source}_pending"
    with db.engine.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{copy}"'))
    engine = make_engine(db.engine.url.render_as_string(hide_password=False),
                         connect_args={"options": f"-csearch_path={copy},public"})
    migrate(engine)
    with engine.begin() as connection:
        for index in GIN:
            connection.execute(text(f"ALTER INDEX {index} RESET (fastupdate)"))
        for table in COPIED:
            columns = connection.execute(text(
                "SELECT string_agg(quote_ident(column_name), ', ' ORDER BY ordinal_position) FROM "
                "information_schema.columns WHERE table_schema = :schema AND table_name = :table AND "
                "is_generated = 'NEVER'"), {"schema": copy, "table": table}).scalar()
            connection.execute(text(f'INSERT INTO "{copy}".{table} ({columns}) SELECT {columns} '  # noqa: S608
                                    f'FROM "{source}".{table} ORDER BY 1'))
        connection.execute(text("ANALYZE"))
    return Database(engine)


def drop_copy(copy: Database) -> None:
    with copy.engine.connect() as connection:
        schema = connection.execute(text("SELECT current_schema()")).scalar()
    copy.engine.dispose()
    with make_engine(copy.engine.url.render_as_string(hide_password=False)).begin() as connection:
        connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))


def _server_cpu(session) -> Callable[[], float]:
    """The CPU seconds the session's PostgreSQL backend has used so far (Linux's schedstat, in ns; the
    server on this machine), or 0 on SQLite, whose work is the process's own."""
    if session.get_bind().dialect.name != "postgresql":
        return lambda: 0.0
    pid = session.execute(text("SELECT pg_backend_pid()")).scalar()
    stat = Path(f"/proc/{pid}/schedstat")
    return lambda: int(stat.read_text().split()[0]) / 1e9 if stat.exists() else 0.0


def _compare(name: str, sets: dict, before, before_library: tuple, after_library: tuple, rounds: int,
             bilingual_before: bool) -> None:
    """Each query before and after in turn, the order swapped each round; p50 and p95 of each side, in
    wall time and in CPU time (this process's and its PostgreSQL backend's: what a busy machine barely moves)."""
    def timed(module, session, query: str, community_id: int, server: Callable[[], float]) -> tuple[float, float]:
        t0, c0, s0 = time.perf_counter(), time.process_time(), server()
        own = [e.terms.split(" = ") for e in glossary.entries(session=session, team_id="T1",
                                                              community_id=community_id)]
        known = glossary.Glossary.of(own, bilingual=module is after or bilingual_before)
        module.search(session=session, team_id="T1", community_id=community_id, query=query, limit=5,
                      glossary=known)
        return time.perf_counter() - t0, time.process_time() - c0 + server() - s0

    timings = {(side, kind): [] for side in ("before", "after") for kind in sets}
    (before_db, before_community), (after_db, after_community) = before_library, after_library
    with ExitStack() as stack:
        first = stack.enter_context(before_db.session())
        # One library, one session (SQLite takes one writer at a time); a copy has its own.
        second = first if after_db is before_db else stack.enter_context(after_db.session())
        sides = [("before", before, first, before_community, _server_cpu(first)),
                 ("after", after, second, after_community, _server_cpu(second))]
        for queries in sets.values():  # warm both up
            for query in queries:
                for _, module, session, community_id, server in sides:
                    timed(module, session, query, community_id, server)
        for r in range(rounds):
            for kind, queries in sets.items():
                for query in queries:
                    for side, module, session, community_id, server in (sides if r % 2 == 0 else sides[::-1]):
                        timings[(side, kind)].append(timed(module, session, query, community_id, server))
    for kind in sets:
        row = [name, kind]
        for side in ("before", "after"):
            wall, cpu = zip(*timings[(side, kind)], strict=True)
            row += [f"{pct(wall, 50):.1f}", f"{pct(wall, 95):.1f}", f"{pct(cpu, 50):.1f}", f"{pct(cpu, 95):.1f}"]
        print("| " + " | ".join(row) + " |", flush=True)


if __name__ == "__main__":
    main()
