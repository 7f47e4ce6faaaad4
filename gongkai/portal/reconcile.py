"""Reconciliation: the built site and the search index made to match the database, whatever failed before.

The incremental paths (portal.receivers after commit, search inside the service's transaction) keep
both in step when everything works. What they cannot see: a rebuild that raised after a withdrawal
had committed (build.mark_site_dirty leaves a standing alert), a row deleted or updated behind the
services' back, a process killed between the commit and the rebuild. This check runs every five
minutes (portal/tasks.py) and as `gongkai reconcile-site`:

- the site: the detail pages on disk (directory items, every listing section) are compared with what
  is public now; a page too many, a page missing, a marked failure or a never-built site brings one
  full build (change-only writes; it deletes every file no public object owns), which also rewrites
  the listings, feeds and sitemaps that still named the stale object;
- the index: search.indexing.reconcile_index removes entries whose object is gone or no longer
  searchable and adds the searchable objects it lacks.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.utils import timezone

from gongkai.org.models import AdminAlert
from gongkai.portal import pages, paths, section_pages
from gongkai.portal.build import SITE_DIRTY_ALERT, build_all
from gongkai.search.indexing import reconcile_index

logger = logging.getLogger(__name__)


@dataclass
class ReconcileResult:
    stale_pages: int = 0
    missing_pages: int = 0
    rebuilt: bool = False
    unindexed: int = 0
    indexed: int = 0

    def summary(self) -> str:
        return (f"门户核对：多余页面{self.stale_pages}个，缺少页面{self.missing_pages}个，"
                f"{'已全部重建' if self.rebuilt else '无需重建'}；检索移除{self.unindexed}条，补入{self.indexed}条")


def _ids_on_disk(folder) -> set[int]:
    """The object ids a folder of detail pages holds (one numbered folder per object)."""
    if not folder.is_dir():
        return set()
    return {int(entry.name) for entry in folder.iterdir() if entry.is_dir() and entry.name.isdigit()}


def _page_differences(agency) -> tuple[int, int]:
    """(pages of objects not public now, public objects without a page), over every built section."""
    stale = missing = 0
    item_folder = paths.file_for_url(paths.item_url(0)).parent.parent
    built = _ids_on_disk(item_folder)
    public = set(pages.public_items(agency).values_list("id", flat=True))
    stale, missing = len(built - public), len(public - built)
    for section in section_pages.listing_sections():
        renderer = section_pages.SectionPages(section, agency)
        built = _ids_on_disk(renderer.detail_folder())
        public = set(renderer.content.public_objects(agency).values_list("pk", flat=True))
        stale += len(built - public)
        missing += len(public - built)
    return stale, missing


def reconcile_site() -> ReconcileResult:
    result = ReconcileResult()
    result.unindexed, result.indexed = reconcile_index()
    agency = pages.portal_agency()
    if agency is None:
        return result
    marked = AdminAlert.objects.filter(key=SITE_DIRTY_ALERT, resolved_at__isnull=True).exists()
    never_built = not paths.file_for_url(paths.home_url()).exists()
    result.stale_pages, result.missing_pages = _page_differences(agency)
    if marked or never_built or result.stale_pages or result.missing_pages:
        build_all(agency)
        result.rebuilt = True
        AdminAlert.objects.filter(key=SITE_DIRTY_ALERT, resolved_at__isnull=True).update(resolved_at=timezone.now())
    if result.rebuilt or result.unindexed or result.indexed:
        logger.warning(result.summary())
    return result
