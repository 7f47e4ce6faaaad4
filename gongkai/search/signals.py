"""Column changes move the index's generation too: a column filter resolves its slug and sub-columns when a search runs."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from gongkai.catalog.models import Category
from gongkai.search.generation import bump_generation


@receiver(post_save, sender=Category, dispatch_uid="search_category_saved")
@receiver(post_delete, sender=Category, dispatch_uid="search_category_deleted")
def category_changed(**kwargs) -> None:
    if kwargs.get("raw"):
        return  # fixtures loading: no index to keep in step yet
    bump_generation()
