"""Search gives the same results on SQLite (FTS5) and PostgreSQL (tsvector)."""

from storage import communities, search
from storage.search_text import index_terms, query_groups, query_terms

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


def test_word_forms_ligatures_and_accents_go_through_one_pipeline():
    same = [("cœur", "coeur"), ("Cœurs", "coeur"), ("évaluée", "évaluer"), ("évaluées", "evaluee"),
            ("évalués", "évalué"), ("l'œil", "oeil"), ("ÉVALUATION", "evaluation")]
    for indexed, typed in same:
        assert set(query_terms(typed)) & set(index_terms(indexed).split()), (indexed, typed)
    different = [("sœur", "cœur"), ("rancœur", "cœur"), ("chœur", "cœur")]
    for indexed, typed in different:  # they used to be one stem, "ur"
        assert not set(query_terms(typed)) & set(index_terms(indexed).split()), (indexed, typed)
    assert index_terms("œil")  # not a stop word any more


def test_the_migration_rebuilds_the_index_with_the_corrected_pipeline(tmp_path):
    from alembic import command
    from sqlalchemy import text

    from storage.db import Database, alembic_config, make_engine, migrate
    from storage.search import search

    engine = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    config = alembic_config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0016")
    with engine.begin() as connection:  # a lesson indexed by the old pipeline: "cœur" was stored as "ur"
        connection.execute(text("INSERT INTO communities (id, team_id, channel_id, name, language, timezone, "
                                "created_by, created_at, charter) VALUES (1, 'T1', 'C1', 'c', 'fr', "
                                "'America/Toronto', 'U1', '2026-01-01', '')"))
        connection.execute(text("INSERT INTO search_documents (id, team_id, community_id, kind, ref_id, title, body, "
                                "topics, terms, channel_id, created_at) VALUES (1, 'T1', 1, 'lesson', 1, "
                                "'Le cœur du protocole', 'Surveiller le cœur', '', 'ur protocol surveil ur', 'C1', "
                                "'2026-01-01')"))
        connection.execute(text("INSERT INTO search_fts(rowid, terms, scope) VALUES (1, 'ur protocol surveil ur', "
                                "'c1')"))
    migrate(engine)
    with Database(engine).reading() as session:
        assert [h.document.id for h in search(session=session, team_id="T1", community_id=1, query="coeur")] == [1]
        assert search(session=session, team_id="T1", community_id=1, query="sœur") == []


def test_a_very_long_search_is_cut_and_the_member_told(bot):
    from tests.test_calls_for_help import CHANNEL, setup_community

    setup_community(bot)
    bot.command("lesson Always page two nurses for night triage. #triage", user="UFOUNDER", channel=CHANNEL)
    bot.idle()
    long_query = "night triage nurses " + " ".join(f"mot{i}" for i in range(500))
    before = len(bot.fake.calls_to("response_url"))
    bot.command(f"search {long_query}", user="UFOUNDER", channel=CHANNEL)
    answer = bot.fake.wait_for("response_url", count=before + 1)[before].args
    text = str(answer["blocks"])
    assert "Always page two nurses" in text and "I looked for its first 8 words" in text


def test_before_asking_uses_the_questions_most_telling_words(migrated_db):
    from storage.search import SIMILAR_WORDS, telling

    groups = query_groups("Comment faire pour régler la pompe volumétrique pendant la nuit quand elle sonne "
                          "sans arrêt et que personne ne sait quoi faire ni qui appeler")
    kept = telling(groups, SIMILAR_WORDS)
    assert len(kept) == SIMILAR_WORDS and any("volumetr" in s for g in kept for s in g)
    assert kept == [g for g in groups if g in kept]  # in the question's order
