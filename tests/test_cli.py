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

from tests.conftest import SIGNING_SECRET, RunningBot
from tests.fake_slack import TEAM_ID

ROOT = Path(__file__).resolve().parent.parent


def run_cli(args, env, cwd, **kw):
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
def test_a_bad_setting_is_one_clear_line_and_exit_status_2(tmp_path, env, named):
    result = run_cli(["run"], env, tmp_path)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and named in lines[0] and "Traceback" not in result.stderr
    assert "xoxb-1" not in result.stderr


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


def test_run_serves_slack_and_health_then_stops_cleanly_on_sigterm(tmp_path, fake_slack):
    logs = help_then_sigterm(tmp_path, fake_slack, COP_LOG_LEVEL="DEBUG")
    assert "Traceback" not in logs
    assert "xoxb-secret-token-value" not in logs  # secrets never reach the logs, even at DEBUG
    assert "cop-bot stopped" in logs


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


def test_secrets_are_blanked_out_of_log_lines_whoever_logs_them():
    import logging

    from bot.settings import Settings, configure_logging

    settings = Settings(slack_bot_token="xoxb-very-secret-1234", slack_signing_secret="signing-secret-5678")
    configure_logging(settings)
    handler = logging.getLogger().handlers[0]
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "token %s and %s, status ok",
                               ("xoxb-very-secret-1234", "signing-secret-5678"), None)
    assert handler.filter(record)
    assert record.getMessage() == "token [redacted] and [redacted], status ok"


def test_the_database_url_a_hosting_platform_hands_out_is_taken_as_is():
    from bot.settings import Settings

    base = {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s"}
    for given in ("postgres://cop:pw@db.example.org:5432/cop", "postgresql://cop:pw@db.example.org:5432/cop"):
        settings = Settings.from_env({**base, "DATABASE_URL": given}, dotenv=None)
        assert settings.database_url == "postgresql+psycopg://cop:pw@db.example.org:5432/cop"


def test_migrate_needs_no_slack_setting(tmp_path):
    result = run_cli(["migrate"], {"DATABASE_URL": f"sqlite:///{tmp_path / 'm.db'}"}, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "up to date" in result.stdout and (tmp_path / "m.db").exists()


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


def test_at_info_the_scheduler_s_ticks_do_not_fill_the_log(tmp_path, fake_slack):
    logs = help_then_sigterm(tmp_path, fake_slack)  # COP_LOG_LEVEL defaults to INFO
    assert "cop-bot stopped" in logs
    assert "apscheduler" not in logs


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
def test_no_malformed_setting_ever_prints_a_secret(tmp_path, name, value):
    env = {"SLACK_BOT_TOKEN": "xoxb-good-enough", "SLACK_SIGNING_SECRET": "s" * 32, name: value}
    if name.startswith("SLACK_CLIENT"):
        env = {"SLACK_CLIENT_ID": "1.2", "SLACK_CLIENT_SECRET": "c" * 32, "SLACK_SIGNING_SECRET": "s" * 32,
               name: value}
    result = run_cli(["run"], env, tmp_path)
    assert result.returncode == 2
    output = result.stdout + result.stderr
    assert SECRET not in output and "Traceback" not in output
    assert len(result.stderr.strip().splitlines()) == 1 and name in result.stderr


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


def test_run_help_describes_every_setting(tmp_path):
    result = run_cli(["run", "--help"], {}, tmp_path)
    assert result.returncode == 0
    for name in ("SLACK_BOT_TOKEN", "SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET", "SLACK_SIGNING_SECRET",
                 "SLACK_APP_TOKEN", "DATABASE_URL", "PORT", "COP_PUBLIC_URL", "COP_JOURNAL", "COP_LOG_LEVEL",
                 "COP_DEPARTED_RETENTION_DAYS"):
        assert name in result.stdout, name


def test_the_log_says_what_the_bot_did_by_ids_never_by_text_or_token(tmp_path, fake_slack):
    logs = help_then_sigterm(tmp_path, fake_slack)
    start = [line for line in logs.splitlines() if "started:" in line]
    assert len(start) == 1 and "cop-bot 0.1.0" in start[0] and "SQLite database" in start[0]
    assert f"workspace {TEAM_ID}" in start[0] and "HTTP on port" in start[0]
    assert any("/cop help" in line and TEAM_ID in line and "UX" in line for line in logs.splitlines())
    assert "xoxb-secret-token-value" not in logs and "As you gave" not in logs


def test_backup_copies_a_live_sqlite_database_and_needs_only_the_database(tmp_path):
    import sqlite3

    database = tmp_path / "cop.db"
    assert run_cli(["migrate"], {"DATABASE_URL": f"sqlite:///{database}"}, tmp_path).returncode == 0
    with sqlite3.connect(database) as connection:
        connection.execute("INSERT INTO workspaces (team_id, org_install, first_seen_at) "
                           "VALUES ('T1', 0, '2026-11-24 00:00:00')")
    result = run_cli(["backup", str(tmp_path / "copy.db")], {"DATABASE_URL": f"sqlite:///{database}"}, tmp_path)
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(tmp_path / "copy.db") as copy:
        assert copy.execute("SELECT team_id FROM workspaces").fetchall() == [("T1",)]
    missing = run_cli(["backup", str(tmp_path / "nowhere" / "copy.db")], {"DATABASE_URL": f"sqlite:///{database}"},
                      tmp_path)
    assert missing.returncode == 2 and len(missing.stderr.strip().splitlines()) == 1


def test_backup_of_postgresql_is_a_pg_dump_that_restores(tmp_path, postgres_database_url):
    import shutil

    if not shutil.which("pg_dump"):
        pytest.skip("pg_dump is not installed")
    assert run_cli(["migrate"], {"DATABASE_URL": postgres_database_url}, tmp_path).returncode == 0
    result = run_cli(["backup", str(tmp_path / "cop.dump")], {"DATABASE_URL": postgres_database_url}, tmp_path)
    assert result.returncode == 0, result.stderr
    listing = subprocess.run(["pg_restore", "--list", str(tmp_path / "cop.dump")], capture_output=True, text=True)
    assert "TABLE public communities" in listing.stdout and "TABLE public slack_installations" in listing.stdout
