"""What moves the index: every public_state_changed (gongkai.publishing) and column changes.

A public change is indexed inside the transaction that made it (the service's), so the index's
generation moves in the same commit and a cached search page can never outlive the change
(search/generation.py). Column changes move the generation too: a column filter resolves its slug
and sub-columns when a search runs.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from gongkai.catalog.models import Category
from gongkai.publishing import sections
from gongkai.publishing.signals import public_state_changed
from gongkai.search.generation import bump_generation
from gongkai.search.indexing import index_object


@receiver(public_state_changed, dispatch_uid="search_public_state_changed")
def public_state_changed_in_index(sender, instances, **kwargs) -> None:
    section = sections.for_model(sender)
    if section is None or section.search is None:
        return
    for instance in instances:
        index_object(instance)


@receiver(post_save, sender=Category, dispatch_uid="search_category_saved")
@receiver(post_delete, sender=Category, dispatch_uid="search_category_deleted")
def category_changed(**kwargs) -> None:
    if kwargs.get("raw"):
        return  # fixtures loading: no index to keep in step yet
    bump_generation()
