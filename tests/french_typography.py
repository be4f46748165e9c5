"""French as the OQLF writes it (its Banque de dépannage linguistique), as one lint: the rules a
French string must follow, in one place, for the catalogue's messages and for the text the code
builds around them.

``violations(text)`` returns what breaks a rule in one French text, as Slack would show it
(mrkdwn). Slack's own markup is not prose and is read as Slack reads it: inline code (`…`),
links (``<https://…|label>``: the label is prose, the address is not), mentions (``<@U…>``,
``<#C…>``, ``<!here>``), emoji shortcodes (``:bell:``), bare addresses (``https://…``), and
the ``&gt;`` that starts a quoted line. Inside code, only the ``/cop`` words are read (they must
be the French words the bot knows). In the catalogue, ``{placeholders}`` stand for a word.

The rules, and the choices made where the OQLF leaves one:

- ``colon``: a non-breaking space (U+00A0) before ``:``.
- ``guillemets``: a non-breaking space inside ``« »``: ``« texte »``.
- ``tight``: nothing before ``?``, ``!`` and ``;``. The OQLF accepts a thin non-breaking space
  or none; Québec mostly writes none, and so do we, everywhere.
- ``quotes``: quotations in ``« »``, never ``“ ”`` nor straight ``"``.
- ``apostrophe``: one apostrophe, ``’`` (U+2019), never ``'``.
- ``time``: ``9 h``, ``14 h 30``; never ``09 h 00``, ``9 h 00``, ``9:00`` nor ``14h30``.
- ``quarter``: ``2e trimestre 2027``, never ``2027-Q2``.
- ``first``: the first day of a month is ``1er`` (``1er février``).
- ``number``: thousands and the units ``%`` and ``$`` after a number hold with a non-breaking
  space (``2 900``, ``62 %``), as Babel writes them.
- ``command``: every ``/cop`` word is one of the French words of ``handlers/commands.py`` (the
  line that lists the English words, ``En anglais : …``, excepted).
- ``plural``: zero and one take the singular (``0 personne``, ``1 leçon``, ``1,5 heure``): a
  count that meets a noun goes through ``ngettext``.
- ``truncation``: no point médian (``invité·e``) nor parenthesised endings (``leçon(s)``).
- ``doublet``: a role name in the masculine alone is a generic masculine; write it épicène
  (*les personnes fondatrices*, *l’équipe d’animation*) or as a full doublet
  (*animatrice ou animateur*).
- ``term``: one word for one thing (*rapport sur la valeur*, *bilan* only for ``/cop bilan``,
  *message direct*, *Accueil*…); the words that drifted are listed in ``DRIFTED``.
"""

import re
from dataclasses import dataclass

NBSP = "\u00a0"
NNBSP = "\u202f"
SPACES = " \t" + NBSP + NNBSP

RULES = {
    "colon": "a non-breaking space (U+00A0) before « : »",
    "guillemets": "a non-breaking space inside « »",
    "tight": "no space before ? ! ;",
    "quotes": "quotations in « », never “ ” nor \"",
    "apostrophe": "the apostrophe is ’ (U+2019)",
    "time": "times as 9 h, 14 h 30",
    "quarter": "quarters as 2e trimestre 2027",
    "first": "the first of the month is 1er",
    "number": "a non-breaking space in 2 900, 62 %, 75 $",
    "command": "/cop words in French",
    "plural": "0 and 1 take the singular (ngettext)",
    "truncation": "no point médian nor (s)",
    "doublet": "role names épicène or as full doublets",
    "term": "one word for one thing",
}


@dataclass(frozen=True)
class Violation:
    rule: str
    excerpt: str

    def __str__(self) -> str:
        return f"[{self.rule}] {RULES[self.rule]}: …{self.excerpt}…"


# -- what is not prose --------------------------------------------------------------------------

_CODE = re.compile(r"`[^`\n]*`")
_LINK = re.compile(r"<((?:https?|mailto):[^<>|]*)\|([^<>]*)>")
_SEQUENCE = re.compile(r"<[@#!][^<>]*>|<(?:https?|mailto):[^<>]*>")
_URL = re.compile(r"(?:https?|wss?)://[^\s<>`»)]+")
_STRAY = re.compile(r"<[^<>@#!|\n]*>")  # a placeholder in prose (``https://<your address>/…``): a word
_EMOJI = re.compile(r"(?<![\w:]):[a-z0-9_+-]+:(?![\w:])")
_QUOTED_LINE = re.compile(r"^&gt;[ ]?", re.MULTILINE)
_ENTITY = re.compile(r"&(?:amp|lt|gt);")
_PLACEHOLDER = re.compile(r"\{[a-z_]+\}")
# A Slack scope (``connections:write``) and a manifest's setting (``socket_mode_enabled: false``)
# are words of configuration, written in prose because the terminal shows no code spans.
_SCOPE = re.compile(r"\b[a-z]+(?:\.[a-z]+)?:[a-z]+(?:\.[a-z]+)?\b")
_SETTING = re.compile(r"\b[a-z]+(?:_[a-z]+)+: (?:true|false)\b")
_WORD = "X"  # what a placeholder, a mention or a piece of code becomes: a word


def prose(text: str, *, placeholders: bool = False) -> str:
    """The text as a French reader reads it: Slack's markup and code replaced by a word."""
    if placeholders:
        text = _PLACEHOLDER.sub(_WORD, text)
    text = _QUOTED_LINE.sub("", text)
    text = _CODE.sub(_WORD, text)
    text = _LINK.sub(lambda m: m.group(2), text)
    text = _SEQUENCE.sub(_WORD, text)
    text = _STRAY.sub(_WORD, text)
    text = _URL.sub(_WORD, text)
    text = _EMOJI.sub(_WORD, text)
    text = _ENTITY.sub(_WORD, text)
    text = _SETTING.sub(_WORD, text)
    return _SCOPE.sub(_WORD, text)


# -- the rules ------------------------------------------------------------------------------------

_TIME = [
    re.compile(r"(?<![\d:])\d{1,2}:\d{2}(?![\d:])"),  # 9:00, 14:30
    re.compile(r"(?<![\w])\d{1,2}h\d{0,2}(?![\w])"),  # 9h, 14h30
    re.compile(r"(?<![\d])0\d[" + SPACES + r"]h\b"),  # 09 h
    re.compile(r"(?<![\d])\d{1,2}[" + SPACES + r"]h[" + SPACES + r"]00\b"),  # 9 h 00
]
_QUARTER = re.compile(r"\b\d{4}-?Q[1-4]\b|\bQ[1-4][ -]\d{4}\b")
_MONTHS = "janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre"
_FIRST = re.compile(r"(?<![\d\w])1[" + SPACES + r"](?:" + _MONTHS + r")\b")
_NUMBER = re.compile(r"\d[ \t]\d{3}(?!\d)|\d[ \t][%$]|(?<![\d" + NBSP + NNBSP + r"])\d{5,}(?!\d)")
_COP = re.compile(r"/cop[ \u00a0]+([^\s`|*_,;:!?()»<>\[\]]+)")
_ENGLISH_LIST = re.compile(r"^En anglais[" + SPACES + r"]:.*$", re.MULTILINE)
# Words that end in s or x in the singular too, and the words that may follow a count without
# being its noun.
_INVARIABLE = {"fois", "mois", "temps", "cas", "sans", "dans", "sous", "sur", "plus", "moins", "x",
               "h", "min", "s", "repas", "prix", "choix", "voix", "avis", "accès", "succès", "progrès", "pas"}
_COUNT = re.compile(r"(?<![\d,." + NBSP + NNBSP + r"])([01])(?:,\d+)?[" + SPACES + r"]+([\wàâçéèêëîïôûùüÿœæ’-]+)"
                    r"(?:[" + SPACES + r"]+([\wàâçéèêëîïôûùüÿœæ’-]+))?")
_UNITS = {"h", "min", "j"}
_TRUNCATION = re.compile(r"\w·\w|\w\((?:e|s|es|x|ne|le|rice|trice|euse|ère|ive)\)", re.IGNORECASE)
# Masculine role names and the feminine that makes them a doublet when it stands beside them.
DOUBLETS = {
    "fondateur": "fondatrice", "animateur": "animatrice", "rapporteur": "rapporteuse", "parrain": "marraine",
    "expert": "experte", "veilleur": "veilleuse", "conférencier": "conférencière", "facilitateur": "facilitatrice",
    "mentor": "mentore",
}
_MASCULINE = re.compile(r"\b(" + "|".join(DOUBLETS) + r")(s?)\b", re.IGNORECASE)
_DOUBLET_REACH = 40  # characters either side where the feminine must stand
# Words that drifted, each with the word kept (one meaning per term).
DRIFTED = {
    r"\bfoyer\b": "the channel of a community; the App Home is « Accueil »",
    r"\brapport de valeur\b": "rapport sur la valeur",
    r"\bbilans? (?:trimestriels?|de la valeur|mensuels?)\b": "bilan is /cop bilan only: the value report is "
                                                          "« rapport sur la valeur », the quarterly reflection "
                                                          "« réflexion »",
    r"\btoujours vraie\b": "toujours d’actualité",
    r"\best-ce d’accord\b": "êtes-vous d’accord",
    r"\bmessages? privés?\b": "message direct (Slack’s word)",
    r"(?<!personne-)(?<!personnes-)\bressources? TI\b": "personne-ressource TI",
    r"\bnouveaux membres\b": "épicène: les personnes nouvellement arrivées",
}
_DRIFTED = [(re.compile(pattern, re.IGNORECASE), why) for pattern, why in DRIFTED.items()]


def _excerpt(text: str, start: int, end: int, reach: int = 25) -> str:
    return text[max(0, start - reach):end + reach].replace("\n", "⏎")


def violations(text: str, *, french_commands: frozenset[str] = frozenset(), placeholders: bool = False,
               plurals: bool = True) -> list[Violation]:
    """Everything in ``text`` (French, as posted) that breaks a rule. ``french_commands``: the
    ``/cop`` words a French text may name (none given: not checked). ``placeholders``: the text is
    a catalogue message (its ``{names}`` are words). ``plurals``: check counts (meaningless with
    placeholders)."""
    found: list[Violation] = []

    def add(rule: str, source: str, match_start: int, match_end: int) -> None:
        found.append(Violation(rule, _excerpt(source, match_start, match_end)))

    if french_commands:
        listed = _ENGLISH_LIST.sub("", text)
        for match in _COP.finditer(listed):
            if match.group(1) not in french_commands:
                add("command", listed, *match.span())

    seen = prose(text, placeholders=placeholders)
    for i, char in enumerate(seen):
        before = seen[i - 1] if i else ""
        after = seen[i + 1] if i + 1 < len(seen) else ""
        if char == ":":
            if before.isdigit() and after.isdigit():
                continue  # a time: the time rule says it
            if before != NBSP:
                add("colon", seen, i, i + 1)
        elif char in "?!;":
            if before and before in SPACES:
                add("tight", seen, i, i + 1)
        elif char == "«":
            if after != NBSP:
                add("guillemets", seen, i, i + 1)
        elif char == "»":
            if before != NBSP:
                add("guillemets", seen, i, i + 1)
        elif char in "“”„\"":
            add("quotes", seen, i, i + 1)
        elif char in "'‘":
            add("apostrophe", seen, i, i + 1)
    for pattern in _TIME:
        for match in pattern.finditer(seen):
            add("time", seen, *match.span())
    for match in _QUARTER.finditer(seen):
        add("quarter", seen, *match.span())
    for match in _FIRST.finditer(seen):
        add("first", seen, *match.span())
    for match in _NUMBER.finditer(seen):
        add("number", seen, *match.span())
    for match in _TRUNCATION.finditer(seen):
        add("truncation", seen, *match.span())
    for match in _MASCULINE.finditer(seen):
        feminine = DOUBLETS[match.group(1).lower()]
        around = seen[max(0, match.start() - _DOUBLET_REACH):match.end() + _DOUBLET_REACH].lower()
        if feminine not in around:
            add("doublet", seen, *match.span())
    for pattern, _why in _DRIFTED:
        for match in pattern.finditer(seen):
            add("term", seen, *match.span())
    if plurals and not placeholders:
        for match in _COUNT.finditer(seen):
            noun, following = match.group(2).lower(), (match.group(3) or "").lower()
            if _plural(noun) or (noun in _UNITS and _plural(following)):
                add("plural", seen, *match.span())
    return found


def _plural(word: str) -> bool:
    return len(word) > 2 and word[-1] in "sx" and word not in _INVARIABLE and not word.endswith("’")


def french_subcommand_words() -> frozenset[str]:
    """The words ``/cop`` knows in French, and what may follow them in a French text's example."""
    from handlers.commands import SUBCOMMANDS

    return frozenset(word for sub in SUBCOMMANDS for word in sub.french)


# -- setting French type ---------------------------------------------------------------------------

_PROTECTED = re.compile("|".join(p.pattern for p in (
    _CODE, _LINK, _SEQUENCE, _URL, _EMOJI, _ENTITY, _PLACEHOLDER, _SETTING, _SCOPE)) + r"|<[^<>\n]*>")


def typeset(text: str) -> str:
    """The mechanical part of the rules, applied to prose (never to code, links, placeholders…): the
    non-breaking spaces before ``:`` and inside ``« »``, nothing before ``? ! ;``, the ``’``, and
    non-breaking thousands. What it cannot decide (wording, plurals, terms) is left to a person."""
    out, last = [], 0
    for match in _PROTECTED.finditer(text):
        out.append(_typeset_prose(text[last:match.start()]))
        out.append(match.group(0))
        last = match.end()
    out.append(_typeset_prose(text[last:]))
    joined = "".join(out)
    # A colon or closing guillemet right after a protected piece (a placeholder, a mention).
    joined = re.sub(r"(?<=[}>`])[ ]?:(?=[\s*_]|$)", NBSP + ":", joined)
    joined = re.sub(r"(?<=[}>`])[ ]?»", NBSP + "»", joined)
    joined = re.sub(r"«[ ]?(?=[{<`])", "«" + NBSP, joined)
    return re.sub(r"(?<=[}>`])[" + SPACES + r"]+([?!;])", r"\1", joined)


def _typeset_prose(text: str) -> str:
    text = text.replace("'", "’")
    text = re.sub(r"[ " + NBSP + NNBSP + r"]*:(?=[\s*_)]|$)", NBSP + ":", text)
    text = re.sub(r"«[ " + NBSP + r"]*", "«" + NBSP, text)
    text = re.sub(r"[ " + NBSP + r"]*»", NBSP + "»", text)
    text = re.sub(r"[" + SPACES + r"]+([?!;])", r"\1", text)
    return re.sub(r"(\d) (\d{3})(?!\d)", r"\1" + NBSP + r"\2", text)
