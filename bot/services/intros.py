"""Introductions (Donut-like): once a month, members who said yes are put in touch two by two (three
when their number is odd) across workplaces — and, when profiles say it, across years of practice: a
newcomer with a veteran — by a group DM that says why. Two weeks later, if nobody pressed **We met**,
one gentle nudge in the same group DM. The same people are never introduced in two rounds in a row, and
pairs met before come last while others are possible.

Members say yes or no for themselves (``/cop intros on|off``); founders and facilitators may switch it on
for every member (``/cop intros everyone on``), each member still free to say no. The round runs on the
first working day of the month, 10:00 community time, through the due rows (once, whatever restarts);
the group DMs go through the outbox (``conversations.open``, then ``chat.postMessage`` into the group
DM Slack opened), in the community's waking hours. One group DM Slack refuses (a deactivated account)
stops no other; the IT contacts hear of it as of any refused DM (bot/services/tool_problems.py).

``pair_round(session, community, now)`` runs one round now, once per month (the month simulation calls it):
it returns the outbox ids due now, to deliver once the session has committed
(``runtime.deliverer.deliver(ids)``); ``we_met`` is the button's rule (``handlers/intros.py``).
"""

import json
import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time
from itertools import combinations

from sqlmodel import Session

from bot import blocks
from bot.i18n import translator
from bot.services import tool_problems
from bot.services.expertise import years_in_practice
from bot.services.owed import owe, owe_card_update
from bot.services.permissions import is_steward
from bot.services.report import month_start
from bot.services.results import Outcome
from bot.services.timing import Quiet, first_working_day, local_time, shift_days, zone
from storage import communities as community_store
from storage import due, memberships, profiles
from storage import expertise as expertise_store
from storage import intros as store
from storage.models import Community, DueItem, OutboxMessage

INTRO_ROUND = "intros.round"
INTRO_NUDGE = "intros.nudge"
PURPOSE_OPEN = "intros.open"  # conversations.open of a pair's group DM
PURPOSE_POST = "intros.post"  # the introduction posted in it
ROUND_AT = time(10, 0)
NUDGE_AFTER_DAYS = 14
GROUP_MAX = 3
VETERAN_GAP = 10
EVERY_PAIR_UP_TO = 200  # people: every pair is weighed up to this many; beyond, each with SAMPLED others
SAMPLED = 60  # years of practice between two people that make it a newcomer-and-veteran introduction


# -- choosing who meets whom (pure) -----------------------------------------------------------------

@dataclass(frozen=True)
class Someone:
    """What an introduction may say of a person (all optional)."""

    user_id: str
    workplace: str = ""
    region: str = ""
    years: int | None = None
    helps: frozenset[str] = frozenset()
    looking_for: frozenset[str] = frozenset()

    @property
    def topics(self) -> frozenset[str]:
        return self.helps | self.looking_for


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


def _score(a: Someone, b: Someone, earlier: Counter) -> float:
    """How good an introduction of these two is: across workplaces first, then across years of practice,
    then on topics one can help with and the other looks for; pairs met before come last."""
    score = 0.0
    if a.workplace and b.workplace:
        score += 6 if _fold(a.workplace) != _fold(b.workplace) else 0
    else:
        score += 2  # unknown: maybe across workplaces
    if a.years is not None and b.years is not None:
        gap = abs(a.years - b.years)
        score += min(gap, 20) / 5 + (2 if gap >= VETERAN_GAP else 0)
    score += min(len(a.helps & b.looking_for) + len(b.helps & a.looking_for) + len(a.topics & b.topics), 3)
    return score - 8 * earlier[frozenset((a.user_id, b.user_id))]


def _barred(last_round: list[frozenset[str]]) -> set[frozenset[str]]:
    return {frozenset(x) for group in last_round for x in combinations(sorted(group), 2)}


def _candidates(people: list[Someone], chance: random.Random):
    """Every pair of a small community; in a large one, each person with ``SAMPLED`` others drawn by chance
    (scoring every pair of a thousand people would hold the round's transaction for seconds)."""
    if len(people) <= EVERY_PAIR_UP_TO:
        yield from combinations(people, 2)
        return
    seen: set[frozenset[str]] = set()
    for a in people:
        for b in chance.sample(people, SAMPLED):
            key = frozenset((a.user_id, b.user_id))
            if b is not a and key not in seen:
                seen.add(key)
                yield a, b


def _best_pairs(people: list[Someone], barred: set[frozenset[str]], earlier: Counter,
                chance: random.Random) -> list[list[Someone]]:
    """Pairs, best first, each person once, none of them barred."""
    candidates = [(_score(a, b, earlier), chance.random(), a, b) for a, b in _candidates(people, chance)
                  if frozenset((a.user_id, b.user_id)) not in barred]
    candidates.sort(key=lambda c: (c[0], c[1]), reverse=True)
    taken: set[str] = set()
    groups: list[list[Someone]] = []
    for _, _, a, b in candidates:
        if a.user_id not in taken and b.user_id not in taken:
            groups.append([a, b])
            taken |= {a.user_id, b.user_id}
    return groups


def _swapped_where_better(groups: list[list[Someone]], barred: set[frozenset[str]], earlier: Counter) -> None:
    """Two pairs swap partners while that makes the round better as a whole: the best pair taken first can
    leave two colleagues of one workplace together when each could meet someone from elsewhere. Small
    rounds only: every two pairs are weighed, as every two people are (``EVERY_PAIR_UP_TO``)."""
    improved = len(groups) <= EVERY_PAIR_UP_TO // 2
    while improved:
        improved = False
        for first, second in combinations([g for g in groups if len(g) == 2], 2):
            (a, b), (c, d) = first, second
            now = _score(a, b, earlier) + _score(c, d, earlier)
            for x, y in (((a, c), (b, d)), ((a, d), (b, c))):
                allowed = not {frozenset((p.user_id, q.user_id)) for p, q in (x, y)} & barred
                if allowed and _score(*x, earlier) + _score(*y, earlier) > now + 1e-9:
                    first[:], second[:] = x, y
                    improved = True
                    break
            if improved:
                break


def _place(left: Someone, groups: list[list[Someone]], barred: set[frozenset[str]], earlier: Counter) -> None:
    """Someone left over joins the pair they fit best (a group of three), if any may take them."""
    fits = [g for g in groups if len(g) < GROUP_MAX
            and not any(frozenset((left.user_id, other.user_id)) in barred for other in g)]
    if fits:
        max(fits, key=lambda g: sum(_score(left, other, earlier) for other in g)).append(left)


def pair(people: list[Someone], *, last_round: list[frozenset[str]], earlier: Counter,
         seed: str) -> list[tuple[str, ...]]:
    """Groups of two (one of three when their number is odd) of ``people``; never two people who were in
    the same group last round (they may stay out this month). ``earlier``: how often each pair of
    people was introduced before. The same seed gives the same groups."""
    shuffled = sorted(people, key=lambda p: p.user_id)
    chance = random.Random(seed)
    chance.shuffle(shuffled)
    barred = _barred(last_round)
    groups = _best_pairs(shuffled, barred, earlier, chance)
    placed = {p.user_id for g in groups for p in g}
    groups += _best_pairs([p for p in shuffled if p.user_id not in placed], barred, earlier, chance)  # a large one's
    _swapped_where_better(groups, barred, earlier)
    placed = {p.user_id for g in groups for p in g}
    for left in (p for p in shuffled if p.user_id not in placed):
        _place(left, groups, barred, earlier)
    return [tuple(p.user_id for p in g) for g in groups]


def _where(group: list[Someone]) -> list[dict]:
    """Their regions when they differ, else their workplaces when they differ (all of them known)."""
    for kind in ("region", "workplace"):
        values = [getattr(p, kind) for p in group]
        if all(values) and len({_fold(v) for v in values}) > 1:
            return [{"kind": kind, "values": values}]
    return []


def reasons(group: list[Someone]) -> list[dict]:
    """Why these people: what they share or one offers another, where each works or lives, their years."""
    found = [{"kind": "helps", "helper": helper.user_id, "seeker": seeker.user_id,
              "topics": sorted(helper.helps & seeker.looking_for)[:3]}
             for helper in group for seeker in group if helper is not seeker and helper.helps & seeker.looking_for]
    shared = sorted(set.intersection(*(set(p.topics) for p in group)))
    if shared:
        found.append({"kind": "topics", "topics": shared[:3]})
    found += _where(group)
    years = sorted(p.years for p in group if p.years is not None)
    if len(years) >= 2 and years[-1] - years[0] >= VETERAN_GAP:
        found.append({"kind": "years", "few": years[0], "many": years[-1]})
    return found


# -- saying yes or no -------------------------------------------------------------------------------

@dataclass
class IntroStatus:
    outcome: Outcome
    language: str = "en"
    wants: bool | None = None  # the person's own choice (None: they said nothing)
    everyone: bool = False  # the community introduces every member who did not say no
    changed: bool | None = None  # None: they only asked
    next_round: date | None = None  # the day of the next round, community time (None: no round planned)
    timezone: str = "America/Toronto"  # the community's


def _community(session: Session, team_id: str, channel_id: str) -> Community | None:
    return community_store.community_for_channel(session=session, team_id=team_id, channel_id=channel_id)


def _status(session: Session, community: Community, user_id: str, *, changed: bool | None,
            now: datetime) -> IntroStatus:
    wants = store.choices(session=session, team_id=community.team_id, community_id=community.id).get(user_id)
    active = community.intros_everyone or wants
    return IntroStatus(Outcome.DONE, community.language, wants, community.intros_everyone, changed,
                       next_round_day(community, now) if active else None, community.timezone)


def next_round_day(community: Community, now: datetime) -> date:
    """The first working day of the next month, community time."""
    first = month_start(now.astimezone(zone(community.timezone)).date(), -1)
    return first_working_day(first, community.timezone)


def plan_round(session: Session, community: Community, *, after: datetime) -> None:
    """Next month's round, on its first working day at 10:00 community time (once per month)."""
    day = next_round_day(community, after)
    due.schedule(session=session, team_id=community.team_id, community_id=community.id, kind=INTRO_ROUND,
                 dedupe_key=f"{INTRO_ROUND}:{community.id}:{day:%Y-%m}",
                 due_at=local_time(day, ROUND_AT, community.timezone), subject_id=community.id)


def status(session: Session, *, team_id: str, channel_id: str, user_id: str, now: datetime) -> IntroStatus:
    """Whether the person will be introduced, and when the next round is."""
    community = _community(session, team_id, channel_id)
    if community is None:
        return IntroStatus(Outcome.NOT_A_COMMUNITY)
    return _status(session, community, user_id, changed=None, now=now)


def choose(session: Session, *, team_id: str, channel_id: str, user_id: str, wants: bool,
           now: datetime) -> IntroStatus:
    """The person says yes or no to the monthly introductions of this community."""
    community = _community(session, team_id, channel_id)
    if community is None:
        return IntroStatus(Outcome.NOT_A_COMMUNITY)
    changed = store.choose(session=session, team_id=team_id, community_id=community.id, user_id=user_id,
                           wants=wants)
    if wants:  # typed in the channel: they are in it
        memberships.add_member(session=session, team_id=team_id, community_id=community.id, user_id=user_id,
                               newcomer=False)
        plan_round(session, community, after=now)
    return _status(session, community, user_id, changed=changed, now=now)


def for_everyone(session: Session, *, team_id: str, channel_id: str, user_id: str, on: bool,
                 now: datetime) -> IntroStatus:
    """Founders and facilitators introduce every member (each may still say no), or only those who said yes."""
    community = _community(session, team_id, channel_id)
    if community is None:
        return IntroStatus(Outcome.NOT_A_COMMUNITY)
    if not is_steward(session, team_id=team_id, community_id=community.id, user_id=user_id):
        return IntroStatus(Outcome.NOT_ALLOWED, community.language)
    changed = community.intros_everyone != on
    community.intros_everyone = on
    session.add(community)
    session.flush()
    if on:
        plan_round(session, community, after=now)
    return _status(session, community, user_id, changed=changed, now=now)


# -- the monthly round --------------------------------------------------------------------------------

def taking_part(session: Session, community: Community) -> list[str]:
    """Members who said yes, and, when the community introduces everyone, every member who did not say no."""
    said = store.choices(session=session, team_id=community.team_id, community_id=community.id)
    members = memberships.member_ids(session=session, team_id=community.team_id, community_id=community.id)
    return [m for m in members if said.get(m, community.intros_everyone)]


def _people(session: Session, community: Community, user_ids: list[str]) -> list[Someone]:
    key = {"session": session, "team_id": community.team_id, "community_id": community.id}
    found = {p.user_id: p for p in profiles.profiles_in(user_ids=user_ids, **key)}
    declared = expertise_store.declared_by_person(user_ids=user_ids, **key)
    people = []
    for user_id in user_ids:
        profile = found.get(user_id)
        helps = frozenset(declared.get(user_id, []))
        if profile is None:
            people.append(Someone(user_id, helps=helps))
            continue
        people.append(Someone(user_id, profile.workplace, profile.region, years_in_practice(profile.practising_since),
                              helps, frozenset(profile.looking_for.split())))
    return people


def pair_round(session: Session, community: Community, now: datetime) -> list[int]:
    """This month's round of introductions, once: the groups chosen, each one's group DM owed (in the
    community's waking hours) and its nudge planned two weeks later. Returns the outbox ids due now."""
    month = f"{now.astimezone(zone(community.timezone)):%Y-%m}"
    key = {"session": session, "team_id": community.team_id, "community_id": community.id}
    if store.has_round(round=month, **key):
        return []
    people = _people(session, community, taking_part(session, community))
    history = store.rounds(**key)
    earlier = Counter(frozenset(x) for groups in history.values() for g in groups
                      for x in combinations(sorted(g), 2))
    last = history[max(history)] if history else []
    by_id = {p.user_id: p for p in people}
    at = Quiet.of(community).next_allowed(now)
    ids: list[int] = []
    for group in pair(people, last_round=last, earlier=earlier, seed=f"{community.team_id}:{community.id}:{month}"):
        row = store.add_pair(round=month, user_ids=list(group),
                             reasons=json.dumps(reasons([by_id[u] for u in group]), ensure_ascii=False), **key)
        ids += owe(session, team_id=community.team_id, key=f"{PURPOSE_OPEN}:{row.id}", method="conversations.open",
                   payload={"users": ",".join(group)}, due_at=at, purpose=PURPOSE_OPEN, subject_id=row.id)
        due.schedule(session=session, team_id=community.team_id, community_id=community.id, kind=INTRO_NUDGE,
                     dedupe_key=f"{INTRO_NUDGE}:{row.id}", subject_id=row.id,
                     due_at=shift_days(at, NUDGE_AFTER_DAYS, community.timezone))
    return ids if at <= now else []


def round_job(session: Session, item: DueItem, now: datetime) -> list[int]:
    """The due row of a month's round: next month's planned while anyone takes part, then this one run."""
    community = community_store.get_community(session=session, team_id=item.team_id, community_id=item.community_id)
    if community is None:
        return []
    wanted = community.intros_everyone or any(
        store.choices(session=session, team_id=community.team_id, community_id=community.id).values())
    if not wanted:
        return []  # nobody takes part any more: no round, none planned
    plan_round(session, community, after=now)
    return pair_round(session, community, now)


def _message(session: Session, community: Community, pair_id: int, *, nudge: bool) -> dict | None:
    pair_row = store.get_pair(session=session, team_id=community.team_id, pair_id=pair_id)
    if pair_row is None:
        return None
    people = store.members_of(session=session, team_id=community.team_id, pair_id=pair_id)
    t = translator(community.language)
    if nudge:
        return blocks.intro_nudge(t, pair_id=pair_id, people=people)
    return blocks.introduction(t, pair_id=pair_id, people=people, community_name=community.name,
                               reasons=json.loads(pair_row.reasons or "[]"), met_by=pair_row.met_by)


def group_opened(session: Session, message: OutboxMessage, answer: dict) -> list[int]:
    """Slack opened the pair's group DM: the introduction is owed in it."""
    channel = str((answer.get("channel") or {}).get("id") or "")
    pair_row = store.get_pair(session=session, team_id=message.team_id, pair_id=message.subject_id or 0)
    if not channel or pair_row is None:
        return []
    store.opened(session=session, team_id=message.team_id, pair_id=pair_row.id, channel_id=channel)
    community = community_store.get_community(session=session, team_id=message.team_id,
                                              community_id=pair_row.community_id)
    said = _message(session, community, pair_row.id, nudge=False) if community else None
    if said is None:
        return []
    return owe(session, team_id=message.team_id, key=f"{PURPOSE_POST}:{pair_row.id}", method="chat.postMessage",
               payload={"channel": channel, **blocks.message(said)}, purpose=PURPOSE_POST, subject_id=pair_row.id)


def introduced(session: Session, message: OutboxMessage, answer: dict) -> None:
    """The introduction is in the group DM: its ts, for the stats and the nudge."""
    if answer.get("ts"):
        store.posted(session=session, team_id=message.team_id, pair_id=message.subject_id or 0,
                     message_ts=str(answer["ts"]))


def group_refused(session: Session, message: OutboxMessage, error: str) -> list[int]:
    """Slack would not open this pair's group DM (an account deactivated, someone out of reach): the pair
    is set aside (no nudge), the other pairs go on, the IT contacts hear of it as of a refused DM."""
    pair_row = store.get_pair(session=session, team_id=message.team_id, pair_id=message.subject_id or 0)
    if pair_row is None:
        return []
    store.refused(session=session, team_id=message.team_id, pair_id=pair_row.id, error=error)
    community = community_store.get_community(session=session, team_id=message.team_id,
                                              community_id=pair_row.community_id)
    if community is None or error not in tool_problems.DM_REFUSED:
        return []
    return tool_problems.dm_refused(session, community, error=error)


def nudge_job(session: Session, item: DueItem, now: datetime) -> list[int]:
    """Two weeks on: one gentle nudge in the group DM, only when nobody said they met."""
    pair_row = store.get_pair(session=session, team_id=item.team_id, pair_id=item.subject_id or 0)
    if pair_row is None or pair_row.met_at is not None or not pair_row.channel_id or not pair_row.message_ts:
        return []
    community = community_store.get_community(session=session, team_id=item.team_id, community_id=item.community_id)
    said = _message(session, community, pair_row.id, nudge=True) if community else None
    if said is None or community is None:
        return []
    at = Quiet.of(community).next_allowed(now)
    ids = owe(session, team_id=item.team_id, key=f"{INTRO_NUDGE}:{pair_row.id}", method="chat.postMessage",
              payload={"channel": pair_row.channel_id, **blocks.message(said)}, due_at=at)
    return ids if at <= now else []


# -- We met -----------------------------------------------------------------------------------------

@dataclass
class Met:
    outcome: Outcome
    language: str = "en"
    message: dict | None = None  # the clicked message as it now reads
    owed: list[int] = field(default_factory=list)


def we_met(session: Session, *, team_id: str, user_id: str, pair_id: int, clicked_ts: str, now: datetime) -> Met:
    """One of the pair says they met: counted once; the introduction says so (and a nudge clicked says it too)."""
    pair_row = store.get_pair(session=session, team_id=team_id, pair_id=pair_id)
    if pair_row is None:
        return Met(Outcome.NOT_FOUND)
    community = community_store.get_community(session=session, team_id=team_id, community_id=pair_row.community_id)
    if community is None:
        return Met(Outcome.NOT_FOUND)
    if user_id not in store.members_of(session=session, team_id=team_id, pair_id=pair_id):
        return Met(Outcome.NOT_ALLOWED, community.language)
    first = store.met(session=session, team_id=team_id, pair_id=pair_id, user_id=user_id, now=now)
    session.refresh(pair_row)
    t = translator(community.language)
    intro = _message(session, community, pair_id, nudge=False)
    owed: list[int] = []
    if clicked_ts and clicked_ts != pair_row.message_ts and pair_row.channel_id and pair_row.message_ts and first:
        owed = owe_update(session, team_id, pair_row.channel_id, pair_row.message_ts, intro)
        shown = blocks.intro_met_note(t, met_by=pair_row.met_by or user_id)
    else:
        shown = intro
    return Met(Outcome.DONE if first else Outcome.UNCHANGED, community.language, shown, owed)


def owe_update(session: Session, team_id: str, channel_id: str, message_ts: str, view: dict | None) -> list[int]:
    return owe_card_update(session, team_id=team_id, channel_id=channel_id, message_ts=message_ts,
                           view=view) if view else []
