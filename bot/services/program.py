"""The year's programme (``/cop program``): the community's meetings of the next twelve months, and the
topics members suggest — each with its count of "I'm interested" — which founders and animators plan
(the meeting form, prefilled) or set aside. The gaps report's and the quarter's reflections' *Suggest as
meeting topic* add to the same list (``suggest_from``)."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlmodel import Session

from bot import blocks
from bot.i18n import translator
from bot.services import gaps, meetings, reflections
from bot.services.owed import owe, owe_card_update
from bot.services.permissions import is_steward
from bot.services.results import Outcome
from storage import communities as community_store
from storage import meetings as meeting_store
from storage import program as store
from storage.models import Community, SuggestionStatus, TopicSuggestion
from storage.types import utcnow

PURPOSE_POSTED = "program.suggestion_posted"
TOPIC_MAX, WHY_MAX, PRESENTER_MAX = 200, 1000, 200


@dataclass
class Programme:
    outcome: Outcome
    community: Community | None = None
    meetings: list[blocks.MeetingView] = field(default_factory=list)
    suggestions: list[blocks.SuggestionView] = field(default_factory=list)


@dataclass
class ProgramResult:
    outcome: Outcome
    language: str = "en"
    outbox_ids: list[int] = field(default_factory=list)
    suggestion: TopicSuggestion | None = None
    community: Community | None = None
    plans: bool = False  # a founder or facilitator: they may plan it at once


@dataclass(frozen=True)
class Planning:
    """``for_planning``'s answer when the suggestion is still open and the person may plan it."""

    suggestion: TopicSuggestion
    community: Community


def _view(suggestion: TopicSuggestion, interested: int) -> blocks.SuggestionView:
    return blocks.SuggestionView(id=suggestion.id, topic=suggestion.topic, why=suggestion.why,
                                 presenter=suggestion.presenter, author_id=suggestion.author_id,
                                 interested=interested, status=suggestion.status, changed_by=suggestion.changed_by)


def programme(session: Session, *, team_id: str, channel_id: str, now: datetime | None = None) -> Programme:
    """The next twelve months of meetings and the open suggestions, the most wanted first."""
    now = now or utcnow()
    community = community_store.community_for_channel(session=session, team_id=team_id, channel_id=channel_id)
    if community is None:
        return Programme(Outcome.NOT_A_COMMUNITY)
    coming = [m for m in meeting_store.upcoming(session=session, team_id=team_id, community_id=community.id,
                                                after=now, limit=40) if m.starts_at < now + timedelta(days=365)]
    return Programme(Outcome.DONE, community, [meetings.view_of(session, m, community.timezone) for m in coming],
                     [_view(s, n) for s, n in store.open_suggestions(session=session, team_id=team_id,
                                                                    community_id=community.id)])


def _card(session: Session, community: Community, suggestion: TopicSuggestion) -> dict:
    count = store.interested_count(session=session, team_id=suggestion.team_id, suggestion_id=suggestion.id)
    return blocks.suggestion_card(translator(community.language), _view(suggestion, count))


def suggest(session: Session, *, team_id: str, community_id: int, user_id: str, topic: str, why: str,
            presenter: str) -> ProgramResult:
    """A member suggests a topic: its card goes to the channel, where others say they are interested."""
    community = community_store.get_community(session=session, team_id=team_id, community_id=community_id)
    if community is None:
        return ProgramResult(Outcome.NOT_A_COMMUNITY)
    if not topic.strip():
        return ProgramResult(Outcome.EMPTY, community.language)
    suggestion = store.add_suggestion(session=session, team_id=team_id, community_id=community.id, author_id=user_id,
                                      topic=topic.strip()[:TOPIC_MAX], why=why.strip()[:WHY_MAX],
                                      presenter=presenter.strip()[:PRESENTER_MAX], channel_id=community.channel_id)
    ids = owe(session, team_id=team_id, key=f"suggestion:{suggestion.id}:post", method="chat.postMessage",
              payload={"channel": community.channel_id, **_card(session, community, suggestion)},
              purpose=PURPOSE_POSTED, subject_id=suggestion.id)
    return ProgramResult(Outcome.DONE, community.language, ids, suggestion, community)


def suggest_from(session: Session, community: Community, *, user_id: str, topic: str, why: str) -> ProgramResult:
    """A topic found elsewhere (a gap in the library, the quarter's reflections), suggested by who pressed
    *Suggest as meeting topic*: its card goes to the channel like a member's suggestion; the same topic
    still open is suggested once (``UNCHANGED``, with the suggestion there is)."""
    plans = is_steward(session, team_id=community.team_id, community_id=community.id, user_id=user_id)
    topic = topic.strip()[:TOPIC_MAX]
    there = store.open_suggestion_about(session=session, team_id=community.team_id, community_id=community.id,
                                        topic=topic)
    if there is not None:
        return ProgramResult(Outcome.UNCHANGED, community.language, suggestion=there, community=community,
                             plans=plans)
    result = suggest(session, team_id=community.team_id, community_id=community.id, user_id=user_id, topic=topic,
                     why=why, presenter="")
    result.plans = plans
    return result


def suggest_gap(session: Session, *, team_id: str, user_id: str, community_id: int, words: str, times: int,
                days: int) -> ProgramResult:
    """*Suggest as meeting topic* in the gaps report (founders, facilitators, content experts): what members
    searched for and did not find joins the suggested topics."""
    found = gaps.topic_proposal(session, team_id=team_id, user_id=user_id, community_id=community_id, words=words,
                                times=times, days=days)
    if found.community is None:  # no community to suggest it to
        return ProgramResult(Outcome.NOT_A_COMMUNITY if found.outcome == Outcome.DONE else found.outcome)
    if found.outcome != Outcome.DONE:
        return ProgramResult(found.outcome, found.community.language)
    return suggest_from(session, found.community, user_id=user_id, topic=found.topic, why=found.why)


def suggest_agenda(session: Session, *, team_id: str, user_id: str, community_id: int,
                   quarter: str) -> ProgramResult:
    """*Suggest as meeting topic* (founders and facilitators): the quarter's draft agenda joins the programme's
    suggested topics. Its card in the channel outlines the themes and their counts, never the members' words
    (those stay with the facilitators)."""
    community = community_store.get_community(session=session, team_id=team_id, community_id=community_id)
    if community is None:
        return ProgramResult(Outcome.NOT_FOUND)
    if not is_steward(session, team_id=team_id, community_id=community.id, user_id=user_id):
        return ProgramResult(Outcome.NOT_ALLOWED, community.language)
    t = translator(community.language)
    return suggest_from(session, community, user_id=user_id,
                           topic=t.gettext("What our members said in {quarter}", quarter=t.quarter(quarter)),
                           why=reflections.agenda(session, community, quarter).text(t, quotes=False))


def posted(session: Session, message, answer: dict) -> None:
    """Slack posted the suggestion: keep its ts so that its count follows."""
    suggestion = session.get(TopicSuggestion, message.subject_id)
    if suggestion is not None and suggestion.team_id == message.team_id:
        suggestion.message_ts = answer.get("ts")
        session.add(suggestion)


def _found(session: Session, team_id: str, suggestion_id: int):
    suggestion = store.get_suggestion(session=session, team_id=team_id, suggestion_id=suggestion_id)
    community = suggestion and community_store.community_of(session=session, team_id=team_id,
                                                             community_id=suggestion.community_id)
    return suggestion, community


def _refresh(session: Session, community: Community, suggestion: TopicSuggestion) -> list[int]:
    if not suggestion.message_ts:
        return []
    return owe_card_update(session, team_id=community.team_id, channel_id=community.channel_id,
                           message_ts=suggestion.message_ts, view=_card(session, community, suggestion))


def interested(session: Session, *, team_id: str, user_id: str, suggestion_id: int) -> ProgramResult:
    """One click, once per person: the count on the card follows."""
    suggestion, community = _found(session, team_id, suggestion_id)
    if suggestion is None or community is None:
        return ProgramResult(Outcome.NOT_FOUND)
    if suggestion.status != SuggestionStatus.OPEN or not store.add_interest(
            session=session, team_id=team_id, suggestion_id=suggestion.id, user_id=user_id):
        return ProgramResult(Outcome.UNCHANGED, community.language)
    return ProgramResult(Outcome.DONE, community.language, _refresh(session, community, suggestion))


def for_planning(session: Session, *, team_id: str, user_id: str, suggestion_id: int) -> ProgramResult | Planning:
    """The suggestion, if it is still open and this person may plan it."""
    suggestion, community = _found(session, team_id, suggestion_id)
    if suggestion is None or community is None or suggestion.status != SuggestionStatus.OPEN:
        return ProgramResult(Outcome.NOT_FOUND, community.language if community else "en")
    if not is_steward(session, team_id=team_id, community_id=community.id, user_id=user_id):
        return ProgramResult(Outcome.NOT_ALLOWED, community.language)
    return Planning(suggestion, community)


def set_aside(session: Session, *, team_id: str, user_id: str, suggestion_id: int) -> ProgramResult:
    found = for_planning(session, team_id=team_id, user_id=user_id, suggestion_id=suggestion_id)
    if not isinstance(found, Planning):
        return found
    suggestion = found.suggestion
    suggestion.status, suggestion.changed_by = SuggestionStatus.SET_ASIDE, user_id
    session.add(suggestion)
    return ProgramResult(Outcome.DONE, found.community.language, _refresh(session, found.community, suggestion))


def planned(session: Session, *, team_id: str, user_id: str, suggestion_id: int, meeting_id: int) -> list[int]:
    """The meeting planned from a suggestion: the suggestion leaves the open list, its card says so."""
    suggestion, community = _found(session, team_id, suggestion_id)
    if suggestion is None or community is None or suggestion.status != SuggestionStatus.OPEN:
        return []
    suggestion.status, suggestion.changed_by, suggestion.meeting_id = SuggestionStatus.PLANNED, user_id, meeting_id
    session.add(suggestion)
    return _refresh(session, community, suggestion)
