"""Requests set aside after their work kept failing: kept in the database (``dead_letters``) for an
admin to list, replay or drop (``cop-bot dead-letters``); counted by ``/healthz`` and ``cop-bot doctor``,
and told to the IT contacts of the workspace's communities (a tool problem, solved once none is left)."""

from datetime import UTC, datetime

from bot.journal import Entry
from bot.services import tool_problems
from storage import dead_letters as store
from storage.db import Database
from storage.models import DeadLetter


def set_aside(db: Database, entry: Entry, *, team_id: str, user_id: str | None, error: str,
              runs: int) -> tuple[int | None, list[int]]:
    """Keep the request: its id (``None`` if it was kept before) and the DMs owed to the IT contacts."""
    with db.session() as session:
        letter = store.set_aside(session=session, team_id=team_id, receipt=entry.receipt, listener=entry.listener,
                                 user_id=user_id, body=entry.body, bot_user_id=entry.bot_user_id,
                                 received_at=datetime.fromtimestamp(entry.received_at, UTC), error=error, runs=runs)
        if letter is None:
            return None, []
        return letter.id, tool_problems.dead_letters_set_aside(session, team_id=team_id)


def count(db: Database, team_id: str | None = None) -> int:
    with db.reading() as session:
        return store.count(session=session, team_id=team_id)


def listing(db: Database) -> list[DeadLetter]:
    with db.reading() as session:
        return store.listing(session=session)


def get(db: Database, letter_id: int) -> DeadLetter | None:
    with db.reading() as session:
        return store.get(session=session, letter_id=letter_id)


def drop(db: Database, letter_id: int) -> bool:
    with db.session() as session:
        dropped = store.drop(session=session, letter_id=letter_id)
        tool_problems.dead_letters_settled(session)
        return dropped


def purge_old(db: Database) -> int:
    with db.session() as session:
        purged = store.purge_older_than(session=session)
        tool_problems.dead_letters_settled(session)
        return purged


def command(settings, db: Database, what: str, ids: list[str]) -> int:
    """``cop-bot dead-letters [list | replay N… | replay all | drop N…]``: what an admin sees and does
    (``db`` opened and migrated)."""
    letters = listing(db)
    if what == "list":
        _print_listing(letters)
        return 0
    chosen = _chosen(letters, ids, what)
    if chosen is None:
        return 2
    if what == "drop":
        for letter in chosen:
            drop(db, letter.id)
            print(f"Dropped {letter.id}.")
        return 0
    return _replay(settings, db, chosen)


def _chosen(letters: list[DeadLetter], ids: list[str], what: str) -> list[DeadLetter] | None:
    """The dead letters the admin named (numbers, or ``all``); None after saying what is wrong."""
    if not ids or not (ids == ["all"] or all(n.isascii() and n.isdecimal() for n in ids)):
        print(f"cop-bot: say which dead letters to {what}: their numbers (cop-bot dead-letters lists them) or 'all'.")
        return None
    wanted = {letter.id for letter in letters} if ids == ["all"] else {int(n) for n in ids}
    chosen = [letter for letter in letters if letter.id in wanted]
    missing = sorted(wanted - {letter.id for letter in chosen})
    if missing:
        print(f"cop-bot: no dead letter numbered {', '.join(map(str, missing))}.")
        return None
    return chosen


def _print_listing(letters: list[DeadLetter]) -> None:
    if not letters:
        print("No request is set aside.")
        return
    print(f"{len(letters)} request(s) set aside (deleted after {store.DEAD_LETTER_DAYS} days):")
    for letter in letters:
        print(f"  {letter.id:>5}  {letter.failed_at:%Y-%m-%d %H:%M} UTC  workspace {letter.team_id}  "
              f"{letter.listener.rsplit('.', 1)[-1]}  {letter.error}  ({letter.runs} run(s))")
    print("Once the cause is fixed: cop-bot dead-letters replay N (or all); to discard: cop-bot dead-letters "
          "drop N.")


def _replay(settings, db: Database, chosen: list[DeadLetter]) -> int:
    from bot.app import create_app

    cop = create_app(settings, db=db, journal=False)
    wiring = cop.wiring
    assert wiring is not None  # create_app wires every listener (only the benchmarks' bare apps have none)
    failed = 0
    try:
        for letter in chosen:
            outcome = wiring.run_dead_letter(letter)
            cop.runtime.work.wait_idle(60)  # what it owed Slack, sent
            if outcome in ("done", "already done"):
                drop(db, letter.id)
                print(f"Replayed {letter.id}: {outcome}.")
            else:
                failed += 1
                print(f"{letter.id} failed again ({outcome}): kept.")
    finally:
        cop.close(wait=True)
    return 1 if failed else 0
