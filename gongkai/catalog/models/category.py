"""The disclosure directory (政府信息公开目录): a tree of columns per agency."""

from django.db import models

from gongkai.org.models import Agency

# First-level columns fixed nationally (国办公开办函〔2019〕61号) plus 依申请公开.
NATIONAL_COLUMNS = (
    ("guide", "政府信息公开指南"),
    ("rules", "政府信息公开制度"),
    ("statutory", "法定主动公开内容"),
    ("annual-reports", "政府信息公开年报"),
    ("on-request", "依申请公开"),
)


class Category(models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="categories", verbose_name="机关")
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children", verbose_name="上级栏目"
    )
    slug = models.SlugField("栏目代号", max_length=60)
    name = models.CharField("栏目名称", max_length=60)
    sort_order = models.PositiveIntegerField("排序", default=0)
    is_national = models.BooleanField("国家规定栏目", default=False, editable=False)

    class Meta:
        verbose_name = "公开目录栏目"
        verbose_name_plural = "公开目录栏目"
        ordering = ["agency", "parent_id", "sort_order", "id"]
        constraints = [models.UniqueConstraint(fields=["agency", "slug"], name="category_unique_slug")]

    def __str__(self):
        return self.name if self.parent_id is None else f"{self.parent.name} › {self.name}"
