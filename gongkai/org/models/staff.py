"""A staff member's place in the agency: which agency and unit their roles apply to."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from gongkai.org.models.agency import Agency, Unit


class StaffProfile(models.Model):
    """Ties a Django user to an agency and, for unit staff, to one unit.

    Roles are Django groups (gongkai.org.roles); the unit decides the row-level scope: staff
    with a unit see that unit's records, staff without one see the whole agency's.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_profile", verbose_name="用户"
    )
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="staff", verbose_name="所属机关")
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
        verbose_name="所属单位",
        help_text="留空表示全局（如公开办、领导）",
    )
    full_name = models.CharField("姓名", max_length=40)
    phone = models.CharField("办公电话", max_length=40, blank=True)

    class Meta:
        verbose_name = "工作人员"
        verbose_name_plural = "工作人员"

    def __str__(self):
        return f"{self.full_name}（{self.unit or self.agency}）"

    def clean(self):
        if self.unit_id and self.unit.agency_id != self.agency_id:
            raise ValidationError({"unit": "所属单位必须属于所属机关"})
