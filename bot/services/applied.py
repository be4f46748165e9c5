"""Value followed past the first answer (Wenger-Trayner's value-creation cycles): thirty days after a
call for help is resolved, its asker is asked, in one DM, whether they applied the answer — *Yes, and
it changed something* (realised value, with one sentence on what changed), *Yes* (applied value),
*Not yet* (the buttons stay: they answer when they have, without being asked again) or *No*. Asked once
per call: it is the asker's second and last prompt about it (after how much time it saved). The answers
feed ``/cop stats`` and the monthly report beside the time saved (bot/services/stats.py)."""

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
PROMPTS_AFTER_RESOLVED = 2  # the time saved, then this: see bot.services.help_requests
VALUE_APPLIED = "value.applied"
STORY_MAX = 500


def plan(session: Session, request: HelpRequest, *, after: datetime) -> None:
    """A month after each resolution (a reopening cancels it); the ask itself goes once per call."""
    due.schedule(session=session, team_id=request.team_id, community_id=request.community_id, kind=VALUE_APPLIED,
                 dedupe_key=f"{VALUE_APPLIED}:{request.id}:{request.reopened}", due_at=after + APPLIED_AFTER,
                 subject_id=request.id)


def ask_job(session: Session, item: DueItem, now: datetime) -> list[int]:
    """A month on: the asker is asked whether they applied the answer (if the call is still resolved and
    they have not said so already)."""
    if item.subject_id is None:  # planned without its call (``plan`` always names it)
        return []
    request = store.get_help_request(session=session, team_id=item.team_id, help_request_id=item.subject_id)
    community = community_store.get_community(session=session, team_id=item.team_id, community_id=item.community_id)
    if request is None or community is None or request.status != HelpStatus.RESOLVED:
        return []
    if request.applied is not None or item.dedupe_key.endswith(":again"):  # answered; or an old second ask
        return []
    if not store.take_asker_prompt(session=session, team_id=request.team_id, help_request_id=request.id,
                                   below=PROMPTS_AFTER_RESOLVED):
        return []  # asked already (before a reopening): its asker had their prompts about it
    message = blocks.applied_prompt(translator(community.language), help_request_id=request.id,
                                    question=request.question, channel_id=request.channel_id,
                                    link=message_links.link(session=session, team_id=item.team_id,
                                                            channel_id=request.channel_id,
                                                            message_ts=request.message_ts))
    return owe_dm_when_allowed(session, community, key=item.dedupe_key, user_id=request.asker_id, message=message,
                               now=now)


def _language(session: Session, request: HelpRequest) -> str:
    community = community_store.get_community(session=session, team_id=request.team_id,
                                              community_id=request.community_id)
    return community.language if community else "en"


def record(session: Session, *, team_id: str, user_id: str, help_request_id: int, answer: str) -> Result:
    """The asker's answer (the last one counts). *Not yet* is not asked again: the question's buttons
    stay, for when they have."""
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
