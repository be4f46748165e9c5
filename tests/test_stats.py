"""/cop stats through the real Slack protocol, on activity seeded with known dates; every
figure below is computed by hand from the seed."""

import json
from datetime import timedelta

import pytest
from sqlmodel import select

from bot.services import stats
from storage import communities, memberships
from storage.models import (
    Attendance,
    Community,
    HelpAnswer,
    HelpCredit,
    HelpRequest,
    HelpStatus,
    Lesson,
    Meeting,
    MeetingStatus,
    Role,
    Rsvp,
)
from storage.types import utcnow
from tests.spreadsheet import open_in_excel, received_files
from tests.test_calls_for_help import setup_community
from tests.test_people import command


def seed(bot):
    now = utcnow()
    days = lambda n: now - timedelta(days=n)  # noqa: E731
    with bot.cop.runtime.db.session() as session:
        community = session.exec(select(Community)).one()
        cid, team = community.id, community.team_id
        communities.assign_role(session=session, team_id=team, community_id=cid, user_id="UANIM",
                                role=Role.ANIMATOR, assigned_by="UFOUNDER")
        memberships.add_existing_members(session=session, team_id=team, community_id=cid,
                                         user_ids=["U1", "U2", "U3", "U4"])

        def call(asker, created, status, answered_after=None, resolved=None, minutes=None):
            row = HelpRequest(team_id=team, community_id=cid, channel_id="CCOP", asker_id=asker, question="q",
                              status=status.value, created_at=created, time_saved_minutes=minutes,
                              first_answer_at=created + answered_after if answered_after else None,
                              resolved_at=resolved)
            session.add(row)
            session.flush()
            return row

        c1 = call("U1", days(10), HelpStatus.RESOLVED, timedelta(hours=2), days(9), 60)
        c2 = call("U2", days(20), HelpStatus.RESOLVED, timedelta(hours=4), days(19), 225)
        call("U3", days(30), HelpStatus.OPEN, timedelta(hours=6))
        call("U1", days(40), HelpStatus.OPEN)
        call("U9", days(200), HelpStatus.RESOLVED, timedelta(hours=1), days(199), 450)  # before the period
        call("U4", days(5), HelpStatus.LIBRARY)  # the library answered it: nothing was posted
        session.add_all([HelpAnswer(team_id=team, help_request_id=c1.id, user_id="U5", message_ts="1.1",
                                    created_at=days(10) + timedelta(hours=2)),
                         HelpAnswer(team_id=team, help_request_id=c2.id, user_id="U6", message_ts="1.2",
                                    created_at=days(20) + timedelta(hours=4)),
                         HelpCredit(team_id=team, help_request_id=c1.id, user_id="U5", credited_by="U1"),
                         HelpCredit(team_id=team, help_request_id=c1.id, user_id="U6", credited_by="U1"),
                         HelpCredit(team_id=team, help_request_id=c2.id, user_id="U5", credited_by="U2")])
        for created in (days(3), days(60), days(100)):
            session.add(Lesson(team_id=team, community_id=cid, author_id="UANIM", title="t", recommendation="r",
                               channel_id="CCOP", created_at=created))
        held = Meeting(team_id=team, community_id=cid, starts_at=days(15), topic="m", created_by="UANIM",
                       channel_id="CCOP")
        cancelled = Meeting(team_id=team, community_id=cid, starts_at=days(5), topic="x", created_by="UANIM",
                            channel_id="CCOP", status=MeetingStatus.CANCELLED)
        future = Meeting(team_id=team, community_id=cid, starts_at=now + timedelta(days=5), topic="f",
                         created_by="UANIM", channel_id="CCOP")
        session.add_all([held, cancelled, future])
        session.flush()
        session.add_all([Rsvp(team_id=team, meeting_id=held.id, user_id=u, answer=a)
                         for u, a in (("U1", "yes"), ("U2", "yes"), ("U3", "no"))] +
                        [Rsvp(team_id=team, meeting_id=m.id, user_id="U4", answer="yes") for m in (cancelled, future)] +
                        [Attendance(team_id=team, meeting_id=m.id, user_id=u) for m, u in (
                            (held, "U1"), (held, "U3"), (held, "U5"), (cancelled, "U4"))])


def test_stats_show_the_period_figures_and_value_and_helper_rankings_only_to_those_who_opted_in(bot):
    setup_community(bot)
    seed(bot)
    member = command(bot, "stats", user="U1")
    # Active in 90 days: askers U1, U2, U3 and U4 (the library answered U4; U1 and U2 credited
    # helpers; U1–U4 answered meeting invitations), answerers U5, U6, UANIM (lessons, meetings).
    # Members: UFOUNDER, UANIM (roles), U1–U4 (channel), and U5, U6, who contributed: active people
    # are members, so active never exceeds members (it once said 6 members, 7 active).
    assert "*Members:* 8 · active: 7" in member
    # Asked in 90 days: c1–c4 (c5 is 200 days old; the library one was never posted); answered: c1,
    # c2, c3; resolved: c1, c2 → 50 %. First answers after 2, 4 and 6 hours: median 4 h.
    assert "*Calls for help:* 4 asked · 3 answered · 2 resolved (50%)" in member
    assert "*Median time to a first answer:* 4 h" in member
    assert "*Help found in the library:* 1 · *lessons shared:* 2" in member
    # The meeting 15 days ago (2 yes, 3 there: attendance counts, not the answers); the cancelled and the
    # future ones do not count.
    assert "*Meetings held:* 1 · 3 attendances recorded" in member
    # 60 + 225 minutes = 4.75 h at 75 CAD an hour = 356.25 CAD.
    assert "*Time saved:* 4.8 h, worth $356.25 at $75/h" in member
    # Activity (asked + lessons): 6 now, 1 in the 90 days before (the 100-day-old lesson): growth.
    assert "*Life cycle:* growth — activity +500%, members +100%" in member
    # Credits: U5 twice, U6 once. Everyone sees the totals; nobody is named, as nobody opted in.
    assert "*Helpers credited by askers:* 2 people · 3 credits" in member and "U5" not in member
    assert "ranking of helpers is for those who take part in it: `/cop rankings on`." in member
    for steward in ("UANIM", "UFOUNDER"):  # facilitators and founders too: rankings are opt-in
        assert "<@U5>" not in command(bot, "bilan 90", user=steward)
    helper = command(bot, "stats", user="U5")
    assert "*You:* credited 2 times in this period" in helper and "Most credited" not in helper
    # Those who take part see the ranking of those who take part.
    command(bot, "rankings on", user="U5")
    assert "*Most credited helpers:* <@U5> (2)\n" in command(bot, "stats", user="U5") + "\n"
    command(bot, "classements oui", user="U6")
    assert "*Most credited helpers:* <@U5> (2), <@U6> (1)" in command(bot, "stats", user="U6")
    assert "<@U5>" not in command(bot, "stats", user="UANIM")
    command(bot, "rankings off", user="U6")
    assert "*Most credited helpers:* <@U5> (2)\n" in command(bot, "stats", user="U5") + "\n"


def test_stats_speak_french_and_respect_the_hourly_rate(bot):
    setup_community(bot, locale="fr-CA")
    seed(bot)
    with bot.cop.runtime.db.session() as session:
        community = session.exec(select(Community)).one()
        community.hourly_rate = 100
    text = command(bot, "bilan 30", user="UANIM")
    # 30 days: c1 and c2 only (c3 is 30 days old to the second, c4 40); 285 min = 4,75 h à 100 $/h.
    assert "*Appels à tous\u00a0:* 2 lancés · 2 avec réponse · 2 résolus (100\u00a0%)" in text
    assert "*Temps gagné\u00a0:* 4,8 h, soit 475,00\u00a0$ à 100\u00a0$ l’heure" in text  # non-breaking spaces before $
    assert "*Cycle de vie\u00a0:*" in text


def test_figures_on_both_databases(migrated_db):
    """The same queries on SQLite and PostgreSQL (the Slack-level tests above run on SQLite)."""


    now = utcnow()
    with migrated_db.session() as session:
        community, _ = communities.create_community(session=session, team_id="T1", channel_id="C1", name="c",
                                                    language="en", timezone="UTC", created_by="U1")
        for n, (status, minutes) in enumerate(((HelpStatus.RESOLVED, 60), (HelpStatus.OPEN, None))):
            session.add(HelpRequest(team_id="T1", community_id=community.id, channel_id="C1", asker_id=f"U{n}",
                                    question="q", status=status.value, created_at=now - timedelta(days=2),
                                    first_answer_at=now - timedelta(days=2, hours=-3 - 2 * n),  # 3 h, 5 h
                                    time_saved_minutes=minutes,
                                    resolved_at=now - timedelta(days=1) if minutes else None))
        session.add(Meeting(team_id="T1", community_id=community.id, starts_at=now - timedelta(days=3), topic="m",
                            created_by="U1", channel_id="C1"))
        other, _ = communities.create_community(session=session, team_id="T2", channel_id="C1", name="c",
                                                language="en", timezone="UTC", created_by="U1")
        session.add(HelpRequest(team_id="T2", community_id=other.id, channel_id="C1", asker_id="U9", question="q",
                                status=HelpStatus.OPEN.value, created_at=now - timedelta(days=2)))
    with migrated_db.session() as session:
        community = communities.community_for_channel(session=session, team_id="T1", channel_id="C1")
        found = stats.figures(session, community, start=now - timedelta(days=7), end=now, viewer="U1")
    assert (found.asked, found.answered, found.resolved, found.minutes_saved, found.meetings) == (2, 2, 1, 60, 1)
    assert found.median_first_answer_hours == 4 and found.value == 75 and found.top_helpers is None  # (3 + 5) / 2


def test_half_a_day_saved_invites_a_value_story_that_appears_in_the_figures(bot):
    from tests.test_calls_for_help import ask

    setup_community(bot)
    command(bot, "settings rate 90 CAD", user="UFOUNDER")
    post = ask(bot, "Who has a night-shift onboarding checklist?")
    bot.click("cop_help_resolve", post.args["blocks"][-1]["elements"][1]["value"], user="UASKER")
    prompt = [c for c in bot.fake.wait_for("chat.postMessage", channel="UASKER")
              if "How much time" in c.args["text"]][0]
    choices = {e["value"].split(":")[1]: e for e in prompt.args["blocks"][1]["elements"]}
    replies = len(bot.fake.calls_to("response_url"))
    bot.click(choices["about_1_hour"]["action_id"], choices["about_1_hour"]["value"], user="UASKER", channel="DASKER")
    thanks = bot.fake.wait_for("response_url", count=replies + 1)[-1].args
    assert "Recorded: about an hour" in thanks["text"] and "Tell the story" not in str(thanks)  # no story asked
    assert bot.fake.calls_to("views.open") == []
    # Half a day: the same click opens the story form; no further message asks for it.
    bot.click(choices["half_day"]["action_id"], choices["half_day"]["value"], user="UASKER", channel="DASKER")
    thanks = bot.fake.wait_for("response_url", count=replies + 2)[-1].args
    assert "Recorded: half a day" in thanks["text"] and "Tell the story" not in str(thanks)
    modal = bot.fake.wait_for("views.open")[0].args["view"]
    assert "That is a lot of time." in str(modal["blocks"])
    status, body = bot.submit_view("cop_value_story_modal", {"story": "We opened the night clinic a month early."},
                                   user="UASKER", private_metadata=modal["private_metadata"])
    assert status == 200 and body == ""
    # Someone else cannot write the asker's story.
    bot.submit_view("cop_value_story_modal", {"story": "Forged."}, user="UOTHER",
                    private_metadata=modal["private_metadata"])
    figures = command(bot, "stats 7", user="UMEMBER")
    assert "> “We opened the night clinic a month early.” — 3.8 h saved" in figures  # 225 minutes
    assert "worth $337.50 at $90/h" in figures and "Forged" not in figures


def test_the_monthly_report_comes_by_dm_with_real_charts_and_a_csv(bot):
    setup_community(bot, locale="fr-CA")
    seed(bot)
    answer = command(bot, "rapport", user="UANIM")
    assert "envoyé en message direct" in answer
    dm = bot.fake.wait_for("chat.postMessage", channel="UANIM", count=1)[-1]
    assert "Rapport sur la valeur — soins-cardiaques" in dm.args["text"]
    text = json.dumps(dm.args["blocks"], ensure_ascii=False)
    # Last month, in Toronto time: which of the calls seeded 10, 20, 30 and 40 days ago fall in it.
    from zoneinfo import ZoneInfo

    today = utcnow().astimezone(ZoneInfo("America/Toronto")).date()
    last_month = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
    asked = sum(1 for n in (10, 20, 30, 40)
                if (utcnow() - timedelta(days=n)).astimezone(ZoneInfo("America/Toronto")).date().replace(day=1)
                == last_month)
    assert "*Ce mois-ci* · mois précédent · même mois l’an dernier" in text
    assert f"Appels à tous lancés\u00a0: *{asked}*" in text
    [charts] = bot.fake.wait_for("files.completeUploadExternal")
    # The charts' titles and file names in the community's language, named for the month they report.
    month = last_month.strftime("%Y-%m")
    assert [f["title"] for f in charts.args["files"]] == ["Activité des 12 derniers mois",
                                                          "Temps gagné, cumulé (heures)"]
    files = received_files(bot)
    assert sorted(files) == [f"soins-cardiaques-activité-{month}.png", f"soins-cardiaques-temps-gagné-{month}.png"]
    assert all(png.startswith(b"\x89PNG\r\n\x1a\n") for png in files.values())

    command(bot, "rapport csv", user="U1")
    table = bot.fake.wait_for("files.completeUploadExternal", count=2)[-1]
    assert [f["title"] for f in table.args["files"]] == ["Chiffres mois par mois (CSV)"]
    rows = open_in_excel(received_files(bot)["soins-cardiaques-chiffres-mensuels.csv"], "fr")
    assert rows[0][:6] == ["Mois", "Membres", "Membres en activité", "Appels à tous lancés",
                           "Appels à tous avec réponse", "Appels à tous résolus"]
    assert rows[-1][0] == utcnow().astimezone(ZoneInfo("America/Toronto")).strftime("%Y-%m")  # one row a month


def test_report_charts_have_twelve_months_in_the_community_language_and_the_report_is_planned():
    from datetime import date

    from bot.i18n import translator
    from bot.services import report

    history = [(report.month_start(date(2027, 5, 1), n), None) for n in range(11, -1, -1)]
    fake = report.Report(community=None, month=history[-1][0], current=None, previous=None, last_year=None,
                         history=history)
    assert report.chart_labels(translator("fr"), fake)[:2] == ["juin 26", "juill. 26"]
    assert report.chart_labels(translator("en"), fake)[-1] == "May 27"
    assert len(report.chart_labels(translator("en"), fake)) == 12


def test_the_monthly_report_is_planned_for_the_first_working_day_at_nine(migrated_db):
    from datetime import UTC, datetime
    from zoneinfo import ZoneInfo

    from bot.services import report
    from storage import due

    with migrated_db.session() as session:
        community, _ = communities.create_community(session=session, team_id="T1", channel_id="C1", name="c",
                                                    language="fr", timezone="America/Montreal", created_by="U1")
        report.plan_monthly(session, community, after=datetime(2027, 5, 15, 12, tzinfo=UTC))
        report.plan_monthly(session, community, after=datetime(2027, 7, 15, 12, tzinfo=UTC))
        planned = [i.due_at.astimezone(ZoneInfo("America/Montreal")).isoformat(timespec="minutes")
                   for i in due.items(session=session, team_id="T1", kind=report.MONTHLY_REPORT)]
    # 1 June 2027 is a Tuesday; 1 August 2027 a Sunday, so Monday the 2nd.
    assert planned == ["2027-06-01T09:00-04:00", "2027-08-02T09:00-04:00"]


@pytest.mark.parametrize(("timezone", "after", "expected"), [
    ("America/Toronto", "2026-12-10", "2027-01-04T09:00-05:00"),  # Friday 1 January: New Year's Day, then a weekend
    ("America/Montreal", "2027-06-10", "2027-07-02T09:00-04:00"),  # Thursday 1 July: Canada Day
    ("America/Montreal", "2031-08-10", "2031-09-02T09:00-04:00"),  # Monday 1 September 2031: Labour Day
    ("Europe/Paris", "2028-04-10", "2028-05-02T09:00+02:00"),  # Monday 1 May 2028: fête du Travail
    ("America/New_York", "2027-06-10", "2027-07-01T09:00-04:00"),  # 1 July is no holiday in the US
])
def test_the_monthly_report_skips_the_public_holidays_of_the_community_s_country(migrated_db, timezone, after,
                                                                                expected):
    from datetime import UTC, datetime
    from zoneinfo import ZoneInfo

    from bot.services import report
    from storage import due

    with migrated_db.session() as session:
        community, _ = communities.create_community(session=session, team_id="T1", channel_id="C1", name="c",
                                                    language="fr", timezone=timezone, created_by="U1")
        report.plan_monthly(session, community, after=datetime.fromisoformat(after).replace(hour=12, tzinfo=UTC))
        [planned] = due.items(session=session, team_id="T1", kind=report.MONTHLY_REPORT)
    assert planned.due_at.astimezone(ZoneInfo(timezone)).isoformat(timespec="minutes") == expected


@pytest.mark.parametrize(("activity", "lessons", "resolved", "stage", "change"), [
    # Activity (calls asked + lessons) in the last 90 days, the 90 before, the 90 before that.
    ((10, 10, 10), 1, 6, "maturity", 0.0),  # steady, lessons shared, 6 of 9 calls resolved (≥ 60 %)
    ((10, 10, 10), 1, 5, "stabilisation", 0.0),  # steady, 5 of 9 resolved
    ((3, 10, 10), 0, 0, "slowdown", -0.7),  # 3 against 10
    ((10, 4, 10), 0, 0, "renewal", 1.5),  # back up (+150 %) after a fall (−60 %)
    ((10, 5, 5), 0, 0, "growth", 1.0),  # +100 % after a steady period
])
def test_the_life_cycle_stage_follows_activity_over_three_periods(migrated_db, activity, lessons, resolved, stage,
                                                                   change):


    now = utcnow()
    with migrated_db.session() as session:
        community, _ = communities.create_community(session=session, team_id="T1", channel_id="C1", name="c",
                                                    language="en", timezone="UTC", created_by="U1")
        for period, count in enumerate(activity):
            middle = now - timedelta(days=45 + 90 * period)
            calls = count - (lessons if period == 0 else 0)
            for n in range(calls):
                done = period == 0 and n < resolved
                session.add(HelpRequest(team_id="T1", community_id=community.id, channel_id="C1", asker_id="U2",
                                        question="q", created_at=middle + timedelta(minutes=n),
                                        status=(HelpStatus.RESOLVED if done else HelpStatus.OPEN).value,
                                        resolved_at=middle + timedelta(hours=1) if done else None))
        session.add_all([Lesson(team_id="T1", community_id=community.id, author_id="U3", title="t",
                                recommendation="r", channel_id="C1", created_at=now - timedelta(days=10))
                         for _ in range(lessons)])
    with migrated_db.session() as session:
        community = communities.community_for_channel(session=session, team_id="T1", channel_id="C1")
        found = stats.figures(session, community, start=now - timedelta(days=90), end=now)
    assert found.stage == stage
    assert found.signals == [("activity", pytest.approx(change)), ("members", 0.0)]


def test_every_contribution_makes_a_member_active_and_only_silence_counts_as_quiet(migrated_db):
    """Active (in /cop stats, the report) and quiet (the digest's count) are one definition: whatever
    contribution the bot sees — not only asks, offers, answers and lessons."""
    from storage import stats as store
    from storage.models import Expertise, GlossaryEntry, HelpOffer, Membership, Reflection

    now = utcnow()
    long_ago, recently = now - timedelta(days=400), now - timedelta(days=5)
    contributions = {  # who → what they did recently
        "UREVIEW": "reviewed a lesson", "URSVP": "answered a meeting invitation", "UREFLECT": "answered the reflection",
        "UREACT": "offered with ✋", "UTHREAD": "answered in the thread", "UCREDIT": "credited a helper",
        "URESOLVE": "resolved a call", "UAPPLIED": "said they applied an answer", "UGLOSS": "added to the glossary",
        "UDECLARE": "declared a topic", "UMENTOR": "welcomed a newcomer", "UMEET": "planned a meeting",
    }
    with migrated_db.session() as session:
        community, _ = communities.create_community(session=session, team_id="T1", channel_id="C1", name="c",
                                                    language="en", timezone="UTC", created_by="UFOUNDER")
        key = {"team_id": "T1", "community_id": community.id}
        memberships.add_existing_members(session=session, user_ids=[*contributions, "USILENT"], **key)
        for row in session.exec(select(Membership)):
            row.joined_at = long_ago
        call = HelpRequest(channel_id="C1", asker_id="UASKER", question="q", status=HelpStatus.RESOLVED.value,
                           created_at=long_ago, resolved_by="URESOLVE", resolved_at=recently, **key)
        other = HelpRequest(channel_id="C1", asker_id="UAPPLIED", question="q", status=HelpStatus.RESOLVED.value,
                            created_at=long_ago, applied="yes", applied_at=recently, **key)
        session.add_all([call, other])
        session.flush()
        lesson = Lesson(author_id="UASKER", title="t", recommendation="r", channel_id="C1", created_at=long_ago,
                        reviewed_by="UREVIEW", reviewed_at=recently, **key)
        meeting = Meeting(starts_at=now, topic="m", created_by="UMEET", channel_id="C1", created_at=recently, **key)
        session.add_all([lesson, meeting])
        session.flush()
        session.add_all([
            Rsvp(team_id="T1", meeting_id=meeting.id, user_id="URSVP", answer="yes", updated_at=recently),
            Reflection(user_id="UREFLECT", quarter="2027-Q1", change="more", answered_at=recently, **key),
            HelpOffer(team_id="T1", help_request_id=call.id, user_id="UREACT", source="reaction", created_at=recently),
            HelpAnswer(team_id="T1", help_request_id=call.id, user_id="UTHREAD", message_ts="1.1", created_at=recently),
            HelpCredit(team_id="T1", help_request_id=call.id, user_id="UTHREAD", credited_by="UCREDIT",
                       created_at=recently),
            GlossaryEntry(terms="a = b", created_by="UGLOSS", created_at=recently, **key),
            Expertise(user_id="UDECLARE", topic="triage", created_at=recently, **key),
            Membership(user_id="UNEW", joined_at=recently, mentor_id="UMENTOR", mentor_acted_at=recently, **key),
        ])
        # Another community's and another workspace's activity count for neither.
        session.add(Reflection(team_id="T2", community_id=community.id, user_id="USILENT", quarter="2027-Q1",
                               answered_at=recently))
    with migrated_db.session() as session:
        active = store.active_people(session=session, start=now - timedelta(days=60), end=now, **key)
        assert active == set(contributions)
        # Known 60 days ago: the channel's members (the newcomer came later); silent since: one.
        assert store.quiet_count(session=session, since=now - timedelta(days=60), now=now, **key) == 1
        community = communities.community_for_channel(session=session, team_id="T1", channel_id="C1")
        found = stats.figures(session, community, start=now - timedelta(days=60), end=now)
    assert found.active == len(contributions) <= found.members
