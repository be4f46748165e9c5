"""``cop-bot`` as an admin runs it: clear errors on bad settings, a clean stop on SIGTERM."""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import SIGNING_SECRET, RunningBot, from_template
from tests.fake_slack import TEAM_ID

# What needs a process of its own (a signal, the exit status, a server, a read-only mount) is in the slow
# tier; the rest calls ``bot.cli.main`` in this process (the ``cop_cli`` fixture): the inner loop.

ROOT = Path(__file__).resolve().parent.parent


def run_cli(args, env, cwd, **kw):
    """``cop-bot ARGS`` in a process of its own; a command that serves Slack finds its SQLite database
    (when not there yet) migrated, copied from the template: the tests of migrating use ``migrate``."""
    if args and args[0] in ("run", "web", "worker"):
        from_template(env.get("DATABASE_URL", "sqlite:///cop.db"), cwd)
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DATABASE_URL", "PORT", "COP_"))}
    return subprocess.run([sys.executable, "-m", "bot.cli", *args], env={**clean, **env}, cwd=cwd,
                          capture_output=True, text=True, timeout=60, **kw)


@pytest.mark.parametrize(("env", "named"), [
    ({}, "SLACK_BOT_TOKEN"),
    ({"SLACK_BOT_TOKEN": "not-a-token"}, "SLACK_BOT_TOKEN"),
    ({"SLACK_BOT_TOKEN": "xoxb-1"}, "SLACK_SIGNING_SECRET"),
    ({"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s", "PORT": "http"}, "PORT"),
    ({"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s", "DATABASE_URL": "mysql://x/y"}, "DATABASE_URL"),
    ({"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s", "SLACK_APP_TOKEN": "xoxb-2"}, "SLACK_APP_TOKEN"),
    ({"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s", "COP_LOG_LEVEL": "LOUD"}, "COP_LOG_LEVEL"),
])
def test_a_bad_setting_is_one_clear_line_and_exit_status_2(tmp_path, env, named, cop_cli):
    result = cop_cli(["run"], env, tmp_path)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and named in lines[0] and "Traceback" not in result.stderr
    assert "xoxb-1" not in result.stderr


@pytest.mark.slow  # a process of its own
def test_dotenv_is_read_and_the_environment_wins(tmp_path):
    (tmp_path / ".env").write_text("SLACK_BOT_TOKEN=xoxb-from-dotenv\nSLACK_SIGNING_SECRET=s\nPORT=70000\n")
    result = run_cli(["run"], {}, tmp_path)
    assert result.returncode == 2 and "PORT" in result.stderr  # .env was read
    result = run_cli(["migrate"], {"PORT": "3001", "DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}"}, tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "x.db").exists()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_cli(tmp_path, fake_slack, **extra) -> tuple[subprocess.Popen, str]:
    """``cop-bot run`` in a process of its own, against the fake Slack; once /healthz answers."""
    port = _free_port()
    fake_slack.tokens["xoxb-secret-token-value"] = TEAM_ID
    env = {"SLACK_BOT_TOKEN": "xoxb-secret-token-value", "SLACK_SIGNING_SECRET": SIGNING_SECRET,
           "SLACK_API_URL": fake_slack.api_url, "DATABASE_URL": f"sqlite:///{tmp_path / 'cop.db'}",
           "PORT": str(port), **extra}
    env = {name: value.replace("{port}", str(port)) for name, value in env.items() if value is not None}
    from_template(env["DATABASE_URL"], tmp_path)
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DATABASE_URL", "PORT", "COP_"))}
    process = subprocess.Popen([sys.executable, "-m", "bot.cli", "run"], env={**clean, **env}, cwd=tmp_path,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 30
    while True:
        try:
            with urllib.request.urlopen(url + "healthz", timeout=2) as response:
                assert json.loads(response.read())["status"] == "ok"
                return process, url
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise AssertionError("cop-bot never answered /healthz: " + process.stderr.read()) from None
            time.sleep(0.1)


def help_then_sigterm(tmp_path, fake_slack, **env) -> str:
    """``cop-bot run``: ``/cop help`` answered, then SIGTERM, which stops it with status 0; its log."""
    process, url = start_cli(tmp_path, fake_slack, **env)
    try:
        running = RunningBot(url=url, cop=None, fake=fake_slack)
        assert running.command("help", user="UX", channel="CX")[0] == 200
        assert "/cop ask" in fake_slack.wait_for("response_url")[0].args["text"]
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=20) == 0
    finally:
        if process.poll() is None:
            process.kill()
    return process.stderr.read()


@pytest.mark.slow  # a process of its own
def test_run_serves_slack_and_health_then_stops_cleanly_on_sigterm(tmp_path, fake_slack):
    logs = help_then_sigterm(tmp_path, fake_slack, COP_LOG_LEVEL="DEBUG")
    assert "Traceback" not in logs
    assert "xoxb-secret-token-value" not in logs  # secrets never reach the logs, even at DEBUG
    assert "cop-bot stopped" in logs


@pytest.mark.slow  # a process of its own
def test_calls_acked_just_before_a_sigterm_are_still_posted(tmp_path, fake_slack):
    """A burst holds work back until it pauses; stopping must not drop what was acked."""
    process, url = start_cli(tmp_path, fake_slack)
    try:
        running = RunningBot(url=url, cop=None, fake=fake_slack)
        assert running.command("setup", user="UFOUNDER", channel="CCOP", channel_name="soins")[0] == 200
        fake_slack.wait_for("response_url")
        for n in range(15):
            status, body = running.command(f"ask Question {n} about night shifts?", user="UASKER", channel="CCOP")
            assert status == 200 and body == ""
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0
    finally:
        if process.poll() is None:
            process.kill()
    posted = [c.args["text"] for c in fake_slack.calls_to("chat.postMessage", channel="CCOP")]
    for n in range(15):
        assert sum(f"Question {n} about" in text for text in posted) == 1, n
    assert "Traceback" not in process.stderr.read()


@pytest.mark.slow  # a process of its own
def test_with_an_app_token_it_connects_in_socket_mode_through_slack_api_url(tmp_path, fake_slack):
    fake_slack.tokens["xoxb-1"] = TEAM_ID
    fake_slack.app_tokens.add("xapp-1-socket")
    env = {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xapp-1-socket", "SLACK_API_URL": fake_slack.api_url,
           "DATABASE_URL": f"sqlite:///{tmp_path / 'cop.db'}"}  # no signing secret needed in Socket Mode
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DATABASE_URL", "PORT", "COP_"))}
    process = subprocess.Popen([sys.executable, "-m", "bot.cli", "run"], env={**clean, **env}, cwd=tmp_path,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        fake_slack.wait_for("apps.connections.open", timeout=30)
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=20) == 0
    finally:
        if process.poll() is None:
            process.kill()
    assert "xapp-1-socket" not in process.stderr.read()


def test_secrets_are_blanked_out_of_log_lines_whoever_logs_them(capsys):
    """The settings' secrets, and any token-shaped string or secret field: the tokens of workspaces
    installed through OAuth, which no setting knows, as slack_sdk logs its requests and answers at
    DEBUG, and in a traceback too."""
    import logging

    from bot.settings import Settings, configure_logging

    settings = Settings(slack_bot_token="", slack_signing_secret="signing-secret-5678", log_level="DEBUG",
                        slack_client_id="1.2", slack_client_secret="client-secret-9012")
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    configure_logging(settings)
    try:
        _log_secrets()
    finally:  # the next tests of this process log as before (not to this test's captured stderr)
        root.handlers[:] = handlers
        root.setLevel(level)
    logged = capsys.readouterr().err
    assert "token [redacted] and [redacted], status ok" in logged
    for secret in ("MTIzNDU2", "My0xLTI1", "not-in-the-settings", "'r1'", "xoxb-1111", "xapp-1-A0", "xoxp-3333",
                   "client-secret-9012", "signing-secret-5678"):
        assert secret not in logged, secret
    assert "'token_type': 'bot', 'expires_in': 43200" in logged  # the rest is kept
    assert "RuntimeError: Slack said no to [redacted]" in logged


def _log_secrets() -> None:
    import logging

    logging.getLogger("x").info("token %s and %s, status ok", "client-secret-9012", "signing-secret-5678")
    sdk = logging.getLogger("slack_sdk.web.base_client")  # a library's logger: its records reach the handler
    sdk.debug("Received the following response - status: 200, body: {'ok': True, 'access_token': "
              "'xoxe.xoxb-1-MTIzNDU2', 'refresh_token': 'xoxe-1-My0xLTI1', 'token_type': 'bot', 'expires_in': 43200}")
    sdk.debug("Sending a request - body_params: {'client_secret': 'not-in-the-settings', 'refresh_token': 'r1'}")
    sdk.debug("Sending a request - headers: {'Authorization': 'Bearer xoxb-1111-2222-AbCd'}, app: xapp-1-A0-99")
    try:
        raise RuntimeError("Slack said no to xoxp-3333-4444")
    except RuntimeError:
        logging.getLogger("x").exception("failed")


def test_the_database_url_a_hosting_platform_hands_out_is_taken_as_is():
    from bot.settings import Settings

    base = {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s"}
    for given in ("postgres://cop:pw@db.example.org:5432/cop", "postgresql://cop:pw@db.example.org:5432/cop"):
        settings = Settings.from_env({**base, "DATABASE_URL": given}, dotenv=None)
        assert settings.database_url == "postgresql+psycopg://cop:pw@db.example.org:5432/cop"


def test_migrate_needs_no_slack_setting(tmp_path, cop_cli):
    result = cop_cli(["migrate"], {"DATABASE_URL": f"sqlite:///{tmp_path / 'm.db'}"}, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "created the schema at" in result.stdout and (tmp_path / "m.db").exists()


@pytest.mark.slow  # a process of its own
def test_a_port_in_use_is_one_clear_line_and_exit_status_2(tmp_path, fake_slack):
    fake_slack.tokens["xoxb-secret-token-value"] = TEAM_ID
    with socket.socket() as taken:
        taken.bind(("0.0.0.0", 0))  # noqa: S104 - as cop-bot binds
        taken.listen()
        port = taken.getsockname()[1]
        result = run_cli(["run"], {"SLACK_BOT_TOKEN": "xoxb-secret-token-value", "SLACK_SIGNING_SECRET": "s",
                                   "SLACK_API_URL": fake_slack.api_url, "PORT": str(port),
                                   "DATABASE_URL": f"sqlite:///{tmp_path / 'p.db'}"}, tmp_path)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    problem = [line for line in result.stderr.splitlines() if line.startswith("cop-bot:")]
    assert len(problem) == 1 and f"port {port} is already in use" in problem[0]


@pytest.mark.slow  # a process of its own
def test_at_info_the_scheduler_s_ticks_do_not_fill_the_log(tmp_path, fake_slack):
    logs = help_then_sigterm(tmp_path, fake_slack)  # COP_LOG_LEVEL defaults to INFO
    assert "cop-bot stopped" in logs
    assert "apscheduler" not in logs


@pytest.mark.slow  # a process of its own
def test_a_socket_mode_token_slack_refuses_is_one_clear_line_and_exit_status_2(tmp_path, fake_slack):
    fake_slack.tokens["xoxb-1"] = TEAM_ID  # the bot token is good; the app-level token is not
    result = run_cli(["run"], {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xapp-1-revoked",
                               "SLACK_API_URL": fake_slack.api_url,
                               "DATABASE_URL": f"sqlite:///{tmp_path / 's.db'}"}, tmp_path)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and "xapp-1-revoked" not in result.stderr
    problem = [line for line in result.stderr.splitlines() if line.startswith("cop-bot:")]
    assert len(problem) == 1 and "SLACK_APP_TOKEN" in problem[0] and "invalid_auth" in problem[0]


SECRET = "SECRETVALUE1234567890"
_BAD = {  # each setting pasted wrong, with a secret in it
    "SLACK_BOT_TOKEN": [f"xoxb-{SECRET}\nxoxb-second-line", f"xoxp-{SECRET}", f"xoxb-{SECRET} trailing words"],
    "SLACK_SIGNING_SECRET": [f"{SECRET}\nsecond line", f"{SECRET} {SECRET}"],
    "SLACK_APP_TOKEN": [f"xoxb-{SECRET}", f"xapp-{SECRET}\nmore"],
    "SLACK_CLIENT_SECRET": [f"{SECRET}\nmore"],
    "SLACK_CLIENT_ID": [f"id-{SECRET}"],
}


@pytest.mark.parametrize(("name", "value"), [(n, v) for n, values in _BAD.items() for v in values])
def test_no_malformed_setting_ever_prints_a_secret(tmp_path, name, value, cop_cli):
    env = {"SLACK_BOT_TOKEN": "xoxb-good-enough", "SLACK_SIGNING_SECRET": "s" * 32, name: value}
    if name.startswith("SLACK_CLIENT"):
        env = {"SLACK_CLIENT_ID": "1.2", "SLACK_CLIENT_SECRET": "c" * 32, "SLACK_SIGNING_SECRET": "s" * 32,
               name: value}
    result = cop_cli(["run"], env, tmp_path)
    assert result.returncode == 2
    output = result.stdout + result.stderr
    assert SECRET not in output and "Traceback" not in output
    assert len(result.stderr.strip().splitlines()) == 1 and name in result.stderr


@pytest.mark.slow  # a process of its own
def test_a_token_slack_refuses_or_an_unreachable_slack_is_one_line_without_the_token(tmp_path, fake_slack):
    refused = run_cli(["run"], {"SLACK_BOT_TOKEN": f"xoxb-{SECRET}", "SLACK_SIGNING_SECRET": "s" * 32,
                                "SLACK_API_URL": fake_slack.api_url}, tmp_path)
    assert refused.returncode == 2 and "invalid_auth" in refused.stderr
    proxied = run_cli(["run"], {"SLACK_BOT_TOKEN": f"xoxb-{SECRET}", "SLACK_SIGNING_SECRET": "s" * 32,
                                "SLACK_API_URL": "http://127.0.0.1:9/api/", "HTTPS_PROXY": "http://127.0.0.1:9"},
                      tmp_path)
    assert proxied.returncode == 2 and "HTTPS_PROXY" in proxied.stderr
    for result in (refused, proxied):
        problem = [line for line in result.stderr.splitlines() if line.startswith("cop-bot:")]
        assert len(problem) == 1 and "SLACK_BOT_TOKEN" in problem[0]
        assert SECRET not in result.stdout + result.stderr and "Traceback" not in result.stderr


def test_run_help_describes_every_setting(tmp_path, cop_cli):
    result = cop_cli(["run", "--help"], {}, tmp_path)
    assert result.returncode == 0
    for name in ("SLACK_BOT_TOKEN", "SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET", "SLACK_SIGNING_SECRET",
                 "SLACK_APP_TOKEN", "DATABASE_URL", "PORT", "COP_PUBLIC_URL", "COP_JOURNAL", "COP_LOG_LEVEL",
                 "COP_DEPARTED_RETENTION_DAYS"):
        assert name in result.stdout, name


@pytest.mark.slow  # a process of its own
def test_the_log_says_what_the_bot_did_by_ids_never_by_text_or_token(tmp_path, fake_slack):
    logs = help_then_sigterm(tmp_path, fake_slack)
    start = [line for line in logs.splitlines() if "started:" in line]
    assert len(start) == 1 and "cop-bot 0.1.0" in start[0] and "SQLite database" in start[0]
    assert f"workspace {TEAM_ID}" in start[0] and "HTTP on port" in start[0]
    assert any("/cop help" in line and TEAM_ID in line and "UX" in line for line in logs.splitlines())
    assert "xoxb-secret-token-value" not in logs and "As you gave" not in logs


def test_backup_copies_a_live_sqlite_database_and_needs_only_the_database(tmp_path, cop_cli):
    import sqlite3

    database = tmp_path / "cop.db"
    assert cop_cli(["migrate"], {"DATABASE_URL": f"sqlite:///{database}"}, tmp_path).returncode == 0
    with sqlite3.connect(database) as connection:
        connection.execute("INSERT INTO workspaces (team_id, org_install, first_seen_at) "
                           "VALUES ('T1', 0, '2026-11-24 00:00:00')")
    result = cop_cli(["backup", str(tmp_path / "copy.db")], {"DATABASE_URL": f"sqlite:///{database}"}, tmp_path)
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(tmp_path / "copy.db") as copy:
        assert copy.execute("SELECT team_id FROM workspaces").fetchall() == [("T1",)]
    missing = cop_cli(["backup", str(tmp_path / "nowhere" / "copy.db")], {"DATABASE_URL": f"sqlite:///{database}"},
                      tmp_path)
    assert missing.returncode == 2 and len(missing.stderr.strip().splitlines()) == 1


def test_backup_of_postgresql_is_a_pg_dump_that_restores(tmp_path, empty_postgres_database_url, cop_cli):
    postgres_database_url = empty_postgres_database_url
    import shutil

    if not shutil.which("pg_dump"):
        pytest.skip("pg_dump is not installed")
    assert cop_cli(["migrate"], {"DATABASE_URL": postgres_database_url}, tmp_path).returncode == 0
    result = cop_cli(["backup", str(tmp_path / "cop.dump")], {"DATABASE_URL": postgres_database_url}, tmp_path)
    assert result.returncode == 0, result.stderr
    listing = subprocess.run(["pg_restore", "--list", str(tmp_path / "cop.dump")], capture_output=True, text=True)
    assert "TABLE public communities" in listing.stdout and "TABLE public slack_installations" in listing.stdout


@pytest.mark.slow  # a process of its own
def test_at_debug_no_token_of_any_installed_workspace_reaches_the_log(tmp_path, fake_slack):
    """Many workspaces, COP_LOG_LEVEL=DEBUG: slack_sdk logs every request and answer, OAuth's included.
    Through an install, a token rotation and a token Slack ends early, no token, refresh token or
    secret is in the log: neither the settings' nor those Slack hands out for each workspace."""
    import re

    from tests.fake_slack import CLIENT_ID, CLIENT_SECRET
    from tests.test_installations import install

    fake_slack.token_rotation = True
    process, url = start_cli(tmp_path, fake_slack, SLACK_BOT_TOKEN=None, SLACK_CLIENT_ID=CLIENT_ID,
                             SLACK_CLIENT_SECRET=CLIENT_SECRET, COP_PUBLIC_URL="http://127.0.0.1:{port}",
                             COP_LOG_LEVEL="DEBUG")
    try:
        running = RunningBot(url=url, cop=None, fake=fake_slack)
        fake_slack.redirect_urls.append(url + "slack/oauth_redirect")
        fake_slack.add_channels("T0AAA", "CAAA")
        assert install(running, "T0AAA", team_name="Hôpital A")[0] == 200
        installed = fake_slack.token_of("T0AAA")
        fake_slack.expire_token(installed)  # Slack ends it early: refreshed at its first use
        assert running.command("setup", user="UAAA1", channel="CAAA", team_id="T0AAA")[0] == 200
        fake_slack.wait_for("conversations.join", channel="CAAA")
        rotated = fake_slack.token_of("T0AAA")
        assert rotated != installed
        fake_slack.expire_token(rotated, at="chat.postMessage")
        assert running.command("ask Protocole de nuit ?", user="UAAA1", channel="CAAA", team_id="T0AAA")[0] == 200
        for _ in range(100):
            if any(c.answer["ok"] and "Protocole de nuit" in str(c.args) for c in fake_slack.calls_to(
                    "chat.postMessage", channel="CAAA")):
                break
            time.sleep(0.1)
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=20) == 0
    finally:
        if process.poll() is None:
            process.kill()
    logs = process.stderr.read()
    refreshes = [c for c in fake_slack.calls_to("oauth.v2.access") if c.args.get("grant_type") == "refresh_token"]
    assert len(refreshes) == 2 and fake_slack.token_of("T0AAA") not in (installed, rotated)
    # The log is DEBUG's, slack_sdk's requests and answers included (OAuth's too)...
    assert "DEBUG slack_sdk" in logs and "oauth.v2.access" in logs and "Refreshed the bot token" in logs
    # ...and holds none of the secrets, whoever they belong to.
    issued = [*fake_slack.tokens, *(a["refresh_token"] for a in (c.answer for c in fake_slack.calls_to(
        "oauth.v2.access")) if a.get("refresh_token"))]
    assert len(issued) >= 4
    for secret in (*issued, CLIENT_SECRET, SIGNING_SECRET):
        assert secret not in logs
    assert not re.search(r"xox[a-z]-[A-Za-z0-9]|xapp-[A-Za-z0-9]", logs), re.search(r".*xox.*", logs).group(0)


_ECHOED = {  # settings pasted wrong, each with a secret inside, that the errors once quoted back
    "SLACK_API_URL": f"slack.com/api/?token={SECRET}",
    "COP_PUBLIC_URL": f"https://admin:{SECRET}@cop.example.org",
    "PORT": SECRET,
    "COP_LOG_LEVEL": SECRET,
    "COP_DEPARTED_RETENTION_DAYS": SECRET,
    "DATABASE_URL": f"postgresql://cop:{SECRET}@db.example.org:port/cop",
}


@pytest.mark.parametrize(("name", "value"), list(_ECHOED.items()))
def test_a_setting_error_names_the_setting_and_never_echoes_its_value(tmp_path, name, value, cop_cli):
    result = cop_cli(["run"], {"SLACK_BOT_TOKEN": "xoxb-good-enough", "SLACK_SIGNING_SECRET": "s" * 32, name: value},
                     tmp_path)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and name in lines[0] and "Traceback" not in result.stderr
    assert SECRET not in result.stdout + result.stderr


@pytest.mark.parametrize("url", ["postgresql://cop@db.example.org:abc/cop", "postgresql://cop:pw@[::1/cop",
                                 "postgresql://cop@db.example.org:99999/cop", "not a url at all", "sqlite:/",
                                 "mysql://cop@db/cop"])
@pytest.mark.parametrize("action", ["run", "migrate", "backup"])
def test_a_malformed_database_url_is_one_line_and_exit_status_2(tmp_path, url, action, cop_cli):
    args = [action, str(tmp_path / "copy.db")] if action == "backup" else [action]
    result = cop_cli(args, {"SLACK_BOT_TOKEN": "xoxb-good-enough", "SLACK_SIGNING_SECRET": "s" * 32,
                            "DATABASE_URL": url}, tmp_path)
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "DATABASE_URL" in lines[0] and "Traceback" not in result.stderr


def test_a_database_url_the_engine_refuses_is_one_line_too(tmp_path, cop_cli):
    """Well formed, but with a driver option SQLAlchemy cannot use: found when the engine is made."""
    result = cop_cli(["migrate"], {"DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}?timeout=soon"}, tmp_path)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "DATABASE_URL" in lines[0] and "Traceback" not in result.stderr


def test_an_unreachable_postgresql_is_named_without_its_password(tmp_path, cop_cli):
    with socket.socket() as closed:  # a port where nothing listens
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    result = cop_cli(["migrate"], {"DATABASE_URL": f"postgresql://cop:{SECRET}@127.0.0.1:{port}/copdb"}, tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    [line] = result.stderr.strip().splitlines()
    assert f"PostgreSQL database copdb on 127.0.0.1:{port} as cop" in line and "refused" in line
    assert SECRET not in line


def test_a_backup_is_readable_by_its_owner_only_whatever_the_umask(tmp_path, postgres_or_sqlite_url, cop_cli):
    """A copy holds every workspace's tokens: 0600 from its first byte, even where files are made
    world-readable by default (and an earlier copy left readable is replaced)."""
    import shutil
    import stat

    if postgres_or_sqlite_url.startswith("postgresql") and not shutil.which("pg_dump"):
        pytest.skip("pg_dump is not installed")
    assert cop_cli(["migrate"], {"DATABASE_URL": postgres_or_sqlite_url}, tmp_path).returncode == 0
    target = tmp_path / "copy"
    target.write_text("an older copy")
    target.chmod(0o644)
    umask = os.umask(0o002)
    try:
        result = cop_cli(["backup", str(target)], {"DATABASE_URL": postgres_or_sqlite_url}, tmp_path)
    finally:
        os.umask(umask)
    assert result.returncode == 0, result.stderr
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert "readable by its owner only" in result.stdout
    assert [p.name for p in tmp_path.iterdir() if "partial" in p.name or "journal" in p.name] == []


@pytest.fixture(params=["sqlite", "postgresql"])
def postgres_or_sqlite_url(request, tmp_path):
    if request.param == "postgresql":
        return request.getfixturevalue("empty_postgres_database_url")
    return f"sqlite:///{tmp_path / 'cop.db'}"


@pytest.mark.slow  # three migrations of a whole schema
def test_migrate_says_what_it_did(tmp_path, postgres_or_sqlite_url, cop_cli):
    """An empty database: the schema is created; one left at 0009 (a release of last year): upgraded,
    and by how many migrations; one already there: nothing to do. On SQLite and PostgreSQL."""
    from alembic import command
    from alembic.script import ScriptDirectory

    from storage.db import alembic_config, make_engine

    url = postgres_or_sqlite_url
    engine = make_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    config = alembic_config(engine)
    script = ScriptDirectory.from_config(config)
    head = script.get_current_head()
    steps = len(list(script.iterate_revisions(head, "0009")))  # revisions are numbered in ranges, with gaps
    created = cop_cli(["migrate"], {"DATABASE_URL": url}, tmp_path)
    assert created.returncode == 0, created.stderr
    assert created.stdout.strip() == f"cop-bot: created the schema at {head}."
    again = cop_cli(["migrate"], {"DATABASE_URL": url}, tmp_path)
    assert again.stdout.strip() == f"cop-bot: already at {head}, the latest schema."

    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0009")
    engine.dispose()
    upgraded = cop_cli(["migrate"], {"DATABASE_URL": url}, tmp_path)
    assert upgraded.returncode == 0, upgraded.stderr
    assert upgraded.stdout.strip() == f"cop-bot: upgraded 0009 → {head}: {steps} migrations."


def test_an_sqlite_file_that_cannot_be_opened_names_the_path_and_why(tmp_path, cop_cli):
    missing = tmp_path / "no-such-folder" / "cop.db"
    for action in ("migrate", "run"):
        result = cop_cli([action], {"SLACK_BOT_TOKEN": "xoxb-good-enough", "SLACK_SIGNING_SECRET": "s" * 32,
                                    "DATABASE_URL": f"sqlite:///{missing}"}, tmp_path)
        assert result.returncode == 2 and "Traceback" not in result.stderr
        [line] = result.stderr.strip().splitlines()
        assert str(missing) in line and f"the folder {missing.parent} does not exist" in line
    folder = tmp_path / "a-folder.db"
    folder.mkdir()
    result = cop_cli(["migrate"], {"DATABASE_URL": f"sqlite:///{folder}"}, tmp_path)
    assert result.returncode == 2 and f"{folder} is a folder" in result.stderr
    not_sqlite = tmp_path / "notes.txt"
    not_sqlite.write_text("not a database, though DATABASE_URL points here\n" * 100)
    result = cop_cli(["migrate"], {"DATABASE_URL": f"sqlite:///{not_sqlite}"}, tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    [line] = result.stderr.strip().splitlines()
    assert f"cannot open the SQLite database {not_sqlite}" in line and "file is not a database" in line


def _on_a_read_only_disk(path: Path, args: list[str], env: dict, cwd: Path) -> subprocess.CompletedProcess:
    """``cop-bot`` with ``path`` (a file or a folder) on a disk mounted read-only: a bind mount made
    read-only in a mount namespace of its own (as root does not care for file permissions)."""
    import shlex
    import shutil

    unshare = shutil.which("unshare")
    if unshare is None or subprocess.run([unshare, "-rm", "true"], capture_output=True).returncode != 0:
        pytest.skip("no user and mount namespaces here (unshare -rm) to make a read-only disk")
    quoted = shlex.quote(str(path))
    cli = " ".join(shlex.quote(part) for part in [sys.executable, "-m", "bot.cli", *args])
    script = f"mount --bind {quoted} {quoted} && mount -o remount,ro,bind {quoted} && exec {cli}"
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DATABASE_URL", "PORT", "COP_"))}
    return subprocess.run([unshare, "-rm", "sh", "-c", script], env={**clean, "PYTHONPATH": str(ROOT), **env},
                          cwd=cwd, capture_output=True, text=True, timeout=60)


@pytest.mark.slow  # a process of its own
@pytest.mark.parametrize("read_only", ["folder", "file"])
def test_an_sqlite_database_on_a_read_only_disk_names_the_path_and_why(tmp_path, read_only, cop_cli):
    """A database kept on a disk mounted read-only (the file), or a first start where the database is
    to be made on one (the folder)."""
    folder = tmp_path / "data"
    folder.mkdir()
    database = folder / "cop.db"
    env = {"DATABASE_URL": f"sqlite:///{database}"}
    if read_only == "file":
        assert cop_cli(["migrate"], env, tmp_path).returncode == 0
    result = _on_a_read_only_disk(folder if read_only == "folder" else database, ["migrate"], env, tmp_path)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    [line] = result.stderr.strip().splitlines()
    assert str(database) in line and "mounted read-only" in line
    if read_only == "folder":
        assert f"the folder {folder} is on a disk mounted read-only" in line
