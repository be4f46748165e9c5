"""People and purpose, a month through cop-bot (issue 30): profiles, a mission the figures answer to, the
quarter's summary for management, a tool problem told to the IT contact, a follow-up a facilitator takes.

    python -m bench.people_month --language en > /tmp/people-month-en.md
    python -m bench.people_month --language fr > /tmp/people-month-fr.md
    python -m bench.people_month --write docs/people-month.md   # both languages, and the PDF as PNG images

Runs the real bot (HTTP endpoint, signed requests, the strict fake of Slack's Web API) on a fresh SQLite
database, the clock frozen and moved forward hour by hour from 1 June 2027 to 2 July (the first working
day of July: 1 July is Canada Day), the scheduler woken every hour. People act through Slack as they
would: slash commands, buttons, forms, the Home tab. Printed: what each person received (direct
messages, answers only they see, forms, files, their Home tab when they open it, messages updated in
place), by local time (Toronto), then the facts the test checks (tests/test_people_month.py).

``--write`` also renders the summary PDF each language's sponsor got to PNG with ``pdftoppm -png -r 60``
(poppler-utils), into docs/images/.
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from freezegun import freeze_time

from bench.month import _when
from bot import scheduler
from tests.conftest import serving
from tests.fake_slack import FakeSlack
from tests.french_typography import typeset

CHANNEL = "CCOP"
BOT_USER = "UCOPBOT"
LOG_FROM = datetime(2027, 6, 1, 14, 30, tzinfo=UTC)  # 1 June, 10:30 in Toronto: the community is set up
LOG_END = datetime(2027, 7, 2, 16, tzinfo=UTC)  # 2 July, noon in Toronto: June's report is in
LIMIT = 1500
PEOPLE = ["UFOUNDER", "USPONSOR", "UIT", "UANIM", "UANA", "UMEMBER", "UHELPER", "UASKER"]
ROLES = {
    "en": {"UFOUNDER": "founder", "USPONSOR": "sponsor", "UIT": "IT contact", "UANIM": "facilitator",
           "UANA": "facilitator", "UMEMBER": "member (Laval)", "UHELPER": "member (Gaspé)",
           "UASKER": "member (Québec)"},
    "fr": {"UFOUNDER": "fondatrice", "USPONSOR": "parrain", "UIT": "personne-ressource TI",
           "UANIM": "animateur", "UANA": "animatrice", "UMEMBER": "membre (Laval)", "UHELPER": "membre (Gaspé)",
           "UASKER": "membre (Québec)"},
}
PROFILES = {  # who fills their profile: workplace, region, job, years, can help with, looking for
    "UMEMBER": ("CISSS de Laval", "Laval", {"en": "Clinical nurse", "fr": "Infirmière clinicienne"}, "12",
                "#triage #nuit", "#perfusion"),
    "UHELPER": ("CISSS de la Gaspésie", "Gaspé", {"en": "Head nurse, emergency", "fr": "Infirmier-chef, urgence"},
                "21", "#triage #perfusion", ""),
    "UASKER": ("CHU de Québec", "Capitale-Nationale", {"en": "New graduate nurse", "fr": "Infirmière diplômée"},
               "1", "", "#triage #perfusion"),
    "UANA": ("CISSS de Laval", "Laval", {"en": "Nurse educator", "fr": "Conseillère en soins"}, "15", "#perfusion",
             ""),
}
WORDS = {
    "en": {"setup": "setup", "role": "role", "animator": "facilitator", "sponsor": "sponsor", "it": "it",
           "profile": "profile", "who": "who #triage", "mission": "mission", "ask": "ask", "lesson": "lesson",
           "summary": "summary", "stats": "stats 30", "intros": "intros on",
           "mission_form": {"mission": "Safer nights in our emergency rooms: nurses across Québec's regions "
                                       "share what works, so that no one faces a hard night shift alone.",
                            "objective1": "Halve transfers at night for lack of a second triage nurse",
                            "objective2": "Every new nurse has a mentor in another region within a month",
                            "objective3": "", "themes": "#triage #perfusion",
                            "asks": "Two paid hours a month for members to take part"},
           "call": "Who has a night triage grid for a single nurse? #triage",
           "answer": "We use the two-level grid from Gaspé; I am sending it to you.",
           "story": "We kept two patients from a night transfer with Gaspé's grid.",
           "lessons": [("UMEMBER", "Check heparin pump rates with a colleague at every shift change. #perfusion"),
                       ("UHELPER", "Keep the triage grid on the wall of the waiting room. #triage")],
           "out_calls": [("UMEMBER", "Which heparin protocol do you use for children? #perfusion"),
                         ("UHELPER", "Who covers the pediatric on-call line on weekends? #triage")],
           "back_call": ("UMEMBER", "Which heparin protocol do you use for children? #perfusion"),
           "back_answer": "We follow the pediatric weight-based protocol; I will post it in the library.",
           "unanswered": "Has anyone trained night staff on the new infusion pumps? #perfusion"},
    "fr": {"setup": "installer", "role": "rôle", "animator": "animatrice", "sponsor": "parrain", "it": "ti",
           "profile": "profil", "who": "qui #triage", "mission": "mission", "ask": "demande", "lesson": "leçon",
           "summary": "synthèse", "stats": "bilan 30", "intros": "jumelage oui",
           "mission_form": {"mission": "Des nuits plus sûres dans nos urgences : les infirmières et infirmiers des "
                                       "régions du Québec partagent ce qui fonctionne, pour que personne ne "
                                       "traverse seul une nuit difficile.",
                            "objective1": "Réduire de moitié les transferts de nuit faute d’une deuxième "
                                          "infirmière au tri",
                            "objective2": "Chaque nouvelle infirmière a une personne mentore d’une autre région en "
                                          "moins d’un mois",
                            "objective3": "", "themes": "#triage #perfusion",
                            "asks": "Deux heures payées par mois pour que les membres participent"},
           "call": "Qui a une grille de tri de nuit pour une seule infirmière? #triage",
           "answer": "Nous utilisons la grille à deux niveaux de Gaspé; je vous l’envoie.",
           "story": "La grille de Gaspé a évité un transfert de nuit à deux patients.",
           "lessons": [("UMEMBER", "Vérifier à deux le débit des pompes à héparine à chaque relève. #perfusion"),
                       ("UHELPER", "Afficher la grille de tri au mur de la salle d’attente. #triage")],
           "out_calls": [("UMEMBER", "Quel protocole d’héparine utilisez-vous pour les enfants? #perfusion"),
                         ("UHELPER", "Qui couvre la garde pédiatrique la fin de semaine? #triage")],
           "back_call": ("UMEMBER", "Quel protocole d’héparine utilisez-vous pour les enfants? #perfusion"),
           "back_answer": "Nous suivons le protocole pédiatrique selon le poids; je le dépose dans la bibliothèque.",
           "unanswered": "Quelqu’un a-t-il formé l’équipe de nuit aux nouvelles pompes à perfusion? #perfusion"},
}
WORDS["fr"]["mission_form"] = {k: typeset(v) for k, v in WORDS["fr"]["mission_form"].items()}


@dataclass
class Received:
    """One thing a person (or the channel) got, as Slack shows it."""

    when: datetime
    to: str  # a person's id, or CHANNEL
    kind: str  # dm, group (a group DM), channel, ephemeral, updated, form, file, home
    args: dict


@dataclass
class Run:
    language: str
    log: list[Received] = field(default_factory=list)
    files: dict[str, bytes] = field(default_factory=dict)  # file name → bytes, every file the bot sent
    violations: str = ""


def _person_of(channel: str) -> str:
    """A DM channel is the person's id with a D before it (the fake's convention)."""
    return channel[1:] if channel.startswith("D") and channel[1:] in PEOPLE else channel


class Month:
    def __init__(self, bot, language: str):
        self.bot, self.fake, self.w, self.language = bot, bot.fake, WORDS[language], language
        self.seen = 0
        self.run = Run(language)
        self.now = LOG_FROM

    # -- what Slack showed ------------------------------------------------------------------------------
    def collect(self, actor: str | None = None, where: str = "") -> None:
        """What the bot asked Slack to show since the last look; answers to an action go to ``actor`` (a
        message replaced in place, to everyone in ``where``, the conversation of the button pressed). A busy
        machine may take longer than a test's usual wait."""
        self.bot.idle(timeout=120)
        calls = self.fake.calls
        for call in calls[self.seen:] if self.now >= LOG_FROM else ():
            self.run.log += self._received(call, actor, where)
        self.seen = len(calls)

    def _group(self, channel: str) -> list[str]:
        """The people of a group DM (an mpim Slack opened for the bot), or none."""
        return [u for u in getattr(self.fake, "mpims", {}).get(channel, ()) if u in PEOPLE]

    def _people_in(self, channel: str) -> list[str]:
        channel = _person_of(channel)
        return [channel] if channel in (*PEOPLE, CHANNEL) else self._group(channel)

    def _answered(self, call, actor: str | None, where: str) -> list[Received]:
        """What answers a person's own action: a message replaced in place (seen by everyone where the button
        was), an answer only they see, a form."""
        args = call.args
        if call.method == "response_url" and args.get("replace_original") and self._people_in(where):
            return [Received(self.now, p, "updated", args) for p in self._people_in(where)]
        kind, shown = ("ephemeral", args) if call.method == "response_url" else ("form", args["view"])
        return [Received(self.now, actor, kind, shown)] if actor else []

    def _received(self, call, actor: str | None, where: str = "") -> list[Received]:
        args, method = call.args, call.method
        if method in ("response_url", "views.open"):
            return self._answered(call, actor, where)
        channel = _person_of(str(args.get("channel") or args.get("channel_id") or ""))
        people = self._people_in(channel)
        if method == "chat.postMessage":
            if "thread_ts" in args or not call.answer.get("ok"):
                return []
            if channel == CHANNEL:
                return [Received(self.now, CHANNEL, "channel", args)]
            return [Received(self.now, p, "dm" if p == channel else "group", args) for p in people]
        kind = {"chat.update": "updated", "files.completeUploadExternal": "file"}.get(method)
        return [Received(self.now, p, kind, args) for p in people] if kind else []

    def at(self, moment: datetime):
        self.now = moment
        return freeze_time(moment.strftime("%Y-%m-%d %H:%M:%S"), tick=True)

    # -- people acting ----------------------------------------------------------------------------------
    def cop(self, text: str, user: str) -> None:
        self.bot.command(text, user=user, channel=CHANNEL)
        self.collect(user)

    def press(self, args: dict, action_id: str, user: str, channel: str | None = None, ts: str | None = None) -> None:
        value = next(e["value"] for b in args.get("blocks", []) if b["type"] in ("actions", "section")
                     for e in (b.get("elements") or [b.get("accessory") or {}]) if e.get("action_id") == action_id)
        where = channel or args.get("channel", CHANNEL)
        self.bot.click(action_id, value, user=user, channel=where, **({"message_ts": ts} if ts else {}))
        self.collect(user, where)

    def submit(self, callback_id: str, values: dict, user: str, **extra) -> None:
        form = self.fake.last_view(callback_id)
        self.bot.submit_view(callback_id, values, user=user, private_metadata=form["private_metadata"], **extra)
        self.collect(user)

    def home(self, user: str, focus: str) -> None:
        """The person opens their Home tab; ``focus``: the part the story is about (directory, tools, taken)."""
        before = len(self.fake.calls_to("views.publish", user_id=user))
        self.bot.event({"type": "app_home_opened", "user": user, "channel": "D" + user, "tab": "home"})
        view = self.fake.wait_for("views.publish", count=before + 1, user_id=user)[before].args["view"]
        self.collect(user)
        self.run.log.append(Received(self.now, user, "home", {**view, "focus": focus}))

    def answer_last_call(self, user: str, text: str):
        """``user`` answers the last call for help in its thread; the call's post (as Slack recorded it)."""
        post = [c for c in self.fake.calls_to("chat.postMessage", channel=CHANNEL)
                if "cop_help_offer" in json.dumps(c.args)][-1]
        self.bot.event({"type": "message", "channel": CHANNEL, "user": user, "text": text,
                        "ts": f"{self.now.timestamp() + 600:.6f}", "thread_ts": post.answer["ts"]})
        self.collect()
        return post

    def last_dm(self, user: str, containing: str) -> tuple[dict, dict]:
        """The last DM to ``user`` with ``containing`` in it: (what was sent, Slack's answer)."""
        call = [c for c in self.fake.calls_to("chat.postMessage", channel=user)
                if containing in json.dumps(c.args, ensure_ascii=False)][-1]
        return call.args, call.answer

    def hourly(self, start: datetime, end: datetime, actions: dict) -> None:
        """The scheduler's hourly runs from ``start`` to ``end`` (UTC); people's actions at their moment."""
        hours = int((end - start) / timedelta(hours=1))
        moments = sorted({*actions, *(start + timedelta(hours=h) for h in range(hours))})
        # freezegun patches every loaded module when a freeze starts (~12 ms of CPU, 760 moments here), and
        # only the first of nested freezes does: each moment's freeze, nested in this one, costs nothing.
        with self.at(start):
            for moment in moments:
                with self.at(moment):
                    if moment.minute == 0:
                        scheduler.run_due(self.bot.cop.runtime)  # the scheduler's own jobs, as it runs them
                        scheduler.deliver_outbox(self.bot.cop.runtime)
                        self.collect()
                    for action in actions.get(moment, ()):
                        action()
                        self.collect()


def utc(day: int, hour: int, minute: int = 0, month: int = 6) -> datetime:
    """A moment given in Toronto time (EDT, UTC−4, all month long)."""
    return datetime(2027, month, day, hour + 4, minute, tzinfo=UTC)


def _setup(month: Month) -> None:
    """1 June, 10:00: the founder sets the community up and gives the roles (before the story is told)."""
    bot, w = month.bot, month.w
    with month.at(utc(1, 10)):
        bot.command(w["setup"], user="UFOUNDER", channel=CHANNEL, channel_name="urgences-nuit")
        month.collect("UFOUNDER")
        for user, role in (("UANIM", w["animator"]), ("UANA", w["animator"]), ("USPONSOR", w["sponsor"]),
                           ("UIT", w["it"])):
            month.cop(f"{w['role']} <@{user}> {role}", "UFOUNDER")


def _who_is_who(month: Month, at: dict) -> None:
    """1–3 June: the mission set and read; four profiles filled; who to ask, and the directory."""
    w, language = month.w, month.language

    def mission():
        month.cop(w["mission"], "UFOUNDER")
        reply = month.fake.calls_to("response_url")[-1].args
        month.press({**reply, "channel": CHANNEL}, "cop_mission_edit", "UFOUNDER")
        month.submit("cop_mission_modal", w["mission_form"], "UFOUNDER")
        month.cop(w["mission"], "UMEMBER")  # anyone in the community reads it

    def profile(user: str):
        def fill():
            workplace, region, job, years, helps, looking = PROFILES[user]
            month.cop(w["profile"], user)
            month.submit("cop_profile_modal", {"workplace": workplace, "region": region, "job": job[language],
                                               "years": years, "helps": helps, "looking": looking}, user)
        return fill

    at[utc(1, 10, 30)].append(mission)
    for hour, user in zip((9, 10, 11, 14), PROFILES, strict=True):
        at[utc(2, hour)].append(profile(user))
    at[utc(3, 10)].append(lambda: month.cop(w["who"], "UASKER"))
    at[utc(3, 10, 30)].append(lambda: month.home("UASKER", "directory"))  # the directory on the Home tab


def _work_on_the_themes(month: Month, at: dict) -> None:
    """8–9 June: a call on #triage answered and resolved (half a day saved, its story told); two lessons."""
    w = month.w

    def call_answered_and_resolved():
        month.cop(f"{w['ask']} {w['call']}", "UASKER")
        post = month.answer_last_call("UHELPER", w["answer"])
        month.press({**post.args, "channel": CHANNEL}, "cop_help_resolve", "UASKER", ts=post.answer["ts"])
        asked, answer = month.last_dm("UASKER", "cop_time_saved_half_day")
        month.press(asked, "cop_time_saved_half_day", "UASKER", channel=answer["channel"], ts=answer["ts"])
        month.submit("cop_value_story_modal", {"story": w["story"]}, "UASKER")

    at[utc(8, 10)].append(call_answered_and_resolved)
    for hour, (user, text) in zip((10, 14), w["lessons"], strict=True):
        at[utc(9, hour)].append(lambda user=user, text=text: month.cop(f"{w['lesson']} {text}", user))


def _bot_removed(month: Month, at: dict) -> None:
    """14 June: someone removes cop-bot from the channel; two calls cannot be posted; the IT contact
    invites it back, and the member asks again (answered in the thread)."""
    bot, fake, w = month.bot, month.fake, month.w

    def ask(user: str, text: str):
        return lambda: month.cop(f"{w['ask']} {text}", user)

    def invited_back():
        fake.bot_joins(CHANNEL)
        bot.event({"type": "member_joined_channel", "user": BOT_USER, "channel": CHANNEL, "channel_type": "C",
                   "team": bot.team_id, "inviter": "UIT"})
        month.collect()

    at[utc(14, 9, 45)].append(lambda: fake.bot_removed(CHANNEL))
    at[utc(14, 10, 5)].append(ask(*w["out_calls"][0]))
    at[utc(14, 13, 10)].append(ask(*w["out_calls"][1]))
    at[utc(14, 14, 30)].append(lambda: month.home("UIT", "tools"))
    at[utc(14, 15)].append(invited_back)
    at[utc(14, 15, 5)].append(lambda: month.home("UIT", "tools"))
    at[utc(14, 15, 10)].append(ask(*w["back_call"]))
    at[utc(14, 16)].append(lambda: month.answer_last_call("UANA", w["back_answer"]))


def _follow_up_and_summary(month: Month, at: dict) -> None:
    """21–22 June: a call nobody answers, its follow-up taken by one facilitator; 30 June: the quarter's
    summary for management."""
    w = month.w

    def take_it():
        copy, answer = month.last_dm("UANA", "cop_take_it")
        month.press(copy, "cop_take_it", "UANA", channel=answer["channel"], ts=answer["ts"])

    at[utc(21, 10, 30)].append(lambda: month.cop(f"{w['ask']} {w['unanswered']}", "UASKER"))
    at[utc(22, 11, 15)].append(take_it)
    at[utc(22, 11, 30)].append(lambda: month.home("UANIM", "taken"))
    at[utc(30, 10)].append(lambda: month.cop(w["summary"], "USPONSOR"))  # the quarter's summary, on its last day


def _introductions(month: Month, at: dict) -> None:
    """2 June: the four with a profile say yes to the monthly introductions; the round comes on July's first
    working day (2 July, 10:00) in group DMs; at 11:00 one of the first pair presses We met; then the founder
    looks at the figures."""
    w = month.w

    def we_met():
        post = next(c for c in month.fake.calls_to("chat.postMessage") if str(c.args["channel"]).startswith("GM")
                    and "cop_we_met" in json.dumps(c.args))
        person = next(p for p in month.fake.mpims[post.args["channel"]] if p in PEOPLE)
        month.press(post.args, "cop_we_met", person, channel=post.args["channel"], ts=post.answer["ts"])

    for minute, user in zip((0, 5, 10, 15), PROFILES, strict=True):
        at[utc(2, 15, minute)].append(lambda user=user: month.cop(w["intros"], user))
    at[utc(2, 11, month=7)].append(we_met)
    at[utc(2, 11, 30, month=7)].append(lambda: month.cop(w["stats"], "UFOUNDER"))


def actions(month: Month) -> dict[datetime, list]:
    """What people do during the month, at their local time."""
    at: dict[datetime, list] = defaultdict(list)
    for part in (_who_is_who, _work_on_the_themes, _bot_removed, _follow_up_and_summary, _introductions):
        part(month, at)
    return at


def run(language: str) -> Run:
    fake = FakeSlack()
    with tempfile.TemporaryDirectory() as directory, serving(fake, f"sqlite:///{directory}/month.db") as bot:
        month = Month(bot, language)
        for person in PEOPLE:
            fake.locales[person] = "fr-CA" if language == "fr" else "en-CA"
        fake.members[CHANNEL] = list(PEOPLE)
        _setup(month)
        month.seen = len(fake.calls)
        month.hourly(utc(1, 11), LOG_END, actions(month))
        month.run.violations = fake.report() if fake.violations else ""
        from tests.spreadsheet import received_files

        month.run.files = received_files(bot)
    fake.close()
    return month.run


# -- what it looks like ----------------------------------------------------------------------------------

def _plain(text: str) -> str:
    text = re.sub(r"<(https?://[^|>]+)\|([^>]+)>", r"\2", text).replace("&gt;", ">").replace("&lt;", "<")
    return text.replace("&amp;", "&")


def _sections(args: dict, with_context: bool = True) -> str:
    parts = []
    for block in args.get("blocks", []):
        if block.get("type") in ("section", "header") and "text" in block:
            parts.append(block["text"]["text"])
        elif block.get("type") == "context" and with_context:
            parts += [e.get("text", "") for e in block.get("elements", [])]
    text = " / ".join(p for p in parts if p) or args.get("text", "")
    text = " ".join(_plain(text).split())
    return text if len(text) <= LIMIT else text[:LIMIT - 1] + "…"


def _buttons(args: dict) -> str:
    labels = [e["text"]["text"] for b in args.get("blocks", []) if b["type"] == "actions" for e in b["elements"]
              if e.get("type") == "button"]
    labels += [b["accessory"]["text"]["text"] for b in args.get("blocks", [])
               if (b.get("accessory") or {}).get("type") == "button"]
    return (" [" + " · ".join(dict.fromkeys(labels)) + "]") if labels else ""


DIRECTORY = ("Who's who", "Qui est qui")  # the directory's header
TAKEN = ("*Taken on", "*Pris en charge", "*Prises en charge")


def _home(view: dict, language: str) -> str:
    """The part of the Home tab the story is about: the directory, a tool problem's line, who took what."""
    shown, in_directory = [], False
    for block in view.get("blocks", []):
        text = block.get("text", {}).get("text", "") if block.get("type") in ("section", "header") else ""
        if block.get("type") in ("header", "divider"):
            in_directory = text.startswith(DIRECTORY)
            if in_directory and view["focus"] == "directory":
                shown.append(f"*{text}*")
            continue
        wanted = {"directory": in_directory, "tools": ":wrench:" in text, "taken": text.startswith(TAKEN)}
        if text and wanted[view["focus"]]:
            shown.append(text)
    if not shown:
        return LABELS[language]["nothing_on_home"][view["focus"]]
    return " / ".join(" ".join(_plain(s).split()) for s in shown)


def _file(args: dict) -> str:
    names = ", ".join(f["title"] for f in args.get("files", []))
    return f"{_plain(args.get('initial_comment', ''))} — {names}".strip(" —")


LABELS = {
    "en": {"title": "## 1 June – 2 July 2027, a community in English (Toronto time; the scheduler woken every hour)",
           "channel": "the community's channel", "kinds": {"ephemeral": "*only you:* ", "form": "*form:* ",
                                                           "file": "*file:* ", "home": "*Home tab:* ",
                                                           "updated": "*updated in place:* ", "dm": "", "channel": "",
                                                           "group": "*group DM:* "},
           "nothing_on_home": {"tools": "no line about a tool problem", "taken": "nobody took anything",
                               "directory": "no directory"}, "rules": "Slack's rules: ",
           "broken": "broken — ", "kept": "never broken (the strict fake found no violation).",
           "pdf": "The summary for management the sponsor got on 30 June (`{name}`, {pages}), as `pdftoppm -png "
                  "-r 60` draws it:", "page": "one page", "pages": "{n} pages"},
    "fr": {"title": "## Du 1er juin au 2 juillet 2027, une communauté francophone (heure de Toronto; le "
                    "planificateur réveillé toutes les heures)",
           "channel": "le canal de la communauté", "kinds": {"ephemeral": "*pour vous seulement :* ",
                                                             "form": "*formulaire :* ",
                                                             "file": "*fichier :* ", "home": "*onglet Accueil :* ",
                                                             "updated": "*mis à jour sur place :* ", "dm": "",
                                                             "channel": "", "group": "*message de groupe :* "},
           "nothing_on_home": {"tools": "aucune ligne sur un problème d’outil",
                               "taken": "personne n’a rien pris en charge", "directory": "aucun répertoire"},
           "rules": "Règles de Slack : ",
           "broken": "enfreintes — ", "kept": "jamais enfreintes (la réplique stricte de Slack n’a relevé aucune "
                                             "infraction).",
           "pdf": "La synthèse pour la direction reçue le 30 juin par la personne qui parraine la communauté "
                  "(`{name}`, {pages}), telle que "
                  "`pdftoppm -png -r 60` la dessine :", "page": "une page", "pages": "{n} pages"},
}
LABELS["fr"] = {key: typeset(value) if isinstance(value, str) else {k: typeset(v) for k, v in value.items()}
                for key, value in LABELS["fr"].items()}


def line(entry: Received, language: str) -> str:
    kind = LABELS[language]["kinds"][entry.kind]
    if entry.kind == "form":
        text = _plain(entry.args.get("title", {}).get("text", ""))
    elif entry.kind == "home":
        text = _home(entry.args, language)
    elif entry.kind == "file":
        text = _file(entry.args)
    else:
        text = _sections(entry.args) + _buttons(entry.args)
    return f"- {_when(entry.when, language)} — {kind}{text}"


def summary_pdf(result: Run) -> tuple[str, bytes]:
    """The summary for management the sponsor got (its file name and bytes)."""
    return next((name, raw) for name, raw in result.files.items() if name.endswith(".pdf"))


def pdf_pages(raw: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", raw))


def render(result: Run, images: dict[str, str] | None = None) -> str:
    """The run as Markdown: by person, what they got; the PDF as images (``images``: PNG paths, relative)."""
    language, words = result.language, LABELS[result.language]
    lines = [words["title"], ""]
    for person in [*PEOPLE, CHANNEL]:
        got = [e for e in result.log if e.to == person]
        who = words["channel"] if person == CHANNEL else f"{person} — {ROLES[language][person]}"
        lines.append(f"**{who}** ({len(got)})")
        lines += [line(entry, language) for entry in got]
        lines.append("")
    if images is not None:
        name, raw = summary_pdf(result)
        pages = pdf_pages(raw)
        lines += [words["pdf"].format(name=name, pages=words["page"] if pages == 1 else
                                      words["pages"].format(n=pages)), ""]
        lines += [f"![{name}, page {n}]({path})" for n, path in enumerate(images, start=1)] + [""]
    lines.append(words["rules"] + (words["broken"] + result.violations if result.violations else words["kept"]))
    return "\n".join(lines)


def pdf_to_png(raw: bytes, target: Path, stem: str) -> list[Path]:
    """The PDF's pages as PNG at 60 dpi (``pdftoppm -png -r 60``), named ``stem-1.png``…"""
    if shutil.which("pdftoppm") is None:
        raise SystemExit("pdftoppm is missing: apt-get install -y poppler-utils")
    with tempfile.TemporaryDirectory() as directory:
        pdf = Path(directory) / "summary.pdf"
        pdf.write_bytes(raw)
        subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(Path(directory) / "page")], check=True)
        pages = sorted(Path(directory).glob("page-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
        out = []
        for n, page in enumerate(pages, start=1):
            out.append(target / f"{stem}-{n}.png")
            shutil.copyfile(page, out[-1])
        return out


HEADER = """# People and purpose, a month through cop-bot

What each person of a community received from cop-bot between 1 June and 2 July 2027, once in English and
once in French (issue 30): who's who, a mission the figures answer to, the quarter's summary for management,
a tool problem told to the IT contact, and facilitators sharing a follow-up. Nothing below was written by
hand: `bench/people_month.py` runs the real bot (its HTTP endpoint, signed requests, the strict fake of
Slack's Web API that refuses what Slack would refuse), the clock frozen and moved forward hour by hour with
the scheduler woken every hour, and prints what each person got. Regenerate this document and its images
(poppler-utils' `pdftoppm` draws the PDF) with:

```sh
python -m bench.people_month --write docs/people-month.md
```

One language alone, without the images: `python -m bench.people_month --language en` (or `fr`).
`tests/test_people_month.py` runs the same simulation and checks what this page says.

The story, in the community's time (Toronto): on 1 June the founder sets the community up, names two
facilitators, a sponsor and an IT contact, and sets the mission with two objectives and two strategic themes
(`/cop mission`, its **Edit the mission** form); a member reads it. On 2 June four people fill in their
profile (`/cop profile`: workplace, region, job, years in the practice, what they can help with and what
they are looking for) and say yes to the monthly introductions (`/cop intros on`); on 3 June a new graduate
asks `/cop who #triage` and opens the Home tab's directory. On 8 June her call for help on #triage is
answered in the thread and resolved (half a day saved, and the story told); on 9 June two lessons are
shared, one on each theme. On 14 June someone removes cop-bot from the channel: a member's call cannot be
posted (the IT contact gets one direct message with the fix), a second one that afternoon cannot either (no
second message), the IT contact's Home tab shows the problem; the IT contact invites cop-bot back and the
Home line is gone, the member asks again and the call is posted. On 21 June a call nobody answers: the next
day both facilitators get the follow-up with **I'll take it**; one takes it, the other's copy says who did,
and the Home tab lists it. On 30 June, the quarter's last day, the sponsor asks for the summary for
management (`/cop summary`: a one-page PDF, shown below as an image). On 2 July, July's first working day (1
July is Canada Day), June's report reaches the sponsor and the facilitators at 9:00, the objectives named
above each theme's figures; at 10:00 the month's introductions put the four in touch two by two, each pair
in a group DM that says why; at 11:00 one of a pair presses **We met**, and the founder's `/cop stats 30`
counts it.

Each message shows its sections (cut at 1,500 characters), its buttons in brackets; *only you* is an answer
only the person sees, *form* a form that opened, *file* a file sent by direct message, *Home tab* the part
of their Home tab the story is about when they open it, *group DM* a message to a group of people, *updated
in place* a message changed after it was sent (for everyone in its conversation).
"""


HEADER_FR = typeset("""# Les personnes et la raison d’être, un mois avec cop-bot

Ce que chaque personne d’une communauté francophone a reçu de cop-bot du 1er juin au 2 juillet 2027. Rien
n’y est écrit à la main : `bench/people_month.py` fait tourner le vrai robot (son point d’accès HTTP, des
requêtes signées, une réplique stricte de l’API Web de Slack qui refuse ce que Slack refuserait), l’horloge
figée et avancée d’heure en heure, le planificateur réveillé toutes les heures
(`python -m bench.people_month --language fr`).

Le 1er juin, la personne fondatrice installe la communauté, nomme deux personnes à l’animation, une personne
qui parraine la communauté et une personne-ressource TI, et définit la mission, deux objectifs et deux
thèmes stratégiques (`/cop mission`); une personne membre la lit. Le 2 juin, quatre personnes remplissent
leur profil (`/cop profil`) et acceptent le jumelage mensuel (`/cop jumelage oui`); le 3 juin, une
nouvelle diplômée demande `/cop qui #triage` et ouvre le répertoire de l’onglet Accueil. Le 8 juin, son
appel à tous sur #triage reçoit une réponse et est résolu (une demi-journée gagnée, et son histoire
racontée); le 9 juin, deux leçons sont partagées, une par thème. Le 14 juin, quelqu’un retire cop-bot du
canal : l’appel d’une personne membre ne peut être publié (la personne-ressource TI reçoit un seul message
direct avec la solution), un deuxième l’après-midi non plus (pas de deuxième message), l’onglet Accueil de
la personne-ressource TI montre le problème; elle réinvite cop-bot, la ligne disparaît, la personne membre
repose sa question et l’appel est publié. Le 21 juin, un appel reste sans réponse : le lendemain, les deux
personnes de l’équipe d’animation reçoivent le suivi avec **Je m’en occupe**; l’une s’en occupe, la copie de
l’autre dit qui s’en charge et son onglet Accueil le montre. Le 30 juin, dernier jour du trimestre, la
personne qui parraine la communauté demande la synthèse pour la direction (`/cop synthèse` : un PDF d’une
page, montré ci-dessous en image). Le 2 juillet, premier jour ouvrable de juillet (le 1er juillet est la
fête du Canada), le rapport de juin parvient à cette personne et à l’équipe d’animation à 9 h, les objectifs
nommés au-dessus des chiffres de chaque thème; à 10 h, le jumelage du mois met les quatre personnes
en contact deux par deux, chaque paire dans un message de groupe qui dit pourquoi; à 11 h, une personne
d’une paire appuie sur **C’est fait, on s’est parlé**, et `/cop bilan 30` de la personne fondatrice le
compte.
""")


def write(path: Path) -> None:
    """The whole document: its header, then each language's run with the summary PDF as images."""
    images_dir = path.parent / "images"
    images_dir.mkdir(exist_ok=True)
    parts = [HEADER.rstrip("\n"), ""]
    for language in ("en", "fr"):
        if language == "fr":
            parts += [HEADER_FR.rstrip("\n"), ""]
        result = run(language)
        _, raw = summary_pdf(result)
        pngs = pdf_to_png(raw, images_dir, f"people-month-summary-{language}")
        parts += [render(result, [os.path.relpath(p, path.parent) for p in pngs]), ""]
    path.write_text("\n".join(parts), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--language", choices=["en", "fr"], default="en")
    parser.add_argument("--write", type=Path, help="write the whole document (both languages, images) here")
    options = parser.parse_args()
    if options.write:
        write(options.write)
        return
    print(render(run(options.language)))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
