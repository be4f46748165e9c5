"""Full-text search over lessons and resolved calls for help, on each engine's own index."""

import dataclasses
import math
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import delete, text
from sqlmodel import Session, col, select

from storage import search_cognates as cognates
from storage import search_vocabulary as vocabulary
from storage.glossary import Glossary
from storage.models import SearchDocument
from storage.search_text import Concept, Phrase, Word, fold, index_terms, is_word, query_words, stems


@dataclass(frozen=True)
class Hit:
    document: SearchDocument
    score: float


def _is_sqlite(session: Session) -> bool:
    return session.get_bind().dialect.name == "sqlite"


# Ranking reads at most this many matching documents, the newest first. A query of common
# words can match most of a large library; scoring all of it costs hundreds of milliseconds
# for no better answer, since the best of the newest few hundred is as good a start.
CANDIDATE_POOL = 1000
# Documents with only some of the words fill the list from the community's newest this many:
# a query of common words has any of them in most of a large library, and those matches
# are weak; reading them all would cost more than they are worth.
FALLBACK_WINDOW = 5000
# A query is read up to this many words (a member pasting a whole page must not tie up the database:
# each word is a term of the match). A longer one keeps its rarest words among its first PASTE_READ
# distinct ones, the only ones stemmed (rare words also make the match cheap: few documents hold them),
# so a pasted page costs what a short query costs; "before you ask" keeps the question's longest words.
MAX_QUERY_WORDS = 8
PASTE_READ = 100
# And it ranks the newest this many documents holding its words: a paste's words are many and
# common, their matches weak; ranking a thousand of them cost more than a short query (benchmarks).
PASTE_POOL = 200
SIMILAR_WORDS = 8


def telling(groups: list, keep: int, size=lambda g: max(len(s) for s in g)) -> list:
    """The ``keep`` most telling words of a question: the longest stems (long words are the rare,
    specific ones; "pompe volumétrique" says more than "faire"), in their order."""
    if len(groups) <= keep:
        return groups
    chosen = set(sorted(range(len(groups)), key=lambda i: -size(groups[i]))[:keep])
    return [g for i, g in enumerate(groups) if i in chosen]


def _rarest(session: Session, team_id: str, community_id: int,
            written: list[tuple[str, Word]]) -> tuple[list[tuple[str, Word]], vocabulary.Rarity]:
    """A long query's MAX_QUERY_WORDS most telling words, in their order: the rarest the community
    holds among its first PASTE_READ words (a word nobody wrote finds nothing and is not corrected:
    a pasted page is not a typed query)."""
    rarity = vocabulary.rarity(session, team_id, community_id, [s for _, word in written for s in word])

    def held(word: Word) -> int:
        return min((rarity.holding[s] for s in word if s in rarity.holding), default=0)

    ranked = sorted((i for i, (_, word) in enumerate(written) if held(word)), key=lambda i: held(written[i][1]))
    chosen = set(ranked[:MAX_QUERY_WORDS])
    return [w for i, w in enumerate(written) if i in chosen], rarity


def _scope(community_id: int, topics: Sequence[str]) -> str:
    """What the SQLite index filters on before ranking: the community and the topics."""
    return " ".join([f"c{community_id}", *(f"t{topic}" for topic in topics)])


def index_document(
    *, session: Session, team_id: str, community_id: int, kind: str, ref_id: int, title: str, body: str,
    topics: list[str], channel_id: str, message_ts: str | None, standing: str = "", resource_type: str = "",
) -> SearchDocument:
    """Add or replace what search finds for (kind, ref_id), in the same transaction as the change.
    ``standing``: a lesson's ("validated" ranks higher, "obsolete" last); ``resource_type``: a resource's
    (what ``types`` filters on)."""
    remove_document(session=session, team_id=team_id, kind=kind, ref_id=ref_id)
    document = _document(team_id, community_id, kind, ref_id, title, body, topics, channel_id, message_ts)
    document.standing, document.resource_type = standing, resource_type
    session.add(document)
    session.flush()
    if _is_sqlite(session):
        session.execute(text("INSERT INTO search_fts(rowid, terms, scope) VALUES (:id, :terms, :scope)"),
                        {"id": document.id, "terms": document.terms, "scope": _scope(community_id, topics)})
    vocabulary.count(session, [document], sign=1)
    return document


def _document(team_id: str, community_id: int, kind: str, ref_id: int, title: str, body: str, topics: list[str],
              channel_id: str, message_ts: str | None) -> SearchDocument:
    return SearchDocument(team_id=team_id, community_id=community_id, kind=kind, ref_id=ref_id, title=title[:300],
                          body=body, topics=" " + " ".join(topics) + " " if topics else "",
                          terms=index_terms(" ".join([title, body, *topics])), channel_id=channel_id,
                          message_ts=message_ts)


@dataclass(frozen=True)
class NewDocument:
    kind: str
    ref_id: int
    title: str
    body: str
    topics: list[str]
    channel_id: str
    message_ts: str | None = None


def index_many(*, session: Session, team_id: str, community_id: int, documents: list[NewDocument]) -> None:
    """Index documents that are not indexed yet, in bulk (imports, re-indexing, benchmarks)."""
    rows = [_document(team_id, community_id, d.kind, d.ref_id, d.title, d.body, d.topics, d.channel_id,
                      d.message_ts) for d in documents]
    session.add_all(rows)
    session.flush()
    vocabulary.count(session, rows, sign=1)
    if _is_sqlite(session):
        session.execute(text("INSERT INTO search_fts(rowid, terms, scope) VALUES (:id, :terms, :scope)"),
                        [{"id": row.id, "terms": row.terms, "scope": _scope(community_id, d.topics)}
                         for row, d in zip(rows, documents, strict=True)])


def remove_document(*, session: Session, team_id: str, kind: str, ref_id: int) -> bool:
    removed = session.exec(select(SearchDocument).where(
        SearchDocument.team_id == team_id, SearchDocument.kind == kind, SearchDocument.ref_id == ref_id)).all()
    remove_documents(session=session, documents=list(removed))
    return bool(removed)


def remove_documents(*, session: Session, documents: list[SearchDocument]) -> None:
    """Take documents out of search: the rows, SQLite's index, and the community's word counts."""
    if not documents:
        return
    vocabulary.count(session, documents, sign=-1)
    ids = [d.id for d in documents]
    if _is_sqlite(session):
        session.execute(text("DELETE FROM search_fts WHERE rowid = :id"), [{"id": i} for i in ids])
    session.exec(delete(SearchDocument).where(col(SearchDocument.id).in_(ids)))


@dataclass(frozen=True)
class Query:
    """A query as search reads it: one concept per word (or glossary phrase), the words corrected to
    the community's own spelling, and how rare each term is in the community."""

    concepts: list[Concept]
    rarity: vocabulary.Rarity
    corrected: dict[str, str]
    # Whether a document with only some concepts is weighed by the share it holds (``_scorer``): a typed
    # query's words are all wanted; a pasted page is read as its rarest words, and a lesson with two of
    # them must not come after one with many of its common ones.
    coordinated: bool = True

    def terms(self) -> set[str]:
        return {stem for concept in self.concepts for p in concept for word in p for stem in word}


class Results(list):
    """Hits, best first, and the query words that were read as another word (typo → word)."""

    corrected: dict[str, str]
    kept: list[str] | None  # a long query's words that were read (None: all of them)
    whole: int  # how many hits (the first) have every word of the query: none is a gap in the library


def read(session: Session, team_id: str, community_id: int, written: list[tuple[str, Word]],
         glossary: Glossary | None, rarity: vocabulary.Rarity | None = None) -> Query:
    """Correct the words the community never wrote (not the glossary's, nor those whose cognate it
    wrote, nor a word of the French or English dictionary, ``is_word``, unless it is the community's word with
    two letters swapped), then apply the glossary and the cognates the community's lessons hold."""
    others = _look_alikes(written, glossary)
    rarity = vocabulary.rarity(session, team_id, community_id, _terms([word for _, word in written], others),
                               known=rarity)
    found = rarity.holding
    corrected: dict[str, str] = {}
    words: list[Word] = []
    look_alikes: dict[Word, list[Word]] = {}
    for surface, word in written:
        held = [w for w in others.get(surface, ()) if any(s in found for s in w)]
        if held:
            look_alikes[word] = held
        elif not any(s in found for s in word) and not (glossary and glossary.knows(word)):
            better = _correction(session, team_id, community_id, surface)
            if better:
                corrected[surface] = better
                word = stems(better)
        words.append(word)
    words = list(dict.fromkeys(words))
    concepts = glossary.expand(words) if glossary else [((w,),) for w in words]
    query = Query(_with_look_alikes(concepts, look_alikes), rarity, corrected)
    return dataclasses.replace(query, rarity=vocabulary.rarity(session, team_id, community_id, query.terms(),
                                                               known=rarity))


def _correction(session: Session, team_id: str, community_id: int, typed: str) -> str | None:
    """The community's word a word it never wrote is read as: none for a dictionary word (``is_word``: most
    often the other language's word for what a lesson says), unless it is that word with two letters swapped."""
    better = vocabulary.correction(session, team_id, community_id, typed)
    return better if better and (not is_word(typed) or _swapped(typed, better)) else None


def _swapped(typed: str, word: str) -> bool:
    """Whether ``typed`` is ``word`` with two neighbouring letters swapped (accents aside): the one typo
    that often makes another real word (*tirage* for *triage*), so a dictionary word is still corrected then."""
    a, b = fold(typed), fold(word)
    if len(a) != len(b):
        return False
    differ = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
    return len(differ) == 2 and differ[1] == differ[0] + 1 and (a[differ[0]], a[differ[1]]) == (b[differ[1]],
                                                                                               b[differ[0]])


def _look_alikes(written: list[tuple[str, Word]], glossary: Glossary | None) -> dict[str, list[Word]]:
    """Each query word's look-alikes in the other language (``storage/search_cognates.py``) that its own
    stems do not already cover, when the glossary reads them (the app's does)."""
    if not (glossary and glossary.cognates):
        return {}
    return {surface: [w for w in dict.fromkeys(stems(c) for c in cognates.candidates(surface))
                      if not set(w) <= set(word)] for surface, word in written}


def _terms(words: list[Word], others: dict[str, list[Word]]) -> list[str]:
    """Every stem of the query's words and of their look-alikes (one lookup reads how rare each is)."""
    return [s for word in [*words, *(w for alike in others.values() for w in alike)] for s in word]


def _with_look_alikes(concepts: list[Concept], look_alikes: dict[Word, list[Word]]) -> list[Concept]:
    """A single word's concept, with the look-alikes the community's lessons hold as more ways to say it."""
    return [(*c, *((w,) for w in look_alikes.get(c[0][0], ()))) if len(c[0]) == 1 else c for c in concepts]


def telling_text(text: str) -> str:
    """A question's most telling words (those "before you ask" looks for), as written."""
    return " ".join(surface for surface, _ in telling(query_words(text, every_word=True), SIMILAR_WORDS,
                                                       size=lambda w: max(len(s) for s in w[1])))


def similar(*, session: Session, team_id: str, community_id: int, text: str, limit: int = 3,
            min_coverage: float = 0.6, glossary: Glossary | None = None) -> list[Hit]:
    """Documents that answer much the same question as ``text``.

    "Much the same" is judged the same way on both engines, from the stored terms: the document has
    at least ``min_coverage`` of the question's most telling words (or their glossary equivalents),
    and two of them at least, unless the question has only one or two. Obsolete lessons are no answer.
    """
    written = telling(query_words(text), SIMILAR_WORDS, size=lambda w: max(len(s) for s in w[1]))
    if not written:
        return []
    query = read(session, team_id, community_id, written, glossary)
    needed = 1 if len(query.concepts) <= 2 else 2
    good = []
    for hit in _ranked(session, team_id, community_id, query, (), limit * 3)[0]:
        if hit.document.standing == OBSOLETE:
            continue  # not an answer any more
        held = set(hit.document.terms.split())
        shared = sum(1 for concept in query.concepts if any(_has(held, p) for p in concept))
        if shared / len(query.concepts) >= min_coverage and shared >= needed:
            good.append(hit)
    return good[:limit]


def search(*, session: Session, team_id: str, community_id: int, query: str, topics: Sequence[str] = (),
           limit: int = 5, glossary: Glossary | None = None, types: Sequence[str] = ()) -> Results:
    """The best documents of one community for ``query``, best first; ``topics`` must all be present,
    and the document be a resource of one of ``types`` when any is given.

    Documents with every word of the query (or a glossary equivalent) come first; if they are fewer
    than ``limit``, documents with any word fill the list. Both engines rank alike (``_score``).
    A query of more than MAX_QUERY_WORDS words is read as its rarest ones (``Results.kept``).
    """
    written, rarity, kept = query_words(query, limit=PASTE_READ), None, None
    if len(written) > MAX_QUERY_WORDS:
        written, rarity = _rarest(session, team_id, community_id, written)
        kept = [surface for surface, _ in written]
    read_as = read(session, team_id, community_id, written, glossary, rarity) if written else None
    if read_as is not None and kept is not None:
        read_as = dataclasses.replace(read_as, coordinated=False)
    hits, whole = _ranked(session, team_id, community_id, read_as, topics, limit,
                          pool=PASTE_POOL if kept is not None else CANDIDATE_POOL, types=types)
    results = Results(hits)
    results.corrected = read_as.corrected if read_as else {}
    results.kept = kept
    results.whole = whole
    return results


def _ranked(session: Session, team_id: str, community_id: int, query: Query | None, topics,
            limit: int, pool: int = CANDIDATE_POOL, types=()) -> tuple[list[Hit], int]:
    """The hits, and how many of them (the first) have every word of the query. Obsolete lessons come
    after all others and do not count as having the words (they no longer answer)."""
    concepts = query.concepts if query else []
    hits = _search(session, team_id, community_id, query, topics, limit, every_word=True, pool=pool, types=types)
    whole = sum(1 for h in hits if h.document.standing != OBSOLETE)
    if whole < limit and len(concepts) > 1:
        seen = {h.document.id for h in hits}
        more = _search(session, team_id, community_id, query, topics, limit + len(hits), every_word=False,
                       min_id=_window_start(session, team_id, community_id), pool=pool, types=types)
        hits += [h for h in more if h.document.id not in seen]
    hits.sort(key=lambda h: h.document.standing == OBSOLETE)  # stable: the order within each part stays
    return hits[:limit], min(whole, limit)


def _window_start(session: Session, team_id: str, community_id: int) -> int:
    """The id of the community's FALLBACK_WINDOW-th newest document (0 when it has fewer)."""
    oldest = session.exec(select(SearchDocument.id).where(
        SearchDocument.team_id == team_id, SearchDocument.community_id == community_id,
    ).order_by(col(SearchDocument.id).desc()).offset(FALLBACK_WINDOW - 1).limit(1)).first()
    return oldest or 0


def _has(held: set[str], p: Phrase) -> bool:
    return all(any(s in held for s in word) for word in p)


# Okapi BM25, computed here from the stored terms so that SQLite and PostgreSQL rank alike.
K1 = 1.2
B = 0.75
# What the community stands behind weighs more: a practice proposed to it (promising), a lesson a content
# expert validated, most of all a shared practice (adopted and validated); an obsolete one comes after all others.
VALIDATED = "validated"
OBSOLETE = "obsolete"
PROMISING = "promising"
SHARED = "shared"
VALIDATED_WEIGHT = 1.25
STANDING_WEIGHTS = {PROMISING: 1.1, VALIDATED: VALIDATED_WEIGHT, SHARED: 1.4}


def _order(score: float, standing: str, document_id: int) -> tuple:
    """Best first: obsolete lessons last, the others weighed by their standing, ties to the newer document."""
    weight = STANDING_WEIGHTS.get(standing)
    return (standing == OBSOLETE, -(score * weight if weight else score), -document_id)


def _scorer(query: Query):
    """A document's BM25 score, from its stored terms. Each query concept counts once: its best phrase
    (the mean of the phrase's words, so a two-word equivalent weighs like one word), each word by its
    best stem (a word stemmed two ways, French and English, is still one word).

    Up to a thousand candidates are scored per search, so the work per document is kept small and in C
    where it can be: the query terms it holds are found by one set intersection and only those are
    counted; a concept's longer phrases are weighed only when the document holds one of their terms
    (docs/benchmarks.md, issue 27). The arithmetic is the first version's, in the same order: the same
    scores to the last bit for a document with every concept; one with only some is weighed by the share
    of the query's concepts it holds (Lucene's "coordination factor"; issue 27, item 7)."""
    rarity = query.rarity
    terms = sorted(query.terms())
    idf = [math.log(1 + (rarity.documents - df + 0.5) / (df + 0.5))
           for stem in terms for df in (rarity.holding.get(stem, 0),)]
    at = {stem: j for j, stem in enumerate(terms)}
    # Each concept as its single-word phrases' terms (worth their best term) and its longer phrases (the mean
    # of their words, each worth its best term), with every term a longer phrase needs to be worth anything.
    concepts = []
    for concept in query.concepts:
        flat = tuple(at[s] for p in concept if len(p) == 1 for s in p[0])
        longer = [(tuple(tuple(at[s] for s in word) for word in p), len(p),
                   frozenset(at[s] for word in p for s in word)) for p in concept if len(p) > 1]
        concepts.append((flat, longer))
    share = query.coordinated
    wanted = frozenset(terms)
    nothing = [0.0] * len(terms)
    per_length = K1 * B / rarity.average_length
    spaced = K1 * (1 - B)

    def score(stored: str) -> float:
        tokens = stored.split()
        present = wanted.intersection(tokens)
        if not present:
            return 0.0
        norm = spaced + per_length * len(tokens)
        weight = nothing[:]
        held = set()
        for stem in present:
            j = at[stem]
            held.add(j)
            tf = tokens.count(stem)
            weight[j] = idf[j] * tf * (K1 + 1) / (tf + norm)
        total = 0  # summed in the concepts' order, as sum() would
        met = 0
        for flat, longer in concepts:
            value = max(map(weight.__getitem__, flat)) if flat else 0.0
            for words, n, needs in longer:
                if not held.isdisjoint(needs):  # a phrase with none of its terms is worth 0
                    value = max(value, sum(max(map(weight.__getitem__, word)) for word in words) / n)
            total += value
            met += value > 0
        # A document with only some of the concepts (the fallback's) weighs by the share it holds: one holding
        # two of three through the glossary (a lesson in the other language) comes before one holding a single
        # common word many times in the query's own language. Not for a pasted page (``Query.coordinated``).
        return total * met / len(concepts) if share and met < len(concepts) else total

    return score


def _word(word: Word, *, sqlite: bool) -> str:
    return "(" + (" OR " if sqlite else " | ").join(_phrase(s) if sqlite else s for s in word) + ")"


def _concept(concept: Concept, *, sqlite: bool) -> str:
    both = " AND " if sqlite else " & "
    return "(" + (" OR " if sqlite else " | ").join(
        "(" + both.join(_word(w, sqlite=sqlite) for w in p) + ")" for p in concept) + ")"


def _phrase(word: str) -> str:
    return '"' + word.replace('"', "") + '"'


# Reading a match through the GIN index costs about this many times a row of the backward walk (the
# bitmap's rows are fetched from the heap and sorted); measured at 100,000 lessons (docs/benchmarks.md).
BITMAP_ROW_COST = 4


def expected_matches(query: Query) -> float:
    """About how many of the community's documents hold every concept of the query, from how many hold
    each term, as if the words were independent: a word holds as many documents as its commonest stem
    (a document with the word has all its stems), a phrase as its rarest word, a concept its phrases'
    sum."""
    documents, held = query.rarity.documents, query.rarity.holding
    if not documents:
        return 0.0
    share = 1.0
    for concept in query.concepts:
        holding = sum(min(max(held.get(s, 0) for s in word) for word in p) for p in concept)
        share *= min(documents, holding) / documents
    return documents * share


def _through_index(query: Query | None, pool: int) -> bool:
    """Whether PostgreSQL should find the newest ``pool`` documents with every word through the GIN
    index (read every match, then sort) rather than by walking the community's documents backwards
    (about pool × documents / matches rows, each testing a whole tsvector).

    Decided from search's own counts: the planner prices a walked row too low and walked 47,000 rows
    (40 ms) where the index took 8 ms (docs/benchmarks.md, issue 27)."""
    if query is None:
        return False
    matches = expected_matches(query)
    return BITMAP_ROW_COST * matches * matches < pool * query.rarity.documents


def _search(session: Session, team_id: str, community_id: int, query: Query | None, topics: list[str],
            limit: int, *, every_word: bool, min_id: int = 0, pool: int = CANDIDATE_POOL,
            types: Sequence[str] = ()) -> list[Hit]:
    """The community's best ``limit`` documents among the newest ``pool`` matches (every word, or any)."""
    concepts = query.concepts if query else []
    if not concepts and not topics and not types:
        return []
    sqlite = _is_sqlite(session)
    params: dict = {"team_id": team_id, "community_id": community_id, "limit": limit, "pool": pool,
                    "min_id": min_id}
    filters = _filters(params, topics, types)
    if not concepts or query is None:
        sql = (f"SELECT d.id, d.terms, d.standing FROM search_documents d WHERE d.team_id = :team_id "
               f"AND d.community_id = :community_id{filters} ORDER BY d.id DESC LIMIT :limit")
    elif sqlite:
        sql = _sqlite_matches(params, community_id, concepts, topics, filters, every_word=every_word)
    else:
        sql = _postgres_matches(params, query, filters, every_word=every_word, pool=pool)
    if not sqlite:
        # A plan for these words, not a generic one: psycopg prepares a statement run five times,
        # and PostgreSQL's generic plan for it (chosen without the words) walks the whole community
        # when a rare word meets a common one — 20× slower (docs/benchmarks.md, issue 15).
        session.execute(text("SET LOCAL plan_cache_mode = force_custom_plan"))
    # Only placeholder names (":topic0", ":type0"…) are interpolated into the SQL; every value is a bound parameter.
    rows = session.execute(text(sql), params).all()
    return _best(session, rows, query if concepts else None, limit)


def _filters(params: dict, topics: Sequence[str], types: Sequence[str]) -> str:
    """The SQL that keeps documents with every topic (and of one of the types), its values put in ``params``."""
    sql = ""
    for i, topic in enumerate(topics):
        params[f"topic{i}"] = f"% {topic} %"
        sql += f" AND d.topics LIKE :topic{i}"
    if types:
        sql += " AND d.resource_type IN (" + ", ".join(f":type{i}" for i in range(len(types))) + ")"
        params.update({f"type{i}": kind for i, kind in enumerate(types)})
    return sql


def _sqlite_matches(params: dict, community_id: int, concepts: list[Concept], topics: Sequence[str], filters: str, *,
                    every_word: bool) -> str:
    joiner = " AND " if every_word else " OR "
    words = joiner.join(_concept(c, sqlite=True) for c in concepts)
    scope = " AND ".join(_phrase(s) for s in _scope(community_id, topics).split())
    params["match"] = f"scope : ({scope}) AND terms : ({words})"
    # The index picks the community's newest matches (rowid order needs no sort), then the tenant
    # is checked; ranking is done after, the same way on both engines.
    return ("SELECT d.id, d.terms, d.standing FROM (SELECT rowid AS id FROM search_fts WHERE search_fts MATCH "
            ":match AND rowid >= :min_id ORDER BY rowid DESC LIMIT :pool) c JOIN search_documents d ON d.id = c.id "
            f"WHERE d.team_id = :team_id AND d.community_id = :community_id{filters} ORDER BY d.id DESC")


def _postgres_matches(params: dict, query: Query, filters: str, *, every_word: bool, pool: int) -> str:
    joiner = " & " if every_word else " | "
    params["match"] = joiner.join(_concept(c, sqlite=False) for c in query.concepts)
    # Same shape: the community's newest matches (the GIN index for rare words, a backward
    # walk of (team, community, id) for common ones). Sorting on id + 0 keeps the planner from
    # walking when search's own counts say the index is cheaper (``_through_index``).
    newest = "d.id + 0" if every_word and _through_index(query, pool) else "d.id"
    return ("SELECT d.id, d.terms, d.standing FROM search_documents d WHERE d.search_vector @@ "
            "to_tsquery('simple', :match) "
            f"AND d.team_id = :team_id AND d.community_id = :community_id AND d.id >= :min_id{filters} "
            f"ORDER BY {newest} DESC LIMIT :pool")


def _best(session: Session, rows, query: Query | None, limit: int) -> list[Hit]:
    """The candidates ranked the same way on both engines (``_order``), the best ``limit`` read whole."""
    if query is not None:
        score = _scorer(query)
        scored = [(score(terms), i, standing) for i, terms, standing in rows]
    else:
        scored = [(0.0, i, standing) for i, _, standing in rows]
    ranked = [(s, i) for s, i, _ in sorted(scored, key=lambda r: _order(r[0], r[2], r[1]))[:limit]]
    documents = {d.id: d for d in session.exec(
        select(SearchDocument).where(col(SearchDocument.id).in_([i for _, i in ranked])))}
    return [Hit(documents[i], score) for score, i in ranked]
