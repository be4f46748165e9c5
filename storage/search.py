"""Full-text search over lessons and resolved calls for help, on each engine's own index."""

from dataclasses import dataclass

from sqlalchemy import text
from sqlmodel import Session, select

from storage.models import SearchDocument
from storage.search_text import index_terms, query_groups, query_terms


@dataclass(frozen=True)
class Hit:
    document: SearchDocument
    score: float


def _is_sqlite(session: Session) -> bool:
    return session.get_bind().dialect.name == "sqlite"


def index_document(
    *, session: Session, team_id: str, community_id: int, kind: str, ref_id: int, title: str, body: str,
    topics: list[str], channel_id: str, message_ts: str | None,
) -> SearchDocument:
    """Add or replace what search finds for (kind, ref_id), in the same transaction as the change."""
    remove_document(session=session, team_id=team_id, kind=kind, ref_id=ref_id)
    document = SearchDocument(team_id=team_id, community_id=community_id, kind=kind, ref_id=ref_id,
                              title=title[:300], body=body, topics=" " + " ".join(topics) + " " if topics else "",
                              terms=index_terms(" ".join([title, body, *topics])), channel_id=channel_id,
                              message_ts=message_ts)
    session.add(document)
    session.flush()
    if _is_sqlite(session):
        session.execute(text("INSERT INTO search_fts(rowid, terms) VALUES (:id, :terms)"),
                        {"id": document.id, "terms": document.terms})
    return document


def remove_document(*, session: Session, team_id: str, kind: str, ref_id: int) -> bool:
    existing = session.exec(select(SearchDocument).where(
        SearchDocument.team_id == team_id, SearchDocument.kind == kind, SearchDocument.ref_id == ref_id)).first()
    if existing is None:
        return False
    if _is_sqlite(session):
        session.execute(text("DELETE FROM search_fts WHERE rowid = :id"), {"id": existing.id})
    session.delete(existing)
    session.flush()
    return True


def similar(*, session: Session, team_id: str, community_id: int, text: str, limit: int = 3,
            min_coverage: float = 0.6) -> list[Hit]:
    """Documents that answer much the same question as ``text``.

    "Much the same" is judged the same way on both engines, from the stored terms: at least
    ``min_coverage`` of the question's distinct words appear in the document (and two words
    at least, unless the question has only one).
    """
    wanted = set(query_terms(text))
    if not wanted:
        return []
    needed = 1 if len(wanted) <= 2 else 2
    good = []
    for hit in search(session=session, team_id=team_id, community_id=community_id, query=text, limit=limit * 3):
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
    groups = query_groups(query)
    hits = _search(session, team_id, community_id, groups, topics, limit, every_word=True)
    if len(hits) < limit and len(groups) > 1:
        seen = {h.document.id for h in hits}
        more = _search(session, team_id, community_id, groups, topics, limit + len(hits), every_word=False)
        hits += [h for h in more if h.document.id not in seen][: limit - len(hits)]
    return hits


def _search(session: Session, team_id: str, community_id: int, groups: list[tuple[str, ...]], topics: list[str],
            limit: int, *, every_word: bool) -> list[Hit]:
    terms = [t for group in groups for t in group]
    if not terms and not topics:
        return []
    params: dict = {"team_id": team_id, "community_id": community_id, "limit": limit}
    topic_filter = ""
    for i, topic in enumerate(topics):
        params[f"topic{i}"] = f"% {topic} %"
        topic_filter += f" AND d.topics LIKE :topic{i}"
    if not terms:
        sql = (f"SELECT d.id, 0.0 AS score FROM search_documents d WHERE d.team_id = :team_id "
               f"AND d.community_id = :community_id{topic_filter} ORDER BY d.created_at DESC LIMIT :limit")
    elif _is_sqlite(session):
        joiner = " AND " if every_word else " OR "
        params["match"] = joiner.join("(" + " OR ".join(f'"{t}"' for t in group) + ")" for group in groups)
        sql = ("SELECT d.id, -bm25(search_fts) AS score FROM search_fts JOIN search_documents d "
               "ON d.id = search_fts.rowid WHERE search_fts MATCH :match AND d.team_id = :team_id "
               f"AND d.community_id = :community_id{topic_filter} ORDER BY bm25(search_fts), d.id DESC LIMIT :limit")
    else:
        joiner = " & " if every_word else " | "
        params["match"] = joiner.join("(" + " | ".join(group) + ")" for group in groups)
        sql = ("SELECT d.id, ts_rank_cd(d.search_vector, q, 1) AS score "
               "FROM search_documents d, to_tsquery('simple', :match) q "
               "WHERE d.search_vector @@ q AND d.team_id = :team_id "
               f"AND d.community_id = :community_id{topic_filter} ORDER BY score DESC, d.id DESC LIMIT :limit")
    # Only placeholder names (":topic0"…) are interpolated into the SQL; every value is a bound parameter.
    rows = session.execute(text(sql), params).all()
    documents = {d.id: d for d in session.exec(
        select(SearchDocument).where(SearchDocument.id.in_([r[0] for r in rows])))}
    return [Hit(documents[r[0]], float(r[1])) for r in rows]
