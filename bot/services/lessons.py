"""Lessons learned and the living library: capture, and find again."""

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, time
from typing import Generic, TypeVar

from sqlmodel import Session

from bot import blocks
from bot.i18n import N_, translator
from bot.services import audit, communities, reliance
from bot.services.library import found, practice_of, standing_of
from bot.services.owed import owe_card_update, owe_dm
from bot.services.permissions import is_steward
from bot.services.resource_types import split_types
from bot.services.results import Outcome, Result
from bot.slack_terms import WANTS_LINK
from bot.text import Names, from_slack, keep_mentions, mentioned, mrkdwn, plain, split_topics, topic_key
from storage import communities as community_store
from storage import expertise as expertise_store
from storage import glossary, message_links, outbox, search
from storage import help_requests as help_store
from storage import lessons as store
from storage.models import Lesson, OutboxMessage
from storage.types import utcnow

PURPOSE_POST = "lesson.post"
_SENTENCE_END = re.compile(r"(?<=[.!?])\s")


@dataclass
class LessonDraft:
    title: str
    recommendation: str
    context: str = ""
    what_happened: str = ""
    topics: list[str] = field(default_factory=list)
    source_channel_id: str | None = None
    source_ts: str | None = None
    credited_user_id: str | None = None
    source_link: str | None = None  # Slack's link to the source message, asked when the form is sent

    def as_metadata(self) -> dict:
        return {"source_channel_id": self.source_channel_id, "source_ts": self.source_ts,
                "credited_user_id": self.credited_user_id}

    @classmethod
    def from_text(cls, text: str) -> "LessonDraft":
        """``/cop lesson <text>``: the first sentence (or line) is the title, the whole is the lesson."""
        body, topics = split_topics(text.strip())
        first = body.split("\n", 1)[0]
        first = _SENTENCE_END.split(first, 1)[0]
        return cls(title=plain(first, blocks.LESSON_TITLE_MAX).strip(), recommendation=body.strip(), topics=topics)


def parse_topics(text: str) -> list[str]:
    return list(dict.fromkeys(topic_key(w.lstrip("#")) for w in re.split(r"[\s,;]+", text) if w.lstrip("#")))


def problems(draft: LessonDraft) -> dict[str, str]:
    """Field → what is wrong, as message ids (the caller translates)."""
    errors = {}
    if not draft.title.strip():
        errors["title"] = N_("Give the lesson a short title.")
    elif len(draft.title) > blocks.LESSON_TITLE_MAX:
        errors["title"] = N_("Keep the title under 150 characters.")
    if not draft.recommendation.strip():
        errors["recommendation"] = N_("Say what others should do next time.")
    for name in ("context", "what_happened", "recommendation"):
        if len(getattr(draft, name)) > blocks.LESSON_FIELD_MAX:
            errors[name] = N_("This field is too long: keep it under 2,900 characters.")
    return errors


def capture(session: Session, *, team_id: str, channel_id: str, author_id: str, draft: LessonDraft) -> Result:
    """Store the lesson, index it, and owe its card in the community's channel."""
    community = community_store.community_for_channel(session=session, team_id=team_id, channel_id=channel_id)
    if community is None:
        return Result(Outcome.NOT_A_COMMUNITY)
    if problems(draft):
        return Result(Outcome.EMPTY, community.language, detail=problems(draft))
    # Someone else's words are republished only with their consent: until they answer, a draft.
    someone_else = draft.credited_user_id if draft.credited_user_id not in (None, "", author_id) else None
    lesson = store.create_lesson(session=session, team_id=team_id, community_id=community.id, author_id=author_id,
                                 title=draft.title.strip(), context=draft.context.strip(),
                                 what_happened=draft.what_happened.strip(),
                                 recommendation=draft.recommendation.strip(), topics=draft.topics,
                                 channel_id=channel_id, source_channel_id=draft.source_channel_id,
                                 source_ts=draft.source_ts, credited_user_id=draft.credited_user_id,
                                 consent=store.PENDING if someone_else else store.SHARED)
    if draft.source_link and draft.source_channel_id and draft.source_ts:
        message_links.remember(session=session, team_id=team_id, channel_id=draft.source_channel_id,
                               message_ts=draft.source_ts, permalink=draft.source_link)
    if someone_else:
        t = translator(community.language)
        ids = owe_dm(session, team_id=team_id, key=f"lesson:{lesson.id}:consent", user_id=someone_else,
                     message=blocks.lesson_consent_request(t, saver_id=author_id, lesson_id=lesson.id,
                                                           card=_card(session, community.language, lesson)),
                     fallback_channel=channel_id)
        return Result(Outcome.AWAITING_CONSENT, community.language, detail={"lesson_id": lesson.id,
                                                                             "asked": someone_else}, outbox_ids=ids)
    return Result(Outcome.DONE, community.language, detail={"lesson_id": lesson.id},
                  outbox_ids=publish(session, lesson, community.language))


def publish(session: Session, lesson: Lesson, language: str) -> list[int]:
    """Searchable, and its card owed in the community's channel."""
    index(session, lesson)
    row = outbox.enqueue(session=session, team_id=lesson.team_id, dedupe_key=f"lesson:{lesson.id}:post",
                         method="chat.postMessage", payload={"channel": lesson.channel_id, WANTS_LINK: True,
                                                             **_card(session, language, lesson)},
                         purpose=PURPOSE_POST, subject_id=lesson.id)
    session.flush()
    return [row.id] if row is not None else []


CONSENT_ANSWERS = ("yes", "anonymous", "no")


def answer_consent(session: Session, *, team_id: str, user_id: str, lesson_id: int, answer: str) -> Result:
    """The person whose message was saved answers: shared with their name, without it, or not at all.
    Only they can answer, once; the saver is told."""
    lesson = store.get_lesson(session=session, team_id=team_id, lesson_id=lesson_id)
    if lesson is None or answer not in CONSENT_ANSWERS:
        return Result(Outcome.NOT_FOUND)
    community = community_store.get_community(session=session, team_id=team_id, community_id=lesson.community_id)
    language = community.language if community else "en"
    if lesson.credited_user_id != user_id:
        return Result(Outcome.NOT_ALLOWED, language)
    if lesson.consent != store.PENDING:
        return Result(Outcome.UNCHANGED, language)
    t = translator(language)
    saver = lesson.author_id
    if answer == "no":
        session.delete(lesson)
        told = t.gettext("<@{person}> preferred not to share their message: the lesson was not posted, and its "
                         "draft is deleted.", person=user_id)
        ids = []
    else:
        lesson.consent = store.SHARED
        if answer == "anonymous":
            lesson.credited_user_id = None
        session.add(lesson)
        session.flush()
        ids = publish(session, lesson, language)
        told = t.gettext("<@{person}> agreed: your lesson *{title}* is posted in <#{channel}>.", person=user_id,
                         title=mrkdwn(lesson.title), channel=lesson.channel_id) if answer == "yes" else \
            t.gettext("Your lesson *{title}* is posted in <#{channel}>, without naming the person whose message "
                      "it came from, as they asked.", title=mrkdwn(lesson.title), channel=lesson.channel_id)
    ids += owe_dm(session, team_id=team_id, key=f"lesson:{lesson_id}:consent:told", user_id=saver,
                  message=blocks.ephemeral(told))
    return Result(Outcome.DONE, language, detail={"answer": answer}, outbox_ids=ids)


def index(session: Session, lesson: Lesson) -> None:
    """What search finds of a lesson or a resource (its type, for ``type:``; never its link)."""
    search.index_document(session=session, team_id=lesson.team_id, community_id=lesson.community_id, kind="lesson",
                          ref_id=lesson.id, title=lesson.title,
                          body="\n".join(x for x in (lesson.recommendation, lesson.context, lesson.what_happened) if x),
                          topics=lesson.topics.split(), channel_id=lesson.channel_id, message_ts=lesson.message_ts,
                          standing=search_standing(lesson),
                          resource_type=lesson.resource_type or "")


def search_standing(lesson: Lesson) -> str:
    """What search ranks it by: obsolete, else a shared practice, a validated item, a promising practice."""
    if lesson.standing == store.OBSOLETE:
        return search.OBSOLETE
    if lesson.practice == "shared":
        return search.SHARED
    if lesson.standing == store.VALIDATED:
        return search.VALIDATED
    return search.PROMISING if lesson.practice == "promising" else ""


def refresh_card(session: Session, lesson: Lesson, language: str | None = None) -> list[int]:
    """The lesson's card shown again as it is now, in the community's language and time zone."""
    if not lesson.message_ts:
        return []
    community = community_store.get_community(session=session, team_id=lesson.team_id,
                                              community_id=lesson.community_id)
    language = language or (community.language if community else "en")
    timezone = community.timezone if community else "America/Toronto"
    return owe_card_update(session, team_id=lesson.team_id, channel_id=lesson.channel_id,
                           message_ts=lesson.message_ts, view=_card(session, language, lesson, timezone))


def _card(session: Session, language: str, lesson: Lesson, timezone: str = "America/Toronto") -> dict:
    t = translator(language)
    source = message_links.link(session=session, team_id=lesson.team_id, channel_id=lesson.source_channel_id,
                                message_ts=lesson.source_ts)
    names = Names(community_store.names_of(session=session, team_id=lesson.team_id,
                                           user_ids=mentioned(lesson.title)[0]))
    practice = practice_of(session, lesson, t, timezone)
    if lesson.kind == store.RESOURCE:
        return blocks.resource_card(t, blocks.ResourceCard(
            id=lesson.id, author_id=lesson.author_id, title=lesson.title, why=lesson.recommendation,
            url=lesson.link or "", resource_type=lesson.resource_type or "", topics=lesson.topics.split(),
            evidence_level=lesson.evidence_level or "",
            source_date=t.date(datetime.combine(lesson.source_date, time(12), tzinfo=UTC), "UTC")
            if lesson.source_date else "",
            source_channel_id=lesson.source_channel_id if lesson.source_ts else None, source_link=source,
            watch_on=t.date(lesson.watch_at, timezone) if lesson.watch_at else "", practice=practice,
            names=names, **standing_of(lesson, t, timezone)))
    return blocks.lesson_card(t, blocks.LessonCard(
        id=lesson.id, author_id=lesson.author_id, title=lesson.title, context=lesson.context,
        what_happened=lesson.what_happened, recommendation=lesson.recommendation, topics=lesson.topics.split(),
        credited_user_id=lesson.credited_user_id,
        source_channel_id=lesson.source_channel_id if lesson.source_ts else None, source_link=source,
        names=names, practice=practice, **standing_of(lesson, t, timezone)))


def may_review(session: Session, lesson: Lesson, user_id: str) -> bool:
    """Who keeps a lesson true: its author and owner, the community's founders and animators, and the
    content experts who watch one of its topics."""
    if user_id in (lesson.author_id, lesson.owner_id):
        return True
    if is_steward(session, team_id=lesson.team_id, community_id=lesson.community_id, user_id=user_id):
        return True
    return bool(set(lesson.topics.split()) & expertise_store.watchers(
        session=session, team_id=lesson.team_id, community_id=lesson.community_id).get(user_id, set()))


def editable(session: Session, *, team_id: str, user_id: str, lesson_id: int) -> tuple[Outcome, Lesson | None, str]:
    """The lesson if ``user_id`` may change it: its author or owner, a founder or animator of its community,
    or a content expert of its topics."""
    lesson = store.get_lesson(session=session, team_id=team_id, lesson_id=lesson_id)
    if lesson is None:
        return Outcome.NOT_FOUND, None, "en"
    community = community_store.community_of(session=session, team_id=team_id, community_id=lesson.community_id)
    if not may_review(session, lesson, user_id):
        return Outcome.NOT_ALLOWED, lesson, community.language
    return Outcome.DONE, lesson, community.language


def mark(session: Session, lesson: Lesson, user_id: str, standing: str) -> None:
    """A review: still true (validated), or obsolete. A content expert who reviews a lesson of their topics
    becomes its owner (they keep it true from now on)."""
    lesson.standing, lesson.reviewed_by, lesson.reviewed_at = standing, user_id, utcnow()
    watched = expertise_store.watchers(session=session, team_id=lesson.team_id, community_id=lesson.community_id)
    if set(lesson.topics.split()) & watched.get(user_id, set()):
        lesson.owner_id = user_id
    session.add(lesson)
    session.flush()
    index(session, lesson)
    audit.record(session, team_id=lesson.team_id, community_id=lesson.community_id, user_id=user_id,
                 action=f"lesson.{standing}", detail=f"lesson {lesson.id}")


def review(session: Session, *, team_id: str, user_id: str, lesson_id: int, standing: str) -> Result:
    """*Still true* (``validated``) or *Obsolete*: the card and search say so from now on."""
    if standing not in (store.VALIDATED, store.OBSOLETE):
        return Result(Outcome.NOT_FOUND)
    outcome, lesson, language = editable(session, team_id=team_id, user_id=user_id, lesson_id=lesson_id)
    if outcome != Outcome.DONE or lesson is None:
        return Result(outcome, language)
    newly_obsolete = standing == store.OBSOLETE and lesson.standing != store.OBSOLETE
    mark(session, lesson, user_id, standing)
    if newly_obsolete and lesson.practice:
        reliance.changed(session, lesson, by=user_id, news=reliance.OBSOLETE)
    return Result(Outcome.DONE, language, detail={"title": lesson.title, "standing": standing},
                  outbox_ids=refresh_card(session, lesson, language))


def prefill_for_edit(session: Session, *, team_id: str, user_id: str, lesson_id: int) -> "Prefill | NoForm":
    outcome, lesson, language = editable(session, team_id=team_id, user_id=user_id, lesson_id=lesson_id)
    if outcome != Outcome.DONE or lesson is None:
        return NoForm(outcome, language)
    draft = LessonDraft(title=lesson.title, recommendation=lesson.recommendation, context=lesson.context,
                        what_happened=lesson.what_happened, topics=lesson.topics.split())
    return Prefill(language, draft, lesson.channel_id, lesson_id=lesson.id)


def update(session: Session, *, team_id: str, user_id: str, lesson_id: int, draft: LessonDraft,
           reviewed: bool = False) -> Result:
    """Edit a lesson: its card and what search finds follow. ``reviewed``: updated from a review request,
    so validated as it now stands."""
    outcome, lesson, language = editable(session, team_id=team_id, user_id=user_id, lesson_id=lesson_id)
    if outcome != Outcome.DONE or lesson is None:
        return Result(outcome, language)
    # The form showed the lesson as read: the people it mentioned come back as their names, mentioned again.
    before = (lesson.title, lesson.context, lesson.what_happened, lesson.recommendation)
    content = reliance.content(lesson)
    names = community_store.names_of(session=session, team_id=team_id,
                                     user_ids=[u for text in before for u in mentioned(text)[0]])
    lesson.title, lesson.context = (keep_mentions(draft.title.strip(), lesson.title, names),
                                    keep_mentions(draft.context.strip(), lesson.context, names))
    lesson.what_happened, lesson.recommendation = (
        keep_mentions(draft.what_happened.strip(), lesson.what_happened, names),
        keep_mentions(draft.recommendation.strip(), lesson.recommendation, names))
    lesson.topics, lesson.updated_at = " ".join(draft.topics), utcnow()
    session.add(lesson)
    session.flush()
    if reviewed:
        mark(session, lesson, user_id, store.VALIDATED)
    index(session, lesson)
    reliance.edited(session, lesson, by=user_id, before=content)
    ids = refresh_card(session, lesson, language)
    audit.record(session, team_id=team_id, community_id=lesson.community_id, user_id=user_id,
                 action="lesson.edited", detail=f"lesson {lesson.id}")
    return Result(Outcome.DONE, language, outbox_ids=ids)


def delete(session: Session, *, team_id: str, user_id: str, lesson_id: int) -> Result:
    """Delete a lesson (its author, or a founder or animator: a content expert marks it obsolete
    instead): its card goes from the channel and search no longer finds it."""
    outcome, lesson, language = editable(session, team_id=team_id, user_id=user_id, lesson_id=lesson_id)
    if outcome == Outcome.DONE and lesson is not None and user_id != lesson.author_id and not is_steward(
            session, team_id=team_id, community_id=lesson.community_id, user_id=user_id):
        outcome = Outcome.NOT_ALLOWED
    if outcome != Outcome.DONE or lesson is None:
        return Result(outcome, language)
    search.remove_document(session=session, team_id=team_id, kind="lesson", ref_id=lesson.id)
    ids = []
    if lesson.message_ts:
        row = outbox.enqueue(session=session, team_id=team_id, dedupe_key=f"lesson:{lesson.id}:delete",
                             method="chat.delete", payload={"channel": lesson.channel_id, "ts": lesson.message_ts})
        session.flush()
        if row is not None:  # None: its deletion was owed already
            ids.append(row.id)
    audit.record(session, team_id=team_id, community_id=lesson.community_id, user_id=user_id,
                 action="lesson.deleted", detail=f"lesson {lesson.id}")
    session.delete(lesson)
    session.flush()
    return Result(Outcome.DONE, language, outbox_ids=ids)


def lesson_posted(session: Session, message: OutboxMessage, answer: dict) -> None:
    if message.subject_id is None:  # a card owed by ``publish`` always names its lesson
        return
    store.mark_posted(session=session, team_id=message.team_id, lesson_id=message.subject_id,
                      message_ts=answer["ts"])


@dataclass
class NoForm:
    """Why a library item's form does not open (``outcome``: not a community, not allowed, not found, nothing
    to add), to be said in ``language``."""

    outcome: Outcome
    language: str


Draft = TypeVar("Draft")


@dataclass
class Form(Generic[Draft]):
    """What a library item's form opens with (``draft``: a lesson's or a resource's), and where it will go."""

    language: str
    draft: Draft
    channel_id: str | None = None  # the community's channel; None: the person picks
    communities: list[tuple[str, str]] = field(default_factory=list)
    lesson_id: int | None = None  # editing this lesson
    reviewed: bool = False  # edited from a review request: saving it validates the lesson
    asker_id: str | None = None  # from a call for help: its asker (whose replies are not answers)


@dataclass
class Prefill(Form[LessonDraft]):
    """The lesson form's (a resource's is ``resources.ResourcePrefill``)."""


def prefill_from_message(session: Session, *, team_id: str, channel_id: str, text: str, author_id: str | None,
                         message_ts: str, fallback_language: str) -> Prefill | NoForm:
    """"Save as lesson learned" on any message: prefilled from it, crediting its author."""
    draft = LessonDraft.from_text(text) if text.strip() else LessonDraft(title="", recommendation="")
    draft.source_channel_id, draft.source_ts, draft.credited_user_id = channel_id, message_ts, author_id
    language, here, choices = communities.places_for_message(session, team_id=team_id, channel_id=channel_id,
                                                             fallback_language=fallback_language)
    if not here and not choices:
        return NoForm(Outcome.NOT_A_COMMUNITY, language)
    return Prefill(language, draft, here, choices)


def prefill_from_call(session: Session, *, team_id: str, user_id: str, help_request_id: int) -> Prefill | NoForm:
    """"Turn this into a lesson" after a call is resolved: prefilled from the question. The thread's
    answers are added with ``with_answers`` once Slack has been asked for them (outside the session)."""
    request = help_store.get_help_request(session=session, team_id=team_id, help_request_id=help_request_id)
    if request is None:
        return NoForm(Outcome.NOT_FOUND, "en")
    community = community_store.community_of(session=session, team_id=team_id, community_id=request.community_id)
    if user_id != request.asker_id and not is_steward(session, team_id=team_id, community_id=community.id,
                                                        user_id=user_id):
        return NoForm(Outcome.NOT_ALLOWED, community.language)
    draft = LessonDraft(title=plain(request.question, blocks.LESSON_TITLE_MAX), context=request.question,
                        what_happened="", recommendation="",
                        topics=help_store.topics_of(session=session, team_id=team_id, help_request_id=request.id),
                        source_channel_id=request.channel_id, source_ts=request.message_ts)
    return Prefill(community.language, draft, request.channel_id, asker_id=request.asker_id)


def with_answers(prefill: Prefill, thread: list[dict]) -> Prefill:
    """The thread's answers (its messages after the question, by people, not the asker) as what happened.
    Their words, not their names: nobody is credited in a lesson without having agreed to it (the
    person writing the lesson may credit those who agree)."""
    answers = [f"• {from_slack(m.get('text') or '')}" for m in thread[1:]
               if m.get("user") and m.get("user") != prefill.asker_id and not m.get("bot_id")]
    prefill.draft.what_happened = "\n".join(answers)[: blocks.LESSON_FIELD_MAX]
    return prefill


@dataclass
class SearchResult:
    outcome: Outcome
    language: str
    found: list[blocks.Found] = field(default_factory=list)
    kept: list[str] | None = None  # the query was longer than search reads: the words it was read as
    corrected: dict[str, str] = field(default_factory=dict)  # word typed → the community's word it was read as
    community_id: int | None = None
    gap: str | None = None  # what was sought, when no document holds all of it (a gap in the library)
    unknown_types: list[str] = field(default_factory=list)  # typed after ``type:``, and no type


def find(session: Session, *, team_id: str, channel_id: str, query: str, limit: int = 5) -> SearchResult:
    """The community's best lessons, resources and resolved calls for help for ``query`` (``#topic`` and
    ``type:`` filter, in either language)."""
    community = community_store.community_for_channel(session=session, team_id=team_id, channel_id=channel_id)
    if community is None:
        return SearchResult(Outcome.NOT_A_COMMUNITY, "en")
    query, types, unknown = split_types(query)
    if unknown:
        return SearchResult(Outcome.EMPTY, community.language, unknown_types=unknown)
    _, topics = split_topics(query)
    words = " ".join(w for w in query.split() if not w.startswith("#"))
    hits = search.search(session=session, team_id=team_id, community_id=community.id, query=words, topics=topics,
                         limit=limit, glossary=glossary.of_community(session=session, team_id=team_id,
                                                                     community_id=community.id), types=types)
    gap = None if hits.whole else " ".join(hits.kept) if hits.kept is not None else words
    return SearchResult(Outcome.DONE, community.language, kept=hits.kept, corrected=hits.corrected,
                        community_id=community.id, gap=gap or None,
                        found=found(session, hits, community.language, community.timezone))
