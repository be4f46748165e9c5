"""Who's who: a member's profile form, their profile in a line, and the community's directory on the Home tab."""

from dataclasses import dataclass, field

from bot.blocks import kit
from bot.i18n import Translator
from bot.text import mrkdwn, plain, plain_text

PROFILE_MODAL = "cop_profile_modal"
ACTION_DIRECTORY = "cop_directory"  # its filters: cop_directory_community, _topic, _region, _workplace
DIRECTORY_FILTERS = ("community", "topic", "region", "workplace")
ANY = "*"  # a filter's "all" option
PROFILE_TEXT_MAX = 100
TOPICS_TEXT_MAX = 300
DIRECTORY_SHOWN = 25
FILTER_OPTIONS_MAX = 100


@dataclass(frozen=True)
class ProfileSummary:
    """A profile as others read it (``helps``: the person's declared topics)."""

    user_id: str
    workplace: str = ""
    region: str = ""
    job: str = ""
    years: int | None = None
    helps: list[str] = field(default_factory=list)
    looking_for: list[str] = field(default_factory=list)


def _topics(topics: list[str]) -> str:
    return " ".join("#" + mrkdwn(x) for x in topics)


def profile_line(t: Translator, profile: ProfileSummary) -> str:
    """``nurse · CISSS de Laval · Laval · 12 years in the practice``, then what they help with and look for."""
    facts = [mrkdwn(plain(x, PROFILE_TEXT_MAX)) for x in (profile.job, profile.workplace, profile.region) if x]
    if profile.years is not None:
        facts.append(t.ngettext("{n} year in the practice", "{n} years in the practice", profile.years))
    parts = [" · ".join(facts)] if facts else []
    if profile.helps:
        parts.append(t.gettext("can help with {topics}", topics=_topics(profile.helps)))
    if profile.looking_for:
        parts.append(t.gettext("looking for {topics}", topics=_topics(profile.looking_for)))
    return " — ".join(parts)


def profile_modal(t: Translator, *, metadata: str, profile: ProfileSummary, community_name: str) -> dict:
    """The form: every field optional, prefilled with what the person said before."""
    years = "" if profile.years is None else str(profile.years)
    return kit.modal(t, PROFILE_MODAL, metadata, title=t.gettext("Your profile"), submit=t.gettext("Save"), blocks=[
        kit.context(t.gettext("Seen only by the members of *{name}*, in its directory and in `/cop who`. Every "
                              "field is optional; leave them all empty to remove your profile.",
                              name=mrkdwn(community_name))),
        kit.text_input("workplace", t.gettext("Workplace"), multiline=False, optional=True,
                       max_length=PROFILE_TEXT_MAX, initial=profile.workplace,
                       placeholder=t.gettext("Your organisation, site or office")),
        kit.text_input("region", t.gettext("Region"), multiline=False, optional=True, max_length=PROFILE_TEXT_MAX,
                       initial=profile.region),
        kit.text_input("job", t.gettext("Job"), multiline=False, optional=True, max_length=PROFILE_TEXT_MAX,
                       initial=profile.job),
        kit.text_input("years", t.gettext("Years in the practice"), multiline=False, optional=True, max_length=2,
                       initial=years, placeholder=t.gettext("A whole number, e.g. 12")),
        kit.text_input("helps", t.gettext("I can help with (topics)"), multiline=False, optional=True,
                       max_length=TOPICS_TEXT_MAX, initial=" ".join("#" + x for x in profile.helps),
                       placeholder="#triage #nuit"),
        kit.text_input("looking", t.gettext("I'm looking for (topics)"), multiline=False, optional=True,
                       max_length=TOPICS_TEXT_MAX, initial=" ".join("#" + x for x in profile.looking_for),
                       placeholder="#pediatrie"),
    ])


@dataclass(frozen=True)
class DirectoryFilters:
    """What the person chose on the Home tab's directory (``None``: any)."""

    community_id: int | None = None
    topic: str | None = None
    region: str | None = None
    workplace: str | None = None


@dataclass(frozen=True)
class Directory:
    community_name: str
    community_id: int
    communities: list[tuple[int, str]]  # every community the person may browse: (id, name)
    topics: list[str]
    regions: list[str]
    workplaces: list[str]
    people: list[ProfileSummary]  # those matching the filters
    filters: DirectoryFilters = DirectoryFilters()


def _select(t: Translator, name: str, placeholder: str, options: list[tuple[str, str]], chosen: str | None) -> dict:
    """A filter: "all" first, then the values (Slack: 100 options at most, each text 75 characters)."""
    every = [{"text": {"type": "plain_text", "text": plain_text(placeholder, 75)}, "value": ANY}]
    every += [{"text": {"type": "plain_text", "text": plain_text(label, 75)}, "value": value[:150]}
              for value, label in options[: FILTER_OPTIONS_MAX - 1]]
    initial = next((o for o in every if o["value"] == chosen), every[0])
    return {"type": "static_select", "action_id": f"{ACTION_DIRECTORY}_{name}", "options": every,
            "initial_option": initial}


def directory_blocks(t: Translator, directory: Directory) -> list[dict]:
    """The Home tab's directory: filters by community, topic, region and workplace, then the people."""
    out: list[dict] = [{"type": "divider"}, kit.header(t.gettext("Who's who in {name}",
                                                                name=plain(directory.community_name, 100)))]
    chosen = directory.filters
    elements = []
    if len(directory.communities) > 1:
        elements.append(_select(t, "community", t.gettext("Community"),
                                [(str(i), name) for i, name in directory.communities], str(directory.community_id)))
    elements.append(_select(t, "topic", t.gettext("Every topic"), [(x, "#" + x) for x in directory.topics],
                            chosen.topic))
    elements.append(_select(t, "region", t.gettext("Every region"), [(x, x) for x in directory.regions],
                            chosen.region))
    elements.append(_select(t, "workplace", t.gettext("Every workplace"), [(x, x) for x in directory.workplaces],
                            chosen.workplace))
    out.append({"type": "actions", "block_id": "directory", "elements": elements})
    if not directory.people:
        filtered = chosen.topic or chosen.region or chosen.workplace
        out.append(kit.context(t.gettext("Nobody matches these filters.") if filtered else
                               t.gettext("No profile yet. Say who you are with `/cop profile`.")))
        return out
    lines = [f"• <@{p.user_id}>" + (f" — {line}" if (line := profile_line(t, p)) else "")
             for p in directory.people[:DIRECTORY_SHOWN]]
    out += kit.chunked_ephemeral(lines)["blocks"][:3]
    if len(directory.people) > DIRECTORY_SHOWN:
        out.append(kit.context(t.ngettext("…and {n} more: narrow with the filters.",
                                          "…and {n} more: narrow with the filters.",
                                          len(directory.people) - DIRECTORY_SHOWN)))
    out.append(kit.context(t.gettext("Your own line: `/cop profile` in the community's channel.")))
    return out
