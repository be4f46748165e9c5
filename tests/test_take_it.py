"""Facilitators share the load (issue 30 item 5): a follow-up that goes to every facilitator carries
"I'll take it"; the first to take it has it, the others' copies say who did, and every facilitator's
Home tab shows who took what."""

import json

from freezegun import freeze_time

from storage.models import DueItem
from tests.test_calls_for_help import all_text, ask, setup_community, wait_until
from tests.test_meetings import button
from tests.test_people import command, open_home, rows


def unanswered_call_reaches_two_facilitators(bot, *, locale: str = "en-US") -> tuple[dict, dict]:
    with freeze_time("2030-01-07 15:00:00", tick=True):  # a Monday, 10:00 in Toronto
        setup_community(bot, locale=locale)
        if locale.startswith("fr"):
            command(bot, "langue fr", user="UFOUNDER")
        command(bot, "role <@UANIM> animator", user="UFOUNDER")
        command(bot, "role <@UANA> animator", user="UFOUNDER")
        ask(bot, "Which catheter for long IV therapy? #iv")
        wait_until(lambda: [i for i in rows(bot, DueItem) if i.kind == "help.unanswered"])
    with freeze_time("2030-01-08 15:30:00", tick=True):  # 24 hours later, nobody has answered
        bot.fake.calls.clear()
        bot.cop.runtime.due.run_due()
        bot.idle()
    [anim] = bot.fake.wait_for("chat.postMessage", channel="UANIM")
    [ana] = bot.fake.wait_for("chat.postMessage", channel="UANA")
    return anim, ana


def test_the_first_facilitator_to_take_a_follow_up_has_it_and_the_others_see_who(bot):
    anim, ana = unanswered_call_reaches_two_facilitators(bot)
    take = button(ana, "cop_take_it")
    assert take["text"]["text"] == "I'll take it" and take["style"] == "primary"
    assert button(anim, "cop_take_it")["value"] != take["value"]  # each their own copy
    assert button(ana, "cop_follow_ping")  # what they can do is still there

    bot.click("cop_take_it", take["value"], user="UANA", channel=ana.answer["channel"], message_ts=ana.answer["ts"])
    mine = bot.fake.wait_for("response_url")[-1].args
    assert mine["replace_original"] is True
    assert "You took the unanswered call for help" in mine["text"] and "Which catheter" in mine["text"]
    [told] = bot.fake.wait_for("chat.update", ts=anim.answer["ts"])
    assert "<@UANA> took the unanswered call for help" in all_text(told)
    assert "nothing for you to do" in all_text(told) and "cop_take_it" not in json.dumps(told.args)
    assert not bot.fake.calls_to("chat.update", ts=ana.answer["ts"])  # hers was replaced through its response_url

    # The other facilitator's click, on a copy their Slack had not refreshed: told who has it, nothing changes.
    bot.click("cop_take_it", button(anim, "cop_take_it")["value"], user="UANIM", channel=anim.answer["channel"],
              message_ts=anim.answer["ts"])
    theirs = bot.fake.wait_for("response_url", count=2)[-1].args
    assert "<@UANA> took" in theirs["text"]
    # Nobody takes someone else's copy.
    bot.click("cop_take_it", take["value"], user="UOTHER")
    assert "sent to someone else" in bot.fake.wait_for("response_url", count=3)[-1].args["text"]
    assert len(bot.fake.calls_to("chat.update")) == 1

    # Every facilitator's Home shows who took what; members' does not.
    home = json.dumps(open_home(bot, "UANIM"), ensure_ascii=False)
    assert "Taken on (last 14 days)" in home and "<@UANA> took the unanswered call for help" in home
    assert "Taken on" not in json.dumps(open_home(bot, "UMEMBER"))
    # A second run of the job sends nothing more.
    bot.cop.runtime.due.run_due()
    bot.idle()
    assert len(bot.fake.calls_to("chat.postMessage", channel="UANIM")) == 1


def test_je_m_en_occupe_in_a_french_community(bot):
    anim, ana = unanswered_call_reaches_two_facilitators(bot, locale="fr-CA")
    assert button(anim, "cop_take_it")["text"]["text"] == "Je m’en occupe"
    bot.click("cop_take_it", button(anim, "cop_take_it")["value"], user="UANIM", channel=anim.answer["channel"],
              message_ts=anim.answer["ts"])
    [told] = bot.fake.wait_for("chat.update", ts=ana.answer["ts"])
    assert "<@UANIM> s’occupe de l’appel à tous sans réponse" in all_text(told)
    assert "«\u00a0Which catheter" in all_text(told)


def test_a_follow_up_for_one_facilitator_has_no_one_to_share_it_with(bot):
    with freeze_time("2030-01-07 15:00:00", tick=True):
        setup_community(bot)
        command(bot, "role <@UANIM> animator", user="UFOUNDER")
        ask(bot, "Which catheter for long IV therapy? #iv")
        wait_until(lambda: [i for i in rows(bot, DueItem) if i.kind == "help.unanswered"])
    with freeze_time("2030-01-08 15:30:00", tick=True):
        bot.cop.runtime.due.run_due()
        bot.idle()
    alone = bot.fake.wait_for("chat.postMessage", channel="UANIM")[-1]  # after the DM that gave the role
    assert "Nobody has answered" in alone.args["text"] and "cop_take_it" not in json.dumps(alone.args)
    assert button(alone, "cop_follow_ping")["style"] == "primary"
