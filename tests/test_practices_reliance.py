"""Members who relied on a shared practice are told when it changes (issue 29, item 3), through the real
Slack protocol: a member opens a practice from search (its *Open* button: Slack tells the bot) or exports
the library that holds it; when a facilitator records that the vote asks to revise it, or a content expert
marks it obsolete in the review cycle, each of them — never the person who made the change, never someone
who did not rely on it — gets one direct message at the end of the day, whatever Slack retried, with every
practice that changed that day."""

import json

from freezegun import freeze_time

from tests.test_calls_for_help import CHANNEL, setup_community
from tests.test_people import command, dms_to
from tests.test_practices import buttons, latest_card

PEOPLE = ["UFOUNDER", "UANIM", "UEXPERT", "UMEMBER", "UOTHER", "UTHIRD"]


def told(bot, user: str) -> list:
    """The messages telling ``user`` that practices they relied on changed."""
    return [c for c in dms_to(bot, user) if "relied on" in c.args["text"] or "appuyiez" in c.args["text"]]


def run_due(bot, moment: str) -> None:
    with freeze_time(moment, tick=True):
        bot.cop.runtime.due.run_due()
        bot.idle()


def lesson_card(bot, text: str) -> dict:
    before = len(bot.fake.calls_to("chat.postMessage", channel=CHANNEL))
    links = len(bot.fake.calls_to("chat.getPermalink"))
    bot.command(text, user="UMEMBER", channel=CHANNEL)
    card = bot.fake.wait_for("chat.postMessage", channel=CHANNEL, count=before + 1)[before]
    bot.fake.wait_for("chat.getPermalink", count=links + 1)  # the bot keeps the card's link: search shows it
    bot.idle()
    return card


def propose(bot, card, until: str) -> None:
    """The facilitator proposes the card's item as a shared practice, voted on until ``until``."""
    value = buttons(card.args)["cop_practice_propose"]["value"]
    before = len(bot.fake.calls_to("views.open"))
    bot.click("cop_practice_propose", value, user="UANIM", message_ts=card.answer["ts"])
    view = bot.fake.wait_for("views.open", count=before + 1)[before].args["view"]
    bot.submit_view("cop_practice_modal", {}, user="UANIM", private_metadata=view["private_metadata"],
                    elements={"until": {"type": "datepicker", "selected_date": until}})
    bot.idle()


def open_from_search(bot, query: str, *, user: str) -> None:
    """``user`` searches and presses *Open* on each practice found (Slack opens the card, and tells the bot)."""
    before = len(bot.fake.calls_to("response_url"))
    bot.command(f"search {query}" if query.isascii() else f"cherche {query}", user=user, channel=CHANNEL)
    results = bot.fake.wait_for("response_url", count=before + 1)[before].args
    opens = [b["accessory"] for b in results["blocks"]
             if b.get("accessory", {}).get("action_id") == "cop_practice_open"]
    assert opens and all(o["url"].startswith("https://") for o in opens), results
    for button in opens:
        status, _ = bot.click("cop_practice_open", button["value"], user=user)
        assert status == 200
    bot.idle()


def click_as_slack_retries(bot, action_id: str, value: str, *, user: str, message_ts: str) -> None:
    """A click Slack delivers twice (our ack was slow): the same request, the same trigger id."""
    issue, trigger = bot.fake.issue_trigger, bot.fake.issue_trigger()
    bot.fake.issue_trigger = lambda **_: trigger
    try:
        for _ in range(2):
            bot.click(action_id, value, user=user, message_ts=message_ts)
    finally:
        bot.fake.issue_trigger = issue
    bot.idle()


def adopt_and_validate(bot, cards) -> None:
    """The vote closed: the facilitator records each adopted, a content expert validates it."""
    bot.cop.runtime.due.run_due()
    for card in cards:
        bot.click("cop_practice_outcome_adopted", buttons(latest_card(bot, card.answer["ts"]))[
            "cop_practice_outcome_adopted"]["value"], user="UANIM", message_ts=card.answer["ts"])
        bot.idle()
        bot.click("cop_practice_validate", buttons(latest_card(bot, card.answer["ts"]))[
            "cop_practice_validate"]["value"], user="UEXPERT", message_ts=card.answer["ts"])
        bot.idle()


def test_a_member_who_opened_a_practice_is_told_once_when_the_vote_asks_to_revise_it(bot_on):
    bot = bot_on
    bot.fake.members[CHANNEL] = list(PEOPLE)
    with freeze_time("2027-03-01 15:00:00", tick=True):  # Monday, 10:00 in Toronto
        setup_community(bot, locale="fr-CA")
        command(bot, "rôle <@UANIM> animateur", user="UFOUNDER")
        card = lesson_card(bot, "leçon Deux infirmières au triage de nuit. #triage")
        propose(bot, card, "2027-03-03")
        open_from_search(bot, "triage nuit", user="UOTHER")
        open_from_search(bot, "triage nuit", user="UANIM")  # who will record the outcome relies on it too
        command(bot, "cherche triage nuit", user="UTHIRD")  # searched, never opened it
    with freeze_time("2027-03-04 15:00:00", tick=True):  # the vote closed this morning
        bot.cop.runtime.due.run_due()
        outcome = buttons(latest_card(bot, card.answer["ts"]))["cop_practice_outcome_revised"]
        click_as_slack_retries(bot, "cop_practice_outcome_revised", outcome["value"], user="UANIM",
                               message_ts=card.answer["ts"])
        assert "à revoir" in json.dumps(latest_card(bot, card.answer["ts"]), ensure_ascii=False)
        assert told(bot, "UOTHER") == []  # told at the end of the day, with the day's other changes
    run_due(bot, "2027-03-04 22:00:30")  # 17:00 in Toronto
    run_due(bot, "2027-03-05 22:00:30")  # and nothing more the next day
    messages = told(bot, "UOTHER")
    assert len(messages) == 1
    text = json.dumps(messages[0].args, ensure_ascii=False)
    assert "Une pratique de la communauté *soins-cardiaques* sur laquelle vous vous appuyiez a changé\u00a0:" in text
    assert "Deux infirmières au triage de nuit" in text and "à revoir\u00a0: le vote de la communauté" in text
    assert card.answer["ts"].replace(".", "") in text  # a link to the practice's card
    assert "UANIM" not in text  # what changed, not who
    assert told(bot, "UANIM") == [] and told(bot, "UTHIRD") == [] and told(bot, "UMEMBER") == []


def test_practices_made_obsolete_in_the_review_reach_who_opened_or_exported_them_in_one_message(bot_on):
    bot = bot_on
    bot.fake.members[CHANNEL] = list(PEOPLE)
    with freeze_time("2027-03-01 15:00:00", tick=True):
        setup_community(bot)
        command(bot, "role <@UANIM> facilitator", user="UFOUNDER")
        command(bot, "role <@UEXPERT> expert #triage", user="UFOUNDER")
        cards = [lesson_card(bot, "lesson Two nurses at night triage. #triage"),
                 lesson_card(bot, "lesson Call the family before discharge at night triage. #triage")]
        for card in cards:
            propose(bot, card, "2027-03-02")
        open_from_search(bot, "night triage", user="UOTHER")
        status, body = bot.command("export", user="UFOUNDER", channel=CHANNEL)  # the library, by DM
        assert status == 200
        bot.idle()
    with freeze_time("2027-03-03 15:00:00", tick=True):
        adopt_and_validate(bot, cards)
        assert told(bot, "UOTHER") == []  # adopted and validated: no news to whoever relied on it
    with freeze_time("2027-03-08 14:00:00", tick=True):  # a content expert's review: both are obsolete now
        for card in cards:
            lesson_id = buttons(latest_card(bot, card.answer["ts"]))["cop_lesson_edit"]["value"]
            click_as_slack_retries(bot, "cop_review_obsolete", lesson_id, user="UEXPERT", message_ts="1.1")
            bot.click("cop_review_obsolete", lesson_id, user="UEXPERT", message_ts="1.1")  # pressed again later
            bot.idle()
    run_due(bot, "2027-03-08 22:00:30")
    run_due(bot, "2027-03-09 22:00:30")
    for person in ("UOTHER", "UFOUNDER"):
        messages = told(bot, person)
        assert len(messages) == 1, person
        text = json.dumps(messages[0].args)
        assert "*2* practices of *soins-cardiaques* you relied on have changed:" in text
        assert "Two nurses at night triage" in text and "Call the family before discharge" in text
        assert text.count("marked obsolete: kept for the record, no longer the practice") == 2
    assert told(bot, "UEXPERT") == [] and told(bot, "UTHIRD") == []


def test_a_shared_practice_whose_content_is_updated_tells_who_opened_it_and_a_save_without_change_does_not(bot):
    bot.fake.members[CHANNEL] = list(PEOPLE)
    with freeze_time("2027-03-01 15:00:00", tick=True):
        setup_community(bot)
        command(bot, "role <@UANIM> facilitator", user="UFOUNDER")
        command(bot, "role <@UEXPERT> expert #triage", user="UFOUNDER")
        card = lesson_card(bot, "lesson Two nurses at night triage. #triage")
        propose(bot, card, "2027-03-02")
        open_from_search(bot, "night triage", user="UOTHER")
    with freeze_time("2027-03-03 15:00:00", tick=True):
        adopt_and_validate(bot, [card])

    def save(recommendation: str | None, day: str) -> None:
        """The content expert edits the practice from its card (``None``: saves it as the form shows it)."""
        with freeze_time(day, tick=True):
            lesson_id = buttons(latest_card(bot, card.answer["ts"]))["cop_lesson_edit"]["value"]
            before = len(bot.fake.calls_to("views.open"))
            bot.click("cop_lesson_edit", lesson_id, user="UEXPERT", message_ts=card.answer["ts"])
            view = bot.fake.wait_for("views.open", count=before + 1)[before].args["view"]
            shown = {b["block_id"]: b["element"].get("initial_value", "") for b in view["blocks"]
                     if b.get("type") == "input"}
            bot.submit_view("cop_lesson_modal", {**shown, "recommendation": recommendation or shown["recommendation"]},
                            user="UEXPERT", private_metadata=view["private_metadata"])
            bot.idle()

    save(None, "2027-03-08 15:00:00")  # saved as it was: nothing changed
    run_due(bot, "2027-03-08 22:00:30")
    assert told(bot, "UOTHER") == []
    save("Two nurses at night triage, and a third on weekends.", "2027-03-09 14:00:00")
    run_due(bot, "2027-03-09 22:00:30")
    messages = told(bot, "UOTHER")
    assert len(messages) == 1
    assert "updated: its content changed since the community adopted it; read it again" in json.dumps(
        messages[0].args)
    assert told(bot, "UEXPERT") == []


def test_reliance_is_in_the_persons_export_goes_with_forget_and_is_purged_with_the_history(db):
    """Who opened a practice is personal data: in their export (worded), gone when they are forgotten, and kept
    no longer than the community keeps its history — unless they still have something to be told."""
    from datetime import UTC, datetime

    from sqlmodel import select

    from bot.services import privacy
    from storage import communities
    from storage import lessons as lesson_store
    from storage import practices as store
    from storage.models import PracticeReliance

    with db.session() as session:
        community, _ = communities.create_community(session=session, team_id="T1", channel_id="C1", name="c",
                                                    language="en", timezone="UTC", created_by="U1")
        ids = []
        for title in ("Two nurses at night", "Call the family"):
            lesson = lesson_store.create_lesson(session=session, team_id="T1", community_id=community.id,
                                                author_id="U1", title=title, context="", what_happened="",
                                                recommendation="Do it.", topics=[], channel_id="C1")
            lesson.practice = "shared"
            ids.append(lesson.id)
        old = datetime(2020, 1, 1, tzinfo=UTC)
        store.rely(session=session, team_id="T1", community_id=community.id, lesson_ids=ids, user_id="UREADER",
                   how="opened", now=old)
        store.rely(session=session, team_id="T1", community_id=community.id, lesson_ids=ids[:1], user_id="UOTHER",
                   how="exported", now=old)
        untold = session.exec(select(PracticeReliance).where(PracticeReliance.user_id == "UREADER",
                                                             PracticeReliance.lesson_id == ids[1])).one()
        untold.news, untold.news_at = "obsolete", old
    with db.session() as session:
        data = privacy.personal_data(session, team_id="T1", user_id="UREADER", language="fr")
        assert sorted(r["lesson_id"] for r in data.tables["practice_reliance"]) == sorted(ids)
        assert privacy.legend(translator_fr(), data.tables)["practice_reliance"]["label"] == \
            "Pratiques communes que vous avez ouvertes ou exportées (pour vous prévenir quand elles changent)"
        assert store.purge_before(session=session, team_id="T1", community_id=community.id,
                                  before=datetime(2021, 1, 1, tzinfo=UTC)) == 2  # not the one still to tell
        privacy.forget(session, team_id="T1", user_id="UREADER")
    with db.session() as session:
        assert session.exec(select(PracticeReliance)).all() == []


def translator_fr():
    from bot.i18n import translator

    return translator("fr")
