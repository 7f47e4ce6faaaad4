"""Staff pages of 双公示: the power list, the imported records (read-only), and import batches with upload, progress and error reports."""

from __future__ import annotations

import io

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from gongkai.core.credit_fields import FIELDS_BY_KIND
from gongkai.credit import admin_compliance  # noqa: F401  (registers 信用修复申请 and the 时限 page)
from gongkai.credit import error_reports, import_jobs
from gongkai.credit.masking import WITHHELD, staff_only_values
from gongkai.credit.models import ImportBatch, LicenseRecord, PenaltyRecord, PowerItem
from gongkai.credit.power_list import PowerListFileError, export_power_list, import_power_list
from gongkai.org.admin_scoping import ScopedAdmin
from gongkai.org.audit import record as audit
from gongkai.org.models import Agency, Unit
from gongkai.org.roles import sees_personal_identifiers
from gongkai.org.scoping import scope_of

ACTIVE_STATUSES = (ImportBatch.Status.QUEUED, ImportBatch.Status.RUNNING)
ERRORS_SHOWN_ON_PAGE = 100


def agencies_in_scope(user):
    """The agencies a staff member may import into or export from (all of them for a superuser)."""
    scope = scope_of(user)
    if scope.everything:
        return Agency.objects.order_by("id")
    if scope.nothing:
        return Agency.objects.none()
    return Agency.objects.filter(pk=scope.agency_id)


class AgencyChoiceForm(forms.Form):
    """A form whose 机关 field is shown only to someone who reaches more than one agency."""

    agency = forms.ModelChoiceField(label="机关", queryset=Agency.objects.none())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        agencies = agencies_in_scope(user)
        self.only_agency = agencies.get() if agencies.count() == 1 else None
        if self.only_agency is not None:
            del self.fields["agency"]
        else:
            self.fields["agency"].queryset = agencies

    def clean(self):
        cleaned = super().clean()
        if self.only_agency is not None:
            cleaned["agency"] = self.only_agency
        return cleaned


def _agency_from_request(request) -> Agency | None:
    """The agency a GET download is for: the only one in reach, or the `agency` parameter within reach."""
    agencies = agencies_in_scope(request.user)
    wanted = request.GET.get("agency")
    if wanted and wanted.isdigit():
        return agencies.filter(pk=int(wanted)).first()
    return agencies.first() if agencies.count() == 1 else None


# --- the power list ------------------------------------------------------------------------------

class PowerListImportForm(AgencyChoiceForm):
    file = forms.FileField(label="xlsx文件", help_text="列：行政决定部门、行政职权类别、项目名称、设定依据、行政相对人类别、事项编码。"
                                                       "事项编码相同的事项将被更新，不会重复新增。")

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        if not uploaded.name.lower().endswith(".xlsx"):
            raise forms.ValidationError("只能上传xlsx文件（可先“导出xlsx”，修改后再导入）")
        if uploaded.size > 50 * 1024 * 1024:
            raise forms.ValidationError("文件超过50 MB，不像是双公示目录")
        return uploaded


@admin.register(PowerItem)
class PowerItemAdmin(ScopedAdmin):
    unit_field = None
    list_display = ("code", "kind", "department", "name", "party_kinds", "is_published")
    list_filter = ("kind", "department", "is_published")
    search_fields = ("code", "name", "basis")
    list_per_page = 50
    change_list_template = "admin/credit/poweritem/change_list.html"
    withdraw_hint = "取消勾选“在双公示目录中公开”后保存"

    def ever_public(self, obj):
        return obj.is_published

    def get_urls(self):
        return [
            path("import/", self.admin_site.admin_view(self.import_view), name="credit_poweritem_import"),
            path("export/", self.admin_site.admin_view(self.export_view), name="credit_poweritem_export"),
        ] + super().get_urls()

    def import_view(self, request):
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            raise PermissionDenied
        form = PowerListImportForm(request.POST or None, request.FILES or None, user=request.user)
        result = None
        if request.method == "POST" and form.is_valid():
            try:
                result = import_power_list(form.cleaned_data["agency"], form.cleaned_data["file"], user=request.user)
            except PowerListFileError as exc:
                form.add_error("file", str(exc))
            else:
                level = messages.WARNING if result.errors else messages.SUCCESS
                self.message_user(request, f"双公示目录导入完成：{result.summary()}", level)
                if not result.errors:
                    return redirect("admin:credit_poweritem_changelist")
        context = {**self.admin_site.each_context(request), "title": "导入双公示目录", "opts": self.model._meta,
                   "form": form, "result": result}
        return TemplateResponse(request, "admin/credit/poweritem/import.html", context)

    def export_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        agency = _agency_from_request(request)
        if agency is None:
            self.message_user(request, "请选择要导出的机关（?agency=编号）", messages.ERROR)
            return redirect("admin:credit_poweritem_changelist")
        data = export_power_list(agency)
        audit("export", agency, actor=request.user, agency=agency, object_repr="双公示目录",
              summary=f"导出双公示目录（xlsx，{PowerItem.objects.filter(agency=agency).count()}项）")
        return FileResponse(io.BytesIO(data), as_attachment=True,
                            filename=f"{agency.short_name or agency.name}双公示目录{timezone.localdate():%Y%m%d}.xlsx")


# --- records: read-only, a correction is a new import version ------------------------------------

class CreditRecordAdmin(ScopedAdmin):
    """Records belong to the agency; a unit's staff see the decisions of their own department only
    (the 双公示目录 item's 行政决定部门 names the unit), and natural persons' ID numbers are shown in
    full only to the roles in `roles.PERSONAL_IDENTIFIER_ROLES` (公开办), masked for everyone else."""

    unit_field = None
    list_display = ("document_number", "party_name", "party_kind", "decided_on", "version", "is_current")
    # No date_hierarchy: its year/month links are a DISTINCT over every row, seconds at a million records.
    list_filter = ("is_current", "party_kind", "decided_on")
    search_fields = ("document_number", "party_name", "=party_uscc")
    search_help_text = "按决定文书号、行政相对人名称或统一社会信用代码（完整18位）查找"
    show_full_result_count = False  # a count(*) over millions of rows on every search is not worth it
    list_per_page = 50
    kind = ""
    own_fields: tuple[str, ...] = ()

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        unit_id = scope_of(request.user).unit_id
        if unit_id is not None:
            queryset = queryset.filter(power_item__department=Unit.objects.filter(pk=unit_id).values("name")[:1])
        return queryset

    def has_view_permission(self, request, obj=None):
        if obj is not None and scope_of(request.user).unit_id is not None:
            return super().has_view_permission(request, obj) and self.get_queryset(request).filter(pk=obj.pk).exists()
        return super().has_view_permission(request, obj)

    def get_fieldsets(self, request, obj=None):
        full = sees_personal_identifiers(request.user)
        return (
            (None, {"fields": ("agency", "document_number", "party_name", "party_kind",
                               "party_uscc" if full else "masked_party_uscc", "decided_on",
                               *self.own_fields, "power_item")}),
            ("版本与来源", {"fields": ("version", "is_current", "natural_key" if full else "masked_natural_key",
                                       "record_hash", "batch", "created_at")}),
            ("公示", {"fields": ("published_at", "pushed_at", "withdrawn_at", "withdrawal_reason")}),
            ("全部字段（国家标准）", {"fields": ("standard_fields" if full else "masked_standard_fields",)}),
        )

    def get_readonly_fields(self, request, obj=None):
        return [name for _, options in self.get_fieldsets(request, obj) for name in options["fields"]]

    @admin.display(description="统一社会信用代码")
    def masked_party_uscc(self, obj):
        return mask_identifiers(obj.party_uscc, obj)

    @admin.display(description="自然键")
    def masked_natural_key(self, obj):
        return mask_identifiers(obj.natural_key, obj)

    @admin.display(description="字段")
    def masked_standard_fields(self, obj):
        return self.standard_fields(obj, masked=True)

    @admin.display(description="字段")
    def standard_fields(self, obj, masked=False):
        """Every field of the standard in its order, with its Chinese name; unfilled ones shown as —."""
        values = obj.fields or {}
        if masked:
            values = {code: mask_identifiers(value, obj) if isinstance(value, str) else value
                      for code, value in values.items()}
        specs = FIELDS_BY_KIND[self.kind]
        known = {spec.code for spec in specs}
        rows = [(spec.name, spec.code, values.get(spec.code) or "—") for spec in specs]
        rows += [(code, code, value) for code, value in values.items() if code not in known]
        body = format_html_join("", "<tr><th>{}</th><td><code>{}</code></td><td>{}</td></tr>", rows)
        return format_html('<table class="credit-fields"><thead><tr><th>字段名称</th><th>字段代码</th><th>值</th></tr>'
                           "</thead><tbody>{}</tbody></table>", body)

    def has_add_permission(self, request):
        return False  # records come only from imports

    def has_change_permission(self, request, obj=None):
        return False  # never edited: a correction arrives as a new version

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PenaltyRecord)
class PenaltyRecordAdmin(CreditRecordAdmin):
    kind = "penalty"
    own_fields = ("penalty_categories", "fine_wan", "severity", "publicity_ends_on", "repair_from", "repaired_on")
    list_display = CreditRecordAdmin.list_display + ("fine_wan",)
    list_filter = CreditRecordAdmin.list_filter + ("severity",)
    # The 58号令's period articles are in no stored text (law-and-standards.md §4.4 UNSURE): say which rule stands.
    PERIOD_NOTE = ("公示截止期和可申请信用修复日期：2026年4月1日前作出的决定按发改办财金〔2019〕527号计算（一般3个月至1年，"
                   "严重6个月至3年，轻微按一般从严处理）。国家发展改革委令第58号（2023年5月1日起施行）的公示期限条文"
                   "未能查到原文，本系统未单独适用，仍按上述较严的期限；如需调整请联系系统管理员。")

    def get_fieldsets(self, request, obj=None):
        (name, options), *rest = super().get_fieldsets(request, obj)
        return ((name, {**options, "description": self.PERIOD_NOTE}), *rest)


@admin.register(LicenseRecord)
class LicenseRecordAdmin(CreditRecordAdmin):
    kind = "license"
    own_fields = ("license_category", "valid_from", "valid_until")
    list_display = CreditRecordAdmin.list_display + ("license_category",)


def mask_identifiers(text: str, record) -> str:
    """`text` with every ID number this record holds (party's, legal representative's) replaced."""
    for secret, replacement in staff_only_values(record).items():
        if replacement == WITHHELD and secret in (text or ""):
            text = text.replace(secret, WITHHELD)
    return text


# --- import batches ------------------------------------------------------------------------------

class UploadForm(AgencyChoiceForm):
    kind = forms.ChoiceField(label="类别", choices=PowerItem.Kind.choices)
    file = forms.FileField(
        label="文件",
        help_text=f"CSV（UTF-8或GB18030）或xlsx，不超过{import_jobs.MAX_UPLOAD_BYTES // (1024 * 1024)} MB；"
                  f"首行为字段代码（CF_*/XK_*）或字段名称。导入在后台进行，可在批次页面查看进度。")

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        try:
            import_jobs.check_upload(uploaded)
        except import_jobs.UploadRejected as exc:
            raise forms.ValidationError(str(exc)) from None
        return uploaded


@admin.register(ImportBatch)
class ImportBatchAdmin(ScopedAdmin):
    unit_field = None
    list_display = ("file_name", "kind", "status", "rows_read", "rows_added", "rows_updated", "rows_unchanged",
                    "rows_rejected", "created_by", "created_at")
    list_filter = ("kind", "status")
    search_fields = ("file_name",)
    actions = ("requeue_selected",)

    def has_change_permission(self, request, obj=None):
        return False  # a batch is a record of what happened; only the importer writes it

    def has_delete_permission(self, request, obj=None):
        return False  # its records point at it

    def get_urls(self):
        return [
            path("<int:pk>/errors.csv", self.admin_site.admin_view(self.errors_csv_view), name="credit_importbatch_errors_csv"),
            path("<int:pk>/errors.xlsx", self.admin_site.admin_view(self.errors_xlsx_view),
                 name="credit_importbatch_errors_xlsx"),
        ] + super().get_urls()

    def add_view(self, request, form_url="", extra_context=None):
        """Adding a batch means uploading a file; the batch is created by start_import."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = UploadForm(request.POST or None, request.FILES or None, user=request.user)
        if request.method == "POST" and form.is_valid():
            try:
                batch = import_jobs.start_import(form.cleaned_data["agency"], form.cleaned_data["kind"],
                                                 form.cleaned_data["file"], request.user)
            except import_jobs.UploadRejected as exc:
                form.add_error("file", str(exc))
            else:
                self.message_user(request, f"已上传{batch.file_name}，正在后台导入", messages.SUCCESS)
                return redirect("admin:credit_importbatch_change", batch.pk)
        context = {**self.admin_site.each_context(request), "title": "上传双公示信息", "opts": self.model._meta,
                   "form": form}
        return TemplateResponse(request, "admin/credit/importbatch/upload.html", context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """The batch page: counters and status, refreshed every 2 s while the job runs, and the error reports."""
        batch = get_object_or_404(self.get_queryset(request).select_related("created_by"), pk=object_id)
        if not self.has_view_permission(request, batch):
            raise PermissionDenied
        running = batch.status in ACTIVE_STATUSES
        elapsed = None
        if batch.started_at:
            elapsed = ((batch.finished_at or timezone.now()) - batch.started_at).total_seconds()
        context = {
            **self.admin_site.each_context(request),
            "title": f"导入批次：{batch.file_name}",
            "opts": self.model._meta,
            "batch": batch,
            "running": running,
            "elapsed": round(elapsed, 1) if elapsed is not None else None,
            "rate": round(batch.rows_read / elapsed) if elapsed and batch.rows_read else None,
            "errors": self._errors_shown(request, batch),
            "errors_shown": ERRORS_SHOWN_ON_PAGE,
            "can_download_errors": self.may_download_errors(request, batch),
            "can_requeue": batch.status == ImportBatch.Status.FAILED and self.has_add_permission(request),
        }
        return TemplateResponse(request, "admin/credit/importbatch/detail.html", context)

    def _errors_shown(self, request, batch: ImportBatch) -> list:
        """The first rejected rows; their values (often an ID number) only for those who may read them."""
        errors = list(batch.errors.order_by("row_number", "id")[:ERRORS_SHOWN_ON_PAGE])
        if sees_personal_identifiers(request.user):
            return errors
        return [{"row_number": error.row_number, "field_code": error.field_code, "field_name": error.field_name,
                 "value": WITHHELD if error.value else "", "reason": error.reason} for error in errors]

    def may_download_errors(self, request, batch: ImportBatch) -> bool:
        """Error reports carry the rejected rows whole, ID numbers included: for 公开办 (and superusers) only.
        The one rule for both the links on the batch page and the downloads themselves."""
        return self.has_view_permission(request, batch) and sees_personal_identifiers(request.user)

    def _batch_for_download(self, request, pk) -> ImportBatch:
        batch = get_object_or_404(self.get_queryset(request), pk=pk)
        if not self.may_download_errors(request, batch):
            raise PermissionDenied
        return batch

    def errors_csv_view(self, request, pk):
        batch = self._batch_for_download(request, pk)
        audit("export", batch, actor=request.user, agency=batch.agency, summary="下载错误报告（CSV）")
        response = StreamingHttpResponse(error_reports.error_report_csv(batch), content_type="text/csv; charset=utf-8")
        return _attachment(response, error_reports.report_file_name(batch, "csv"))

    def errors_xlsx_view(self, request, pk):
        batch = self._batch_for_download(request, pk)
        audit("export", batch, actor=request.user, agency=batch.agency, summary="下载错误报告（xlsx）")
        return FileResponse(error_reports.error_report_xlsx(batch), as_attachment=True,
                            filename=error_reports.report_file_name(batch, "xlsx"))

    @admin.action(description="重新排队所选的失败批次（已导入的行不会重复）")
    def requeue_selected(self, request, queryset):
        if not self.has_add_permission(request):
            raise PermissionDenied
        done = 0
        for batch in queryset.filter(status=ImportBatch.Status.FAILED).exclude(file=""):
            import_jobs.requeue(batch, request.user)
            done += 1
        self.message_user(request, f"已重新排队{done}个批次" if done else "所选批次中没有可重新导入的失败批次",
                          messages.SUCCESS if done else messages.WARNING)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not self.has_add_permission(request):
            actions.pop("requeue_selected", None)
        return actions


def _attachment(response, filename: str):
    """Content-Disposition with the Chinese name encoded as RFC 6266 asks (as FileResponse does)."""
    from urllib.parse import quote

    response["Content-Disposition"] = f"attachment; filename*=utf-8''{quote(filename)}"
    return response

