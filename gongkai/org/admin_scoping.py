"""Admin base classes that apply the row-level scope of gongkai.org.scoping to lists, forms and deletions.

Scope is applied in one place for every admin page, so a page cannot forget it: the rows listed,
the objects opened and saved, the choices of every foreign key (offered and accepted), the values
a list filter offers, who may change agency-wide records, and which records may never be deleted
because the public has seen them.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.admin.utils import NotRelationField, get_fields_from_path, unquote
from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.shortcuts import redirect

from gongkai.org.models import Agency, Unit
from gongkai.org.scoping import in_scope, scope_of, scope_queryset
from gongkai.publishing import never_deleted

PUBLISHED_NEVER_DELETED = never_deleted.MESSAGE  # the model-level guard's words, with the admin's hint


def _agency_field_of(model) -> str | None:
    try:
        field = model._meta.get_field("agency")
    except FieldDoesNotExist:
        return None
    return field.name if field.is_relation and field.related_model is Agency else None


def scoped_choices(queryset: QuerySet, user) -> QuerySet:
    """The rows of a related model a form may offer `user`, and so the only ones it accepts.

    Agencies: the user's own; units: the agency's (the user's own unit for unit staff); users: the
    agency's staff and accounts without a profile yet (never a superuser); any model with an
    `agency` key: the agency's rows. A superuser is offered everything.
    """
    scope = scope_of(user)
    if scope.everything:
        return queryset
    if scope.nothing:
        return queryset.none()
    model = queryset.model
    if model is Agency:
        return queryset.filter(pk=scope.agency_id)
    if model is Unit:
        units = queryset.filter(agency_id=scope.agency_id)
        return units.filter(pk=scope.unit_id) if scope.unit_id is not None else units
    if model is get_user_model():
        return queryset.filter(is_superuser=False).filter(
            Q(staff_profile__agency_id=scope.agency_id) | Q(staff_profile__isnull=True))
    agency_field = _agency_field_of(model)
    if agency_field is not None:
        return queryset.filter(**{f"{agency_field}_id": scope.agency_id})
    return queryset


def scoped_list_filter(list_filter, model, user) -> list:
    """`list_filter` with every filter over a relation offering only values found in the scoped rows.

    Django's plain related filter lists every row of the related table (every agency, every unit);
    RelatedOnlyFieldListFilter lists the values the admin's own (scoped) queryset holds.
    """
    if scope_of(user).everything:
        return list(list_filter)
    scoped = []
    for entry in list_filter:
        if isinstance(entry, str):
            try:
                is_relation = get_fields_from_path(model, entry)[-1].is_relation
            except (FieldDoesNotExist, NotRelationField):  # not a model path: leave it as declared
                is_relation = False
            scoped.append((entry, admin.RelatedOnlyFieldListFilter) if is_relation else entry)
        else:
            scoped.append(entry)
    return scoped


class ScopedChoicesMixin:
    """Foreign-key and many-to-many choices limited to the user's scope (ModelAdmin and inlines)."""

    def _scoped_queryset(self, db_field, request, kwargs) -> QuerySet:
        queryset = kwargs.get("queryset")
        if queryset is None:  # what Django would offer: the related admin's ordering, else every row
            db = kwargs.get("using")
            queryset = self.get_field_queryset(db, db_field, request)
            if queryset is None:
                queryset = db_field.remote_field.model._default_manager.using(db).all()
        return scoped_choices(queryset, request.user)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        kwargs["queryset"] = self._scoped_queryset(db_field, request, kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        kwargs["queryset"] = self._scoped_queryset(db_field, request, kwargs)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class ScopedAdmin(ScopedChoicesMixin, admin.ModelAdmin):
    """Lists, opens and saves only records in the user's agency (and unit, for unit staff).

    Subclasses set `agency_field` / `unit_field` when their model names them differently, or
    `unit_field = None` for agency-wide records, which unit-bound staff may read but never add,
    change or delete (a unit's reviewer must not change the whole agency's settings). A subclass
    whose records reach the public overrides `ever_public`: such records are withdrawn, never deleted.
    """

    agency_field = "agency"
    unit_field: str | None = "unit"
    withdraw_hint = "使用“撤回”"

    def get_queryset(self, request):
        return scope_queryset(
            super().get_queryset(request), request.user, agency_field=self.agency_field, unit_field=self.unit_field
        )

    def get_list_filter(self, request):
        return scoped_list_filter(super().get_list_filter(request), self.model, request.user)

    def _object_in_scope(self, request, obj) -> bool:
        return obj is None or in_scope(request.user, obj, agency_field=self.agency_field, unit_field=self.unit_field)

    def _may_write(self, request) -> bool:
        """Agency-wide records are written by agency-level staff only."""
        return self.unit_field is not None or scope_of(request.user).unit_id is None

    def ever_public(self, obj: Model) -> bool:
        """Whether the public has ever seen this record (then it is withdrawn, never deleted)."""
        return False

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and self._object_in_scope(request, obj)

    def has_add_permission(self, request):
        return super().has_add_permission(request) and self._may_write(request)

    def has_change_permission(self, request, obj=None):
        return (super().has_change_permission(request, obj) and self._may_write(request)
                and self._object_in_scope(request, obj))

    def has_delete_permission(self, request, obj=None):
        if obj is not None and self.ever_public(obj):
            return False
        return (super().has_delete_permission(request, obj) and self._may_write(request)
                and self._object_in_scope(request, obj))

    def _refuse_public_deletion(self, request, objects) -> bool:
        public = [obj for obj in objects if self.ever_public(obj)]
        for obj in public:
            self.message_user(request, PUBLISHED_NEVER_DELETED.format(name=obj, hint=self.withdraw_hint), messages.ERROR)
        return bool(public)

    def delete_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if obj is not None and self._refuse_public_deletion(request, [obj]):
            return redirect(f"admin:{self.opts.app_label}_{self.opts.model_name}_change", obj.pk)
        return super().delete_view(request, object_id, extra_context)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if "delete_selected" in actions:
            delete_selected, name, description = actions["delete_selected"]

            def delete_unless_public(modeladmin, request, queryset):
                if self._refuse_public_deletion(request, queryset):
                    return None
                return delete_selected(modeladmin, request, queryset)

            actions["delete_selected"] = (delete_unless_public, name, description)
        return actions

    def delete_model(self, request, obj):
        if self.ever_public(obj):
            raise PermissionDenied(PUBLISHED_NEVER_DELETED.format(name=obj, hint=self.withdraw_hint))
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        public = next((obj for obj in queryset if self.ever_public(obj)), None)
        if public is not None:
            raise PermissionDenied(PUBLISHED_NEVER_DELETED.format(name=public, hint=self.withdraw_hint))
        super().delete_queryset(request, queryset)

    def save_model(self, request, obj, form, change):
        if not in_scope(request.user, obj, agency_field=self.agency_field, unit_field=self.unit_field):
            raise PermissionDenied("不能保存到您管辖范围以外的机关或单位")
        super().save_model(request, obj, form, change)
