"""Scheduled job: push 双公示 records to the credit platform (Monday and Thursday by default), with retries.

The schedule is CREDIT_PUSH_SCHEDULE (crontab fields; huey counts day_of_week from 0 = Sunday, so
"1,4" is Monday and Thursday). A run whose batches failed schedules one follow-up run for when the
earliest entry's back-off ends, so retries do not wait for the next scheduled day. Follow-up chains
cannot multiply: a follow-up that finds nothing due (another run took it) schedules nothing more.
The job does nothing but warn in the log when no push target is configured.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterator

from django.conf import settings
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from gongkai.credit.push import PushNotConfigured, PushResult, push_once

DEFAULT_SCHEDULE = {"day_of_week": "1,4", "hour": "2", "minute": "0"}
PUSH_SCHEDULE = crontab(**getattr(settings, "CREDIT_PUSH_SCHEDULE", DEFAULT_SCHEDULE))
logger = logging.getLogger(__name__)


def scheduled_push_times(first_day: dt.date, last_day: dt.date) -> Iterator[dt.datetime]:
    """The (naive, local) minutes in [first_day, last_day] at which the schedule starts a run.

    The demo replays its year of pushes at exactly these times; huey checks the same validator."""
    day = first_day
    while day <= last_day:
        midnight = dt.datetime.combine(day, dt.time())
        for minute in range(24 * 60):
            moment = midnight + dt.timedelta(minutes=minute)
            if PUSH_SCHEDULE(moment):
                yield moment
        day += dt.timedelta(days=1)


def follow_up_at(result: PushResult, *, follow_up: bool) -> dt.datetime | None:
    """When a follow-up run is due: after failed batches, at the earliest back-off end; a follow-up
    run that found nothing due plans none (so chains cannot multiply)."""
    if result.failed_batches and result.retry_at is not None and (result.claimed_any or not follow_up):
        return result.retry_at
    return None


def run_push_and_plan_retry(*, follow_up: bool) -> PushResult | None:
    try:
        result = push_once()
    except PushNotConfigured as exc:
        logger.warning("credit push skipped: %s", exc)
        return None
    logger.info(result.summary())
    retry_at = follow_up_at(result, follow_up=follow_up)
    if retry_at is not None:
        retry_credit_push.schedule(eta=retry_at)
    return result


@db_periodic_task(PUSH_SCHEDULE)
def scheduled_credit_push():
    run_push_and_plan_retry(follow_up=False)


@db_task()
def retry_credit_push():
    run_push_and_plan_retry(follow_up=True)

# Huey loads only modules named `tasks`: the publicity-expiry and stalled-import jobs live in jobs.py.
from gongkai.credit.jobs import daily_publicity_expiry, stalled_import_check  # noqa: E402,F401
