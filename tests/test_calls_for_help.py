"""The call-for-help loop through the real Slack protocol: signed requests to the
running app, real WebClient calls to the fake Web API."""

import json
import time

from sqlmodel import select

from storage.models import HelpRequest

CHANNEL = "CCOP"


def wait_until(condition, timeout=10.0):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the condition never came true"
        time.sleep(0.01)


# Who is in the community's channel once it is set up (Slack's conversations.members): who may offer,
# answer a meeting or a reflection there. Someone not listed is outside the channel.
IN_CHANNEL = ["UFOUNDER", "UASKER", "UMEMBER", "UHELPER", "UANIM", "UANA", "UREPORTER", "USPONSOR", "UEXPERT",
              "UOFFER", "UDECL", "UH", "UX", "U1", "U6", "UOTHER", "UEXT2", "UFONDA", "UMENTOR1", "UQUIET"]


def setup_community(bot, *, founder="UFOUNDER", locale="en-US"):
    bot.fake.locales[founder] = locale
    status, _ = bot.command("setup", user=founder, channel=CHANNEL, channel_name="soins-cardiaques")
    assert status == 200
    bot.fake.wait_for("response_url")
    bot.fake.calls.clear()
    bot.fake.members[CHANNEL] = list(dict.fromkeys([founder, *IN_CHANNEL, *bot.fake.members.get(CHANNEL, [])]))


def ask(bot, text, *, user="UASKER"):
    before = len(bot.fake.calls_to("chat.postMessage", channel=CHANNEL))
    status, body = bot.command(f"ask {text}", user=user, channel=CHANNEL)
    assert status == 200 and body == ""
    post = bot.fake.wait_for("chat.postMessage", channel=CHANNEL, count=before + 1)[before]
    # People react seconds after seeing the post; the bot records its ts milliseconds after
    # Slack's answer. Wait for that, as a person would, before anyone reacts.
    deadline = time.monotonic() + 10
    while not _recorded(bot, post.answer["ts"]):
        assert time.monotonic() < deadline, "the bot never recorded the post"
        time.sleep(0.01)
    return post


def _recorded(bot, ts: str) -> bool:
    with bot.cop.runtime.db.session() as session:
        return session.exec(select(HelpRequest).where(HelpRequest.message_ts == ts)).first() is not None


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
    # No more offers nor resolving: only "Reopen", for a call resolved too soon.
    assert [e["action_id"] for b in resolved.args["blocks"] if b["type"] == "actions" for e in b["elements"]] == [
        "cop_help_reopen"]

    hour = prompt.args["blocks"][1]["elements"][1]
    bot.click(hour["action_id"], hour["value"], user="UASKER", channel="DASKER", message_ts=prompts[-1].answer["ts"])
    thanks = bot.fake.wait_for("response_url")[-1]
    assert thanks.args["replace_original"] is True and "about an hour" in thanks.args["text"]

    def call():
        with bot.cop.runtime.db.session() as session:
            return session.exec(select(HelpRequest)).one()

    # The answer and the ✅ came together: their work may finish in either order.
    wait_until(lambda: call().first_answer_by == "UHELPER")
    request = call()
    assert request.status == "resolved" and request.time_saved_minutes == 60 and request.first_answer_at is not None


def test_the_card_ends_showing_the_newest_state_when_an_older_update_is_slow(bot):
    """The offer's card update is still on its way to Slack when the asker resolves the call: the
    resolved card goes after it, never before, so the channel does not end on a stale card."""
    setup_community(bot)
    post = ask(bot, "Qui a un gabarit de plan de soins?")
    ts = post.answer["ts"]
    bot.fake.slow_next("chat.update", 1.0)
    bot.event({"type": "reaction_added", "user": "UHELPER", "reaction": "raised_hand",
               "item": {"type": "message", "channel": CHANNEL, "ts": ts}})
    bot.fake.wait_for("chat.postMessage", channel="UASKER")  # the offer is recorded, its update under way
    bot.event({"type": "reaction_added", "user": "UASKER", "reaction": "white_check_mark",
               "item": {"type": "message", "channel": CHANNEL, "ts": ts}})
    wait_until(lambda: any("Resolved by <@UASKER>" in all_text(u) for u in bot.fake.calls_to("chat.update", ts=ts)))
    bot.idle()
    updates = bot.fake.calls_to("chat.update", ts=ts)
    # The newest state last; the offer's update before it if it had left already (when it had not, only
    # the newest is sent: the card never shows a stale state, whichever comes first).
    assert "Resolved by <@UASKER>" in all_text(updates[-1]) and "<@UHELPER>" in all_text(updates[-1])
    assert len(updates) <= 2 and all("Resolved by" not in all_text(u) for u in updates[:-1])


def test_setup_in_french_makes_a_french_community_and_its_founder(bot):
    bot.fake.locales["UFONDA"] = "fr-CA"
    status, _ = bot.command("setup", user="UFONDA", channel=CHANNEL, channel_name="soins-cardiaques")
    assert status == 200
    reply = bot.fake.wait_for("response_url")[0]
    assert reply.args["response_type"] == "ephemeral"
    assert "vous êtes la personne fondatrice de la communauté *soins-cardiaques*" in reply.args["text"]
    assert bot.fake.calls_to("conversations.join", channel=CHANNEL)
    announce = bot.fake.wait_for("chat.postMessage", channel=CHANNEL)[0]
    assert "Ce canal est maintenant celui de la communauté *soins-cardiaques*" in announce.args["text"]
    assert "`/cop demande &lt;votre question&gt; #sujet`" in announce.args["text"]

    post = ask(bot, "Comment intégrer les infirmières de nuit? #intégration")
    assert "Appel à tous" in post.args["blocks"][0]["text"]["text"]
    assert [e["text"]["text"] for e in post.args["blocks"][-1]["elements"]] == ["Je peux aider", "Résolu"]

    bot.command("setup", user="UOTHER", channel=CHANNEL)
    again = bot.fake.wait_for("response_url", count=2)[-1]
    assert "déjà celui de la communauté" in again.args["text"]
    assert len(bot.fake.calls_to("chat.postMessage", channel=CHANNEL)) == 2  # announce + call, no new announce


def test_language_can_be_changed_by_the_founder_only(bot):
    setup_community(bot)
    bot.command("language fr", user="USOMEONE", channel=CHANNEL)
    refusal = bot.fake.wait_for("response_url")[0]
    assert "Only the community's founders and facilitators" in refusal.args["text"]
    bot.command("langue français", user="UFOUNDER", channel=CHANNEL)
    done = bot.fake.wait_for("response_url", count=2)[-1]
    assert "parle maintenant français" in done.args["text"]
    post = ask(bot, "Une question?")
    assert "Appel à tous" in post.args["text"]


def test_ask_outside_a_community_explains_and_posts_nothing(bot):
    bot.fake.locales["UASKER"] = "fr-FR"
    bot.command("demande Une question?", user="UASKER", channel="CRANDOM")
    reply = bot.fake.wait_for("response_url")[0]
    assert reply.args["response_type"] == "ephemeral"
    assert "ce canal n’en est pas un" in reply.args["text"]
    bot.idle()
    assert bot.fake.calls_to("chat.postMessage") == []


def test_empty_and_too_long_questions_get_a_polite_answer_and_nothing_is_stored(bot):
    setup_community(bot)
    bot.command("ask", channel=CHANNEL)
    assert "What is your question?" in bot.fake.wait_for("response_url")[0].args["text"]
    bot.command("ask " + "x" * 2600, channel=CHANNEL)
    too_long = bot.fake.wait_for("response_url", count=2)[-1]
    assert "2,600 characters" in too_long.args["text"] and "2,500" in too_long.args["text"]
    bot.idle()
    assert bot.fake.calls_to("chat.postMessage") == []
    with bot.cop.runtime.db.session() as session:
        assert session.exec(select(HelpRequest)).all() == []


def test_unknown_or_empty_subcommand_shows_the_usage(bot):
    bot.command("", user="UX", channel="CRANDOM")
    bot.command("frobnicate", user="UX", channel="CRANDOM")
    replies = bot.fake.wait_for("response_url", count=2)
    assert all("/cop ask &lt;question&gt; #topic" in r.args["text"] for r in replies)
    bot.command("AIDE", user="UX", channel="CRANDOM")
    assert "/cop ask" in bot.fake.wait_for("response_url", count=3)[-1].args["text"]


def test_broadcasts_and_markup_in_a_question_are_not_rebroadcast(bot):
    setup_community(bot)
    post = ask(bot, "Hey <!channel> <!here> <!subteam^S1|@nurses> is 2 &lt; 3 &amp; fine? cc <@U777|ann>")
    posted = all_text(post)
    assert "<!channel>" not in posted and "<!here>" not in posted and "<!subteam" not in posted
    assert "2 &lt; 3 &amp; fine?" in post.args["blocks"][0]["text"]["text"]
    assert "<@U777>" in post.args["blocks"][0]["text"]["text"]
    with bot.cop.runtime.db.session() as session:
        assert "2 < 3 & fine?" in session.exec(select(HelpRequest)).one().question


def test_offer_button_notifies_the_asker_once_even_when_clicked_twice(bot):
    setup_community(bot)
    post = ask(bot, "Help?")
    request_id = post.args["blocks"][-1]["elements"][0]["value"]
    bot.click("cop_help_offer", request_id, user="UHELPER", message_ts=post.answer["ts"])
    bot.click("cop_help_offer", request_id, user="UHELPER", message_ts=post.answer["ts"])
    notices = bot.fake.wait_for("response_url", count=2)
    assert {n.args["replace_original"] for n in notices} == {False}
    bot.idle()
    assert len(bot.fake.calls_to("chat.postMessage", channel="UASKER")) == 1
    assert len(bot.fake.calls_to("chat.update", ts=post.answer["ts"])) == 1


def test_only_the_asker_or_an_animator_can_resolve(bot):
    setup_community(bot)
    post = ask(bot, "Help?")
    request_id = post.args["blocks"][-1]["elements"][1]["value"]
    bot.click("cop_help_resolve", request_id, user="USTRANGER")
    refusal = bot.fake.wait_for("response_url")[0]
    assert "Only the person who asked, or a facilitator" in refusal.args["text"]
    bot.event({"type": "reaction_added", "user": "USTRANGER", "reaction": "white_check_mark",
               "item": {"type": "message", "channel": CHANNEL, "ts": post.answer["ts"]}})
    bot.idle()
    assert bot.fake.calls_to("chat.update") == []
    bot.click("cop_help_resolve", request_id, user="UFOUNDER")  # founders look after the community
    resolved = bot.fake.wait_for("chat.update", ts=post.answer["ts"])[0]
    assert "Resolved by <@UFOUNDER>" in all_text(resolved)
    assert len(bot.fake.wait_for("chat.postMessage", channel="UASKER")) == 1  # the asker is asked, not the founder


def test_a_retried_event_has_its_effects_once(bot):
    setup_community(bot)
    post = ask(bot, "Help?")
    event = {"type": "reaction_added", "user": "UHELPER", "reaction": "raised_hand::skin-tone-3",
             "item": {"type": "message", "channel": CHANNEL, "ts": post.answer["ts"]}}
    assert bot.event(event, event_id="Ev1")[0] == 200
    assert bot.event(event, event_id="Ev1", retry_num=1)[0] == 200
    assert bot.event(event, event_id="Ev1", retry_num=2)[0] == 200
    bot.fake.wait_for("chat.postMessage", channel="UASKER")
    bot.idle()
    assert len(bot.fake.calls_to("chat.postMessage", channel="UASKER")) == 1


def test_other_reactions_replies_and_clicks_are_ignored_quietly(bot):
    setup_community(bot)
    post = ask(bot, "Help?")
    ts = post.answer["ts"]
    bot.fake.calls.clear()
    assert bot.event({"type": "reaction_added", "user": "UH", "reaction": "tada",
                      "item": {"type": "message", "channel": CHANNEL, "ts": ts}})[0] == 200
    assert bot.event({"type": "reaction_added", "user": "UH", "reaction": "raised_hand",
                      "item": {"type": "message", "channel": CHANNEL, "ts": "1.2"}})[0] == 200
    assert bot.event({"type": "reaction_added", "user": "UH", "reaction": "raised_hand",
                      "item": {"type": "file", "file": "F1"}})[0] == 200
    assert bot.event({"type": "message", "channel": CHANNEL, "user": "UH", "text": "hi", "ts": "5.5"})[0] == 200
    assert bot.event({"type": "message", "channel": CHANNEL, "user": "UASKER", "text": "me", "ts": "5.6",
                      "thread_ts": ts})[0] == 200
    assert bot.event({"type": "message", "subtype": "channel_join", "channel": CHANNEL, "user": "UH",
                      "ts": "5.7"})[0] == 200
    assert bot.click("some_other_button", "1", user="UH")[0] == 200
    bot.idle()
    assert [c.method for c in bot.fake.calls if c.method != "auth.test"] == []
    with bot.cop.runtime.db.session() as session:
        assert session.exec(select(HelpRequest)).one().first_answer_at is None


def test_withdrawing_the_raised_hand_takes_the_offer_back(bot):
    setup_community(bot)
    post = ask(bot, "Help?")
    item = {"type": "message", "channel": CHANNEL, "ts": post.answer["ts"]}
    bot.event({"type": "reaction_added", "user": "UH", "reaction": "hand", "item": item})
    assert "<@UH>" in all_text(bot.fake.wait_for("chat.update")[0])
    bot.event({"type": "reaction_removed", "user": "UH", "reaction": "hand", "item": item})
    assert "<@UH>" not in all_text(bot.fake.wait_for("chat.update", count=2)[-1])


def test_another_workspace_never_sees_this_one(bot):
    setup_community(bot)
    post = ask(bot, "Help?")
    bot.command("ask Same channel id, other team", channel=CHANNEL, team_id="T0OTHER")
    assert "this channel is not one" in bot.fake.wait_for("response_url")[0].args["text"]
    request_id = post.args["blocks"][-1]["elements"][0]["value"]
    bot.click("cop_help_resolve", request_id, user="UASKER", team_id="T0OTHER")
    bot.event({"type": "reaction_added", "user": "UH", "reaction": "raised_hand",
               "item": {"type": "message", "channel": CHANNEL, "ts": post.answer["ts"]}}, team_id="T0OTHER")
    bot.idle()
    assert bot.fake.calls_to("chat.update") == []
    assert len(bot.fake.calls_to("chat.postMessage")) == 1


def test_a_deleted_thread_answer_no_longer_counts(bot):
    """The only answer is deleted (message_deleted), another one is replaced by a tombstone
    (message_changed): the call is unanswered again, and its first answer is the one left."""
    setup_community(bot)
    post = ask(bot, "Who has the new triage grid?")
    ts = post.answer["ts"]

    def call():
        with bot.cop.runtime.db.session() as session:
            return session.exec(select(HelpRequest)).one()

    for user, reply_ts in (("UHELPER", "1700000100.000200"), ("UOTHER", "1700000200.000300")):
        bot.event({"type": "message", "channel": CHANNEL, "user": user, "text": "Here", "ts": reply_ts,
                   "thread_ts": ts})
    wait_until(lambda: call().first_answer_by == "UHELPER")
    bot.event({"type": "message", "subtype": "message_deleted", "channel": CHANNEL, "hidden": True,
               "ts": "1700000300.000400", "deleted_ts": "1700000100.000200",
               "previous_message": {"type": "message", "user": "UHELPER", "ts": "1700000100.000200",
                                    "thread_ts": ts, "text": "Here"}})
    wait_until(lambda: call().first_answer_by == "UOTHER")
    bot.event({"type": "message", "subtype": "message_changed", "channel": CHANNEL, "hidden": True,
               "ts": "1700000400.000500", "message": {"type": "message", "subtype": "tombstone",
                                                     "ts": "1700000200.000300", "thread_ts": ts, "text": ""}})
    wait_until(lambda: call().first_answer_at is None)
    with bot.cop.runtime.db.session() as session:
        from storage.models import HelpAnswer

        assert session.exec(select(HelpAnswer)).all() == []


def test_a_question_full_of_markup_is_cut_before_escaping_and_never_mid_entity(bot):
    setup_community(bot)
    typed = "Q&A <triage> & " * 166  # 2,490 characters, each & < > a 4-5 character entity once escaped
    post = ask(bot, typed.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))  # as Slack sends it
    section = post.args["blocks"][0]["text"]["text"]
    assert len(section) <= 3000 and section.endswith("…")
    assert "&amp;" in section and "&lt;triage&gt;" in section
    assert len(post.args["text"]) <= 4000  # the strict fake checks every entity and link is whole


def test_a_question_with_the_word_payload_is_asked_like_any_other(bot):
    """Bolt reads any form whose body holds "payload" as an interaction, finds none, and drops the
    command: `/cop ask` about a pump's payload was lost. Slash commands no longer go through that."""
    setup_community(bot)
    post = ask(bot, "What payload does the infusion pump accept? #triage")
    assert "What payload does the infusion pump accept?" in str(post.args["blocks"])
    status, body = bot.command("payload", user="UASKER", channel=CHANNEL)
    assert status == 200
    said = bot.fake.wait_for("response_url")[-1].args["text"]
    assert "helps this community of practice" in said  # an unknown word gets the help, never silence
