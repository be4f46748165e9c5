"""Lessons learned and the library: the lesson card and form, search results, and "before you ask"."""

from collections.abc import Sequence
from dataclasses import dataclass

from bot.blocks import kit
from bot.blocks.practices import Practice, practice_blocks, practice_line
from bot.i18n import N_, Translator
from bot.text import Names, fit_mrkdwn, mrkdwn, plain, plain_text

ACTION_LESSON_FROM_CALL = "cop_lesson_from_call"
ACTION_ASK_ANYWAY = "cop_ask_anyway"
ACTION_ANSWERED_BY_LIBRARY = "cop_ask_answered"
ACTION_LESSON_EDIT = "cop_lesson_edit"
ACTION_LESSON_DELETE = "cop_lesson_delete"
SHORTCUT_SAVE_LESSON = "cop_save_lesson"
LESSON_MODAL = "cop_lesson_modal"
LESSON_TITLE_MAX = 150
LESSON_FIELD_MAX = 2900  # each long field fits one section
SEARCH_SNIPPET = 200
# The types, in the order the form offers them, with their names as people read them.
RESOURCE_TYPE_LABELS = {"tool": N_("Tool"), "template": N_("Template"), "guideline": N_("Guideline"),
                        "article": N_("Article"), "evidence": N_("Evidence"), "training": N_("Training")}


def type_label(t: Translator, resource_type: str | None) -> str:
    label = RESOURCE_TYPE_LABELS.get(resource_type or "")
    return t.gettext(label) if label else t.gettext("Resource")


@dataclass(frozen=True)
class LessonCard:
    id: int
    author_id: str
    title: str
    context: str
    what_happened: str
    recommendation: str
    topics: list[str]
    credited_user_id: str | None = None
    source_channel_id: str | None = None  # saved from a message there…
    source_link: str | None = None  # …which Slack links to so (None while it has not said)
    standing: str = "current"  # "validated" or "obsolete" once a content expert (or its owner) reviewed it
    reviewed_by: str | None = None
    reviewed_on: str = ""  # the day, as the community reads it
    names: Names | None = None  # of the people its title mentions (its header cannot mention them)
    practice: Practice | None = None  # its standing as a shared practice


def standing_line(t: Translator, standing: str, reviewed_by: str | None, reviewed_on: str) -> str | None:
    """"Validated by … on …" or "Obsolete", as lesson cards and search results show it."""
    reviewed_on = mrkdwn(reviewed_on)
    if standing == "validated" and reviewed_by:
        return t.gettext(":white_check_mark: Validated by <@{user}> on {day}", user=reviewed_by, day=reviewed_on)
    if standing == "obsolete":
        return (t.gettext(":warning: Obsolete (marked by <@{user}> on {day}): kept for the record, no longer the "
                          "practice", user=reviewed_by, day=reviewed_on) if reviewed_by else
                t.gettext(":warning: Obsolete: kept for the record, no longer the practice"))
    return None


def lesson_card(t: Translator, lesson: LessonCard) -> dict:
    header = plain_text(":bulb: " + lesson.title, 150, lesson.names)
    blocks = [{"type": "header", "text": {"type": "plain_text", "text": header, "emoji": True}}]
    for label, value in ((t.gettext("Context"), lesson.context), (t.gettext("What happened"), lesson.what_happened),
                         (t.gettext("Lesson / recommendation"), lesson.recommendation)):
        if value.strip():
            blocks.append(kit.section(f"*{label}*\n" + fit_mrkdwn(value, kit.SECTION_TEXT_MAX - len(label) - 3)))
    footer = t.gettext("Lesson learned shared by <@{author}>", author=lesson.author_id)
    if lesson.credited_user_id and lesson.credited_user_id != lesson.author_id:
        footer += " · " + t.gettext("from a message by <@{user}>", user=lesson.credited_user_id)
    if lesson.source_channel_id:
        footer += " · " + kit.link(lesson.source_link, t.gettext("source"), lesson.source_channel_id)
    if lesson.topics:
        footer += " · " + " ".join("#" + mrkdwn(x) for x in lesson.topics)
    blocks.append(kit.context(footer))
    standing = standing_line(t, lesson.standing, lesson.reviewed_by, lesson.reviewed_on)
    if standing:
        blocks.append(kit.context(standing))
    delete = kit.button(t.gettext("Delete"), ACTION_LESSON_DELETE, str(lesson.id), style="danger")
    delete["confirm"] = {"title": {"type": "plain_text", "text": plain(t.gettext("Delete this lesson?"), 100)},
                         "text": {"type": "plain_text", "text": t.gettext("It will no longer be found by search.")},
                         "confirm": {"type": "plain_text", "text": t.gettext("Delete")},
                         "deny": {"type": "plain_text", "text": t.gettext("Cancel")}, "style": "danger"}
    line, buttons = practice_blocks(t, lesson.practice) if lesson.practice else ([], [])
    blocks += line
    blocks.append({"type": "actions", "elements": [*buttons, kit.button(t.gettext("Edit"), ACTION_LESSON_EDIT,
                                                                         str(lesson.id)), delete]})
    text = t.gettext("Lesson learned: {title}", title=mrkdwn(lesson.title))
    return {"text": kit.fallback(text), "blocks": blocks, "unfurl_links": False, "unfurl_media": False}


def lesson_modal(t: Translator, *, metadata: str, title: str = "", context: str = "", what_happened: str = "",
                 recommendation: str = "", topics: str = "", communities: Sequence[tuple[str, str]] = (),
                 names: Names | None = None) -> dict:
    """The lesson form, its fields real text shown as read (``names``: of the people and channels they
    mention). ``communities`` (name, channel id) adds a picker, for a message saved from a channel that
    is not a community's home."""
    return kit.modal(t, LESSON_MODAL, metadata, title=t.gettext("Lesson learned"), submit=t.gettext("Share"),
                  blocks=kit.community_picker(t, list(communities)) + [
            kit.text_input("title", t.gettext("Title"), multiline=False, optional=False, max_length=LESSON_TITLE_MAX,
                   initial=title, names=names),
            kit.text_input("context", t.gettext("Context"), multiline=True, optional=True, max_length=LESSON_FIELD_MAX,
                   initial=context, names=names),
            kit.text_input("what_happened", t.gettext("What happened"), multiline=True, optional=True,
                   max_length=LESSON_FIELD_MAX, initial=what_happened, names=names),
            kit.text_input("recommendation", t.gettext("Lesson / recommendation"), multiline=True, optional=False,
                   max_length=LESSON_FIELD_MAX, initial=recommendation, names=names,
                   placeholder=t.gettext("What should others do next time?")),
            kit.text_input("topics", t.gettext("Topics"), multiline=False, optional=True, max_length=200,
                           initial=topics, placeholder=t.gettext("e.g. #triage #night")),
        ],
    )


@dataclass(frozen=True)
class Found:
    kind: str  # "lesson" or "help"
    title: str
    body: str
    channel_id: str
    link: str | None  # to its post, as Slack gave it
    standing: str = "current"  # a lesson's: "validated" or "obsolete" shows under it
    reviewed_by: str | None = None
    reviewed_on: str = ""
    resource_type: str | None = None  # a resource's type…
    url: str | None = None  # …and its link
    practice: Practice | None = None  # proposed as a shared practice: its history


def search_results(t: Translator, query: str, found: list[Found]) -> dict:
    if not found:
        text = t.gettext("Nothing in the library matches “{query}” yet. Ask your peers: `/cop ask {query}`",
                         query=fit_mrkdwn(query, 500))
        return kit.ephemeral(text)
    blocks = [kit.section(t.gettext("*Best matches for “{query}”*", query=fit_mrkdwn(query, 500))), *_found(t, found)]
    return {"response_type": "ephemeral", "text": t.gettext("Search results"),
            "blocks": blocks[:kit.MESSAGE_BLOCKS_MAX]}


def similar_found(t: Translator, *, help_request_id: int, found: list[Found]) -> dict:
    """Before a call is posted: what the library already holds, and the asker's two choices."""
    heading = t.gettext("*Before I post your question:* the community may already have answered it.")
    buttons = {"type": "actions", "elements": [
        kit.button(t.gettext("This answers it"), ACTION_ANSWERED_BY_LIBRARY, str(help_request_id), style="primary"),
        kit.button(t.gettext("Post my question anyway"), ACTION_ASK_ANYWAY, str(help_request_id)),
    ]}
    blocks = [kit.section(heading), *_found(t, found)][: kit.MESSAGE_BLOCKS_MAX - 1] + [buttons]
    return {"response_type": "ephemeral", "text": kit.fallback(heading), "blocks": blocks}


def _found(t: Translator, found: list[Found]) -> list[dict]:
    blocks = []
    open_label = t.gettext("Open")
    for item in found:
        if item.url:
            line = f"*{kit.link(item.url, plain(item.title, 150))}* — _{mrkdwn(type_label(t, item.resource_type))}_"
        else:
            kind = t.gettext("Lesson") if item.kind == "lesson" else t.gettext("Resolved question")
            line = f"*{mrkdwn(plain(item.title, 150))}* — _{kind}_"
        snippet = mrkdwn(plain(item.body, SEARCH_SNIPPET))
        if snippet and item.body.strip() != item.title.strip():
            line += "\n" + snippet
        if item.link:
            line += "\n" + kit.link(item.link, open_label)
        blocks.append(kit.section(line))
        standing = standing_line(t, item.standing, item.reviewed_by, item.reviewed_on)
        if standing:
            blocks.append(kit.context(standing))
        practice = practice_line(t, item.practice) if item.practice else None
        if practice:
            blocks.append(kit.context(practice))
    return blocks


ACTION_LESSON_CONSENT = "cop_lesson_consent"  # _yes, _anonymous, _no


def lesson_consent_request(t: Translator, *, saver_id: str, lesson_id: int, card: dict) -> dict:
    """To the person whose message was saved as a lesson: may it be shared, and with their name?"""
    text = t.gettext("<@{saver}> would like to share your message as a lesson learned with the community. May "
                     "they? Nothing is posted until you answer.", saver=saver_id)
    preview = [b for b in card.get("blocks", []) if b.get("type") != "actions"][:20]
    return {"text": kit.fallback(text), "blocks": [kit.section(text), {"type": "divider"}, *preview,
            {"type": "actions", "elements": [
                kit.button(t.gettext("Yes, with my name"), f"{ACTION_LESSON_CONSENT}_yes", f"{lesson_id}:yes",
                           style="primary"),
                kit.button(t.gettext("Yes, without my name"), f"{ACTION_LESSON_CONSENT}_anonymous",
                           f"{lesson_id}:anonymous"),
                kit.button(t.gettext("No"), f"{ACTION_LESSON_CONSENT}_no", f"{lesson_id}:no")]}]}


ACTION_REVIEW_TRUE = "cop_review_true"
ACTION_REVIEW_UPDATE = "cop_review_update"
ACTION_REVIEW_OBSOLETE = "cop_review_obsolete"
REVIEWS_PER_MESSAGE = 10


@dataclass(frozen=True)
class ReviewItem:
    id: int
    title: str
    channel_id: str
    link: str | None  # to its card, as Slack gave it
    author_id: str
    topics: list[str]
    last: str  # "validated by <@U…> on …" or "written on …", as the community reads it (mrkdwn)
    icon: str = ":bulb:"  # a resource's shows its type


def review_request(t: Translator, *, community_name: str, channel_id: str, items: list[ReviewItem], more: int,
                   months: int) -> dict:
    """The monthly review request to a content expert (or a lesson's owner): each lesson due, with
    *Still true*, *Update* and *Obsolete*."""
    intro = t.ngettext("*{n}* lesson of *{name}* (<#{channel}>) on your topics is due for its review (every "
                       "{months} months). Is it still the practice?",
                       "*{n}* lessons of *{name}* (<#{channel}>) on your topics are due for their review (every "
                       "{months} months). Are they still the practice?", len(items) + more,
                       name=mrkdwn(plain(community_name, 100)), channel=channel_id, months=t.number(months))
    out = [kit.section(intro)]
    for item in items[:REVIEWS_PER_MESSAGE]:
        title = f"*{mrkdwn(plain(item.title, 150))}*"
        if item.link:
            title = kit.link(item.link, plain(item.title, 150))
        topics = " ".join("#" + mrkdwn(x) for x in item.topics[:10])
        out.append(kit.section(f"{item.icon} {title}\n" + t.gettext("By <@{author}> · {last}", author=item.author_id,
                                                                last=item.last) + (f" · {topics}" if topics else "")))
        obsolete = kit.button(t.gettext("Obsolete"), ACTION_REVIEW_OBSOLETE, str(item.id), style="danger")
        obsolete["confirm"] = {
            "title": {"type": "plain_text", "text": plain(t.gettext("Mark it obsolete?"), 100)},
            "text": {"type": "plain_text", "text": t.gettext("It stays in the library for the record, labelled "
                                                             "obsolete, and comes last in search.")},
            "confirm": {"type": "plain_text", "text": t.gettext("Obsolete")},
            "deny": {"type": "plain_text", "text": t.gettext("Cancel")}, "style": "danger"}
        out.append({"type": "actions", "elements": [
            kit.button(t.gettext("Still true"), ACTION_REVIEW_TRUE, str(item.id), style="primary"),
            kit.button(t.gettext("Update"), ACTION_REVIEW_UPDATE, str(item.id)), obsolete]})
    if more:
        out.append(kit.context(t.ngettext("…and {n} more next month.", "…and {n} more next month.", more)))
    return {"text": kit.fallback(t.gettext("Lessons due for review in {name}", name=plain(community_name, 100))),
            "blocks": out[:kit.MESSAGE_BLOCKS_MAX]}
