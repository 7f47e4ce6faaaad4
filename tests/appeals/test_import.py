"""Importing a review and litigation ledger: linked requests, bad rows reported, re-import adds nothing."""

import csv
import datetime as dt
from pathlib import Path

import pytest
from django.core.management import call_command

from gongkai.appeals.importer import APPEAL_LEDGER
from gongkai.appeals.models import AppealCase
from gongkai.appeals.services import appeal_counts
from gongkai.inforequests.importer import REQUEST_LEDGER
from gongkai.intake import UnreadableFile
from gongkai.intake.tables import import_table
from gongkai.org.models import AuditEntry

D = dt.date
HEADER = ["案件类型", "起诉方式", "关联申请编号", "立案日期", "结果", "审结日期", "案号"]
GOOD_ROWS = [
    ["行政复议", "", "SQ-2024-001", "2024-04-10", "结果维持", "2024-06-01", "示政复〔2024〕18号"],
    ["行政诉讼", "未经复议直接起诉", "", "2024-05-06", "结果纠正", "2025-01-15", "（2024）示0102行初45号"],
    ["行政诉讼", "复议后起诉", "SQ-2024-001", "2024-07-01", "尚未审结", "", "（2024）示0102行初77号"],
]


def write_csv(path: Path, rows, header=HEADER) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


@pytest.fixture
def with_request(demo_bureau, tmp_path):
    """One imported request, SQ-2024-001, received 2024-03-01, for the cases to point at."""
    requests = write_csv(tmp_path / "requests.csv", [["SQ-2024-001", "2024-03-01", "自然人", "当面", "交通事故统计",
                                                      "予以公开", "2024-03-20", ""]],
                         header=["申请编号", "收到日期", "申请人类型", "申请渠道", "申请内容", "办理结果", "办结日期"])
    assert import_table(REQUEST_LEDGER, requests, demo_bureau).created == 1
    return demo_bureau


@pytest.mark.django_db
def test_good_rows_land_linked_to_their_request_and_count_in_table_4(with_request, tmp_path):
    result = import_table(APPEAL_LEDGER, write_csv(tmp_path / "appeals.csv", GOOD_ROWS), with_request)
    assert result.complete and result.created == 3
    review = AppealCase.objects.get(case_number="示政复〔2024〕18号")
    assert review.imported and review.request.number == "SQ-2024-001" and review.outcome == "upheld"
    direct = AppealCase.objects.get(litigation_route="direct")
    assert direct.request is None and direct.closed_on == D(2025, 1, 15)
    counts = appeal_counts(with_request, 2024)
    assert counts["review"]["结果维持"] == 1
    assert counts["litigation_direct"]["尚未审结"] == 1  # decided in 2025: pending at the end of 2024
    assert counts["litigation_after_review"]["尚未审结"] == 1
    assert AuditEntry.objects.filter(action="import").latest("id").after["kind"] == "appeals"


@pytest.mark.django_db
def test_reimporting_the_same_case_ledger_adds_nothing(with_request, tmp_path):
    path = write_csv(tmp_path / "appeals.csv", GOOD_ROWS)
    import_table(APPEAL_LEDGER, path, with_request)
    again = import_table(APPEAL_LEDGER, path, with_request)
    assert (again.created, again.already_present) == (0, 3) and AppealCase.objects.count() == 3


@pytest.mark.django_db
@pytest.mark.parametrize("row, column, reason", [
    (["行政复议", "复议后起诉", "", "2024-04-10", "结果维持", "2024-06-01", "X-1"], "起诉方式", "不填写起诉方式"),
    (["行政诉讼", "", "", "2024-04-10", "结果维持", "2024-06-01", "X-1"], "起诉方式", "须选择"),
    (["行政复议", "", "", "2024-04-10", "结果维持", "2024-03-01", "X-1"], "审结日期", "早于立案日期"),
    (["行政复议", "", "", "2024-04-10", "尚未审结", "2024-06-01", "X-1"], "审结日期", "不填写审结日期"),
    (["行政复议", "", "", "2024-04-10", "结果维持", "", "X-1"], "审结日期", "须填写审结日期"),
    (["行政复议", "", "", "2024-04-31", "结果维持", "2024-06-01", "X-1"], "立案日期", "不存在的日期"),
    (["行政复议", "", "", "2024-04-10", "驳回", "2024-06-01", "X-1"], "结果", "应为"),
    (["信访", "", "", "2024-04-10", "结果维持", "2024-06-01", "X-1"], "案件类型", "应为"),
    (["行政复议", "", "NO-SUCH", "2024-04-10", "结果维持", "2024-06-01", "X-1"], "关联申请编号", "没有该申请编号"),
    (["行政复议", "", "SQ-2024-001", "2024-02-10", "结果维持", "2024-06-01", "X-1"], "立案日期", "早于关联申请"),
    (["行政复议", "", "", "2024-04-10", "结果维持", "2024-06-01", ""], "案号", "必填"),
])
def test_bad_rows_are_reported_and_good_ones_land(with_request, tmp_path, row, column, reason):
    result = import_table(APPEAL_LEDGER, write_csv(tmp_path / "appeals.csv", [GOOD_ROWS[0], row]), with_request)
    assert result.created == 1
    assert [(e.row, e.column) for e in result.errors] == [(3, column)] and reason in result.errors[0].reason
    assert (tmp_path / "appeals.errors.csv").exists()


@pytest.mark.django_db
def test_a_ledger_without_the_case_number_column_is_refused(demo_bureau, tmp_path):
    with pytest.raises(UnreadableFile, match="“案号”"):
        import_table(APPEAL_LEDGER, write_csv(tmp_path / "a.csv", [r[:6] for r in GOOD_ROWS], HEADER[:6]), demo_bureau)


@pytest.mark.django_db
def test_the_command_imports_appeals(with_request, tmp_path, capsys):
    call_command("import_data", "appeals", str(write_csv(tmp_path / "appeals.csv", GOOD_ROWS)))
    assert "新增3行" in capsys.readouterr().out and AppealCase.objects.count() == 3
