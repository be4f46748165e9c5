"""The quarter's reflections become the next meeting's draft agenda (issue 16, item 3): two weeks after
members are asked, the animators get what they said grouped by theme — the community's topics, then
the words several of them use — unsigned, with a button that opens the meeting form prefilled."""

import json

from freezegun import freeze_time

from tests.test_calls_for_help import CHANNEL, all_text, setup_community
from tests.test_meetings import posted_with
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
    # First, each question with how many answered it and the first answers.
    assert [s.split("\n")[0] for s in sections[1:4]] == [
        "*What did you get from the community this quarter?* — 3 answers", "*What did you bring to it?* — 1 answer",
        "*What should change?* — 4 answers"]  # by question, then by theme
    assert sections[2].split("\n")[1:] == ["&gt; Two lessons on heparin."]
    sections = sections[3:]  # then the themes
    heads = [s.split("\n")[0] for s in sections[1:]]
    # Themes that gather the same reflections are one; a reflection is quoted under one theme only
    # (#handover's one reflection is already under #triage); the count shown is the count quoted.
    assert heads == ["*1. #triage · night* — 2 reflections", "*2. heparin · pharmacists* — 2 reflections"]
    quotes = [line for s in sections[1:] for line in s.split("\n")[1:]]
    assert quotes == ["&gt; More time on triage cases.", "&gt; Shorter handover notes, please.",  # change first
                      "&gt; Invite pharmacists to talk about heparin.",
                      "&gt; Pharmacists should join us on heparin dosing."]
    assert not any(user in text for user in REFLECTIONS)  # unsigned

    # A member cannot suggest it; the animator's "Suggest as meeting topic" adds it to the programme's
    # suggested topics: its card in the channel outlines the themes, never the members' words.
    button = [e for b in sent[0].args["blocks"] if b["type"] == "actions" for e in b["elements"]][0]
    assert button["text"]["text"] == "Suggest as meeting topic"
    before = len(bot.fake.calls_to("response_url"))
    bot.click(button["action_id"], button["value"], user="UMEMBER", channel="UMEMBER")
    assert "founders and facilitators" in all_text(bot.fake.wait_for("response_url", count=before + 1)[before])
    forms = len(bot.fake.calls_to("views.open"))
    bot.click(button["action_id"], button["value"], user="UANIM", channel="UANIM")
    card = posted_with(bot, CHANNEL, "What our members said in Q2 2027")
    assert "Draft agenda, from 4 reflections of our members (Q2 2027):\n1. #triage · night (2 reflections)\n" \
        "2. heparin · pharmacists (2 reflections)\n3. What should change next quarter: open discussion." \
        in card.args["blocks"][0]["text"]["text"]
    assert not any(words in all_text(card) for words in ("More time on triage", "pharmacists to talk", *REFLECTIONS))
    said = bot.fake.wait_for("response_url", count=before + 2)[before + 1].args
    assert "“What our members said in Q2 2027” is now among the suggested meeting topics" in json.dumps(
        said, ensure_ascii=False)
    plan = [e for b in said["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert [e["text"]["text"] for e in plan] == ["Plan it"]
    assert len(bot.fake.calls_to("views.open")) == forms  # no form until they choose to plan it
    # Plan it: the meeting form with the outline as its agenda; the meeting planned, the card says so.
    bot.click(plan[0]["action_id"], plan[0]["value"], user="UANIM", channel="UANIM")
    form = bot.fake.wait_for("views.open", count=forms + 1)[-1].args["view"]
    initial = {b["block_id"]: b["element"].get("initial_value", "") for b in form["blocks"] if b["type"] == "input"}
    assert initial["topic"] == "What our members said in Q2 2027"
    assert initial["agenda"].startswith("Draft agenda, from 4 reflections of our members (Q2 2027):\n"
                                        "1. #triage · night (2 reflections)\n")
    assert initial["agenda"].endswith("What should change next quarter: open discussion.")
    assert json.loads(form["private_metadata"])["suggestion_id"] == int(plan[0]["value"])


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
    assert "Proposer comme sujet de rencontre" in text
    # The facilitator suggests it: the card and what they are told speak French.
    button = [e for b in sent[0].args["blocks"] if b["type"] == "actions" for e in b["elements"]][-1]
    before = len(bot.fake.calls_to("response_url"))
    bot.click(button["action_id"], button["value"], user="UANIM", channel="UANIM")
    card = posted_with(bot, CHANNEL, "Ce que nos membres ont dit au 2e trimestre 2027")
    assert "1. relève (2 réflexions)" in card.args["blocks"][0]["text"]["text"]
    said = json.dumps(bot.fake.wait_for("response_url", count=before + 1)[before].args, ensure_ascii=False)
    assert "C’est fait\u00a0: «\u00a0Ce que nos membres ont dit au 2e trimestre 2027\u00a0» est maintenant" in said
    assert "`/cop programme`" in said and "Le planifier" in said


def test_every_answer_is_quoted_once_and_what_fits_no_theme_is_quoted_too_in_french(bot):
    """Four answered, four quoted: the two on heparin under one theme (« héparine » and « pharmaciens »
    gather the same two), the two others under « Autres réflexions » — it once said 4 and showed 2."""
    said = {"UASKER": ("Des réponses rapides sur le tri de nuit.", "Plus de temps pour les cas de tri."),
            "UMEMBER": ("De l’aide pour le tri la nuit.", "Des notes de relève plus courtes."),
            "UHELPER": ("Deux leçons sur l’héparine.", "Inviter des pharmaciens à parler d’héparine."),
            "UREPORTER": ("Des réponses calmes.", "Que des pharmaciens se joignent à nous sur l’héparine.")}
    bot.fake.members[CHANNEL] = ["UFOUNDER", "UANIM", *said]
    with freeze_time("2027-03-15 14:00:00", tick=True):
        setup_community(bot, locale="fr-CA")
        command(bot, "rôle <@UANIM> animatrice", user="UFOUNDER")
    with freeze_time("2027-04-01 14:00:30", tick=True):
        bot.cop.runtime.due.run_due()
        bot.idle()
    with freeze_time("2027-04-02 15:00:00", tick=True):
        for user, (got, change) in said.items():
            answer_reflection(bot, user, {"got": got, "brought": "", "change": change})
    with freeze_time("2027-04-15 14:05:00", tick=True):
        bot.cop.runtime.due.run_due()
        bot.idle()
    [sent] = [c for c in bot.fake.calls_to("chat.postMessage", channel="UANIM") if "par thème" in c.args["text"]]
    sections = [b["text"]["text"] for b in sent.args["blocks"] if b["type"] == "section"][1:]
    assert [s.split("\n")[0] for s in sections[:2]] == [  # by question (none answered the second), then themes
        "*Qu’avez-vous retiré de la communauté ce trimestre?* — 4 réponses", "*Que faudrait-il changer?* — 4 réponses"]
    assert sections[2:] == [
        "*1. héparine · pharmaciens* — 2 réflexions\n&gt; Inviter des pharmaciens à parler d’héparine.\n"
        "&gt; Que des pharmaciens se joignent à nous sur l’héparine.",
        "*Autres réflexions* — 2 réflexions\n&gt; Plus de temps pour les cas de tri.\n"
        "&gt; Des notes de relève plus courtes."]


def test_a_large_theme_says_how_many_it_quotes_of_how_many(db):
    from bot import blocks
    from bot.i18n import translator
    from bot.services.reflections import agenda
    from storage import communities
    from storage.models import Reflection

    with db.session() as session:
        community, _ = communities.create_community(session=session, team_id="T1", channel_id="C1", name="soins",
                                                    language="en", timezone="UTC", created_by="U0")
        for n in range(7):
            session.add(Reflection(team_id="T1", community_id=community.id, user_id=f"U{n}", quarter="2027-Q2",
                                   change=f"Ask pharmacists about case {n}."))
    with db.reading() as session:
        found = agenda(session, communities.community_for_channel(session=session, team_id="T1", channel_id="C1"),
                       "2027-Q2")
    assert [(t.label, t.reflections, len(t.quotes)) for t in found.themes] == [("pharmacists", 7, 5)]
    message = blocks.reflection_agenda(translator("en"), community_name="soins", community_id=1, agenda=found)
    assert message["blocks"][2]["text"]["text"].startswith("*What should change?* — 7 answers\n")  # by question
    assert message["blocks"][3]["text"]["text"].startswith("*1. pharmacists* — 5 quoted of 7 reflections\n&gt; ")


def test_facilitators_set_the_questions_and_the_summary_is_grouped_by_them(bot):
    bot.fake.members[CHANNEL] = ["UFOUNDER", "UANIM", "UANA", "UASKER", "UMEMBER"]
    with freeze_time("2027-03-15 14:00:00", tick=True):
        setup_community(bot, locale="fr-CA")
        command(bot, "langue fr", user="UFOUNDER")
        command(bot, "rôle <@UANIM> animateur", user="UFOUNDER")
        command(bot, "rôle <@UANA> animatrice", user="UFOUNDER")
        assert "personnes fondatrices et l’équipe d’animation" in command(bot, "réglages réflexion", user="UMEMBER")
        bot.command("réglages réflexion", user="UANIM", channel=CHANNEL)
        form = bot.fake.wait_for("views.open")[0].args["view"]
        prefilled = [b["element"].get("initial_value") for b in form["blocks"] if b["type"] == "input"]
        assert prefilled == ["Qu’avez-vous retiré de la communauté ce trimestre?", "Qu’y avez-vous apporté?",
                             "Que faudrait-il changer?"]
        assert "« Pourquoi revenez-vous? », « Comment y participez-vous? »" in json.dumps(form, ensure_ascii=False) \
            .replace("\\u00a0", "\u00a0").replace("\u00a0", " ")
        bot.submit_view("cop_reflection_questions_modal", {"q1": "Pourquoi revenez-vous?", "q2": "",
                                                           "q3": "Quels ont été les bénéfices pour vous?"},
                        user="UANIM", private_metadata=form["private_metadata"])
        bot.idle()
    with freeze_time("2027-04-01 14:00:30", tick=True):
        bot.cop.runtime.due.run_due()
        bot.idle()
    asked = [c for c in bot.fake.calls_to("chat.postMessage", channel="UASKER") if "cop_reflect" in all_text(c)][-1]
    assert "• Pourquoi revenez-vous?\n• Quels ont été les bénéfices pour vous?" in all_text(asked).replace("\\n", "\n")
    with freeze_time("2027-04-02 15:00:00", tick=True):
        answer_reflection(bot, "UASKER", {"got": "Les réponses rapides.", "change": "Moins de paperasse."})
        modal = bot.fake.calls_to("views.open")[-1].args["view"]
        assert [b["label"]["text"] for b in modal["blocks"]] == ["Pourquoi revenez-vous?",
                                                                "Quels ont été les bénéfices pour vous?"]
        answer_reflection(bot, "UMEMBER", {"got": "Les collègues.", "change": ""})
    with freeze_time("2027-04-15 14:05:00", tick=True):
        bot.cop.runtime.due.run_due()
        bot.idle()
    [anim] = [c for c in bot.fake.calls_to("chat.postMessage", channel="UANIM") if "cop_agenda_meeting" in all_text(c)]
    sections = [b["text"]["text"] for b in anim.args["blocks"] if b["type"] == "section"]
    assert sections[1] == "*Pourquoi revenez-vous?* — 2 réponses\n&gt; Les réponses rapides.\n&gt; Les collègues."
    assert sections[2] == "*Quels ont été les bénéfices pour vous?* — 1 réponse\n&gt; Moins de paperasse."
    assert "Je m’en occupe" in all_text(anim)  # two facilitators: one takes it
    assert "a changé les questions de réflexion" in command(bot, "journal", user="UFOUNDER")
