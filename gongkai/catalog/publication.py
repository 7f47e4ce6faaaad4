"""What follows when an item's public face changes: the search index and the built portal.

The index is updated inside the caller's transaction, so search never shows a withdrawn item or
misses a published one. The built pages are rewritten once the transaction commits, so a
rolled-back publish never reaches the site.
"""

from __future__ import annotations

from django.db import transaction

from gongkai.catalog.models import Item


def item_public_state_changed(item: Item) -> None:
    from gongkai.portal.build import rebuild_for_item
    from gongkai.search.indexing import index_item, unindex_item

    if item.is_public:
        index_item(item)
    else:
        unindex_item(item)
    item_id = item.pk
    transaction.on_commit(lambda: rebuild_for_item(item_id))
