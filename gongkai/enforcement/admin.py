"""Admin for 执法公开: the review page (original and public version side by side), the due list, settings.

The buttons call the services (services.py), which check the permission and scope again, so hiding a
button is never the only guard (docs/ARCHITECTURE.md).
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from gongkai.enforcement import public_scan, services
from gongkai.enforcement import spans as span_rows
from gongkai.enforcement.due import overview
from gongkai.enforcement.models import DecisionDocument, EnforcementSettings
from gongkai.enforcement.publication import document_url
from gongkai.org.admin_messages import refusal_text
from gongkai.org.admin_scoping import ScopedAdmin

ADD_ROWS = 3


class ExcludeForm(forms.Form):
    code = forms.ChoiceField(label="不予公开情形", choices=[c for c in DecisionDocument.Exclusion.choices if c[0]])
    reason = forms.CharField(label="理由", max_length=300)


class WithdrawForm(forms.Form):
    ground = forms.ChoiceField(label="决定变动情形", choices=DecisionDocument.WithdrawalGround.choices)
    changed_on = forms.DateField(label="变动日期", widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label="撤回理由（将向社会公开）", max_length=500, widget=forms.Textarea(attrs={"rows": 3}))


@admin.register(DecisionDocument)
class DecisionDocumentAdmin(ScopedAdmin):
    list_display = ("document_number", "kind", "decided_on", "publish_due", "state", "exclusion_code", "review_link")
    list_filter = ("state", "kind", "procedure", "exclusion_code")
    search_fields = ("document_number",)
    date_hierarchy = "decided_on"

    @admin.display(description="操作")
    def review_link(self, obj):
        return format_html('<a href="{}">审核</a>', reverse("admin:enforcement_decisiondocument_review", args=[obj.pk]))

    def has_add_permission(self, request):
        return False  # documents come from the case system (import_documents, the drop folder)

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("due/", view(self.due_view), name="enforcement_decisiondocument_due"),
            path("<int:pk>/review/", view(self.review_view), name="enforcement_decisiondocument_review"),
            path("<int:pk>/scan/<int:hit>/", view(self.scan_view), name="enforcement_decisiondocument_scan"),
        ] + super().get_urls()

    def change_view(self, request, object_id, form_url="", extra_context=None):
        return redirect("admin:enforcement_decisiondocument_review", object_id)

    def due_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        context = {**self.admin_site.each_context(request), "title": "执法公开期限一览", "opts": self.model._meta,
                   **overview(self.get_queryset(request), timezone.localdate())}
        return TemplateResponse(request, "admin/enforcement/due.html", context)

    def review_view(self, request, pk):
        if not self.has_view_permission(request):
            raise PermissionDenied
        document = get_object_or_404(self.get_queryset(request), pk=pk)
        user = request.user
        exclude_form, withdraw_form = ExcludeForm(prefix="exclude"), WithdrawForm(prefix="withdraw")
        error = ""
        action = request.POST.get("action")
        if request.method == "POST" and action:
            try:
                if action == "spans":
                    add = [(request.POST.get(f"add_text_{n}", ""), request.POST.get(f"add_kind_{n}", "other"))
                           for n in range(1, ADD_ROWS + 1) if request.POST.get(f"add_text_{n}", "").strip()]
                    services.edit_spans(document, user, remove=request.POST.getlist("remove"), add=add)
                    self.message_user(request, "遮蔽已保存，请核对右侧公开文本")
                elif action == "publish":
                    services.publish_document(document, user, approved_digest=request.POST.get("approved_digest", ""),
                                              note=request.POST.get("note", ""))
                    self.message_user(request, "已发布到门户“执法公开”栏目")
                elif action == "exclude":
                    exclude_form = ExcludeForm(request.POST, prefix="exclude")
                    if not exclude_form.is_valid():
                        raise ValidationError("请填写不予公开的情形和理由")
                    services.exclude_document(document, user, exclude_form.cleaned_data["code"],
                                              exclude_form.cleaned_data["reason"])
                    self.message_user(request, "已决定不予公开")
                elif action == "lift_exclusion":
                    services.lift_exclusion(document, user, request.POST.get("lift_reason", ""))
                    self.message_user(request, "已撤销自动认定的不予公开，理由已记入操作日志")
                elif action in ("report_change", "withdraw"):
                    withdraw_form = WithdrawForm(request.POST, prefix="withdraw")
                    if action == "report_change":
                        withdraw_form.fields["reason"].required = False
                    if not withdraw_form.is_valid():
                        raise ValidationError("请填写变动情形、日期" + ("和撤回理由" if action == "withdraw" else ""))
                    data = withdraw_form.cleaned_data
                    if action == "report_change":
                        services.report_change(document, user, data["ground"], data["changed_on"])
                        self.message_user(request, "已登记，请在撤回期限内撤回")
                    else:
                        services.withdraw_document(document, user, ground=data["ground"], reason=data["reason"],
                                                   changed_on=data["changed_on"])
                        self.message_user(request, "已撤回，门户显示撤回说明")
                else:
                    raise ValidationError("未知操作")
            except (ValidationError, PermissionDenied) as exc:
                error = refusal_text(exc)
            else:
                return redirect("admin:enforcement_decisiondocument_review", pk)
            document.refresh_from_db()
        pending = document.state == DecisionDocument.State.PENDING
        if document.state in (DecisionDocument.State.PUBLISHED, DecisionDocument.State.WITHDRAWN,
                              DecisionDocument.State.EXPIRED):
            shown_public = document.public_text
            public_segments = [{"text": shown_public, "span": None}]
        elif pending:
            shown_public = services.preview(document)
            public_segments = span_rows.segments(document.original_text, document.spans, public=True)
        else:
            shown_public, public_segments = "", []
        rows = [{"number": n + 1, "index": n, "kind": span_rows.KIND_LABELS.get(r["kind"], r["kind"]), **r}
                for n, r in enumerate(document.spans)]
        context = {
            **self.admin_site.each_context(request), "title": f"审核：{document}", "opts": self.model._meta,
            "document": document, "error": error, "pending": pending,
            "original_segments": span_rows.segments(document.original_text, document.spans if pending else [], public=False),
            "public_segments": public_segments, "span_rows": rows,
            "approved_digest": span_rows.digest(shown_public) if pending else "",
            "kinds": list(span_rows.KIND_LABELS.items()), "add_rows": range(1, ADD_ROWS + 1),
            "can_change": user.has_perm(services.CHANGE_PERM), "can_publish": user.has_perm(services.PUBLISH_PERM),
            "exclude_form": exclude_form, "withdraw_form": withdraw_form,
            "public_url": document_url(document.pk) if document.on_portal else "",
            "parties": document.parties, "scan_rows": public_scan.review_rows(document),
        }
        return TemplateResponse(request, "admin/enforcement/review.html", context)

    def scan_view(self, request, pk, hit):
        """The second look's decisions on one finding: 已核实（保留，需填写理由） or 遮盖 (public_scan.py)."""
        if request.method != "POST" or not self.has_view_permission(request):
            raise PermissionDenied
        document = get_object_or_404(self.get_queryset(request), pk=pk)
        try:
            if request.POST.get("action") == "keep":
                public_scan.keep(document, request.user, hit, request.POST.get("reason", ""))
                self.message_user(request, "已核实，保留原文")
            elif request.POST.get("action") == "mask":
                public_scan.mask(document, request.user, hit, request.POST.get("text", ""))
                self.message_user(request, "已遮盖，公开文本已重新复查")
            else:
                raise ValidationError("未知操作")
        except (ValidationError, PermissionDenied) as exc:
            self.message_user(request, refusal_text(exc), level=messages.ERROR)
        return redirect("admin:enforcement_decisiondocument_review", pk)


@admin.register(EnforcementSettings)
class EnforcementSettingsAdmin(ScopedAdmin):
    unit_field = None
    list_display = ("agency", "publish_on_the_spot", "publish_warning_only", "natural_person_months",
                    "organisation_months", "minor_penalty_months")

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        moved = services.reassess_after_settings_change(obj.agency, request.user)
        if moved:
            self.message_user(request, f"{moved}份此前因本设置不予公开的文书已转入待审核")
