"""A resource's type as people type it, in either language: ``type:guideline`` = ``type:ligne-directrice``."""

import re

from bot.i18n import N_
from bot.text import fold

# What people type after ``type:``, in either language (folded: no accents, lower case).
TYPE_WORDS = {
    "tool": ("tool", "tools", "outil", "outils"),
    "template": ("template", "templates", "modele", "modeles", "gabarit", "gabarits"),
    "guideline": ("guideline", "guidelines", "ligne-directrice", "lignes-directrices", "directive", "directives"),
    "article": ("article", "articles"),
    "evidence": ("evidence", "donnee-probante", "donnees-probantes", "donnee", "donnees", "probante"),
    "training": ("training", "trainings", "formation", "formations"),
}
# The word each type is written with after ``type:``, as the help and the answers show it.
FILTER_WORDS = {"tool": N_("tool"), "template": N_("template"), "guideline": N_("guideline"),
                "article": N_("article"), "evidence": N_("evidence"), "training": N_("training")}
_TYPE_OF = {word: key for key, words in TYPE_WORDS.items() for word in words}
_TYPE_FILTER = re.compile(r"(?<!\S)type:(\S*)", re.IGNORECASE)


def resource_type(word: str) -> str | None:
    """``ligne-directrice``, ``Guideline``, ``donnée probante`` → the type's key (None: no such type)."""
    return _TYPE_OF.get(re.sub(r"[\s_]+", "-", fold(word.strip())))


def split_types(query: str) -> tuple[str, list[str], list[str]]:
    """``night type:ligne-directrice`` → (``night``, ["guideline"], []): the words, the types asked for, and
    what was typed after ``type:`` that is no type."""
    types, unknown = [], []
    for typed_word in _TYPE_FILTER.findall(query):
        key = resource_type(typed_word)
        if key:
            types.append(key)
        else:
            unknown.append(typed_word)
    return _TYPE_FILTER.sub(" ", query).strip(), list(dict.fromkeys(types)), unknown
