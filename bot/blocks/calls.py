"""Calls for help (appels à tous): the post, the DMs around it, and what the asker says once it is resolved."""

from collections.abc import Sequence
from dataclasses import dataclass

from bot.blocks import kit
from bot.blocks.lessons import ACTION_LESSON_FROM_CALL
from bot.i18n import Translator
from bot.text import Names, fit_mrkdwn, mrkdwn, plain

ACTION_OFFER = "cop_help_offer"
ACTION_RESOLVE = "cop_help_resolve"
ACTION_TIME_SAVED = "cop_time_saved"
ACTION_VALUE_STORY = "cop_value_story"
VALUE_STORY_MODAL = "cop_value_story_modal"
ACTION_CREDIT = "cop_credit"
ACTION_REOPEN = "cop_help_reopen"
SHORTCUT_ASK = "cop_ask_from_message"
ASK_MODAL = "cop_ask_modal"
ACTION_QUOTE_CONSENT = "cop_quote_consent"  # _yes, _anonymous, _no
ACTION_APPLIED = "cop_applied"
CHANGE_STORY_MODAL = "cop_change_story_modal"
APPLIED_CHOICES = ("changed", "yes", "not_yet", "no")
QUESTION_MAX = 2500  # leaves room in one section for the heading around it
CHECKBOX_OPTIONS_MAX = 10
TIME_SAVED_CHOICES = ("under_15_min", "about_1_hour", "half_day", "day_or_more")


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
    source_channel_id: str | None = None  # asked from a message there ("Ask the community")…
    source_link: str | None = None  # …which Slack links to so (None while it has not said)
    quoted_user_id: str | None = None  # whose message it was, when they agreed to be named


def call_for_help(t: Translator, call: CallForHelp) -> dict:
    """The post in the community's channel: text fallback plus blocks."""
    heading = t.gettext(":raising_hand: *Call for help* from <@{asker}>", asker=call.asker_id)
    if call.urgent:
        heading = t.gettext(":rotating_light: *Urgent call for help* from <@{asker}>", asker=call.asker_id)
    blocks = [kit.section(heading + "\n" + kit.quote(call.question, kit.SECTION_TEXT_MAX - len(heading) - 1))]
    if call.topics:
        topics = " · ".join("#" + mrkdwn(x) for x in call.topics)
        blocks.append(kit.context(t.gettext("Topics: {topics}", topics=topics)))
    if call.source_channel_id:
        link = kit.link(call.source_link, t.gettext("a message"), call.source_channel_id)
        blocks.append(kit.context(t.gettext(":link: Asked from {link} by <@{user}>", link=link,
                                            user=call.quoted_user_id) if call.quoted_user_id else
                                  t.gettext(":link: Asked from {link}", link=link)))
    if call.offerers:
        blocks.append(kit.context(t.ngettext(":raised_hand: {n} offer of help: {people}",
                                          ":raised_hand: {n} offers of help: {people}",
                                          len(call.offerers), people=kit.mentions(call.offerers))))
    if call.resolved:
        blocks.append(kit.context(t.gettext(":white_check_mark: Resolved by <@{user}>. Thank you all!",
                                         user=call.resolved_by or call.asker_id)))
        # Resolved too soon: the asker (or an animator) opens it again.
        blocks.append({"type": "actions", "elements": [kit.button(t.gettext("Reopen"), ACTION_REOPEN, str(call.id))]})
    elif call.closed:
        blocks.append(kit.context(t.gettext("Closed by <@{user}> without an answer.", user=call.resolved_by)
                               if call.resolved_by else t.gettext("Closed without an answer.")))
    else:
        blocks.append(kit.context(t.gettext("React :raised_hand: or press “I can help”, then answer in the thread. "
                                         "The asker reacts :white_check_mark: when it is solved.")))
        blocks.append({"type": "actions", "elements": [
            kit.button(t.gettext("I can help"), ACTION_OFFER, str(call.id)),
            kit.button(t.gettext("Resolved"), ACTION_RESOLVE, str(call.id), style="primary"),
        ]})
    prefix = t.gettext("Resolved: ") if call.resolved else ""
    text = prefix + t.gettext("Call for help from <@{asker}>: {question}", asker=call.asker_id,
                              question=fit_mrkdwn(call.question, kit.FALLBACK_TEXT_MAX // 2))
    return {"text": kit.fallback(text), "blocks": blocks, "unfurl_links": False, "unfurl_media": False}


def urgent_call(t: Translator, *, asker_id: str, channel_id: str, link: str | None, question: str, topics: list[str],
                help_request_id: int) -> dict:
    """The DM an expert or animator gets for an urgent call for help, with a button to its thread (``link``)."""
    text = t.gettext(":rotating_light: <@{asker}> needs help urgently in <#{channel}>: “{question}”",
                     asker=asker_id, channel=channel_id, question=mrkdwn(plain(question, 500)))
    if topics:
        text += "\n" + t.gettext("Topics: {topics}", topics=" · ".join("#" + mrkdwn(x) for x in topics))
    return {"text": kit.fallback(text), "blocks": [kit.section(text), {"type": "actions", "elements": [
        kit.button(t.gettext("I can help"), ACTION_OFFER, str(help_request_id), style="primary"),
        *kit.link_button(t.gettext("Open the thread"), link),
    ]}]}


def offer_received(t: Translator, *, helper_id: str, channel_id: str, question: str) -> dict:
    text = t.gettext("<@{helper}> offered to help with your call for help in <#{channel}>: “{question}”. "
                     "Their answer will come in the thread.", helper=helper_id, channel=channel_id,
                     question=mrkdwn(plain(question, 200)))
    return {"text": kit.fallback(text), "blocks": [kit.section(text)]}


def time_saved_label(t: Translator, bucket: str) -> str:
    return {
        "under_15_min": t.gettext("Under 15 minutes"),
        "about_1_hour": t.gettext("About an hour"),
        "half_day": t.gettext("Half a day"),
        "day_or_more": t.gettext("A day or more"),
    }[bucket]


def time_saved_prompt(t: Translator, *, help_request_id: int, question: str, helpers: Sequence[str] = (),
                      credited: Sequence[str] = ()) -> dict:
    text = t.gettext("Your call for help “{question}” is resolved. How much time did the answers save you?",
                     question=mrkdwn(plain(question, 200)))
    # One action_id per button: Slack refuses two elements with the same action_id in a block.
    buttons = [kit.button(time_saved_label(t, b), f"{ACTION_TIME_SAVED}_{b}", f"{help_request_id}:{b}")
               for b in TIME_SAVED_CHOICES]
    return {"text": kit.fallback(text), "blocks": [kit.section(text), {"type": "actions", "elements": buttons},
                                     *credit_checkboxes(t, help_request_id=help_request_id, helpers=list(helpers),
                                                        credited=list(credited)),
                                     _lesson_from_call(t, help_request_id)]}


def _lesson_from_call(t: Translator, help_request_id: int) -> dict:
    return {"type": "actions", "elements": [
        kit.button(t.gettext("Turn this into a lesson"), ACTION_LESSON_FROM_CALL, str(help_request_id))]}


def time_saved_thanks(t: Translator, bucket: str, help_request_id: int, helpers: Sequence[str] = (),
                      credited: Sequence[str] = ()) -> dict:
    """The answer to "how much time did it save?" replaces the question (half a day or more also opened
    the story form, at the same click: no further message asks for it)."""
    text = t.gettext("Thank you! Recorded: {choice}. It counts in the community's value report.",
                     choice=time_saved_label(t, bucket).lower())
    return {"text": kit.fallback(text), "blocks": [kit.section(text), *credit_checkboxes(
        t, help_request_id=help_request_id, helpers=list(helpers), credited=list(credited)),
        _lesson_from_call(t, help_request_id)]}


def value_story_modal(t: Translator, *, help_request_id: int) -> dict:
    """Opened by the same click that says the answers saved half a day or more."""
    return kit.modal(t, VALUE_STORY_MODAL, str(help_request_id), title=t.gettext("Your story"),
                  submit=t.gettext("Send"), blocks=[
                      kit.section(t.gettext("That is a lot of time. Would you tell, in one sentence, what it made "
                                            "possible? Stories like yours keep the community supported.")),
                      kit.text_input("story", t.gettext("In one sentence: what did the answer make possible?"),
                             multiline=True, optional=False, max_length=500,
                             placeholder=t.gettext("e.g. We opened the night clinic a month earlier."))])


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
    return [kit.section(t.gettext("*Who helped you?* Tick them to give them credit.")),
            {"type": "actions", "block_id": f"credit-{help_request_id}", "elements": [element]}]


def applied_label(t: Translator, choice: str) -> str:
    return {"changed": t.gettext("Yes, and it changed something"), "yes": t.gettext("Yes"),
            "not_yet": t.gettext("Not yet"), "no": t.gettext("No")}[choice]


def _applied_buttons(t: Translator, help_request_id: int, choices=APPLIED_CHOICES) -> dict:
    return {"type": "actions", "elements": [
        kit.button(applied_label(t, c), f"{ACTION_APPLIED}_{c}", f"{help_request_id}:{c}",
                   style="primary" if c == "changed" else None) for c in choices]}


def applied_prompt(t: Translator, *, help_request_id: int, question: str, channel_id: str,
                   link: str | None) -> dict:
    """A month after a call was resolved: did its asker apply the answer? One click, asked once."""
    call = kit.link(link, t.gettext("your call for help")) if link else t.gettext("your call for help")
    text = t.gettext("A month ago, {call} “{question}” was resolved. Did you apply the answer?", call=call,
                     question=mrkdwn(plain(question, 200)))
    return {"text": kit.fallback(text), "blocks": [
        kit.section(text), _applied_buttons(t, help_request_id),
        kit.context(t.gettext("Your answer counts in the community's value report, without your name."))]}


def applied_thanks(t: Translator, choice: str, help_request_id: int = 0) -> dict:
    """Replaces the question; after *Not yet*, its buttons stay, for when they have (nobody asks again)."""
    text = {
        "changed": t.gettext("Thank you! Recorded: it changed something. Tell what in the form, in one sentence."),
        "yes": t.gettext("Thank you! Recorded: you applied the answer."),
        "not_yet": t.gettext("Thank you! Recorded: not yet. I will not ask again: when you have applied it, "
                             "answer here."),
        "no": t.gettext("Thank you for saying so. If the answer did not fit, the community can still help: reopen "
                        "the call or ask again."),
    }[choice]
    later = [_applied_buttons(t, help_request_id, ("changed", "yes", "no"))] if choice == "not_yet" else []
    return {"text": kit.fallback(text), "blocks": [kit.section(text), *later]}


def change_story_modal(t: Translator, *, help_request_id: int) -> dict:
    return kit.modal(t, CHANGE_STORY_MODAL, str(help_request_id), title=t.gettext("What changed"),
                     submit=t.gettext("Send"), blocks=[
                         kit.text_input("story", t.gettext("In one sentence: what changed thanks to the answer?"),
                                        multiline=True, optional=False, max_length=500,
                                        placeholder=t.gettext("e.g. Our night handover now takes 10 minutes, "
                                                              "not 30."))])


def ask_modal(t: Translator, *, metadata: str, question: str, communities: Sequence[tuple[str, str]] = (),
              names: Names | None = None) -> dict:
    """"Ask the community" from a message: the question, prefilled from it as read (``names``: of the
    people and channels it mentions), its topics, and the community when the message is not in a
    community's channel."""
    return kit.modal(t, ASK_MODAL, metadata, title=t.gettext("Ask the community"), submit=t.gettext("Ask"),
                     blocks=kit.community_picker(t, list(communities)) + [
                         kit.text_input("question", t.gettext("Your question"), multiline=True, optional=False,
                                        max_length=QUESTION_MAX, initial=question, names=names),
                         kit.text_input("topics", t.gettext("Topics"), multiline=False, optional=True,
                                        max_length=200, placeholder=t.gettext("e.g. #triage #night")),
                     ])


def quote_consent_request(t: Translator, *, asker_id: str, help_request_id: int, question: str,
                          channel_id: str) -> dict:
    """To the author of a message someone wants to ask the community about: may they, and with your name?"""
    text = t.gettext("<@{asker}> would like to ask the community in <#{channel}> about your message, as a call for "
                     "help: “{question}”. Nothing is posted unless you agree.", asker=asker_id, channel=channel_id,
                     question=mrkdwn(plain(question, 500)))
    buttons = [kit.button(t.gettext("Yes, with my name"), f"{ACTION_QUOTE_CONSENT}_yes", f"{help_request_id}:yes",
                          style="primary"),
               kit.button(t.gettext("Yes, without my name"), f"{ACTION_QUOTE_CONSENT}_anonymous",
                          f"{help_request_id}:anonymous"),
               kit.button(t.gettext("No"), f"{ACTION_QUOTE_CONSENT}_no", f"{help_request_id}:no")]
    return {"text": kit.fallback(text), "blocks": [kit.section(text), {"type": "actions", "elements": buttons}]}
