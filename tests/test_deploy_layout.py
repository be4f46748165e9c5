"""docs/deploy.md's production layout, exactly as written: one ``.env`` (with ``COP_JOURNAL``),
``cop-bot migrate``, then ``cop-bot web`` and ``cop-bot worker`` on the same PostgreSQL database.
An ordinary worker restart, then a crash of the web process while it owes work: every request Slack
saw acknowledged is done, once. (Both processes once opened the one journal; each start rewrote it,
and the other went on appending to the deleted file: 30 of 30 acked requests were lost.)"""

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request

import pytest

from tests.conftest import SIGNING_SECRET, RunningBot
from tests.test_cli import _free_port

pytestmark = pytest.mark.slow  # a process or a long run each: `pytest -m "not slow"` skips them

CHANNEL = "CCOP"
TOKEN = "xoxb-deploy-layout-token"


class Layout:
    def __init__(self, tmp_path, fake, database_url: str):
        self.cwd, self.fake = tmp_path, fake
        self.port = _free_port()
        fake.tokens[TOKEN] = "T0001"
        # The .env of docs/deploy.md, section 3, for one workspace (and the fake's address).
        (tmp_path / ".env").write_text(
            f"SLACK_BOT_TOKEN={TOKEN}\nSLACK_SIGNING_SECRET={SIGNING_SECRET}\nDATABASE_URL={database_url}\n"
            f"COP_JOURNAL={tmp_path / 'var' / 'requests.journal'}\nPORT={self.port}\nSLACK_API_URL={fake.api_url}\n")
        self.env = {k: v for k, v in os.environ.items()
                    if not k.startswith(("SLACK_", "DATABASE_URL", "PORT", "COP_"))}
        self.logs: list[str] = []

    def cli(self, action: str) -> subprocess.Popen:
        return subprocess.Popen([sys.executable, "-m", "bot.cli", action], env=self.env, cwd=self.cwd,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def web(self) -> tuple[subprocess.Popen, RunningBot]:
        process = self.cli("web")
        url = f"http://127.0.0.1:{self.port}/"
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(url + "healthz", timeout=2) as response:
                    assert json.loads(response.read())["status"] == "ok"
                    return process, RunningBot(url=url, cop=None, fake=self.fake)
            except OSError:
                assert process.poll() is None and time.monotonic() < deadline, process.stderr.read()
                time.sleep(0.1)

    def worker(self) -> subprocess.Popen:
        process = self.cli("worker")
        time.sleep(1.5)  # it has started (and, before, rewritten the journal it had no business opening)
        assert process.poll() is None, process.stderr.read()
        return process

    def stop(self, process: subprocess.Popen, sig=signal.SIGTERM) -> None:
        process.send_signal(sig)
        process.wait(timeout=30)
        self.logs.append(process.stderr.read())


def posted(fake, needle: str) -> int:
    with fake._lock:
        return sum(needle in m.text for (c, _), m in fake.messages.items() if c == CHANNEL)


def test_web_and_worker_from_one_env_lose_nothing_acked_when_the_worker_restarts_and_the_web_crashes(
        tmp_path, fake_slack, postgres_database_url):
    layout = Layout(tmp_path, fake_slack, postgres_database_url)
    migrated = subprocess.run([sys.executable, "-m", "bot.cli", "migrate"], env=layout.env, cwd=tmp_path,
                              capture_output=True, text=True, timeout=120)
    assert migrated.returncode == 0, migrated.stderr
    web, running = layout.web()
    worker = layout.worker()
    try:
        assert running.command("setup", user="UFOUNDER", channel=CHANNEL)[0] == 200
        fake_slack.wait_for("response_url")
        layout.stop(worker)  # an ordinary restart (an upgrade, a systemctl restart)
        worker = layout.worker()

        # A second web process from the same .env (a mistaken second unit) is refused in one line.
        second = subprocess.run([sys.executable, "-m", "bot.cli", "web"], env=layout.env, cwd=tmp_path,
                                capture_output=True, text=True, timeout=60)
        assert second.returncode == 2 and "COP_JOURNAL" in second.stderr
        assert len(second.stderr.strip().splitlines()) == 1 and "Traceback" not in second.stderr

        fake_slack.delays["chat.postMessage"] = 2.0  # Slack is slow: the asks are owed when the web dies
        for n in range(30):
            assert running.command(f"ask Layout question {n}?", user=f"UASK{n}", channel=CHANNEL)[0] == 200
        layout.stop(web, signal.SIGKILL)
        fake_slack.delays.clear()
        web, running = layout.web()

        deadline = time.monotonic() + 60
        while not all(posted(fake_slack, f"Layout question {n}?") for n in range(30)):
            assert time.monotonic() < deadline, [n for n in range(30) if not posted(fake_slack, f"question {n}?")]
            time.sleep(0.2)
        fake_slack.settle(quiet=1.0)
        assert all(posted(fake_slack, f"Layout question {n}?") == 1 for n in range(30))
    finally:
        for process in (web, worker):
            if process.poll() is None:
                layout.stop(process)
    assert not any("Traceback" in log for log in layout.logs), "\n".join(layout.logs)[-3000:]
