"""Admin of the annual report: one page per report to check, complete, sign off and publish it before the statutory deadline; and the hand-entered cells.

The report page shows the live document as readers will see it, what still blocks it (rule
violations, cells nobody has filled, the sign-off), the office's text per section with the
{占位符} it may quote, and the buttons. Every button goes through a service that checks role and
scope itself (signoff.sign_off, publishing.publish_report), so the page hiding a button is never
the only guard; every change and every download is audited.
"""

from __future__ import annotations

import io
from decimal import Decimal

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.html import escape

from gongkai.core import annual_tables as at
from gongkai.org.admin_messages import refusal_text
from gongkai.org.admin_scoping import ScopedAdmin
from gongkai.org.audit import record
from gongkai.reports import narrative
from gongkai.reports.document import build_document, due_date
from gongkai.reports.models import AnnualReport, ManualCell
from gongkai.reports.publishing import publish_report
from gongkai.reports.renderers import FORMATS, render
from gongkai.reports.renderers.html import render_page
from gongkai.reports.signoff import SignOffRefused, outstanding, sign_off

FORMAT_LABELS = {"json": "JSON", "html": "HTML", "docx": "Word（DOCX）", "pdf": "PDF", "xlsx": "Excel（XLSX）"}
CONTENT_TYPES = {
    "json": "application/json; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
TABLE_KEYS = {"表二": "proactive", "表三": "requests", "表四": "appeals"}


def proactive_cells(year: int) -> list[tuple[str, str, str]]:
    """(row key, column label, "row label / column label") of every table 二 cell of the year's format:
    the only cells a person may enter; tables 三 and 四 always come from the records."""
    fmt = at.format_for_year(year)
    return [(row.key, column.label, f"{sub_table.caption}　{row.label}／{column.label}")
            for sub_table in fmt.proactive_tables for row in sub_table.rows for column in sub_table.columns]


def _cell_label(year: int, row_key: str, column: str) -> str:
    for key, label_column, label in proactive_cells(year):
        if (key, label_column) == (row_key, column):
            return label
    return f"{row_key}／{column}"


class ManualCellEntryForm(forms.Form):
    """One hand-entered table 二 cell from the report page."""

    cell = forms.ChoiceField(label="单元格")
    value = forms.DecimalField(label="数值", max_digits=18, decimal_places=4)
    note = forms.CharField(label="说明（数据来源）", max_length=300, required=False)

    def __init__(self, *args, year: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cell"].choices = [(f"{row}|{column}", label) for row, column, label in proactive_cells(year)]


def save_manual_cell(agency, year: int, row_key: str, column: str, value: Decimal, note: str, user) -> ManualCell:
    """Create or replace one cell, keeping who entered it; audited in the same transaction."""
    with transaction.atomic():
        existing = ManualCell.objects.filter(agency=agency, year=year, table="proactive", row_key=row_key,
                                             column=column).first()
        before = {"value": str(existing.value), "note": existing.note, "entered_by": str(existing.entered_by)} \
            if existing else None
        cell = existing or ManualCell(agency=agency, year=year, table="proactive", row_key=row_key, column=column)
        cell.value, cell.note, cell.entered_by = value, note, user
        cell.save()
        record("update" if existing else "create", cell, actor=user,
               summary=f"手工填报{year}年度报告表二：{_cell_label(year, row_key, column)} = {value}",
               before=before, after={"value": str(value), "note": note})
    return cell


@admin.register(AnnualReport)
class AnnualReportAdmin(ScopedAdmin):
    """Reports belong to the agency as a whole: unit staff see their agency's, nobody another agency's."""

    unit_field = None
    list_display = ("__str__", "year", "state", "due_on", "signed_off_by", "signed_off_at")
    list_filter = ("state", "year")
    fields = ("agency", "year")

    @admin.display(description="报送期限")
    def due_on(self, obj):
        return due_date(obj.agency, obj.year)

    def has_delete_permission(self, request, obj=None):
        return False  # a report's history (sign-off, publication) is kept

    def get_readonly_fields(self, request, obj=None):
        return ("agency", "year") if obj is not None else ()

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            record("create", obj, actor=request.user, summary=f"新建{obj.year}年度报告")

    def response_add(self, request, obj, post_url_continue=None):
        return redirect("admin:reports_annualreport_change", obj.pk)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/download/<str:fmt>/", view(self.download_view), name="reports_annualreport_download"),
            path("<int:pk>/narrative/", view(self.narrative_view), name="reports_annualreport_narrative"),
            path("<int:pk>/manual-cell/", view(self.manual_cell_view), name="reports_annualreport_manual_cell"),
            path("<int:pk>/sign-off/", view(self.sign_off_view), name="reports_annualreport_sign_off"),
            path("<int:pk>/publish/", view(self.publish_view), name="reports_annualreport_publish"),
        ] + super().get_urls()

    # --- helpers -------------------------------------------------------------------------------------

    def _report(self, request, pk, *, change: bool = False) -> AnnualReport:
        report = get_object_or_404(self.get_queryset(request).select_related("agency"), pk=pk)
        allowed = self.has_change_permission(request, report) if change else self.has_view_permission(request, report)
        if not allowed:
            raise PermissionDenied
        return report

    def _back(self, report):
        return redirect("admin:reports_annualreport_change", report.pk)

    # --- the report page -----------------------------------------------------------------------------

    def change_view(self, request, object_id, form_url="", extra_context=None):
        report = self._report(request, object_id)
        document = build_document(report.agency, report.year, report=report)
        today = timezone.localdate()
        due = due_date(report.agency, report.year)
        is_draft = report.state == AnnualReport.State.DRAFT
        texts = narrative.default_text(report.year)
        texts.update({key: value for key, value in (report.narrative or {}).items() if value is not None})
        figures = document.get("figures") or {}
        sections = []
        for key, heading in narrative.sections_for(report.year):
            text = texts.get(key, "")
            unknown = sorted(narrative.placeholders(text) - set(figures))
            sections.append({"key": key, "heading": heading, "text": text, "unknown": unknown,
                             "customised": key in (report.narrative or {})})
        missing = [{"table": cell["table"], "row": cell["row"], "column": cell["column"],
                    "label": _cell_label(report.year, cell["row"], cell["column"]),
                    "choice": f"{cell['row']}|{cell['column']}"}
                   for cell in document.get("missing_cells") or [] if TABLE_KEYS.get(cell["table"]) == "proactive"]
        can_change = self.has_change_permission(request, report) and is_draft
        context = {
            **self.admin_site.each_context(request),
            "title": str(report),
            "opts": self.model._meta,
            "original": report,
            "report": report,
            "document": document,
            # render_page returns a SafeString; escape it anyway: it goes into an attribute (srcdoc).
            "preview": escape(str(render_page(document))),
            "violations": document.get("violations") or [],
            "missing": missing,
            "manual_cells": [{"cell": cell, "label": _cell_label(report.year, cell.row_key, cell.column)}
                             for cell in ManualCell.objects.filter(agency=report.agency, year=report.year)
                             .select_related("entered_by").order_by("row_key", "column")],
            "manual_form": ManualCellEntryForm(year=report.year) if report.year >= 2019 else None,
            "sections": sections,
            "figures": list(figures.items()),  # in gather_figures order: related figures side by side
            "due": due,
            "days_left": (due - today).days,
            "days_late": (today - due).days,
            "outstanding": outstanding(document),
            "formats": [(fmt, FORMAT_LABELS[fmt]) for fmt in FORMATS],
            "can_change": can_change,
            "can_sign_off": is_draft and request.user.has_perm("reports.sign_off_report"),
            "can_publish": report.state in (AnnualReport.State.SIGNED_OFF, AnnualReport.State.PUBLISHED)
            and request.user.has_perm("catalog.publish_item"),
        }
        return TemplateResponse(request, "reports/admin/report_page.html", context)

    def download_view(self, request, pk, fmt):
        report = self._report(request, pk)
        if fmt not in FORMATS:
            raise Http404("未知格式")
        document = build_document(report.agency, report.year, report=report)
        data = render(document, fmt)
        record("export", report, actor=request.user, summary=f"下载{report.year}年度报告（{FORMAT_LABELS[fmt]}）")
        return FileResponse(io.BytesIO(data), as_attachment=True, filename=f"{document['title']}.{fmt}",
                            content_type=CONTENT_TYPES[fmt])

    def narrative_view(self, request, pk):
        report = self._report(request, pk, change=True)
        if request.method != "POST":
            return self._back(report)
        if report.state != AnnualReport.State.DRAFT:
            messages.error(request, "报告已审定，正文不能再修改")
            return self._back(report)
        defaults = narrative.default_text(report.year)
        texts = {}
        for key, _heading in narrative.sections_for(report.year):
            text = request.POST.get(f"section-{key}")
            if text is None:
                continue
            text = text.replace("\r\n", "\n").strip()
            if text and text != defaults.get(key, "").strip():
                texts[key] = text  # only what the office changed; untouched sections follow the defaults
        with transaction.atomic():
            locked = AnnualReport.objects.select_for_update().get(pk=report.pk)
            before = dict(locked.narrative or {})
            locked.narrative = texts
            locked.save(update_fields=["narrative"])
            record("update", locked, actor=request.user, summary=f"修改{locked.year}年度报告正文",
                   before=before, after=texts)
        messages.success(request, "正文已保存")
        return self._back(report)

    def manual_cell_view(self, request, pk):
        report = self._report(request, pk)
        if request.method != "POST":
            return self._back(report)
        if not (request.user.has_perm("reports.add_manualcell") and request.user.has_perm("reports.change_manualcell")):
            raise PermissionDenied
        if report.state != AnnualReport.State.DRAFT:
            messages.error(request, "报告已审定，数据不能再修改")
            return self._back(report)
        form = ManualCellEntryForm(request.POST, year=report.year)
        if not form.is_valid():
            for field, errors in form.errors.items():
                messages.error(request, f"{form.fields[field].label if field in form.fields else field}：{'；'.join(errors)}")
            return self._back(report)
        row_key, column = form.cleaned_data["cell"].split("|", 1)
        save_manual_cell(report.agency, report.year, row_key, column, form.cleaned_data["value"],
                         form.cleaned_data["note"], request.user)
        messages.success(request, f"已填报：{_cell_label(report.year, row_key, column)}")
        return self._back(report)

    def sign_off_view(self, request, pk):
        report = self._report(request, pk)
        if request.method != "POST":
            return self._back(report)
        try:
            sign_off(report, request.user)
        except SignOffRefused as refused:
            messages.error(request, "勾稽关系检查未通过，不能审定：")
            for reason in refused.reasons:
                messages.error(request, reason)
        except (PermissionDenied, ValidationError) as exc:
            messages.error(request, refusal_text(exc))
        else:
            messages.success(request, "报告已审定，数据已冻结")
        return self._back(report)

    def publish_view(self, request, pk):
        report = self._report(request, pk)
        if request.method != "POST":
            return self._back(report)
        try:
            item = publish_report(report, request.user)
        except (PermissionDenied, ValidationError) as exc:
            messages.error(request, refusal_text(exc))
        else:
            messages.success(request, f"已在门户“政府信息公开年报”栏目发布（索引号{item.index_number}）")
        return self._back(report)


class ManualCellForm(forms.ModelForm):
    class Meta:
        model = ManualCell
        fields = ("agency", "year", "table", "row_key", "column", "value", "note")

    def clean(self):
        data = super().clean()
        year, table, row_key, column = (data.get(name) for name in ("year", "table", "row_key", "column"))
        if year and table and row_key and column:
            if table != "proactive":
                raise ValidationError("表三、表四的数据全部由业务记录统计生成，不能手工填报")
            try:
                cells = {(row, col) for row, col, _label in proactive_cells(year)}
            except at.UnsupportedReportYear as exc:
                raise ValidationError(str(exc)) from None
            if (row_key, column) not in cells:
                raise ValidationError(f"{year}年度报告格式的表二没有“{row_key}／{column}”这一单元格")
        return data


@admin.register(ManualCell)
class ManualCellAdmin(ScopedAdmin):
    """Hand-entered cells, with who entered them; the report page is the usual way in."""

    unit_field = None
    form = ManualCellForm
    list_display = ("year", "agency", "table", "row_key", "column", "value", "note", "entered_by", "entered_at")
    list_filter = ("year", "table")
    readonly_fields = ("entered_by", "entered_at")

    def _frozen(self, obj) -> bool:
        return AnnualReport.objects.filter(agency_id=obj.agency_id, year=obj.year, frozen__isnull=False).exists()

    def has_change_permission(self, request, obj=None):
        """A signed-off year's cells are part of what was approved: shown, never changed."""
        return super().has_change_permission(request, obj) and (obj is None or not self._frozen(obj))

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (obj is None or not self._frozen(obj))

    def save_model(self, request, obj, form, change):
        if self._frozen(obj):
            raise PermissionDenied("该年度报告已审定，数据不能再修改")
        before = None
        if change:
            old = ManualCell.objects.get(pk=obj.pk)
            before = {"value": str(old.value), "note": old.note, "entered_by": str(old.entered_by)}
        obj.entered_by = request.user
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            record("update" if change else "create", obj, actor=request.user,
                   summary=f"手工填报{obj.year}年度报告数据：{obj.row_key}／{obj.column} = {obj.value}",
                   before=before, after={"value": str(obj.value), "note": obj.note})

    def delete_model(self, request, obj):
        if self._frozen(obj):
            raise PermissionDenied("该年度报告已审定，数据不能再修改")
        with transaction.atomic():
            record("update", obj, actor=request.user, summary=f"删除手工填报数据：{obj}",
                   before={"value": str(obj.value), "note": obj.note}, after=None)
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)

