"""Every Block Kit builder gives a payload Slack accepts, whatever the data: property-based tests
(hypothesis) with hostile but legal input — questions at their maximum full of & < >, typed
mentions and broadcasts, 60 topics of 80 characters, 200 members, 30 meetings, 100 open calls on an
animator's Home, charters and agendas at their maximum — held against the strict fake's rules."""

import string
from datetime import UTC, date, datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot import blocks
from bot.i18n import translator
from bot.services.reflections import Agenda, Theme
from bot.services.report import Report
from bot.services.stats import Figures
from bot.text import mrkdwn
from handlers.commands import usage
from tests.slack_rules import check_message, check_view

FRAGMENTS = ["&", "<", ">", "&amp;", "&lt;", "<!channel>", "<!here>", "@everyone", "<@U0123ABCD>",
             "<https://x.org|x>", "*", "_", "~", "`", "|", "\n", " ", "é", "œ", "😀", "#triage", ":bell:"]
EXAMPLES = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def hostile(max_size: int, min_size: int = 0):
    """Real text as a person could type it: Slack's markup characters, typed mentions and
    broadcasts, emoji and accents, up to ``max_size`` characters."""
    pieces = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=12)), max_size=max_size)
    return pieces.map(lambda parts: "".join(parts)[:max_size]).filter(lambda s: len(s) >= min_size)


def at_most(max_size: int):
    """Either short hostile text or text at its maximum length."""
    return st.one_of(hostile(max_size), hostile(max_size).map(lambda s: (s + "&<>" * max_size)[:max_size]))


def matching(first: str, rest: str, min_size: int, max_size: int):
    """The strings of the regular expression ``[first][rest]{min_size,max_size}`` (ids, topics, names),
    drawn as a character and a text: the same strings as ``st.from_regex`` draws, for a fifth of its CPU
    (a user id: 1.9 → 0.4 ms, a list of 200: 4.9 → 0.9 ms)."""
    return st.builds(str.__add__, st.sampled_from(first),
                     st.text(alphabet=rest, min_size=min_size, max_size=max_size))


ID = string.ascii_uppercase + string.digits
languages = st.sampled_from(["en", "fr"]).map(translator)
users = matching("U", ID, 8, 10)  # U[A-Z0-9]{8,10}
channels = matching("C", ID, 8, 10)  # C[A-Z0-9]{8,10}
timestamps = st.builds(lambda first, last: f"{first}.{last}", matching("1", string.digits, 9, 9),
                       st.text(alphabet=string.digits, min_size=6, max_size=6))  # 1[0-9]{9}\.[0-9]{6}
# Links to messages as chat.getPermalink gives them: a reply's carries its thread ("&" included).
links = st.one_of(st.none(), st.builds(
    lambda c, ts, thread: f"https://example.slack.com/archives/{c}/p{ts.replace('.', '')}"
                          + (f"?thread_ts={thread}&cid={c}" if thread else ""),
    channels, timestamps, st.one_of(st.none(), timestamps)))
TOPIC = "abcdefghijklmnopqrstuvwxyzéèà0123456789"
topics = st.lists(matching(TOPIC, TOPIC + "-", 0, 79), max_size=60, unique=True)  # [a-zéèà0-9][a-zéèà0-9-]{0,79}
names = matching(string.ascii_lowercase + string.digits, string.ascii_lowercase + string.digits + "_-", 0, 79)
# ^ a Slack channel's name: [a-z0-9][a-z0-9_-]{0,79}
moments = st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2090, 1, 1), timezones=st.just(UTC))
zones = st.sampled_from(["America/Toronto", "America/Montreal", "Europe/Paris", "Pacific/Chatham", "UTC"])
ids = st.integers(min_value=1, max_value=2**31)
counts = st.integers(min_value=0, max_value=10**6)


def valid_message(payload: dict) -> None:
    found = check_message(payload)
    assert not found, "\n".join(map(str, found))


def valid_view(view: dict) -> None:
    found = check_view(view)
    assert not found, "\n".join(map(str, found))


# -- calls for help ---------------------------------------------------------------------------

calls = st.builds(blocks.CallForHelp, id=ids, asker_id=users, question=at_most(blocks.QUESTION_MAX), topics=topics,
                  offerers=st.lists(users, max_size=200), resolved=st.booleans(),
                  resolved_by=st.one_of(st.none(), users), urgent=st.booleans(), closed=st.booleans(),
                  source_channel_id=st.one_of(st.none(), channels), source_link=links,
                  quoted_user_id=st.one_of(st.none(), users))


@EXAMPLES
@given(t=languages, question=at_most(blocks.QUESTION_MAX), call=ids, asker=users, channel=channels,
       places=st.lists(st.tuples(names, channels), max_size=150, unique_by=lambda p: p[1]))
def test_asking_the_community_from_a_message(t, question, call, asker, channel, places):
    valid_view(blocks.ask_modal(t, metadata='{"channel_id": null}', question=question, communities=places))
    valid_message(blocks.quote_consent_request(t, asker_id=asker, help_request_id=call, question=question,
                                               channel_id=channel))


@EXAMPLES
@given(t=languages, call=calls)
def test_a_call_for_help(t, call):
    valid_message(blocks.call_for_help(t, call))
    valid_message(blocks.for_update(blocks.call_for_help(t, call)))


@EXAMPLES
@given(t=languages, asker=users, channel=channels, link=links, question=at_most(blocks.QUESTION_MAX),
       on=topics, call=ids, helper=users, hours=st.integers(0, 10_000))
def test_the_dms_around_a_call(t, asker, channel, link, question, on, call, helper, hours):
    valid_message(blocks.urgent_call(t, asker_id=asker, channel_id=channel, link=link, question=question,
                                     topics=on, help_request_id=call))
    valid_message(blocks.offer_received(t, helper_id=helper, channel_id=channel, question=question))
    for own in (False, True):
        valid_message(blocks.unanswered_follow_up(t, help_request_id=call, asker_id=asker, question=question,
                                                  channel_id=channel, link=link, topics=on, hours=hours, own=own))
    valid_message(blocks.stalled_follow_up(t, help_request_id=call, question=question, channel_id=channel,
                                           link=link))


@EXAMPLES
@given(t=languages, call=ids, question=at_most(blocks.QUESTION_MAX), helpers=st.lists(users, max_size=200, unique=True),
       data=st.data())
def test_time_saved_prompt_and_thanks(t, call, question, helpers, data):
    credited = data.draw(st.lists(st.sampled_from(helpers), unique=True) if helpers else st.just([]))
    prompt = blocks.time_saved_prompt(t, help_request_id=call, question=question, helpers=helpers, credited=credited)
    valid_message(prompt)
    for bucket in blocks.TIME_SAVED_CHOICES:
        valid_message(blocks.time_saved_thanks(t, bucket, call, helpers, credited))
    valid_view(blocks.value_story_modal(t, help_request_id=call))


@EXAMPLES
@given(t=languages, call=ids, question=at_most(blocks.QUESTION_MAX), channel=channels,
       link=links)
def test_the_month_on_question_and_its_answers(t, call, question, channel, link):
    valid_message(blocks.applied_prompt(t, help_request_id=call, question=question, channel_id=channel,
                                        link=link))
    for choice in blocks.APPLIED_CHOICES:
        valid_message(blocks.applied_thanks(t, choice, call))
    valid_view(blocks.change_story_modal(t, help_request_id=call))


# -- lessons and search ----------------------------------------------------------------------------

standings = st.sampled_from(["current", "validated", "obsolete"])

lessons = st.builds(blocks.LessonCard, id=ids, author_id=users, title=at_most(blocks.LESSON_TITLE_MAX),
                    context=at_most(blocks.LESSON_FIELD_MAX), what_happened=at_most(blocks.LESSON_FIELD_MAX),
                    recommendation=at_most(blocks.LESSON_FIELD_MAX), topics=topics,
                    credited_user_id=st.one_of(st.none(), users), source_channel_id=st.one_of(st.none(), channels),
                    source_link=links, standing=standings,
                    reviewed_by=st.one_of(st.none(), users), reviewed_on=at_most(40))
found = st.lists(st.builds(blocks.Found, kind=st.sampled_from(["lesson", "help"]), title=at_most(2500),
                           body=at_most(8000), channel_id=channels, link=links,
                           standing=standings, reviewed_by=st.one_of(st.none(), users), reviewed_on=at_most(40)),
                 max_size=60)


@EXAMPLES
@given(t=languages, name=names, channel=channels, months=st.integers(1, 60), more=counts,
       items=st.lists(st.builds(blocks.ReviewItem, id=ids, title=at_most(blocks.LESSON_TITLE_MAX), channel_id=channels,
                                link=links, author_id=users, topics=topics,
                                last=st.one_of(users.map(lambda u: f"validated by <@{u}> on 1 février 2027"),
                                               st.just("written on June 17, 2026"))),
                  max_size=blocks.REVIEWS_PER_MESSAGE))
def test_the_monthly_review_request(t, name, channel, months, more, items):
    valid_message(blocks.review_request(t, community_name=name, channel_id=channel, items=items, more=more,
                                        months=months))


@EXAMPLES
@given(t=languages, lesson=lessons)
def test_a_lesson_card(t, lesson):
    valid_message(blocks.lesson_card(t, lesson))


@EXAMPLES
@given(t=languages, title=at_most(blocks.LESSON_TITLE_MAX), field=at_most(blocks.LESSON_FIELD_MAX), tags=topics,
       places=st.lists(st.tuples(names, channels), max_size=150, unique_by=lambda p: p[1]))
def test_the_lesson_form(t, title, field, tags, places):
    valid_view(blocks.lesson_modal(t, metadata='{"channel_id": "C1"}', title=title, context=field, what_happened=field,
                                   recommendation=field, topics=" ".join("#" + x for x in tags)[:200],
                                   communities=places))


@EXAMPLES
@given(t=languages, query=at_most(3000), results=found, call=ids)
def test_search_results_and_before_asking(t, query, results, call):
    valid_message(blocks.search_results(t, query, results))
    if results:
        valid_message(blocks.similar_found(t, help_request_id=call, found=results))


# -- roles, expertise, newcomers ----------------------------------------------------------------

roles = st.sampled_from(["founder", "animator", "member", "expert", "reporter", "sponsor", "it"])


@EXAMPLES
@given(t=languages, role=roles, name=names, channel=channels, actor=users, removed=st.booleans(), on=topics,
       holders=st.dictionaries(roles, st.lists(users, max_size=200)),
       watched=st.dictionaries(users, topics, max_size=20))
def test_roles(t, role, name, channel, actor, removed, on, holders, watched):
    valid_message(blocks.role_changed(t, role=role, community_name=name, channel_id=channel, actor_id=actor,
                                      removed=removed, topics=on))
    valid_message(blocks.roles_list(t, name, holders, watched))


@EXAMPLES
@given(t=languages, topic=topics.map(lambda x: x[0] if x else "triage"),
       experts=st.lists(st.builds(blocks.Expert, user_id=users, content_expert=st.booleans(), declared=st.booleans(),
                                  helped=st.one_of(st.none(), counts)), max_size=200))
def test_who_to_ask(t, topic, experts):
    valid_message(blocks.who_knows(t, topic, experts))


@EXAMPLES
@given(t=languages, name=names, channel=channels, charter=at_most(blocks.CHARTER_MAX),
       mentor=st.one_of(st.none(), users), newcomer=users, membership=ids, can_edit=st.booleans(), community=ids)
def test_newcomers_and_the_charter(t, name, channel, charter, mentor, newcomer, membership, can_edit, community):
    valid_message(blocks.welcome(t, community_name=name, channel_id=channel, charter=charter, mentor_id=mentor))
    valid_message(blocks.mentor_request(t, newcomer_id=newcomer, community_name=name, channel_id=channel,
                                        membership_id=membership))
    valid_message(blocks.mentor_reminder(t, newcomer_id=newcomer, channel_id=channel, membership_id=membership))
    valid_message(blocks.charter_view(t, community_name=name, charter=charter, can_edit=can_edit,
                                      community_id=community))
    valid_view(blocks.charter_modal(t, community_id=community, charter=charter))


# -- the Home tab -------------------------------------------------------------------------------

home_calls = st.builds(blocks.HomeCall, id=ids, question=at_most(blocks.QUESTION_MAX), channel_id=channels,
                       link=links, asker_id=users, created_at=moments, topics=topics)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(t=languages, data=st.data())
def test_the_home_tab_at_its_fullest(t, data):
    many = st.lists(home_calls, max_size=100, unique_by=lambda c: c.id)
    home = blocks.Home(
        communities=data.draw(st.lists(st.builds(blocks.HomeCommunity, name=names, channel_id=channels,
                                                 roles=st.lists(roles, unique=True)), max_size=10)),
        more_communities=data.draw(counts), my_calls=data.draw(many), matching_calls=data.draw(many),
        lessons=data.draw(st.lists(st.builds(blocks.HomeLesson, title=at_most(blocks.LESSON_TITLE_MAX),
                                             channel_id=channels, link=links,
                                             author_id=users), max_size=100)),
        animated=data.draw(st.lists(st.builds(
            blocks.HomeAnimation, name=names, channel_id=channels, unanswered=counts,
            oldest_unanswered=st.lists(home_calls, max_size=20),
            newcomers=st.lists(st.builds(blocks.HomeNewcomer, user_id=users, joined_at=moments,
                                         mentor_id=st.one_of(st.none(), users), mentor_acted=st.booleans()),
                               max_size=30),
            undelivered=counts, undelivered_reason=st.one_of(st.none(), hostile(500)), overdue_lessons=counts),
            max_size=3)),
        timezone=data.draw(zones))
    view = blocks.home_view(t, home)
    valid_view(view)
    shown = {b["accessory"]["value"] for b in view["blocks"] if b.get("accessory", {}).get("action_id")
             == blocks.ACTION_OFFER}
    for block in view["blocks"]:  # every call with a post keeps its link to the thread
        if block.get("accessory", {}).get("value") in shown:
            call = next(c for c in home.matching_calls if str(c.id) == block["accessory"]["value"])
            if call.link:
                assert block["text"]["text"].endswith("|" + t.gettext("Open") + ">")


# -- follow-ups, digest, reflections ----------------------------------------------------------------

@EXAMPLES
@given(t=languages, name=names, channel=channels, last=st.one_of(st.none(), moments),
       open_calls=st.one_of(st.none(), counts), open_before=st.one_of(st.none(), counts),
       calls=st.lists(st.tuples(at_most(blocks.QUESTION_MAX), links), max_size=50),
       newcomers=st.lists(users, max_size=200), quiet=st.one_of(st.none(), counts),
       quiet_before=st.one_of(st.none(), counts), meeting_changed=st.booleans(),
       titles=st.lists(st.tuples(at_most(blocks.LESSON_TITLE_MAX), links), max_size=50),
       upcoming=st.one_of(st.none(), st.tuples(at_most(200), moments)), zone=zones,
       gaps=st.lists(st.tuples(at_most(300), counts, st.booleans()), max_size=3))
def test_the_weekly_digest(t, name, channel, last, open_calls, open_before, calls, newcomers, quiet, quiet_before,
                           meeting_changed, titles, upcoming, zone, gaps):
    news = blocks.DigestNews(last_sent=last, open_calls=open_calls, open_before=open_before, calls=calls,
                             newcomers=newcomers, quiet=quiet, quiet_before=quiet_before,
                             meeting_changed=meeting_changed, next_meeting=upcoming, lessons=titles, gaps=gaps)
    valid_message(blocks.weekly_digest(t, community_name=name, channel_id=channel, timezone=zone, news=news))


@EXAMPLES
@given(t=languages, name=names, community=ids, days=st.integers(min_value=1, max_value=366),
       gaps=st.lists(st.tuples(at_most(300), st.integers(min_value=1, max_value=10**6)), max_size=10),
       topic=at_most(300), agenda=at_most(3000))
def test_the_gaps_in_the_library_and_the_meeting_they_propose(t, name, community, days, gaps, topic, agenda):
    view = blocks.gaps_view(t, community_name=name, community_id=community, days=days, gaps=gaps)
    valid_message(view)
    for button in [e for b in view["blocks"] if b["type"] == "actions" for e in b["elements"]]:
        assert blocks.read_gap_value(button["value"])[0] == community
    valid_view(blocks.meeting_modal(t, metadata='{"community_id": 1}', topic=topic, agenda=agenda))


@EXAMPLES
@given(t=languages, name=names, channel=channels, community=ids, question=names)
def test_the_quarterly_reflection(t, name, channel, community, question):
    asked = [question or "?", "", question]
    valid_message(blocks.reflection_request(t, community_name=name, channel_id=channel, value=f"{community}:2027-Q1",
                                            questions=asked))
    valid_view(blocks.reflection_modal(t, metadata='{"community_id": 1, "quarter": "2027-Q1"}', questions=asked))
    valid_view(blocks.reflection_questions_modal(t, metadata="{}", questions=asked, suggestions=[question]))


@EXAMPLES
@given(t=languages, name=names, community=ids, answered=counts,
       themes=st.lists(st.builds(Theme, label=at_most(300), reflections=counts,
                                 quotes=st.lists(at_most(150), max_size=5)), max_size=6),
       others=st.one_of(st.none(), st.builds(Theme, label=st.just(""), reflections=counts,
                                             quotes=st.lists(at_most(150), max_size=5))))
def test_the_reflections_draft_agenda(t, name, community, answered, themes, others):
    agenda = Agenda("2027-Q2", answered, themes, others)
    valid_message(blocks.reflection_agenda(t, community_name=name, community_id=community, agenda=agenda))
    valid_view(blocks.meeting_modal(t, metadata='{"community_id": 1}', topic=t.gettext(
        "What our members said this quarter"), agenda=agenda.text(t)))


# -- meetings ---------------------------------------------------------------------------------------

meetings = st.builds(blocks.MeetingView, id=ids, topic=at_most(200), starts_at=moments,
                     duration_minutes=st.sampled_from([30, 45, 60, 90, 120, 180]),
                     speaker_id=st.one_of(st.none(), users),
                     video_url=st.one_of(st.none(), hostile(300), st.just("https://meet.example.org/a?b=c&d=e")),
                     agenda=at_most(2500), repeat=st.sampled_from(["none", "monthly", "weeks"]),
                     repeat_every=st.sampled_from([1, 2, 3, 4, 6, 8]), cancelled=st.booleans(), timezone=zones)


@EXAMPLES
@given(t=languages, meeting=meetings, yes=counts, maybe=counts, no=counts, before=st.integers(0, 60 * 24 * 60),
       channel=channels, reminder=st.booleans(), name=names, upcoming=st.lists(meetings, max_size=30))
def test_meetings(t, meeting, yes, maybe, no, before, channel, reminder, name, upcoming):
    card = blocks.meeting_card(t, meeting, {"yes": yes, "maybe": maybe, "no": no})
    valid_message(card)
    valid_message(blocks.for_update(card))
    valid_message(blocks.meeting_nudge(t, meeting, minutes_before=before))
    valid_message(blocks.speaker_reminder(t, meeting, channel_id=channel))
    valid_message(blocks.harvest_request(t, meeting, channel_id=channel, reminder=reminder))
    valid_message(blocks.meetings_list(t, name, upcoming))


@EXAMPLES
@given(t=languages, meeting=st.one_of(st.none(), meetings), day=st.dates(date(2020, 1, 1), date(2090, 1, 1)),
       hour=st.integers(0, 23), minute=st.integers(0, 59))
def test_the_meeting_form(t, meeting, day, hour, minute):
    valid_view(blocks.meeting_modal(t, metadata='{"meeting_id": 1}', meeting=meeting, local_day=day.isoformat(),
                                    local_time=f"{hour:02d}:{minute:02d}"))


# -- value ----------------------------------------------------------------------------------------

def figures_with(data, *, helpers: bool) -> Figures:
    return Figures(
        start=datetime(2027, 1, 1, tzinfo=UTC), end=datetime(2027, 2, 1, tzinfo=UTC), members=data.draw(counts),
        active=data.draw(counts), asked=data.draw(counts), answered=data.draw(counts), resolved=data.draw(counts),
        median_first_answer_hours=data.draw(st.one_of(st.none(), st.floats(0, 10_000))), library=data.draw(counts),
        lessons=data.draw(counts), meetings=data.draw(counts), rsvps=data.draw(counts),
        minutes_saved=data.draw(counts), hourly_rate=data.draw(st.integers(1, 10_000)),
        currency=data.draw(st.sampled_from(["CAD", "EUR", "USD", "JPY"])),
        top_helpers=data.draw(st.lists(st.tuples(users, counts), max_size=200)) if helpers else None,
        stage=data.draw(st.sampled_from(["growth", "maturity", "stabilisation", "slowdown", "renewal"])),
        signals=data.draw(st.lists(st.tuples(st.sampled_from(["activity", "members"]), st.floats(-10, 10)),
                                   max_size=2)),
        # a story whose time saved was not told has None minutes
        stories=data.draw(st.lists(st.tuples(at_most(500), st.one_of(st.none(), counts)), max_size=50)),
        followed=data.draw(counts), applied=data.draw(counts), realised=data.draw(counts),
        changes=data.draw(st.lists(at_most(500), max_size=50)), credits=data.draw(counts),
        credited=data.draw(counts), own_credits=data.draw(st.one_of(st.none(), counts)))


@EXAMPLES
@given(t=languages, data=st.data(), name=names, days=st.integers(1, 3650), zone=zones, helpers=st.booleans())
def test_stats_and_the_monthly_report(t, data, name, days, zone, helpers):
    valid_message(blocks.stats_view(t, community_name=name, days=days, figures=figures_with(data, helpers=helpers),
                                    timezone=zone))

    class Place:
        pass

    community = Place()
    community.name = name
    report = Report(community=community, month=date(2027, 1, 1), current=figures_with(data, helpers=helpers),
                    previous=figures_with(data, helpers=False), last_year=figures_with(data, helpers=False),
                    history=[], first=data.draw(st.one_of(st.none(), st.dates(date(2026, 2, 1), date(2027, 1, 1)).map(
                        lambda d: d.replace(day=1)))))
    valid_message(blocks.monthly_report(t, report))


# -- plain answers --------------------------------------------------------------------------------

@EXAMPLES
@given(t=languages, text=at_most(12_000).filter(str.strip))
def test_any_private_answer_and_the_help(t, text):
    valid_message(blocks.ephemeral(mrkdwn(text)))
    valid_message(blocks.ephemeral(usage(t)))
