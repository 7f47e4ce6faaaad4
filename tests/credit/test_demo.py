"""The demo's 双公示 data goes through the real importer: records, a correction version, and a batch with errors."""

import datetime as dt

import pytest

from gongkai.core.power_list import load_power_list
from gongkai.credit import demo
from gongkai.credit.models import ImportBatch, LicenseRecord, PenaltyRecord, PowerItem


@pytest.mark.django_db
def test_demo_loader_makes_records_versions_and_a_batch_with_errors(demo_bureau, tmp_path):
    today = dt.date(2026, 3, 15)
    batches = demo.load(demo_bureau, today, penalties=300, licenses=120, corrections=20, sample_rows=100,
                        sample_dir=tmp_path)
    assert PowerItem.objects.filter(agency=demo_bureau).count() == len(load_power_list()["items"])
    assert LicenseRecord.objects.filter(agency=demo_bureau).count() == 120
    assert PenaltyRecord.objects.filter(is_current=True).count() == 300 + 96
    assert PenaltyRecord.objects.filter(version=2).count() == 20  # the corrections: version 1 kept, not current
    assert PenaltyRecord.objects.filter(version=1, is_current=False).count() == 20
    assert PenaltyRecord.objects.filter(power_item__isnull=False).count() == PenaltyRecord.objects.count()
    assert max(PenaltyRecord.objects.values_list("decided_on", flat=True)) < today
    sample = batches["sample_with_errors"]
    assert (sample.rows_read, sample.rows_rejected, sample.status) == (100, 4, ImportBatch.Status.DONE)
    assert sample.errors.count() >= 4 and sample.created_by.username == "gongkaiban"
    assert (tmp_path / demo.SAMPLE_FILE_NAME).read_text(encoding="utf-8").count("\n") == 101
    assert ImportBatch.objects.filter(rows_rejected=0).count() == 3
