"""A community's glossary: terms search holds for one another (French and English, Québec and France,
short forms), the built-in starter glossary and what its animators and content experts add with
``/cop glossary add a = b``. Applied when a search is read, never to what is stored: an entry added
or removed today changes tomorrow's searches over every lesson, old ones included.
"""

from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache

from sqlalchemy import delete
from sqlmodel import Session, select

from storage.glossary_starter import STARTER
from storage.models import GlossaryEntry
from storage.search_text import Concept, Phrase, Word, phrase

MAX_SIDES = 8
MAX_SIDE_CHARS = 80
MAX_ENTRIES = 500


class Glossary:
    """Sets of equivalent phrases; ``expand`` turns a query's words into concepts."""

    def __init__(self, sets: list[tuple[Phrase, ...]]):
        self.sets = sets
        self._by_first: dict[str, list[tuple[int, Phrase]]] = defaultdict(list)
        for k, phrases in enumerate(sets):
            for p in phrases:
                for stem in p[0]:
                    self._by_first[stem].append((k, p))

    @classmethod
    def of(cls, entries: Iterable[Iterable[str]], *, starter: bool = True) -> "Glossary":
        compiled = [*(_starter() if starter else ()), *(_compiled(tuple(e)) for e in entries)]
        return cls([phrases for phrases in compiled if len(phrases) > 1])

    def knows(self, word: Word) -> bool:
        """Whether the word begins a term of the glossary (such a word is not a typo to correct)."""
        return any(stem in self._by_first for stem in word)

    def expand(self, words: list[Word]) -> list[Concept]:
        """One concept per query word, or per run of words that a glossary term names (the longest):
        that run, or any of its equivalents."""
        concepts: list[Concept] = []
        i = 0
        while i < len(words):
            length, sets = 0, []
            for k, p in {(k, p) for stem in words[i] for k, p in self._by_first.get(stem, ())}:
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


@lru_cache(maxsize=1)
def _starter() -> tuple[tuple[Phrase, ...], ...]:
    return tuple(_compiled(entry) for entry in STARTER)


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
        GlossaryEntry.team_id == team_id, GlossaryEntry.community_id == community_id).order_by(GlossaryEntry.id)))


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
    return session.execute(delete(GlossaryEntry).where(GlossaryEntry.team_id == team_id,
                                                       GlossaryEntry.id.in_(ids))).rowcount or 0


def starter_size() -> int:
    return len(STARTER)

