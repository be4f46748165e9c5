"""A mission the figures answer to: founders set the community's mission, up to three objectives,
its strategic themes (topics) and what it asks of management (``/cop mission``, a form); anyone in the
community reads them. ``/cop stats`` and the monthly report show what was done on each theme; sponsors
and founders get a one-page summary for management as a PDF (``/cop summary``), only when the quarter
has something to say."""

from dataclasses import dataclass, field
from datetime import date, datetime, time

from sqlmodel import Session

from bot import blocks
from bot.documents import file_name
from bot.documents_pdf import pdf_document
from bot.i18n import Translator, translator
from bot.services import audit
from bot.services.expertise import parse_topics
from bot.services.results import Outcome
from bot.services.stats import Figures, figures
from bot.services.timing import local_time, zone
from bot.text import one_line, plain_text
from storage import communities as community_store
from storage import missions as store
from storage.models import Community, Role
from storage.types import utcnow

MISSION_MAX = blocks.MISSION_TEXT_MAX
OBJECTIVE_MAX = blocks.OBJECTIVE_TEXT_MAX
OBJECTIVES = 3
THEMES_MAX = 5
ASKS_MAX = blocks.ASKS_TEXT_MAX
SETTERS = {Role.FOUNDER.value}  # who sets the mission
SUMMARY_READERS = {Role.FOUNDER.value, Role.SPONSOR.value}  # who gets the summary for management
STORIES = 2  # in members' words, in the summary


@dataclass(frozen=True)
class Draft:
    """What the form said."""

    mission: str = ""
    objectives: list[str] = field(default_factory=list)
    themes: list[str] = field(default_factory=list)
    asks: str = ""


def draft_from(values: dict[str, str]) -> Draft:
    """The form's fields (block id → text): empty objectives left out, themes as topic keys."""
    objectives = [one_line(values.get(f"objective{i}", ""))[:OBJECTIVE_MAX] for i in range(1, OBJECTIVES + 1)]
    return Draft(mission=values.get("mission", "").strip()[:MISSION_MAX],
                 objectives=[o for o in objectives if o],
                 themes=parse_topics(values.get("themes", ""))[:THEMES_MAX],
                 asks=one_line(values.get("asks", ""))[:ASKS_MAX])


def objectives(community: Community) -> list[str]:
    return [o for o in community.objectives.split("\n") if o.strip()]


def themes(community: Community) -> list[str]:
    return community.themes.split()


def may_set(session: Session, community: Community, user_id: str) -> bool:
    return bool(community_store.roles_of(session=session, team_id=community.team_id, community_id=community.id,
                                         user_id=user_id) & SETTERS)


@dataclass
class MissionShown:
    outcome: Outcome
    community: Community | None = None
    can_edit: bool = False


def shown(session: Session, *, team_id: str, user_id: str, channel_id: str | None = None,
          community_id: int | None = None) -> MissionShown:
    """The community of the channel (or of ``community_id``), and whether this person may set its mission."""
    community = (community_store.community_for_channel(session=session, team_id=team_id, channel_id=channel_id)
                 if channel_id else community_store.get_community(session=session, team_id=team_id,
                                                                   community_id=community_id or 0))
    if community is None:
        return MissionShown(Outcome.NOT_A_COMMUNITY)
    return MissionShown(Outcome.DONE, community, may_set(session, community, user_id))


def set_mission(session: Session, *, team_id: str, community_id: int, user_id: str,
                draft: Draft) -> tuple[Outcome, str]:
    """Founders set the mission, objectives, themes and ask (all of it replaced; the audit trail says who).
    Returns the outcome and the community's language."""
    community = community_store.get_community(session=session, team_id=team_id, community_id=community_id)
    if community is None:
        return Outcome.NOT_FOUND, "en"
    if not may_set(session, community, user_id):
        return Outcome.NOT_ALLOWED, community.language
    store.set_mission(session=session, community=community, user_id=user_id, mission=draft.mission,
                      objectives=draft.objectives, themes=draft.themes, asks=draft.asks)
    audit.record(session, team_id=team_id, community_id=community.id, user_id=user_id, action="mission.changed")
    return Outcome.DONE, community.language


# -- the quarterly summary for management ------------------------------------------------------


def quarter_start(today: date) -> date:
    return date(today.year, (today.month - 1) // 3 * 3 + 1, 1)


def has_something_to_say(found: Figures) -> bool:
    """A call asked or resolved, a lesson, help found in the library, time saved, an answer applied, a
    story, a meeting held: what management can read as news (as the monthly report, and meetings)."""
    return bool(found.asked or found.resolved or found.lessons or found.library or found.minutes_saved
                or found.applied or found.stories or found.changes or found.meetings)


@dataclass
class Summary:
    outcome: Outcome
    community: Community | None = None
    quarter: str = ""  # "2027-Q2"
    figures: Figures | None = None


def summary(session: Session, *, team_id: str, channel_id: str, user_id: str,
            now: datetime | None = None) -> Summary:
    """This quarter so far, for founders and sponsors (only reads): EMPTY when it has nothing to say."""
    community = community_store.community_for_channel(session=session, team_id=team_id, channel_id=channel_id)
    if community is None:
        return Summary(Outcome.NOT_A_COMMUNITY)
    roles = community_store.roles_of(session=session, team_id=team_id, community_id=community.id, user_id=user_id)
    if not roles & SUMMARY_READERS:
        return Summary(Outcome.NOT_ALLOWED, community)
    end = now or utcnow()
    first = quarter_start(end.astimezone(zone(community.timezone)).date())
    start = local_time(first, time(0), community.timezone)
    quarter = f"{first.year}-Q{(first.month - 1) // 3 + 1}"
    found = figures(session, community, start=start, end=end)
    if not has_something_to_say(found):
        return Summary(Outcome.EMPTY, community, quarter)
    return Summary(Outcome.DONE, community, quarter, found)


def summary_text(t: Translator, found: Summary) -> tuple[str, list[str], list[tuple[str, list[str]]]]:
    """The summary's title, lines and sections, as words (plain text: the PDF escapes it)."""
    community, f = found.community, found.figures
    assert community is not None and f is not None  # only a DONE summary is written, and it has both
    title = t.gettext("{name} — summary for management, {quarter}", name=plain_text(community.name, 100),
                      quarter=t.quarter(found.quarter))
    lines = [t.gettext("From {start} to {end}. Issued by cop-bot, from what the community recorded.",
                       start=t.date(f.start, community.timezone), end=t.date(f.end, community.timezone))]
    did = [t.ngettext("{n} call for help resolved out of {asked} asked",
                      "{n} calls for help resolved out of {asked} asked", f.resolved, asked=t.number(f.asked))]
    if f.minutes_saved:
        did.append(t.ngettext("{hours} h saved, worth {value} at {rate}/h",
                              "{hours} h saved, worth {value} at {rate}/h", int(f.minutes_saved / 60),
                              hours=t.number(round(f.minutes_saved / 60, 1)), value=t.currency(f.value, f.currency),
                              rate=t.whole_currency(f.hourly_rate, f.currency)))
    did.append(t.ngettext("{n} lesson shared", "{n} lessons shared", f.lessons))
    if f.meetings:
        did.append(t.ngettext("{n} meeting held", "{n} meetings held", f.meetings) + " · " + t.ngettext(
            "{n} attendance recorded", "{n} attendances recorded", f.attended))
    if f.active:
        did.append(t.ngettext("{n} active member out of {members}", "{n} active members out of {members}", f.active,
                              members=t.number(f.members)))
    stories = [t.gettext("“{story}”", story=plain_text(story, 400)) for story, _ in f.stories[:STORIES]]
    sections = [
        (t.gettext("Our mission"), [community.mission] if community.mission.strip() else []),
        (t.gettext("Our objectives"), [f"{n}. {o}" for n, o in enumerate(objectives(community), start=1)]),
        (t.gettext("What we did and saved this quarter"), did),
        (t.gettext("Our strategic themes"), [blocks.theme_line(t, p) for p in f.themes]),
        (t.gettext("In our members' words"), stories),
        (t.gettext("What we ask for"), [community.asks] if community.asks.strip() else []),
    ]
    return title, lines, sections


def summary_file(found: Summary) -> dict:
    """The one-page PDF, in the community's language."""
    assert found.community is not None  # only a DONE summary is written
    language = found.community.language
    t = translator(language)
    title, lines, sections = summary_text(t, found)
    return {"filename": file_name(found.community.name, t.gettext("summary"), found.quarter.lower(), extension="pdf"),
            "title": title,
            "content": pdf_document(title=title, lines=lines, sections=sections, language=language)}
