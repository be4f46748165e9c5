"""Meetings, settings and the animators' follow-up buttons through the real Slack protocol."""

import json

from freezegun import freeze_time
from sqlmodel import select

from storage.models import DueItem, DueStatus
from tests.test_calls_for_help import CHANNEL, all_text, ask, setup_community, wait_until
from tests.test_people import command, open_home, rows


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

    # After the meeting, "Write the minutes" opens the minutes' form, titled after it, in French.
    bot.click("cop_write_minutes", button(card, "cop_meeting_ics")["value"], user="UFOUNDER", channel="DUFOUNDER")
    form = bot.fake.wait_for("views.open")[0].args["view"]
    assert form["callback_id"] == "cop_minutes_modal" and form["title"]["text"] == "Compte rendu"
    assert "Rencontre du 7 février 2030\u00a0: Triage de nuit" in json.dumps(form, ensure_ascii=False)


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
    # The notification names the meeting, not the agenda's heading written below it.
    assert card.args["text"].startswith(":calendar: *Meeting:* Sepsis screening — ")

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
    assert "*Time saved:* 0 h, worth €0.00 at €120/h" in command(bot, "stats", user="UMEMBER")


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


def test_a_meeting_has_a_place_a_phone_line_and_guests_from_outside_slack(bot):
    """Where and with whom: the card, the calendar file and the reminders say where to be (room, link,
    phone line); a guest from outside Slack is named on the card, and the animators alone, a week
    before, see the email given to confirm them — which is gone once the meeting is over."""
    from storage.models import Meeting, MeetingGuest

    setup_community(bot)
    bot.command("meeting", user="UFOUNDER", channel=CHANNEL)
    modal = bot.fake.wait_for("views.open")[0].args["view"]
    assert {"guests", "place", "link", "phone", "phone_code"} <= {b["block_id"] for b in modal["blocks"]}
    fields = {"date": {"type": "datepicker", "selected_date": "2030-03-14"},
              "time": {"type": "timepicker", "selected_time": "09:30"},
              "link": {"type": "url_text_input", "value": "https://meet.example.org/cop"}}
    texts = {"topic": "Sepsis screening", "place": "Room 4.12, 1000 rue St-Denis", "phone": "+1 514 555-0100",
             "phone_code": "4471#"}
    # A guest line that does not read stays on its field; nothing is posted.
    status, body = bot.submit_view("cop_meeting_modal", {**texts, "guests": "Anne Roy, CHU, anne@@x"},
                                   user="UFOUNDER", private_metadata=modal["private_metadata"],
                                   selects={"duration": "90", "repeat": "none:1"}, elements=fields)
    assert json.loads(body)["errors"]["guests"].startswith("Write one guest a line")
    status, body = bot.submit_view(
        "cop_meeting_modal", {**texts, "guests": "Dr Anne Roy, CHU de Québec, anne.roy@chudequebec.ca\n"
                                                 "Marc Lévesque <!channel>"},
        user="UFOUNDER", private_metadata=modal["private_metadata"], selects={"duration": "90", "repeat": "none:1"},
        elements=fields)
    assert status == 200 and body == ""
    card = card_of(bot)
    text = all_text(card)
    assert "*Guests:* Dr Anne Roy (CHU de Québec), Marc Lévesque" in text and "<!channel>" not in text
    assert "*Where:* Room 4.12, 1000 rue St-Denis" in text and "*By phone:* `+1 514 555-0100`, code `4471#`" in text
    assert "anne.roy" not in text  # the email is for the animators only
    assert len(bot.fake.calls_to("chat.postMessage", channel=CHANNEL)) == 1

    bot.click("cop_meeting_ics", button(card, "cop_meeting_ics")["value"], user="UMEMBER")
    bot.fake.wait_for("files.completeUploadExternal")
    ics = list(bot.fake.uploads.values())[0].replace("\r\n ", "")
    assert "LOCATION:Room 4.12\\, 1000 rue St-Denis" in ics and "URL:https://meet.example.org/cop" in ics
    assert "+1 514 555-0100\\, code 4471#" in ics

    # Moving it: the form shows the guests as written, email included, to be changed.
    bot.click("cop_meeting_move", button(card, "cop_meeting_move")["value"], user="UFOUNDER")
    moving = bot.fake.wait_for("views.open", count=2)[1].args["view"]
    guests = [b for b in moving["blocks"] if b["block_id"] == "guests"][0]["element"]["initial_value"]
    assert guests.splitlines()[0] == "Dr Anne Roy, CHU de Québec, anne.roy@chudequebec.ca"
    assert [b for b in moving["blocks"] if b["block_id"] == "phone_code"][0]["element"]["initial_value"] == "4471#"

    bot.fake.calls.clear()
    with freeze_time("2030-03-07 15:00:00", tick=True):  # a week before, 10:00 in Toronto
        bot.cop.runtime.due.run_due()
        wait_until(lambda: [c for c in bot.fake.calls_to("chat.postMessage", channel="UFOUNDER")
                            if "guests from outside Slack" in all_text(c)])
        confirm = [c for c in bot.fake.calls_to("chat.postMessage", channel="UFOUNDER")
                   if "guests from outside Slack" in all_text(c)][0]
        assert "Have you confirmed its 2 guests from outside Slack?" in all_text(confirm)
        assert "Dr Anne Roy (CHU de Québec) — anne.roy@chudequebec.ca" in all_text(confirm)
        nudge = bot.fake.wait_for("chat.postMessage", channel=CHANNEL)[0]
        assert "in 7 days" in nudge.args["text"] and "*Where:* Room 4.12" in all_text(nudge)
        assert "anne.roy" not in all_text(nudge)
        bot.cop.runtime.due.run_due()
        bot.idle()
        assert len([c for c in bot.fake.calls_to("chat.postMessage", channel="UFOUNDER")
                    if "guests from outside Slack" in all_text(c)]) == 1  # once
    with freeze_time("2030-03-14 15:05:00", tick=True):  # the meeting is over
        bot.cop.runtime.due.run_due()
        bot.idle()
    assert [(g.name, g.organisation, g.email) for g in rows(bot, MeetingGuest)] == [
        ("Dr Anne Roy", "CHU de Québec", None), ("Marc Lévesque <!channel>", "", None)]
    assert [(m.place, m.phone_number) for m in rows(bot, Meeting)] == [("Room 4.12, 1000 rue St-Denis",
                                                                        "+1 514 555-0100")]


def posted_with(bot, channel: str, words: str):
    """The one message posted to ``channel`` (a person: by DM) that says ``words``, once it came."""
    def found():
        return [c for c in bot.fake.calls_to("chat.postMessage", channel=channel) if words in all_text(c)]
    wait_until(found)
    bot.idle()
    assert len(found()) == 1, found()
    return found()[0]


def _buttons(call) -> list[str]:
    return [e["action_id"] for b in call.args["blocks"] if b["type"] == "actions" for e in b["elements"]]


def test_from_the_start_until_hours_after_the_card_says_i_was_there_and_counts_it_once(bot):
    setup_community(bot)
    assert "announced in the channel" in command(bot, "meeting add 2030-02-07 14:00 Night triage", user="UFOUNDER")
    card = card_of(bot)
    value = button(card, "cop_meeting_ics")["value"]
    assert "cop_meeting_attended" not in _buttons(card)
    bot.click("cop_meeting_attended", value, user="UMEMBER", message_ts=card.answer["ts"])  # not yet
    assert "from the meeting's start" in bot.fake.wait_for("response_url", count=2)[1].args["text"]

    with freeze_time("2030-02-07 19:01:00", tick=True):  # it starts (14:00 in Toronto)
        bot.cop.runtime.due.run_due()
        opened = bot.fake.wait_for("chat.update", ts=card.answer["ts"])[-1]
        assert _buttons(opened) == ["cop_meeting_attended"] and "I was there" in all_text(opened)
        for user in ("UMEMBER", "UMEMBER", "UOTHER"):
            bot.click("cop_meeting_attended", value, user=user, message_ts=card.answer["ts"])
            bot.idle()
        said = [c.args["text"] for c in bot.fake.calls_to("response_url")][-3:]
        assert "you were there" in said[0] and "already counted" in said[1] and "you were there" in said[2]
        assert ":raised_hands: 2 people were there" in all_text(bot.fake.calls_to("chat.update",
                                                                                 ts=card.answer["ts"])[-1])
        assert "*Meetings held:* 1 · 2 attendances recorded" in command(bot, "stats", user="UMEMBER")
    with freeze_time("2030-02-07 23:01:00", tick=True):  # three hours after its end
        bot.cop.runtime.due.run_due()
        bot.idle()
        closed = bot.fake.calls_to("chat.update", ts=card.answer["ts"])[-1]
        assert _buttons(closed) == [] and ":raised_hands: 2 people were there" in all_text(closed)
        bot.click("cop_meeting_attended", value, user="UASKER", message_ts=card.answer["ts"])
        bot.idle()
        assert "from the meeting's start" in bot.fake.calls_to("response_url")[-1].args["text"]
    from storage.models import Attendance
    assert sorted(a.user_id for a in rows(bot, Attendance)) == ["UMEMBER", "UOTHER"]


def test_the_minutes_record_attendance_decisions_and_actions_followed_to_done(bot):
    """Write the minutes: prefilled with who said they would come and who was there; posted in the
    channel, lessons in the library; each action reminded to its owner before its date (Done / Not
    yet), listed on the next announcement and their Home while open; editing updates the post."""
    from storage.models import Attendance, Lesson, MeetingAction

    setup_community(bot)
    command(bot, "role <@UREPORTER> reporter", user="UFOUNDER")
    assert "announced" in command(bot, "meeting add 2030-02-07 14:00 Night triage", user="UFOUNDER")
    card = card_of(bot)
    meeting_id = button(card, "cop_meeting_ics")["value"]
    bot.click("cop_meeting_rsvp_yes", f"{meeting_id}:yes", user="UMEMBER", message_ts=card.answer["ts"])
    bot.idle()
    with freeze_time("2030-02-07 19:01:00", tick=True):
        bot.cop.runtime.due.run_due()
        bot.click("cop_meeting_attended", meeting_id, user="UOTHER", message_ts=card.answer["ts"])
        bot.idle()
    with freeze_time("2030-02-07 20:01:00", tick=True):  # it ended at 15:00 in Toronto
        bot.cop.runtime.due.run_due()
        asked = posted_with(bot, "UREPORTER", "write its minutes")
        assert "Could you write its minutes" in all_text(asked) and _buttons(asked) == ["cop_write_minutes"]
        assert bot.fake.calls_to("chat.postMessage", channel="UMEMBER") == []

        bot.click("cop_write_minutes", meeting_id, user="UMEMBER", channel="DUMEMBER")
        bot.idle()
        assert "Only the community's reporters" in bot.fake.calls_to("response_url")[-1].args["text"]
        bot.click("cop_write_minutes", meeting_id, user="UREPORTER", channel="DUREPORTER")
        form = bot.fake.wait_for("views.open")[0].args["view"]
        present = [b for b in form["blocks"] if b.get("block_id") == "present"][0]["element"]
        assert present["type"] == "multi_users_select" and present["initial_users"] == ["UMEMBER", "UOTHER"]

        def submit(view, texts, action=None, who=("UMEMBER", "UOTHER", "UFOUNDER")):
            elements = {"present": {"type": "multi_users_select", "selected_users": list(who)}}
            for slot, (what, owner, day) in (action or {}).items():
                texts = {**texts, f"action_{slot}": what}
                if owner:
                    elements[f"action_{slot}_who"] = {"type": "users_select", "selected_user": owner}
                if day:
                    elements[f"action_{slot}_when"] = {"type": "datepicker", "selected_date": day}
            return bot.submit_view("cop_minutes_modal", texts, user="UREPORTER",
                                   private_metadata=view["private_metadata"], elements=elements)

        texts = {"summary": "We reviewed three night cases <!channel>", "decisions": "Keep the 2 a.m. huddle",
                 "lessons": "Call the on-call physician before 2 a.m., not after"}
        status, body = submit(form, texts, {1: ("Update the triage protocol", "UMEMBER", "2030-02-21"),
                                            2: ("Half a row", None, None)})
        assert json.loads(body)["errors"] == {"action_2": "An action needs what, who and by when — or leave all "
                                                          "three empty."}
        status, body = submit(form, texts, {1: ("Update the triage protocol", "UMEMBER", "2030-02-21")})
        assert status == 200 and body == ""
        wait_until(lambda: [c for c in bot.fake.calls_to("chat.postMessage", channel=CHANNEL)
                            if "Minutes — Night triage" in c.args["text"]])
        posted = [c for c in bot.fake.calls_to("chat.postMessage", channel=CHANNEL)
                  if "Minutes — Night triage" in c.args["text"]]
        text = all_text(posted[0])
        assert len(posted) == 1 and "3 people were there" in text and "<!channel>" not in text
        assert "Keep the 2 a.m. huddle" in text and "Update the triage protocol — <@UMEMBER>, by February 21, 2030" \
            in text and "lessons are in the library" in text
        assert [(x.title, x.author_id) for x in rows(bot, Lesson)] == [("Meeting of February 7, 2030: Night triage",
                                                                        "UREPORTER")]
        assert sorted((a.user_id, a.source) for a in rows(bot, Attendance)) == [
            ("UFOUNDER", "minutes"), ("UMEMBER", "minutes"), ("UOTHER", "self")]

    # The next meeting's announcement lists the open action; so does its owner's Home.
    assert "announced" in command(bot, "meeting add 2030-03-07 14:00 Follow-up", user="UFOUNDER")
    following = posted_with(bot, CHANNEL, "Follow-up")
    assert "Actions still open from past meetings" in all_text(following)
    assert "Update the triage protocol" in all_text(following)
    assert "Update the triage protocol" in json.dumps(open_home(bot, "UMEMBER"))

    with freeze_time("2030-02-18 14:01:00", tick=True):  # three days before (a Monday), 9:00 in Toronto
        bot.cop.runtime.due.run_due()
        reminder = posted_with(bot, "UMEMBER", "Is it done?")
        assert _buttons(reminder) == ["cop_action_done", "cop_action_not_yet"]
        action_id = button(reminder, "cop_action_done")["value"]
        bot.click("cop_action_done", action_id, user="UOTHER", channel="DUOTHER")
        bot.idle()
        bot.click("cop_action_not_yet", action_id, user="UMEMBER", channel="DUMEMBER")
        bot.idle()
        said = [c.args["text"] for c in bot.fake.calls_to("response_url")][-2:]
        assert "Only the person this action was given to" in said[0] and "it stays open" in said[1]
        assert [a.status for a in rows(bot, MeetingAction)] == ["open"]
        bot.click("cop_action_done", action_id, user="UMEMBER", channel="DUMEMBER")
        bot.idle()
        assert [a.status for a in rows(bot, MeetingAction)] == ["done"]
        minutes_ts = posted[0].answer["ts"]
        assert "(done)" in all_text(bot.fake.calls_to("chat.update", ts=minutes_ts)[-1])
        refreshed = bot.fake.calls_to("chat.update", ts=following.answer["ts"])[-1]
        assert "Actions still open" not in all_text(refreshed)
        assert "Update the triage protocol" not in json.dumps(open_home(bot, "UMEMBER"))

        # Editing the minutes updates the post; nothing new is posted.
        bot.click("cop_write_minutes", meeting_id, user="UREPORTER", channel=CHANNEL)
        editing = bot.fake.wait_for("views.open", count=2)[1].args["view"]
        summary = [b for b in editing["blocks"] if b.get("block_id") == "summary"][0]["element"]["initial_value"]
        assert summary.startswith("We reviewed three night cases")
        before = len(bot.fake.calls_to("chat.postMessage", channel=CHANNEL))
        submit(editing, {**texts, "summary": "We reviewed four night cases"},
               {1: ("Update the triage protocol", "UMEMBER", "2030-02-21")})
        wait_until(lambda: "four night cases" in all_text(bot.fake.calls_to("chat.update", ts=minutes_ts)[-1]))
        bot.idle()
        assert len(bot.fake.calls_to("chat.postMessage", channel=CHANNEL)) == before
        assert [a.status for a in rows(bot, MeetingAction)] == ["done"]  # the edit keeps what was done
