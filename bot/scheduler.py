"""APScheduler wakes up; the database says what is due (see storage/outbox.py).

The job store is in memory on purpose: APScheduler must not share a job store
between processes, and nothing due lives in it — a restart loses nothing.
"""

import logging

from apscheduler.schedulers.background import BackgroundScheduler

from bot.runtime import Runtime

logger = logging.getLogger(__name__)
OUTBOX_EVERY_SECONDS = 15


def deliver_outbox(runtime: Runtime) -> None:
    """Send whatever is due and was not sent right away (crash, restart, Slack outage)."""
    sent = runtime.deliverer.deliver_due()
    if sent:
        logger.info("Delivered %d owed Slack message(s)", sent)


def create_scheduler(runtime: Runtime) -> BackgroundScheduler:
    scheduler = BackgroundScheduler(timezone="UTC", job_defaults={"coalesce": True, "max_instances": 1,
                                                                   "misfire_grace_time": 60})
    scheduler.add_job(deliver_outbox, "interval", seconds=OUTBOX_EVERY_SECONDS, args=[runtime],
                      id="deliver-outbox", replace_existing=True)
    return scheduler
