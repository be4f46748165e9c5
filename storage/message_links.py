"""Links to Slack messages, as Slack gave them (chat.getPermalink): asked outside any transaction, or
owed through the outbox, and kept here for every message the bot links to."""

from collections.abc import Iterable

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select, tuple_

from storage.models import MessageLink


def remember(*, session: Session, team_id: str, channel_id: str, message_ts: str, permalink: str) -> None:
    link = session.get(MessageLink, (team_id, channel_id, message_ts))
    if link is not None:
        link.permalink = permalink[:1000]
        return
    try:
        with session.begin_nested():  # a new row: added (merge would look it up a second time)
            session.add(MessageLink(team_id=team_id, channel_id=channel_id, message_ts=message_ts,
                                    permalink=permalink[:1000]))
    except IntegrityError:  # remembered by someone else at the same moment: the same link
        pass


def of(*, session: Session, team_id: str,
       messages: Iterable[tuple[str | None, str | None]]) -> dict[tuple[str, str], str]:
    """(channel, ts) → link, for those of ``messages`` whose link is known."""
    wanted = list({(c, ts) for c, ts in messages if c and ts})
    found: dict[tuple[str, str], str] = {}
    for start in range(0, len(wanted), 200):
        rows = session.exec(select(MessageLink).where(
            MessageLink.team_id == team_id,
            tuple_(MessageLink.channel_id, MessageLink.message_ts).in_(wanted[start:start + 200]))).all()
        found.update({(r.channel_id, r.message_ts): r.permalink for r in rows})
    return found


def link(*, session: Session, team_id: str, channel_id: str | None, message_ts: str | None) -> str | None:
    if not channel_id or not message_ts:  # no message, no link (of() would skip it too)
        return None
    return of(session=session, team_id=team_id, messages=[(channel_id, message_ts)]).get((channel_id, message_ts))
