"""Lessons and search through the real Slack protocol."""

import json
from zoneinfo import ZoneInfo

from tests.test_calls_for_help import CHANNEL, all_text, ask, setup_community


def lesson_posts(bot, count):
    return [c for c in bot.fake.wait_for("chat.postMessage", channel=CHANNEL, count=count)
            if c.args["blocks"][0]["type"] == "header"]


def test_a_lesson_from_text_is_posted_and_found_again_by_word_forms(bot):
    setup_community(bot)
    status, body = bot.command("lesson Always page two nurses for night triage. It halves waiting times. #triage",
                               user="UREPORTER", channel=CHANNEL)
    assert status == 200 and body == ""
    card = lesson_posts(bot, 1)[0]
    assert card.args["blocks"][0]["text"]["text"] == ":bulb: Always page two nurses for night triage."
    assert "<@UREPORTER>" in all_text(card) and "#triage" in all_text(card)
    bot.idle()  # the card's ts is recorded just after Slack's answer: a person searches seconds later

    bot.command("search nurse paging", user="UOTHER", channel=CHANNEL)
    results = bot.fake.wait_for("response_url")[0]
    assert results.args["response_type"] == "ephemeral"
    text = all_text(results)
    assert "Always page two nurses for night triage." in text
    assert f"<{bot.fake.permalink(CHANNEL, card.answer['ts'])}|Open>" in text  # Slack's link to the card


def test_search_finds_resolved_questions_filters_topics_and_suggests_asking(bot):
    setup_community(bot)
    post = ask(bot, "Which réseaux régionaux share dossiers? #reseau")
    request_id = post.args["blocks"][-1]["elements"][1]["value"]
    bot.command("cherche reseaux", channel=CHANNEL)
    assert "Nothing in the library matches" in bot.fake.wait_for("response_url")[0].args["text"]  # not resolved yet
    bot.click("cop_help_resolve", request_id, user="UASKER")
    bot.fake.wait_for("chat.update")
    bot.command("search reseau #reseau", channel=CHANNEL)
    found = bot.fake.wait_for("response_url", count=2)[-1]
    assert "Which réseaux régionaux share dossiers?" in all_text(found) and "Resolved question" in all_text(found)
    bot.command("search reseau #other", channel=CHANNEL)
    none = bot.fake.wait_for("response_url", count=3)[-1]
    assert "`/cop ask reseau #other`" in none.args["text"]


def test_the_lesson_form_opens_validates_in_the_community_language_and_posts(bot):
    setup_community(bot, locale="fr-CA")
    bot.fake.members[CHANNEL] = ["UFOUNDER", "UREPORTER"]
    bot.command("leçon", user="UREPORTER", channel=CHANNEL)
    opened = bot.fake.wait_for("views.open")[0]
    assert opened.answer["ok"] is True  # opened with the trigger the command carried, in time
    view = opened.args["view"]
    assert view["callback_id"] == "cop_lesson_modal" and view["title"]["text"] == "Leçon apprise"
    assert len(view["blocks"]) <= 100

    status, body = bot.submit_view("cop_lesson_modal", {"title": "  ", "recommendation": ""}, user="UREPORTER",
                                   private_metadata=view["private_metadata"])
    assert status == 200
    errors = json.loads(body)
    assert errors["response_action"] == "errors"
    assert errors["errors"] == {"title": "Donnez un titre court à la leçon.",
                                "recommendation": "Dites ce que les autres devraient faire la prochaine fois."}
    bot.idle()
    assert lesson_posts(bot, 0) == []

    status, body = bot.submit_view("cop_lesson_modal", {
        "title": "Triage de nuit", "context": "Urgences, 3 h du matin", "what_happened": "Deux arrivées <!here>",
        "recommendation": "Toujours deux infirmières au triage.", "topics": "#triage, nuit"},
        user="UREPORTER", private_metadata=view["private_metadata"])
    assert status == 200 and body == ""
    card = lesson_posts(bot, 1)[0]
    text = all_text(card)
    assert "Triage de nuit" in text and "*Contexte*" in text and "#triage #nuit" in text
    assert "<!here>" not in text


def test_lessons_outside_a_community_are_explained(bot):
    bot.command("lesson Something learned", channel="CRANDOM")
    assert "belong to a community" in bot.fake.wait_for("response_url")[0].args["text"]
    bot.command("search anything", channel="CRANDOM")
    assert "belong to a community" in bot.fake.wait_for("response_url", count=2)[-1].args["text"]
    bot.idle()
    assert bot.fake.calls_to("chat.postMessage") == [] and bot.fake.calls_to("views.open") == []


def test_before_asking_the_asker_sees_past_answers_and_chooses(bot):
    from sqlmodel import select

    from storage.models import HelpRequest

    setup_community(bot)
    bot.command("lesson Pair each new night-shift nurse with a mentor for onboarding.", user="UREP", channel=CHANNEL)
    lesson_posts(bot, 1)
    bot.fake.calls.clear()

    bot.command("ask How do we onboard night-shift nurses? #onboarding", user="UASKER", channel=CHANNEL)
    shown = bot.fake.wait_for("response_url")[0]
    assert shown.args["response_type"] == "ephemeral"
    assert "Pair each new night-shift nurse with a mentor" in all_text(shown)
    choices = shown.args["blocks"][-1]["elements"]
    assert [c["text"]["text"] for c in choices] == ["This answers it", "Post my question anyway"]
    bot.idle()
    assert bot.fake.calls_to("chat.postMessage") == []

    bot.click("cop_ask_answered", choices[0]["value"], user="USOMEONE_ELSE")
    bot.click("cop_ask_answered", choices[0]["value"], user="UASKER")
    done = bot.fake.wait_for("response_url", count=2)[-1]
    assert done.args["replace_original"] is True and "counts as help found in the library" in done.args["text"]
    bot.click("cop_ask_anyway", choices[1]["value"], user="UASKER")  # too late: already answered
    bot.idle()
    assert bot.fake.calls_to("chat.postMessage") == []

    bot.command("ask What about onboarding night-shift nurses who transfer in?", user="UASKER", channel=CHANNEL)
    again = bot.fake.wait_for("response_url", count=3)[-1]
    anyway = again.args["blocks"][-1]["elements"][1]
    bot.click("cop_ask_anyway", anyway["value"], user="UASKER")
    bot.click("cop_ask_anyway", anyway["value"], user="UASKER")
    post = bot.fake.wait_for("chat.postMessage", channel=CHANNEL)[0]
    assert "who transfer in?" in post.args["text"]

    bot.command("ask Budget approval for conference travel?", user="UASKER", channel=CHANNEL)
    bot.fake.wait_for("chat.postMessage", channel=CHANNEL, count=2)  # nothing similar: posted at once
    bot.idle()
    assert len(bot.fake.calls_to("chat.postMessage", channel=CHANNEL)) == 2
    with bot.cop.runtime.db.session() as session:
        statuses = sorted(r.status for r in session.exec(select(HelpRequest)))
    assert statuses == ["library", "open", "open"]


def test_any_message_can_be_saved_as_a_lesson_crediting_its_author(bot):
    setup_community(bot)
    bot.fake.members[CHANNEL] = ["UFOUNDER", "UAUTHOR", "USAVER"]
    message = {"type": "message", "user": "UAUTHOR", "ts": "1699999999.000100",
               "text": "Never restart the pump during a shift change. Wait for the handover &amp; check twice."}
    assert bot.shortcut("cop_save_lesson", message, user="USAVER", channel=CHANNEL)[0] == 200
    view = bot.fake.wait_for("views.open")[0].args["view"]
    fields = {b["block_id"]: b["element"].get("initial_value") for b in view["blocks"]}
    assert fields["title"] == "Never restart the pump during a shift change."
    assert "handover & check twice" in fields["recommendation"]
    bot.submit_view("cop_lesson_modal", {"title": fields["title"], "recommendation": fields["recommendation"]},
                    user="USAVER", private_metadata=view["private_metadata"])
    agree(bot, "UAUTHOR", "yes")  # their words: posted once they agree
    card = lesson_posts(bot, 1)[0]
    footer = [b for b in card.args["blocks"] if b["type"] == "context"][-1]["elements"][0]["text"]
    assert "<@USAVER>" in footer and "<@UAUTHOR>" in footer
    assert f"<{bot.fake.permalink(CHANNEL, '1699999999.000100')}|source>" in footer


def test_a_message_outside_a_community_lets_the_person_pick_the_community(bot):
    setup_community(bot)
    bot.fake.members[CHANNEL] = ["UFOUNDER", "USAVER"]
    message = {"type": "message", "user": "UAUTHOR", "ts": "1699999999.000200", "text": "Label every sample."}
    bot.shortcut("cop_save_lesson", message, user="USAVER", channel="CGENERAL")
    view = bot.fake.wait_for("views.open")[0].args["view"]
    picker = view["blocks"][0]
    assert picker["block_id"] == "community"
    assert [o["value"] for o in picker["element"]["options"]] == [CHANNEL]
    status, _ = bot.submit_view("cop_lesson_modal", {"title": "Label every sample.",
                                                      "recommendation": "Label every sample."},
                                user="USAVER", private_metadata=view["private_metadata"],
                                selects={"community": CHANNEL})
    assert status == 200
    agree(bot, "UAUTHOR", "anonymous")
    posted = all_text(lesson_posts(bot, 1)[0])
    assert "Label every sample." in posted and "UAUTHOR" not in posted  # without their name, as they asked


def agree(bot, author: str, choice: str) -> None:
    """The person whose message was saved answers the consent request the bot sent them."""
    [request] = [c for c in bot.fake.wait_for("chat.postMessage", channel=author) if "would like to share" in
                 c.args["text"]]
    [button] = [e for e in request.args["blocks"][-1]["elements"] if e["value"].endswith(":" + choice)]
    bot.click(button["action_id"], button["value"], user=author, channel="D" + author,
              message_ts=request.answer["ts"])


def test_a_resolved_call_can_become_a_lesson_prefilled_from_its_thread(bot):
    setup_community(bot)
    post = ask(bot, "How long to keep the IV line? #iv")
    ts = post.answer["ts"]
    bot.fake.threads[ts] = [{"user": "UCOPBOT", "bot_id": "B1", "text": "call", "ts": ts},
                            {"user": "UNURSE", "text": "72 hours, then replace.", "ts": "1700000001.1"},
                            {"user": "UASKER", "text": "thanks!", "ts": "1700000001.2"}]
    request_id = post.args["blocks"][-1]["elements"][1]["value"]
    bot.click("cop_help_resolve", request_id, user="UASKER")
    prompt = bot.fake.wait_for("chat.postMessage", channel="UASKER")[0]
    button = prompt.args["blocks"][-1]["elements"][0]
    assert button["text"]["text"] == "Turn this into a lesson"
    bot.click("cop_lesson_from_call", button["value"], user="USTRANGER", channel="DASKER")
    bot.click("cop_lesson_from_call", button["value"], user="UASKER", channel="DASKER")
    view = bot.fake.wait_for("views.open")[0].args["view"]
    fields = {b["block_id"]: b["element"].get("initial_value") for b in view["blocks"]}
    assert fields["title"] == "How long to keep the IV line?"
    assert fields["what_happened"] == "• 72 hours, then replace."  # their words, not their name (consent)
    assert fields["topics"] == "#iv"
    bot.idle()
    assert len(bot.fake.calls_to("views.open")) == 1  # the stranger got no form


def test_the_author_or_an_animator_edits_or_deletes_a_lesson_and_search_follows(bot):
    setup_community(bot)
    bot.command("lesson Check the defibrillator every morning. #equipment", user="UAUTHOR", channel=CHANNEL)
    card = lesson_posts(bot, 1)[0]
    propose_button, edit_button, delete_button = card.args["blocks"][-1]["elements"]
    assert propose_button["text"]["text"] == "Propose as shared practice"
    assert delete_button["confirm"]["confirm"]["text"] == "Delete"

    bot.click("cop_lesson_edit", edit_button["value"], user="USTRANGER")
    assert "Only the lesson's author" in bot.fake.wait_for("response_url")[0].args["text"]
    bot.click("cop_lesson_edit", edit_button["value"], user="UAUTHOR")
    view = bot.fake.wait_for("views.open")[0].args["view"]
    fields = {b["block_id"]: b["element"].get("initial_value") for b in view["blocks"]}
    assert fields["title"] == "Check the defibrillator every morning." and fields["topics"] == "#equipment"
    bot.submit_view("cop_lesson_modal", {"title": "Check the defibrillator at each shift",
                                         "recommendation": "At each shift start, test the defibrillator battery.",
                                         "topics": "#equipment"},
                    user="UAUTHOR", private_metadata=view["private_metadata"])
    updated = bot.fake.wait_for("chat.update", ts=card.answer["ts"])[0]
    assert "at each shift" in all_text(updated)
    bot.command("search battery", channel=CHANNEL)
    assert "Check the defibrillator at each shift" in all_text(bot.fake.wait_for("response_url", count=2)[-1])

    bot.click("cop_lesson_delete", delete_button["value"], user="USTRANGER")
    bot.fake.wait_for("response_url", count=3)
    bot.idle()
    assert bot.fake.calls_to("chat.delete") == []
    bot.click("cop_lesson_delete", delete_button["value"], user="UFOUNDER")  # founders look after the library
    deleted = bot.fake.wait_for("chat.delete")[0]
    assert deleted.args == {"channel": CHANNEL, "ts": card.answer["ts"]}
    bot.command("search defibrillator battery", channel=CHANNEL)
    assert "Nothing in the library matches" in bot.fake.wait_for("response_url", count=4)[-1].args["text"]


def test_export_sends_the_library_by_dm_to_stewards_only(bot):
    """An English community: headings in English, people by the name Slack shows (never a raw id), the
    CSV as English Excel reads it (``,`` between fields, ``.`` decimals, local times to the minute)."""
    from tests.spreadsheet import as_number, as_time, open_in_excel, received_files

    setup_community(bot)
    bot.fake.display_names["UREP"] = "Léa T."
    bot.fake.real_names["UASKER"] = "Samir Haddad"  # no display name set: Slack's full name
    bot.command("lesson Label every sample; it saves re-tests, as <@UASKER> showed. #lab", user="UREP",
                channel=CHANNEL)
    lesson_posts(bot, 1)
    post = ask(bot, "Who validates the new protocol? #protocole")
    request_id = post.args["blocks"][-1]["elements"][1]["value"]
    bot.click("cop_help_resolve", request_id, user="UASKER")
    bot.fake.wait_for("chat.update")
    bot.click("cop_time_saved_half_day", f"{request_id}:half_day", user="UASKER", channel="DUASKER")
    bot.idle()

    before = len(bot.fake.calls_to("response_url"))
    bot.command("export", user="UMEMBER", channel=CHANNEL)
    refused = bot.fake.wait_for("response_url", count=before + 1)[before]
    assert "reporters, facilitators and founders" in refused.args["text"]
    bot.command("export", user="UFOUNDER", channel=CHANNEL)
    bot.fake.wait_for("files.completeUploadExternal")
    assert bot.fake.calls_to("conversations.open")[-1].args["users"] == "UFOUNDER"
    complete = bot.fake.calls_to("files.completeUploadExternal")[0].args
    assert complete["channel_id"] == "DUFOUNDER"
    assert "The library: 1 lesson and 1 resolved question." in complete["initial_comment"]
    assert [f["title"] for f in complete["files"]] == ["Library (Markdown)", "Library (CSV)"]
    files = received_files(bot)
    assert sorted(files) == ["soins-cardiaques-library.csv", "soins-cardiaques-library.md"]
    markdown = files["soins-cardiaques-library.md"].decode()
    assert markdown.startswith("# Library of soins-cardiaques\n") and "## Lessons learned" in markdown
    assert "### Label every sample; it saves re-tests, as @Samir Haddad showed." in markdown
    assert "— Léa T. — #lab" in markdown and "- Who validates the new protocol? — Samir Haddad, " in markdown
    assert "<@" not in markdown and "UREP" not in markdown and "UASKER" not in markdown
    rows = open_in_excel(files["soins-cardiaques-library.csv"], "en")
    assert rows[0] == ["Kind", "Number", "Title or question", "Text", "Topics", "Author or asker", "Shared or asked",
                       "Resolved", "Time saved (minutes)"]
    lesson, question = rows[1:]
    assert lesson[0] == "Lesson" and lesson[5] == "Léa T." and lesson[4] == "#lab"
    assert question[:3] == ["Question", request_id, "Who validates the new protocol?"]
    assert question[5] == "Samir Haddad" and as_number(question[8], "en") == 225  # half a day
    assert as_time(question[6]) <= as_time(question[7])  # Toronto time, to the minute
    assert "I sent you the library by direct message." in \
        bot.fake.wait_for("response_url", count=before + 2)[-1].args["text"]


def test_a_french_communitys_export_is_in_french_and_opens_in_french_excel(bot):
    """Headings and labels in French, people named, and a CSV French Excel opens as it is double-clicked:
    ``;``, UTF-8 with a BOM, French headers, Toronto times to the minute; the names are asked of Slack
    once, then remembered."""
    from storage.models import HelpRequest
    from tests import french_typography as typo
    from tests.spreadsheet import as_number, as_time, open_in_excel, received_files

    setup_community(bot, locale="fr-CA")
    bot.fake.display_names.update({"UREPORTER": "Marie-Ève", "UASKER": "Jean Côté"})
    bot.command("leçon La relève de nuit en 10 minutes. Merci à <@UASKER|jean>! #triage", user="UREPORTER",
                channel=CHANNEL)
    lesson_posts(bot, 1)
    post = ask(bot, "Qui valide le nouveau protocole? #protocole")
    request_id = post.args["blocks"][-1]["elements"][1]["value"]
    bot.click("cop_help_resolve", request_id, user="UASKER")
    bot.fake.wait_for("chat.update")
    bot.click("cop_time_saved_half_day", f"{request_id}:half_day", user="UASKER", channel="DUASKER")
    bot.idle()
    asked_before = len(bot.fake.calls_to("users.info"))

    for _ in range(2):
        bot.command("exporter", user="UFOUNDER", channel=CHANNEL)
        bot.idle()
    assert len(bot.fake.calls_to("files.completeUploadExternal")) == 2
    complete = bot.fake.calls_to("files.completeUploadExternal")[0].args
    assert [f["title"] for f in complete["files"]] == ["Bibliothèque (Markdown)", "Bibliothèque (CSV)"]
    asked = [c.args["user"] for c in bot.fake.calls_to("users.info")[asked_before:]]
    assert sorted(set(asked)) == sorted(asked)  # each name asked once at most, then remembered
    files = received_files(bot)
    assert sorted(files) == ["soins-cardiaques-bibliothèque.csv", "soins-cardiaques-bibliothèque.md"]
    markdown = files["soins-cardiaques-bibliothèque.md"].decode()
    assert markdown.startswith("# Bibliothèque de la communauté soins-cardiaques\n\n*Exportée le ")
    assert "## Leçons apprises" in markdown and "## Questions résolues" in markdown
    assert "— Marie-Ève — #triage" in markdown and "Merci à @Jean Côté!" in markdown
    assert "- Qui valide le nouveau protocole? — Jean Côté, " in markdown
    assert "<@" not in markdown and "UASKER" not in markdown
    assert "Lessons" not in markdown and "Resolved" not in markdown
    prose = [line for line in markdown.splitlines() if not line.startswith("#")]
    assert not [v for line in prose for v in typo.violations(line)], prose

    raw = files["soins-cardiaques-bibliothèque.csv"]
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with its BOM: « é » stays « é » in Excel
    rows = open_in_excel(raw, "fr")
    assert rows[0] == ["Type", "Numéro", "Titre ou question", "Texte", "Sujets", "Personne qui a écrit ou demandé",
                       "Date de partage ou de demande", "Résolu", "Temps gagné (minutes)"]
    lesson, question = rows[1:]
    assert lesson[0] == "Leçon" and lesson[5] == "Marie-Ève" and "Merci à @Jean Côté!" in lesson[2] + lesson[3]
    assert question[:3] == ["Question", request_id, "Qui valide le nouveau protocole?"]
    assert question[5] == "Jean Côté" and as_number(question[8], "fr") == 225
    with bot.cop.runtime.db.reading() as session:
        stored = session.get(HelpRequest, int(request_id))
        local = stored.resolved_at.astimezone(ZoneInfo("America/Toronto")).replace(second=0, microsecond=0,
                                                                                    tzinfo=None)
    assert as_time(question[7]) == local


def test_the_export_names_someone_forgotten_as_a_former_member_without_asking_slack(bot):
    """A person who asked to be forgotten is « une ancienne personne membre » in the library's documents:
    their pseudonym is never looked up, and nothing of their name or id is left."""
    import json as json_

    from tests.spreadsheet import open_in_excel

    setup_community(bot, locale="fr-CA")
    bot.fake.display_names["UREPORTER"] = "Marie-Ève"
    bot.command("leçon Toujours étiqueter les échantillons. #labo", user="UREPORTER", channel=CHANNEL)
    lesson_posts(bot, 1)
    bot.command("exporter", user="UFOUNDER", channel=CHANNEL)  # her name is known, and remembered
    bot.idle()
    bot.submit_view("cop_privacy_forget", {}, user="UREPORTER", private_metadata=json_.dumps({"user_id": "UREPORTER"}))
    bot.idle()
    looked_up = len(bot.fake.calls_to("users.info"))

    bot.command("exporter", user="UFOUNDER", channel=CHANNEL)
    bot.idle()
    assert len(bot.fake.calls_to("files.completeUploadExternal")) == 2
    assert [c.args["user"] for c in bot.fake.calls_to("users.info")[looked_up:]
            if c.args["user"].startswith("U0FORMER")] == []
    uploads = [bot.fake.uploaded_bytes[c.answer["file_id"]] for c in bot.fake.calls_to("files.getUploadURLExternal")]
    assert "— Marie-Ève — #labo" in uploads[0].decode()  # before
    markdown, table = uploads[2:]
    assert "— une ancienne personne membre — #labo" in markdown.decode()
    assert "Marie-Ève" not in markdown.decode() and "UREPORTER" not in markdown.decode()
    assert open_in_excel(table, "fr")[1][5] == "une ancienne personne membre"


def test_a_lesson_shared_right_after_the_newest_one_was_deleted_is_posted_too(bot_on):
    """On SQLite the new lesson used to take the deleted one's id, meet its card (already sent) in the
    outbox and never reach the channel: a member retyping a lesson they had just deleted saw nothing."""
    bot = bot_on
    setup_community(bot)
    bot.command("lesson Check the defibrillator every morning. #equipment", user="UAUTHOR", channel=CHANNEL)
    card = lesson_posts(bot, 1)[0]
    bot.idle()
    delete_button = card.args["blocks"][-1]["elements"][-1]
    bot.click("cop_lesson_delete", delete_button["value"], user="UAUTHOR")
    bot.fake.wait_for("chat.delete")
    bot.command("lesson Check the defibrillator battery at each shift. #equipment", user="UAUTHOR", channel=CHANNEL)
    cards = lesson_posts(bot, 2)
    bot.idle()
    assert [c.args["blocks"][0]["text"]["text"] for c in lesson_posts(bot, 2)] == [
        ":bulb: Check the defibrillator every morning.", ":bulb: Check the defibrillator battery at each shift."]
    assert cards[1].answer["ts"] != card.answer["ts"]
    bot.command("search defibrillator battery", channel=CHANNEL)
    found = all_text(bot.fake.wait_for("response_url", count=1)[-1])
    assert "battery at each shift" in found and bot.fake.permalink(CHANNEL, cards[1].answer["ts"]) in found
