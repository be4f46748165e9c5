"""How Slack shows mrkdwn text to the person reading it: a small model, for tests that check that what
cop-bot posts reads as the member wrote it.

Kept apart from ``bot/`` on purpose (a mistake in the bot's escaping must not be mirrored here), and
written from Slack's "Formatting text for app surfaces" and the text object reference:

- ``&``, ``<`` and ``>`` are control characters; only ``&amp;``, ``&lt;`` and ``&gt;`` are decoded
  for display ("you shouldn't HTML entity-encode the entire text": ``&quot;`` shows as typed);
- ``<…>`` is a sequence: ``<@U…>`` a person (shown by their display name, whatever label follows a
  ``|``; the person is notified), ``<#C…>`` a channel (shown by its name), ``<!here>``,
  ``<!channel>``, ``<!everyone>`` and ``<!subteam^…>`` broadcasts (everyone concerned is notified),
  ``<!date^…|fallback>`` a date (its fallback here), anything else a link to its address, shown as
  its label when one follows a ``|``; the address and the label are decoded as text is;
- unless a text object is ``verbatim``, "URLs will be auto-converted into links, conversation
  names will be link-ified, and certain mentions will be automatically parsed": a bare address
  becomes a link, and a bare ``@here``, ``@channel`` or ``@everyone`` is taken as the broadcast;
- formatting marks (``*bold*``, ``_italic_``, ``~strike~``, `` `code` ``, ``> quote``) and emoji codes
  change how words look, not which words are read: they are left as they are;
- an invisible character (U+2060 WORD JOINER, U+200B ZERO WIDTH SPACE) shows as nothing.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

_SEQUENCE = re.compile(r"<([^<>]*)>")
_BARE_URL = re.compile(r"https?://[^\s<>]+")
_URL_TAIL = ".,;:!?)]}'\"…"  # punctuation after an address ends the sentence, not the address
_BARE_BROADCAST = re.compile(r"(?<![\w@])@(here|channel|everyone)\b", re.IGNORECASE)
_INVISIBLE = dict.fromkeys(map(ord, "\u2060\u200b"))
BROADCASTS = {"here", "channel", "everyone", "group"}


@dataclass
class Shown:
    """What a reader sees of a text, and what it does to them."""

    text: str = ""
    links: list[tuple[str, str]] = field(default_factory=list)  # (what is shown, the address it opens)
    people: set[str] = field(default_factory=set)  # people notified
    broadcasts: set[str] = field(default_factory=set)  # "here", "channel", "everyone", "subteam^S…"


def _decode(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _words(text: str, shown: Shown, verbatim: bool) -> None:
    """Text outside sequences: entities decoded; unless verbatim, bare addresses and broadcasts parsed."""
    text = _decode(text)
    if not verbatim:
        visible = text.translate(_INVISIBLE)
        for match in _BARE_URL.finditer(visible):
            address = match.group(0).rstrip(_URL_TAIL)
            if address.count("(") < address.count(")"):
                address = address[: address.rfind(")")]
            shown.links.append((address, address))
        shown.broadcasts.update(m.group(1).lower() for m in _BARE_BROADCAST.finditer(text))
    shown.text += text


def render(text: str, *, people: Mapping[str, str] | None = None, channels: Mapping[str, str] | None = None,
           verbatim: bool = False) -> Shown:
    """What Slack shows of a mrkdwn ``text``; ``people`` and ``channels`` are the display names Slack knows."""
    people, channels = people or {}, channels or {}
    shown, last = Shown(), 0
    for match in _SEQUENCE.finditer(text):
        _words(text[last:match.start()], shown, verbatim)
        last = match.end()
        target, _, label = match.group(1).partition("|")
        if target[:2] in ("@U", "@W"):
            shown.people.add(target[1:])
            shown.text += "@" + people.get(target[1:], _decode(label) or target[1:])
        elif target[:2] in ("#C", "#G"):
            shown.text += "#" + channels.get(target[1:], _decode(label) or target[1:])
        elif target.startswith("!"):
            word = target[1:].split("^")[0]
            if target.startswith("!date^"):
                shown.text += _decode(label)
            elif target.startswith("!subteam^"):
                shown.broadcasts.add(target[1:])
                shown.text += _decode(label) or "@group"
            elif word in BROADCASTS:
                shown.broadcasts.add(word)
                shown.text += "@" + word
            else:  # "Commands that are not recognised can be output as-is, without the enclosing brackets"
                shown.text += _decode(label) or word
        else:
            address, label = _decode(target), _decode(label)
            shown.links.append((label or address, address))
            shown.text += label or address
    _words(text[last:], shown, verbatim)
    shown.text = shown.text.translate(_INVISIBLE)
    return shown


def as_typed(text: str, **names) -> Shown:
    """What a member sees of their own message as Slack sent it to the bot (escaped, with sequences):
    the same rendering (Slack's own composer made the sequences)."""
    return render(text, **names)


def mrkdwn_texts(message: dict) -> list[str]:
    """Every mrkdwn text of a message's blocks (sections, their fields, contexts), in order."""
    found = []
    for block in message.get("blocks") or []:
        texts = [block.get("text")] + list(block.get("fields") or []) + list(block.get("elements") or [])
        found += [t["text"] for t in texts if isinstance(t, dict) and t.get("type") == "mrkdwn"]
    return found


# -- What a member types, and how Slack sends it to the bot -------------------------------------------
#
# In Slack's composer a member types words, picks a person or a channel, pastes an address, turns words
# into a link, or calls everyone (@here). Slack sends the bot the message (and a slash command's text,
# the command having ``should_escape``) with ``&``, ``<`` and ``>`` escaped everywhere, link addresses
# included, and each of those as a sequence: ``<@U…|name>``, ``<#C…|name>``, ``<https://…>``,
# ``<https://…|words>``, ``<!here>``. A form's plain_text_input sends back exactly what was typed.

PEOPLE = {"U0123ABCD": "Léa Tremblay", "U0456EFGH": "Marc-André", "U0789IJKL": "Nadia"}
CHANNELS = {"C0TRIAGE": "triage-nuit", "C0SOINS": "soins-intensifs"}


def slack_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@dataclass(frozen=True)
class Piece:
    """One thing a member typed: how Slack sends it, and what the member sees of it."""

    sent: str
    shown: str
    address: str | None = None  # a link's address
    person: str | None = None  # the person mentioned (and notified)
    broadcast: bool = False
    label: str | None = None  # a link's words, when they are not its address

    @property
    def read(self) -> str:
        """As a form prefilled with it should hold it: plain words, a link written out as "words (address)"."""
        return f"{self.label} ({self.address})" if self.label else self.shown


def words(text: str) -> Piece:
    return Piece(slack_escape(text), text)


def person(user_id: str) -> Piece:
    return Piece(f"<@{user_id}|{user_id.lower()}>", "@" + PEOPLE[user_id], person=user_id)


def channel(channel_id: str) -> Piece:
    return Piece(f"<#{channel_id}|{CHANNELS[channel_id]}>", "#" + CHANNELS[channel_id])


def address(url: str) -> Piece:
    return Piece(f"<{slack_escape(url)}>", url, address=url)


def link(url: str, label: str) -> Piece:
    return Piece(f"<{slack_escape(url)}|{slack_escape(label)}>", label, address=url, label=label)


def broadcast(word: str) -> Piece:
    if word.startswith("subteam"):
        return Piece("<!subteam^S0NURSES|@infirmieres>", "@infirmieres", broadcast=True)
    return Piece(f"<!{word}>", "@" + word, broadcast=True)


def message(pieces: list[Piece], separators: list[str]) -> tuple[str, str]:
    """(what Slack sends, what a form prefilled with it holds) of pieces typed one after the other."""
    sent = read = ""
    for piece, separator in zip(pieces, separators, strict=False):
        sent += piece.sent + separator
        read += piece.read + separator
    return sent, read


def members_strategies():
    """Hypothesis strategies of what a member types (imported lazily: only tests need hypothesis)."""
    from hypothesis import strategies as st

    letters = "abcdeéèêàçîôùœ ABCÉÀÇ0123456789.,;:!?'’«»-()\"/=%+$*_~`&<>"
    plain_words = st.text(alphabet=letters, min_size=1, max_size=24).filter(lambda s: "://" not in s)
    queries = st.lists(st.sampled_from(["id=42", "lang=fr", "q=a%20b", "x=&", "tri=%3C1%3E", "nuit=oui"]),
                       max_size=3).map(lambda q: "?" + "&".join(q) if q else "")
    urls = st.builds(lambda host, path, query: f"https://{host}/{path}{query}",
                     st.sampled_from(["intranet.example.org", "www.inesss.qc.ca", "cisss.example.ca"]),
                     st.sampled_from(["protocol", "soins/triage", "doc_1.pdf", ""]), queries)
    labels = st.text(alphabet="abcdeéàç ABC0123456789.,;:!?'’-&*_", min_size=1, max_size=20).map(str.strip).filter(bool)
    typed_markup = st.sampled_from(["<@U0123ABCD>", "<!here>", "&amp;", "&lt;3", "<https://x.example.org>",
                                    "a < b > c", "R&D", "<#C0SOINS>", ":hospital:", "*urgent*", "_vite_",
                                    "~non~", "`code`", "#triage", "100 %", "l’équipe"])
    piece = st.one_of(
        plain_words.map(words), typed_markup.map(words),
        st.sampled_from(sorted(PEOPLE)).map(person), st.sampled_from(sorted(CHANNELS)).map(channel),
        urls.map(address), st.builds(link, urls, labels),
        st.sampled_from(["here", "channel", "everyone", "subteam"]).map(broadcast))
    separators = st.lists(st.sampled_from([" ", " ", " ", "\n", " — "]), min_size=12, max_size=12)
    slack_message = st.tuples(st.lists(piece, min_size=1, max_size=10), separators)
    # In a form: anything, including what looks like Slack's markup (a form sends it back as typed).
    form_text = st.lists(st.one_of(plain_words, typed_markup, urls, st.sampled_from(
        ["@here", "@channel", "@Léa Tremblay", "<!channel>", "<@U0456EFGH|marc>", "&amp;amp;"])),
        min_size=1, max_size=10).map(" ".join)
    return slack_message, form_text
