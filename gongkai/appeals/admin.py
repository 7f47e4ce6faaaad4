"""Admin for review and litigation cases, scoped to the staff member's agency and audited on every save."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import transaction

from gongkai.appeals.models import AppealCase
from gongkai.appeals.services import case_snapshot, validate_case
from gongkai.inforequests.models import InfoRequest
from gongkai.org.admin_scoping import ScopedAdmin
from gongkai.org.audit import record
from gongkai.org.scoping import scope_queryset


class AppealCaseForm(forms.ModelForm):
    """Runs the service's rules so the admin cannot save a case the importer would refuse."""

    class Meta:
        model = AppealCase
        fields = ("agency", "kind", "litigation_route", "case_number", "body", "request", "filed_on", "outcome",
                  "closed_on", "note")

    def _post_clean(self):
        super()._post_clean()
        if self.instance.agency_id is None or self.instance.filed_on is None:
            return
        try:
            validate_case(self.instance)
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                self.add_error(field if field in self.fields else None, messages)


@admin.register(AppealCase)
class AppealCaseAdmin(ScopedAdmin):
    unit_field = None  # cases belong to the agency as a whole
    form = AppealCaseForm
    list_display = ("case_number", "kind", "litigation_route", "filed_on", "outcome", "closed_on", "request")
    list_filter = ("kind", "litigation_route", "outcome", "imported")
    search_fields = ("case_number", "body", "request__number")
    date_hierarchy = "filed_on"
    raw_id_fields = ("request",)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "request":
            kwargs["queryset"] = scope_queryset(InfoRequest.objects.all(), request.user, unit_field=None)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        """Save and audit in one transaction (the audit entry names the case, before and after)."""
        before = case_snapshot(AppealCase.objects.get(pk=obj.pk)) if change else None
        if not change:
            obj.created_by = request.user
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            record("update" if change else "create", obj, actor=request.user,
                   summary=f"{'修改' if change else '登记'}{obj}", before=before, after=case_snapshot(obj))
