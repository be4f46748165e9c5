"""APScheduler wakes up; the database says what is due (see storage/outbox.py).

The job store is in memory on purpose: APScheduler must not share a job store
between processes, and nothing due lives in it — a restart loses nothing.
"""

import logging
from datetime import timedelta

from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_EXECUTED
from apscheduler.schedulers.background import BackgroundScheduler
from sqlmodel import col, select

from bot import dead_letters, metrics
from bot.runtime import Runtime
from bot.services import digest, reflections, report, retention, stewardship, watch
from storage import workspaces
from storage.dead_letters import DEAD_LETTER_DAYS
from storage.models import Community, Workspace
from storage.types import utcnow

logger = logging.getLogger(__name__)
OUTBOX_EVERY_SECONDS = 15


def deliver_outbox(runtime: Runtime) -> None:
    """Send whatever is due and was not sent right away (crash, restart, Slack outage)."""
    runtime.work.wait_for_pause()  # acks first, as for the work after them (bot/work.py)
    sent = runtime.deliverer.deliver_due()
    if sent:
        logger.info("Delivered %d owed Slack message(s)", sent)


DUE_EVERY_SECONDS = 30


def run_due(runtime: Runtime) -> None:
    """Meetings' nudges, follow-ups, digests: whatever the database says is due now."""
    runtime.work.wait_for_pause()
    done = runtime.due.run_due() if runtime.due else 0
    if done:
        logger.info("Ran %d due item(s)", done)


def plan_recurring(runtime: Runtime) -> None:
    """At start: every community has its next digest and reflection planned (new ones get them at setup),
    except in workspaces that have left."""
    departed = select(Workspace.team_id).where(col(Workspace.departed_at).is_not(None))
    with runtime.db.session() as session:
        for community in session.exec(select(Community).where(col(Community.team_id).not_in(departed))).all():
            digest.plan_digest(session, community, after=utcnow())
            reflections.plan_reflection(session, community, after=utcnow())
            report.plan_monthly(session, community, after=utcnow())
            stewardship.plan_review(session, community, after=utcnow())
            watch.plan_watch_digest(session, community, after=utcnow())


PURGE_EVERY_HOURS = 6


def purge_departed(runtime: Runtime) -> None:
    """Delete the data of workspaces that left longer ago than the retention allows, and requests set
    aside longer ago than dead letters are kept."""
    dropped = dead_letters.purge_old(runtime.db)
    if dropped:
        logger.info("Deleted %d request(s) set aside more than %d days ago", dropped, DEAD_LETTER_DAYS)
    before = utcnow() - timedelta(days=runtime.settings.departed_retention_days)
    with runtime.db.reading() as session:
        teams = workspaces.departed_before(session=session, when=before)
    for team_id in teams:
        with runtime.db.session() as session:
            rows = workspaces.purge(session=session, team_id=team_id)
        logger.info("Deleted the data of workspace %s, which left more than %d days ago (%d rows)", team_id,
                    runtime.settings.departed_retention_days, rows)


def purge_expired(runtime: Runtime) -> None:
    """Each community's history past its retention: the month's figures kept, the rows deleted."""
    departed = select(Workspace.team_id).where(col(Workspace.departed_at).is_not(None))
    with runtime.db.reading() as session:
        ids = list(session.exec(select(Community.id).where(col(Community.team_id).not_in(departed))))
    for community_id in ids:
        with runtime.db.session() as session:
            community = session.get(Community, community_id)
            if community is None:
                continue
            purged = retention.purge(session, community, utcnow())
        if purged.calls or purged.reflections or purged.rsvps or purged.gaps:
            logger.info("Community %s (workspace %s): past its %d-month retention, deleted %d call(s), %d "
                        "reflection(s), %d meeting answer(s), %d unanswered search(es); %d month(s) of figures "
                        "kept", community.id, community.team_id, community.retention_months, purged.calls,
                        purged.reflections, purged.rsvps, purged.gaps, purged.months_kept)


def create_scheduler(runtime: Runtime) -> BackgroundScheduler:
    scheduler = BackgroundScheduler(timezone="UTC", job_defaults={"coalesce": True, "max_instances": 1,
                                                                   "misfire_grace_time": 60})
    _add_jobs(scheduler, runtime)
    scheduler.add_listener(_counted, EVENT_JOB_EXECUTED | EVENT_JOB_ERROR)
    return scheduler


def _counted(event) -> None:
    metrics.SCHEDULED_RUNS.labels(job=event.job_id, outcome="failed" if event.exception else "done").inc()


def _add_jobs(scheduler: BackgroundScheduler, runtime: Runtime) -> None:
    """The jobs, each with a fixed id (adding them again replaces them)."""
    scheduler.add_job(deliver_outbox, "interval", seconds=OUTBOX_EVERY_SECONDS, args=[runtime],
                      id="deliver-outbox", replace_existing=True)
    scheduler.add_job(run_due, "interval", seconds=DUE_EVERY_SECONDS, args=[runtime], id="run-due",
                      replace_existing=True)
    scheduler.add_job(plan_recurring, args=[runtime], id="plan-recurring", replace_existing=True)
    scheduler.add_job(purge_departed, "interval", hours=PURGE_EVERY_HOURS, args=[runtime], id="purge-departed",
                      replace_existing=True, next_run_time=utcnow() + timedelta(minutes=1))
    scheduler.add_job(purge_expired, "interval", hours=PURGE_EVERY_HOURS, args=[runtime], id="purge-expired",
                      replace_existing=True, next_run_time=utcnow() + timedelta(minutes=2))


def supervise(scheduler: BackgroundScheduler, runtime: Runtime) -> None:
    """The scheduler's thread is watched like the work gate: if it dies, it is started again with its
    jobs (what is due is in the database: nothing is lost meanwhile)."""
    def alive() -> bool:
        # APScheduler 3 keeps its thread in ``_thread`` (BackgroundScheduler.start); no public accessor.
        thread = getattr(scheduler, "_thread", None)
        return not scheduler.running or (thread is not None and thread.is_alive())

    def restart() -> None:
        if scheduler.running:
            scheduler.shutdown(wait=False)  # (APScheduler's memory job store forgets its jobs here)
        _add_jobs(scheduler, runtime)
        scheduler.start()

    runtime.supervisor.watch("scheduler", alive=alive, restart=restart)
