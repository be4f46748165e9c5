"""A community whose channel is shared with partner organisations through Slack Connect: members of
another organisation are welcomed, offer and answer like anyone, and are counted; where Slack does
not let the bot write to them directly, the bot falls back to what Slack allows and tells the
animators. Payloads are shaped as Slack sends them from shared channels: the installation's team in
``authorizations`` (the envelope's ``team_id`` may be the channel's host), the person's own team in
``user_team`` / ``user.team_id``."""

from sqlmodel import select

from storage.models import HelpRequest, Membership, Person
from tests.test_calls_for_help import CHANNEL, ask, setup_community, wait_until

PARTNER = "T0PARTNER"  # another organisation, which has not installed cop-bot


def test_a_member_of_another_organisation_is_welcomed_in_the_channel_and_the_animators_told(bot):
    setup_community(bot)  # UFOUNDER founds it (and animates it)
    bot.fake.external_users["UEXT1"] = PARTNER
    bot.fake.members[CHANNEL].append("UEXT1")  # they joined the shared channel
    assert bot.event({"type": "member_joined_channel", "user": "UEXT1", "channel": CHANNEL, "channel_type": "C",
                      "team": PARTNER, "inviter": "UFOUNDER"})[0] == 200
    [ephemeral] = bot.fake.wait_for("chat.postEphemeral", channel=CHANNEL, user="UEXT1")
    assert ephemeral.answer["ok"]
    assert "Welcome to the community of practice" in ephemeral.args["text"]
    bot.idle()
    notes = [c for c in bot.fake.calls_to("chat.postMessage", channel="UFOUNDER") if "could not send" in c.args["text"]]
    assert len(notes) == 1 and "<@UEXT1>" in notes[0].args["text"] and "another organisation" in notes[0].args["text"]
    bot.fake.settle()
    # One try at the DM Slack refused: not retried forever.
    assert len(bot.fake.calls_to("chat.postMessage", channel="UEXT1")) == 1
    with bot.cop.runtime.db.reading() as session:
        member = session.exec(select(Membership).where(Membership.user_id == "UEXT1")).one()
        assert (member.team_id, member.home_team_id, member.newcomer) == ("T0001", PARTNER, True)
        # What Slack says of them is kept under the community's workspace, with their own beside it.
        person = session.get(Person, ("T0001", "UEXT1"))
        assert person is not None and person.home_team_id == PARTNER


def test_a_partner_member_offers_and_answers_and_is_counted(bot):
    setup_community(bot)
    bot.fake.external_users["UEXT2"] = PARTNER
    post = ask(bot, "Quel protocole pour la nuit ?")
    ts = post.answer["ts"]
    request_id = post.args["blocks"][-1]["elements"][0]["value"]
    # The click comes from our workspace's message (team) by a person of the partner's (user.team_id).
    bot.click("cop_help_offer", request_id, user="UEXT2", message_ts=ts, user_team=PARTNER)
    [dm] = bot.fake.wait_for("chat.postMessage", channel="UASKER")
    assert "<@UEXT2>" in dm.args["text"]
    # Their answer in the thread: a message event carrying their own team.
    bot.event({"type": "message", "channel": CHANNEL, "user": "UEXT2", "user_team": PARTNER,
               "source_team": PARTNER, "text": "Voici notre protocole.", "ts": "1700000100.000300", "thread_ts": ts})

    def call():
        with bot.cop.runtime.db.reading() as session:
            return session.exec(select(HelpRequest)).one()

    wait_until(lambda: call().first_answer_by == "UEXT2")


def test_events_from_a_channel_hosted_by_another_organisation_are_served_as_this_workspace(bot):
    setup_community(bot)
    post = ask(bot, "Qui a un gabarit ?")
    # In a channel the partner hosts, the envelope's team is the host's; the authorization is ours.
    assert bot.event({"type": "reaction_added", "user": "UHELPER", "reaction": "raised_hand",
                      "item": {"type": "message", "channel": CHANNEL, "ts": post.answer["ts"]},
                      "item_user": "UCOPBOT"}, host_team_id=PARTNER)[0] == 200
    [dm] = bot.fake.wait_for("chat.postMessage", channel="UASKER")
    assert "<@UHELPER>" in dm.args["text"]


def test_a_partner_member_can_be_given_a_role_and_gets_its_prompts_where_slack_allows(bot):
    from tests.test_people import command

    setup_community(bot)
    bot.fake.external_users["UEXT4"] = PARTNER
    bot.fake.members[CHANNEL].append("UEXT4")
    answer = command(bot, "role <@UEXT4> sponsor", user="UFOUNDER")
    assert "<@UEXT4>" in answer
    # A newcomer arrives: the partner sponsor is asked, as their mentor, to introduce them; Slack
    # refuses the DM to another organisation's member, so they are shown it in the channel instead.
    bot.event({"type": "member_joined_channel", "user": "UNEW", "channel": CHANNEL, "channel_type": "C",
               "team": "T0001"})
    bot.idle()
    shown = bot.fake.wait_for("chat.postEphemeral", channel=CHANNEL, user="UEXT4")
    assert any("<@UNEW>" in call.args["text"] for call in shown) and all(call.answer["ok"] for call in shown)
    # Each DM tried once (the role's notice, the mentor's request), not retried; each shown instead.
    assert len(bot.fake.calls_to("chat.postMessage", channel="UEXT4")) == len(shown) == 2
