"""Pure Block Kit builders: plain data in, Slack payload dicts out.

Slack's limits live here and nowhere else.
"""

import re
from dataclasses import dataclass

from bot.i18n import Translator
from bot.text import cut_mrkdwn, escape_stray, fit_mrkdwn, link_label, mrkdwn, plain

SECTION_TEXT_MAX = 3000
MESSAGE_BLOCKS_MAX = 50
VIEW_BLOCKS_MAX = 100
BUTTON_TEXT_MAX = 75
BUTTON_VALUE_MAX = 2000
FALLBACK_TEXT_MAX = 4000
QUESTION_MAX = 2500  # leaves room in one section for the heading around it

def family(action_id: str) -> "re.Pattern[str]":
    """The action ids of a family of buttons that share one listener: ``cop_time_saved`` and
    ``cop_time_saved_half_day``… (each button of a block needs an action_id of its own)."""
    return re.compile(rf"^{re.escape(action_id)}(_[a-z0-9_]+)?$")


ACTION_OFFER = "cop_help_offer"
ACTION_RESOLVE = "cop_help_resolve"
ACTION_TIME_SAVED = "cop_time_saved"
ACTION_ASK_ANYWAY = "cop_ask_anyway"
ACTION_ANSWERED_BY_LIBRARY = "cop_ask_answered"
ACTION_LESSON_FROM_CALL = "cop_lesson_from_call"
ACTION_LESSON_EDIT = "cop_lesson_edit"
ACTION_LESSON_DELETE = "cop_lesson_delete"
SHORTCUT_SAVE_LESSON = "cop_save_lesson"


@dataclass(frozen=True)
class CallForHelp:
    id: int
    asker_id: str
    question: str
    topics: list[str]
    offerers: list[str]
    resolved: bool
    resolved_by: str | None
    urgent: bool = False
    closed: bool = False  # closed without an answer by an animator


def _button(text: str, action_id: str, value: str, style: str | None = None) -> dict:
    button = {"type": "button", "text": {"type": "plain_text", "text": plain(text, BUTTON_TEXT_MAX), "emoji": True},
              "action_id": action_id, "value": value[:BUTTON_VALUE_MAX]}
    if style:
        button["style"] = style
    return button


def _section(text: str) -> dict:
    return {"type": "section", "text": {"type": "mrkdwn", "text": cut_mrkdwn(escape_stray(text), SECTION_TEXT_MAX)}}


def _context(text: str) -> dict:
    return {"type": "context", "elements": [{"type": "mrkdwn",
                                             "text": cut_mrkdwn(escape_stray(text), SECTION_TEXT_MAX)}]}


def _fallback(text: str) -> str:
    """The message's top-level text (notifications, screen readers), cut safely."""
    return cut_mrkdwn(escape_stray(text), FALLBACK_TEXT_MAX)


def _mentions(user_ids: list[str]) -> str:
    return ", ".join(f"<@{u}>" for u in user_ids)


def quote(text: str, limit: int = SECTION_TEXT_MAX) -> str:
    """Real text as a mrkdwn quote in at most ``limit`` characters (cut before escaping)."""
    lines = text.split("\n")
    room = max(limit - 5 * len(lines), 1)  # each line's "&gt; "
    return "\n".join("&gt; " + line if line else "&gt;" for line in fit_mrkdwn(text, room).split("\n"))


def call_for_help(t: Translator, call: CallForHelp) -> dict:
    """The post in the community's channel: text fallback plus blocks."""
    heading = t.gettext(":raising_hand: *Call for help* from <@{asker}>", asker=call.asker_id)
    if call.urgent:
        heading = t.gettext(":rotating_light: *Urgent call for help* from <@{asker}>", asker=call.asker_id)
    blocks = [_section(heading + "\n" + quote(call.question, SECTION_TEXT_MAX - len(heading) - 1))]
    if call.topics:
        blocks.append(_context(t.gettext("Topics: {topics}", topics=" · ".join("#" + mrkdwn(x) for x in call.topics))))
    if call.offerers:
        blocks.append(_context(t.ngettext(":raised_hand: {n} offer of help: {people}",
                                          ":raised_hand: {n} offers of help: {people}",
                                          len(call.offerers), people=_mentions(call.offerers))))
    if call.resolved:
        blocks.append(_context(t.gettext(":white_check_mark: Resolved by <@{user}>. Thank you all!",
                                         user=call.resolved_by or call.asker_id)))
    elif call.closed:
        blocks.append(_context(t.gettext("Closed by <@{user}> without an answer.", user=call.resolved_by)
                               if call.resolved_by else t.gettext("Closed without an answer.")))
    else:
        blocks.append(_context(t.gettext("React :raised_hand: or press “I can help”, then answer in the thread. "
                                         "The asker reacts :white_check_mark: when it is solved.")))
        blocks.append({"type": "actions", "elements": [
            _button(t.gettext("I can help"), ACTION_OFFER, str(call.id)),
            _button(t.gettext("Resolved"), ACTION_RESOLVE, str(call.id), style="primary"),
        ]})
    prefix = t.gettext("Resolved: ") if call.resolved else ""
    text = prefix + t.gettext("Call for help from <@{asker}>: {question}", asker=call.asker_id,
                              question=fit_mrkdwn(call.question, FALLBACK_TEXT_MAX // 2))
    return {"text": _fallback(text), "blocks": blocks, "unfurl_links": False, "unfurl_media": False}


def urgent_call(t: Translator, *, asker_id: str, channel_id: str, message_ts: str, question: str, topics: list[str],
                help_request_id: int) -> dict:
    """The DM an expert or animator gets for an urgent call for help."""
    text = t.gettext(":rotating_light: <@{asker}> needs help urgently in <#{channel}>: “{question}”",
                     asker=asker_id, channel=channel_id, question=mrkdwn(plain(question, 500)))
    if topics:
        text += "\n" + t.gettext("Topics: {topics}", topics=" · ".join("#" + mrkdwn(x) for x in topics))
    return {"text": _fallback(text), "blocks": [_section(text), {"type": "actions", "elements": [
        _button(t.gettext("I can help"), ACTION_OFFER, str(help_request_id), style="primary"),
        {"type": "button", "action_id": "cop_open_call", "url": permalink(channel_id, message_ts),
         "text": {"type": "plain_text", "text": plain(t.gettext("Open the thread"), BUTTON_TEXT_MAX)}},
    ]}]}


def offer_received(t: Translator, *, helper_id: str, channel_id: str, question: str) -> dict:
    text = t.gettext("<@{helper}> offered to help with your call for help in <#{channel}>: “{question}”. "
                     "Their answer will come in the thread.", helper=helper_id, channel=channel_id,
                     question=mrkdwn(plain(question, 200)))
    return {"text": _fallback(text), "blocks": [_section(text)]}


TIME_SAVED_CHOICES = ("under_15_min", "about_1_hour", "half_day", "day_or_more")


def time_saved_label(t: Translator, bucket: str) -> str:
    return {
        "under_15_min": t.gettext("Under 15 minutes"),
        "about_1_hour": t.gettext("About an hour"),
        "half_day": t.gettext("Half a day"),
        "day_or_more": t.gettext("A day or more"),
    }[bucket]


def time_saved_prompt(t: Translator, *, help_request_id: int, question: str, helpers: list[str] = (),
                      credited: list[str] = ()) -> dict:
    text = t.gettext("Your call for help “{question}” is resolved. How much time did the answers save you?",
                     question=mrkdwn(plain(question, 200)))
    # One action_id per button: Slack refuses two elements with the same action_id in a block.
    buttons = [_button(time_saved_label(t, b), f"{ACTION_TIME_SAVED}_{b}", f"{help_request_id}:{b}")
               for b in TIME_SAVED_CHOICES]
    return {"text": _fallback(text), "blocks": [_section(text), {"type": "actions", "elements": buttons},
                                     *credit_checkboxes(t, help_request_id=help_request_id, helpers=list(helpers),
                                                        credited=list(credited)),
                                     _lesson_from_call(t, help_request_id)]}


def _lesson_from_call(t: Translator, help_request_id: int) -> dict:
    return {"type": "actions", "elements": [
        _button(t.gettext("Turn this into a lesson"), ACTION_LESSON_FROM_CALL, str(help_request_id))]}


def time_saved_thanks(t: Translator, bucket: str, help_request_id: int, helpers: list[str] = (),
                      credited: list[str] = (), ask_story: bool = False) -> dict:
    text = t.gettext("Thank you! Recorded: {choice}. It counts in the community's value report.",
                     choice=time_saved_label(t, bucket).lower())
    story = []
    if ask_story:
        story = [_section(t.gettext("That is a lot of time. Would you tell, in one sentence, what it made possible? "
                                    "Stories like yours keep the community supported.")),
                 {"type": "actions", "elements": [_button(t.gettext("Tell the story"), ACTION_VALUE_STORY,
                                                          str(help_request_id), style="primary")]}]
    return {"text": _fallback(text), "blocks": [_section(text), *story, *credit_checkboxes(
        t, help_request_id=help_request_id, helpers=list(helpers), credited=list(credited)),
        _lesson_from_call(t, help_request_id)]}


ACTION_VALUE_STORY = "cop_value_story"
VALUE_STORY_MODAL = "cop_value_story_modal"


def value_story_modal(t: Translator, *, help_request_id: int) -> dict:
    return _modal(t, VALUE_STORY_MODAL, str(help_request_id), title=t.gettext("Your story"),
                  submit=t.gettext("Send"), blocks=[
                      _input("story", t.gettext("In one sentence: what did the answer make possible?"),
                             multiline=True, optional=False, max_length=500,
                             placeholder=t.gettext("e.g. We opened the night clinic a month earlier."))])


def _modal(t: Translator, callback_id: str, metadata: str, *, title: str, submit: str, blocks: list[dict]) -> dict:
    """A modal with its title, submit and Cancel buttons (Slack cuts their texts at 24 characters)."""
    return {"type": "modal", "callback_id": callback_id, "private_metadata": metadata,
            "title": {"type": "plain_text", "text": plain(title, 24)},
            "submit": {"type": "plain_text", "text": plain(submit, 24)},
            "close": {"type": "plain_text", "text": plain(t.gettext("Cancel"), 24)}, "blocks": blocks}


def message(view: dict) -> dict:
    """A view's text and blocks, ready for chat.postMessage, without link previews."""
    return {"text": _fallback(view["text"]), "blocks": view.get("blocks", [_section(view["text"])]),
            "unfurl_links": False, "unfurl_media": False}


UPDATABLE = ("text", "blocks")  # what chat.update takes of a message (no unfurl_* arguments)


def for_update(view: dict) -> dict:
    """A message's text and blocks, as chat.update takes them."""
    return {key: view[key] for key in UPDATABLE if key in view}


def ephemeral(text: str) -> dict:
    return {"response_type": "ephemeral", "text": _fallback(text), "blocks": [_section(text)]}


# -- lessons and search ---------------------------------------------------------------------

LESSON_MODAL = "cop_lesson_modal"
LESSON_TITLE_MAX = 150
LESSON_FIELD_MAX = 2900  # each long field fits one section
SEARCH_SNIPPET = 200


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
    source_channel_id: str | None = None
    source_ts: str | None = None


def lesson_card(t: Translator, lesson: LessonCard) -> dict:
    blocks = [{"type": "header", "text": {"type": "plain_text", "text": plain(":bulb: " + lesson.title, 150),
                                           "emoji": True}}]
    for label, value in ((t.gettext("Context"), lesson.context), (t.gettext("What happened"), lesson.what_happened),
                         (t.gettext("Lesson / recommendation"), lesson.recommendation)):
        if value.strip():
            blocks.append(_section(f"*{label}*\n" + fit_mrkdwn(value, SECTION_TEXT_MAX - len(label) - 3)))
    footer = t.gettext("Lesson learned shared by <@{author}>", author=lesson.author_id)
    if lesson.credited_user_id and lesson.credited_user_id != lesson.author_id:
        footer += " · " + t.gettext("from a message by <@{user}>", user=lesson.credited_user_id)
    if lesson.source_channel_id and lesson.source_ts:
        source = t.gettext("source")
        footer += f" · <{permalink(lesson.source_channel_id, lesson.source_ts)}|{source}>"
    if lesson.topics:
        footer += " · " + " ".join("#" + mrkdwn(x) for x in lesson.topics)
    blocks.append(_context(footer))
    delete = _button(t.gettext("Delete"), ACTION_LESSON_DELETE, str(lesson.id), style="danger")
    delete["confirm"] = {"title": {"type": "plain_text", "text": plain(t.gettext("Delete this lesson?"), 100)},
                         "text": {"type": "plain_text", "text": t.gettext("It will no longer be found by search.")},
                         "confirm": {"type": "plain_text", "text": t.gettext("Delete")},
                         "deny": {"type": "plain_text", "text": t.gettext("Cancel")}, "style": "danger"}
    blocks.append({"type": "actions", "elements": [_button(t.gettext("Edit"), ACTION_LESSON_EDIT, str(lesson.id)),
                                                   delete]})
    text = t.gettext("Lesson learned: {title}", title=mrkdwn(lesson.title))
    return {"text": _fallback(text), "blocks": blocks, "unfurl_links": False, "unfurl_media": False}


def _input(block_id: str, label: str, *, multiline: bool, optional: bool, max_length: int,
           initial: str = "", placeholder: str | None = None) -> dict:
    element = {"type": "plain_text_input", "action_id": "value", "multiline": multiline, "max_length": max_length}
    if initial:
        element["initial_value"] = initial[:max_length]
    if placeholder:
        element["placeholder"] = {"type": "plain_text", "text": plain(placeholder, 150)}
    return {"type": "input", "block_id": block_id, "optional": optional, "element": element,
            "label": {"type": "plain_text", "text": plain(label, 2000)}}


def lesson_modal(t: Translator, *, metadata: str, title: str = "", context: str = "", what_happened: str = "",
                 recommendation: str = "", topics: str = "", communities: list[tuple[str, str]] = ()) -> dict:
    """The lesson form. ``communities`` (name, channel id) adds a picker, for a message saved
    from a channel that is not a community's home."""
    picker = []
    if communities:
        options = [{"text": {"type": "plain_text", "text": plain(name, 75)}, "value": channel_id}
                   for name, channel_id in communities[:100]]
        picker = [{"type": "input", "block_id": "community", "label": {"type": "plain_text",
                                                                        "text": t.gettext("Community")},
                   "element": {"type": "static_select", "action_id": "value", "options": options,
                               "initial_option": options[0]}}]
    return _modal(t, LESSON_MODAL, metadata, title=t.gettext("Lesson learned"), submit=t.gettext("Share"),
                  blocks=picker + [
            _input("title", t.gettext("Title"), multiline=False, optional=False, max_length=LESSON_TITLE_MAX,
                   initial=title),
            _input("context", t.gettext("Context"), multiline=True, optional=True, max_length=LESSON_FIELD_MAX,
                   initial=context),
            _input("what_happened", t.gettext("What happened"), multiline=True, optional=True,
                   max_length=LESSON_FIELD_MAX, initial=what_happened),
            _input("recommendation", t.gettext("Lesson / recommendation"), multiline=True, optional=False,
                   max_length=LESSON_FIELD_MAX, initial=recommendation,
                   placeholder=t.gettext("What should others do next time?")),
            _input("topics", t.gettext("Topics"), multiline=False, optional=True, max_length=200, initial=topics,
                   placeholder=t.gettext("e.g. #triage #night")),
        ],
    )


@dataclass(frozen=True)
class Found:
    kind: str  # "lesson" or "help"
    title: str
    body: str
    channel_id: str
    message_ts: str | None


def permalink(channel_id: str, message_ts: str) -> str:
    return f"https://slack.com/archives/{channel_id}/p{message_ts.replace('.', '')}"


def search_results(t: Translator, query: str, found: list[Found]) -> dict:
    if not found:
        text = t.gettext("Nothing in the library matches “{query}” yet. Ask your peers: `/cop ask {query}`",
                         query=fit_mrkdwn(query, 500))
        return ephemeral(text)
    blocks = [_section(t.gettext("*Best matches for “{query}”*", query=fit_mrkdwn(query, 500))), *_found(t, found)]
    return {"response_type": "ephemeral", "text": t.gettext("Search results"), "blocks": blocks[:MESSAGE_BLOCKS_MAX]}


def similar_found(t: Translator, *, help_request_id: int, found: list[Found]) -> dict:
    """Before a call is posted: what the library already holds, and the asker's two choices."""
    heading = t.gettext("*Before I post your question:* the community may already have answered it.")
    buttons = {"type": "actions", "elements": [
        _button(t.gettext("This answers it"), ACTION_ANSWERED_BY_LIBRARY, str(help_request_id), style="primary"),
        _button(t.gettext("Post my question anyway"), ACTION_ASK_ANYWAY, str(help_request_id)),
    ]}
    blocks = [_section(heading), *_found(t, found)][: MESSAGE_BLOCKS_MAX - 1] + [buttons]
    return {"response_type": "ephemeral", "text": _fallback(heading), "blocks": blocks}


def _found(t: Translator, found: list[Found]) -> list[dict]:
    blocks = []
    open_label = t.gettext("Open")
    for item in found:
        kind = t.gettext("Lesson") if item.kind == "lesson" else t.gettext("Resolved question")
        line = f"*{mrkdwn(plain(item.title, 150))}* — _{kind}_"
        snippet = mrkdwn(plain(item.body, SEARCH_SNIPPET))
        if snippet and item.body.strip() != item.title.strip():
            line += "\n" + snippet
        if item.message_ts:
            line += f"\n<{permalink(item.channel_id, item.message_ts)}|{open_label}>"
        blocks.append(_section(line))
    return blocks


# -- roles, expertise, newcomers ----------------------------------------------------------

ACTION_CREDIT = "cop_credit"
ACTION_MENTOR_DONE = "cop_mentor_done"
ACTION_CHARTER_EDIT = "cop_charter_edit"
CHARTER_MODAL = "cop_charter_modal"
CHARTER_MAX = 2900
CHECKBOX_OPTIONS_MAX = 10


def role_label(t: Translator, role: str) -> str:
    return {
        "founder": t.gettext("Founder"),
        "animator": t.gettext("Animator"),
        "member": t.gettext("Member"),
        "expert": t.gettext("Content expert / watcher"),
        "reporter": t.gettext("Reporter"),
        "sponsor": t.gettext("Sponsor / mentor"),
        "it": t.gettext("IT resource"),
    }[role]


def role_duty(t: Translator, role: str) -> str:
    return {
        "founder": t.gettext("starts the community, shapes its mission and goals"),
        "animator": t.gettext("leads, organises, keeps exchanges going, follows up, links with outside "
                              "collaborators"),
        "member": t.gettext("takes part in the activities"),
        "expert": t.gettext("holds expertise on topics, watches and validates content"),
        "reporter": t.gettext("turns presentations, meetings and threads into documents and lessons"),
        "sponsor": t.gettext("gives the community visibility and recognition, welcomes and integrates "
                             "newcomers, explains its norms"),
        "it": t.gettext("maintains the tools, rights and access"),
    }[role]


def role_changed(t: Translator, *, role: str, community_name: str, channel_id: str, actor_id: str, removed: bool,
                 topics: list[str]) -> dict:
    """The DM to the person whose role changed."""
    if removed:
        text = t.gettext("<@{actor}> removed your role *{role}* in the community *{name}* (<#{channel}>).",
                         actor=actor_id, role=role_label(t, role), name=mrkdwn(community_name), channel=channel_id)
    else:
        text = t.gettext("<@{actor}> gave you the role *{role}* in the community *{name}* (<#{channel}>).",
                         actor=actor_id, role=role_label(t, role), name=mrkdwn(community_name), channel=channel_id)
        text += f"\n*{role_label(t, role)}* — {role_duty(t, role)}"
        if topics:
            text += "\n" + t.gettext("Your topics: {topics}", topics=" ".join("#" + mrkdwn(x) for x in topics))
    return {"text": _fallback(text), "blocks": [_section(text)]}


def roles_list(t: Translator, community_name: str, holders: dict[str, list[str]],
               watched: dict[str, list[str]]) -> dict:
    """Ephemeral: every role, what it does, and who holds it."""
    lines = [t.gettext("*Roles in the community {name}*", name=mrkdwn(community_name))]
    for role, people in holders.items():
        who = ", ".join(f"<@{u}>" + (" (" + " ".join("#" + mrkdwn(x) for x in watched.get(u, [])) + ")"
                                     if role == "expert" and watched.get(u) else "") for u in people)
        lines.append(f"• *{role_label(t, role)}* — {role_duty(t, role)}\n    " + (who or "_" + t.gettext("nobody yet")
                                                                                      + "_"))
    lines.append(t.gettext("Founders, animators and IT resources give roles with `/cop role @someone <role>`."))
    return _chunked_ephemeral(lines)


def _chunked_ephemeral(lines: list[str]) -> dict:
    """Lines packed into as few sections as Slack's 3,000 characters allow."""
    sections, current = [], ""
    for line in lines:
        if current and len(current) + 1 + len(line) > SECTION_TEXT_MAX:
            sections.append(_section(current))
            current = ""
        current = f"{current}\n{line}" if current else cut_mrkdwn(line, SECTION_TEXT_MAX)
    if current:
        sections.append(_section(current))
    return {"response_type": "ephemeral", "text": _fallback(lines[0]), "blocks": sections[:MESSAGE_BLOCKS_MAX]}


@dataclass(frozen=True)
class Expert:
    user_id: str
    content_expert: bool
    declared: bool
    helped: int | None  # resolved calls on the topic; None when they opted out of rankings


def who_knows(t: Translator, topic: str, experts: list[Expert]) -> dict:
    if not experts:
        return ephemeral(t.gettext("Nobody has declared #{topic} yet, and nobody has helped resolve a question on "
                                   "it. Ask everyone with `/cop ask <question> #{topic}`.", topic=mrkdwn(topic)))
    lines = [t.gettext("*Who to ask about #{topic}*", topic=mrkdwn(topic))]
    for rank, expert in enumerate(experts, start=1):
        why = []
        if expert.content_expert:
            why.append(t.gettext("content expert"))
        if expert.declared:
            why.append(t.gettext("declared expertise"))
        if expert.helped:
            why.append(t.ngettext("helped resolve {n} question", "helped resolve {n} questions", expert.helped))
        lines.append(f"{rank}. <@{expert.user_id}> — " + ", ".join(why))
    return _chunked_ephemeral(lines)


def credit_checkboxes(t: Translator, *, help_request_id: int, helpers: list[str], credited: list[str]) -> list[dict]:
    """"Who helped you?": ticking a name credits them (in /cop who and the reports)."""
    helpers = helpers[:CHECKBOX_OPTIONS_MAX]
    if not helpers:
        return []
    options = [{"text": {"type": "mrkdwn", "text": f"<@{u}>"}, "value": f"{help_request_id}:{u}"} for u in helpers]
    element = {"type": "checkboxes", "action_id": ACTION_CREDIT, "options": options}
    initial = [o for o, u in zip(options, helpers, strict=True) if u in credited]
    if initial:
        element["initial_options"] = initial
    return [_section(t.gettext("*Who helped you?* Tick them to give them credit.")),
            {"type": "actions", "block_id": f"credit-{help_request_id}", "elements": [element]}]


def welcome(t: Translator, *, community_name: str, channel_id: str, charter: str, mentor_id: str | None) -> dict:
    """The DM a newcomer gets when they join a community's channel."""
    text = t.gettext(":wave: Welcome to the community of practice *{name}* (<#{channel}>)!",
                     name=mrkdwn(community_name), channel=channel_id)
    blocks = [_section(text)]
    if charter.strip():
        heading = t.gettext("*Our charter*")
        blocks.append(_section(heading + "\n" + quote(charter, SECTION_TEXT_MAX - len(heading) - 1)))
    blocks.append(_section("\n".join([
        t.gettext("*How it works here*"),
        t.gettext("• Stuck? `/cop ask <your question> #topic` asks your peers; react :raised_hand: to offer help."),
        t.gettext("• `/cop search <words>` finds past lessons and answers before you ask."),
        t.gettext("• `/cop who <topic>` tells you who to ask."),
    ])))
    blocks.append(_section(t.gettext("*What do you know well?* Declare it so that peers can find you: "
                                     "`/cop expertise add #topic1 #topic2`")))
    if mentor_id:
        blocks.append(_context(t.gettext("<@{mentor}> will be your mentor and introduce you.", mentor=mentor_id)))
    return {"text": _fallback(text), "blocks": blocks}


def plain_lines(text: str, limit: int) -> str:
    """Text cut to ``limit`` characters, keeping its line breaks."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def mentor_request(t: Translator, *, newcomer_id: str, community_name: str, channel_id: str,
                   membership_id: int) -> dict:
    text = t.gettext("<@{newcomer}> just joined the community *{name}* (<#{channel}>). As their mentor, could you "
                     "welcome them, introduce them to the others and explain how the community works?",
                     newcomer=newcomer_id, name=mrkdwn(community_name), channel=channel_id)
    return {"text": _fallback(text), "blocks": [_section(text), {"type": "actions", "elements": [
        _button(t.gettext("Done: I introduced them"), ACTION_MENTOR_DONE, str(membership_id), style="primary")]}]}


def charter_view(t: Translator, *, community_name: str, charter: str, can_edit: bool, community_id: int) -> dict:
    if charter.strip():
        heading = t.gettext("*Charter of {name}*", name=mrkdwn(community_name))
        text = heading + "\n" + quote(charter, SECTION_TEXT_MAX - len(heading) - 1)
    else:
        text = t.gettext("The community *{name}* has no charter yet.", name=mrkdwn(community_name))
    blocks = [_section(text)]
    if can_edit:
        blocks.append({"type": "actions", "elements": [
            _button(t.gettext("Edit the charter"), ACTION_CHARTER_EDIT, str(community_id))]})
    return {"response_type": "ephemeral", "text": _fallback(text), "blocks": blocks}


def charter_modal(t: Translator, *, community_id: int, charter: str) -> dict:
    return _modal(t, CHARTER_MODAL, str(community_id), title=t.gettext("Charter"), submit=t.gettext("Save"),
                  blocks=[_input("charter", t.gettext("Norms and policies newcomers are welcomed with"),
                                 multiline=True, optional=True, max_length=CHARTER_MAX, initial=charter)])


# -- the App Home ------------------------------------------------------------------------

@dataclass(frozen=True)
class HomeCommunity:
    name: str
    channel_id: str
    roles: list[str]


@dataclass(frozen=True)
class HomeCall:
    id: int
    question: str
    channel_id: str
    message_ts: str | None
    asker_id: str
    created_at: object  # datetime
    topics: list[str]


@dataclass(frozen=True)
class HomeLesson:
    title: str
    channel_id: str
    message_ts: str | None
    author_id: str


@dataclass(frozen=True)
class HomeNewcomer:
    user_id: str
    joined_at: object  # datetime
    mentor_id: str | None
    mentor_acted: bool


@dataclass(frozen=True)
class HomeAnimation:
    name: str
    channel_id: str
    unanswered: int
    oldest_unanswered: list[HomeCall]
    newcomers: list[HomeNewcomer]
    undelivered: int = 0  # messages Slack refused for good, and scheduled work that kept failing
    undelivered_reason: str | None = None


@dataclass(frozen=True)
class Home:
    communities: list[HomeCommunity]
    more_communities: int
    my_calls: list[HomeCall]
    matching_calls: list[HomeCall]
    lessons: list[HomeLesson]
    animated: list[HomeAnimation]
    timezone: str


def _header(text: str) -> dict:
    return {"type": "header", "text": {"type": "plain_text", "text": plain(text, 150), "emoji": True}}


def _link(channel_id: str, message_ts: str | None, label: str) -> str:
    """A link to a message, labelled with real text (escaped whole: a link cannot hold a mention)."""
    return f"<{permalink(channel_id, message_ts)}|{link_label(label)}>" if message_ts else f"<#{channel_id}>"


def home_view(t: Translator, home: Home) -> dict:
    """The Home tab: communities and roles, open calls, calls matching one's expertise, latest
    lessons, and for animators the follow-ups and newcomers. Never more than Slack's 100 blocks."""
    out: list[dict] = [_header(t.gettext("Your communities of practice"))]
    if not home.communities:
        out.append(_section(t.gettext("You are not in a community yet. Join a community's channel, or make a "
                                      "channel a community's home with `/cop setup`.")))
    for place in home.communities:
        roles = ", ".join(role_label(t, r) for r in place.roles) or role_label(t, "member")
        out.append(_section(f"*<#{place.channel_id}>* — {mrkdwn(place.name)}\n" + t.gettext("Your roles: {roles}",
                                                                                           roles=roles)))
    if home.more_communities:
        out.append(_context(t.ngettext("…and {n} more community", "…and {n} more communities",
                                       home.more_communities)))
    open_label = t.gettext("Open")

    out += [{"type": "divider"}, _header(t.gettext("Your open calls for help"))]
    if not home.my_calls:
        out.append(_context(t.gettext("None. Stuck on something? `/cop ask <your question> #topic`")))
    for call in home.my_calls:
        link = _link(call.channel_id, call.message_ts, open_label)
        out.append(_section(f"{quote(plain(call.question, 300))}\n{link}"))

    out += [{"type": "divider"}, _header(t.gettext("Calls for help on your topics"))]
    if not home.matching_calls:
        out.append(_context(t.gettext("None right now. Declare what you know with `/cop expertise add #topic`.")))
    for call in home.matching_calls:
        head = t.gettext("<@{asker}> asks:", asker=call.asker_id) + "\n" + quote(plain(call.question, 300))
        link = _link(call.channel_id, call.message_ts, open_label)
        # However many topics, the link to the thread stays: the topics are what gets shortened.
        room = SECTION_TEXT_MAX - len(head) - len(link) - 4
        topics = cut_mrkdwn(" ".join("#" + mrkdwn(x) for x in call.topics), room)
        section = _section(f"{head}\n{topics} · {link}")
        section["accessory"] = _button(t.gettext("I can help"), ACTION_OFFER, str(call.id), style="primary")
        out.append(section)

    out += [{"type": "divider"}, _header(t.gettext("Latest lessons learned"))]
    if not home.lessons:
        out.append(_context(t.gettext("No lesson yet. Share one with `/cop lesson`.")))
    for lesson in home.lessons:
        out.append(_section(f":bulb: *{mrkdwn(plain(lesson.title, 150))}* — <@{lesson.author_id}> · "
                            + _link(lesson.channel_id, lesson.message_ts, open_label)))

    for place in home.animated:
        out += [{"type": "divider"}, _header(t.gettext("Animating {name}", name=plain(place.name, 100)))]
        out.append(_section(t.ngettext("*{n}* call for help unanswered for more than a day",
                                       "*{n}* calls for help unanswered for more than a day", place.unanswered)))
        for call in place.oldest_unanswered:
            out.append(_context(t.gettext("<@{asker}>, {when}: {question} · {link}", asker=call.asker_id,
                                          when=t.datetime(call.created_at, home.timezone),
                                          question=mrkdwn(plain(call.question, 150)),
                                          link=_link(call.channel_id, call.message_ts, open_label))))
        if place.newcomers:
            lines = [t.gettext("*Newcomers (last 30 days)*")]
            for newcomer in place.newcomers:
                if newcomer.mentor_id:
                    status = (t.gettext("introduced by <@{mentor}>", mentor=newcomer.mentor_id) if newcomer.mentor_acted
                              else t.gettext("waiting for <@{mentor}>", mentor=newcomer.mentor_id))
                else:
                    status = t.gettext("no mentor: name a sponsor / mentor with `/cop role @someone mentor`")
                lines.append(f"• <@{newcomer.user_id}> — {t.datetime(newcomer.joined_at, home.timezone)} — {status}")
            out.append(_section("\n".join(lines)))
        else:
            out.append(_context(t.gettext("No newcomer in the last 30 days.")))
        if place.undelivered:
            warning = t.ngettext(":warning: {n} message could not be delivered in the last 30 days",
                                 ":warning: {n} messages could not be delivered in the last 30 days",
                                 place.undelivered)
            if place.undelivered_reason:
                warning += " " + t.gettext("(Slack said: {error})", error=mrkdwn(place.undelivered_reason[:100]))
            out.append(_section(warning + ". " + t.gettext("The bot's logs have the details.")))
    if len(out) > VIEW_BLOCKS_MAX:
        out = out[: VIEW_BLOCKS_MAX - 1] + [_context(t.gettext("More in Slack: use `/cop help`."))]
    return {"type": "home", "blocks": out}


# -- follow-ups and the weekly digest ---------------------------------------------------------

ACTION_FOLLOW_PING = "cop_follow_ping"
ACTION_FOLLOW_REPOST = "cop_follow_repost"
ACTION_FOLLOW_CLOSE = "cop_follow_close"


def unanswered_follow_up(t: Translator, *, help_request_id: int, asker_id: str, question: str, channel_id: str,
                         message_ts: str | None, topics: list[str], hours: int) -> dict:
    """To animators: a call nobody answered, and three ways to help it along."""
    text = t.ngettext("Nobody has answered <@{asker}>'s call for help in <#{channel}> for {n} hour: “{question}”",
                      "Nobody has answered <@{asker}>'s call for help in <#{channel}> for {n} hours: “{question}”",
                      hours, asker=asker_id, channel=channel_id, question=mrkdwn(plain(question, 300)))
    value = str(help_request_id)
    elements = [
        _button(t.gettext("Ping the experts"), ACTION_FOLLOW_PING, value, style="primary"),
        _button(t.gettext("Repost it"), ACTION_FOLLOW_REPOST, value),
        _button(t.gettext("Close it"), ACTION_FOLLOW_CLOSE, value),
    ]
    blocks = [_section(text)]
    if topics:
        blocks.append(_context(t.gettext("Topics: {topics}", topics=" · ".join("#" + mrkdwn(x) for x in topics))))
    if message_ts:
        blocks.append(_context(f"<{permalink(channel_id, message_ts)}|{t.gettext('Open the thread')}>"))
    blocks.append({"type": "actions", "elements": elements})
    return {"text": _fallback(text), "blocks": blocks}


def stalled_follow_up(t: Translator, *, help_request_id: int, question: str, channel_id: str,
                      message_ts: str | None) -> dict:
    text = t.gettext("Peers offered to help with your call for help “{question}” three days ago. Did you get your "
                     "answer? Mark it resolved, or say in the thread what is still missing.",
                     question=mrkdwn(plain(question, 300)))
    blocks = [_section(text)]
    elements = [_button(t.gettext("Resolved"), ACTION_RESOLVE, str(help_request_id), style="primary")]
    if message_ts:
        elements.append({"type": "button", "action_id": "cop_open_call", "url": permalink(channel_id, message_ts),
                         "text": {"type": "plain_text", "text": plain(t.gettext("Open the thread"), 75)}})
    blocks.append({"type": "actions", "elements": elements})
    return {"text": _fallback(text), "blocks": blocks}


def mentor_reminder(t: Translator, *, newcomer_id: str, channel_id: str, membership_id: int) -> dict:
    text = t.gettext("A reminder: <@{newcomer}> joined <#{channel}> three days ago and is waiting for your welcome.",
                     newcomer=newcomer_id, channel=channel_id)
    return {"text": _fallback(text), "blocks": [_section(text), {"type": "actions", "elements": [
        _button(t.gettext("Done: I introduced them"), ACTION_MENTOR_DONE, str(membership_id), style="primary")]}]}


def weekly_digest(t: Translator, *, community_name: str, channel_id: str, unanswered: int,
                  oldest: list[tuple[str, str | None]], newcomers: list[str], quiet: list[str],
                  lessons: list[tuple[str, str | None]], next_meeting, timezone: str) -> dict:
    title = t.gettext("Your week in {name}", name=plain(community_name, 100))
    out = [_header(":calendar: " + title)]
    line = t.ngettext("*{n}* open call for help without an answer", "*{n}* open calls for help without an answer",
                      unanswered)
    out.append(_section("\n".join([line] + [f"• {_link(channel_id, ts, plain(q, 120))}" for q, ts in oldest])))
    out.append(_section(t.gettext("*Newcomers this week:* {people}", people=_mentions(newcomers))
                        if newcomers else t.gettext("*Newcomers this week:* none")))
    out.append(_section(t.gettext("*Quiet for 60 days:* {people} — a word from you may bring them back.",
                                  people=_mentions(quiet)) if quiet else t.gettext("*Quiet for 60 days:* nobody")))
    if next_meeting:
        topic, starts_at = next_meeting
        out.append(_section(t.gettext("*Next meeting:* {topic}, {when}", topic=mrkdwn(topic),
                                      when=t.datetime(starts_at, timezone))))
    else:
        out.append(_section(t.gettext("*Next meeting:* none planned — `/cop meeting` plans one.")))
    lines = [f"• :bulb: {_link(channel_id, ts, plain(title_, 120))}" for title_, ts in lessons]
    out.append(_section("\n".join([t.ngettext("*{n}* lesson learned this week", "*{n}* lessons learned this week",
                                              len(lessons))] + lines)))
    return {"text": _fallback(title), "blocks": out[:MESSAGE_BLOCKS_MAX]}


# -- meetings -------------------------------------------------------------------------------

MEETING_MODAL = "cop_meeting_modal"
ACTION_RSVP = "cop_meeting_rsvp"
ACTION_MEETING_ICS = "cop_meeting_ics"
ACTION_MEETING_MOVE = "cop_meeting_move"
ACTION_MEETING_CANCEL = "cop_meeting_cancel"
ACTION_HARVEST_LESSON = "cop_harvest_lesson"


@dataclass(frozen=True)
class MeetingView:
    id: int
    topic: str
    starts_at: object  # datetime, UTC
    duration_minutes: int
    speaker_id: str | None
    video_url: str | None
    agenda: str
    repeat: str
    repeat_every: int
    cancelled: bool
    timezone: str


def _when(t: Translator, meeting: MeetingView) -> str:
    return t.gettext("{when} ({minutes} min)", when=t.datetime(meeting.starts_at, meeting.timezone),
                     minutes=meeting.duration_minutes)


def _repeat_label(t: Translator, meeting: MeetingView) -> str:
    if meeting.repeat == "monthly":
        return t.gettext("every month")
    if meeting.repeat == "weeks":
        return t.ngettext("every week", "every {n} weeks", meeting.repeat_every)
    return ""


def _safe_url(url: str | None) -> str | None:
    return url if url and url.startswith(("https://", "http://")) and not any(c in url for c in "<>| ") else None


def meeting_card(t: Translator, meeting: MeetingView, counts) -> dict:
    """The announcement in the channel: what, when, who, the link, the agenda, RSVP with counts."""
    heading = (t.gettext(":x: *Cancelled:* {topic}", topic=mrkdwn(meeting.topic)) if meeting.cancelled
               else t.gettext(":calendar: *Meeting:* {topic}", topic=mrkdwn(meeting.topic)))
    lines = [heading, t.gettext("*When:* {when}", when=_when(t, meeting))]
    if meeting.repeat != "none":
        lines[-1] += " · " + _repeat_label(t, meeting)
    if meeting.speaker_id:
        lines.append(t.gettext("*Guest:* <@{speaker}>", speaker=meeting.speaker_id))
    url = _safe_url(meeting.video_url)
    if url:
        lines.append(t.gettext("*Link:* <{url}|join>", url=url))
    out = [_section("\n".join(lines))]
    if meeting.agenda.strip():
        heading = t.gettext("*Agenda*")
        out.append(_section(heading + "\n" + fit_mrkdwn(meeting.agenda, SECTION_TEXT_MAX - len(heading) - 1)))
    out.append(_context(t.gettext(":white_check_mark: {yes} coming · :thinking_face: {maybe} maybe · "
                                  ":no_entry_sign: {no} not coming", yes=counts.get("yes", 0),
                                  maybe=counts.get("maybe", 0), no=counts.get("no", 0))))
    if not meeting.cancelled:
        value = str(meeting.id)
        cancel = _button(t.gettext("Cancel"), ACTION_MEETING_CANCEL, value, style="danger")
        cancel["confirm"] = {"title": {"type": "plain_text", "text": plain(t.gettext("Cancel this meeting?"), 100)},
                             "text": {"type": "plain_text", "text": t.gettext("The channel will be told.")},
                             "confirm": {"type": "plain_text", "text": t.gettext("Cancel the meeting")},
                             "deny": {"type": "plain_text", "text": t.gettext("Keep it")}, "style": "danger"}
        out.append({"type": "actions", "elements": [
            # One action_id per answer: Slack refuses two elements with the same action_id in a block.
            _button(t.gettext("I'll come"), f"{ACTION_RSVP}_yes", f"{value}:yes", style="primary"),
            _button(t.gettext("Maybe"), f"{ACTION_RSVP}_maybe", f"{value}:maybe"),
            _button(t.gettext("Can't come"), f"{ACTION_RSVP}_no", f"{value}:no"),
            _button(t.gettext("Add to my calendar"), ACTION_MEETING_ICS, value),
        ]})
        out.append({"type": "actions", "elements": [_button(t.gettext("Move"), ACTION_MEETING_MOVE, value), cancel]})
    text = heading + " — " + t.datetime(meeting.starts_at, meeting.timezone)
    return {"text": _fallback(text), "blocks": out, "unfurl_links": False, "unfurl_media": False}


def meeting_nudge(t: Translator, meeting: MeetingView, *, minutes_before: int) -> dict:
    url = _safe_url(meeting.video_url)
    when = t.datetime(meeting.starts_at, meeting.timezone)
    if minutes_before <= 0:
        text = t.gettext(":bell: The meeting “{topic}” starts now.", topic=mrkdwn(meeting.topic))
        if url:
            text += " " + t.gettext("Join: {url}", url=url)
    elif minutes_before >= 1440:
        text = t.ngettext(":bell: Reminder: the meeting “{topic}” is in {n} day, on {when}.",
                          ":bell: Reminder: the meeting “{topic}” is in {n} days, on {when}.",
                          round(minutes_before / 1440), topic=mrkdwn(meeting.topic), when=when)
    else:
        text = t.ngettext(":bell: Reminder: the meeting “{topic}” starts in {n} hour, at {when}.",
                          ":bell: Reminder: the meeting “{topic}” starts in {n} hours, at {when}.",
                          max(1, round(minutes_before / 60)), topic=mrkdwn(meeting.topic), when=when)
    return {"text": _fallback(text), "blocks": [_section(text)], "unfurl_links": False}


def speaker_reminder(t: Translator, meeting: MeetingView, *, channel_id: str) -> dict:
    text = t.gettext("A reminder: you are the guest of the meeting “{topic}” of <#{channel}> on {when}. Thank you!",
                     topic=mrkdwn(meeting.topic), channel=channel_id,
                     when=t.datetime(meeting.starts_at, meeting.timezone))
    return {"text": _fallback(text), "blocks": [_section(text)]}


def harvest_request(t: Translator, meeting: MeetingView, *, channel_id: str, reminder: bool) -> dict:
    if reminder:
        text = t.gettext("A reminder: nothing has been shared yet from the meeting “{topic}” of <#{channel}>. Its "
                         "summary and lessons help those who could not come.", topic=mrkdwn(meeting.topic),
                         channel=channel_id)
    else:
        text = t.gettext("The meeting “{topic}” of <#{channel}> is over. Could you share its summary and the "
                         "lessons learned?", topic=mrkdwn(meeting.topic), channel=channel_id)
    return {"text": _fallback(text), "blocks": [_section(text), {"type": "actions", "elements": [
        _button(t.gettext("Share the lessons"), ACTION_HARVEST_LESSON, str(meeting.id), style="primary")]}]}


def meetings_list(t: Translator, community_name: str, meetings: list[MeetingView]) -> dict:
    if not meetings:
        return ephemeral(t.gettext("No meeting planned for {name}. Founders and animators plan one with "
                                   "`/cop meeting`.", name=mrkdwn(community_name)))
    lines = [t.gettext("*Upcoming meetings of {name}*", name=mrkdwn(community_name))]
    for meeting in meetings:
        line = f"• *{mrkdwn(meeting.topic)}* — {_when(t, meeting)}"
        if meeting.repeat != "none":
            line += " · " + _repeat_label(t, meeting)
        lines.append(line)
    return _chunked_ephemeral(lines)


def meeting_modal(t: Translator, *, metadata: str, meeting: MeetingView | None = None, local_day: str = "",
                  local_time: str = "") -> dict:
    """Plan (or move) a meeting: Slack's date and time pickers, duration, topic, guest, link, agenda, repeat."""
    durations = [30, 45, 60, 90, 120, 180]
    duration_options = [{"text": {"type": "plain_text", "text": t.gettext("{minutes} min", minutes=m)},
                         "value": str(m)} for m in durations]
    repeat_options = [
        {"text": {"type": "plain_text", "text": t.gettext("Does not repeat")}, "value": "none:1"},
        {"text": {"type": "plain_text", "text": t.gettext("Every month")}, "value": "monthly:1"},
        *({"text": {"type": "plain_text", "text": t.ngettext("Every week", "Every {n} weeks", n)},
           "value": f"weeks:{n}"} for n in (1, 2, 3, 4, 6, 8)),
    ]

    def pick(options, value):
        return next((o for o in options if o["value"] == value), options[0])

    date_element = {"type": "datepicker", "action_id": "value"}
    time_element = {"type": "timepicker", "action_id": "value"}
    if local_day:
        date_element["initial_date"] = local_day
    if local_time:
        time_element["initial_time"] = local_time
    speaker = {"type": "users_select", "action_id": "value"}
    if meeting and meeting.speaker_id:
        speaker["initial_user"] = meeting.speaker_id
    repeat_value = f"{meeting.repeat}:{meeting.repeat_every if meeting.repeat == 'weeks' else 1}" if meeting else ""
    url = {"type": "url_text_input", "action_id": "value"}
    if meeting and meeting.video_url:
        url["initial_value"] = meeting.video_url

    def block(block_id: str, label: str, element: dict, optional: bool = False) -> dict:
        return {"type": "input", "block_id": block_id, "optional": optional, "element": element,
                "label": {"type": "plain_text", "text": plain(label, 2000)}}

    return _modal(t, MEETING_MODAL, metadata, title=t.gettext("Meeting"), submit=t.gettext("Save"),
                  blocks=[
            _input("topic", t.gettext("Topic"), multiline=False, optional=False, max_length=200,
                   initial=meeting.topic if meeting else ""),
            block("date", t.gettext("Date"), date_element),
            block("time", t.gettext("Time (community time zone)"), time_element),
            block("duration", t.gettext("Duration"), {"type": "static_select", "action_id": "value",
                                                      "options": duration_options, "initial_option": pick(
                                                          duration_options,
                                                          str(meeting.duration_minutes) if meeting else "60")}),
            block("speaker", t.gettext("Invited expert or speaker"), speaker, optional=True),
            block("link", t.gettext("Video link"), url, optional=True),
            _input("agenda", t.gettext("Agenda"), multiline=True, optional=True, max_length=2500,
                   initial=meeting.agenda if meeting else ""),
            block("repeat", t.gettext("Repeats"), {"type": "static_select", "action_id": "value",
                                                   "options": repeat_options,
                                                   "initial_option": pick(repeat_options, repeat_value)}),
        ],
    )


# -- the quarterly reflection -------------------------------------------------------------------

ACTION_REFLECT = "cop_reflect"
REFLECTION_MODAL = "cop_reflection_modal"


def reflection_request(t: Translator, *, community_name: str, channel_id: str, value: str) -> dict:
    text = t.gettext("A new quarter for *{name}* (<#{channel}>): three questions, two minutes. What did you get "
                     "from the community? What did you bring? What should change?", name=mrkdwn(community_name),
                     channel=channel_id)
    return {"text": _fallback(text), "blocks": [_section(text), {"type": "actions", "elements": [
        _button(t.gettext("Answer"), ACTION_REFLECT, value, style="primary")]}]}


def reflection_modal(t: Translator, *, metadata: str) -> dict:
    return _modal(t, REFLECTION_MODAL, metadata, title=t.gettext("Quarterly reflection"), submit=t.gettext("Send"),
                  blocks=[
            _input("got", t.gettext("What did you get from the community this quarter?"), multiline=True,
                   optional=False, max_length=2000),
            _input("brought", t.gettext("What did you bring to it?"), multiline=True, optional=True,
                   max_length=2000),
            _input("change", t.gettext("What should change?"), multiline=True, optional=True, max_length=2000),
        ],
    )


# -- value and health ----------------------------------------------------------------------------

def stage_label(t: Translator, stage: str) -> str:
    return {"growth": t.gettext("growth"), "maturity": t.gettext("maturity"),
            "stabilisation": t.gettext("stabilisation"), "slowdown": t.gettext("slowdown"),
            "renewal": t.gettext("renewal")}[stage]


def _percent(t: Translator, ratio: float) -> str:
    return t.percent(ratio)


def stats_view(t: Translator, *, community_name: str, days: int, figures, timezone: str) -> dict:
    """The community's figures (ephemeral); helpers' names only when ``figures.top_helpers`` is set."""
    title = t.ngettext("*{name}* — the last {n} day", "*{name}* — the last {n} days", days,
                       name=mrkdwn(community_name))
    hours = figures.minutes_saved / 60
    rate = _percent(t, figures.resolution_rate) if figures.resolution_rate is not None else "—"
    wait = (t.gettext("{hours} h", hours=t.number(round(figures.median_first_answer_hours, 1)))
            if figures.median_first_answer_hours is not None else "—")
    lines = [
        title,
        t.gettext("*Members:* {members} · active: {active}", members=t.number(figures.members),
                  active=t.number(figures.active)),
        t.gettext("*Calls for help:* {asked} asked · {answered} answered · {resolved} resolved ({rate})",
                  asked=t.number(figures.asked), answered=t.number(figures.answered),
                  resolved=t.number(figures.resolved), rate=rate),
        t.gettext("*Median time to a first answer:* {wait}", wait=wait),
        t.gettext("*Help found in the library:* {library} · *lessons shared:* {lessons}",
                  library=t.number(figures.library), lessons=t.number(figures.lessons)),
        t.gettext("*Meetings held:* {meetings} · {rsvps} said they would come", meetings=t.number(figures.meetings),
                  rsvps=t.number(figures.rsvps)),
        t.gettext("*Time saved:* {hours} h, worth {value} at {rate} {currency}/h",
                  hours=t.number(round(hours, 1)), value=t.currency(figures.value, figures.currency),
                  rate=t.number(figures.hourly_rate), currency=figures.currency),
        t.gettext("*Life cycle:* {stage}", stage=stage_label(t, figures.stage)) + " — " + ", ".join(
            t.gettext("activity {change}", change=_signed(t, change)) if name == "activity"
            else t.gettext("members {change}", change=_signed(t, change)) for name, change in figures.signals),
    ]
    for story, minutes in figures.stories:
        lines.append(t.gettext("> “{story}” — {hours} h saved", story=fit_mrkdwn(story, 600),
                               hours=t.number(round(minutes / 60, 1))))
    if figures.top_helpers is not None:
        helpers = ", ".join(f"<@{u}> ({t.number(n)})" for u, n in figures.top_helpers) or t.gettext("nobody yet")
        lines.append(t.gettext("*Most credited helpers:* {helpers}", helpers=helpers))
    return _chunked_ephemeral(lines)


def _signed(t: Translator, change: float) -> str:
    value = _percent(t, abs(change))
    return ("+" if change >= 0 else "−") + value


def monthly_report(t: Translator, report) -> dict:
    """The month beside the previous one and the same month last year, and the value stories."""
    from babel.dates import format_date

    month = format_date(report.month, "MMMM y", locale=t.locale)
    title = t.gettext("Value report of {name} — {month}", name=plain(report.community.name, 80), month=month)
    rows = [
        (t.gettext("Calls for help asked"), lambda f: t.number(f.asked)),
        (t.gettext("Calls for help resolved"), lambda f: t.number(f.resolved)),
        (t.gettext("Active members"), lambda f: t.number(f.active)),
        (t.gettext("Lessons shared"), lambda f: t.number(f.lessons)),
        (t.gettext("Help found in the library"), lambda f: t.number(f.library)),
        (t.gettext("Hours saved"), lambda f: t.number(round(f.minutes_saved / 60, 1))),
        (t.gettext("Value"), lambda f: t.currency(f.value, f.currency)),
    ]
    lines = [t.gettext("*This month* · previous month · same month last year")]
    for label, value in rows:
        lines.append(f"• {label}: *{value(report.current)}* · {value(report.previous)} · {value(report.last_year)}")
    out = [_header(":bar_chart: " + title), _section("\n".join(lines))]
    if report.current.stories:
        out.append(_section("\n".join([t.gettext("*In their words*")] + [
            f"> “{fit_mrkdwn(story, 600)}”" for story, _ in report.current.stories])))
    if report.current.top_helpers:
        out.append(_context(t.gettext("*Most credited helpers:* {helpers}", helpers=", ".join(
            f"<@{u}> ({t.number(n)})" for u, n in report.current.top_helpers))))
    return {"text": _fallback(title), "blocks": out}
