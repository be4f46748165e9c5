"""A request fails alone: whatever its work raises, it is tried again a few times, then set aside
for an admin (a dead letter), while every other request goes on; the threads the bot needs are
watched and started again; the log says where it failed, never what the member wrote."""

import ctypes
import json
import logging
import time
import urllib.error
import urllib.request

import pytest
from sqlalchemy import text

from bot.journal import Journal
from tests.conftest import serving
from tests.fake_slack import TOKEN
from tests.test_calls_for_help import CHANNEL, setup_community
from tests.test_people import open_home

QUESTION = "How do we chart PATIENT-TREMBLAY's night doses?"


def health(bot) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(bot.url + "healthz", timeout=5) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read())


def wait_until(check, timeout: float = 15.0, what: str = "the condition"):
    deadline = time.monotonic() + timeout
    while not (found := check()):
        assert time.monotonic() < deadline, f"{what} never came"
        time.sleep(0.02)
    return found


def posted(bot, needle: str) -> list:
    return [c for c in bot.fake.calls_to("chat.postMessage", channel=CHANNEL)
            if needle in c.args.get("text", "") and c.answer.get("ok")]


@pytest.fixture(params=["sqlite", "postgresql"])
def failing_bot(request, fake_slack, tmp_path):
    url = request.getfixturevalue("postgres_database_url") if request.param == "postgresql" else \
        f"sqlite:///{tmp_path / 'cop.db'}"
    with serving(fake_slack, url, retry_seconds=(0.2, 0.4)) as running:
        setup_community(running)
        running.database_url = url
        yield running


@pytest.mark.slow
def test_a_request_whose_work_keeps_failing_is_set_aside_and_replayed_once_fixed(failing_bot, caplog, tmp_path,
                                                                                 cop_cli):
    """The calls-for-help table is out of place (a bug, a botched manual change): every /cop ask fails.
    The asker hears once that it is being retried, then that it was set aside; other requests go on;
    /healthz counts it; once fixed, the admin replays it and the call is posted, once."""
    bot = failing_bot
    with bot.cop.runtime.db.session() as session:  # no quiet hours: the founder hears at once, whenever this runs
        session.execute(text("UPDATE communities SET quiet_start_hour = 0, quiet_end_hour = 0, quiet_weekends = "
                             "false"))
        session.execute(text("ALTER TABLE help_requests RENAME TO help_requests_away"))
    assert bot.command(f"ask {QUESTION}", channel=CHANNEL)[0] == 200
    assert bot.command("help", user="UMEMBER", channel=CHANNEL)[0] == 200  # meanwhile, others are served

    told = wait_until(lambda: len(bot.fake.calls_to("response_url")) >= 3 and bot.fake.calls_to("response_url"),
                      what="the asker's two notices and the member's help")
    words = [c.args.get("text", "") for c in told]
    assert sum("try again in a moment" in w for w in words) == 1
    assert sum("Your request is kept" in w for w in words) == 1
    assert any("/cop ask" in w for w in words)  # the member's /cop help was answered
    assert health(bot) == (200, {"status": "ok", "database": True, "dead_letters": 1})
    assert bot.cop.runtime.journal.pending() == []  # out of the journal: it no longer holds anything up
    assert posted(bot, "night doses") == []
    # The community has no IT contact: its founder hears of it, once, with the fix (and sees it on their Home).
    about_tools = wait_until(lambda: [c for c in bot.fake.calls_to("chat.postMessage", channel="UFOUNDER")
                                      if ":wrench:" in c.args["text"]], what="the founder's notice")
    assert len(about_tools) == 1 and "were set aside (dead letters)" in about_tools[0].args["text"]
    assert "`cop-bot dead-letters replay all`" in json.dumps(about_tools[0].args)

    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "PATIENT-TREMBLAY" not in logged and "night doses" not in logged
    failures = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR and "failed in" in r.getMessage()]
    assert len(failures) == 1 and "ask" in failures[0] and "Traceback" in failures[0]  # logged in full once

    # The admin's cop-bot, as bot.cli.main runs it (in this process: a process would cost a second of CPU).
    listed = cop_cli(["dead-letters"], {"DATABASE_URL": bot.database_url}, tmp_path)
    assert listed.returncode == 0 and "1 request(s) set aside" in listed.stdout and "T0001" in listed.stdout
    assert "night doses" not in listed.stdout  # what the member wrote is not printed
    number = listed.stdout.split("\n")[1].split()[0]

    with bot.cop.runtime.db.session() as session:  # the admin fixes the cause
        session.execute(text("ALTER TABLE help_requests_away RENAME TO help_requests"))
    assert "set aside (dead letters)" in json.dumps(open_home(bot, "UFOUNDER"))  # until replayed
    env = {"DATABASE_URL": bot.database_url, "SLACK_BOT_TOKEN": TOKEN, "SLACK_API_URL": bot.fake.api_url}
    replayed = cop_cli(["dead-letters", "replay", number], env, tmp_path)
    assert replayed.returncode == 0 and f"Replayed {number}: done." in replayed.stdout, replayed.stderr
    assert len(wait_until(lambda: posted(bot, "night doses"), what="the call")) == 1
    assert health(bot)[1]["dead_letters"] == 0
    assert "set aside (dead letters)" not in json.dumps(open_home(bot, "UFOUNDER"))  # solved by the replay
    again = cop_cli(["dead-letters", "replay", number], env, tmp_path)
    assert again.returncode == 2 and "no dead letter numbered" in again.stdout
    bot.fake.settle()
    assert len(posted(bot, "night doses")) == 1


def test_an_entry_that_stopped_the_process_three_times_is_set_aside_at_start(fake_slack, tmp_path, caplog):
    """A request whose work kills the process (memory, a native crash) would be replayed at every
    start and kill it again: after three runs that never ended it is set aside, and the others are done."""
    url = f"sqlite:///{tmp_path / 'cop.db'}"
    with serving(fake_slack, url) as first:
        setup_community(first)
        first.cop.runtime.journal.close()  # from here, as if the process had died: nothing more is written
    journal = Journal(tmp_path / "cop.db.requests")

    def command(receipt: str, words: str) -> None:
        body = {"token": "x", "team_id": "T0001", "channel_id": CHANNEL, "channel_name": "soins",
                "user_id": "UASKER", "command": "/cop", "text": f"ask {words}", "trigger_id": receipt,
                "response_url": fake_slack.issue_response_url()}
        journal.record(receipt=f"T0001:{receipt}", listener="handlers.commands.cop", body=body,
                       bot_user_id="UCOPBOT")

    command("poison", "Poisoned question?")
    command("fine", "An ordinary question?")
    for _ in range(3):
        journal.started("T0001:poison")  # each start ran it, and the process died while it ran
    journal.close()
    with serving(fake_slack, url) as second:
        wait_until(lambda: posted(second, "An ordinary question?"), what="the other request")
        second.idle()
        assert posted(second, "Poisoned question?") == []
        assert health(second)[1]["dead_letters"] == 1
        assert second.cop.runtime.journal.pending() == []
    assert any("set aside after 3 run(s)" in r.getMessage() for r in caplog.records)


def _kill(thread) -> None:
    """What a bug no one foresaw does to a thread: an exception it does not catch."""
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread.ident), ctypes.py_object(SystemExit))


@pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning")  # the death is the test
def test_a_dead_work_gate_is_named_by_healthz_and_started_again(bot, caplog):
    setup_community(bot)
    work = bot.cop.runtime.work
    dead = work._gate
    _kill(dead)
    bot.command("ask First, while the gate dies?", channel=CHANNEL)  # wakes the gate, which dies
    wait_until(lambda: not dead.is_alive(), what="the gate's death")
    status, body = wait_until(lambda: (found := health(bot))[0] == 503 and found, timeout=5, what="a 503")
    assert body["stopped"] == ["cop-work-gate"] and body["status"] == "unavailable"
    wait_until(lambda: health(bot)[0] == 200, timeout=5, what="the gate started again")
    wait_until(lambda: posted(bot, "First, while the gate dies?"), what="the call acked while the gate was dead")
    status, _ = bot.command("ask And after?", channel=CHANNEL)
    wait_until(lambda: posted(bot, "And after?"), what="a call after the restart")
    assert any("cop-work-gate started again" in r.getMessage() for r in caplog.records)
