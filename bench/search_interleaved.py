"""Search speed before and after a change, interleaved query by query on one seeded library, so that both
meet the machine in the same state (this machine is shared: runs minutes apart are not comparable).

    git worktree add /tmp/before 55988bb
    python -m bench.search_interleaved --before /tmp/before --only sqlite
    COP_BENCH_POSTGRES_URL=postgresql+psycopg://postgres@127.0.0.1:5432/test \\
        python -m bench.search_interleaved --before /tmp/before --only postgresql

"Before" is ``storage/search.py`` and ``storage/search_vocabulary.py`` of the other checkout, run against
this checkout's schema with the starter glossary alone (as before issue 27); "after" is this checkout with
the app's glossary (the starter and the bilingual lexicon). Same queries as ``bench.search speed``.
"""

import argparse
import importlib.util
import random
import time
from pathlib import Path

from bench.search import _swapped, pct, seeded_libraries, synthetic
from bench.search_corpus import TARGETS
from storage import glossary
from storage import search as after


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
    print("| engine | queries | before p50 ms | before p95 ms | after p50 ms | after p95 ms |")
    print("|---|---|---|---|---|---|")
    for name, db, community_id, _ in seeded_libraries(docs, args.only):
        def timed(module, session, query: str, community_id: int = community_id) -> float:
            t0 = time.perf_counter()
            own = [e.terms.split(" = ") for e in glossary.entries(session=session, team_id="T1",
                                                                  community_id=community_id)]
            known = glossary.Glossary.of(own, bilingual=module is after)
            module.search(session=session, team_id="T1", community_id=community_id, query=query, limit=5,
                          glossary=known)
            return time.perf_counter() - t0

        timings = {(side, kind): [] for side in ("before", "after") for kind in sets}
        with db.session() as session:
            for queries in sets.values():  # warm both up
                for query in queries:
                    timed(before, session, query), timed(after, session, query)
            for r in range(args.rounds):
                sides = [("before", before), ("after", after)]
                for kind, queries in sets.items():
                    for query in queries:
                        for side, module in (sides if r % 2 == 0 else sides[::-1]):
                            timings[(side, kind)].append(timed(module, session, query))
        for kind in sets:
            b, a = timings[("before", kind)], timings[("after", kind)]
            print(f"| {name} | {kind} | {pct(b, 50):.1f} | {pct(b, 95):.1f} | {pct(a, 50):.1f} | {pct(a, 95):.1f} |",
                  flush=True)


if __name__ == "__main__":
    main()
