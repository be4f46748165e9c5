"""Who's who: members say where they work, their region, their job, since when they practise, what they
can help with (their declared expertise) and what they look for. Only the community's members see it:
in its Home directory, filtered by topic, region and workplace, and beside ``/cop who``'s ranking."""

import json
from collections import Counter
from dataclasses import dataclass, field

from sqlmodel import Session

from bot import blocks
from bot.services import audit
from bot.services.expertise import parse_topics, years_in_practice
from bot.services.results import Outcome
from bot.text import fold, one_line
from storage import communities as community_store
from storage import expertise as expertise_store
from storage import profiles as store
from storage.models import Community, Profile
from storage.types import utcnow

YEARS_MAX = 70
TOPICS_MAX = 10


@dataclass(frozen=True)
class Draft:
    """What the form said (real text, as typed)."""

    workplace: str = ""
    region: str = ""
    job: str = ""
    years: int | None = None
    helps: list[str] = field(default_factory=list)
    looking_for: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.workplace or self.region or self.job or self.years is not None or self.helps
                    or self.looking_for)


def parse_years(text: str) -> tuple[bool, int | None]:
    """(valid, years): empty is valid and means unsaid; else a whole number from 0 to 70."""
    text = text.strip()
    if not text:
        return True, None
    if not (text.isascii() and text.isdigit()) or int(text) > YEARS_MAX:
        return False, None
    return True, int(text)


def draft_from(values: dict[str, str]) -> Draft | None:
    """The form's fields (block id → text) as a draft; ``None`` when the years are not a number."""
    valid, years = parse_years(values.get("years", ""))
    if not valid:
        return None
    return Draft(workplace=one_line(values.get("workplace", "")).strip(),
                 region=one_line(values.get("region", "")).strip(), job=one_line(values.get("job", "")).strip(),
                 years=years, helps=parse_topics(values.get("helps", ""))[:TOPICS_MAX],
                 looking_for=parse_topics(values.get("looking", ""))[:TOPICS_MAX])


def _summary(profile: Profile | None, user_id: str, helps: list[str]) -> blocks.ProfileSummary:
    if profile is None:
        return blocks.ProfileSummary(user_id=user_id, helps=helps)
    return blocks.ProfileSummary(user_id=user_id, workplace=profile.workplace, region=profile.region,
                                 job=profile.job, years=years_in_practice(profile.practising_since), helps=helps,
                                 looking_for=profile.looking_for.split())


@dataclass
class ProfileForm:
    outcome: Outcome
    community: Community | None = None
    profile: blocks.ProfileSummary | None = None


def form_metadata(community: Community, language: str) -> str:
    """What the form carries, so that its check needs no database (Slack waits 3 seconds)."""
    return json.dumps({"community_id": community.id, "language": language})


def read_metadata(metadata: str) -> tuple[int, str]:
    try:
        found = json.loads(metadata or "{}")
    except ValueError:
        found = {}
    found = found if isinstance(found, dict) else {}
    community_id = found.get("community_id")
    language = found.get("language")
    return (community_id if isinstance(community_id, int) else 0,
            language if isinstance(language, str) else "en")


def form(session: Session, *, team_id: str, channel_id: str, user_id: str) -> ProfileForm:
    """The person's profile in the community of this channel, to prefill the form."""
    community = community_store.community_for_channel(session=session, team_id=team_id, channel_id=channel_id)
    if community is None:
        return ProfileForm(Outcome.NOT_A_COMMUNITY)
    return ProfileForm(Outcome.DONE, community, _profile(session, community, user_id))


def _profile(session: Session, community: Community, user_id: str) -> blocks.ProfileSummary:
    profile = store.profile_of(session=session, team_id=community.team_id, community_id=community.id,
                               user_id=user_id)
    helps = expertise_store.topics_of(session=session, team_id=community.team_id, community_id=community.id,
                                      user_id=user_id, source=expertise_store.DECLARED)
    return _summary(profile, user_id, helps)


def save(session: Session, *, team_id: str, community_id: int, user_id: str, draft: Draft) -> Outcome:
    """The form saved: the profile replaced (removed when every field is empty), the topics one can help
    with become one's declared expertise. The audit trail says that it changed, not what it says."""
    community = community_store.get_community(session=session, team_id=team_id, community_id=community_id)
    if community is None:
        return Outcome.NOT_FOUND
    if draft.empty:
        if not store.remove_profile(session=session, team_id=team_id, community_id=community.id, user_id=user_id) \
                and not expertise_store.topics_of(session=session, team_id=team_id, community_id=community.id,
                                                  user_id=user_id, source=expertise_store.DECLARED):
            return Outcome.UNCHANGED
        action = "profile.removed"
    else:
        store.save_profile(session=session, team_id=team_id, community_id=community.id, user_id=user_id,
                           workplace=draft.workplace, region=draft.region, job=draft.job,
                           practising_since=None if draft.years is None else utcnow().year - draft.years,
                           looking_for=draft.looking_for)
        action = "profile.saved"
    expertise_store.remove_topics(session=session, team_id=team_id, community_id=community.id, user_id=user_id,
                                  topics=None)
    expertise_store.add_topics(session=session, team_id=team_id, community_id=community.id, user_id=user_id,
                               topics=draft.helps)
    audit.record(session, team_id=team_id, community_id=community.id, user_id=user_id, action=action)
    return Outcome.DONE


def _grouped(values: list[str]) -> list[str]:
    """Distinct values whatever their case and accents, each as most people spell it (capitalised when
    as many spell it each way), sorted as read."""
    spellings: dict[str, Counter] = {}
    for value in values:
        if value:
            spellings.setdefault(fold(value), Counter())[value] += 1
    chosen = [max(counts, key=lambda v: (counts[v], not v.islower(), v)) for counts in spellings.values()]
    return sorted(chosen, key=fold)


def _offered(chosen: str | None, values: list[str]) -> str | None:
    """The value offered that the person chose (whatever its case and accents), None if none is."""
    return next((v for v in values if fold(v) == fold(chosen or "")), None)


def _matches(person: blocks.ProfileSummary, filters: blocks.DirectoryFilters) -> bool:
    """Whether a person is in the directory as filtered (an empty filter lets everyone through)."""
    return ((not filters.topic or filters.topic in person.helps + person.looking_for)
            and (not filters.region or fold(person.region) == fold(filters.region))
            and (not filters.workplace or fold(person.workplace) == fold(filters.workplace)))


def directory(session: Session, *, team_id: str, communities: list[Community],
              filters: blocks.DirectoryFilters) -> blocks.Directory | None:
    """The directory of one of ``communities`` (the person's: Slack said they are in its channel),
    the one they chose or else the first, filtered by topic, region and workplace."""
    if not communities:
        return None
    community = next((c for c in communities if c.id == filters.community_id), communities[0])
    profiles = store.profiles_in(session=session, team_id=team_id, community_id=community.id)
    declared = expertise_store.declared_by_person(session=session, team_id=team_id, community_id=community.id,
                                                  user_ids=[p.user_id for p in profiles])
    everyone = [_summary(p, p.user_id, declared.get(p.user_id, [])) for p in profiles]
    topics = sorted({x for person in everyone for x in person.helps + person.looking_for})
    regions, workplaces = _grouped([p.region for p in everyone]), _grouped([p.workplace for p in everyone])
    # A value no longer offered (its last profile changed) filters nothing: the select shows "every".
    filters = blocks.DirectoryFilters(community.id, filters.topic if filters.topic in topics else None,
                                      _offered(filters.region, regions), _offered(filters.workplace, workplaces))
    return blocks.Directory(community_name=community.name, community_id=community.id,
                            communities=[(c.id, c.name) for c in communities], topics=topics,
                            regions=regions, workplaces=workplaces,
                            people=[p for p in everyone if _matches(p, filters)], filters=filters)
