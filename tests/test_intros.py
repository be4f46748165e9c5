"""Introductions (issue 30 item 2) through the real Slack protocol: members say yes (`/cop jumelage oui`,
`/cop intros on`), founders may introduce everyone; once a month the bot puts them in touch two by two (three
when odd) across workplaces, in a group DM (conversations.open with several users) that says why; a nudge two
weeks on only when nobody pressed We met; We met counted in /cop stats; never the same pair two rounds in a
row; quiet hours; nothing sent twice after a lost answer or a restart; a refused group DM stops no other."""

import json
from collections import Counter
from itertools import combinations

from freezegun import freeze_time
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.blocks import ACTION_WE_MET
from bot.services.intros import Someone, pair
from tests.conftest import serving
from tests.test_calls_for_help import CHANNEL, all_text, setup_community
from tests.test_people import command
from tests.test_profiles import fill_profile

PEOPLE = ["UA1", "UB1", "UC1", "UD1", "UE1"]
PROFILES = {"UA1": ("CISSS de Laval", "Laval", "3", "#triage", ""),
            "UB1": ("CISSS de la Gaspésie", "Gaspé", "25", "", "#triage"),
            "UC1": ("CISSS de Laval", "Laval", "12", "#sepsis", ""),
            "UD1": ("CHU de Québec", "Québec", "8", "", "#sepsis")}


def group_posts(bot) -> list:
    """What the bot posted in group DMs (the mpims Slack opened for it)."""
    return [c for c in bot.fake.calls_to("chat.postMessage") if str(c.args["channel"]).startswith("GM")]


def groups_of(bot, posts) -> list[frozenset]:
    return [frozenset(u for u in bot.fake.mpims[p.args["channel"]] if u != "UCOPBOT") for p in posts]


def introductions(bot) -> list:
    return [c for c in group_posts(bot) if ACTION_WE_MET in all_text(c) and "rappel" not in all_text(c)
            and "reminder" not in all_text(c)]


def nudges(bot) -> list:
    return [c for c in group_posts(bot) if "rappel" in all_text(c) or "reminder" in all_text(c)]


def run_due(bot, moment: str) -> None:
    with freeze_time(moment, tick=True):
        bot.cop.runtime.due.run_due()
        bot.idle()


def deliver_due(bot, moment: str) -> None:
    with freeze_time(moment, tick=True):
        bot.cop.runtime.deliverer.deliver_due()
        bot.idle()


def set_up(bot, *, locale="fr-CA") -> None:
    bot.fake.members[CHANNEL] = list(PEOPLE)
    setup_community(bot, locale=locale)
    for user, (workplace, region, years, helps, looking) in PROFILES.items():
        fill_profile(bot, user, workplace=workplace, region=region, years=years, helps=helps, looking=looking)


def click_we_met(bot, post, user: str) -> None:
    value = next(e["value"] for b in post.args["blocks"] if b["type"] == "actions" for e in b["elements"])
    status, _ = bot.click(ACTION_WE_MET, value, user=user, channel=post.args["channel"], message_ts=post.answer["ts"])
    assert status == 200
    bot.idle()


def test_members_who_said_yes_meet_across_workplaces_with_one_nudge_and_we_met_counted(bot_on):
    bot = bot_on
    with freeze_time("2027-01-04 15:00:00", tick=True):  # Monday, 10:00 in Toronto
        set_up(bot)
        said = command(bot, "jumelage oui", user="UA1")
        assert "Vous participez au jumelage mensuel" in said and "1er février 2027" in said
        assert "Vous participez" in command(bot, "intros on", user="UB1")  # the English word works too
        assert "Rien n’a changé." in command(bot, "jumelage oui", user="UB1")
        for user in ("UC1", "UD1"):
            command(bot, "jumelage oui", user=user)
        assert "ne participez pas" in command(bot, "jumelage non", user="UE1")
        assert "Seules les personnes fondatrices" in command(bot, "jumelage tous oui", user="UA1")
        assert "`/cop jumelage oui`" in command(bot, "jumelage peut-être", user="UA1")
    bot.fake.settle()
    assert group_posts(bot) == []  # nothing before the round

    run_due(bot, "2027-02-01 15:00:30")  # the first working day of February, 10:00 in Toronto
    posts = introductions(bot)
    groups = groups_of(bot, posts)
    assert sorted(len(g) for g in groups) == [2, 2]
    assert sorted(u for g in groups for u in g) == ["UA1", "UB1", "UC1", "UD1"]  # UE1 said no
    for group in groups:  # across workplaces: the two of Laval are never together
        assert group != frozenset({"UA1", "UC1"})
    opened = bot.fake.calls_to("conversations.open")
    assert len(opened) == 2 and all("," in c.args["users"] and "UCOPBOT" not in c.args["users"] for c in opened)
    by_group = dict(zip(groups, posts, strict=True))
    gaspe = next(p for g, p in by_group.items() if "UB1" in g)
    text = all_text(gaspe)
    assert "Bonjour" in text and "*soins-cardiaques* vous propose de faire connaissance" in text
    assert set(groups) == {frozenset({"UA1", "UB1"}), frozenset({"UC1", "UD1"})}  # one helps, one looks for
    assert "<@UA1> peut aider sur #triage, ce que <@UB1> recherche." in text
    assert ("Vous venez de deux régions différentes\u00a0: Laval et Gaspé." in text
            or "Vous venez de deux régions différentes\u00a0: Gaspé et Laval." in text)
    assert "depuis 25 ans, une autre depuis 3 ans" in text  # a newcomer and a veteran
    assert "C’est fait, on s’est parlé" in text

    run_due(bot, "2027-02-01 15:10:00")  # the round's row again, a replay: nothing twice
    assert len(introductions(bot)) == 2

    click_we_met(bot, gaspe, "UE1")  # not theirs
    assert "d’autres membres" in all_text(bot.fake.calls_to("response_url")[-1])
    click_we_met(bot, gaspe, "UB1")
    replaced = bot.fake.calls_to("response_url")[-1].args
    assert replaced["replace_original"] is True and "<@UB1> l’a indiqué" in json.dumps(replaced, ensure_ascii=False)
    assert ACTION_WE_MET not in json.dumps(replaced)

    run_due(bot, "2027-02-15 16:00:00")  # two weeks on: a nudge only where nobody said they met
    assert [p.args["channel"] for p in nudges(bot)] == [p.args["channel"] for p in posts if p is not gaspe]
    run_due(bot, "2027-02-16 15:00:30")
    assert len(nudges(bot)) == 1
    click_we_met(bot, nudges(bot)[0], "UD1")  # We met on the nudge: it says so, and so does the introduction
    assert "<@UD1> l’a indiqué" in all_text(bot.fake.calls_to("response_url")[-1])
    other = next(p for p in posts if p is not gaspe)
    updated = bot.fake.wait_for("chat.update", channel=other.args["channel"], ts=other.answer["ts"])
    assert "<@UD1> l’a indiqué" in all_text(updated[0]) and ACTION_WE_MET not in all_text(updated[0])

    with freeze_time("2027-02-20 15:00:00", tick=True):
        stats = command(bot, "stats", user="UE1")
    assert "*Jumelages\u00a0:* 2 proposés · 2 ont mené à une conversation" in stats and "UB1" not in stats

    run_due(bot, "2027-03-01 15:00:30")  # March: nobody meets the same person two months in a row
    march = groups_of(bot, introductions(bot)[2:])
    assert len(march) == 2 and not set(march) & set(groups)


def test_founders_introduce_everyone_but_those_who_said_no_in_english(bot):
    bot.fake.members[CHANNEL] = list(PEOPLE)
    with freeze_time("2027-01-04 15:00:00", tick=True):
        setup_community(bot)
        command(bot, "intros off", user="UE1")
        said = command(bot, "intros everyone on", user="UFOUNDER")
        assert "every member who has not said no" in said and "February 1, 2027" in said
        assert "Nothing changed." in command(bot, "intros everyone on", user="UFOUNDER")
        asked = command(bot, "intros", user="UA1")  # alone: whether they take part, and when
        assert asked.startswith("You take part") and "February 1, 2027" in asked
        assert command(bot, "intros", user="UE1").startswith("You take no part")
        help_text = command(bot, "help", user="UA1")
        assert "`/cop intros on|off`" in help_text
    run_due(bot, "2027-02-01 15:00:30")
    people = [u for g in groups_of(bot, introductions(bot)) for u in g]
    assert sorted(people) == ["UA1", "UB1", "UC1", "UD1"]  # the members the bot knows, but UE1
    assert len(people) == len(set(people))  # each person in one group
    assert all("Hello" in all_text(p) and "We met" in all_text(p) for p in introductions(bot))


def test_a_round_due_in_quiet_hours_waits_for_the_morning(bot):
    bot.fake.members[CHANNEL] = list(PEOPLE)
    with freeze_time("2027-01-04 15:00:00", tick=True):
        setup_community(bot)
        for user in PEOPLE[:4]:
            command(bot, "intros on", user=user)
    run_due(bot, "2027-02-02 02:00:00")  # the scheduler was down all day: it catches up at 21:00 in Toronto
    bot.fake.settle()
    assert bot.fake.calls_to("conversations.open") == [] and introductions(bot) == []
    deliver_due(bot, "2027-02-02 13:00:30")  # 8:00, the end of the community's quiet hours
    assert len(introductions(bot)) == 2


def test_lost_answers_and_a_restart_send_each_introduction_once(fake_slack, database_url):
    with serving(fake_slack, database_url) as bot:
        bot.fake.members[CHANNEL] = list(PEOPLE)
        with freeze_time("2027-01-04 15:00:00", tick=True):
            setup_community(bot)
            for user in PEOPLE[:4]:
                command(bot, "intros on", user=user)
        run_due(bot, "2027-02-01 14:00:00")  # what else is due that morning (the facilitators' digest)
        bot.fake.lose_answer("conversations.open")  # Slack opened it; the bot never heard
        bot.fake.lose_answer("chat.postMessage")  # Slack posted it; the bot never heard
        run_due(bot, "2027-02-01 15:00:30")
        assert len(introductions(bot)) == 1
    with serving(fake_slack, database_url) as again:  # restarted: what is still owed is sent, once
        for minutes in (5, 10, 20, 40):  # the outbox tries again, and looks in the group DM first
            deliver_due(again, f"2027-02-01 15:{minutes:02d}:30")
        run_due(again, "2027-02-01 16:30:00")  # the round's row is done: not run again
        again.fake.settle()
        posted = Counter(p.args["channel"] for p in introductions(again))
        assert len(posted) == 2 and set(posted.values()) == {1}
        history = again.fake.calls_to("conversations.history")
        assert history and all(c.args["channel"].startswith("GM") for c in history)


def test_a_group_dm_slack_refuses_stops_no_other_and_the_it_contact_hears_of_it(bot):
    bot.fake.members[CHANNEL] = list(PEOPLE)
    with freeze_time("2027-01-04 15:00:00", tick=True):
        setup_community(bot)
        for user in PEOPLE[:4]:
            command(bot, "intros on", user=user)
    bot.fake.deleted_users.add("UD1")  # deactivated since
    run_due(bot, "2027-02-01 15:00:30")
    refused = [c for c in bot.fake.calls_to("conversations.open") if not c.answer["ok"]]
    assert len(refused) == 1 and refused[0].answer["error"] == "user_disabled" and "UD1" in refused[0].args["users"]
    assert len(introductions(bot)) == 1 and "UD1" not in groups_of(bot, introductions(bot))[0]
    told = [c for c in bot.fake.calls_to("chat.postMessage", channel="UFOUNDER") if "user_disabled" in all_text(c)]
    assert len(told) == 1  # the founder, there being no IT contact
    run_due(bot, "2027-02-15 16:00:00")
    assert len(nudges(bot)) == 1  # the refused pair gets no nudge


def test_without_mpim_write_the_group_dm_is_refused_and_the_fake_says_so(bot):
    bot.fake.members[CHANNEL] = list(PEOPLE)
    bot.fake.scopes.discard("mpim:write")
    with freeze_time("2027-01-04 15:00:00", tick=True):
        setup_community(bot)
        for user in PEOPLE[:2]:
            command(bot, "intros on", user=user)
    run_due(bot, "2027-02-01 15:00:30")
    assert introductions(bot) == []
    found = bot.fake.take_violations()
    assert any(v.rule == "missing_scope" and method == "conversations.open" for method, v in found)


def test_conversations_open_rules_of_the_fake(bot):
    """Slack's published limits: 1 to 8 user ids, comma-separated, without the caller; channel or users."""
    client = bot.cop.runtime.notifier.client
    for users, rule in ((",".join(f"U{i}" for i in range(9)), "too_many_users"), ("U1, U2", "invalid_users"),
                        ("U1,UCOPBOT", "own_id")):
        answer = None
        try:
            client.conversations_open(users=users)
        except Exception as error:  # noqa: BLE001 - slack_sdk raises SlackApiError
            answer = error.response.data
        assert answer["error"] == rule
        assert [v.rule for _, v in bot.fake.take_violations()] == [rule]
    opened = client.conversations_open(users="U1,U2")["channel"]["id"]
    assert opened == client.conversations_open(users="U1,U2")["channel"]["id"]  # the same group DM again
    assert opened.startswith("GM")


@st.composite
def communities(draw):
    count = draw(st.integers(min_value=0, max_value=14))
    people = [Someone(f"U{i}", workplace=draw(st.sampled_from(["", "Laval", "Gaspé", "Québec"])),
                      years=draw(st.one_of(st.none(), st.integers(0, 40)))) for i in range(count)]
    return people, draw(st.integers(min_value=2, max_value=6))


@settings(max_examples=60, deadline=None)
@given(communities())
def test_nobody_is_introduced_to_the_same_person_two_rounds_in_a_row(case):
    people, rounds = case
    last: list[frozenset] = []
    earlier: Counter = Counter()
    for month in range(rounds):
        groups = pair(people, last_round=last, earlier=earlier, seed=f"s{month}")
        members = [u for g in groups for u in g]
        assert len(members) == len(set(members)) and all(2 <= len(g) <= 3 for g in groups)
        now = {frozenset(x) for g in groups for x in combinations(g, 2)}
        before = {frozenset(x) for g in last for x in combinations(sorted(g), 2)}
        assert not now & before
        earlier.update(now)
        last = [frozenset(g) for g in groups]


def test_introductions_are_personal_data_exported_forgotten_and_kept_no_longer_than_the_history(bot):
    from datetime import UTC, datetime

    from sqlmodel import select

    from bot.services import privacy, retention
    from storage import intros as store
    from storage.models import Community, IntroChoice, IntroMember, IntroPair

    bot.fake.members[CHANNEL] = list(PEOPLE)
    with freeze_time("2027-01-04 15:00:00", tick=True):
        setup_community(bot)
        for user in PEOPLE[:4]:
            command(bot, "intros on", user=user)
    run_due(bot, "2027-02-01 15:00:30")
    posts = introductions(bot)
    click_we_met(bot, posts[0], sorted(groups_of(bot, posts[:1])[0])[0])
    db = bot.cop.runtime.db
    with db.session() as session:
        mine = privacy.personal_data(session, team_id="T0001", user_id="UA1", language="fr")
        assert {"intro_choices", "intro_members"} <= set(mine.tables)
        assert "Jumelages mensuels auxquels vous avez pris part" in mine.files[1]["content"]
        privacy.forget(session, team_id="T0001", user_id="UA1")
    with db.reading() as session:
        assert not session.exec(select(IntroMember).where(IntroMember.user_id == "UA1")).all()
        assert not session.exec(select(IntroChoice).where(IntroChoice.user_id == "UA1")).all()
        assert len(session.exec(select(IntroPair)).all()) == 2  # the counts stay true
        community = session.exec(select(Community)).one()
        assert store.counts(session=session, team_id="T0001", community_id=community.id,
                            start=datetime(2027, 1, 1, tzinfo=UTC), end=datetime(2027, 3, 1, tzinfo=UTC)) == (2, 1)
    with db.session() as session:
        community = session.exec(select(Community)).one()
        purged = retention.purge(session, community, datetime(2031, 6, 1, tzinfo=UTC))  # past 36 months
        assert purged.introductions == 2
    with db.reading() as session:
        assert not session.exec(select(IntroPair)).all() and not session.exec(select(IntroMember)).all()
        assert session.exec(select(IntroChoice)).all()  # what people chose stays: they still take part


def test_a_person_forgotten_before_their_group_dm_is_opened_is_not_written_to(bot):
    from bot.services import privacy

    bot.fake.members[CHANNEL] = list(PEOPLE)
    with freeze_time("2027-01-04 15:00:00", tick=True):
        setup_community(bot)
        for user in PEOPLE[:4]:
            command(bot, "intros on", user=user)
    run_due(bot, "2027-02-02 02:00:00")  # 21:00 in Toronto: the group DMs wait for the morning
    with bot.cop.runtime.db.session() as session:
        privacy.forget(session, team_id="T0001", user_id="UA1")
    deliver_due(bot, "2027-02-02 13:00:30")
    opened = bot.fake.calls_to("conversations.open")
    assert len(opened) == 1 and "UA1" not in opened[0].args["users"] and "U0FORMER" not in opened[0].args["users"]


def test_a_large_community_is_paired_from_a_sample_with_nobody_left_out_or_met_twice_in_a_row():
    people = [Someone(f"U{i}", workplace=["Laval", "Gaspé", "Québec", ""][i % 4], years=i % 37) for i in range(451)]
    last: list[frozenset] = []
    for month in range(3):
        groups = pair(people, last_round=last, earlier=Counter(), seed=f"m{month}")
        members = [u for g in groups for u in g]
        assert sorted(members) == sorted(p.user_id for p in people)  # everyone, once (one group of three)
        assert sorted(len(g) for g in groups)[-1] == 3 and sum(len(g) == 3 for g in groups) == 1
        before = {frozenset(x) for g in last for x in combinations(sorted(g), 2)}
        assert not {frozenset(x) for g in groups for x in combinations(g, 2)} & before
        last = [frozenset(g) for g in groups]
