"""Private communities stay private (issue 14, item 1), tried as an attacker would: forged but signed
payloads from someone outside a community's channel. Nothing is shown, offered or written."""

import json
import time
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from sqlmodel import select

from storage.models import Community, HelpRequest, Lesson, Reflection, TopicFollow
from tests.test_calls_for_help import CHANNEL, setup_community

PRIVATE = "GPRIV"  # a private channel: its community must stay invisible to outsiders


def two_communities(bot):
    """A public community (CCOP, founded by UFOUNDER, with UMEMBER) and a private one (GPRIV, founded
    by UPRIV, with UINSIDER); UFOUNDER and UMEMBER are not in the private channel."""
    setup_community(bot)
    bot.fake.private.add(PRIVATE)
    bot.fake.bot_joins(PRIVATE)  # invited, as a private channel requires
    bot.fake.members[PRIVATE] = ["UPRIV", "UINSIDER"]
    assert bot.command("setup", user="UPRIV", channel=PRIVATE, channel_name="secret")[0] == 200
    bot.fake.wait_for("response_url")
    bot.idle()
    bot.fake.members[CHANNEL] = ["UFOUNDER", "UMEMBER"]
    bot.fake.calls.clear()
    with bot.cop.runtime.db.reading() as session:
        return {c.channel_id: c for c in session.exec(select(Community))}


def test_the_save_as_lesson_picker_never_names_a_private_community_to_an_outsider(bot):
    two_communities(bot)
    message = {"type": "message", "user": "UAUTHOR", "ts": "1699999999.000300", "text": "Label every sample."}
    bot.shortcut("cop_save_lesson", message, user="UMEMBER", channel="CGENERAL")
    view = bot.fake.wait_for("views.open")[0].args["view"]
    offered = json.dumps(view)
    assert CHANNEL in offered and PRIVATE not in offered and "secret" not in offered
    # Someone in the private channel is offered both.
    bot.shortcut("cop_save_lesson", message, user="UINSIDER", channel="CGENERAL")
    bot.fake.wait_for("views.open", count=2)
    # Used (forged) on a message of the private channel by an outsider: no form, a polite answer.
    bot.fake.calls.clear()
    bot.shortcut("cop_save_lesson", {**message, "ts": "1699999999.000301"}, user="UMEMBER", channel=PRIVATE)
    [reply] = bot.fake.wait_for("response_url")
    assert "not in the channel" in reply.args["text"]
    assert not bot.fake.calls_to("views.open")


def test_an_outsider_submitting_the_lesson_form_for_a_private_community_posts_nothing(bot):
    two_communities(bot)
    metadata = json.dumps({"channel_id": PRIVATE, "language": "en", "lesson_id": None})
    bot.submit_view("cop_lesson_modal", {"title": "Leak", "context": "", "what_happened": "",
                                         "recommendation": "Posted where I am not", "topics": ""},
                    user="UMEMBER", private_metadata=metadata)
    bot.idle()
    assert not bot.fake.calls_to("chat.postMessage", channel=PRIVATE)
    [told] = bot.fake.wait_for("chat.postMessage", channel="UMEMBER")
    assert "Nothing was saved" in told.args["text"]
    with bot.cop.runtime.db.reading() as session:
        assert session.exec(select(Lesson)).all() == []
    # The same form from an insider is posted.
    bot.submit_view("cop_lesson_modal", {"title": "Ours", "context": "", "what_happened": "",
                                         "recommendation": "Posted where I am", "topics": ""},
                    user="UINSIDER", private_metadata=metadata)
    bot.fake.wait_for("chat.postMessage", channel=PRIVATE)


def test_a_founder_of_one_community_cannot_store_a_reflection_for_another(bot):
    found = two_communities(bot)
    private = found[PRIVATE]
    metadata = json.dumps({"community_id": private.id, "quarter": "2026-Q4"})
    values = {"got": "x", "brought": "y", "change": "z"}
    bot.submit_view("cop_reflection_modal", values, user="UFOUNDER", private_metadata=metadata)
    bot.idle()
    with bot.cop.runtime.db.reading() as session:
        assert session.exec(select(Reflection)).all() == []
    bot.submit_view("cop_reflection_modal", values, user="UINSIDER", private_metadata=metadata)
    bot.idle()
    with bot.cop.runtime.db.reading() as session:
        assert [(r.user_id, r.community_id) for r in session.exec(select(Reflection))] == [("UINSIDER", private.id)]


def test_a_reflection_button_with_a_malformed_or_foreign_value_does_nothing(bot):
    found = two_communities(bot)
    private, public = found[PRIVATE], found[CHANNEL]
    for value in ("1:2:3", f"{public.id}:2026-Q9", f"{public.id}", f"{public.id}:2026-Q4:x", "-1:2026-Q4",
                  f"{private.id}:2026-Q4"):  # the last: well formed, but for a channel UMEMBER is not in
        bot.click("cop_reflect", value, user="UMEMBER", channel="DUMEMBER")
    bot.idle()
    bot.fake.settle()
    assert not bot.fake.calls_to("views.open")
    bot.click("cop_reflect", f"{public.id}:2026-Q4", user="UMEMBER", channel="DUMEMBER")
    bot.fake.wait_for("views.open")


def test_an_outsider_cannot_offer_on_or_answer_the_meetings_of_a_private_community(bot):
    from storage.models import Meeting, Rsvp

    found = two_communities(bot)
    bot.fake.locales["UPRIV"] = "en-US"
    bot.command("ask What is our escalation rule?", user="UINSIDER", channel=PRIVATE)
    [card] = bot.fake.wait_for("chat.postMessage", channel=PRIVATE)
    request_id = card.args["blocks"][-1]["elements"][0]["value"]
    bot.fake.calls.clear()
    bot.click("cop_help_offer", request_id, user="UMEMBER", channel=PRIVATE, message_ts=card.answer["ts"])
    bot.idle()
    bot.fake.settle()
    assert not bot.fake.calls_to("chat.postMessage", channel="UINSIDER")  # the asker hears of no outsider
    assert not bot.fake.calls_to("response_url")  # nothing at all said to the outsider about it

    bot.command("meeting add 2030-03-05 14:00 Revue des cas", user="UPRIV", channel=PRIVATE)
    bot.idle()
    with bot.cop.runtime.db.reading() as session:
        meeting = session.exec(select(Meeting).where(Meeting.community_id == found[PRIVATE].id)).one()
    bot.fake.calls.clear()
    bot.click("cop_meeting_rsvp_yes", f"{meeting.id}:yes", user="UMEMBER", channel=PRIVATE)
    bot.click("cop_meeting_ics", f"{meeting.id}", user="UMEMBER", channel=PRIVATE)
    bot.idle()
    bot.fake.settle()
    with bot.cop.runtime.db.reading() as session:
        assert session.exec(select(Rsvp)).all() == []
    assert not bot.fake.calls_to("files.getUploadURLExternal") and not bot.fake.calls_to("response_url")


def test_someone_who_left_a_private_channel_no_longer_sees_its_community_on_home(bot):
    two_communities(bot)
    from storage.models import Membership

    with bot.cop.runtime.db.session() as session:  # UINSIDER was known as a member of the private community
        session.add(Membership(team_id="T0001", community_id=session.exec(select(Community).where(
            Community.channel_id == PRIVATE)).one().id, user_id="UINSIDER"))
    bot.event({"type": "app_home_opened", "user": "UINSIDER", "tab": "home", "channel": "DUINSIDER"})
    home = bot.fake.wait_for("views.publish", user_id="UINSIDER")[-1].args["view"]
    assert f"<#{PRIVATE}>" in str(home["blocks"])
    bot.fake.members[PRIVATE] = ["UPRIV"]  # they left the channel
    bot.cop.runtime.channel_members.clear()  # a minute later
    bot.event({"type": "app_home_opened", "user": "UINSIDER", "tab": "home", "channel": "DUINSIDER"})
    home = bot.fake.wait_for("views.publish", user_id="UINSIDER", count=2)[-1].args["view"]
    assert f"<#{PRIVATE}>" not in str(home["blocks"]) and "secret" not in str(home["blocks"])


def test_a_person_gets_a_copy_of_everything_held_about_them_and_nothing_of_anyone_else(bot):
    """In their own language: the JSON keeps the database's names with a legend in French; the CSV opens
    in French Excel with each table and field in words, times in their time zone to the minute."""
    from tests.spreadsheet import as_time, open_in_excel, received_files

    found = two_communities(bot)
    bot.fake.locales["UMEMBER"] = "fr-CA"
    bot.fake.timezones["UMEMBER"] = "America/Vancouver"
    from tests.test_calls_for_help import ask

    mine = ask(bot, "Quel protocole pour la nuit ?", user="UMEMBER")
    theirs = ask(bot, "Question of someone else", user="UASKER")
    bot.click("cop_help_offer", theirs.args["blocks"][-1]["elements"][0]["value"], user="UMEMBER",
              message_ts=theirs.answer["ts"])
    bot.command("lesson Label every sample. #labo", user="UMEMBER", channel=CHANNEL)
    bot.command("role <@UMEMBER> reporter", user="UFOUNDER", channel=CHANNEL)
    bot.command("follow #labo", user="UMEMBER", channel=CHANNEL)
    bot.command("follow #triage", user="UASKER", channel=CHANNEL)
    bot.command("ask Private matter", user="UINSIDER", channel=PRIVATE)
    bot.idle()
    bot.fake.calls.clear()

    assert bot.command("confidentialité exporter", user="UMEMBER", channel=CHANNEL)[0] == 200
    [complete] = bot.fake.wait_for("files.completeUploadExternal")
    assert complete.args["channel_id"] == "DUMEMBER"
    assert "Tout ce que cop-bot conserve à votre sujet" in complete.args["initial_comment"]
    titles = [f["title"] for f in complete.args["files"]]
    year = datetime.now(UTC).year
    assert titles == ["Mes données (JSON)", "Mes données (CSV)", f"Dossier de participation {year} (CSV)"]
    files = received_files(bot)
    assert sorted(files) == ["cop-bot-mes-données.csv", "cop-bot-mes-données.json", f"participation-{year}.csv"]
    record = files[f"participation-{year}.csv"].decode("utf-8-sig")  # this year's record, in their language
    assert "Leçons rédigées" in record and "Label every sample." in record and "Rapporteuse ou rapporteur" in record
    document = json.loads(files["cop-bot-mes-données.json"])
    tables = document["tables"]  # the database's own names: what another program, or a privacy office, reads
    assert [r["question"] for r in tables["help_requests"]] == ["Quel protocole pour la nuit ?"]
    assert [r["user_id"] for r in tables["help_offers"]] == ["UMEMBER"]
    assert tables["lessons"][0]["author_id"] == "UMEMBER" and "Label every sample" in json.dumps(tables["lessons"])
    assert {(r["role"], r["community"]) for r in tables["role_assignments"]} >= {("reporter", "soins-cardiaques")}
    assert [r["topic"] for r in tables["topic_follows"]] == ["labo"]
    assert "Question of someone else" not in json.dumps(document)  # only what is about them
    assert "Private matter" not in json.dumps(document) and str(found[PRIVATE].id) not in {
        str(r.get("community_id")) for rows in tables.values() for r in rows}
    # Beside them, what each table and field means, in French.
    legend = document["legend"]
    assert legend["help_requests"]["label"] == "Appels à tous"
    assert legend["topic_follows"]["label"] == "Sujets que vous suivez (veille)"
    assert legend["help_requests"]["fields"]["asker_id"] == "Lancé par (identifiant Slack)"
    assert legend["role_assignments"] == {"label": "Vos rôles", "fields": {
        "id": "Numéro dans sa table", "community_id": "Communauté (numéro)", "user_id": "Personne (identifiant Slack)",
        "role": "Rôle", "assigned_by": "Attribué par (identifiant Slack)", "assigned_at": "Date d’attribution",
        "community": "Communauté"}}
    assert set(legend) == set(tables) and all(set(legend[t]["fields"]) >= set(tables[t][0]) for t in tables)

    rows = open_in_excel(files["cop-bot-mes-données.csv"], "fr")
    assert rows[0] == ["Table", "Ligne", "Champ", "Valeur", "Table (nom dans la base de données)",
                       "Champ (nom dans la base de données)"]
    assert ["Appels à tous", "1", "Question", "Quel protocole pour la nuit ?", "help_requests", "question"] in rows
    assert ["Vos rôles", "1", "Rôle", "Rapporteuse ou rapporteur", "role_assignments", "role"] in rows
    assert ["Appels à tous", "1", "Urgent", "Non", "help_requests", "urgent"] in rows
    asked = next(r[3] for r in rows if r[4:] == ["help_requests", "created_at"])
    stored = datetime.fromisoformat(tables["help_requests"][0]["created_at"])
    assert as_time(asked) == stored.astimezone(ZoneInfo("America/Vancouver")).replace(second=0, microsecond=0,
                                                                                      tzinfo=None)
    [reply] = bot.fake.wait_for("response_url")
    assert "message direct" in reply.args["text"]
    assert mine.args["channel"] == CHANNEL


def test_every_table_and_field_a_person_may_get_has_words_in_french_and_english():
    """A table or column added to the schema gets its words in bot/services/privacy_labels.py (the
    export would otherwise show the database's name alone)."""
    from sqlmodel import SQLModel

    from bot.services import privacy, privacy_labels

    missing = []
    for table in SQLModel.metadata.sorted_tables:
        if table.name in privacy.LEFT_OUT or "team_id" not in table.c or \
                not any(c in table.c for c in privacy.PERSON_COLUMNS):
            continue
        if privacy_labels.table_label(table.name) is None:
            missing.append(table.name)
        missing += [f"{table.name}.{c.name}" for c in table.c
                    if c.name != "team_id" and privacy_labels.field_label(table.name, c.name) is None]
    assert not missing, f"no words for {missing} in bot/services/privacy_labels.py"


def _where_named(bot, user_id: str) -> list[str]:
    """Every table (and column) of the database still holding ``user_id`` anywhere."""
    from sqlalchemy import inspect, text

    engine = bot.cop.runtime.db.engine
    found = []
    with engine.connect() as connection:
        for table in inspect(engine).get_table_names():
            if table.startswith(("search_fts", "alembic")):
                continue
            for row in connection.execute(text(f'SELECT * FROM "{table}"')).mappings():  # noqa: S608
                found += [f"{table}.{k}" for k, v in row.items() if isinstance(v, str) and user_id in v]
    return sorted(set(found))


def test_a_person_who_asks_to_be_forgotten_is_gone_from_every_table_and_card(bot):
    from tests.test_calls_for_help import ask

    two_communities(bot)
    bot.fake.members[CHANNEL].append("UGONE")
    mine = ask(bot, "Comment trier la nuit ?", user="UGONE")
    theirs = ask(bot, "Ask <@UGONE> about night triage?", user="UASKER")
    bot.click("cop_help_offer", theirs.args["blocks"][-1]["elements"][0]["value"], user="UGONE",
              message_ts=theirs.answer["ts"])
    bot.command("lesson Label every sample. #labo", user="UGONE", channel=CHANNEL)
    bot.command("expertise add #triage", user="UGONE", channel=CHANNEL)
    bot.command("follow #triage", user="UGONE", channel=CHANNEL)
    bot.command("role <@UGONE> reporter", user="UFOUNDER", channel=CHANNEL)
    bot.idle()
    with bot.cop.runtime.db.reading() as session:
        calls_before = len(session.exec(select(HelpRequest)).all())
    assert _where_named(bot, "UGONE")  # it was there
    bot.fake.calls.clear()

    bot.command("privacy forget", user="UGONE", channel=CHANNEL)
    modal = bot.fake.wait_for("views.open")[0].args["view"]
    assert modal["callback_id"] == "cop_privacy_forget" and "cannot be undone" in json.dumps(modal)
    bot.submit_view("cop_privacy_forget", {}, user="UGONE", private_metadata=modal["private_metadata"])
    bot.idle()

    assert _where_named(bot, "UGONE") == []
    with bot.cop.runtime.db.reading() as session:
        assert session.exec(select(TopicFollow)).all() == []  # what they followed goes with them
        assert len(session.exec(select(HelpRequest)).all()) == calls_before  # the figures stay true
    updated = {c.args["ts"]: c for c in bot.fake.calls_to("chat.update")}
    assert mine.answer["ts"] in updated and theirs.answer["ts"] in updated  # the cards that named them
    for card in updated.values():
        assert "UGONE" not in json.dumps(card.args)
    for (_, _), posted in bot.fake.messages.items():
        if posted.ts in updated:
            assert "UGONE" not in posted.text + json.dumps(posted.blocks)
    [told] = bot.fake.wait_for("chat.postMessage", channel="UGONE")
    assert "no longer holds anything that identifies you" in told.args["text"]


def test_nobody_can_forget_someone_still_here_even_with_a_forged_form(bot):
    from tests.test_calls_for_help import ask

    two_communities(bot)
    ask(bot, "Still here?", user="UASKER")
    bot.idle()
    assert _where_named(bot, "UASKER")
    bot.command("privacy forget <@UASKER>", user="UFOUNDER", channel=CHANNEL)
    [refused] = bot.fake.wait_for("response_url")
    assert "left the workspace" in refused.args["text"]
    bot.submit_view("cop_privacy_forget", {}, user="UFOUNDER", private_metadata=json.dumps({"user_id": "UASKER"}))
    bot.click("cop_privacy_forget_departed", "UASKER", user="UFOUNDER", channel="DUFOUNDER")
    bot.idle()
    assert _where_named(bot, "UASKER")  # untouched


def test_when_someone_leaves_the_founders_are_asked_and_one_click_forgets_them(bot):
    from tests.test_calls_for_help import ask

    two_communities(bot)
    bot.fake.members[CHANNEL].append("ULEFT")
    bot.event({"type": "member_joined_channel", "user": "ULEFT", "channel": CHANNEL, "team": "T0001"})
    ask(bot, "Before I go?", user="ULEFT")
    bot.idle()
    bot.fake.deleted_users.add("ULEFT")
    bot.fake.calls.clear()
    bot.event({"type": "user_change", "user": {"id": "ULEFT", "team_id": "T0001", "deleted": True}})
    [prompt] = bot.fake.wait_for("chat.postMessage", channel="UFOUNDER")
    assert "<@ULEFT> has left the workspace" in prompt.args["text"]
    button = prompt.args["blocks"][-1]["elements"][0]
    assert button["confirm"]["text"]["text"] == "This cannot be undone."
    assert not bot.fake.calls_to("chat.postMessage", channel="UPRIV")  # not a steward of ULEFT's community
    bot.click(button["action_id"], button["value"], user="UFOUNDER", channel="DUFOUNDER",
              message_ts=prompt.answer["ts"])
    bot.idle()
    assert _where_named(bot, "ULEFT") == []
    done = bot.fake.wait_for("response_url")[-1]
    assert done.args["replace_original"] is True and "has forgotten" in done.args["text"]


def _save_someone_elses_message(bot, text: str) -> None:
    message = {"type": "message", "user": "UAUTHOR", "ts": "1699999999.000400", "text": text}
    bot.fake.members[CHANNEL].append("UAUTHOR")
    bot.shortcut("cop_save_lesson", message, user="UMEMBER", channel=CHANNEL)
    view = bot.fake.wait_for("views.open")[0].args["view"]
    bot.submit_view("cop_lesson_modal", {"title": text, "recommendation": text}, user="UMEMBER",
                    private_metadata=view["private_metadata"])
    bot.idle()


def test_someone_elses_words_wait_for_their_consent_and_no_means_nothing_is_shared(bot):
    from tests.test_lessons import agree

    two_communities(bot)
    _save_someone_elses_message(bot, "Double-check the pump rate at handover.")
    assert not bot.fake.calls_to("chat.postMessage", channel=CHANNEL)  # nothing posted yet
    [wait] = bot.fake.wait_for("chat.postMessage", channel="UMEMBER")
    assert "draft only you can see" in wait.args["text"]
    [request] = bot.fake.wait_for("chat.postMessage", channel="UAUTHOR")
    assert "Double-check the pump rate" in json.dumps(request.args["blocks"])  # they see what would be shared
    before = len(bot.fake.calls_to("response_url"))
    bot.command("search pump rate", user="UFOUNDER", channel=CHANNEL)
    found = bot.fake.wait_for("response_url", count=before + 1)[before].args
    assert "Double-check" not in json.dumps(found)  # not searchable
    # Someone else cannot answer for them (a forged click).
    yes = [e for e in request.args["blocks"][-1]["elements"] if e["value"].endswith(":yes")][0]
    bot.click(yes["action_id"], yes["value"], user="UMEMBER", channel="DUMEMBER")
    bot.idle()
    assert not bot.fake.calls_to("chat.postMessage", channel=CHANNEL)
    agree(bot, "UAUTHOR", "no")
    bot.idle()
    assert not bot.fake.calls_to("chat.postMessage", channel=CHANNEL)
    told = bot.fake.wait_for("chat.postMessage", channel="UMEMBER", count=2)[-1]
    assert "preferred not to share" in told.args["text"]
    with bot.cop.runtime.db.reading() as session:
        assert session.exec(select(Lesson)).all() == []


def test_with_consent_the_lesson_is_posted_and_found(bot):
    from tests.test_lessons import agree

    two_communities(bot)
    _save_someone_elses_message(bot, "Label the syringes before the round.")
    agree(bot, "UAUTHOR", "yes")
    [card] = bot.fake.wait_for("chat.postMessage", channel=CHANNEL)
    assert "Label the syringes" in json.dumps(card.args) and "<@UAUTHOR>" in json.dumps(card.args)
    bot.idle()
    before = len(bot.fake.calls_to("response_url"))
    bot.command("search syringes", user="UFOUNDER", channel=CHANNEL)
    assert "Label the syringes" in json.dumps(bot.fake.wait_for("response_url", count=before + 1)[before].args)
    assert "agreed" in bot.fake.wait_for("chat.postMessage", channel="UMEMBER", count=2)[-1].args["text"]


def test_an_outsider_typing_commands_for_a_private_community_gets_nothing_of_it(bot):
    two_communities(bot)
    bot.command("lesson Our secret escalation rule. #escalade", user="UINSIDER", channel=PRIVATE)
    bot.idle()
    bot.fake.calls.clear()
    for text in ("search escalation", "who #escalade", "stats", "export", "report", "meetings",
                 "lesson Leaked into their channel", "ask Leaked question?"):
        before = len(bot.fake.calls_to("response_url"))
        assert bot.command(text, user="UMEMBER", channel=PRIVATE)[0] == 200  # forged: UMEMBER is not in it
        reply = bot.fake.wait_for("response_url", count=before + 1)[before].args
        assert reply["text"] == "This community's commands are for the people in its channel.", text
    bot.idle()
    assert not bot.fake.calls_to("chat.postMessage", channel=PRIVATE)
    assert not bot.fake.calls_to("files.getUploadURLExternal")
    # Someone in the channel is served as before.
    before = len(bot.fake.calls_to("response_url"))
    bot.command("search escalation", user="UINSIDER", channel=PRIVATE)
    assert "secret escalation rule" in json.dumps(bot.fake.wait_for("response_url", count=before + 1)[before].args)


def test_founders_and_it_read_what_was_done_by_whom_and_others_cannot(bot):
    from tests.test_people import command

    two_communities(bot)
    bot.fake.members[CHANNEL] += ["UIT", "UREP"]
    command(bot, "role <@UIT> it", user="UFOUNDER")
    command(bot, "role <@UREP> reporter", user="UFOUNDER")
    command(bot, "settings retention 24m", user="UFOUNDER")
    bot.command("lesson Label the samples. #labo", user="UREP", channel=CHANNEL)  # posted: no private reply
    bot.idle()
    command(bot, "export", user="UREP")
    command(bot, "privacy export", user="UMEMBER")
    trail = command(bot, "audit", user="UIT")
    assert "What was done in soins-cardiaques" in trail
    for line in ("<@UFOUNDER> gave the role “IT contact” to <@UIT>",
                 "<@UFOUNDER> gave the role “Reporter” to <@UREP>",
                 "<@UFOUNDER> changed how long the history is kept — `24m`", "<@UREP> exported the library",
                 "<@UMEMBER> downloaded their data"):
        assert line in trail, line
    assert "Label the samples" not in trail  # what people wrote is never in it
    assert "for the community's founders and IT contacts" in command(bot, "audit", user="UREP")
    # A founder sees the community's trail; people's privacy requests are for IT resources only.
    founder_view = command(bot, "audit", user="UFOUNDER")
    assert "<@UREP> exported the library" in founder_view and "downloaded their data" not in founder_view
    # The private community's trail is not this one's.
    assert "secret" not in trail and "UPRIV" not in trail


def test_leaving_a_private_community_channel_ends_ones_roles_there(bot):
    from storage.models import RoleAssignment

    found = two_communities(bot)
    bot.command("role <@UINSIDER> sponsor", user="UPRIV", channel=PRIVATE)
    bot.idle()
    bot.fake.members[PRIVATE].remove("UINSIDER")
    bot.event({"type": "member_left_channel", "user": "UINSIDER", "channel": PRIVATE, "channel_type": "G",
               "team": "T0001"})
    bot.idle()
    with bot.cop.runtime.db.reading() as session:
        assert session.exec(select(RoleAssignment).where(RoleAssignment.user_id == "UINSIDER")).all() == []
        assert session.exec(select(RoleAssignment).where(
            RoleAssignment.community_id == found[PRIVATE].id, RoleAssignment.user_id == "UPRIV")).all()
    # The public community's people keep theirs when they leave its channel.
    bot.event({"type": "member_left_channel", "user": "UFOUNDER", "channel": CHANNEL, "channel_type": "C",
               "team": "T0001"})
    bot.idle()
    with bot.cop.runtime.db.reading() as session:
        assert session.exec(select(RoleAssignment).where(RoleAssignment.user_id == "UFOUNDER")).all()


def test_after_forget_the_request_journal_holds_nothing_of_the_person(bot):
    """Even while someone else's request is still being worked on (the file cannot simply be emptied),
    the forgotten person's id and words leave the journal on disk as soon as the forget is done."""
    from tests.test_calls_for_help import ask

    two_communities(bot)
    ask(bot, "Where is the PROTOCOL-ZETA binder?", user="UASKER")
    bot.command("privacy forget", user="UASKER", channel=CHANNEL)
    modal = bot.fake.wait_for("views.open")[0].args["view"]
    bot.idle()
    bot.fake.delays["views.open"] = 2.0  # someone else's form is slow to open: their request stays owed
    bot.command("lesson", user="UFOUNDER", channel=CHANNEL)
    time.sleep(0.2)
    bot.submit_view(modal["callback_id"], {}, user="UASKER", private_metadata=modal["private_metadata"])
    path = bot.cop.runtime.journal.path
    deadline = time.monotonic() + 10
    while "UASKER" in path.read_text(encoding="utf-8"):
        assert time.monotonic() < deadline, "the journal still names the forgotten person"
        time.sleep(0.02)
    assert [e.body.get("user_id") for e in bot.cop.runtime.journal.pending()] == ["UFOUNDER"]  # still owed
    assert "PROTOCOL-ZETA" not in path.read_text(encoding="utf-8")
    bot.idle()


# A column whose name says it may hold a Slack user id (``*_id``, ``*_by``, ``*user*``, ``owner``…).
_LOOKS_LIKE_A_PERSON = r"(_id|_by|user|owner|author|asker|speaker|mentor|guest|who|voter|member)"


def undeclared_person_columns(metadata) -> list[str]:
    """``table.column`` of every text column named like a person's that privacy export and forget do not
    know about: neither declared a person (PERSON_COLUMNS) nor declared something else (NOT_PEOPLE_COLUMNS)."""
    import re

    from sqlalchemy import String

    from bot.services.privacy import NOT_PEOPLE_COLUMNS, PERSON_COLUMNS

    found = []
    for table in metadata.sorted_tables:
        for column in table.c:
            kind = getattr(column.type, "impl", column.type)
            if isinstance(kind, String) and re.search(_LOOKS_LIKE_A_PERSON, column.name) and \
                    column.name not in PERSON_COLUMNS + NOT_PEOPLE_COLUMNS:
                found.append(f"{table.name}.{column.name}")
    return found


def test_every_column_that_may_hold_a_slack_user_id_is_declared_for_privacy():
    """A new table's person column is exported and forgotten with the person only if it is declared
    (bot/services/privacy.py): a column named like one and declared neither way fails here."""
    from sqlalchemy import Column, Integer, MetaData, String, Table
    from sqlmodel import SQLModel

    import storage.models  # noqa: F401 - every table

    assert undeclared_person_columns(SQLModel.metadata) == []
    later = MetaData()  # what a contributor might add next
    Table("practice_votes", later, Column("id", Integer, primary_key=True), Column("team_id", String(32)),
          Column("voter_id", String(32)), Column("validated_by", String(32)))
    assert sorted(undeclared_person_columns(later)) == ["practice_votes.validated_by", "practice_votes.voter_id"]


def test_docs_privacy_names_every_table_that_holds_people_in_both_languages():
    """docs/privacy.md is what a privacy officer reads (ÉFVP, Law 25): every table a person's export
    covers is named there, in the French part and in the English part, so a new table cannot be
    added without saying so."""
    from pathlib import Path

    from bot.services.privacy_labels import TABLES

    doc = (Path(__file__).parent.parent / "docs" / "privacy.md").read_text(encoding="utf-8")
    french, english = doc.split("\n## English", 1)
    missing = {part: [t for t in TABLES if f"`{t}`" not in text]
               for part, text in (("French", french), ("English", english))}
    assert missing == {"French": [], "English": []}
