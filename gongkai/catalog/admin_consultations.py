"""Admin pages of drafts for public comment and the moderation of the comments the public sends.

Both are scoped to the user's agency and unit (a comment by its consultation's). Comments are
never written or deleted by staff: they are approved for display or rejected, each decision
audited. Contact details appear on the comment's own page, which only staff reach.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from gongkai.catalog import consultations as services
from gongkai.catalog.models import Comment, Consultation
from gongkai.org.admin_messages import refusal_text
from gongkai.org.admin_scoping import ScopedAdmin
from gongkai.org.models import AuditEntry
from gongkai.org.scoping import in_scope


class ConsultationAdminForm(forms.ModelForm):
    """The period must make sense; the feedback summary may be filled in only once it has closed."""

    class Meta:
        model = Consultation
        fields = ("unit", "title", "description", "draft_text", "opens_on", "closes_on", "is_published",
                  "resulting_item", "feedback_summary")
        help_texts = {
            "feedback_summary": "征求意见截止后填写并保存即在网站发布（反馈情况），保存前请核对。",
            "closes_on": "截止日期当天仍可提交意见。",
        }

    def clean(self):
        cleaned = super().clean()
        opens_on, closes_on = cleaned.get("opens_on"), cleaned.get("closes_on")
        if opens_on and closes_on and closes_on < opens_on:
            self.add_error("closes_on", "截止日期不能早于开始日期")
        summary = (cleaned.get("feedback_summary") or "").strip()
        if "feedback_summary" in self.changed_data and summary:
            if closes_on and not timezone.localdate() > closes_on:
                self.add_error("feedback_summary", "征求意见截止后方可发布反馈情况")
            elif not cleaned.get("is_published"):
                self.add_error("feedback_summary", "征求意见稿未发布，不能发布反馈情况")
        elif "feedback_summary" in self.changed_data and self.instance.summary_published_on:
            self.add_error("feedback_summary", "已发布的反馈情况不能清空，如需更正请修改内容")
        return cleaned


@admin.register(Consultation)
class ConsultationAdmin(ScopedAdmin):
    form = ConsultationAdminForm
    list_display = ("title", "unit", "opens_on", "closes_on", "is_published", "pending_comments_link",
                    "summary_published_on")
    list_filter = ("is_published", "unit")
    search_fields = ("title",)
    readonly_fields = ("summary_published_on", "created_at")
    date_hierarchy = "opens_on"
    withdraw_hint = "取消勾选“已发布”后保存（撤回征求意见稿）"

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(
            pending_count=Count("comments", filter=Q(comments__status=Comment.Status.PENDING))
        )

    def ever_public(self, obj):
        """Put out for comment once (even if taken down since): taken down, never deleted."""
        return bool(obj.is_published or obj.summary_published_on or AuditEntry.objects.filter(
            action=AuditEntry.Action.PUBLISH, content_type=ContentType.objects.get_for_model(Consultation),
            object_id=str(obj.pk)).exists())

    @admin.display(description="待审核意见", ordering="pending_count")
    def pending_comments_link(self, obj):
        url = reverse("admin:catalog_comment_changelist")
        return format_html('<a href="{}?consultation__id__exact={}&amp;status__exact=pending">{}条</a>',
                           url, obj.pk, obj.pending_count)

    def save_model(self, request, obj, form, change):
        if obj.unit_id:
            obj.agency_id = obj.unit.agency_id
        previous = Consultation.objects.filter(pk=obj.pk).first() if change else None
        was_published = bool(previous and previous.is_published)
        new_summary = obj.feedback_summary
        publish_summary = "feedback_summary" in form.changed_data and new_summary.strip()
        if publish_summary:
            # The summary goes out through the service (closed? in scope? audited), not a plain save.
            obj.feedback_summary = previous.feedback_summary if previous else ""
        super().save_model(request, obj, form, change)
        if obj.is_published != was_published:
            services.record_publication_change(obj, request.user, published=obj.is_published)
        elif form.changed_data and not publish_summary:
            services.record_published_edit(obj)
        if publish_summary:
            published = services.publish_summary(obj, request.user, new_summary)
            obj.feedback_summary, obj.summary_published_on = published.feedback_summary, published.summary_published_on


@admin.register(Comment)
class CommentAdmin(ScopedAdmin):
    """Moderation: pick the pending comments of a consultation, approve or reject them."""

    agency_field = "consultation__agency"
    unit_field = "consultation__unit"
    list_display = ("short_body", "consultation", "submitted_at", "status", "moderated_by")
    list_filter = ("status", "consultation")
    list_select_related = ("consultation", "moderated_by")
    search_fields = ("consultation__title",)
    fields = ("consultation", "submitted_at", "name", "contact", "body", "status", "moderated_by", "client_hash")
    readonly_fields = fields
    actions = ("approve_selected", "reject_selected")

    @admin.display(description="意见")
    def short_body(self, obj):
        return obj.body if len(obj.body) <= 60 else f"{obj.body[:60]}…"

    def _object_in_scope(self, request, obj) -> bool:
        return obj is None or in_scope(request.user, obj.consultation)

    def has_add_permission(self, request):
        return False  # comments come from the public form only

    def has_delete_permission(self, request, obj=None):
        return False  # rejecting hides a comment; the record of what was received stays

    def _moderate(self, request, queryset, *, approve: bool):
        done = 0
        for comment in queryset.select_related("consultation"):
            try:
                services.moderate_comment(comment, request.user, approve=approve)
                done += 1
            except (PermissionDenied, ValidationError) as exc:
                self.message_user(request, f"第{comment.pk}号意见：{refusal_text(exc)}",
                                  messages.ERROR)
        if done:
            self.message_user(request, f"{'已予以展示' if approve else '已不予展示'}{done}条意见")

    @admin.action(description="审核通过，在网站展示（不含姓名和联系方式）", permissions=["change"])
    def approve_selected(self, request, queryset):
        self._moderate(request, queryset, approve=True)

    @admin.action(description="不予展示", permissions=["change"])
    def reject_selected(self, request, queryset):
        self._moderate(request, queryset, approve=False)
