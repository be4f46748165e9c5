"""What Slack sends, and what it never sends: every request gets the answer Slack expects, and none,
signed or not, well formed or hostile, gets a 5xx, a traceback, or stops the bot's work. After any
of them, a member's ``/cop ask`` is still posted."""

import json
import logging
import time
import urllib.error
import urllib.request
import uuid
from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from slack_sdk.signature import SignatureVerifier

from tests.conftest import SIGNING_SECRET, serving
from tests.test_calls_for_help import CHANNEL, setup_community

FORM = "application/x-www-form-urlencoded"
JSON = "application/json"


def raw_post(bot, body: bytes, headers: dict[str, str], *, sign: bool = True) -> int:
    """A request as anything on the network may send it: raw bytes, any headers."""
    if sign:
        stamp = str(int(time.time()))
        headers = {"X-Slack-Request-Timestamp": stamp, **headers,
                   "X-Slack-Signature": "v0=" + __import__("hmac").new(
                       SIGNING_SECRET.encode(), b"v0:" + stamp.encode() + b":" + body, "sha256").hexdigest()}
    request = urllib.request.Request(bot.url + "slack/events", data=body, method="POST", headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as e:
        return e.code


def asked_and_posted(bot, question: str) -> None:
    """A member's /cop ask after whatever came before: acked and posted in the channel, once."""
    status, _ = bot.command(f"ask {question}", channel=CHANNEL)
    assert status == 200

    def posted() -> list:
        return [c for c in bot.fake.calls_to("chat.postMessage", channel=CHANNEL)
                if question in c.args.get("text", "") and c.answer.get("ok")]

    deadline = time.monotonic() + 10
    while not posted():
        assert time.monotonic() < deadline, f"/cop ask {question} was never posted"
        time.sleep(0.01)
    bot.idle()
    assert len(posted()) == 1


def tracebacks(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.exc_info or "Traceback" in r.getMessage()
            or r.levelno >= logging.ERROR]


def _nested(depth: int) -> list:
    value: list = [1]
    for _ in range(depth):
        value = [value]
    return value


def event_body(event, **envelope) -> str:
    return json.dumps({"token": "x", "team_id": "T0001", "api_app_id": "A1", "type": "event_callback",
                       "event_id": "Ev" + uuid.uuid4().hex[:10], "event_time": int(time.time()), "event": event,
                       "authorizations": [{"team_id": "T0001", "user_id": "UCOPBOT", "is_bot": True}], **envelope})


def test_a_signed_event_whose_ids_are_objects_is_refused_and_work_goes_on(bot, caplog):
    """The trial's request that stopped all work for good (the work gate's thread died on an
    unhashable team id): now a 400 before it is journaled, and the bot goes on."""
    setup_community(bot)
    hostile = {"type": "event_callback", "team_id": {"a": 1}, "event_id": "EvX",
               "event": {"type": "reaction_added", "user": "UHELPER", "reaction": "raised_hand",
                         "item": {"type": "message", "channel": CHANNEL, "ts": "1.1"}},
               "authorizations": [{"team_id": {"x": 1}}]}
    assert bot.post(json.dumps(hostile), JSON)[0] == 400
    assert bot.cop.runtime.journal.pending() == []
    asked_and_posted(bot, "Still listening after that?")
    assert not tracebacks(caplog)


@pytest.mark.parametrize(("name", "body", "content_type"), [
    ("an event that is a list", event_body([{"type": "reaction_added"}]), JSON),
    ("an event without a type", event_body({"user": "U1"}), JSON),
    ("a null event", event_body(None), JSON),
    ("an event id that is a number", event_body({"type": "app_mention"}, event_id=12), JSON),
    ("a user that is a list", event_body({"type": "app_mention", "user": ["U1"], "channel": CHANNEL}), JSON),
    ("authorizations that are not objects", event_body({"type": "app_mention"}, authorizations=["T1"]), JSON),
    ("a null view", urlencode({"payload": json.dumps({"type": "view_submission", "team": {"id": "T0001"},
                                                      "user": {"id": "U1"}, "view": None})}), FORM),
    ("actions as a string", urlencode({"payload": json.dumps({"type": "block_actions", "team": {"id": "T0001"},
                                                              "user": {"id": "U1"}, "actions": "cop_help"})}), FORM),
    ("a team id that is a number", urlencode({"payload": json.dumps({"type": "block_actions", "team": {"id": 7},
                                                                     "user": {"id": "U1"}, "actions": []})}), FORM),
    ("deep JSON", event_body({"type": "app_mention", "blocks": _nested(45)}), JSON),
    ("JSON deeper than Python's parser goes", '{"type":"event_callback","event":' + "[" * 100_000 + "]" * 100_000
     + "}", JSON),
    ("state values that are not objects", urlencode({"payload": json.dumps({
        "type": "view_submission", "team": {"id": "T0001"}, "user": {"id": "U1"},
        "view": {"id": "V1", "callback_id": "cop_ask_modal", "state": {"values": {"question": "hello"}}}})}), FORM),
])
def test_shapes_slack_never_sends_get_a_400_and_one_line_before_the_journal(bot, caplog, name, body, content_type):
    setup_community(bot)
    status, _ = bot.post(body, content_type)
    assert status == 400, name
    gate = [r.getMessage() for r in caplog.records if r.name == "cop-bot.gate"]
    assert len(gate) == 1 and len(gate[0]) < 300
    assert bot.cop.runtime.journal.pending() == []
    asked_and_posted(bot, "Anyone there?")
    assert not tracebacks(caplog)


def test_slacks_unsigned_ssl_check_is_answered_200(bot, caplog):
    """Slack checks a slash command's certificate with an unsigned ``ssl_check=1`` form (Bolt answers it
    200 before checking signatures); nothing else happens."""
    request = urllib.request.Request(bot.url + "slack/events", data=b"ssl_check=1&token=legacy-token-value",
                                     method="POST", headers={"Content-Type": FORM})
    with urllib.request.urlopen(request, timeout=5) as response:
        assert response.status == 200 and response.read() == b""
    # Unsigned with anything more than the check: still refused.
    request = urllib.request.Request(bot.url + "slack/events", method="POST", headers={"Content-Type": FORM},
                                     data=b"ssl_check=1&command=%2Fcop&team_id=T0001&user_id=U1&text=ask+x")
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=5)
    assert refused.value.code == 401
    bot.idle()
    assert [c.method for c in bot.fake.calls if c.method != "auth.test"] == [] and not tracebacks(caplog)


def test_app_rate_limited_and_events_the_bot_does_not_use_get_200_and_one_line(bot, caplog):
    caplog.set_level(logging.INFO)
    setup_community(bot)
    limited = {"token": "x", "type": "app_rate_limited", "team_id": "T0001", "minute_rate_limited": 1518467820,
               "api_app_id": "A1"}
    assert bot.post(json.dumps(limited), JSON)[0] == 200
    lines = [r.getMessage() for r in caplog.records if "held back events" in r.getMessage()]
    assert len(lines) == 1 and "T0001" in lines[0]
    caplog.clear()
    secret_words = "PATIENT Tremblay's results"
    assert bot.event({"type": "pin_added", "user": "U1", "channel_id": CHANNEL,
                      "item": {"type": "message", "message": {"text": secret_words}}})[0] == 200
    unused = [r.getMessage() for r in caplog.records if "does not use" in r.getMessage()]
    assert unused == ["Slack sent event pin_added, which cop-bot does not use: answered 200"]
    assert secret_words not in caplog.text
    # A form or a shortcut the bot never made (a stale app configuration): 200, not Slack's error.
    payload = {"type": "view_submission", "team": {"id": "T0001"}, "user": {"id": "UASKER"}, "api_app_id": "A1",
               "trigger_id": bot.fake.issue_trigger(), "view": {"id": "V9", "type": "modal",
                                                                "callback_id": "someone_elses_modal",
                                                                "state": {"values": {}}}}
    assert bot.post(urlencode({"payload": json.dumps(payload)}), FORM)[0] == 200
    bot.idle()
    asked_and_posted(bot, "After all that?")
    assert not tracebacks(caplog)


def test_a_wrong_signing_secret_is_named_in_the_log_once_a_minute(bot, caplog):
    wrong = SignatureVerifier("not-the-app-signing-secret")
    for _ in range(5):
        stamp = str(int(time.time()))
        body = urlencode({"command": "/cop", "team_id": "T0001", "user_id": "U1", "text": "help"})
        status, _ = bot.post(body, FORM, signature=wrong.generate_signature(timestamp=stamp, body=body),
                             timestamp=int(stamp))
        assert status == 401
    advice = [r.getMessage() for r in caplog.records if "SLACK_SIGNING_SECRET" in r.getMessage()]
    assert len(advice) == 1 and "Basic Information" in advice[0]


def test_invalid_utf8_and_odd_headers_get_a_4xx_never_a_500(bot, caplog):
    cases = [
        (b"\xff\xfe\xfd payload=1", {"Content-Type": FORM}, False),
        (b"\xff\xfe\xfd payload=1", {"Content-Type": FORM}, True),
        (b'{"type": "event_callback", "event": {"type": "x", "text": "\xc3"}}', {"Content-Type": JSON}, True),
        (b"command=%2Fcop", {"Content-Type": FORM, "X-Slack-Signature": "v0=\u00e9t\u00e9"}, False),
        (b"x=1", {"Content-Type": FORM, "X-Slack-Request-Timestamp": "\u0661\u0662"}, False),
    ]
    for body, headers, sign in cases:
        status = raw_post(bot, body, {k: v.encode("utf-8").decode("latin-1") for k, v in headers.items()},
                          sign=sign)
        assert 400 <= status < 500, (body, headers, status)
    assert not tracebacks(caplog)


# -- the protocol fuzzer ---------------------------------------------------------------------------

ids = st.one_of(st.text(max_size=12), st.integers(), st.none(), st.booleans(), st.lists(st.integers(), max_size=2),
                st.dictionaries(st.text(max_size=3), st.integers(), max_size=2))
json_leaf = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=20))
json_tree = st.recursive(json_leaf, lambda children: st.one_of(
    st.lists(children, max_size=4), st.dictionaries(st.text(max_size=8), children, max_size=4)), max_leaves=30)


def _maybe(value_strategy):
    return st.one_of(value_strategy, json_tree)


events = st.fixed_dictionaries({
    "type": st.sampled_from(["event_callback", "url_verification", "app_rate_limited", "something_new"]),
    "team_id": _maybe(ids), "event_id": _maybe(ids), "api_app_id": _maybe(ids),
    "event": _maybe(st.fixed_dictionaries({
        "type": _maybe(st.sampled_from(["reaction_added", "reaction_removed", "message", "member_joined_channel",
                                        "member_left_channel", "app_home_opened", "user_change", "app_uninstalled",
                                        "tokens_revoked", "team_join"])),
        "user": _maybe(ids), "channel": _maybe(ids), "reaction": _maybe(ids), "ts": _maybe(ids),
        "thread_ts": _maybe(ids), "text": _maybe(st.text(max_size=30)), "tab": _maybe(ids),
        "item": _maybe(st.fixed_dictionaries({"type": st.just("message"), "channel": _maybe(ids),
                                              "ts": _maybe(ids)}))})),
    "authorizations": _maybe(st.lists(st.fixed_dictionaries({"team_id": _maybe(ids), "user_id": _maybe(ids),
                                                             "enterprise_id": _maybe(ids)}), max_size=2)),
    "challenge": _maybe(ids)})
interactions = st.fixed_dictionaries({
    "type": st.sampled_from(["block_actions", "view_submission", "view_closed", "message_action", "shortcut",
                             "block_suggestion"]),
    "team": _maybe(st.fixed_dictionaries({"id": _maybe(ids)})),
    "user": _maybe(st.fixed_dictionaries({"id": _maybe(ids)})),
    "channel": _maybe(st.fixed_dictionaries({"id": _maybe(ids)})),
    "trigger_id": _maybe(ids), "callback_id": _maybe(st.sampled_from(["cop_ask_modal", "cop_lesson_modal",
                                                                      "cop_save_lesson", "x"])),
    "actions": _maybe(st.lists(st.fixed_dictionaries({
        "action_id": _maybe(st.sampled_from(["cop_help_offer", "cop_help_resolve", "cop_meeting_rsvp", "x"])),
        "value": _maybe(ids), "block_id": _maybe(ids)}), max_size=2)),
    "view": _maybe(st.fixed_dictionaries({"id": _maybe(ids), "callback_id": _maybe(ids),
                                          "private_metadata": _maybe(ids),
                                          "state": _maybe(st.fixed_dictionaries({"values": json_tree}))})),
    "message": _maybe(st.fixed_dictionaries({"ts": _maybe(ids), "text": _maybe(ids), "user": _maybe(ids)})),
    "response_url": _maybe(ids)})
commands = st.dictionaries(st.sampled_from(["command", "team_id", "user_id", "channel_id", "text", "trigger_id",
                                            "response_url", "ssl_check", "payload", "token"]),
                           st.text(max_size=20), max_size=8)
content_types = st.sampled_from([FORM, JSON, FORM + "; charset=utf-8", "text/plain", "", "multipart/form-data",
                                 "application/JSON", "application/x-www-form-urlencoded; boundary=x"])


@st.composite
def requests_slack_might_send(draw):
    kind = draw(st.sampled_from(["event", "interaction", "command", "bytes"]))
    if kind == "event":
        body = json.dumps(draw(events)).encode()
        content_type = draw(st.one_of(st.just(JSON), content_types))
    elif kind == "interaction":
        body = urlencode({"payload": json.dumps(draw(interactions))}).encode()
        content_type = draw(st.one_of(st.just(FORM), content_types))
    elif kind == "command":
        body = urlencode(draw(commands)).encode()
        content_type = draw(st.one_of(st.just(FORM), content_types))
    else:
        body = draw(st.binary(max_size=200))
        content_type = draw(content_types)
    headers = {"Content-Type": content_type} if content_type else {}
    extra = draw(st.dictionaries(st.sampled_from(["X-Slack-Retry-Num", "X-Slack-Retry-Reason", "X-Forwarded-For",
                                                  "X-Slack-Request-Timestamp"]),
                                 st.text(st.characters(min_codepoint=32, max_codepoint=255), max_size=12),
                                 max_size=2))
    return body, {**headers, **extra}, draw(st.booleans())


@pytest.fixture(params=["sqlite", "postgresql"])
def fuzzed_bot(request, fake_slack, tmp_path):
    url = request.getfixturevalue("postgres_database_url") if request.param == "postgresql" else \
        f"sqlite:///{tmp_path / 'fuzz.db'}"
    with serving(fake_slack, url, retry_seconds=(0.05,)) as running:
        setup_community(running)
        yield running


@pytest.mark.slow
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(sent=st.lists(requests_slack_might_send(), min_size=1, max_size=4))
def test_no_request_signed_or_not_yields_a_5xx_a_traceback_or_stops_the_bot(fuzzed_bot, caplog, sent):
    bot = fuzzed_bot
    caplog.clear()
    for body, headers, sign in sent:
        status = raw_post(bot, body, headers, sign=sign)
        assert status < 500, (body[:200], headers, status)
    bot.idle()
    assert not tracebacks(caplog), tracebacks(caplog)
    question = f"Still here {uuid.uuid4().hex[:6]}?"
    asked_and_posted(bot, question)
    health = json.loads(urllib.request.urlopen(bot.url + "healthz", timeout=5).read())
    assert health["status"] == "ok"
