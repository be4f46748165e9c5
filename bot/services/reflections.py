"""The quarterly reflection: every member is asked the community's three questions on the first
working day of the quarter; answers are stored, and two weeks later the animators get them grouped by
theme (the community's topics, and the words that recur) as a draft agenda for the next meeting, with
*Suggest as meeting topic*: the programme's list of suggested topics (``program.suggest_agenda``)."""

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from sqlmodel import Session, col, select

from bot import blocks
from bot.i18n import N_, Translator, translator
from bot.services import audit, follow_ups, roles
from bot.services.owed import owe_dm_when_allowed
from bot.services.permissions import is_steward
from bot.services.results import Outcome
from bot.services.timing import Quiet, next_quarter_start, zone
from storage import communities as community_store
from storage import due, memberships
from storage.models import Community, DueItem, Reflection
from storage.search_text import fold, query_words
from storage.types import utcnow

QUARTERLY_REFLECTION = "reflection.quarterly"
REFLECTION_AGENDA = "reflection.agenda"
REFLECTION_AT = time(10, 0)
AGENDA_AFTER = timedelta(days=14)  # members have two weeks to answer before the animators get the themes
THEMES = 6
QUOTES = 5  # a theme quotes its reflections, up to this many (and says how many it quoted if it holds more)
RECURRING_FROM = 2  # a word is a theme when this many reflections use it
# Words that recur in any reflection and say nothing of its theme (without accents, as compared).
_COMMON = frozenset("""
more much very also have been being were will would could should make made good great better best well really
just like some many than then them they their there these those into about over other quarter community members
plus tres aussi avoir etre etait etaient fait faire bien bonne meilleur meilleure comme encore entre autres cette
trimestre communaute membres leurs chose choses peut peux pourrait
answer answers answered question questions helped helps people thing things
reponse reponses aider aide personnes
""".split())


DEFAULT_QUESTIONS = (N_("What did you get from the community this quarter?"), N_("What did you bring to it?"),
                     N_("What should change?"))
# Other questions the communities' guide suggests (seed 003), offered when the questions are set.
SUGGESTED_QUESTIONS = (N_("Why do you come back?"), N_("How do you take part?"),
                       N_("What have the benefits been for you?"))
QUESTION_MAX = 150
ANSWER_SLOTS = ("got", "brought", "change")  # where each question's answers are kept, in order
QUOTES_BY_QUESTION = 2


def questions(community: Community, t: Translator | None = None) -> list[str]:
    """The community's three reflection questions (its own, or the default three in its language)."""
    if community.reflection_questions.strip():
        own = [q.strip() for q in community.reflection_questions.split("\n")]
        return (own + [""] * len(ANSWER_SLOTS))[: len(ANSWER_SLOTS)]
    t = t or translator(community.language)
    return [t.gettext(q) for q in DEFAULT_QUESTIONS]


def questions_form(session: Session, *, team_id: str, channel_id: str,
                   user_id: str) -> tuple[Outcome, Community | None]:
    """May this person set the questions of the community of this channel (only reads)?"""
    community = community_store.community_for_channel(session=session, team_id=team_id, channel_id=channel_id)
    if community is None:
        return Outcome.NOT_A_COMMUNITY, None
    if not is_steward(session, team_id=team_id, community_id=community.id, user_id=user_id):
        return Outcome.NOT_ALLOWED, community
    return Outcome.DONE, community


def set_questions(session: Session, *, team_id: str, community_id: int, user_id: str,
                  asked: list[str]) -> tuple[Outcome, str]:
    """Founders and facilitators set the three questions (the first is needed; the others may be left
    out); the audit trail says the questions changed. Returns the outcome and the community's language."""
    community = community_store.get_community(session=session, team_id=team_id, community_id=community_id)
    if community is None:
        return Outcome.NOT_FOUND, "en"
    if not is_steward(session, team_id=team_id, community_id=community.id, user_id=user_id):
        return Outcome.NOT_ALLOWED, community.language
    cleaned = [" ".join(q.split())[:QUESTION_MAX] for q in asked][: len(ANSWER_SLOTS)]
    if not cleaned or not cleaned[0]:
        return Outcome.EMPTY, community.language
    community.reflection_questions = "\n".join(cleaned + [""] * (len(ANSWER_SLOTS) - len(cleaned)))
    session.add(community)
    audit.record(session, team_id=team_id, community_id=community.id, user_id=user_id,
                 action="settings.reflection")
    return Outcome.DONE, community.language


def quarter_of(moment: datetime, timezone: str) -> str:
    local = moment.astimezone(zone(timezone))
    return f"{local.year}-Q{(local.month - 1) // 3 + 1}"


def plan_reflection(session: Session, community: Community, *, after: datetime) -> None:
    """The first working day of the next quarter, 10:00 community time."""
    at = next_quarter_start(after, REFLECTION_AT, community.timezone)
    at = Quiet(community.timezone, community.quiet_start_hour, community.quiet_end_hour, True).next_allowed(at)
    due.schedule(session=session, team_id=community.team_id, community_id=community.id, kind=QUARTERLY_REFLECTION,
                 dedupe_key=f"{QUARTERLY_REFLECTION}:{community.id}:{quarter_of(at, community.timezone)}", due_at=at,
                 subject_id=community.id)


def quarterly_reflection(session: Session, item: DueItem, now: datetime) -> list[int]:
    """Every member is asked the community's three reflection questions; then next quarter's."""
    community = community_store.get_community(session=session, team_id=item.team_id, community_id=item.community_id)
    if community is None:
        return []
    plan_reflection(session, community, after=now)
    quarter = quarter_of(now, community.timezone)
    t = translator(community.language)
    people = memberships.member_ids(session=session, team_id=community.team_id, community_id=community.id)
    people += [r.user_id for r in community_store.role_holders(session=session, team_id=community.team_id,
                                                              community_id=community.id)]
    ids = []
    for person in dict.fromkeys(people):
        message = blocks.reflection_request(t, community_name=community.name, channel_id=community.channel_id,
                                            value=f"{community.id}:{quarter}", questions=questions(community, t))
        ids += owe_dm_when_allowed(session, community, key=f"{item.dedupe_key}:{person}", user_id=person,
                                   message=message, now=now)
    due.schedule(session=session, team_id=community.team_id, community_id=community.id, kind=REFLECTION_AGENDA,
                 dedupe_key=f"{REFLECTION_AGENDA}:{community.id}:{quarter}", due_at=now + AGENDA_AFTER,
                 subject_id=community.id)
    return ids


@dataclass
class Theme:
    label: str  # "#triage" (a topic of the community), a word that recurs, or both when they gather the same
    reflections: int  # how many reflections are in it (each reflection is in one theme at most)
    quotes: list[str] = field(default_factory=list)  # what they said: all of them, up to QUOTES


@dataclass
class Agenda:
    quarter: str
    answered: int
    themes: list[Theme]
    others: Theme | None = None  # the reflections in no theme, quoted too (its label is empty)
    by_question: list[Theme] = field(default_factory=list)  # each question (its label), its answers, a few quoted

    @property
    def unthemed(self) -> int:
        return self.others.reflections if self.others else 0

    def text(self, t, *, quotes: bool = True) -> str:
        """The draft agenda as the meeting form's agenda field holds it (plain text); without ``quotes``,
        its outline: the themes and their counts."""
        lines = [t.ngettext("Draft agenda, from {n} reflection of our members ({quarter}):",
                            "Draft agenda, from {n} reflections of our members ({quarter}):", self.answered,
                            quarter=t.quarter(self.quarter))]
        for number, theme in enumerate(self.themes, start=1):
            label = t.ngettext("{theme} ({n} reflection)", "{theme} ({n} reflections)", theme.reflections,
                               theme=theme.label)
            if theme.quotes and quotes:
                said = "; ".join(t.gettext("“{quote}”", quote=q) for q in theme.quotes)
                label = t.gettext("{theme}: {quotes}", theme=label, quotes=said)
            lines.append(f"{number}. {label}")
        if self.others:
            label = t.ngettext("Other reflections ({n})", "Other reflections ({n})", self.others.reflections)
            said = "; ".join(t.gettext("“{quote}”", quote=q) for q in self.others.quotes)
            lines.append(f"{len(self.themes) + 1}. "
                         + (t.gettext("{theme}: {quotes}", theme=label, quotes=said) if quotes else label))
        lines.append(f"{len(self.themes) + 1 + bool(self.others)}. "
                     + t.gettext("What should change next quarter: open discussion."))
        return "\n".join(lines)


def _quote(text: str, limit: int = 150) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def _topic_themes(session: Session, community: Community, held: list[set[str]]
                  ) -> tuple[list[tuple[str, list[int], bool]], set[str]]:
    """The community's topics some reflections name (every word of the topic in them), and the stems of
    those topics (not counted again as recurring words)."""
    themes: list[tuple[str, list[int], bool]] = []
    named: set[str] = set()
    for topic in community_store.topics_in_use(session=session, team_id=community.team_id,
                                               community_id=community.id):
        needed = [stems for _, stems in query_words(topic.replace("-", " "), every_word=True)]
        having = [i for i, stems in enumerate(held) if needed and all(set(w) & stems for w in needed)]
        if having:
            themes.append(("#" + topic, having, True))
            named.update(stem for stems in needed for stem in stems)
    return themes, named


def _counts_as_recurring(surface: str, stems: list[str], named: set[str]) -> bool:
    """A word long enough, not a common one, and not part of a topic already found."""
    return len(surface) >= 5 and fold(surface) not in _COMMON and not set(stems) & named


def _recurring_words(written: list, named: set[str]) -> list[tuple[str, list[int], bool]]:
    """The words at least RECURRING_FROM reflections use, each under its most frequent form."""
    surfaces: dict[str, Counter] = {}
    users: dict[str, set[int]] = {}
    for i, words in enumerate(written):
        for surface, stems in words:
            key = min(stems)
            if not _counts_as_recurring(surface, stems, named):
                continue
            surfaces.setdefault(key, Counter())[surface] += 1
            users.setdefault(key, set()).add(i)
    return [(surfaces[key].most_common(1)[0][0], sorted(having), False)
            for key, having in users.items() if len(having) >= RECURRING_FROM]


def _candidates(session: Session, community: Community,
                rows: Sequence[Reflection]) -> list[tuple[str, list[int], bool]]:
    """Every theme the reflections could gather under: (label, the reflections having it, a topic?)."""
    written = [query_words(" ".join([row.change, row.got, row.brought]), every_word=True) for row in rows]
    held = [{stem for _, stems in words for stem in stems} for words in written]
    themes, named = _topic_themes(session, community, held)
    return themes + _recurring_words(written, named)


def _regrouped(candidates: list[tuple[list[tuple[str, bool]], set[int]]],
               placed: set[int]) -> list[tuple[list[tuple[str, bool]], set[int]]]:
    """The themes with what is left of them once ``placed`` reflections have a theme: those left with
    the same reflections become one (their labels joined, topics first); the largest first, then
    topics, then by label."""
    gathered: dict[frozenset[int], list[tuple[str, bool]]] = {}
    for labels, having in candidates:
        if having - placed:
            gathered.setdefault(frozenset(having - placed), []).extend(labels)
    merged = [(sorted(dict.fromkeys(labels), key=lambda x: (not x[1], x[0])), set(having))
              for having, labels in gathered.items()]
    return sorted(merged, key=lambda x: (-len(x[1]), not x[0][0][1], x[0][0][0]))


def _chosen_themes(candidates: list[tuple[list[tuple[str, bool]], set[int]]]
                   ) -> tuple[list[tuple[str, list[int]]], set[int]]:
    """Up to THEMES themes, the largest first, each reflection under one of them only; and the
    reflections so placed."""
    placed: set[int] = set()
    chosen: list[tuple[str, list[int]]] = []
    while candidates and len(chosen) < THEMES:
        candidates = _regrouped(candidates, placed)
        if not candidates:
            break
        labels, having = candidates.pop(0)
        chosen.append((" · ".join(label for label, _ in labels), sorted(having)))
        placed |= having
    return chosen, placed


def _said(rows: Sequence[Reflection], having: list[int]) -> list[str]:
    """The quotes of these reflections: each one's first answer given (what should change first)."""
    best = [next((x for x in (rows[i].change, rows[i].got, rows[i].brought) if x.strip()), "") for i in having]
    return [_quote(x) for x in best if x][:QUOTES]


def _by_question(community: Community, rows: Sequence[Reflection]) -> list[Theme]:
    """The answers to each question asked (a question nobody answered says nothing)."""
    by_question = []
    for question, slot in zip(questions(community), ANSWER_SLOTS, strict=True):
        answers = [getattr(row, slot) for row in rows if getattr(row, slot).strip()]
        if question and answers:
            by_question.append(Theme(question, len(answers), [_quote(a) for a in answers[:QUOTES_BY_QUESTION]]))
    return by_question


def agenda(session: Session, community: Community, quarter: str) -> Agenda:
    """The quarter's reflections grouped by theme: the community's topics they name, then the words
    several of them use. Themes that gather the same reflections are one (« #triage · night »); each
    reflection is quoted under one theme only (the largest it is in); each theme shows how many
    reflections it holds and quotes them (what should change first), unsigned; the rest are quoted
    under « Other reflections », so that every answer is in the agenda once."""
    rows = session.exec(select(Reflection).where(
        Reflection.team_id == community.team_id, Reflection.community_id == community.id,
        Reflection.quarter == quarter).order_by(col(Reflection.answered_at))).all()
    candidates = [([(label, topic)], set(having)) for label, having, topic in _candidates(session, community, rows)]
    chosen, placed = _chosen_themes(candidates)
    themes = [Theme(label, len(having), _said(rows, having)) for label, having in chosen]
    rest = [i for i, row in enumerate(rows) if i not in placed and (row.change + row.got + row.brought).strip()]
    return Agenda(quarter, len(rows), themes, Theme("", len(rest), _said(rows, rest)) if rest else None,
                  _by_question(community, rows))


def agenda_job(session: Session, item: DueItem, now: datetime) -> list[int]:
    """Two weeks after the reflection: its answers, grouped by theme, to the animators as a draft agenda."""
    community = community_store.get_community(session=session, team_id=item.team_id, community_id=item.community_id)
    if community is None:
        return []
    quarter = item.dedupe_key.rsplit(":", 1)[1]
    found = agenda(session, community, quarter)
    if not found.answered:
        return []
    t = translator(community.language)

    def message(take: str | None) -> dict:
        return blocks.reflection_agenda(t, community_name=community.name, community_id=community.id, agenda=found,
                                        take=take)

    return follow_ups.owe_copies(session, community, kind=REFLECTION_AGENDA, subject=quarter,
                                 recipients=roles.people_for(session, team_id=community.team_id,
                                                             community_id=community.id, duty=roles.Duty.FOLLOW_UPS),
                                 build=message, key=item.dedupe_key, now=now)


def record_reflection(session: Session, *, team_id: str, user_id: str, community_id: int, quarter: str, got: str,
                      brought: str, change: str) -> str | None:
    """Store (or replace) a member's answers; returns the community's language, None if it is gone."""
    community = community_store.get_community(session=session, team_id=team_id, community_id=community_id)
    if community is None:
        return None
    existing = session.exec(select(Reflection).where(
        Reflection.team_id == team_id, Reflection.community_id == community_id, Reflection.user_id == user_id,
        Reflection.quarter == quarter)).first()
    row = existing or Reflection(team_id=team_id, community_id=community_id, user_id=user_id, quarter=quarter)
    row.got, row.brought, row.change, row.answered_at = got.strip(), brought.strip(), change.strip(), utcnow()
    session.add(row)
    return community.language


def community_language(session: Session, *, team_id: str, community_id: int) -> str | None:
    community = community_store.get_community(session=session, team_id=team_id, community_id=community_id)
    return community.language if community else None
