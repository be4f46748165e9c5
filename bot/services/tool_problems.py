"""Tool problems go to the community's IT contacts (or its founders when it has none): the bot removed
from the community's channel, a permission (scope) Slack refuses, direct messages to members Slack
refuses, requests set aside as dead letters. They get one DM with the fix in their words — at most once a
day per problem, in the community's waking hours — and a line on their Home tab until the problem is
solved (cop-bot invited back or a post reaches the channel again, the refused call goes through, the next
DM goes through, the dead letters are replayed or dropped).

A token revoked or expired without refresh is no tool problem here: without a token the bot cannot
write to anyone in the workspace (``cop-bot doctor`` and ``/healthz`` say it)."""

from datetime import timedelta

from sqlmodel import Session

from bot import blocks
from bot.i18n import translator
from bot.services.owed import owe_dm_when_allowed
from bot.services.results import Outcome
from bot.slack_terms import PERSON_UNREACHABLE
from storage import communities as community_store
from storage import dead_letters as dead_letter_store
from storage import tool_problems as store
from storage.models import Community, OutboxMessage, Role
from storage.types import utcnow

REMOVED, SCOPE, DM, DEAD_LETTERS = "removed", "scope", "dm", "dead_letters"
NOT_IN_CHANNEL = {"not_in_channel", "channel_not_found", "is_archived"}
# What Slack answers a DM (chat.postMessage to a person) it will not deliver, whoever tries again:
# the person cannot be written to (a bot, an account gone or out of sight, another organisation's
# member) or the workspace keeps the app from writing to people.
DM_REFUSED = PERSON_UNREACHABLE | {"user_not_found", "user_disabled", "not_allowed_token_type", "restricted_action",
                                   "messages_tab_disabled"}
TOLD_AGAIN_AFTER = timedelta(days=1)
TOLD = "tools:"  # the outbox key of a DM telling of a problem


def it_contacts(session: Session, *, team_id: str, community_id: int) -> list[str]:
    """The community's IT contacts; its founders when it has none."""
    for role in (Role.IT, Role.FOUNDER):
        found = community_store.holders_of(session=session, team_id=team_id, community_id=community_id, role=role)
        if found:
            return list(dict.fromkeys(found))
    return []


def _communities_concerned(session: Session, message: OutboxMessage, channel: str) -> list[Community]:
    """The community whose channel the call was for; a DM's: the person's communities."""
    if channel.startswith(("U", "W")):
        return community_store.communities_of_person(session=session, team_id=message.team_id, user_id=channel)
    community = community_store.community_for_channel(session=session, team_id=message.team_id, channel_id=channel)
    return [community] if community else []


def _channel(message: OutboxMessage, payload: dict) -> str:
    """Where the call was for: a channel, or a person (a DM, files sent to them)."""
    return str(payload.get("channel") or payload.get("channel_id") or payload.get("user_id") or "")


def _is_dm(message: OutboxMessage, channel: str) -> bool:
    return message.method == "chat.postMessage" and channel.startswith(("U", "W"))


def outbox_failed(session: Session, message: OutboxMessage, error: str, payload: dict) -> list[int]:
    """Any call Slack refused for good: a problem the IT contacts can fix is recorded, and told."""
    channel = _channel(message, payload)
    if error == "missing_scope":
        kind, detail = SCOPE, message.method
    elif error in NOT_IN_CHANNEL and message.method == "chat.postMessage" and not channel.startswith(("U", "W", "D")):
        kind, detail = REMOVED, ""
    elif error in DM_REFUSED and _is_dm(message, channel):
        kind, detail = DM, error
    else:
        return []
    now = utcnow()
    ids = []
    for community in _communities_concerned(session, message, channel):
        if kind == REMOVED and community.channel_id != channel:
            continue
        ids += _seen_and_told(session, community, kind=kind, detail=detail, now=now)
    return ids


def dm_refused(session: Session, community: Community, *, error: str) -> list[int]:
    """Slack refused to open a conversation with members of ``community`` (a group DM of introductions)."""
    return _seen_and_told(session, community, kind=DM, detail=error, now=utcnow())


def _seen_and_told(session: Session, community: Community, *, kind: str, detail: str, now) -> list[int]:
    """The problem seen now; its IT contacts told, unless they were in the last day."""
    problem = store.seen(session=session, team_id=community.team_id, community_id=community.id, kind=kind,
                         detail=detail, now=now)
    if problem.last_told_at is not None and problem.last_told_at > now - TOLD_AGAIN_AFTER:
        return []
    problem.last_told_at = now
    session.add(problem)
    session.flush()
    note = blocks.tool_problem(translator(community.language), kind=kind, community_name=community.name,
                               channel_id=community.channel_id, detail=detail)
    ids = []
    for person in it_contacts(session, team_id=community.team_id, community_id=community.id):
        ids += owe_dm_when_allowed(session, community, key=f"{TOLD}{problem.id}:{now:%Y-%m-%d}:{person}",
                                   user_id=person, message=note, now=now)
    return ids


def dead_letters_set_aside(session: Session, *, team_id: str) -> list[int]:
    """A request of this workspace was set aside: every community of it has the problem (what its members
    did may not have happened), told to its IT contacts."""
    now = utcnow()
    return [i for community in community_store.communities_of_team(session=session, team_id=team_id)
            for i in _seen_and_told(session, community, kind=DEAD_LETTERS, detail="", now=now)]


def dead_letters_settled(session: Session) -> None:
    """Dead letters replayed, dropped or purged: the workspaces left with none have the problem solved."""
    now = utcnow()
    for team_id in store.teams_with_open(session=session, kind=DEAD_LETTERS):
        if not dead_letter_store.count(session=session, team_id=team_id):
            for community in community_store.communities_of_team(session=session, team_id=team_id):
                store.solve(session=session, team_id=team_id, community_id=community.id, kind=DEAD_LETTERS, now=now)


def outbox_sent(session: Session, message: OutboxMessage, payload: dict) -> None:
    """A call that went through solves what kept it from going through."""
    if not store.any_open(session=session, team_id=message.team_id):
        return  # nothing to solve: the usual case, at the cost of one small query after every call
    channel = _channel(message, payload)
    now = utcnow()
    for community in _communities_concerned(session, message, channel):
        solved: list[tuple[str, str | None]] = [(SCOPE, message.method)]
        if message.method == "chat.postMessage" and channel == community.channel_id:
            solved.append((REMOVED, None))
        if _is_dm(message, channel) and not message.dedupe_key.startswith(TOLD):
            # a DM to a member went through (not the one telling of the problem): people can be written to again
            solved.append((DM, None))
        store.solve_kinds(session=session, team_id=community.team_id, community_id=community.id, kinds=solved,
                          now=now)  # one statement for all (after every call: it is the usual case's cost)


def bot_joined(session: Session, *, team_id: str, channel_id: str) -> None:
    """cop-bot invited (back) into a community's channel (Slack's member_joined_channel for the bot itself):
    it is no longer out of it, even before its next post there."""
    community = community_store.community_for_channel(session=session, team_id=team_id, channel_id=channel_id)
    if community is not None:
        store.solve(session=session, team_id=team_id, community_id=community.id, kind=REMOVED, now=utcnow())


def home_lines(session: Session, *, team_id: str, user_id: str, communities: list[Community]) -> list[blocks.HomeTool]:
    """The open tool problems of the communities where the person is who fixes them."""
    found = []
    for community in communities:
        if user_id not in it_contacts(session, team_id=team_id, community_id=community.id):
            continue
        found += [blocks.HomeTool(kind=p.kind, detail=p.detail, community_name=community.name,
                                  channel_id=community.channel_id, since=p.first_seen, language=community.language)
                  for p in store.open_problems(session=session, team_id=team_id, community_id=community.id)]
    return found


def may_diagnose(session: Session, *, team_id: str, channel_id: str,
                 user_id: str) -> tuple[Outcome, Community | None]:
    """``/cop diagnostic`` is for the community's IT contacts and founders (only reads)."""
    community = community_store.community_for_channel(session=session, team_id=team_id, channel_id=channel_id)
    if community is None:
        return Outcome.NOT_A_COMMUNITY, None
    held = community_store.roles_of(session=session, team_id=team_id, community_id=community.id, user_id=user_id)
    if not held & {Role.IT.value, Role.FOUNDER.value}:
        return Outcome.NOT_ALLOWED, community
    return Outcome.DONE, community
