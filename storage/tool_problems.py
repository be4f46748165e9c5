"""Problems with the tools, by community: seen, told to its IT contacts, solved."""

from datetime import datetime

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from storage.models import ToolProblem


def seen(*, session: Session, team_id: str, community_id: int, kind: str, detail: str, now: datetime) -> ToolProblem:
    """The problem, seen now (again open if it had been solved: when it was last told still counts, so that
    a problem coming and going is told at most once a day)."""
    problem = session.exec(select(ToolProblem).where(
        ToolProblem.team_id == team_id, ToolProblem.community_id == community_id, ToolProblem.kind == kind,
        ToolProblem.detail == detail)).first()
    if problem is None:
        problem = ToolProblem(team_id=team_id, community_id=community_id, kind=kind, detail=detail, first_seen=now,
                              last_seen=now)
        try:
            with session.begin_nested():
                session.add(problem)
        except IntegrityError:  # seen at the same moment by another delivery
            return seen(session=session, team_id=team_id, community_id=community_id, kind=kind, detail=detail,
                        now=now)
        return problem
    if problem.solved_at is not None:
        problem.first_seen, problem.solved_at = now, None
    problem.last_seen = now
    session.add(problem)
    return problem


def solve(*, session: Session, team_id: str, community_id: int, kind: str, now: datetime,
          detail: str | None = None) -> int:
    statement = update(ToolProblem).where(col(ToolProblem.team_id) == team_id,
                                          col(ToolProblem.community_id) == community_id,
                                          col(ToolProblem.kind) == kind, col(ToolProblem.solved_at).is_(None))
    if detail is not None:
        statement = statement.where(col(ToolProblem.detail) == detail)
    return session.exec(statement.values(solved_at=now)).rowcount or 0


def open_problems(*, session: Session, team_id: str, community_id: int) -> list[ToolProblem]:
    return list(session.exec(select(ToolProblem).where(
        ToolProblem.team_id == team_id, ToolProblem.community_id == community_id, col(ToolProblem.solved_at).is_(None))
        .order_by(col(ToolProblem.first_seen))))


def teams_with_open(*, session: Session, kind: str) -> list[str]:
    """The workspaces with a problem of this kind not solved yet."""
    return list(session.exec(select(ToolProblem.team_id).where(ToolProblem.kind == kind,
                                                               col(ToolProblem.solved_at).is_(None)).distinct()))
