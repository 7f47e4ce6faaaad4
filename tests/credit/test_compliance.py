"""双公示 deadlines on hand-made dates: late push, late publication, at-risk, unknown calendar; the admin page."""

import datetime as dt

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import path
from django.utils import timezone

import gongkai.credit.admin_compliance  # noqa: F401  (registers the compliance page)
from gongkai.credit import compliance
from gongkai.credit.compliance import (compliance_report, decision_counts, deadline_rows, exception_predicate,
                                       on_time_rates)
from gongkai.credit.importing import import_file
from gongkai.credit.models import LicenseRecord, PenaltyRecord, PowerItem
from gongkai.credit.samples import RowFactory, write_csv
from gongkai.holidays.calendar import current_calendar

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


def oracle_report(agency, *, start, end, today, unit=None, kind=None):
    """The row-by-row computation (deadline_rows) summed the way the page sums it: what the SQL must equal."""
    rows = [row for row in deadline_rows(agency, start=start, end=end, kind=kind, today=today)
            if unit is None or row.unit == unit]
    figures: dict = {}
    for row in rows:
        for key in (row.unit, "合计"):
            entry = figures.setdefault(key, {"total": 0, "push": {}, "publish": {}})
            entry["total"] += 1
            entry["push"][row.push_status] = entry["push"].get(row.push_status, 0) + 1
            entry["publish"][row.publish_status] = entry["publish"].get(row.publish_status, 0) + 1
    late = [row for row in rows if row.is_late]
    at_risk = [row for row in rows if row.is_at_risk and not row.is_late]
    unknown = sum(1 for row in rows if "unknown" in (row.push_status, row.publish_status))
    return figures, late, at_risk, unknown


def figures_of(report) -> dict:
    figures = {u.unit: {"total": u.total, "push": {k: v for k, v in u.push.items() if v},
                        "publish": {k: v for k, v in u.publish.items() if v}} for u in report.units}
    if report.overall.total:
        figures["合计"] = {"total": report.overall.total, "push": {k: v for k, v in report.overall.push.items() if v},
                         "publish": {k: v for k, v in report.overall.publish.items() if v}}
    return figures


@pytest.fixture
def seeded(tmp_path, demo_bureau):
    """200 decisions from 2026-07 to 2027-01 (the last weeks past the known calendar), corrected versions,
    minor penalties, units from power items and authorities, pushes and publications early, late or never."""
    import random

    rng = random.Random(1717)
    factory = RowFactory(demo_bureau.name, demo_bureau.uscc, seed=77, start=dt.date(2026, 7, 1), days=200)
    penalties = [factory.penalty(n) for n in range(150)]
    licenses = [factory.license(n) for n in range(50)]
    import_file(write_csv(tmp_path / "p.csv", "penalty", penalties), agency=demo_bureau, kind="penalty",
                today=dt.date(2027, 1, 31))
    import_file(write_csv(tmp_path / "l.csv", "license", licenses), agency=demo_bureau, kind="license",
                today=dt.date(2027, 1, 31))
    units = [PowerItem.objects.create(agency=demo_bureau, kind="penalty", code=f"T-{n}", department=name,
                                      name="测试事项", basis="测试", party_kinds="自然人")
             for n, name in enumerate(("治安支队", "交警支队", ""))]
    for model in (PenaltyRecord, LicenseRecord):
        for record in model.objects.all():
            def moment():
                roll = rng.random()
                day = record.decided_on + dt.timedelta(days=rng.randrange(0, 16))  # any hour: local-day edges
                return None if roll < 0.2 else timezone.make_aware(dt.datetime.combine(day, dt.time(rng.randrange(24), 30)))
            changes = {"pushed_at": moment(), "published_at": moment(),
                       "power_item": rng.choice([None, *units]) if model is PenaltyRecord else None}
            if model is PenaltyRecord and rng.random() < 0.15:
                changes.update(severity="轻微", publicity_ends_on=None)
            model.objects.filter(pk=record.pk).update(**changes)
    corrected = [{**row, "CF_SY": row["CF_SY"] + "（更正）"} for row in penalties[:20]]
    import_file(write_csv(tmp_path / "v2.csv", "penalty", corrected), agency=demo_bureau, kind="penalty",
                today=dt.date(2027, 1, 31))
    assert PenaltyRecord.objects.filter(is_current=False).exists()
    return demo_bureau


@pytest.mark.parametrize("today", [dt.date(2026, 9, 15), dt.date(2026, 11, 3), dt.date(2026, 12, 30)])
def test_database_figures_equal_the_row_by_row_computation(seeded, today):
    seen_statuses: set = set()
    for options in ({}, {"kind": "license"}, {"unit": "治安支队"}, {"kind": "penalty", "unit": "示范市公安局"}):
        start, end = dt.date(2026, 7, 1), dt.date(2027, 1, 31)
        report = compliance_report(seeded, start=start, end=end, today=today, **options)
        figures, late, at_risk, unknown = oracle_report(seeded, start=start, end=end, today=today, **options)
        assert figures_of(report) == figures, options
        assert report.unknown == unknown
        assert [(r.kind, r.pk) for r in report.late] == [(r.kind, r.pk) for r in
                                                         sorted(late, key=lambda r: (r.unit, r.decided_on, r.pk, r.kind))]
        assert list(report.late) == sorted(late, key=lambda r: (r.unit, r.decided_on, r.pk, r.kind))
        assert list(report.at_risk) == sorted(at_risk, key=lambda r: (r.push_due, r.pk, r.kind))
        assert len(report.late) == len(late) and len(report.at_risk) == len(at_risk)
        for first in (0, 7, 30, len(late) - 3):  # a page read alone: the dates and units it spans
            assert report.late[first: first + 11] == list(report.late)[first: first + 11]
        if not options:
            seen_statuses.update(report.overall.push)
    assert {"on_time", "late", "unknown", "not_required"} <= seen_statuses  # the seeded set reaches them all
    assert seen_statuses & {"overdue", "at_risk", "pending"}
    annual = on_time_rates(seeded, 2026, today=today)
    rows = deadline_rows(seeded, start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31), today=today)
    assert annual["合计"]["决定数"] == len(rows)
    assert annual["合计"]["公示逾期"] == sum(1 for r in rows if r.publish_status in ("late", "overdue"))
    assert annual["合计"]["期限未知"] == sum(1 for r in rows if r.publish_status == "unknown")


def test_admin_lists_are_paginated_and_exported_whole(client, seeded):
    import io

    from python_calamine import CalamineWorkbook

    client.force_login(get_user_model().objects.get(username="gongkaiban"))
    period = {"from": "2026-07-01", "to": "2027-01-31"}
    report = compliance_report(seeded, start=dt.date(2026, 7, 1), end=dt.date(2027, 1, 31))
    late = list(report.late)
    assert len(late) > 50
    first = client.get("/admin/credit/repairapplication/compliance/", period).content.decode()
    second = client.get("/admin/credit/repairapplication/compliance/", {**period, "late_page": 2}).content.decode()
    assert late[0].document_number in first and late[0].document_number not in second
    assert late[50].document_number in second and late[50].document_number not in first
    assert "late_page=2" in first and "导出逾期清单" in first
    response = client.get("/admin/credit/repairapplication/compliance/export/", {**period, "list": "late"})
    assert response.status_code == 200
    book = CalamineWorkbook.from_filelike(io.BytesIO(b"".join(response.streaming_content)))
    exported = book.get_sheet_by_index(0).to_python()
    assert tuple(exported[0][:3]) == ("单位", "类别", "决定文书号")
    assert [row[2] for row in exported[1:]] == [row.document_number for row in late]
    assert client.get("/admin/credit/repairapplication/compliance/export/", {"list": "x"}).status_code == 404


def test_the_importer_stores_each_versions_authority(seeded):
    for model, code in ((PenaltyRecord, "CF_CFJG"), (LicenseRecord, "XK_XKJG")):
        pairs = list(model.objects.values_list("authority", "fields"))
        assert pairs and all(authority == fields[code] for authority, fields in pairs)


def test_the_exception_index_text_is_the_queries_text():
    """SQLite reads a partial index only for a query repeating its WHERE; the migrations froze the text."""
    import importlib

    created = importlib.import_module("gongkai.credit.migrations.0013_compliance_authority_and_indexes")
    covering = importlib.import_module("gongkai.credit.migrations.0014_deadline_exceptions_covering")
    latest = importlib.import_module("gongkai.credit.migrations.0015_deadline_exceptions_numbers_and_parties")
    for kind in ("penalty", "license"):
        for vendor in ("sqlite", "postgresql"):
            assert exception_predicate(kind, vendor) == created._predicate(vendor, kind == "penalty")
            assert exception_predicate(kind, vendor) == latest._predicate(vendor, kind == "penalty")
        assert exception_predicate(kind, "sqlite") == covering._predicate(kind == "penalty")


def test_the_page_reads_its_indexes(seeded):
    """Totals from (agency, is_current, decided_on, power_item, authority) and exceptions from the partial
    index, each index alone (COVERING). SQLite only: it takes a partial index only for a query repeating
    its WHERE term for term. PostgreSQL proves the predicate, and on a few hundred rows rightly prefers
    other plans; benchmarks/credit_compliance.py prints its plans at scale."""
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's plan; PostgreSQL's are printed by the benchmark at scale")
    period = compliance._period(seeded, dt.date(2026, 7, 1), dt.date(2027, 1, 31), None)
    with CaptureQueriesContext(connection) as captured:
        compliance._counts(period, dt.date(2026, 11, 3), current_calendar())
        compliance._entries(period, None, period.start, period.end, "late")  # the lists' and export's read
    statements = [query["sql"] for query in captured.captured_queries if query["sql"].startswith("SELECT")
                  and "credit_" in query["sql"] and "credit_poweritem" not in query["sql"]]
    assert sum("r.document_number" in statement and "version = 1" in statement for statement in statements) == 2
    with compliance._session(period.days) as cursor:
        plans = []
        for statement in statements:
            cursor.execute("EXPLAIN QUERY PLAN " + statement)
            plans.append(" ".join(str(row[-1]) for row in cursor.fetchall()))
    for kind in ("penalty", "license"):
        totals = [plan for statement, plan in zip(statements, plans)
                  if f"COUNT(*) FROM credit_{kind}record WHERE" in statement]
        exceptions = [plan for statement, plan in zip(statements, plans)
                      if f"FROM credit_{kind}record r" in statement and "version = 1" in statement]
        assert totals and all(f"COVERING INDEX {kind}_current_day_unit" in plan for plan in totals), totals
        assert exceptions and all(f"COVERING INDEX {kind}_deadline_exceptions" in plan for plan in exceptions), (
            exceptions)


def test_the_streamed_xlsx_reads_back():
    """The export's writer: texts (Chinese, markup, control characters, edge spaces), numbers, dates, empties."""
    import io

    from python_calamine import CalamineWorkbook

    from gongkai.intake.xlsx_stream import xlsx_stream

    rows = [("示范市公安局", "a & <b> \x01c", 12, 2.5, dt.date(2026, 3, 4), None, " 前后空格 ", "=1+1")] * 3
    handle = xlsx_stream(("单位", "文本", "整数", "小数", "日期", "空", "空格", "公式"), rows, widths=(18, 10),
                         sheet_title="逾期")
    book = CalamineWorkbook.from_filelike(io.BytesIO(handle.read()))
    assert book.sheet_names == ["逾期"]
    table = book.get_sheet_by_index(0).to_python()
    assert table[0] == ["单位", "文本", "整数", "小数", "日期", "空", "空格", "公式"]
    assert table[1:] == [["示范市公安局", "a & <b> c", 12, 2.5, "2026-03-04", "", " 前后空格 ", "=1+1"]] * 3
