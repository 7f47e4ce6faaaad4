"""Admin: 信用修复申请 and the 双公示时限 page (late and at-risk decisions per unit, on-time rates).

Registered here and imported once from credit/admin.py. The compliance page hangs off the
RepairApplication admin's URLs (/admin/credit/repairapplication/compliance/, URL name
"admin:credit_compliance") so no model is invented for it; it needs `credit.view_penaltyrecord`
and shows the user's own agency (a superuser may pick one with ?agency=CODE). Staff see full names
here: masking is for the public side only. The figures are computed by the database
(credit/compliance.py); the late and at-risk lists are pages of `PAGE_SIZE` (?late_page=, ?risk_page=)
and download whole as xlsx (compliance/export/?list=late|at_risk, same filters).
"""

from __future__ import annotations

import datetime as dt

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone

from gongkai.credit.compliance import KIND_LABELS, compliance_report
from gongkai.credit.lifecycle import apply_for_repair, approve_repair
from gongkai.credit.models import RepairApplication
from gongkai.intake.xlsx_stream import xlsx_stream
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


PAGE_SIZE = 50
LISTS = {"late": "逾期", "at_risk": "即将到期"}
EXPORT_COLUMNS = ("单位", "类别", "决定文书号", "行政相对人", "决定日期", "报送期限", "报送日期", "报送", "公示期限",
                  "公示日期", "公示")
EXPORT_WIDTHS = (18, 10, 30, 30, 12, 12, 12, 10, 12, 12, 10)


def _change_url(row) -> str:
    try:
        return reverse(f"admin:credit_{row.kind}record_change", args=[row.pk])
    except Exception:  # the record admins are registered by credit/admin.py; without them, no link
        return ""


def _report_for(request):
    if not request.user.has_perm("credit.view_penaltyrecord"):
        raise PermissionDenied("您没有查看双公示信息的权限")
    agency = _agency_for(request)
    today = timezone.localdate()
    start, end, year = period_from(request, today)
    kind = request.GET.get("kind") if request.GET.get("kind") in KIND_LABELS else None
    unit = request.GET.get("unit", "").strip()[:100] or None
    report = compliance_report(agency, start=start, end=end, kind=kind, unit=unit, today=today) if agency else None
    return agency, today, start, end, year, kind, unit, report


def _page(request, rows, parameter: str):
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get(parameter))
    page.rows = [(row, _change_url(row)) for row in page.object_list]
    return page


def _query_without(request, parameter: str) -> str:
    query = request.GET.copy()
    query.pop(parameter, None)
    return query.urlencode()


def compliance_view(request, model_admin=None):
    agency, today, start, end, year, kind, unit, report = _report_for(request)
    context = {
        **(model_admin.admin_site.each_context(request) if model_admin else admin.site.each_context(request)),
        "title": "双公示时限情况",
        "agency": agency,
        "report": report,
        "start": start, "end": end, "year": year,
        "years": [str(y) for y in range(today.year, today.year - 6, -1)],
        "kind": kind or "", "kinds": list(KIND_LABELS.items()), "unit": unit or "",
        "late_page": _page(request, report.late if report else [], "late_page"),
        "risk_page": _page(request, report.at_risk if report else [], "risk_page"),
        "late_query": _query_without(request, "late_page"), "risk_query": _query_without(request, "risk_page"),
        "export_query": _query_without(request, "late_page"),
    }
    return TemplateResponse(request, "portal/credit_compliance_admin.html", context)


def compliance_export(request):
    """One whole list (?list=late|at_risk) as xlsx, the page's filters applied, rows streamed to disk."""
    chosen = request.GET.get("list", "late")
    if chosen not in LISTS:
        raise Http404("没有这个清单")
    agency, _, start, end, *_, report = _report_for(request)
    if report is None:
        raise Http404("您的账号未关联机关")
    rows = ((row.unit, row.kind_label, row.document_number, row.party_name, row.decided_on, row.push_due or "未知",
             row.pushed_on or "", row.push_status_label, row.publish_due or "未知", row.published_on or "",
             row.publish_status_label) for row in (report.late if chosen == "late" else report.at_risk))
    handle = xlsx_stream(EXPORT_COLUMNS, rows, widths=EXPORT_WIDTHS, sheet_title=LISTS[chosen])
    name = f"双公示时限-{LISTS[chosen]}-{agency.code}-{start:%Y%m%d}-{end:%Y%m%d}.xlsx"
    return FileResponse(handle, as_attachment=True, filename=name,
                        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


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
        export = self.admin_site.admin_view(compliance_export)
        return [path("compliance/", view, name="credit_compliance"),
                path("compliance/export/", export, name="credit_compliance_export"), *super().get_urls()]
