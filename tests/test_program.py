"""The year's programme (/cop program): meetings of the next twelve months, suggested topics, interest."""

import json
import logging

from freezegun import freeze_time

from storage.models import Community, DeadLetter, TopicInterest, TopicSuggestion
from tests.test_calls_for_help import CHANNEL, all_text, setup_community
from tests.test_meetings import _buttons, button, posted_with
from tests.test_people import command, rows


def test_members_suggest_topics_say_they_are_interested_and_facilitators_plan_one(bot):
    with freeze_time("2030-01-10 15:00:00", tick=True):
        setup_community(bot)
        assert "announced" in command(bot, "meeting add 2030-03-07 14:00 Night triage", user="UFOUNDER")
        posted_with(bot, CHANNEL, "Night triage")
        bot.command("programme", user="UMEMBER", channel=CHANNEL)
        shown = bot.fake.wait_for("response_url", count=2)[1].args
        assert "Night triage" in all_text_of(shown) and "No topic suggested yet" in all_text_of(shown)
        suggest = [e for b in shown["blocks"] if b["type"] == "actions" for e in b["elements"]][0]
        bot.click(suggest["action_id"], suggest["value"], user="UMEMBER")
        form = bot.fake.wait_for("views.open")[0].args["view"]
        assert form["callback_id"] == "cop_suggest_modal"
        status, body = bot.submit_view("cop_suggest_modal", {"topic": "Sepsis screening at night <!channel>",
                                                             "why": "Three missed cases", "presenter": "Dr Roy, CHU"},
                                       user="UMEMBER", private_metadata=form["private_metadata"])
        assert status == 200 and body == ""
        card = posted_with(bot, CHANNEL, "Sepsis screening at night")
        assert "<!channel>" not in all_text(card) and "Dr Roy, CHU" in all_text(card)
        suggestion = button(card, "cop_topic_interested")["value"]

        for user in ("UOTHER", "UOTHER", "UASKER"):
            bot.click("cop_topic_interested", suggestion, user=user, message_ts=card.answer["ts"])
            bot.idle()
        said = [c.args["text"] for c in bot.fake.calls_to("response_url")][-3:]
        assert "counted" in said[0] and "already counted" in said[1]
        assert ":raised_hand: 2 people interested" in all_text(bot.fake.calls_to("chat.update",
                                                                                ts=card.answer["ts"])[-1])
        listing = command(bot, "program", user="UMEMBER")
        assert "Sepsis screening at night" in listing and "2 people interested" in listing

        # A member cannot plan it; a founder gets the meeting form, prefilled, and the card follows.
        bot.click("cop_topic_plan", suggestion, user="UMEMBER")
        bot.idle()
        assert "Only the community's founders and facilitators plan" in bot.fake.calls_to("response_url")[-1].args[
            "text"]
        bot.click("cop_topic_plan", suggestion, user="UFOUNDER")
        modal = bot.fake.wait_for("views.open", count=2)[1].args["view"]
        topic = [b for b in modal["blocks"] if b.get("block_id") == "topic"][0]["element"]["initial_value"]
        agenda = [b for b in modal["blocks"] if b.get("block_id") == "agenda"][0]["element"]["initial_value"]
        assert topic.startswith("Sepsis screening at night") and "Who could present: Dr Roy, CHU" in agenda
        status, body = bot.submit_view(
            "cop_meeting_modal", {"topic": topic, "agenda": agenda}, user="UFOUNDER",
            private_metadata=modal["private_metadata"], selects={"duration": "60", "repeat": "none:1"},
            elements={"date": {"type": "datepicker", "selected_date": "2030-04-04"},
                      "time": {"type": "timepicker", "selected_time": "14:00"}})
        assert status == 200 and body == ""
        posted_with(bot, CHANNEL, "*Meeting:* Sepsis screening")
        bot.idle()
        planned = bot.fake.calls_to("chat.update", ts=card.answer["ts"])[-1]
        assert "Planned as a meeting by <@UFOUNDER>" in all_text(planned) and _buttons(planned) == []
        assert [s.status for s in rows(bot, TopicSuggestion)] == ["planned"]
        assert len(rows(bot, TopicInterest)) == 2
        listing = command(bot, "program", user="UMEMBER")
        assert "No topic suggested yet" in listing and "Sepsis screening" in listing  # now a meeting


def all_text_of(args: dict) -> str:
    return json.dumps(args, ensure_ascii=False)


def test_a_gap_of_no_words_suggests_no_topic_and_its_work_does_not_fail(bot, caplog):
    """*Suggest as meeting topic* on a gap whose words are blank (its button's value altered on the way): no
    card in the channel, no topic stored, and the work ends without a traceback — it is neither retried nor
    set aside (it used to fail on saying ``None`` to the person)."""
    setup_community(bot)
    bot.idle()
    community = rows(bot, Community)[0]
    posts = len(bot.fake.calls_to("chat.postMessage", channel=CHANNEL))
    caplog.clear()
    status, _ = bot.click("cop_gap_meeting", json.dumps({"c": community.id, "w": "   ", "n": 2, "d": 30}),
                          user="UFOUNDER")
    assert status == 200
    bot.idle()
    assert not [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR], \
        [r.getMessage() for r in caplog.records]
    assert len(bot.fake.calls_to("chat.postMessage", channel=CHANNEL)) == posts
    assert not rows(bot, TopicSuggestion) and not rows(bot, DeadLetter)
