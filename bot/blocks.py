"""Pure Block Kit builders: plain data in, Slack payload dicts out.

Slack's limits live here and nowhere else.
"""

from dataclasses import dataclass

from bot.i18n import Translator
from bot.text import mrkdwn, plain

SECTION_TEXT_MAX = 3000
MESSAGE_BLOCKS_MAX = 50
VIEW_BLOCKS_MAX = 100
BUTTON_TEXT_MAX = 75
BUTTON_VALUE_MAX = 2000
FALLBACK_TEXT_MAX = 4000
QUESTION_MAX = 2500  # leaves room in one section for the heading around it

ACTION_OFFER = "cop_help_offer"
ACTION_RESOLVE = "cop_help_resolve"
ACTION_TIME_SAVED = "cop_time_saved"
ACTIONS = (ACTION_OFFER, ACTION_RESOLVE, ACTION_TIME_SAVED)


@dataclass(frozen=True)
class CallForHelp:
    id: int
    asker_id: str
    question: str
    topics: list[str]
    offerers: list[str]
    resolved: bool
    resolved_by: str | None


def _button(text: str, action_id: str, value: str, style: str | None = None) -> dict:
    button = {"type": "button", "text": {"type": "plain_text", "text": plain(text, BUTTON_TEXT_MAX), "emoji": True},
              "action_id": action_id, "value": value[:BUTTON_VALUE_MAX]}
    if style:
        button["style"] = style
    return button


def _section(text: str) -> dict:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text[:SECTION_TEXT_MAX]}}


def _context(text: str) -> dict:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": text[:SECTION_TEXT_MAX]}]}


def _mentions(user_ids: list[str]) -> str:
    return ", ".join(f"<@{u}>" for u in user_ids)


def quote(text: str) -> str:
    return "\n".join("&gt; " + line if line else "&gt;" for line in mrkdwn(text).split("\n"))


def call_for_help(t: Translator, call: CallForHelp) -> dict:
    """The post in the community's channel: text fallback plus blocks."""
    heading = t.gettext(":raising_hand: *Call for help* from <@{asker}>", asker=call.asker_id)
    blocks = [_section(heading + "\n" + quote(call.question))]
    if call.topics:
        blocks.append(_context(t.gettext("Topics: {topics}", topics=" · ".join("#" + mrkdwn(x) for x in call.topics))))
    if call.offerers:
        blocks.append(_context(t.ngettext(":raised_hand: {n} offer of help: {people}",
                                          ":raised_hand: {n} offers of help: {people}",
                                          len(call.offerers), people=_mentions(call.offerers))))
    if call.resolved:
        blocks.append(_context(t.gettext(":white_check_mark: Resolved by <@{user}>. Thank you all!",
                                         user=call.resolved_by or call.asker_id)))
    else:
        blocks.append(_context(t.gettext("React :raised_hand: or press “I can help”, then answer in the thread. "
                                         "The asker reacts :white_check_mark: when it is solved.")))
        blocks.append({"type": "actions", "elements": [
            _button(t.gettext("I can help"), ACTION_OFFER, str(call.id)),
            _button(t.gettext("Resolved"), ACTION_RESOLVE, str(call.id), style="primary"),
        ]})
    prefix = t.gettext("Resolved: ") if call.resolved else ""
    text = prefix + t.gettext("Call for help from <@{asker}>: {question}", asker=call.asker_id,
                              question=mrkdwn(call.question))
    return {"text": text[:FALLBACK_TEXT_MAX], "blocks": blocks, "unfurl_links": False, "unfurl_media": False}


def offer_received(t: Translator, *, helper_id: str, channel_id: str, question: str) -> dict:
    text = t.gettext("<@{helper}> offered to help with your call for help in <#{channel}>: “{question}”. "
                     "Their answer will come in the thread.", helper=helper_id, channel=channel_id,
                     question=mrkdwn(plain(question, 200)))
    return {"text": text, "blocks": [_section(text)]}


TIME_SAVED_CHOICES = ("under_15_min", "about_1_hour", "half_day", "day_or_more")


def time_saved_label(t: Translator, bucket: str) -> str:
    return {
        "under_15_min": t.gettext("Under 15 minutes"),
        "about_1_hour": t.gettext("About an hour"),
        "half_day": t.gettext("Half a day"),
        "day_or_more": t.gettext("A day or more"),
    }[bucket]


def time_saved_prompt(t: Translator, *, help_request_id: int, question: str) -> dict:
    text = t.gettext("Your call for help “{question}” is resolved. How much time did the answers save you?",
                     question=mrkdwn(plain(question, 200)))
    buttons = [_button(time_saved_label(t, b), ACTION_TIME_SAVED, f"{help_request_id}:{b}")
               for b in TIME_SAVED_CHOICES]
    return {"text": text, "blocks": [_section(text), {"type": "actions", "elements": buttons}]}


def time_saved_thanks(t: Translator, bucket: str) -> dict:
    text = t.gettext("Thank you! Recorded: {choice}. It counts in the community's value report.",
                     choice=time_saved_label(t, bucket).lower())
    return {"text": text, "blocks": [_section(text)]}


def ephemeral(text: str) -> dict:
    return {"response_type": "ephemeral", "text": text, "blocks": [_section(text)]}
