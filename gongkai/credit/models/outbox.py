"""The credit-platform outbox: one row per record version to deliver, with its attempts and outcome.

Why a table and not a flag on the record: a push must survive a receiver that fails, times out or a
sender killed between sending and recording the answer. The entry carries what makes that safe:
an idempotency key fixed per record version (the receiver de-duplicates on it, so a resend after a
crash is harmless), the attempt count and the time before which nobody may send it again (set when
a run claims the entry, before sending, so a crash leaves it waiting out its back-off rather than
sent twice at once by two runs), and the last error for the staff.

States (gongkai/credit/push.py moves them):
  pending ──claim (attempts+1, next_attempt_at = now + back-off)──► pending, in flight
  in flight ──receiver acknowledged──► delivered (delivered_at; the record's pushed_at)
  in flight ──error / timeout──► pending (last_error; due again at next_attempt_at)
  in flight ──sender killed──► pending (due again at next_attempt_at; same key, receiver de-duplicates)
  pending ──a newer version or the record taken down before delivery──► superseded
  delivered and superseded are final.
"""

from django.db import models

from gongkai.credit.models.power import PowerItem
from gongkai.org.models import Agency


class PushEntry(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", "待报送"
        DELIVERED = "delivered", "已送达"
        SUPERSEDED = "superseded", "已取代（不再报送）"

    kind = models.CharField("类别", max_length=10, choices=PowerItem.Kind.choices)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+", verbose_name="机关")
    record_id = models.BigIntegerField("记录ID", help_text="行政处罚或行政许可信息（按类别）的这一版本")
    natural_key = models.CharField("自然键", max_length=300)
    version = models.PositiveIntegerField("版本")
    idempotency_key = models.CharField("幂等键", max_length=64, unique=True,
                                       help_text="sha256（机关统一社会信用代码、类别、自然键、版本）")
    state = models.CharField("状态", max_length=12, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveIntegerField("尝试次数", default=0)
    next_attempt_at = models.DateTimeField("下次可发送时间")
    last_attempt_at = models.DateTimeField("最近发送时间", null=True, blank=True)
    last_batch_id = models.CharField("最近批次", max_length=64, blank=True)
    last_error = models.TextField("最近错误", blank=True)
    delivered_at = models.DateTimeField("送达时间", null=True, blank=True)
    created_at = models.DateTimeField("入队时间", auto_now_add=True)

    class Meta:
        verbose_name = "信用平台报送队列"
        verbose_name_plural = "信用平台报送队列"
        ordering = ["id"]
        indexes = [models.Index(fields=["state", "next_attempt_at"], name="credit_push_due")]
        constraints = [models.UniqueConstraint(fields=["kind", "record_id"], name="credit_push_one_per_version")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.natural_key.replace(chr(31), ' / ')} v{self.version}"
