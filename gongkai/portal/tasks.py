"""Jobs of the public portal: the reconciliation of the built site and the search index every five minutes."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

from gongkai.portal.reconcile import reconcile_site


@db_periodic_task(crontab(minute="*/5"))
@lock_task("portal-reconcile")
def reconcile_site_job():
    """Withdrawn and deleted things off the site and out of search, missing pages back, within five minutes."""
    result = reconcile_site()
    return {"stale_pages": result.stale_pages, "missing_pages": result.missing_pages, "rebuilt": result.rebuilt,
            "unindexed": result.unindexed, "indexed": result.indexed}
