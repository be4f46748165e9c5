"""Tool problems to the IT contact (issue 30 item 4, in part): the bot removed from a community's channel
and a permission Slack refuses reach the community's IT contacts (its founders when it has none) — one DM
with the fix, at most once a day per problem — and a line on their Home tab until it is solved."""

import json

from freezegun import freeze_time

from tests.test_calls_for_help import CHANNEL, setup_community
from tests.test_people import command, open_home


def dms_about_tools(bot, user: str) -> list:
    return [c for c in bot.fake.calls_to("chat.postMessage", channel=user) if ":wrench:" in c.args["text"]]


def ask_anyway(bot, question: str) -> None:
    bot.command(f"ask {question}", user="UASKER", channel=CHANNEL)
    bot.idle()


def test_the_it_contact_hears_once_a_day_that_the_bot_was_removed_and_sees_it_until_it_is_back(bot):
    with freeze_time("2030-01-07 16:00:00", tick=True):  # a Monday, 11:00 in Toronto
        setup_community(bot)
        command(bot, "role <@UIT> it", user="UFOUNDER")
        bot.fake.bot_removed(CHANNEL)
        ask_anyway(bot, "Which pump for the night?")
        ask_anyway(bot, "And which tubing?")  # the same problem, the same day: told once
        [told] = dms_about_tools(bot, "UIT")
        assert f"cop-bot is no longer in <#{CHANNEL}>" in told.args["text"]
        assert "`/invite @cop-bot`" in json.dumps(told.args)
        assert not dms_about_tools(bot, "UFOUNDER")  # the community has an IT contact
        assert "cop-bot is no longer in" in json.dumps(open_home(bot, "UIT"))
        assert "cop-bot is no longer in" not in json.dumps(open_home(bot, "UMEMBER"))
    with freeze_time("2030-01-08 16:30:00", tick=True):  # the next day, still out: told again
        ask_anyway(bot, "Still nobody?")
        assert len(dms_about_tools(bot, "UIT")) == 2
        bot.fake.bot_joins(CHANNEL)  # invited back
        ask_anyway(bot, "Back?")
        assert "cop-bot is no longer in" not in json.dumps(open_home(bot, "UIT"))  # solved: the line is gone
    with freeze_time("2030-01-10 16:30:00", tick=True):
        ask_anyway(bot, "All good?")
        assert len(dms_about_tools(bot, "UIT")) == 2


def test_the_line_goes_as_soon_as_cop_bot_is_invited_back_before_its_next_post(bot):
    with freeze_time("2030-01-07 16:00:00", tick=True):
        setup_community(bot)
        command(bot, "role <@UIT> it", user="UFOUNDER")
        bot.fake.bot_removed(CHANNEL)
        ask_anyway(bot, "Which pump for the night?")
        assert "cop-bot is no longer in" in json.dumps(open_home(bot, "UIT"))
        # Invited back: Slack tells the bot it joined the channel (it posts nothing, nobody is welcomed).
        bot.fake.bot_joins(CHANNEL)
        posted = len(bot.fake.calls_to("chat.postMessage"))
        bot.event({"type": "member_joined_channel", "user": "UCOPBOT", "channel": CHANNEL, "channel_type": "C",
                   "team": bot.team_id, "inviter": "UIT"})
        bot.idle()
        assert "cop-bot is no longer in" not in json.dumps(open_home(bot, "UIT"))
        assert len(bot.fake.calls_to("chat.postMessage")) == posted
        assert len(dms_about_tools(bot, "UIT")) == 1


def test_without_an_it_contact_the_founders_hear_of_a_refused_permission_in_french(bot):
    bot.fake.members[CHANNEL] = ["UFOUNDER", "UMEMBER"]  # a member known to the community
    with freeze_time("2030-01-07 16:00:00", tick=True):
        setup_community(bot, locale="fr-CA")
        command(bot, "langue fr", user="UFOUNDER")
        bot.fake.scopes.discard("files:write")
        bot.command("confidentialité exporter", user="UMEMBER", channel=CHANNEL)
        bot.idle()
        assert {v.rule for _, v in bot.fake.take_violations()} == {"missing_scope"}
        [told] = dms_about_tools(bot, "UFOUNDER")
        assert "Slack refuse à cop-bot une autorisation" in told.args["text"]
        assert "réinstallez cop-bot" in json.dumps(told.args, ensure_ascii=False)
        assert "Slack refuse une autorisation à cop-bot" in json.dumps(open_home(bot, "UFOUNDER"), ensure_ascii=False)
        bot.fake.scopes.add("files:write")  # reinstalled with its scopes
        bot.command("confidentialité exporter", user="UMEMBER", channel=CHANNEL)
        bot.idle()
        assert "Slack refuse une autorisation" not in json.dumps(open_home(bot, "UFOUNDER"), ensure_ascii=False)


def test_the_it_contact_runs_the_diagnostic_from_slack_and_reads_it_privately(bot):
    setup_community(bot, locale="fr-CA")
    command(bot, "langue fr", user="UFOUNDER")
    command(bot, "rôle <@UIT> ti", user="UFOUNDER")
    assert "personnes-ressources TI et aux personnes fondatrices" in command(bot, "diagnostic", user="UMEMBER")
    bot.fake.bot_removed(CHANNEL)
    said = command(bot, "diagnostic", user="UIT")
    assert "*Diagnostic de la communauté soins-cardiaques*" in said
    assert "✓ Slack accepte le jeton" in said
    assert f"✗ #soins-cardiaques ({CHANNEL})" in said and "/invite @cop-bot" in said
    assert "1 problème à corriger." in said
    assert not [c for c in bot.fake.calls_to("chat.postMessage") if "Diagnostic" in c.args.get("text", "")]
    bot.fake.bot_joins(CHANNEL)
    assert "Tout ce qui a été vérifié est en ordre." in command(bot, "diagnostic", user="UFOUNDER")


def test_dms_slack_refuses_reach_the_it_contact_once_a_day_until_a_dm_goes_through(bot):
    bot.fake.bots.add("UHELPBOT")  # a bot given a role by mistake: Slack lets no app write to it
    with freeze_time("2030-01-07 16:00:00", tick=True):  # a Monday, 11:00 in Toronto
        setup_community(bot)
        command(bot, "role <@UIT> it", user="UFOUNDER")
        command(bot, "role <@UHELPBOT> expert #triage", user="UFOUNDER")
        bot.idle()
        assert bot.fake.calls_to("chat.postMessage", channel="UHELPBOT")[0].answer["error"] == "cannot_dm_bot"
        [told] = dms_about_tools(bot, "UIT")
        assert "Slack refuses cop-bot's direct messages to members of *soins-cardiaques* (`cannot_dm_bot`)" in \
            told.args["text"]
        assert "people rather than bots" in json.dumps(told.args)
        command(bot, "role <@UHELPBOT> reporter", user="UFOUNDER")  # refused again, the same day
        bot.idle()
        assert len(dms_about_tools(bot, "UIT")) == 1 and not dms_about_tools(bot, "UFOUNDER")
        # Told by a DM that went through, the IT contact still sees it on their Home: it is not solved.
        home = json.dumps(open_home(bot, "UIT"))
        assert "Slack refuses cop-bot's direct messages to members of soins-cardiaques (`cannot_dm_bot`)" in home
        assert "direct messages to members" not in json.dumps(open_home(bot, "UMEMBER"))
    with freeze_time("2030-01-08 16:30:00", tick=True):  # the next day, refused again: told again
        command(bot, "role <@UHELPBOT> sponsor", user="UFOUNDER")
        bot.idle()
        assert len(dms_about_tools(bot, "UIT")) == 2
        command(bot, "role <@UMEMBER> expert #triage", user="UFOUNDER")  # a DM to a person goes through
        bot.idle()
        assert bot.fake.calls_to("chat.postMessage", channel="UMEMBER")[-1].answer["ok"]
        assert "direct messages to members" not in json.dumps(open_home(bot, "UIT"))  # solved


def test_a_refused_dm_is_told_in_french_with_the_workspace_s_fix(bot):
    with freeze_time("2030-01-07 16:00:00", tick=True):
        setup_community(bot, locale="fr-CA")
        command(bot, "langue fr", user="UFOUNDER")
        command(bot, "rôle <@UIT> ti", user="UFOUNDER")
        bot.idle()
        bot.fake.fail("chat.postMessage", "restricted_action")
        command(bot, "rôle <@UMEMBER> experte #triage", user="UFOUNDER")
        bot.idle()
        [told] = dms_about_tools(bot, "UIT")
        said = json.dumps(told.args, ensure_ascii=False)
        assert ("Slack refuse les messages directs de cop-bot aux membres de la communauté *soins-cardiaques* "
                "(`restricted_action`)") in said
        assert "permettez aux applications d’envoyer des messages directs" in said
        assert "depuis le" in json.dumps(open_home(bot, "UIT"), ensure_ascii=False)
