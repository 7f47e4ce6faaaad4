"""双公示 deadlines on hand-made dates: late push, late publication, at-risk, unknown calendar; the admin page."""

import datetime as dt

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.urls import path
from django.utils import timezone

import gongkai.credit.admin_compliance  # noqa: F401  (registers the compliance page)
from gongkai.credit.compliance import compliance_report, decision_counts, deadline_rows, on_time_rates
from gongkai.credit.importing import import_file
from gongkai.credit.models import PenaltyRecord, PowerItem
from gongkai.credit.samples import RowFactory, write_csv

urlpatterns = [path("admin/", admin.site.urls)]
pytestmark = [pytest.mark.urls(__name__), pytest.mark.django_db]

TODAY = dt.date(2026, 9, 15)  # a Tuesday


def at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(15, 0)))


@pytest.fixture
def hand_made(tmp_path, demo_bureau):
    """Decisions with known deadlines (2026 calendar): 9-07 → push 9-14, publish 9-16; 9-11 → 9-18, 9-21;
    9-30 → 10-13, 10-15 (国庆); 12-28 → 2027, not yet known."""
    factory = RowFactory(demo_bureau.name, demo_bureau.uscc, seed=31)
    specs = {
        "A": (dt.date(2026, 9, 7), dt.date(2026, 9, 14), dt.date(2026, 9, 17)),  # pushed on time, published late
        "B": (dt.date(2026, 9, 7), dt.date(2026, 9, 15), dt.date(2026, 9, 16)),  # pushed late, published on time
        "C": (dt.date(2026, 9, 7), None, None),  # push overdue on 9-15, publication due 9-16: at risk
        "D": (dt.date(2026, 9, 11), None, None),  # push due 9-18 (3 working days away): pending
        "E": (dt.date(2026, 9, 30), dt.date(2026, 10, 13), dt.date(2026, 10, 15)),  # over 国庆, both on time
        "F": (dt.date(2026, 12, 28), None, None),  # deadlines in 2027: unknown
    }
    rows = []
    for n, (decided, _, _) in enumerate(specs.values()):
        row = factory.penalty(n)
        row["CF_JDRQ"] = decided.strftime("%Y/%m/%d")
        row["CF_YXQ"] = (decided + dt.timedelta(days=365)).strftime("%Y/%m/%d")
        rows.append(row)
    import_file(write_csv(tmp_path / "p.csv", "penalty", rows), agency=demo_bureau, kind="penalty",
                today=dt.date(2026, 12, 31))
    item = PowerItem.objects.create(agency=demo_bureau, kind="penalty", code="T-9", department="治安支队",
                                    name="测试事项", basis="测试", party_kinds="自然人")
    records = {}
    for (label, (_, pushed, published)), row in zip(specs.items(), rows):
        record = PenaltyRecord.objects.get(document_number=row["CF_WSH"])
        PenaltyRecord.objects.filter(pk=record.pk).update(
            pushed_at=at(pushed) if pushed else None, published_at=at(published) if published else None,
            power_item=item if label in ("A", "B") else None)
        records[label] = record.pk
    return records


def statuses(rows):
    return {row.pk: (row.push_status, row.publish_status) for row in rows}


def test_statuses_on_hand_made_dates(demo_bureau, hand_made):
    found = statuses(deadline_rows(demo_bureau, today=TODAY))
    assert found[hand_made["A"]] == ("on_time", "late")
    assert found[hand_made["B"]] == ("late", "on_time")
    assert found[hand_made["C"]] == ("overdue", "at_risk")
    assert found[hand_made["D"]] == ("pending", "pending")
    assert found[hand_made["E"]] == ("on_time", "on_time")
    assert found[hand_made["F"]] == ("unknown", "unknown")
    # on 9-16 D's push (due 9-18) is two working days away: at risk
    assert statuses(deadline_rows(demo_bureau, today=dt.date(2026, 9, 16)))[hand_made["D"]] == ("at_risk", "pending")


def test_report_per_unit_with_rates_and_period(demo_bureau, hand_made):
    report = compliance_report(demo_bureau, start=dt.date(2026, 9, 1), end=dt.date(2026, 9, 30), today=TODAY)
    units = {u.unit: u for u in report.units}
    assert set(units) == {"治安支队", demo_bureau.name}  # 行政决定部门, else the 处罚机关
    zhian = units["治安支队"]
    assert (zhian.total, zhian.push_rate, zhian.publish_rate) == (2, 0.5, 0.5)
    other = units[demo_bureau.name]
    assert other.total == 3 and other.push_rate == 0.5 and other.publish_rate == 1.0  # C overdue; E on time
    assert {row.pk for row in report.late} == {hand_made["A"], hand_made["B"], hand_made["C"]}
    assert [row.pk for row in report.at_risk] == []  # C is late already; at-risk lists only those not late
    assert report.overall.total == 5 and report.unknown == 0
    only_zhian = compliance_report(demo_bureau, start=dt.date(2026, 9, 1), end=dt.date(2026, 9, 30), unit="治安支队",
                                   today=TODAY)
    assert only_zhian.overall.total == 2
    later = compliance_report(demo_bureau, start=dt.date(2026, 9, 8), end=dt.date(2026, 9, 30),
                              today=dt.date(2026, 9, 16))
    assert [row.pk for row in later.at_risk] == [hand_made["D"]]


def test_annual_figures(demo_bureau, hand_made, tmp_path):
    factory = RowFactory(demo_bureau.name, demo_bureau.uscc, seed=32, start=dt.date(2026, 2, 1), days=30)
    import_file(write_csv(tmp_path / "l.csv", "license", [factory.license(n) for n in range(3)]), agency=demo_bureau,
                kind="license")
    assert decision_counts(demo_bureau, 2026) == {"行政许可": 3, "行政处罚": 6}
    assert decision_counts(demo_bureau, 2025) == {"行政许可": 0, "行政处罚": 0}
    rates = on_time_rates(demo_bureau, 2026, today=TODAY)
    assert rates["行政处罚"]["决定数"] == 6 and rates["行政处罚"]["期限未知"] == 1
    assert rates["行政许可"]["公示逾期"] == 3  # never published, long past due
    assert rates["合计"]["报送按期率"] == round(2 / (2 + 2 + 3), 4)


def test_admin_page_for_staff(client, demo_bureau, hand_made):
    client.force_login(get_user_model().objects.get(username="gongkaiban"))
    response = client.get("/admin/credit/repairapplication/compliance/", {"from": "2026-09-01", "to": "2026-12-31"})
    assert response.status_code == 200
    page = response.content.decode()
    for text in ("双公示时限情况", "治安支队", "报送按期率", "公示按期率", "逾期未完成", "期限未知", "即将到期"):
        assert text in page
    full_name = PenaltyRecord.objects.get(pk=hand_made["C"]).party_name
    assert full_name in page  # staff see the full record


def test_admin_page_needs_credit_view_permission(client, demo_bureau):
    user = get_user_model().objects.create_user("visitor", is_staff=True)
    client.force_login(user)
    assert client.get("/admin/credit/repairapplication/compliance/").status_code == 403


def test_a_corrected_decision_keeps_its_first_versions_push_and_publication(tmp_path, demo_bureau):
    """Version 2 (a corrected 处罚事由, imported weeks later) is not late: the decision was pushed and
    published on time as version 1."""
    factory = RowFactory(demo_bureau.name, demo_bureau.uscc, seed=33)
    row = {**factory.penalty(0), "CF_JDRQ": "2026/09/07", "CF_YXQ": "2027/09/07"}
    import_file(write_csv(tmp_path / "v1.csv", "penalty", [row]), agency=demo_bureau, kind="penalty",
                today=dt.date(2026, 9, 8))
    PenaltyRecord.objects.update(pushed_at=at(dt.date(2026, 9, 10)), published_at=at(dt.date(2026, 9, 8)))
    corrected = {**row, "CF_SY": row["CF_SY"] + "（更正）"}
    import_file(write_csv(tmp_path / "v2.csv", "penalty", [corrected]), agency=demo_bureau, kind="penalty",
                today=dt.date(2026, 10, 20))
    current = PenaltyRecord.objects.get(is_current=True)
    assert current.version == 2 and current.pushed_at is None
    [found] = deadline_rows(demo_bureau, today=dt.date(2026, 10, 21))
    assert (found.pk, found.pushed_on, found.published_on) == (current.pk, dt.date(2026, 9, 10), dt.date(2026, 9, 8))
    assert (found.push_status, found.publish_status) == ("on_time", "on_time")
