"""A member's participation record (/cop participation) through the real Slack protocol."""

import csv
import io
import json
from datetime import UTC, datetime

from freezegun import freeze_time
from sqlmodel import select

from storage.models import Community, HelpAnswer, HelpCredit, HelpRequest, HelpStatus
from tests.test_calls_for_help import CHANNEL, all_text, setup_community
from tests.test_meetings import card_of, posted_with
from tests.test_people import command


def _files(bot, before: int) -> dict[str, bytes]:
    """The files uploaded since ``before`` uploads, by the name the bot gave them."""
    asked = bot.fake.wait_for("files.getUploadURLExternal", count=before + 2)[before:]
    bot.fake.wait_for("files.completeUploadExternal", count=(before // 2) + 1)
    ids = [c.answer["file_id"] for c in asked]
    return {c.args["filename"]: bot.fake.uploaded_bytes[i] for c, i in zip(asked, ids, strict=True)}


def test_a_member_gets_their_own_record_of_the_year_in_their_language_and_nobody_elses(bot):
    bot.fake.locales["UMEMBER"] = "fr-CA"
    with freeze_time("2030-01-10 15:00:00", tick=True):
        setup_community(bot)
        command(bot, "role <@UMEMBER> expert", user="UFOUNDER")
        assert "announced" in command(bot, "meeting add 2030-02-07 14:00 Night triage", user="UFOUNDER")
        card = card_of(bot)
        bot.command("lesson Check the pump before each night shift", user="UMEMBER", channel=CHANNEL)
        posted_with(bot, CHANNEL, "Check the pump")
    with freeze_time("2030-02-07 19:30:00", tick=True):
        bot.cop.runtime.due.run_due()
        bot.click("cop_meeting_attended", card.args["blocks"][-1]["elements"][-1]["value"], user="UMEMBER",
                  message_ts=card.answer["ts"])
        bot.idle()
        with bot.cop.runtime.db.session() as session:  # a call UMEMBER answered and helped resolve
            community = session.exec(select(Community)).one()
            call = HelpRequest(team_id=bot.team_id, community_id=community.id, channel_id=CHANNEL,
                               asker_id="UASKER", question="q", status=HelpStatus.RESOLVED.value,
                               resolved_at=datetime(2030, 3, 1, tzinfo=UTC), resolved_by="UASKER")
            session.add(call)
            session.flush()
            session.add_all([HelpAnswer(team_id=bot.team_id, help_request_id=call.id, user_id="UMEMBER",
                                        message_ts="1.1", created_at=datetime(2030, 2, 28, tzinfo=UTC)),
                             HelpCredit(team_id=bot.team_id, help_request_id=call.id, user_id="UMEMBER",
                                        credited_by="UASKER")])
            session.commit()
    with freeze_time("2030-12-01 15:00:00", tick=True):
        refused = command(bot, "participation <@UOTHER>", user="UMEMBER")
        assert "nul ne peut demander celui d’une autre personne" in refused
        assert "Quelle année" in command(bot, "participation 2031", user="UMEMBER")
        assert bot.fake.calls_to("chat.postMessage", channel="UOTHER") == []

        uploads = len(bot.fake.calls_to("files.getUploadURLExternal"))
        assert "en message direct" in command(bot, "participation", user="UMEMBER")
        record = posted_with(bot, "UMEMBER", "Dossier de participation 2030")
        text = all_text(record)
        assert "7 février 2030 — Night triage (soins-cardiaques), 1 h" in text
        assert "Total\u00a0: 1 rencontre, 1 h" in text
        assert "1 appel à tous auquel vous avez répondu" in text and "1 appel résolu grâce à vous" in text
        assert "Check the pump" in text and "Experte ou expert de contenu" in text
        files = _files(bot, uploads)
        assert sorted(files) == ["participation-2030-umember.csv", "participation-2030-umember.pdf"]
        assert files["participation-2030-umember.pdf"].startswith(b"%PDF-")
        table = list(csv.reader(io.StringIO(files["participation-2030-umember.csv"].decode("utf-8-sig")),
                                delimiter=";"))
        assert table[0] == ["Section", "Date", "Quoi", "Communauté", "Heures"]
        assert ["Rencontres auxquelles vous avez assisté", "2030-02-07 14:00", "Night triage", "soins-cardiaques",
                "1"] in table
        assert table[-1] == ["Total", "", "Heures en rencontre", "", "1"]
        # Only the person, by DM: nothing in the channel, nothing to anyone else.
        assert not [c for c in bot.fake.calls_to("chat.postMessage", channel=CHANNEL)
                    if "participation" in json.dumps(c.args).lower()]

        # Forgotten, they have no record left: what it was read from no longer names them.
        bot.command("privacy forget", user="UMEMBER", channel=CHANNEL)
        modal = bot.fake.wait_for("views.open")[-1].args["view"]
        bot.submit_view("cop_privacy_forget", {}, user="UMEMBER", private_metadata=modal["private_metadata"])
        bot.idle()
        command(bot, "participation 2030", user="UMEMBER")
        assert "Rien n’est consigné à votre nom en 2030." in all_text(posted_with(bot, "UMEMBER", "Rien n’est"))
