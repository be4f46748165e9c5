"""Text unescaped exactly once on the way in, escaped exactly once on the way out (issue 26, item 1):
bot/text.py against the model of how Slack shows mrkdwn (tests/slack_render.py)."""

from hypothesis import HealthCheck, given, settings

from bot.text import (
    WORD_JOINER,
    Names,
    fit_mrkdwn,
    from_slack,
    mentioned,
    mrkdwn,
    plain,
    readable,
    split_topics,
    typed,
)
from tests.slack_render import CHANNELS, PEOPLE, members_strategies, message, render, slack_escape

slack_messages, form_texts = members_strategies()
EXAMPLES = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
INTRANET = "<https://intranet.example.org/protocol?id=42&amp;lang=fr>"


def test_slash_text_is_unescaped_and_mentions_kept():
    raw = "Tom &amp; Jerry: is 3 &lt; 4 &gt; 2? ask <@U123|bob> in <#C42|general> see <https://x.org|x.org>"
    assert from_slack(raw) == "Tom & Jerry: is 3 < 4 > 2? ask <@U123> in #general see <https://x.org|x.org>"


def test_a_link_with_an_ampersand_is_posted_as_a_working_link_not_doubled():
    """The issue's own example: ``…id=42&amp;amp;lang=fr`` was posted, a broken link."""
    posted = mrkdwn(from_slack(f"How do we read {INTRANET} before rounds?"))
    assert posted == f"How do we read {INTRANET} before rounds?"
    assert render(posted).links == [("https://intranet.example.org/protocol?id=42&lang=fr",) * 2]


def test_a_labelled_link_stays_a_link_with_its_label():
    sent = "see <https://intranet.example.org/p?a=1&amp;b=2|the night &amp; day protocol> first"
    posted = mrkdwn(from_slack(sent))
    assert posted == sent
    assert render(posted).text == "see the night & day protocol first"
    # Its label cannot hold what would end the sequence: the link is then written out, still a link.
    odd = from_slack("<https://x.example.org/a|a &lt;b&gt; c>")
    assert render(mrkdwn(odd)).text == "a <b> c (https://x.example.org/a)"
    assert render(mrkdwn(odd)).links == [("https://x.example.org/a",) * 2]


def test_markup_a_member_typed_stays_text_and_mentions_nobody():
    """``&lt;@U1&gt;`` typed in a slash command, or ``<@U1>`` typed in a form, was posted as a live
    mention of U1."""
    for real in (from_slack("ping &lt;@U0123ABCD&gt; &lt;#C0SOINS&gt; &lt;https://x.example.org&gt;"),
                 typed("ping <@U0123ABCD> <#C0SOINS> <https://x.example.org>")):
        shown = render(mrkdwn(real), people=PEOPLE)
        assert shown.text == "ping <@U0123ABCD> <#C0SOINS> <https://x.example.org>"
        assert not shown.people and mentioned(real) == ([], [])
    assert readable(typed("<@U0123ABCD>")) == "<@U0123ABCD>"  # back in a form: as it was typed


def test_broadcasts_become_plain_words_and_are_never_rebroadcast():
    real = from_slack("hey <!channel> <!here> <!everyone> <!subteam^S1|@nurses> look")
    assert real == "hey @channel @here @everyone @nurses look"
    posted = mrkdwn(real)
    assert "<!" not in posted and f"@{WORD_JOINER}channel" in posted
    assert not render(posted).broadcasts and render(posted).text == real
    # Typed literally, the markup is escaped back, never live.
    assert mrkdwn(from_slack("&lt;!channel&gt; hi")) == "&lt;!channel&gt; hi"
    # A form's "@here" is no broadcast either (a bare @here is parsed by Slack in mrkdwn).
    assert not render(mrkdwn(typed("@here: who knows?"))).broadcasts


def test_mrkdwn_escapes_but_keeps_user_mentions():
    assert mrkdwn("a < b & <@U99> > c") == "a &lt; b &amp; <@U99> &gt; c"


def test_readable_text_names_people_and_channels_and_writes_links_out():
    real = from_slack("Ask <@U0123ABCD> in <#C0SOINS> about <https://x.example.org/p?a=1&amp;b=2|the protocol>, "
                      "<http://www.inesss.qc.ca|www.inesss.qc.ca> &amp; <mailto:ana@example.org|ana@example.org> "
                      ":hospital: *now*")
    assert mentioned(real) == (["U0123ABCD"], ["C0SOINS"])
    assert readable(real, Names(PEOPLE, CHANNELS)) == ("Ask @Léa Tremblay in #soins-intensifs about the protocol "
                                                "(https://x.example.org/p?a=1&b=2), www.inesss.qc.ca & "
                                                "ana@example.org :hospital: *now*")
    assert readable(real).startswith("Ask @U0123ABCD in #C0SOINS")  # names unknown: the ids, never markup


def test_cutting_never_breaks_a_mention_or_a_link():
    real = from_slack("word " * 5 + INTRANET + " end")
    assert plain(real, 40) == "word word word word word…"
    cut = fit_mrkdwn(real, 60)
    assert "&amp;amp;" not in cut and "<https" not in cut and render(cut).text.startswith("word word")


def test_trailing_tags_become_topics_inline_tags_stay():
    assert split_topics("Onboarding at #night? #Onboarding #soins-intensifs") == (
        "Onboarding at #night?", ["night", "onboarding", "soins-intensifs"])
    assert split_topics("#only") == ("#only", ["only"])
    assert split_topics("C# is not a tag &#39;") == ("C# is not a tag &#39;", [])
    assert split_topics(from_slack("see <https://x.example.org/#section>")) == (
        "see <https://x.example.org/#section>", [])  # a link's fragment is no topic


def test_control_characters_typed_along_are_dropped_tabs_and_lines_kept():
    assert from_slack("a\x00b\x07c\td\ne\x7f") == "abc\td\ne"
    assert typed("a\x00b\td") == "ab\td"


# -- For any text a member can type ------------------------------------------------------------------

@EXAMPLES
@given(slack_messages)
def test_any_slash_text_is_posted_as_the_member_wrote_it(typed_message):
    sent, _ = message(*typed_message)
    theirs = render(sent, people=PEOPLE, channels=CHANNELS)
    ours = render(mrkdwn(from_slack(sent)), people=PEOPLE, channels=CHANNELS)
    assert ours.text.strip() == theirs.text.strip()
    assert ours.links == theirs.links and ours.people == theirs.people
    assert not ours.broadcasts


@EXAMPLES
@given(form_texts)
def test_any_form_text_is_posted_as_typed_and_mentions_nobody(text):
    ours = render(mrkdwn(typed(text)), people=PEOPLE, channels=CHANNELS)
    assert ours.text == text
    assert ours.links == render(slack_escape(text)).links  # addresses typed out are links, as anywhere
    assert not ours.people and not ours.broadcasts
    assert readable(typed(text)) == text  # back in a form as it was typed


@EXAMPLES
@given(slack_messages)
def test_any_message_prefills_a_form_as_read_and_comes_back_quoting_nobody(typed_message):
    sent, _ = message(*typed_message)
    theirs = render(sent, people=PEOPLE, channels=CHANNELS)
    real = from_slack(sent)
    people, channels = mentioned(real)
    prefilled = readable(real, Names({u: PEOPLE[u] for u in people}, {c: CHANNELS[c] for c in channels}))
    ours = render(mrkdwn(typed(prefilled)), people=PEOPLE, channels=CHANNELS)
    assert not ours.people and not ours.broadcasts
    assert {a for _, a in ours.links} == {a for _, a in theirs.links}  # every link still opens where it did
    assert all(label in ours.text for label, _ in theirs.links)
