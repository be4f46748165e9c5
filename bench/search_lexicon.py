"""What the third lexicon, the dictionary-word check and the coordination factor (issue 27, item 7) cost.

    python -m bench.search_lexicon start                  # compiling the built-in glossary, with and without
    python -m bench.search_lexicon speed --n 20000 --only sqlite
    COP_BENCH_POSTGRES_URL=… python -m bench.search_lexicon speed --n 20000 --only postgresql

``start``: the built-in glossary compiled in a fresh process, three times each way taken in turn ("before":
without the third lexicon, ``storage/glossary_fields.py``). ``speed``: each query of ``bench.search speed``
run before and after in turn on one seeded library, in one process, three rounds (the order swapped each
round): "before" reads it as the app did before this change (the glossary without the third lexicon, every
word the community lacks open to correction, no coordination factor), "after" as the app does now.
(Until issue 27 item 7's third step, "before" was the starter glossary and the first lexicon, no cognate
rules and no question-word filter: docs/benchmarks.md.)
"""

import argparse
import dataclasses
import random
import subprocess
import sys
import time

from bench.search import _swapped, pct, seeded_libraries, synthetic
from bench.search_corpus import TARGETS
from storage import glossary, search
from storage.glossary_bilingual import BILINGUAL
from storage.glossary_practice import PRACTICE
from storage.glossary_starter import STARTER

COMPILE = """
import time
from storage import glossary
from storage.search_text import phrase
phrase("warm up")  # simplemma's data loaded before the clock starts
if {before}:
    glossary.FIELDS = ()
t = time.perf_counter()
glossary.compile_built_in()
print(time.perf_counter() - t)
"""


def start() -> None:
    for _ in range(3):
        for side in ("before", "after"):
            took = subprocess.run([sys.executable, "-c", COMPILE.format(before=side == "before")], check=True,
                                  capture_output=True, text=True).stdout.strip()
            print(f"{side}: built-in glossary compiled in {float(took) * 1000:.0f} ms", flush=True)


def _queries(docs, n: int) -> dict[str, list[str]]:
    rng = random.Random(5)
    sampled = [rng.sample(docs[rng.randrange(n)][1].split(), rng.choice([2, 3])) for _ in range(200 - len(TARGETS))]
    typos = [" ".join([_swapped(rng, rng.choice([w for w in TARGETS[i % len(TARGETS)][1].split()
                                                 if len(w) >= 6 and w.isalpha()] or ["pression"])),
                       *sampled[i][:rng.choice([1, 2])]]) for i in range(40)]
    return {"warm": [q for *_, q in TARGETS] + [" ".join(w) for w in sampled],
            "500 words": [" ".join(rng.choice(docs[rng.randrange(n)][1].split()) for _ in range(500))
                          for _ in range(20)],
            "typo": typos}


def speed(n: int, only: str | None) -> None:
    is_word, scorer = search.is_word, search._scorer
    glossaries = {"before": glossary.Glossary([p for p in (glossary._compiled(e) for e in (*STARTER, *BILINGUAL,
                                                                                             *PRACTICE))
                                               if len(p) > 1], cognates=True),
                  "after": glossary.Glossary.of([])}

    def uncoordinated(query):
        return scorer(dataclasses.replace(query, coordinated=False))
    docs = synthetic(n)
    sets = _queries(docs, n)
    print(f"{n:,} lessons\n\n| engine | queries | before p50 ms | before p95 ms | after p50 ms | after p95 ms |\n"
          "|---|---|---|---|---|---|")
    for name, db, community_id, _ in seeded_libraries(docs, only):
        def timed(side: str, session, query: str, community_id: int = community_id) -> float:
            search.is_word = is_word if side == "after" else (lambda _: False)
            search._scorer = scorer if side == "after" else uncoordinated
            t0 = time.perf_counter()
            search.search(session=session, team_id="T1", community_id=community_id, query=query, limit=5,
                          glossary=glossaries[side])
            return time.perf_counter() - t0

        timings = {(side, kind): [] for side in glossaries for kind in sets}
        with db.session() as session:
            for queries in sets.values():  # warm both up
                for query in queries:
                    timed("before", session, query), timed("after", session, query)
            for r in range(3):
                for kind, queries in sets.items():
                    for query in queries:
                        for side in (("before", "after") if r % 2 == 0 else ("after", "before")):
                            timings[(side, kind)].append(timed(side, session, query))
        for kind in sets:
            b, a = timings[("before", kind)], timings[("after", kind)]
            print(f"| {name} | {kind} | {pct(b, 50):.1f} | {pct(b, 95):.1f} | {pct(a, 50):.1f} | {pct(a, 95):.1f} |",
                  flush=True)
    search.is_word, search._scorer = is_word, scorer


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("what", choices=["start", "speed"])
    parser.add_argument("--n", type=int, default=20_000)
    parser.add_argument("--only", choices=["sqlite", "postgresql"])
    args = parser.parse_args()
    start() if args.what == "start" else speed(args.n, args.only)


if __name__ == "__main__":
    main()
