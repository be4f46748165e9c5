"""Shared practices, agreed together (issue 29, item 3), through the real Slack protocol: proposed from a
card by a founder, facilitator or content expert; voted on until a day (a tally, never names); its outcome
recorded by a facilitator once closed; validated by a content expert; its history on the card and in
search."""

import json
import re

from freezegun import freeze_time

from tests.test_calls_for_help import CHANNEL, setup_community
from tests.test_people import command

PEOPLE = ["UFOUNDER", "UANIM", "UEXPERT", "UMEMBER", "UOTHER", "UTHIRD"]


def buttons(card_args: dict) -> dict[str, dict]:
    return {e["action_id"]: e for b in card_args["blocks"] if b["type"] == "actions" for e in b["elements"]}


def latest_card(bot, ts: str) -> dict:
    bot.idle()
    updates = bot.fake.calls_to("chat.update", ts=ts)
    return updates[-1].args


def text_of(args: dict) -> str:
    return json.dumps(args, ensure_ascii=False)


def said(bot, before: int) -> str:
    return bot.fake.wait_for("response_url", count=before + 1)[before].args["text"]


def test_a_lesson_becomes_a_shared_practice_by_vote_outcome_and_validation(bot_on):
    bot = bot_on
    bot.fake.members[CHANNEL] = list(PEOPLE)
    with freeze_time("2027-03-01 15:00:00", tick=True):  # Monday, 10:00 in Toronto
        setup_community(bot, locale="fr-CA")
        command(bot, "rôle <@UANIM> animateur", user="UFOUNDER")
        command(bot, "rôle <@UEXPERT> expert #triage", user="UFOUNDER")
        bot.command("leçon Deux infirmières au triage de nuit. #triage", user="UMEMBER", channel=CHANNEL)
        card = bot.fake.wait_for("chat.postMessage", channel=CHANNEL)[0]
        ts = card.answer["ts"]
        propose = buttons(card.args)["cop_practice_propose"]
        assert propose["text"]["text"] == "Proposer comme pratique commune"

        before = len(bot.fake.calls_to("response_url"))
        bot.click("cop_practice_propose", propose["value"], user="UMEMBER", message_ts=ts)
        assert "peuvent proposer une pratique commune" in said(bot, before)
        assert bot.fake.calls_to("views.open") == []

        bot.click("cop_practice_propose", propose["value"], user="UANIM", message_ts=ts)
        view = bot.fake.wait_for("views.open")[0].args["view"]
        assert view["callback_id"] == "cop_practice_modal"
        until = next(b for b in view["blocks"] if b.get("block_id") == "until")["element"]
        assert until["initial_date"] == "2027-03-02"
        status, body = bot.submit_view(
            "cop_practice_modal", {}, user="UANIM", private_metadata=view["private_metadata"],
            elements={"until": {"type": "datepicker", "selected_date": "2027-01-01"}})
        assert json.loads(body)["errors"] == {"until": "Choisissez un jour à partir de demain, dans les 90 jours."}
        bot.submit_view("cop_practice_modal", {}, user="UANIM", private_metadata=view["private_metadata"],
                        elements={"until": {"type": "datepicker", "selected_date": "2027-03-05"}})
        shown = latest_card(bot, ts)
        text = text_of(shown)
        assert ":seedling: *Pratique prometteuse* — proposée par <@UANIM> le 1er mars 2027" in text
        assert "Vote jusqu’au 5 mars 2027" in text and "J’adopte 0 · À revoir 0 · Je m’abstiens 0" in text
        votes = buttons(shown)
        assert [votes[k]["text"]["text"] for k in ("cop_practice_vote_adopt", "cop_practice_vote_revise",
                                                  "cop_practice_vote_abstain")] == ["J’adopte", "À revoir",
                                                                                    "Je m’abstiens"]

        before = len(bot.fake.calls_to("response_url"))
        for user, choice in (("UMEMBER", "adopt"), ("UOTHER", "adopt"), ("UTHIRD", "revise"), ("UTHIRD", "adopt"),
                             ("UFOUNDER", "abstain")):
            bot.click(f"cop_practice_vote_{choice}", votes[f"cop_practice_vote_{choice}"]["value"], user=user,
                      message_ts=ts)
            bot.idle()  # people click seconds apart
        answers = [c.args["text"] for c in bot.fake.wait_for("response_url", count=before + 5)[before:]]
        assert any(a.startswith("Votre vote\u00a0: *J’adopte*. Vous pouvez le changer") for a in answers)
        shown = latest_card(bot, ts)
        assert "J’adopte 3 · À revoir 0 · Je m’abstiens 1" in text_of(shown)  # one vote each; changed minds count
        for voter in ("UMEMBER", "UOTHER", "UTHIRD", "UFOUNDER"):
            assert voter not in json.dumps(shown["blocks"][-2:])  # the tally never names voters

        before = len(bot.fake.calls_to("response_url"))
        bot.click("cop_practice_outcome_adopted", votes["cop_practice_vote_adopt"]["value"], user="UANIM",
                  message_ts=ts)
        assert "Le vote est encore ouvert" in said(bot, before)

    with freeze_time("2027-03-06 14:00:30", tick=True):  # the morning after the last day: the card closes the vote
        bot.cop.runtime.due.run_due()
        shown = latest_card(bot, ts)
        assert "Vote clos le 5 mars 2027" in text_of(shown)
        outcome = buttons(shown)
        assert "cop_practice_vote_adopt" not in outcome
        before = len(bot.fake.calls_to("response_url"))
        bot.click("cop_practice_vote_revise", votes["cop_practice_vote_revise"]["value"], user="UOTHER",
                  message_ts=ts)
        assert "Le vote est clos" in said(bot, before)
        bot.click("cop_practice_outcome_adopted", outcome["cop_practice_outcome_adopted"]["value"], user="UMEMBER",
                  message_ts=ts)
        assert "consigne l’issue du vote" in said(bot, before + 1)
        bot.click("cop_practice_outcome_adopted", outcome["cop_practice_outcome_adopted"]["value"], user="UANIM",
                  message_ts=ts)
        shown = latest_card(bot, ts)
        assert "adoptée (consignée par <@UANIM> le 6 mars 2027)" in text_of(shown)
        validate = buttons(shown)["cop_practice_validate"]
        bot.click("cop_practice_validate", validate["value"], user="UANIM", message_ts=ts)
        assert "Une experte ou un expert de contenu" in said(bot, before + 2)
        bot.click("cop_practice_validate", validate["value"], user="UEXPERT", message_ts=ts)
        assert "est désormais une pratique commune" in said(bot, before + 3)
        shown = latest_card(bot, ts)
        history = text_of(shown)
        assert (":handshake: *Pratique commune* — proposée par <@UANIM> le 1er mars 2027; vote jusqu’au 5 mars "
                "2027 (J’adopte 3 · À revoir 0 · Je m’abstiens 1); adoptée (consignée par <@UANIM> le 6 mars "
                "2027); validée par <@UEXPERT> le 6 mars 2027") in history
        assert "cop_practice_propose" not in buttons(shown)

        command(bot, "cherche triage nuit", user="UOTHER")
        assert ":handshake: *Pratique commune*" in text_of(bot.fake.calls_to("response_url")[-1].args)
        trail = command(bot, "journal", user="UFOUNDER")
        assert re.search(r"<@UANIM> a proposé l’élément \d+ comme pratique commune", trail)
        assert re.search(r"<@UEXPERT> a validé l’élément \d+ comme pratique commune", trail)
