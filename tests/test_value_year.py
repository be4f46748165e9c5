"""A year of a community's life, and every figure sponsors and animators get from it, checked
against values worked out by hand from the table below (issue 6).

The community (French, Toronto time) began on 1 May 2026. Each month of ``YEAR`` holds its calls
for help (asked on the 10th from 14:00 local, one an hour; the first ``answered`` get a first
answer by U7 three hours later; the first ``resolved`` are resolved the next day, each saving
``minutes``), ``library`` questions the library answered (U8, on the 11th) and ``lessons``
(UANIM, on the 12th). Two calls sit on a month's edge: 30 April 2027 at 23:30 in Toronto (1 May
03:30 UTC) belongs to April, 31 May 2027 at 23:30 (1 June 03:30 UTC) to May.
"""

import json
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from freezegun import freeze_time
from sqlmodel import select

from bot.i18n import translator
from bot.services import report
from storage.models import (
    Community,
    HelpAnswer,
    HelpCredit,
    HelpRequest,
    HelpStatus,
    Lesson,
    Meeting,
    MeetingStatus,
    Membership,
    Role,
    RoleAssignment,
    Rsvp,
)
from tests.spreadsheet import as_number, open_in_excel, received_files
from tests.test_calls_for_help import setup_community
from tests.test_people import command

TORONTO = ZoneInfo("America/Toronto")
STORY = "On a ouvert la clinique de nuit un mois plus tôt."

# (year, month, asked, answered, resolved, minutes saved per resolved call, lessons, library)
YEAR = [
    (2026, 5, 2, 2, 1, 60, 1, 0),
    (2026, 6, 3, 2, 2, 60, 0, 1),
    (2026, 7, 1, 1, 1, 225, 1, 0),
    (2026, 8, 0, 0, 0, 0, 0, 0),  # summer
    (2026, 9, 4, 3, 2, 60, 2, 0),
    (2026, 10, 5, 4, 3, 60, 1, 1),
    (2026, 11, 3, 3, 2, 450, 0, 0),
    (2026, 12, 2, 1, 1, 10, 1, 0),
    (2027, 1, 4, 4, 3, 60, 2, 1),
    (2027, 2, 3, 2, 2, 225, 1, 0),
    (2027, 3, 6, 5, 4, 60, 1, 0),
    (2027, 4, 4, 3, 3, 60, 2, 1),
    (2027, 5, 5, 4, 3, 450, 3, 2),
    (2027, 6, 2, 1, 0, 0, 1, 0),  # until the 15th
]
EDGES = {(2027, 4): (30, 23, 30), (2027, 5): (31, 23, 30)}  # the month's last call: its day and local time
HELD = [(2026, 5), (2026, 9), (2026, 11), (2027, 1), (2027, 3), (2027, 5)]  # meetings on the 20th, 3 said yes


def local(year, month, day, hour=12, minute=0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=TORONTO).astimezone(UTC)


def seed_year(bot):
    with bot.cop.runtime.db.session() as session:
        community = session.exec(select(Community)).one()
        cid, team = community.id, community.team_id
        began = local(2026, 5, 1, 9)
        community.created_at = began
        session.add(community)
        session.add_all([RoleAssignment(team_id=team, community_id=cid, user_id=user, role=role.value,
                                        assigned_by="UFOUNDER", assigned_at=began)
                         for user, role in (("UANIM", Role.ANIMATOR), ("USPONSOR", Role.SPONSOR))])
        for founder in session.exec(select(RoleAssignment)).all():
            founder.assigned_at = began
            session.add(founder)
        session.add_all([Membership(team_id=team, community_id=cid, user_id=f"U{n}", joined_at=local(2026, 5, 1),
                                    newcomer=False) for n in range(1, 9)])
        session.add(Membership(team_id=team, community_id=cid, user_id="U9", joined_at=local(2027, 3, 1)))
        for year, month, asked, answered, resolved, minutes, lessons, library in YEAR:
            for j in range(asked):
                created = local(year, month, 10, 14 + j)
                if j == asked - 1 and (year, month) in EDGES:
                    created = local(year, month, *EDGES[(year, month)])
                call = HelpRequest(team_id=team, community_id=cid, channel_id="CCOP", asker_id=f"U{j + 1}",
                                   question=f"q {year}-{month}-{j}", status=HelpStatus.OPEN.value, created_at=created)
                if j < answered:
                    call.first_answer_at, call.first_answer_by = created + timedelta(hours=3), "U7"
                if j < resolved:
                    call.status, call.resolved_at = HelpStatus.RESOLVED.value, created + timedelta(days=1)
                    call.time_saved_minutes, call.resolved_by = minutes, f"U{j + 1}"
                    if (year, month) == (2027, 5) and j == 0:
                        call.value_story = STORY
                session.add(call)
                session.flush()
                if j < answered:
                    session.add(HelpAnswer(team_id=team, help_request_id=call.id, user_id="U7",
                                           message_ts=f"{call.id}.1", created_at=call.first_answer_at))
                if j < resolved:
                    session.add(HelpCredit(team_id=team, help_request_id=call.id, user_id="U7", credited_by="U1"))
                    if (year, month) == (2027, 3):
                        session.add(HelpCredit(team_id=team, help_request_id=call.id, user_id="U9",
                                               credited_by="U1"))
            session.add_all([HelpRequest(team_id=team, community_id=cid, channel_id="CCOP", asker_id="U8",
                                         question="found it", status=HelpStatus.LIBRARY.value,
                                         created_at=local(year, month, 11, 10 + k)) for k in range(library)])
            session.add_all([Lesson(team_id=team, community_id=cid, author_id="UANIM", title="t", recommendation="r",
                                    channel_id="CCOP", created_at=local(year, month, 12, 10 + k))
                             for k in range(lessons)])
        meetings = [Meeting(team_id=team, community_id=cid, starts_at=local(y, m, 20, 14), topic="m",
                            created_by="UANIM", channel_id="CCOP") for y, m in HELD]
        cancelled = Meeting(team_id=team, community_id=cid, starts_at=local(2027, 4, 20, 14), topic="x",
                            created_by="UANIM", channel_id="CCOP", status=MeetingStatus.CANCELLED)
        future = Meeting(team_id=team, community_id=cid, starts_at=local(2027, 6, 25, 14), topic="f",
                         created_by="UANIM", channel_id="CCOP")
        session.add_all([*meetings, cancelled, future])
        session.flush()
        session.add_all([Rsvp(team_id=team, meeting_id=m.id, user_id=u, answer=a) for m in meetings
                         for u, a in (("U1", "yes"), ("U2", "yes"), ("U3", "yes"), ("U4", "no"))])
        session.add_all([Rsvp(team_id=team, meeting_id=m.id, user_id="U5", answer="yes") for m in (cancelled, future)])


def report_lines(call) -> list[str]:
    return [line for b in call.args["blocks"] if b["type"] == "section" for line in b["text"]["text"].split("\n")]


@pytest.mark.slow
def test_a_year_of_activity_gives_the_hand_computed_stats_report_charts_and_csv(bot):
    with freeze_time("2027-05-20 16:00:00", tick=True):
        setup_community(bot, locale="fr-CA")  # Toronto time, French
        seed_year(bot)

    # -- The monthly report, on its own: Tuesday 1 June 2027, 9:00 in Toronto (13:00 UTC) ------------
    with freeze_time("2027-06-01 13:00:30", tick=True):
        bot.cop.runtime.due.run_due()
        bot.idle()
    reports = [c for c in bot.fake.calls_to("chat.postMessage") if "Rapport sur la valeur" in c.args.get("text", "")]
    assert sorted(c.args["channel"] for c in reports) == ["UANIM", "USPONSOR"]  # sponsors and animators only
    lines = report_lines(reports[0])
    assert reports[0].args["text"] == "Rapport sur la valeur — soins-cardiaques, mai 2027"
    # May 2027 · April 2027 · May 2026.
    #   asked: 5 (the last on 31 May 23:30, 1 June in UTC) · 4 (the last on 30 April 23:30) · 2
    #   resolved: 3 · 3 · 1
    #   active: askers U1–U5, U7 (answers), U8 (the library), UANIM (lessons) = 8 · U1–U4, U7, U8, UANIM = 7 ·
    #           U1, U2, U7, UANIM = 4
    #   lessons: 3 · 2 · 1; the library: 2 · 1 · 0
    #   hours: 3 × 450 min = 22.5 · 3 × 60 min = 3 · 60 min = 1; value at 75 $/h: 1 687,50 · 225,00 · 75,00
    assert lines[:8] == [
        "*Ce mois-ci* · mois précédent · même mois l’an dernier",
        "• Appels à tous lancés\u00a0: *5* · 4 · 2",
        "• Appels à tous résolus\u00a0: *3* · 3 · 1",
        "• Membres en activité\u00a0: *8* · 7 · 4",
        "• Leçons partagées\u00a0: *3* · 2 · 1",
        "• Aide trouvée dans la bibliothèque\u00a0: *2* · 1 · 0",
        "• Heures gagnées\u00a0: *22,5* · 3 · 1",
        "• Valeur\u00a0: *1\u00a0687,50\u00a0$* · 225,00\u00a0$ · 75,00\u00a0$",
    ]
    assert f"> «\u00a0{STORY}\u00a0»" in lines
    helpers = json.dumps(reports[0].args["blocks"], ensure_ascii=False)
    # May's three resolved calls credited one helper: sponsors and facilitators see how many, never who.
    assert "• Personnes remerciées pour leur aide\u00a0: *1* ·" in helpers and "<@U7>" not in helpers
    pngs = [v for v in bot.fake.uploads.values() if isinstance(v, bytes)]
    assert len(pngs) == 4 and all(p.startswith(b"\x89PNG\r\n\x1a\n") for p in pngs)  # two charts each
    # 800 × 400 pixels (IHDR), as drawn below.
    assert {(int.from_bytes(p[16:20], "big"), int.from_bytes(p[20:24], "big")) for p in pngs} == {(800, 400)}

    with freeze_time("2027-06-15 16:00:00", tick=True):  # Tuesday 15 June 2027, noon in Toronto
        # -- /cop bilan 365: 15 June 2026 noon → now (June 2026's calls, on the 10th, fall before) ------
        animator = command(bot, "bilan 365", user="UANIM")
        lines = animator.split("\n")
        # Members: UFOUNDER, UANIM, USPONSOR, U1–U9. Active: askers U1–U6 (March had 6), U7, U8, UANIM.
        assert "*Membres\u00a0:* 12 · en activité\u00a0: 9" in lines
        # July 2026 → June 2027: 1+0+4+5+3+2+4+3+6+4+5+2 = 39 asked, 1+0+3+4+3+1+4+2+5+3+4+1 = 31 answered,
        # 1+0+2+3+2+1+3+2+4+3+3+0 = 24 resolved: 24 / 39 = 61.5 %.
        assert "*Appels à tous\u00a0:* 39 lancés · 31 avec réponse · 24 résolus (62\u00a0%)" in lines
        assert "*Délai médian avant une première réponse\u00a0:* 3 h" in lines
        # The library: October, January, April, May (2) = 5; lessons: 1+0+2+1+0+1+2+1+1+2+3+1 = 15.
        assert "*Aide trouvée dans la bibliothèque\u00a0:* 5 · *leçons partagées\u00a0:* 15" in lines
        # Held: September, November, January, March, May (the cancelled and the coming ones don't count).
        # Their 15 "I'll come" are intentions: the stats count who was there, and nobody said so here.
        assert "*Rencontres tenues\u00a0:* 5 · 0 présence notée" in lines
        # 225 + 120 + 180 + 900 + 10 + 180 + 450 + 240 + 180 + 1350 = 3 835 min = 63.9 h; × 75 $/h = 4 793,75 $.
        assert "*Temps gagné\u00a0:* 63,9 h, soit 4\u00a0793,75\u00a0$ à 75\u00a0$ l’heure" in lines
        # Asked + lessons: 54 this year, 6 the year before (May and early June 2026: 5 + 1) → +800 %;
        # members 12 against 11 (U9 came in March) → +9 %.
        assert "*Cycle de vie\u00a0:* croissance — activité +800\u00a0%, membres +9\u00a0%" in lines
        assert f"> «\u00a0{STORY}\u00a0» — 7,5 h gagnées" in lines
        # The credits, as totals: nobody has chosen to take part in rankings yet.
        assert "*Personnes remerciées pour leur aide\u00a0:* 2 personnes · 28 remerciements" in lines
        assert "U7" not in animator
        for person in ("U7", "U9", "UANIM"):
            command(bot, "classements oui", user=person)
        ranked = command(bot, "bilan 365", user="UANIM").split("\n")
        assert "*Personnes les plus remerciées pour leur aide\u00a0:* <@U7> (24), <@U9> (4)" in ranked

        member = command(bot, "bilan 365", user="U1")
        assert "*Appels à tous\u00a0:* 39 lancés" in member
        assert "plus remerciées" not in member and "U7" not in member  # no ranking for who takes no part

        # -- /cop rapport by a member: the same report, without anyone's figures ------------------------
        before = len(bot.fake.calls_to("chat.postMessage", channel="U1"))
        command(bot, "rapport", user="U1")
        mine = bot.fake.wait_for("chat.postMessage", channel="U1", count=before + 1)[-1]
        assert report_lines(mine)[1] == "• Appels à tous lancés\u00a0: *5* · 4 · 2"
        assert "U7" not in json.dumps(mine.args["blocks"])

        # -- /cop rapport csv: every month since May 2026, as French Excel opens it --------------------------
        command(bot, "rapport csv", user="USPONSOR")
        bot.fake.wait_for("files.completeUploadExternal", count=4)
        raw = received_files(bot)["soins-cardiaques-chiffres-mensuels.csv"]
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with a BOM: Excel reads « é » as « é »
    header, *cells = open_in_excel(raw, "fr")  # « ; » between fields, « , » decimals
    assert header == ["Mois", "Membres", "Membres en activité", "Appels à tous lancés", "Appels à tous avec réponse",
                      "Appels à tous résolus", "Délai médian avant une première réponse (heures)",
                      "Aide trouvée dans la bibliothèque", "Leçons partagées", "Rencontres",
                      "Réponses aux invitations aux rencontres", "Heures gagnées", "Valeur", "Devise",
                      "Personnes ayant répondu un mois plus tard",
                      "Réponses appliquées (question posée un mois plus tard)",
                      "Réponses qui ont changé quelque chose"]
    keys = ["month", "members", "active", "asked", "answered", "resolved", "median_first_answer_hours", "library",
            "lessons", "meetings", "rsvps", "hours_saved", "value", "currency", "followed", "applied", "changed"]
    rows = [dict(zip(keys, row, strict=True)) for row in cells]
    assert [r["month"] for r in rows] == [f"{y}-{m:02d}" for y, m, *_ in YEAR]
    assert [as_number(r["asked"], "fr") for r in rows] == [asked for _, _, asked, *_ in YEAR]
    assert rows[0] == {"month": "2026-05", "members": "11", "active": "4", "asked": "2", "answered": "2",
                       "resolved": "1", "median_first_answer_hours": "3", "library": "0", "lessons": "1",
                       "meetings": "1", "rsvps": "3", "hours_saved": "1", "value": "75", "currency": "CAD",
                       "followed": "0", "applied": "0", "changed": "0"}
    assert rows[3] == {"month": "2026-08", "members": "11", "active": "0", "asked": "0", "answered": "0",
                       "resolved": "0", "median_first_answer_hours": "", "library": "0", "lessons": "0",
                       "meetings": "0", "rsvps": "0", "hours_saved": "0", "value": "0", "currency": "CAD",
                       "followed": "0", "applied": "0", "changed": "0"}
    assert rows[12] == {"month": "2027-05", "members": "12", "active": "8", "asked": "5", "answered": "4",
                        "resolved": "3", "median_first_answer_hours": "3", "library": "2", "lessons": "3",
                        "meetings": "1", "rsvps": "3", "hours_saved": "22,5", "value": "1687,5", "currency": "CAD",
                        "followed": "0", "applied": "0", "changed": "0"}
    # Every figure reads as a number in French Excel (« 22,5 », never « 22.5 », which it would take as text).
    # May 2026's hour, then the 65.92 hours the chart below adds up from June 2026 to May 2027.
    assert sum(as_number(r["hours_saved"], "fr") for r in rows) == pytest.approx(1 + 65.92, abs=0.01)
    assert sum(as_number(r["value"], "fr") for r in rows) == pytest.approx((1 + 65.92) * 75, abs=1)

    # -- What the charts of the May 2027 report draw ------------------------------------------------------
    from datetime import date

    with bot.cop.runtime.db.session() as session:
        community = session.exec(select(Community)).one()
        built = report.build(session, community, date(2027, 5, 1))
        activity_chart, saved_chart = report.chart_figures(translator("fr"), built)
    assert (activity_chart.filename, activity_chart.title) == ("soins-cardiaques-activité-2027-05.png",
                                                              "Activité des 12 derniers mois")
    assert saved_chart.filename == "soins-cardiaques-temps-gagné-2027-05.png"
    activity, saved = activity_chart.figure, saved_chart.figure
    axis = activity.axes[0]
    assert [label.get_text() for label in axis.get_xticklabels()] == [
        "juin 26", "juill. 26", "août 26", "sept. 26", "oct. 26", "nov. 26", "déc. 26", "janv. 27", "févr. 27",
        "mars 27", "avr. 27", "mai 27"]
    asked, answered, lessons = ([bar.get_height() for bar in bars] for bars in axis.containers)
    assert asked == [3, 1, 0, 4, 5, 3, 2, 4, 3, 6, 4, 5]
    assert answered == [2, 1, 0, 3, 4, 3, 1, 4, 2, 5, 3, 4]
    assert lessons == [0, 1, 0, 2, 1, 0, 1, 2, 1, 1, 2, 3]
    assert [t.get_text() for t in axis.get_legend().get_texts()] == ["Questions", "Avec réponse", "Leçons"]
    # Hours saved, month by month from June 2026: 2, 3.75, 0, 2, 3, 15, 1/6, 3, 7.5, 4, 3, 22.5.
    cumulative = [round(y, 2) for y in saved.axes[0].lines[0].get_ydata()]
    assert cumulative == [2.0, 5.75, 5.75, 7.75, 10.75, 25.75, 25.92, 28.92, 36.42, 40.42, 43.42, 65.92]
    assert saved.axes[0].get_title() == "Temps gagné, cumulé (heures)"
