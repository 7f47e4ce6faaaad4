"""An admin base class that applies the row-level scope of gongkai.org.scoping."""

from __future__ import annotations

from django.contrib import admin
from django.core.exceptions import PermissionDenied

from gongkai.org.models import Agency, Unit
from gongkai.org.scoping import in_scope, scope_of, scope_queryset


class ScopedAdmin(admin.ModelAdmin):
    """Lists, opens and saves only records in the user's agency (and unit, for unit staff).

    Subclasses set `agency_field` / `unit_field` when their model names them differently, or
    `unit_field = None` for agency-wide records.
    """

    agency_field = "agency"
    unit_field: str | None = "unit"

    def get_queryset(self, request):
        return scope_queryset(
            super().get_queryset(request), request.user, agency_field=self.agency_field, unit_field=self.unit_field
        )

    def _object_in_scope(self, request, obj) -> bool:
        return obj is None or in_scope(request.user, obj, agency_field=self.agency_field, unit_field=self.unit_field)

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and self._object_in_scope(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._object_in_scope(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._object_in_scope(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        scope = scope_of(request.user)
        if not scope.everything:
            if db_field.related_model is Agency:
                kwargs["queryset"] = Agency.objects.filter(pk=scope.agency_id)
            elif db_field.related_model is Unit:
                units = Unit.objects.filter(agency_id=scope.agency_id)
                if scope.unit_id is not None:
                    units = units.filter(pk=scope.unit_id)
                kwargs["queryset"] = units
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if not in_scope(request.user, obj, agency_field=self.agency_field, unit_field=self.unit_field):
            raise PermissionDenied("不能保存到您管辖范围以外的机关或单位")
        super().save_model(request, obj, form, change)
