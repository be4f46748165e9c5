"""The App Home: one glance at what concerns a person, across their communities.

The person's own lists (their calls, calls on their topics, the latest lessons) speak their Slack
language; each community's own lines (its name and one's roles there, and for its facilitators its
section) speak the community's language, so that a person in a French and an English community sees
each in its own.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from bot.blocks import kit
from bot.blocks.calls import ACTION_OFFER
from bot.blocks.follow_ups import FollowUpSubject, follow_up_what
from bot.blocks.meetings import action_line
from bot.blocks.people import role_label
from bot.blocks.profiles import Directory, directory_blocks
from bot.blocks.resources import RESOURCE_ICONS
from bot.i18n import Translator, translator
from bot.text import cut_mrkdwn, mrkdwn, plain


@dataclass(frozen=True)
class HomeCommunity:
    name: str
    channel_id: str
    roles: list[str]
    language: str = "en"  # the community's: its line is written in it


@dataclass(frozen=True)
class HomeCall:
    id: int
    question: str
    channel_id: str
    link: str | None  # to its post, as Slack gave it
    asker_id: str
    created_at: datetime
    topics: list[str]


@dataclass(frozen=True)
class HomeLesson:
    title: str
    channel_id: str
    link: str | None  # to its card, as Slack gave it
    author_id: str
    resource_type: str | None = None  # a resource's type (its icon); None for a lesson


@dataclass(frozen=True)
class HomeNewcomer:
    user_id: str
    joined_at: datetime
    mentor_id: str | None
    mentor_acted: bool


@dataclass(frozen=True)
class HomeTool:
    """A tool problem of a community, for whoever fixes it."""

    kind: str  # "removed", "scope", "dm", "dead_letters"
    detail: str
    community_name: str
    channel_id: str
    since: datetime
    language: str = "en"


@dataclass(frozen=True)
class HomeTaken:
    taker_id: str
    subject: FollowUpSubject
    taken_at: datetime


@dataclass(frozen=True)
class HomeAnimation:
    name: str
    channel_id: str
    unanswered: int
    oldest_unanswered: list[HomeCall]
    newcomers: list[HomeNewcomer]
    undelivered: int = 0  # messages Slack refused for good, and scheduled work that kept failing
    undelivered_reason: str | None = None
    overdue_lessons: int = 0  # lessons past their review date
    language: str = "en"  # the community's: its section is written in it
    taken: list[HomeTaken] = field(default_factory=list)  # follow-ups a facilitator took, lately


@dataclass(frozen=True)
class Home:
    communities: list[HomeCommunity]
    more_communities: int
    my_calls: list[HomeCall]
    matching_calls: list[HomeCall]
    lessons: list[HomeLesson]
    animated: list[HomeAnimation]
    timezone: str
    my_actions: Sequence = ()  # meetings.ActionView: actions decided at meetings, given to this person, not done
    directory: Directory | None = None  # one of the person's communities, as filtered
    tools: list[HomeTool] = field(default_factory=list)  # tool problems the person fixes, until solved


def _tool_line(here: Translator, tool: HomeTool, timezone: str) -> str:
    """A tool problem on its fixer's Home, in its community's language, until it is solved."""
    when = here.datetime(tool.since, timezone)
    name = mrkdwn(tool.community_name)
    if tool.kind == "removed":
        return here.gettext(":wrench: cop-bot is no longer in <#{channel}> ({name}) since {when}: invite it back "
                            "with `/invite @cop-bot`.", channel=tool.channel_id, name=name, when=when)
    if tool.kind == "dm":
        return here.gettext(":wrench: Slack refuses cop-bot's direct messages to members of {name} (`{error}`) since "
                            "{when}: see the fix in the message cop-bot sent you.", name=name,
                            error=mrkdwn(tool.detail), when=when)
    if tool.kind == "dead_letters":
        return here.gettext(":wrench: Requests of {name}'s members set aside (dead letters) since {when}: "
                            "`cop-bot dead-letters` on the server replays or drops them.", name=name, when=when)
    return here.gettext(":wrench: Slack refuses cop-bot a permission in {name} (for `{method}`) since {when}: "
                        "reinstall the app.", name=name, method=mrkdwn(tool.detail), when=when)


def _facilitation(t: Translator, place: HomeAnimation, timezone: str) -> list[dict]:
    """A facilitated community's section (``t``: the community's language)."""
    open_label = t.gettext("Open")
    out: list[dict] = []
    out += [{"type": "divider"}, kit.header(t.gettext("Facilitating {name}", name=plain(place.name, 100)))]
    out.append(kit.section(t.ngettext("*{n}* call for help unanswered for more than a day",
                                   "*{n}* calls for help unanswered for more than a day", place.unanswered)))
    for call in place.oldest_unanswered:
        out.append(kit.context(t.gettext("<@{asker}>, {when}: {question} · {link}", asker=call.asker_id,
                                      when=t.datetime(call.created_at, timezone),
                                      question=mrkdwn(plain(call.question, 150)),
                                      link=kit.link(call.link, open_label, call.channel_id))))
    if place.taken:
        lines = [t.gettext("*Taken on (last 14 days)*")]
        lines += [t.gettext("• <@{taker}> took {what} — {when}", taker=taken.taker_id,
                            what=follow_up_what(t, taken.subject), when=t.datetime(taken.taken_at, timezone))
                  for taken in place.taken]
        out.append(kit.section("\n".join(lines)))
    if place.newcomers:
        lines = [t.gettext("*Newcomers (last 30 days)*")]
        for newcomer in place.newcomers:
            if newcomer.mentor_id:
                status = (t.gettext("introduced by <@{mentor}>", mentor=newcomer.mentor_id) if newcomer.mentor_acted
                          else t.gettext("waiting for <@{mentor}>", mentor=newcomer.mentor_id))
            else:
                status = t.gettext("no mentor: name a sponsor / mentor with `/cop role @someone mentor`")
            lines.append(f"• <@{newcomer.user_id}> — {t.datetime(newcomer.joined_at, timezone)} — {status}")
        out.append(kit.section("\n".join(lines)))
    else:
        out.append(kit.context(t.gettext("No newcomer in the last 30 days.")))
    if place.overdue_lessons:
        out.append(kit.section(t.ngettext(
            ":hourglass: *{n}* lesson overdue for review: its content experts (or its owner) get it on the "
            "first working day of the month.",
            ":hourglass: *{n}* lessons overdue for review: their content experts (or owners) get them on the "
            "first working day of the month.", place.overdue_lessons)))
    if place.undelivered:
        warning = t.ngettext(":warning: {n} message could not be delivered in the last 30 days",
                             ":warning: {n} messages could not be delivered in the last 30 days",
                             place.undelivered)
        if place.undelivered_reason:
            warning += " " + t.gettext("(Slack said: {error})", error=mrkdwn(place.undelivered_reason[:100]))
        out.append(kit.section(warning + ". " + t.gettext("The bot's logs have the details.")))
    return out


def _communities(t: Translator, home: Home) -> list[dict]:
    """Each of the person's communities with their roles there (in the community's language)."""
    out: list[dict] = []
    if not home.communities:
        out.append(kit.section(t.gettext("You are not in a community yet. Join a community's channel, or make a "
                                      "channel a community's home with `/cop setup`.")))
    for place in home.communities:
        here = translator(place.language)
        roles = ", ".join(role_label(here, r) for r in place.roles) or role_label(here, "member")
        out.append(kit.section(f"*<#{place.channel_id}>* — {mrkdwn(place.name)}\n"
                               + here.gettext("Your roles: {roles}", roles=roles)))
    if home.more_communities:
        out.append(kit.context(t.ngettext("…and {n} more community", "…and {n} more communities",
                                       home.more_communities)))
    return out


def _my_calls(t: Translator, home: Home) -> list[dict]:
    open_label = t.gettext("Open")
    out = [{"type": "divider"}, kit.header(t.gettext("Your open calls for help"))]
    if not home.my_calls:
        out.append(kit.context(t.gettext("None. Stuck on something? `/cop ask <your question> #topic`")))
    for call in home.my_calls:
        link = kit.link(call.link, open_label, call.channel_id)
        out.append(kit.section(f"{kit.quote(plain(call.question, 300))}\n{link}"))
    return out


def _my_actions(t: Translator, home: Home) -> list[dict]:
    if not home.my_actions:
        return []
    return [{"type": "divider"}, kit.header(t.gettext("Your actions from meetings")),
            kit.section("\n".join(action_line(t, a, home.timezone) for a in home.my_actions))]


def _matching_call(t: Translator, call: HomeCall) -> dict:
    """A call on one of the person's topics, with an "I can help" button."""
    head = t.gettext("<@{asker}> asks:", asker=call.asker_id) + "\n" + kit.quote(plain(call.question, 300))
    link = kit.link(call.link, t.gettext("Open"), call.channel_id)
    # However many topics, the link to the thread stays: the topics are what gets shortened.
    room = kit.SECTION_TEXT_MAX - len(head) - len(link) - 4
    topics = cut_mrkdwn(" ".join("#" + mrkdwn(x) for x in call.topics), room)
    section = kit.section(f"{head}\n{topics} · {link}")
    section["accessory"] = kit.button(t.gettext("I can help"), ACTION_OFFER, str(call.id), style="primary")
    return section


def _matching_calls(t: Translator, home: Home) -> list[dict]:
    out = [{"type": "divider"}, kit.header(t.gettext("Calls for help on your topics"))]
    if not home.matching_calls:
        out.append(kit.context(t.gettext("None right now. Declare what you know with `/cop expertise add #topic`.")))
    return out + [_matching_call(t, call) for call in home.matching_calls]


def _lessons(t: Translator, home: Home) -> list[dict]:
    open_label = t.gettext("Open")
    out = [{"type": "divider"}, kit.header(t.gettext("Latest lessons learned"))]
    if not home.lessons:
        out.append(kit.context(t.gettext("No lesson yet. Share one with `/cop lesson`.")))
    for lesson in home.lessons:
        icon = RESOURCE_ICONS.get(lesson.resource_type or "", ":books:") if lesson.resource_type else ":bulb:"
        out.append(kit.section(f"{icon} *{mrkdwn(plain(lesson.title, 150))}* — <@{lesson.author_id}> · "
                            + kit.link(lesson.link, open_label, lesson.channel_id)))
    return out


def home_view(t: Translator, home: Home) -> dict:
    """The Home tab: communities and roles, open calls, calls matching one's expertise, latest
    lessons, and for animators the follow-ups and newcomers. Never more than Slack's 100 blocks.
    ``t``: the person's own language; each community's lines are in the community's."""
    out: list[dict] = [kit.header(t.gettext("Your communities of practice"))]
    out += _communities(t, home) + _my_calls(t, home) + _my_actions(t, home) + _matching_calls(t, home)
    out += _lessons(t, home)

    for tool in home.tools:
        out.insert(1, kit.section(_tool_line(translator(tool.language), tool, home.timezone)))
    if home.directory is not None:
        out += directory_blocks(t, home.directory)
    for place in home.animated:
        out += _facilitation(translator(place.language), place, home.timezone)
    if len(out) > kit.VIEW_BLOCKS_MAX:
        out = out[: kit.VIEW_BLOCKS_MAX - 1] + [kit.context(t.gettext("More in Slack: use `/cop help`."))]
    return {"type": "home", "blocks": out}
