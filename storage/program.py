"""The year's programme: topics members suggest for meetings, and who is interested in each."""

from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from storage.models import SuggestionStatus, TopicInterest, TopicSuggestion


def add_suggestion(*, session: Session, **values) -> TopicSuggestion:
    suggestion = TopicSuggestion(**values)
    session.add(suggestion)
    session.flush()
    return suggestion


def get_suggestion(*, session: Session, team_id: str, suggestion_id: int) -> TopicSuggestion | None:
    return session.exec(select(TopicSuggestion).where(TopicSuggestion.team_id == team_id,
                                                      TopicSuggestion.id == suggestion_id)).first()


def open_suggestions(*, session: Session, team_id: str, community_id: int,
                     limit: int = 20) -> list[tuple[TopicSuggestion, int]]:
    """Open suggestions with their count of interested people, the most wanted first."""
    interested = func.count(col(TopicInterest.id))
    return [(s, n) for s, n in session.exec(
        select(TopicSuggestion, interested).outerjoin(TopicInterest,
                                                      col(TopicInterest.suggestion_id) == col(TopicSuggestion.id))
        .where(TopicSuggestion.team_id == team_id, TopicSuggestion.community_id == community_id,
               TopicSuggestion.status == SuggestionStatus.OPEN)
        .group_by(col(TopicSuggestion.id)).order_by(interested.desc(), col(TopicSuggestion.id)).limit(limit)).all()]


def interested_count(*, session: Session, team_id: str, suggestion_id: int) -> int:
    return session.exec(select(func.count()).select_from(TopicInterest).where(
        TopicInterest.team_id == team_id, TopicInterest.suggestion_id == suggestion_id)).one()


def add_interest(*, session: Session, team_id: str, suggestion_id: int, user_id: str) -> bool:
    """``False`` when they had already said so."""
    if session.exec(select(TopicInterest.id).where(TopicInterest.team_id == team_id,
                                                   TopicInterest.suggestion_id == suggestion_id,
                                                   TopicInterest.user_id == user_id)).first() is not None:
        return False
    try:
        with session.begin_nested():
            session.add(TopicInterest(team_id=team_id, suggestion_id=suggestion_id, user_id=user_id))
    except IntegrityError:
        return False
    return True


def open_suggestion_about(*, session: Session, team_id: str, community_id: int, topic: str) -> TopicSuggestion | None:
    """The open suggestion of this exact topic, if the community has one (a second click suggests it once)."""
    return session.exec(select(TopicSuggestion).where(
        TopicSuggestion.team_id == team_id, TopicSuggestion.community_id == community_id,
        TopicSuggestion.status == SuggestionStatus.OPEN, TopicSuggestion.topic == topic)
        .order_by(col(TopicSuggestion.id))).first()
