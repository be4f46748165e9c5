"""Facilitators share the load: a follow-up that goes to every facilitator (an unanswered call, a welcome
that could not be delivered, the quarter's reflections) carries "I'll take it". The first to take it has
it: the others' copies say who did, those still waiting for the end of quiet hours are not sent, and
every facilitator's Home tab shows who took what."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlmodel import Session

from bot import blocks
from bot.i18n import translator
from bot.services.owed import owe_card_update, owe_dm, owe_dm_when_allowed
from bot.services.results import Outcome
from storage import communities as community_store
from storage import follow_ups as store
from storage import help_requests as help_store
from storage import memberships, message_links, outbox
from storage.models import Community, FollowUpCopy, OutboxMessage

PURPOSE_COPY = "follow_up.copy"  # a facilitator's copy: where Slack put it is remembered
TAKEN_SHOWN_FOR = timedelta(days=14)
TAKEN_SHOWN = 5


def owe_copies(session: Session, community: Community, *, kind: str, subject: str, recipients: list[str],
               build: Callable[[str | None], dict], key: str, now: datetime, when_allowed: bool = True) -> list[int]:
    """Each facilitator's copy of a follow-up (``build(take)`` writes it, ``take`` being its "I'll take it"
    value, or ``None`` when it goes to one person only); nothing once someone has taken it."""
    if any(c.taken_by for c in store.copies_of(session=session, team_id=community.team_id,
                                                community_id=community.id, kind=kind, subject=subject)):
        return []
    shared = len(recipients) > 1
    ids: list[int] = []
    for user_id in recipients:
        copy = None
        if shared:
            copy = store.add_copy(session=session, team_id=community.team_id, community_id=community.id, kind=kind,
                                  subject=subject, user_id=user_id)
            if copy is None:
                continue
            session.flush()
        message = build(str(copy.id) if copy else None)
        extra = {"purpose": PURPOSE_COPY, "subject_id": copy.id} if copy else {}
        dedupe = f"{key}:{user_id}"
        if when_allowed:
            ids += owe_dm_when_allowed(session, community, key=dedupe, user_id=user_id, message=message, now=now,
                                       **extra)
        else:
            ids += owe_dm(session, team_id=community.team_id, key=dedupe, user_id=user_id, message=message,
                          fallback_channel=community.channel_id, **extra)
        if copy is not None:
            copy.outbox_id = outbox.id_of(session=session, team_id=community.team_id, dedupe_key=dedupe)
    return ids


def subject_of(session: Session, copy: FollowUpCopy) -> blocks.FollowUpSubject:
    """What the follow-up is about, read now (a call's words are not copied: its retention is the call's)."""
    if copy.kind == "help.unanswered" and copy.subject.isdigit():
        request = help_store.get_help_request(session=session, team_id=copy.team_id,
                                              help_request_id=int(copy.subject))
        if request is not None:
            return blocks.FollowUpSubject(copy.kind, question=request.question, channel_id=request.channel_id,
                                          link=message_links.link(session=session, team_id=copy.team_id,
                                                                  channel_id=request.channel_id,
                                                                  message_ts=request.message_ts))
    if copy.kind == "welcome.unreachable" and copy.subject.isdigit():
        membership = memberships.get_membership_by_id(session=session, team_id=copy.team_id,
                                                      membership_id=int(copy.subject))
        if membership is not None:
            return blocks.FollowUpSubject(copy.kind, newcomer_id=membership.user_id)
    if copy.kind == "reflection.agenda":
        return blocks.FollowUpSubject(copy.kind, quarter=copy.subject)
    return blocks.FollowUpSubject(copy.kind, question="…")


def copy_sent(session: Session, message: OutboxMessage, answer: dict) -> list[int]:
    """Where Slack put a copy; one taken while it was on its way says at once who took it."""
    copy = store.get_copy(session=session, team_id=message.team_id, copy_id=message.subject_id or 0)
    if copy is None or message.method != "chat.postMessage" or not answer.get("ts"):
        return []
    copy.channel_id, copy.message_ts = str(answer.get("channel") or ""), str(answer["ts"])
    session.add(copy)
    if not copy.taken_by or copy.taken_by == copy.user_id:
        return []
    return _tell_taken(session, copy, copy.taken_by)


def _tell_taken(session: Session, copy: FollowUpCopy, taker_id: str) -> list[int]:
    community = community_store.get_community(session=session, team_id=copy.team_id, community_id=copy.community_id)
    if community is None or not copy.channel_id or not copy.message_ts:
        return []
    view = blocks.follow_up_taken(translator(community.language), taker_id=taker_id,
                                  subject=subject_of(session, copy), mine=False)
    return owe_card_update(session, team_id=copy.team_id, channel_id=copy.channel_id, message_ts=copy.message_ts,
                           view=view)


@dataclass
class Taken:
    outcome: Outcome
    language: str = "en"
    taker_id: str | None = None
    subject: blocks.FollowUpSubject | None = None
    owed: list[int] = field(default_factory=list)


def take(session: Session, *, team_id: str, user_id: str, copy_id: int, now: datetime) -> Taken:
    """"I'll take it" on one's own copy: the first to say it has it; the others are told, or not sent it."""
    copy = store.get_copy(session=session, team_id=team_id, copy_id=copy_id)
    if copy is None:
        return Taken(Outcome.NOT_FOUND)
    community = community_store.get_community(session=session, team_id=team_id, community_id=copy.community_id)
    if community is None:
        return Taken(Outcome.NOT_FOUND)
    if copy.user_id != user_id:
        return Taken(Outcome.NOT_ALLOWED, community.language)
    subject = subject_of(session, copy)
    if copy.taken_by or not store.take(session=session, copy=copy, user_id=user_id, now=now):
        copy = store.get_copy(session=session, team_id=team_id, copy_id=copy_id)
        return Taken(Outcome.UNCHANGED, community.language, copy.taken_by if copy else None, subject)
    others = [c for c in store.copies_of(session=session, team_id=team_id, community_id=copy.community_id,
                                         kind=copy.kind, subject=copy.subject) if c.id != copy.id]
    store.cancel_unsent(session=session, team_id=team_id, outbox_ids=[c.outbox_id for c in others if c.outbox_id])
    owed = [i for c in others for i in _tell_taken(session, c, user_id)]
    return Taken(Outcome.DONE, community.language, user_id, subject, owed)


def taken_lately(session: Session, community: Community, now: datetime) -> list[blocks.HomeTaken]:
    """Who took which follow-up in the last two weeks, for the facilitators' Home tab."""
    return [blocks.HomeTaken(taker_id=c.taken_by, subject=subject_of(session, c), taken_at=c.taken_at)
            for c in store.taken_since(session=session, team_id=community.team_id, community_id=community.id,
                                       since=now - TAKEN_SHOWN_FOR, limit=TAKEN_SHOWN)
            if c.taken_by is not None and c.taken_at is not None]  # every one: taken_since reads taken copies
