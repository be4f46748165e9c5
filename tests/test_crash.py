"""Nothing acked is lost, nothing is sent twice: ``cop-bot run`` killed with SIGKILL at random
moments during bursts of calls for help, ✋ offers and "Resolved" clicks, then started again.
Slack never resends a request it saw acknowledged, so every acked request's effect must happen,
exactly once (what Slack holds is counted, not what the bot tried). The same with the database
stopped and started under the bot (PostgreSQL)."""

import os
import random
import signal
import subprocess
import threading
import time
import urllib.error

import pytest

from tests.conftest import RunningBot
from tests.test_cli import start_cli

pytestmark = pytest.mark.slow  # a process or a long run each: `pytest -m "not slow"` skips them

CHANNEL = "CCOP"
SEED = int(os.environ.get("COP_CRASH_SEED", "20261124"))


def _engines():
    yield "sqlite"
    yield "postgresql"


@pytest.fixture(params=list(_engines()))
def crash_database(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'cop.db'}"
    else:
        yield request.getfixturevalue("postgres_database_url")


class Bot:
    """One ``cop-bot run`` after another, on the same database and journal."""

    def __init__(self, tmp_path, fake, database_url):
        self.tmp_path, self.fake, self.database_url = tmp_path, fake, database_url
        self.process: subprocess.Popen | None = None
        self.running: RunningBot | None = None
        self.logs: list[str] = []

    def start(self) -> None:
        self.process, url = start_cli(self.tmp_path, self.fake, DATABASE_URL=self.database_url,
                                      COP_JOURNAL=str(self.tmp_path / "cop.journal"))
        self.running = RunningBot(url=url, cop=None, fake=self.fake)

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)
        self.logs.append(self.process.stderr.read())

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        assert self.process.wait(timeout=30) == 0
        self.logs.append(self.process.stderr.read())

    def burst(self, requests: dict, *, rng: random.Random) -> list:
        """Send ``requests`` (name → callable taking a RunningBot) from three threads and SIGKILL the
        bot at a random moment during them; returns the names of those Slack saw acked (200)."""
        acked, lock = [], threading.Lock()
        queue = list(requests.items())

        def send() -> None:
            while True:
                with lock:
                    if not queue:
                        return
                    name, request = queue.pop(0)
                try:
                    status, _ = request(self.running)
                except (urllib.error.URLError, ConnectionError, OSError):
                    continue  # the bot died under it: never acked (Slack would show an error)
                if status == 200:
                    with lock:
                        acked.append(name)

        senders = [threading.Thread(target=send) for _ in range(3)]
        for sender in senders:
            sender.start()
        time.sleep(rng.uniform(0.05, 0.8))
        self.kill()
        for sender in senders:
            sender.join()
        return acked


def posted_in(fake, channel: str, needle: str) -> int:
    with fake._lock:
        return sum(needle in m.text for (c, _), m in fake.messages.items() if c == channel)


def wait_until(check, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, \
            f"the bot never caught up: an acked request's effect is missing (replay with COP_CRASH_SEED={SEED})"
        time.sleep(0.1)


def test_kill_9_during_bursts_then_restart_every_acked_request_happens_once(tmp_path, fake_slack, crash_database):
    """Three bursts, each cut by a SIGKILL: calls for help; more calls and ✋ offers on the first
    ones; "Resolved" clicks on the first ones and offers on the second. Every acked request's
    effect is in Slack once; no request, acked or not, has its effect twice."""
    rng = random.Random(SEED)
    bot = Bot(tmp_path, fake_slack, crash_database)
    bot.start()
    try:
        assert bot.running.command("setup", user="UFOUNDER", channel=CHANNEL, channel_name="soins")[0] == 200
        fake_slack.wait_for("response_url")

        def ask(n):  # one asker per call, so that each effect can be counted
            return lambda running: running.command(f"ask Question {n} on night shifts?", user=f"UASK{n}",
                                                   channel=CHANNEL)

        def offer(n):
            message = posts[n]
            return lambda running: running.event({
                "type": "reaction_added", "user": f"UHELP{n}", "reaction": "raised_hand",
                "item": {"type": "message", "channel": CHANNEL, "ts": message.ts}, "event_ts": message.ts})

        def resolve(n):
            message = posts[n]
            value = next(e["value"] for b in message.blocks if b["type"] == "actions" for e in b["elements"]
                         if e["action_id"] == "cop_help_resolve")
            return lambda running: running.click("cop_help_resolve", value, user=f"UASK{n}", channel=CHANNEL,
                                                 message_ts=message.ts)

        posts: dict = {}

        def all_posted(asked: list) -> bool:
            with fake_slack._lock:
                found = {n: m for n in asked for (c, _), m in fake_slack.messages.items()
                         if c == CHANNEL and f"Question {n} on night" in m.text}
            posts.update(found)
            return all(n in found for n in asked)

        first = bot.burst({n: ask(n) for n in range(80)}, rng=rng)
        bot.start()
        wait_until(lambda: all_posted(first))  # the bot finishes them after its restart
        second = [f"ask{n}" for n in range(100, 180)]
        acked = bot.burst({**{n: ask(int(n[3:])) for n in second}, **{n: offer(n) for n in first}}, rng=rng)
        second, offered = [int(n[3:]) for n in acked if isinstance(n, str)], [n for n in acked if isinstance(n, int)]
        bot.start()
        wait_until(lambda: all_posted(second))
        # The offers too, before anyone resolves (a ✋ on a resolved call is ignored, rightly).
        wait_until(lambda: all(posted_in(fake_slack, f"DUASK{n}", "offered to help") for n in offered))
        acked = bot.burst({**{n: resolve(n) for n in first}, **{f"offer{n}": offer(n) for n in second}}, rng=rng)
        resolved = [n for n in acked if isinstance(n, int)]
        offered += [int(n[5:]) for n in acked if isinstance(n, str)]
        bot.start()
        wait_until(lambda: all(posted_in(fake_slack, f"DUASK{n}", "How much time did the answers save you?")
                               for n in resolved)
                   and all(posted_in(fake_slack, f"DUASK{n}", "offered to help") for n in offered))
        fake_slack.settle(quiet=0.5)  # and nothing more comes

        assert len(first) + len(second) >= 80  # the bursts did reach the bot
        for n in list(range(80)) + list(range(100, 180)):
            assert posted_in(fake_slack, CHANNEL, f"Question {n} on night") <= 1, n
            assert posted_in(fake_slack, f"DUASK{n}", "offered to help") <= 1, n
            assert posted_in(fake_slack, f"DUASK{n}", "How much time did the answers save you?") <= 1, n
        for n in offered:
            assert posted_in(fake_slack, f"DUASK{n}", f"<@UHELP{n}> offered to help") == 1, n
        for n in resolved:
            assert posted_in(fake_slack, f"DUASK{n}", "How much time did the answers save you?") == 1, n
        bot.stop()
    finally:
        if bot.process.poll() is None:
            bot.process.kill()
    assert not any("Traceback" in log for log in bot.logs), "\n".join(bot.logs)[-3000:]
