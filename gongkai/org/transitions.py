"""The transition kernel: every staff action that changes a record's state runs through one `Transition`.

Shaped like Wagtail's actions (wagtail/actions/base.py): a transition names its permission, the states it
starts from and the scope rule of its model; `run()` checks the permission and the scope (agency and
unit, org/scoping.py), opens the transaction, locks the row (select_for_update), checks the scope and the
source state again on the locked row (it may have moved since it was read), hands the row to the
service, and refuses to commit unless the service wrote its audit entry (org/audit.record) in that
transaction. Work outside the database waits for the commit (`Step.after_commit`), or, when the caller
needs its answer (the credit push sends a batch it has just claimed), for the transition's transaction to
close (`Step.after_run`). `run_batch()` does the same for many rows of one model (a push batch). So an admin view, a
command and code calling in programmatically get exactly the same checks, and the registry lets a test
walk every transition with every role (tests/security/test_transitions.py) and `gongkai transitions`
print the table.

The services stay where they were (catalog/workflow.py, enforcement/services.py, ...): each declares its
transitions with `register(...)` and keeps its public functions as thin wrappers over `run()`.

Four eyes bound to content lives here too, once for items and 执法公开 documents alike:
`content_digest` is the digest of what a reviewer sees, `require_second_person` refuses a publisher who
wrote or last edited the content, `require_reviewed_content` refuses content that changed after review.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, models, transaction
from django.utils.module_loading import autodiscover_modules

from gongkai.org.audit import record
from gongkai.org.roles import ALL_ROLES, permission_strings
from gongkai.org.scoping import in_scope, scope_queryset

# The modules of each app that declare transitions; `discover()` imports them (as admin.autodiscover does).
TRANSITION_MODULES = ("workflow", "services", "lifecycle", "fees", "signoff", "publishing", "push", "accounts")


class TransitionRefused(PermissionDenied):
    """The actor may not run this transition: no permission, the record outside their scope, or four eyes."""


class NotPermitted(TransitionRefused):
    """The actor's roles do not carry the transition's permission."""


class OutOfScope(TransitionRefused):
    """The record belongs to another agency or, for unit-bound staff, another unit."""


class SecondPersonRequired(TransitionRefused):
    """Four eyes: the publisher wrote or last edited what would be published."""


class WrongState(ValidationError):
    """The record is not in a state this transition starts from."""


class ContentChanged(ValidationError):
    """What would be published is not what was submitted for review."""


@dataclass(frozen=True)
class Transition:
    """One staff action on one model. `model` is the app label form ("catalog.Item"), so org imports no app.

    `sources` are the values of `state_field` the transition may start from (empty: any state; the service
    then checks its own precondition). `unit_field=None` marks models that belong to the agency as a whole.
    `system_may_run`: `user=None` means the system (a job, an import, public intake) and skips permission
    and scope; transitions without it refuse an anonymous caller. `refusal` replaces the generic message
    for a record in the wrong state where the service has a clearer one.
    """

    name: str
    label: str
    model: str
    permission: str
    sources: frozenset[str] = frozenset()
    state_field: str = "state"
    agency_field: str = "agency"
    unit_field: str | None = "unit"
    audit_action: str = "update"
    system_may_run: bool = False
    refusal: str = ""  # the message when the record is not in a source state; default names state and action

    def model_class(self) -> type[models.Model]:
        return apps.get_model(self.model)

    # -- checks -------------------------------------------------------------------------------------

    def check_permission(self, user) -> None:
        """Raise NotPermitted unless `user` (None: the system) may run this transition at all."""
        if user is None:
            if self.system_may_run:
                return
            raise NotPermitted(f"“{self.label}”须由工作人员执行")
        if not user.has_perm(self.permission):
            raise NotPermitted(f"您没有权限执行“{self.label}”（{self.permission}）")

    def check(self, user, obj: models.Model) -> None:
        """Raise a TransitionRefused subclass unless `user` may run this transition on `obj` (no state check)."""
        self.check_permission(user)
        if user is not None and not in_scope(user, obj, agency_field=self.agency_field, unit_field=self.unit_field):
            raise OutOfScope(f"该记录不在您的管辖范围内，不能{self.label}")

    def allows(self, user, obj: models.Model) -> bool:
        try:
            self.check(user, obj)
        except TransitionRefused:
            return False
        return True

    def check_source(self, obj: models.Model) -> None:
        if not self.sources:
            return
        state = getattr(obj, self.state_field)
        if state not in self.sources:
            if self.refusal:
                raise WrongState(self.refusal)
            shown = getattr(obj, f"get_{self.state_field}_display", lambda: state)()
            raise WrongState(f"“{shown}”状态的{obj._meta.verbose_name}不能{self.label}")

    # -- running ------------------------------------------------------------------------------------

    @contextmanager
    def run(self, obj: models.Model, user) -> Iterator[Step]:
        """Check, lock, check again, let the service change the row, and require its audit entry.

        An unsaved `obj` (a record being created) is checked for scope and not locked."""
        if obj._meta.label != self.model:
            raise TypeError(f"transition {self.name} acts on {self.model}, not {obj._meta.label}")
        self.check(user, obj)
        with transaction.atomic():
            locked = obj if obj.pk is None else type(obj)._default_manager.select_for_update().get(pk=obj.pk)
            self.check(user, locked)
            self.check_source(locked)
            step = Step(self, locked, user)
            yield step
            step.finish()
        step.run_afterwards()

    @contextmanager
    def run_batch(self, queryset: models.QuerySet, user, *, limit: int | None = None) -> Iterator[Step]:
        """`run()` for many rows at once (a push batch): the same checks, one transaction, one audit entry owed.

        The permission is checked first; then, in the transaction, the rows of `queryset` still in a source
        state and in the actor's scope are locked (rows another run holds are skipped where the database
        can, so two runs never take the same row) and each is checked again. `step.objs` are the locked
        rows, at most `limit`; an empty batch owes no audit entry."""
        if queryset.model._meta.label != self.model:
            raise TypeError(f"transition {self.name} acts on {self.model}, not {queryset.model._meta.label}")
        self.check_permission(user)
        with transaction.atomic():
            rows = queryset
            if self.sources:
                rows = rows.filter(**{f"{self.state_field}__in": sorted(self.sources)})
            if user is not None:
                rows = scope_queryset(rows, user, agency_field=self.agency_field, unit_field=self.unit_field)
            rows = rows.select_for_update(skip_locked=connection.features.has_select_for_update_skip_locked)
            locked = list(rows[:limit] if limit is not None else rows)
            for obj in locked:
                self.check(user, obj)
                self.check_source(obj)
            step = Step(self, None, user, objs=locked)
            if not locked:
                step.nothing_changed()
            yield step
            step.finish()
        step.run_afterwards()


@dataclass
class Step:
    """One running transition: the locked row, and the audit entry and after-commit work it owes."""

    transition: Transition
    obj: models.Model | None
    user: Any
    objs: list = field(default_factory=list)  # the locked rows of a batch (`run_batch`); `obj` is None there
    audited: bool = False
    unchanged: bool = False
    entries: list = field(default_factory=list)
    afterwards: list = field(default_factory=list)

    def audit(self, summary: str, *, before: dict | None = None, after: dict | None = None,
              obj: models.Model | None = None, agency=None, action: str | None = None,
              object_repr: str | None = None) -> None:
        """Append the audit entry inside the transition's transaction (org/audit.record)."""
        self.entries.append(record(action or self.transition.audit_action, obj if obj is not None else self.obj,
                                   actor=self.user, agency=agency, summary=summary, before=before, after=after,
                                   object_repr=object_repr))
        self.audited = True

    def after_commit(self, work: Callable[[], None]) -> None:
        """Work outside the database (files, pushes, mail): only once the change has committed."""
        transaction.on_commit(work)

    def after_run(self, work: Callable[[], None]) -> None:
        """Work that needs the transition's rows settled but whose result the caller waits for (a push's
        send, answered by the receiver): runs as soon as the transition's transaction has closed, which
        for a job or a command (no transaction around it) is right after the commit. Inside a caller's
        transaction it runs at the end of the transition's savepoint, not at the outer commit: use it only
        for work that is harmless if that outer transaction still rolls back (the receiver de-duplicates
        a resent record); everything else takes `after_commit`. An exception in the work propagates."""
        self.afterwards.append(work)

    def run_afterwards(self) -> None:
        for work in self.afterwards:
            work()

    def nothing_changed(self) -> None:
        """The service found nothing to do (e.g. an empty edit): no audit entry is owed."""
        self.unchanged = True

    def finish(self) -> None:
        if not self.audited and not self.unchanged:
            raise RuntimeError(f"transition {self.transition.name} changed state without an audit entry")


_REGISTRY: dict[str, Transition] = {}


def register(transition: Transition) -> Transition:
    """Declare a transition (at import of the service module); names are unique."""
    existing = _REGISTRY.get(transition.name)
    if existing is not None and existing != transition:
        raise ValueError(f"transition {transition.name} registered twice with different definitions")
    _REGISTRY[transition.name] = transition
    return transition


def discover() -> None:
    """Import every app's service modules so the registry is complete."""
    autodiscover_modules(*TRANSITION_MODULES)


def registered() -> list[Transition]:
    discover()
    return sorted(_REGISTRY.values(), key=lambda t: t.name)


def get(name: str) -> Transition:
    discover()
    return _REGISTRY[name]


def roles_allowed(transition: Transition) -> dict[str, bool]:
    """Which of the five roles carry the transition's permission, read from the role table (org/roles.py).

    Scope narrows it further at run time: unit staff act only on their unit's records."""
    return {role: bool(permission_strings(role, [transition.permission])) for role in ALL_ROLES}


# -- four eyes bound to content -------------------------------------------------------------------------

def content_digest(content: str | Mapping[str, Any]) -> str:
    """SHA-256 of the text a reviewer sees, or of a record's public fields (canonical JSON)."""
    if not isinstance(content, str):
        content = json.dumps(content, ensure_ascii=False, sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256(content.encode("utf-8")).hexdigest()


def _user_id(user_or_id) -> int | None:
    return getattr(user_or_id, "pk", user_or_id)


def require_second_person(user, *, author=None, last_editor=None) -> None:
    """The publisher is neither who wrote the content nor who last changed it: a second person sees
    every word that goes out. Superusers are no exception."""
    actor = _user_id(user)
    if actor is not None and actor == _user_id(author):
        raise SecondPersonRequired("起草人不能审核发布自己起草的内容，须由另一人审核发布")
    if actor is not None and actor == _user_id(last_editor):
        raise SecondPersonRequired("最后修改内容的人不能审核发布，须由另一人审核发布")


def require_reviewed_content(current: str, reviewed: str, approved: str | None = None) -> None:
    """Publish exactly what was submitted for review (`reviewed`) and, when the reviewer's page sent its
    digest, exactly what the reviewer saw (`approved`)."""
    if not reviewed or current != reviewed:
        raise ContentChanged("内容在提交审核后已被修改，须重新提交审核")
    if approved is not None and approved != current:
        raise ContentChanged("公开文本在您审核后已被修改，请重新核对后发布")
