"""Watch (veille): the monthly direct message to those who follow topics."""

from dataclasses import dataclass, field
from datetime import date

from babel.dates import format_date

from bot.blocks import kit
from bot.blocks.lessons import type_label
from bot.blocks.resources import RESOURCE_ICONS
from bot.i18n import Translator
from bot.text import fit_mrkdwn, mrkdwn, plain

WATCH_PER_MESSAGE = 20


@dataclass(frozen=True)
class WatchNews:
    title: str
    url: str  # the resource itself
    resource_type: str
    why: str
    watch: bool  # a watch item (else: a resource validated in the month)
    card: str | None  # its card in the channel, as Slack gave it
    topics: list[str] = field(default_factory=list)  # the reader's topics it is on


def watch_digest(t: Translator, *, community_name: str, channel_id: str, month: date, items: list[WatchNews]) -> dict:
    """One message a month: what is new on the topics the reader follows (never sent empty)."""
    name = mrkdwn(plain(community_name, 100))
    when = format_date(month, "MMMM y", locale=t.locale)
    intro = t.ngettext("*{n}* new in *{name}* (<#{channel}>) on the topics you follow, in {month}:",
                       "*{n}* new in *{name}* (<#{channel}>) on the topics you follow, in {month}:", len(items),
                       name=name, channel=channel_id, month=when)
    out = [kit.section(intro)]
    for item in items[:WATCH_PER_MESSAGE]:
        kind = (t.gettext("watch item") if item.watch else t.gettext("validated resource"))
        line = (f"{RESOURCE_ICONS.get(item.resource_type, ':books:')} *{kit.link(item.url, plain(item.title, 150))}*"
                f" — _{mrkdwn(type_label(t, item.resource_type))}, {kind}_")
        if item.why.strip() and item.why.strip() != item.title.strip():
            line += "\n" + fit_mrkdwn(plain(item.why, 300), 600)
        extra = " ".join("#" + mrkdwn(x) for x in item.topics)
        if item.card:
            extra += (" · " if extra else "") + kit.link(item.card, t.gettext("its card"))
        if extra:
            line += "\n" + extra
        out.append(kit.section(line))
    if len(items) > WATCH_PER_MESSAGE:
        more = len(items) - WATCH_PER_MESSAGE
        out.append(kit.context(t.ngettext("…and {n} more in the channel.", "…and {n} more in the channel.", more)))
    out.append(kit.context(t.gettext("`/cop unfollow #topic` stops these; `/cop follow` lists your topics.")))
    return {"text": kit.fallback(t.gettext("New on your topics in {name}", name=plain(community_name, 100))),
            "blocks": out[:kit.MESSAGE_BLOCKS_MAX]}
