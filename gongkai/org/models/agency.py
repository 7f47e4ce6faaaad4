"""An agency (行政机关) and its units (局属单位): who publishes, who answers, who reports."""

from django.core.validators import RegexValidator
from django.db import models

from gongkai.core.identifiers import normalize
from gongkai.core.index_numbers import DEFAULT_FORMAT as DEFAULT_INDEX_FORMAT
from gongkai.org.validators import validate_division_code, validate_index_number_format, validate_uscc


class Agency(models.Model):
    """One agency whose disclosure work the platform holds.

    The disclosure office's contact details are what the 公开指南 (条例第十二条) and the annual
    report's preamble print, so they live here once and are never retyped.
    """

    class Kind(models.TextChoices):
        DEPARTMENT = "department", "政府部门"  # report due 1月31日 (条例第四十九条第一款)
        GOVERNMENT = "government", "人民政府"  # report due 3月31日 (条例第四十九条第二款)

    code = models.SlugField(
        "机构代号", max_length=40, unique=True, help_text="命令行和接口中使用的简短英文代号，如 demo-psb"
    )
    name = models.CharField("机关名称", max_length=100, unique=True)
    short_name = models.CharField("简称", max_length=40, blank=True)
    kind = models.CharField("机关类别", max_length=20, choices=Kind.choices, default=Kind.DEPARTMENT)
    uscc = models.CharField(
        "统一社会信用代码", max_length=18, unique=True, validators=[validate_uscc]
    )
    division_code = models.CharField(
        "行政区划代码", max_length=6, validators=[validate_division_code]
    )
    parent_name = models.CharField("上级机关", max_length=100, blank=True, help_text="不予公开备案的报送对象")
    office_name = models.CharField("政府信息公开工作机构", max_length=100)
    office_address = models.CharField("办公地址", max_length=200)
    office_postcode = models.CharField(
        "邮政编码", max_length=6, blank=True, validators=[RegexValidator(r"^\d{6}$", "邮政编码应为6位数字")]
    )
    office_phone = models.CharField("联系电话", max_length=60)
    office_fax = models.CharField("传真", max_length=60, blank=True)
    office_email = models.EmailField("电子邮箱", blank=True)
    office_hours = models.CharField("办公时间", max_length=200)
    website = models.URLField("网站地址", blank=True)
    fees_enabled = models.BooleanField(
        "收取信息处理费", default=False,
        help_text="国办函〔2020〕109号：申请数量、频次明显超过合理范围时收取；默认不收取",
    )
    index_number_format = models.CharField(
        "索引号格式",
        max_length=60,
        default=DEFAULT_INDEX_FORMAT,
        validators=[validate_index_number_format],
        help_text="可用占位符：{org-code} 组织机构代码，{uscc}，{YYYY} 年份，{NNNNN} 顺序号（位数随N的个数）",
    )

    class Meta:
        verbose_name = "行政机关"
        verbose_name_plural = "行政机关"
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.uscc = normalize(self.uscc)
        super().save(*args, **kwargs)

    @property
    def org_code(self) -> str:
        """The 9-character 组织机构代码 embedded in the USCC (positions 9-17, GB 32100)."""
        return self.uscc[8:17]


class Unit(models.Model):
    """A unit of the agency (局属单位: 支队, 处, 分局): drafts and records belong to a unit."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="units", verbose_name="所属机关")
    name = models.CharField("单位名称", max_length=100)
    short_name = models.CharField("简称", max_length=40, blank=True)
    sort_order = models.PositiveIntegerField("排序", default=0)
    is_active = models.BooleanField("在用", default=True)

    class Meta:
        verbose_name = "局属单位"
        verbose_name_plural = "局属单位"
        ordering = ["agency", "sort_order", "name"]
        constraints = [models.UniqueConstraint(fields=["agency", "name"], name="unit_unique_name_per_agency")]

    def __str__(self):
        return self.name
