"""Calls for help (appels à tous): ask, offer, answer, resolve, and time saved.

Every function takes plain values and a session, changes the store, and writes
what it owes people to the outbox in the same transaction; it returns the ids of
those outbox rows so the caller can deliver them at once. Repeating a call with
the same input (Slack retrying an event, a double click) changes nothing more.
"""

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from bot import blocks
from bot.i18n import translator
from bot.services import applied, expertise, library, roles, unanswered
from bot.services.owed import owe, owe_card_update, owe_dm
from bot.services.permissions import is_steward
from bot.services.results import Outcome, Result
from bot.slack_terms import WANTS_LINK
from bot.text import mrkdwn, plain, split_topics
from storage import communities as community_store
from storage import due, glossary, message_links, outbox, search
from storage import expertise as expertise_store
from storage import gaps as gap_store
from storage import help_requests as store
from storage.models import HelpRequest, HelpStatus, OutboxMessage, TimeSaved
from storage.types import utcnow

__all__ = ["Outcome", "Result"]
PURPOSE_POST = "help_request.post"
# Once a call is resolved, its asker gets at most this many prompts about it: how much time it saved
# (with the story, when it saved half a day or more, in the same answer), and a month later whether
# they applied the answer. Counted on the call (asker_prompts).
PROMPTS_AFTER_RESOLVED = 2
OFFER_REACTIONS = {"raised_hand", "hand"}
RESOLVE_REACTIONS = {"white_check_mark", "heavy_check_mark"}


def _link(session: Session, team_id: str, channel_id: str | None, message_ts: str | None) -> str | None:
    return message_links.link(session=session, team_id=team_id, channel_id=channel_id, message_ts=message_ts)


def _call_view(session: Session, request: HelpRequest) -> blocks.CallForHelp:
    return blocks.CallForHelp(
        id=request.id, asker_id=request.asker_id, question=request.question,
        topics=store.topics_of(session=session, team_id=request.team_id, help_request_id=request.id),
        offerers=store.offerers(session=session, team_id=request.team_id, help_request_id=request.id),
        resolved=request.status == HelpStatus.RESOLVED, resolved_by=request.resolved_by, urgent=request.urgent,
        closed=request.status == HelpStatus.CLOSED,
        source_channel_id=request.source_channel_id if request.source_ts else None,
        source_link=_link(session, request.team_id, request.source_channel_id, request.source_ts),
        quoted_user_id=request.quoted_user_id)


def _language(session: Session, request: HelpRequest) -> str:
    community = community_store.get_community(session=session, team_id=request.team_id,
                                              community_id=request.community_id)
    return community.language if community else "en"


def _owe(session: Session, request: HelpRequest, key: str, method: str, payload: dict, **kw) -> list[int]:
    row: OutboxMessage | None = outbox.enqueue(session=session, team_id=request.team_id, dedupe_key=key,
                                               method=method, payload=payload, **kw)
    if row is None:
        return []
    session.flush()
    return [row.id]


def _refresh_post(session: Session, request: HelpRequest) -> list[int]:
    """Owe a chat.update showing the call as it is now."""
    if not request.message_ts:
        return []
    view = blocks.call_for_help(translator(_language(session, request)), _call_view(session, request))
    return owe_card_update(session, team_id=request.team_id, channel_id=request.channel_id,
                           message_ts=request.message_ts, view=view)


def channel_of(session: Session, *, team_id: str, help_request_id: int | None) -> str | None:
    """The channel a call for help lives in (who may act on it is who is in there)."""
    request = store.get_help_request(session=session, team_id=team_id, help_request_id=help_request_id or 0)
    return request.channel_id if request else None


URGENT_MARKERS = ("!urgent", "!urgence", "!urgente")


def split_urgent(question: str) -> tuple[bool, str]:
    """``"!urgent Patient en détresse…"`` → ``(True, "Patient en détresse…")``."""
    head, _, rest = question.strip().partition(" ")
    if head.lower().rstrip(":") in URGENT_MARKERS:
        return True, rest.strip()
    return False, question


def refresh_post(session: Session, request: HelpRequest) -> list[int]:
    return _refresh_post(session, request)


@dataclass(frozen=True)
class Source:
    """The message a call for help is asked from (the "Ask the community" shortcut)."""

    channel_id: str
    ts: str
    author_id: str | None  # None: the asker's own message, or an app's
    link: str | None = None  # Slack's link to it (a reply's opens it in its thread), asked before the transaction

    def remember(self, session: Session, team_id: str) -> None:
        if self.link:
            message_links.remember(session=session, team_id=team_id, channel_id=self.channel_id,
                                   message_ts=self.ts, permalink=self.link)


def ask(session: Session, *, team_id: str, channel_id: str, asker_id: str, question: str,
        check_library: bool = True, source: Source | None = None) -> Result:
    """Store a call for help and owe its post in the community's channel — unless past lessons or
    resolved questions look like an answer: then the asker sees them first (``SIMILAR_FOUND``).
    A question the library does not answer is a gap in it (its most telling words are recorded)."""
    community = community_store.community_for_channel(session=session, team_id=team_id, channel_id=channel_id)
    if community is None:
        return Result(Outcome.NOT_A_COMMUNITY)
    urgent, question = split_urgent(question)
    body, topics = split_topics(question)
    if not body.strip():
        return Result(Outcome.EMPTY, community.language)
    if len(body) > blocks.QUESTION_MAX:
        return Result(Outcome.TOO_LONG, community.language,
                      detail={"length": len(body), "limit": blocks.QUESTION_MAX})
    if source and source.author_id and source.author_id != asker_id:
        return _await_consent(session, community, asker_id, body, topics, urgent, source, source.author_id)
    hits = search.similar(session=session, team_id=team_id, community_id=community.id, text=body,
                          glossary=glossary.of_community(session=session, team_id=team_id, community_id=community.id)
                          ) if check_library else []
    if check_library and not hits:
        gap_store.record(session=session, team_id=team_id, community_id=community.id,
                         text=search.telling_text(body), source=gap_store.ASK, at=utcnow())
    request = store.create_help_request(session=session, team_id=team_id, community_id=community.id,
                                        channel_id=channel_id, asker_id=asker_id, question=body, topics=topics,
                                        urgent=urgent, status=HelpStatus.DRAFT if hits else HelpStatus.PENDING)
    if source:
        request.source_channel_id, request.source_ts = source.channel_id, source.ts
        source.remember(session, team_id)
        session.add(request)
        session.flush()
    if hits:  # as search shows them: lessons with their standing, resources with their type and link
        found = library.found(session, hits, community.language, community.timezone)
        return Result(Outcome.SIMILAR_FOUND, community.language, request.id, detail={"found": found})
    return Result(Outcome.DONE, community.language, request.id, _owe_post(session, request, community.language))


QUOTE_ANSWERS = ("yes", "anonymous", "no")


def _await_consent(session: Session, community, asker_id: str, body: str, topics: list[str], urgent: bool,
                   source: Source, author_id: str) -> Result:
    """Someone else's message: stored unseen until its author agrees (with their name, or without)."""
    request = store.create_help_request(session=session, team_id=community.team_id, community_id=community.id,
                                        channel_id=community.channel_id, asker_id=asker_id, question=body,
                                        topics=topics, urgent=urgent, status=HelpStatus.AWAITING)
    request.source_channel_id, request.source_ts, request.quoted_user_id = source.channel_id, source.ts, author_id
    source.remember(session, community.team_id)
    session.add(request)
    session.flush()
    t = translator(community.language)
    ids = owe_dm(session, team_id=community.team_id, key=f"help:{request.id}:quote-consent", user_id=author_id,
                 message=blocks.quote_consent_request(t, asker_id=asker_id, help_request_id=request.id,
                                                      question=body, channel_id=community.channel_id),
                 fallback_channel=source.channel_id)
    return Result(Outcome.AWAITING_CONSENT, community.language, request.id,
                  detail={"asked": author_id}, outbox_ids=ids)


def answer_quote_consent(session: Session, *, team_id: str, user_id: str, help_request_id: int,
                         answer: str) -> Result:
    """The author of the message answers: the call is posted with their name, without it, or not at all;
    only they can answer, once; the asker is told."""
    request = _find(session, team_id, help_request_id=help_request_id)
    if request is None or answer not in QUOTE_ANSWERS:
        return Result(Outcome.NOT_FOUND)
    language = _language(session, request)
    if request.quoted_user_id != user_id:
        return Result(Outcome.NOT_ALLOWED, language, request.id)
    if request.status != HelpStatus.AWAITING:
        return Result(Outcome.UNCHANGED, language, request.id)
    t = translator(language)
    asker = request.asker_id
    if answer == "no":
        session.delete(request)
        session.flush()
        told, ids = t.gettext("<@{person}> preferred that their message not be asked about: nothing was posted, and "
                              "the draft is deleted.", person=user_id), []
    else:
        request.status = HelpStatus.PENDING
        request.created_at = utcnow()  # asked when the community can see it: follow-ups and figures count from now
        if answer == "anonymous":
            request.quoted_user_id = None
        session.add(request)
        session.flush()
        ids = _owe_post(session, request, language)
        told = t.gettext("<@{person}> agreed: your call for help is posted in <#{channel}>.", person=user_id,
                         channel=request.channel_id) if answer == "yes" else \
            t.gettext("Your call for help is posted in <#{channel}>, without naming the person whose message it came "
                      "from, as they asked.", channel=request.channel_id)
    ids += owe_dm(session, team_id=team_id, key=f"help:{help_request_id}:quote-consent:told", user_id=asker,
                  message=blocks.ephemeral(told))
    return Result(Outcome.DONE, language, help_request_id, ids, detail={"answer": answer})


def _owe_post(session: Session, request: HelpRequest, language: str) -> list[int]:
    view = blocks.call_for_help(translator(language), _call_view(session, request))
    return _owe(session, request, f"help:{request.id}:post", "chat.postMessage",
                {"channel": request.channel_id, WANTS_LINK: True, **view}, purpose=PURPOSE_POST, subject_id=request.id)


def decide_after_library(session: Session, *, team_id: str, user_id: str, help_request_id: int,
                         answered: bool) -> Result:
    """The asker saw similar answers: "This answers it" (nothing posted, counted as help found in
    the library) or "Post my question anyway"."""
    request = _find(session, team_id, help_request_id=help_request_id)
    if request is None:
        return Result(Outcome.NOT_FOUND)
    language = _language(session, request)
    if user_id != request.asker_id:
        return Result(Outcome.NOT_ALLOWED, language, request.id)
    target = HelpStatus.LIBRARY if answered else HelpStatus.PENDING
    if not store.change_status(session=session, team_id=team_id, help_request_id=request.id,
                               from_status=HelpStatus.DRAFT, to_status=target):
        return Result(Outcome.UNCHANGED, language, request.id)
    if answered:
        return Result(Outcome.DONE, language, request.id)
    # What the library showed did not answer it: a gap too.
    gap_store.record(session=session, team_id=team_id, community_id=request.community_id,
                     text=search.telling_text(request.question), source=gap_store.ASK, at=utcnow())
    return Result(Outcome.DONE, language, request.id, _owe_post(session, request, language))


def call_posted(session: Session, message: OutboxMessage, answer: dict) -> list[int]:
    """Slack confirmed the post: remember its ts so reactions and replies find the call; an urgent
    call now goes, by DM with a link to its thread, to the experts of its topics and the animators."""
    if message.subject_id is None:  # every call's post names its call
        return []
    store.mark_posted(session=session, team_id=message.team_id, help_request_id=message.subject_id,
                      message_ts=answer["ts"])
    request = store.get_help_request(session=session, team_id=message.team_id, help_request_id=message.subject_id)
    if request is None:
        return []
    if request.status == HelpStatus.RESOLVED:
        return _refresh_post(session, request)  # resolved before we heard back from Slack: show it
    unanswered.plan_unanswered(session, team_id=request.team_id, community_id=request.community_id,
                               help_request_id=request.id, urgent=request.urgent, posted_at=utcnow())
    if not request.urgent:
        return []
    topics = store.topics_of(session=session, team_id=request.team_id, help_request_id=request.id)
    t = translator(_language(session, request))
    link = _link(session, request.team_id, request.channel_id, answer["ts"])  # the outbox kept it, if Slack gave it
    ids = []
    for user_id in roles.urgent_recipients(session, team_id=request.team_id, community_id=request.community_id,
                                           topics=topics, asker_id=request.asker_id):
        dm = blocks.urgent_call(t, asker_id=request.asker_id, channel_id=request.channel_id, link=link,
                                question=request.question, topics=topics, help_request_id=request.id)
        ids += owe_dm(session, team_id=request.team_id, key=f"help:{request.id}:urgent:{user_id}", user_id=user_id,
                      message=dm, fallback_channel=request.channel_id)
    return ids


def call_not_posted(session: Session, message: OutboxMessage, error: str) -> list[int]:
    """Slack refused the post for good: tell the asker privately, with what to do."""
    if message.subject_id is None:  # every call's post names its call
        return []
    request = store.get_help_request(session=session, team_id=message.team_id, help_request_id=message.subject_id)
    if request is None:
        return []
    store.mark_unposted(session=session, team_id=request.team_id, help_request_id=request.id)
    t = translator(_language(session, request))
    if error in ("not_in_channel", "channel_not_found"):
        text = t.gettext("I could not post your call for help in <#{channel}>: I am not a member of it. "
                         "Invite me with `/invite @cop-bot`, then ask again. Your question was: {question}",
                         channel=request.channel_id, question=mrkdwn(request.question))
    else:
        text = t.gettext("I could not post your call for help in <#{channel}> (Slack said: {error}). "
                         "Please try again. Your question was: {question}",
                         channel=request.channel_id, error=error, question=mrkdwn(request.question))
    view = blocks.ephemeral(text)
    return _owe(session, request, f"help:{request.id}:unposted", "chat.postMessage",
         {"channel": request.asker_id, "text": view["text"], "blocks": view["blocks"]})


def _find(session: Session, team_id: str, *, help_request_id: int | None = None, channel_id: str | None = None,
          message_ts: str | None = None) -> HelpRequest | None:
    if help_request_id is not None:
        return store.get_help_request(session=session, team_id=team_id, help_request_id=help_request_id)
    if channel_id is None or message_ts is None:
        return None
    return store.help_request_for_message(session=session, team_id=team_id, channel_id=channel_id,
                                          message_ts=message_ts)


def offer(session: Session, *, team_id: str, user_id: str, source: str, help_request_id: int | None = None,
          channel_id: str | None = None, message_ts: str | None = None) -> Result:
    """Someone offers to help: the asker hears who, by DM; the post shows the offers."""
    request = _find(session, team_id, help_request_id=help_request_id, channel_id=channel_id, message_ts=message_ts)
    if request is None:
        return Result(Outcome.NOT_FOUND)
    language = _language(session, request)
    if user_id == request.asker_id:
        return Result(Outcome.OWN_QUESTION, language, request.id)
    if request.status == HelpStatus.RESOLVED:
        return Result(Outcome.ALREADY_RESOLVED, language, request.id)
    if not store.add_offer(session=session, team_id=team_id, help_request_id=request.id, user_id=user_id,
                           source=source):
        return Result(Outcome.UNCHANGED, language, request.id)
    unanswered.plan_stalled(session, team_id=team_id, community_id=request.community_id, help_request_id=request.id,
                            offered_at=utcnow())
    dm = blocks.offer_received(translator(language), helper_id=user_id, channel_id=request.channel_id,
                               question=request.question)
    ids = _owe(session, request, f"help:{request.id}:offer:{user_id}", "chat.postMessage",
               {"channel": request.asker_id, **dm})
    return Result(Outcome.DONE, language, request.id, ids + _refresh_post(session, request))


def withdraw(session: Session, *, team_id: str, user_id: str, channel_id: str, message_ts: str) -> Result:
    """✋ taken back: the offer goes, and so does the name on the post."""
    request = _find(session, team_id, channel_id=channel_id, message_ts=message_ts)
    if request is None or request.status != HelpStatus.OPEN:
        return Result(Outcome.NOT_FOUND)
    if not store.withdraw_offer(session=session, team_id=team_id, help_request_id=request.id, user_id=user_id):
        return Result(Outcome.UNCHANGED)
    return Result(Outcome.DONE, _language(session, request), request.id, _refresh_post(session, request))


def record_answer(session: Session, *, team_id: str, channel_id: str, thread_ts: str, user_id: str,
                  message_ts: str, answered_at: datetime) -> Result:
    """A reply in the call's thread by someone other than the asker is an answer."""
    request = _find(session, team_id, channel_id=channel_id, message_ts=thread_ts)
    if request is None or user_id == request.asker_id:
        return Result(Outcome.NOT_FOUND)
    if not store.add_answer(session=session, team_id=team_id, help_request_id=request.id, user_id=user_id,
                            message_ts=message_ts, answered_at=answered_at):
        return Result(Outcome.UNCHANGED)
    return Result(Outcome.DONE, _language(session, request), request.id)


def answer_deleted(session: Session, *, team_id: str, channel_id: str, message_ts: str) -> Result:
    """A thread answer was deleted: it no longer counts (nor as the first answer)."""
    help_request_id = store.remove_answer(session=session, team_id=team_id, channel_id=channel_id,
                                          message_ts=message_ts)
    if help_request_id is None:
        return Result(Outcome.NOT_FOUND)
    return Result(Outcome.DONE, help_request_id=help_request_id)


def resolve(session: Session, *, team_id: str, user_id: str, help_request_id: int | None = None,
            channel_id: str | None = None, message_ts: str | None = None) -> Result:
    """The asker (or a founder or animator) marks the call resolved: the post says so and
    the asker is asked, privately, how much time the answers saved."""
    request = _find(session, team_id, help_request_id=help_request_id, channel_id=channel_id, message_ts=message_ts)
    if request is None:
        return Result(Outcome.NOT_FOUND)
    language = _language(session, request)
    if user_id != request.asker_id and not is_steward(session, team_id=team_id, community_id=request.community_id,
                                                        user_id=user_id):
        return Result(Outcome.NOT_ALLOWED, language, request.id)
    resolved_at = utcnow()
    if not store.resolve(session=session, team_id=team_id, help_request_id=request.id, resolved_by=user_id,
                         resolved_at=resolved_at):
        return Result(Outcome.ALREADY_RESOLVED, language, request.id)
    session.refresh(request)
    # A resolved question joins the library, so the next person finds it before asking again.
    search.index_document(session=session, team_id=team_id, community_id=request.community_id, kind="help",
                          ref_id=request.id, title=request.question, body=request.question,
                          topics=store.topics_of(session=session, team_id=team_id, help_request_id=request.id),
                          channel_id=request.channel_id, message_ts=request.message_ts)
    applied.plan(session, request, after=resolved_at)  # a month on: did the answer get used?
    ids = _refresh_post(session, request)
    # How much time it saved is asked once per call: resolved again after a reopening, the asker is not
    # asked again (the last answer they gave counts).
    if store.take_asker_prompt(session=session, team_id=team_id, help_request_id=request.id, below=1):
        helpers, credited = expertise.credit_candidates(session, team_id=team_id, help_request_id=request.id,
                                                        asker_id=request.asker_id)
        prompt = blocks.time_saved_prompt(translator(language), help_request_id=request.id,
                                          question=request.question, helpers=helpers, credited=credited)
        ids += _owe(session, request, f"help:{request.id}:time-saved-prompt", "chat.postMessage",
                    {"channel": request.asker_id, **prompt})
    return Result(Outcome.DONE, language, request.id, ids)


def reopen(session: Session, *, team_id: str, user_id: str, help_request_id: int) -> Result:
    """The asker (or a founder or animator) reopens a call resolved too soon: its post is open again, the
    thread hears it, the library no longer offers it as answered, and it is followed up again. Counted
    once: a call resolved again counts when it is, its asker's last answers stand."""
    request = _find(session, team_id, help_request_id=help_request_id)
    if request is None:
        return Result(Outcome.NOT_FOUND)
    language = _language(session, request)
    if user_id != request.asker_id and not is_steward(session, team_id=team_id, community_id=request.community_id,
                                                        user_id=user_id):
        return Result(Outcome.NOT_ALLOWED, language, request.id)
    if not store.reopen(session=session, team_id=team_id, help_request_id=request.id):
        return Result(Outcome.UNCHANGED, language, request.id)
    session.refresh(request)
    search.remove_document(session=session, team_id=team_id, kind="help", ref_id=request.id)
    due.cancel(session=session, team_id=team_id, kinds=[applied.VALUE_APPLIED], subject_id=request.id)
    # No 3-day follow-up by DM this time: the thread hears the call is open again, and its asker already
    # had their prompts about it (PROMPTS_AFTER_RESOLVED).
    ids = _refresh_post(session, request)
    if request.message_ts:
        t = translator(language)
        ids += _owe(session, request, f"help:{request.id}:reopened:{request.reopened}", "chat.postMessage",
                    {"channel": request.channel_id, "thread_ts": request.message_ts,
                     "text": t.gettext(":arrows_counterclockwise: <@{user}> reopened this call for help: it is not "
                                       "settled yet. Can someone help further?", user=user_id)})
    return Result(Outcome.DONE, language, request.id, ids)


def record_time_saved(session: Session, *, team_id: str, user_id: str, help_request_id: int, choice: str) -> Result:
    """The asker says how much time the answers saved; the last answer counts."""
    request = _find(session, team_id, help_request_id=help_request_id)
    try:
        bucket = TimeSaved(choice)
    except ValueError:
        return Result(Outcome.NOT_FOUND)
    if request is None:
        return Result(Outcome.NOT_FOUND)
    language = _language(session, request)
    if user_id != request.asker_id:
        return Result(Outcome.NOT_ALLOWED, language, request.id)
    store.record_time_saved(session=session, team_id=team_id, help_request_id=request.id, bucket=bucket.value,
                            minutes=bucket.minutes)
    helpers, credited = expertise.credit_candidates(session, team_id=team_id, help_request_id=request.id,
                                                    asker_id=request.asker_id)
    return Result(Outcome.DONE, language, request.id,
                  detail={"choice": bucket.value, "helpers": helpers, "credited": credited})


STORY_FROM_MINUTES = TimeSaved.HALF_DAY.minutes  # half a day or more saved: worth telling


def asks_story(session: Session, *, team_id: str, help_request_id: int, choice: str) -> str | None:
    """The community's language if answering ``choice`` to "how much time did it save?" opens the story
    form at once (half a day or more, and no story told yet): the story is asked in the same answer,
    not in one more message. ``None`` otherwise. Only reads."""
    try:
        minutes = TimeSaved(choice).minutes
    except ValueError:
        return None
    request = _find(session, team_id, help_request_id=help_request_id)
    if request is None or minutes < STORY_FROM_MINUTES or request.value_story:
        return None
    return _language(session, request)


def record_value_story(session: Session, *, team_id: str, user_id: str, help_request_id: int, story: str) -> Result:
    """The asker's one sentence on what the answer was worth; it appears in the reports."""
    story = " ".join(story.split())[:500]
    request = _find(session, team_id, help_request_id=help_request_id)
    if request is None or not story:
        return Result(Outcome.NOT_FOUND)
    if not store.record_value_story(session=session, team_id=team_id, help_request_id=request.id, asker_id=user_id,
                                    story=story):
        return Result(Outcome.NOT_ALLOWED, _language(session, request), request.id)
    return Result(Outcome.DONE, _language(session, request), request.id)


def asker_of(session: Session, *, team_id: str, help_request_id: int) -> str | None:
    request = _find(session, team_id, help_request_id=help_request_id)
    return request.asker_id if request else None


def language_of(session: Session, *, team_id: str, help_request_id: int) -> str:
    request = _find(session, team_id, help_request_id=help_request_id)
    return _language(session, request) if request else "en"


# -- what animators do from a follow-up --------------------------------------------------------

def _steward_and_call(session: Session, team_id: str, user_id: str, help_request_id: int):
    request = store.get_help_request(session=session, team_id=team_id, help_request_id=help_request_id)
    if request is None:
        return None, None, Outcome.NOT_FOUND
    community = community_store.community_of(session=session, team_id=team_id, community_id=request.community_id)
    if not is_steward(session, team_id=team_id, community_id=request.community_id, user_id=user_id):
        return request, community, Outcome.NOT_ALLOWED
    if request.status != HelpStatus.OPEN:
        return request, community, Outcome.UNCHANGED
    return request, community, None


def ping_experts(session: Session, *, team_id: str, user_id: str, help_request_id: int) -> Result:
    """An animator sends an unanswered call, by DM, to the experts of its topics."""
    request, community, problem = _steward_and_call(session, team_id, user_id, help_request_id)
    if problem or request is None or community is None:  # no problem: both found
        return Result(problem or Outcome.NOT_FOUND, community.language if community else "en")
    topics = store.topics_of(session=session, team_id=team_id, help_request_id=request.id)
    experts = [u for u in sorted(expertise_store.people_for_topics(session=session, team_id=team_id,
                                                                   community_id=community.id, topics=topics))
               if u != request.asker_id]
    if not experts:
        return Result(Outcome.EMPTY, community.language, request.id)
    t = translator(community.language)
    link = _link(session, team_id, request.channel_id, request.message_ts)
    ids = []
    for expert in experts:
        message = blocks.urgent_call(t, asker_id=request.asker_id, channel_id=request.channel_id, link=link,
                                     question=request.question, topics=topics, help_request_id=request.id)
        message["text"] = t.gettext("<@{animator}> thinks you could help with this call for help:",
                                    animator=user_id) + "\n" + message["text"]
        message["blocks"][0] = blocks.section(message["text"])
        ids += owe_dm(session, team_id=team_id, key=f"help:{request.id}:ping:{expert}", user_id=expert,
                      message=message, fallback_channel=request.channel_id)
    return Result(Outcome.DONE, community.language, request.id, ids)


def repost(session: Session, *, team_id: str, user_id: str, help_request_id: int) -> Result:
    """The call comes back to the top of the channel, as a broadcast reply in its thread."""
    request, community, problem = _steward_and_call(session, team_id, user_id, help_request_id)
    if problem or request is None or community is None:  # no problem: both found
        return Result(problem or Outcome.NOT_FOUND, community.language if community else "en")
    t = translator(community.language)
    text = t.gettext(":raising_hand: Still waiting for an answer: <@{asker}> asks “{question}”. Can you help?",
                     asker=request.asker_id, question=mrkdwn(plain(request.question, 500)))
    payload: dict[str, str | bool] = {"channel": request.channel_id, "text": text}
    if request.message_ts:
        payload.update(thread_ts=request.message_ts, reply_broadcast=True)
    return Result(Outcome.DONE, community.language, request.id,
                  owe(session, team_id=team_id, key=f"help:{request.id}:repost", method="chat.postMessage",
                      payload=payload))


def close_call(session: Session, *, team_id: str, user_id: str, help_request_id: int) -> Result:
    """An animator closes a call nobody answered; its card says so."""
    request, community, problem = _steward_and_call(session, team_id, user_id, help_request_id)
    if problem or request is None or community is None:  # no problem: both found
        return Result(problem or Outcome.NOT_FOUND, community.language if community else "en")
    store.close(session=session, team_id=team_id, help_request_id=request.id, closed_by=user_id, closed_at=utcnow())
    session.refresh(request)
    return Result(Outcome.DONE, community.language, request.id, _refresh_post(session, request))
