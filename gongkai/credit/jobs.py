"""Periodic jobs of 双公示 besides the push: publicity expiry (daily) and stalled imports (every five minutes)."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from gongkai.credit.import_jobs import fail_stalled_imports
from gongkai.credit.lifecycle import expire_publicity


@db_periodic_task(crontab(hour="0", minute="10"))
def daily_publicity_expiry():
    """Just after midnight, so the day's take-downs are in the log before anyone asks.

    The public query hides an expired record by date on its own (credit/public.py); this job writes
    the take-down (PublicityTakedown + an audit entry) once per record. Idempotent.
    """
    return expire_publicity()


@db_periodic_task(crontab(minute="*/5"))
def stalled_import_check():
    """A batch whose worker died shows 导入中 until this marks it failed and 重新排队 is offered."""
    return fail_stalled_imports()
