"""双公示 export: the national template's columns in the standard's order, current versions in the period only."""

import csv
import datetime as dt

import pytest
from django.core.management import call_command

from gongkai.core.credit_fields import LICENSE_FIELDS, PENALTY_FIELDS
from gongkai.credit.export import export_records
from gongkai.credit.importing import import_file
from gongkai.credit.models import LicenseRecord, PenaltyRecord
from gongkai.credit.samples import RowFactory, rows, write_csv
from gongkai.org.models import AuditEntry

PENALTY_CODES = [spec.code for spec in PENALTY_FIELDS]
LICENSE_CODES = [spec.code for spec in LICENSE_FIELDS]
FROM, TO = dt.date(2025, 3, 1), dt.date(2025, 8, 31)


@pytest.fixture
def factory(demo_bureau):
    return RowFactory(demo_bureau.name, demo_bureau.uscc, seed=5)


@pytest.fixture
def penalties(tmp_path, demo_bureau, factory):
    """60 penalties over 2025, then a re-import that changes three of them (new versions)."""
    originals = list(rows(factory, "penalty", 60))
    import_file(write_csv(tmp_path / "p1.csv", "penalty", originals), agency=demo_bureau, kind="penalty")
    changed = [{**row, "CF_SY": row["CF_SY"] + "（更正）"} for row in originals[:3]]
    import_file(write_csv(tmp_path / "p2.csv", "penalty", changed), agency=demo_bureau, kind="penalty")
    assert PenaltyRecord.objects.filter(is_current=False).count() == 3
    return originals


def read_csv(path):
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def expected_documents(date_from=FROM, date_to=TO):
    return set(PenaltyRecord.objects.filter(is_current=True, decided_on__gte=date_from, decided_on__lte=date_to)
               .values_list("document_number", flat=True))


@pytest.mark.django_db
def test_csv_has_the_standard_columns_and_only_current_versions_in_the_period(tmp_path, penalties):
    result = export_records("penalty", FROM, TO, tmp_path / "out.csv")
    table = read_csv(tmp_path / "out.csv")
    assert table[0] == PENALTY_CODES
    body = [dict(zip(table[0], line)) for line in table[1:]]
    assert result.rows == len(body) == len(expected_documents()) > 0
    assert {row["CF_WSH"] for row in body} == expected_documents()
    assert len({row["CF_WSH"] for row in body}) == len(body)  # one line per record, old versions left out
    for row in body:
        decided = dt.datetime.strptime(row["CF_JDRQ"], "%Y/%m/%d").date()  # the standard's YYYY/MM/DD
        assert FROM <= decided <= TO
    changed = {row["CF_WSH"] for row in penalties[:3]} & expected_documents()
    assert changed, "pick a period that holds a changed record"
    for row in body:
        if row["CF_WSH"] in changed:
            assert row["CF_SY"].endswith("（更正）")
    stored = PenaltyRecord.objects.get(is_current=True, document_number=body[0]["CF_WSH"]).fields
    assert body[0]["CF_XDR_MC"] == stored["CF_XDR_MC"] and body[0]["CF_NR_FK"] == stored["CF_NR_FK"]
    assert body[0]["BZ"] == ""  # empty fields stay as empty columns, the column count never changes
    assert not (tmp_path / "out.csv.partial").exists()


@pytest.mark.django_db
def test_xlsx_matches_the_csv_and_keeps_codes_as_text(tmp_path, penalties):
    from python_calamine import CalamineWorkbook

    export_records("penalty", FROM, TO, tmp_path / "out.csv")
    export_records("penalty", FROM, TO, tmp_path / "out.xlsx")
    sheet = CalamineWorkbook.from_path(str(tmp_path / "out.xlsx")).get_sheet_by_index(0).to_python()
    assert list(sheet[0]) == PENALTY_CODES
    as_text = [["" if cell is None else cell for cell in line] for line in sheet]
    assert all(isinstance(cell, str) for line in as_text for cell in line)  # USCC and ID numbers never numbers
    assert as_text == read_csv(tmp_path / "out.csv")


@pytest.mark.django_db
def test_license_export_and_the_optional_names_row(tmp_path, demo_bureau, factory):
    import_file(write_csv(tmp_path / "l.csv", "license", rows(factory, "license", 20)), agency=demo_bureau,
                kind="license")
    result = export_records("license", dt.date(2025, 1, 1), dt.date(2025, 12, 31), tmp_path / "l.csv",
                            names_row=True)
    table = read_csv(tmp_path / "l.csv")
    assert table[0] == LICENSE_CODES
    assert table[1] == [spec.name for spec in LICENSE_FIELDS]
    assert result.rows == len(table) - 2 == LicenseRecord.objects.filter(is_current=True).count() == 20
    long_term = [line for line in table[2:] if line[LICENSE_CODES.index("XK_YXQZI")] == "2099/12/31"]
    assert long_term  # "2099/12/31的含义为长期", written as the standard writes it


@pytest.mark.django_db
def test_taken_down_records_are_left_out_unless_asked_for(tmp_path, penalties):
    from django.utils import timezone

    first = PenaltyRecord.objects.filter(is_current=True, decided_on__gte=FROM, decided_on__lte=TO).first()
    PenaltyRecord.objects.filter(pk=first.pk).update(withdrawn_at=timezone.now(), withdrawal_reason="决定已撤销")
    without = export_records("penalty", FROM, TO, tmp_path / "a.csv")
    with_them = export_records("penalty", FROM, TO, tmp_path / "b.csv", include_withdrawn=True)
    assert with_them.rows == without.rows + 1
    assert first.document_number not in {line[PENALTY_CODES.index("CF_WSH")] for line in read_csv(tmp_path / "a.csv")}


@pytest.mark.django_db
def test_an_empty_period_still_gets_the_header(tmp_path, penalties):
    for name in ("e.csv", "e.xlsx"):
        assert export_records("penalty", dt.date(2020, 1, 1), dt.date(2020, 1, 31), tmp_path / name).rows == 0
    assert read_csv(tmp_path / "e.csv") == [PENALTY_CODES]


@pytest.mark.django_db
def test_command_writes_the_file_and_the_audit_log(tmp_path, penalties, demo_bureau, capsys):
    target = tmp_path / "cmd.xlsx"
    call_command("export_data", "credit", "--kind", "penalty", "--from", FROM.isoformat(), "--to", TO.isoformat(),
                 "--format", "xlsx", "-o", str(target), "--agency", demo_bureau.code)
    assert target.exists()
    entry = AuditEntry.objects.filter(action="export").latest("id")
    assert entry.after["rows"] == len(expected_documents()) and entry.after["kind"] == "penalty"
    assert entry.agency == demo_bureau and str(len(expected_documents())) in entry.summary
    assert "导出行政处罚信息" in capsys.readouterr().out


@pytest.mark.django_db
def test_command_usage_errors_exit_2(tmp_path, penalties):
    from django.core.management.base import CommandError

    base = ["export_data", "credit", "--kind", "penalty", "-o", str(tmp_path / "x.csv")]
    with pytest.raises(CommandError) as reversed_period:
        call_command(*base, "--from", "2025-12-01", "--to", "2025-01-01")
    with pytest.raises(CommandError) as unknown_agency:
        call_command(*base, "--from", "2025-01-01", "--to", "2025-12-31", "--agency", "nobody")
    with pytest.raises(CommandError) as no_format:
        call_command("export_data", "credit", "--kind", "penalty", "-o", str(tmp_path / "x.txt"),
                     "--from", "2025-01-01", "--to", "2025-12-31")
    assert {reversed_period.value.returncode, unknown_agency.value.returncode, no_format.value.returncode} == {2}


TRICKY = ["含逗号,的事由", '含"引号"的事由', "含\n换行的事由", "含\r\n回车换行的事由", "只有\r回车的事由", "反斜杠\\与\t制表符"]


def previous_line(fields: dict) -> str:
    """The line the export wrote before lines were stored: csv.writer over the decoded `fields`."""
    import io

    dates = {spec.code for spec in PENALTY_FIELDS if spec.kind == "date"}
    values = [fields.get(code) for code in PENALTY_CODES]
    values = [value.replace("-", "/") if value and code in dates else value for code, value in zip(PENALTY_CODES, values)]
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(values)
    return out.getvalue()


def previous_postgresql_export(records) -> bytes:
    """What the PostgreSQL export wrote before: COPY of fields->>'code' columns, in CSV."""
    from django.db import connection

    dates = {spec.code for spec in PENALTY_FIELDS if spec.kind == "date"}
    columns = ", ".join(f"replace(fields->>'{code}', '-', '/')" if code in dates else f"fields->>'{code}'"
                        for code in PENALTY_CODES)
    ids = ", ".join(str(pk) for pk in records.values_list("id", flat=True))
    with connection.cursor() as cursor, cursor.cursor.copy(
            f"COPY (SELECT {columns} FROM credit_penaltyrecord WHERE id IN ({ids}) ORDER BY id) TO STDOUT "
            "WITH (FORMAT csv, ENCODING 'UTF8')") as copy:
        return b"".join(bytes(block) for block in copy)


@pytest.mark.django_db
def test_stored_lines_export_byte_for_byte_what_rendering_the_fields_gives(tmp_path, demo_bureau, factory):
    from django.db import connection

    data = list(rows(factory, "penalty", 40))
    for row, text in zip(data, TRICKY):
        row["CF_SY"] = text
    import_file(write_csv(tmp_path / "p.csv", "penalty", data), agency=demo_bureau, kind="penalty")
    period = (dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    records = PenaltyRecord.objects.filter(is_current=True).order_by("id")
    assert records.count() == 40 and all(record.export_line for record in records)
    for record in records:
        if "\r" in record.fields["CF_SY"] and "\n" not in record.fields["CF_SY"]:
            # the one change: a lone carriage return is quoted now, as PostgreSQL always did
            assert f'"{record.fields["CF_SY"]}"' in record.export_line
        else:
            assert record.export_line == previous_line(record.fields)
    export_records("penalty", *period, tmp_path / "stored.csv")
    stored = (tmp_path / "stored.csv").read_bytes()
    with open(tmp_path / "stored.csv", encoding="utf-8-sig", newline="") as handle:
        body = list(csv.reader(handle))[1:]
    assert [line[PENALTY_CODES.index("CF_SY")] for line in body[:len(TRICKY)]] == TRICKY  # every value reads back
    if connection.vendor == "postgresql":
        assert stored.split(b"\n", 1)[1] == previous_postgresql_export(records)

    # Rows stored before migration 0005 have no line: the export renders them, to the same bytes.
    PenaltyRecord.objects.filter(id__in=list(records.values_list("id", flat=True))[::2]).update(export_line="")
    export_records("penalty", *period, tmp_path / "rendered.csv")
    assert (tmp_path / "rendered.csv").read_bytes() == stored
