"""What the animators, askers and mentors are reminded of, and the weekly digest."""

from dataclasses import dataclass, field
from datetime import datetime

from bot.blocks import kit
from bot.blocks.calls import ACTION_RESOLVE
from bot.blocks.people import ACTION_MENTOR_DONE
from bot.i18n import Translator
from bot.text import mrkdwn, plain

ACTION_FOLLOW_PING = "cop_follow_ping"
ACTION_FOLLOW_REPOST = "cop_follow_repost"
ACTION_FOLLOW_CLOSE = "cop_follow_close"

@dataclass(frozen=True)
class FollowUpSubject:
    """What a follow-up is about, as a facilitator reads it."""

    kind: str  # "help.unanswered", "welcome.unreachable", "reflection.agenda"
    question: str = ""  # an unanswered call's
    link: str | None = None
    channel_id: str = ""
    newcomer_id: str = ""  # a newcomer whose welcome could not be delivered
    quarter: str = ""  # the reflections of a quarter


def follow_up_what(t: Translator, subject: FollowUpSubject) -> str:
    if subject.kind == "help.unanswered":
        return t.gettext("the unanswered call for help {call}",
                         call=kit.link(subject.link, t.gettext("“{quote}”", quote=plain(subject.question, 120)),
                                       subject.channel_id))
    if subject.kind == "welcome.unreachable":
        return t.gettext("welcoming <@{newcomer}> in person", newcomer=subject.newcomer_id)
    return t.gettext("the members' reflections of {quarter}", quarter=t.quarter(subject.quarter))


def follow_up_taken(t: Translator, *, taker_id: str, subject: FollowUpSubject, mine: bool) -> dict:
    """A facilitator's copy once someone took it: who did (the team's own coordination), and no more buttons."""
    what = follow_up_what(t, subject)
    text = (t.gettext(":raised_hands: You took {what}. The other facilitators no longer get it.", what=what) if mine
            else t.gettext(":raised_hands: <@{taker}> took {what}: nothing for you to do.", taker=taker_id, what=what))
    return {"text": kit.fallback(text), "blocks": [kit.section(text)]}


def unanswered_follow_up(t: Translator, *, help_request_id: int, asker_id: str, question: str, channel_id: str,
                         link: str | None, topics: list[str], hours: int, own: bool = False,
                         take: str | None = None) -> dict:
    """To animators: a call nobody answered, and three ways to help it along (``own``: to the animator
    who asked it, there being no other; ``take``: the "I'll take it" of a copy that went to several)."""
    if own:
        text = t.ngettext("Nobody has answered your call for help in <#{channel}> for {n} hour: “{question}”. You "
                          "can ask the experts of its topics, post it again, or close it.",
                          "Nobody has answered your call for help in <#{channel}> for {n} hours: “{question}”. You "
                          "can ask the experts of its topics, post it again, or close it.",
                          hours, channel=channel_id, question=mrkdwn(plain(question, 300)))
    else:
        text = t.ngettext("Nobody has answered <@{asker}>'s call for help in <#{channel}> for {n} hour: “{question}”",
                          "Nobody has answered <@{asker}>'s call for help in <#{channel}> for {n} hours: "
                          "“{question}”", hours, asker=asker_id, channel=channel_id,
                          question=mrkdwn(plain(question, 300)))
    value = str(help_request_id)
    elements = [
        kit.button(t.gettext("Ping the experts"), ACTION_FOLLOW_PING, value, style="primary"),
        kit.button(t.gettext("Repost it"), ACTION_FOLLOW_REPOST, value),
        kit.button(t.gettext("Close it"), ACTION_FOLLOW_CLOSE, value),
    ]
    if take:  # one primary button: the one that says who does it
        elements = [kit.take_it_button(t, take), kit.button(t.gettext("Ping the experts"), ACTION_FOLLOW_PING, value),
                    *elements[1:]]
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


@dataclass
class DigestNews:
    """What a facilitator's weekly digest says: everything the first time (``last_sent`` is None), then
    only what changed since the last one — a section left ``None`` (or empty) did not change."""

    last_sent: datetime | None = None
    open_calls: int | None = None  # open calls nobody has answered, when that changed
    open_before: int | None = None  # how many the last digest counted
    calls: list[tuple[str, str | None]] = field(default_factory=list)  # new ones (all of them, the first time)
    newcomers: list[str] = field(default_factory=list)
    quiet: int | None = None  # members quiet for 60 days, when that changed
    quiet_before: int | None = None
    meeting_changed: bool = False
    next_meeting: tuple[str, datetime] | None = None
    lessons: list[tuple[str, str | None]] = field(default_factory=list)
    gaps: list[tuple[str, int, bool]] = field(default_factory=list)  # (words, times, already in a digest)
    watch: list[tuple[str, str | None]] = field(default_factory=list)  # the week's watch items (veille)

    @property
    def first(self) -> bool:
        return self.last_sent is None

    @property
    def anything(self) -> bool:
        return self.first or bool(self.open_calls is not None or self.newcomers or self.quiet is not None
                                  or self.meeting_changed or self.lessons or self.gaps or self.watch)


def _calls_section(t: Translator, channel_id: str, news: DigestNews, open_calls: int) -> str:
    """``open_calls``: the digest's count (``news.open_calls``, when it changed)."""
    lines = [t.ngettext("*{n}* open call for help without an answer", "*{n}* open calls for help without an answer",
                        open_calls)]
    bullets = [f"• {kit.link(link, plain(q, 120), channel_id)}" for q, link in news.calls]
    if news.first:
        return "\n".join(lines + bullets)
    if news.calls:
        lines.append(t.ngettext("New since your last digest:", "New since your last digest:", len(news.calls)))
    elif news.open_before is not None and news.open_before > open_calls:
        lines.append(t.ngettext("{n} fewer than in your last digest: answered or closed since.",
                                "{n} fewer than in your last digest: answered or closed since.",
                                news.open_before - open_calls))
    return "\n".join(lines + bullets)


def _newcomers_section(t: Translator, news: DigestNews) -> dict | None:
    if news.newcomers:
        return kit.section(t.gettext("*Newcomers this week:* {people}", people=kit.mentions(news.newcomers))
                           if news.first else
                           t.gettext("*Newcomers since your last digest:* {people}",
                                     people=kit.mentions(news.newcomers)))
    if news.first:
        return kit.section(t.gettext("*Newcomers this week:* none"))
    return None


def _quiet_section(t: Translator, news: DigestNews) -> dict | None:
    """Members quiet for 60 days: a count, never names."""
    if news.quiet is None:
        return None
    if not news.quiet:
        text = t.gettext("*Quiet for 60 days:* nobody")
    elif not news.quiet_before:
        text = t.ngettext("*Quiet for 60 days:* {n} member — a word in the channel may bring them back.",
                          "*Quiet for 60 days:* {n} members — a word in the channel may bring them back.",
                          news.quiet)
    else:
        text = t.ngettext("*Quiet for 60 days:* {n} member ({before} in your last digest).",
                          "*Quiet for 60 days:* {n} members ({before} in your last digest).", news.quiet,
                          before=t.number(news.quiet_before))
    return kit.section(text)


def _meeting_section(t: Translator, timezone: str, news: DigestNews) -> dict | None:
    if not (news.first or news.meeting_changed):
        return None
    if news.next_meeting:
        topic, starts_at = news.next_meeting
        return kit.section(t.gettext("*Next meeting:* {topic}, {when}", topic=mrkdwn(topic),
                                     when=t.datetime(starts_at, timezone)))
    return kit.section(t.gettext("*Next meeting:* none planned — `/cop meeting` plans one."))


def _lessons_section(t: Translator, channel_id: str, news: DigestNews) -> dict | None:
    if not (news.first or news.lessons):
        return None
    head = (t.ngettext("*{n}* lesson learned this week", "*{n}* lessons learned this week", len(news.lessons))
            if news.first else
            t.ngettext("*{n}* new lesson learned since your last digest",
                       "*{n}* new lessons learned since your last digest", len(news.lessons)))
    return _linked_items(head, ":bulb:", news.lessons, channel_id)


def _watch_section(t: Translator, channel_id: str, news: DigestNews) -> dict | None:
    if not news.watch:
        return None
    head = (t.ngettext("*{n}* watch item this week", "*{n}* watch items this week", len(news.watch))
            if news.first else
            t.ngettext("*{n}* new watch item since your last digest",
                       "*{n}* new watch items since your last digest", len(news.watch)))
    return _linked_items(head, ":new:", news.watch, channel_id)


def _linked_items(head: str, emoji: str, items, channel_id: str) -> dict:
    """A digest section: its heading, then one linked title per line."""
    lines = [f"• {emoji} {kit.link(link, plain(title_, 120), channel_id)}" for title_, link in items]
    return kit.section("\n".join([head] + lines))


def _gaps_section(t: Translator, news: DigestNews) -> dict | None:
    """The searches made in vain, each said "once more" when an earlier digest already listed it."""
    if not news.gaps:
        return None
    found = [(t.ngettext("• “{words}”: once more", "• “{words}”: {n} more times", n, words=mrkdwn(plain(w, 120)))
              if again else
              t.ngettext("• “{words}” (once)", "• “{words}” ({n} times)", n, words=mrkdwn(plain(w, 120))))
             for w, n, again in news.gaps]
    head = (t.gettext("*Searched for and not found this week:*") if news.first else
            t.gettext("*Searched for and not found since your last digest:*"))
    return kit.section("\n".join([head] + found + [
        t.gettext("`/cop gaps` turns one into a call for help or a meeting topic.")]))


def weekly_digest(t: Translator, *, community_name: str, channel_id: str, timezone: str, news: DigestNews) -> dict:
    """A facilitator's Monday digest: the first says everything, the next ones only what changed (no
    news, no digest: the service does not send it). Quiet members are a count, never names."""
    title = t.gettext("Your week in {name}", name=plain(community_name, 100))
    out = [kit.header(":calendar: " + title)]
    if news.last_sent is not None:  # not the first digest
        out.append(kit.context(t.gettext("Only what changed since your last digest, on {date}.",
                                         date=t.date(news.last_sent, timezone))))
    if news.open_calls is not None:
        out.append(kit.section(_calls_section(t, channel_id, news, news.open_calls)))
    sections = [_newcomers_section(t, news), _quiet_section(t, news), _meeting_section(t, timezone, news),
                _lessons_section(t, channel_id, news), _watch_section(t, channel_id, news), _gaps_section(t, news)]
    out += [s for s in sections if s is not None]
    if news.first:
        out.append(kit.context(t.gettext("From next Monday, your digest says only what changed; a week without "
                                         "news, no digest.")))
    return {"text": kit.fallback(title), "blocks": out[:kit.MESSAGE_BLOCKS_MAX]}
