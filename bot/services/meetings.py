"""Meetings (rencontres): planned, announced, nudged, harvested — and moved or cancelled.

Everything a meeting will need later is a due row (storage/due.py) keyed by the meeting's
id, its version and the occasion, so moving it cancels the old rows and plans new ones, and
a row run twice still posts once.
"""

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum

from icalendar import Calendar, Event
from sqlmodel import Session

from bot import blocks
from bot.documents import file_name
from bot.i18n import translator
from bot.services import audit, roles
from bot.services.communities import REMINDER_MAX_MINUTES
from bot.services.owed import owe, owe_card_update, owe_dm_when_allowed
from bot.services.permissions import is_steward
from bot.services.timing import Quiet, before, local_time, shift_days, zone
from bot.text import mrkdwn, whole_number
from storage import communities as community_store
from storage import due
from storage import meetings as store
from storage.models import ActionStatus, Community, DueItem, Meeting, MeetingAction, MeetingStatus
from storage.types import utcnow

NUDGE = "meeting.nudge"
SPEAKER = "meeting.speaker"
GUESTS = "meeting.guests"
ATTENDANCE_OPEN = "meeting.attendance_open"
ATTENDANCE_CLOSE = "meeting.attendance_close"
HARVEST = "meeting.harvest"
HARVEST_REMINDER = "meeting.harvest_reminder"
REPEAT = "meeting.repeat"
KINDS = [NUDGE, SPEAKER, GUESTS, HARVEST, HARVEST_REMINDER, REPEAT, ATTENDANCE_OPEN, ATTENDANCE_CLOSE]
ATTENDANCE_HOURS = 3  # "I was there" stays on the card this long after the meeting's end
SPEAKER_DAYS = 3  # the speaker is reminded this many days before
GUESTS_DAYS = 7  # the animators are asked to confirm the outside guests this many days before
GUESTS_MAX = 10
_EMAIL = re.compile(r"^[^@\s<>,;]+@[^@\s<>,;]+\.[^@\s<>,;]+$")
HARVEST_REMINDER_DAYS = 2  # reporters are reminded this many days after, if nothing was shared
TOPIC_MAX = 200
RSVP_ANSWERS = ("yes", "maybe", "no")
_TEXT_FORM = re.compile(r"^([0-9]{4}-[0-9]{2}-[0-9]{2})\s+([0-9]{1,2})[:h]([0-9]{2})\s+(.+)$", re.S)


class MeetingOutcome(StrEnum):
    DONE = "done"
    NOT_A_COMMUNITY = "not_a_community"
    NOT_ALLOWED = "not_allowed"
    BAD_DATE = "bad_date"
    IN_THE_PAST = "in_the_past"
    NO_TOPIC = "no_topic"
    NOT_FOUND = "not_found"
    UNCHANGED = "unchanged"
    BAD_GUESTS = "bad_guests"
    NOT_OPEN = "not_open"  # "I was there" before the meeting's start or hours after its end


@dataclass(frozen=True)
class OutsideGuest:
    """A guest who is not on Slack: a name, an organisation, an email only to confirm them."""

    name: str
    organisation: str = ""
    email: str | None = None


@dataclass
class MeetingDraft:
    day: date
    at: time
    topic: str
    duration_minutes: int = 60
    speaker_id: str | None = None
    video_url: str | None = None
    agenda: str = ""
    repeat: str = "none"
    repeat_every: int = 1
    place: str = ""
    phone_number: str = ""
    phone_code: str = ""
    outside_guests: list[OutsideGuest] | None = field(default_factory=list)  # None: a line did not read


@dataclass
class MeetingResult:
    outcome: MeetingOutcome
    language: str = "en"
    meeting: Meeting | None = None
    outbox_ids: list[int] = field(default_factory=list)
    community: Community | None = None


@dataclass(frozen=True)
class Editable:
    """``for_edit``'s answer when the meeting is still on and the person may move or cancel it."""

    meeting: Meeting
    community: Community


@dataclass(frozen=True)
class MoveForm:
    """What the form that moves a meeting is prefilled with (``move_form``)."""

    meeting: Meeting
    community: Community
    view: blocks.MeetingView
    outside_guests: str  # as typed: one a line


def parse_text(text: str) -> MeetingDraft | None:
    """``2026-12-03 14:00 Triage de nuit`` (or ``14h00``) → a draft; ``None`` when it does not read."""
    match = _TEXT_FORM.match(text.strip())
    if not match:
        return None
    try:
        day = date.fromisoformat(match.group(1))
        at = time(int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None
    return MeetingDraft(day=day, at=at, topic=match.group(4).strip())


def parse_guests(text: str) -> list[OutsideGuest] | None:
    """The form's outside guests, one a line: ``name, organisation, email`` (organisation and email
    optional, in any order after the name; ``;`` or ``—`` separate as well as ``,``). ``None`` when a line
    has no name, two emails or more guests than fit."""
    found = []
    for line in text.splitlines():
        parts = [p.strip() for p in re.split(r"[,;]| — | – ", line) if p.strip()]
        if not parts:
            continue
        emails = [p for p in parts if "@" in p]
        others = [p for p in parts if "@" not in p]
        if not others or len(emails) > 1 or any(not _EMAIL.match(e) for e in emails):
            return None
        found.append(OutsideGuest(name=others[0][:100], organisation=", ".join(others[1:])[:150],
                                  email=emails[0][:254] if emails else None))
    return found if len(found) <= GUESTS_MAX else None


def _check(session: Session, community: Community, user_id: str) -> MeetingOutcome | None:
    if not is_steward(session, team_id=community.team_id, community_id=community.id, user_id=user_id):
        return MeetingOutcome.NOT_ALLOWED
    return None


def plan(session: Session, *, team_id: str, channel_id: str | None = None, community_id: int | None = None,
         user_id: str, draft: MeetingDraft, now: datetime | None = None) -> MeetingResult:
    """Founders and animators plan a meeting: it is announced in the channel and its nudges planned."""
    now = now or utcnow()
    if community_id:
        community = community_store.get_community(session=session, team_id=team_id, community_id=community_id)
    elif channel_id:
        community = community_store.community_for_channel(session=session, team_id=team_id, channel_id=channel_id)
    else:
        community = None
    if community is None:
        return MeetingResult(MeetingOutcome.NOT_A_COMMUNITY)
    problem = _check(session, community, user_id)
    if problem:
        return MeetingResult(problem, community.language)
    if not draft.topic.strip():
        return MeetingResult(MeetingOutcome.NO_TOPIC, community.language)
    if draft.outside_guests is None:
        return MeetingResult(MeetingOutcome.BAD_GUESTS, community.language)
    starts_at = local_time(draft.day, draft.at, community.timezone)
    if starts_at <= now:
        return MeetingResult(MeetingOutcome.IN_THE_PAST, community.language)
    meeting = store.create_meeting(
        session=session, team_id=team_id, community_id=community.id, starts_at=starts_at,
        duration_minutes=draft.duration_minutes, topic=draft.topic.strip()[:TOPIC_MAX], speaker_id=draft.speaker_id,
        video_url=draft.video_url, agenda=draft.agenda, repeat=draft.repeat, repeat_every=max(1, draft.repeat_every),
        created_by=user_id, channel_id=community.channel_id, place=draft.place.strip()[:300],
        phone_number=draft.phone_number.strip()[:40], phone_code=draft.phone_code.strip()[:40])
    _keep_guests(session, meeting, draft, user_id)
    ids = _announce(session, community, meeting)
    _plan_nudges(session, community, meeting, now)
    return MeetingResult(MeetingOutcome.DONE, community.language, meeting, ids, community)


def _keep_guests(session: Session, meeting: Meeting, draft: MeetingDraft, user_id: str) -> None:
    store.replace_guests(session=session, team_id=meeting.team_id, meeting_id=meeting.id, created_by=user_id,
                         people=[(g.name, g.organisation, g.email) for g in draft.outside_guests or []])


def attendance_window(meeting: Meeting) -> tuple[datetime, datetime]:
    """When "I was there" can be pressed: from the start until a few hours after the end."""
    return meeting.starts_at, meeting.starts_at + timedelta(minutes=meeting.duration_minutes,
                                                            hours=ATTENDANCE_HOURS)


def action_views(actions: list[MeetingAction]) -> list[blocks.ActionView]:
    return [blocks.ActionView(what=a.what, owner_id=a.owner_id, due_on=a.due_on, done=a.status == ActionStatus.DONE,
                              id=a.id) for a in actions]


def _card(session: Session, community: Community, meeting: Meeting, now: datetime | None = None) -> dict:
    """The card as it is now; before the meeting, with the actions still open from earlier meetings."""
    now = now or utcnow()
    counts = store.rsvp_counts(session=session, team_id=meeting.team_id, meeting_id=meeting.id)
    opens, closes = attendance_window(meeting)
    phase = "before" if now < opens else "open" if now < closes else "over"
    still_open = store.open_actions(session=session, team_id=meeting.team_id, community_id=community.id,
                                    before=meeting.starts_at, limit=10) if phase == "before" else []
    return blocks.meeting_card(translator(community.language), _view(meeting, community.timezone, session), counts,
                               phase=phase, attended=len(store.attendees(session=session, team_id=meeting.team_id,
                                                                         meeting_id=meeting.id)),
                               open_actions=action_views(still_open))


def refresh_next_card(session: Session, community: Community) -> list[int]:
    """An action was done: the next meeting's announcement no longer lists it."""
    following = store.upcoming(session=session, team_id=community.team_id, community_id=community.id,
                               after=utcnow(), limit=1)
    return _refresh_card(session, community, following[0]) if following else []


def view_of(session: Session, meeting: Meeting, timezone: str) -> blocks.MeetingView:
    return _view(meeting, timezone, session)


def guests_as_typed(session: Session, meeting: Meeting) -> str:
    """The outside guests as the form shows them to be changed: one a line."""
    return "\n".join(", ".join(x for x in (g.name, g.organisation, g.email or "") if x)
                     for g in store.guests(session=session, team_id=meeting.team_id, meeting_id=meeting.id))


def for_edit(session: Session, *, team_id: str, user_id: str, meeting_id: int) -> MeetingResult | Editable:
    """The meeting and its community, if it is still on and this person may move or cancel it; else the
    problem."""
    meeting = store.get_meeting(session=session, team_id=team_id, meeting_id=meeting_id)
    if meeting is None:
        return MeetingResult(MeetingOutcome.NOT_FOUND)
    community = community_store.get_community(session=session, team_id=team_id, community_id=meeting.community_id)
    if community is None:
        return MeetingResult(MeetingOutcome.NOT_A_COMMUNITY)
    problem = _check(session, community, user_id)
    if problem or meeting.status == MeetingStatus.CANCELLED:
        return MeetingResult(problem or MeetingOutcome.NOT_FOUND, community.language)
    return Editable(meeting, community)


def move_form(session: Session, *, team_id: str, user_id: str, meeting_id: int) -> MeetingResult | MoveForm:
    """The meeting as the form that moves it shows it, if this person may move it; else the problem."""
    found = for_edit(session, team_id=team_id, user_id=user_id, meeting_id=meeting_id)
    if not isinstance(found, Editable):
        return found
    return MoveForm(found.meeting, found.community, view_of(session, found.meeting, found.community.timezone),
                    guests_as_typed(session, found.meeting))


def _view(meeting: Meeting, timezone: str, session: Session) -> blocks.MeetingView:
    outside = store.guests(session=session, team_id=meeting.team_id, meeting_id=meeting.id)
    return blocks.MeetingView(id=meeting.id, topic=meeting.topic, starts_at=meeting.starts_at,
                              duration_minutes=meeting.duration_minutes, speaker_id=meeting.speaker_id,
                              video_url=meeting.video_url, agenda=meeting.agenda, repeat=meeting.repeat,
                              repeat_every=meeting.repeat_every, cancelled=meeting.status == MeetingStatus.CANCELLED,
                              timezone=timezone, place=meeting.place, phone_number=meeting.phone_number,
                              phone_code=meeting.phone_code,
                              outside_guests=tuple((g.name, g.organisation) for g in outside))


def _announce(session: Session, community: Community, meeting: Meeting) -> list[int]:
    return owe(session, team_id=community.team_id, key=f"meeting:{meeting.id}:announce", method="chat.postMessage",
               payload={"channel": community.channel_id, **_card(session, community, meeting)},
               purpose=PURPOSE_ANNOUNCED, subject_id=meeting.id)


PURPOSE_ANNOUNCED = "meeting.announced"


def announced(session: Session, message, answer: dict) -> None:
    """Slack posted the card: keep its ts so RSVPs and changes update it."""
    meeting = session.get(Meeting, message.subject_id)
    if meeting is not None and meeting.team_id == message.team_id:
        meeting.message_ts = answer.get("ts")
        session.add(meeting)


def _refresh_card(session: Session, community: Community, meeting: Meeting, now: datetime | None = None) -> list[int]:
    if not meeting.message_ts:
        return []
    return owe_card_update(session, team_id=community.team_id, channel_id=community.channel_id,
                           message_ts=meeting.message_ts, view=_card(session, community, meeting, now))


def offsets(community: Community) -> list[int]:
    """Minutes before the start when the channel is nudged (the community's setting)."""
    found = []
    for part in community.nudge_offsets.split(","):
        minutes = whole_number(part, maximum=REMINDER_MAX_MINUTES)  # older rows may hold anything
        if minutes is not None:
            found.append(minutes)
    return sorted(set(found), reverse=True)


def _plan_nudges(session: Session, community: Community, meeting: Meeting, now: datetime) -> None:
    quiet = Quiet.of(community)
    tag = f"{meeting.id}:v{meeting.version}"

    def at(kind: str, key: str, when: datetime) -> None:
        if when > now:
            due.schedule(session=session, team_id=meeting.team_id, community_id=community.id, kind=kind,
                         dedupe_key=f"{kind}:{tag}:{key}", due_at=when, subject_id=meeting.id)

    for minutes in offsets(community):
        when = before(meeting.starts_at, minutes, community.timezone)
        # A reminder must come before what it announces: at night, it comes the evening before.
        at(NUDGE, str(minutes), quiet.last_allowed_before(when) if minutes else when)
    if meeting.speaker_id:
        at(SPEAKER, "speaker", quiet.last_allowed_before(shift_days(meeting.starts_at, -SPEAKER_DAYS,
                                                                     community.timezone)))
    if store.guests(session=session, team_id=meeting.team_id, meeting_id=meeting.id):
        at(GUESTS, "guests", quiet.last_allowed_before(shift_days(meeting.starts_at, -GUESTS_DAYS,
                                                                   community.timezone)))
    end = meeting.starts_at + timedelta(minutes=meeting.duration_minutes)
    opens, closes = attendance_window(meeting)
    at(ATTENDANCE_OPEN, "attendance-open", opens)
    at(ATTENDANCE_CLOSE, "attendance-close", closes)
    at(HARVEST, "harvest", end)
    at(HARVEST_REMINDER, "harvest-reminder", shift_days(end, HARVEST_REMINDER_DAYS, community.timezone))
    if meeting.repeat != "none":
        at(REPEAT, "repeat", meeting.starts_at)


def check_draft(draft: MeetingDraft | None, *, new: bool, timezone: str | None,
                now: datetime | None = None) -> MeetingOutcome | None:
    """What ``plan`` or ``move`` would refuse in the form's own fields, found without the database (a
    form's answer to Slack must come within 3 seconds): ``None`` when nothing is wrong. Without the
    community's time zone, a time already past is left for ``plan`` and ``move`` to find."""
    if draft is None:
        return MeetingOutcome.BAD_DATE
    if new and not draft.topic.strip():
        return MeetingOutcome.NO_TOPIC
    if draft.outside_guests is None:
        return MeetingOutcome.BAD_GUESTS
    if timezone and local_time(draft.day, draft.at, timezone) <= (now or utcnow()):
        return MeetingOutcome.IN_THE_PAST
    return None


def move(session: Session, *, team_id: str, user_id: str, meeting_id: int, draft: MeetingDraft,
         now: datetime | None = None) -> MeetingResult:
    """A new time (and details): the card follows, the channel hears it, every nudge follows."""
    now = now or utcnow()
    found = for_edit(session, team_id=team_id, user_id=user_id, meeting_id=meeting_id)
    if not isinstance(found, Editable):
        return found
    meeting, community = found.meeting, found.community
    starts_at = local_time(draft.day, draft.at, community.timezone)
    if starts_at <= now:
        return MeetingResult(MeetingOutcome.IN_THE_PAST, community.language)
    moved = starts_at != meeting.starts_at
    meeting.starts_at, meeting.topic = starts_at, draft.topic.strip()[:TOPIC_MAX] or meeting.topic
    meeting.duration_minutes, meeting.speaker_id = draft.duration_minutes, draft.speaker_id
    meeting.video_url, meeting.agenda = draft.video_url, draft.agenda
    meeting.repeat, meeting.repeat_every = draft.repeat, max(1, draft.repeat_every)
    meeting.place, meeting.phone_number = draft.place.strip()[:300], draft.phone_number.strip()[:40]
    meeting.phone_code = draft.phone_code.strip()[:40]
    meeting.version += 1
    session.add(meeting)
    _keep_guests(session, meeting, draft, user_id)
    due.cancel(session=session, team_id=team_id, kinds=KINDS, subject_id=meeting.id)
    _plan_nudges(session, community, meeting, now)
    ids = _refresh_card(session, community, meeting)
    if moved:
        t = translator(community.language)
        text = t.gettext(":calendar: The meeting “{topic}” moves to {when}.", topic=mrkdwn(meeting.topic),
                         when=t.datetime(meeting.starts_at, community.timezone))
        ids += owe(session, team_id=team_id, key=f"meeting:{meeting.id}:moved:v{meeting.version}",
                   method="chat.postMessage", payload={"channel": community.channel_id, "text": text,
                                                       "thread_ts": meeting.message_ts, "reply_broadcast": True}
                   if meeting.message_ts else {"channel": community.channel_id, "text": text})
    audit.record(session, team_id=team_id, community_id=community.id, user_id=user_id, action="meeting.moved",
                 detail=f"meeting {meeting.id}")
    return MeetingResult(MeetingOutcome.DONE, community.language, meeting, ids, community)


def channel_of(session: Session, *, team_id: str, meeting_id: int | None) -> str | None:
    """The channel of the community holding the meeting."""
    meeting = store.get_meeting(session=session, team_id=team_id, meeting_id=meeting_id or 0)
    community = meeting and community_store.get_community(session=session, team_id=team_id,
                                                          community_id=meeting.community_id)
    return community.channel_id if community else None


def cancel(session: Session, *, team_id: str, user_id: str, meeting_id: int) -> MeetingResult:
    found = for_edit(session, team_id=team_id, user_id=user_id, meeting_id=meeting_id)
    if not isinstance(found, Editable):
        return found
    meeting, community = found.meeting, found.community
    meeting.status = MeetingStatus.CANCELLED
    session.add(meeting)
    store.forget_guest_emails(session=session, team_id=team_id, meeting_id=meeting.id)
    due.cancel(session=session, team_id=team_id, kinds=KINDS, subject_id=meeting.id)
    t = translator(community.language)
    ids = _refresh_card(session, community, meeting)
    text = t.gettext(":x: The meeting “{topic}” of {when} is cancelled.", topic=mrkdwn(meeting.topic),
                     when=t.datetime(meeting.starts_at, community.timezone))
    ids += owe(session, team_id=team_id, key=f"meeting:{meeting.id}:cancelled", method="chat.postMessage",
               payload={"channel": community.channel_id, "text": text})
    audit.record(session, team_id=team_id, community_id=community.id, user_id=user_id, action="meeting.cancelled",
                 detail=f"meeting {meeting.id}")
    return MeetingResult(MeetingOutcome.DONE, community.language, meeting, ids, community)


def rsvp(session: Session, *, team_id: str, user_id: str, meeting_id: int, answer: str) -> MeetingResult:
    meeting = store.get_meeting(session=session, team_id=team_id, meeting_id=meeting_id)
    if meeting is None or answer not in RSVP_ANSWERS:
        return MeetingResult(MeetingOutcome.NOT_FOUND)
    community = community_store.community_of(session=session, team_id=team_id, community_id=meeting.community_id)
    if meeting.status == MeetingStatus.CANCELLED:
        return MeetingResult(MeetingOutcome.NOT_FOUND, community.language, meeting)
    if not store.set_rsvp(session=session, team_id=team_id, meeting_id=meeting.id, user_id=user_id, answer=answer):
        return MeetingResult(MeetingOutcome.UNCHANGED, community.language, meeting)
    return MeetingResult(MeetingOutcome.DONE, community.language, meeting, _refresh_card(session, community, meeting))


def attend(session: Session, *, team_id: str, user_id: str, meeting_id: int,
           now: datetime | None = None) -> MeetingResult:
    """*I was there*: once per person, from the start until a few hours after the end; the card's
    count follows."""
    now = now or utcnow()
    meeting = store.get_meeting(session=session, team_id=team_id, meeting_id=meeting_id)
    if meeting is None:
        return MeetingResult(MeetingOutcome.NOT_FOUND)
    community = community_store.community_of(session=session, team_id=team_id, community_id=meeting.community_id)
    if meeting.status == MeetingStatus.CANCELLED:
        return MeetingResult(MeetingOutcome.NOT_FOUND, community.language, meeting)
    opens, closes = attendance_window(meeting)
    if not opens <= now < closes:
        return MeetingResult(MeetingOutcome.NOT_OPEN, community.language, meeting)
    if not store.set_attended(session=session, team_id=team_id, meeting_id=meeting.id, user_id=user_id):
        return MeetingResult(MeetingOutcome.UNCHANGED, community.language, meeting)
    return MeetingResult(MeetingOutcome.DONE, community.language, meeting,
                         _refresh_card(session, community, meeting, now))


def upcoming(session: Session, *, team_id: str, channel_id: str) -> tuple[Community | None, list[blocks.MeetingView]]:
    community = community_store.community_for_channel(session=session, team_id=team_id, channel_id=channel_id)
    if community is None:
        return None, []
    found = store.upcoming(session=session, team_id=team_id, community_id=community.id, after=utcnow())
    return community, [_view(m, community.timezone, session) for m in found]


def ics(session: Session, *, team_id: str, meeting_id: int) -> tuple[str, str, str] | None:
    """(language, file name in that language, content) of the meeting as an iCalendar event."""
    meeting = store.get_meeting(session=session, team_id=team_id, meeting_id=meeting_id)
    if meeting is None:
        return None
    community = community_store.community_of(session=session, team_id=team_id, community_id=meeting.community_id)
    calendar = Calendar()
    calendar.add("prodid", "-//cop-bot//communities of practice//")
    calendar.add("version", "2.0")
    event = Event()
    event.add("uid", f"meeting-{meeting.id}-{team_id}@cop-bot")
    event.add("summary", meeting.topic)
    start = meeting.starts_at.astimezone(zone(community.timezone))
    event.add("dtstart", start)
    event.add("dtend", start + timedelta(minutes=meeting.duration_minutes))
    event.add("dtstamp", utcnow())
    event.add("sequence", meeting.version)
    if meeting.status == MeetingStatus.CANCELLED:
        event.add("status", "CANCELLED")
    t = translator(community.language)
    phone = meeting.phone_number
    if phone and meeting.phone_code:
        phone = t.gettext("{number}, code {code}", number=phone, code=meeting.phone_code)
    description = "\n\n".join(x for x in (meeting.agenda, meeting.video_url or "", phone) if x)
    if description:
        event.add("description", description)
    location = meeting.place or meeting.video_url or phone
    if location:
        event.add("location", location)
    if meeting.video_url:
        event.add("url", meeting.video_url)
    calendar.add_component(event)
    # « rencontre-2030-02-07-triage-de-nuit.ics »: the community's word, the day and the topic.
    name = file_name(t.gettext("meeting"), start.date().isoformat(), meeting.topic[:40],
                     extension="ics")
    return community.language, name, calendar.to_ical().decode()


# -- jobs run by the scheduler ----------------------------------------------------------------

def _meeting_and_community(session: Session, item: DueItem) -> tuple[Meeting, Community] | None:
    if item.subject_id is None:
        return None
    meeting = store.get_meeting(session=session, team_id=item.team_id, meeting_id=item.subject_id)
    if meeting is None or meeting.status == MeetingStatus.CANCELLED:
        return None
    return meeting, community_store.community_of(session=session, team_id=item.team_id,
                                                  community_id=meeting.community_id)


START_GRACE = timedelta(minutes=10)  # "starts now" with the link still helps this long after the start
LATE = timedelta(minutes=5)


def nudge_job(session: Session, item: DueItem, now: datetime) -> list[int]:
    """A week before, a day before, at the start (with the link): said in the channel. Caught up
    late (after an outage), a reminder says how long is really left; one a later reminder already
    covers, or one for a meeting already under way, is not sent at all."""
    found = _meeting_and_community(session, item)
    if found is None:
        return []
    meeting, community = found
    offset = whole_number(item.dedupe_key.rsplit(":", 1)[-1]) or 0
    if now > meeting.starts_at + (START_GRACE if offset == 0 else timedelta(0)):
        return []  # too late to remind anyone of it
    later = [m for m in offsets(community) if m < offset]
    if any(now >= before(meeting.starts_at, m, community.timezone) for m in later):
        return []  # a later reminder is due too: it says it better
    left = offset
    if now - item.due_at > LATE and offset:
        left = max(1, round((meeting.starts_at - now).total_seconds() / 60))
    message = blocks.meeting_nudge(translator(community.language), _view(meeting, community.timezone, session),
                                   minutes_before=left)
    payload = {"channel": community.channel_id, **message}
    if meeting.message_ts:
        payload.update(thread_ts=meeting.message_ts, reply_broadcast=True)
    return owe(session, team_id=item.team_id, key=item.dedupe_key, method="chat.postMessage", payload=payload)


def speaker_job(session: Session, item: DueItem, now: datetime) -> list[int]:
    found = _meeting_and_community(session, item)
    if found is None:
        return []
    meeting, community = found
    if not meeting.speaker_id or now >= meeting.starts_at:
        return []
    message = blocks.speaker_reminder(translator(community.language), _view(meeting, community.timezone, session),
                                      channel_id=community.channel_id)
    return owe_dm_when_allowed(session, community, key=item.dedupe_key, user_id=meeting.speaker_id,
                               message=message, now=now)


def attendance_job(session: Session, item: DueItem, now: datetime) -> list[int]:
    """The meeting starts (the card shows *I was there*) or its attendance closes (the card shows who
    was there, counted, and no more buttons)."""
    found = _meeting_and_community(session, item)
    if found is None:
        return []
    meeting, community = found
    return _refresh_card(session, community, meeting, now)


def guests_job(session: Session, item: DueItem, now: datetime) -> list[int]:
    """A week before: the animators (founders if none) are asked to confirm the outside guests, with
    the emails given for it — the only message that shows them."""
    found = _meeting_and_community(session, item)
    if found is None:
        return []
    meeting, community = found
    outside = store.guests(session=session, team_id=item.team_id, meeting_id=meeting.id)
    if not outside or now >= meeting.starts_at:
        return []
    message = blocks.guests_reminder(translator(community.language), _view(meeting, community.timezone, session),
                                     channel_id=community.channel_id,
                                     guests=[(g.name, g.organisation, g.email) for g in outside])
    ids = []
    for animator in roles.people_for(session, team_id=item.team_id, community_id=community.id,
                                     duty=roles.Duty.FOLLOW_UPS):
        ids += owe_dm_when_allowed(session, community, key=f"{item.dedupe_key}:{animator}", user_id=animator,
                                   message=message, now=now)
    return ids


def harvest_job(session: Session, item: DueItem, now: datetime) -> list[int]:
    """After the meeting: reporters (animators if none) are asked for its minutes. The
    outside guests' emails, kept only to confirm them, go."""
    found = _meeting_and_community(session, item)
    if found is None:
        return []
    meeting, community = found
    reminder = item.kind == HARVEST_REMINDER
    if not reminder:
        store.forget_guest_emails(session=session, team_id=item.team_id, meeting_id=meeting.id)
    if reminder and store.minutes_of(session=session, team_id=item.team_id, meeting_id=meeting.id):
        return []  # the minutes are written: no reminder
    t = translator(community.language)
    ids = []
    for reporter in roles.people_for(session, team_id=item.team_id, community_id=community.id,
                                     duty=roles.Duty.HARVEST):
        message = blocks.harvest_request(t, _view(meeting, community.timezone, session),
                                         channel_id=community.channel_id, reminder=reminder)
        ids += owe_dm_when_allowed(session, community, key=f"{item.dedupe_key}:{reporter}", user_id=reporter,
                                   message=message, now=now)
    return ids


def same_weekday_next_month(day: date) -> date:
    """Communities meet "every third Thursday": the same weekday, the same week of the next month
    (the last one when the month has no fifth)."""
    nth = (day.day - 1) // 7
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    first = date(year, month, 1)
    candidate = first + timedelta(days=(day.weekday() - first.weekday()) % 7 + 7 * nth)
    while candidate.month != month:
        candidate -= timedelta(weeks=1)
    return candidate


def repeat_job(session: Session, item: DueItem, now: datetime) -> list[int]:
    """A repeating meeting starts: the next occurrence is planned and announced."""
    found = _meeting_and_community(session, item)
    if found is None:
        return []
    meeting, community = found
    if meeting.repeat == "none":
        return []
    local = meeting.starts_at.astimezone(zone(community.timezone))
    if meeting.repeat == "monthly":
        next_day = same_weekday_next_month(local.date())
    else:
        next_day = (local + timedelta(weeks=meeting.repeat_every)).date()
    series_id = meeting.series_id if meeting.series_id is not None else meeting.id  # the first one's id
    if store.occurrence_after(session=session, team_id=item.team_id, series_id=series_id,
                              starts_at=meeting.starts_at):
        return []
    following = store.create_meeting(
        session=session, team_id=item.team_id, community_id=community.id,
        starts_at=local_time(next_day, local.time().replace(tzinfo=None), community.timezone),
        duration_minutes=meeting.duration_minutes, topic=meeting.topic, speaker_id=None, video_url=meeting.video_url,
        agenda="", repeat=meeting.repeat, repeat_every=meeting.repeat_every, series_id=series_id,
        created_by=meeting.created_by, channel_id=community.channel_id, place=meeting.place,
        phone_number=meeting.phone_number, phone_code=meeting.phone_code)
    _plan_nudges(session, community, following, now)
    return _announce(session, community, following)
