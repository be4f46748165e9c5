"""One text pipeline for both engines: fold case and accents, then stem every word
with the French and the English Snowball stemmers and keep both stems.

The same terms are stored beside the original text and indexed by each database
(FTS5 on SQLite, a ``simple`` tsvector on PostgreSQL), so "réseau" finds
"reseaux" and "onboarding" finds "onboard" on either.
"""

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

_FRENCH = snowballstemmer.stemmer("french")
_ENGLISH = snowballstemmer.stemmer("english")
_WORD = re.compile(r"[a-z0-9]+")
STOPWORDS = frozenset("""
a an and are as at be by can do does for from how i in is it of on or our the this to we what when where which who
why with you your
au aux avec ce ces comment dans de des du elle en est et il ils je la le les leur mais ne nos notre nous on ou
par pas pour qu que qui quoi sa se ses son sont sur un une vos votre vous
""".split())


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=65536)
def _stems(word: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys((_FRENCH.stemWord(word), _ENGLISH.stemWord(word))))


def words(text: str) -> list[str]:
    # Single letters are French elisions (l', d', qu'…) and English "'s": they carry nothing.
    return [w for w in _WORD.findall(fold(text)) if w not in STOPWORDS and (len(w) > 1 or w.isdigit())]


def index_terms(text: str) -> str:
    """What is stored and indexed for ``text``: every word's stems, space-separated."""
    return " ".join(stem for word in words(text) for stem in _stems(word))


def query_groups(text: str) -> list[tuple[str, ...]]:
    """One group of stems per distinct query word: a document matches the word if it has any of them."""
    return list(dict.fromkeys(_stems(word) for word in words(text)))


def query_terms(text: str) -> list[str]:
    """The distinct stems a query looks for (any of them may match; ranking does the rest)."""
    return list(dict.fromkeys(stem for word in words(text) for stem in _stems(word)))
