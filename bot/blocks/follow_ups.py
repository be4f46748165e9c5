"""What the animators, askers and mentors are reminded of, and the weekly digest."""


from bot.blocks import kit
from bot.blocks.calls import ACTION_RESOLVE
from bot.blocks.people import ACTION_MENTOR_DONE
from bot.i18n import Translator
from bot.text import mrkdwn, plain

ACTION_FOLLOW_PING = "cop_follow_ping"
ACTION_FOLLOW_REPOST = "cop_follow_repost"
ACTION_FOLLOW_CLOSE = "cop_follow_close"


def unanswered_follow_up(t: Translator, *, help_request_id: int, asker_id: str, question: str, channel_id: str,
                         link: str | None, topics: list[str], hours: int) -> dict:
    """To animators: a call nobody answered, and three ways to help it along."""
    text = t.ngettext("Nobody has answered <@{asker}>'s call for help in <#{channel}> for {n} hour: “{question}”",
                      "Nobody has answered <@{asker}>'s call for help in <#{channel}> for {n} hours: “{question}”",
                      hours, asker=asker_id, channel=channel_id, question=mrkdwn(plain(question, 300)))
    value = str(help_request_id)
    elements = [
        kit.button(t.gettext("Ping the experts"), ACTION_FOLLOW_PING, value, style="primary"),
        kit.button(t.gettext("Repost it"), ACTION_FOLLOW_REPOST, value),
        kit.button(t.gettext("Close it"), ACTION_FOLLOW_CLOSE, value),
    ]
    blocks = [kit.section(text)]
    if topics:
        blocks.append(kit.context(t.gettext("Topics: {topics}", topics=" · ".join("#" + mrkdwn(x) for x in topics))))
    if link:
        blocks.append(kit.context(kit.link(link, t.gettext("Open the thread"))))
    blocks.append({"type": "actions", "elements": elements})
    return {"text": kit.fallback(text), "blocks": blocks}


def stalled_follow_up(t: Translator, *, help_request_id: int, question: str, channel_id: str,
                      link: str | None) -> dict:
    text = t.gettext("Peers offered to help with your call for help “{question}” three days ago. Did you get your "
                     "answer? Mark it resolved, or say in the thread what is still missing.",
                     question=mrkdwn(plain(question, 300)))
    blocks = [kit.section(text)]
    elements = [kit.button(t.gettext("Resolved"), ACTION_RESOLVE, str(help_request_id), style="primary"),
                *kit.link_button(t.gettext("Open the thread"), link)]
    blocks.append({"type": "actions", "elements": elements})
    return {"text": kit.fallback(text), "blocks": blocks}


def mentor_reminder(t: Translator, *, newcomer_id: str, channel_id: str, membership_id: int) -> dict:
    text = t.gettext("A reminder: <@{newcomer}> joined <#{channel}> three days ago and is waiting for your welcome.",
                     newcomer=newcomer_id, channel=channel_id)
    return {"text": kit.fallback(text), "blocks": [kit.section(text), {"type": "actions", "elements": [
        kit.button(t.gettext("Done: I introduced them"), ACTION_MENTOR_DONE, str(membership_id), style="primary")]}]}


def weekly_digest(t: Translator, *, community_name: str, channel_id: str, unanswered: int,
                  oldest: list[tuple[str, str | None]], newcomers: list[str], quiet: list[str],
                  lessons: list[tuple[str, str | None]], next_meeting, timezone: str,
                  gaps: list[tuple[str, int]] = ()) -> dict:
    title = t.gettext("Your week in {name}", name=plain(community_name, 100))
    out = [kit.header(":calendar: " + title)]
    line = t.ngettext("*{n}* open call for help without an answer", "*{n}* open calls for help without an answer",
                      unanswered)
    out.append(kit.section("\n".join([line] + [f"• {kit.link(link, plain(q, 120), channel_id)}"
                                               for q, link in oldest])))
    out.append(kit.section(t.gettext("*Newcomers this week:* {people}", people=kit.mentions(newcomers))
                        if newcomers else t.gettext("*Newcomers this week:* none")))
    out.append(kit.section(t.gettext("*Quiet for 60 days:* {people} — a word from you may bring them back.",
                                  people=kit.mentions(quiet)) if quiet else t.gettext("*Quiet for 60 days:* nobody")))
    if next_meeting:
        topic, starts_at = next_meeting
        out.append(kit.section(t.gettext("*Next meeting:* {topic}, {when}", topic=mrkdwn(topic),
                                      when=t.datetime(starts_at, timezone))))
    else:
        out.append(kit.section(t.gettext("*Next meeting:* none planned — `/cop meeting` plans one.")))
    lines = [f"• :bulb: {kit.link(link, plain(title_, 120), channel_id)}" for title_, link in lessons]
    out.append(kit.section("\n".join([t.ngettext("*{n}* lesson learned this week", "*{n}* lessons learned this week",
                                              len(lessons))] + lines)))
    if gaps:
        found = [t.ngettext("• “{words}” (once)", "• “{words}” ({n} times)", n, words=mrkdwn(plain(w, 120)))
                 for w, n in gaps]
        out.append(kit.section("\n".join([t.gettext("*Searched for and not found this week:*")] + found + [
            t.gettext("`/cop gaps` turns one into a call for help or a meeting topic.")])))
    return {"text": kit.fallback(title), "blocks": out[:kit.MESSAGE_BLOCKS_MAX]}
