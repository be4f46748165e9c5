"""No message without news; no names where a count will do (issue 26, item 4), through the real Slack
protocol: the weekly digest says only what changed (and nothing when nothing did), quiet members are a
count, "active" counts every contribution and never exceeds the members."""

from freezegun import freeze_time

from tests.test_calls_for_help import CHANNEL, all_text, ask, setup_community
from tests.test_people import command

FOUNDED = "2027-01-04 15:00:00"  # Monday, 10:00 in Toronto
PEOPLE = ["UFOUNDER", "UANIM", "UASKER", "UMEMBER", "UHELPER"]


def monday(bot, moment: str) -> None:
    with freeze_time(moment, tick=True):
        bot.cop.runtime.due.run_due()
        bot.idle()


def digests(bot, user: str = "UANIM") -> list:
    return [c for c in bot.fake.calls_to("chat.postMessage", channel=user) if "Your week in" in c.args["text"]]


def sections(call) -> list[str]:
    return [b["text"]["text"] if b["type"] != "context" else b["elements"][0]["text"] for b in call.args["blocks"]]


def test_the_weekly_digest_says_everything_first_then_only_what_changed_and_nothing_without_news(bot):
    bot.fake.members[CHANNEL] = list(PEOPLE)  # the channel's members when the community begins
    with freeze_time(FOUNDED, tick=True):
        setup_community(bot)
        command(bot, "role <@UANIM> facilitator", user="UFOUNDER")

    monday(bot, "2027-01-11 13:30:30")  # 8:30 in Toronto: the first digest says everything
    first = digests(bot)
    assert len(first) == 1
    said = sections(first[0])
    assert said[1:] == ["*0* open calls for help without an answer", "*Newcomers this week:* none",
                        "*Quiet for 60 days:* nobody", "*Next meeting:* none planned — `/cop meeting` plans one.",
                        "*0* lessons learned this week",
                        "From next Monday, your digest says only what changed; a week without news, no digest."]

    monday(bot, "2027-01-18 13:30:30")  # nothing happened: no digest
    monday(bot, "2027-02-01 13:30:30")
    assert len(digests(bot)) == 1

    with freeze_time("2027-03-03 15:00:00", tick=True):  # a lesson, and a call nobody answers
        bot.command("lesson Page two nurses for night triage. #triage", user="UMEMBER", channel=CHANNEL)
        bot.command("ask Who has the heparin double-check sheet?", user="UASKER", channel=CHANNEL)
        bot.idle()
    monday(bot, "2027-03-08 13:30:30")
    second = digests(bot)[-1]
    said = sections(second)
    assert said[1] == "Only what changed since your last digest, on January 11, 2027."
    assert said[2].startswith("*1* open call for help without an answer\nNew since your last digest:\n• ")
    assert "Who has the heparin double-check sheet?" in said[2]
    # Known before 7 January and silent since: the founder, the facilitator and the helper — a count.
    assert "*Quiet for 60 days:* 3 members — a word in the channel may bring them back." in said
    assert said[-2].startswith("*1* new lesson learned since your last digest\n• :bulb: ")
    assert said[-1].startswith("*Searched for and not found since your last digest:*\n"
                               "• “has heparin double check sheet” (once)")  # the question the library missed
    assert not [s for s in said if "Newcomers" in s or "Next meeting" in s]  # unchanged: not said again
    assert not any(f"<@{person}>" in all_text(second) for person in PEOPLE)  # nobody named

    # A second facilitator gets a first digest that says everything; the first one, without news, none.
    with freeze_time("2027-03-10 15:00:00", tick=True):
        command(bot, "role <@UHELPER> facilitator", user="UFOUNDER")
    monday(bot, "2027-03-15 12:30:30")  # daylight time: 8:30 in Toronto is 12:30 UTC
    assert len(digests(bot)) == 2
    first_for_helper = digests(bot, "UHELPER")
    assert len(first_for_helper) == 1 and "From next Monday" in all_text(first_for_helper[0])
    assert "*Quiet for 60 days:* 3 members" in all_text(first_for_helper[0])

    # The call gets an answer: the digest says the count went down, and nothing else.
    post = [c for c in bot.fake.calls_to("chat.postMessage", channel=CHANNEL) if "heparin" in all_text(c)][0]
    with freeze_time("2027-03-17 15:00:00", tick=True):
        bot.event({"type": "message", "channel": CHANNEL, "user": "UMEMBER", "text": "Here it is.",
                   "ts": "1805216400.000100", "thread_ts": post.answer["ts"]})
        bot.idle()
    monday(bot, "2027-03-22 12:30:30")
    third = sections(digests(bot)[-1])
    assert third[1:] == ["Only what changed since your last digest, on March 8, 2027.",
                         "*0* open calls for help without an answer\n"
                         "1 fewer than in your last digest: answered or closed since."]


def _resolve(bot, post, user="UASKER") -> None:
    value = [e["value"] for b in post.args["blocks"] if b["type"] == "actions" for e in b["elements"]
             if e["action_id"] == "cop_help_resolve"][0]
    bot.click("cop_help_resolve", value, user=user, channel=CHANNEL)
    bot.idle()


def reports(bot, user: str = "USPONSOR") -> list:
    return [c for c in bot.fake.calls_to("chat.postMessage", channel=user) if "Value report" in c.args["text"]]


def test_a_month_with_nothing_to_report_sends_no_report_and_the_next_report_covers_it(bot):
    bot.fake.members[CHANNEL] = list(PEOPLE)
    with freeze_time(FOUNDED, tick=True):
        setup_community(bot)
        command(bot, "role <@USPONSOR> sponsor", user="UFOUNDER")
    monday(bot, "2027-02-01 14:00:30")  # first working day of February, 9:00 in Toronto: January was empty
    assert reports(bot) == []

    with freeze_time("2027-02-10 15:00:00", tick=True):  # February: a call asked, answered, resolved
        post = ask(bot, "Who has the heparin double-check sheet?")
        bot.event({"type": "message", "channel": CHANNEL, "user": "UHELPER", "text": "Here it is.",
                   "ts": "1802279000.000100", "thread_ts": post.answer["ts"]})
        bot.idle()
        _resolve(bot, post)
    monday(bot, "2027-03-01 14:00:30")
    sent = reports(bot)
    assert len(sent) == 1
    blocks_ = sent[0].args["blocks"]
    assert blocks_[0]["text"]["text"] == ":bar_chart: Value report of soins-cardiaques — January–February 2027"
    assert blocks_[1]["elements"][0]["text"] == ("January 2027 had nothing to report: no report was sent then, "
                                                 "and this one covers January–February 2027.")
    rows = blocks_[2]["text"]["text"].split("\n")
    assert rows[0] == "*These 2 months* · the 2 months before · the same months last year"
    # Only the rows with something in them: no line of zeros.
    assert rows[1:] == ["• Calls for help asked: *1* · 0 · 0", "• Calls for help resolved: *1* · 0 · 0",
                        "• Active members: *2* · 0 · 0"]

    monday(bot, "2027-04-01 13:00:30")  # March: nothing again (9:00 in Toronto, daylight time)
    monday(bot, "2027-05-03 13:00:30")  # April too
    assert len(reports(bot)) == 1
