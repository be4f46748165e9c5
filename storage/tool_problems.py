"""Problems with the tools, by community: seen, told to its IT contacts, solved."""

from datetime import datetime

from sqlalchemy import and_, or_, update
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
    return solve_kinds(session=session, team_id=team_id, community_id=community_id, kinds=[(kind, detail)], now=now)


def solve_kinds(*, session: Session, team_id: str, community_id: int, kinds: list[tuple[str, str | None]],
                now: datetime) -> int:
    """Solve the open problems of these kinds (with this detail, when one is given) in one statement."""
    if not kinds:
        return 0
    which = [col(ToolProblem.kind) == kind if detail is None else
             and_(col(ToolProblem.kind) == kind, col(ToolProblem.detail) == detail) for kind, detail in kinds]
    statement = update(ToolProblem).where(col(ToolProblem.team_id) == team_id,
                                          col(ToolProblem.community_id) == community_id,
                                          col(ToolProblem.solved_at).is_(None), or_(*which))
    return session.exec(statement.values(solved_at=now)).rowcount or 0


def any_open(*, session: Session, team_id: str) -> bool:
    """Whether the workspace has a problem not solved yet (nearly never: then nothing is to be solved)."""
    return session.exec(select(ToolProblem.id).where(ToolProblem.team_id == team_id,
                                                     col(ToolProblem.solved_at).is_(None)).limit(1)).first() is not None


def open_problems(*, session: Session, team_id: str, community_id: int) -> list[ToolProblem]:
    return list(session.exec(select(ToolProblem).where(
        ToolProblem.team_id == team_id, ToolProblem.community_id == community_id, col(ToolProblem.solved_at).is_(None))
        .order_by(col(ToolProblem.first_seen))))


def teams_with_open(*, session: Session, kind: str) -> list[str]:
    """The workspaces with a problem of this kind not solved yet."""
    return list(session.exec(select(ToolProblem.team_id).where(ToolProblem.kind == kind,
                                                               col(ToolProblem.solved_at).is_(None)).distinct()))
