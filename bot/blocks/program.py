"""The year's programme (``/cop program``): coming meetings, suggested topics and their interest."""

from dataclasses import dataclass

from bot.blocks import kit
from bot.blocks.meetings import MeetingView
from bot.i18n import Translator
from bot.text import fit_mrkdwn, mrkdwn, plain

ACTION_SUGGEST_TOPIC = "cop_suggest_topic"
SUGGEST_MODAL = "cop_suggest_modal"
ACTION_INTERESTED = "cop_topic_interested"
ACTION_PLAN_TOPIC = "cop_topic_plan"
ACTION_SET_ASIDE = "cop_topic_set_aside"
WHY_SHOWN = 1500  # characters of a suggestion's why on its card, escaped (with the rest, under Slack's 3,000)
PROGRAMME_SUGGESTIONS = 15  # suggestions listed (the most wanted): the message stays under Slack's 50 blocks


@dataclass(frozen=True)
class SuggestionView:
    id: int
    topic: str
    why: str
    presenter: str
    author_id: str
    interested: int
    status: str = "open"
    changed_by: str | None = None


def _interest(t: Translator, n: int) -> str:
    return t.ngettext(":raised_hand: {n} person interested", ":raised_hand: {n} people interested", n)


def suggestion_card(t: Translator, suggestion: SuggestionView) -> dict:
    """In the channel: the topic, why, who could present, the count; I'm interested while it is open,
    and for founders and animators Plan it / Set aside (checked on click)."""
    lines = [t.gettext(":bulb: *Suggested meeting topic:* {topic}", topic=mrkdwn(suggestion.topic)),
             t.gettext("Suggested by <@{author}>", author=suggestion.author_id)]
    if suggestion.why.strip():
        lines.append(t.gettext("*Why:* {why}", why=fit_mrkdwn(suggestion.why, WHY_SHOWN)))
    if suggestion.presenter.strip():
        lines.append(t.gettext("*Who could present:* {who}", who=mrkdwn(suggestion.presenter)))
    out = [kit.section("\n".join(lines)), kit.context(_interest(t, suggestion.interested))]
    value = str(suggestion.id)
    if suggestion.status == "open":
        out.append({"type": "actions", "elements": [
            kit.button(t.gettext("I'm interested"), ACTION_INTERESTED, value, style="primary"),
            kit.button(t.gettext("Plan it"), ACTION_PLAN_TOPIC, value),
            kit.button(t.gettext("Set aside"), ACTION_SET_ASIDE, value)]})
    elif suggestion.status == "planned":
        out.append(kit.context(t.gettext(":calendar: Planned as a meeting by <@{who}>.", who=suggestion.changed_by)))
    else:
        out.append(kit.context(t.gettext("Set aside by <@{who}>.", who=suggestion.changed_by)))
    text = t.gettext("Suggested meeting topic: {topic}", topic=mrkdwn(suggestion.topic))
    return {"text": kit.fallback(text), "blocks": out, "unfurl_links": False, "unfurl_media": False}


def topic_suggested(t: Translator, *, topic: str, channel_id: str, suggestion_id: int, plans: bool,
                    already: bool) -> dict:
    """Private, to who pressed *Suggest as meeting topic*: the topic is among the programme's suggestions (or
    was already); founders and facilitators get the suggestion card's *Plan it* to plan it at once."""
    if already:
        text = t.gettext("“{topic}” is already among the suggested meeting topics: its card is in <#{channel}> and "
                         "`/cop program` lists it.", topic=mrkdwn(topic), channel=channel_id)
    else:
        text = t.gettext("Done: “{topic}” is now among the suggested meeting topics. Its card is in <#{channel}>, "
                         "where members can say they are interested, and `/cop program` lists it.",
                         topic=mrkdwn(topic), channel=channel_id)
    out = [kit.section(text)]
    if plans:
        out.append({"type": "actions", "elements": [
            kit.button(t.gettext("Plan it"), ACTION_PLAN_TOPIC, str(suggestion_id), style="primary")]})
    return {"text": kit.fallback(text), "blocks": out, "response_type": "ephemeral"}


def programme_view(t: Translator, *, community_name: str, community_id: int, meetings: list[MeetingView],
                   suggestions: list[SuggestionView]) -> dict:
    """Private: the next twelve months of meetings (date, topic, guests, place) and the suggested topics,
    the most wanted first, each with I'm interested; Suggest a topic."""
    out = [kit.header(plain(t.gettext("Programme of {name}", name=community_name), 150))]
    if meetings:
        lines = []
        for m in meetings:
            line = f"• *{t.datetime(m.starts_at, m.timezone)}* — {mrkdwn(m.topic)}"
            guests = ([f"<@{m.speaker_id}>"] if m.speaker_id else []) + [
                mrkdwn(f"{name} ({organisation})" if organisation else name) for name, organisation in m.outside_guests]
            if guests:
                line += " · " + t.gettext("with {guests}", guests=", ".join(guests))
            if m.place.strip():
                line += " · " + mrkdwn(m.place)
            lines.append(line)
        out.append(kit.section(t.gettext("*The next twelve months*") + "\n" + "\n".join(lines)))
    else:
        out.append(kit.section(t.gettext("No meeting planned in the next twelve months.")))
    out.append(kit.section(t.gettext("*Suggested topics*") if suggestions else
                           t.gettext("No topic suggested yet. What would you like the community to meet about?")))
    for s in suggestions[:PROGRAMME_SUGGESTIONS]:
        section = kit.section(f"*{mrkdwn(s.topic)}* — " + _interest(t, s.interested))
        section["accessory"] = kit.button(t.gettext("I'm interested"), ACTION_INTERESTED, str(s.id))
        out.append(section)
    out.append({"type": "actions", "elements": [
        kit.button(t.gettext("Suggest a topic"), ACTION_SUGGEST_TOPIC, str(community_id), style="primary")]})
    return {"text": kit.fallback(t.gettext("Programme of {name}", name=community_name)), "blocks": out,
            "response_type": "ephemeral"}


def suggest_modal(t: Translator, *, metadata: str) -> dict:
    return kit.modal(t, SUGGEST_MODAL, metadata, title=t.gettext("Suggest a topic"), submit=t.gettext("Suggest"),
                     blocks=[
        kit.text_input("topic", t.gettext("Topic"), multiline=False, optional=False, max_length=200),
        kit.text_input("why", t.gettext("Why it matters"), multiline=True, optional=True, max_length=1000),
        kit.text_input("presenter", t.gettext("Who could present it"), multiline=False, optional=True,
                       max_length=200),
    ])
