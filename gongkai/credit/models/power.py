"""The power list (权责清单 → 双公示目录): what the agency may license or punish, and on what basis."""

from django.db import models

from gongkai.org.models import Agency
from gongkai.publishing import never_deleted


class PowerItem(models.Model):
    """One licensing or penalty item, with exactly the columns the seed report names."""

    class Kind(models.TextChoices):
        LICENSE = "license", "行政许可"
        PENALTY = "penalty", "行政处罚"

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="power_items", verbose_name="机关")
    kind = models.CharField("行政职权类别", max_length=10, choices=Kind.choices)
    code = models.CharField("事项编码", max_length=40)
    department = models.CharField("行政决定部门", max_length=100)
    name = models.CharField("项目名称", max_length=300)
    basis = models.TextField("设定依据")
    party_kinds = models.CharField("行政相对人类别", max_length=100)
    is_published = models.BooleanField("在双公示目录中公开", default=True)

    class Meta:
        verbose_name = "双公示目录事项"
        verbose_name_plural = "双公示目录"
        ordering = ["agency", "kind", "code"]
        constraints = [models.UniqueConstraint(fields=["agency", "code"], name="power_item_unique_code")]

    def __str__(self):
        return f"{self.code} {self.name}"


# An item shown in the public 双公示目录 is taken out of it (is_published off), never deleted
# (publishing/never_deleted.py).
never_deleted.guard(PowerItem, ever_public=models.Q(is_published=True), hint="取消“在双公示目录中公开”")
