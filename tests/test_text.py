from bot.text import WORD_JOINER, from_slack, mrkdwn, split_topics


def test_slash_text_is_unescaped_and_mentions_kept():
    raw = "Tom &amp; Jerry: is 3 &lt; 4 &gt; 2? ask <@U123|bob> in <#C42|general> see <https://x.org|x.org>"
    assert from_slack(raw) == "Tom & Jerry: is 3 < 4 > 2? ask <@U123> in #general see x.org"


def test_broadcasts_become_plain_words_and_are_never_rebroadcast():
    real = from_slack("hey <!channel> <!here> <!everyone> <!subteam^S1|@nurses> look")
    assert real == "hey @channel @here @everyone @nurses look"
    posted = mrkdwn(real)
    assert "<!" not in posted
    assert "@channel" not in posted and f"@{WORD_JOINER}channel" in posted
    # Typed literally, the markup is escaped back, never live.
    assert mrkdwn(from_slack("&lt;!channel&gt; hi")) == "&lt;!channel&gt; hi"


def test_mrkdwn_escapes_but_keeps_user_mentions():
    assert mrkdwn("a < b & <@U99> > c") == "a &lt; b &amp; <@U99> &gt; c"


def test_trailing_tags_become_topics_inline_tags_stay():
    assert split_topics("Onboarding at #night? #Onboarding #soins-intensifs") == (
        "Onboarding at #night?", ["night", "onboarding", "soins-intensifs"])
    assert split_topics("#only") == ("#only", ["only"])
    assert split_topics("C# is not a tag &#39;") == ("C# is not a tag &#39;", [])


def test_control_characters_typed_along_are_dropped_tabs_and_lines_kept():
    from bot.text import from_slack
    assert from_slack("a\x00b\x07c\td\ne\x7f") == "abc\td\ne"
