"""The demo's 双公示 year goes through the real importer and the real push: daily batches, the Monday and
Thursday push into a drop folder, outages retried, a correction version, a batch with errors, and
the compliance page showing a bureau that is mostly on time."""

import datetime as dt
import json

import pytest

from gongkai.core.power_list import load_power_list
from gongkai.credit import demo
from gongkai.credit.compliance import compliance_report
from gongkai.credit.models import ImportBatch, LicenseRecord, PenaltyRecord, PowerItem, PushEntry
from gongkai.credit.push import idempotency_key

TODAY = dt.date(2026, 12, 7)  # a Monday


@pytest.mark.django_db
def test_a_small_demo_year(demo_bureau, tmp_path):
    """One replay (12 s) checked four ways: 1,200 penalties and 300 licences over the full year, so
    every outage and the backlog are in it."""
    year = demo.load(demo_bureau, TODAY, penalties=1200, licenses=300, corrections=20, sample_rows=100,
                     sample_dir=tmp_path / "sample", receiver=tmp_path / "platform")
    check_records_versions_and_the_batch_with_errors(demo_bureau, year, tmp_path)
    check_publication_on_the_import_day_and_push_on_schedule_days()
    check_the_receiver_holds_exactly_the_records_marked_pushed(demo_bureau, year, tmp_path)
    check_compliance_mostly_on_time_with_some_late(demo_bureau)


def check_records_versions_and_the_batch_with_errors(demo_bureau, year, tmp_path):
    assert PowerItem.objects.filter(agency=demo_bureau).count() == len(load_power_list()["items"])
    # Decisions of the weekend before TODAY reach the 信息员 today: imported after the demo's moment.
    weekend = {TODAY - dt.timedelta(days=1), TODAY - dt.timedelta(days=2)}
    licenses = LicenseRecord.objects.filter(agency=demo_bureau)
    assert 300 - 10 < licenses.count() < 300 and not licenses.filter(decided_on__in=weekend).exists()
    penalties = PenaltyRecord.objects.filter(is_current=True, decided_on__lt=TODAY - dt.timedelta(days=7))
    assert penalties.count() > 1100 and not PenaltyRecord.objects.filter(decided_on__in=weekend).exists()
    assert PenaltyRecord.objects.filter(version=2).count() == 20  # the corrections: version 1 kept, not current
    assert PenaltyRecord.objects.filter(version=1, is_current=False).count() == 20
    assert PenaltyRecord.objects.filter(power_item__isnull=False).count() == PenaltyRecord.objects.count()
    sample = year["sample_with_errors"]
    assert (sample.rows_read, sample.rows_rejected, sample.status) == (100, 4, ImportBatch.Status.DONE)
    assert sample.errors.count() >= 4 and sample.created_by.username == "gongkaiban"
    assert (tmp_path / "sample" / demo.SAMPLE_FILE_NAME).read_text(encoding="utf-8").count("\n") == 101
    daily = year["penalties"] + year["licenses"]
    assert len(daily) > 200 and all(batch.rows_rejected == 0 for batch in daily)  # a batch per working day


def check_publication_on_the_import_day_and_push_on_schedule_days():
    batches = {batch.pk: batch for batch in ImportBatch.objects.all()}
    for record in PenaltyRecord.objects.filter(is_current=True, version=1).select_related("batch")[:300]:
        assert record.decided_on < TODAY
        published = record.published_at.astimezone(dt.timezone(dt.timedelta(hours=8)))
        assert published.date() == batches[record.batch_id].started_at.astimezone(published.tzinfo).date()
        assert published.date() >= record.decided_on
    pushed_days = {moment.astimezone(dt.timezone(dt.timedelta(hours=8))).date().weekday()
                   for moment in PenaltyRecord.objects.filter(pushed_at__isnull=False).values_list("pushed_at", flat=True)}
    assert {0, 3} <= pushed_days  # Monday and Thursday runs
    assert pushed_days - {0, 3}  # and the retries that ended the outages, on other days


def check_the_receiver_holds_exactly_the_records_marked_pushed(demo_bureau, year, tmp_path):
    received = {}
    for path in sorted((tmp_path / "platform").glob("credit-*.json")):
        for record in json.loads(path.read_text(encoding="utf-8"))["records"]:
            assert record["idempotency_key"] not in received  # nothing sent twice
            received[record["idempotency_key"]] = record
    pushed = set()
    for model, kind in ((PenaltyRecord, "penalty"), (LicenseRecord, "license")):
        pushed |= {idempotency_key(demo_bureau.uscc, kind, key, version) for key, version in
                   model.objects.filter(pushed_at__isnull=False).values_list("natural_key", "version")}
    assert received.keys() == pushed
    assert set(PushEntry.objects.filter(state=PushEntry.State.DELIVERED).values_list("idempotency_key", flat=True)) == pushed
    assert not list((tmp_path / "platform").glob(".*.partial"))
    runs = year["push_runs"]
    assert sum(run.failed_batches for run in runs) >= 2  # the outages happened and were retried
    assert not PushEntry.objects.filter(state=PushEntry.State.PENDING, attempts__gt=1).exists()  # and are over
    assert PushEntry.objects.filter(attempts__gt=1, state=PushEntry.State.DELIVERED).exists()


def check_compliance_mostly_on_time_with_some_late(demo_bureau):
    report = compliance_report(demo_bureau, start=TODAY - dt.timedelta(days=365), end=TODAY, today=TODAY)
    overall = report.overall
    assert 0.85 <= overall.push_rate <= 0.99
    assert 0.90 <= overall.publish_rate < 1
    assert overall.push["late"] > 0 and overall.publish["late"] > 0
    assert overall.push["overdue"] + overall.publish["overdue"] < overall.total * 0.02
    assert overall.total == PenaltyRecord.objects.filter(is_current=True).count() + LicenseRecord.objects.count()
