"""Full-text search over lessons and resolved calls for help, on each engine's own index."""

from dataclasses import dataclass

from sqlalchemy import delete, text
from sqlmodel import Session, select

from storage.models import SearchDocument
from storage.search_text import index_terms, query_groups


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
# A query is read up to its first this many words (a member pasting a whole page must not tie up the
# database: each word is a term of the match); "before you ask" keeps the question's most telling ones.
MAX_QUERY_WORDS = 8
SIMILAR_WORDS = 8


def telling(groups: list[tuple[str, ...]], keep: int) -> list[tuple[str, ...]]:
    """The ``keep`` most telling words of a question: the longest stems (long words are the rare,
    specific ones; "pompe volumétrique" says more than "faire"), in their order."""
    if len(groups) <= keep:
        return groups
    chosen = set(sorted(range(len(groups)), key=lambda i: -max(len(s) for s in groups[i]))[:keep])
    return [g for i, g in enumerate(groups) if i in chosen]


def query_was_cut(query: str) -> bool:
    return len(query_groups(query)) > MAX_QUERY_WORDS


def _scope(community_id: int, topics: list[str]) -> str:
    """What the SQLite index filters on before ranking: the community and the topics."""
    return " ".join([f"c{community_id}", *(f"t{topic}" for topic in topics)])


def index_document(
    *, session: Session, team_id: str, community_id: int, kind: str, ref_id: int, title: str, body: str,
    topics: list[str], channel_id: str, message_ts: str | None,
) -> SearchDocument:
    """Add or replace what search finds for (kind, ref_id), in the same transaction as the change."""
    remove_document(session=session, team_id=team_id, kind=kind, ref_id=ref_id)
    document = _document(team_id, community_id, kind, ref_id, title, body, topics, channel_id, message_ts)
    session.add(document)
    session.flush()
    if _is_sqlite(session):
        session.execute(text("INSERT INTO search_fts(rowid, terms, scope) VALUES (:id, :terms, :scope)"),
                        {"id": document.id, "terms": document.terms, "scope": _scope(community_id, topics)})
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
    if _is_sqlite(session):
        session.execute(text("INSERT INTO search_fts(rowid, terms, scope) VALUES (:id, :terms, :scope)"),
                        [{"id": row.id, "terms": row.terms, "scope": _scope(community_id, d.topics)}
                         for row, d in zip(rows, documents, strict=True)])


def remove_document(*, session: Session, team_id: str, kind: str, ref_id: int) -> bool:
    removed = session.execute(delete(SearchDocument).where(
        SearchDocument.team_id == team_id, SearchDocument.kind == kind, SearchDocument.ref_id == ref_id,
    ).returning(SearchDocument.id)).scalars().all()
    if removed and _is_sqlite(session):
        session.execute(text("DELETE FROM search_fts WHERE rowid = :id"), [{"id": i} for i in removed])
    return bool(removed)


def similar(*, session: Session, team_id: str, community_id: int, text: str, limit: int = 3,
            min_coverage: float = 0.6) -> list[Hit]:
    """Documents that answer much the same question as ``text``.

    "Much the same" is judged the same way on both engines, from the stored terms: at least
    ``min_coverage`` of the question's distinct words appear in the document (and two words
    at least, unless the question has only one).
    """
    groups = telling(query_groups(text), SIMILAR_WORDS)
    wanted = {stem for group in groups for stem in group}
    if not wanted:
        return []
    needed = 1 if len(wanted) <= 2 else 2
    good = []
    for hit in _ranked(session, team_id, community_id, groups, (), limit * 3):
        shared = wanted & set(hit.document.terms.split())
        # Each word yields up to two stems; count coverage in stems, the floor in words.
        if len(shared) / len(wanted) >= min_coverage and len(shared) >= needed:
            good.append(hit)
    return good[:limit]


def search(*, session: Session, team_id: str, community_id: int, query: str, topics: list[str] = (),
           limit: int = 5) -> list[Hit]:
    """The best documents of one community for ``query``, best first; ``topics`` must all be present.

    Documents with every word of the query come first (a selective query, fast on a large
    library); if they are fewer than ``limit``, documents with any word fill the list.
    """
    return _ranked(session, team_id, community_id, query_groups(query)[:MAX_QUERY_WORDS], topics, limit)


def _ranked(session: Session, team_id: str, community_id: int, groups: list[tuple[str, ...]], topics,
            limit: int) -> list[Hit]:
    hits = _search(session, team_id, community_id, groups, topics, limit, every_word=True)
    if len(hits) < limit and len(groups) > 1:
        seen = {h.document.id for h in hits}
        more = _search(session, team_id, community_id, groups, topics, limit + len(hits), every_word=False,
                       min_id=_window_start(session, team_id, community_id))
        hits += [h for h in more if h.document.id not in seen][: limit - len(hits)]
    return hits


def _window_start(session: Session, team_id: str, community_id: int) -> int:
    """The id of the community's FALLBACK_WINDOW-th newest document (0 when it has fewer)."""
    oldest = session.exec(select(SearchDocument.id).where(
        SearchDocument.team_id == team_id, SearchDocument.community_id == community_id,
    ).order_by(SearchDocument.id.desc()).offset(FALLBACK_WINDOW - 1).limit(1)).first()
    return oldest or 0


def _phrase(word: str) -> str:
    return '"' + word.replace('"', "") + '"'


def _search(session: Session, team_id: str, community_id: int, groups: list[tuple[str, ...]], topics: list[str],
            limit: int, *, every_word: bool, min_id: int = 0) -> list[Hit]:
    terms = [t for group in groups for t in group]
    if not terms and not topics:
        return []
    params: dict = {"team_id": team_id, "community_id": community_id, "limit": limit, "pool": CANDIDATE_POOL,
                    "min_id": min_id}
    topic_filter = ""
    for i, topic in enumerate(topics):
        params[f"topic{i}"] = f"% {topic} %"
        topic_filter += f" AND d.topics LIKE :topic{i}"
    if not terms:
        sql = (f"SELECT d.id, 0.0 AS score FROM search_documents d WHERE d.team_id = :team_id "
               f"AND d.community_id = :community_id{topic_filter} ORDER BY d.id DESC LIMIT :limit")
    elif _is_sqlite(session):
        joiner = " AND " if every_word else " OR "
        words = joiner.join("(" + " OR ".join(_phrase(t) for t in group) + ")" for group in groups)
        scope = " AND ".join(_phrase(s) for s in _scope(community_id, topics).split())
        params["match"] = f"scope : ({scope}) AND terms : ({words})"
        # The index picks the community's newest matches (rowid order needs no sort), ranks
        # only those with bm25 (the scope column weighs nothing), then checks the tenant.
        sql = ("SELECT d.id, -c.rank AS score FROM (SELECT rowid AS id, bm25(search_fts, 1.0, 0.0) AS rank "
               "FROM search_fts WHERE search_fts MATCH :match AND rowid >= :min_id ORDER BY rowid DESC LIMIT :pool) c "
               "JOIN search_documents d ON d.id = c.id WHERE d.team_id = :team_id "
               f"AND d.community_id = :community_id{topic_filter} ORDER BY c.rank, d.id DESC LIMIT :limit")
    else:
        joiner = " & " if every_word else " | "
        params["match"] = joiner.join("(" + " | ".join(group) + ")" for group in groups)
        # Same shape: the community's newest matches (the GIN index for rare words, a backward
        # walk of (team, community, id) for common ones: the planner chooses), then ranking.
        sql = ("SELECT c.id, ts_rank_cd(c.search_vector, q, 1) AS score FROM (SELECT d.id, d.search_vector "
               "FROM search_documents d WHERE d.search_vector @@ to_tsquery('simple', :match) "
               f"AND d.team_id = :team_id AND d.community_id = :community_id AND d.id >= :min_id{topic_filter} "
               "ORDER BY d.id DESC LIMIT :pool) c, to_tsquery('simple', :match) q "
               "ORDER BY score DESC, c.id DESC LIMIT :limit")
    if not _is_sqlite(session):
        # A plan for these words, not a generic one: psycopg prepares a statement run five times,
        # and PostgreSQL's generic plan for it (chosen without the words) walks the whole community
        # when a rare word meets a common one — 20× slower (docs/benchmarks.md, issue 15).
        session.execute(text("SET LOCAL plan_cache_mode = force_custom_plan"))
    # Only placeholder names (":topic0"…) are interpolated into the SQL; every value is a bound parameter.
    rows = session.execute(text(sql), params).all()
    documents = {d.id: d for d in session.exec(
        select(SearchDocument).where(SearchDocument.id.in_([r[0] for r in rows])))}
    return [Hit(documents[r[0]], float(r[1])) for r in rows]
