"""The community glossary (/cop glossary, glossaire) through the real Slack protocol: content experts and
animators teach the community's equivalent terms, members find lessons written with the other term."""

import re

from tests.test_calls_for_help import CHANNEL, all_text, setup_community


def reply(bot, text, *, user):
    before = len(bot.fake.calls_to("response_url"))
    status, body = bot.command(text, user=user, channel=CHANNEL)
    assert status == 200 and body == ""
    answer = bot.fake.wait_for("response_url", count=before + 1)[before]
    assert answer.args.get("response_type", "ephemeral") == "ephemeral"
    return all_text(answer)


def test_an_expert_teaches_an_equivalent_and_members_find_the_lesson_in_the_other_language(bot):
    # The community's own jargon: Québec's "chiffrier" is in no built-in glossary (the bilingual lexicon
    # knows the common words; a practice's own words are its members' to teach).
    setup_community(bot)
    bot.command("role <@UEXPERT> expert #suivi", user="UFOUNDER", channel=CHANNEL)
    bot.command("role <@UANIM> animator", user="UFOUNDER", channel=CHANNEL)
    bot.command("lesson Un chiffrier partagé où chaque conseillère note l'étape de ses dossiers. #suivi",
                user="UREPORTER", channel=CHANNEL)
    bot.idle()

    assert "Nothing in the library matches" in reply(bot, "search spreadsheet", user="UMEMBER")

    # A member may not change the glossary; nothing is stored.
    refused = reply(bot, "glossary add chiffrier = spreadsheet", user="UMEMBER")
    assert "founders, facilitators and content experts" in refused
    assert "no glossary entries of its own" in reply(bot, "glossary", user="UMEMBER")

    added = reply(bot, "glossary add chiffrier = spreadsheet", user="UEXPERT")
    assert "Added to the glossary: *chiffrier* = *spreadsheet*" in added
    assert "already has" in reply(bot, "glossary add Spreadsheet = chiffrier", user="UANIM")

    found = reply(bot, "search spreadsheet", user="UMEMBER")
    assert "chiffrier partagé" in found and "Nothing in the library" not in found
    listed = reply(bot, "glossaire", user="UMEMBER")
    assert "• *chiffrier* = *spreadsheet*" in listed and "Add one" not in listed  # members read it
    assert re.search(r"Search also knows \d{1,3}(,\d{3})* common equivalents \(", listed)  # a count, formatted

    assert "Removed from the glossary" in reply(bot, "glossary remove spreadsheet", user="UFOUNDER")
    assert "Nothing in the library matches" in reply(bot, "search spreadsheet", user="UMEMBER")
    assert "No entry of the community's glossary" in reply(bot, "glossary remove spreadsheet", user="UFOUNDER")

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


def test_a_search_in_one_language_finds_the_lesson_written_in_the_other(bot_on):
    """No glossary entry of the community's own: the built-in bilingual lexicon reads an English search
    for a French lesson and a French search for an English one, on SQLite and on PostgreSQL."""
    bot = bot_on
    setup_community(bot)
    bot.command("lesson Une clinique de vaccination mobile passe sur chaque étage pendant les quarts de nuit. "
                "#sante-au-travail", user="UREPORTER", channel=CHANNEL)
    bot.command("lesson Taking a photo of the wound at every dressing change makes healing easy to follow. "
                "#wound-care", user="UREPORTER", channel=CHANNEL)
    bot.command("lesson Un tableau au mur indique qui a fait le dernier changement de position. #soins",
                user="UREPORTER", channel=CHANNEL)
    bot.idle()

    found = reply(bot, "search flu vaccine for night shift staff", user="UMEMBER")
    assert "clinique de vaccination mobile" in found and "Nothing in the library" not in found
    found = reply(bot, "search photo des plaies", user="UMEMBER")
    assert "photo of the wound" in found and "Nothing in the library" not in found
    assert "no glossary entries of its own" in reply(bot, "glossary", user="UMEMBER")
