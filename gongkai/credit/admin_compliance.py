"""Admin: 信用修复申请 and the 双公示时限 page (late and at-risk decisions per unit, on-time rates).

Registered here and imported once from credit/admin.py. The compliance page hangs off the
RepairApplication admin's URLs (/admin/credit/repairapplication/compliance/, URL name
"admin:credit_compliance") so no model is invented for it; it needs `credit.view_penaltyrecord`
and shows the user's own agency (a superuser may pick one with ?agency=CODE). Staff see full names
here: masking is for the public side only.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone

from gongkai.credit.compliance import KIND_LABELS, compliance_report
from gongkai.credit.lifecycle import apply_for_repair, approve_repair
from gongkai.credit.models import RepairApplication
from gongkai.org.admin_scoping import ScopedAdmin
from gongkai.org.models import Agency
from gongkai.org.scoping import scope_of


def _date(raw: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat((raw or "").strip()[:10])
    except ValueError:
        return None


def _agency_for(request) -> Agency | None:
    scope = scope_of(request.user)
    if scope.everything:
        code = request.GET.get("agency", "")
        agencies = Agency.objects.order_by("id")
        return (agencies.filter(code=code).first() if code else None) or agencies.first()
    return Agency.objects.filter(pk=scope.agency_id).first() if scope.agency_id else None


def period_from(request, today: dt.date) -> tuple[dt.date, dt.date, str]:
    """?year=YYYY, or ?from=&to=, else the current year to date."""
    year = request.GET.get("year", "")
    if year.isdigit() and len(year) == 4:
        return dt.date(int(year), 1, 1), dt.date(int(year), 12, 31), year
    start, end = _date(request.GET.get("from")), _date(request.GET.get("to"))
    if start or end:
        return start or dt.date(today.year, 1, 1), end or today, ""
    return dt.date(today.year, 1, 1), today, str(today.year)


def _change_url(row) -> str:
    try:
        return reverse(f"admin:credit_{row.kind}record_change", args=[row.pk])
    except Exception:  # the record admins are registered by credit/admin.py; without them, no link
        return ""


def compliance_view(request, model_admin=None):
    if not request.user.has_perm("credit.view_penaltyrecord"):
        raise PermissionDenied("您没有查看双公示信息的权限")
    agency = _agency_for(request)
    today = timezone.localdate()
    start, end, year = period_from(request, today)
    kind = request.GET.get("kind") if request.GET.get("kind") in KIND_LABELS else None
    unit = request.GET.get("unit", "").strip()[:100] or None
    report = compliance_report(agency, start=start, end=end, kind=kind, unit=unit, today=today) if agency else None
    context = {
        **(model_admin.admin_site.each_context(request) if model_admin else admin.site.each_context(request)),
        "title": "双公示时限情况",
        "agency": agency,
        "report": report,
        "start": start, "end": end, "year": year,
        "years": [str(y) for y in range(today.year, today.year - 6, -1)],
        "kind": kind or "", "kinds": list(KIND_LABELS.items()), "unit": unit or "",
        "late_rows": [(row, _change_url(row)) for row in (report.late if report else [])],
        "risk_rows": [(row, _change_url(row)) for row in (report.at_risk if report else [])],
    }
    return TemplateResponse(request, "portal/credit_compliance_admin.html", context)


@admin.register(RepairApplication)
class RepairApplicationAdmin(ScopedAdmin):
    unit_field = None
    list_display = ("record", "applicant", "applied_on", "obligations_performed", "commitment_made", "status",
                    "decided_on")
    list_filter = ("status",)
    search_fields = ("record__document_number", "applicant")
    raw_id_fields = ("record",)
    fields = ("record", "applicant", "applicant_contact", "applied_on", "obligations_performed", "commitment_made",
              "status", "decided_on", "decided_by", "decision_reason")
    readonly_fields = ("status", "decided_on", "decided_by", "decision_reason")
    actions = ["approve_selected"]

    def get_readonly_fields(self, request, obj=None):
        return self.fields if obj is not None else self.readonly_fields

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        """New applications go through lifecycle.apply_for_repair (scope, permission, audit)."""
        if change:
            return
        created = apply_for_repair(obj.record, applicant=obj.applicant, applicant_contact=obj.applicant_contact,
                                   applied_on=obj.applied_on, obligations_performed=obj.obligations_performed,
                                   commitment_made=obj.commitment_made, user=request.user)
        obj.pk = created.pk

    @admin.action(description="准予信用修复（今日起停止公示）", permissions=["change"])
    def approve_selected(self, request, queryset):
        for application in queryset:
            try:
                approve_repair(application, user=request.user)
                self.message_user(request, f"{application.record.document_number}：已准予修复")
            except (ValidationError, PermissionDenied) as exc:
                text = "；".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
                self.message_user(request, f"{application.record.document_number}：{text}", messages.ERROR)

    def get_urls(self):
        view = self.admin_site.admin_view(lambda request: compliance_view(request, self))
        return [path("compliance/", view, name="credit_compliance"), *super().get_urls()]
