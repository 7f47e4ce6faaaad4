"""The per-agency, per-year counter behind 索引号, allocated under a row lock."""

from django.db import models

from gongkai.org.models import Agency


class IndexSequence(models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+", verbose_name="机关")
    year = models.PositiveIntegerField("年度")
    last_value = models.PositiveIntegerField("已用顺序号", default=0)

    class Meta:
        verbose_name = "索引号顺序号"
        verbose_name_plural = "索引号顺序号"
        constraints = [models.UniqueConstraint(fields=["agency", "year"], name="index_sequence_unique_year")]
