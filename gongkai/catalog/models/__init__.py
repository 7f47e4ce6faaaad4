"""Models of the disclosure directory."""

from gongkai.catalog.models.attachment import Attachment
from gongkai.catalog.models.category import Category
from gongkai.catalog.models.consultation import Comment, Consultation
from gongkai.catalog.models.item import Item
from gongkai.catalog.models.sequence import IndexSequence

__all__ = ["Attachment", "Category", "Comment", "Consultation", "Item", "IndexSequence"]
