"""The community glossary (/cop glossary, glossaire) through the real Slack protocol: content experts and
animators teach the community's equivalent terms, members find lessons written with the other term."""

from tests.test_calls_for_help import CHANNEL, all_text, setup_community


def reply(bot, text, *, user):
    before = len(bot.fake.calls_to("response_url"))
    status, body = bot.command(text, user=user, channel=CHANNEL)
    assert status == 200 and body == ""
    answer = bot.fake.wait_for("response_url", count=before + 1)[before]
    assert answer.args.get("response_type", "ephemeral") == "ephemeral"
    return all_text(answer)


def test_an_expert_teaches_an_equivalent_and_members_find_the_lesson_in_the_other_language(bot):
    setup_community(bot)
    bot.command("role <@UEXPERT> expert #perfusion", user="UFOUNDER", channel=CHANNEL)
    bot.command("role <@UANIM> animator", user="UFOUNDER", channel=CHANNEL)
    bot.command("lesson Vérifier à deux le débit de la pompe volumétrique avant l'héparine. #perfusion",
                user="UREPORTER", channel=CHANNEL)
    bot.idle()

    assert "Nothing in the library matches" in reply(bot, "search infusion pump", user="UMEMBER")

    # A member may not change the glossary; nothing is stored.
    refused = reply(bot, "glossary add pompe volumétrique = infusion pump", user="UMEMBER")
    assert "founders, facilitators and content experts" in refused
    assert "no glossary entries of its own" in reply(bot, "glossary", user="UMEMBER")

    added = reply(bot, "glossary add pompe volumétrique = infusion pump", user="UEXPERT")
    assert "Added to the glossary: *pompe volumétrique* = *infusion pump*" in added
    assert "already has" in reply(bot, "glossary add Infusion Pump = pompe volumetrique", user="UANIM")

    found = reply(bot, "search infusion pump", user="UMEMBER")
    assert "pompe volumétrique" in found and "Nothing in the library" not in found
    listed = reply(bot, "glossaire", user="UMEMBER")
    assert "• *pompe volumétrique* = *infusion pump*" in listed and "Add one" not in listed  # members read it

    assert "Removed from the glossary" in reply(bot, "glossary remove infusion pump", user="UFOUNDER")
    assert "Nothing in the library matches" in reply(bot, "search infusion pump", user="UMEMBER")
    assert "No entry of the community's glossary" in reply(bot, "glossary remove infusion pump", user="UFOUNDER")

    # The audit trail names who changed the glossary.
    trail = reply(bot, "audit", user="UFOUNDER")
    assert "added to the glossary" in trail and "removed from the glossary" in trail


def test_the_glossary_speaks_french_and_explains_bad_entries_politely(bot):
    setup_community(bot, locale="fr-CA")
    usage = reply(bot, "glossaire ajouter pompe", user="UFOUNDER")
    assert "Une entrée compte au moins deux termes" in usage and "`/cop glossaire ajouter" in usage
    assert "Une entrée compte" in reply(bot, "glossaire ajouter = infusion pump", user="UFOUNDER")
    assert "Une entrée compte" in reply(bot, "glossaire ajouter le = la", user="UFOUNDER")  # no word search reads
    assert "Une entrée compte" in reply(bot, "glossaire ajouter " + "a" * 90 + " = b b", user="UFOUNDER")
    assert "Utilisation" in reply(bot, "glossaire n'importe quoi", user="UFOUNDER")
    assert "pas encore d’entrée" in reply(bot, "glossaire", user="UFOUNDER")
    # "/cop glossaire a = b" adds too; broadcasts in a term are not re-broadcast.
    added = reply(bot, "glossaire chiffrier = tableur = <!channel> spreadsheet", user="UFOUNDER")
    assert "Ajouté au glossaire" in added and "<!channel>" not in added
    assert "*chiffrier* = *tableur*" in reply(bot, "glossaire", user="UMEMBER")


def test_search_tells_the_member_which_word_it_read_for_a_typo(bot):
    setup_community(bot)
    bot.command("lesson Always page two nurses for night triage. #triage", user="UREPORTER", channel=CHANNEL)
    bot.idle()
    found = reply(bot, "search nigth triage", user="UMEMBER")
    assert "Always page two nurses" in found and "I read *nigth* as *night*" in found
