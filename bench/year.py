"""A year of a community's meetings through cop-bot (issue 28): the programme filling, two meetings with
a guest from outside Slack and a phone line, attendance, minutes with actions followed to done, and a
member's participation record. What each role received.

    python -m bench.year > /tmp/year.md

Runs the real bot (HTTP endpoint, signed requests, the strict fake of Slack's Web API) on a fresh
SQLite database, the clock frozen and moved forward through 2027 (the scheduler woken every three
hours); people act through Slack as they would (slash commands, buttons, forms). Printed: every
direct message and channel post, by day and Toronto time, under the person who got it, the files the
member received with their record, then whether Slack's rules were ever broken (the fake's violations).
"""

import json
import sys
import tempfile
from collections import defaultdict
from datetime import UTC, datetime, timedelta

from bench.month import CHANNEL, Month, _buttons, _text, _when
from bot import scheduler
from tests.conftest import serving
from tests.fake_slack import FakeSlack

PEOPLE = {"UFOUNDER": "founder", "UANIM": "facilitator", "UREPORTER": "reporter", "UMEMBER": "member",
          "UASKER": "member", "UHELPER": "member"}
START, END = datetime(2027, 1, 5, 14, tzinfo=UTC), datetime(2027, 12, 11, 0, tzinfo=UTC)
STEP = timedelta(hours=3)


class Year(Month):
    def collect(self, when: datetime) -> None:
        self.bot.idle()
        calls = self.fake.calls
        for call in calls[self.seen:]:
            if call.method == "chat.postMessage" and call.args.get("channel") in (*PEOPLE, CHANNEL) \
                    and "thread_ts" not in call.args:
                self.log.append((when, call.args["channel"], call.args))
        self.seen = len(calls)

    def form(self, callback_id: str, texts: dict, user: str, **kwargs) -> None:
        view = self.fake.calls_to("views.open")[-1].args["view"]
        self.bot.submit_view(callback_id, texts, user=user, private_metadata=view["private_metadata"], **kwargs)
        self.bot.idle()

    def posted(self, channel: str, words: str) -> dict:
        return [c.args for c in self.fake.calls_to("chat.postMessage", channel=channel)
                if words in json.dumps(c.args, ensure_ascii=False)][-1]


def _meeting_fields(day: str) -> dict:
    return {"date": {"type": "datepicker", "selected_date": day},
            "time": {"type": "timepicker", "selected_time": "14:00"},
            "link": {"type": "url_text_input", "value": "https://meet.example.org/soins"}}


def run() -> tuple[str, list[tuple[str, int]]]:
    fake = FakeSlack()
    with tempfile.TemporaryDirectory() as directory, serving(fake, f"sqlite:///{directory}/year.db") as bot:
        year = Year(bot, "en")
        fake.members[CHANNEL] = list(PEOPLE)
        fake.real_names["UMEMBER"] = "Léa Tremblay"
        files: list[tuple[str, int]] = []

        def begin():
            year.cop("setup", "UFOUNDER")
            year.cop("role <@UANIM> facilitator", "UFOUNDER")
            year.cop("role <@UREPORTER> reporter", "UFOUNDER")

        def suggest():  # the programme fills: three topics, and who is interested
            for user, topic, why, who in (
                    ("UMEMBER", "Sepsis screening at night", "Three missed cases this winter", "Dr Anne Roy, CHU"),
                    ("UASKER", "Night-shift handover", "Handovers run long", ""),
                    ("UHELPER", "Infusion pump settings", "", "")):
                year.cop("program", user)
                year.click({**fake.calls_to("response_url")[-1].args, "channel": CHANNEL}, "cop_suggest_topic", user)
                year.form("cop_suggest_modal", {"topic": topic, "why": why, "presenter": who}, user)
            for topic, people in (("Sepsis screening", ("UASKER", "UHELPER", "UREPORTER", "UFOUNDER")),
                                  ("Night-shift handover", ("UMEMBER", "UHELPER"))):
                card = year.posted(CHANNEL, topic)
                for user in people:
                    year.click({**card, "channel": CHANNEL}, "cop_topic_interested", user)

        def plan(topic: str, day: str, guests: str):
            def planning():
                year.click({**year.posted(CHANNEL, topic), "channel": CHANNEL}, "cop_topic_plan", "UANIM")
                view = fake.calls_to("views.open")[-1].args["view"]
                texts = {b["block_id"]: b["element"].get("initial_value", "") for b in view["blocks"]
                         if b.get("element", {}).get("type") == "plain_text_input"}
                year.form("cop_meeting_modal", {**texts, "guests": guests, "place": "Room 4.12, 1000 rue St-Denis",
                                                "phone": "+1 514 555-0100", "phone_code": "4471#"}, "UANIM",
                          selects={"duration": "90", "repeat": "none:1"}, elements=_meeting_fields(day))
                card = year.posted(CHANNEL, "*Meeting:* " + topic)
                for user in ("UMEMBER", "UASKER"):
                    bot.click("cop_meeting_rsvp_yes", f"{_meeting_id(card)}:yes", user=user, channel=CHANNEL)
                    bot.idle()
            return planning

        def set_aside():
            year.click({**year.posted(CHANNEL, "Infusion pump settings"), "channel": CHANNEL}, "cop_topic_set_aside",
                       "UANIM")

        def there(topic: str):
            def attend():
                card = year.posted(CHANNEL, "*Meeting:* " + topic)
                for user in ("UMEMBER", "UHELPER"):
                    bot.click("cop_meeting_attended", _meeting_id(card), user=user, channel=CHANNEL)
                    bot.idle()
            return attend

        def minutes(topic: str, actions: dict):
            def write():
                year.click(year.posted("UREPORTER", topic), "cop_write_minutes", "UREPORTER")
                view = fake.calls_to("views.open")[-1].args["view"]
                present = [b for b in view["blocks"] if b.get("block_id") == "present"][0]["element"]
                elements = {"present": {"type": "multi_users_select",
                                        "selected_users": present.get("initial_users", []) + ["UANIM"]}}
                texts = {"summary": f"We worked through {topic.lower()} with our guest.",
                         "decisions": "Try the new checklist for a month.",
                         "lessons": "Ask the night lead before changing a protocol."}
                for slot, (what, owner, due) in actions.items():
                    texts[f"action_{slot}"] = what
                    elements[f"action_{slot}_who"] = {"type": "users_select", "selected_user": owner}
                    elements[f"action_{slot}_when"] = {"type": "datepicker", "selected_date": due}
                year.form("cop_minutes_modal", texts, "UREPORTER", elements=elements)
            return write

        def answer(user: str, action_id: str):
            return lambda: year.click(year.last_to(user, "Is it done?"), action_id, user)

        def record():
            year.cop("participation 2027", "UMEMBER")
            asked = fake.calls_to("files.getUploadURLExternal")[-2:]
            files.extend((c.args["filename"], len(fake.uploaded_bytes[c.answer["file_id"]])) for c in asked)

        at = lambda month, day, hour=14: datetime(2027, month, day, hour, tzinfo=UTC)  # noqa: E731
        actions = {
            at(1, 5): begin, at(1, 12): suggest,
            at(1, 19): plan("Sepsis screening at night", "2027-02-18",
                            "Dr Anne Roy, CHU de Québec, anne.roy@example.org"),
            at(1, 26): set_aside,
            at(2, 18, 20): there("Sepsis screening at night"),
            at(2, 19, 17): minutes("Sepsis screening at night", {1: ("Share the screening checklist", "UHELPER",
                                                                    "2027-03-04"),
                                                                2: ("Update the night triage protocol", "UMEMBER",
                                                                    "2027-03-18")}),
            at(3, 1, 17): answer("UHELPER", "cop_action_done"),
            at(3, 15, 17): answer("UMEMBER", "cop_action_not_yet"),
            at(3, 16, 14): plan("Night-shift handover", "2027-04-15", "Marc Lévesque, Ordre des infirmières"),
            at(4, 12, 17): answer("UMEMBER", "cop_action_done"),
            at(4, 15, 20): there("Night-shift handover"),
            at(4, 16, 17): minutes("Night-shift handover", {1: ("Time the handovers for two weeks", "UASKER",
                                                              "2027-05-06")}),
            at(5, 3, 17): answer("UASKER", "cop_action_done"),
            at(12, 10, 17): record,
        }
        moment = START
        while moment < END:
            with year.at(moment.strftime("%Y-%m-%d %H:%M:%S")):
                scheduler.run_due(bot.cop.runtime)
                scheduler.deliver_outbox(bot.cop.runtime)
                year.collect(moment)
                for when in [w for w in actions if moment <= w < moment + STEP]:
                    with year.at(when.strftime("%Y-%m-%d %H:%M:%S")):
                        actions[when]()
                        year.collect(when)
            moment += STEP
        violations = fake.report() if fake.violations else ""
    fake.close()
    return render(year.log, violations, files), files


def _meeting_id(card: dict) -> str:
    return [e["value"] for b in card["blocks"] if b["type"] == "actions" for e in b["elements"]
            if e["action_id"] in ("cop_meeting_ics", "cop_meeting_attended")][0].split(":")[0]


def render(log, violations: str, files: list[tuple[str, int]]) -> str:
    by_person = defaultdict(list)
    for when, to, args in log:
        by_person[to].append((when, args))
    lines = ["## 2027, a community's year of meetings (Toronto time; the scheduler woken every three hours)", ""]
    for person in [*PEOPLE, CHANNEL]:
        received = by_person.get(person, [])
        who = "the community's channel" if person == CHANNEL else f"{person} — {PEOPLE[person]}"
        lines.append(f"**{who}** ({len(received)})")
        lines += [f"- {_when(when, 'en')} — {_text(args)}{_buttons(args)}" for when, args in received]
        lines.append("")
    lines.append("**Files UMEMBER received with the participation record:** " +
                 ", ".join(f"{name} ({size:,} bytes)" for name, size in files))
    lines += ["", "Slack's rules: " + ("broken — " + violations if violations else
                                        "never broken (the strict fake found no violation).")]
    return "\n".join(lines)


def main() -> None:
    text, _ = run()
    print(text)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
