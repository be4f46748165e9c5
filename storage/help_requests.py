"""Queries about calls for help, their offers and their answers."""

from datetime import datetime

from sqlalchemy import case, func, or_, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from storage.models import HelpAnswer, HelpCredit, HelpOffer, HelpRequest, HelpRequestTopic, HelpStatus


def create_help_request(
    *, session: Session, team_id: str, community_id: int, channel_id: str, asker_id: str,
    question: str, topics: list[str], urgent: bool = False, status: HelpStatus = HelpStatus.PENDING,
) -> HelpRequest:
    request = HelpRequest(team_id=team_id, community_id=community_id, channel_id=channel_id,
                          asker_id=asker_id, question=question, urgent=urgent, status=status)
    session.add(request)
    session.flush()
    for topic in dict.fromkeys(topics):
        session.add(HelpRequestTopic(help_request_id=request.id, topic=topic, team_id=team_id))
    session.flush()
    return request


def get_help_request(*, session: Session, team_id: str, help_request_id: int) -> HelpRequest | None:
    return session.exec(
        select(HelpRequest).where(HelpRequest.team_id == team_id, HelpRequest.id == help_request_id)
    ).first()


def help_request_for_message(*, session: Session, team_id: str, channel_id: str, message_ts: str) -> HelpRequest | None:
    return session.exec(
        select(HelpRequest).where(
            HelpRequest.team_id == team_id,
            HelpRequest.channel_id == channel_id,
            HelpRequest.message_ts == message_ts,
        )
    ).first()


def topics_of(*, session: Session, team_id: str, help_request_id: int) -> list[str]:
    return list(session.exec(
        select(HelpRequestTopic.topic)
        .where(HelpRequestTopic.team_id == team_id, HelpRequestTopic.help_request_id == help_request_id)
        .order_by(HelpRequestTopic.topic)
    ).all())


def change_status(*, session: Session, team_id: str, help_request_id: int, from_status: HelpStatus,
                  to_status: HelpStatus) -> bool:
    """Move the call from one status to another; ``False`` if it was not in ``from_status`` (a second click)."""
    result = session.exec(
        update(HelpRequest)
        .where(col(HelpRequest.team_id) == team_id, col(HelpRequest.id) == help_request_id,
               col(HelpRequest.status) == from_status)
        .values(status=to_status)
    )
    return result.rowcount == 1


def mark_posted(*, session: Session, team_id: str, help_request_id: int, message_ts: str) -> None:
    """Slack has the post: remember its ts (unless one is known); a pending call opens (one resolved
    meanwhile stays so). One statement."""
    session.exec(
        update(HelpRequest)
        .where(col(HelpRequest.team_id) == team_id, col(HelpRequest.id) == help_request_id,
               col(HelpRequest.status).in_([HelpStatus.PENDING, HelpStatus.RESOLVED]))
        .values(message_ts=func.coalesce(col(HelpRequest.message_ts), message_ts),
                status=case((col(HelpRequest.status) == HelpStatus.PENDING, HelpStatus.OPEN),
                            else_=col(HelpRequest.status)))
    )


def mark_unposted(*, session: Session, team_id: str, help_request_id: int) -> None:
    session.exec(
        update(HelpRequest)
        .where(col(HelpRequest.team_id) == team_id, col(HelpRequest.id) == help_request_id,
               col(HelpRequest.status) == HelpStatus.PENDING)
        .values(status=HelpStatus.UNPOSTED)
    )


def add_offer(*, session: Session, team_id: str, help_request_id: int, user_id: str, source: str) -> bool:
    """Record an offer; ``False`` when this person had already offered (a retry, a second click)."""
    try:
        with session.begin_nested():
            session.add(HelpOffer(team_id=team_id, help_request_id=help_request_id, user_id=user_id, source=source))
    except IntegrityError:
        return False
    return True


def withdraw_offer(*, session: Session, team_id: str, help_request_id: int, user_id: str) -> bool:
    offer = session.exec(
        select(HelpOffer).where(HelpOffer.team_id == team_id, HelpOffer.help_request_id == help_request_id,
                                HelpOffer.user_id == user_id)
    ).first()
    if offer is None:
        return False
    session.delete(offer)
    session.flush()
    return True


def offerers(*, session: Session, team_id: str, help_request_id: int) -> list[str]:
    return list(session.exec(
        select(HelpOffer.user_id)
        .where(HelpOffer.team_id == team_id, HelpOffer.help_request_id == help_request_id)
        .order_by(col(HelpOffer.created_at), col(HelpOffer.id))
    ).all())


def add_answer(
    *, session: Session, team_id: str, help_request_id: int, user_id: str, message_ts: str, answered_at: datetime
) -> bool:
    """Record a thread answer once; the first one sets the call's time to first answer."""
    try:
        with session.begin_nested():
            session.add(HelpAnswer(team_id=team_id, help_request_id=help_request_id, user_id=user_id,
                                   message_ts=message_ts, created_at=answered_at))
    except IntegrityError:
        return False
    # The earliest answer is the first, whatever order Slack's events were handled in.
    session.exec(
        update(HelpRequest)
        .where(col(HelpRequest.team_id) == team_id, col(HelpRequest.id) == help_request_id,
               or_(col(HelpRequest.first_answer_at).is_(None), col(HelpRequest.first_answer_at) > answered_at))
        .values(first_answer_at=answered_at, first_answer_by=user_id)
    )
    return True


def remove_answer(*, session: Session, team_id: str, channel_id: str, message_ts: str) -> int | None:
    """Forget a thread answer that was deleted; the call's first answer becomes the earliest one left
    (or none). Returns the call's id, or ``None`` when that message was no answer."""
    answer = session.exec(
        select(HelpAnswer).join(HelpRequest, col(HelpRequest.id) == col(HelpAnswer.help_request_id))
        .where(HelpAnswer.team_id == team_id, HelpAnswer.message_ts == message_ts,
               HelpRequest.team_id == team_id, HelpRequest.channel_id == channel_id)
    ).first()
    if answer is None:
        return None
    help_request_id = answer.help_request_id
    session.delete(answer)
    session.flush()
    earliest = session.exec(
        select(HelpAnswer).where(HelpAnswer.team_id == team_id, HelpAnswer.help_request_id == help_request_id)
        .order_by(col(HelpAnswer.created_at), col(HelpAnswer.id)).limit(1)
    ).first()
    session.exec(
        update(HelpRequest).where(col(HelpRequest.team_id) == team_id, col(HelpRequest.id) == help_request_id)
        .values(first_answer_at=earliest.created_at if earliest else None,
                first_answer_by=earliest.user_id if earliest else None)
    )
    return help_request_id


def resolve(*, session: Session, team_id: str, help_request_id: int, resolved_by: str, resolved_at: datetime) -> bool:
    """Mark an open call resolved; ``False`` if it was not open (already resolved, a retry). A call
    whose post Slack has not confirmed yet (the asker was quicker than us) can be resolved too."""
    result = session.exec(
        update(HelpRequest)
        .where(col(HelpRequest.team_id) == team_id, col(HelpRequest.id) == help_request_id,
               col(HelpRequest.status).in_([HelpStatus.OPEN, HelpStatus.PENDING]))
        .values(status=HelpStatus.RESOLVED, resolved_by=resolved_by, resolved_at=resolved_at)
    )
    return result.rowcount == 1


def record_time_saved(*, session: Session, team_id: str, help_request_id: int, bucket: str, minutes: int) -> bool:
    result = session.exec(
        update(HelpRequest)
        .where(col(HelpRequest.team_id) == team_id, col(HelpRequest.id) == help_request_id,
               col(HelpRequest.status) == HelpStatus.RESOLVED)
        .values(time_saved=bucket, time_saved_minutes=minutes)
    )
    return result.rowcount == 1


def resolved_of(*, session: Session, team_id: str, community_id: int) -> list[HelpRequest]:
    return list(session.exec(
        select(HelpRequest).where(HelpRequest.team_id == team_id, HelpRequest.community_id == community_id,
                                  HelpRequest.status == HelpStatus.RESOLVED)
        .order_by(col(HelpRequest.resolved_at), col(HelpRequest.id))).all())


def helpers_of(*, session: Session, team_id: str, help_request_id: int) -> list[str]:
    """Who offered or answered in the thread, first come first, the asker left out by the callers."""
    offered = session.exec(select(HelpOffer.user_id, HelpOffer.created_at).where(
        HelpOffer.team_id == team_id, HelpOffer.help_request_id == help_request_id)).all()
    answered = session.exec(select(HelpAnswer.user_id, HelpAnswer.created_at).where(
        HelpAnswer.team_id == team_id, HelpAnswer.help_request_id == help_request_id)).all()
    ordered = sorted([*offered, *answered], key=lambda row: row[1])
    return list(dict.fromkeys(user for user, _ in ordered))


def credited(*, session: Session, team_id: str, help_request_id: int) -> list[str]:
    return list(session.exec(select(HelpCredit.user_id).where(
        HelpCredit.team_id == team_id,
        HelpCredit.help_request_id == help_request_id).order_by(col(HelpCredit.id))).all())


def set_credits(*, session: Session, team_id: str, help_request_id: int, user_ids: list[str],
                credited_by: str) -> None:
    """The credited helpers become exactly ``user_ids`` (the asker ticks and unticks)."""
    current = set(credited(session=session, team_id=team_id, help_request_id=help_request_id))
    wanted = set(user_ids)
    for row in session.exec(select(HelpCredit).where(
            HelpCredit.team_id == team_id, HelpCredit.help_request_id == help_request_id,
            col(HelpCredit.user_id).in_(current - wanted))).all():
        session.delete(row)
    for user_id in user_ids:
        if user_id not in current:
            session.add(HelpCredit(team_id=team_id, help_request_id=help_request_id, user_id=user_id,
                                   credited_by=credited_by))
    session.flush()


def open_calls(*, session: Session, team_id: str, community_ids: list[int], asker_id: str | None = None,
               topics: set[str] | None = None, exclude_asker: str | None = None,
               limit: int = 5) -> list[HelpRequest]:
    """Open calls for help, newest first: someone's own, or those on given topics."""
    if not community_ids:
        return []
    query = select(HelpRequest).where(HelpRequest.team_id == team_id, col(HelpRequest.community_id).in_(community_ids),
                                      HelpRequest.status == HelpStatus.OPEN.value)
    if asker_id:
        query = query.where(HelpRequest.asker_id == asker_id)
    if exclude_asker:
        query = query.where(HelpRequest.asker_id != exclude_asker)
    if topics is not None:
        if not topics:
            return []
        # Correlated on the topics' primary key (help_request_id, topic): a probe per open call,
        # whatever the planner thinks of the topics' statistics.
        query = query.where(select(HelpRequestTopic.help_request_id).where(
            HelpRequestTopic.help_request_id == HelpRequest.id, HelpRequestTopic.team_id == team_id,
            col(HelpRequestTopic.topic).in_(sorted(topics))).exists())
    return list(session.exec(query.order_by(col(HelpRequest.created_at).desc(),
                                            col(HelpRequest.id).desc()).limit(limit)).all())


def unanswered_open(*, session: Session, team_id: str, community_id: int, older_than: datetime,
                    limit: int = 5) -> tuple[int, list[HelpRequest]]:
    """Open calls nobody has answered since ``older_than``: how many, and the oldest few."""
    where = (HelpRequest.team_id == team_id, HelpRequest.community_id == community_id,
             HelpRequest.status == HelpStatus.OPEN.value, col(HelpRequest.first_answer_at).is_(None),
             HelpRequest.created_at < older_than)
    count = session.exec(select(func.count()).select_from(HelpRequest).where(*where)).one()
    oldest = session.exec(select(HelpRequest).where(*where).order_by(col(HelpRequest.created_at)).limit(limit)).all()
    return count, list(oldest)


def close(*, session: Session, team_id: str, help_request_id: int, closed_by: str, closed_at: datetime) -> bool:
    """An animator closes an open call nobody could answer; ``False`` if it was not open."""
    result = session.exec(
        update(HelpRequest)
        .where(col(HelpRequest.team_id) == team_id, col(HelpRequest.id) == help_request_id,
               col(HelpRequest.status) == HelpStatus.OPEN)
        .values(status=HelpStatus.CLOSED, resolved_by=closed_by, resolved_at=closed_at)
    )
    return result.rowcount == 1


def record_value_story(*, session: Session, team_id: str, help_request_id: int, asker_id: str, story: str) -> bool:
    result = session.exec(
        update(HelpRequest)
        .where(col(HelpRequest.team_id) == team_id, col(HelpRequest.id) == help_request_id,
               col(HelpRequest.asker_id) == asker_id,
               col(HelpRequest.status) == HelpStatus.RESOLVED)
        .values(value_story=story)
    )
    return result.rowcount == 1


def waiting_with_question(*, session: Session, team_id: str, community_id: int, question: str) -> HelpRequest | None:
    """A call of the community with exactly this question, still waiting for an answer (posted or not yet)."""
    return session.exec(select(HelpRequest).where(
        HelpRequest.team_id == team_id, HelpRequest.community_id == community_id, HelpRequest.question == question,
        col(HelpRequest.status).in_([HelpStatus.PENDING, HelpStatus.OPEN]))).first()


def record_applied(*, session: Session, team_id: str, help_request_id: int, asker_id: str, answer: str,
                   at: datetime) -> bool:
    """The asker's answer, a month on, to "did you apply it?" (the last answer counts); only for a resolved call."""
    result = session.exec(
        update(HelpRequest)
        .where(col(HelpRequest.team_id) == team_id, col(HelpRequest.id) == help_request_id,
               col(HelpRequest.asker_id) == asker_id,
               col(HelpRequest.status) == HelpStatus.RESOLVED)
        .values(applied=answer, applied_at=at)
    )
    return result.rowcount == 1


def record_change_story(*, session: Session, team_id: str, help_request_id: int, asker_id: str, story: str) -> bool:
    result = session.exec(
        update(HelpRequest)
        .where(col(HelpRequest.team_id) == team_id, col(HelpRequest.id) == help_request_id,
               col(HelpRequest.asker_id) == asker_id)
        .values(change_story=story)
    )
    return result.rowcount == 1


def take_asker_prompt(*, session: Session, team_id: str, help_request_id: int, below: int) -> bool:
    """Count one more prompt to the asker about their call, if fewer than ``below`` were sent;
    ``False`` (and nothing counted) otherwise. One UPDATE: two workers never both get the last one."""
    result = session.exec(
        update(HelpRequest)
        .where(col(HelpRequest.team_id) == team_id, col(HelpRequest.id) == help_request_id,
               col(HelpRequest.asker_prompts) < below)
        .values(asker_prompts=HelpRequest.asker_prompts + 1)
    )
    return result.rowcount == 1


def reopen(*, session: Session, team_id: str, help_request_id: int) -> bool:
    """A resolved call open again (resolved too soon); ``False`` if it was not resolved (a second click)."""
    result = session.exec(
        update(HelpRequest)
        .where(col(HelpRequest.team_id) == team_id, col(HelpRequest.id) == help_request_id,
               col(HelpRequest.status) == HelpStatus.RESOLVED)
        .values(status=HelpStatus.OPEN, resolved_at=None, resolved_by=None, reopened=HelpRequest.reopened + 1)
    )
    return result.rowcount == 1
