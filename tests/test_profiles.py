"""Who's who (issue 30 item 1): a member's profile in a form, in their own language; `/cop who` shows it
beside its ranking; the Home tab's directory of the community, filtered by topic, region and workplace;
nothing of it seen outside the community; privacy export, forgetting, retention and the audit trail."""

import json
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from bot.services import retention
from storage.models import AuditEvent, Community, Expertise, Profile
from tests.test_calls_for_help import CHANNEL, setup_community
from tests.test_people import command, open_home, rows
from tests.test_privacy import PRIVATE, two_communities


def fill_profile(bot, user: str, *, channel: str = CHANNEL, **fields) -> tuple[dict, tuple[int, str]]:
    """``/cop profile`` typed, the form filled and sent: (the form as opened, Slack's answer to the submission)."""
    bot.idle()
    before = len(bot.fake.calls_to("views.open"))
    assert bot.command("profile", user=user, channel=channel)[0] == 200
    modal = bot.fake.wait_for("views.open", count=before + 1)[before].args["view"]
    answer = bot.submit_view("cop_profile_modal", fields, user=user, private_metadata=modal["private_metadata"])
    bot.idle()
    return modal, answer


def directory_lines(view: dict) -> str:
    """The directory's text as the person reads it, from its header down."""
    start = next(i for i, b in enumerate(view["blocks"]) if b["type"] == "header"
                 and b["text"]["text"].startswith(("Who's who", "Qui est qui")))
    shown = []
    for block in view["blocks"][start + 1:]:
        if block["type"] in ("divider", "header"):
            break
        if block["type"] == "section":
            shown.append(block["text"]["text"])
    return "\n".join(shown)


def test_a_member_says_who_they_are_in_their_language_and_who_shows_it_beside_the_ranking(bot):
    setup_community(bot)
    bot.fake.locales["UMEMBER"] = "fr-CA"
    modal, (status, body) = fill_profile(bot, "UMEMBER", workplace="CISSS de Laval", region="Laval",
                                         job="Infirmière clinicienne", years="12", helps="#triage, #nuit",
                                         looking="#pediatrie")
    assert status == 200 and body == ""
    text = json.dumps(modal, ensure_ascii=False)
    assert modal["title"]["text"] == "Votre profil" and "Années dans la pratique" in text  # the person's language
    assert all(b.get("optional") for b in modal["blocks"] if b["type"] == "input")
    # What they can help with is their declared expertise: urgent calls on it reach them.
    assert "#nuit #triage" in command(bot, "expertise", user="UMEMBER")

    ranking = command(bot, "who #triage", user="UASKER")  # the community speaks English
    assert "1. <@UMEMBER> — declared expertise" in ranking
    assert "_Infirmière clinicienne · CISSS de Laval · Laval · 12 years in the practice_" in ranking

    # The form opens prefilled; a number of years that is not one keeps it open, in the person's language.
    modal, (status, body) = fill_profile(bot, "UMEMBER", workplace="CISSS de Laval", years="douze")
    fields = {b["block_id"]: b["element"].get("initial_value") for b in modal["blocks"] if b["type"] == "input"}
    assert fields == {"workplace": "CISSS de Laval", "region": "Laval", "job": "Infirmière clinicienne",
                      "years": "12", "helps": "#nuit #triage", "looking": "#pediatrie"}
    assert json.loads(body)["errors"]["years"].startswith("Un nombre entier")
    assert rows(bot, Profile)[0].practising_since == datetime.now(UTC).year - 12  # unchanged

    # Every field left empty: the profile goes, and so do the topics it declared.
    fill_profile(bot, "UMEMBER")
    assert rows(bot, Profile) == [] and rows(bot, Expertise) == []
    assert "Nobody has declared #triage" in command(bot, "who #triage", user="UASKER")
    assert [e.action for e in rows(bot, AuditEvent) if e.user_id == "UMEMBER"] == ["profile.saved",
                                                                                   "profile.removed"]
    assert "Infirmière" not in json.dumps([e.detail for e in rows(bot, AuditEvent)], ensure_ascii=False)


def test_the_home_directory_is_filtered_by_topic_region_and_workplace_and_stays_in_the_community(bot):
    two_communities(bot)
    fill_profile(bot, "UMEMBER", workplace="CISSS de Laval", region="Laval", job="Infirmière", years="12",
                 helps="#triage #nuit")
    fill_profile(bot, "UASKER", workplace="CISSS de la Gaspésie", region="Gaspé", helps="#triage")
    fill_profile(bot, "UHELPER", workplace="cisss de laval", region="laval", looking="#triage")
    fill_profile(bot, "UPRIV", channel=PRIVATE, workplace="Secret", region="Laval", helps="#nuit")

    view = open_home(bot, "UFOUNDER")
    shown = directory_lines(view)
    assert "<@UMEMBER> — Infirmière · CISSS de Laval · Laval · 12 years in the practice — can help with " \
           "#nuit #triage" in shown
    assert "<@UASKER>" in shown and "<@UHELPER> — cisss de laval · laval — looking for #triage" in shown
    assert "UPRIV" not in json.dumps(view) and "Secret" not in json.dumps(view)  # another community's
    filters = next(b for b in view["blocks"] if b.get("block_id") == "directory")["elements"]
    assert [f["action_id"] for f in filters] == ["cop_directory_topic", "cop_directory_region",
                                                 "cop_directory_workplace"]  # one community: no choice of it
    regions = [o["text"]["text"] for o in filters[1]["options"]]
    assert regions == ["Every region", "Gaspé", "Laval"]  # spelt differently, one region

    bot.choose_on_home("cop_directory_region", "Laval", user="UFOUNDER")
    view = bot.fake.wait_for("views.publish", count=2, user_id="UFOUNDER")[-1].args["view"]
    shown = directory_lines(view)
    assert "<@UMEMBER>" in shown and "<@UHELPER>" in shown and "<@UASKER>" not in shown
    bot.choose_on_home("cop_directory_topic", "nuit", user="UFOUNDER")  # the region stays chosen
    view = bot.fake.wait_for("views.publish", count=3, user_id="UFOUNDER")[-1].args["view"]
    assert "<@UMEMBER>" in directory_lines(view) and "<@UHELPER>" not in directory_lines(view)
    bot.choose_on_home("cop_directory_workplace", "CISSS de la Gaspésie", user="UFOUNDER")
    view = bot.fake.wait_for("views.publish", count=4, user_id="UFOUNDER")[-1].args["view"]
    assert "Nobody matches these filters." in json.dumps(view)

    # Someone in the private community sees its own directory, and nothing of the other.
    view = open_home(bot, "UPRIV")
    assert "<@UPRIV> — Secret · Laval — can help with #nuit" in directory_lines(view)
    assert "UMEMBER" not in json.dumps(view)
    # /cop who in the private community shows nothing of the public one's profiles, and the reverse.
    bot.idle()
    before = len(bot.fake.calls_to("response_url"))
    bot.command("who #nuit", user="UPRIV", channel=PRIVATE)
    private = bot.fake.wait_for("response_url", count=before + 1)[before].args
    assert "CISSS" not in json.dumps(private) and "Secret" in json.dumps(private)


def test_a_select_offers_only_its_options(bot):
    """The fake, as Slack, lets a person pick only what a select offers."""
    setup_community(bot)
    open_home(bot, "UFOUNDER")
    with pytest.raises(AssertionError, match="offers no option"):
        bot.choose_on_home("cop_directory_region", "Nowhere", user="UFOUNDER")


def test_a_profile_is_in_the_persons_export_gone_when_they_are_forgotten_and_purged_when_stale(bot):
    setup_community(bot)
    fill_profile(bot, "UMEMBER", workplace="CISSS de Laval", region="Laval", helps="#triage")
    assert bot.command("privacy export", user="UMEMBER", channel=CHANNEL)[0] == 200
    bot.fake.wait_for("files.completeUploadExternal")
    from tests.spreadsheet import received_files

    document = json.loads(next(v for k, v in received_files(bot).items() if k.endswith(".json")))
    assert document["tables"]["profiles"][0]["workplace"] == "CISSS de Laval"
    assert document["legend"]["profiles"]["fields"]["workplace"] == "Workplace"

    fill_profile(bot, "UASKER", workplace="Ailleurs")
    bot.command("privacy forget", user="UMEMBER", channel=CHANNEL)
    modal = bot.fake.wait_for("views.open", count=3)[-1].args["view"]
    bot.submit_view("cop_privacy_forget", {}, user="UMEMBER", private_metadata=modal["private_metadata"])
    bot.idle()
    assert [p.user_id for p in rows(bot, Profile)] == ["UASKER"]

    # A profile nobody touched for as long as the community keeps its history is purged with it.
    db = bot.cop.runtime.db
    later = datetime.now(UTC) + timedelta(days=31 * 40)
    with db.session() as session:
        community = session.exec(select(Community)).one()
        purged = retention.purge(session, community, later)
    assert purged.profiles == 1 and rows(bot, Profile) == []
    assert any(e.action == "retention.purged" and "profiles=1" in e.detail for e in rows(bot, AuditEvent))
