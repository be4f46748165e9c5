"""Roles, expertise, urgent routing, credits, newcomers and the App Home, through the real
Slack protocol: signed requests to the running app, real WebClient calls to the fake."""

import json

from sqlmodel import select

from storage.models import HelpCredit, Membership, RoleChange
from tests.test_calls_for_help import CHANNEL, all_text, ask, setup_community


def ephemeral_reply(bot, before: int) -> str:
    """What the person reads: the sections' text (the fallback text when there are no blocks)."""
    args = bot.fake.wait_for("response_url", count=before + 1)[before].args
    sections = [b["text"]["text"] for b in args.get("blocks") or [] if b["type"] == "section"]
    return "\n".join(sections) or args["text"]


def command(bot, text: str, *, user: str) -> str:
    """Run a /cop command and return the ephemeral answer's text. Typed after what came before
    has been done, as a person types it seconds later."""
    bot.idle()
    before = len(bot.fake.calls_to("response_url"))
    status, body = bot.command(text, user=user, channel=CHANNEL)
    assert status == 200 and body == ""
    return ephemeral_reply(bot, before)


def dms_to(bot, user: str) -> list:
    return bot.fake.calls_to("chat.postMessage", channel=user)


def rows(bot, model) -> list:
    with bot.cop.runtime.db.session() as session:
        return list(session.exec(select(model)).all())


# -- roles -----------------------------------------------------------------------------------

def test_founder_gives_a_role_the_person_hears_it_and_the_change_is_recorded(bot):
    setup_community(bot)
    answer = command(bot, "role <@UANA|ana> animator", user="UFOUNDER")
    assert "<@UANA> is now *Facilitator*" in answer
    dm = bot.fake.wait_for("chat.postMessage", channel="UANA")[0]
    assert "<@UFOUNDER> gave you the role *Facilitator*" in dm.args["text"]
    assert "keeps exchanges going" in dm.args["text"]  # what the role does

    # The animator, in turn, names a reporter, in French words; the founder takes it back.
    assert "<@ULEO> is now *Reporter*" in command(bot, "rôle <@ULEO> rapporteuse", user="UANA")
    assert "<@ULEO> is no longer *Reporter*" in command(bot, "role retirer <@ULEO> reporter", user="UFOUNDER")
    bot.fake.wait_for("chat.postMessage", channel="ULEO", count=2)
    changes = [(c.user_id, c.role, c.change, c.changed_by) for c in rows(bot, RoleChange)]
    assert changes == [("UFOUNDER", "founder", "added", "UFOUNDER"), ("UANA", "animator", "added", "UFOUNDER"),
                       ("ULEO", "reporter", "added", "UANA"), ("ULEO", "reporter", "removed", "UFOUNDER")]

    listing = command(bot, "roles", user="UMEMBER")
    assert "*Founder*" in listing and "<@UFOUNDER>" in listing
    assert "*Facilitator*" in listing and "<@UANA>" in listing
    assert "*Reporter* — turns presentations" in listing and "<@ULEO>" not in listing


def test_only_stewards_give_roles_and_only_a_founder_hands_over_founding(bot):
    setup_community(bot)
    refused = command(bot, "role <@UMEMBER> animator", user="UMEMBER")
    assert "Only the community's founders, facilitators and IT contacts" in refused
    command(bot, "role <@UANA> animator", user="UFOUNDER")
    assert "Only a founder can hand over founding" in command(bot, "role <@UANA> founder", user="UANA")
    assert "at least one founder" in command(bot, "role remove <@UFOUNDER> founder", user="UFOUNDER")
    assert "I do not know the role “chef”" in command(bot, "role <@UANA> chef", user="UFOUNDER")
    bot.idle()
    assert dms_to(bot, "UMEMBER") == []
    assert len(dms_to(bot, "UANA")) == 1  # only the real change was announced
    assert [c.role for c in rows(bot, RoleChange)] == ["founder", "animator"]

    # Handing over: the founder names a new founder, then steps down.
    assert "<@UANA> is now *Founder*" in command(bot, "role <@UANA> fondatrice", user="UFOUNDER")
    assert "is no longer *Founder*" in command(bot, "role remove <@UFOUNDER> founder", user="UANA")


def test_roles_speak_the_community_language(bot):
    setup_community(bot, locale="fr-CA")
    answer = command(bot, "rôle <@UANA> animatrice", user="UFOUNDER")
    assert "<@UANA> a maintenant le rôle *Animatrice ou animateur*" in answer
    dm = bot.fake.wait_for("chat.postMessage", channel="UANA")[0]
    assert "vous a donné le rôle" in dm.args["text"]


# -- expertise, who, urgent calls -------------------------------------------------------------

def resolve_with_answer(bot, question: str, *, asker: str, helper: str, answer_ts: str) -> str:
    post = ask(bot, question, user=asker)
    ts = post.answer["ts"]
    bot.event({"type": "message", "channel": CHANNEL, "user": helper, "text": "voici", "ts": answer_ts,
               "thread_ts": ts})
    request_id = post.args["blocks"][-1]["elements"][1]["value"]
    bot.idle()
    before = len(dms_to(bot, asker))
    bot.click("cop_help_resolve", request_id, user=asker)
    bot.fake.wait_for("chat.postMessage", channel=asker, count=before + 1)  # "how much time did it save?"
    return request_id


def test_who_ranks_content_experts_then_declared_then_helpers_who_opted_in(bot):
    setup_community(bot)
    command(bot, "role <@UWATCH> expert #triage", user="UFOUNDER")
    assert "#triage" in command(bot, "expertise add #triage #nuit", user="UDECL")
    resolve_with_answer(bot, "Triage de nuit: quel protocole? #triage", asker="UASKER", helper="UHELP",
                        answer_ts="1700000300.000100")
    resolve_with_answer(bot, "Triage pédiatrique: qui appeler? #triage", asker="UASKER", helper="UHELP",
                        answer_ts="1700000300.000200")
    resolve_with_answer(bot, "Triage en salle: quelle grille? #triage", asker="UASKER", helper="UQUIET",
                        answer_ts="1700000300.000300")

    # Nobody opted in to rankings: people appear for their role and what they declared, not for a count.
    assert command(bot, "who #triage", user="UMEMBER").split("\n")[1:] == [
        "1. <@UWATCH> — content expert", "2. <@UDECL> — declared expertise"]
    # Helpers who opt in are counted, for a reader who opted in too.
    for person in ("UHELP", "UQUIET"):
        assert "you take part in rankings" in command(bot, "rankings on", user=person)
    assert "UHELP" not in command(bot, "who #triage", user="UMEMBER")
    command(bot, "classements oui", user="UMEMBER")
    ranking = command(bot, "who #triage", user="UMEMBER")
    lines = ranking.split("\n")[1:]
    assert lines[0].startswith("1. <@UWATCH> — content expert")
    assert lines[1].startswith("2. <@UDECL> — declared expertise")
    assert lines[2] == "3. <@UHELP> — helped resolve 2 questions"
    assert lines[3] == "4. <@UQUIET> — helped resolve 1 question"

    assert "no longer appears" in command(bot, "rankings off", user="UQUIET")
    assert "UQUIET" not in command(bot, "qui triage", user="UMEMBER")
    assert "Nobody has declared #cardio" in command(bot, "who cardio", user="UMEMBER")


def test_urgent_call_reaches_topic_experts_and_animators_at_once_and_nobody_else(bot):
    setup_community(bot)
    command(bot, "role <@UANIM> animator", user="UFOUNDER")
    command(bot, "role <@UWATCH> expert #sepsis", user="UFOUNDER")
    command(bot, "expertise add #sepsis", user="UDECL")
    command(bot, "expertise add #cardio", user="UOTHER")
    command(bot, "expertise add #sepsis", user="UASKER")  # the asker is never paged for their own call
    bot.idle()
    bot.fake.calls.clear()

    post = ask(bot, "!urgent Patient en choc septique, quel protocole? #sepsis")
    assert "Urgent call for help" in post.args["blocks"][0]["text"]["text"]
    assert "!urgent" not in all_text(post)
    for person in ("UWATCH", "UDECL", "UANIM"):
        dm = bot.fake.wait_for("chat.postMessage", channel=person)[0]
        assert "needs help urgently" in dm.args["text"] and "choc septique" in dm.args["text"]
        assert post.answer["ts"].replace(".", "") in json.dumps(dm.args["blocks"])  # a link to the thread
    bot.idle()
    for person in ("UOTHER", "UASKER", "UFOUNDER"):
        assert dms_to(bot, person) == []
    assert all(len(dms_to(bot, p)) == 1 for p in ("UWATCH", "UDECL", "UANIM"))

    # An ordinary call pages nobody.
    bot.fake.calls.clear()
    ask(bot, "Quel protocole pour le sepsis léger? #sepsis")
    bot.idle()
    assert [c for c in bot.fake.calls_to("chat.postMessage") if c.args["channel"] != CHANNEL] == []


def test_the_asker_credits_who_helped_and_credits_count_in_who(bot):
    setup_community(bot)
    post = ask(bot, "Comment documenter une chute? #chutes")
    ts, request_id = post.answer["ts"], post.args["blocks"][-1]["elements"][1]["value"]
    bot.event({"type": "reaction_added", "user": "UOFFER", "reaction": "raised_hand",
               "item": {"type": "message", "channel": CHANNEL, "ts": ts}})
    bot.event({"type": "message", "channel": CHANNEL, "user": "UANSWER", "text": "Formulaire F-12",
               "ts": "1700000400.000100", "thread_ts": ts})
    bot.fake.wait_for("chat.update", ts=ts)
    bot.idle()
    bot.click("cop_help_resolve", request_id, user="UASKER")
    prompt = [c for c in bot.fake.wait_for("chat.postMessage", channel="UASKER", count=2)
              if "How much time" in c.args["text"]][0]
    checkboxes = [e for b in prompt.args["blocks"] if b["type"] == "actions" for e in b["elements"]
                  if e["type"] == "checkboxes"][0]
    assert sorted(o["text"]["text"] for o in checkboxes["options"]) == ["<@UANSWER>", "<@UOFFER>"]

    answer = [o for o in checkboxes["options"] if o["text"]["text"] == "<@UANSWER>"][0]
    tick = {"type": "checkboxes", "action_id": "cop_credit", "block_id": f"credit-{request_id}",
            "selected_options": [answer]}
    assert bot.click("", "", user="UASKER", action=tick)[0] == 200
    # Someone else ticking the asker's boxes changes nothing, nor does a made-up name.
    forged = {**tick, "selected_options": [answer, {**answer, "value": f"{request_id}:UFRIEND"}]}
    bot.click("", "", user="UOFFER", action=forged)
    bot.click("", "", user="UASKER", action={**tick, "selected_options": [
        answer, {**answer, "value": f"{request_id}:UFRIEND"}]})
    bot.idle()
    assert [c.user_id for c in rows(bot, HelpCredit)] == ["UANSWER"]
    command(bot, "rankings on", user="UANSWER")
    command(bot, "rankings on", user="UMEMBER")
    assert "<@UANSWER> — helped resolve 1 question" in command(bot, "who #chutes", user="UMEMBER")

    bot.click("", "", user="UASKER", action={**tick, "selected_options": []})  # unticked: no longer credited
    bot.idle()
    assert rows(bot, HelpCredit) == []


# -- newcomers -------------------------------------------------------------------------------

def join(bot, user: str, channel: str = CHANNEL):
    assert bot.event({"type": "member_joined_channel", "user": user, "channel": channel, "channel_type": "C",
                      "team": bot.team_id})[0] == 200


def test_newcomers_are_welcomed_with_the_charter_and_mentors_take_turns(bot):
    bot.fake.members[CHANNEL] = ["UFOUNDER", "UOLDTIMER", "UCOPBOT"]
    setup_community(bot)
    assert "Only the community's founders and facilitators" in command(bot, "charter Be kind", user="UOLDTIMER")
    assert "Done" in command(bot, "charter Be kind. Share what you learn. Nothing about patients by name.",
                             user="UFOUNDER")
    command(bot, "role <@UMENTOR1> mentor", user="UFOUNDER")
    command(bot, "role <@UMENTOR2> parrain", user="UFOUNDER")
    bot.idle()
    bot.fake.calls.clear()

    join(bot, "UNEW1")
    welcome = bot.fake.wait_for("chat.postMessage", channel="UNEW1")[0]
    text = all_text(welcome)
    assert "Welcome to the community of practice" in text
    assert "Nothing about patients by name" in text  # the charter
    assert "/cop expertise add" in text and "/cop ask" in text
    assert "<@UMENTOR1> will be your mentor" in text
    request = bot.fake.wait_for("chat.postMessage", channel="UMENTOR1")[0]
    assert "<@UNEW1> just joined" in request.args["text"]

    join(bot, "UNEW2")
    assert "<@UNEW2> just joined" in bot.fake.wait_for("chat.postMessage", channel="UMENTOR2")[0].args["text"]
    join(bot, "UNEW3")
    bot.fake.wait_for("chat.postMessage", channel="UMENTOR1", count=2)

    # The mentor says it is done.
    membership_id = request.args["blocks"][-1]["elements"][0]["value"]
    bot.click("cop_mentor_done", membership_id, user="UMENTOR1")
    assert "Thank you for welcoming them" in bot.fake.wait_for("response_url")[0].args["text"]
    acted = {m.user_id: m.mentor_acted_at for m in rows(bot, Membership)}
    assert acted["UNEW1"] is not None and acted["UNEW2"] is None


def test_no_welcome_for_the_bot_other_bots_old_members_rejoining_or_other_channels(bot):
    bot.fake.members[CHANNEL] = ["UFOUNDER", "UOLDTIMER", "UCOPBOT"]
    bot.fake.bots.add("UOTHERBOT")
    setup_community(bot)
    join(bot, "UCOPBOT")
    join(bot, "UOTHERBOT")
    join(bot, "UOLDTIMER")  # was in the channel at setup
    join(bot, "UWANDERER", channel="CELSEWHERE")  # not a community's channel
    join(bot, "UNEW")
    join(bot, "UNEW")  # left and came back
    bot.fake.wait_for("chat.postMessage", channel="UNEW")
    bot.idle()
    dms = [c.args["channel"] for c in bot.fake.calls_to("chat.postMessage")]
    assert dms == ["UNEW", "UFOUNDER"]  # one welcome; no mentor named, so the founder introduces them


def test_the_charter_is_edited_in_a_modal_by_animators(bot):
    setup_community(bot, locale="fr-CA")
    shown = bot.command("charte", user="UFOUNDER", channel=CHANNEL)
    view = bot.fake.wait_for("response_url")[0]
    assert "n’a pas encore de charte" in view.args["text"]
    button = view.args["blocks"][-1]["elements"][0]
    assert shown[0] == 200
    bot.click(button["action_id"], button["value"], user="UFOUNDER")
    modal = bot.fake.wait_for("views.open")[0].args["view"]
    assert modal["callback_id"] == "cop_charter_modal"
    status, _ = bot.submit_view("cop_charter_modal", {"charter": "Bienveillance.\nConfidentialité."},
                                user="UFOUNDER", private_metadata=modal["private_metadata"])
    assert status == 200
    assert "Bienveillance.\n" in command(bot, "charte", user="UMEMBER")
    member_view = bot.fake.calls_to("response_url")[-1]
    assert all(b["type"] != "actions" for b in member_view.args["blocks"])  # no Edit button for members
    # A member forging the submission: the form's answer needs no database (Slack waits 3 s), the
    # member is told privately, nothing changes.
    status, body = bot.submit_view("cop_charter_modal", {"charter": "Rien."}, user="UMEMBER",
                                   private_metadata=modal["private_metadata"])
    assert status == 200 and body == ""
    told = bot.fake.wait_for("chat.postMessage", channel="UMEMBER")[0]
    assert "charte" in told.args["text"], told.args["text"]
    assert "Bienveillance" in command(bot, "charte", user="UMEMBER")


# -- App Home --------------------------------------------------------------------------------

def open_home(bot, user: str) -> dict:
    before = len(bot.fake.calls_to("views.publish", user_id=user))
    bot.event({"type": "app_home_opened", "user": user, "channel": "DHOME", "tab": "home"})
    return bot.fake.wait_for("views.publish", count=before + 1, user_id=user)[before].args["view"]


def test_home_shows_a_member_their_communities_calls_matching_calls_and_lessons(bot):
    bot.fake.members[CHANNEL] = ["UFOUNDER", "UMEMBER"]
    setup_community(bot)
    command(bot, "expertise add #triage", user="UMEMBER")
    ask(bot, "Quel délai pour le triage? #triage", user="UASKER")
    ask(bot, "Ma propre question sur les horaires", user="UMEMBER")
    ask(bot, "Une question sur la paie #paie", user="UASKER")
    bot.command("lesson Garder une grille de triage à jour", user="UFOUNDER", channel=CHANNEL)
    bot.fake.wait_for("chat.postMessage", channel=CHANNEL, count=4)

    view = open_home(bot, "UMEMBER")
    text = json.dumps(view, ensure_ascii=False)
    assert view["type"] == "home" and len(view["blocks"]) <= 100
    assert f"<#{CHANNEL}>" in text and "Your roles: Member" in text
    assert "Ma propre question" in text
    matching = [b for b in view["blocks"] if b.get("accessory", {}).get("action_id") == "cop_help_offer"]
    assert len(matching) == 1 and "Quel délai pour le triage" in matching[0]["text"]["text"]
    assert "paie" not in json.dumps(matching)
    assert "Garder une grille de triage" in text
    assert "Facilitating" not in text  # members do not get the animators' section

    # "I can help" from the Home tab: the asker hears it and the tab is refreshed.
    bot.click("", "", user="UMEMBER", action=matching[0]["accessory"], from_home=True)
    assert "<@UMEMBER> offered to help" in bot.fake.wait_for("chat.postMessage", channel="UASKER")[0].args["text"]
    bot.fake.wait_for("views.publish", count=2, user_id="UMEMBER")


def test_home_shows_animators_their_follow_ups_and_newcomers_within_slack_limits(bot):
    setup_community(bot)
    command(bot, "role <@UANIM> animator", user="UFOUNDER")
    for i in range(40):
        ask(bot, f"Question {i} sans réponse", user="UASKER")
    join(bot, "UNEWBIE")
    bot.fake.wait_for("chat.postMessage", channel="UNEWBIE")
    # A day and more later, nobody has answered.
    with bot.cop.runtime.db.session() as session:
        from sqlalchemy import text
        session.execute(text("UPDATE help_requests SET created_at = '2020-01-01 00:00:00.000000'"))

    view = open_home(bot, "UANIM")
    text = json.dumps(view, ensure_ascii=False)
    assert len(view["blocks"]) <= 100
    assert "Facilitating soins-cardiaques" in text
    assert "*40* calls for help unanswered for more than a day" in text
    assert "<@UNEWBIE>" in text and "no mentor" not in text  # the animator mentors when there is no mentor
    assert "Your roles: Facilitator" in text

    member_view = open_home(bot, "UASKER")
    assert "Facilitating" not in json.dumps(member_view)


def test_home_shows_each_community_in_its_own_language_and_the_rest_in_the_persons(bot):
    """A facilitator of a French and an English community: each community's line and section in the
    community's language; their own lists in their Slack language (English, then French)."""
    setup_community(bot, locale="fr-CA")  # soins-cardiaques, in French
    bot.fake.locales["UNURSE"] = "en-US"
    bot.fake.bot_joins("CNURSE")
    bot.fake.members["CNURSE"] = ["UNURSE", "UANIM", "UASKER"]
    assert bot.command("setup", user="UNURSE", channel="CNURSE", channel_name="night-nursing")[0] == 200
    bot.idle()
    command(bot, "rôle <@UANIM> animatrice", user="UFOUNDER")
    assert bot.command("role <@UANIM> facilitator", user="UNURSE", channel="CNURSE")[0] == 200
    ask(bot, "Quel délai pour le triage de nuit?", user="UASKER")
    assert bot.command("ask Who covers the night float?", user="UASKER", channel="CNURSE")[0] == 200
    bot.idle()
    with bot.cop.runtime.db.session() as session:  # a day and more later, nobody has answered
        from sqlalchemy import text
        session.execute(text("UPDATE help_requests SET created_at = '2020-01-01 00:00:00.000000'"))

    def sections(view: dict) -> list[str]:
        return [b["text"]["text"] for b in view["blocks"] if b.get("text")]

    for locale, chrome, open_calls in (("en-US", "Your communities of practice", "Your open calls for help"),
                                       ("fr-CA", "Vos communautés de pratique", "Vos appels à tous ouverts")):
        bot.fake.locales["UANIM"] = locale
        with bot.cop.runtime.db.session() as session:  # Slack's answer is cached for a day: a day later
            from sqlalchemy import text
            session.execute(text("DELETE FROM people WHERE user_id = 'UANIM'"))
        said = sections(open_home(bot, "UANIM"))
        assert said[0] == chrome and open_calls in said
        french = next(s for s in said if s.startswith(f"*<#{CHANNEL}>*"))
        english = next(s for s in said if s.startswith("*<#CNURSE>*"))
        assert french.endswith("Vos rôles\u00a0: Animatrice ou animateur")
        assert english.endswith("Your roles: Facilitator")
        at = said.index("Animation de la communauté soins-cardiaques")
        assert said[at + 1] == "*1* appel à tous sans réponse depuis plus d’un jour"
        at = said.index("Facilitating night-nursing")
        assert said[at + 1] == "*1* call for help unanswered for more than a day"


def test_home_shows_animators_what_could_not_be_delivered(bot):
    setup_community(bot)
    command(bot, "role <@UANIM> animator", user="UFOUNDER")
    bot.fake.fail("chat.postMessage", "user_not_found")  # the DM announcing the next role is refused for good
    command(bot, "role <@UGONE> reporter", user="UANIM")
    bot.fake.wait_for("chat.postMessage", channel="UGONE")
    bot.idle()
    text = json.dumps(open_home(bot, "UANIM"), ensure_ascii=False)
    assert "1 message could not be delivered in the last 30 days (Slack said: user_not_found)" in text
    assert "could not be delivered" not in json.dumps(open_home(bot, "UGONE"))


def test_a_newcomer_from_a_partner_organisation_is_welcomed_like_anyone(bot):
    """Slack Connect: the event's own team is the newcomer's organisation; the envelope's is ours."""
    setup_community(bot)
    assert bot.event({"type": "member_joined_channel", "user": "UPARTNER", "channel": CHANNEL, "channel_type": "C",
                      "team": "TPARTNER"})[0] == 200
    welcome = bot.fake.wait_for("chat.postMessage", channel="UPARTNER")[0]
    assert "Welcome to the community of practice *soins-cardiaques*" in welcome.args["text"]
    with bot.cop.runtime.db.session() as session:
        member = session.exec(select(Membership).where(Membership.user_id == "UPARTNER")).one()
    assert member.team_id == bot.team_id
