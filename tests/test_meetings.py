"""Meetings, settings and the animators' follow-up buttons through the real Slack protocol."""

import json

from freezegun import freeze_time
from sqlmodel import select

from storage.models import DueItem, DueStatus
from tests.test_calls_for_help import CHANNEL, all_text, ask, setup_community, wait_until
from tests.test_people import command, rows


def card_of(bot, count=1):
    return bot.fake.wait_for("chat.postMessage", channel=CHANNEL, count=count)[count - 1]


def button(call, action_id):
    return [e for b in call.args["blocks"] if b["type"] == "actions" for e in b["elements"]
            if e.get("action_id") == action_id][0]


def test_animators_plan_a_meeting_from_text_and_members_answer_it(bot):
    setup_community(bot, locale="fr-CA")  # the founder's time zone: America/Toronto
    refused = command(bot, "rencontre ajouter 2030-02-07 14:00 Triage de nuit", user="UMEMBER")
    assert "Seules les personnes fondatrices et l’équipe d’animation" in refused
    assert "Je n’ai pas pu lire cette date" in command(bot, "rencontre ajouter demain midi", user="UFOUNDER")
    assert "déjà passé" in command(bot, "rencontre ajouter 2020-02-07 14:00 Trop tard", user="UFOUNDER")
    assert "annoncée dans le canal" in command(bot, "rencontre ajouter 2030-02-07 14h00 Triage de nuit",
                                               user="UFOUNDER")
    card = card_of(bot)
    text = all_text(card)
    assert "Triage de nuit" in text and "à 14 h" in text and "14 h 00" not in text  # local time, as the OQLF writes it
    assert len(bot.fake.calls_to("chat.postMessage", channel=CHANNEL)) == 1

    coming = button(card, "cop_meeting_rsvp_yes")
    bot.click(coming["action_id"], coming["value"], user="UMEMBER", message_ts=card.answer["ts"])
    update = bot.fake.wait_for("chat.update", ts=card.answer["ts"])[-1]
    assert ":white_check_mark: oui\u00a0: 1 ·" in all_text(update)
    assert "votre réponse est notée" in bot.fake.wait_for("response_url")[-1].args["text"]

    bot.click("cop_meeting_ics", button(card, "cop_meeting_ics")["value"], user="UMEMBER")
    complete = bot.fake.wait_for("files.completeUploadExternal")[0]
    ics = list(bot.fake.uploads.values())[0]
    assert "BEGIN:VCALENDAR" in ics and "SUMMARY:Triage de nuit" in ics
    assert "DTSTART;TZID=America/Toronto:20300207T140000" in ics
    assert complete.args.get("channel_id") == "DUMEMBER"  # sent to the person, by DM
    assert [c.args["filename"] for c in bot.fake.calls_to("files.getUploadURLExternal")] == [
        "rencontre-2030-02-07-triage-de-nuit.ics"]  # named in the community's language

    listing = command(bot, "rencontres", user="UMEMBER")
    assert "Triage de nuit" in listing

    # After the meeting, the reporter's "Share the lessons" opens the lesson form, titled after it.
    bot.click("cop_harvest_lesson", button(card, "cop_meeting_ics")["value"], user="UREPORTER", channel="DUREP")
    form = bot.fake.wait_for("views.open")[0].args["view"]
    title = [b for b in form["blocks"] if b["block_id"] == "title"][0]["element"]["initial_value"]
    assert form["callback_id"] == "cop_lesson_modal" and title == "Rencontre du 7 février 2030\u00a0: Triage de nuit"


def test_the_meeting_form_plans_moves_and_the_card_cancels(bot):
    setup_community(bot)
    bot.command("meeting", user="UFOUNDER", channel=CHANNEL)
    modal = bot.fake.wait_for("views.open")[0].args["view"]
    assert [b["element"]["type"] for b in modal["blocks"]][1:3] == ["datepicker", "timepicker"]
    fields = {"date": {"type": "datepicker", "selected_date": "2030-03-14"},
              "time": {"type": "timepicker", "selected_time": "09:30"},
              "speaker": {"type": "users_select", "selected_user": "USPEAKER"},
              "link": {"type": "url_text_input", "value": "https://meet.example.org/cop"}}
    status, body = bot.submit_view("cop_meeting_modal", {"topic": "Sepsis screening", "agenda": "1. Cases"},
                                   user="UFOUNDER", private_metadata=modal["private_metadata"],
                                   selects={"duration": "90", "repeat": "weeks:2"}, elements=fields)
    assert status == 200 and body == ""
    card = card_of(bot)
    text = all_text(card)
    assert "Sepsis screening" in text and "<@USPEAKER>" in text and "every 2 weeks" in text
    assert "https://meet.example.org/cop" in text and "(90 min)" in text

    # A past date shows on the field, nothing is posted.
    status, body = bot.submit_view("cop_meeting_modal", {"topic": "Old"}, user="UFOUNDER",
                                   private_metadata=modal["private_metadata"], selects={"duration": "60"},
                                   elements={**fields, "date": {"type": "datepicker", "selected_date": "2001-01-01"}})
    assert json.loads(body)["errors"]["date"].startswith("That time is already past")

    with bot.cop.runtime.db.session() as session:
        before = {i.dedupe_key for i in session.exec(select(DueItem).where(DueItem.kind == "meeting.nudge"))}
    # Moving it: the form opens prefilled, the card and the channel follow, the nudges too.
    bot.click("cop_meeting_move", button(card, "cop_meeting_move")["value"], user="UFOUNDER")
    moving = bot.fake.wait_for("views.open", count=2)[1].args["view"]
    assert moving["blocks"][1]["element"]["initial_date"] == "2030-03-14"
    assert moving["blocks"][2]["element"]["initial_time"] == "09:30"
    bot.submit_view("cop_meeting_modal", {"topic": "Sepsis screening"}, user="UFOUNDER",
                    private_metadata=moving["private_metadata"], selects={"duration": "90", "repeat": "none:1"},
                    elements={**fields, "date": {"type": "datepicker", "selected_date": "2030-03-21"}})
    moved = bot.fake.wait_for("chat.postMessage", channel=CHANNEL, count=2)[1]
    assert "moves to" in moved.args["text"] and moved.args["reply_broadcast"] is True
    bot.fake.wait_for("chat.update", ts=card.answer["ts"])
    with bot.cop.runtime.db.session() as session:
        items = session.exec(select(DueItem).where(DueItem.kind == "meeting.nudge")).all()
    assert {i.dedupe_key for i in items if i.status == DueStatus.CANCELLED} == before
    assert len([i for i in items if i.status == DueStatus.PENDING]) == 3

    # A member cannot cancel it; the founder can.
    bot.click("cop_meeting_cancel", button(card, "cop_meeting_cancel")["value"], user="UMEMBER")
    assert "Only the community's founders and facilitators" in bot.fake.wait_for("response_url")[-1].args["text"]
    bot.click("cop_meeting_cancel", button(card, "cop_meeting_cancel")["value"], user="UFOUNDER")
    cancelled = bot.fake.wait_for("chat.postMessage", channel=CHANNEL, count=3)[2]
    assert "is cancelled" in cancelled.args["text"]
    assert "Cancelled" in all_text(bot.fake.calls_to("chat.update", ts=card.answer["ts"])[-1])
    assert [i for i in rows(bot, DueItem) if i.kind.startswith("meeting.") and i.status == DueStatus.PENDING] == []


def test_settings_are_for_stewards_and_checked(bot):
    setup_community(bot)
    assert "Only the community's founders and facilitators" in command(bot, "settings quiet 21-7", user="UMEMBER")
    assert "I do not know that time zone" in command(bot, "settings timezone Mars/Olympus", user="UFOUNDER")
    assert "could not understand" in command(bot, "settings colour blue", user="UFOUNDER")
    done = command(bot, "settings timezone america/vancouver", user="UFOUNDER")
    assert "time zone America/Vancouver" in done
    assert "quiet hours 21:00 to 7:00" in command(bot, "settings quiet 21-7", user="UFOUNDER")
    assert "reminders 2 days before, 2 hours before, at the start;" in command(bot, "settings reminders 2d 2h 0",
                                                                        user="UFOUNDER")
    # The value of an hour, for the reports: animators only, a whole amount, a real currency.
    assert "Only the community's founders and facilitators" in command(bot, "settings rate 500 CAD", user="UMEMBER")
    for wrong in ("rate abc", "rate 0", "rate 75,50 CAD", "rate 75 ZZZ", "rate 20000", "rate ⁷⁵"):
        assert "a whole amount from 1 to 10,000" in command(bot, f"settings {wrong}", user="UFOUNDER"), wrong
    # Bounds are checked when a setting is set, so that it never breaks what uses it later.
    for wrong in ("reminders 99999999999d", "reminders 61d", "reminders 7d 6d 5d 4d 3d 2d 1d", "reminders ①d"):
        assert "none over 60 days" in command(bot, f"settings {wrong}", user="UFOUNDER"), wrong
    for wrong in ("quiet 25-8", "quiet ³-8", "quiet 20"):
        assert "from 0 to 23" in command(bot, f"settings {wrong}", user="UFOUNDER"), wrong
    assert "reminders 2 days before, 2 hours before, at the start;" in command(bot, "settings", user="UFOUNDER")
    assert "announced in the channel" in command(bot, "meeting add 2030-02-07 15:00 Triage", user="UFOUNDER")
    assert "worth 120 EUR" in command(bot, "réglages taux 120 eur", user="UFOUNDER")
    assert "*Time saved:* 0 h, worth €0.00 at 120 EUR/h" in command(bot, "stats", user="UMEMBER")


def test_an_unanswered_call_reaches_the_animators_who_can_ping_repost_or_close_it(bot):
    with freeze_time("2030-01-07 15:00:00", tick=True):  # a Monday, 10:00 in Toronto
        setup_community(bot)
        command(bot, "role <@UANIM> animator", user="UFOUNDER")
        command(bot, "expertise add #iv", user="UEXPERT")
        post = ask(bot, "Which catheter for long IV therapy? #iv")
        wait_until(lambda: [i for i in rows(bot, DueItem) if i.kind == "help.unanswered"])  # Slack confirmed it
    with freeze_time("2030-01-08 15:30:00", tick=True):  # 24 hours later, nobody has answered
        bot.fake.calls.clear()
        bot.cop.runtime.due.run_due()
        follow_up = bot.fake.wait_for("chat.postMessage", channel="UANIM")[0]
        assert "Nobody has answered <@UASKER>'s call for help" in follow_up.args["text"]
        assert [d.args["channel"] for d in bot.fake.calls_to("chat.postMessage")] == ["UANIM"]  # animators only
        request_id = button(follow_up, "cop_follow_ping")["value"]

        bot.click("cop_follow_ping", request_id, user="UASKER")
        assert "Only the community's founders and facilitators" in bot.fake.wait_for("response_url")[-1].args["text"]
        bot.click("cop_follow_ping", request_id, user="UANIM")
        ping = bot.fake.wait_for("chat.postMessage", channel="UEXPERT")[0]
        assert "<@UANIM> thinks you could help" in ping.args["text"]
        bot.click("cop_follow_repost", request_id, user="UANIM")
        repost = bot.fake.wait_for("chat.postMessage", channel=CHANNEL)[0]
        assert repost.args["thread_ts"] == post.answer["ts"] and repost.args["reply_broadcast"] is True
        bot.click("cop_follow_close", request_id, user="UANIM")
        closed = bot.fake.wait_for("chat.update", ts=post.answer["ts"])[-1]
        assert "Closed by <@UANIM> without an answer" in all_text(closed)
        bot.cop.runtime.due.run_due()
        bot.idle()
        assert len(bot.fake.calls_to("chat.postMessage", channel="UANIM")) == 1  # once


def test_members_answer_the_quarterly_reflection_in_a_form(bot):
    setup_community(bot)
    bot.fake.members[CHANNEL] = ["UFOUNDER", "UMEMBER"]
    with bot.cop.runtime.db.session() as session:
        from bot import blocks
        from bot.i18n import translator
        from storage.models import Community

        community = session.exec(select(Community)).one()
        message = blocks.reflection_request(translator("en"), community_name=community.name,
                                            channel_id=CHANNEL, value=f"{community.id}:2030-Q2", questions=["Why?"])
    answer = message["blocks"][-1]["elements"][0]
    bot.click(answer["action_id"], answer["value"], user="UMEMBER", channel="DUMEMBER")
    modal = bot.fake.wait_for("views.open")[0].args["view"]
    assert modal["callback_id"] == "cop_reflection_modal"
    status, body = bot.submit_view("cop_reflection_modal", {"got": "Answers in an hour", "brought": "Two lessons",
                                                            "change": "More meetings"}, user="UMEMBER",
                                   private_metadata=modal["private_metadata"])
    assert status == 200 and body == ""
    from storage.models import Reflection

    bot.idle()  # stored once the form has closed
    stored = rows(bot, Reflection)
    assert [(r.user_id, r.quarter, r.got, r.change) for r in stored] == [
        ("UMEMBER", "2030-Q2", "Answers in an hour", "More meetings")]
