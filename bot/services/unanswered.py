"""Calls for help that need a nudge: unanswered after a day (4 hours if urgent) → the animators;
offered but not resolved after three days → the asker (not after a reopening: once resolved, a call's
asker gets two prompts about it at most, bot.services.help_requests.PROMPTS_AFTER_RESOLVED).

Planned when the call is posted or offered; each job looks at the world as it is when its time
comes (a call answered meanwhile needs no follow-up).
"""

from datetime import datetime, timedelta

from sqlmodel import Session

from bot import blocks
from bot.i18n import translator
from bot.services import follow_ups, roles
from bot.services.owed import owe_dm_when_allowed
from bot.services.timing import shift_days
from storage import communities as community_store
from storage import due, message_links
from storage import help_requests as help_store
from storage.models import DueItem, HelpStatus

UNANSWERED_AFTER = timedelta(hours=24)
UNANSWERED_URGENT_AFTER = timedelta(hours=4)
STALLED_DAYS = 3
HELP_UNANSWERED = "help.unanswered"
HELP_STALLED = "help.stalled"


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
                 offered_at: datetime, round: int = 0) -> None:
    """``round``: how many times the call was reopened (each reopening is followed up once more)."""
    due.schedule(session=session, team_id=team_id, community_id=community_id, kind=HELP_STALLED,
                 dedupe_key=f"{HELP_STALLED}:{help_request_id}" + (f":{round}" if round else ""),
                 due_at=shift_days(offered_at, STALLED_DAYS, _zone_of(session, team_id, community_id)),
                 subject_id=help_request_id)


def unanswered(session: Session, item: DueItem, now: datetime) -> list[int]:
    """Nobody answered: the animators get the call with what they can do about it — never about their own
    call as if it were someone else's (the others get it; alone, they are spoken to as its asker)."""
    if item.subject_id is None:  # planned without its call (``plan_*`` always name it)
        return []
    request = help_store.get_help_request(session=session, team_id=item.team_id, help_request_id=item.subject_id)
    community = community_store.get_community(session=session, team_id=item.team_id, community_id=item.community_id)
    if request is None or community is None or request.status != HelpStatus.OPEN or request.first_answer_at:
        return []
    t = translator(community.language)
    topics = help_store.topics_of(session=session, team_id=item.team_id, help_request_id=request.id)
    animators = roles.people_for(session, team_id=item.team_id, community_id=community.id,
                                 duty=roles.Duty.FOLLOW_UPS)
    # A facilitator's own call goes to the other facilitators; to them alone if there is none, as its asker.
    others = [a for a in animators if a != request.asker_id]
    own = not others and request.asker_id in animators
    link = message_links.link(session=session, team_id=item.team_id, channel_id=request.channel_id,
                              message_ts=request.message_ts)

    def message(take: str | None) -> dict:
        return blocks.unanswered_follow_up(t, help_request_id=request.id, asker_id=request.asker_id,
                                           question=request.question, channel_id=request.channel_id, link=link,
                                           topics=topics, hours=int((now - request.created_at).total_seconds() // 3600),
                                           own=own, take=take)

    return follow_ups.owe_copies(session, community, kind=HELP_UNANSWERED, subject=str(request.id),
                                 recipients=others or ([request.asker_id] if own else []), build=message,
                                 key=item.dedupe_key, now=now)


def stalled(session: Session, item: DueItem, now: datetime) -> list[int]:
    """Offered, never resolved: the asker is asked to mark it resolved or say what is missing."""
    if item.subject_id is None:  # planned without its call (``plan_*`` always name it)
        return []
    request = help_store.get_help_request(session=session, team_id=item.team_id, help_request_id=item.subject_id)
    community = community_store.get_community(session=session, team_id=item.team_id, community_id=item.community_id)
    if request is None or community is None or request.status != HelpStatus.OPEN:
        return []
    if request.reopened:  # resolved once already: its asker had their prompts about it
        return []
    message = blocks.stalled_follow_up(translator(community.language), help_request_id=request.id,
                                       question=request.question, channel_id=request.channel_id,
                                       link=message_links.link(session=session, team_id=item.team_id,
                                                               channel_id=request.channel_id,
                                                               message_ts=request.message_ts))
    return owe_dm_when_allowed(session, community, key=item.dedupe_key, user_id=request.asker_id, message=message,
                               now=now)
