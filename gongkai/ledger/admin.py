"""Admin for the work ledger: every page scoped to the staff member's agency and unit, every change audited."""

from __future__ import annotations

from django.contrib import admin
from django.db import transaction
from django.forms.models import model_to_dict

from gongkai.ledger.models import (
    Channel,
    ChannelPosts,
    Clarification,
    MediaOutput,
    OpenDay,
    OpinionResponse,
    PaperCopy,
    PressConference,
    TrainingSession,
)
from gongkai.org.admin_scoping import ScopedAdmin
from gongkai.org.audit import record
from gongkai.org.scoping import scope_of


def snapshot(obj) -> dict:
    """The line's fields as JSON-safe values, for the audit entry's before/after."""
    return {name: (value.isoformat() if hasattr(value, "isoformat") else value)
            for name, value in model_to_dict(obj).items()}


class LedgerAdmin(ScopedAdmin):
    """Scoped to agency and unit (ScopedAdmin); a save or delete and its audit entry share one transaction."""

    readonly_fields = ("imported", "created_by", "created_at")
    list_filter = ("unit",)

    def save_model(self, request, obj, form, change):
        before = snapshot(type(obj).objects.get(pk=obj.pk)) if change else None
        if not change:
            obj.created_by = request.user
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            record("update" if change else "create", obj, actor=request.user,
                   summary=f"{'修改' if change else '登记'}{obj._meta.verbose_name}：{obj}", before=before,
                   after=snapshot(obj))

    def delete_model(self, request, obj):
        with transaction.atomic():
            # AuditEntry has no "delete" action: a removal is recorded as a change to nothing (after=None).
            record("update", obj, actor=request.user, summary=f"删除{obj._meta.verbose_name}：{obj}",
                   before=snapshot(obj), after=None)
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for obj in queryset:
                self.delete_model(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        """Channels are offered agency-wide: a unit posts on the portal another unit runs."""
        if db_field.related_model is Channel:
            scope = scope_of(request.user)
            channels = Channel.objects.all()
            kwargs["queryset"] = channels if scope.everything else channels.filter(agency_id=scope.agency_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Channel)
class ChannelAdmin(LedgerAdmin):
    list_display = ("name", "kind", "unit", "address", "is_active")
    list_filter = ("kind", "is_active", "unit")
    search_fields = ("name", "address")


@admin.register(ChannelPosts)
class ChannelPostsAdmin(LedgerAdmin):
    list_display = ("channel", "year", "month", "posts", "unit")
    list_filter = ("year", "channel__kind", "unit")
    search_fields = ("channel__name",)


@admin.register(PressConference)
class PressConferenceAdmin(LedgerAdmin):
    list_display = ("held_on", "subject", "media_count", "live_streamed", "live_media_count", "unit")
    list_filter = ("live_streamed", "unit")
    search_fields = ("subject", "media_names")
    date_hierarchy = "held_on"


@admin.register(MediaOutput)
class MediaOutputAdmin(LedgerAdmin):
    list_display = ("level", "year", "month", "count", "published_on", "title", "outlet", "unit")
    list_filter = ("level", "year", "unit")
    search_fields = ("title", "outlet")


@admin.register(PaperCopy)
class PaperCopyAdmin(LedgerAdmin):
    list_display = ("sent_on", "recipient", "documents", "titles", "unit")
    list_filter = ("recipient", "unit")
    date_hierarchy = "sent_on"


@admin.register(TrainingSession)
class TrainingSessionAdmin(LedgerAdmin):
    list_display = ("held_on", "title", "mode", "organiser", "participants", "unit")
    list_filter = ("mode", "unit")
    search_fields = ("title", "organiser")
    date_hierarchy = "held_on"


@admin.register(OpenDay)
class OpenDayAdmin(LedgerAdmin):
    list_display = ("held_on", "title", "form", "participants", "unit")
    search_fields = ("title",)
    date_hierarchy = "held_on"


@admin.register(OpinionResponse)
class OpinionResponseAdmin(LedgerAdmin):
    list_display = ("responded_on", "topic", "channel", "unit")
    search_fields = ("topic", "summary")
    date_hierarchy = "responded_on"


@admin.register(Clarification)
class ClarificationAdmin(LedgerAdmin):
    list_display = ("published_on", "false_information", "published_where", "unit")
    search_fields = ("false_information", "clarification")
    date_hierarchy = "published_on"
