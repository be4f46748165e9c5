"""Animator follow-ups and the community's weekly rhythm, run by the scheduler when due.

Each job looks at the world as it is when the time comes (a call answered meanwhile needs
no follow-up) and owes its messages through the outbox, at a time the community allows.
"""

from datetime import datetime, time, timedelta

from sqlmodel import Session, select

from bot import blocks
from bot.i18n import translator
from bot.services import roles
from bot.services.owed import owe, owe_dm
from bot.services.timing import Quiet, next_weekday_at, shift_days
from bot.text import mrkdwn, plain
from storage import communities as community_store
from storage import due, memberships
from storage import help_requests as help_store
from storage import lessons as lesson_store
from storage.models import Community, DueItem, HelpStatus, Membership
from storage.types import utcnow

UNANSWERED_AFTER = timedelta(hours=24)
UNANSWERED_URGENT_AFTER = timedelta(hours=4)
STALLED_DAYS = 3
MENTOR_REMINDER_DAYS = 3
DIGEST_AT = time(8, 30)  # Monday morning, community time
QUIET_FOR = timedelta(days=60)

HELP_UNANSWERED = "help.unanswered"
HELP_STALLED = "help.stalled"
MENTOR_REMINDER = "mentor.reminder"
WEEKLY_DIGEST = "digest.weekly"


def _community(session: Session, item: DueItem) -> Community | None:
    return community_store.get_community(session=session, team_id=item.team_id, community_id=item.community_id)


def owe_dm_when_allowed(session: Session, community: Community, *, key: str, user_id: str, message: dict,
                        now: datetime) -> list[int]:
    """A DM now, or at the first moment the community's quiet hours allow."""
    at = Quiet.of(community).next_allowed(now)
    ids = owe_dm(session, team_id=community.team_id, key=key, user_id=user_id, message=message, due_at=at)
    return ids if at <= now else []  # later: the scheduler sends it when its time comes


# -- planning (called when things happen) --------------------------------------------------

def _zone_of(session: Session, team_id: str, community_id: int) -> str:
    community = community_store.get_community(session=session, team_id=team_id, community_id=community_id)
    return community.timezone if community else "America/Toronto"


def plan_unanswered(session: Session, *, team_id: str, community_id: int, help_request_id: int, urgent: bool,
                    posted_at: datetime) -> None:
    after = UNANSWERED_URGENT_AFTER if urgent else UNANSWERED_AFTER
    due.schedule(session=session, team_id=team_id, community_id=community_id, kind=HELP_UNANSWERED,
                 dedupe_key=f"{HELP_UNANSWERED}:{help_request_id}", due_at=posted_at + after,
                 subject_id=help_request_id)


def plan_stalled(session: Session, *, team_id: str, community_id: int, help_request_id: int,
                 offered_at: datetime) -> None:
    due.schedule(session=session, team_id=team_id, community_id=community_id, kind=HELP_STALLED,
                 dedupe_key=f"{HELP_STALLED}:{help_request_id}",
                 due_at=shift_days(offered_at, STALLED_DAYS, _zone_of(session, team_id, community_id)),
                 subject_id=help_request_id)


def plan_mentor_reminder(session: Session, membership: Membership) -> None:
    due.schedule(session=session, team_id=membership.team_id, community_id=membership.community_id,
                 kind=MENTOR_REMINDER, dedupe_key=f"{MENTOR_REMINDER}:{membership.id}",
                 due_at=shift_days(membership.joined_at, MENTOR_REMINDER_DAYS,
                                   _zone_of(session, membership.team_id, membership.community_id)),
                 subject_id=membership.id)


def plan_digest(session: Session, community: Community, *, after: datetime) -> None:
    """The next Monday-morning digest, once per community and week."""
    at = next_weekday_at(after, 0, DIGEST_AT, community.timezone)
    due.schedule(session=session, team_id=community.team_id, community_id=community.id, kind=WEEKLY_DIGEST,
                 dedupe_key=f"{WEEKLY_DIGEST}:{community.id}:{at.date().isoformat()}", due_at=at,
                 subject_id=community.id)


# -- jobs (called by the scheduler when due) ----------------------------------------------

def unanswered(session: Session, item: DueItem, now: datetime) -> list[int]:
    """Nobody answered: the animators get the call with what they can do about it."""
    request = help_store.get_help_request(session=session, team_id=item.team_id, help_request_id=item.subject_id)
    community = _community(session, item)
    if request is None or community is None or request.status != HelpStatus.OPEN or request.first_answer_at:
        return []
    t = translator(community.language)
    topics = help_store.topics_of(session=session, team_id=item.team_id, help_request_id=request.id)
    ids = []
    for animator in roles.people_for(session, team_id=item.team_id, community_id=community.id,
                                     duty=roles.Duty.FOLLOW_UPS):
        message = blocks.unanswered_follow_up(t, help_request_id=request.id, asker_id=request.asker_id,
                                              question=request.question, channel_id=request.channel_id,
                                              message_ts=request.message_ts, topics=topics,
                                              hours=int((now - request.created_at).total_seconds() // 3600))
        ids += owe_dm_when_allowed(session, community, key=f"{item.dedupe_key}:{animator}", user_id=animator,
                                   message=message, now=now)
    return ids


def stalled(session: Session, item: DueItem, now: datetime) -> list[int]:
    """Offered, never resolved: the asker is asked to mark it resolved or say what is missing."""
    request = help_store.get_help_request(session=session, team_id=item.team_id, help_request_id=item.subject_id)
    community = _community(session, item)
    if request is None or community is None or request.status != HelpStatus.OPEN:
        return []
    message = blocks.stalled_follow_up(translator(community.language), help_request_id=request.id,
                                       question=request.question, channel_id=request.channel_id,
                                       message_ts=request.message_ts)
    return owe_dm_when_allowed(session, community, key=item.dedupe_key, user_id=request.asker_id, message=message,
                               now=now)


def mentor_reminder(session: Session, item: DueItem, now: datetime) -> list[int]:
    membership = session.get(Membership, item.subject_id)
    community = _community(session, item)
    if membership is None or community is None or membership.team_id != item.team_id:
        return []
    if membership.mentor_acted_at is not None or not membership.mentor_id:
        return []
    message = blocks.mentor_reminder(translator(community.language), newcomer_id=membership.user_id,
                                     channel_id=community.channel_id, membership_id=membership.id)
    return owe_dm_when_allowed(session, community, key=item.dedupe_key, user_id=membership.mentor_id,
                               message=message, now=now)


def weekly_digest(session: Session, item: DueItem, now: datetime) -> list[int]:
    """Monday morning: open calls, newcomers, quiet members, this week's lessons; then next week's."""
    community = _community(session, item)
    if community is None:
        return []
    plan_digest(session, community, after=now)
    week_ago = now - timedelta(days=7)
    open_count, oldest = help_store.unanswered_open(session=session, team_id=community.team_id,
                                                    community_id=community.id, older_than=now, limit=5)
    newcomers = memberships.recent_newcomers(session=session, team_id=community.team_id, community_id=community.id,
                                             since=week_ago, limit=20)
    quiet = memberships.quiet_members(session=session, team_id=community.team_id, community_id=community.id,
                                      since=now - QUIET_FOR, limit=20)
    lessons = [lesson for lesson in lesson_store.latest_lessons(session=session, team_id=community.team_id,
                                                                community_ids=[community.id], limit=20)
               if lesson.created_at >= week_ago]
    upcoming = _next_meeting(session, community, now)
    digest = blocks.weekly_digest(translator(community.language), community_name=community.name,
                                  channel_id=community.channel_id, unanswered=open_count,
                                  oldest=[(r.question, r.message_ts) for r in oldest],
                                  newcomers=[m.user_id for m in newcomers], quiet=quiet,
                                  lessons=[(x.title, x.message_ts) for x in lessons], next_meeting=upcoming,
                                  timezone=community.timezone)
    ids = []
    for animator in roles.people_for(session, team_id=community.team_id, community_id=community.id,
                                     duty=roles.Duty.FOLLOW_UPS):
        ids += owe_dm_when_allowed(session, community, key=f"{item.dedupe_key}:{animator}", user_id=animator,
                                   message=digest, now=now)
    return ids


def _next_meeting(session: Session, community: Community, now: datetime):
    from storage import meetings

    upcoming = meetings.upcoming(session=session, team_id=community.team_id, community_id=community.id, after=now,
                                 limit=1)
    return (upcoming[0].topic, upcoming[0].starts_at) if upcoming else None


# -- what animators do from a follow-up --------------------------------------------------------

def _steward_and_call(session: Session, team_id: str, user_id: str, help_request_id: int):
    from bot.services.communities import is_steward

    request = help_store.get_help_request(session=session, team_id=team_id, help_request_id=help_request_id)
    if request is None:
        return None, None, "not_found"
    community = community_store.get_community(session=session, team_id=team_id, community_id=request.community_id)
    if not is_steward(session, team_id=team_id, community_id=request.community_id, user_id=user_id):
        return request, community, "not_allowed"
    if request.status != HelpStatus.OPEN:
        return request, community, "not_open"
    return request, community, None


def ping_experts(session: Session, *, team_id: str, user_id: str, help_request_id: int) -> tuple[str, list[int],
                                                                                                str]:
    """(outcome, outbox ids, language): the experts of the call's topics get it by DM."""
    from storage import expertise as expertise_store

    request, community, problem = _steward_and_call(session, team_id, user_id, help_request_id)
    if problem:
        return problem, [], community.language if community else "en"
    topics = help_store.topics_of(session=session, team_id=team_id, help_request_id=request.id)
    experts = [u for u in sorted(expertise_store.people_for_topics(session=session, team_id=team_id,
                                                                   community_id=community.id, topics=topics))
               if u != request.asker_id]
    if not experts:
        return "no_experts", [], community.language
    t = translator(community.language)
    ids = []
    for expert in experts:
        message = blocks.urgent_call(t, asker_id=request.asker_id, channel_id=request.channel_id,
                                     message_ts=request.message_ts or "", question=request.question, topics=topics,
                                     help_request_id=request.id)
        message["text"] = t.gettext("<@{animator}> thinks you could help with this call for help:",
                                    animator=user_id) + "\n" + message["text"]
        message["blocks"][0] = {"type": "section", "text": {"type": "mrkdwn", "text": message["text"][:3000]}}
        ids += owe_dm(session, team_id=team_id, key=f"help:{request.id}:ping:{expert}", user_id=expert,
                      message=message)
    return "done", ids, community.language


def repost(session: Session, *, team_id: str, user_id: str, help_request_id: int) -> tuple[str, list[int], str]:
    """The call comes back to the top of the channel, as a broadcast reply in its thread."""
    request, community, problem = _steward_and_call(session, team_id, user_id, help_request_id)
    if problem:
        return problem, [], community.language if community else "en"
    t = translator(community.language)
    text = t.gettext(":raising_hand: Still waiting for an answer: <@{asker}> asks “{question}”. Can you help?",
                     asker=request.asker_id, question=mrkdwn(plain(request.question, 500)))
    payload = {"channel": request.channel_id, "text": text}
    if request.message_ts:
        payload.update(thread_ts=request.message_ts, reply_broadcast=True)
    return "done", owe(session, team_id=team_id, key=f"help:{request.id}:repost", method="chat.postMessage",
                       payload=payload), community.language


def close_call(session: Session, *, team_id: str, user_id: str, help_request_id: int) -> tuple[str, list[int], str]:
    from bot.services.help_requests import refresh_post

    request, community, problem = _steward_and_call(session, team_id, user_id, help_request_id)
    if problem:
        return problem, [], community.language if community else "en"
    help_store.close(session=session, team_id=team_id, help_request_id=request.id, closed_by=user_id,
                     closed_at=utcnow())
    session.refresh(request)
    return "done", refresh_post(session, request), community.language


# -- the quarterly reflection -----------------------------------------------------------------

QUARTERLY_REFLECTION = "reflection.quarterly"
REFLECTION_AT = time(10, 0)


def quarter_of(moment: datetime, timezone: str) -> str:
    from bot.services.timing import zone

    local = moment.astimezone(zone(timezone))
    return f"{local.year}-Q{(local.month - 1) // 3 + 1}"


def plan_reflection(session: Session, community: Community, *, after: datetime) -> None:
    """The first working day of the next quarter, 10:00 community time."""
    from bot.services.timing import next_quarter_start

    at = next_quarter_start(after, REFLECTION_AT, community.timezone)
    at = Quiet(community.timezone, community.quiet_start_hour, community.quiet_end_hour, True).next_allowed(at)
    due.schedule(session=session, team_id=community.team_id, community_id=community.id, kind=QUARTERLY_REFLECTION,
                 dedupe_key=f"{QUARTERLY_REFLECTION}:{community.id}:{quarter_of(at, community.timezone)}", due_at=at,
                 subject_id=community.id)


def quarterly_reflection(session: Session, item: DueItem, now: datetime) -> list[int]:
    """Every member is asked the community's three reflection questions; then next quarter's."""
    community = _community(session, item)
    if community is None:
        return []
    plan_reflection(session, community, after=now)
    quarter = quarter_of(now, community.timezone)
    t = translator(community.language)
    people = memberships.member_ids(session=session, team_id=community.team_id, community_id=community.id)
    people += [r.user_id for r in community_store.role_holders(session=session, team_id=community.team_id,
                                                              community_id=community.id)]
    ids = []
    for person in dict.fromkeys(people):
        message = blocks.reflection_request(t, community_name=community.name, channel_id=community.channel_id,
                                            value=f"{community.id}:{quarter}")
        ids += owe_dm_when_allowed(session, community, key=f"{item.dedupe_key}:{person}", user_id=person,
                                   message=message, now=now)
    return ids


def record_reflection(session: Session, *, team_id: str, user_id: str, community_id: int, quarter: str, got: str,
                      brought: str, change: str) -> str | None:
    """Store (or replace) a member's answers; returns the community's language, None if it is gone."""
    from storage.models import Reflection

    community = community_store.get_community(session=session, team_id=team_id, community_id=community_id)
    if community is None:
        return None
    existing = session.exec(select(Reflection).where(
        Reflection.team_id == team_id, Reflection.community_id == community_id, Reflection.user_id == user_id,
        Reflection.quarter == quarter)).first()
    row = existing or Reflection(team_id=team_id, community_id=community_id, user_id=user_id, quarter=quarter)
    row.got, row.brought, row.change, row.answered_at = got.strip(), brought.strip(), change.strip(), utcnow()
    session.add(row)
    return community.language


def community_language(session: Session, *, team_id: str, community_id: int) -> str | None:
    community = community_store.get_community(session=session, team_id=team_id, community_id=community_id)
    return community.language if community else None
