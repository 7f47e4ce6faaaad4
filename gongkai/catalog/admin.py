"""Admin pages for the directory and its items, limited to the user's agency and unit."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.catalog import workflow
from gongkai.catalog.models import Category, Item
from gongkai.org.admin_scoping import ScopedAdmin


@admin.register(Category)
class CategoryAdmin(ScopedAdmin):
    list_display = ("__str__", "slug", "agency", "sort_order")
    list_filter = ("agency",)
    unit_field = None


@admin.register(Item)
class ItemAdmin(ScopedAdmin):
    list_display = ("title", "unit", "category", "state", "written_on", "published_on", "index_number")
    list_filter = ("state", "unit", "category", "validity", "disclosure")
    search_fields = ("title", "document_number", "index_number")
    readonly_fields = ("index_number", "state", "published_on", "created_by")
    actions = ("submit_selected", "publish_selected")

    def has_change_permission(self, request, obj=None):
        # Published items change only through the workflow (a change is a new event).
        if obj is not None and obj.state == Item.State.PUBLISHED:
            return False
        return super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        if obj.unit_id:
            obj.agency_id = obj.unit.agency_id
        super().save_model(request, obj, form, change)

    def _run(self, request, queryset, step, done):
        count = 0
        for item in queryset:
            try:
                step(item, request.user)
                count += 1
            except (PermissionDenied, ValidationError) as exc:
                self.message_user(request, f"{item.title}：{'；'.join(getattr(exc, 'messages', [str(exc)]))}", messages.ERROR)
        if count:
            self.message_user(request, f"{done}{count}条")

    @admin.action(description="提交审核", permissions=["change"])
    def submit_selected(self, request, queryset):
        self._run(request, queryset, workflow.submit_item, "已提交审核")

    @admin.action(description="审核发布", permissions=["publish"])
    def publish_selected(self, request, queryset):
        self._run(request, queryset, workflow.publish_item, "已发布")

    def has_publish_permission(self, request):
        return request.user.has_perm("catalog.publish_item")
