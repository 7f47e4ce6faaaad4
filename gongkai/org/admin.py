"""Admin pages for agencies, units, staff, the audit log (read-only) and system alerts.

User administration is where a staff account could take over the platform, so it is narrower than
Django's: only a superuser sets superuser status, raw permissions or groups that are not roles; an
administrator grants roles at or below their own, to staff of their own agency, and never touches an
account that reaches further than they do. Every change to an account, its roles, its profile or a
role's permissions is an audit entry (`permission`) in the same transaction.
"""

from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, User
from django.db import transaction

from gongkai.org.admin_scoping import ScopedAdmin, ScopedChoicesMixin, scoped_list_filter
from gongkai.org.audit import record
from gongkai.org.models import AdminAlert, Agency, AuditEntry, StaffProfile, Unit
from gongkai.org.roles import ALL_ROLES, grantable_roles
from gongkai.org.scoping import scope_of

SUPERUSER_ONLY_FIELDS = ("is_superuser", "user_permissions")


def access_snapshot(user: User) -> dict:
    """What an account may do and where: compared before and after a change for the audit entry."""
    profile = StaffProfile.objects.filter(user_id=user.pk).select_related("agency", "unit").first()
    return {
        "username": user.username,
        "is_active": user.is_active,
        "is_staff": user.is_staff,
        "is_superuser": user.is_superuser,
        "groups": sorted(user.groups.values_list("name", flat=True)),
        "user_permissions": sorted(f"{app}.{codename}" for app, codename in
                                   user.user_permissions.values_list("content_type__app_label", "codename")),
        "agency": profile.agency.name if profile else None,
        "unit": profile.unit.name if profile and profile.unit else None,
        "full_name": profile.full_name if profile else None,
    }


def record_access_change(actor, user: User, before: dict | None, summary: str) -> None:
    """One `permission` entry when the account's access changed (or it was created)."""
    after = access_snapshot(user)
    if before == after:
        return
    profile = StaffProfile.objects.filter(user_id=user.pk).select_related("agency").first()
    agency = profile.agency if profile else getattr(getattr(actor, "staff_profile", None), "agency", None)
    changed = sorted(key for key in after if before is None or before.get(key) != after[key])
    record(AuditEntry.Action.PERMISSION, user, actor=actor, agency=agency, object_repr=user.username,
           summary=f"{summary}：{'、'.join(changed)}", before=before, after=after)


def may_manage(actor, user: User | None) -> bool:
    """A non-superuser manages only accounts that reach no further than they do themselves."""
    if user is None or actor.is_superuser:
        return True
    if user.is_superuser or user.user_permissions.exists():
        return False
    grantable = set(grantable_roles(actor))
    return set(user.groups.filter(name__in=ALL_ROLES).values_list("name", flat=True)) <= grantable


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

    def has_add_permission(self, request):
        return request.user.is_superuser  # a new agency is a new tenant: set up by the platform's operator

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


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

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and may_manage(request.user, obj and obj.user)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and may_manage(request.user, obj and obj.user)

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            # Read before saving: the stored profile is still the old one.
            before = access_snapshot(StaffProfile.objects.get(pk=obj.pk).user if change else obj.user)
            super().save_model(request, obj, form, change)
            record_access_change(request.user, obj.user, before, "修改工作人员信息" if change else "新建工作人员信息")

    def delete_model(self, request, obj):
        with transaction.atomic():
            user, before = obj.user, access_snapshot(obj.user)
            super().delete_model(request, obj)
            record_access_change(request.user, user, before, "删除工作人员信息")

    def delete_queryset(self, request, queryset):
        for profile in queryset:
            self.delete_model(request, profile)


class StaffProfileInline(ScopedChoicesMixin, admin.StackedInline):
    """The account's agency and unit: only the administrator's own agency and its units are offered."""

    model = StaffProfile
    can_delete = False
    verbose_name_plural = "工作人员信息"

    def get_formset(self, request, obj=None, **kwargs):
        if not request.user.is_superuser:
            # An account an administrator creates belongs to their agency from the start.
            kwargs.update(min_num=1, validate_min=True)
        return super().get_formset(request, obj, **kwargs)


admin.site.unregister(User)
admin.site.unregister(Group)


@admin.register(User)
class StaffUserAdmin(UserAdmin):
    inlines = (StaffProfileInline,)
    list_display = ("username", "staff_name", "is_active", "is_staff", "role_names")
    list_filter = ("is_active", "is_staff", "groups")

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser:
            return fieldsets
        return tuple((name, {**options, "fields": tuple(field for field in options["fields"]
                                                        if field not in SUPERUSER_ONLY_FIELDS)})
                     for name, options in fieldsets)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "groups" and not request.user.is_superuser:
            kwargs["queryset"] = Group.objects.filter(name__in=grantable_roles(request.user)).order_by("name")
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and may_manage(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and may_manage(request.user, obj)

    def save_model(self, request, obj, form, change):
        if change:
            stored = User.objects.get(pk=obj.pk)
            obj._access_before = access_snapshot(stored)
            # Groups the form does not offer (non-role groups) stay as they were.
            obj._groups_kept = list(stored.groups.exclude(pk__in=form.fields["groups"].queryset)) \
                if "groups" in form.fields else []
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        user = form.instance
        if getattr(user, "_groups_kept", None):
            user.groups.add(*user._groups_kept)
        record_access_change(request.user, user, getattr(user, "_access_before", None),
                             "修改账号与角色" if change else "新建账号")

    def user_change_password(self, request, id, form_url=""):
        with transaction.atomic():
            before = User.objects.filter(pk=id).values_list("password", flat=True).first() if str(id).isdigit() else None
            response = super().user_change_password(request, id, form_url)
            if request.method == "POST" and before is not None:
                user = User.objects.get(pk=id)
                if user.password != before:
                    record(AuditEntry.Action.PERMISSION, user, actor=request.user, object_repr=user.username,
                           agency=getattr(getattr(user, "staff_profile", None), "agency", None),
                           summary="重设密码")
        return response

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

    def get_list_filter(self, request):
        return scoped_list_filter(super().get_list_filter(request), self.model, request.user)

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


@admin.register(Group)
class RoleAdmin(GroupAdmin):
    """Roles are groups reset from org/roles.py on every migrate; a superuser's edit in between is audited."""

    def save_model(self, request, obj, form, change):
        obj._permissions_before = sorted(Group.objects.get(pk=obj.pk).permissions.values_list("codename", flat=True)) \
            if change else None
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        group = form.instance
        after = sorted(group.permissions.values_list("codename", flat=True))
        if after != group._permissions_before:
            record(AuditEntry.Action.PERMISSION, group, actor=request.user, summary=f"修改角色“{group.name}”的权限",
                   before={"name": form.initial.get("name"), "permissions": group._permissions_before},
                   after={"name": group.name, "permissions": after})
