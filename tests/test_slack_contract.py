"""The strict fake is strict: known-bad calls fail as real Slack fails them, and each is recorded
as a violation (which fails any other test at teardown)."""

import json
import urllib.request

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from tests.fake_slack import TEAM_ID, TOKEN, FakeSlack


@pytest.fixture
def fake():
    fake = FakeSlack()
    fake.bot_joins("CCOP")
    yield fake
    fake.close()


@pytest.fixture
def client(fake):
    return WebClient(token=TOKEN, base_url=fake.api_url)


def button(action_id: str, text: str = "Go") -> dict:
    return {"type": "button", "action_id": action_id, "value": "1", "text": {"type": "plain_text", "text": text}}


def refused(call) -> dict:
    with pytest.raises(SlackApiError) as caught:
        call()
    return caught.value.response.data


def rules_broken(fake) -> set[str]:
    return {violation.rule for _, violation in fake.take_violations()}


def test_a_good_message_goes_through_and_breaks_no_rule(fake, client):
    answer = client.chat_postMessage(channel="CCOP", text="Hello", blocks=[
        {"type": "section", "text": {"type": "mrkdwn", "text": "Hello <@U1> &amp; <https://x.org|x>"}},
        {"type": "actions", "elements": [button("a"), button("b")]}])
    assert answer["ok"] and fake.violations == []


def test_two_buttons_with_one_action_id_are_refused_with_the_rule_and_the_pointer(fake, client):
    data = refused(lambda: client.chat_postMessage(channel="CCOP", text="x", blocks=[
        {"type": "actions", "elements": [button("same"), button("same")]}]))
    assert data["error"] == "invalid_blocks"
    assert "duplicate_action_id" in data["errors"][0] and "[json-pointer:/blocks/0/elements/1/action_id]" in \
        data["errors"][0]
    assert rules_broken(fake) == {"duplicate_action_id"}


def test_a_3001_character_section_is_refused(fake, client):
    data = refused(lambda: client.chat_postMessage(channel="CCOP", text="x", blocks=[
        {"type": "section", "text": {"type": "mrkdwn", "text": "a" * 3001}}]))
    assert data["error"] == "invalid_blocks" and "/blocks/0/text/text" in data["errors"][0]
    assert "too_long" in rules_broken(fake)


@pytest.mark.parametrize(("block", "rule"), [
    ({"type": "header", "text": {"type": "mrkdwn", "text": "Hi"}}, "plain_text_only"),
    ({"type": "section", "text": {"type": "mrkdwn", "text": "Hi"}, "colour": "red"}, "unknown_field"),
    ({"type": "section", "text": {"type": "mrkdwn", "text": ""}}, "too_short"),
    ({"type": "actions", "elements": [button("a", "x" * 76)]}, "too_long"),
    ({"type": "fancy"}, "unknown_block_type"),
])
def test_what_slack_sdk_lets_through_is_refused_too(fake, client, block, rule):
    assert refused(lambda: client.chat_postMessage(channel="CCOP", text="x", blocks=[block]))["error"] == \
        "invalid_blocks"
    assert rule in rules_broken(fake)


def test_two_blocks_with_one_block_id_and_51_blocks_are_refused(fake, client):
    section = {"type": "section", "block_id": "b", "text": {"type": "mrkdwn", "text": "x"}}
    refused(lambda: client.chat_postMessage(channel="CCOP", text="x", blocks=[section, section]))
    assert rules_broken(fake) == {"duplicate_block_id"}
    refused(lambda: client.chat_postMessage(channel="CCOP", text="x", blocks=[{"type": "divider"}] * 51))
    assert rules_broken(fake) == {"too_many_blocks"}


def test_blocks_without_a_text_fallback_post_as_slack_does_but_break_the_contract(fake, client):
    with pytest.warns(UserWarning, match="top-level `text`"):  # slack_sdk warns too
        answer = client.chat_postMessage(channel="CCOP", blocks=[{"type": "divider"}])
    assert answer["ok"]  # Slack posts it; notifications and screen readers show nothing
    assert rules_broken(fake) == {"missing_text_fallback"}


def test_a_cut_entity_or_a_broadcast_in_mrkdwn_is_a_violation(fake, client):
    client.chat_postMessage(channel="CCOP", text="Tom &am")
    client.chat_postMessage(channel="CCOP", text="see <https://x.org|x")
    client.chat_postMessage(channel="CCOP", text="hey <!channel>")
    assert rules_broken(fake) == {"broken_entity", "broken_sequence", "broadcast"}


def test_a_modal_is_checked_title_metadata_and_submit(fake, client):
    trigger = fake.issue_trigger()
    view = {"type": "modal", "title": {"type": "plain_text", "text": "A title far longer than 24"},
            "private_metadata": "m" * 3001, "blocks": [{"type": "input", "label": {"type": "plain_text", "text": "L"},
                                                       "element": {"type": "plain_text_input", "action_id": "v"}}]}
    assert refused(lambda: client.views_open(trigger_id=trigger, view=view))["error"] == "invalid_arguments"
    assert {"too_long", "missing_field"} <= rules_broken(fake)


def test_an_expired_or_reused_trigger_cannot_open_a_modal(fake, client):
    view = {"type": "modal", "title": {"type": "plain_text", "text": "Hi"},
            "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": "x"}}]}
    late = fake.issue_trigger(age=3.5)  # the request came 3.5 s ago
    assert refused(lambda: client.views_open(trigger_id=late, view=view))["error"] == "expired_trigger_id"
    fresh = fake.issue_trigger()
    assert client.views_open(trigger_id=fresh, view=view)["ok"]
    assert refused(lambda: client.views_open(trigger_id=fresh, view=view))["error"] == "exchanged_trigger_id"
    assert refused(lambda: client.views_open(trigger_id="1.2.3", view=view))["error"] == "invalid_trigger_id"
    assert rules_broken(fake) == {"expired_trigger_id", "exchanged_trigger_id", "invalid_trigger_id"}


def test_a_response_url_takes_five_uses_then_refuses_the_sixth(fake):
    url = fake.issue_response_url()
    statuses = []
    for n in range(6):
        request = urllib.request.Request(url, data=json.dumps({"text": f"answer {n}"}).encode(), method="POST",
                                         headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=5) as response:
                statuses.append(response.status)
        except urllib.error.HTTPError as e:
            statuses.append(e.code)
    assert statuses == [200] * 5 + [404]
    assert rules_broken(fake) == {"used_url"}
    old = fake.issue_response_url(age=31 * 60)
    request = urllib.request.Request(old, data=b'{"text": "late"}', method="POST",
                                     headers={"Content-Type": "application/json"})
    with pytest.raises(urllib.error.HTTPError):
        urllib.request.urlopen(request, timeout=5)
    assert rules_broken(fake) == {"expired_url"}


def test_a_method_the_manifest_does_not_grant_is_refused_with_missing_scope(fake, client):
    fake.scopes.discard("users:read")
    data = refused(lambda: client.users_info(user="U1"))
    assert data["error"] == "missing_scope" and data["needed"] == "users:read"
    assert rules_broken(fake) == {"missing_scope"}
    # Reading a DM's history needs im:history (manifest.yml asks for it: the outbox reads its DMs back).
    fake.scopes.discard("im:history")
    assert refused(lambda: client.conversations_history(channel="DU1"))["error"] == "missing_scope"
    assert rules_broken(fake) == {"missing_scope"}


def test_arguments_are_checked_and_read_methods_take_no_json(fake, client):
    ts = client.chat_postMessage(channel="CCOP", text="x")["ts"]
    data = refused(lambda: client.chat_update(channel="CCOP", ts=ts, text="y", unfurl_links=False))
    assert data["error"] == "invalid_arguments" and rules_broken(fake) == {"unknown_argument"}
    refused(lambda: client.api_call("conversations.replies", json={"channel": "CCOP", "ts": ts}))
    assert "json_not_accepted" in rules_broken(fake)
    assert client.conversations_replies(channel="CCOP", ts=ts)["ok"]  # as slack_sdk sends it: fine
    assert fake.violations == []


def test_slack_answers_who_may_do_what(fake, client):
    assert refused(lambda: client.chat_postMessage(channel="COTHER", text="x"))["error"] == "not_in_channel"
    assert refused(lambda: client.chat_update(channel="CCOP", ts="1.2", text="x"))["error"] == "message_not_found"
    fake.bots.add("UOTHERBOT")  # a bot user: Slack lets no app write to it directly
    assert refused(lambda: client.chat_postMessage(channel="UOTHERBOT", text="x"))["error"] == "cannot_dm_bot"
    fake.private.add("GPRIVATE")
    assert refused(lambda: client.conversations_join(channel="GPRIVATE"))["error"] == \
        "method_not_supported_for_channel_type"
    assert refused(lambda: WebClient(token="xoxb-unknown", base_url=fake.api_url).auth_test())["error"] == \
        "invalid_auth"
    fake.revoked.add(TOKEN)
    assert refused(client.auth_test)["error"] == "token_revoked"
    assert fake.violations == []  # Slack refusing is not the bot breaking a rule


def test_rate_limits_answer_429_with_retry_after_and_an_early_retry_is_a_violation(fake):
    fake.rate_limits = True
    client = WebClient(token=TOKEN, base_url=fake.api_url)  # no retry handler: see the 429 itself
    for n in range(3):  # chat.postMessage: a short burst, then about one a second per channel
        client.chat_postMessage(channel="CCOP", text=f"m{n}")
    with pytest.raises(SlackApiError) as caught:
        client.chat_postMessage(channel="CCOP", text="one too many")
    assert caught.value.response.status_code == 429
    assert int(caught.value.response.headers["Retry-After"]) >= 1
    with pytest.raises(SlackApiError):
        client.chat_postMessage(channel="CCOP", text="one too many")  # the same call, retried at once
    assert rules_broken(fake) == {"retry_before_retry_after"}
    assert fake.tokens[TOKEN] == TEAM_ID


def test_message_metadata_must_have_slacks_shape(fake, client):
    client.chat_postMessage(channel="CCOP", text="x", metadata={"event_type": "cop_outbox",
                                                               "event_payload": {"outbox_id": 3}})
    assert rules_broken(fake) == set()
    refused(lambda: client.chat_postMessage(channel="CCOP", text="x",
                                            metadata={"event_type": "cop outbox!", "event_payload": {"a": [1]}}))
    assert rules_broken(fake) == {"invalid_metadata"}


def test_a_link_to_a_message_is_slacks_own_and_a_reply_keeps_its_thread(fake, client):
    """chat.getPermalink: channel and message_ts, form-encoded, no scope; a reply's link carries its thread."""
    posted = client.chat_postMessage(channel="CCOP", text="A call")
    fake.person_wrote("CCOP", {"ts": "1800000000.000200", "user": "U1", "text": "an answer",
                               "thread_ts": posted["ts"]})
    top = client.chat_getPermalink(channel="CCOP", message_ts=posted["ts"])["permalink"]
    assert top == f"https://example.slack.com/archives/CCOP/p{posted['ts'].replace('.', '')}"
    reply = client.chat_getPermalink(channel="CCOP", message_ts="1800000000.000200")["permalink"]
    assert reply == f"https://example.slack.com/archives/CCOP/p1800000000000200?thread_ts={posted['ts']}&cid=CCOP"
    assert refused(lambda: client.chat_getPermalink(channel="CCOP", message_ts="1.000001"))["error"] == \
        "message_not_found"
    fake.private.add("GSECRET")
    fake.person_wrote("GSECRET", {"ts": "1800000000.000300", "user": "U1", "text": "private"})
    assert refused(lambda: client.chat_getPermalink(channel="GSECRET", message_ts="1800000000.000300"))["error"] == \
        "channel_not_found"
    assert fake.violations == []
    refused(lambda: client.api_call("chat.getPermalink", json={"channel": "CCOP", "message_ts": posted["ts"]}))
    assert "json_not_accepted" in rules_broken(fake)  # Slack ignores a JSON body here: the arguments go missing


def test_user_selects_take_user_ids_as_slack_says(fake, client):
    """A multi-select of users starts from an array of user IDs, never more than it may hold; a single
    select takes one ID and no array."""
    def view(element: dict) -> dict:
        return {"type": "modal", "title": {"type": "plain_text", "text": "Minutes"},
                "submit": {"type": "plain_text", "text": "Save"},
                "blocks": [{"type": "input", "label": {"type": "plain_text", "text": "Who"}, "element": element}]}

    good = {"type": "multi_users_select", "action_id": "v", "initial_users": ["U1", "U2"], "max_selected_items": 50}
    client.views_open(trigger_id=fake.issue_trigger(), view=view(good))
    assert rules_broken(fake) == set()
    for wrong in ({**good, "initial_users": "U1"}, {**good, "max_selected_items": 0},
                  {**good, "initial_users": ["U1", "U2", "U3"], "max_selected_items": 2},
                  {"type": "users_select", "action_id": "v", "initial_users": ["U1"]},
                  {"type": "users_select", "action_id": "v", "initial_user": ["U1"]}):
        assert refused(lambda w=wrong: client.views_open(trigger_id=fake.issue_trigger(), view=view(w)))
        assert rules_broken(fake) & {"bad_value", "unknown_field"}, wrong


def test_a_file_named_pdf_must_be_a_pdf(fake, client):
    """Slack tells a file's type by its bytes: a ".pdf" holding anything else is a violation."""
    client.files_upload_v2(channel="DU1", file_uploads=[{"filename": "record.pdf", "content": b"%PDF-1.4 ...",
                                                           "title": "Record"}])
    assert rules_broken(fake) == set()
    client.files_upload_v2(channel="DU1", file_uploads=[{"filename": "record.pdf", "content": "just text",
                                                           "title": "Record"}])
    assert rules_broken(fake) == {"file_type"}
