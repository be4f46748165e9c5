"""Value followed past the first answer, and calls reopened (issue 16, items 3 and 4): a month after
a call is resolved its asker is asked, once, whether they applied the answer; what they say reaches
/cop stats and the monthly report; a call resolved too soon is reopened and counted once."""

import json

from freezegun import freeze_time
from sqlmodel import select

from storage.models import DueItem, HelpRequest
from tests.test_calls_for_help import CHANNEL, all_text, ask, setup_community
from tests.test_people import command


def buttons(call) -> dict[str, dict]:
    return {e["action_id"]: e for b in call.args.get("blocks", []) if b["type"] == "actions" for e in b["elements"]}


def dms(bot, user: str, containing: str) -> list:
    return [c for c in bot.fake.calls_to("chat.postMessage", channel=user) if containing in all_text(c)]


def answered_and_resolved(bot, question: str) -> tuple[str, str]:
    post = ask(bot, question)
    ts = post.answer["ts"]
    bot.event({"type": "message", "channel": CHANNEL, "user": "UHELPER", "text": "Use the two-nurse check.",
               "ts": "1800000100.000200", "thread_ts": ts})
    bot.idle()
    request_id = buttons(post)["cop_help_resolve"]["value"]
    bot.click("cop_help_resolve", request_id, user="UASKER")
    bot.fake.wait_for("chat.postMessage", channel="UASKER")
    bot.idle()
    return request_id, ts


def run_due(bot, when: str) -> None:
    with freeze_time(when, tick=True):
        bot.cop.runtime.due.run_due()
        bot.idle()


def test_a_month_on_the_asker_says_the_answer_changed_something_and_sponsors_read_it(bot_on):
    bot = bot_on
    with freeze_time("2027-03-01 15:00:00", tick=True):  # Monday, 10:00 in Toronto
        setup_community(bot)
        command(bot, "role <@UANIM> animator", user="UFOUNDER")
        command(bot, "role <@USPONSOR> sponsor", user="UFOUNDER")
        request_id, _ = answered_and_resolved(bot, "How do we double-check heparin at night?")

    run_due(bot, "2027-03-20 15:00:00")  # too early: nothing asked
    assert not dms(bot, "UASKER", "Did you apply the answer?")
    run_due(bot, "2027-03-31 15:05:00")  # 30 days on, 11:05 in Toronto
    run_due(bot, "2027-03-31 16:00:00")  # a second tick asks nothing more
    asked = dms(bot, "UASKER", "Did you apply the answer?")
    assert len(asked) == 1 and "A month ago, <https://example.slack.com/archives/CCOP/p" in asked[0].args["text"]
    choices = buttons(asked[0])
    assert [b["text"]["text"] for b in choices.values()] == ["Yes, and it changed something", "Yes", "Not yet", "No"]
    assert len(set(choices)) == 4  # one action_id per button

    # Someone else's click changes nothing.
    changed = choices["cop_applied_changed"]
    with freeze_time("2027-03-31 17:00:00", tick=True):
        before = len(bot.fake.calls_to("response_url"))
        bot.click(changed["action_id"], changed["value"], user="UMEMBER", channel="UASKER")
        assert "Only the person who asked" in all_text(bot.fake.wait_for("response_url", count=before + 1)[before])
        # The asker's: the one-sentence form opens, the question becomes a thank-you.
        bot.click(changed["action_id"], changed["value"], user="UASKER", channel="UASKER")
        form = bot.fake.wait_for("views.open")[0].args["view"]
        assert form["callback_id"] == "cop_change_story_modal"
        thanks = bot.fake.wait_for("response_url", count=before + 2)[before + 1].args
        assert thanks["replace_original"] is True and "it changed something" in thanks["text"]
        bot.submit_view("cop_change_story_modal", {"story": "Our night handover now takes 10 minutes, not 30."},
                        user="UASKER", private_metadata=request_id)
        bot.idle()
        stats = command(bot, "stats 30", user="UANIM")
    assert "*A month later:* 1 of 1 askers applied the answer · 1 saw something change" in stats
    assert "Our night handover now takes 10 minutes, not 30." in stats

    # The monthly report of March (1 April, 9:00 in Toronto) to the sponsor and the animators.
    run_due(bot, "2027-04-01 13:00:30")
    report = [c for c in bot.fake.calls_to("chat.postMessage", channel="USPONSOR") if "Value report" in c.args["text"]]
    assert len(report) == 1
    text = all_text(report[0])
    assert "Answers applied (asked a month later): *1* · 0 · 0" in text
    assert "Answers that changed something: *1* · 0 · 0" in text
    assert "*What changed*" in text and "Our night handover now takes 10 minutes" in text


def test_not_yet_is_never_asked_again_the_buttons_stay_for_later_in_french(bot):
    with freeze_time("2027-03-01 15:00:00", tick=True):
        setup_community(bot, locale="fr-CA")
        answered_and_resolved(bot, "Qui a une grille de tri pour la nuit?")
    run_due(bot, "2027-03-31 15:05:00")
    asked = dms(bot, "UASKER", "Avez-vous appliqué la réponse?")
    assert len(asked) == 1
    labels = [b["text"]["text"] for b in buttons(asked[0]).values()]
    assert labels == ["Oui, et ça a changé quelque chose", "Oui", "Pas encore", "Non"]
    later = buttons(asked[0])["cop_applied_not_yet"]
    with freeze_time("2027-03-31 17:00:00", tick=True):
        bot.click(later["action_id"], later["value"], user="UASKER", channel="UASKER")
        kept = bot.fake.wait_for("response_url")[-1]
        assert "Je ne vous le redemanderai pas\u00a0: quand vous l’aurez appliquée, répondez ici." in kept.args["text"]
        bot.idle()
    # The buttons stay (without « Pas encore »): the asker answers when they have, unasked.
    kept_buttons = {e["action_id"]: e for b in kept.args["blocks"] if b["type"] == "actions" for e in b["elements"]}
    assert list(kept_buttons) == ["cop_applied_changed", "cop_applied_yes", "cop_applied_no"]
    for moment in ("2027-04-30 18:00:00", "2027-06-01 15:00:00", "2027-07-01 15:00:00"):
        run_due(bot, moment)
    assert len([c for c in bot.fake.calls_to("chat.postMessage", channel="UASKER") if "appliqué" in all_text(c)]) == 1
    yes = kept_buttons["cop_applied_yes"]
    with freeze_time("2027-07-02 17:00:00", tick=True):
        bot.click(yes["action_id"], yes["value"], user="UASKER", channel="UASKER")
        bot.idle()
        assert "vous avez appliqué la réponse" in all_text(bot.fake.calls_to("response_url")[-1])


def test_a_call_resolved_too_soon_is_reopened_counted_once_and_its_asker_not_prompted_twice(bot_on):
    bot = bot_on
    with freeze_time("2027-03-01 15:00:00", tick=True):
        setup_community(bot)
        command(bot, "role <@UANIM> animator", user="UFOUNDER")
        request_id, ts = answered_and_resolved(bot, "Who has a heparin double-check grid?")
        assert "heparin double-check" in command(bot, "search heparin grid", user="UMEMBER")
        card = bot.fake.calls_to("chat.update", ts=ts)[-1]
        reopen = buttons(card)["cop_help_reopen"]
        assert reopen["text"]["text"] == "Reopen"

        # Only the asker or an animator may reopen it.
        before = len(bot.fake.calls_to("response_url"))
        bot.click("cop_help_reopen", reopen["value"], user="UMEMBER", message_ts=ts)
        assert "Only the person who asked, or a facilitator" in all_text(
            bot.fake.wait_for("response_url", count=before + 1)[before])
        bot.click("cop_help_reopen", reopen["value"], user="UASKER", message_ts=ts)
        thread = bot.fake.wait_for("chat.postMessage", channel=CHANNEL, thread_ts=ts)
        assert len(thread) == 1 and "<@UASKER> reopened this call for help" in all_text(thread[0])
        bot.idle()
        card = bot.fake.calls_to("chat.update", ts=ts)[-1]
        assert "Resolved by" not in all_text(card) and "cop_help_resolve" in buttons(card)
        # The library no longer offers it as answered.
        assert "heparin double-check" not in command(bot, "search heparin grid", user="UMEMBER")
        # A second click (a double click) changes nothing more.
        bot.click("cop_help_reopen", reopen["value"], user="UASKER", message_ts=ts)
        bot.idle()
        assert len(bot.fake.calls_to("chat.postMessage", channel=CHANNEL, thread_ts=ts)) == 1

    # No DM three days on: the thread heard it is open again, and the asker had their prompts about it.
    run_due(bot, "2027-03-04 16:00:00")
    assert dms(bot, "UASKER", "three days ago") == []

    with freeze_time("2027-03-05 15:00:00", tick=True):
        bot.click("cop_help_resolve", request_id, user="UASKER", message_ts=ts)
        bot.idle()
        # Resolved again: how much time it saved is not asked a second time (the first answer stands).
        assert len(dms(bot, "UASKER", "How much time did the answers save you?")) == 1
        stats = command(bot, "stats 30", user="UANIM")
    assert "1 asked · 1 answered · 1 resolved" in stats  # counted once
    with bot.cop.runtime.db.session() as session:
        request = session.exec(select(HelpRequest)).one()
        assert request.reopened == 1 and request.status == "resolved"
        planned = [d.dedupe_key for d in session.exec(select(DueItem).where(DueItem.kind == "value.applied"))]
    # The month-on question follows the last resolution only.
    assert json.dumps(sorted(planned)) == json.dumps([f"value.applied:{request.id}:0", f"value.applied:{request.id}:1"])
    run_due(bot, "2027-03-31 16:00:00")  # a month after the first resolution: cancelled
    assert not dms(bot, "UASKER", "Did you apply the answer?")
    run_due(bot, "2027-04-05 15:00:00")
    assert len(dms(bot, "UASKER", "Did you apply the answer?")) == 1
