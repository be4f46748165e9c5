"""Recall@5 and MRR of the second labelled set (bench/search_eval.py), by category and engine, and
whether both engines return the same top 5.

    python -m bench.search_labelled                       # SQLite; PostgreSQL too with COP_BENCH_POSTGRES_URL
    python -m bench.search_labelled --glossary none       # without the built-in glossary
    python -m bench.search_labelled --glossary starter    # the starter glossary alone (as before issue 27)
    python -m bench.search_labelled --glossary community  # the built-in glossary and the community's own
    python -m bench.search_labelled --glossary lexicon    # the starter glossary and the bilingual lexicon, no cognates
    python -m bench.search_labelled --glossary cognates   # the starter glossary and the cognate rules, no lexicon
    python -m bench.search_labelled --set bilingual       # the cross-language set (bench/search_bilingual.py)

A query counts as found when one of its answers is in the top 5; MRR is the mean of 1/rank of the
first answer (0 when none is in the top 5). Only storage APIs that predate issue 15 are used
(create_community, index_many, search), so the same file runs on an older checkout for the
"before" figures; the glossary is passed only when the search function takes one.
"""

import argparse
import inspect
from collections import defaultdict

from bench.search import databases, drop
from bench.search_corpus import TARGETS, distractors
from bench.search_eval import COMMUNITY_GLOSSARY, LESSONS, QUERIES
from storage import communities, search
from storage.db import Database, migrate

CATEGORIES = ["typo", "abbreviation", "quebec-france", "question", "cross-language"]


def labelled(which: str) -> tuple[list[str], list[tuple[str, str, set[int]]], dict]:
    """The categories, the queries and the set's own lessons: issue 15's set, or a cross-language one."""
    if which == "bilingual":
        from bench import search_bilingual  # noqa: PLC0415 (absent on checkouts before issue 27)
        return search_bilingual.FIELDS, search_bilingual.QUERIES, search_bilingual.LESSONS
    if which == "blind":
        from bench import search_bilingual_blind as blind  # noqa: PLC0415 (absent on checkouts before issue 27)
        return blind.FIELDS, blind.QUERIES, blind.LESSONS
    if which == "blind3":
        from bench import search_bilingual_blind3 as blind3  # noqa: PLC0415 (the third blind set, frozen before its first run)
        return blind3.FIELDS, blind3.QUERIES, blind3.LESSONS
    if which == "blind4":
        from bench import search_bilingual_blind4 as blind4  # noqa: PLC0415 (the fourth blind set, frozen before its first run)
        return blind4.FIELDS, blind4.QUERIES, blind4.LESSONS
    return CATEGORIES, QUERIES, {}


def corpus(extra: dict | None = None) -> list[tuple[int, str, str, str]]:
    docs = [(i, *lesson) for i, lesson in LESSONS.items()]
    docs += [(i, *lesson) for i, lesson in (extra or {}).items()]
    docs += [(100 + i, title, body, topic) for i, (title, body, topic, _) in enumerate(TARGETS, start=1)]
    docs += [(1000 + i, *d) for i, d in enumerate(distractors(400, seed=23), start=1)]
    return docs


def seed(db: Database, extra: dict | None = None) -> int:
    with db.session() as session:
        community, _ = communities.create_community(session=session, team_id="T1", channel_id="C1", name="bench",
                                                    language="fr", timezone="UTC", created_by="U1")
        search.index_many(session=session, team_id="T1", community_id=community.id, documents=[
            search.NewDocument(kind="lesson", ref_id=i, title=title, body=body, topics=[topic], channel_id="C1")
            for i, title, body, topic in corpus(extra)])
    return community.id


def glossary_for(which: str):
    """none; starter (the starter glossary alone, as before issue 27); bilingual (and the French-English
    lexicon and cognate rules: the app's default since issue 27); lexicon (the lexicon without the cognate
    rules); cognates (the rules without the lexicon); community (and the community's own entries)."""
    if which == "none":
        return None
    from storage import glossary  # noqa: PLC0415 (absent on checkouts before the glossary)
    extra = COMMUNITY_GLOSSARY if which == "community" else []
    if "bilingual" not in inspect.signature(glossary.Glossary.of).parameters:  # a checkout before issue 27
        return glossary.Glossary.of(extra, starter=True)
    if which in ("lexicon", "cognates"):
        return glossary.Glossary.of(extra, starter=True, bilingual=which == "lexicon", cognates=which == "cognates")
    return glossary.Glossary.of(extra, starter=True, bilingual=which != "starter")


def run(which: str, labelled_set: str = "issue15") -> None:
    takes_glossary = "glossary" in inspect.signature(search.search).parameters
    categories, queries, own = labelled(labelled_set)
    print(f"{len(queries)} labelled queries ({labelled_set}), {len(corpus(own))} lessons, glossary: "
          f"{which if takes_glossary else 'none (this checkout has none)'}\n")
    tops: dict[str, list[list[int]]] = {}
    table = []
    for name, engine, cleanup in databases():
        migrate(engine)
        db = Database(engine)
        community_id = seed(db, own)
        extra = {"glossary": glossary_for(which)} if takes_glossary else {}
        ranks = defaultdict(list)
        tops[name] = []
        with db.session() as session:
            for category, query, answers in queries:
                hits = search.search(session=session, team_id="T1", community_id=community_id, query=query, limit=5,
                                     **extra)
                ids = [h.document.ref_id for h in hits]
                tops[name].append(ids)
                rank = next((r for r, i in enumerate(ids, start=1) if i in answers), None)
                ranks[category].append(rank)
                if rank is None:
                    print(f"  missed on {name}: [{category}] {query!r} → "
                          f"{[h.document.title[:40] for h in hits[:3]]}")
        for category in [*categories, "all"]:
            found = ranks[category] if category != "all" else [r for c in categories for r in ranks[c]]
            table.append((name, category, len(found), sum(r is not None for r in found) / len(found),
                          sum(1 / r for r in found if r) / len(found)))
        engine.dispose()
        drop(cleanup)
    print("\n| engine | category | queries | recall@5 | MRR |\n|---|---|---|---|---|")
    for name, category, n, recall, mrr in table:
        print(f"| {name} | {category} | {n} | {recall:.2f} | {mrr:.2f} |")
    if len(tops) == 2:
        first, second = tops.values()
        same = sum(a == b for a, b in zip(first, second, strict=True))
        for (_, query, _), a, b in zip(queries, first, second, strict=True):
            if a != b:
                print(f"  not the same: {query!r}: {a} / {b}")
        print(f"\nSame top 5 on both engines: {same} of {len(queries)} queries")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--glossary", default="bilingual",
                        choices=["none", "starter", "bilingual", "lexicon", "cognates", "community"])
    parser.add_argument("--set", choices=["issue15", "bilingual", "blind", "blind3", "blind4"], default="issue15",
                        dest="labelled_set")
    args = parser.parse_args()
    run(args.glossary, args.labelled_set)


if __name__ == "__main__":
    main()
