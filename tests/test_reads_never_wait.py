"""Reads never wait behind a write or a Slack call: no Slack call is made with a transaction open,
and on SQLite a session that only reads takes no write lock. On both engines."""

import threading

import pytest
from sqlmodel import select

from storage.models import Community, Lesson
from tests.conftest import serving
from tests.test_calls_for_help import CHANNEL, ask, setup_community


def test_a_reading_session_proceeds_while_a_write_transaction_is_open(db):
    with db.session() as session:
        session.add(Community(team_id="T1", channel_id="C1", name="soins", created_by="U1"))
    writing, read = threading.Event(), threading.Event()
    seen: list = []

    def hold_a_write() -> None:
        with db.session() as session:
            session.add(Community(team_id="T1", channel_id="C2", name="autre", created_by="U1"))
            session.flush()  # the write lock (SQLite) or the row (PostgreSQL) is held from here
            writing.set()
            assert read.wait(10), "the read waited for the write to end"

    writer = threading.Thread(target=hold_a_write)
    writer.start()
    assert writing.wait(10)
    with db.reading() as session:  # while the write is open
        seen += session.exec(select(Community.name)).all()
    read.set()
    writer.join()
    assert seen == ["soins"]  # what was committed, not what is being written
    with db.reading() as session:
        assert sorted(session.exec(select(Community.name)).all()) == ["autre", "soins"]


@pytest.fixture(params=["sqlite", "postgresql"])
def any_bot(request, fake_slack, tmp_path):
    url = request.getfixturevalue("postgres_database_url") if request.param == "postgresql" \
        else f"sqlite:///{tmp_path / 'cop.db'}"
    with serving(fake_slack, url) as running:
        yield running


def test_search_and_home_answer_while_slack_is_slow_and_others_write(any_bot):
    bot = any_bot
    setup_community(bot)
    bot.command("lesson Always page two nurses for night triage. #triage", user="UFOUNDER", channel=CHANNEL)
    bot.idle()
    with bot.cop.runtime.db.reading() as session:
        assert session.exec(select(Lesson)).all()  # the lesson is there to be found
    ask(bot, "A first question?")
    bot.idle()

    # In flight: a post Slack takes 3 s to answer (after its call for help was written), and a
    # newcomer whose profile Slack takes 3 s to give.
    bot.fake.slow_next("chat.postMessage", 3.0)
    bot.fake.slow_next("users.info", 3.0)
    bot.fake.members[CHANNEL] = [*bot.fake.members[CHANNEL], "UNEW"]
    bot.command("ask Who has the winter schedule?", user="UWRITER", channel=CHANNEL)
    bot.event({"type": "member_joined_channel", "user": "UNEW", "channel": CHANNEL, "team": bot.team_id})
    posts_before = len(bot.fake.calls_to("chat.postMessage", channel=CHANNEL))

    replies = len(bot.fake.calls_to("response_url"))
    bot.command("search triage", user="UREADER", channel=CHANNEL)
    found = bot.fake.wait_for("response_url", count=replies + 1, timeout=2.5)[replies].args
    assert "page two nurses" in str(found["blocks"])
    bot.event({"type": "app_home_opened", "user": "UFOUNDER", "tab": "home", "channel": "DFOUNDER"})
    home = bot.fake.wait_for("views.publish", user_id="UFOUNDER", timeout=2.5)[-1].args["view"]
    assert "<#CCOP>" in str(home["blocks"])  # their community, read while the others wait on Slack
    # Both answered while the slow calls were still in flight.
    assert len(bot.fake.calls_to("chat.postMessage", channel=CHANNEL)) == posts_before
    assert not bot.fake.calls_to("users.info", user="UNEW")
    bot.fake.wait_for("chat.postMessage", channel=CHANNEL, count=posts_before + 1, timeout=15)
    bot.idle(timeout=20)
