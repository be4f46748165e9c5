"""Retention (issue 14, item 4): each community keeps its calls for help (and their answers),
reflections and meeting answers for as long as its founders say; older ones are deleted by a
scheduled purge, each month's figures kept first so that the value reports still add up."""

from datetime import UTC, datetime, timedelta

from sqlmodel import select

from bot.services import report, retention
from storage.models import (
    Attendance,
    Community,
    HelpAnswer,
    HelpOffer,
    HelpRequest,
    HelpStatus,
    Meeting,
    MonthlyFigures,
    Reflection,
    Rsvp,
)
from tests.test_calls_for_help import CHANNEL, setup_community
from tests.test_people import command

NOW = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)


def seed(db) -> int:
    """Four years of activity, one call a month (answered, offered on, resolved with time saved), a
    meeting with an answer every quarter, a reflection every quarter."""
    with db.session() as session:
        community = Community(team_id="T1", channel_id="C1", name="Soins", language="fr", created_by="UF",
                              created_at=NOW - timedelta(days=4 * 365), retention_months=24)
        session.add(community)
        session.flush()
        for month in range(48):
            created = NOW - timedelta(days=30 * month + 3)
            call = HelpRequest(team_id="T1", community_id=community.id, channel_id="C1", asker_id=f"U{month}",
                               question=f"q{month}", status=HelpStatus.RESOLVED.value, created_at=created,
                               first_answer_at=created + timedelta(hours=2), resolved_at=created + timedelta(days=1),
                               time_saved_minutes=60, resolved_by=f"U{month}")
            session.add(call)
            session.flush()
            session.add_all([HelpOffer(team_id="T1", help_request_id=call.id, user_id="UH", source="button",
                                       created_at=created),
                             HelpAnswer(team_id="T1", help_request_id=call.id, user_id="UH", message_ts=f"{month}.1",
                                        created_at=created + timedelta(hours=2))])
            if month % 3 == 0:
                meeting = Meeting(team_id="T1", community_id=community.id, starts_at=created, topic="t",
                                  channel_id="C1", created_by="UF", status="held")
                session.add(meeting)
                session.flush()
                session.add(Rsvp(team_id="T1", meeting_id=meeting.id, user_id="UH", answer="yes", updated_at=created))
                session.add(Attendance(team_id="T1", meeting_id=meeting.id, user_id="UH", created_at=created))
                session.add(Reflection(team_id="T1", community_id=community.id, user_id="UH", quarter=f"q{month}",
                                       got="x", answered_at=created))
        return community.id


def test_the_purge_deletes_what_is_past_the_retention_and_the_reports_still_add_up(migrated_db):
    db = migrated_db
    community_id = seed(db)
    with db.reading() as session:
        community = session.get(Community, community_id)
        before_csv = report.monthly_csv(session, community, NOW.date())
        before_report = report.build(session, community, report.month_start(NOW.date(), 25))
    with db.session() as session:
        purged = retention.purge(session, session.get(Community, community_id), NOW)
    assert purged.calls > 20 and purged.reflections > 5 and purged.rsvps > 5 and purged.months_kept > 20
    assert purged.attendance == purged.rsvps  # who was there goes with the answers
    cutoff, _ = report.bounds(community, retention.cutoff_month(community, NOW))
    with db.reading() as session:
        calls = session.exec(select(HelpRequest)).all()
        assert calls and all(c.created_at >= cutoff for c in calls)  # only what the 24 months cover
        assert all(o.created_at >= cutoff for o in session.exec(select(HelpOffer)))  # offers went with them
        assert all(a.created_at >= cutoff for a in session.exec(select(HelpAnswer)))
        assert all(r.answered_at >= cutoff for r in session.exec(select(Reflection)))
        assert all(r.updated_at >= cutoff for r in session.exec(select(Rsvp)))
        assert all(a.created_at >= cutoff for a in session.exec(select(Attendance)))
        community = session.get(Community, community_id)
        # The CSV of every month since the community began is the same, figure for figure.
        assert report.monthly_csv(session, community, NOW.date()) == before_csv
        after = report.build(session, community, report.month_start(NOW.date(), 25))
        assert (after.current.asked, after.current.minutes_saved, after.previous.resolved) == \
            (before_report.current.asked, before_report.current.minutes_saved, before_report.previous.resolved)
        kept = len(session.exec(select(MonthlyFigures)).all())
    # Again: nothing more to keep or delete.
    with db.session() as session:
        again = retention.purge(session, session.get(Community, community_id), NOW)
    assert (again.months_kept, again.calls, again.reflections, again.rsvps) == (0, 0, 0, 0)
    with db.reading() as session:
        assert len(session.exec(select(MonthlyFigures)).all()) == kept


def test_only_founders_set_the_retention_within_bounds(bot):
    setup_community(bot)
    command(bot, "role <@UANIM> animator", user="UFOUNDER")
    assert "Only the community's founders" in command(bot, "settings retention 12m", user="UANIM")
    assert "from 3 to 120" in command(bot, "settings retention 1m", user="UFOUNDER")
    assert "from 3 to 120" in command(bot, "settings retention forever", user="UFOUNDER")
    done = command(bot, "settings retention 2y", user="UFOUNDER")
    assert "Done." in done and "kept 24 months" in done
    with bot.cop.runtime.db.reading() as session:
        assert session.exec(select(Community).where(Community.channel_id == CHANNEL)).one().retention_months == 24
    assert "kept 18 months" in command(bot, "réglages conservation 18 mois", user="UFOUNDER")


def test_months_are_read_as_people_type_them():
    assert [retention.parse_months(v) for v in ("24m", "24", "24 mois", "2y", "2 ans", "3a", "120", "121", "2",
                                                "", "x", "10000y")] == \
        [24, 24, 24, 24, 24, 36, 120, None, None, None, None, None]
