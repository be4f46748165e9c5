"""A month of a community's life through cop-bot's prompts: what each role received (issue 16).

    python -m bench.month --language fr > /tmp/mois.md
    python -m bench.month --language en > /tmp/month.md

Runs the real bot (HTTP endpoint, signed requests, the strict fake of Slack's Web API) on a fresh
SQLite database, with the clock frozen and moved forward hour by hour through April 2027. The
community (Toronto time) began in February 2026; people act through Slack as they would (slash
commands, buttons, forms, the message shortcut) and the scheduler runs every hour. Printed: every
direct message and channel post, by day and local time, under the role of the person who got it,
then a check that Slack's rules were never broken (the fake's violations). From 1 April to the
first working day of May (3 May), so that April's value report is in.

Then the noise budget (issue 26): the messages each person (and the channel) got, week by week from
1 April, and how many of them repeat an earlier one — a message repeats when every line it says
(its header, sections and context, split at line breaks) was already said to the same person
earlier in the month: nothing in it is news. The goal is none.
"""

import argparse
import json
import re
import sys
import tempfile
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from babel.dates import format_date
from freezegun import freeze_time

from bot import scheduler
from bot.i18n import translator
from tests.conftest import serving
from tests.fake_slack import FakeSlack
from tests.french_typography import typeset

TORONTO = ZoneInfo("America/Toronto")
LIMIT = int(__import__("os").environ.get("COP_MONTH_TEXT", "700"))
LOG_FROM = datetime(2027, 4, 1, 4, tzinfo=UTC)  # 1 April, midnight in Toronto
LOG_END = datetime(2027, 5, 3, 16, tzinfo=UTC)  # 3 May, noon in Toronto
CHANNEL = "CCOP"
ROLES_FR = {"UFOUNDER": "fondatrice", "UANIM": "animatrice", "UEXPERT": "expert de contenu (#perfusion #triage)",
            "USPONSOR": "parrain", "UREPORTER": "rapporteuse", "UASKER": "membre", "UMEMBER": "membre",
            "UHELPER": "membre"}  # as they were named in French (/cop rôle … animatrice)
LABELS = {
    "en": {"title": "## 1 April – 3 May 2027, a community in English (Toronto time; the scheduler woken every hour)",
           "channel": "the community's channel", "rules": "Slack's rules: ",
           "broken": "broken — ", "kept": "never broken (the strict fake found no violation).",
           "noise": "### The noise budget",
           "practice": "**The resource's card on 3 May** (proposed as a shared practice on 8 April, voted on until "
                       "14 April, adopted and validated on 15 April)",
           "noise_intro": "Messages each person got (direct messages; the channel's posts on the last line), by week "
                          "from 1 April, over {days} days. *Repeats*: messages whose every line was already said to "
                          "the same person earlier in the month (goal: none); *mostly*: messages half of whose lines "
                          "or more were; *lines said before*: the share of all their lines (headers, sections, "
                          "context) already said to that person.",
           "head": "| who | 1–7 Apr | 8–14 Apr | 15–21 Apr | 22–28 Apr | 29 Apr–3 May | total | per week | repeats "
                   "| mostly | lines said before |",
           "all": "**In all: {total} messages ({week} a week); {repeats} repeat an earlier one ({share}), {mostly} "
                  "mostly do; {lines} of their lines were said before.**"},
    "fr": {"title": "## Du 1er avril au 3 mai 2027, une communauté francophone (heure de Toronto; le planificateur "
                    "réveillé toutes les heures)",
           "channel": "le canal de la communauté", "rules": "Règles de Slack : ",
           "broken": "enfreintes — ", "kept": "jamais enfreintes (la réplique stricte de Slack n’a relevé aucune "
                                             "infraction).",
           "noise": "### Le budget de bruit",
           "practice": "**La fiche de la ressource le 3 mai** (proposée comme pratique commune le 8 avril, votée "
                       "jusqu’au 14 avril, adoptée et validée le 15 avril)",
           "noise_intro": "Les messages reçus par chaque personne (messages directs; les publications dans le canal "
                          "à la dernière ligne), semaine par semaine à partir du 1er avril, sur {days} jours. "
                          "*Répétés* : les messages dont chaque ligne avait déjà été dite à la même personne plus tôt "
                          "dans le mois (objectif : aucun); *surtout répétés* : ceux dont au moins la moitié des "
                          "lignes l’avaient été; *lignes déjà dites* : la part de toutes leurs lignes (titres, "
                          "sections, contexte) déjà dites à cette personne.",
           "head": "| qui | 1er–7 avr. | 8–14 avr. | 15–21 avr. | 22–28 avr. | 29 avr.–3 mai | total | par semaine "
                   "| répétés | surtout répétés | lignes déjà dites |",
           "all": "**En tout : {total} messages ({week} par semaine); {repeats} en répètent un autre ({share}), "
                  "{mostly} reprennent surtout ce qui avait été dit; {lines} de leurs lignes avaient déjà été "
                  "dites.**"},
}
LABELS["fr"] = {key: text if key == "head" else typeset(text) for key, text in LABELS["fr"].items()}
PEOPLE = {  # who, their role in the community
    "UFOUNDER": "founder", "UANIM": "facilitator", "UEXPERT": "content expert (#perfusion #triage)",
    "USPONSOR": "sponsor",
    "UREPORTER": "reporter", "UASKER": "member", "UMEMBER": "member", "UHELPER": "member",
}
WORDS = {
    "en": {"setup": "setup", "role": "role", "animator": "facilitator", "expert": "expert", "sponsor": "sponsor",
           "reporter": "reporter", "lesson": "lesson", "ask": "ask", "search": "search",
           "lessons": ["Double-check heparin pump rates at every shift change. #perfusion",
                       "Flush heparin lines with saline every hour. #perfusion",
                       "Page two nurses for night triage. #triage"],
           "question": "Who has a checklist for the heparin double-check at night? #perfusion",
           "answer": "We use the two-nurse check sheet; I will send it.",
           "searches": ["insulin pump alarms", "insulin pump alarm", "sepsis bundle", "insulin pumps alarms"],
           "message": "Our unit cut triage delays by half with a second nurse at night.",
           "asked": "How did your unit cut triage delays by half?",
           "reflections": [("Quick answers about night triage.", "More time on triage cases."),
                           ("Help with triage at night.", "Shorter handover notes."),
                           ("Two lessons on heparin.", "Invite pharmacists to talk about heparin."),
                           ("Calm answers.", "Pharmacists should join us on heparin dosing.")],
           "story": "Our night handover now takes 10 minutes, not 30.",
           "resource": "resource <https://www.ismp-canada.org/heparin-check> Heparin double-check sheet. The two-nurse "
                       "check, step by step. type:template #perfusion",
           "watch": ["watch <https://www.inesss.qc.ca/heparin-2027> New heparin infusion guideline. Weight-based "
                     "dosing replaces the fixed protocol. type:guideline #perfusion",
                     "watch <https://www.cjem.ca/night-triage> Night triage staffing study. Two nurses halve waiting "
                     "times. type:evidence #triage"],
           "follow": "follow", "resource_title": "Heparin double-check sheet.",
           "updated_why": "The two-nurse check, step by step, now with weight-based doses (April's guideline)."},
    "fr": {"setup": "installer", "role": "rôle", "animator": "animatrice", "expert": "expert", "sponsor": "parrain",
           "reporter": "rapporteuse", "lesson": "leçon", "ask": "demande", "search": "cherche",
           "lessons": ["Vérifier à deux le débit des pompes à héparine à chaque relève. #perfusion",
                       "Rincer les tubulures d’héparine au salin chaque heure. #perfusion",
                       "Appeler deux infirmières pour le tri de nuit. #triage"],
           "question": "Qui a une liste de vérification pour la double vérification de l’héparine la nuit? #perfusion",
           "answer": "Nous utilisons la fiche de vérification à deux; je vous l’envoie.",
           "searches": ["alarmes pompe à insuline", "alarme pompe insuline", "protocole sepsis",
                        "alarmes des pompes à insuline"],
           "message": "Notre unité a réduit de moitié l’attente au tri avec une deuxième infirmière la nuit.",
           "asked": "Comment votre unité a-t-elle réduit de moitié l’attente au tri?",
           "reflections": [("Des réponses rapides sur le tri de nuit.", "Plus de temps pour les cas de tri."),
                           ("De l’aide pour le tri la nuit.", "Des notes de relève plus courtes."),
                           ("Deux leçons sur l’héparine.", "Inviter des pharmaciens à parler d’héparine."),
                           ("Des réponses calmes.", "Que des pharmaciens se joignent à nous sur l’héparine.")],
           "story": "Notre relève de nuit prend maintenant 10 minutes au lieu de 30.",
           "resource": "ressource <https://www.ismp-canada.org/heparine-verification> Fiche de double vérification "
                       "de l’héparine. La vérification à deux, étape par étape. type:modèle #perfusion",
           "watch": ["veille <https://www.inesss.qc.ca/heparine-2027> Nouvelle ligne directrice sur la perfusion "
                     "d’héparine. La dose selon le poids remplace le protocole fixe. type:ligne-directrice "
                     "#perfusion",
                     "veille <https://www.cjem.ca/tri-nuit> Étude sur le personnel de tri de nuit. Deux infirmières "
                     "réduisent l’attente de moitié. type:donnée-probante #triage"],
           "follow": "suivre", "resource_title": "Fiche de double vérification de l’héparine.",
           "updated_why": "La vérification à deux, étape par étape, maintenant avec la dose selon le poids (la ligne "
                          "directrice d’avril)."},
}


class Month:
    def __init__(self, bot, language: str):
        self.bot, self.fake, self.w = bot, bot.fake, WORDS[language]
        self.seen = 0
        self.log: list[tuple[datetime, str, dict]] = []  # (when, to, call args)

    def collect(self, when: datetime) -> None:
        """What Slack was asked to post since the last look, as received at ``when`` (from ``LOG_FROM``)."""
        self.bot.idle()
        calls = self.fake.calls
        for call in calls[self.seen:] if when >= LOG_FROM else ():
            if call.method == "chat.postMessage" and call.args.get("channel") in (*PEOPLE, CHANNEL) \
                    and "thread_ts" not in call.args:
                self.log.append((when, call.args["channel"], call.args))
        self.seen = len(calls)

    def at(self, moment: str):
        return freeze_time(moment, tick=True)

    def cop(self, text: str, user: str, channel: str = CHANNEL) -> None:
        self.bot.command(text, user=user, channel=channel)
        self.bot.idle()

    def click(self, call_args: dict, action_id: str, user: str, nth: int = 0) -> None:
        value = [e["value"] for b in call_args.get("blocks", []) if b["type"] == "actions"
                 for e in b["elements"] if e["action_id"] == action_id][nth]
        self.bot.click(action_id, value, user=user, channel=call_args["channel"])
        self.bot.idle()

    def last_to(self, user: str, containing: str) -> dict:
        return [c.args for c in self.fake.calls_to("chat.postMessage", channel=user)
                if containing in json.dumps(c.args)][-1]

    def hourly(self, start: datetime, end: datetime, actions: dict[datetime, callable]) -> None:
        """The scheduler's hourly runs from ``start`` to ``end`` (UTC), people's actions at their hour."""
        moment = start
        while moment < end:
            with self.at(moment.strftime("%Y-%m-%d %H:%M:%S")):
                scheduler.run_due(self.bot.cop.runtime)  # the scheduler's own jobs, as it runs them
                scheduler.deliver_outbox(self.bot.cop.runtime)
                self.collect(moment)
                if moment in actions:
                    actions[moment]()
                    self.collect(moment)
            moment += timedelta(hours=1)


def run(language: str) -> str:
    fake = FakeSlack()
    w = WORDS[language]
    with tempfile.TemporaryDirectory() as directory, serving(fake, f"sqlite:///{directory}/month.db") as bot:
        month = Month(bot, language)
        fake.locales["UFOUNDER"] = "fr-CA" if language == "fr" else "en-CA"
        fake.members[CHANNEL] = list(PEOPLE)
        fake.members["CGENERAL"] = ["UASKER", "UHELPER"]
        # February 2026: the community begins; lessons are written (due for review in 12 months).
        with month.at("2026-02-10 15:00:00"):
            month.cop(w["setup"], "UFOUNDER")
            for user, role in (("UANIM", w["animator"]), ("UEXPERT", w["expert"] + " #perfusion #triage"),
                               ("USPONSOR", w["sponsor"]), ("UREPORTER", w["reporter"])):
                month.cop(f"{w['role']} <@{user}> {role}", "UFOUNDER")
            for text in w["lessons"][:2]:
                month.cop(f"{w['lesson']} {text}", "UREPORTER")
            month.cop(f"{w['lesson']} {w['lessons'][2]}", "UMEMBER")
            month.cop(w["resource"], "UREPORTER")  # a resource, due for review with the lessons
            month.cop(f"{w['follow']} #perfusion", "UMEMBER")  # members follow topics (watch)
            month.cop(f"{w['follow']} #triage #perfusion", "UHELPER")
        # 10 March 2027: a call for help, answered and resolved (a month on: did the answer get used?).
        with month.at("2027-03-10 15:00:00"):
            month.cop(f"{w['ask']} {w['question']}", "UASKER")
            post = [c for c in fake.calls_to("chat.postMessage", channel=CHANNEL) if "cop_help_offer" in json.dumps(
                c.args)][-1]
            bot.event({"type": "message", "channel": CHANNEL, "user": "UHELPER", "text": w["answer"],
                       "ts": f"{datetime(2027, 3, 10, 15, 5, tzinfo=UTC).timestamp():.6f}",
                       "thread_ts": post.answer["ts"]})
            bot.idle()
            month.click({**post.args, "channel": CHANNEL}, "cop_help_resolve", "UASKER")
        month.seen = len(fake.calls)

        def searches():
            for query in w["searches"]:
                month.cop(f"{w['search']} {query}", "UMEMBER")

        def value_answer():
            asked = month.last_to("UASKER", "cop_applied_changed")
            month.click(asked, "cop_applied_changed", "UASKER")
            request = [c for c in fake.calls_to("views.open")][-1].args["view"]
            bot.submit_view("cop_change_story_modal", {"story": w["story"]}, user="UASKER",
                            private_metadata=request["private_metadata"])
            bot.idle()

        def review():
            asked = month.last_to("UEXPERT", "cop_review_true")
            month.click(asked, "cop_review_true", "UEXPERT")
            month.click(asked, "cop_review_obsolete", "UEXPERT", nth=1)
            month.click(asked, "cop_review_true", "UEXPERT", nth=3)  # the resource: still true, validated

        def watch():
            for text in w["watch"]:
                month.cop(text, "UEXPERT")

        def card_of(title: str) -> dict:
            """A card as it is now (its post, or its last update)."""
            post = [c for c in fake.calls_to("chat.postMessage", channel=CHANNEL)
                    if title in json.dumps(c.args, ensure_ascii=False)][0]
            updates = fake.calls_to("chat.update", ts=post.answer["ts"])
            return {**(updates[-1] if updates else post).args, "channel": CHANNEL, "ts": post.answer["ts"]}

        def propose_practice():
            month.click(card_of(w["resource_title"]), "cop_practice_propose", "UANIM")
            form = fake.calls_to("views.open")[-1].args["view"]
            bot.submit_view("cop_practice_modal", {}, user="UANIM", private_metadata=form["private_metadata"],
                            elements={"until": {"type": "datepicker", "selected_date": "2027-04-14"}})
            bot.idle()

        def vote():
            card = card_of(w["resource_title"])
            for user, choice in (("UMEMBER", "adopt"), ("UHELPER", "adopt"), ("UASKER", "adopt"),
                                 ("UREPORTER", "revise")):
                month.click(card, f"cop_practice_vote_{choice}", user)

        def outcome():
            month.click(card_of(w["resource_title"]), "cop_practice_outcome_adopted", "UANIM")
            month.click(card_of(w["resource_title"]), "cop_practice_validate", "UEXPERT")

        def rely():  # a member finds the shared practice and opens it: they rely on it from now on
            month.cop(f"{w['search']} {w['resource_title'].rstrip('.')}", "UHELPER")
            found = fake.calls_to("response_url")[-1].args
            button = next(b["accessory"] for b in found["blocks"]
                          if b.get("accessory", {}).get("action_id") == "cop_practice_open")
            bot.click("cop_practice_open", button["value"], user="UHELPER", channel=CHANNEL)
            bot.idle()

        def update_practice():  # the content expert updates the shared practice: who relied on it hears of it
            month.click(card_of(w["resource_title"]), "cop_lesson_edit", "UEXPERT")
            form = fake.calls_to("views.open")[-1].args["view"]
            shown = {b["block_id"]: b["element"] for b in form["blocks"] if b.get("type") == "input"}
            bot.submit_view("cop_resource_modal", {name: shown[name].get("initial_value", "") for name in
                                                   ("title", "topics", "evidence")} | {"why": w["updated_why"]},
                            user="UEXPERT", private_metadata=form["private_metadata"],
                            selects={"type": shown["type"]["initial_option"]["value"]},
                            elements={"link": {"type": "url_text_input", "value": shown["link"]["initial_value"]}})
            bot.idle()

        def reflections():
            for user, (got, change) in zip(("UASKER", "UMEMBER", "UHELPER", "UREPORTER"), w["reflections"],
                                           strict=True):
                asked = month.last_to(user, "cop_reflect")
                month.click(asked, "cop_reflect", user)
                form = fake.calls_to("views.open")[-1].args["view"]
                bot.submit_view("cop_reflection_modal", {"got": got, "brought": "", "change": change}, user=user,
                                private_metadata=form["private_metadata"])
                bot.idle()

        def ask_from_message():
            bot.shortcut("cop_ask_from_message", {"type": "message", "user": "UHELPER", "text": w["message"],
                                                  "ts": "1800000300.000100"}, user="UASKER", channel="CGENERAL")
            bot.idle()
            form = fake.calls_to("views.open")[-1].args["view"]
            bot.submit_view("cop_ask_modal", {"question": w["asked"], "topics": "#triage"}, user="UASKER",
                            private_metadata=form["private_metadata"], selects={"community": CHANNEL})
            bot.idle()

        def consent():
            asked = month.last_to("UHELPER", "cop_quote_consent_yes")
            month.click(asked, "cop_quote_consent_yes", "UHELPER")

        def gaps_to_call():
            month.cop("gaps" if language == "en" else "lacunes", "UANIM")
            reply = fake.calls_to("response_url")[-1].args
            month.click({**reply, "channel": CHANNEL}, "cop_gap_ask", "UANIM")

        utc = lambda day, hour: datetime(2027, 4, day, hour, tzinfo=UTC)  # noqa: E731
        actions = {utc(1, 15): review, utc(1, 19): reflections, utc(6, 14): searches, utc(7, 14): ask_from_message,
                   utc(7, 16): consent, utc(9, 17): value_answer, utc(12, 14): searches, utc(20, 15): gaps_to_call,
                   utc(5, 15): watch, utc(8, 15): propose_practice, utc(12, 17): vote, utc(15, 15): outcome,
                   utc(16, 14): rely, utc(22, 15): update_practice}
        # The scheduler runs from the call's day (what was due before is caught up once); the story is told
        # from 1 April.
        month.hourly(datetime(2027, 3, 10, 16, tzinfo=UTC), LOG_END, actions)
        violations = fake.report() if fake.violations else ""
        card = card_of(w["resource_title"])
    fake.close()
    return render(month.log, language, violations, card)


def _text(args: dict) -> str:
    """What the person reads first: the message's sections, one line each (cut), without Slack markup."""
    parts = [b["text"]["text"] for b in args.get("blocks", []) if b.get("type") in ("section", "header")]
    text = " / ".join(parts) or args.get("text", "")
    text = re.sub(r"<(https?://[^|>]+)\|([^>]+)>", r"\2", text).replace("&gt;", ">").replace("&lt;", "<")
    text = " ".join(text.split())
    return text if len(text) <= LIMIT else text[:LIMIT - 1] + "…"


def _buttons(args: dict) -> str:
    labels = [e["text"]["text"] for b in args.get("blocks", []) if b["type"] == "actions" for e in b["elements"]
              if e.get("type") == "button"]
    return (" [" + " · ".join(dict.fromkeys(labels)) + "]") if labels else ""


def _lines(args: dict) -> list[str]:
    """Every line a message says (header, sections, context; its buttons left aside), whitespace folded."""
    texts = []
    for block in args.get("blocks", []):
        if block.get("type") in ("section", "header") and "text" in block:
            texts.append(block["text"]["text"])
        elif block.get("type") == "context":
            texts += [e.get("text", "") for e in block.get("elements", [])]
    lines = [" ".join(line.split()) for text in (texts or [args.get("text", "")]) for line in text.split("\n")]
    return [line for line in lines if line]


WEEKS = 5  # 1–7, 8–14, 15–21, 22–28 April, then 29 April – 3 May


def noise(log) -> dict[str, dict]:
    """Per recipient: messages per week (7-day weeks from 1 April), and those that repeat an earlier one."""
    said: dict[str, set[str]] = defaultdict(set)
    out = {person: {"weeks": [0] * WEEKS, "repeats": 0, "mostly": 0, "lines": 0, "lines_repeated": 0}
           for person in [*PEOPLE, CHANNEL]}
    for when, to, args in log:
        figures = out[to]
        figures["weeks"][min((when - LOG_FROM).days // 7, WEEKS - 1)] += 1
        lines = _lines(args)
        old = [line for line in lines if line in said[to]]
        figures["lines"] += len(lines)
        figures["lines_repeated"] += len(old)
        if lines and len(old) == len(lines):
            figures["repeats"] += 1
        if lines and 2 * len(old) >= len(lines):
            figures["mostly"] += 1
        said[to].update(lines)
    return out


def _number(value: float, language: str, digits: int = 1) -> str:
    text = f"{value:.{digits}f}"
    return text.replace(".", ",") if language == "fr" else text


def _percent(ratio: float, language: str) -> str:
    return f"{ratio:.0%}".replace("%", "\u00a0%") if language == "fr" else f"{ratio:.0%}"


def _who(person: str, language: str) -> str:
    if person == CHANNEL:
        return LABELS[language]["channel"]
    return f"{person} — {(ROLES_FR if language == 'fr' else PEOPLE)[person]}"


def render_noise(log, language: str = "en") -> list[str]:
    words = LABELS[language]
    figures = noise(log)
    days = (LOG_END - LOG_FROM).total_seconds() / 86400
    lines = [words["noise"], "", words["noise_intro"].format(days=_number(days, language)), "", words["head"],
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    total = repeats = mostly = said = said_before = 0
    for person in [*PEOPLE, CHANNEL]:
        f = figures[person]
        count = sum(f["weeks"])
        total, repeats, mostly = total + count, repeats + f["repeats"], mostly + f["mostly"]
        said, said_before = said + f["lines"], said_before + f["lines_repeated"]
        share = _percent(f["lines_repeated"] / f["lines"], language) if f["lines"] else "—"
        lines.append(f"| {_who(person, language)} | " + " | ".join(str(n) for n in f["weeks"]) +
                     f" | {count} | {_number(count / days * 7, language)} | {f['repeats']} | {f['mostly']} | {share} |")
    lines += ["", words["all"].format(total=total, week=_number(total / days * 7, language), repeats=repeats,
                                      share=_percent(repeats / max(total, 1), language), mostly=mostly,
                                      lines=_percent(said_before / max(said, 1), language))]
    return lines


def _card(args: dict) -> str:
    """A card as read: its header, sections and context lines, without Slack markup."""
    parts = [b["text"]["text"] if b["type"] != "context" else b["elements"][0]["text"]
             for b in args.get("blocks", []) if b.get("type") in ("section", "header", "context")]
    text = " / ".join(parts)
    text = re.sub(r"<(https?://[^|>]+)\|([^>]+)>", r"\2", text).replace("&gt;", ">").replace("&lt;", "<")
    return " ".join(text.split()) + _buttons(args)


def _when(moment: datetime, language: str) -> str:
    """``Thu 01 Apr 10:00``; ``jeu. 1er avr., 10 h`` (the OQLF's hours, as the bot writes them)."""
    local = moment.astimezone(TORONTO)
    if language == "en":
        return local.strftime("%a %d %b %H:%M")
    day = format_date(local, "EEE d'er' MMM" if local.day == 1 else "EEE d MMM", locale="fr_CA")
    return f"{day}, {translator('fr').time(moment, 'America/Toronto')}"


def render(log, language: str, violations: str, practice_card: dict | None = None) -> str:
    words = LABELS[language]
    by_person = defaultdict(list)
    for when, to, args in log:
        by_person[to].append((when, args))
    lines = [words["title"], ""]
    for person in [*PEOPLE, CHANNEL]:
        received = by_person.get(person, [])
        lines.append(f"**{_who(person, language)}** ({len(received)})")
        for when, args in received:
            lines.append(f"- {_when(when, language)} — {_text(args)}{_buttons(args)}")
        lines.append("")
    if practice_card:  # a card changes in place (chat.update): how the shared practice's reads on 3 May
        lines += [words["practice"], "", "- " + _card(practice_card), ""]
    lines.append(words["rules"] + (words["broken"] + violations if violations else words["kept"]))
    lines += ["", *render_noise(log, language)]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--language", choices=["en", "fr"], default="en")
    print(run(parser.parse_args().language))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
