"""The report's tables from the records: golden cells, each request counted once, both formats."""

import datetime as dt
from collections import Counter

import pytest
from django.contrib.auth.models import User
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.core import annual_tables as at
from gongkai.core.decision_rules import SITUATIONS
from gongkai.inforequests import services
from gongkai.inforequests.models import Decision, InfoRequest
from gongkai.reports.document import build_document, official_json
from gongkai.reports.statistics import compute_statistics

D = dt.date
PERSON = {"name": "测试", "id_type": "resident_id", "id_number": "11010519491231002X", "phone": "13800000000"}
COMPANY = {"name": "测试公司", "uscc": "91230500MA1B3N1N2M", "contact_person": "联系人", "phone": "13800000000"}


def office():
    return User.objects.get(username="gongkaiban")


def file_request(agency, received, kind="自然人"):
    details = PERSON if kind == "自然人" else COMPANY
    request, _ = services.register_request(agency, channel="in_person", submitted_on=received, confirmed_on=None,
                                           applicant_kind=kind, applicant=details, description="统计测试", user=office())
    return request


def decide(request, on, situation="disclose"):
    extra = {}
    if SITUATIONS_BY_KEY[situation].category.value.startswith("withheld.") or situation == "partial":
        extra = {"reasons": "理由", "withheld_information": "信息", "approved_by": "王主任"}
    return services.decide(request, office(), situation=situation, decided_on=on, **extra)


SITUATIONS_BY_KEY = {s.key: s for s in SITUATIONS}


@pytest.mark.django_db
def test_golden_2025_report_cell_by_cell(demo_bureau):
    """The demo's 2025 table 三, checked against counts made here straight from the raw records."""
    from gongkai.inforequests.demo import load

    load(demo_bureau, D(2026, 3, 1))
    document = build_document(demo_bureau, 2025)
    table = official_json(document)["三、收到和处理政府信息公开申请情况"]
    start, end = D(2025, 1, 1), D(2025, 12, 31)
    requests = list(InfoRequest.objects.filter(agency=demo_bureau).select_related("decision"))

    def finished(r):
        decision = getattr(r, "decision", None)
        if decision:
            return decision.decided_on
        deadline = services.deadline_of(r, end)
        return deadline.ended_on if deadline and deadline.state == "ended" and deadline.ended_on else None

    expected_new = Counter(r.applicant_kind for r in requests if r.received_on and start <= r.received_on <= end)
    expected_in = Counter(r.applicant_kind for r in requests if r.received_on and r.received_on < start
                          and not (finished(r) and finished(r) < start))
    expected_out = Counter(r.applicant_kind for r in requests if r.received_on and r.received_on <= end
                           and not (finished(r) and finished(r) <= end) and not (finished(r) and finished(r) < start))
    granted = Counter(r.applicant_kind for r in requests if getattr(r, "decision", None)
                      and start <= r.decision.decided_on <= end and r.decision.category == "granted")
    for column in at.APPLICANT_COLUMNS:
        assert table["一、本年新收政府信息公开申请数量"][column] == expected_new[column], column
        assert table["二、上年结转政府信息公开申请数量"][column] == expected_in[column], column
        assert table["四、结转下年度继续办理"][column] == expected_out[column], column
        assert table["三、本年度办理结果"]["（一）予以公开"][column] == granted[column], column
    assert table["一、本年新收政府信息公开申请数量"]["总计"] == sum(expected_new.values()) > 50
    assert document["violations"] == []


@pytest.mark.django_db
def test_both_formats_agree_where_they_overlap(demo_bureau):
    a = file_request(demo_bureau, D(2020, 3, 2))
    decide(a, D(2020, 3, 20), "repeat")
    b = file_request(demo_bureau, D(2020, 12, 1), "商业企业")
    c = file_request(demo_bureau, D(2020, 4, 1))
    decide(c, D(2020, 4, 10), "partial")
    old = compute_statistics(demo_bureau, 2020, fmt=at.FORMAT_2019)
    new = compute_statistics(demo_bureau, 2020, fmt=at.FORMAT_2021)
    for key in old.fmt.value_row_keys:
        if key in new.tables.requests:
            assert old.tables.requests[key] == new.tables.requests[key], key
    assert old.tables.requests["carried_out"]["商业企业"] == 1
    assert old.tables.appeals == new.tables.appeals
    assert b.pk


@pytest.mark.django_db
def test_this_years_carried_in_is_last_years_carried_out(demo_bureau):
    for day in (D(2024, 11, 20), D(2024, 12, 20), D(2024, 12, 30)):
        file_request(demo_bureau, day)
    decide(InfoRequest.objects.order_by("id").first(), D(2024, 12, 10))
    last = compute_statistics(demo_bureau, 2024)
    this = compute_statistics(demo_bureau, 2025)
    assert this.tables.requests["carried_in"] == last.tables.requests["carried_out"]
    assert this.tables.requests["carried_in"]["总计"] == 2
    assert this.violations == []


@pytest.mark.django_db
def test_a_missing_manual_cell_is_listed_and_an_entered_one_is_marked(demo_bureau):
    from gongkai.reports.models import ManualCell

    stats = compute_statistics(demo_bureau, 2025)
    assert ("proactive", "coercion", "本年处理决定数量") in stats.missing
    ManualCell.objects.create(agency=demo_bureau, year=2025, table="proactive", row_key="coercion",
                              column="本年处理决定数量", value=12, note="执法办案系统统计", entered_by=office())
    document = build_document(demo_bureau, 2025)
    cells = official_json(document)["二、主动公开政府信息情况"]["第二十条第（六）项"]["行政强制"]
    assert cells["本年处理决定数量"] == 12
    assert any(cell["row"] == "coercion" and "执法办案系统统计" in cell["note"] for cell in document["manual_cells"])


@pytest.mark.django_db
def test_a_negative_manual_cell_breaks_a_rule_and_names_the_cell(demo_bureau):
    from gongkai.reports.models import ManualCell

    ManualCell.objects.create(agency=demo_bureau, year=2025, table="proactive", row_key="coercion",
                              column="本年处理决定数量", value=-1, entered_by=office())
    stats = compute_statistics(demo_bureau, 2025)
    assert [v.rule for v in stats.violations] == [at.Rule.NEGATIVE]
    assert "行政强制" in stats.violations[0].message


HISTORY = st.lists(
    st.tuples(st.integers(0, 700), st.sampled_from([a.value for a in at.Applicant]),
              st.one_of(st.none(), st.integers(0, 60)), st.sampled_from([s.key for s in SITUATIONS[:19]])),
    min_size=1, max_size=12)


@pytest.mark.django_db
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(history=HISTORY)
def test_random_histories_keep_every_rule_and_count_each_request_once(demo_bureau, history):
    from django.db import transaction

    with transaction.atomic():  # each example starts from an empty ledger of requests
        check_history(demo_bureau, history)
        transaction.set_rollback(True)


def check_history(demo_bureau, history):
    start = D(2024, 1, 2)
    for offset, kind, answer_after, situation in history:
        received = start + dt.timedelta(days=offset)
        request = file_request(demo_bureau, received, kind)
        if answer_after is not None:
            decided = received + dt.timedelta(days=answer_after)
            if decided <= D(2026, 11, 27):
                decide(request, decided, situation)
    total = InfoRequest.objects.filter(agency=demo_bureau).count()
    for year in (2024, 2025):
        stats = compute_statistics(demo_bureau, year)
        assert stats.violations == [], [v.message for v in stats.violations]
    first, second = compute_statistics(demo_bureau, 2024), compute_statistics(demo_bureau, 2025)
    # Every request is new in exactly one year and finished (or carried out) once per year it is open.
    assert first.tables.requests["new"]["总计"] + second.tables.requests["new"]["总计"] == total
    assert second.tables.requests["carried_in"] == first.tables.requests["carried_out"]
    finished = Decision.objects.filter(request__agency=demo_bureau, decided_on__year__in=(2024, 2025)).count()
    assert first.tables.requests["total"]["总计"] + second.tables.requests["total"]["总计"] == finished
