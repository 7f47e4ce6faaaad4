"""Models of the disclosure directory."""

from gongkai.catalog.models.category import Category
from gongkai.catalog.models.item import Item
from gongkai.catalog.models.sequence import IndexSequence

__all__ = ["Category", "Item", "IndexSequence"]
