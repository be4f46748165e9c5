"""Resources in the library: a tool, template, guideline, article, piece of evidence or training, by its
link (a web page, or a Slack file's permalink: the bot never copies a file's content).

A resource is a lesson row of kind "resource" (storage/lessons.py): its ``recommendation`` is the line on
why it helps. Search, the Home tab, the export and the review cycle (bot/services/stewardship.py) read it
as they read lessons; only its card, its form and how it is typed differ.
"""

import re
from dataclasses import dataclass, field
from datetime import date

from sqlmodel import Session

from bot import blocks
from bot.i18n import N_
from bot.services import audit, communities, lessons, reliance
from bot.services.resource_types import split_types
from bot.services.results import Outcome, Result
from bot.text import from_slack, keep_mentions, mentioned, plain, split_topics
from storage import communities as community_store
from storage import lessons as store
from storage import message_links
from storage.models import Role
from storage.types import utcnow

_LINK_IN_TEXT = re.compile(r"<(https?://[^\s<>|]+)(?:\|([^<>]*))?>|(https?://[^\s<>]+)")
_VALID_LINK = re.compile(r"https?://[^\s<>|]+\.[^\s<>|]+")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s")


@dataclass
class ResourceDraft:
    url: str
    title: str
    why: str = ""
    resource_type: str = ""
    topics: list[str] = field(default_factory=list)
    evidence_level: str = ""
    source_date: date | None = None
    source_channel_id: str | None = None  # added from a message there
    source_ts: str | None = None
    source_link: str | None = None  # Slack's link to that message, asked when the form is sent

    def as_metadata(self) -> dict:
        return {"source_channel_id": self.source_channel_id, "source_ts": self.source_ts}

    @classmethod
    def from_text(cls, text: str) -> "ResourceDraft":
        """``/cop resource <link> <title>. <why it helps> type:<type> #topic`` (real text): the link, its
        first sentence as the title (or the link's label), the rest as why it helps."""
        body, topics = split_topics(text.strip())
        body, types, _ = split_types(body)
        match = _LINK_IN_TEXT.search(body)
        url = (match.group(1) or match.group(3)) if match else ""
        rest = (body[:match.start()] + " " + body[match.end():]).strip() if match else body
        parts = _SENTENCE_END.split(rest, 1)
        title, why = parts[0].strip(), (parts[1].strip() if len(parts) > 1 else "")
        if not title and match and match.group(2):
            title = match.group(2).strip()
        return cls(url=url, title=plain(title, blocks.LESSON_TITLE_MAX + 1), why=why,
                   resource_type=types[0] if types else "", topics=topics)


@dataclass
class ResourcePrefill(lessons.Form[ResourceDraft]):
    """The resource form's: what it opens with, and where the resource will go."""


def problems(draft: ResourceDraft) -> dict[str, str]:
    """Field → what is wrong, as message ids (the caller translates)."""
    errors = {}
    if not draft.url.strip():
        errors["link"] = N_("Give the resource's link: a web page (https://…) or a Slack file's link.")
    elif len(draft.url) > blocks.RESOURCE_LINK_MAX or not _VALID_LINK.fullmatch(draft.url.strip()):
        errors["link"] = N_("This is not a link I can share: give a web address starting with https://.")
    if draft.resource_type not in store.RESOURCE_TYPES:
        errors["type"] = N_("Choose the resource's type.")
    if not draft.title.strip():
        errors["title"] = N_("Give the resource a short title.")
    elif len(draft.title) > blocks.LESSON_TITLE_MAX:
        errors["title"] = N_("Keep the title under 150 characters.")
    if not draft.why.strip():
        errors["why"] = N_("Say in one line why it helps.")
    elif len(draft.why) > blocks.RESOURCE_WHY_MAX:
        errors["why"] = N_("One line is enough: keep it under 500 characters.")
    if len(draft.evidence_level) > blocks.EVIDENCE_MAX:
        errors["evidence"] = N_("Keep the level of evidence under 200 characters.")
    return errors


def capture(session: Session, *, team_id: str, channel_id: str, author_id: str, draft: ResourceDraft,
            watch: bool = False) -> Result:
    """Store the resource, index it, and owe its card in the community's channel. ``watch``: a content
    expert's watch item (veille), marked new."""
    community = community_store.community_for_channel(session=session, team_id=team_id, channel_id=channel_id)
    if community is None:
        return Result(Outcome.NOT_A_COMMUNITY)
    if problems(draft):
        return Result(Outcome.EMPTY, community.language, detail=problems(draft))
    resource = store.create_lesson(
        session=session, team_id=team_id, community_id=community.id, author_id=author_id, title=draft.title.strip(),
        context="", what_happened="", recommendation=draft.why.strip(), topics=draft.topics, channel_id=channel_id,
        source_channel_id=draft.source_channel_id, source_ts=draft.source_ts, kind=store.RESOURCE,
        link=draft.url.strip(), resource_type=draft.resource_type, evidence_level=draft.evidence_level.strip() or None,
        source_date=draft.source_date, watch_at=utcnow() if watch else None)
    if draft.source_link and draft.source_channel_id and draft.source_ts:
        message_links.remember(session=session, team_id=team_id, channel_id=draft.source_channel_id,
                               message_ts=draft.source_ts, permalink=draft.source_link)
    return Result(Outcome.DONE, community.language, detail={"lesson_id": resource.id},
                  outbox_ids=lessons.publish(session, resource, community.language))


NOT_AN_EXPERT = N_("Watch items are posted by the community's content experts. Share a resource with "
                   "`/cop resource`, or ask a founder for the content expert role.")


def post_watch(session: Session, *, team_id: str, channel_id: str, user_id: str, text: str) -> Result:
    """A content expert's watch item: its first sentence is its title, the rest says what is new (the title
    alone when there is no more); its type is ``type:`` (an article when not said)."""
    community = community_store.community_for_channel(session=session, team_id=team_id, channel_id=channel_id)
    if community is None:
        return Result(Outcome.NOT_A_COMMUNITY)
    if Role.EXPERT.value not in community_store.roles_of(session=session, team_id=team_id,
                                                         community_id=community.id, user_id=user_id):
        return Result(Outcome.NOT_ALLOWED, community.language)
    draft = ResourceDraft.from_text(text)
    draft.why, draft.resource_type = draft.why or draft.title, draft.resource_type or "article"
    return capture(session, team_id=team_id, channel_id=channel_id, author_id=user_id, draft=draft,
                             watch=True)


def update(session: Session, *, team_id: str, user_id: str, lesson_id: int, draft: ResourceDraft,
           reviewed: bool = False) -> Result:
    """Edit a resource (who may: as for a lesson): its card and what search finds follow. ``reviewed``:
    updated from a review request, so validated as it now stands."""
    outcome, resource, language = lessons.editable(session, team_id=team_id, user_id=user_id, lesson_id=lesson_id)
    if outcome == Outcome.DONE and resource is not None and resource.kind != store.RESOURCE:
        outcome = Outcome.NOT_FOUND
    if outcome != Outcome.DONE or resource is None:
        return Result(outcome, language)
    before = reliance.content(resource)
    names = community_store.names_of(session=session, team_id=team_id,
                                     user_ids=mentioned(resource.title)[0] + mentioned(resource.recommendation)[0])
    resource.title = keep_mentions(draft.title.strip(), resource.title, names)
    resource.recommendation = keep_mentions(draft.why.strip(), resource.recommendation, names)
    resource.link, resource.resource_type, resource.topics = draft.url.strip(), draft.resource_type, \
        " ".join(draft.topics)
    resource.evidence_level, resource.source_date = draft.evidence_level.strip() or None, draft.source_date
    resource.updated_at = utcnow()
    session.add(resource)
    session.flush()
    if reviewed:
        lessons.mark(session, resource, user_id, store.VALIDATED)
    lessons.index(session, resource)
    reliance.edited(session, resource, by=user_id, before=before)
    audit.record(session, team_id=team_id, community_id=resource.community_id, user_id=user_id,
                 action="resource.edited", detail=f"resource {resource.id}")
    return Result(Outcome.DONE, language, outbox_ids=lessons.refresh_card(session, resource, language))


def prefill_for_edit(session: Session, *, team_id: str, user_id: str,
                     lesson_id: int) -> ResourcePrefill | lessons.Prefill | lessons.NoForm:
    """The form a library item opens with to be edited: a resource's, or a lesson's."""
    outcome, item, language = lessons.editable(session, team_id=team_id, user_id=user_id, lesson_id=lesson_id)
    if outcome != Outcome.DONE or item is None or item.kind != store.RESOURCE:
        return lessons.prefill_for_edit(session, team_id=team_id, user_id=user_id, lesson_id=lesson_id)
    draft = ResourceDraft(url=item.link or "", title=item.title, why=item.recommendation,
                          resource_type=item.resource_type or "", topics=item.topics.split(),
                          evidence_level=item.evidence_level or "", source_date=item.source_date)
    return ResourcePrefill(language, draft, item.channel_id, lesson_id=item.id)


def link_of_message(message: dict) -> tuple[str, str]:
    """A message's resource: its first file's permalink and name (never the file itself), else its first
    link and that link's label; ("", "") when it has neither."""
    for shared in message.get("files") or []:
        if isinstance(shared, dict) and shared.get("permalink"):
            return str(shared["permalink"]), str(shared.get("title") or shared.get("name") or "")
    match = _LINK_IN_TEXT.search(from_slack(str(message.get("text") or "")))
    if match is None:
        return "", ""
    return match.group(1) or match.group(3), (match.group(2) or "").strip()


def prefill_from_message(session: Session, *, team_id: str, channel_id: str, message: dict,
                         fallback_language: str) -> ResourcePrefill | lessons.NoForm:
    """"Add to the library" on a message: the resource form with the message's file or link (``EMPTY``:
    the message has neither)."""
    url, label = link_of_message(message)
    language, here, choices = communities.places_for_message(session, team_id=team_id, channel_id=channel_id,
                                                             fallback_language=fallback_language)
    if not here and not choices:
        return lessons.NoForm(Outcome.NOT_A_COMMUNITY, language)
    if not url:
        return lessons.NoForm(Outcome.EMPTY, language)
    draft = ResourceDraft(url=url, title=plain(label, blocks.LESSON_TITLE_MAX), source_channel_id=channel_id,
                          source_ts=message.get("ts"))
    return ResourcePrefill(language, draft, here, choices)
