"""A library its content experts keep true (issue 16, item 1): each month, content experts get the
lessons on their topics that are due for review (owners get those no expert watches) and mark them
still true, updated or obsolete; cards and search show it, and search ranks by it; the animators'
Home counts what is overdue."""

import json
import re

from freezegun import freeze_time

from tests.test_calls_for_help import CHANNEL, all_text, setup_community
from tests.test_people import command, open_home


def post_lesson(bot, text: str, *, user: str) -> dict:
    before = len(bot.fake.calls_to("chat.postMessage", channel=CHANNEL))
    bot.command(f"lesson {text}", user=user, channel=CHANNEL)
    post = bot.fake.wait_for("chat.postMessage", channel=CHANNEL, count=before + 1)[before]
    bot.idle()
    return post


def lesson_id(post) -> str:
    return next(e["value"] for b in post.args["blocks"] if b["type"] == "actions" for e in b["elements"])


def review_dms(bot, user: str) -> list:
    return [c for c in bot.fake.calls_to("chat.postMessage", channel=user) if "cop_review_true" in all_text(c)]


def buttons_for(dm, lesson: str) -> dict[str, dict]:
    return {e["action_id"]: e for b in dm.args["blocks"] if b["type"] == "actions" for e in b["elements"]
            if e["value"] == lesson}


def search(bot, words: str) -> str:
    return command(bot, f"search {words}", user="UMEMBER")


def test_content_experts_keep_the_library_true_month_after_month(bot_on):
    bot = bot_on
    with freeze_time("2026-01-05 15:00:00", tick=True):  # Monday, 10:00 in Toronto
        setup_community(bot)
        command(bot, "role <@UANIM> animator", user="UFOUNDER")
        command(bot, "role <@UEXPERT> expert #perfusion", user="UFOUNDER")
        old = post_lesson(bot, "Double-check heparin pump rates at shift change. #perfusion", user="UREPORTER")
        gone = post_lesson(bot, "Flush heparin pump lines with saline every hour. #perfusion", user="UREPORTER")
        triage = post_lesson(bot, "Page two nurses for night triage. #triage", user="UMEMBER")
    with freeze_time("2027-01-20 15:00:00", tick=True):
        post_lesson(bot, "Double-check heparin pump rates at night change. #perfusion", user="UHELPER")
        # Newest first on a tie: the newer lesson leads before any review.
        found = search(bot, "heparin pump rates")
        assert found.index("night change") < found.index("shift change")
        home = json.dumps(open_home(bot, "UANIM"), ensure_ascii=False)
        assert "*3* lessons overdue for review" in home

    # First working day of February 2027, 10:00 in Toronto: the month's review requests.
    with freeze_time("2027-02-01 15:00:30", tick=True):
        bot.cop.runtime.due.run_due()
        bot.idle()
    expert = review_dms(bot, "UEXPERT")
    assert len(expert) == 1
    text = all_text(expert[0])
    assert "*2* lessons of *soins-cardiaques*" in text and "every 12 months" in text
    assert "shift change" in text and "saline" in text and "night change" not in text  # not due yet
    assert "night triage" not in text
    owner = review_dms(bot, "UMEMBER")  # no content expert watches #triage: its owner, its author, gets it
    assert len(owner) == 1 and "night triage" in all_text(owner[0]) and "heparin" not in all_text(owner[0])
    assert not review_dms(bot, "UREPORTER")  # the expert of its topics reviews the author's lessons

    with freeze_time("2027-02-01 16:00:00", tick=True):
        # Someone who does not keep the lesson may not validate it.
        still_true = buttons_for(expert[0], lesson_id(old))["cop_review_true"]
        before = len(bot.fake.calls_to("response_url"))
        bot.click("cop_review_true", still_true["value"], user="UASKER", channel="UEXPERT")
        assert "content expert of its topics" in all_text(bot.fake.wait_for("response_url", count=before + 1)[before])

        # Still true: the card says who validated it and when; search ranks it above the newer one.
        bot.click("cop_review_true", still_true["value"], user="UEXPERT", channel="UEXPERT")
        assert "is marked still true" in all_text(bot.fake.wait_for("response_url", count=before + 2)[before + 1])
        bot.idle()
        card = bot.fake.calls_to("chat.update", ts=old.answer["ts"])[-1]
        assert "Validated by <@UEXPERT> on February 1, 2027" in all_text(card)
        found = search(bot, "heparin pump rates")
        assert found.index("shift change") < found.index("night change")
        assert "Validated by <@UEXPERT>" in json.dumps(bot.fake.calls_to("response_url")[-1].args)

        # Obsolete (Slack asks to confirm first): labelled, last in search, never offered before asking.
        obsolete = buttons_for(expert[0], lesson_id(gone))["cop_review_obsolete"]
        assert obsolete["confirm"]["confirm"]["text"] == "Obsolete"
        bot.click("cop_review_obsolete", obsolete["value"], user="UEXPERT", channel="UEXPERT")
        bot.idle()
        card = bot.fake.calls_to("chat.update", ts=gone.answer["ts"])[-1]
        assert "Obsolete (marked by <@UEXPERT> on February 1, 2027)" in all_text(card)
        found = search(bot, "heparin pump saline")
        assert found.index("every hour") > found.index("night change")
        assert "Obsolete (marked by <@UEXPERT>" in json.dumps(bot.fake.calls_to("response_url")[-1].args)
        bot.command("ask How often do we flush heparin pump lines with saline?", user="UASKER", channel=CHANNEL)
        posted = bot.fake.wait_for("chat.postMessage", channel=CHANNEL, count=5)[-1]
        assert "How often do we flush" in all_text(posted)  # posted at once: nothing in the library answers it

        # Update: the owner gets the lesson form, prefilled; saving it validates the lesson as it now stands.
        update = buttons_for(owner[0], lesson_id(triage))["cop_review_update"]
        bot.click("cop_review_update", update["value"], user="UMEMBER", channel="UMEMBER")
        form = bot.fake.wait_for("views.open")[-1].args["view"]
        values = {b["block_id"]: b["element"].get("initial_value", "") for b in form["blocks"] if b["type"] == "input"}
        assert values["title"] == "Page two nurses for night triage."
        bot.submit_view("cop_lesson_modal", {"title": values["title"], "context": "", "what_happened": "",
                                             "recommendation": "Page two nurses, and the charge nurse, for night "
                                                               "triage.", "topics": "#triage"},
                        user="UMEMBER", private_metadata=form["private_metadata"])
        bot.idle()
        card = bot.fake.calls_to("chat.update", ts=triage.answer["ts"])[-1]
        assert "and the charge nurse" in all_text(card) and "Validated by <@UMEMBER>" in all_text(card)
        home = json.dumps(open_home(bot, "UANIM"), ensure_ascii=False)
        assert "overdue for review" not in home

        trail = command(bot, "audit", user="UFOUNDER")
        assert re.search(r"<@UEXPERT> confirmed lesson \d+ is still true", trail)
        assert re.search(r"<@UEXPERT> marked lesson \d+ obsolete", trail)

    # A month later nothing is due: validated, updated and obsolete lessons wait for their next review.
    with freeze_time("2027-03-01 15:00:30", tick=True):
        bot.cop.runtime.due.run_due()
        bot.idle()
    assert len(review_dms(bot, "UEXPERT")) == 1 and len(review_dms(bot, "UMEMBER")) == 1


def test_the_review_cycle_is_a_setting_and_the_request_speaks_french(bot):
    with freeze_time("2027-01-04 15:00:00", tick=True):
        setup_community(bot, locale="fr-CA")
        command(bot, "rôle <@UEXPERT> expert #perfusion", user="UFOUNDER")
        assert "de 1 à 60" in command(bot, "réglages révision 100m", user="UFOUNDER")
        assert "tous les 6 mois" in command(bot, "réglages révision 6m", user="UFOUNDER")
        refused = command(bot, "réglages révision 3m", user="UMEMBER")
        assert "Seules les personnes fondatrices et l’équipe d’animation" in refused
        post_lesson(bot, "Vérifier à deux le débit de la pompe. #perfusion", user="UREPORTER")
    with freeze_time("2027-08-02 14:00:30", tick=True):  # first working day of August, 10:00 in Toronto
        bot.cop.runtime.due.run_due()
        bot.idle()
    dm = review_dms(bot, "UEXPERT")
    assert len(dm) == 1
    text = all_text(dm[0])
    assert "*1* leçon de la communauté *soins-cardiaques*" in text and "tous les 6 mois" in text
    labels = [e["text"]["text"] for b in dm[0].args["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert labels == ["Toujours d’actualité", "Mettre à jour", "Obsolète"]
