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


def test_a_very_long_search_is_read_as_its_rarest_words_and_the_member_told(bot):
    from tests.test_calls_for_help import CHANNEL, setup_community

    setup_community(bot)
    for lesson in ["Always page two nurses for night triage. #triage", "The team meets the nurses every week.",
                   "Nurses on the team share the handover notes.", "The team plans the week with the nurses."]:
        bot.command(f"lesson {lesson}", user="UFOUNDER", channel=CHANNEL)
    bot.idle()
    # A pasted page: its first words are the community's commonest, the telling ones come later, and
    # hundreds of words nobody wrote follow.
    long_query = ("hello team nurses the week team nurses notes team week nurses hello every team nurses "
                  "night triage " + " ".join(f"mot{i}" for i in range(500)))
    before = len(bot.fake.calls_to("response_url"))
    bot.command(f"search {long_query}", user="UFOUNDER", channel=CHANNEL)
    answer = bot.fake.wait_for("response_url", count=before + 1)[before].args
    text = str(answer["blocks"])
    assert "Your search was long: I looked for its rarest words" in text
    note = text[text.index("rarest words"):]
    assert "*night*" in note and "*triage*" in note and "mot1" not in note
    found = text[:text.index("rarest words")]
    assert found.index("Always page two nurses") < min(found.index(t) for t in ["meets the nurses", "handover"])


def test_before_asking_uses_the_questions_most_telling_words(migrated_db):
    from storage.search import SIMILAR_WORDS, telling

    groups = query_groups("Comment faire pour régler la pompe volumétrique pendant la nuit quand elle sonne "
                          "sans arrêt et que personne ne sait quoi faire ni qui appeler")
    kept = telling(groups, SIMILAR_WORDS)
    assert len(kept) == SIMILAR_WORDS and any("volumetr" in s for g in kept for s in g)
    assert kept == [g for g in groups if g in kept]  # in the question's order


# -- one ranking on both engines, typos, the glossary (issue 15) -------------------------------------------

def _labelled(db):
    from bench.search_bilingual import LESSONS
    from bench.search_labelled import seed

    return seed(db, LESSONS)


def test_both_engines_return_the_same_top_five_for_every_labelled_query(tmp_path, request):
    """The second labelled set (69 queries: typos, short forms, Québec/France words, whole questions,
    the other language) and the cross-language set (42) over their 533 lessons: the same documents in the
    same order on SQLite and PostgreSQL, with the built-in glossary and with the community's own."""
    import pytest
    from sqlalchemy import text

    from bench import search_bilingual
    from bench.search_eval import COMMUNITY_GLOSSARY
    from bench.search_eval import QUERIES as ISSUE_15
    from storage.db import Database, make_engine, migrate
    from storage.glossary import Glossary
    from tests.conftest import POSTGRES_URL

    if not POSTGRES_URL:
        pytest.skip("COP_TEST_POSTGRES_URL not set")
    queries = ISSUE_15 + search_bilingual.QUERIES
    pg_engine, tables = request.getfixturevalue("_postgres_schema")
    with pg_engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    lite_engine = make_engine(f"sqlite:///{tmp_path / 'labelled.db'}")
    migrate(lite_engine)
    engines = {"sqlite": Database(lite_engine), "postgresql": Database(pg_engine)}
    tops: dict[str, list] = {}
    for name, db in engines.items():
        community_id = _labelled(db)
        tops[name] = []
        with db.reading() as session:
            for glossary in (Glossary.of([]), Glossary.of(COMMUNITY_GLOSSARY)):
                for _, query, _ in queries:
                    hits = search.search(session=session, team_id="T1", community_id=community_id, query=query,
                                         glossary=glossary)
                    tops[name].append((query, [(h.document.ref_id, round(h.score, 9)) for h in hits]))
    assert tops["sqlite"] == tops["postgresql"]
    assert sum(1 for _, hits in tops["sqlite"] if hits) == 2 * len(queries)  # none came back empty
    lite_engine.dispose()


def test_each_word_counts_once_however_many_stems_it_has(migrated_db):
    """"frais" stems to "frais" and "frai": a lesson with it must not outrank one with a rarer word of the
    query only because its word has two stems."""
    with migrated_db.session() as session:
        community, _ = communities.create_community(session=session, team_id="T1", channel_id="C1", name="c",
                                                    language="fr", timezone="UTC", created_by="U1")
        documents = [("Frais", "Les frais de port sont offerts."), ("Rupture", "Rupture de stock des fournisseurs.")]
        documents += [(f"Frais {i}", "Les frais comptent.") for i in range(5)]
        for i, (title, body) in enumerate(documents, start=1):
            search.index_document(session=session, team_id="T1", community_id=community.id, kind="lesson",
                                  ref_id=i, title=title, body=body, topics=[], channel_id="C1", message_ts=None)
    with migrated_db.reading() as session:
        hits = search.search(session=session, team_id="T1", community_id=community.id, query="frais rupture")
        assert hits[0].document.title == "Rupture"  # the rare word wins over the common one with two stems


def test_word_counts_follow_every_change_and_match_a_recount(migrated_db):
    """Ranking reads how many documents hold each term: after adding, replacing, removing and a
    retention purge, the stored counts are what counting the documents again gives."""
    from datetime import timedelta

    from sqlalchemy import text
    from sqlmodel import select

    from storage import retention
    from storage.models import HelpRequest, SearchDocument
    from storage.search_vocabulary import counted
    from storage.types import utcnow

    with migrated_db.session() as session:
        community = _seed(session)
        _seed(session, team_id="T2")
        search.index_document(session=session, team_id="T1", community_id=community.id, kind="lesson", ref_id=1,
                              title="Triage revu", body="Le triage de nuit, revu par l'équipe.", topics=["triage"],
                              channel_id="C1", message_ts=None)  # replaces lesson 1
        search.remove_document(session=session, team_id="T1", kind="lesson", ref_id=4)
        search.index_document(session=session, team_id="T1", community_id=community.id, kind="help", ref_id=9,
                              title="Vieille question", body="Une vieille question sur le triage ?", topics=[],
                              channel_id="C1", message_ts=None)
    with migrated_db.session() as session:
        session.add(HelpRequest(id=9, team_id="T1", community_id=community.id, channel_id="C1", asker_id="U1",
                                question="Vieille question sur le triage ?", created_at=utcnow() - timedelta(days=900)))
        session.flush()
        retention.purge_before(session=session, team_id="T1", community_id=community.id,
                               before=utcnow() - timedelta(days=365))

    def stored(session, table, key):
        return {(r[0], r[1], r[2]): r[3] for r in session.execute(text(
            f"SELECT team_id, community_id, {key}, documents FROM {table}"))}

    with migrated_db.reading() as session:
        documents = list(session.exec(select(SearchDocument)))
        assert {d.ref_id for d in documents if d.team_id == "T1"} == {1, 2, 3}
        expected = {}
        for statement, values in counted(documents, sign=1):
            expected[statement.split()[2]] = values
        terms = {(v["team_id"], v["community_id"], v["term"]): v["n"] for v in expected["search_terms"]}
        words = {(v["team_id"], v["community_id"], v["word"]): v["n"] for v in expected["search_words"]}
        stats = {(v["team_id"], v["community_id"]): (v["n"], v["terms"]) for v in expected["search_stats"]}
        assert stored(session, "search_terms", "term") == terms
        assert stored(session, "search_words", "word") == words
        assert {(r[0], r[1]): (r[2], r[3]) for r in session.execute(text(
            "SELECT team_id, community_id, documents, terms FROM search_stats"))} == stats


def test_a_misspelt_word_is_read_as_the_communitys_own_word(migrated_db):
    with migrated_db.session() as session:
        community = _seed(session)
        search.index_document(session=session, team_id="T1", community_id=community.id, kind="lesson", ref_id=5,
                              title="Le cœur", body="Écouter le cœur du patient.", topics=[], channel_id="C1",
                              message_ts=None)
    with migrated_db.reading() as session:
        def found(query):
            hits = search.search(session=session, team_id="T1", community_id=community.id, query=query)
            return [h.document.title for h in hits], hits.corrected

        assert found("infirmeire") == (["Triage de nuit aux urgences"], {"infirmeire": "infirmières"})
        assert found("chekcout") == (["Checkout abandonment"], {"chekcout": "checkout"})  # two letters swapped
        assert found("abandonned") == (["Checkout abandonment"], {})  # the stems meet: nothing to correct
        assert found("nigth shfit") == (["Onboarding night-shift nurses"], {"nigth": "night", "shfit": "shift"})
        assert found("coeur")[0] == ["Le cœur"] and found("coeur")[1] == {}  # not a typo: the same word
        assert found("soeur") == ([], {})  # one letter from "coeur", but a word of its own
        assert found("trage")[1] == {"trage": "triage"}  # a letter missing
        assert found("nit") == ([], {})  # short words are not corrected: "rdv", "ecg" are not typos
        assert found("zebra quantum") == ([], {})


def test_the_glossary_finds_lessons_written_with_an_equivalent(migrated_db):
    from storage.glossary import Glossary

    with migrated_db.session() as session:
        community = _seed(session)
        for i, (title, body) in enumerate([
            ("Pompe volumétrique", "Vérifier le débit de la pompe volumétrique à deux."),
            ("Newsletter", "Send the e-mail newsletter every two weeks."),
            ("Plan d'affaires", "Demander le plan d'affaires au premier rendez-vous."),
        ], start=10):
            search.index_document(session=session, team_id="T1", community_id=community.id, kind="lesson",
                                  ref_id=i, title=title, body=body, topics=[], channel_id="C1", message_ts=None)
    mine = Glossary.of([("pompe volumétrique", "infusion pump"), ("plan d'affaires", "business plan")])
    with migrated_db.reading() as session:
        def titles(query, glossary):
            return [h.document.title for h in search.search(session=session, team_id="T1", community_id=community.id,
                                                              query=query, glossary=glossary)]

        assert titles("infusion pump", None) == []
        assert titles("infusion pump", mine)[0] == "Pompe volumétrique"
        assert titles("courriel infolettre", Glossary.of([])) == ["Newsletter"]  # the starter glossary
        assert titles("courriel infolettre", None) == []
        assert titles("business plan rdv", mine)[0] == "Plan d'affaires"  # a phrase and a short form
        assert titles("pump", mine) == []  # one word of a phrase is not the phrase


def test_glossary_phrases_are_matched_longest_first_and_in_order():
    from storage.glossary import Glossary
    from storage.search_text import phrase, query_words

    glossary = Glossary.of([("relève", "handover"), ("relève d'entreprise", "business succession")], starter=False)
    words = [w for _, w in query_words("atelier relève d'entreprise retraite")]
    concepts = glossary.expand(words)
    assert len(concepts) == 3  # atelier, relève d'entreprise, retraite
    assert phrase("business succession") in concepts[1] and phrase("handover") not in concepts[1]
    assert [len(c) for c in glossary.expand([w for _, w in query_words("relève de nuit")])] == [2, 1]
    assert glossary.expand([w for _, w in query_words("entreprise relève")])[0] == ((phrase("entreprise")[0],),)


def test_stemming_is_safe_from_many_threads_at_once():
    """The work pool stems questions side by side: Snowball stemmers keep state, one per thread."""
    import threading

    from storage import search_text

    words = [f"évaluer{i} infirmières{i} réseaux{i} onboarding{i}" for i in range(400)]
    expected = [search_text.index_terms(w) for w in words]
    search_text._stems.cache_clear()
    results: dict[int, list] = {}
    failures = []

    def work(k):
        try:
            results[k] = [search_text.index_terms(w) for w in words]
        except Exception as error:  # noqa: BLE001 (the failure is the test's finding)
            failures.append(error)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures and all(r == expected for r in results.values())


def test_each_pipeline_rule_in_both_languages():
    from storage.search_text import words

    def meet(a, b):
        return bool(set(query_terms(a)) & set(index_terms(b).split()))

    # Elisions: "l'", "d'", "qu'", "s'" and English "'s" leave no one-letter word behind.
    assert words("l'évaluation d'une infirmière qu'elle a donnée, the nurse's shift") == [
        "évaluation", "infirmière", "donnée", "nurse", "shift"]
    assert all(len(w) > 1 for w in words("l'œil d'Anne qu'on s'y fait, Anne's"))
    # Ligatures: œ and æ spelt out, typed either way.
    assert meet("oeuvre", "œuvre") and meet("œuvre", "oeuvre") and meet("curriculum vitae", "curriculum vitæ")
    # Participle agreement (é/ée/és/ées) and the infinitive meet, accents or none.
    for form in ("évalué", "évaluée", "évalués", "évaluées", "evaluees", "évaluer"):
        assert meet(form, "Les patientes sont évaluées chaque nuit."), form
    # Irregular French forms the lemmatiser reaches: "pointons" / "pointer", "gèrent" / "gérer".
    assert meet("pointer", "nous pointons") and meet("gérer", "ils gèrent")
    # English: plurals, regular and irregular verbs.
    assert meet("nurse", "nurses") and meet("study", "studied") and meet("child", "children")
    assert meet("ran", "run") and meet("running", "runs")


def test_a_library_whose_documents_hold_no_word_is_searched_without_error(migrated_db):
    """Found by the fuzz test: lessons of emoji and punctuation only give the community no length."""
    with migrated_db.session() as session:
        community, _ = communities.create_community(session=session, team_id="T1", channel_id="C1", name="c",
                                                    language="en", timezone="UTC", created_by="U1")
        search.index_document(session=session, team_id="T1", community_id=community.id, kind="lesson", ref_id=1,
                              title="🙂 !!!", body="… ?", topics=[], channel_id="C1", message_ts=None)
        assert search.search(session=session, team_id="T1", community_id=community.id, query="night") == []
        assert search.search(session=session, team_id="T1", community_id=community.id, query="",
                             topics=[]) == []


def test_a_pasted_page_is_stemmed_only_as_far_as_search_reads_it():
    from storage.search_text import query_words

    page = "triage triage nurses night " + " ".join(f"mot{i}" for i in range(500))
    read = query_words(page, limit=5)
    assert [surface for surface, _ in read] == ["triage", "nurses", "night", "mot0", "mot1"]
    assert len(query_words(page)) == 503


# -- across French and English (issue 27) -----------------------------------------------------------------

def test_the_bilingual_lexicon_finds_the_lesson_written_in_the_other_language(migrated_db):
    """An English search finds the French lesson and a French search the English one, through the
    built-in lexicon; without it neither is found (no word of the query is in the lesson)."""
    from storage.glossary import Glossary

    lessons = [("Sonde urinaire", "On retire la sonde urinaire dès que possible : moins d'infections.", ["soins"]),
               ("Loyalty points", "A points program where 100 points give $5 off brought customers back.",
                ["loyalty"]),
               ("Tableau des positions", "Un tableau au mur indique qui a tourné le patient.", ["soins"])]
    with migrated_db.session() as session:
        community, _ = communities.create_community(session=session, team_id="T1", channel_id="C1", name="c",
                                                    language="fr", timezone="UTC", created_by="U1")
        for i, (title, body, topics) in enumerate(lessons, start=1):
            search.index_document(session=session, team_id="T1", community_id=community.id, kind="lesson",
                                  ref_id=i, title=title, body=body, topics=topics, channel_id="C1", message_ts=None)
    with migrated_db.session() as session:
        def titles(query, glossary):
            return [h.document.title for h in search.search(session=session, team_id="T1",
                                                            community_id=community.id, query=query,
                                                            glossary=glossary)]

        built_in, starter_only = Glossary.of([]), Glossary.of([], bilingual=False)
        assert titles("urinary catheter", built_in) == titles("foley catheter", built_in) == ["Sonde urinaire"]
        assert titles("carte de fidélité", built_in) == ["Loyalty points"]
        assert titles("foley catheter", starter_only) == titles("carte de fidélité", starter_only) == []


def _library(session, lessons):
    community, _ = communities.create_community(session=session, team_id="T1", channel_id="C1", name="c",
                                                language="fr", timezone="UTC", created_by="U1")
    for i, (title, body) in enumerate(lessons, start=1):
        search.index_document(session=session, team_id="T1", community_id=community.id, kind="lesson",
                              ref_id=i, title=title, body=body, topics=["x"], channel_id="C1", message_ts=None)
    return community


def test_everyday_words_and_look_alikes_find_the_lesson_in_the_other_language(migrated_db):
    """Through the second lexicon (storage/glossary_practice.py) a French query finds an English lesson and
    an English one a French lesson; through the cognate rules (storage/search_cognates.py), with no entry,
    "temporaire" finds "temporary" and "laboratory" finds "laboratoire"; without them they are not found."""
    from storage.glossary import Glossary

    lessons = [("Porch piracy", "Stolen packages dropped by 80% once we offered locker pickup."),
               ("Affichage en français", "Depuis la loi 96, chaque fiche produit a sa version française."),
               ("Temporary staff", "Agency nurses got a one-page unit guide on their first shift."),
               ("Contrat temporaire", "Un contrat temporaire de six mois pour tester le poste."),
               ("Résultats du laboratoire", "Les résultats arrivent dans le dossier avant la tournée."),
               ("Ventes du trimestre", "Les ventes ont doublé après la refonte du site.")]
    with migrated_db.session() as session:
        community = _library(session, lessons)
    with migrated_db.session() as session:
        def titles(query, glossary):
            return [h.document.title for h in search.search(session=session, team_id="T1",
                                                            community_id=community.id, query=query,
                                                            glossary=glossary)]

        app, lexicon_only, starter = Glossary.of([]), Glossary.of([], cognates=False), Glossary.of([], bilingual=False)
        assert titles("vol de colis", app) == ["Porch piracy"]
        assert titles("charter of the French language", app) == ["Affichage en français"]
        assert titles("vol de colis", starter) == titles("charter of the French language", starter) == []
        # "temporaire" is in the library (so not read as a typo): the rule adds "temporary".
        assert set(titles("temporaire", app)) == {"Temporary staff", "Contrat temporaire"}
        assert titles("temporaire", lexicon_only) == titles("temporaire", starter) == ["Contrat temporaire"]
        assert titles("laboratory", app) == ["Résultats du laboratoire"]


def test_a_false_friend_is_not_read_as_its_look_alike(migrated_db):
    """"actuel" is not "actual", "libraire" not "library", "mentor" not "menteur": the cognate rules would
    make them (-el/-al, -aire/-ary, -or/-eur) but never do for a false friend. (Each word is in the library,
    so it is not read as a typo either.)"""
    from storage.glossary import Glossary
    from storage.search_cognates import candidates

    lessons = [("The actual cost of a return", "Shipping both ways ate the margin."),
               ("Le prix actuel", "On affiche le prix actuel en magasin."),
               ("Library hours", "The branch opens at 9 on Saturdays."),
               ("Notre libraire", "La libraire du village prend les commandes en ligne."),
               ("Mentor program", "Each newcomer meets a mentor weekly."),
               ("Le menteur", "Un client a menti sur la livraison : un vrai menteur.")]
    with migrated_db.session() as session:
        community = _library(session, lessons)
    with migrated_db.session() as session:
        def titles(query):
            return [h.document.title for h in search.search(session=session, team_id="T1", community_id=community.id,
                                                            query=query, glossary=Glossary.of([]))]

        assert titles("actuel") == ["Le prix actuel"]
        assert titles("actual") == ["The actual cost of a return"]
        assert titles("libraire") == ["Notre libraire"]
        assert titles("library") == ["Library hours"]
        assert titles("mentor") == ["Mentor program"]
        assert titles("menteur") == ["Le menteur"]
    assert "quality" in candidates("qualité") and "qualité" in candidates("quality")
    assert candidates("actuel") == candidates("libraire") == candidates("mentor") == ()


def test_question_words_are_left_out_of_a_query_unless_nothing_else_is_left():
    from storage.glossary_bilingual import BILINGUAL
    from storage.glossary_fields import FIELDS
    from storage.glossary_practice import PRACTICE
    from storage.glossary_starter import STARTER
    from storage.search_text import QUESTION_WORDS, fold, query_words, words

    assert [w for w, _ in query_words("Comment faire pour réduire les chutes ?")] == ["réduire", "chutes"]
    assert [w for w, _ in query_words("Should we get any advice on chargebacks?")] == ["chargebacks"]
    assert [w for w, _ in query_words("quand")] == ["quand"]
    # A glossary term keeps all its words in a query: none of them is a question word.
    terms = {fold(w) for entry in (*STARTER, *BILINGUAL, *PRACTICE, *FIELDS) for t in entry for w in words(t)}
    assert not terms & QUESTION_WORDS


def test_the_built_in_glossary_is_compiled_once_and_a_communitys_entries_sit_on_top():
    from storage.glossary import Glossary, starter_size
    from storage.glossary_bilingual import BILINGUAL
    from storage.glossary_fields import FIELDS
    from storage.glossary_practice import PRACTICE
    from storage.glossary_starter import STARTER
    from storage.search_text import stems

    assert Glossary.of([]) is Glossary.of([])  # no rebuilding of hundreds of entries at each search
    assert starter_size() == len(STARTER) + len(BILINGUAL) + len(PRACTICE) + len(FIELDS)
    mine = Glossary.of([("bottin", "directory")])
    assert mine.knows(stems("bottin")) and not Glossary.of([]).knows(stems("bottin"))
    concepts = mine.expand([stems("bottin"), stems("urinary"), stems("catheter")])
    assert len(concepts) == 2  # "urinary catheter" is one term of the lexicon
    assert any(stems("directory") in p for p in concepts[0])
    assert any(len(p) == 2 and stems("sonde") in p for p in concepts[1])


def test_spelling_candidates_on_sqlite_are_exactly_the_words_sharing_a_trigram():
    """SQLite's spelling correction reads only the words that share a trigram with the typed one; no other
    word can pass the similarity test, so the corrections are those of reading every word."""
    import random
    import sqlite3

    from storage.search_vocabulary import _sharing_a_trigram, similarity

    rng = random.Random(3)
    vocabulary = ["".join(rng.choice("abcdeilmnoprstu") for _ in range(rng.randint(2, 9))) for _ in range(3000)]
    connection = sqlite3.connect(":memory:")
    connection.execute("CREATE TABLE search_words (folded TEXT)")
    connection.executemany("INSERT INTO search_words VALUES (?)", [(w,) for w in vocabulary])
    for typed in [*rng.sample(vocabulary, 40), "pressoin", "nigth", "ab", "infirmiere"]:
        if len(typed) < 4:
            continue
        condition, values = _sharing_a_trigram(typed)
        read = {row[0] for row in connection.execute(f"SELECT folded FROM search_words WHERE {condition}", values)}
        assert read == {w for w in vocabulary if similarity(typed, w) > 0}, typed


def test_a_practices_standing_ranks_it_at_equal_relevance_and_obsolete_comes_last(migrated_db):
    """Four items as relevant as one another (the same words): a shared practice first, then a validated
    lesson, a promising practice, an ordinary lesson; an obsolete one last — though written in the opposite
    order (at equal score, the newer comes first)."""
    from bot.services import lessons as lesson_service
    from storage import lessons as lesson_store

    with migrated_db.session() as session:
        community, _ = communities.create_community(session=session, team_id="T1", channel_id="C1", name="c",
                                                    language="fr", timezone="UTC", created_by="U1")
        standings = {"obsolete": ("obsolete", "shared"), "shared": ("current", "shared"),
                     "validated": ("validated", ""), "promising": ("current", "promising"), "plain": ("current", "")}
        named = {}
        for name, (standing, practice) in standings.items():
            lesson = lesson_store.create_lesson(
                session=session, team_id="T1", community_id=community.id, author_id="U1", title="Triage de nuit",
                context="", what_happened="", recommendation="Deux infirmières au triage de nuit.", topics=["triage"],
                channel_id="C1")
            named[lesson.id] = name
            lesson.standing, lesson.practice = standing, practice
            session.add(lesson)
            session.flush()
            lesson_service.index(session, lesson)
    with migrated_db.session() as session:
        hits = search.search(session=session, team_id="T1", community_id=community.id, query="infirmières triage nuit")
        assert [named[h.document.ref_id] for h in hits] == ["shared", "validated", "promising", "plain", "obsolete"]
        assert len({round(h.score, 9) for h in hits}) == 1  # equally relevant: the standing decides


def test_a_dictionary_word_the_library_lacks_is_not_corrected_but_a_typo_is(migrated_db):
    """A real French or English word that no lesson holds is most often the other language's word for
    what a lesson says (*postale* over an English library): "correcting" it to a look-alike of the library
    (*portal*) used to rank that near-miss first. A typo of the library's own word is still corrected."""
    from storage.glossary import Glossary

    lessons = [("Returns portal", "A self-serve returns portal cut emails about returns by half."),
               ("Canada Post strike", "Keep a second courier ready when mail delivery stops."),
               ("Triage at night", "Two nurses at triage halve the wait.")]
    with migrated_db.session() as session:
        community = _library(session, lessons)
    with migrated_db.session() as session:
        def found(query):
            hits = search.search(session=session, team_id="T1", community_id=community.id, query=query,
                                 glossary=Glossary.of([]))
            return [h.document.title for h in hits], hits.corrected

        assert found("postale") == ([], {})  # French, not a typo of "portal"
        assert found("portl") == (["Returns portal"], {"portl": "portal"})
        # A real word that is the library's word with two neighbouring letters swapped is still a typo.
        assert found("tirage") == (["Triage at night"], {"tirage": "triage"})
        assert found("couriier") == (["Canada Post strike"], {"couriier": "courier"})


def test_a_lesson_holding_more_of_the_query_through_the_glossary_comes_before_one_word_repeated(migrated_db):
    """Among lessons with only some of the query's words, one holding two of three (in the other language,
    through the lexicon) comes before one holding a single word many times in the query's own language."""
    from storage.glossary import Glossary

    lessons = [("Commercial invoices", "Our international parcels kept getting stopped at the border because the "
                "customs description said gift or merchandise; we now name each product and its tariff code."),
               ("Douane", "Douane : la douane, la douane."),
               ("Retours", "Les retours passent par le portail en ligne depuis janvier.")]
    with migrated_db.session() as session:
        community = _library(session, lessons)
    with migrated_db.session() as session:
        hits = search.search(session=session, team_id="T1", community_id=community.id,
                             query="colis bloqués à la douane", glossary=Glossary.of([]))
        assert [h.document.title for h in hits] == ["Commercial invoices", "Douane"]
        assert hits.whole == 0  # neither has "bloqués": both come from the fallback


def test_only_two_neighbouring_letters_swapped_count_as_a_swap():
    """Property: ``_swapped`` holds exactly when the typed word is the other with one pair of neighbouring
    letters exchanged (the one typo that often makes a real word: *tirage* for *triage*)."""
    from hypothesis import given
    from hypothesis import strategies as st

    from storage.search import _swapped

    @given(st.text(alphabet="abcdefghij", min_size=2, max_size=9), st.integers(min_value=0))
    def check(word, seed):
        i = seed % (len(word) - 1)
        typed = word[:i] + word[i + 1] + word[i] + word[i + 2:]
        assert _swapped(typed, word) == (typed != word)
        assert not _swapped(word + "k", word) and not _swapped(word, word)

    check()
    assert _swapped("tirage", "triage") and not _swapped("postale", "portal") and not _swapped("résidu", "réseau")


def test_no_dictionary_word_is_read_as_a_typo():
    """Property: whatever word of simplemma's French or English dictionary is typed, ``is_word`` holds
    (so search never replaces it); a word no dictionary holds (a typo) does not."""
    from hypothesis import given
    from hypothesis import strategies as st

    from storage.search_text import is_word

    known = ["postale", "résidu", "impartir", "rechange", "douane", "entreposage", "contention", "heels",
             "offloading", "strike", "warehouse", "customs", "succession", "pharmacie", "bladder"]

    @given(st.sampled_from(known), st.integers(min_value=0))
    def check(word, seed):
        assert is_word(word)
        cut = seed % len(word)
        typo = word[:cut] + "qx" + word[cut:]  # no word of either language holds "qx"
        assert not is_word(typo)

    check()


def test_the_fields_vocabulary_finds_lessons_named_with_other_words_or_acronyms(migrated_db):
    """Through the third lexicon (storage/glossary_fields.py), where the two languages name a thing with
    unrelated words or acronyms: CHSLD / long-term care, LCAP / CASL, grève / strike and transporteur /
    courier, EIMT / LMIA; without it (the starter glossary) none is found."""
    from storage.glossary import Glossary

    lessons = [("Long-term care visits", "Families book visits to the long-term care home through one form."),
               ("Consent before the newsletter", "Since CASL we only email customers who ticked the box."),
               ("Un deuxième transporteur", "Pendant la grève postale, un deuxième transporteur a livré nos colis."),
               ("LMIA paperwork", "We file the LMIA for the welders in October, before the winter rush.")]
    with migrated_db.session() as session:
        community = _library(session, lessons)
    with migrated_db.session() as session:
        def titles(query, glossary):
            return [h.document.title for h in search.search(session=session, team_id="T1",
                                                            community_id=community.id, query=query,
                                                            glossary=glossary)]

        app, starter = Glossary.of([]), Glossary.of([], bilingual=False)
        assert titles("visites en CHSLD", app)[0] == "Long-term care visits"
        assert titles("infolettre et LCAP", app)[0] == "Consent before the newsletter"
        assert titles("courier strike", app) == ["Un deuxième transporteur"]
        assert titles("EIMT soudeurs", app)[0] == "LMIA paperwork"
        assert titles("courier strike", starter) == titles("EIMT", starter) == titles("LCAP", starter) == []
