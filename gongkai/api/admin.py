"""The administrator's page for system tokens: issue one (the secret is shown once, on the page after
saving), read the list, revoke. Tokens are never edited or deleted: their history is the audit log's.
Scoped to the administrator's agency like every admin page (org.admin_scoping)."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import admin, messages
from django.db import transaction
from django.utils import timezone

from gongkai.api.models import Ability, SystemToken
from gongkai.org.admin_scoping import ScopedAdmin
from gongkai.org.audit import record

DEFAULT_VALIDITY = dt.timedelta(days=365)


class SystemTokenForm(forms.ModelForm):
    abilities = forms.MultipleChoiceField(label="权限", choices=Ability.choices, widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = SystemToken
        fields = ("agency", "unit", "name", "abilities", "expires_at")

    def clean(self):
        cleaned = super().clean()
        unit, agency = cleaned.get("unit"), cleaned.get("agency")
        if unit is not None and agency is not None and unit.agency_id != agency.pk:
            self.add_error("unit", "单位不属于所选机关")
        expires_at = cleaned.get("expires_at")
        if expires_at is not None and expires_at <= timezone.now():
            self.add_error("expires_at", "有效期应晚于现在")
        return cleaned


@admin.register(SystemToken)
class SystemTokenAdmin(ScopedAdmin):
    form = SystemTokenForm
    unit_field = None  # agency-wide: only agency-level administrators issue and revoke
    list_display = ("name", "token_hint", "abilities_display", "unit", "expires_at", "revoked_at", "last_used_at")
    list_filter = ("revoked_at",)
    actions = ["revoke"]

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        initial.setdefault("expires_at", timezone.now() + DEFAULT_VALIDITY)
        return initial

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ()
        return ("agency", "unit", "name", "abilities_display", "token_hint", "expires_at", "created_at",
                "created_by", "revoked_at", "last_used_at")

    def get_fields(self, request, obj=None):
        if obj is None:
            return ("agency", "unit", "name", "abilities", "expires_at")
        return self.get_readonly_fields(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        if change:  # every field is read-only once issued; revoking is the only change
            return
        secret = obj.issue()
        obj.created_by = request.user
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            record("create", obj, actor=request.user, agency=obj.agency,
                   summary=f"签发系统令牌：{obj.name}（{obj.abilities_display()}，有效期至"
                           f"{timezone.localtime(obj.expires_at):%Y-%m-%d}）")
        self.message_user(request, f"令牌只显示这一次，请立即交给{obj.name}的管理员妥善保存：{secret}",
                          messages.WARNING)

    @admin.action(description="吊销所选令牌", permissions=["change"])
    def revoke(self, request, queryset):
        revoked = 0
        with transaction.atomic():
            for token in queryset.select_for_update().filter(revoked_at__isnull=True):
                token.revoked_at = timezone.now()
                token.save(update_fields=["revoked_at"])
                record("permission", token, actor=request.user, agency=token.agency,
                       summary=f"吊销系统令牌：{token.name}")
                revoked += 1
        self.message_user(request, f"已吊销{revoked}个令牌")
