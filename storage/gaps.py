"""Searches that found nothing good: recorded without who searched, counted by what was sought."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete
from sqlmodel import Session, col, select

from storage.models import SearchGap
from storage.search_text import query_words

MAX_WORDS = 8
SEARCH, ASK = "search", "ask"  # where a gap was found: /cop search, or the check before a call for help
READ_AT_MOST = 5000  # a period's newest gaps read to count them (a busy community's month is far fewer)


def key_and_words(text: str) -> tuple[str, str] | None:
    """How a search is grouped (its words' first stems, sorted: "pompe volumétrique" and "volumétrique
    pompes" are one gap) and how it is shown (its words, normalised, in order); None if it has none."""
    written = query_words(text)[:MAX_WORDS]
    if not written:
        return None
    key = " ".join(sorted({min(stems) for _, stems in written}))[:300]
    return key, " ".join(surface for surface, _ in written)[:300]


def record(*, session: Session, team_id: str, community_id: int, text: str, source: str, at: datetime) -> bool:
    found = key_and_words(text)
    if found is None:
        return False
    session.add(SearchGap(team_id=team_id, community_id=community_id, key=found[0], words=found[1], source=source,
                          at=at))
    return True


@dataclass(frozen=True)
class Gap:
    key: str
    words: str  # as last written
    times: int
    last_at: datetime


def most_frequent(*, session: Session, team_id: str, community_id: int, since: datetime, limit: int) -> list[Gap]:
    """The period's gaps, the most sought first (then the most recent)."""
    rows = session.exec(select(SearchGap.key, SearchGap.words, SearchGap.at).where(
        SearchGap.team_id == team_id, SearchGap.community_id == community_id, SearchGap.at >= since,
    ).order_by(col(SearchGap.at).desc()).limit(READ_AT_MOST)).all()
    counts: dict[str, list] = {}
    for key, words, at in rows:  # newest first: the first seen is the latest wording
        if key in counts:
            counts[key][2] += 1
        else:
            counts[key] = [key, words, 1, at]
    gaps = [Gap(*row) for row in counts.values()]
    return sorted(gaps, key=lambda g: (-g.times, -g.last_at.timestamp(), g.key))[:limit]


def purge_before(*, session: Session, team_id: str, community_id: int, before: datetime) -> int:
    return session.exec(delete(SearchGap).where(col(SearchGap.team_id) == team_id,
                                                   col(SearchGap.community_id) == community_id,
                                                   col(SearchGap.at) < before)).rowcount or 0
