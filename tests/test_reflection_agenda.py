"""The quarter's reflections become the next meeting's draft agenda (issue 16, item 3): two weeks after
members are asked, the animators get what they said grouped by theme — the community's topics, then
the words several of them use — unsigned, with a button that opens the meeting form prefilled."""

import json

from freezegun import freeze_time

from tests.test_calls_for_help import CHANNEL, all_text, setup_community
from tests.test_people import command

REFLECTIONS = {
    "UASKER": {"got": "Quick answers about night triage.", "brought": "", "change": "More time on triage cases."},
    "UMEMBER": {"got": "Help with triage at night.", "brought": "", "change": "Shorter handover notes, please."},
    "UHELPER": {"got": "", "brought": "Two lessons on heparin.", "change": "Invite pharmacists to talk about heparin."},
    "UREPORTER": {"got": "Calm answers.", "brought": "", "change": "Pharmacists should join us on heparin dosing."},
}


def answer_reflection(bot, user: str, values: dict) -> None:
    request = [c for c in bot.fake.calls_to("chat.postMessage", channel=user) if "cop_reflect" in all_text(c)][-1]
    button = request.args["blocks"][-1]["elements"][0]
    before = len(bot.fake.calls_to("views.open"))
    bot.click(button["action_id"], button["value"], user=user, channel=user)
    modal = bot.fake.wait_for("views.open", count=before + 1)[before].args["view"]
    bot.submit_view("cop_reflection_modal", values, user=user, private_metadata=modal["private_metadata"])
    bot.idle()


def test_reflections_grouped_by_theme_reach_the_animators_as_a_draft_agenda(bot_on):
    bot = bot_on
    bot.fake.members[CHANNEL] = ["UFOUNDER", "UANIM", *REFLECTIONS]  # members found when the community began
    with freeze_time("2027-03-15 14:00:00", tick=True):
        setup_community(bot)
        command(bot, "role <@UANIM> animator", user="UFOUNDER")
        command(bot, "role <@UEXPERT> expert #triage #handover", user="UFOUNDER")
    with freeze_time("2027-04-01 14:00:30", tick=True):  # first working day of Q2, 10:00 in Toronto
        bot.cop.runtime.due.run_due()
        bot.idle()
    with freeze_time("2027-04-02 15:00:00", tick=True):
        for user, values in REFLECTIONS.items():
            answer_reflection(bot, user, values)
    with freeze_time("2027-04-14 14:00:00", tick=True):  # too early: members still answering
        bot.cop.runtime.due.run_due()
        bot.idle()
    assert not [c for c in bot.fake.calls_to("chat.postMessage", channel="UANIM") if "by theme" in c.args["text"]]
    with freeze_time("2027-04-15 14:05:00", tick=True):
        bot.cop.runtime.due.run_due()
        bot.idle()
        bot.cop.runtime.due.run_due()
        bot.idle()
    sent = [c for c in bot.fake.calls_to("chat.postMessage", channel="UANIM") if "by theme" in c.args["text"]]
    assert len(sent) == 1  # once, to the animator
    assert not [c for c in bot.fake.calls_to("chat.postMessage", channel="UMEMBER") if "by theme" in c.args["text"]]
    text = all_text(sent[0])
    assert "*4* members answered the reflection of Q2 2027" in text
    # The community's topics first on a tie, then the words several reflections use.
    sections = [b["text"]["text"] for b in sent[0].args["blocks"] if b["type"] == "section"]
    heads = [s.split("\n")[0] for s in sections[1:]]
    assert heads == ["*1. #triage* — 2 reflections", "*2. heparin* — 2 reflections", "*3. night* — 2 reflections",
                     "*4. pharmacists* — 2 reflections", "*5. #handover* — 1 reflection"]
    assert "&gt; More time on triage cases." in sections[1]  # what should change comes first
    assert not any(user in text for user in REFLECTIONS)  # unsigned

    # A member cannot plan from it; the animator gets the meeting form with the draft agenda.
    button = [e for b in sent[0].args["blocks"] if b["type"] == "actions" for e in b["elements"]][0]
    assert button["text"]["text"] == "Create this meeting"
    before = len(bot.fake.calls_to("response_url"))
    bot.click(button["action_id"], button["value"], user="UMEMBER", channel="UMEMBER")
    assert "founders and facilitators" in all_text(bot.fake.wait_for("response_url", count=before + 1)[before])
    bot.click(button["action_id"], button["value"], user="UANIM", channel="UANIM")
    form = bot.fake.wait_for("views.open", count=5)[-1].args["view"]
    initial = {b["block_id"]: b["element"].get("initial_value", "") for b in form["blocks"] if b["type"] == "input"}
    assert initial["topic"] == "What our members said this quarter"
    assert initial["agenda"].startswith("Draft agenda, from 4 reflections of our members (Q2 2027):\n"
                                        "1. #triage (2 reflections): “More time on triage cases.”; “Shorter handover")
    assert initial["agenda"].endswith("What should change next quarter: open discussion.")
    assert json.loads(form["private_metadata"])["community_id"]


def test_the_draft_agenda_speaks_french(bot):
    bot.fake.members[CHANNEL] = ["UFOUNDER", "UANIM", "UASKER", "UMEMBER"]
    with freeze_time("2027-03-15 14:00:00", tick=True):
        setup_community(bot, locale="fr-CA")
        command(bot, "rôle <@UANIM> animatrice", user="UFOUNDER")
    with freeze_time("2027-04-01 14:00:30", tick=True):
        bot.cop.runtime.due.run_due()
        bot.idle()
    with freeze_time("2027-04-02 15:00:00", tick=True):
        answer_reflection(bot, "UASKER", {"got": "Des réponses rapides sur la relève.", "brought": "",
                                          "change": "Plus de temps pour la relève de nuit."})
        answer_reflection(bot, "UMEMBER", {"got": "", "brought": "", "change": "Une fiche de relève plus courte."})
    with freeze_time("2027-04-15 14:05:00", tick=True):
        bot.cop.runtime.due.run_due()
        bot.idle()
    sent = [c for c in bot.fake.calls_to("chat.postMessage", channel="UANIM") if "par thème" in c.args["text"]]
    assert len(sent) == 1
    text = all_text(sent[0])
    assert "*2* membres ont répondu à la réflexion du 2e trimestre 2027" in text
    assert "*1. relève* — 2 réflexions" in text
    assert "Créer cette rencontre" in text
