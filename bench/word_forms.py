"""How often two forms of the same word meet in the index (issue 15): for each word, every pair of its
forms (a participle's agreement, a verb's person, a plural, a ligature typed out), the share of pairs
whose terms overlap — what decides whether a member typing one form finds a lesson with another.

    python -m bench.word_forms

The forms are generated from stems written here (common verbs and nouns of the communities' practice),
not from cop-bot's stemmer, so the measure does not grade its own homework.
"""

from itertools import combinations

from storage.search_text import index_terms, query_terms

FRENCH_ER = ["évaluer", "évacuer", "intégrer", "créer", "gérer", "protéger", "préparer", "vérifier", "éduquer",
             "sécuriser", "contrôler", "documenter", "former", "planifier", "prioriser", "consulter", "partager",
             "analyser", "valider", "mesurer", "signaler", "trier", "accompagner", "référer", "désinfecter"]
FRENCH_NOUNS = [("cœur", "coeur", "cœurs", "coeurs"), ("œil", "oeil"), ("sœur", "soeur", "sœurs"),
                ("infirmière", "infirmieres", "infirmières"), ("évaluation", "evaluations", "évaluations"),
                ("procédure", "procedures", "procédures"), ("hôpital", "hopital", "hôpitaux")]
ENGLISH = [("evaluate", "evaluated", "evaluates", "evaluating"), ("nurse", "nurses", "nursing"),
           ("triage", "triaged", "triaging"), ("train", "trained", "training", "trains"),
           ("onboard", "onboarding", "onboarded"), ("policy", "policies"), ("study", "studies", "studied")]


def french_forms(infinitive: str) -> tuple[str, ...]:
    stem = infinitive[:-2]
    return (infinitive, stem + "é", stem + "ée", stem + "és", stem + "ées", stem + "e", stem + "es",
            stem + "ons" if not stem.endswith("g") else stem + "eons", stem + "ez", stem + "ent")


def unaccented(forms: tuple[str, ...]) -> tuple[str, ...]:
    import unicodedata

    return tuple("".join(c for c in unicodedata.normalize("NFKD", f) if not unicodedata.combining(c))
                 for f in forms)


def rate(groups: list[tuple[str, ...]]) -> tuple[float, int]:
    met = total = 0
    for forms in groups:
        for indexed, typed in combinations(forms, 2):
            total += 1
            met += bool(set(index_terms(indexed).split()) & set(query_terms(typed)))
    return met / total, total


def main() -> None:
    rows = [("French -er verbs, accents as written", [french_forms(v) for v in FRENCH_ER]),
            ("French -er verbs, typed without accents vs written", [french_forms(v) + unaccented(french_forms(v))[1:5]
                                                                    for v in FRENCH_ER]),
            ("French nouns (ligatures, plurals, accents)", FRENCH_NOUNS),
            ("English regular forms", ENGLISH)]
    print("| forms | pairs | share that meet |\n|---|---|---|")
    for name, groups in rows:
        share, total = rate(groups)
        print(f"| {name} | {total} | {share:.0%} |")


if __name__ == "__main__":
    main()
