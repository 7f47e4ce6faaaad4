"""Daily job: record the penalty records whose 公示截止期 has passed as taken off the public pages."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from gongkai.credit.lifecycle import expire_publicity


@db_periodic_task(crontab(hour="0", minute="10"))
def daily_publicity_expiry():
    """Just after midnight, so the day's take-downs are in the log before anyone asks.

    The public query hides an expired record by date on its own (credit/public.py); this job writes
    the take-down (PublicityTakedown + an audit entry) once per record. Idempotent.
    """
    return expire_publicity()
