"""A community's glossary: terms search holds for one another (French and English, Québec and France,
short forms), the built-in starter glossary and what its animators and content experts add with
``/cop glossary add a = b``. Applied when a search is read, never to what is stored: an entry added
or removed today changes tomorrow's searches over every lesson, old ones included.
"""

from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache

from sqlalchemy import delete
from sqlmodel import Session, col, select

from storage.glossary_bilingual import BILINGUAL
from storage.glossary_fields import FIELDS
from storage.glossary_practice import PRACTICE
from storage.glossary_starter import STARTER
from storage.models import GlossaryEntry
from storage.search_text import Concept, Phrase, Word, phrase

MAX_SIDES = 8
MAX_SIDE_CHARS = 80
MAX_ENTRIES = 500


def _index(sets: list[tuple[Phrase, ...]], offset: int) -> dict[str, list[tuple[int, Phrase]]]:
    """Each set's phrases by the stems of their first word (``offset``: the first set's number)."""
    by_first: dict[str, list[tuple[int, Phrase]]] = defaultdict(list)
    for k, phrases in enumerate(sets, start=offset):
        for p in phrases:
            for stem in p[0]:
                by_first[stem].append((k, p))
    return dict(by_first)


class Glossary:
    """Sets of equivalent phrases; ``expand`` turns a query's words into concepts.

    The built-in sets (the starter glossary and the bilingual lexicon, several hundred) are compiled and
    indexed once per process; a community's own entries are indexed on top of them at each search.
    ``cognates``: whether search also reads a word as its look-alike in the other language
    (``storage/search_cognates.py``), as it does with the bilingual lexicon."""

    def __init__(self, sets: list[tuple[Phrase, ...]], base: "Glossary | None" = None, *, cognates: bool = False):
        self.cognates = cognates
        below = base.sets if base else []
        self.sets = [*below, *sets]
        self._indexes = [*(base._indexes if base else []), _index(sets, len(below))]

    @classmethod
    def of(cls, entries: Iterable[Iterable[str]], *, starter: bool = True, bilingual: bool = True,
           cognates: bool | None = None) -> "Glossary":
        """The community's ``entries`` over the built-in ones: the starter glossary and, unless
        ``bilingual`` is False, the French-English lexicon (``storage/glossary_bilingual.py``) and the
        cognate rules (``storage/search_cognates.py``; ``cognates`` sets them apart)."""
        own = [phrases for phrases in (_compiled(tuple(e)) for e in entries) if len(phrases) > 1]
        base = _built_in(bilingual) if starter else None
        cognates = bilingual if cognates is None else cognates
        if not own and base is not None and base.cognates == cognates:
            return base
        return cls(own, base, cognates=cognates)

    def _sets_from(self, stem: str):
        for index in self._indexes:
            yield from index.get(stem, ())

    def knows(self, word: Word) -> bool:
        """Whether the word begins a term of the glossary (such a word is not a typo to correct)."""
        return any(stem in index for index in self._indexes for stem in word)

    def expand(self, words: list[Word]) -> list[Concept]:
        """One concept per query word, or per run of words that a glossary term names (the longest):
        that run, or any of its equivalents."""
        concepts: list[Concept] = []
        i = 0
        while i < len(words):
            length, sets = 0, []
            for k, p in {(k, p) for stem in words[i] for k, p in self._sets_from(stem)}:
                n = len(p)
                if i + n <= len(words) and all(set(p[j]) & set(words[i + j]) for j in range(n)):
                    if n > length:
                        length, sets = n, [k]
                    elif n == length:
                        sets.append(k)
            if not length:
                concepts.append(((words[i],),))
                i += 1
                continue
            own = tuple(words[i:i + length])
            others = [p for k in sorted(set(sets)) for p in self.sets[k]]
            concepts.append(tuple(dict.fromkeys([own, *others])))
            i += length
        return concepts


def _compiled(terms: tuple[str, ...]) -> tuple[Phrase, ...]:
    return tuple(dict.fromkeys(p for p in (phrase(t) for t in terms) if p))


@lru_cache(maxsize=2)
def _built_in(bilingual: bool) -> Glossary:
    entries = (*STARTER, *BILINGUAL, *PRACTICE, *FIELDS) if bilingual else STARTER
    return Glossary([phrases for phrases in (_compiled(entry) for entry in entries) if len(phrases) > 1],
                    cognates=bilingual)


def compile_built_in() -> None:
    """Compile the built-in glossary now (the app does it at start, in the background: stemming its 500
    entries takes a second or more on a busy machine, which a member's first search should not wait)."""
    _built_in(True)


def sides(entry: str) -> list[str] | None:
    """The terms of an entry as typed (``a = b = c``), or None when it is not one: at least two
    different terms, each with a word that search reads, none too long."""
    parts = [" ".join(p.split()) for p in entry.split("=")]
    if not (2 <= len(parts) <= MAX_SIDES) or any(not p or len(p) > MAX_SIDE_CHARS or not phrase(p) for p in parts):
        return None
    if len({phrase(p) for p in parts}) < 2:
        return None
    return parts


def entries(*, session: Session, team_id: str, community_id: int) -> list[GlossaryEntry]:
    return list(session.exec(select(GlossaryEntry).where(
        GlossaryEntry.team_id == team_id, GlossaryEntry.community_id == community_id).order_by(col(GlossaryEntry.id))))


def of_community(*, session: Session, team_id: str, community_id: int) -> Glossary:
    """The starter glossary and the community's own entries."""
    return Glossary.of([e.terms.split(" = ") for e in entries(session=session, team_id=team_id,
                                                              community_id=community_id)])


def add(*, session: Session, team_id: str, community_id: int, terms: list[str], created_by: str) -> GlossaryEntry:
    entry = GlossaryEntry(team_id=team_id, community_id=community_id, terms=" = ".join(terms), created_by=created_by)
    session.add(entry)
    session.flush()
    return entry


def find(*, session: Session, team_id: str, community_id: int, term: str) -> list[GlossaryEntry]:
    """The community's entries that have ``term`` as one of their terms (compared as search reads them)."""
    wanted = phrase(term)
    return [e for e in entries(session=session, team_id=team_id, community_id=community_id)
            if wanted and wanted in {phrase(t) for t in e.terms.split(" = ")}]


def remove(*, session: Session, team_id: str, ids: list[int]) -> int:
    if not ids:
        return 0
    return session.exec(delete(GlossaryEntry).where(col(GlossaryEntry.team_id) == team_id,
                                                       col(GlossaryEntry.id).in_(ids))).rowcount or 0


def starter_size() -> int:
    """How many built-in entries search knows besides a community's own."""
    return len(STARTER) + len(BILINGUAL) + len(PRACTICE) + len(FIELDS)

