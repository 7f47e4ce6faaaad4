"""Jobs of 执法公开: the drop folder every minute, publication expiry and record linking daily.

Huey locks keep two consumers from taking the same file twice (docs/ARCHITECTURE.md: only one
consumer schedules periodic jobs, but a manual run may overlap). In tests Huey runs inline.
"""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

from gongkai.enforcement.capture import link_pending_records, process_drop_folder
from gongkai.enforcement.services import expire_publications


@db_periodic_task(crontab(minute="*"))
@lock_task("enforcement-drop-folder")
def drop_folder_job():
    """Import what arrived in settings.ENFORCEMENT_DROP_DIR; move each file to done/ or failed/."""
    results = process_drop_folder()
    return {"files": len(results), "failed": sum(1 for r in results if r.error)}


@db_periodic_task(crontab(hour="1", minute="20"))
@lock_task("enforcement-daily")
def daily_enforcement_job():
    """Take documents whose publication period ended off the portal; link late-arriving 行政处罚信息."""
    expired = expire_publications()
    linked = link_pending_records()
    return {"expired": len(expired), "linked": linked}
