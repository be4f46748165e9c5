"""Search gives the same results on SQLite (FTS5) and PostgreSQL (tsvector)."""

from storage import communities, search
from storage.search_text import index_terms, query_terms

LESSONS = [
    ("Triage de nuit aux urgences", "Le triage des patients la nuit demande deux infirmières.", ["triage"]),
    ("Onboarding night-shift nurses", "Pair each new nurse with a mentor for the first two weeks.", ["onboarding"]),
    ("Réseaux régionaux", "Les réseaux de conseillers régionaux partagent leurs dossiers chaque mois.", ["reseau"]),
    ("Checkout abandonment", "Shorter checkout forms reduced abandoned carts by a third.", ["ecommerce"]),
]


def _seed(session, team_id="T1"):
    community, _ = communities.create_community(session=session, team_id=team_id, channel_id="C1", name="c",
                                                language="fr", timezone="UTC", created_by="U1")
    for i, (title, body, topics) in enumerate(LESSONS, start=1):
        search.index_document(session=session, team_id=team_id, community_id=community.id, kind="lesson",
                              ref_id=i, title=title, body=body, topics=topics, channel_id="C1", message_ts=None)
    return community


def test_terms_fold_accents_and_stem_french_and_english():
    assert set(query_terms("réseau")) & set(index_terms("reseaux").split())
    assert set(query_terms("onboard")) & set(index_terms("onboarding").split())
    assert set(query_terms("INFIRMIÈRE")) & set(index_terms("infirmieres").split())
    assert query_terms("le la de the of") == []


def test_search_finds_word_forms_ranks_and_is_scoped(migrated_db):
    with migrated_db.session() as session:
        community = _seed(session)
        other = _seed(session, team_id="T2")
    with migrated_db.session() as session:
        def titles(query, topics=()):
            hits = search.search(session=session, team_id="T1", community_id=community.id, query=query,
                                 topics=list(topics))
            return [h.document.title for h in hits]

        assert titles("reseau regional")[0] == "Réseaux régionaux"
        assert titles("onboard a nurse")[0] == "Onboarding night-shift nurses"
        assert titles("TRIAGE nuit")[0] == "Triage de nuit aux urgences"
        assert titles("infirmiere")[0] == "Triage de nuit aux urgences"
        assert titles("abandoned cart")[0] == "Checkout abandonment"
        assert titles("zebra quantum") == []
        assert titles("nuit", topics=["onboarding"]) == []
        assert titles("", topics=["ecommerce"]) == ["Checkout abandonment"]
        assert all(h.document.team_id == "T1" for h in search.search(
            session=session, team_id="T1", community_id=community.id, query="nurse"))
        assert search.search(session=session, team_id="T1", community_id=other.id, query="nurse") == []


def test_a_removed_document_is_no_longer_found(migrated_db):
    with migrated_db.session() as session:
        community = _seed(session)
        assert search.remove_document(session=session, team_id="T1", kind="lesson", ref_id=4)
    with migrated_db.session() as session:
        assert search.search(session=session, team_id="T1", community_id=community.id, query="checkout") == []
