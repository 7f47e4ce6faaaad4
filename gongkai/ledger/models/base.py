"""What every ledger record shares: the agency, the unit responsible, a note, where it came from."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from gongkai.org.models import Agency, Unit


class LedgerRecord(models.Model):
    """Abstract base: every ledger line belongs to one agency and names the unit that answers for it.

    The unit is required because the report's narrative is assembled from what each unit did, and
    the scoped admin lets a unit's officer keep only that unit's lines.
    """

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+", verbose_name="机关")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name="责任单位")
    note = models.CharField("备注", max_length=300, blank=True)
    imported = models.BooleanField("台账导入", default=False, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", editable=False, verbose_name="登记人")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        abstract = True

    def clean(self):
        """A unit of another agency would put the line in the wrong agency's report."""
        super().clean()
        if self.agency_id and self.unit_id and self.unit.agency_id != self.agency_id:
            raise ValidationError({"unit": "责任单位不属于该机关"})
