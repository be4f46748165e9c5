"""French ↔ English cognates: a query word's likely spelling in the other language, by the regular
correspondences of their endings (*qualité* ↔ *quality*, *clinique* ↔ *clinical*, *professionnel* ↔
*professional*, *pneumonie* ↔ *pneumonia*, *erreur* ↔ *error*, *projet* ↔ *project*, *coût* ↔ *cost*).

Not a word list: a handful of rules, applied to a query word when search reads it (never to what is
stored). Many cognates already meet through the stemmers (*sécurité* and *security* both stem to
*secur*); these rules reach those whose stems differ. A candidate is used only when the community's
lessons hold it (search checks), so a rule that makes a non-word costs nothing, and never for the
false friends below, where the other language's look-alike means something else (*actuel* is not
*actual*, *personnel* not *personal*, *libraire* not *library*, *mentor* not *menteur*).

Written for cop-bot (issue 27), MIT like the rest of the project.
"""

from functools import lru_cache

from storage.search_text import fold

# (French ending, English ending): each rule is applied both ways. Longer endings first is not needed:
# every rule that applies gives a candidate, and only those the lessons hold are used.
ENDINGS: tuple[tuple[str, str], ...] = (
    ("ité", "ity"), ("iété", "iety"), ("auté", "ity"), ("té", "ty"),
    ("ique", "ic"), ("iaque", "iac"), ("ique", "ical"), ("ique", "ics"), ("iques", "ics"),
    ("eur", "or"), ("onnateur", "inator"),
    ("if", "ive"), ("ive", "ive"),
    ("aire", "ary"), ("laire", "lar"), ("ulier", "ular"), ("oire", "ory"),
    ("ie", "y"), ("ie", "ia"), ("ille", "ily"),
    ("iel", "ial"), ("ielle", "ial"), ("uel", "ual"), ("uelle", "ual"), ("nnel", "nal"), ("nnelle", "nal"),
    ("el", "al"), ("elle", "al"), ("aux", "al"),
    ("eux", "ous"), ("euse", "ous"),
    ("ien", "ian"), ("ienne", "ian"),
    ("iser", "ize"), ("iser", "ise"), ("isation", "ization"), ("isé", "ized"), ("yser", "yze"),
    ("ifier", "ify"),
    ("uer", "ute"), ("uer", "uate"),
    ("amme", "am"),
    ("ose", "osis"), ("ite", "itis"),
    ("logue", "logist"), ("logue", "log"), ("iatre", "iatrist"),
    ("isme", "ism"), ("iste", "ist"),
    ("at", "ate"), ("at", "act"), ("et", "ect"), ("it", "ict"),
    ("ût", "st"), ("êt", "est"), ("ête", "est"),
)

# Words whose look-alike in the other language means something else (folded, either language, with
# their usual inflections): no candidate is made from them.
FALSE_FRIENDS = frozenset("""
actuel actuelle actuels actuelles actual eventuel eventuelle eventuels eventual
personnel personnelle personnels personal libraire libraires librairie library
humeur humor humour valeur valeurs valor conducteur conductrice conductor cote cotes
tete tetes test tests bete betes best quete quest rest physicien physicienne physician physicians
fabrique fabriques formulaire formulaires formulary honoraire honoraires honorary
proprietaire proprietaires proprietary partie parties party envie envy realiser realise realisation
realize realization realized syndicat syndicats syndicate mentor mentors menteur effectif effectifs
effective policy policies police comedien comedian editeur editor liquor liqueur
collect assister assist attendre attend sensible sensibles location locations
""".split())

MIN_BASE = 3  # letters left of a word once its ending is taken away


def _plural_free(word: str) -> tuple[str, ...]:
    """The word and its singular as a rule would want it (only the common endings: -s, -x, -ies)."""
    forms = [word]
    if word.endswith("ies") and len(word) > 5:
        forms.append(word[:-3] + "y")
    if word.endswith(("s", "x")) and not word.endswith(("ss", "us", "aux")) and len(word) > 5:
        forms.append(word[:-1])
    return tuple(forms)


@lru_cache(maxsize=16384)
def candidates(word: str) -> tuple[str, ...]:
    """The word's likely spellings in the other language (normalised text, accents kept where French
    needs them for its stemmer); none for a false friend or a short word."""
    if len(word) < MIN_BASE + 2 or fold(word) in FALSE_FRIENDS:
        return ()
    found: list[str] = []
    for form in _plural_free(word):
        folded = fold(form)
        for french, english in ENDINGS:
            if form.endswith(french) and len(form) - len(french) >= MIN_BASE:
                found.append(fold(form[: -len(french)]) + english)
            if folded.endswith(english) and len(folded) - len(english) >= MIN_BASE:
                found.append(folded[: -len(english)] + french)
    return tuple(c for c in dict.fromkeys(found) if c != word and fold(c) not in FALSE_FRIENDS)
