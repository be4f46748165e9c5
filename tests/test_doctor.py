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
    assert "all 14 that manifest.yml asks for are granted" in text
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


@pytest.fixture
def many_workspaces(fake_slack, database_url, tmp_path, monkeypatch):
    """cop-bot installed by two workspaces through /slack/install, a community in each, and the
    settings of its admin (SLACK_CLIENT_ID and SLACK_CLIENT_SECRET, no SLACK_BOT_TOKEN)."""
    from tests.fake_slack import CLIENT_ID, CLIENT_SECRET
    from tests.test_installations import distributed_serving, install

    with distributed_serving(fake_slack, database_url) as bot:
        for team, channel, name in (("T0AAA", "CAAA", "Hôpital A"), ("T0BBB", "CBBB", "Hôpital B")):
            fake_slack.add_channels(team, channel)
            assert install(bot, team, team_name=name)[0] == 200
            bot.command("setup", user=f"U{team}", channel=channel, channel_name="soins", team_id=team)
            fake_slack.wait_for("conversations.join", channel=channel)
        bot.idle()
        address = bot.url.rstrip("/")
        manifest = tmp_path / "manifest.yml"
        manifest.write_text((ROOT / "manifest.yml").read_text().replace("https://cop-bot.example.org", address))
        monkeypatch.chdir(tmp_path)
        for name, value in {"SLACK_CLIENT_ID": CLIENT_ID, "SLACK_CLIENT_SECRET": CLIENT_SECRET,
                            "SLACK_SIGNING_SECRET": SIGNING_SECRET, "SLACK_API_URL": fake_slack.api_url,
                            "DATABASE_URL": database_url, "COP_PUBLIC_URL": address, "LANG": "en_CA.UTF-8"}.items():
            monkeypatch.setenv(name, value)
        for name in ("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN"):
            monkeypatch.delenv(name, raising=False)
        yield bot


def test_with_many_workspaces_doctor_checks_each_installed_workspace_by_name(many_workspaces, capsys):
    fake = many_workspaces.fake
    status, lines = doctor(capsys)
    text = "\n".join(lines)
    assert status == 0, text
    assert "SLACK_BOT_TOKEN" not in text
    assert "✓ Many workspaces: Client ID 1111111111.2222222222; Slack checks the Client Secret at each install" \
        in lines
    for team, name in (("T0AAA", "Hôpital A"), ("T0BBB", "Hôpital B")):
        workspace = f"{name} ({team})"
        assert f"✓ {workspace}: Slack accepts its token, bot user cop-bot (UB{team})" in lines
        assert f"✓ {workspace}: all 14 scopes that manifest.yml asks for are granted" in lines
        channel = "CAAA" if team == "T0AAA" else "CBBB"
        assert f"✓ {workspace} · #soins ({channel}): the bot is a member" in lines
    assert any(line.startswith("✓ Install page: ") and "for this app" in line for line in lines)
    assert lines[-1] == "Everything checked is in order."
    auth_tests = {call.token for call in fake.calls_to("auth.test")}
    assert auth_tests == {fake.token_of("T0AAA"), fake.token_of("T0BBB")}  # each with its own token
    assert not [c for c in fake.calls_to("oauth.v2.access") if c.args.get("grant_type") == "refresh_token"]


def test_with_many_workspaces_doctor_names_the_workspace_in_trouble(many_workspaces, capsys, monkeypatch):
    fake = many_workspaces.fake
    fake.revoked.add(fake.token_of("T0AAA"))
    fake.bot_removed("CBBB")
    status, lines = doctor(capsys)
    text = "\n".join(lines)
    assert status == 1
    assert "✗ Hôpital A (T0AAA): Slack refuses its token (token_revoked)" in lines
    assert "adds cop-bot again from " + many_workspaces.url.rstrip("/") + "/slack/install" in text
    assert "✗ Hôpital B (T0BBB) · #soins (CBBB): the bot is not a member" in lines
    assert lines[-1] == "2 problems to fix."

    monkeypatch.setenv("LANG", "fr_CA.UTF-8")
    status, lines = doctor(capsys)
    text = "\n".join(lines)
    assert "✗ Hôpital A (T0AAA)\u00a0: Slack refuse son jeton (token_revoked)" in lines
    assert "✗ Hôpital B (T0BBB) · #soins (CBBB)\u00a0: le bot n’en est pas membre" in lines
    assert lines[-1] == "2 problèmes à corriger."


def test_with_many_workspaces_doctor_says_none_is_installed_yet(fake_slack, database_url, tmp_path, monkeypatch,
                                                                  capsys):
    from tests.fake_slack import CLIENT_ID, CLIENT_SECRET
    from tests.test_installations import distributed_serving

    with distributed_serving(fake_slack, database_url) as bot:
        manifest = tmp_path / "manifest.yml"
        manifest.write_text((ROOT / "manifest.yml").read_text().replace("https://cop-bot.example.org",
                                                                         "https://cop.example.net"))
        monkeypatch.chdir(tmp_path)
        for name, value in {"SLACK_CLIENT_ID": CLIENT_ID, "SLACK_CLIENT_SECRET": CLIENT_SECRET,
                            "SLACK_SIGNING_SECRET": SIGNING_SECRET, "SLACK_API_URL": bot.fake.api_url,
                            "DATABASE_URL": database_url, "COP_PUBLIC_URL": "https://cop.example.net",
                            "LANG": "en_CA.UTF-8"}.items():
            monkeypatch.setenv(name, value)
        monkeypatch.delenv("SLACK_BOT_TOKEN", raising=False)
        status, lines = doctor(capsys)
    text = "\n".join(lines)
    assert status == 1 and "SLACK_BOT_TOKEN" not in text
    assert "✗ No workspace has installed cop-bot yet" in lines
    assert "Open https://cop.example.net/slack/install in a browser" in text


def test_requests_set_aside_are_counted_with_what_to_do(installation, capsys):
    """A request whose work kept failing was set aside: doctor says how many and what to run."""
    from sqlalchemy import text

    from tests.test_failures import wait_until

    bot = installation
    with bot.cop.runtime.db.session() as session:
        session.execute(text("ALTER TABLE help_requests RENAME TO help_requests_away"))
    bot.cop.wiring.retry_seconds = (0.05,)
    bot.command("ask Will this be set aside?", channel=CHANNEL)
    wait_until(lambda: any("Your request is kept" in c.args.get("text", "")
                           for c in bot.fake.calls_to("response_url")), what="the request set aside")
    with bot.cop.runtime.db.session() as session:
        session.execute(text("ALTER TABLE help_requests_away RENAME TO help_requests"))
    status, lines = doctor(capsys)
    assert status == 1
    failed = lines.index("✗ 1 request was set aside after its work kept failing")
    assert "cop-bot dead-letters replay all" in lines[failed + 1]
