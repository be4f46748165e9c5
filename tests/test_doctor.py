"""``cop-bot doctor`` as an admin runs it, against the strict fake: one line per check, the fix in
the admin's words, exit status 0 only when everything is in order."""

from pathlib import Path

import pytest

from bot.cli import main
from tests.conftest import SIGNING_SECRET
from tests.fake_slack import APP_TOKEN, TOKEN
from tests.test_calls_for_help import CHANNEL, setup_community

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def installation(bot, database_url, tmp_path, monkeypatch):
    """A running cop-bot with one community, and the settings and manifest its admin would have."""
    setup_community(bot)
    manifest = tmp_path / "manifest.yml"
    manifest.write_text((ROOT / "manifest.yml").read_text().replace("https://cop-bot.example.org",
                                                                     bot.url.rstrip("/")))
    monkeypatch.chdir(tmp_path)
    for name, value in {"SLACK_BOT_TOKEN": TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET,
                        "SLACK_API_URL": bot.fake.api_url, "DATABASE_URL": database_url,
                        "COP_PUBLIC_URL": bot.url.rstrip("/"), "LANG": "en_CA.UTF-8"}.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("SLACK_APP_TOKEN", raising=False)
    return bot


def doctor(capsys) -> tuple[int, list[str]]:
    status = main(["doctor"])
    return status, capsys.readouterr().out.splitlines()


def test_a_sound_installation_passes_every_check(installation, capsys):
    status, lines = doctor(capsys)
    assert status == 0, "\n".join(lines)
    assert [line[0] for line in lines[:-1]] == ["✓"] * (len(lines) - 1)
    text = "\n".join(lines)
    assert "workspace Test (T0001), bot user cop-bot (UCOPBOT)" in text
    assert "all 12 that manifest.yml asks for are granted" in text
    assert f"#soins-cardiaques ({CHANNEL}): the bot is a member" in text
    assert "up to date" in text and "cop-bot answers there" in text
    assert lines[-1] == "Everything checked is in order."


def test_a_missing_scope_says_which_and_how_to_get_it(installation, capsys):
    installation.fake.scopes -= {"files:write", "users:read"}
    status, lines = doctor(capsys)
    assert status == 1
    failed = lines.index("✗ Scopes: the token lacks files:write, users:read")
    assert "reinstall the app" in lines[failed + 1] and lines[failed + 1].startswith("    Fix:")


def test_a_channel_the_bot_was_removed_from(installation, capsys):
    installation.fake.bot_removed(CHANNEL)
    status, lines = doctor(capsys)
    assert status == 1
    assert f"✗ #soins-cardiaques ({CHANNEL}): the bot is not a member" in lines
    assert "/invite @cop-bot" in "\n".join(lines)
    assert lines[-1] == "1 problem to fix."


def test_a_revoked_token_stops_the_checks_that_need_it(installation, capsys):
    installation.fake.revoked.add(TOKEN)
    status, lines = doctor(capsys)
    assert status == 1
    assert "✗ Slack refuses SLACK_BOT_TOKEN (token_revoked)" in lines
    assert "reinstall the app" in "\n".join(lines)
    assert any(line.startswith("– Scopes: not checked") for line in lines)
    assert any(line.startswith("– Communities' channels: not checked") for line in lines)


def test_a_database_not_migrated_and_a_wrong_address(installation, capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'missing.db'}")
    monkeypatch.setenv("COP_PUBLIC_URL", "https://cop.example.net")
    status, lines = doctor(capsys)
    text = "\n".join(lines)
    assert status == 1
    assert "does not exist yet" in text and "cop-bot migrate" in text
    assert "manifest.yml does not send Slack to https://cop.example.net/slack/events" in text


def test_the_checklist_speaks_french_to_a_french_system(installation, capsys, monkeypatch):
    monkeypatch.setenv("LANG", "fr_CA.UTF-8")
    installation.fake.bot_removed(CHANNEL)
    status, lines = doctor(capsys)
    assert status == 1
    text = "\n".join(lines)
    assert "le bot n’en est pas membre" in text and "Correctif\u00a0:" in text
    assert lines[-1] == "1 problème à corriger."


def test_socket_mode_checks_the_app_token_and_the_manifest(installation, capsys, monkeypatch):
    monkeypatch.setenv("SLACK_APP_TOKEN", "xapp-1-not-a-real-one")
    status, lines = doctor(capsys)
    assert status == 1 and "✗ Socket Mode: Slack refuses SLACK_APP_TOKEN (invalid_auth)" in lines
    monkeypatch.setenv("SLACK_APP_TOKEN", APP_TOKEN)
    status, lines = doctor(capsys)
    assert status == 1 and any("socket_mode_enabled: false" in line for line in lines)
    manifest = Path("manifest.yml")
    manifest.write_text(manifest.read_text().replace("socket_mode_enabled: false", "socket_mode_enabled: true"))
    status, lines = doctor(capsys)
    assert status == 0 and "✓ Socket Mode: Slack accepts SLACK_APP_TOKEN; no public address is needed" in lines
