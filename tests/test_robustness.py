"""Slack's facts of life: slow or rate-limited Web API, refusals, retries, restarts, bad requests."""

import json
import time
import urllib.error
import urllib.request

import pytest
from sqlalchemy import text
from sqlmodel import select

from storage.models import HelpRequest, OutboxMessage
from tests.conftest import start_bot
from tests.test_calls_for_help import CHANNEL, setup_community


def test_ack_comes_at_once_even_when_the_web_api_is_slow(bot):
    setup_community(bot)
    bot.fake.delays["chat.postMessage"] = 4.0  # longer than Slack's 3-second ack window
    started = time.monotonic()
    status, _ = bot.command("ask Slow Slack?", channel=CHANNEL)
    acked_in = time.monotonic() - started
    assert status == 200
    assert acked_in < 3.0
    bot.fake.wait_for("chat.postMessage", channel=CHANNEL, timeout=15)


def test_a_rate_limited_post_is_retried_after_retry_after_and_posted_once(bot):
    setup_community(bot)
    bot.fake.rate_limit("chat.postMessage", retry_after=1)
    status, _ = bot.command("ask Rate limited?", channel=CHANNEL)
    assert status == 200
    posts = bot.fake.wait_for("chat.postMessage", channel=CHANNEL, count=2, timeout=10)
    assert posts[0].answer["error"] == "ratelimited" and posts[1].answer["ok"] is True
    bot.idle()
    assert len(bot.fake.calls_to("chat.postMessage", channel=CHANNEL)) == 2
    with bot.cop.runtime.db.session() as session:
        assert session.exec(select(HelpRequest)).one().message_ts == posts[1].answer["ts"]


def test_when_slack_refuses_the_post_the_asker_is_told_privately(bot):
    setup_community(bot)
    bot.fake.fail("chat.postMessage", "not_in_channel")
    bot.command("ask Where am I?", channel=CHANNEL)
    dm = bot.fake.wait_for("chat.postMessage", channel="UASKER")[0]
    assert "/invite @cop-bot" in dm.args["text"] and "Where am I?" in dm.args["text"]
    with bot.cop.runtime.db.session() as session:
        assert session.exec(select(HelpRequest)).one().status == "unposted"


def test_nothing_owed_is_lost_when_slack_is_down_and_the_bot_restarts(fake_slack, database_url):
    first, server, _ = start_bot(fake_slack, database_url)
    setup_community(first)
    # A post is not retried at once on a 5xx (it may have gone through): the outbox owes it.
    fake_slack.fail("chat.postMessage", "internal_error", status=500)
    first.command("ask Is anyone there?", channel=CHANNEL)
    fake_slack.wait_for("chat.postMessage", channel=CHANNEL)
    server.close()
    first.cop.close()
    with first.cop.runtime.db.session() as session:
        owed = session.exec(select(OutboxMessage).where(OutboxMessage.status == "pending")).all()
    assert len(owed) == 1 and owed[0].last_error  # waiting for its retry

    second, server, _ = start_bot(fake_slack, database_url)
    try:
        second.idle()  # what it sends at start (nothing is due yet)
        with second.cop.runtime.db.session() as session:  # as if the retry time had come
            session.execute(text("UPDATE outbox SET due_at = created_at"))
        assert second.cop.runtime.deliverer.deliver_due() == 1
        assert second.cop.runtime.deliverer.deliver_due() == 0
        ok = [c for c in fake_slack.calls_to("chat.postMessage", channel=CHANNEL) if c.answer["ok"]]
        assert len(ok) == 1 and "Is anyone there?" in ok[0].args["text"]
    finally:
        server.close()
        second.cop.close()


def test_a_post_slack_made_without_the_bot_hearing_back_is_found_not_posted_again(bot):
    """Slack posted, the answer was lost (502): the retry finds the post by its outbox id in the
    channel's history (and in the DM's, for a DM) and does not post it a second time."""
    from tests.test_calls_for_help import ask

    setup_community(bot)
    bot.idle()
    bot.fake.lose_answer("chat.postMessage")
    bot.command("ask Who has the new triage grid?", channel=CHANNEL)
    bot.fake.wait_for("chat.postMessage", channel=CHANNEL)
    bot.idle()
    post = ask(bot, "And the old one?")
    bot.idle()
    bot.fake.lose_answer("chat.postMessage")  # the DM telling the asker who offers help
    bot.event({"type": "reaction_added", "user": "UHELPER", "reaction": "raised_hand",
               "item": {"type": "message", "channel": CHANNEL, "ts": post.answer["ts"]}, "event_ts": "1.2"})
    bot.idle()
    for _ in range(3):  # as if each retry time had come
        with bot.cop.runtime.db.session() as session:
            session.execute(text("UPDATE outbox SET due_at = created_at WHERE status = 'pending'"))
        bot.cop.runtime.deliverer.deliver_due()
    posted = [m for m in bot.fake.messages.values() if "triage grid" in m.text]
    assert len(posted) == 1
    dms = [m for m in bot.fake.messages.values() if m.channel == "DUASKER" and "UHELPER" in m.text]
    assert len(dms) == 1, [m.text for m in bot.fake.messages.values()]
    with bot.cop.runtime.db.session() as session:
        assert not session.exec(select(OutboxMessage).where(OutboxMessage.status != "sent")).all()
        grid = session.exec(select(HelpRequest).where(HelpRequest.question.contains("triage"))).one()
    assert grid.message_ts == posted[0].ts  # the card the bot keeps updating is the one in the channel


def test_a_broken_database_gets_the_person_an_apology_and_slack_a_200(bot):
    setup_community(bot)
    with bot.cop.runtime.db.session() as session:
        session.execute(text("DROP TABLE help_offers"))
        session.execute(text("DROP TABLE help_answers"))
        session.execute(text("DROP TABLE help_request_topics"))
        session.execute(text("DROP TABLE help_requests"))
    status, body = bot.command("ask Will this break?", channel=CHANNEL)
    assert status == 200 and "Traceback" not in body
    apology = bot.fake.wait_for("response_url")[0]
    assert apology.args["response_type"] == "ephemeral"
    assert "something went wrong on my side" in apology.args["text"]
    assert "Traceback" not in apology.args["text"] and "sqlite" not in apology.args["text"].lower()
    assert bot.fake.calls_to("chat.postMessage") == []


def test_requests_not_signed_by_slack_are_refused(bot):
    status, _ = bot.post("token=x&command=%2Fcop&text=help", "application/x-www-form-urlencoded",
                         signature="v0=" + "0" * 64)
    assert status == 401
    status, _ = bot.post("token=x&command=%2Fcop&text=help", "application/x-www-form-urlencoded",
                         timestamp=int(time.time()) - 3600)
    assert status == 401
    # No timestamp at all, or one that is not a number (probes, scanners, a proxy's health check):
    # refused too, never a 500 (found walking through docs/deploy.md behind Caddy).
    for stamp in ("", "soon", "12.5", "9" * 40):
        request = urllib.request.Request(bot.url + "slack/events", data=b"x=1", method="POST",
                                         headers={"X-Slack-Request-Timestamp": stamp} if stamp else {})
        try:
            urllib.request.urlopen(request, timeout=10)
            raise AssertionError("accepted")
        except urllib.error.HTTPError as e:
            assert e.code == 401, (stamp, e.code)
    bot.idle()
    assert bot.fake.calls_to("response_url") == []


def test_url_verification_is_answered(bot):
    status, body = bot.post(json.dumps({"type": "url_verification", "challenge": "abc123", "token": "x"}),
                            "application/json")
    assert status == 200 and "abc123" in body


def test_healthz_reports_the_database(bot, fake_slack, tmp_path):
    with urllib.request.urlopen(bot.url + "healthz", timeout=5) as response:
        assert response.status == 200
        assert json.loads(response.read()) == {"status": "ok", "database": True, "dead_letters": 0}
    bot.idle()  # the start's own work (sending what is owed) done: nothing reopens the file behind the test
    bot.cop.runtime.db.engine.dispose()
    (tmp_path / "bot.db").unlink()
    (tmp_path / "bot.db").mkdir()  # a database that can no longer be opened
    try:
        urllib.request.urlopen(bot.url + "healthz", timeout=5)
        raise AssertionError("expected 503")
    except urllib.error.HTTPError as e:
        assert e.code == 503
        assert json.loads(e.read())["database"] is False


FORM = "application/x-www-form-urlencoded"


def _gate_lines(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "cop-bot.gate"]


def test_malformed_signed_requests_get_a_4xx_one_log_line_and_reach_nothing(bot, caplog):
    setup_community(bot)
    command = "token=x&team_id=T0001&channel_id=CCOP&user_id=UASKER&command=%2Fcop&text=ask+Sneaky%3F"
    cases = [
        ("not json", "application/json", 400), ("[1, 2]", "application/json", 400),
        ('{"no": "type"}', "application/json", 400), ("token=x&team_id=T0001", FORM, 400),
        ("payload=not-json", FORM, 400), ("payload=%5B1%5D", FORM, 400), ("payload=%7B%7D", FORM, 400),
        # A slash command's body, signed, but not in the content type Slack sends commands with.
        (command, "text/plain", 415), (command, "application/json", 400), (command, "", 415),
    ]
    for body, content_type, expected in cases:
        status, _ = bot.post(body, content_type)
        assert status == expected, body
    assert len(_gate_lines(caplog)) == len(cases)
    assert not [r for r in caplog.records if r.exc_info or r.levelno >= 40]  # no traceback, no error
    bot.idle()
    assert bot.fake.calls == []  # nothing acted on


def test_unsigned_and_huge_requests_are_refused_in_one_short_line_without_their_body(bot, caplog):
    secret = "PATIENT-NAME-" + "x" * 1000
    status, _ = bot.post(f"token=x&command=%2Fcop&text={secret}", FORM, signature="v0=" + "0" * 64)
    assert status == 401
    status, _ = bot.post("payload=" + "a" * 1_500_000, FORM, signature="v0=" + "0" * 64)
    assert status == 413  # over our limit: refused before its signature is even checked
    for _ in range(3):  # over waitress's own limit: refused at its headers, the connection closed
        try:
            status, _ = bot.post("payload=" + "a" * 5_000_000, FORM, signature="v0=" + "0" * 64)
        except urllib.error.URLError:
            status = 413
        assert status == 413
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "PATIENT-NAME" not in logged and "aaaaaaaaaa" not in logged
    assert all(len(line) < 300 for line in _gate_lines(caplog)) and len(_gate_lines(caplog)) >= 2


def test_numbers_typed_with_other_digits_get_the_usage_answer(bot, caplog):
    setup_community(bot)
    for n, typed in enumerate(("stats ³⁰", "stats ①", "bilan ٣٠", "stats 30 days")):
        bot.command(typed, channel=CHANNEL)
        reply = bot.fake.wait_for("response_url", count=n + 1)[n]
        if typed == "stats 30 days":
            assert "the last 30 days" in reply.args["text"]
        else:
            assert "`/cop stats [days]`" in reply.args["text"], typed
    assert not [r for r in caplog.records if r.exc_info]


@pytest.mark.production_pause
def test_a_form_opens_in_time_while_a_burst_keeps_the_bot_busy(bot):
    """Work after the ack waits for a pause in requests (up to 5 s); a form cannot: Slack's
    trigger_id expires 3 s after the request. Reactions keep arriving for 4 s around /cop lesson."""
    import threading

    setup_community(bot)
    stop = threading.Event()

    def burst():
        n = 0
        while not stop.is_set():
            n += 1
            bot.event({"type": "reaction_added", "user": "UFAN", "reaction": "tada",
                       "item": {"type": "message", "channel": CHANNEL, "ts": f"1.{n}"}})

    thread = threading.Thread(target=burst)
    thread.start()
    try:
        time.sleep(0.5)  # the burst is under way
        bot.command("lesson", user="UREPORTER", channel=CHANNEL)
        opened = bot.fake.wait_for("views.open", timeout=10)[0]
    finally:
        time.sleep(3.5)  # and goes on after the request: a pause would come only then
        stop.set()
        thread.join()
    assert opened.answer["ok"] is True  # the strict fake refuses an expired trigger_id


def test_a_burst_in_one_channel_meets_slacks_rate_limit_and_each_call_is_posted_once(bot):
    """chat.postMessage takes about one message a second per channel after a short burst: the
    bot waits as long as Retry-After says (the strict fake flags a retry made sooner), and the
    outbox comes back when Slack said, not after its usual backoff."""
    setup_community(bot)
    bot.fake.rate_limits = True
    for n in range(6):
        assert bot.command(f"ask Burst question {n}?", channel=CHANNEL)[0] == 200
    deadline = time.monotonic() + 40
    while True:
        posted = [c for c in bot.fake.calls_to("chat.postMessage", channel=CHANNEL) if c.answer.get("ok")]
        if len(posted) >= 6 or time.monotonic() > deadline:
            break
        bot.cop.runtime.deliverer.deliver_due()  # what the scheduler's tick does every 15 s
        time.sleep(0.2)
    texts = [c.args["text"] for c in posted]
    assert all(sum(f"Burst question {n}?" in t for t in texts) == 1 for n in range(6)), texts
    assert any(c.status == 429 for c in bot.fake.calls_to("chat.postMessage"))  # the limit was met


def test_forms_answer_slack_in_time_when_the_database_is_slow(bot):
    """Slack closes a form whose answer takes over 3 seconds, and its submission is lost: the meeting
    and charter forms answer without reading the database (each read here takes 1.5 seconds)."""
    from sqlalchemy import event

    setup_community(bot)
    bot.command("meeting", user="UFOUNDER", channel=CHANNEL)
    meeting = bot.fake.wait_for("views.open")[0].args["view"]
    bot.command("charter", user="UFOUNDER", channel=CHANNEL)
    edit = bot.fake.wait_for("response_url")[-1].args["blocks"][-1]["elements"][0]
    bot.click(edit["action_id"], edit["value"], user="UFOUNDER")
    charter = bot.fake.wait_for("views.open", count=2)[1].args["view"]
    bot.idle()

    def slow(*_):
        time.sleep(1.5)

    event.listen(bot.cop.runtime.db.engine, "before_cursor_execute", slow)
    try:
        status, body = bot.submit_view("cop_meeting_modal", {"topic": "Slow database day"}, user="UFOUNDER",
                                       private_metadata=meeting["private_metadata"], selects={"duration": "60"},
                                       elements={"date": {"type": "datepicker", "selected_date": "2031-05-06"},
                                                 "time": {"type": "timepicker", "selected_time": "14:30"}})
        assert status == 200 and body == ""  # (the fake holds the answer to Slack's 3 seconds)
        status, body = bot.submit_view("cop_charter_modal", {"charter": "Kindness."}, user="UFOUNDER",
                                       private_metadata=charter["private_metadata"])
        assert status == 200 and body == ""
        # What the form could check without the database, it still checks on the field.
        status, body = bot.submit_view("cop_meeting_modal", {"topic": "Too late"}, user="UFOUNDER",
                                       private_metadata=meeting["private_metadata"], selects={"duration": "60"},
                                       elements={"date": {"type": "datepicker", "selected_date": "2001-05-06"},
                                                 "time": {"type": "timepicker", "selected_time": "14:30"}})
        assert json.loads(body)["errors"]["date"].startswith("That time is already past")
    finally:
        event.remove(bot.cop.runtime.db.engine, "before_cursor_execute", slow)
    bot.idle(60)
    card = bot.fake.wait_for("chat.postMessage", channel=CHANNEL, timeout=30)
    assert any("Slow database day" in json.dumps(c.args) for c in card)
