"""Resources in the library (a link or a Slack file, never its content): the card and the form."""

from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from bot.blocks import kit
from bot.blocks.lessons import (
    ACTION_LESSON_DELETE,
    ACTION_LESSON_EDIT,
    LESSON_TITLE_MAX,
    RESOURCE_TYPE_LABELS,
    standing_line,
    type_label,
)
from bot.blocks.practices import Practice, practice_blocks
from bot.i18n import Translator
from bot.text import Names, address, fit_mrkdwn, link_label, mrkdwn, plain, plain_text

RESOURCE_MODAL = "cop_resource_modal"
SHORTCUT_ADD_RESOURCE = "cop_add_resource"
RESOURCE_WHY_MAX = 500  # one line on why it helps
RESOURCE_LINK_MAX = 2000
EVIDENCE_MAX = 200
RESOURCE_ICONS = {"tool": ":hammer_and_wrench:", "template": ":page_facing_up:", "guideline": ":compass:",
                  "article": ":newspaper:", "evidence": ":bar_chart:", "training": ":mortar_board:"}


def is_slack_file(url: str) -> bool:
    parts = urlsplit(url)
    return parts.netloc.endswith(".slack.com") and parts.path.startswith("/files/")


def where(t: Translator, url: str) -> str:
    """A link's label: the site it goes to (what a reader judges a source by), or "Slack file"."""
    if is_slack_file(url):
        return t.gettext("Slack file")
    host = urlsplit(url).netloc.rsplit("@", 1)[-1]
    return host.removeprefix("www.") or url


@dataclass(frozen=True)
class ResourceCard:
    id: int
    author_id: str
    title: str
    why: str
    url: str
    resource_type: str
    topics: list[str]
    evidence_level: str = ""
    source_date: str = ""  # the day, as the community reads it
    source_channel_id: str | None = None  # added from a message there…
    source_link: str | None = None  # …which Slack links to so
    watch_on: str = ""  # posted as a watch item (veille) that day, as the community reads it
    standing: str = "current"
    reviewed_by: str | None = None
    reviewed_on: str = ""
    names: Names | None = None
    practice: Practice | None = None  # its standing as a shared practice


def resource_card(t: Translator, resource: ResourceCard) -> dict:
    """A resource as the channel sees it: its type, its link (no preview: the bot never copies a file or a
    page), why it helps, and its standing."""
    icon = RESOURCE_ICONS.get(resource.resource_type, ":books:")
    blocks = [{"type": "header", "text": {"type": "plain_text", "emoji": True,
                                          "text": plain_text(f"{icon} {resource.title}", 150, resource.names)}}]
    kind = type_label(t, resource.resource_type)
    body = f"*{mrkdwn(kind)}* · <{address(resource.url)}|{link_label(where(t, resource.url))}>"
    if resource.why.strip():
        body += "\n" + fit_mrkdwn(resource.why, kit.SECTION_TEXT_MAX - len(body) - 1)
    blocks.append(kit.section(body))
    if resource.watch_on:
        blocks.append(kit.context(t.gettext(":new: New · watch item of {day}", day=mrkdwn(resource.watch_on))))
    details = []
    if resource.evidence_level:
        details.append(t.gettext("Level of evidence: {level}", level=mrkdwn(plain(resource.evidence_level, 200))))
    if resource.source_date:
        details.append(t.gettext("Source dated {day}", day=mrkdwn(resource.source_date)))
    footer = " · ".join([*details, t.gettext("Resource shared by <@{author}>", author=resource.author_id)])
    if resource.source_channel_id:
        footer += " · " + kit.link(resource.source_link, t.gettext("source"), resource.source_channel_id)
    if resource.topics:
        footer += " · " + " ".join("#" + mrkdwn(x) for x in resource.topics)
    blocks.append(kit.context(footer))
    standing = standing_line(t, resource.standing, resource.reviewed_by, resource.reviewed_on)
    if standing:
        blocks.append(kit.context(standing))
    delete = kit.button(t.gettext("Delete"), ACTION_LESSON_DELETE, str(resource.id), style="danger")
    delete["confirm"] = {"title": {"type": "plain_text", "text": plain(t.gettext("Delete this resource?"), 100)},
                         "text": {"type": "plain_text", "text": t.gettext("It will no longer be found by search.")},
                         "confirm": {"type": "plain_text", "text": t.gettext("Delete")},
                         "deny": {"type": "plain_text", "text": t.gettext("Cancel")}, "style": "danger"}
    line, buttons = practice_blocks(t, resource.practice) if resource.practice else ([], [])
    blocks += line
    blocks.append({"type": "actions", "elements": [
        *buttons, kit.button(t.gettext("Edit"), ACTION_LESSON_EDIT, str(resource.id)), delete]})
    text = t.gettext("{type}: {title}", type=kind, title=mrkdwn(resource.title))
    return {"text": kit.fallback(text), "blocks": blocks, "unfurl_links": False, "unfurl_media": False}


def resource_modal(t: Translator, *, metadata: str, url: str = "", title: str = "", why: str = "",
                   resource_type: str = "", topics: str = "", evidence_level: str = "", source_date: str = "",
                   communities: Sequence[tuple[str, str]] = (), names: Names | None = None) -> dict:
    """The resource form: its link (a web page or a Slack file's link), type, title, why it helps, topics,
    and optionally its level of evidence and its source's date (``source_date``: YYYY-MM-DD)."""
    options = [{"text": {"type": "plain_text", "text": plain_text(t.gettext(label), 75)}, "value": key}
               for key, label in RESOURCE_TYPE_LABELS.items()]
    kind = {"type": "static_select", "action_id": "value", "options": options}
    chosen = next((o for o in options if o["value"] == resource_type), None)
    if chosen:
        kind["initial_option"] = chosen
    link = {"type": "url_text_input", "action_id": "value"}
    if url:
        link["initial_value"] = url[:RESOURCE_LINK_MAX]
    day = {"type": "datepicker", "action_id": "value"}
    if source_date:
        day["initial_date"] = source_date

    def block(block_id: str, label: str, element: dict, optional: bool = False) -> dict:
        return {"type": "input", "block_id": block_id, "optional": optional, "element": element,
                "label": {"type": "plain_text", "text": plain(label, 2000)}}

    return kit.modal(t, RESOURCE_MODAL, metadata, title=t.gettext("Resource"), submit=t.gettext("Share"),
                     blocks=kit.community_picker(t, list(communities)) + [
        block("link", t.gettext("Link (a web page or a Slack file)"), link),
        block("type", t.gettext("Type"), kind),
        kit.text_input("title", t.gettext("Title"), multiline=False, optional=False, max_length=LESSON_TITLE_MAX,
                       initial=title, names=names),
        kit.text_input("why", t.gettext("Why it helps"), multiline=False, optional=False,
                       max_length=RESOURCE_WHY_MAX, initial=why, names=names,
                       placeholder=t.gettext("One line: what others will find in it")),
        kit.text_input("topics", t.gettext("Topics"), multiline=False, optional=True, max_length=200,
                       initial=topics, placeholder=t.gettext("e.g. #triage #night")),
        kit.text_input("evidence", t.gettext("Level of evidence"), multiline=False, optional=True,
                       max_length=EVIDENCE_MAX, initial=evidence_level,
                       placeholder=t.gettext("e.g. systematic review, expert consensus")),
        block("source_date", t.gettext("Date of the source"), day, optional=True),
    ])
