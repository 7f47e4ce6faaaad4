"""What the admin shows a user when an action is refused: one sentence from any refusal.

Services refuse with Django's ValidationError (one or several messages) or PermissionDenied (one
message); every admin view that calls a service shows the refusal the same way, joined with "；".
"""

from __future__ import annotations


def refusal_text(exc: Exception) -> str:
    """The exception's messages joined for a form error or a message banner; its text when it has none."""
    return "；".join(getattr(exc, "messages", None) or [str(exc)])
