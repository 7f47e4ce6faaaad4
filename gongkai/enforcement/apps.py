"""App configuration for enforcement publicity (执法公开)."""

from django.apps import AppConfig


class EnforcementConfig(AppConfig):
    name = "gongkai.enforcement"
    label = "enforcement"
    verbose_name = "执法公开"

    def ready(self):
        from django.db.models.signals import post_save

        from gongkai.credit.models import PenaltyRecord

        post_save.connect(_link_documents_to_record, sender=PenaltyRecord,
                          dispatch_uid="enforcement-link-penalty-record")


def _link_documents_to_record(sender, instance, created, **kwargs):
    """A 行政处罚信息 that arrives after its decision document gets linked at once (bulk imports, which
    send no signal, are caught by the daily job and every drop-folder pass)."""
    if not instance.is_current:
        return
    from gongkai.enforcement.models import DecisionDocument

    DecisionDocument.objects.filter(agency_id=instance.agency_id, document_number=instance.document_number,
                                    kind=DecisionDocument.Kind.PENALTY).exclude(
        penalty_record_id=instance.pk).update(penalty_record_id=instance.pk)
