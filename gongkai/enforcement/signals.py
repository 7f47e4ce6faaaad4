"""Link a 行政处罚信息 to its decision document the moment the record is saved (connected in apps.ready)."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from gongkai.credit.models import PenaltyRecord
from gongkai.enforcement.models import DecisionDocument


@receiver(post_save, sender=PenaltyRecord, dispatch_uid="enforcement-link-penalty-record")
def link_documents_to_record(sender, instance, created, **kwargs):
    """A 行政处罚信息 that arrives after its decision document gets linked at once (bulk imports, which
    send no signal, are caught by the daily job and every drop-folder pass)."""
    if not instance.is_current:
        return
    DecisionDocument.objects.filter(agency_id=instance.agency_id, document_number=instance.document_number,
                                    kind=DecisionDocument.Kind.PENALTY).exclude(
        penalty_record_id=instance.pk).update(penalty_record_id=instance.pk)
