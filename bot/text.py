"""Text as Slack sends it and as we post it.

Slash-command text arrives with ``&``, ``<`` and ``>`` escaped and with Slack's
own ``<…>`` sequences for mentions, channels, links and broadcasts. We store
the real text (what the person typed) and escape it again when posting, keeping
user and channel mentions but never a broadcast (@channel, @here, @everyone,
user groups).
"""

import re
import unicodedata

_SEQUENCE = re.compile(r"<([^<>]*)>")
_BROADCAST_WORDS = re.compile(r"@(channel|here|everyone)\b", re.IGNORECASE)
USER_MENTION = re.compile(r"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>")  # a person as Slack sends them: <@U123|ana>
_KEPT_MENTION = re.compile(r"&lt;([@#][UWC][A-Z0-9]+)&gt;")
_TAG = re.compile(r"(?<![\w&])#([^\W_][\w-]{0,79})", re.UNICODE)
_TRAILING_TAGS = re.compile(r"(?:\s*(?<![\w&])#[^\W_][\w-]{0,79})+\s*$", re.UNICODE)
WORD_JOINER = "\u2060"


def _unescape(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _sequence_to_text(inner: str) -> str:
    target, _, label = inner.partition("|")
    if target.startswith("@"):
        return f"<{target}>"  # a user mention, kept
    if target.startswith("#"):
        return f"#{label}" if label else f"<{target}>"
    if target.startswith("!"):
        # Broadcasts and user groups become plain words; dates show their fallback.
        if target.startswith("!subteam^"):
            return label or "@group"
        if target.startswith("!date^"):
            return label
        return "@" + target[1:].split("^")[0]
    return label if label and label in target else (f"{label} ({target})" if label else target)


# Control characters nobody types on purpose (tabs and line breaks kept): PostgreSQL refuses NUL
# in text, and none of them shows in Slack.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def typed(text: str) -> str:
    """What a person typed, without the control characters that may ride along with it."""
    return _CONTROL.sub("", text)


def from_slack(text: str) -> str:
    """The real text of a slash command's ``text`` (or a message's text)."""
    text = typed(text)
    parts, last = [], 0
    for match in _SEQUENCE.finditer(text):
        parts.append(_unescape(text[last:match.start()]))
        parts.append(_sequence_to_text(match.group(1)))
        last = match.end()
    parts.append(_unescape(text[last:]))
    return "".join(parts).strip()


def mrkdwn(text: str) -> str:
    """Real text made safe to post as mrkdwn: escaped, mentions kept, broadcasts defused."""
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    escaped = _KEPT_MENTION.sub(r"<\1>", escaped)
    return _BROADCAST_WORDS.sub(lambda m: "@" + WORD_JOINER + m.group(1), escaped)


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


def fit_mrkdwn(text: str, limit: int) -> str:
    """Real text made mrkdwn in at most ``limit`` characters: the real text is cut first (at a word
    when one is near, never inside a mention), then escaped, so nothing is cut after escaping."""
    escaped = mrkdwn(text)
    if len(escaped) <= limit:
        return escaped
    budget, end = limit - len(ELLIPSIS), 0
    for char in text:  # escaping only lengthens: count each character at its escaped width
        budget -= _ESCAPED_WIDTH.get(char, 1)
        if budget < 0:
            break
        end += 1
    head = text[:end]
    mention = re.search(r"<[@#][A-Z0-9]*$", head)  # a kept <@U…> mention must stay whole
    if mention:
        head = head[: mention.start()]
    space = head.rfind(" ", max(0, len(head) - 20))
    if space > 0:
        head = head[:space]
    return cut_mrkdwn(mrkdwn(head.rstrip()) + ELLIPSIS, limit)


def link_label(text: str) -> str:
    """Real text as the label of a <url|label> link: everything escaped (a label cannot hold a
    mention) and broadcasts defused."""
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _BROADCAST_WORDS.sub(lambda m: "@" + WORD_JOINER + m.group(1), escaped)


_RUN_OF_SPACES = re.compile(r"\s+")
_NO_BREAK = ("\u00a0", "\u202f")  # French typography's non-breaking spaces: kept as they are


def plain(text: str, limit: int) -> str:
    """Text for a plain_text field on one line, cut to ``limit`` characters with an ellipsis."""
    text = _RUN_OF_SPACES.sub(lambda m: m.group(0) if m.group(0) in _NO_BREAK else " ", text).strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def topic_key(word: str) -> str:
    return unicodedata.normalize("NFC", word).lower()


def split_topics(text: str) -> tuple[str, list[str]]:
    """``("How do we…? #onboarding #Nuit")`` → ``("How do we…?", ["onboarding", "nuit"])``.

    Tags at the very end are taken off the text; tags inside a sentence stay in it.
    """
    topics = list(dict.fromkeys(topic_key(t) for t in _TAG.findall(text)))
    trailing = _TRAILING_TAGS.search(text)
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
