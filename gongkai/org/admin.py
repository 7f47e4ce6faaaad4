"""Admin pages for agencies, units, staff, the audit log (read-only) and system alerts."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User

from gongkai.org.admin_scoping import ScopedAdmin
from gongkai.org.models import AdminAlert, Agency, AuditEntry, StaffProfile, Unit
from gongkai.org.scoping import scope_of


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "uscc", "division_code", "office_phone")
    search_fields = ("name", "uscc", "code")
    fieldsets = (
        (None, {"fields": ("name", "short_name", "code", "kind", "uscc", "division_code", "parent_name")}),
        (
            "政府信息公开工作机构（公开指南与年报引用）",
            {"fields": ("office_name", "office_address", "office_postcode", "office_phone", "office_fax",
                        "office_email", "office_hours", "website")},
        ),
        ("主动公开", {"fields": ("index_number_format",)}),
        ("依申请公开", {"fields": ("fees_enabled",)}),
    )

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        scope = scope_of(request.user)
        return queryset if scope.everything else queryset.filter(pk=scope.agency_id)


@admin.register(Unit)
class UnitAdmin(ScopedAdmin):
    list_display = ("name", "agency", "sort_order", "is_active")
    list_filter = ("agency", "is_active")
    search_fields = ("name",)
    unit_field = None

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        unit_id = scope_of(request.user).unit_id
        return queryset.filter(pk=unit_id) if unit_id else queryset


@admin.register(StaffProfile)
class StaffProfileAdmin(ScopedAdmin):
    list_display = ("full_name", "user", "agency", "unit", "roles")
    list_filter = ("agency", "unit", "user__groups")
    search_fields = ("full_name", "user__username")
    autocomplete_fields = ("user",)

    @admin.display(description="角色")
    def roles(self, obj):
        return "、".join(obj.user.groups.values_list("name", flat=True))


class StaffProfileInline(admin.StackedInline):
    model = StaffProfile
    can_delete = False
    verbose_name_plural = "工作人员信息"


admin.site.unregister(User)


@admin.register(User)
class StaffUserAdmin(UserAdmin):
    inlines = (StaffProfileInline,)
    list_display = ("username", "staff_name", "is_active", "is_staff", "role_names")
    list_filter = ("is_active", "is_staff", "groups")

    @admin.display(description="姓名")
    def staff_name(self, obj):
        profile = getattr(obj, "staff_profile", None)
        return profile.full_name if profile else ""

    @admin.display(description="角色")
    def role_names(self, obj):
        return "、".join(obj.groups.values_list("name", flat=True))

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        scope = scope_of(request.user)
        return queryset if scope.everything else queryset.filter(staff_profile__agency_id=scope.agency_id)


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Browsable and filterable; nobody can add, change or delete through the admin."""

    list_display = ("at", "actor_name", "action", "object_repr", "summary", "agency")
    list_filter = ("action", "agency", "content_type", ("at", admin.DateFieldListFilter))
    search_fields = ("actor_name", "object_repr", "summary", "object_id")
    date_hierarchy = "at"
    readonly_fields = [f.name for f in AuditEntry._meta.fields]
    actions = None

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        scope = scope_of(request.user)
        return queryset if scope.everything else queryset.filter(agency_id=scope.agency_id)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AdminAlert)
class AdminAlertAdmin(admin.ModelAdmin):
    list_display = ("message", "level", "raised_at", "refreshed_at", "resolved_at")
    list_filter = ("level", ("resolved_at", admin.EmptyFieldListFilter))
    readonly_fields = ("key", "level", "message", "raised_at", "refreshed_at", "resolved_at")

    def has_add_permission(self, request):
        return False
