"""Forms the public fills in on the portal."""

from gongkai.portal.forms.comment import CommentForm

__all__ = ["CommentForm"]
