"""Listeners and services called directly: the fast layer a newcomer starts from.

A listener is a plain function ``listener(runtime, request)``; a test builds the request by hand
(handlers/requests.py), calls it with the real runtime — the same one ``create_app`` builds, on
either engine — and reads what reached the strict fake of Slack. No HTTP server, no signing: the
wiring is tested once (test_slack_contract.py), the behaviour here. A service takes a session
and plain values; its test needs only the ``db`` fixture.
"""

import json

import pytest

from bot.app import create_app
from bot.i18n import translator
from bot.services import communities, expertise, newcomers
from bot.settings import Settings
from handlers import commands
from handlers import people as people_handlers
from handlers.requests import Command
from storage import communities as community_store
from storage.db import AlreadyDone

TEAM = "T1"


@pytest.fixture
def runtime(migrated_db, fake_slack):
    config = Settings(slack_bot_token="xoxb-test-token", slack_api_url=fake_slack.api_url,
                      database_url="sqlite:///:memory:")  # the database is migrated_db; no journal
    cop = create_app(config, db=migrated_db, run_migrations=False, work_quiet=0.0)
    yield cop.runtime
    cop.close()


def slash(fake_slack, word: str, text: str = "", *, user: str = "UFOUNDER", channel: str = "CCOP") -> Command:
    return Command(team_id=TEAM, channel_id=channel, user_id=user, word=word, text=text, channel_name="soins",
                   response_url=fake_slack.issue_response_url(), trigger_id=fake_slack.issue_trigger(),
                   bot_user_id="UCOPBOT", receipt=f"{TEAM}:{word}:{text}:{user}")


def private_replies(fake_slack, command: Command) -> list[str]:
    path = command.response_url.removeprefix(fake_slack.url.rstrip("/"))
    return [json.dumps(call.args, ensure_ascii=False) for call in fake_slack.calls_to("response_url")
            if call.path == path]


def done(runtime) -> None:
    assert runtime.work.wait_idle(10), "the listener's work never finished"


def test_setup_called_directly_makes_the_channel_a_community_and_tells_it_once(runtime, fake_slack):
    command = slash(fake_slack, "setup")
    commands.setup(runtime, command)
    done(runtime)
    announced = fake_slack.calls_to("chat.postMessage", channel="CCOP")
    assert len(announced) == 1 and "<@UFOUNDER>" in announced[0].args["text"]
    [reply] = private_replies(fake_slack, command)
    assert "founder" in reply
    with runtime.db.reading() as session:
        community = community_store.community_for_channel(session=session, team_id=TEAM, channel_id="CCOP")
    assert community is not None and community.created_by == "UFOUNDER"


def test_the_same_request_twice_changes_nothing_twice(runtime, fake_slack):
    command = slash(fake_slack, "setup")
    commands.setup(runtime, command)
    done(runtime)
    with pytest.raises(AlreadyDone):  # Slack's retry, or the journal's replay: the adapter counts it done
        commands.setup(runtime, command)
    done(runtime)
    assert len(private_replies(fake_slack, command)) == 1
    assert len(fake_slack.calls_to("chat.postMessage", channel="CCOP")) == 1


def test_rankings_off_called_directly_answers_privately_in_the_community_language(runtime, fake_slack):
    commands.setup(runtime, slash(fake_slack, "setup"))
    done(runtime)
    commands.language(runtime, slash(fake_slack, "language", "fr"))
    done(runtime)
    command = slash(fake_slack, "classements", "non", user="UQUIET")
    people_handlers.rankings(runtime, command)
    done(runtime)
    [reply] = private_replies(fake_slack, command)
    assert "classements" in reply.lower() and "no longer" not in reply
    with runtime.db.reading() as session:
        assert community_store.opted_in(session=session, team_id=TEAM, user_ids=["UQUIET"]) == set()


def test_an_unknown_word_gets_the_help_listing_every_subcommand_in_both_languages(runtime, fake_slack):
    for language, word in (("en", "ask"), ("fr", "demande")):
        usage = commands.usage(translator(language))
        assert all(f"`/cop {sub.english[0]}" in usage or f"`/cop {sub.french[0]}" in usage or sub.usage is None
                   for sub in commands.SUBCOMMANDS)
        assert f"/cop {word}" in usage
    command = slash(fake_slack, "frobnicate")
    commands.cop(runtime, command)
    done(runtime)
    [reply] = private_replies(fake_slack, command)
    assert "/cop ask" in reply


# -- services on a session: no Slack at all ------------------------------------------------------

def _community(session):
    return communities.set_up_community(session, team_id=TEAM, channel_id="CCOP", channel_name="soins",
                                        user_id="UFOUNDER", locale="fr-CA", timezone="America/Montreal").community


def test_a_service_decides_the_charter_is_editable_by_animators_only(db):
    with db.session() as session:
        community = _community(session)
        assert community.language == "fr"
        refused = newcomers.charter(session, team_id=TEAM, user_id="USOMEONE", channel_id="CCOP",
                                    new_text="Nouvelle charte")
        allowed = newcomers.charter(session, team_id=TEAM, user_id="UFOUNDER", channel_id="CCOP",
                                    new_text="Nouvelle charte")
    assert refused.outcome == newcomers.CharterOutcome.NOT_ALLOWED
    assert allowed.outcome == newcomers.CharterOutcome.SAVED
    with db.reading() as session:
        shown = newcomers.charter(session, team_id=TEAM, user_id="USOMEONE", channel_id="CCOP", new_text=None)
    assert shown.community.charter == "Nouvelle charte"


def test_a_service_keeps_ranking_choices_per_workspace(db):
    with db.session() as session:
        expertise.set_rankings(session, team_id=TEAM, user_id="U1", shown=False)
        expertise.set_rankings(session, team_id="T2", user_id="U1", shown=True)
    with db.reading() as session:
        assert community_store.opted_in(session=session, team_id=TEAM, user_ids=["U1", "U2"]) == set()
        assert community_store.opted_in(session=session, team_id="T2", user_ids=["U1", "U2"]) == {"U1"}
