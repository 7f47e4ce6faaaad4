"""Admin pages for the directory and its items, limited to the user's agency and unit."""

from django import forms
from django.contrib import admin, messages
from django.db.models import F
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone

from gongkai.catalog import admin_consultations  # noqa: F401  (registers the consultation admin)
from gongkai.catalog import deadlines, workflow
from gongkai.catalog.attachments import clear_attachment, inspect_attachment
from gongkai.catalog.models import Attachment, Category, Item
from gongkai.catalog.sanitize import sanitize_body_html
from gongkai.org.admin_messages import refusal_text
from gongkai.org.admin_scoping import ScopedAdmin
from gongkai.publishing import never_deleted


@admin.register(Category)
class CategoryAdmin(ScopedAdmin):
    list_display = ("__str__", "slug", "agency", "sort_order")
    list_filter = ("agency",)
    unit_field = None

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_national:
            return False  # the national first-level columns are fixed
        return super().has_delete_permission(request, obj)


class WorkflowForm(forms.Form):
    STEPS = {
        "submit": "提交审核",
        "return": "退回修改",
        "publish": "审核通过并发布",
        "withdraw": "撤回",
        "repeal": "标记废止",
        "clear_attachments": "确认附件隐藏内容可以发布",
    }
    step = forms.ChoiceField(label="操作")
    text = forms.CharField(label="意见或理由", widget=forms.Textarea(attrs={"rows": 3}), required=False,
                           help_text="发布：保密审查意见；退回、撤回：理由")

    def __init__(self, *args, steps=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["step"].choices = [(step, self.STEPS[step]) for step in steps]


def available_steps(item: Item, user) -> list[str]:
    steps = []
    if item.state == Item.State.DRAFT and user.has_perm("catalog.submit_item"):
        steps.append("submit")
    if item.state == Item.State.IN_REVIEW:
        if user.has_perm("catalog.review_item"):
            steps.append("return")
        if user.has_perm("catalog.publish_item"):
            steps.append("publish")
            if workflow.blocking_attachments(item):
                steps.append("clear_attachments")
    if item.state == Item.State.PUBLISHED and user.has_perm("catalog.publish_item"):
        steps += ["withdraw", "repeal"]
    return steps


class AttachmentForm(forms.ModelForm):
    class Meta:
        model = Attachment
        fields = ("title", "file")

    def clean(self):
        cleaned = super().clean()
        if "file" in self.changed_data and cleaned.get("file"):
            self.instance.file = cleaned["file"]
            inspect_attachment(self.instance)  # the verdict is saved with the instance
        return cleaned


class AttachmentInline(admin.TabularInline):
    model = Attachment
    form = AttachmentForm
    extra = 1
    readonly_fields = ("size", "check_status", "findings_text")
    fields = ("title", "file", "size", "check_status", "findings_text")

    @admin.display(description="检查发现")
    def findings_text(self, obj):
        return "；".join(f["detail"] for f in obj.findings) or "—"


class ProactiveLimitFilter(admin.SimpleListFilter):
    """Unpublished proactive items past their 20-working-day limit (deadlines.due_list), for the workbench's link."""

    title = "公开时限"
    parameter_name = "limit"

    def lookups(self, request, model_admin):
        return [("overdue", "超过20个工作日未公开")]

    def queryset(self, request, queryset):
        if self.value() != "overdue":
            return queryset
        today = timezone.localdate()
        late = [e.item.pk for e in deadlines.due_list(queryset, today) if e.due is not None and e.due < today]
        return queryset.filter(pk__in=late)


@admin.register(Item)
class ItemAdmin(ScopedAdmin):
    list_display = ("title", "unit", "category", "state", "written_on", "due_on", "published_on", "index_number")
    list_filter = ("state", ProactiveLimitFilter, "unit", "category", "validity", "disclosure", "document_kind")
    # Unpublished work first on every database (SQLite sorts NULL last when descending).
    ordering = (F("published_on").desc(nulls_first=True), "-id")
    search_fields = ("title", "document_number", "index_number")
    readonly_fields = ("index_number", "state", "published_on", "created_by", "reviewed_by", "reviewed_at",
                       "confidentiality_review", "withdrawal_reason")
    autocomplete_fields = ("replaced_by", "interprets")
    actions = ("submit_selected",)
    inlines = (AttachmentInline,)
    change_form_template = "admin/catalog/item/change_form.html"
    withdraw_hint = "在“审核与发布”页面选择“撤回”"

    @admin.display(description="公开时限")
    def due_on(self, obj):
        if obj.state not in (Item.State.DRAFT, Item.State.IN_REVIEW):
            return "—"
        return deadlines.due_date(obj) or "日历未录入"

    def has_change_permission(self, request, obj=None):
        # Published items change only through the workflow (a change is a new audited event).
        if obj is not None and obj.state in (Item.State.PUBLISHED, Item.State.WITHDRAWN):
            return False
        return super().has_change_permission(request, obj)

    def ever_public(self, obj):
        """The model's own rule (models/item.py, publishing/never_deleted.py): withdrawn, never deleted."""
        return never_deleted.ever_public(obj)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        if not change or form.has_changed():
            obj.last_edited_by = request.user  # four eyes: the last editor cannot publish (catalog/workflow.py)
        if obj.unit_id:
            obj.agency_id = obj.unit.agency_id
        obj.body = sanitize_body_html(obj.body)
        super().save_model(request, obj, form, change)

    def get_urls(self):
        return [
            path("deadlines/", self.admin_site.admin_view(self.deadlines_view), name="catalog_item_deadlines"),
            path("<int:pk>/workflow/", self.admin_site.admin_view(self.workflow_view), name="catalog_item_workflow"),
        ] + super().get_urls()

    def workflow_view(self, request, pk):
        item = get_object_or_404(self.get_queryset(request), pk=pk)
        if not self.has_view_permission(request, item):
            raise PermissionDenied
        steps = available_steps(item, request.user)
        form = WorkflowForm(request.POST or None, steps=steps)
        if request.method == "POST" and form.is_valid():
            step, text = form.cleaned_data["step"], form.cleaned_data["text"]
            try:
                if step == "submit":
                    workflow.submit_item(item, request.user)
                elif step == "return":
                    workflow.return_item(item, request.user, text)
                elif step == "publish":
                    workflow.publish_item(item, request.user, text) if text.strip() else workflow.publish_item(item, request.user)
                elif step == "withdraw":
                    workflow.withdraw_item(item, request.user, text)
                elif step == "repeal":
                    workflow.repeal_item(item, request.user)
                elif step == "clear_attachments":
                    for attachment in workflow.blocking_attachments(item):
                        clear_attachment(attachment, request.user, text)
            except (PermissionDenied, ValidationError) as exc:
                form.add_error(None, refusal_text(exc))
            else:
                self.message_user(request, f"“{item.title}”：{WorkflowForm.STEPS[step]}完成")
                return redirect(reverse("admin:catalog_item_change", args=[item.pk]))
        context = {**self.admin_site.each_context(request), "title": f"审核与发布：{item.title}", "item": item,
                   "form": form, "opts": self.model._meta, "due": deadlines.due_date(item)}
        return TemplateResponse(request, "admin/catalog/item/workflow.html", context)

    def deadlines_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        queryset = self.get_queryset(request)
        today = timezone.localdate()
        try:
            year = int(request.GET.get("year", today.year))
        except ValueError:
            year = today.year
        context = {**self.admin_site.each_context(request), "title": "主动公开时限（20个工作日）", "opts": self.model._meta,
                   "entries": deadlines.due_list(queryset, today), "rates": deadlines.on_time_rates(queryset, year),
                   "year": year, "today": today}
        return TemplateResponse(request, "admin/catalog/item/deadlines.html", context)

    @admin.action(description="提交审核", permissions=["change"])
    def submit_selected(self, request, queryset):
        done = 0
        for item in queryset:
            try:
                workflow.submit_item(item, request.user)
                done += 1
            except (PermissionDenied, ValidationError) as exc:
                self.message_user(request, f"{item.title}：{'；'.join(getattr(exc, 'messages', [str(exc)]))}", messages.ERROR)
        if done:
            self.message_user(request, f"已提交审核{done}条")
