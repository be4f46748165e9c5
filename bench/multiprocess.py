"""Many processes, one PostgreSQL database, three workspaces (issue 13).

    COP_BENCH_POSTGRES_URL=postgresql+psycopg://postgres@127.0.0.1:5432/test \\
        python -m bench.multiprocess --asks 40

Starts the strict fake Slack in this process, then two ``cop-bot web`` and two ``cop-bot worker``
processes (real subprocesses, real HTTP, distributed mode) on a fresh PostgreSQL database. Three
workspaces install cop-bot through the OAuth flow (alternating web processes); each sets up a
community; ``--asks`` calls for help per workspace are sent as signed slash commands spread over
both web processes. Then every call's "unanswered" follow-up is made due now, for the two workers
to race for. It reports, and checks:

- every call for help posted exactly once, in its own workspace's channel, with its own token;
- every follow-up DM sent exactly once, to its own workspace's animator, with its own token;
- no call ever made with one workspace's token about another's channel (the fake's violations);
- how long the posts and the reminders took.
"""

import argparse
import html
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from collections import Counter
from urllib.parse import urlencode

from slack_sdk.signature import SignatureVerifier
from sqlalchemy import text

from storage.db import make_engine
from tests.fake_slack import CLIENT_ID, CLIENT_SECRET, FakeSlack

SECRET = "bench-signing-secret"
TEAMS = {"T0AAA": ("CAAA", "UFA"), "T0BBB": ("CBBB", "UFB"), "T0CCC": ("CCCC", "UFC")}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def post(url: str, form: dict) -> int:
    body = urlencode(form)
    stamp = str(int(time.time()))
    request = urllib.request.Request(url + "slack/events", data=body.encode(), method="POST", headers={
        "Content-Type": "application/x-www-form-urlencoded", "X-Slack-Request-Timestamp": stamp,
        "X-Slack-Signature": SignatureVerifier(SECRET).generate_signature(timestamp=stamp, body=body)})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status


def command(fake: FakeSlack, url: str, team: str, text_: str, user: str, channel: str) -> int:
    return post(url, {"token": "x", "team_id": team, "channel_id": channel, "channel_name": "c", "user_id": user,
                      "user_name": user, "command": "/cop", "text": text_, "api_app_id": "A1",
                      "response_url": fake.issue_response_url(), "trigger_id": fake.issue_trigger()})


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def install(fake: FakeSlack, url: str, team: str) -> None:
    opener = urllib.request.build_opener(_NoRedirect)
    with opener.open(url + "slack/install", timeout=10) as response:
        page, cookie = response.read().decode(), response.headers["Set-Cookie"].split(";")[0]
    link = html.unescape(re.search(r'id="add-to-slack" href="([^"]+)"', page).group(1))
    fake.install_as(team, team_name=team)
    try:
        opener.open(link, timeout=10)
    except urllib.error.HTTPError as redirect:
        location = redirect.headers["Location"]
    request = urllib.request.Request(location, headers={"Cookie": cookie})
    with opener.open(request, timeout=10) as response:
        assert response.status == 200


def wait_until(condition, timeout: float, what: str) -> float:
    started = time.monotonic()
    while not condition():
        if time.monotonic() - started > timeout:
            raise SystemExit(f"timed out waiting for {what}")
        time.sleep(0.05)
    return time.monotonic() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--asks", type=int, default=40, help="calls for help per workspace")
    args = parser.parse_args()
    base = os.environ.get("COP_BENCH_POSTGRES_URL")
    if not base:
        raise SystemExit("set COP_BENCH_POSTGRES_URL (a PostgreSQL server this bench may create a database on)")
    name = "cop_mp_" + uuid.uuid4().hex[:8]
    admin = make_engine(base).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    database_url = base.rsplit("/", 1)[0] + "/" + name
    fake = FakeSlack()
    workdir = tempfile.mkdtemp(prefix="cop-mp-")
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DATABASE_URL", "PORT", "COP_"))}
    env = {**clean, "SLACK_CLIENT_ID": CLIENT_ID, "SLACK_CLIENT_SECRET": CLIENT_SECRET,
           "SLACK_SIGNING_SECRET": SECRET, "SLACK_API_URL": fake.api_url, "DATABASE_URL": database_url}
    processes: list[subprocess.Popen] = []
    try:
        subprocess.run([sys.executable, "-m", "bot.cli", "migrate"], env=env, cwd=workdir, check=True,
                       capture_output=True)
        urls = []
        for i in range(2):
            port = free_port()
            urls.append(f"http://127.0.0.1:{port}/")
            processes.append(subprocess.Popen(
                [sys.executable, "-m", "bot.cli", "web"], cwd=workdir, stderr=subprocess.DEVNULL,
                env={**env, "PORT": str(port), "COP_JOURNAL": os.path.join(workdir, f"web{i}.journal")}))
        for _ in range(2):
            processes.append(subprocess.Popen([sys.executable, "-m", "bot.cli", "worker"], cwd=workdir,
                                              stderr=subprocess.DEVNULL, env={**env, "PORT": str(free_port())}))
        for url in urls:
            fake.redirect_urls.append(url + "slack/oauth_redirect")

            def answers(url=url) -> bool:
                try:
                    with urllib.request.urlopen(url + "healthz", timeout=1):
                        return True
                except OSError:
                    return False

            wait_until(answers, 30, "the web processes")

        for i, (team, (channel, founder)) in enumerate(TEAMS.items()):
            fake.add_channels(team, channel)
            install(fake, urls[i % 2], team)
            command(fake, urls[(i + 1) % 2], team, "setup", founder, channel)
        wait_until(lambda: len(fake.calls_to("conversations.join")) >= 3, 30, "the three setups")
        time.sleep(1)

        started = time.monotonic()
        sent = 0
        for n in range(args.asks):
            for team, (channel, founder) in TEAMS.items():
                assert command(fake, urls[sent % 2], team, f"ask Q{n}-{team} ?", founder, channel) == 200
                sent += 1

        def posted() -> list:
            return [c for c in fake.calls_to("chat.postMessage") if c.answer.get("ok") and "Q" in str(c.args)
                    and re.search(r"Q\d+-T0", str(c.args.get("blocks")))]

        total = args.asks * len(TEAMS)
        wait_until(lambda: len(posted()) >= total, 120, f"{total} calls for help")
        post_seconds = time.monotonic() - started
        time.sleep(2)
        questions = Counter(re.search(r"Q\d+-T0\w+", str(c.args["blocks"])).group(0) for c in posted()
                            if c.args["channel"].startswith("C"))
        assert len(questions) == total and set(questions.values()) == {1}, questions.most_common(3)
        for call in posted():
            team = fake.tokens[call.token]
            assert call.args["channel"] == TEAMS[team][0] and team in str(call.args["blocks"]), call

        # Every follow-up due now: the two workers race for them.
        engine = make_engine(database_url)
        with engine.begin() as connection:
            due = connection.execute(text("UPDATE due_items SET due_at = now() - interval '1 minute' "
                                          "WHERE kind = 'help.unanswered'")).rowcount
        engine.dispose()
        started = time.monotonic()

        def reminders() -> list:
            return [c for c in fake.calls_to("chat.postMessage") if c.answer.get("ok")
                    and str(c.args["channel"]).startswith("UF") and re.search(r"Q\d+-T0", str(c.args))]

        wait_until(lambda: len(reminders()) >= total, 150, f"{total} follow-ups")
        reminder_seconds = time.monotonic() - started
        time.sleep(35)  # a worker tick more: nothing is sent twice
        sent_reminders = Counter(re.search(r"Q\d+-T0\w+", str(c.args)).group(0) for c in reminders())
        assert due == total and len(sent_reminders) == total and set(sent_reminders.values()) == {1}
        for call in reminders():
            team = fake.tokens[call.token]
            assert call.args["channel"] == TEAMS[team][1], call
        assert not fake.violations, fake.report()
        print(f"2 web + 2 worker processes, PostgreSQL, 3 workspaces installed through OAuth: "
              f"{total} calls for help sent over both web processes, each posted once in its own workspace "
              f"({post_seconds:.1f} s); {due} follow-ups due at once, each sent once to its own workspace's "
              f"animator ({reminder_seconds:.1f} s); no cross-workspace call, no contract violation.")
    finally:
        for process in processes:
            process.send_signal(signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        fake.close()
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()


if __name__ == "__main__":
    main()
