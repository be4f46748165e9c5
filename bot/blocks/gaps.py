"""Gaps in the library: what members searched for and did not find."""

import json

from bot.blocks import kit
from bot.i18n import Translator
from bot.text import mrkdwn, plain

__all__ = ["ACTION_GAP_ASK", "ACTION_GAP_MEETING", "gap_value", "gaps_view", "read_gap_value"]

ACTION_GAP_ASK = "cop_gap_ask"
ACTION_GAP_MEETING = "cop_gap_meeting"


def gap_value(community_id: int, words: str, times: int, days: int) -> str:
    return json.dumps({"c": community_id, "w": words[:300], "n": times, "d": days}, ensure_ascii=False)


def read_gap_value(value: str) -> tuple[int, str, int, int] | None:
    try:
        data = json.loads(value)
        return int(data["c"]), str(data["w"]), int(data["n"]), int(data["d"])
    except (ValueError, KeyError, TypeError):
        return None


def gaps_view(t: Translator, *, community_name: str, community_id: int, days: int, gaps) -> dict:
    """The most frequent searches that found nothing (ephemeral), each with *Ask the community* and
    *Suggest as meeting topic*. ``gaps``: (words, times) pairs, the most sought first."""
    title = t.ngettext("*{name}* — searches that found nothing, the last {n} day",
                       "*{name}* — searches that found nothing, the last {n} days", days, name=mrkdwn(community_name))
    out = [kit.section(title)]
    if not gaps:
        out.append(kit.context(t.gettext("None: every search found something in the library. Searches are counted "
                                         "without who made them.")))
        return {"text": kit.fallback(title), "blocks": out}
    for words, times in gaps:
        out.append(kit.section(t.ngettext("“{words}” — searched once", "“{words}” — searched {n} times", times,
                                          words=mrkdwn(plain(words, 300)))))
        value = gap_value(community_id, words, times, days)
        out.append({"type": "actions", "elements": [
            kit.button(t.gettext("Ask the community"), ACTION_GAP_ASK, value),
            kit.button(t.gettext("Suggest as meeting topic"), ACTION_GAP_MEETING, value),
        ]})
    out.append(kit.context(t.gettext("Searches with no lesson or resolved question holding all their words, and "
                                     "questions the library did not answer before they were asked. Counted without "
                                     "who made them.")))
    return {"text": kit.fallback(title), "blocks": out[:kit.MESSAGE_BLOCKS_MAX]}
