"""Text as Slack sends it, as we keep it, and as we post it.

Slack sends text escaped (``&amp;``, ``&lt;``, ``&gt;``) with its own ``<…>`` sequences for
people, channels, links and broadcasts — slash-command text, and the text of messages (events,
shortcuts). A form's ``plain_text_input`` comes back as the person typed it, unescaped. We keep
**real text**: what the person wrote, unescaped, in which only three kinds of sequence are live:

- ``<@U…>`` a person, ``<#C…>`` a channel (a channel Slack named, ``<#C…|triage>``, is kept as
  the word ``#triage``: typed topics stay topics even when a channel bears their name);
- ``<https://…>``, ``<https://…|label>``, ``<mailto:…|label>`` a link, its address and label as
  real text (``&`` and not ``&amp;``).

Anything a person typed that would read as one of these (``<@U123>`` typed in a form, or
``&lt;@U123&gt;`` in a slash command) keeps an invisible WORD JOINER after its ``<``: it stays
text, and is never a mention. Broadcasts (``<!channel>``, ``<!here>``, ``<!everyone>``,
``<!subteam^…>``) become plain words and are never re-broadcast.

So text is unescaped exactly once on the way in (``from_slack``, ``typed``) and escaped exactly
once on the way out (``mrkdwn``); ``readable`` writes it for a form or a plain_text field
(people by name, links as addresses).
"""

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field

WORD_JOINER = "\u2060"  # invisible; keeps "@channel" from broadcasting and a typed "<@U1>" from mentioning

# In Slack's text: any <…> sequence. In real text: the live ones only.
_SEQUENCE = re.compile(r"<([^<>]*)>")
_LINK_TARGET = r"(?:https?://|mailto:)[^\s<>|]+"
_LIVE = re.compile(rf"<(?:@[UW][A-Z0-9]+|#[CG][A-Z0-9]+|({_LINK_TARGET})(?:\|([^<>]*))?)>")
_LINK = re.compile(rf"{_LINK_TARGET}")
_DEFUSED = "<" + WORD_JOINER
_BROADCAST_WORDS = re.compile(r"@(channel|here|everyone)\b", re.IGNORECASE)
USER_MENTION = re.compile(r"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>")  # a person as Slack sends them: <@U123|ana>
CHANNEL_MENTION = re.compile(r"<#([CG][A-Z0-9]+)>")
_TAG = re.compile(r"(?<![\w&])#([^\W_][\w-]{0,79})", re.UNICODE)
_TRAILING_TAGS = re.compile(r"(?:\s*(?<![\w&])#[^\W_][\w-]{0,79})+\s*$", re.UNICODE)


def _unescape(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def defuse(text: str) -> str:
    """Real text from words a person typed: whatever would read as a live mention or link stays text."""
    return _LIVE.sub(lambda m: _DEFUSED + m.group(0)[1:], text)


def _link(target: str, label: str) -> str:
    """A link of Slack's, as real text: live when its address and label can be written back (an
    address's "<" and ">" percent-encoded, as a browser sends them)."""
    target = target.replace("<", "%3C").replace(">", "%3E")
    if _LINK.fullmatch(target) and "<" not in label and ">" not in label:
        return f"<{target}>" if not label or label == target else f"<{target}|{label}>"
    return defuse(f"{label} ({target})" if label and label != target else target)


def _sequence_to_text(inner: str) -> str:
    target, _, label = inner.partition("|")
    target, label = _unescape(target), _unescape(label)
    if target.startswith("@"):
        return f"<{target}>" if USER_MENTION.fullmatch(f"<{target}>") else defuse(label or target)
    if target.startswith("#"):
        return f"#{label}" if label else (f"<{target}>" if CHANNEL_MENTION.fullmatch(f"<{target}>") else target)
    if target.startswith("!"):
        # Broadcasts and user groups become plain words; dates show their fallback.
        if target.startswith("!subteam^"):
            return defuse(label or "@group")
        if target.startswith("!date^"):
            return defuse(label)
        return "@" + target[1:].split("^")[0]
    return _link(target, label)


# Control characters nobody types on purpose (tabs and line breaks kept): PostgreSQL refuses NUL
# in text, and none of them shows in Slack.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def typed(text: str) -> str:
    """Real text from what a person typed in a form (Slack sends it unescaped, as typed): nothing in it
    is a mention or a link of Slack's, and control characters are dropped."""
    return defuse(_CONTROL.sub("", text))


def from_slack(text: str) -> str:
    """Real text from Slack's escaped text: a slash command's ``text``, or a message's."""
    text = _CONTROL.sub("", text)
    parts, last = [], 0
    for match in _SEQUENCE.finditer(text):
        parts.append(defuse(_unescape(text[last:match.start()])))
        parts.append(_sequence_to_text(match.group(1)))
        last = match.end()
    parts.append(defuse(_unescape(text[last:])))
    return "".join(parts).strip()


def _words(text: str) -> str:
    """Real text without live sequences, as mrkdwn: escaped, broadcasts defused."""
    escaped = _escape(text.replace(_DEFUSED, "<"))
    return _BROADCAST_WORDS.sub(lambda m: "@" + WORD_JOINER + m.group(1), escaped)


def _live_to_mrkdwn(match: "re.Match[str]") -> str:
    target, label = match.group(1), match.group(2)
    if target is None:
        return match.group(0)  # a person or a channel
    return f"<{_escape(target)}|{_words(label)}>" if label else f"<{_escape(target)}>"


def mrkdwn(text: str) -> str:
    """Real text made safe to post as mrkdwn: escaped once; people, channels and links kept;
    broadcasts defused."""
    parts, last = [], 0
    for match in _LIVE.finditer(text):
        parts += [_words(text[last:match.start()]), _live_to_mrkdwn(match)]
        last = match.end()
    parts.append(_words(text[last:]))
    return "".join(parts)


def mentioned(text: str) -> tuple[list[str], list[str]]:
    """The people and channels real text mentions (what ``readable`` needs names for)."""
    people = list(dict.fromkeys(USER_MENTION.findall(text)))
    channels = list(dict.fromkeys(CHANNEL_MENTION.findall(text)))
    return people, channels


def _same_address(target: str, label: str) -> bool:
    """A label that is its link's address as typed: ``www.example.org``, ``ana@example.org``."""
    return target in (label, f"http://{label}", f"https://{label}", f"mailto:{label}")


@dataclass(frozen=True)
class Names:
    """What Slack calls the people and channels a text mentions (by id), for ``readable``."""

    people: Mapping[str, str] = field(default_factory=dict)
    channels: Mapping[str, str] = field(default_factory=dict)


def readable(text: str, names: Names | None = None) -> str:
    """Real text as a person reads it, for a form's field or a plain_text field: people by their
    display name (``@Léa``), channels by name, links as their address (``label (address)`` when
    labelled). Typed back into a form, it mentions nobody."""
    people, channels = (names.people, names.channels) if names else ({}, {})

    def live(match: "re.Match[str]") -> str:
        whole, target, label = match.group(0), match.group(1), match.group(2)
        if target is not None:
            return label if label and _same_address(target, label) else (f"{label} ({target})" if label else target)
        if whole.startswith("<@"):
            return "@" + people.get(whole[2:-1], whole[2:-1])
        return "#" + channels.get(whole[2:-1], whole[2:-1])

    parts, last = [], 0
    for match in _LIVE.finditer(text):
        parts += [text[last:match.start()].replace(_DEFUSED, "<"), live(match)]
        last = match.end()
    parts.append(text[last:].replace(_DEFUSED, "<"))
    return "".join(parts)


def keep_mentions(text: str, before: str, people: Mapping[str, str]) -> str:
    """Real text typed back into a form that showed ``before`` as read: the people ``before`` mentioned,
    still written as the form showed them (``@Léa Tremblay``, their ``people`` name), are mentioned again —
    an edit keeps the mentions its author wrote; nobody else becomes one."""
    for user_id in mentioned(before)[0]:
        name = people.get(user_id)
        if name:
            text = re.sub(re.escape("@" + name) + r"(?![\w-])", f"<@{user_id}>", text)
    return text


ELLIPSIS = "…"
# Where an escaped mrkdwn text may not be cut: inside an entity (&amp;), or inside a <…> sequence
# (a kept mention, a link and its label).
_OPEN_ENTITY = re.compile(r"&[a-z]{0,4}$")
_OPEN_SEQUENCE = re.compile(r"<[^<>]*$")
_ESCAPED_WIDTH = {"&": 5, "<": 4, ">": 4}


# A "<…>" that is not one of Slack's sequences (a mention, a channel, a special word, a link) is a
# placeholder written in a message ("`/cop ask <your question>`"): Slack would try to read it as a
# link, so it is shown escaped. And an "&" that starts no entity is escaped too.
_STRAY_SEQUENCE = re.compile(r"<(?![@#!]|https?://|mailto:)([^<>]*)>")
_STRAY_AMPERSAND = re.compile(r"&(?!amp;|lt;|gt;)")


def escape_stray(text: str) -> str:
    """A message's mrkdwn with its literal placeholders escaped (user text was escaped already)."""
    return _STRAY_SEQUENCE.sub(r"&lt;\1&gt;", _STRAY_AMPERSAND.sub("&amp;", text))


def cut_mrkdwn(text: str, limit: int) -> str:
    """Escaped mrkdwn cut to ``limit`` characters, never inside an entity, a mention or a link,
    with an ellipsis to show it was shortened. The safety net of every block builder."""
    if len(text) <= limit:
        return text
    head = text[: max(limit - len(ELLIPSIS), 0)]
    for pattern in (_OPEN_SEQUENCE, _OPEN_ENTITY):
        opened = pattern.search(head)
        if opened:
            head = head[: opened.start()]
    return head.rstrip() + ELLIPSIS


def _whole(text: str, end: int) -> int:
    """``end``, or the start of the live sequence it would cut in two."""
    for match in _LIVE.finditer(text):
        if match.start() < end < match.end():
            return match.start()
        if match.start() >= end:
            break
    return end


def fit_mrkdwn(text: str, limit: int) -> str:
    """Real text made mrkdwn in at most ``limit`` characters: the real text is cut first (at a word
    when one is near, never inside a mention or a link), then escaped, so nothing is cut after escaping."""
    escaped = mrkdwn(text)
    if len(escaped) <= limit:
        return escaped
    budget, end = limit - len(ELLIPSIS), 0
    for char in text:  # escaping only lengthens: count each character at its escaped width
        budget -= _ESCAPED_WIDTH.get(char, 1)
        if budget < 0:
            break
        end += 1
    head = text[:_whole(text, end)]
    space = head.rfind(" ", max(0, len(head) - 20))
    if space > 0:
        head = head[:space]
    return cut_mrkdwn(mrkdwn(head.rstrip()) + ELLIPSIS, limit)


def address(url: str) -> str:
    """A link's address as mrkdwn (inside ``<…>``): its ``&`` escaped, as Slack sends them."""
    return _escape(url)


def link_label(text: str) -> str:
    """Real text as the label of a <url|label> link: as read (a label cannot hold a mention or a
    link), escaped, broadcasts defused."""
    return _words(readable(text))


_RUN_OF_SPACES = re.compile(r"\s+")
_NO_BREAK = ("\u00a0", "\u202f")  # French typography's non-breaking spaces: kept as they are


def plain(text: str, limit: int) -> str:
    """Real text on one line (French typography's non-breaking spaces kept), cut to ``limit`` characters
    with an ellipsis (never inside a mention or a link)."""
    text = one_line(text)
    return text if len(text) <= limit else text[:_whole(text, limit - 1)].rstrip() + "…"


def one_line(text: str) -> str:
    """``text`` on one line: each run of spaces, tabs and line breaks one space, French typography's
    non-breaking spaces kept as they are."""
    return _RUN_OF_SPACES.sub(lambda m: m.group(0) if m.group(0) in _NO_BREAK else " ", text).strip()


def plain_text(text: str, limit: int, names: Names | None = None) -> str:
    """Real text for a plain_text field (a header, a button, an option): as read, on one line, cut."""
    return plain(readable(text, names), limit)


def topic_key(word: str) -> str:
    return unicodedata.normalize("NFC", word).lower()


def split_topics(text: str) -> tuple[str, list[str]]:
    """``("How do we…? #onboarding #Nuit")`` → ``("How do we…?", ["onboarding", "nuit"])``.

    Tags at the very end are taken off the text; tags inside a sentence stay in it (a link's
    ``#fragment`` is no tag).
    """
    words = _LIVE.sub(lambda m: " " * len(m.group(0)), text)
    topics = list(dict.fromkeys(topic_key(t) for t in _TAG.findall(words)))
    trailing = _TRAILING_TAGS.search(words)
    body = text[: trailing.start()].rstrip() if trailing and trailing.start() > 0 else text
    return body, topics


def fold(word: str) -> str:
    """Case and accents folded, so `Aide`, `LEÇON` and `lecon` name the same thing."""
    return "".join(c for c in unicodedata.normalize("NFKD", word.lower()) if not unicodedata.combining(c))


def first_word(text: str) -> tuple[str, str]:
    """Split off the subcommand: ``"Ask  how…"`` → ``("ask", "how…")``."""
    head, _, rest = text.strip().partition(" ")
    return head.lower(), rest.strip()


def whole_number(text: str | None, *, maximum: int = 2**31 - 1) -> int | None:
    """A number typed with the digits 0-9 (not "³⁰" or "①", which str.isdigit accepts and int()
    refuses), up to ``maximum`` (a database id fits); ``None`` otherwise."""
    text = (text or "").strip()
    if not text or not text.isascii() or not text.isdigit() or len(text) > len(str(maximum)):
        return None
    value = int(text)
    return value if value <= maximum else None
