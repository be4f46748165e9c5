"""Resources in the library (issue 29, item 1) through the real Slack protocol: a link or a Slack file (its
permalink, never its content), typed, with a line on why it helps; found by search with ``type:`` in
either language; reviewed, exported and shown on the Home tab like lessons."""

import json
import re
import urllib.request

import pytest
from freezegun import freeze_time

from tests.test_calls_for_help import CHANNEL, all_text, setup_community
from tests.test_people import command, open_home
from tests.test_stewardship import buttons_for, lesson_id, review_dms

GUIDE = "https://www.inesss.qc.ca/triage-nuit?v=2&lang=fr"


def cards(bot, count):
    return [c for c in bot.fake.wait_for("chat.postMessage", channel=CHANNEL, count=count)
            if c.args["blocks"][0]["type"] == "header"]


def test_a_resource_from_the_command_is_posted_without_preview_and_found_by_its_type_in_both_languages(bot_on):
    bot = bot_on
    setup_community(bot, locale="fr-CA")
    # As Slack sends it: the link in <…>, its & escaped.
    text = (f"ressource <{GUIDE.replace('&', '&amp;')}> Guide de triage de nuit. Les critères de priorité en une "
            "page. type:ligne-directrice #triage")
    status, body = bot.command(text, user="UREPORTER", channel=CHANNEL)
    assert status == 200 and body == ""
    card = cards(bot, 1)[0]
    assert card.args["unfurl_links"] is False and card.args["unfurl_media"] is False
    assert card.args["blocks"][0]["text"]["text"] == ":compass: Guide de triage de nuit."
    shown = card.args["blocks"][1]["text"]["text"]
    assert shown == ("*Ligne directrice* · <https://www.inesss.qc.ca/triage-nuit?v=2&amp;lang=fr|inesss.qc.ca>\n"
                     "Les critères de priorité en une page.")
    assert "Ressource partagée par <@UREPORTER>" in all_text(card) and "#triage" in all_text(card)
    bot.idle()

    for query in ("cherche priorité type:guideline", "cherche type:ligne-directrice",
                  "search triage type:Ligne-Directrice", "cherche type:guideline #triage"):
        found = command(bot, query, user="UMEMBER")
        assert "Guide de triage de nuit." in found and "_Ligne directrice_" in found, query
    assert "Guide de triage" not in command(bot, "cherche priorité type:outil", user="UMEMBER")
    assert "Guide de triage" not in command(bot, "cherche priorité type:guideline #autre", user="UMEMBER")
    unknown = command(bot, "cherche priorité type:recette", user="UMEMBER")
    assert "Je ne connais pas le type *recette*" in unknown and "`ligne-directrice`" in unknown
    assert "`donnée-probante`" in unknown


def test_an_incomplete_command_opens_the_form_which_checks_every_field_and_posts(bot):
    setup_community(bot)
    bot.fake.members[CHANNEL] = ["UFOUNDER", "UREPORTER"]
    bot.command("resource <https://example.org/checklist.pdf> Handover checklist #handover", user="UREPORTER",
                channel=CHANNEL)
    opened = bot.fake.wait_for("views.open")[0]
    assert opened.answer["ok"] is True
    view = opened.args["view"]
    assert view["callback_id"] == "cop_resource_modal" and view["title"]["text"] == "Resource"
    initial = {b["block_id"]: b["element"].get("initial_value") for b in view["blocks"] if b["type"] == "input"}
    assert initial["link"] == "https://example.org/checklist.pdf" and initial["title"] == "Handover checklist"
    assert initial["topics"] == "#handover"

    status, body = bot.submit_view("cop_resource_modal", {"link": "not a link", "title": "Handover checklist",
                                                          "why": ""}, user="UREPORTER",
                                   private_metadata=view["private_metadata"])
    errors = json.loads(body)["errors"]
    assert errors == {"link": "This is not a link I can share: give a web address starting with https://.",
                      "type": "Choose the resource's type.", "why": "Say in one line why it helps."}
    bot.idle()
    assert cards(bot, 0) == []

    status, body = bot.submit_view(
        "cop_resource_modal", {"link": "https://example.org/checklist.pdf", "title": "Handover checklist",
                               "why": "Nothing forgotten at 7 a.m. <!channel>", "topics": "#handover",
                               "evidence": "Expert consensus"},
        selects={"type": "template"}, elements={"source_date": {"type": "datepicker", "selected_date": "2025-03-01"}},
        user="UREPORTER", private_metadata=view["private_metadata"])
    assert status == 200 and body == ""
    card = cards(bot, 1)[0]
    text = all_text(card)
    assert ":page_facing_up: Handover checklist" in text and "*Template* · <https://example.org/checklist.pdf|" \
        "example.org>" in text
    assert "Level of evidence: Expert consensus" in text and "Source dated March 1, 2025" in text
    assert "<!channel>" not in text


def test_add_to_the_library_from_a_message_with_a_file_links_to_it_and_never_copies_it(bot):
    setup_community(bot, locale="fr-CA")
    bot.fake.members[CHANNEL] = ["UFOUNDER", "UREPORTER", "UNURSE"]
    shared = bot.fake.shared_file("gabarit-transfert.docx", user="UNURSE", title="Gabarit de transfert")
    message = {"type": "message", "user": "UNURSE", "ts": "1700000000.000100", "text": "Voici notre gabarit",
               "files": [shared]}
    bot.shortcut("cop_add_resource", message, user="UREPORTER", channel=CHANNEL)
    view = bot.fake.wait_for("views.open")[0].args["view"]
    assert view["title"]["text"] == "Ressource"
    initial = {b["block_id"]: b["element"].get("initial_value") for b in view["blocks"] if b["type"] == "input"}
    assert initial["link"] == shared["permalink"] and initial["title"] == "Gabarit de transfert"
    bot.submit_view("cop_resource_modal", {"link": initial["link"], "title": initial["title"],
                                           "why": "Le transfert vers l’étage sans oubli.", "topics": "transfert"},
                    selects={"type": "template"}, user="UREPORTER", private_metadata=view["private_metadata"])
    card = cards(bot, 1)[0]
    text = all_text(card)
    assert f"<{shared['permalink']}|Fichier Slack>" in text and "*Modèle*" in text
    assert "Gabarit de transfert" in text and "source" in text  # the message it came from
    bot.idle()
    assert not [c for c in bot.fake.calls if c.method in ("file_download", "files.info")]

    # A message with neither a link nor a file: said so, privately.
    bot.shortcut("cop_add_resource", {"type": "message", "user": "UNURSE", "ts": "1700000000.000200",
                                      "text": "Merci à toutes et à tous"}, user="UREPORTER", channel=CHANNEL)
    said = bot.fake.wait_for("response_url")[-1]
    assert said.args["text"] == "Ce message n’a ni lien ni fichier à ajouter à la bibliothèque."
    assert len(bot.fake.calls_to("views.open")) == 1


def test_the_fake_refuses_a_download_of_a_files_content(bot):
    shared = bot.fake.shared_file("notes.pdf", user="UNURSE")
    with pytest.raises(urllib.error.HTTPError):
        urllib.request.urlopen(shared["url_private"])
    assert [(m, v.rule) for m, v in bot.fake.take_violations()] == [("file_download", "missing_scope")]


def test_resources_are_reviewed_exported_and_on_the_home_tab_like_lessons(bot_on):
    bot = bot_on
    with freeze_time("2026-01-05 15:00:00", tick=True):
        bot.fake.members[CHANNEL] = ["UFOUNDER", "UMEMBER"]
        setup_community(bot)
        command(bot, "role <@UEXPERT> expert #perfusion", user="UFOUNDER")
        command(bot, "role <@UREP> reporter", user="UFOUNDER")
        bot.command("resource <https://example.org/heparin> Heparin dosing tool. Weight-based doses at a glance. "
                    "type:tool #perfusion", user="UREPORTER", channel=CHANNEL)
        card = cards(bot, 1)[0]
        bot.idle()
        home = json.dumps(open_home(bot, "UMEMBER"), ensure_ascii=False)
        assert ":hammer_and_wrench: *Heparin dosing tool.*" in home
    with freeze_time("2027-02-01 15:00:30", tick=True):
        bot.cop.runtime.due.run_due()
        bot.idle()
        dm = review_dms(bot, "UEXPERT")
        assert len(dm) == 1 and re.search(r":hammer_and_wrench: <[^|]+\|Heparin dosing tool.>", all_text(dm[0]))
        # Update: the resource's own form, prefilled; saving it validates it.
        update = buttons_for(dm[0], lesson_id(card))["cop_review_update"]
        bot.click("cop_review_update", update["value"], user="UEXPERT", channel="UEXPERT")
        form = bot.fake.wait_for("views.open")[-1].args["view"]
        assert form["callback_id"] == "cop_resource_modal"
        chosen = next(b for b in form["blocks"] if b["block_id"] == "type")["element"]["initial_option"]["value"]
        assert chosen == "tool"
        bot.submit_view("cop_resource_modal", {"link": "https://example.org/heparin-v2",
                                               "title": "Heparin dosing tool",
                                               "why": "Weight-based doses, 2027 edition.", "topics": "#perfusion"},
                        selects={"type": chosen}, user="UEXPERT", private_metadata=form["private_metadata"])
        bot.idle()
        updated = bot.fake.calls_to("chat.update", ts=card.answer["ts"])[-1]
        assert "heparin-v2" in all_text(updated) and "Validated by <@UEXPERT>" in all_text(updated)

        assert re.search(r"<@UEXPERT> edited resource \d+", command(bot, "audit", user="UFOUNDER"))
        command(bot, "export", user="UREP")
        bot.idle()
        uploaded = "\n".join(str(v) for v in bot.fake.uploads.values())
        assert "Heparin dosing tool" in uploaded and "https://example.org/heparin-v2" in uploaded


def test_before_asking_the_asker_is_offered_a_resource_that_answers(bot):
    setup_community(bot)
    bot.command("resource <https://example.org/onboarding> Night-shift onboarding checklist. Every step for a new "
                "night-shift nurse. type:template #onboarding", user="UREP", channel=CHANNEL)
    cards(bot, 1)
    bot.idle()
    bot.fake.calls.clear()
    bot.command("ask How do we onboard a new night-shift nurse? #onboarding", user="UASKER", channel=CHANNEL)
    shown = bot.fake.wait_for("response_url")[0]
    text = all_text(shown)
    assert "<https://example.org/onboarding|Night-shift onboarding checklist.>" in text and "_Template_" in text
    bot.idle()
    assert bot.fake.calls_to("chat.postMessage") == []  # the asker chooses first
