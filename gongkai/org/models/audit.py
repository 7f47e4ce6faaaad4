"""The append-only audit log: who did what to which record, and when."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone


class AuditLogIsAppendOnly(Exception):
    """Raised on any attempt to change or delete an audit entry."""


class AuditQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AuditLogIsAppendOnly("审计日志只能追加，不能修改")

    def delete(self):
        raise AuditLogIsAppendOnly("审计日志只能追加，不能删除")

    # bulk_update goes through update(); _raw_delete is what cascades use.
    def _raw_delete(self, using):
        raise AuditLogIsAppendOnly("审计日志只能追加，不能删除")


class AuditEntry(models.Model):
    """One recorded action. Entries are never edited: a correction is a new entry.

    The database refuses changes too (triggers in migration 0002), so no interface, the
    Django shell included, can rewrite history without leaving the database's own trace.
    """

    class Action(models.TextChoices):
        CREATE = "create", "新建"
        UPDATE = "update", "修改"
        SUBMIT = "submit", "提交审核"
        REVIEW = "review", "审核"
        PUBLISH = "publish", "发布"
        WITHDRAW = "withdraw", "撤回"
        REPEAL = "repeal", "废止"
        DECIDE = "decide", "作出决定"
        REDACT = "redact", "脱敏处理"
        IMPORT = "import", "导入"
        EXPORT = "export", "导出"
        CALENDAR = "calendar", "节假日安排"
        BACKUP = "backup", "备份"
        RESTORE = "restore", "恢复"
        PERMISSION = "permission", "权限变更"

    at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,  # users with history are deactivated, never deleted
        null=True,
        blank=True,
        related_name="+",
        verbose_name="操作人",
    )
    actor_name = models.CharField("操作人姓名", max_length=80, help_text="记录时的姓名；系统任务记为“系统”")
    agency = models.ForeignKey(
        "org.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="机关"
    )
    action = models.CharField("操作", max_length=20, choices=Action.choices, db_index=True)
    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, verbose_name="对象类型"
    )
    object_id = models.CharField("对象编号", max_length=64, blank=True, db_index=True)
    object_repr = models.CharField("对象", max_length=300, blank=True)
    summary = models.TextField("摘要", blank=True)
    before = models.JSONField("操作前", null=True, blank=True, encoder=DjangoJSONEncoder)
    after = models.JSONField("操作后", null=True, blank=True, encoder=DjangoJSONEncoder)

    objects = AuditQuerySet.as_manager()

    class Meta:
        verbose_name = "审计日志"
        verbose_name_plural = "审计日志"
        ordering = ["-at", "-id"]
        default_permissions = ("view",)

    def __str__(self):
        return f"{timezone.localtime(self.at):%Y-%m-%d %H:%M} {self.actor_name} {self.get_action_display()} {self.object_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AuditLogIsAppendOnly("审计日志只能追加，不能修改")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditLogIsAppendOnly("审计日志只能追加，不能删除")
