"""A mission the figures answer to (issue 30 item 3), through the real Slack protocol: founders set the
mission, objectives, strategic themes and what the community asks of management in a prefilled form;
anyone in the community reads it; /cop stats and the monthly report show what was done on each theme;
founders and sponsors get the quarter's one-page summary for management as a PDF by DM, only when the
quarter has something to say. Audited, in the privacy export, forgotten with the person."""

import base64
import json
import re
import zlib
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from freezegun import freeze_time
from sqlmodel import select

from bot.services import privacy
from storage.models import AuditEvent, Community, HelpRequest, HelpRequestTopic, HelpStatus, Lesson
from storage.types import utcnow
from tests.spreadsheet import received_files
from tests.test_calls_for_help import CHANNEL, setup_community
from tests.test_people import command, rows


def edit_form(bot, user: str) -> dict | None:
    """``/cop mission``, then its Edit button: the form it opened, if any."""
    opened = len(bot.fake.calls_to("views.open"))
    command(bot, "mission", user=user)
    message = bot.fake.calls_to("response_url")[-1].args
    button = next(e for b in message["blocks"] if b["type"] == "actions" for e in b["elements"])
    bot.click(button["action_id"], button["value"], user=user)
    bot.idle()
    views = bot.fake.calls_to("views.open")
    return views[-1].args["view"] if len(views) > opened else None


def set_mission(bot, user: str, **fields) -> dict:
    """The founder fills the form and sends it: the form as it opened (prefilled)."""
    modal = edit_form(bot, user)
    assert modal is not None
    status, body = bot.submit_view("cop_mission_modal", fields, user=user, private_metadata=modal["private_metadata"])
    assert status == 200 and body == ""
    bot.idle()
    return modal


def community(bot) -> Community:
    with bot.cop.runtime.db.session() as session:
        return session.exec(select(Community)).one()


def seed_calls(bot, at: datetime) -> None:
    """Around ``at``: three calls on #triage (two resolved, one with a story), one on #nuit, one untagged;
    a lesson on #triage; a lesson on #triage-adulte (another theme, not counted for #triage)."""
    found = community(bot)
    with bot.cop.runtime.db.session() as session:
        def call(topics, resolved, minutes=None, story=None):
            row = HelpRequest(team_id=bot.team_id, community_id=found.id, channel_id=CHANNEL, asker_id="U1",
                              question="q", status=(HelpStatus.RESOLVED if resolved else HelpStatus.OPEN).value,
                              created_at=at, resolved_at=at + timedelta(hours=2) if resolved else None,
                              resolved_by="U1" if resolved else None, time_saved_minutes=minutes, value_story=story)
            session.add(row)
            session.flush()
            session.add_all([HelpRequestTopic(team_id=bot.team_id, help_request_id=row.id, topic=t) for t in topics])

        call(["triage"], True, 450, "We avoided a transfer to Montréal thanks to Gaspé's protocol")
        call(["triage", "nuit"], True, 60)
        call(["triage"], False)
        call([], True, 225, "The night checklist saved my shift")
        for topics in ("triage", "triage-adulte"):
            session.add(Lesson(team_id=bot.team_id, community_id=found.id, author_id="U2", title="t",
                               recommendation="r", topics=topics, channel_id=CHANNEL, created_at=at))
        session.commit()


def pdf_text(raw: bytes) -> str:
    """The words a person reads in a reportlab PDF (its pages' text operators, decoded)."""
    assert raw.startswith(b"%PDF-")
    words = []
    for stream in re.findall(rb"stream\r?\n(.*?)endstream", raw, re.S):
        content = zlib.decompress(base64.a85decode(stream.strip(), adobe=True))
        for literal in re.findall(rb"\(((?:\\.|[^\\)])*)\)\s*Tj", content):
            text = re.sub(rb"\\([0-7]{1,3}|.)", lambda m: bytes([int(m.group(1), 8)]) if m.group(1)[:1].isdigit()
                          else m.group(1), literal)
            words.append(text.decode("cp1252"))
    return " ".join(words)


def test_founders_set_the_mission_in_a_prefilled_form_and_anyone_in_the_community_reads_it(bot):
    setup_community(bot, locale="fr-CA")
    assert "n’a pas encore de mission" in command(bot, "mission", user="UFOUNDER")
    founder_view = bot.fake.calls_to("response_url")[-1]
    assert "n’a pas encore de mission" in command(bot, "mission", user="UMEMBER")
    assert not [b for b in bot.fake.calls_to("response_url")[-1].args["blocks"] if b["type"] == "actions"]
    assert [b for b in founder_view.args["blocks"] if b["type"] == "actions"]  # the founder's Edit button

    modal = set_mission(bot, "UFOUNDER", mission="Soigner mieux, ensemble, <!channel>",
                        objective1="Réduire les transferts de nuit", objective2="", objective3="Former la relève",
                        themes="#Triage, #nuit #soins-palliatifs", asks="Deux heures par mois pour les membres")
    assert modal["title"]["text"] == "Mission"
    shown = command(bot, "mission", user="UMEMBER")
    assert "*Mission de la communauté soins-cardiaques*" in shown and "Soigner mieux, ensemble" in shown
    assert "<!channel>" not in json.dumps(bot.fake.calls_to("response_url")[-1].args)  # never re-broadcast
    assert "1. Réduire les transferts de nuit\n2. Former la relève" in shown
    assert "*Thèmes stratégiques\u00a0:* #triage #nuit #soins-palliatifs" in shown
    assert "Deux heures par mois" in shown

    # The form opens again with what was said; only founders have it, and only founders may send it.
    again = edit_form(bot, "UFOUNDER")
    fields = {b["block_id"]: b["element"].get("initial_value") for b in again["blocks"] if b["type"] == "input"}
    assert fields == {"mission": "Soigner mieux, ensemble, <!channel>", "objective1": "Réduire les transferts de nuit",
                      "objective2": "Former la relève", "objective3": None, "themes": "#triage #nuit #soins-palliatifs",
                      "asks": "Deux heures par mois pour les membres"}
    before = len(bot.fake.calls_to("views.open"))
    bot.click("cop_mission_edit", str(community(bot).id), user="UMEMBER")
    bot.idle()
    assert len(bot.fake.calls_to("views.open")) == before
    assert "Seules les personnes fondatrices" in bot.fake.calls_to("response_url")[-1].args["text"]
    bot.submit_view("cop_mission_modal", {"mission": "Autre chose"}, user="UMEMBER",
                    private_metadata=str(community(bot).id))
    bot.idle()
    refused = bot.fake.wait_for("chat.postMessage", channel="UMEMBER")
    assert len(refused) == 1 and "Seules les personnes fondatrices" in refused[0].args["text"]
    assert community(bot).mission.startswith("Soigner mieux")

    # Audited, in the founder's privacy export (who set it), pseudonymised when they are forgotten.
    assert [(e.user_id, e.action) for e in rows(bot, AuditEvent) if e.action.startswith("mission")] == [
        ("UFOUNDER", "mission.changed")]
    assert "a défini la mission" in command(bot, "audit", user="UFOUNDER")
    with bot.cop.runtime.db.session() as session:
        exported = privacy.personal_data(session, team_id=bot.team_id, user_id="UFOUNDER", language="fr")
        assert exported.tables["communities"][0]["mission_set_by"] == "UFOUNDER"
        legend = json.loads(exported.files[0]["content"])["legend"]["communities"]["fields"]
        assert legend["mission_set_by"] == "Mission définie par (identifiant Slack)"
        privacy.forget(session, team_id=bot.team_id, user_id="UFOUNDER")
        session.commit()
    assert community(bot).mission_set_by not in (None, "UFOUNDER")
    assert community(bot).mission.startswith("Soigner mieux")  # the community's words stay
    # The charter is untouched.
    assert community(bot).charter == ""


def test_stats_and_the_monthly_report_name_the_objectives_and_show_each_theme_only_when_there_is_a_mission(bot):
    setup_community(bot)
    today = utcnow().astimezone(ZoneInfo("America/Toronto")).date()
    last_month = (today.replace(day=1) - timedelta(days=1)).replace(day=15)
    seed_calls(bot, datetime(last_month.year, last_month.month, 15, 16, tzinfo=UTC))
    figures = command(bot, "stats 62", user="UMEMBER")
    assert "Strategic themes" not in figures
    command(bot, "report", user="UFOUNDER")
    report = bot.fake.wait_for("chat.postMessage", channel="UFOUNDER")[-1]
    assert "Strategic themes" not in json.dumps(report.args)

    set_mission(bot, "UFOUNDER", mission="Better care", objective1="Fewer transfers at night",
                objective2="A mentor for every newcomer", themes="#triage #pediatrie")
    figures = command(bot, "stats 62", user="UMEMBER")
    assert ("*Objectives*\n1. Fewer transfers at night\n2. A mentor for every newcomer\n"
            "*Strategic themes*\n• #triage: 3 calls asked, 2 resolved · 1 lesson\n"
            "• #pediatrie: 0 calls asked, 0 resolved · 0 lessons") in figures
    command(bot, "report", user="UFOUNDER")
    report = bot.fake.wait_for("chat.postMessage", channel="UFOUNDER", count=2)[-1]
    sections = [b["text"]["text"] for b in report.args["blocks"] if b["type"] == "section"]
    # The objectives the figures answer to are named above them.
    assert "*Objectives*\n1. Fewer transfers at night\n2. A mentor for every newcomer\n" \
           "*Strategic themes*\n• #triage: 3 calls asked, 2 resolved · 1 lesson\n" \
           "• #pediatrie: 0 calls asked, 0 resolved · 0 lessons" in sections


def test_founders_and_sponsors_get_the_quarter_summary_as_a_pdf_by_dm_only_when_there_is_something_to_say(bot):
    with freeze_time("2030-02-20 15:00:00", tick=True):
        setup_community(bot, locale="fr-CA")
        command(bot, "role <@USPONSOR> sponsor", user="UFOUNDER")
        assert "réservée aux personnes fondatrices et aux marraines" in command(bot, "synthèse", user="UMEMBER")
        seed_calls(bot, datetime(2029, 12, 10, 15, tzinfo=UTC))  # last quarter's: not this one's
        # Nothing yet this quarter: a polite word, no file.
        assert "Rien à mettre dans une synthèse pour le 1er trimestre 2030" in command(bot, "synthese",
                                                                                      user="USPONSOR")
        assert bot.fake.calls_to("files.getUploadURLExternal") == []

        set_mission(bot, "UFOUNDER", mission="Soigner mieux, ensemble", objective1="Réduire les transferts",
                    themes="#triage", asks="Deux heures par mois pour les membres")
        seed_calls(bot, datetime(2030, 2, 10, 15, tzinfo=UTC))
        assert "envoyé en message direct" in command(bot, "synthèse", user="USPONSOR")
        [upload] = bot.fake.wait_for("files.completeUploadExternal")
        assert upload.args["channel_id"] == "DUSPONSOR"  # by DM, to the sponsor who asked
        assert "synthèse du 1er trimestre 2030" in upload.args["initial_comment"]
        files = received_files(bot)
        assert list(files) == ["soins-cardiaques-synthèse-2030-q1.pdf"]
        text = pdf_text(files["soins-cardiaques-synthèse-2030-q1.pdf"])
        assert "soins-cardiaques — synthèse pour la direction, 1er trimestre 2030" in text
        assert "Soigner mieux, ensemble" in text and "1. Réduire les transferts" in text
        assert "3 appels à tous résolus sur 4" in text
        assert "12,2 h gagnées, soit 918,75 $ à 75 $ l’heure" in text and "2 leçons partagées" in text
        # (reportlab keeps "#triage" and its colon on one line; its text layer writes that space as a space)
        assert "#triage : 3 appels lancés, 2 résolus · 1 leçon" in text
        assert "« We avoided a transfer to Montréal thanks to Gaspé's protocol »" in text
        assert "« The night checklist saved my shift »" in text
        assert "Deux heures par mois pour les membres" in text
        # Founders get it too, in the community's language; nobody else got anything, nothing went to the channel.
        command(bot, "language en", user="UFOUNDER")
        assert "sent it to you by direct message" in command(bot, "summary", user="UFOUNDER")
        uploads = bot.fake.wait_for("files.completeUploadExternal", count=2)
        assert [u.args["channel_id"] for u in uploads] == ["DUSPONSOR", "DUFOUNDER"]
        text = pdf_text(received_files(bot)["soins-cardiaques-summary-2030-q1.pdf"])
        assert "soins-cardiaques — summary for management, Q1 2030" in text
        assert "3 calls for help resolved out of 4 asked" in text and "What we ask for" in text
        assert not [c for c in bot.fake.calls_to("chat.postMessage", channel=CHANNEL) if "synth" in json.dumps(c.args)]
