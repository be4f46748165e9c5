"""Calls for help from anywhere (issue 16, item 4): "Ask the community" in any message's menu turns it
into a call for help in the community's channel, linking back to it; someone else's message is asked
about only once they agree, with or without their name."""

import json

from sqlmodel import select

from storage.models import HelpRequest
from tests.test_calls_for_help import CHANNEL, all_text, setup_community
from tests.test_people import command

GENERAL = "CGENERAL"


def ask_form(bot, *, user: str, author: str, text: str, channel: str, ts: str = "1800000000.000100") -> dict:
    before = len(bot.fake.calls_to("views.open"))
    bot.shortcut("cop_ask_from_message", {"type": "message", "user": author, "text": text, "ts": ts},
                 user=user, channel=channel)
    return bot.fake.wait_for("views.open", count=before + 1)[before].args["view"]


def submit(bot, form: dict, *, user: str, question: str | None = None, topics: str = "", community: str | None = None):
    values = {"question": question if question is not None else next(
        b["element"]["initial_value"] for b in form["blocks"] if b.get("block_id") == "question"), "topics": topics}
    status, body = bot.submit_view("cop_ask_modal", values, user=user, private_metadata=form["private_metadata"],
                                   selects={"community": community} if community else None)
    bot.idle()
    return status, body


def channel_posts(bot) -> list:
    return [c for c in bot.fake.calls_to("chat.postMessage", channel=CHANNEL) if "thread_ts" not in c.args]


def test_a_member_turns_their_own_message_into_a_call_for_help_linking_back(bot):
    setup_community(bot)
    form = ask_form(bot, user="UASKER", author="UASKER", channel=CHANNEL,
                    text="Anyone has a &lt;checklist&gt; for night triage?")
    assert form["callback_id"] == "cop_ask_modal" and form["title"]["text"] == "Ask the community"
    assert {b["block_id"] for b in form["blocks"]} == {"question", "topics"}  # asked here: no community to pick
    question = next(b for b in form["blocks"] if b["block_id"] == "question")["element"]["initial_value"]
    assert question == "Anyone has a <checklist> for night triage?"  # Slack's escaping undone

    # An empty question is refused on its field; nothing is stored.
    status, body = submit(bot, form, user="UASKER", question="   ")
    assert status == 200 and json.loads(body)["errors"] == {"question": "What is your question?"}

    submit(bot, form, user="UASKER", topics="#triage nuit")
    post = bot.fake.wait_for("chat.postMessage", channel=CHANNEL)[0]
    text = all_text(post)
    assert "Anyone has a &lt;checklist&gt; for night triage?" in text and "#triage" in text and "#nuit" in text
    assert f"Asked from <{bot.fake.permalink(CHANNEL, '1800000000.000100')}|a message>" in text  # Slack's link
    assert " by <@" not in text
    assert "cop_help_offer" in text  # a call like any other: offers, answers, resolve


def test_someone_elses_message_is_asked_about_only_with_their_consent(bot_on):
    bot = bot_on
    setup_community(bot)
    bot.fake.members[GENERAL] = ["UASKER", "UHELPER", "UOUTSIDER"]

    # Outside any community's channel: the form offers the communities the person is in.
    form = ask_form(bot, user="UASKER", author="UHELPER", channel=GENERAL,
                    text="Our unit cut triage delays by half with a second nurse at night.")
    picker = next(b for b in form["blocks"] if b.get("block_id") == "community")
    assert [o["value"] for o in picker["element"]["options"]] == [CHANNEL]
    submit(bot, form, user="UASKER", question="How did your unit cut triage delays by half?", community=CHANNEL)

    # Nothing is posted; the author is asked; the asker is told.
    assert channel_posts(bot) == []
    request = bot.fake.wait_for("chat.postMessage", channel="UHELPER")[-1]
    assert "<@UASKER> would like to ask the community in <#CCOP> about your message" in all_text(request)
    told = bot.fake.wait_for("chat.postMessage", channel="UASKER")[-1]
    assert "I asked <@UHELPER> whether their message may be asked about" in all_text(told)
    choices = {e["action_id"]: e for b in request.args["blocks"] if b["type"] == "actions" for e in b["elements"]}
    assert len(choices) == 3

    # Only the author answers.
    before = len(bot.fake.calls_to("response_url"))
    bot.click("cop_quote_consent_yes", choices["cop_quote_consent_yes"]["value"], user="UASKER", channel="UHELPER")
    assert "Only the person who wrote the message" in all_text(bot.fake.wait_for("response_url",
                                                                                 count=before + 1)[before])
    assert channel_posts(bot) == []
    with bot.cop.runtime.db.session() as session:
        waiting = session.exec(select(HelpRequest)).one()
        assert waiting.status == "awaiting"
        drafted_at = waiting.created_at
    assert "*Calls for help:* 0 asked" in command(bot, "stats", user="UFOUNDER")  # a draft is not counted

    bot.click("cop_quote_consent_yes", choices["cop_quote_consent_yes"]["value"], user="UHELPER", channel="UHELPER")
    post = bot.fake.wait_for("chat.postMessage", channel=CHANNEL)[0]
    assert "How did your unit cut triage delays by half?" in all_text(post)
    assert "Asked from <https://example.slack.com/archives/CGENERAL/p1800000000000100|a message> by <@UHELPER>" in \
        all_text(post)
    bot.idle()
    with bot.cop.runtime.db.session() as session:  # asked when posted: its follow-up counts from then
        assert session.exec(select(HelpRequest)).one().created_at > drafted_at
    assert "<@UHELPER> agreed: your call for help is posted in <#CCOP>" in all_text(
        bot.fake.calls_to("chat.postMessage", channel="UASKER")[-1])
    # A second answer changes nothing.
    bot.click("cop_quote_consent_no", choices["cop_quote_consent_no"]["value"], user="UHELPER", channel="UHELPER")
    bot.idle()
    assert len(channel_posts(bot)) == 1

    # Without their name; and a refusal deletes the draft.
    form = ask_form(bot, user="UASKER", author="UHELPER", channel=GENERAL, ts="1800000000.000200",
                    text="We stopped the double charting.")
    submit(bot, form, user="UASKER", community=CHANNEL)
    request = bot.fake.wait_for("chat.postMessage", channel="UHELPER", count=2)[-1]
    value = next(e["value"] for b in request.args["blocks"] if b["type"] == "actions" for e in b["elements"]
                 if e["action_id"] == "cop_quote_consent_anonymous")
    bot.click("cop_quote_consent_anonymous", value, user="UHELPER", channel="UHELPER")
    post = bot.fake.wait_for("chat.postMessage", channel=CHANNEL, count=2)[1]
    assert "Asked from <https://example.slack.com/archives/CGENERAL/p1800000000000200|a message>" in all_text(post)
    assert "<@UHELPER>" not in all_text(post)

    form = ask_form(bot, user="UASKER", author="UHELPER", channel=GENERAL, ts="1800000000.000300",
                    text="Private thoughts.")
    submit(bot, form, user="UASKER", community=CHANNEL)
    request = bot.fake.wait_for("chat.postMessage", channel="UHELPER", count=3)[-1]
    value = next(e["value"] for b in request.args["blocks"] if b["type"] == "actions" for e in b["elements"]
                 if e["action_id"] == "cop_quote_consent_no")
    bot.click("cop_quote_consent_no", value, user="UHELPER", channel="UHELPER")
    bot.idle()
    assert len(channel_posts(bot)) == 2
    assert "preferred that their message not be asked about" in all_text(
        bot.fake.calls_to("chat.postMessage", channel="UASKER")[-1])
    with bot.cop.runtime.db.session() as session:
        assert [r.question for r in session.exec(select(HelpRequest))] == [
            "How did your unit cut triage delays by half?", "We stopped the double charting."]

    # Someone in no community's channel is told so; nothing opens.
    before = len(bot.fake.calls_to("response_url"))
    bot.shortcut("cop_ask_from_message", {"type": "message", "user": "UHELPER", "text": "x", "ts": "1.2"},
                 user="UOUTSIDER", channel=GENERAL)
    assert "not in the channel of any community" in all_text(bot.fake.wait_for("response_url",
                                                                               count=before + 1)[before])


def test_the_form_speaks_french_and_shows_the_library_first(bot):
    setup_community(bot, locale="fr-CA")
    bot.command("leçon Pour le tri de nuit, appeler deux infirmières. #tri", user="UREPORTER", channel=CHANNEL)
    bot.fake.wait_for("chat.postMessage", channel=CHANNEL)
    bot.idle()
    form = ask_form(bot, user="UASKER", author="UASKER", channel=CHANNEL,
                    text="Combien d'infirmières appeler pour le tri de nuit?")
    assert form["title"]["text"] == "Demander à la communauté" and form["submit"]["text"] == "Demander"
    submit(bot, form, user="UASKER")
    shown = bot.fake.wait_for("chat.postMessage", channel="UASKER")[-1]
    assert "Avant que je publie votre question" in all_text(shown) and "appeler deux infirmières" in all_text(shown)
    assert len(bot.fake.calls_to("chat.postMessage", channel=CHANNEL)) == 1  # only the lesson: the asker chooses
