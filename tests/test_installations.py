"""Many workspaces: installed through Slack's OAuth flow (Bolt's), each served with its own token,
Enterprise Grid organisations, token rotation, and workspaces leaving.

Everything goes through the real protocol: the install page and Slack's redirect over HTTP, signed
requests, and the strict fake's OAuth (client secret, single-use codes, single-use refresh tokens),
which also refuses any call made with one workspace's token about another workspace's channel."""

import html
import re
import threading
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text, update
from sqlmodel import select

from bot.installations import Installations
from storage.models import Community, DueItem, HelpRequest, OutboxMessage, OutboxStatus, Workspace
from tests.conftest import serving
from tests.fake_slack import CLIENT_ID, CLIENT_SECRET

TEAMS = {"T0AAA": ("CAAA", "UAAA1", "Hôpital A"), "T0BBB": ("CBBB", "UBBB1", "Hôpital B"),
         "T0CCC": ("CCCC", "UCCC1", "Hôpital C")}


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def get(url: str, *, cookie: str | None = None) -> tuple[int, dict, str]:
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read().decode()


def install(bot, team_id: str | None, **who) -> tuple[int, str]:
    """An admin opens /slack/install, clicks "Add to Slack", approves on Slack's page, and lands back
    on cop-bot (with the cookie the install page set, as a browser would)."""
    status, headers, page = get(bot.url + "slack/install")
    assert status == 200
    link = html.unescape(re.search(r'id="add-to-slack" href="([^"]+)"', page).group(1))
    cookie = headers["Set-Cookie"].split(";")[0]
    bot.fake.install_as(team_id, **who)
    status, headers, _ = get(link)
    assert status == 302, "Slack's consent page refused the install link"
    status, _, page = get(headers["Location"], cookie=cookie)
    return status, page


@contextmanager
def distributed_serving(fake, database_url, **settings):
    """The bot for any workspace that installs it (SLACK_CLIENT_ID/SECRET), its redirect URL registered."""
    with serving(fake, database_url, slack_bot_token="", slack_client_id=CLIENT_ID,
                 slack_client_secret=CLIENT_SECRET, **settings) as running:
        fake.redirect_urls.append(running.url + "slack/oauth_redirect")
        yield running


@pytest.fixture(params=["sqlite", "postgresql"])
def any_database_url(request, database_url):
    """SQLite (a file) or PostgreSQL (a database of its own), to run the bot on."""
    return request.getfixturevalue("postgres_database_url") if request.param == "postgresql" else database_url


@pytest.fixture
def distributed(fake_slack, any_database_url):
    with distributed_serving(fake_slack, any_database_url) as running:
        yield running


def owner_of(fake, token: str) -> str:
    return fake.tokens[token]


def test_three_workspaces_install_and_each_is_served_with_its_own_token(distributed):
    bot, fake = distributed, distributed.fake
    for team, (channel, _founder, name) in TEAMS.items():
        fake.add_channels(team, channel)
        status, page = install(bot, team, team_name=name)
        assert status == 200 and "/cop setup" in page and html.escape(name) in page
    assert len({fake.token_of(team) for team in TEAMS}) == 3

    for team, (channel, founder, _) in TEAMS.items():
        fake.locales[founder] = "fr-CA"
        assert bot.command("setup", user=founder, channel=channel, team_id=team)[0] == 200
        fake.wait_for("conversations.join", channel=channel)
        assert bot.command(f"ask Comment réduire les erreurs de pompe à {team} ?", user=founder, channel=channel,
                           team_id=team)[0] == 200
    bot.idle()
    for team, (channel, _, _) in TEAMS.items():
        posts = fake.calls_to("chat.postMessage", channel=channel)
        [call] = [p for p in posts if "erreurs de pompe" in str(p.args["blocks"])]
        assert team in str(call.args["blocks"]) and all(owner_of(fake, p.token) == team for p in posts)

    # Every call the bot made carried the token of the workspace it was about (the fake also refused
    # and reported any call about another workspace's channel: none was made).
    for call in fake.calls:
        if call.token and call.method not in ("oauth.v2.access", "auth.test"):
            channel = str(call.args.get("channel") or "")
            if channel in {c for c, _, _ in TEAMS.values()}:
                assert owner_of(fake, call.token) == fake.channel_teams[channel], call

    # Each workspace's rows are its own.
    with bot.cop.runtime.db.reading() as session:
        calls = session.exec(select(HelpRequest)).all()
        assert {(c.team_id, c.channel_id) for c in calls} == {(t, c) for t, (c, _, _) in TEAMS.items()}
        assert all(c.team_id in c.question for c in calls)

    # The scheduler's work (a follow-up due a day later, on a weekday) goes out with each row's own
    # token: the animators (the founders) hear of the unanswered calls.
    today = datetime.now(UTC).replace(hour=15, minute=0, second=0, microsecond=0)
    monday = today + timedelta(days=7 - today.weekday())  # the next Monday, at least a day away
    bot.cop.runtime.due.clock = bot.cop.runtime.deliverer.clock = lambda: monday
    fake.calls.clear()
    assert bot.cop.runtime.due.run_due() >= 3
    bot.idle()
    for team, (_, founder, _) in TEAMS.items():
        dms = fake.wait_for("chat.postMessage", channel=founder)
        assert any("erreurs de pompe" in str(dm.args) for dm in dms)
        assert all(owner_of(fake, dm.token) == team for dm in dms)


def test_outbox_retries_use_the_rows_workspace_token(distributed):
    bot, fake = distributed, distributed.fake
    for team, (channel, founder, name) in TEAMS.items():
        fake.add_channels(team, channel)
        install(bot, team, team_name=name)
        bot.command("setup", user=founder, channel=channel, team_id=team)
        fake.wait_for("conversations.join", channel=channel)
    bot.idle()
    fake.fail("chat.postMessage", "internal_error", times=3)  # Slack has trouble: each post is owed
    for team, (channel, founder, _) in TEAMS.items():
        bot.command("ask Qui a un protocole de nuit ?", user=founder, channel=channel, team_id=team)
    bot.idle()
    with bot.cop.runtime.db.reading() as session:
        owed = session.exec(select(OutboxMessage).where(OutboxMessage.status == OutboxStatus.PENDING)).all()
    assert {m.team_id for m in owed} == set(TEAMS)
    later = datetime.now(UTC) + timedelta(hours=1)
    bot.cop.runtime.deliverer.clock = lambda: later
    assert bot.cop.runtime.deliverer.deliver_due() == 3  # what the scheduler's outbox job runs
    for team, (channel, _, _) in TEAMS.items():
        posts = [c for c in fake.calls_to("chat.postMessage", channel=channel)
                 if c.answer.get("ok") and "protocole de nuit" in str(c.args)]
        assert len(posts) == 1 and owner_of(fake, posts[0].token) == team


def test_a_request_from_a_workspace_that_never_installed_is_refused_and_nothing_is_sent(distributed):
    bot, fake = distributed, distributed.fake
    fake.add_channels("T0ZZZ", "CZZZ")
    status, body = bot.command("setup", user="UZZZ", channel="CZZZ", team_id="T0ZZZ")
    assert status == 200
    [reply] = fake.wait_for("response_url")
    assert "pas installé" in reply.args["text"] and "not installed" in reply.args["text"]
    fake.settle()
    assert not fake.calls_to("chat.postMessage") and not fake.calls_to("conversations.join")


def test_a_cancelled_or_replayed_install_lands_on_a_clear_page_and_installs_nothing(distributed):
    bot, fake = distributed, distributed.fake
    status, page = install(bot, "T0AAA", deny=True)
    assert status == 200 and "annulée" in page and "cancelled" in page
    # A redirect whose state was never issued (or was used already) is refused.
    status, _, page = get(bot.url + "slack/oauth_redirect?code=x&state=forged", cookie="slack-app-oauth-state=forged")
    assert status == 401 and "expired" in page and "expiré" in page
    # Opened in another browser (no cookie from the install page).
    status, _, page = get(bot.url + "slack/oauth_redirect?code=x&state=abc")
    assert status == 400 and "same browser" in page and "même navigateur" in page
    assert not fake.calls_to("oauth.v2.access")
    with bot.cop.runtime.db.reading() as session:
        assert session.execute(text("SELECT count(*) FROM slack_bots")).scalar() == 0


def test_an_org_wide_install_serves_every_workspace_of_the_organisation(distributed):
    bot, fake = distributed, distributed.fake
    status, page = install(bot, None, enterprise_id="E0ORG", enterprise_name="Réseau santé", org=True)
    assert status == 200 and "Réseau santé" in page
    for team, channel in (("T0ORG1", "CORG1"), ("T0ORG2", "CORG2")):
        fake.enterprise_of[team] = "E0ORG"
        fake.add_channels(team, channel)
        assert bot.command("setup", user=f"U{team}", channel=channel, team_id=team, enterprise_id="E0ORG",
                           org_install=True)[0] == 200
        [join] = fake.wait_for("conversations.join", channel=channel)
        assert owner_of(fake, join.token) == "E0ORG"
    bot.idle()
    with bot.cop.runtime.db.reading() as session:
        rows = {w.team_id: (w.enterprise_id, w.org_install) for w in session.exec(select(Workspace))}
        assert rows == {"T0ORG1": ("E0ORG", True), "T0ORG2": ("E0ORG", True)}
    # Background work for one of its workspaces finds the organisation's token.
    notifier = bot.cop.runtime.slack("T0ORG2")
    assert owner_of(fake, notifier.client.token) == "E0ORG"


def _expire_soon(db, team_id: str) -> None:
    with db.session() as session:
        session.execute(text("UPDATE slack_bots SET bot_token_expires_at = :when WHERE team_id = :team"),
                        {"when": datetime.now(UTC).replace(tzinfo=None) + timedelta(minutes=30), "team": team_id})


def test_tokens_are_rotated_before_they_expire_once_whoever_asks(fake_slack, any_database_url):
    fake_slack.token_rotation = True
    with distributed_serving(fake_slack, any_database_url) as bot:
        channel, founder, name = TEAMS["T0AAA"]
        fake_slack.add_channels("T0AAA", channel)
        install(bot, "T0AAA", team_name=name)
        first = fake_slack.token_of("T0AAA")
        assert first.startswith("xoxe.xoxb-")
        _expire_soon(bot.cop.runtime.db, "T0AAA")
        bot.cop.runtime.installations.forget_cache()
        # Four threads (and a second process's worth of installations) want the token at once.
        other = Installations(bot.cop.runtime.db, bot.cop.runtime.settings)
        tokens = []
        threads = [threading.Thread(target=lambda i=i: tokens.append(
            (other if i % 2 else bot.cop.runtime.installations).for_team("T0AAA").client.token)) for i in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        refreshes = [c for c in fake_slack.calls_to("oauth.v2.access") if c.args.get("grant_type") == "refresh_token"]
        assert len(refreshes) == 1 and refreshes[0].answer["ok"]
        assert set(tokens) == {fake_slack.token_of("T0AAA")} != {first}
        # A request authorized after the rotation posts with the new token.
        bot.command("setup", user=founder, channel=channel, team_id="T0AAA")
        [join] = fake_slack.wait_for("conversations.join", channel=channel)
        assert join.token == fake_slack.token_of("T0AAA")
        # Once the old token has expired, nothing uses it.
        fake_slack.expire_token(first)
        bot.command("ask Protocole de nuit ?", user=founder, channel=channel, team_id="T0AAA")
        bot.idle()
        posts = fake_slack.calls_to("chat.postMessage", channel=channel)
        assert posts and all(p.answer["ok"] and p.token != first for p in posts)


def test_a_workspace_that_uninstalls_gets_nothing_more_and_its_data_goes_after_the_retention(distributed):
    from bot.scheduler import purge_departed

    bot, fake = distributed, distributed.fake
    for team in ("T0AAA", "T0BBB"):
        channel, founder, name = TEAMS[team]
        fake.add_channels(team, channel)
        install(bot, team, team_name=name)
        bot.command("setup", user=founder, channel=channel, team_id=team)
        fake.wait_for("conversations.join", channel=channel)
    bot.idle()
    fake.fail("chat.postMessage", "internal_error", times=2)
    for team in ("T0AAA", "T0BBB"):
        channel, founder, _ = TEAMS[team]
        bot.command("ask Qui a un protocole ?", user=founder, channel=channel, team_id=team)
    bot.idle()

    assert bot.event({"type": "app_uninstalled"}, team_id="T0AAA")[0] == 200
    bot.idle()
    with bot.cop.runtime.db.reading() as session:
        a_rows = session.exec(select(OutboxMessage).where(OutboxMessage.team_id == "T0AAA")).all()
        assert a_rows and all(m.status in (OutboxStatus.CANCELLED, OutboxStatus.SENT) for m in a_rows)
        assert all(i.status != "pending" for i in session.exec(select(DueItem).where(DueItem.team_id == "T0AAA")))
        assert session.execute(text("SELECT count(*) FROM slack_bots WHERE team_id = 'T0AAA'")).scalar() == 0
    fake.calls.clear()
    later = datetime.now(UTC) + timedelta(hours=1)
    bot.cop.runtime.deliverer.clock = lambda: later
    bot.cop.runtime.deliverer.deliver_due()
    assert not fake.calls_to("chat.postMessage", channel="CAAA")  # nothing more for the workspace that left
    assert fake.calls_to("chat.postMessage", channel="CBBB")  # the other one is still served

    # Its data is kept for the retention (30 days), then deleted; the other workspace's stays.
    runtime = bot.cop.runtime
    purge_departed(runtime)
    with runtime.db.reading() as session:
        assert session.exec(select(Community).where(Community.team_id == "T0AAA")).first() is not None
    with runtime.db.session() as session:
        session.execute(update(Workspace).where(Workspace.team_id == "T0AAA")
                        .values(departed_at=datetime.now(UTC) - timedelta(days=31)))
    purge_departed(runtime)
    with runtime.db.reading() as session:
        for table in ("communities", "help_requests", "outbox", "due_items", "role_assignments", "workspaces"):
            left = session.execute(text(f"SELECT count(*) FROM {table} WHERE team_id = 'T0AAA'")).scalar()  # noqa: S608
            assert left == 0, table
        assert session.exec(select(Community).where(Community.team_id == "T0BBB")).first() is not None


def test_tokens_revoked_for_the_bot_stops_the_workspace_too(distributed):
    bot, fake = distributed, distributed.fake
    channel, founder, name = TEAMS["T0CCC"]
    fake.add_channels("T0CCC", channel)
    install(bot, "T0CCC", team_name=name)
    bot.event({"type": "tokens_revoked", "tokens": {"oauth": ["UX"]}}, team_id="T0CCC")  # a user's: ignored
    bot.idle()
    with bot.cop.runtime.db.reading() as session:
        assert session.get(Workspace, "T0CCC").departed_at is None
    bot.event({"type": "tokens_revoked", "tokens": {"bot": [fake.bot_users["T0CCC"]]}}, team_id="T0CCC")
    bot.idle()
    with bot.cop.runtime.db.reading() as session:
        assert session.get(Workspace, "T0CCC").departed_at is not None
    # Installed again: served again.
    install(bot, "T0CCC", team_name=name)
    with bot.cop.runtime.db.reading() as session:
        assert session.get(Workspace, "T0CCC").departed_at is None


def test_one_workspace_that_uninstalled_and_came_back_is_served_again_and_not_purged(fake_slack, database_url):
    from bot.scheduler import purge_departed
    from tests.fake_slack import TEAM_ID

    with serving(fake_slack, database_url) as bot:
        fake_slack.bot_joins("CCOP")
        bot.command("setup", user="UFOUNDER", channel="CCOP")
        fake_slack.wait_for("response_url")
        bot.event({"type": "app_uninstalled"})
        bot.idle()
        with bot.cop.runtime.db.session() as session:
            session.execute(update(Workspace).values(departed_at=datetime.now(UTC) - timedelta(days=10)))
    # The admin reinstalls and restarts cop-bot with a token Slack accepts.
    with serving(fake_slack, database_url) as again:
        with again.cop.runtime.db.reading() as session:
            assert session.get(Workspace, TEAM_ID).departed_at is None
        purge_departed(again.cop.runtime)
        with again.cop.runtime.db.reading() as session:
            assert session.exec(select(Community).where(Community.team_id == TEAM_ID)).first() is not None


def test_an_organisation_that_uninstalls_leaves_with_all_its_workspaces(distributed):
    bot, fake = distributed, distributed.fake
    install(bot, None, enterprise_id="E0ORG", enterprise_name="Réseau", org=True)
    for team, channel in (("T0ORG1", "CORG1"), ("T0ORG2", "CORG2")):
        fake.enterprise_of[team] = "E0ORG"
        fake.add_channels(team, channel)
        bot.command("setup", user=f"U{team}", channel=channel, team_id=team, enterprise_id="E0ORG", org_install=True)
        fake.wait_for("conversations.join", channel=channel)
    bot.idle()
    bot.event({"type": "app_uninstalled"}, team_id="T0ORG1", enterprise_id="E0ORG", org_install=True)
    bot.idle()
    with bot.cop.runtime.db.reading() as session:
        assert all(w.departed_at is not None for w in session.exec(select(Workspace)))
        assert session.execute(text("SELECT count(*) FROM slack_bots")).scalar() == 0
    fake.calls.clear()
    status, _ = bot.command("help", user="UT0ORG2", channel="CORG2", team_id="T0ORG2", enterprise_id="E0ORG",
                            org_install=True)
    assert status == 200
    [reply] = fake.wait_for("response_url")
    assert "not installed" in reply.args["text"]


@pytest.mark.parametrize("refusal", ["token_expired", "invalid_auth"])
def test_a_token_slack_refuses_before_its_time_is_refreshed_once_and_the_call_made_again(fake_slack, database_url,
                                                                                          refusal):
    """Slack may expire a rotating token before the 12 hours it announced (or refuse it with
    invalid_auth): the post that meets the refusal is made again, once, with a refreshed token."""
    fake_slack.token_rotation = True
    with distributed_serving(fake_slack, database_url) as bot:
        channel, founder, name = TEAMS["T0AAA"]
        fake_slack.add_channels("T0AAA", channel)
        install(bot, "T0AAA", team_name=name)
        bot.command("setup", user=founder, channel=channel, team_id="T0AAA")
        fake_slack.wait_for("conversations.join", channel=channel)
        bot.idle()
        first = fake_slack.token_of("T0AAA")
        if refusal == "token_expired":
            fake_slack.expire_token(first, at="chat.postMessage")  # hours before the expiry the bot was told
        else:
            fake_slack.fail("chat.postMessage", "invalid_auth")
        fake_slack.calls.clear()
        assert bot.command("ask Qui a un protocole de pompe pour la nuit ?", user=founder, channel=channel,
                           team_id="T0AAA")[0] == 200
        bot.idle()
        refreshes = [c for c in fake_slack.calls_to("oauth.v2.access") if c.args.get("grant_type") == "refresh_token"]
        assert len(refreshes) == 1 and refreshes[0].answer["ok"]
        fresh = fake_slack.token_of("T0AAA")
        assert fresh != first
        posts = [c for c in fake_slack.calls_to("chat.postMessage", channel=channel) if "protocole de pompe" in
                 str(c.args.get("blocks"))]
        assert [p.answer["ok"] for p in posts] == [False, True]
        assert posts[0].token == first and posts[1].token == fresh
        # The call for help was posted once; what comes next goes out with the fresh token, without
        # refreshing again.
        assert sum("protocole de pompe" in str(p.args.get("blocks")) for p in fake_slack.calls_to("chat.postMessage")
                   if p.answer["ok"]) == 1
        fake_slack.calls.clear()
        bot.command("ask Et pour le jour ?", user=founder, channel=channel, team_id="T0AAA")
        bot.idle()
        assert all(c.token == fresh and c.answer["ok"] for c in fake_slack.calls if c.method != "response_url")
        assert not fake_slack.calls_to("oauth.v2.access")


def test_whoever_installed_cop_bot_finds_it_in_their_data_and_is_forgotten_there_too(distributed):
    """slack_sdk's installation store keeps the installer's Slack id: their export shows the install
    (never a token), and forgetting them takes their id out of it, while the workspace stays served."""
    import json

    from tests.spreadsheet import received_files

    bot, fake = distributed, distributed.fake
    fake.add_channels("T0AAA", "CAAA")
    assert install(bot, "T0AAA", team_name="Hôpital A", installer="UADMIN1")[0] == 200
    assert bot.command("setup", user="UFOUNDER1", channel="CAAA", team_id="T0AAA")[0] == 200
    fake.wait_for("conversations.join", channel="CAAA")

    assert bot.command("privacy export", user="UADMIN1", channel="CAAA", team_id="T0AAA")[0] == 200
    fake.wait_for("files.completeUploadExternal")
    [document] = [json.loads(content) for name, content in received_files(bot).items() if name.endswith(".json")]
    [installed] = document["tables"]["slack_installations"]
    assert installed["user_id"] == "UADMIN1" and installed["workspace_name"] == "Hôpital A"
    assert document["legend"]["slack_installations"]["label"] == "Your installations of cop-bot in this workspace"
    assert "xoxb-" not in json.dumps(document) and "xoxe-" not in json.dumps(document)

    assert bot.command("privacy forget", user="UADMIN1", channel="CAAA", team_id="T0AAA")[0] == 200
    modal = fake.wait_for("views.open")[-1].args["view"]
    bot.submit_view("cop_privacy_forget", {}, user="UADMIN1", private_metadata=modal["private_metadata"],
                    team_id="T0AAA")
    bot.idle()
    with bot.cop.runtime.db.reading() as session:
        installers = session.execute(text("SELECT user_id FROM slack_installations WHERE team_id = 'T0AAA'")).scalars()
        assert "UADMIN1" not in list(installers)
    # The installation itself stays: the workspace is served as before.
    assert bot.command("ask Qui a le protocole de nuit ?", user="UFOUNDER1", channel="CAAA", team_id="T0AAA")[0] == 200
    bot.idle()
    assert any("protocole de nuit" in str(c.args) for c in fake.calls_to("chat.postMessage", channel="CAAA"))


def test_two_calls_refused_at_once_renew_the_token_once(fake_slack):
    """Two threads use a token Slack has just ended: the first refused renews it; the second, whose
    refusal comes back after that, tries again with the fresh token instead of renewing the fresh one
    (which spent a second refresh — Slack's refresh tokens work once)."""
    from bot.notifier import Notifier, make_client
    from tests.fake_slack import TEAM_ID

    fake_slack.tokens["xoxb-old"] = TEAM_ID
    renewals = []

    def renew(refused: str) -> str:
        renewals.append(refused)
        fake_slack.tokens[f"xoxb-new-{len(renewals)}"] = TEAM_ID
        return f"xoxb-new-{len(renewals)}"

    notifier = Notifier(make_client("xoxb-old", fake_slack.api_url), renew=renew)
    fake_slack.expire_token("xoxb-old")
    fake_slack.slow_next("conversations.info", 0.5)  # refused, but its answer comes back late
    slow = threading.Thread(target=notifier.is_private, args=("CCOP",))
    slow.start()
    time.sleep(0.1)
    notifier.person("UASKER")  # refused at once: renews
    slow.join(5)
    assert renewals == ["xoxb-old"]
    assert [c.token for c in fake_slack.calls_to("conversations.info")][-1] == "xoxb-new-1"
