"""What the code registers matches manifest.yml; every message has its French."""

import re
import string
from pathlib import Path

import yaml
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from bot.app import create_app
from bot.i18n import translator
from bot.settings import Settings
from tests.fake_slack import TOKEN

ROOT = Path(__file__).resolve().parent.parent


def test_registered_listeners_match_the_manifest(tmp_path, fake_slack):
    manifest = yaml.safe_load((ROOT / "manifest.yml").read_text())
    cop = create_app(Settings(slack_bot_token=TOKEN, slack_signing_secret="s", slack_api_url=fake_slack.api_url,
                              database_url=f"sqlite:///{tmp_path / 'm.db'}"))
    commands = {c["command"] for c in manifest["features"]["slash_commands"]}
    assert commands == cop.registered.commands
    events = {e.split(".")[0] for e in manifest["settings"]["event_subscriptions"]["bot_events"]}
    assert events == cop.registered.events
    shortcuts = {s["callback_id"] for s in manifest["features"].get("shortcuts", [])}
    assert shortcuts == cop.registered.shortcuts
    assert manifest["settings"]["interactivity"]["is_enabled"] is bool(cop.registered.actions)
    # Message events need history scopes; reactions need reactions:read.
    scopes = set(manifest["oauth_config"]["scopes"]["bot"])
    assert {"commands", "chat:write", "reactions:read", "channels:history", "users:read"} <= scopes
    # member_joined_channel needs channels:read (groups:read in private channels); so does conversations.members.
    assert {"channels:read", "groups:read"} <= scopes
    assert manifest["features"]["app_home"]["home_tab_enabled"] is ("app_home_opened" in cop.registered.events)
    assert manifest["features"]["slash_commands"][0]["should_escape"] is True  # mentions arrive as <@U…>


def test_the_message_shortcuts_are_named_in_french_and_english_within_slacks_limit():
    """Slack shows a shortcut's name as written, to everyone: French first (the words a French community
    reads everywhere else), then English, in at most 24 characters; the description alike."""
    from tests import french_typography as typo
    from tests.slack_rules import SHORTCUT_DESCRIPTION_MAX, SHORTCUT_NAME_MAX

    manifest = yaml.safe_load((ROOT / "manifest.yml").read_text())
    shortcuts = {s["callback_id"]: s for s in manifest["features"]["shortcuts"]}
    # The seeds' words, as the catalogue writes them (tests/test_french_typography.py, TERMS).
    words = {"cop_save_lesson": ("Leçon apprise", "lesson learned"),
             "cop_ask_from_message": ("Appel à tous", "call for help"),
             "cop_add_resource": ("Bibliothèque", "library")}
    assert set(shortcuts) == set(words)
    assert translator("fr").gettext("Lesson learned") == "Leçon apprise"
    for callback_id, shortcut in shortcuts.items():
        assert len(shortcut["name"]) <= SHORTCUT_NAME_MAX and len(shortcut["description"]) <= SHORTCUT_DESCRIPTION_MAX
        french, english = shortcut["name"].split(" · ")
        assert french == words[callback_id][0] and english.isascii(), shortcut["name"]
        described_fr, described_en = shortcut["description"].split(" · ")
        assert words[callback_id][0].lower() in described_fr and words[callback_id][1] in described_en
        assert not typo.violations(french) and not typo.violations(described_fr)


def _code_messages() -> set:
    found = set()
    for directory in ("bot", "handlers"):
        for _file, _line, message, _comments, _ctx in extract_from_dir(
                ROOT / directory, method_map=[("**.py", "python")],
                keywords={"gettext": None, "ngettext": (1, 2), "N_": None}):
            found.add(message)
    return found


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_message_in_the_code_has_a_french_translation_with_the_same_placeholders():
    with (ROOT / "bot/locales/fr/LC_MESSAGES/cop.po").open("rb") as f:
        catalog = read_po(f)
    code = _code_messages()
    assert code, "no message found: the extraction is broken"
    for message in code:
        entry = catalog.get(message if isinstance(message, str) else message[0])
        assert entry is not None and entry.string, f"no French for {message!r}"
        english = message if isinstance(message, tuple) else (message,)
        french = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        for en, fr in zip(english, french, strict=False):
            assert _fields(en) == _fields(fr), f"placeholders differ for {en!r}"
            assert re.findall(r"`[^`]*`", fr) or not re.findall(r"`/cop", en) or "`/cop" in fr


def test_french_catalog_is_used_and_numbers_follow_the_locale():
    fr, en = translator("fr"), translator("en")
    assert fr.gettext("I can help") == "Je peux aider"
    assert en.gettext("I can help") == "I can help"
    assert fr.number(2500) == "2\u00a0500"
    assert en.number(2500) == "2,500"
    assert fr.ngettext(":raised_hand: {n} offer of help: {people}", ":raised_hand: {n} offers of help: {people}",
                       2, people="x").startswith(":raised_hand: 2 offres")


def test_the_french_catalogue_holds_exactly_what_the_code_says():
    """A message the code no longer says leaves the catalogue (``scripts/update-catalog``), and nothing in it
    is fuzzy (Babel ignores a fuzzy entry: the person would read English)."""
    with (ROOT / "bot/locales/fr/LC_MESSAGES/cop.po").open("rb") as f:
        catalog = read_po(f)
    code = {m if isinstance(m, str) else m[0] for m in _code_messages()}
    stale = sorted(str(m.id if isinstance(m.id, str) else m.id[0]) for m in catalog if m.id and
                   (m.id if isinstance(m.id, str) else m.id[0]) not in code)
    assert not stale, f"in the catalogue, said nowhere in the code (run scripts/update-catalog): {stale[:5]}"
    assert not [m.id for m in catalog if m.id and m.fuzzy], "fuzzy entries: Babel ignores them"
