"""A meeting's minutes (compte rendu): who was there, the summary, the decisions, the actions (what,
who, by when) and the lessons — written after it by its reporter (the animators if none), posted in
the channel, the lessons in the library. Each action is owed to its owner: a direct message a few
days before its date (Done / Not yet), the next meeting's announcement and their Home list it while
it is open. Editing the minutes updates the post.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlmodel import Session

from bot import blocks
from bot.i18n import N_, translator
from bot.services import audit, lessons, meetings, roles
from bot.services.lessons import LessonDraft
from bot.services.owed import owe, owe_card_update, owe_dm_when_allowed
from bot.services.permissions import is_steward
from bot.services.results import Outcome
from bot.services.timing import local_time
from storage import communities as community_store
from storage import due
from storage import meetings as store
from storage.models import ActionStatus, Community, DueItem, Meeting, MeetingAction, MeetingStatus, Minutes
from storage.types import utcnow

ACTION_REMINDER = "meeting.action"
ACTION_DAYS = 3  # the owner is asked this many days before the action's date
ACTION_HOUR = time(9)  # …at this local hour (quiet hours respected)
PURPOSE_POSTED = "minutes.posted"
WHAT_MAX = 300


@dataclass(frozen=True)
class ActionDraft:
    slot: int
    what: str
    owner_id: str
    due_on: date


@dataclass
class MinutesDraft:
    present: list[str]
    summary: str
    decisions: str = ""
    lessons: str = ""
    actions: list[ActionDraft] = field(default_factory=list)


@dataclass
class MinutesForm:
    """What the minutes' form shows: the meeting, who was there (prefilled), what was written."""

    outcome: Outcome
    language: str = "en"
    title: str = ""
    present: list[str] = field(default_factory=list)
    summary: str = ""
    decisions: str = ""
    lessons: str = ""
    actions: list[blocks.ActionView] = field(default_factory=list)


@dataclass
class MinutesResult:
    outcome: Outcome
    language: str = "en"
    outbox_ids: list[int] = field(default_factory=list)


def problems(draft: MinutesDraft, partial_rows: list[int]) -> dict[str, str]:
    """Field → what is wrong, as message ids: a summary; each action whole (what, who and by when)."""
    errors = {}
    if not draft.summary.strip():
        errors["summary"] = N_("Write a short summary of the meeting.")
    for slot in partial_rows:
        errors[f"action_{slot}"] = N_("An action needs what, who and by when — or leave all three empty.")
    return errors


def _meeting(session: Session, team_id: str, meeting_id: int) -> tuple[Meeting, Community] | None:
    meeting = store.get_meeting(session=session, team_id=team_id, meeting_id=meeting_id)
    if meeting is None or meeting.status == MeetingStatus.CANCELLED:
        return None
    return meeting, community_store.community_of(session=session, team_id=team_id, community_id=meeting.community_id)


def may_write(session: Session, community: Community, user_id: str) -> bool:
    """The reporters (the animators if none, the founders if neither), and founders and animators always."""
    return user_id in roles.people_for(session, team_id=community.team_id, community_id=community.id,
                                       duty=roles.Duty.HARVEST) or \
        is_steward(session, team_id=community.team_id, community_id=community.id, user_id=user_id)


def _title(community: Community, meeting: Meeting) -> str:
    t = translator(community.language)
    return t.gettext("Meeting of {date}: {topic}", date=t.date(meeting.starts_at, community.timezone),
                     topic=meeting.topic)


def _views(actions: list[MeetingAction]) -> list[blocks.ActionView]:
    return meetings.action_views(actions)


def form(session: Session, *, team_id: str, user_id: str, meeting_id: int) -> MinutesForm:
    """The form, prefilled: who said they would come and who said they were there, or the minutes as
    written."""
    found = _meeting(session, team_id, meeting_id)
    if found is None:
        return MinutesForm(Outcome.NOT_FOUND)
    meeting, community = found
    if not may_write(session, community, user_id):
        return MinutesForm(Outcome.NOT_ALLOWED, community.language)
    found = store.minutes_of(session=session, team_id=team_id, meeting_id=meeting.id)
    present = store.attendees(session=session, team_id=team_id, meeting_id=meeting.id)
    if found is None:
        present = store.said_yes(session=session, team_id=team_id, meeting_id=meeting.id) + present
        return MinutesForm(Outcome.DONE, community.language, _title(community, meeting), list(dict.fromkeys(present)))
    return MinutesForm(Outcome.DONE, community.language, _title(community, meeting), present, found.summary,
                       found.decisions, found.lessons,
                       _views(store.actions_of(session=session, team_id=team_id, minutes_id=found.id)))


def _card(session: Session, community: Community, meeting: Meeting, minutes: Minutes) -> dict:
    return blocks.minutes_card(
        translator(community.language), meeting_id=meeting.id, topic=meeting.topic, starts_at=meeting.starts_at,
        timezone=community.timezone, present=len(store.attendees(session=session, team_id=meeting.team_id,
                                                                 meeting_id=meeting.id)),
        summary=minutes.summary, decisions=minutes.decisions,
        actions=_views(store.actions_of(session=session, team_id=meeting.team_id, minutes_id=minutes.id)),
        lesson_shared=minutes.lesson_id is not None)


def _plan_reminder(session: Session, community: Community, action: MeetingAction, now: datetime) -> None:
    due.cancel(session=session, team_id=action.team_id, kinds=[ACTION_REMINDER], subject_id=action.id)
    at = local_time(action.due_on - timedelta(days=ACTION_DAYS), ACTION_HOUR, community.timezone)
    due.schedule(session=session, team_id=action.team_id, community_id=community.id, kind=ACTION_REMINDER,
                 dedupe_key=f"{ACTION_REMINDER}:{action.id}:{action.due_on.isoformat()}", due_at=max(at, now),
                 subject_id=action.id)


def _keep_actions(session: Session, community: Community, minutes: Minutes, drafts: list[ActionDraft],
                  now: datetime) -> None:
    """The form's rows replace the actions slot by slot: a row emptied removes its action, a row changed
    changes it (and its reminder, when its owner or date changed)."""
    existing = {a.slot: a for a in store.actions_of(session=session, team_id=minutes.team_id, minutes_id=minutes.id)}
    wanted = {d.slot: d for d in drafts}
    for slot, action in existing.items():
        if slot not in wanted:
            due.cancel(session=session, team_id=action.team_id, kinds=[ACTION_REMINDER], subject_id=action.id)
            session.delete(action)
    for slot, draft in wanted.items():
        action = existing.get(slot)
        if action is None:
            action = MeetingAction(team_id=minutes.team_id, community_id=community.id, minutes_id=minutes.id,
                                   slot=slot, what=draft.what, owner_id=draft.owner_id, due_on=draft.due_on)
            session.add(action)
            session.flush()
            _plan_reminder(session, community, action, now)
            continue
        changed = (action.owner_id, action.due_on) != (draft.owner_id, draft.due_on)
        action.what, action.owner_id, action.due_on = draft.what, draft.owner_id, draft.due_on
        session.add(action)
        if changed and action.status == ActionStatus.OPEN:
            _plan_reminder(session, community, action, now)
    session.flush()


def _keep_lessons(session: Session, community: Community, meeting: Meeting, minutes: Minutes,
                  user_id: str) -> list[int]:
    """The minutes' lessons become one lesson in the library (the writer's own words: shared at once,
    as any lesson a person writes); edited, it follows."""
    if not minutes.lessons.strip():
        return []
    draft = LessonDraft(title=_title(community, meeting)[:150], recommendation=minutes.lessons)
    if minutes.lesson_id is None:
        result = lessons.capture(session, team_id=community.team_id, channel_id=community.channel_id,
                                 author_id=user_id, draft=draft)
        minutes.lesson_id = (result.detail or {}).get("lesson_id")
        session.add(minutes)
        return result.outbox_ids
    return lessons.update(session, team_id=community.team_id, user_id=user_id, lesson_id=minutes.lesson_id,
                          draft=draft).outbox_ids


def save(session: Session, *, team_id: str, user_id: str, meeting_id: int, draft: MinutesDraft,
         now: datetime | None = None) -> MinutesResult:
    """Post the minutes (or update the post): attendance recorded, actions owed, lessons in the library."""
    now = now or utcnow()
    found = _meeting(session, team_id, meeting_id)
    if found is None:
        return MinutesResult(Outcome.NOT_FOUND)
    meeting, community = found
    if not may_write(session, community, user_id):
        return MinutesResult(Outcome.NOT_ALLOWED, community.language)
    if problems(draft, []):
        return MinutesResult(Outcome.EMPTY, community.language)
    for person in dict.fromkeys(draft.present):
        store.set_attended(session=session, team_id=team_id, meeting_id=meeting.id, user_id=person, source="minutes")
    minutes = store.minutes_of(session=session, team_id=team_id, meeting_id=meeting.id)
    new = minutes is None
    if new:
        minutes = Minutes(team_id=team_id, community_id=community.id, meeting_id=meeting.id, author_id=user_id,
                          summary="", channel_id=community.channel_id)
    minutes.summary, minutes.decisions = draft.summary.strip(), draft.decisions.strip()
    old_lessons, minutes.lessons = minutes.lessons, draft.lessons.strip()
    minutes.updated_at = now
    session.add(minutes)
    session.flush()
    _keep_actions(session, community, minutes, draft.actions, now)
    ids = _keep_lessons(session, community, meeting, minutes, user_id) if new or old_lessons != minutes.lessons \
        else []
    card = _card(session, community, meeting, minutes)
    if new:
        ids += owe(session, team_id=team_id, key=f"minutes:{minutes.id}:post", method="chat.postMessage",
                   payload={"channel": community.channel_id, **card}, purpose=PURPOSE_POSTED, subject_id=minutes.id)
    elif minutes.message_ts:
        ids += owe_card_update(session, team_id=team_id, channel_id=community.channel_id,
                               message_ts=minutes.message_ts, view=card)
    audit.record(session, team_id=team_id, community_id=community.id, user_id=user_id,
                 action="minutes.written" if new else "minutes.edited", detail=f"meeting {meeting.id}")
    return MinutesResult(Outcome.DONE, community.language, ids)


def posted(session: Session, message, answer: dict) -> None:
    """Slack posted the minutes: keep its ts so that editing them updates the post."""
    minutes = session.get(Minutes, message.subject_id)
    if minutes is not None and minutes.team_id == message.team_id:
        minutes.message_ts = answer.get("ts")
        session.add(minutes)


def my_open_actions(session: Session, *, team_id: str, user_id: str) -> list[blocks.ActionView]:
    return _views(store.open_actions(session=session, team_id=team_id, owner_id=user_id, limit=10))


def _action_and_context(session: Session, team_id: str,
                        action_id: int) -> tuple[MeetingAction, Minutes, Meeting, Community] | None:
    """The action with its minutes, their meeting and its community; ``None`` when the action or its
    minutes' meeting is gone."""
    action = store.get_action(session=session, team_id=team_id, action_id=action_id)
    minutes = action and session.get(Minutes, action.minutes_id)
    meeting = minutes and store.get_meeting(session=session, team_id=team_id, meeting_id=minutes.meeting_id)
    if action is None or minutes is None or meeting is None:
        return None
    return action, minutes, meeting, community_store.community_of(session=session, team_id=team_id,
                                                                   community_id=meeting.community_id)


def reminder_job(session: Session, item: DueItem, now: datetime) -> list[int]:
    """A few days before its date, the owner of an open action is asked: done, or not yet?"""
    found = _action_and_context(session, item.team_id, item.subject_id or 0)
    if found is None or found[0].status != ActionStatus.OPEN:
        return []
    action, _, meeting, community = found
    message = blocks.action_reminder(translator(community.language), action=_views([action])[0], topic=meeting.topic,
                                     channel_id=community.channel_id, timezone=community.timezone)
    return owe_dm_when_allowed(session, community, key=item.dedupe_key, user_id=action.owner_id, message=message,
                               now=now)


def answer_action(session: Session, *, team_id: str, user_id: str, action_id: int, done: bool) -> MinutesResult:
    """The owner says it is done (the minutes' post and the next announcement follow) or not yet (it
    stays open, on their Home and the next announcement)."""
    found = _action_and_context(session, team_id, action_id)
    if found is None:
        return MinutesResult(Outcome.NOT_FOUND)
    action, minutes, meeting, community = found
    if action.owner_id != user_id:
        return MinutesResult(Outcome.NOT_ALLOWED, community.language)
    if action.status == ActionStatus.DONE:
        return MinutesResult(Outcome.UNCHANGED, community.language)
    if not done:
        return MinutesResult(Outcome.DONE, community.language)
    action.status, action.done_at = ActionStatus.DONE, utcnow()
    session.add(action)
    session.flush()
    ids = meetings.refresh_next_card(session, community)
    if minutes.message_ts:
        ids += owe_card_update(session, team_id=team_id, channel_id=community.channel_id,
                               message_ts=minutes.message_ts, view=_card(session, community, meeting, minutes))
    return MinutesResult(Outcome.DONE, community.language, ids)
