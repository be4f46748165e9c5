"""No message without news; no names where a count will do (issue 26, item 4), through the real Slack
protocol: the weekly digest says only what changed (and nothing when nothing did), quiet members are a
count, "active" counts every contribution and never exceeds the members."""

from freezegun import freeze_time
from sqlmodel import select

from storage.models import HelpRequest
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


def test_once_resolved_a_call_reaches_its_asker_with_two_prompts_at_most_whatever_happens(bot_on):
    """Every path that used to prompt the asker after their call was resolved — how much time it saved,
    the story (now in the same click), did you apply it a month on, once more after *Not yet*, the 3-day
    follow-up and a second time-saved question after a reopening — taken in one life: two prompts."""
    from tests.test_value_followed import buttons, run_due

    bot = bot_on
    with freeze_time("2027-03-01 15:00:00", tick=True):
        setup_community(bot)
        command(bot, "role <@UANIM> facilitator", user="UFOUNDER")
        post = ask(bot, "Who has the heparin double-check sheet?")
        ts = post.answer["ts"]
        bot.event({"type": "reaction_added", "user": "UHELPER", "reaction": "raised_hand",
                   "item": {"type": "message", "channel": CHANNEL, "ts": ts}, "item_user": "UCOPBOT"})
        bot.event({"type": "message", "channel": CHANNEL, "user": "UHELPER", "text": "Here it is.",
                   "ts": "1803906000.000100", "thread_ts": ts})
        bot.idle()
        before = len(bot.fake.calls_to("chat.postMessage", channel="UASKER"))  # the offer: news, not a prompt
        request_id = buttons(post)["cop_help_resolve"]["value"]
        bot.click("cop_help_resolve", request_id, user="UASKER", message_ts=ts)
        bot.idle()
        # Prompt 1: how much time it saved. Half a day opens the story form at the same click.
        asked = bot.fake.calls_to("chat.postMessage", channel="UASKER")[-1]
        half_day = buttons(asked)["cop_time_saved_half_day"]
        bot.click(half_day["action_id"], half_day["value"], user="UASKER", channel="UASKER")
        form = bot.fake.wait_for("views.open")[0].args["view"]
        bot.submit_view("cop_value_story_modal", {"story": "We opened the night clinic a month earlier."},
                        user="UASKER", private_metadata=form["private_metadata"])
        bot.idle()
    with freeze_time("2027-03-02 15:00:00", tick=True):  # the facilitator reopens it
        bot.click("cop_help_reopen", request_id, user="UANIM", message_ts=ts)
        bot.idle()
    run_due(bot, "2027-03-05 16:00:00")  # offered, open, three days on: no follow-up to its asker
    with freeze_time("2027-03-06 15:00:00", tick=True):  # resolved again, by the facilitator
        bot.click("cop_help_resolve", request_id, user="UANIM", message_ts=ts)
        bot.idle()
    run_due(bot, "2027-03-31 16:00:00")  # a month after the first resolution: cancelled by the reopening
    run_due(bot, "2027-04-05 16:00:00")  # a month after the last: prompt 2, did you apply it?
    applied = bot.fake.calls_to("chat.postMessage", channel="UASKER")[-1]
    not_yet = buttons(applied)["cop_applied_not_yet"]
    with freeze_time("2027-04-05 17:00:00", tick=True):
        bot.click(not_yet["action_id"], not_yet["value"], user="UASKER", channel="UASKER")
        bot.idle()
    for moment in ("2027-05-05 16:00:00", "2027-06-05 16:00:00", "2027-09-01 16:00:00"):
        run_due(bot, moment)

    after = [c.args["text"] for c in bot.fake.calls_to("chat.postMessage", channel="UASKER")[before:]]
    assert len(after) == 2, after
    assert "How much time did the answers save you?" in after[0] and "Did you apply the answer?" in after[1]
    with bot.cop.runtime.db.session() as session:
        call = session.exec(select(HelpRequest)).one()
    assert (call.asker_prompts, call.reopened) == (2, 1)
    assert call.value_story == "We opened the night clinic a month earlier."  # told in the same click


def test_a_facilitator_is_never_nudged_about_their_own_call_as_if_it_were_someone_elses(bot):
    with freeze_time("2027-03-01 15:00:00", tick=True):
        setup_community(bot)
        command(bot, "role <@UANIM> facilitator", user="UFOUNDER")
        ask(bot, "Who knows the new insulin pump alarms?", user="UANIM")
    monday(bot, "2027-03-02 16:00:00")  # a day on, nobody answered: the only facilitator asked it
    [nudge] = [c for c in bot.fake.calls_to("chat.postMessage", channel="UANIM")
               if "Nobody has answered" in c.args["text"]]
    assert nudge.args["blocks"][0]["text"]["text"] == (
        "Nobody has answered your call for help in <#CCOP> for 24 hours: “Who knows the new insulin pump alarms?”. "
        "You can ask the experts of its topics, post it again, or close it.")
    assert "<@UANIM>" not in all_text(nudge)
    buttons = [e["text"]["text"] for b in nudge.args["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert buttons == ["Ping the experts", "Repost it", "Close it"]

    # With a second facilitator, the other one gets it — in the third person — and the asker nothing.
    with freeze_time("2027-03-03 15:00:00", tick=True):
        command(bot, "role <@UANA> facilitator", user="UFOUNDER")
        ask(bot, "Who has the sepsis bundle checklist?", user="UANIM")
    monday(bot, "2027-03-04 16:00:00")
    nudges = [c.args["text"] for c in bot.fake.calls_to("chat.postMessage") if "sepsis" in c.args["text"]
              and "Nobody has answered" in c.args["text"]]
    assert [c.args["channel"] for c in bot.fake.calls_to("chat.postMessage")
            if "sepsis" in c.args["text"] and "Nobody has answered" in c.args["text"]] == ["UANA"]
    assert nudges[0].startswith("Nobody has answered <@UANIM>'s call for help in <#CCOP>")
