"""The portal's side of public_state_changed (gongkai.publishing): rewrite what a change touches once it commits.

DESIGN.md §4: a publish is on the site within a second. The builder the changed object's section
registered decides what is rewritten: "directory" items go through build.rebuild_for_item (the item
page, its listings, feeds, home, its sitemap file), "listing" sections (执法公开) through
section_pages, and dynamic sections only have their sitemap part rewritten. Nothing is written
before the commit, so a rolled-back change never reaches the site; a failure is logged and marks the
site for the reconciliation job's full build (portal/reconcile.py), never raised (the change has
committed already).
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.dispatch import receiver

from gongkai.portal import section_pages
from gongkai.portal.build import mark_site_dirty, rebuild_for_item
from gongkai.publishing import sections
from gongkai.publishing.signals import public_state_changed

logger = logging.getLogger(__name__)


@receiver(public_state_changed, dispatch_uid="portal_public_state_changed")
def rebuild_after_commit(sender, instances, rebuild_site=True, **kwargs) -> None:
    section = sections.for_model(sender)
    if section is None or not rebuild_site:
        return
    object_ids = [instance.pk for instance in instances]
    transaction.on_commit(lambda: _rebuild(section, object_ids))


def _rebuild(section: sections.PublicSection, object_ids: list[int]) -> None:
    if section.page_builder == "directory":
        for object_id in object_ids:
            rebuild_for_item(object_id)  # logs its own failures
        return
    try:
        if section.page_builder == "listing":
            section_pages.rebuild_section_objects(section.name, object_ids)
        elif section.sitemap:
            section_pages.rebuild_sitemap_part(section.name)
    except Exception:
        logger.exception("rebuilding the portal for %s %s failed; the reconciliation job rebuilds it",
                         section.name, object_ids)
        mark_site_dirty(f"{section.label}的变更")
