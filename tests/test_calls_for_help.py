"""The call-for-help loop through the real Slack protocol: signed requests to the
running app, real WebClient calls to the fake Web API."""

import json

from sqlmodel import select

from storage.models import HelpRequest

CHANNEL = "CCOP"


def setup_community(bot, *, founder="UFOUNDER", locale="en-US"):
    bot.fake.locales[founder] = locale
    status, _ = bot.command("setup", user=founder, channel=CHANNEL, channel_name="soins-cardiaques")
    assert status == 200
    bot.fake.wait_for("response_url")
    bot.fake.calls.clear()


def ask(bot, text, *, user="UASKER"):
    status, body = bot.command(f"ask {text}", user=user, channel=CHANNEL)
    assert status == 200 and body == ""
    return bot.fake.wait_for("chat.postMessage", channel=CHANNEL)[-1]


def all_text(call) -> str:
    return json.dumps(call.args, ensure_ascii=False)


def test_ask_posts_a_call_for_help_with_question_asker_topics_and_buttons(bot):
    setup_community(bot)
    post = ask(bot, "How do we onboard night-shift nurses faster? #onboarding #Nuit")
    section = post.args["blocks"][0]["text"]["text"]
    assert "<@UASKER>" in section
    assert "How do we onboard night-shift nurses faster?" in section
    assert "#onboarding" not in section  # trailing tags become topics
    topics = post.args["blocks"][1]["elements"][0]["text"]
    assert "#onboarding" in topics and "#nuit" in topics
    buttons = [e["text"]["text"] for e in post.args["blocks"][-1]["elements"]]
    assert buttons == ["I can help", "Resolved"]
    assert "How do we onboard" in post.args["text"]  # plain-text fallback
    assert len(bot.fake.calls_to("chat.postMessage")) == 1


def test_reaction_offer_tells_the_asker_and_resolution_asks_time_saved(bot):
    setup_community(bot)
    post = ask(bot, "Quel protocole pour la triage de nuit?")
    ts = post.answer["ts"]

    bot.event({"type": "reaction_added", "user": "UHELPER", "reaction": "raised_hand",
               "item": {"type": "message", "channel": CHANNEL, "ts": ts}, "item_user": "UCOPBOT"})
    dm = bot.fake.wait_for("chat.postMessage", channel="UASKER")[0]
    assert "<@UHELPER>" in dm.args["text"]
    update = bot.fake.wait_for("chat.update", ts=ts)[-1]
    assert "<@UHELPER>" in all_text(update)

    bot.event({"type": "message", "channel": CHANNEL, "user": "UHELPER", "text": "Voici…",
               "ts": "1700000100.000200", "thread_ts": ts})
    bot.event({"type": "reaction_added", "user": "UASKER", "reaction": "white_check_mark",
               "item": {"type": "message", "channel": CHANNEL, "ts": ts}})
    prompts = bot.fake.wait_for("chat.postMessage", channel="UASKER", count=2)
    prompt = prompts[-1]
    labels = [e["text"]["text"] for e in prompt.args["blocks"][1]["elements"]]
    assert labels == ["Under 15 minutes", "About an hour", "Half a day", "A day or more"]
    resolved = bot.fake.wait_for("chat.update", ts=ts, count=2)[-1]
    assert "Resolved by <@UASKER>" in all_text(resolved)
    assert all(b["type"] != "actions" for b in resolved.args["blocks"])

    value = prompt.args["blocks"][1]["elements"][1]["value"]
    bot.click("cop_time_saved", value, user="UASKER", channel="DASKER")
    thanks = bot.fake.wait_for("response_url")[-1]
    assert thanks.args["replace_original"] is True and "about an hour" in thanks.args["text"]
    with bot.cop.runtime.db.session() as session:
        request = session.exec(select(HelpRequest)).one()
    assert request.status == "resolved"
    assert request.time_saved_minutes == 60
    assert request.first_answer_by == "UHELPER" and request.first_answer_at is not None
