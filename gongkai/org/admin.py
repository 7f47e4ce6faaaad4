"""Admin pages for agencies, units, staff, the audit log (read-only) and system alerts.

User administration is where a staff account could take over the platform, so it is narrower than
Django's: only a superuser sets superuser status, raw permissions or groups that are not roles; an
administrator grants roles at or below their own, to staff of their own agency, and never touches an
account that reaches further than they do. The forms only offer what may be chosen; the change itself
(roles, active and staff status, agency and unit) is the `org.change_roles` transition (org/accounts.py),
which checks the rules again and writes the `permission` audit entry in the same transaction. A role's
permissions edited by a superuser are audited here.
"""

from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, User
from django.db import transaction

from gongkai.org.accounts import change_access, may_manage, remove_profile
from gongkai.org.admin_scoping import ScopedAdmin, ScopedChoicesMixin, scoped_list_filter
from gongkai.org.audit import record
from gongkai.org.models import AdminAlert, Agency, AuditEntry, StaffProfile, Unit
from gongkai.org.roles import grantable_roles
from gongkai.org.scoping import scope_of

SUPERUSER_ONLY_FIELDS = ("is_superuser", "user_permissions")
ACCESS_FLAGS = ("is_active", "is_staff", "is_superuser")


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

    def get_readonly_fields(self, request, obj=None):
        fields = tuple(super().get_readonly_fields(request, obj))
        return fields + ("user",) if obj is not None else fields  # a profile stays with its account

    def save_model(self, request, obj, form, change):
        """Agency, unit and name through the `org.change_roles` transition (org/accounts.py)."""
        change_access(obj.user, request.user, profile=obj,
                      summary="修改工作人员信息" if change else "新建工作人员信息")

    def delete_model(self, request, obj):
        remove_profile(obj, request.user)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for profile in queryset:
                remove_profile(profile, request.user)


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
        """The account's own fields (name, e-mail); its access waits for `save_related`'s transition."""
        if change:
            stored = User.objects.get(pk=obj.pk)
            obj._access_wanted = {name: getattr(obj, name) for name in ACCESS_FLAGS if name in form.cleaned_data}
            for name in ACCESS_FLAGS:
                setattr(obj, name, getattr(stored, name))
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        """Roles, active and staff status, raw permissions, agency and unit: the `org.change_roles` transition."""
        user = form.instance
        groups = None
        if "groups" in form.fields:
            # Groups the form does not offer (non-role groups, for an administrator) stay as they were.
            offered = form.fields["groups"].queryset
            groups = [*form.cleaned_data["groups"], *user.groups.exclude(pk__in=offered.values("pk"))]
        permissions = list(form.cleaned_data["user_permissions"]) if "user_permissions" in form.fields else None
        profile = None
        for formset in formsets:
            if formset.model is StaffProfile:
                changed = formset.save(commit=False)
                profile = changed[0] if changed else None
            else:
                self.save_formset(request, form, formset, change)
        change_access(user, request.user, groups=groups, user_permissions=permissions, profile=profile,
                      created=not change, summary="修改账号与角色" if change else "新建账号",
                      **getattr(user, "_access_wanted", {}))

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
