"""One text pipeline for both engines, for what is indexed and what is searched alike:

1. normalise: Unicode NFKC, lower case, ligatures spelt out (œ → oe, æ → ae), so that "cœur" and
   "coeur" are one word (NFKD does not decompose œ: it used to be dropped, leaving "ur");
2. split into words with their accents;
3. lemmatise each word (simplemma, French then English: irregular and conjugated forms) and stem the
   word and its lemma with the French and the English Snowball stemmers, accents still on (the French
   rules for é/ée/és/ées need them: "évaluée" and "évaluer" both stem to "évalu");
4. fold the accents out of the stems last, so "evaluee" typed without accents finds them too.

The same terms are stored beside the original text and indexed by each database (FTS5 on SQLite,
a ``simple`` tsvector on PostgreSQL).
"""

import re
import threading
import unicodedata
from functools import lru_cache

import simplemma
import snowballstemmer


class _Stemmers(threading.local):
    """A Snowball stemmer keeps the word it is working on in itself: one pair per thread (the work
    pool stems questions and lessons side by side; a shared pair raised IndexError under load)."""

    def __init__(self):
        self.french = snowballstemmer.stemmer("french")
        self.english = snowballstemmer.stemmer("english")


_STEMMERS = _Stemmers()
_WORD = re.compile(r"[^\W_]+")  # letters and digits, accents included
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ß": "ss", "ĳ": "ij"})
STOPWORDS = frozenset("""
a an and are as at be by can do does for from how i in is it of on or our the this to we what when where which who
why with you your
au aux avec ce ces comment dans de des du elle en est et il ils je la le les leur mais ne nos notre nous on ou
par pas pour qu que qui quoi sa se ses son sont sur un une vos votre vous
""".split())
# Words a member types around a question ("comment faire pour…", "should we…", "any ideas…") that no
# answer needs to hold: left out of what a query looks for (never out of what is stored), unless the
# query has nothing else. None is a word of a built-in glossary term (tests/test_search.py checks).
QUESTION_WORDS = frozenset("""
faire fais faites font ferait peut peux peuvent pouvons pourrait pourrais pourrions dois doit doivent devons
devrait devrais faut quel quelle quels quelles lequel laquelle lesquels pourquoi quand combien avoir ai as avons avez
ont suis sommes etes etait cela ceci ca cet cette celui celle ceux quelqu quelque quelques chose choses facon maniere
deja toujours aussi encore donc alors comme tout tous toute toutes tres vraiment ici quoi
should could would might must did get gets got make makes making way ways there any some anyone anybody someone
somebody has have had having was were been am if so than then that these those them they their its into
about just really also very much many thing things stuff idea ideas advice suggestion suggestions anything something
""".split())


def normalise(text: str) -> str:
    """Lower case, compatibility forms composed, ligatures spelt out; accents kept."""
    return unicodedata.normalize("NFKC", text).lower().translate(_LIGATURES)


def fold(text: str) -> str:
    """``normalise``, then without accents."""
    decomposed = unicodedata.normalize("NFKD", normalise(text))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=65536)
def _stems(word: str) -> tuple[str, ...]:
    """The French and English stems of the word and of its lemma (simplemma: "pointons" → "pointer",
    "gèrent" → "gérer", "studied" → "study", where a stemmer cannot reach), taken with their accents,
    then folded. bench/word_forms.py measured the gain (docs/benchmarks.md)."""
    lemma = normalise(simplemma.lemmatize(word, lang=("fr", "en")))
    french, english = _STEMMERS.french, _STEMMERS.english
    return tuple(dict.fromkeys(fold(stem) for form in dict.fromkeys((lemma, word))
                               for stem in (french.stemWord(form), english.stemWord(form))))


@lru_cache(maxsize=65536)
def is_word(word: str) -> bool:
    """Whether simplemma's French or English dictionary holds the word (normalised, as typed). A real word
    that the community's lessons do not hold is no typo: it is most often the other language's word for
    what they say (*postale*, *résidu*, *impartir* typed over English lessons), and "correcting" it to a
    look-alike of the same language (*portal*, *réseau*, *partir*) ranks near-misses first."""
    return simplemma.is_known(word, lang=("fr", "en"))


def words(text: str) -> list[str]:
    """The words that carry meaning, normalised, accents kept (for the stemmers).
    Single letters are French elisions (l', d', qu'…) and English "'s": they carry nothing."""
    return [w for w in _WORD.findall(normalise(text))
            if fold(w) not in STOPWORDS and (len(w) > 1 or w.isdigit()) and fold(w).isascii()]


def index_terms(text: str) -> str:
    """What is stored and indexed for ``text``: every word's stems, space-separated."""
    return " ".join(stem for word in words(text) for stem in _stems(word))


Word = tuple[str, ...]  # a word's stems: a document has the word if it has any of them
Phrase = tuple[Word, ...]  # words that must all be there
Concept = tuple[Phrase, ...]  # what one query word (or glossary phrase) means: any of its phrases


def query_words(text: str, limit: int | None = None, *, every_word: bool = False) -> list[tuple[str, Word]]:
    """Each distinct query word as written (normalised) with its stems, in order, question words
    (QUESTION_WORDS) left out unless there is nothing else or ``every_word``; with ``limit``, only
    the first ``limit`` distinct words are stemmed (stemming a pasted page word by word costs tens of
    milliseconds: docs/benchmarks.md)."""
    seen: dict[Word, str] = {}
    written: set[str] = set()
    typed = words(text)
    telling = [] if every_word else [w for w in typed if fold(w) not in QUESTION_WORDS]
    for word in telling or typed:
        if word in written:
            continue
        if limit is not None and len(written) >= limit:
            break
        written.add(word)
        seen.setdefault(_stems(word), word)
    return [(word, stems) for stems, word in seen.items()]


def phrase(text: str) -> Phrase:
    """The words of a glossary term, each with its stems."""
    return tuple(_stems(word) for word in words(text))


def stems(word: str) -> Word:
    return _stems(normalise(word))


def query_groups(text: str) -> list[tuple[str, ...]]:
    """One group of stems per distinct query word: a document matches the word if it has any of them."""
    return list(dict.fromkeys(_stems(word) for word in words(text)))


def query_terms(text: str) -> list[str]:
    """The distinct stems a query looks for (any of them may match; ranking does the rest)."""
    return list(dict.fromkeys(stem for word in words(text) for stem in _stems(word)))
