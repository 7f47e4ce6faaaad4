"""Publicity periods by severity around the 2026-04-01 rule change, expiry, 信用修复 and withdrawal, each audited."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from gongkai.credit import jobs
from gongkai.credit.importing import import_file
from gongkai.credit.lifecycle import (
    RepairNotAllowed, apply_for_repair, approve_repair, expire_publicity, reject_repair, set_severity,
    withdraw_decision,
)
from gongkai.credit.models import LicenseRecord, PenaltyRecord, PublicityTakedown, RepairApplication
from gongkai.credit.public import CreditQuery, search_records
from gongkai.credit.samples import RowFactory, write_csv
from gongkai.org.models import AuditEntry

pytestmark = pytest.mark.django_db

LAST_2019_DAY = dt.date(2026, 3, 31)  # the last decision day under 发改办财金〔2019〕527号
FIRST_2026_DAY = dt.date(2026, 4, 1)  # 《信用修复管理办法》 in force


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()


@pytest.fixture
def office(demo_bureau):
    return get_user_model().objects.get(username="gongkaiban")


@pytest.fixture
def make_penalty(tmp_path, demo_bureau):
    factory = RowFactory(demo_bureau.name, demo_bureau.uscc, seed=21)
    counter = iter(range(1000))

    def make(decided_on: dt.date, *, published=True) -> PenaltyRecord:
        n = next(counter)
        row = factory.penalty(n)
        row["CF_JDRQ"] = decided_on.strftime("%Y/%m/%d")
        row["CF_YXQ"] = (decided_on + dt.timedelta(days=365)).strftime("%Y/%m/%d")
        import_file(write_csv(tmp_path / f"p{n}.csv", "penalty", [row]), agency=demo_bureau, kind="penalty")
        record = PenaltyRecord.objects.get(document_number=row["CF_WSH"])
        if published:
            PenaltyRecord.objects.filter(pk=record.pk).update(published_at=timezone.now())
            record.refresh_from_db()
        return record

    return make


def visible(agency, record, today):
    return search_records(agency, CreditQuery(text=record.document_number), today=today).total == 1


@pytest.mark.parametrize(
    ("decided", "severity", "repair_from", "ends_on"),
    [
        (LAST_2019_DAY, "一般", dt.date(2026, 7, 1), dt.date(2027, 3, 31)),
        (FIRST_2026_DAY, "一般", dt.date(2026, 7, 2), dt.date(2027, 4, 1)),
        (LAST_2019_DAY, "严重", dt.date(2026, 10, 1), dt.date(2029, 3, 31)),  # 527号: 6 months minimum
        (FIRST_2026_DAY, "严重", dt.date(2027, 4, 2), dt.date(2029, 4, 1)),  # 2026 办法: 1 year minimum
        (LAST_2019_DAY, "轻微", dt.date(2026, 7, 1), dt.date(2027, 3, 31)),  # 轻微 treated as 一般 before 2026
        (FIRST_2026_DAY, "轻微", None, None),  # not published in principle
    ],
)
def test_severity_sets_the_window_of_the_rules_in_force(make_penalty, office, decided, severity, repair_from, ends_on):
    record = make_penalty(decided)
    assert record.severity == "一般"  # default
    record = set_severity(record, severity, user=office)
    assert (record.repair_from, record.publicity_ends_on) == (repair_from, ends_on)
    entry = AuditEntry.objects.filter(object_id=str(record.pk), action="update").latest("id")
    assert severity in entry.summary and entry.before["severity"] == "一般"
    if ends_on is None:
        assert not visible(record.agency, record, dt.date(2026, 4, 2))


def test_published_minor_2026_is_capped_at_three_months_and_repairable_at_once(make_penalty, office):
    record = set_severity(make_penalty(FIRST_2026_DAY), "轻微", user=office, publish_minor=True)
    assert (record.repair_from, record.publicity_ends_on) == (FIRST_2026_DAY, dt.date(2026, 7, 1))


def test_unit_officer_cannot_change_severity(make_penalty):
    officer = get_user_model().objects.get(username="xxy-zhian")
    with pytest.raises(PermissionDenied):
        set_severity(make_penalty(LAST_2019_DAY), "严重", user=officer)


def test_expiry_takes_the_record_off_the_day_after_and_is_recorded_once(make_penalty, demo_bureau):
    record = make_penalty(dt.date(2025, 12, 10))
    assert record.publicity_ends_on == dt.date(2026, 12, 10)
    assert visible(demo_bureau, record, dt.date(2026, 12, 10))
    assert not visible(demo_bureau, record, dt.date(2026, 12, 11))
    assert expire_publicity(dt.date(2026, 12, 10)) == 0
    assert expire_publicity(dt.date(2026, 12, 11)) == 1
    assert expire_publicity(dt.date(2026, 12, 12)) == 0  # idempotent
    takedown = PublicityTakedown.objects.get(record=record)
    assert (takedown.reason, takedown.effective_on) == ("expired", dt.date(2026, 12, 11))
    assert AuditEntry.objects.filter(object_id=str(record.pk), action="withdraw", summary__contains="公示期满").count() == 1


def test_daily_job_runs_the_expiry(make_penalty):
    old = make_penalty(dt.date(2025, 1, 10))  # ended 2026-01-10, before today
    jobs.daily_publicity_expiry.call_local()
    assert PublicityTakedown.objects.filter(record=old, reason="expired").exists()


def test_repair_only_after_the_minimum_period_of_the_decision_dates_rules(make_penalty, office, demo_bureau):
    ordinary = make_penalty(LAST_2019_DAY)
    application = apply_for_repair(ordinary, applicant="当事人", applied_on=dt.date(2026, 6, 20),
                                   obligations_performed=True, commitment_made=True, user=office)
    with pytest.raises(RepairNotAllowed, match="2026-07-01"):
        approve_repair(application, user=office, on=dt.date(2026, 6, 30))
    approve_repair(application, user=office, on=dt.date(2026, 7, 1), reason="已缴清罚款并作出信用承诺")
    ordinary.refresh_from_db()
    assert ordinary.repaired_on == dt.date(2026, 7, 1)
    assert not visible(demo_bureau, ordinary, dt.date(2026, 7, 1))
    application.refresh_from_db()
    assert application.status == "approved" and application.decision_reason == "已缴清罚款并作出信用承诺"
    assert PublicityTakedown.objects.get(record=ordinary, reason="repaired").effective_on == dt.date(2026, 7, 1)
    assert AuditEntry.objects.filter(object_id=str(ordinary.pk), action="decide", summary__contains="准予信用修复").exists()

    serious = set_severity(make_penalty(FIRST_2026_DAY), "严重", user=office)
    early = apply_for_repair(serious, applicant="当事人", obligations_performed=True, commitment_made=True, user=office)
    with pytest.raises(RepairNotAllowed):  # 6 months would do under 527号, not under the 2026 办法
        approve_repair(early, user=office, on=dt.date(2026, 10, 2))
    approve_repair(early, user=office, on=dt.date(2027, 4, 2))


def test_repair_needs_obligations_and_commitment_and_rejection_needs_a_reason(make_penalty, office):
    record = make_penalty(LAST_2019_DAY)
    no_commitment = apply_for_repair(record, applicant="当事人", obligations_performed=True, user=office)
    with pytest.raises(RepairNotAllowed, match="信用承诺"):
        approve_repair(no_commitment, user=office, on=dt.date(2026, 8, 1))
    with pytest.raises(ValidationError):
        reject_repair(no_commitment, reason=" ", user=office)
    reject_repair(no_commitment, reason="未作出信用承诺", user=office)
    assert RepairApplication.objects.get(pk=no_commitment.pk).status == "rejected"
    unpaid = apply_for_repair(record, applicant="当事人", commitment_made=True, user=office)
    with pytest.raises(RepairNotAllowed, match="义务"):
        approve_repair(unpaid, user=office, on=dt.date(2026, 8, 1))


@pytest.mark.time_machine(dt.datetime(2026, 11, 30, 12, tzinfo=ZoneInfo("Asia/Shanghai")))
def test_withdrawal_publishes_the_reason_by_document_number(client, make_penalty, office, demo_bureau):
    """On a fixed day inside the decision's publicity period: on the real day it would end one day."""
    record = make_penalty(dt.date(2026, 11, 2))
    assert visible(demo_bureau, record, timezone.localdate())
    changed_on = dt.date(2026, 11, 20)  # a Friday; three working days → Wednesday 25th
    withdraw_decision(record, reason="经行政复议撤销", changed_on=changed_on, user=office,
                      now=timezone.make_aware(dt.datetime(2026, 11, 27, 10, 0)))
    assert not visible(demo_bureau, record, timezone.localdate())
    page = client.get("/xygs/", {"q": record.document_number}).content.decode()
    assert "已撤销：经行政复议撤销" in page
    data = client.get("/api/credit", {"q": record.document_number}).json()
    assert data["总数"] == 0 and data["撤销公告"][0]["原因"] == "经行政复议撤销"
    assert "已撤销" not in client.get("/xygs/").content.decode()  # not in the result lists
    entry = AuditEntry.objects.get(object_id=str(record.pk), action="withdraw")
    assert entry.after["withdrawal_due"] == "2026-11-25" and entry.after["on_time"] is False and "逾期" in entry.summary
    with pytest.raises(ValidationError):
        withdraw_decision(record, reason="again", changed_on=changed_on, user=office)


def test_withdrawal_deadline_unknown_when_the_calendar_is_missing(make_penalty, office):
    record = make_penalty(dt.date(2026, 11, 2))
    withdraw_decision(record, reason="决定变更", changed_on=dt.date(2026, 12, 30), user=office)
    entry = AuditEntry.objects.get(object_id=str(record.pk), action="withdraw")
    assert entry.after["withdrawal_due"] is None and "期限未知" in entry.summary


def test_licence_withdrawal(tmp_path, demo_bureau, office):
    factory = RowFactory(demo_bureau.name, demo_bureau.uscc, seed=4, start=dt.date(2026, 10, 1), days=30)
    import_file(write_csv(tmp_path / "l.csv", "license", [factory.license(0)]), agency=demo_bureau, kind="license")
    licence = LicenseRecord.objects.get()
    LicenseRecord.objects.update(published_at=timezone.now())
    withdraw_decision(licence, reason="许可被依法撤销", changed_on=dt.date(2026, 11, 26), user=office)
    notices = search_records(demo_bureau, CreditQuery(text=licence.document_number)).notices
    assert notices[0]["状态"] == "已撤销：许可被依法撤销"
