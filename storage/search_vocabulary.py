"""What search knows of a community's words, kept beside its documents in the same transaction:

- ``search_terms``: how many documents hold each index term (how rare it is: the ranking's weight,
  computed the same way on SQLite and PostgreSQL);
- ``search_stats``: the community's document count and total terms (the average document length);
- ``search_words``: the words its documents are written with, for correcting a misspelt search word
  to one the community actually uses.

Every change goes through ``counted`` (add with sign 1, remove with sign -1), rows in key order so
that concurrent writers on PostgreSQL take their row locks in the same order.
"""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import process
from rapidfuzz.distance import OSA
from sqlalchemy import bindparam, text
from sqlmodel import Session

from storage.search_text import fold, normalise, words

MAX_KEY = 100  # longer "words" (a pasted hash, a glued URL) are not counted: nobody searches for them

_TERMS = ("INSERT INTO search_terms (team_id, community_id, term, documents) VALUES (:team_id, :community_id, "
          ":term, :n) ON CONFLICT (team_id, community_id, term) DO UPDATE SET documents = "
          "search_terms.documents + excluded.documents")
_WORDS = ("INSERT INTO search_words (team_id, community_id, word, folded, length, documents) VALUES (:team_id, "
          ":community_id, :word, :folded, :length, :n) ON CONFLICT (team_id, community_id, word) DO UPDATE SET "
          "documents = search_words.documents + excluded.documents")
_STATS = ("INSERT INTO search_stats (team_id, community_id, documents, terms) VALUES (:team_id, :community_id, :n, "
          ":terms) ON CONFLICT (team_id, community_id) DO UPDATE SET documents = search_stats.documents + "
          "excluded.documents, terms = search_stats.terms + excluded.terms")
_GONE_TERMS = "DELETE FROM search_terms WHERE team_id = :team_id AND community_id = :community_id AND term = :term " \
              "AND documents <= 0"
_GONE_WORDS = "DELETE FROM search_words WHERE team_id = :team_id AND community_id = :community_id AND word = :word " \
              "AND documents <= 0"


def counted(documents: Iterable, *, sign: int) -> list[tuple[str, list[dict]]]:
    """The statements that add (sign 1) or take away (sign -1) documents' words and terms.

    Each document has ``team_id``, ``community_id``, ``title``, ``body``, ``topics`` (" a b ") and
    ``terms`` (as stored)."""
    terms: Counter = Counter()
    vocabulary: Counter = Counter()
    stats: Counter = Counter()
    lengths: Counter = Counter()
    for d in documents:
        scope = (d.team_id, d.community_id)
        stems = d.terms.split()
        stats[scope] += 1
        lengths[scope] += len(stems)
        terms.update((*scope, t) for t in set(stems) if len(t) <= MAX_KEY)
        written = words(" ".join([d.title, d.body, *d.topics.split()]))
        vocabulary.update((*scope, w) for w in set(written) if len(w) <= MAX_KEY and not w.isdigit())
    statements = [
        (_STATS, [{"team_id": t, "community_id": c, "n": sign * n, "terms": sign * lengths[(t, c)]}
                  for (t, c), n in sorted(stats.items())]),
        (_TERMS, [{"team_id": t, "community_id": c, "term": term, "n": sign * n}
                  for (t, c, term), n in sorted(terms.items())]),
        (_WORDS, [{"team_id": t, "community_id": c, "word": w, "folded": fold(w), "length": len(fold(w)),
                   "n": sign * n} for (t, c, w), n in sorted(vocabulary.items())]),
    ]
    if sign < 0:
        statements += [(_GONE_TERMS, [{"team_id": t, "community_id": c, "term": term} for t, c, term in sorted(terms)]),
                       (_GONE_WORDS, [{"team_id": t, "community_id": c, "word": w} for t, c, w in sorted(vocabulary)])]
    return [(statement, values) for statement, values in statements if values]


def count(session: Session, documents: Iterable, *, sign: int) -> None:
    for statement, values in counted(documents, sign=sign):
        session.execute(text(statement), values)


@dataclass(frozen=True)
class Rarity:
    """What ranking needs to know of a community: its size, its average document length, and how
    many documents hold each of the query's terms."""

    documents: int
    average_length: float
    holding: dict[str, int]
    asked: frozenset[str]  # the terms looked up (those no document holds are absent from ``holding``)


def rarity(session: Session, team_id: str, community_id: int, terms: Iterable[str],
           known: Rarity | None = None) -> Rarity:
    """The community's figures and how many documents hold each term; with ``known``, only the
    terms it does not cover yet are read (the query's corrected words and glossary equivalents)."""
    scope = {"team_id": team_id, "community_id": community_id}
    if known is None:
        stats = session.execute(text("SELECT documents, terms FROM search_stats WHERE team_id = :team_id AND "
                                     "community_id = :community_id"), scope).first()
        documents, length = (stats or (0, 0))
        # A community whose documents hold no word at all (only emoji, only stop words) has no length.
        average = length / documents if length > 0 and documents > 0 else 1.0
        known = Rarity(documents=documents, average_length=average, holding={}, asked=frozenset())
    wanted = sorted(set(terms) - known.asked)
    holding = dict(known.holding)
    if wanted:
        holding.update(session.execute(
            text("SELECT term, documents FROM search_terms WHERE team_id = :team_id AND "
                 "community_id = :community_id AND term IN :terms").bindparams(bindparam("terms", expanding=True)),
            {**scope, "terms": wanted}).all())
    return Rarity(known.documents, known.average_length, holding, known.asked | set(wanted))


# A word is corrected only if it is this long (short forms are not typos: "rdv", "ecg"), to a word one
# edit away (a letter missing, extra, wrong, or two swapped); from LONG_WORD letters on, two.
MIN_CORRECTED = 4
LONG_WORD = 6
# And it must share this much of its trigrams with it (pg_trgm's similarity: "plaies" is not "pages").
# Not a simple ratio (2/10 = 0.2 would sit on the boundary, float4 on PostgreSQL, float8 here).
TRIGRAM_THRESHOLD = 0.19


def _trigrams(word: str) -> set[str]:
    """pg_trgm's trigrams of one lower-case word: padded with two spaces before and one after."""
    padded = f"  {word} "
    return {padded[i:i + 3] for i in range(len(word) + 1)}


def similarity(a: str, b: str) -> float:
    """pg_trgm's similarity() of two words, computed the same way here for SQLite."""
    x, y = _trigrams(a), _trigrams(b)
    return len(x & y) / len(x | y)


def _sharing_a_trigram(word: str) -> tuple[str, list[str]]:
    """A SQLite condition on ``folded`` true exactly for the words that share one of ``word``'s trigrams
    (``_trigrams``: the first letter and first two, each run of three, the last two), and its values."""
    inner = sorted({word[i:i + 3] for i in range(len(word) - 2)})
    condition = " OR ".join(["substr(folded, 1, 1) = ?", "substr(folded, -2) = ?",
                             *("instr(folded, ?) > 0" for _ in inner)])
    return condition, [word[0], word[-2:], *inner]


def trigram_schema(connection) -> str | None:
    """The schema pg_trgm is installed in (its operators are named with it), or None without it."""
    return connection.execute(text("SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON "
                                   "n.oid = e.extnamespace WHERE e.extname = 'pg_trgm'")).scalar()


def _candidates_postgres(session: Session, schema: str, params: dict) -> list:
    session.execute(text(f"SET LOCAL pg_trgm.similarity_threshold = {TRIGRAM_THRESHOLD}"))
    operator = 'OPERATOR("' + schema.replace('"', '""') + '".%)'
    # The schema comes from pg_extension (quoted as an identifier), never from a user.
    return list(session.execute(text(
        f"SELECT word, folded, documents FROM search_words WHERE folded {operator} :folded AND "  # noqa: S608
        "team_id = :team_id AND community_id = :community_id AND length BETWEEN :lo AND :hi"), params).all())


def _candidates_sqlite(session: Session, typed: str, params: dict) -> list:
    # The words of about the same length that share a trigram with it (none other can pass the
    # similarity below), spelt without accents, through the driver's own cursor: a large library has
    # tens of thousands of words of each length, and building a Python string, let alone a Row, for
    # each cost more than the rest of the search. rapidfuzz keeps the few within reach.
    cursor = session.connection().connection.cursor()
    try:
        shared, values = _sharing_a_trigram(typed)
        sql = "SELECT folded FROM search_words WHERE team_id = ? AND community_id = ? AND length BETWEEN ? AND ?"
        cursor.execute(f"{sql} AND ({shared})",  # noqa: S608 (``shared`` holds placeholders only)
                       (params["team_id"], params["community_id"], params["lo"], params["hi"], *values))
        spellings = list({row[0] for row in cursor.fetchall()})
    finally:
        cursor.close()
    limit = params["hi"] - len(typed)  # the edits allowed
    near = [spelling for spelling, _, _ in process.extract(typed, spellings, scorer=OSA.distance,
                                                            score_cutoff=limit, limit=None)]
    if not near:
        return []
    return list(session.execute(text(
        "SELECT word, folded, documents FROM search_words WHERE team_id = :team_id AND "
        "community_id = :community_id AND folded IN :near").bindparams(bindparam("near", expanding=True)),
        {**params, "near": near}).all())


def correction(session: Session, team_id: str, community_id: int, word: str) -> str | None:
    """The community's own word closest to ``word`` (fewest edits, then the most used, then the first
    in alphabetical order), or None when none is close enough.

    Candidates come from each database's own means — PostgreSQL's trigram index (pg_trgm), SQLite's
    words of about the same length filtered by the same trigram similarity — and are judged the same
    way on both: same candidates, same choice."""
    typed = fold(word)
    if len(typed) < MIN_CORRECTED or not typed.isalpha():
        return None
    limit = 1 if len(typed) < LONG_WORD else 2
    params = {"team_id": team_id, "community_id": community_id, "folded": typed, "lo": len(typed) - limit,
              "hi": len(typed) + limit}
    schema = trigram_schema(session) if session.get_bind().dialect.name == "postgresql" else None
    rows = _candidates_postgres(session, schema, params) if schema else _candidates_sqlite(session, typed, params)
    written = normalise(word)
    best = None
    # The edit distance first (rapidfuzz, in C++, over every candidate), the rest on the few left.
    for _, distance, i in process.extract(typed, [row.folded for row in rows], scorer=OSA.distance,
                                          score_cutoff=limit, limit=None):
        row = rows[i]
        # Distance 0: the same word with its accents typed otherwise. A short word keeps its first
        # letter (few typos are there, and "soeur" must not become "coeur").
        if row.word != written and (len(typed) >= LONG_WORD or row.folded[0] == typed[0]) \
                and similarity(typed, row.folded) >= TRIGRAM_THRESHOLD:
            key = (distance, -row.documents, row.word)
            best = min(best, key) if best else key
    return best[2] if best else None
