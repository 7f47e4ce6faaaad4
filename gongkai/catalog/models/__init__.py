"""Models of the disclosure directory."""

from gongkai.catalog.models.category import Category
from gongkai.catalog.models.item import Item

__all__ = ["Category", "Item"]
