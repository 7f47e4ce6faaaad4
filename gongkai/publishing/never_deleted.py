"""What the public has seen is withdrawn, never deleted: a model-level guard against obj.delete() and QuerySet.delete().

A model whose rows reach the public registers the rows that ever did (`guard(model, ever_public=Q(...))`).
A `pre_delete` receiver then refuses the deletion of any such row with `PublicRecordNotDeletable`,
whoever asks: the admin, a shell, a script, a cascade from a deleted parent. It works for querysets
too: Django gives up its fast delete for a model with pre_delete receivers, fetches the rows and sends
the signal for each, inside the deletion's transaction, so one refused row rolls the whole delete back.
The question is asked of the database (the stored row), not of an instance that may be stale.

Not covered, on purpose: raw SQL and Django's flush (TRUNCATE / DELETE statements, which send no
signal): that is how the test suite resets its database and how a DBA works behind the application's
back, which the reconciliation job (portal) repairs.
"""

from __future__ import annotations

from django.db.models import Model, ProtectedError, Q
from django.db.models.signals import pre_delete

MESSAGE = "“{name}”已经公开过，不能删除；如需撤下，请{hint}（撤回会从网站和检索中撤下并留下记录）。"

_GUARDED: dict[type[Model], tuple[Q, str]] = {}


class PublicRecordNotDeletable(ProtectedError):
    """A row the public has seen was about to be deleted: withdraw it instead."""


def guard(model: type[Model], *, ever_public: Q, hint: str = "使用“撤回”") -> None:
    """Refuse every deletion of a `model` row matching `ever_public` (the rows the public has ever seen)."""
    _GUARDED[model] = (ever_public, hint)
    pre_delete.connect(_refuse, sender=model, weak=False, dispatch_uid=f"never-deleted:{model._meta.label}")


def ever_public(obj: Model) -> bool:
    """Whether the stored row of `obj` was ever public (False for an unsaved object or an unguarded model)."""
    rule = _GUARDED.get(type(obj))
    if rule is None or obj.pk is None:
        return False
    return type(obj)._base_manager.filter(rule[0], pk=obj.pk).exists()


def _refuse(sender, instance, **kwargs) -> None:
    if ever_public(instance):
        raise PublicRecordNotDeletable(MESSAGE.format(name=instance, hint=_GUARDED[sender][1]), {instance})
