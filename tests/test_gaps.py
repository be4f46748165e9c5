"""Gaps in the library (issue 16, item 2): what members searched for and did not find, counted without
who searched, shown to founders, animators and content experts with what to do about each, and named
in the animators' weekly digest."""

import json
from datetime import UTC, datetime, timedelta

from freezegun import freeze_time
from sqlmodel import select

from storage import gaps as store
from storage.models import Community, SearchGap, TopicSuggestion
from tests.test_calls_for_help import CHANNEL, all_text, setup_community
from tests.test_people import command, rows


def gaps_reply(bot, text: str, *, user: str) -> dict:
    bot.idle()
    before = len(bot.fake.calls_to("response_url"))
    status, body = bot.command(text, user=user, channel=CHANNEL)
    assert status == 200 and body == ""
    return bot.fake.wait_for("response_url", count=before + 1)[before].args


def all_text_of(args: dict) -> str:
    return json.dumps(args, ensure_ascii=False)


def buttons(reply: dict) -> list[dict]:
    return [e for b in reply.get("blocks", []) if b["type"] == "actions" for e in b["elements"]]


def test_searches_that_find_nothing_become_gaps_animators_turn_into_calls_and_meetings(bot_on):
    bot = bot_on
    setup_community(bot)
    command(bot, "role <@UANIM> animator", user="UFOUNDER")
    command(bot, "role <@UEXPERT> expert #perfusion", user="UFOUNDER")
    bot.command("lesson Always page two nurses for night triage. #triage", user="UREPORTER", channel=CHANNEL)
    bot.fake.wait_for("chat.postMessage", channel=CHANNEL)

    # Members search; what the library holds is found (no gap), the rest is counted.
    assert "Always page two nurses" in command(bot, "search night triage", user="UMEMBER")
    command(bot, "search insulin pump alarms", user="UMEMBER")
    command(bot, "search alarm of the insulin pumps", user="UASKER")  # the same search, written otherwise
    command(bot, "search <!channel> heparin protocol", user="UHELPER")
    # A question checked before it was asked, that the library did not answer: a gap too.
    bot.command("ask Who has a checklist for the heparin protocol at night?", user="UASKER", channel=CHANNEL)
    bot.fake.wait_for("chat.postMessage", channel=CHANNEL, count=2)
    bot.idle()

    # Who searched is never stored: the gaps hold words, a community and a time.
    stored = rows(bot, SearchGap)
    assert sorted(g.source for g in stored) == ["ask", "search", "search", "search"]
    assert not any(u in json.dumps([g.model_dump(mode="json") for g in stored]) for u in
                   ("UMEMBER", "UASKER", "UHELPER"))

    # Members may not see them; content experts and animators may.
    refused = gaps_reply(bot, "gaps", user="UMEMBER")
    assert "founders, facilitators and content experts" in json.dumps(refused) and not buttons(refused)
    shown = gaps_reply(bot, "gaps", user="UEXPERT")
    text = json.dumps(shown["blocks"], ensure_ascii=False)
    assert "the last 30 days" in text
    assert "“insulin pump alarms” — searched 2 times" not in text  # shown as last written
    assert "“alarm insulin pumps” — searched 2 times" in text
    assert text.index("searched 2 times") < text.index("heparin protocol")
    assert "<!channel>" not in text and "night triage" not in text
    assert "UMEMBER" not in text and "UASKER" not in text
    first = buttons(shown)[:2]
    assert [b["text"]["text"] for b in first] == ["Ask the community", "Suggest as meeting topic"]

    # An animator turns the most sought gap into a call for help in the channel, asked in their name.
    posts = len(bot.fake.calls_to("chat.postMessage", channel=CHANNEL))
    bot.click(first[0]["action_id"], first[0]["value"], user="UANIM")
    call = bot.fake.wait_for("chat.postMessage", channel=CHANNEL, count=posts + 1)[posts]
    assert "“alarm insulin pumps” 2 times in the last 30 days" in all_text(call)
    assert "<@UANIM>" in all_text(call)
    # The same click again (a double click, another keeper) asks once.
    before = len(bot.fake.calls_to("response_url"))
    bot.click(first[0]["action_id"], first[0]["value"], user="UEXPERT")
    assert "already asked" in all_text(bot.fake.wait_for("response_url", count=before + 1)[before])
    bot.idle()
    assert len(bot.fake.calls_to("chat.postMessage", channel=CHANNEL)) == posts + 1

    # "Suggest as meeting topic" adds the gap to the programme's suggested topics: its card goes to the
    # channel; the content expert who pressed it is told so, privately, without Plan it.
    posts = len(bot.fake.calls_to("chat.postMessage", channel=CHANNEL))
    before = len(bot.fake.calls_to("response_url"))
    bot.click(first[1]["action_id"], first[1]["value"], user="UEXPERT")
    card = bot.fake.wait_for("chat.postMessage", channel=CHANNEL, count=posts + 1)[posts]
    assert "*Suggested meeting topic:* alarm insulin pumps" in all_text(card)
    assert "searched the library for “alarm insulin pumps” 2 times in the last 30 days" in all_text(card)
    said = bot.fake.wait_for("response_url", count=before + 1)[before].args
    assert "“alarm insulin pumps” is now among the suggested meeting topics" in all_text_of(said)
    assert not buttons(said) and said.get("replace_original") is False
    assert not bot.fake.calls_to("views.open")  # no form: the topic waits in the list

    # The facilitator's click on the same gap suggests it once: it is there already, and they may plan it.
    before = len(bot.fake.calls_to("response_url"))
    bot.click(first[1]["action_id"], first[1]["value"], user="UANIM")
    said = bot.fake.wait_for("response_url", count=before + 1)[before].args
    assert "“alarm insulin pumps” is already among the suggested meeting topics" in all_text_of(said)
    plan = buttons(said)[0]
    assert plan["text"]["text"] == "Plan it" and plan["action_id"] == "cop_topic_plan"
    bot.idle()
    assert len(bot.fake.calls_to("chat.postMessage", channel=CHANNEL)) == posts + 1
    assert [(s.topic, s.author_id) for s in rows(bot, TopicSuggestion)] == [("alarm insulin pumps", "UEXPERT")]
    assert "alarm insulin pumps" in command(bot, "program", user="UMEMBER")
    # Plan it: the meeting form, topic and why proposed.
    bot.click(plan["action_id"], plan["value"], user="UANIM")
    form = bot.fake.wait_for("views.open")[0].args["view"]
    initial = {b["block_id"]: b["element"].get("initial_value") for b in form["blocks"] if b["type"] == "input"}
    assert initial["topic"] == "alarm insulin pumps"
    assert "searched the library for “alarm insulin pumps” 2 times" in initial["agenda"]
    assert json.loads(form["private_metadata"])["suggestion_id"] == int(plan["value"])

    # A member's click on a forwarded button does nothing but explain.
    bot.idle()
    posts = len(bot.fake.calls_to("chat.postMessage", channel=CHANNEL))
    before = len(bot.fake.calls_to("response_url"))
    for forwarded in first:
        bot.click(forwarded["action_id"], forwarded["value"], user="UMEMBER")
        said = bot.fake.wait_for("response_url", count=before + 1)[before]
        assert "founders, facilitators and content experts" in all_text(said)
        before += 1
    bot.idle()
    assert len(bot.fake.calls_to("chat.postMessage", channel=CHANNEL)) == posts
    assert len(rows(bot, TopicSuggestion)) == 1


def test_gaps_speak_french_and_explain_a_bad_period(bot):
    setup_community(bot, locale="fr-CA")
    command(bot, "cherche pompe volumétrique", user="UMEMBER")
    usage = gaps_reply(bot, "lacunes hier", user="UFOUNDER")
    assert "`/cop lacunes [jours]`" in json.dumps(usage, ensure_ascii=False)
    shown = json.dumps(gaps_reply(bot, "lacunes 7", user="UFOUNDER")["blocks"], ensure_ascii=False)
    assert "sur les 7 derniers jours" in shown and "«\u00a0pompe volumétrique\u00a0» — cherché une fois" in shown
    assert "Demander à la communauté" in shown and "Proposer comme sujet de rencontre" in shown
    # The founder's suggestion: said in French, with Plan it.
    suggest = buttons(gaps_reply(bot, "lacunes 7", user="UFOUNDER"))[1]
    before = len(bot.fake.calls_to("response_url"))
    bot.click(suggest["action_id"], suggest["value"], user="UFOUNDER")
    said = bot.fake.wait_for("response_url", count=before + 1)[before].args
    assert "«\u00a0pompe volumétrique\u00a0» est maintenant parmi les sujets de rencontre proposés" in all_text_of(said)
    assert [b["text"]["text"] for b in buttons(said)] == ["Le planifier"]


def test_the_weekly_digest_names_the_weeks_three_most_sought_gaps(bot):
    with freeze_time("2027-03-03 15:00:00", tick=True):  # Wednesday, 10:00 in Toronto
        setup_community(bot)
        command(bot, "role <@UANIM> animator", user="UFOUNDER")
        for query, times in (("insulin pump", 3), ("heparin", 2), ("isolation gowns", 2), ("telemetry", 1)):
            for _ in range(times):
                command(bot, f"search {query}", user="UMEMBER")
    with freeze_time("2027-03-08 13:30:30", tick=True):  # Monday 8:30 in Toronto
        bot.cop.runtime.due.run_due()
        bot.idle()
    digest = [c for c in bot.fake.calls_to("chat.postMessage", channel="UANIM") if "Your week" in c.args["text"]]
    assert len(digest) == 1
    text = all_text(digest[0])
    assert "Searched for and not found this week" in text
    assert "“insulin pump” (3 times)" in text and "“heparin” (2 times)" in text
    assert "“isolation gowns” (2 times)" in text and "telemetry" not in text


def test_gaps_are_grouped_by_what_was_sought_and_purged_with_the_retention(migrated_db):
    now = datetime(2027, 1, 15, 12, tzinfo=UTC)
    with migrated_db.session() as session:
        community = Community(team_id="T1", channel_id="C1", name="c", created_by="U1")
        session.add(community)
        session.flush()
        for text, days_ago in (("Pompes volumétriques", 1), ("pompe volumétrique", 2), ("héparine", 3),
                               ("pompe volumétrique", 400), ("", 1)):
            store.record(session=session, team_id="T1", community_id=community.id, text=text, source=store.SEARCH,
                         at=now - timedelta(days=days_ago))
        community_id = community.id
    with migrated_db.session() as session:
        top = store.most_frequent(session=session, team_id="T1", community_id=community_id,
                                  since=now - timedelta(days=30), limit=10)
        assert [(g.words, g.times) for g in top] == [("pompes volumétriques", 2), ("héparine", 1)]
        assert store.most_frequent(session=session, team_id="T2", community_id=community_id,
                                   since=now - timedelta(days=30), limit=10) == []
        assert store.purge_before(session=session, team_id="T1", community_id=community_id,
                                  before=now - timedelta(days=365)) == 1
    with migrated_db.session() as session:
        assert len(session.exec(select(SearchGap)).all()) == 3
