"""Text shown as it was typed (issue 26, item 1), through the real endpoint and the strict fake: what a member
writes — in a slash command, a form, or a message someone asks the community about — reads the same in what
cop-bot posts (tests/slack_render.py is how Slack shows mrkdwn to the reader): links intact, nobody
notified who was only quoted, no broadcast, nothing doubled."""

import json

from hypothesis import HealthCheck, given, settings

from tests.slack_render import CHANNELS, PEOPLE, members_strategies, message, mrkdwn_texts, render, slack_escape
from tests.test_calls_for_help import CHANNEL, all_text, ask, setup_community, wait_until
from tests.test_lessons import agree, lesson_posts
from tests.test_people import join, open_home

slack_messages, form_texts = members_strategies()
THROUGH_THE_BOT = settings(max_examples=50, deadline=None,
                           suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
INTRANET = "https://intranet.example.org/protocol?id=42&lang=fr"


def slack_knows_names(bot) -> None:
    for user_id, name in PEOPLE.items():
        bot.fake.display_names[user_id] = name
    bot.fake.channel_names.update(CHANNELS)


def shown(text: str, **kw):
    return render(text, people=PEOPLE, channels=CHANNELS, **kw)


def quoted(section_text: str) -> str:
    """The words of a quote under a heading line ("> " before each line), as the reader sees them."""
    lines = shown(section_text).text.split("\n")[1:]
    return "\n".join(line[2:] if line.startswith("> ") else line.lstrip(">") for line in lines)


def question_of(post) -> str:
    return quoted(post.args["blocks"][0]["text"]["text"])


def form_field(view: dict, block_id: str) -> str:
    return next(b for b in view["blocks"] if b.get("block_id") == block_id)["element"].get("initial_value", "")


# -- The bugs the issue names -------------------------------------------------------------------------

def test_a_link_with_an_ampersand_is_posted_as_a_working_link_everywhere_the_question_shows(bot):
    """`…id=42&amp;amp;lang=fr` was posted: a broken link."""
    setup_community(bot)
    post = ask(bot, f"How do we read <{slack_escape(INTRANET)}> before rounds?")
    assert "&amp;amp;" not in all_text(post)
    for text in mrkdwn_texts(post.args)[:1] + [post.args["text"]]:
        assert shown(text).links == [(INTRANET, INTRANET)]
        assert "How do we read " + INTRANET + " before rounds?" in shown(text).text

    # The asker's Home tab, and the DM telling them someone offered help.
    join(bot, "UASKER")
    home = open_home(bot, "UASKER")
    mine = next(t for b in home["blocks"] if b["type"] == "section" for t in [b["text"]["text"]] if "intranet" in t)
    assert shown(mine).links[0] == (INTRANET, INTRANET)
    request_id = post.args["blocks"][-1]["elements"][0]["value"]
    bot.click("cop_help_offer", request_id, user="UHELPER", message_ts=post.answer["ts"])
    bot.idle()
    [offered] = [c for c in bot.fake.calls_to("chat.postMessage", channel="UASKER") if "offered" in c.args["text"]]
    assert (INTRANET, INTRANET) in shown(offered.args["text"]).links and "&amp;amp;" not in all_text(offered)


def test_ask_the_community_prefills_the_question_as_read_and_the_call_quotes_nobody(bot):
    """The form showed raw `<@U0123ABCD>` and `&amp;`, and kept, the mention notified that person."""
    setup_community(bot)
    slack_knows_names(bot)
    text = (f"Did <@U0123ABCD> share the checklist &amp; the &lt;night&gt; grid in <#C0SOINS>? "
            f"See <{slack_escape(INTRANET)}|the protocol>")
    bot.shortcut("cop_ask_from_message", {"type": "message", "user": "UASKER", "text": text,
                                          "ts": "1800000000.000100"}, user="UASKER", channel=CHANNEL)
    form = bot.fake.wait_for("views.open")[-1].args["view"]
    question = form_field(form, "question")
    assert question == f"Did @Léa Tremblay share the checklist & the <night> grid in #soins-intensifs? " \
                       f"See the protocol ({INTRANET})"

    bot.submit_view("cop_ask_modal", {"question": question, "topics": ""}, user="UASKER",
                    private_metadata=form["private_metadata"])
    post = bot.fake.wait_for("chat.postMessage", channel=CHANNEL)[-1]
    assert question_of(post) == question
    assert "U0123ABCD" not in all_text(post)  # Léa is named, never mentioned
    assert shown(post.args["blocks"][0]["text"]["text"]).people == {"UASKER"}  # only the asker, in the heading
    assert (INTRANET, INTRANET) in shown(post.args["blocks"][0]["text"]["text"]).links


def test_save_as_lesson_learned_prefills_the_lesson_as_read_and_the_card_quotes_nobody(bot):
    setup_community(bot)
    slack_knows_names(bot)
    bot.fake.members[CHANNEL] = ["UFOUNDER", "UAUTHOR", "USAVER"]
    text = ("Ask <@U0456EFGH> before restarting the pump. Handover &amp; double check, "
            f"<{slack_escape(INTRANET)}|as written>.")
    bot.shortcut("cop_save_lesson", {"type": "message", "user": "UAUTHOR", "text": text, "ts": "1699999999.000100"},
                 user="USAVER", channel=CHANNEL)
    form = bot.fake.wait_for("views.open")[-1].args["view"]
    title, recommendation = form_field(form, "title"), form_field(form, "recommendation")
    assert title == "Ask @Marc-André before restarting the pump."
    assert recommendation == f"{title} Handover & double check, as written ({INTRANET})."
    bot.submit_view("cop_lesson_modal", {"title": title, "recommendation": recommendation}, user="USAVER",
                    private_metadata=form["private_metadata"])
    agree(bot, "UAUTHOR", "yes")
    card = lesson_posts(bot, 1)[0]
    assert "U0456EFGH" not in all_text(card)
    assert card.args["blocks"][0]["text"]["text"] == ":bulb: " + title
    body = next(t for t in mrkdwn_texts(card.args) if "Handover" in t)
    assert quoted(body) == recommendation and not shown(body).people


def test_editing_a_lesson_keeps_the_mentions_its_author_wrote_and_makes_no_new_one(bot):
    """The edit form shows "@Léa Tremblay" (never `<@U0123ABCD>`); saved, the lesson still mentions Léa —
    and a name typed in the form ("@Marc-André") stays words."""
    setup_community(bot)
    slack_knows_names(bot)
    bot.command("lesson Ask <@U0123ABCD|lea> before restarting the pump.", user="UREPORTER", channel=CHANNEL)
    card = lesson_posts(bot, 1)[0]
    assert card.args["blocks"][0]["text"]["text"] == ":bulb: Ask @Léa Tremblay before restarting the pump."
    assert "<@U0123ABCD>" in card.args["blocks"][1]["text"]["text"]
    bot.click("cop_lesson_edit", card.args["blocks"][-1]["elements"][0]["value"], user="UREPORTER")
    form = bot.fake.wait_for("views.open")[-1].args["view"]
    assert form_field(form, "recommendation") == "Ask @Léa Tremblay before restarting the pump."
    bot.submit_view("cop_lesson_modal", {"title": form_field(form, "title"),
                                         "recommendation": "Ask @Léa Tremblay or @Marc-André before restarting "
                                                           "the pumps."},
                    user="UREPORTER", private_metadata=form["private_metadata"])
    updated = bot.fake.wait_for("chat.update", ts=card.answer["ts"])[-1]
    body = next(t for t in mrkdwn_texts(updated.args) if "pumps" in t)
    assert shown(body).people == {"U0123ABCD"} and "@Marc-André" in shown(body).text


def test_the_library_export_reads_as_the_cards_do(bot):
    """The Markdown and CSV exports hold what members read: people by name, links written out, `&` once."""
    setup_community(bot)
    slack_knows_names(bot)
    bot.command(f"lesson Read <{slack_escape(INTRANET)}|the protocol> with <@U0123ABCD|lea> &amp; the team.",
                user="UFOUNDER", channel=CHANNEL)
    lesson_posts(bot, 1)
    bot.command("export", user="UFOUNDER", channel=CHANNEL)
    bot.fake.wait_for("files.completeUploadExternal")
    markdown, table = bot.fake.uploads["F1"], bot.fake.uploads["F2"]
    for exported in (markdown, table):
        assert f"Read the protocol ({INTRANET}) with @Léa Tremblay & the team." in exported
        assert "<@U0123ABCD>" not in exported and "&amp;" not in exported


# -- For any text a member can type --------------------------------------------------------------------

def _once(bot, step) -> None:
    """A step of the setting, done for the first example only (hypothesis runs them all on one bot)."""
    done = bot.__dict__.setdefault("_done", set())
    if step.__name__ not in done:
        step(bot)
        done.add(step.__name__)


def after_heading(text: str) -> str:
    """A card's field under its bold label line, as the reader sees it."""
    return shown(text).text.split("\n", 1)[1]


@THROUGH_THE_BOT
@given(typed_message=slack_messages)
def test_any_question_asked_with_a_slash_command_is_posted_as_the_member_wrote_it(bot, typed_message):
    _once(bot, setup_community)
    sent, _ = message(*typed_message)
    sent += " ok?"  # ends with words (tags at the very end are the call's topics, not its question)
    theirs = shown(sent)
    post = ask(bot, sent)
    ours = shown(mrkdwn_texts(post.args)[0])
    assert question_of(post).strip() == theirs.text.strip()
    assert ours.links == theirs.links
    assert ours.people == theirs.people | {"UASKER"} and not ours.broadcasts  # people kept; nobody broadcast to
    fallback = shown(post.args["text"])
    assert fallback.text.split(": ", 1)[1] == theirs.text.strip() and not fallback.broadcasts


@THROUGH_THE_BOT
@given(title=form_texts.filter(lambda s: s.strip() and len(s) <= 100), body=form_texts.filter(str.strip))
def test_any_lesson_typed_in_the_form_is_posted_as_typed_and_mentions_nobody(bot, title, body):
    _once(bot, setup_community)
    opened = len(bot.fake.calls_to("views.open"))
    bot.command("lesson", user="UREPORTER", channel=CHANNEL)
    form = bot.fake.wait_for("views.open", count=opened + 1)[-1].args["view"]
    before = len(bot.fake.calls_to("chat.postMessage", channel=CHANNEL))
    status, answer = bot.submit_view("cop_lesson_modal", {"title": title, "context": body,
                                                          "recommendation": body + " !"},
                                     user="UREPORTER", private_metadata=form["private_metadata"])
    assert status == 200 and answer == "", answer
    card = lesson_posts(bot, before + 1)[-1]
    assert card.args["blocks"][0]["text"]["text"] == ":bulb: " + " ".join(title.split())
    context, recommendation = mrkdwn_texts(card.args)[:2]
    assert after_heading(context) == body.strip() and after_heading(recommendation) == (body + " !").strip()
    for text, typed in ((context, body.strip()), (recommendation, (body + " !").strip())):
        assert not shown(text).people and not shown(text).broadcasts
        assert shown(text).links == shown(slack_escape(typed)).links  # addresses typed out are links, as anywhere


@THROUGH_THE_BOT
@given(typed_message=slack_messages)
def test_any_message_asked_about_from_its_menu_is_asked_as_read_and_quotes_nobody(bot, typed_message):
    _once(bot, setup_community)
    _once(bot, slack_knows_names)
    sent, read = message(*typed_message)
    theirs = shown(sent)
    opened = len(bot.fake.calls_to("views.open"))
    bot.shortcut("cop_ask_from_message", {"type": "message", "user": "UASKER", "text": sent + " ok?",
                                          "ts": f"1800000000.{opened + 1:06d}"}, user="UASKER", channel=CHANNEL)
    form = bot.fake.wait_for("views.open", count=opened + 1)[-1].args["view"]
    question = form_field(form, "question")
    assert question == (read + " ok?").strip()  # people and channels by name, links written out

    before = len(bot.fake.calls_to("chat.postMessage", channel=CHANNEL))
    bot.submit_view("cop_ask_modal", {"question": question, "topics": ""}, user="UASKER",
                    private_metadata=form["private_metadata"])
    post = bot.fake.wait_for("chat.postMessage", channel=CHANNEL, count=before + 1)[before]
    ours = shown(mrkdwn_texts(post.args)[0])
    assert question_of(post) == question
    assert ours.people == {"UASKER"} and not ours.broadcasts  # nobody quoted is notified
    assert {a for _, a in ours.links} == {a for _, a in theirs.links}  # every link opens where it did


def test_a_form_value_is_posted_as_typed_even_when_it_looks_like_slacks_markup(bot):
    """plain_text_input sends back what was typed: `<@U0456EFGH>` typed in a form is text, not a mention."""
    setup_community(bot)
    bot.command("lesson", user="UREPORTER", channel=CHANNEL)
    form = bot.fake.wait_for("views.open")[-1].args["view"]
    typed = "Call <@U0456EFGH> or @Léa Tremblay, not <!channel> nor @here: R&D &amp; <b>"
    bot.submit_view("cop_lesson_modal", {"title": "Who to call", "recommendation": typed}, user="UREPORTER",
                    private_metadata=form["private_metadata"])
    card = lesson_posts(bot, 1)[0]
    body = mrkdwn_texts(card.args)[0]
    assert after_heading(body) == typed
    assert not shown(body).people and not shown(body).broadcasts


# -- Links to messages: Slack's own (chat.getPermalink), a reply's in its thread ------------------------

THREAD, REPLY = "1800000000.000100", "1800000000.000300"


def test_a_call_asked_from_a_reply_links_to_the_reply_in_its_thread(bot):
    """A hand-built `slack.com/archives/…` link lost the thread: it opened the channel, not the reply."""
    setup_community(bot)
    bot.shortcut("cop_ask_from_message", {"type": "message", "user": "UASKER", "text": "Who checks the pumps?",
                                          "ts": REPLY, "thread_ts": THREAD}, user="UASKER", channel=CHANNEL)
    form = bot.fake.wait_for("views.open")[-1].args["view"]
    bot.submit_view("cop_ask_modal", {"question": form_field(form, "question"), "topics": ""}, user="UASKER",
                    private_metadata=form["private_metadata"])
    post = bot.fake.wait_for("chat.postMessage", channel=CHANNEL)[-1]
    asked_from = next(t for t in mrkdwn_texts(post.args) if "Asked from" in t)
    reply = bot.fake.permalink(CHANNEL, REPLY, thread_ts=THREAD)
    assert reply.endswith(f"?thread_ts={THREAD}&cid={CHANNEL}")
    assert shown(asked_from).links == [("a message", reply)]


def test_a_lesson_saved_from_a_reply_links_to_the_reply_in_its_thread(bot):
    setup_community(bot)
    bot.shortcut("cop_save_lesson", {"type": "message", "user": "UREPORTER", "ts": REPLY, "thread_ts": THREAD,
                                     "text": "Two nurses at triage after midnight."}, user="UREPORTER", channel=CHANNEL)
    form = bot.fake.wait_for("views.open")[-1].args["view"]
    bot.submit_view("cop_lesson_modal", {"title": form_field(form, "title"),
                                         "recommendation": form_field(form, "recommendation")},
                    user="UREPORTER", private_metadata=form["private_metadata"])
    card = lesson_posts(bot, 1)[0]
    footer = next(t for t in mrkdwn_texts(card.args) if "shared by" in t)
    assert shown(footer).links == [("source", bot.fake.permalink(CHANNEL, REPLY, thread_ts=THREAD))]


def test_links_to_the_bots_own_posts_are_the_ones_slack_gives(bot):
    """The experts' urgent DM opens the call's thread with Slack's link (the workspace's own address)."""
    setup_community(bot)
    bot.command("expertise add #triage", user="UEXPERT", channel=CHANNEL)
    bot.idle()
    post = ask(bot, "!urgent Patient en détresse au triage #triage")
    bot.idle()
    [dm] = [c for c in bot.fake.calls_to("chat.postMessage", channel="UEXPERT") if "urgently" in c.args["text"]]
    buttons = [e for b in dm.args["blocks"] if b["type"] == "actions" for e in b["elements"] if "url" in e]
    assert [b["url"] for b in buttons] == [bot.fake.permalink(CHANNEL, post.answer["ts"])]
    assert bot.fake.calls_to("chat.getPermalink", channel=CHANNEL, message_ts=post.answer["ts"])


def test_slack_is_asked_for_links_with_no_transaction_open(bot, database_url):
    """GUIDE: no database transaction is held across a Slack call. While Slack answers chat.getPermalink,
    another writer can take the database."""
    import sqlite3

    path = database_url.removeprefix("sqlite:///")
    writable = []

    def another_writer():
        # Other work may write for a moment meanwhile; a transaction held across this very call would hold
        # the database until Slack answers — which waits for this writer: two seconds, then it gives up.
        connection = sqlite3.connect(path, timeout=2)
        try:
            connection.execute("BEGIN IMMEDIATE")
            connection.rollback()
            writable.append(True)
        except sqlite3.OperationalError:
            writable.append(False)
        finally:
            connection.close()

    bot.fake.during["chat.getPermalink"] = another_writer
    test_a_call_asked_from_a_reply_links_to_the_reply_in_its_thread(bot)  # the message asked from, and the post
    bot.shortcut("cop_save_lesson", {"type": "message", "user": "UREPORTER", "ts": "1800000000.000400",
                                     "text": "Label every sample."}, user="UREPORTER", channel=CHANNEL)
    form = bot.fake.wait_for("views.open", count=2)[-1].args["view"]
    bot.submit_view("cop_lesson_modal", {"title": "Label every sample.", "recommendation": "Label every sample."},
                    user="UREPORTER", private_metadata=form["private_metadata"])
    bot.idle()
    assert len(writable) >= 4 and all(writable), writable  # the source and the post of each, never locked out


def test_links_to_what_was_posted_before_the_upgrade_are_asked_of_slack_once(fake_slack, database_url):
    """Posts and sources stored before links were kept: migration 0025 owes their links through the outbox,
    and the running bot keeps what Slack answers."""
    from alembic import command
    from sqlalchemy import text

    from storage.db import alembic_config, make_engine
    from tests.conftest import serving
    from tests.fake_slack import BOT_USER_ID, Message

    engine = make_engine(database_url)
    config = alembic_config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0024")
        connection.execute(text(
            "INSERT INTO communities (team_id, channel_id, name, language, timezone, created_by, created_at) "
            "VALUES ('T0001', 'CCOP', 'soins', 'en', 'America/Toronto', 'UFOUNDER', '2026-01-01 00:00:00')"))
        connection.execute(text(
            "INSERT INTO help_requests (team_id, community_id, channel_id, message_ts, asker_id, question, status, "
            "urgent, created_at, source_channel_id, source_ts) VALUES ('T0001', 1, 'CCOP', '1700000000.000001', "
            f"'UASKER', 'Old question', 'open', false, '2026-01-01 00:00:00', 'CCOP', '{REPLY}')"))
    engine.dispose()
    fake_slack.bot_joins(CHANNEL)
    fake_slack.messages[(CHANNEL, "1700000000.000001")] = Message(CHANNEL, "1700000000.000001", BOT_USER_ID, "Old")
    fake_slack.person_wrote(CHANNEL, {"ts": REPLY, "thread_ts": THREAD, "user": "UASKER", "text": "Old source"})
    with serving(fake_slack, database_url) as bot:
        fake_slack.wait_for("chat.getPermalink", count=2)
        bot.idle()
        wait_until(lambda: len(_links(bot)) == 2)
        assert _links(bot) == {(CHANNEL, "1700000000.000001"): fake_slack.permalink(CHANNEL, "1700000000.000001"),
                               (CHANNEL, REPLY): fake_slack.permalink(CHANNEL, REPLY, thread_ts=THREAD)}
        bot.cop.runtime.deliverer.deliver_due()
    assert len(fake_slack.calls_to("chat.getPermalink")) == 2  # once each


def _links(bot) -> dict:
    from sqlmodel import select

    from storage.models import MessageLink

    with bot.cop.runtime.db.reading() as session:
        return {(r.channel_id, r.message_ts): r.permalink for r in session.exec(select(MessageLink))}


def test_a_link_slack_will_not_give_at_once_is_asked_again_later_and_a_lost_one_alarms_nobody(bot):
    """The call is posted whatever chat.getPermalink says; its link is owed and asked again after a while. A
    link Slack never gives (the message deleted meanwhile) is no message an animator must worry about."""
    from datetime import timedelta

    from storage.types import utcnow

    setup_community(bot)
    bot.fake.fail("chat.getPermalink", "internal_error")
    post = ask(bot, "Who has the night triage grid?")
    bot.idle()
    assert _links(bot) == {}  # not yet: Slack said no
    deliverer = bot.cop.runtime.deliverer
    deliverer.clock = lambda: utcnow() + timedelta(minutes=5)  # a few scheduler ticks later
    deliverer.deliver_due()
    assert _links(bot) == {(CHANNEL, post.answer["ts"]): bot.fake.permalink(CHANNEL, post.answer["ts"])}

    bot.fake.fail("chat.getPermalink", "internal_error")
    ask(bot, "And the day grid?")
    bot.idle()
    bot.fake.fail("chat.getPermalink", "message_not_found")  # deleted before Slack was asked again
    deliverer.clock = lambda: utcnow() + timedelta(hours=1)
    deliverer.deliver_due()
    assert bot.fake.calls_to("chat.getPermalink")[-1].answer["error"] == "message_not_found"
    home = open_home(bot, "UFOUNDER")
    assert "Facilitating" in json.dumps(home) and "could not be delivered" not in json.dumps(home)
