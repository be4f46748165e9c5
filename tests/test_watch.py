"""Watch (veille) through the real Slack protocol (issue 29, item 2): content experts post watch items,
members follow topics and get ONE monthly DM with what is new on them, only when there is something;
the facilitators' weekly digest names the week's watch items."""

from freezegun import freeze_time

from tests.test_calls_for_help import CHANNEL, all_text, setup_community
from tests.test_people import command
from tests.test_stewardship import buttons_for, lesson_id, review_dms

PEOPLE = ["UFOUNDER", "UANIM", "UEXPERT", "UMEMBER", "UOTHER"]


def watch_dms(bot, user: str) -> list:
    return [c for c in bot.fake.calls_to("chat.postMessage", channel=user)
            if "sur les sujets que vous suivez" in c.args["blocks"][0]["text"]["text"]]


def news_dms(bot, user: str = "UMEMBER") -> list:
    return [c for c in bot.fake.calls_to("chat.postMessage", channel=user)
            if c.args["text"].startswith("New on your topics")]


def run_due(bot, moment: str) -> None:
    with freeze_time(moment, tick=True):
        bot.cop.runtime.due.run_due()
        bot.idle()


def test_watch_items_reach_followers_in_one_monthly_message_only_when_there_is_news(bot_on):
    bot = bot_on
    bot.fake.members[CHANNEL] = list(PEOPLE)
    with freeze_time("2027-01-04 15:00:00", tick=True):  # Monday, 10:00 in Toronto
        setup_community(bot, locale="fr-CA")
        command(bot, "rôle <@UEXPERT> expert #sepsis", user="UFOUNDER")
        command(bot, "rôle <@UANIM> animateur", user="UFOUNDER")
        assert "Vous ne suivez aucun sujet." in command(bot, "suivre", user="UMEMBER")
        followed = command(bot, "suivre #sepsis #Triage", user="UMEMBER")
        assert "Vous suivez #sepsis #triage\u00a0: une fois par mois" in followed
        assert "Rien n’a changé." in command(bot, "suivre #sepsis", user="UMEMBER")
        command(bot, "suivre #pédiatrie", user="UOTHER")

    with freeze_time("2027-01-12 15:00:00", tick=True):
        refused = command(bot, "veille <https://www.inesss.qc.ca/sepsis> Nouvelle ligne directrice. #sepsis",
                          user="UMEMBER")
        assert "publiés par les expertes et experts de contenu" in refused
        bot.command("veille <https://www.inesss.qc.ca/sepsis> Nouvelle ligne directrice sur le sepsis. Le "
                    "lactate dès le triage. type:ligne-directrice #sepsis", user="UEXPERT", channel=CHANNEL)
        card = bot.fake.wait_for("chat.postMessage", channel=CHANNEL)[0]
        text = all_text(card)
        assert ":new: Nouveau · veille du 12 janvier 2027" in text and "*Ligne directrice*" in text
        assert card.args["unfurl_links"] is False
        bot.command("veille <https://example.org/sepsis-kids> Sepsis chez l’enfant: nouvel algorithme. #sepsis "
                    "#pédiatrie", user="UEXPERT", channel=CHANNEL)
        bot.fake.wait_for("chat.postMessage", channel=CHANNEL, count=2)
        bot.idle()
        assert "Nouvelle ligne directrice sur le sepsis." in command(bot, "cherche lactate type:ligne-directrice",
                                                                     user="UOTHER")

    run_due(bot, "2027-01-18 13:30:30")  # Monday 8:30: the facilitators' digest names the week's watch items
    digest = [c for c in bot.fake.calls_to("chat.postMessage", channel="UANIM") if "veille" in all_text(c)]
    assert len(digest) == 1 and "*2* éléments de veille cette semaine" in all_text(digest[0])

    run_due(bot, "2027-02-01 14:30:30")  # first working day of February, 9:30 in Toronto
    mine = watch_dms(bot, "UMEMBER")
    assert len(mine) == 1  # one message for two items, never one per item
    text = all_text(mine[0])
    assert "*2* nouveautés dans *soins-cardiaques*" in text and "janvier 2027" in text
    assert "Nouvelle ligne directrice sur le sepsis." in text and "Sepsis chez l’enfant" in text
    assert "élément de veille" in text
    assert len(watch_dms(bot, "UOTHER")) == 1 and "Nouvelle ligne directrice" not in all_text(
        watch_dms(bot, "UOTHER")[0])  # only what is on their topics
    assert watch_dms(bot, "UEXPERT") == [] and watch_dms(bot, "UFOUNDER") == []  # they follow nothing

    run_due(bot, "2027-03-01 14:30:30")  # nothing new in February: no message
    assert len(watch_dms(bot, "UMEMBER")) == 1

    assert "ne suivez aucun sujet" in command(bot, "ne-plus-suivre", user="UOTHER")
    assert "Vous suivez #triage" in command(bot, "ne-plus-suivre #sepsis", user="UMEMBER")


def test_a_resource_validated_in_the_month_reaches_its_followers(bot):
    bot.fake.members[CHANNEL] = list(PEOPLE)
    with freeze_time("2026-01-05 15:00:00", tick=True):
        setup_community(bot)
        command(bot, "role <@UEXPERT> expert #perfusion", user="UFOUNDER")
        command(bot, "follow #perfusion", user="UMEMBER")
        bot.command("resource <https://example.org/heparin> Heparin dosing tool. Weight-based doses. type:tool "
                    "#perfusion", user="UFOUNDER", channel=CHANNEL)
        card = bot.fake.wait_for("chat.postMessage", channel=CHANNEL)[0]
        bot.idle()
    run_due(bot, "2026-02-02 14:30:30")  # a resource is not news until it is validated
    assert news_dms(bot) == []
    run_due(bot, "2027-02-01 15:00:30")  # a year later, its review
    still_true = buttons_for(review_dms(bot, "UEXPERT")[0], lesson_id(card))["cop_review_true"]
    with freeze_time("2027-02-03 15:00:00", tick=True):
        bot.click("cop_review_true", still_true["value"], user="UEXPERT", channel="UEXPERT")
        bot.idle()
    run_due(bot, "2027-03-01 14:30:30")
    sent = news_dms(bot)
    assert len(sent) == 1
    text = all_text(sent[0])
    assert "*1* new in *soins-cardiaques*" in text and "February 2027" in text
    assert "Heparin dosing tool." in text and "validated resource" in text
