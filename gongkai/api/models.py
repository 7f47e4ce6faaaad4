"""System tokens: one per connected system (case system, provincial platform, 12345 hotline), scoped
to one agency (optionally one unit) and to named abilities; and the requests other channels handed over.

The token itself is shown once, when an administrator issues it; the database keeps its SHA-256
(a random 256-bit secret needs no slow hash: nothing can be guessed from the digest), so a copy of
the database cannot call the API. A token is never edited: it expires or is revoked, and a new one
is issued.
"""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone

TOKEN_PREFIX = "gk_"


class Ability(models.TextChoices):
    PUSH_CREDIT = "push_credit", "推送双公示信息"
    PUSH_DOCUMENTS = "push_documents", "推送执法决定文书"
    REGISTER_REQUESTS = "register_requests", "登记其他渠道的申请"
    READ = "read", "读取公开信息（较高频率）"


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


class SystemToken(models.Model):
    agency = models.ForeignKey("org.Agency", on_delete=models.PROTECT, related_name="+", verbose_name="机关")
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                             verbose_name="单位", help_text="可不选：不选即全机关")
    name = models.CharField("系统名称", max_length=60, help_text="如：警务综合平台、12345热线、省政务公开平台")
    abilities = models.JSONField("权限", default=list)
    token_hash = models.CharField("令牌摘要", max_length=64, unique=True, editable=False)
    token_hint = models.CharField("令牌开头", max_length=12, editable=False, help_text="便于识别，不足以调用接口")
    created_at = models.DateTimeField("签发时间", auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name="签发人", editable=False)
    expires_at = models.DateTimeField("有效期至")
    revoked_at = models.DateTimeField("吊销时间", null=True, blank=True, editable=False)
    last_used_at = models.DateTimeField("最近使用", null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "系统令牌"
        verbose_name_plural = "系统令牌"
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.name}（{self.token_hint}…）"

    def issue(self) -> str:
        """Give this (unsaved) token its secret; returns the secret, which is never stored."""
        secret = new_token()
        self.token_hash, self.token_hint = hash_token(secret), secret[:10]
        return secret

    @property
    def audit_name(self) -> str:
        """How the audit log names the system's calls."""
        return f"系统接口：{self.name}"[:80]

    def refusal(self, now=None) -> str:
        """Why the token cannot be used now ("" when it can)."""
        now = now or timezone.now()
        if self.revoked_at is not None:
            return "令牌已吊销"
        if self.expires_at <= now:
            return "令牌已过期"
        return ""

    def abilities_display(self) -> str:
        labels = dict(Ability.choices)
        return "、".join(labels.get(name, name) for name in self.abilities)

    abilities_display.short_description = "权限"


class HandedOverRequest(models.Model):
    """A request another channel handed over, under that system's own reference, so a repeated hand-over
    registers nothing twice (the query code is shown once, on the first answer)."""

    token = models.ForeignKey(SystemToken, on_delete=models.PROTECT, related_name="+", verbose_name="系统令牌")
    agency = models.ForeignKey("org.Agency", on_delete=models.PROTECT, related_name="+", verbose_name="机关")
    source = models.CharField("来源系统", max_length=60)
    external_id = models.CharField("来源系统编号", max_length=80)
    request = models.OneToOneField("inforequests.InfoRequest", on_delete=models.PROTECT, related_name="+",
                                   verbose_name="申请")
    created_at = models.DateTimeField("接收时间", auto_now_add=True)

    class Meta:
        verbose_name = "其他渠道转来的申请"
        verbose_name_plural = "其他渠道转来的申请"
        constraints = [models.UniqueConstraint(fields=["agency", "source", "external_id"],
                                               name="api_handed_over_once")]
