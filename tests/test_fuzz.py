"""A few hundred ``/cop`` invocations across every subcommand with hostile text — random Unicode,
control characters, mentions, broadcasts, mrkdwn, and the query syntax of SQLite's FTS5 and
PostgreSQL's tsquery — on both engines. Every time: a 200 to Slack, an answer to the person, no
traceback in the log, nothing re-broadcast (the strict fake fails the test on any broken rule)."""

import logging

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from handlers.commands import BY_WORD
from tests.conftest import serving
from tests.test_calls_for_help import CHANNEL, setup_community

pytestmark = pytest.mark.slow  # a process or a long run each: `pytest -m "not slow"` skips them

# What a person may type; Slack escapes & < > in a slash command's text, and sends its own
# sequences (mentions, channels, links, broadcasts) as they are.
TYPED = ["&", "<", ">", "*", "_", "~", "`", "|", '"', "'", "(", ")", ":", "^", "-", "+", "!", "#", "@channel",
         "NEAR(", " AND ", " OR ", " NOT ", ":*", "<->", "&&", "||", "\\", "%", "_%", "\x00", "\x07", "\u202e",
         "\u200b", "é", "œ", "😀", "\n", "  ", "9" * 30, "³⁰", "①", "٣", "!urgent", "#", "#x" * 40]
SLACK_SEQUENCES = ["<!channel>", "<!here>", "<!everyone>", "<!subteam^S1|@nurses>", "<@UMEMBER>", "<@UOTHER|bob>",
                   "<#CCOP|soins>", "<https://example.org|a link>", "<mailto:a@b.org|mail>",
                   "<!date^1700000000^{date}|fallback>"]


def slack_escaped(typed: str) -> str:
    return typed.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


piece = st.one_of(st.sampled_from(TYPED).map(slack_escaped), st.sampled_from(SLACK_SEQUENCES),
                  st.text(max_size=8).map(slack_escaped))
texts = st.lists(piece, max_size=25).map("".join)
words = st.sampled_from(sorted(BY_WORD) + ["", "bogus", "ASK", "Leçon", "RÉGLAGES", "ajouter", "add",
                                                  "remove", "csv", "fr", "en", "on", "off"])
people = st.sampled_from(["UFOUNDER", "UMEMBER", "UOUTSIDER"])
places = st.sampled_from([CHANNEL, CHANNEL, CHANNEL, "COTHER"])


@pytest.fixture(params=["sqlite", "postgresql"])
def fuzz_bot(request, fake_slack, tmp_path):
    if request.param == "postgresql":
        url = request.getfixturevalue("postgres_database_url")
    else:
        url = f"sqlite:///{tmp_path / 'fuzz.db'}"
    with serving(fake_slack, url) as running:
        yield running


ANSWERS = ("response_url", "views.open", "chat.postMessage", "files.completeUploadExternal")


def answers_to(bot, user: str) -> int:
    """What reached the person: a private reply, a form, a post in the channel or a DM."""
    return sum(len([c for c in bot.fake.calls_to(m) if m != "chat.postMessage"
                    or c.args.get("channel") in (CHANNEL, "COTHER", user)]) for m in ANSWERS)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(word=words, text=texts, user=people, channel=places, data=st.data())
def test_any_command_gets_an_answer_never_a_500_nor_a_traceback(fuzz_bot, caplog, word, text, user, channel, data):
    bot = fuzz_bot
    if not bot.fake.calls_to("conversations.join"):
        setup_community(bot)
        bot.command("role <@UMEMBER> member", user="UFOUNDER", channel=CHANNEL)
        bot.idle()
    caplog.clear()
    before = answers_to(bot, user)
    status, body = bot.command(f"{word} {text}", user=user, channel=channel)
    assert status == 200
    bot.idle()
    assert answers_to(bot, user) > before, f"no answer to /cop {word} {text!r}"
    assert not [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR], \
        [r.getMessage() for r in caplog.records]
    assert not [v for _, v in bot.fake.violations], bot.fake.report()


# What a button's value may hold once it reaches us: anything, if a message was forged or is old.
values = st.one_of(st.sampled_from(["", "0", "-1", "9" * 30, "1", "abc", "1:2", "None", "null", "{}", "<!channel>"]),
                   texts)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(data=st.data(), value=values, user=people, channel=places)
def test_any_wired_button_with_any_value_gets_a_200_never_a_traceback(fuzz_bot, caplog, data, value, user, channel):
    """Every action the app wires (the registry, so a new button is fuzzed the day it is wired) pressed
    with a hostile value: Slack gets a 200, the log no traceback, nothing breaks Slack's rules."""
    bot = fuzz_bot
    if not bot.fake.calls_to("conversations.join"):
        setup_community(bot)
        bot.idle()
    action_id = data.draw(st.sampled_from(sorted(bot.cop.registered.actions)))
    caplog.clear()
    status, _ = bot.click(action_id, value, user=user, channel=channel)
    assert status == 200, action_id
    bot.idle()
    assert not [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR], \
        (action_id, value, [r.getMessage() for r in caplog.records])
    assert not [v for _, v in bot.fake.violations], bot.fake.report()
