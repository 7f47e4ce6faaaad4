"""信息处理费 notices and payments (国办函〔2020〕109号)."""

from decimal import Decimal

from django.db import models

from gongkai.inforequests.models.request import InfoRequest


class FeeNotice(models.Model):
    class Basis(models.TextChoices):
        PER_REQUEST = "per_request", "按件计收"
        PER_PAGE = "per_page", "按量计收"

    request = models.OneToOneField(InfoRequest, on_delete=models.CASCADE, related_name="fee_notice", verbose_name="申请")
    basis = models.CharField("计收方式", max_length=20, choices=Basis.choices)
    nth_request_in_month = models.PositiveIntegerField("本月第几件申请", null=True, blank=True)
    pages = models.PositiveIntegerField("页数", null=True, blank=True)
    amount = models.DecimalField("金额（元）", max_digits=10, decimal_places=2, default=Decimal("0"))
    sent_on = models.DateField("送达收费通知日期")
    paid_on = models.DateField("缴费日期", null=True, blank=True)
    paid_amount = models.DecimalField("实缴金额（元）", max_digits=10, decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = "信息处理费"
        verbose_name_plural = "信息处理费"

    def __str__(self):
        return f"{self.request.number} {self.amount}元"
