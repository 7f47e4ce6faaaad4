"""Importing a request ledger: good rows land, bad rows are reported, re-import is a no-op, the exit codes hold."""

import csv
import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
import xlsxwriter
from django.core.management import CommandError, call_command

from gongkai.core.annual_tables import DecisionCategory
from gongkai.inforequests import importer, services
from gongkai.inforequests.importer import REQUEST_LEDGER, situation_for_result
from gongkai.intake import UnreadableFile
from gongkai.intake.tables import TableSpec, import_table
from gongkai.inforequests.models import InfoRequest
from gongkai.org.models import AuditEntry

D = dt.date
GONGKAI = str(Path(sys.executable).with_name("gongkai"))
HEADER = ["申请编号", "收到日期", "申请人类型", "申请渠道", "申请内容", "办理结果", "办结日期", "答复日期"]
GOOD_ROWS = [
    ["SQ-2024-001", "2024-03-01", "自然人", "当面", "2023年交通事故统计数据", "予以公开", "2024-03-20", "2024-03-18"],
    ["", "2024/4/2", "商业企业", "网上申请", "某路口电子警察设置依据", "1.属于国家秘密", "2024年4月25日", ""],
    ["SQ-2025-009", "2025-09-26", "法律服务机构", "电子邮件", "户籍迁移政策文件", "", "", ""],
]


def write_csv(path: Path, rows, *, header=HEADER, encoding="utf-8") -> Path:
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def run(path, agency, **kwargs):
    return import_table(REQUEST_LEDGER, path, agency, **kwargs)


@pytest.mark.django_db
def test_good_rows_land_as_imported_requests_with_their_decisions(demo_bureau, tmp_path):
    result = run(write_csv(tmp_path / "ledger.csv", GOOD_ROWS), demo_bureau)
    assert result.complete and result.counts() == {"rows": 3, "created": 3, "already_present": 0, "rejected": 0}
    assert result.error_file is None and not (tmp_path / "ledger.errors.csv").exists()
    first = InfoRequest.objects.get(number="SQ-2024-001")
    assert first.imported and first.state == InfoRequest.State.CLOSED and first.closed_on == D(2024, 3, 20)
    assert first.applicant.name == "（历史台账）" and first.applicant.id_number == ""
    assert first.decision.category == DecisionCategory.GRANTED and first.decision.decided_on == D(2024, 3, 18)
    assert first.decision.delivered_on == D(2024, 3, 20) and not hasattr(first.decision, "filing")
    generated = InfoRequest.objects.get(received_on=D(2024, 4, 2))
    assert generated.number.startswith(f"{demo_bureau.org_code}-20240402-") and generated.channel == "online"
    assert generated.decision.category == DecisionCategory.WITHHELD_STATE_SECRET
    assert generated.decision.decided_on == D(2024, 4, 25)  # no 答复日期: answered on the closing day
    entry = AuditEntry.objects.get(action="import")
    assert entry.agency == demo_bureau and entry.after["created"] == 3 and entry.object_repr == "ledger.csv"


@pytest.mark.django_db
def test_open_rows_become_open_requests_on_the_clock_of_their_day(demo_bureau, tmp_path):
    rows = [["", "2025-09-26", "自然人", "当面", "2025年交通事故统计数据", "", "", ""],
            ["OLD-1", "2019-05-10", "其他", "传真", "2008年条例下收到的申请", "", "", ""]]
    run(write_csv(tmp_path / "open.csv", rows), demo_bureau)
    current = InfoRequest.objects.get(received_on=D(2025, 9, 26))
    assert current.state == InfoRequest.State.IN_PROGRESS and current.closed_on is None
    deadline = services.deadline_of(current, D(2025, 10, 1))
    assert (deadline.rules, deadline.due) == ("2019", D(2025, 10, 30))  # 20 working days across National Day
    old = InfoRequest.objects.get(number="OLD-1")
    deadline = services.deadline_of(old, D(2019, 5, 13))
    assert (deadline.rules, deadline.due) == ("2008", D(2019, 5, 31))  # 15 working days before 2019-05-15


@pytest.mark.django_db
@pytest.mark.parametrize("row, column, reason", [
    (["", "2024-02-30", "自然人", "当面", "x", "予以公开", "2024-03-20", ""], "收到日期", "不存在的日期"),
    (["", "3/1/2024", "自然人", "当面", "x", "予以公开", "2024-03-20", ""], "收到日期", "日期格式无法识别"),
    (["", "2024-03-01", "外星人", "当面", "x", "予以公开", "2024-03-20", ""], "申请人类型", "未知的申请人类型"),
    (["", "2024-03-01", "自然人", "飞鸽传书", "x", "予以公开", "2024-03-20", ""], "申请渠道", "未知的申请渠道"),
    (["", "2024-03-01", "自然人", "当面", "x", "同意公开", "2024-03-20", ""], "办理结果", "不是年报表三的办理结果"),
    (["", "2024-03-01", "自然人", "当面", "x", "不予公开", "2024-03-20", ""], "办理结果", "是分组"),
    (["", "2024-03-01", "自然人", "当面", "x", "予以公开", "2024-02-28", ""], "办结日期", "办结日期早于收到日期"),
    (["", "2024-03-01", "自然人", "当面", "x", "予以公开", "", ""], "办结日期", "须填写办结日期"),
    (["", "2024-03-01", "自然人", "当面", "x", "", "2024-03-20", ""], "办理结果", "须填写办理结果"),
    (["", "2024-03-01", "自然人", "当面", "x", "予以公开", "2024-03-20", "2024-03-21"], "答复日期", "晚于办结日期"),
    (["", "2007-03-01", "自然人", "当面", "x", "予以公开", "2007-03-20", ""], "收到日期", "2008年5月1日"),
    (["", "2099-03-01", "自然人", "当面", "x", "", "", ""], "收到日期", "不能晚于今天"),
    (["", "2024-03-01", "自然人", "当面", "", "", "", ""], "申请内容", "必填"),
])
def test_bad_rows_are_reported_with_row_column_and_reason_and_good_rows_still_land(
        demo_bureau, tmp_path, row, column, reason):
    path = write_csv(tmp_path / "ledger.csv", [GOOD_ROWS[0], row, GOOD_ROWS[2]])
    result = run(path, demo_bureau)
    assert result.created == 2 and result.rejected == 1
    assert [(e.row, e.column) for e in result.errors] == [(3, column)] and reason in result.errors[0].reason
    with (tmp_path / "ledger.errors.csv").open(encoding="utf-8-sig") as handle:
        lines = list(csv.reader(handle))
    assert lines[0] == ["行号", "列", "原因", "值"] and lines[1][:2] == ["3", column] and reason in lines[1][2]
    assert set(InfoRequest.objects.values_list("number", flat=True)) == {"SQ-2024-001", "SQ-2025-009"}


@pytest.mark.parametrize("label, category", [
    ("予以公开", DecisionCategory.GRANTED),
    ("（一）予以公开", DecisionCategory.GRANTED),
    ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", DecisionCategory.PARTIAL),
    ("部分公开", DecisionCategory.PARTIAL),
    ("1.属于国家秘密", DecisionCategory.WITHHELD_STATE_SECRET),
    ("属于国家秘密", DecisionCategory.WITHHELD_STATE_SECRET),
    ("1、属于国家秘密", DecisionCategory.WITHHELD_STATE_SECRET),
    ("危及“三安全一稳定”", DecisionCategory.WITHHELD_SECURITY_STABILITY),
    ('3.危及"三安全一稳定"', DecisionCategory.WITHHELD_SECURITY_STABILITY),
    ("8.属于行政查询事项", DecisionCategory.WITHHELD_QUERY_MATTER),
    ("1.本机关不掌握相关政府信息", DecisionCategory.UNAVAILABLE_NOT_HELD),
    ("3.补正后申请内容仍不明确", DecisionCategory.UNAVAILABLE_UNCLEAR_AFTER_CORRECTION),
    ("2.重复申请", DecisionCategory.NOT_PROCESSED_REPEAT),
    ("要求行政机关确认或重新出具已获取信息", DecisionCategory.NOT_PROCESSED_CONFIRM_OR_REISSUE),
    ("1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", DecisionCategory.OTHER_NO_CORRECTION),
    ("申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", DecisionCategory.OTHER_FEE_UNPAID),
    ("3.其他", DecisionCategory.OTHER),
    ("其他", DecisionCategory.OTHER),
    ("（六）其他处理", DecisionCategory.OTHER),  # the 2019 format's single row
])
def test_every_official_result_label_maps_onto_its_category(label, category):
    from gongkai.core.decision_rules import SITUATIONS_BY_KEY

    assert SITUATIONS_BY_KEY[situation_for_result(label)].category == category


def test_every_2021_result_row_is_accepted_numbered_and_bare():
    from gongkai.core.annual_tables import REQUEST_ROWS_2021, RowRole
    from gongkai.core.decision_rules import SITUATIONS_BY_KEY

    for row in REQUEST_ROWS_2021:
        if row.role is RowRole.RESULT:
            bare = importer.NUMBERING_PREFIX.sub("", row.label.replace("（", "(").replace("）", ")"))
            for label in (row.label, bare):
                assert SITUATIONS_BY_KEY[situation_for_result(label)].category.value == row.key, label


@pytest.mark.django_db
def test_reimporting_the_same_file_adds_nothing(demo_bureau, tmp_path):
    path = write_csv(tmp_path / "ledger.csv", GOOD_ROWS)
    run(path, demo_bureau)
    again = run(path, demo_bureau)
    assert again.counts() == {"rows": 3, "created": 0, "already_present": 3, "rejected": 0}
    assert InfoRequest.objects.count() == 3
    assert [entry.after["created"] for entry in AuditEntry.objects.filter(action="import").order_by("id")] == [3, 0]


@pytest.mark.django_db
def test_the_same_unnumbered_request_twice_in_one_file_is_refused_as_a_duplicate(demo_bureau, tmp_path):
    result = run(write_csv(tmp_path / "dup.csv", [GOOD_ROWS[1], GOOD_ROWS[1]]), demo_bureau)
    assert result.created == 1 and [(e.row, e.column) for e in result.errors] == [(3, "收到日期、申请内容")]
    assert "与第2行重复" in result.errors[0].reason


@pytest.mark.django_db
def test_a_dry_run_checks_everything_and_writes_nothing(demo_bureau, tmp_path):
    result = run(write_csv(tmp_path / "ledger.csv", GOOD_ROWS + [["", "bad", "自然人", "当面", "x", "", "", ""]]),
                 demo_bureau, dry_run=True)
    assert (result.created, result.rejected) == (3, 1) and "试运行" in result.summary()
    assert not InfoRequest.objects.exists() and not AuditEntry.objects.filter(action="import").exists()
    assert (tmp_path / "ledger.errors.csv").exists()


@pytest.mark.django_db
def test_a_crash_loses_only_the_chunk_being_written_and_a_rerun_finishes(demo_bureau, tmp_path, monkeypatch):
    rows = [[f"N-{i}", "2024-03-01", "自然人", "当面", f"内容{i}", "予以公开", "2024-03-20", ""] for i in range(5)]
    path = write_csv(tmp_path / "ledger.csv", rows)
    calls = []

    def dying_write(agency, chunk, user):
        calls.append(len(chunk))
        importer.write_request_chunk(agency, chunk, user)
        if len(calls) == 2:
            raise RuntimeError("process killed")

    dying = TableSpec(**{**REQUEST_LEDGER.__dict__, "write_chunk": dying_write})
    with pytest.raises(RuntimeError):
        import_table(dying, path, demo_bureau, chunk_size=2)
    assert sorted(InfoRequest.objects.values_list("number", flat=True)) == ["N-0", "N-1"]  # chunk 2 rolled back
    assert not AuditEntry.objects.filter(action="import").exists()
    result = import_table(REQUEST_LEDGER, path, demo_bureau, chunk_size=2)
    assert (result.created, result.already_present) == (3, 2) and InfoRequest.objects.count() == 5


@pytest.mark.django_db
def test_gb18030_and_bom_csv_are_decoded(demo_bureau, tmp_path):
    gb = run(write_csv(tmp_path / "gb.csv", GOOD_ROWS[:1], encoding="gb18030"), demo_bureau)
    bom = run(write_csv(tmp_path / "bom.csv", GOOD_ROWS[1:], encoding="utf-8-sig"), demo_bureau)
    assert gb.complete and bom.complete and InfoRequest.objects.count() == 3
    assert InfoRequest.objects.get(number="SQ-2024-001").description == "2023年交通事故统计数据"


@pytest.mark.django_db
def test_a_file_in_neither_encoding_is_refused_with_the_reason(demo_bureau, tmp_path):
    path = tmp_path / "latin.csv"
    path.write_bytes("申请编号,收到日期\n".encode("utf-8") + b"\xff\xfe\xfd\x80\x80\n")
    with pytest.raises(UnreadableFile, match="编码"):
        run(path, demo_bureau)


@pytest.mark.django_db
def test_a_missing_required_column_refuses_the_file_naming_the_column(demo_bureau, tmp_path):
    path = write_csv(tmp_path / "ledger.csv", [row[:2] + row[3:] for row in GOOD_ROWS],
                     header=HEADER[:2] + HEADER[3:])
    with pytest.raises(UnreadableFile, match="缺少必填列“申请人类型”"):
        run(path, demo_bureau)
    assert not InfoRequest.objects.exists()


def write_xlsx(path: Path, rows, *, title: str | None = None) -> Path:
    workbook = xlsxwriter.Workbook(path)
    sheet = workbook.add_worksheet()
    date_format = workbook.add_format({"num_format": "yyyy-mm-dd"})
    offset = 0
    if title:
        sheet.write_string(0, 0, title)
        offset = 1
    sheet.write_row(offset, 0, HEADER)
    for r, row in enumerate(rows, start=offset + 1):
        for c, value in enumerate(row):
            if isinstance(value, dt.date):
                sheet.write_datetime(r, c, dt.datetime.combine(value, dt.time()), date_format)
            elif isinstance(value, (int, float)):
                sheet.write_number(r, c, value)
            else:
                sheet.write_string(r, c, value)
    workbook.close()
    return path


@pytest.mark.django_db
def test_xlsx_cells_are_read_as_text_and_18_digit_numbers_keep_or_lose_their_digits_visibly(demo_bureau, tmp_path):
    rows = [
        ["110105194912310021", D(2024, 3, 1), "自然人", "当面", "按文本存放的18位编号", "予以公开", D(2024, 3, 20), ""],
        [110105194912310021, D(2024, 3, 2), "自然人", "当面", "按数字存放的18位编号", "予以公开", D(2024, 3, 20), ""],
        [20240003, "2024-03-03", "自然人", "当面", "按数字存放的短编号", "", "", ""],
    ]
    result = run(write_xlsx(tmp_path / "ledger.xlsx", rows, title="2024年政府信息公开申请台账"), demo_bureau)
    assert InfoRequest.objects.get(number="110105194912310021").received_on == D(2024, 3, 1)
    assert InfoRequest.objects.filter(number="20240003").exists()
    assert [(e.row, e.column) for e in result.errors] == [(4, "申请编号")]  # title row 1, header row 2
    assert "15位" in result.errors[0].reason and result.error_file == tmp_path / "ledger.errors.csv"


@pytest.mark.django_db
def test_imported_live_format_numbers_move_the_sequence_on(demo_bureau, tmp_path):
    number = f"{demo_bureau.org_code}-2025-00007"
    run(write_csv(tmp_path / "ledger.csv", [[number, "2025-09-01", "自然人", "当面", "x", "", "", ""]]), demo_bureau)
    from tests.inforequests.test_services import register

    request, _ = register(demo_bureau)
    assert request.number == f"{demo_bureau.org_code}-2025-00008"


# -- the command ------------------------------------------------------------------------


@pytest.mark.django_db
def test_call_command_exit_codes(demo_bureau, tmp_path, capsys):
    good = write_csv(tmp_path / "good.csv", GOOD_ROWS)
    call_command("import_data", "requests", str(good), "--agency", demo_bureau.code)
    assert "新增3行" in capsys.readouterr().out
    bad = write_csv(tmp_path / "bad.csv", [["", "2024-13-01", "自然人", "当面", "x", "", "", ""]])
    with pytest.raises(SystemExit) as exited:
        call_command("import_data", "requests", str(bad))
    assert exited.value.code == 1 and "拒绝1行" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exited:
        call_command("import_data", "requests", str(tmp_path / "absent.csv"))
    assert exited.value.code == 1 and "找不到文件" in capsys.readouterr().err
    with pytest.raises(CommandError) as failed:
        call_command("import_data", "requests", str(good), "--agency", "no-such-agency")
    assert failed.value.returncode == 2


@pytest.fixture(scope="module")
def cli_var_dir(tmp_path_factory):
    """A migrated SQLite with the demo bureau, for the command run as a real process."""
    var_dir = tmp_path_factory.mktemp("var")
    env = cli_env(var_dir)
    subprocess.run([GONGKAI, "migrate", "-v0"], env=env, check=True, timeout=300)
    subprocess.run([sys.executable, "-c", "import django; django.setup(); "
                    "from gongkai.ops.demo import load_bureau; load_bureau()"],
                   env=dict(env, DJANGO_SETTINGS_MODULE="gongkai.config.settings"), check=True, timeout=120)
    return var_dir


def cli_env(var_dir: Path) -> dict:
    env = dict(os.environ, GONGKAI_VAR_DIR=str(var_dir))
    env.pop("DATABASE_URL", None)
    return env


def gongkai(*args, var_dir):
    return subprocess.run([GONGKAI, *map(str, args)], capture_output=True, text=True, env=cli_env(var_dir), timeout=120)


def test_the_command_keeps_the_exit_code_contract(cli_var_dir, tmp_path):
    good = gongkai("import", "requests", write_csv(tmp_path / "good.csv", GOOD_ROWS), var_dir=cli_var_dir)
    assert good.returncode == 0 and "新增3行" in good.stdout, good.stderr

    rows = [["", "2024-03-05", "自然人", "当面", "新的一行", "", "", ""], ["", "2024-03-01", "外星人", "当面", "x", "", "", ""]]
    some_bad = gongkai("import", "requests", write_csv(tmp_path / "bad.csv", rows), var_dir=cli_var_dir)
    assert some_bad.returncode == 1 and len(some_bad.stderr.strip().splitlines()) == 1
    assert "新增1行" in some_bad.stderr and "拒绝1行" in some_bad.stderr
    assert "3     申请人类型" in some_bad.stdout and (tmp_path / "bad.errors.csv").exists()

    no_column = write_csv(tmp_path / "nocol.csv", [r[1:] for r in GOOD_ROWS], header=HEADER[:4] + HEADER[5:])
    missing = gongkai("import", "requests", no_column, var_dir=cli_var_dir)
    assert missing.returncode == 1 and "申请内容" in missing.stderr

    binary = tmp_path / "broken.xlsx"
    binary.write_bytes(b"PK\x03\x04 not really a workbook")
    broken = gongkai("import", "requests", binary, var_dir=cli_var_dir)
    assert broken.returncode == 1 and "电子表格" in broken.stderr and "Traceback" not in broken.stderr

    for args in (("import", "nonsense", "x.csv"), ("import", "requests", tmp_path / "good.csv", "--agency", "nope")):
        done = gongkai(*args, var_dir=cli_var_dir)
        assert done.returncode == 2 and "Traceback" not in done.stderr, args
