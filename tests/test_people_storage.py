"""Roles, expertise, memberships and routing on SQLite and, when COP_TEST_POSTGRES_URL is set,
PostgreSQL — plain service and storage calls, no Slack."""

from datetime import timedelta

from bot.services import roles
from bot.services.roles import Duty
from storage import communities, expertise, help_requests, memberships
from storage.models import HelpStatus, Role
from storage.types import utcnow


def _community(session, team_id="T1", channel_id="C1"):
    community, _ = communities.create_community(session=session, team_id=team_id, channel_id=channel_id, name="c",
                                                language="fr", timezone="America/Montreal", created_by="U1")
    return community


def _give(session, community, user, role):
    communities.assign_role(session=session, team_id=community.team_id, community_id=community.id, user_id=user,
                            role=role, assigned_by="U1")


def test_work_goes_to_its_role_then_to_animators_then_to_founders(db):
    with db.session() as session:
        community = _community(session)
        key = {"team_id": "T1", "community_id": community.id}
        assert roles.people_for(session, duty=Duty.HARVEST, **key) == []
        _give(session, community, "UFOUNDER", Role.FOUNDER)
        assert roles.people_for(session, duty=Duty.HARVEST, **key) == ["UFOUNDER"]
        _give(session, community, "UANIM", Role.ANIMATOR)
        assert roles.people_for(session, duty=Duty.HARVEST, **key) == ["UANIM"]
        _give(session, community, "UREP", Role.REPORTER)
        _give(session, community, "USPONSOR", Role.SPONSOR)
        assert roles.people_for(session, duty=Duty.HARVEST, **key) == ["UREP"]
        assert roles.people_for(session, duty=Duty.NEWCOMERS, **key) == ["USPONSOR"]
        assert roles.people_for(session, duty=Duty.VALUE_REPORT, **key) == ["USPONSOR", "UANIM"]
        assert roles.people_for(session, duty=Duty.FOLLOW_UPS, **key) == ["UANIM"]
        # Another workspace's animators never get this community's work.
        other = _community(session, "T2", "C1")
        _give(session, other, "UTHEIRS", Role.ANIMATOR)
        assert "UTHEIRS" not in roles.people_for(session, duty=Duty.FOLLOW_UPS, **key)


def test_expertise_watch_topics_count_only_while_the_role_is_held(db):
    with db.session() as session:
        community = _community(session)
        key = {"session": session, "team_id": "T1", "community_id": community.id}
        _give(session, community, "UWATCH", Role.EXPERT)
        expertise.add_topics(user_id="UWATCH", topics=["triage"], source=expertise.WATCH, **key)
        expertise.add_topics(user_id="UDECL", topics=["triage", "nuit"], **key)
        assert expertise.add_topics(user_id="UDECL", topics=["triage"], **key) == []  # already there
        assert expertise.people_for_topics(topics=["triage"], **key) == {"UWATCH": {"watch"}, "UDECL": {"declared"}}
        communities.remove_role(session=session, team_id="T1", community_id=community.id, user_id="UWATCH",
                                role=Role.EXPERT, removed_by="U1")
        assert expertise.people_for_topics(topics=["triage"], **key) == {"UDECL": {"declared"}}
        assert expertise.remove_topics(user_id="UDECL", topics=["nuit"], **key) == 1
        assert expertise.topics_of(user_id="UDECL", **key) == ["triage"]


def test_mentors_take_turns_and_members_are_known_once(db):
    with db.session() as session:
        community = _community(session)
        key = {"session": session, "team_id": "T1", "community_id": community.id}
        assert memberships.add_existing_members(user_ids=["UOLD", "UOLD2", "UOLD"], **key) == 2
        assert memberships.add_member(user_id="UOLD", newcomer=True, **key) is None
        picked = []
        for user in ("UA", "UB", "UC", "UD"):
            membership = memberships.add_member(user_id=user, newcomer=True, **key)
            membership.mentor_id = memberships.least_recent_mentor(candidates=["UM1", "UM2"], **key)
            session.add(membership)
            session.flush()
            picked.append(membership.mentor_id)
        assert picked == ["UM1", "UM2", "UM1", "UM2"]
        recent = memberships.recent_newcomers(since=utcnow() - timedelta(days=1), **key)
        assert [m.user_id for m in recent] == ["UD", "UC", "UB", "UA"]
        assert {c.id for c in communities.communities_of_person(session=session, team_id="T1", user_id="UC")} == {
            community.id}
        assert communities.communities_of_person(session=session, team_id="T2", user_id="UC") == []


def test_open_calls_on_topics_and_unanswered_ones(db):
    with db.session() as session:
        community = _community(session)
        made = []
        for question, topics in (("a", ["triage"]), ("b", ["paie"]), ("c", ["triage", "nuit"])):
            request = help_requests.create_help_request(session=session, team_id="T1", community_id=community.id,
                                                        channel_id="C1", asker_id="UASK", question=question,
                                                        topics=topics, status=HelpStatus.OPEN)
            made.append(request)
        help_requests.add_answer(session=session, team_id="T1", help_request_id=made[2].id, user_id="UH",
                                 message_ts="1.1", answered_at=utcnow())
        on_triage = help_requests.open_calls(session=session, team_id="T1", community_ids=[community.id],
                                             topics={"triage"}, exclude_asker="UOTHER")
        assert [r.question for r in on_triage] == ["c", "a"]
        assert help_requests.open_calls(session=session, team_id="T1", community_ids=[community.id], topics={"triage"},
                                        exclude_asker="UASK") == []
        count, oldest = help_requests.unanswered_open(session=session, team_id="T1", community_id=community.id,
                                                      older_than=utcnow() + timedelta(seconds=1))
        assert count == 2 and [r.question for r in oldest] == ["a", "b"]
        assert help_requests.unanswered_open(session=session, team_id="T2", community_id=community.id,
                                             older_than=utcnow() + timedelta(seconds=1))[0] == 0
