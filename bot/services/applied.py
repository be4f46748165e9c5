"""Value followed past the first answer (Wenger-Trayner's value-creation cycles): thirty days after a
call for help is resolved, its asker is asked, in one DM, whether they applied the answer — *Yes, and
it changed something* (realised value, with one sentence on what changed), *Yes* (applied value),
*Not yet* (asked once more a month later) or *No*. The answers feed ``/cop stats`` and the monthly
report beside the time saved (bot/services/stats.py)."""

from datetime import datetime, timedelta

from sqlmodel import Session

from bot import blocks
from bot.i18n import translator
from bot.services.owed import owe_dm_when_allowed
from bot.services.results import Outcome, Result
from storage import communities as community_store
from storage import due, message_links
from storage import help_requests as store
from storage.models import Applied, DueItem, HelpRequest, HelpStatus
from storage.types import utcnow

APPLIED_AFTER = timedelta(days=30)
VALUE_APPLIED = "value.applied"
STORY_MAX = 500


def _key(request: HelpRequest, again: bool) -> str:
    # One ask per resolution (a call reopened and resolved again is asked about its new answer), and
    # one more after "Not yet".
    return f"{VALUE_APPLIED}:{request.id}:{request.reopened}" + (":again" if again else "")


def plan(session: Session, request: HelpRequest, *, after: datetime, again: bool = False) -> None:
    due.schedule(session=session, team_id=request.team_id, community_id=request.community_id, kind=VALUE_APPLIED,
                 dedupe_key=_key(request, again), due_at=after + APPLIED_AFTER, subject_id=request.id)


def ask_job(session: Session, item: DueItem, now: datetime) -> list[int]:
    """A month on: the asker is asked whether they applied the answer (if the call is still resolved and
    they have not said so already)."""
    request = store.get_help_request(session=session, team_id=item.team_id, help_request_id=item.subject_id)
    community = community_store.get_community(session=session, team_id=item.team_id, community_id=item.community_id)
    if request is None or community is None or request.status != HelpStatus.RESOLVED:
        return []
    if request.applied not in (None, Applied.NOT_YET):
        return []
    message = blocks.applied_prompt(translator(community.language), help_request_id=request.id,
                                    question=request.question, channel_id=request.channel_id,
                                    link=message_links.link(session=session, team_id=item.team_id,
                                                            channel_id=request.channel_id,
                                                            message_ts=request.message_ts),
                                    again=item.dedupe_key.endswith(":again"))
    return owe_dm_when_allowed(session, community, key=item.dedupe_key, user_id=request.asker_id, message=message,
                               now=now)


def _language(session: Session, request: HelpRequest) -> str:
    community = community_store.get_community(session=session, team_id=request.team_id,
                                              community_id=request.community_id)
    return community.language if community else "en"


def record(session: Session, *, team_id: str, user_id: str, help_request_id: int, answer: str) -> Result:
    """The asker's answer (the last one counts). *Not yet* asks once more a month later."""
    try:
        choice = Applied(answer)
    except ValueError:
        return Result(Outcome.NOT_FOUND)
    request = store.get_help_request(session=session, team_id=team_id, help_request_id=help_request_id)
    if request is None:
        return Result(Outcome.NOT_FOUND)
    language = _language(session, request)
    if user_id != request.asker_id:
        return Result(Outcome.NOT_ALLOWED, language, request.id)
    now = utcnow()
    if not store.record_applied(session=session, team_id=team_id, help_request_id=request.id, asker_id=user_id,
                                answer=choice.value, at=now):
        return Result(Outcome.UNCHANGED, language, request.id)  # reopened meanwhile
    if choice == Applied.NOT_YET:
        plan(session, request, after=now, again=True)
    return Result(Outcome.DONE, language, request.id, detail={"choice": choice.value})


def record_story(session: Session, *, team_id: str, user_id: str, help_request_id: int, story: str) -> Result:
    """What changed, in one sentence (the asker's words, shown in the reports)."""
    story = " ".join(story.split())[:STORY_MAX]
    request = store.get_help_request(session=session, team_id=team_id, help_request_id=help_request_id)
    if request is None or not story:
        return Result(Outcome.NOT_FOUND)
    if not store.record_change_story(session=session, team_id=team_id, help_request_id=request.id,
                                     asker_id=user_id, story=story):
        return Result(Outcome.NOT_ALLOWED, _language(session, request), request.id)
    return Result(Outcome.DONE, _language(session, request), request.id)
