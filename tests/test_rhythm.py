"""A simulated year of a community's life on the scheduler: meetings planned, repeated, moved
and cancelled; follow-ups and digests at the right local times across daylight-saving
changes; a restart in the middle; and two workers at once on the same database.

Services are called directly (as the handlers would); what the bot says goes through the
real WebClient to the fake Web API; time is frozen and moved from one due moment to the
next, exactly as the scheduler's ticks would find them.
"""

import threading
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from freezegun import freeze_time
from sqlalchemy import func
from sqlmodel import select

from bot.app import make_deliverer, make_due_runner
from bot.notifier import Notifier, make_client
from bot.services import communities, help_requests, meetings, newcomers, people
from bot.services.meetings import MeetingDraft
from storage import communities as community_store
from storage.models import DueItem, DueStatus, OutboxMessage, OutboxStatus, Role
from storage.types import utcnow

MONTREAL = ZoneInfo("America/Montreal")
CHANNEL = "CCOP"


@dataclass
class Said:
    at: datetime  # when the bot said it (UTC)
    channel: str
    text: str

    @property
    def local(self) -> datetime:
        return self.at.astimezone(MONTREAL)


class World:
    """One bot process: its deliverer and due-runner (a restart makes new ones)."""

    def __init__(self, db, fake):
        self.db, self.fake = db, fake
        self.said: list[Said] = []
        self._seen = 0
        self.start()

    def start(self):
        self.notifier = Notifier(make_client("xoxb-test-token", self.fake.api_url))
        self.deliverer = make_deliverer(self.db, self.notifier)
        self.runner = make_due_runner(self.db, self.deliverer)

    def founder(self) -> dict:
        """What the handler asks Slack before setting up a community: the founder's language and
        time zone; and the bot joins the channel."""
        person = people.person(self.db, self.notifier, team_id="T0001", user_id="UFOUNDER")
        self.notifier.join_channel(CHANNEL)
        return {"locale": person.locale, "timezone": person.timezone}

    def record(self):
        calls = self.fake.calls_to("chat.postMessage")
        for call in calls[self._seen:]:
            self.said.append(Said(utcnow(), call.args["channel"], call.args.get("text", "")))
        self._seen = len(calls)

    def deliver(self, ids):
        self.deliverer.deliver(ids)
        self.record()

    def next_due(self) -> datetime | None:
        with self.db.session() as session:
            items = session.exec(select(func.min(DueItem.due_at)).where(DueItem.status == DueStatus.PENDING)).one()
            owed = session.exec(select(func.min(OutboxMessage.due_at)).where(
                OutboxMessage.status == OutboxStatus.PENDING)).one()
        found = [x for x in (items, owed) if x is not None]
        return min(found) if found else None

    def run_until(self, freezer, end: datetime):
        """Every tick the scheduler would make until ``end``, jumping from one due moment to the next."""
        while True:
            due = self.next_due()
            if due is None or due > end:
                freezer.move_to(end)
                return
            freezer.move_to(max(due, utcnow()))
            self.runner.run_due()
            self.deliverer.deliver_due()
            self.record()

    def to(self, channel: str, containing: str = "") -> list[Said]:
        return [s for s in self.said if s.channel == channel and containing in s.text]


def local(day: str, at: str) -> datetime:
    return datetime.combine(date.fromisoformat(day), time.fromisoformat(at), tzinfo=MONTREAL).astimezone(UTC)


def draft(day: str, at: str, topic: str, **kwargs) -> MeetingDraft:
    return MeetingDraft(day=date.fromisoformat(day), at=time.fromisoformat(at), topic=topic, **kwargs)


@pytest.fixture
def world(migrated_db, fake_slack):
    fake_slack.timezones["UFOUNDER"] = "America/Montreal"
    fake_slack.locales["UFOUNDER"] = "fr-CA"
    return World(migrated_db, fake_slack)


def _plan(world, **kwargs):
    with world.db.session() as session:
        result = meetings.plan(session, team_id="T0001", channel_id=CHANNEL, user_id="UFOUNDER", **kwargs)
    assert result.outcome == meetings.MeetingOutcome.DONE, result.outcome
    world.deliver(result.outbox_ids)
    return result.meeting.id


@pytest.mark.slow
def test_a_year_of_meetings_follow_ups_and_digests_at_the_right_local_times(world):
    with freeze_time("2027-01-04 15:00:00") as freezer:  # Monday 10:00 in Montréal
        founder = world.founder()  # asked of Slack before the transaction, as the handler does
        with world.db.session() as session:
            setup = communities.set_up_community(session, team_id="T0001", channel_id=CHANNEL,
                                                 channel_name="soins", user_id="UFOUNDER", **founder)
            community_id = setup.community.id
            for user, role in (("UANIM", Role.ANIMATOR), ("UREP", Role.REPORTER)):
                community_store.assign_role(session=session, team_id="T0001", community_id=community_id,
                                            user_id=user, role=role, assigned_by="UFOUNDER")
        assert setup.community.timezone == "America/Montreal"
        _plan(world, draft=draft("2027-01-21", "14:00", "Cercle mensuel", speaker_id="USPEAK", repeat="monthly"))
        _plan(world, draft=draft("2027-03-18", "14:00", "Après l'heure avancée"))
        moved = _plan(world, draft=draft("2027-05-06", "10:00", "Rencontre déplacée"))
        cancelled = _plan(world, draft=draft("2027-06-10", "10:00", "Rencontre annulée"))

        # Friday 17:00, two days before daylight-saving time starts (March 14): a call nobody answers.
        world.run_until(freezer, local("2027-03-12", "17:00"))
        with world.db.session() as session:
            asked = help_requests.ask(session, team_id="T0001", channel_id=CHANNEL, asker_id="UASKER",
                                      question="Quel pansement pour une plaie de pression? #plaies")
        world.deliver(asked.outbox_ids)

        world.run_until(freezer, local("2027-04-20", "09:00"))
        with world.db.session() as session:
            result = meetings.move(session, team_id="T0001", user_id="UFOUNDER", meeting_id=moved,
                                   draft=draft("2027-05-13", "10:00", "Rencontre déplacée"))
        world.deliver(result.outbox_ids)
        world.run_until(freezer, local("2027-06-01", "09:00"))
        with world.db.session() as session:
            result = meetings.cancel(session, team_id="T0001", user_id="UFOUNDER", meeting_id=cancelled)
        world.deliver(result.outbox_ids)

        world.run_until(freezer, local("2027-07-01", "12:00"))
        world.start()  # a restart: new process objects, the same database

        # Wednesday 1 September: a peer offers, nobody marks it resolved.
        world.run_until(freezer, local("2027-09-01", "10:00"))
        with world.db.session() as session:
            offered = help_requests.ask(session, team_id="T0001", channel_id=CHANNEL, asker_id="UASKER2",
                                        question="Quelle échelle de douleur en gériatrie? #douleur")
        world.deliver(offered.outbox_ids)
        with world.db.session() as session:
            offer = help_requests.offer(session, team_id="T0001", user_id="UHELP", source="button",
                                        help_request_id=offered.help_request_id)
        world.deliver(offer.outbox_ids)
        # Tuesday 5 October: a newcomer; the mentor (an animator: there is no sponsor) does nothing.
        world.run_until(freezer, local("2027-10-05", "10:00"))
        with world.db.session() as session:
            joined = newcomers.member_joined(session, team_id="T0001", channel_id=CHANNEL, user_id="UNEW",
                                             is_bot=False)
        world.deliver(joined.outbox_ids)
        world.run_until(freezer, local("2027-12-31", "23:00"))

    # The Monday digest: every Monday of the year at 8:30 Montréal time, standard or daylight time.
    # The Monday digest: at 8:30 Montréal time, standard or daylight time — on the Mondays with news only
    # (the first one, the call asked on 12 March, each month's circle once held…).
    digests = world.to("UANIM", "Votre semaine")
    mondays = [d for d in (date(2027, 1, 11) + timedelta(weeks=n) for n in range(60)) if d.year == 2027]
    days = [d.local.date() for d in digests]
    assert days[0] == date(2027, 1, 11) and date(2027, 3, 15) in days and set(days) < set(mondays)
    assert {(d.local.hour, d.local.minute) for d in digests} == {(8, 30)}

    # The monthly circle: announced each month, nudged a week and a day before at 14:00 and at the start.
    cards = [s for s in world.to(CHANNEL, "Cercle mensuel") if "Rencontre" in s.text and "Rappel" not in s.text
             and "commence" not in s.text]
    assert len(cards) == 13  # the twelve of 2027, and January's announced at December's
    week_before = [s for s in world.to(CHANNEL, "Rappel\u00a0: la rencontre «\u00a0Cercle mensuel\u00a0»")]
    assert len(week_before) == 24  # 7 days and 1 day before, twelve times
    assert {(s.local.hour, s.local.minute) for s in week_before} == {(14, 0)}
    starts = world.to(CHANNEL, "«\u00a0Cercle mensuel\u00a0» commence maintenant")
    assert [s.local.date() for s in starts][:4] == [date(2027, 1, 21), date(2027, 2, 18), date(2027, 3, 18),
                                                    date(2027, 4, 15)]  # every third Thursday
    assert len(starts) == 12 and {(s.local.weekday(), s.local.hour) for s in starts} == {(3, 14)}
    assert len(world.to("USPEAK", "vous êtes la personne invitée")) == 1  # the first occurrence's guest only

    # Across the change to daylight time: 14:00 stays 14:00.
    around = world.to(CHANNEL, "Après l'heure avancée")
    assert [(s.local.date().isoformat(), s.local.hour, s.text.split(" a lieu ")[-1][:6])
            for s in around if "Rappel" in s.text] == [("2027-03-11", 14, "dans 7"), ("2027-03-17", 14, "dans 1")]
    assert [(s.local.date().isoformat(), s.local.hour) for s in around if "commence" in s.text] == [
        ("2027-03-18", 14)]

    # The moved meeting is nudged at its new time only; the cancelled one never again.
    moved_nudges = [s for s in world.to(CHANNEL, "Rencontre déplacée") if "Rappel" in s.text or "commence" in s.text]
    assert [s.local.date().isoformat() for s in moved_nudges] == ["2027-05-06", "2027-05-12", "2027-05-13"]
    assert len(world.to(CHANNEL, "«\u00a0Rencontre déplacée\u00a0» est déplacée")) == 1
    assert not [s for s in world.to(CHANNEL, "Rencontre annulée") if "Rappel" in s.text or "commence" in s.text]
    assert len(world.to(CHANNEL, "«\u00a0Rencontre annulée\u00a0» du")) == 1  # the cancellation notice

    # The unanswered call: due Saturday 17:00, held for the weekend, sent Monday 8:00 (now daylight time).
    follow_up = world.to("UANIM", "Personne n’a répondu")
    assert [(s.local.isoformat(timespec="minutes")) for s in follow_up] == [
        "2027-03-15T08:00-04:00", "2027-09-02T10:00-04:00"]  # and September's: offered, never answered

    # Offered on Wednesday, unresolved three days later (a Saturday): the asker hears it Monday at 8:00.
    stalled = world.to("UASKER2", "il y a trois jours")
    assert [s.local.isoformat(timespec="minutes") for s in stalled] == ["2027-09-06T08:00-04:00"]
    # The newcomer's mentor is reminded three days later, once.
    assert [s.local.isoformat(timespec="minutes") for s in world.to("UANIM", "attend votre accueil")] == [
        "2027-10-08T10:00-04:00"]

    # Reporters are asked for the harvest after every meeting held, during the day, once each.
    harvests = world.to("UREP", "est terminée")
    assert len(harvests) == 12 + 1 + 1  # the circle, the DST meeting, the moved one
    assert all(8 <= s.local.hour < 20 and s.local.weekday() < 5 for s in harvests)

    # Every quarter, everyone in the community is asked the reflection questions, on the first
    # working day at 10:00 (1 January 2028 falls after the year simulated).
    for person in ("UFOUNDER", "UANIM", "UREP"):
        asked = world.to(person, "Un nouveau trimestre")
        assert [s.local.isoformat(timespec="minutes") for s in asked] == [
            "2027-04-01T10:00-04:00", "2027-07-01T10:00-04:00", "2027-10-01T10:00-04:00"]

    # Nothing was said twice.
    keys = [(s.channel, s.text, s.at) for s in world.said]
    assert len(keys) == len(set(keys))
    repeated_on_purpose = ("Cercle", "Votre semaine", "Un nouveau trimestre")
    texts = [(s.channel, s.text) for s in world.said if not any(x in s.text for x in repeated_on_purpose)]
    assert [t for t in texts if texts.count(t) > 1] == []


def test_two_workers_on_the_same_database_send_each_due_message_once(world, fake_slack):
    """Two processes' runners and deliverers race over the same due rows (PostgreSQL: the real
    server; SQLite: one writer at a time)."""
    with freeze_time("2027-02-01 15:00:00") as freezer:
        founder = world.founder()  # asked of Slack before the transaction, as the handler does
        with world.db.session() as session:
            setup = communities.set_up_community(session, team_id="T0001", channel_id=CHANNEL,
                                                 channel_name="soins", user_id="UFOUNDER", **founder)
            community_store.assign_role(session=session, team_id="T0001", community_id=setup.community.id,
                                        user_id="UANIM", role=Role.ANIMATOR, assigned_by="UFOUNDER")
        asked = []
        for n in range(30):
            with world.db.session() as session:
                result = help_requests.ask(session, team_id="T0001", channel_id=CHANNEL, asker_id=f"UASK{n}",
                                           question=f"Question numéro {n} sur un autre sujet")
            asked += result.outbox_ids
        world.deliver(asked)
        freezer.move_to("2027-02-02 16:00:00")  # all 30 are unanswered for 24 hours, on a Tuesday morning
        other = World(world.db, fake_slack)
        barrier = threading.Barrier(2)

        def work(w):
            barrier.wait()
            for _ in range(3):
                w.runner.run_due()
                w.deliverer.deliver_due()

        threads = [threading.Thread(target=work, args=(w,)) for w in (world, other)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    follow_ups = [c for c in fake_slack.calls_to("chat.postMessage", channel="UANIM")
                  if "Nobody has answered" in c.args["text"] or "Personne n’a répondu" in c.args["text"]]
    assert len(follow_ups) == 30
    assert len({c.args["text"] for c in follow_ups}) == 30
    with world.db.session() as session:
        assert session.exec(select(func.count()).select_from(DueItem).where(
            DueItem.kind == "help.unanswered", DueItem.status == DueStatus.DONE)).one() == 30


def test_work_claimed_by_a_process_that_crashed_is_done_once_after_its_lease(world, fake_slack):
    from bot.due import LEASE
    from storage import due

    with freeze_time("2027-02-01 15:00:00") as freezer:
        founder = world.founder()  # asked of Slack before the transaction, as the handler does
        with world.db.session() as session:
            setup = communities.set_up_community(session, team_id="T0001", channel_id=CHANNEL,
                                                 channel_name="soins", user_id="UFOUNDER", **founder)
            community_store.assign_role(session=session, team_id="T0001", community_id=setup.community.id,
                                        user_id="UANIM", role=Role.ANIMATOR, assigned_by="UFOUNDER")
            asked = help_requests.ask(session, team_id="T0001", channel_id=CHANNEL, asker_id="UASK",
                                      question="Une question restée sans réponse")
        world.deliver(asked.outbox_ids)
        freezer.move_to("2027-02-02 16:00:00")
        with world.db.session() as session:
            [item_id] = [i.id for i in due.items(session=session, team_id="T0001", kind="help.unanswered")]
            assert due.claim(session=session, item_id=item_id, now=utcnow(), lease=LEASE) is not None
        # ...and that process died before doing it. Others leave it alone while the lease holds,
        world.start()
        world.runner.run_due()
        assert world.to("UANIM") == [] and not fake_slack.calls_to("chat.postMessage", channel="UANIM")
        # then do it, once.
        freezer.move_to(utcnow() + LEASE + timedelta(seconds=1))
        world.runner.run_due()
        world.runner.run_due()
    assert len(fake_slack.calls_to("chat.postMessage", channel="UANIM")) == 1
