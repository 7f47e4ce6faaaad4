"""Credit import: good rows land, bad rows are reported, re-imports add nothing, a killed import resumes."""

import datetime as dt
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from gongkai.credit.importing import import_file
from gongkai.intake import UnreadableFile
from gongkai.credit.models import ImportBatch, LicenseRecord, PenaltyRecord
from gongkai.credit.samples import RowFactory, rows, write_csv

GONGKAI = str(Path(sys.executable).with_name("gongkai"))


@pytest.fixture
def factory(demo_bureau):
    return RowFactory(demo_bureau.name, demo_bureau.uscc, seed=3)


@pytest.mark.django_db
def test_good_rows_land_and_bad_rows_are_reported(tmp_path, demo_bureau, factory):
    path = write_csv(tmp_path / "penalties.csv", "penalty", rows(factory, "penalty", 50, broken_every=10))
    batch = import_file(path, agency=demo_bureau, kind="penalty")
    assert (batch.rows_read, batch.rows_added, batch.rows_rejected) == (50, 45, 5)
    errors = list(batch.errors.all())
    assert [e.row_number for e in errors][:1] == [11]  # header is row 1; the 10th data row is row 11
    reasons = " ".join(e.reason for e in errors)
    assert "校验码" in reasons and "万元" in reasons
    assert all(e.field_code and e.field_name for e in errors)
    assert PenaltyRecord.objects.filter(is_current=True).count() == 45


@pytest.mark.django_db
def test_same_file_twice_changes_nothing_and_overlap_adds_only_new_rows(tmp_path, demo_bureau, factory):
    first = write_csv(tmp_path / "a.csv", "penalty", rows(factory, "penalty", 30))
    import_file(first, agency=demo_bureau, kind="penalty")
    snapshot = list(PenaltyRecord.objects.order_by("id").values_list("natural_key", "version", "record_hash"))
    again = import_file(first, agency=demo_bureau, kind="penalty")
    assert (again.rows_added, again.rows_unchanged) == (0, 30)
    assert list(PenaltyRecord.objects.order_by("id").values_list("natural_key", "version", "record_hash")) == snapshot
    overlap = list(rows(factory, "penalty", 20, first=20))  # rows 20-39: 10 old, 10 new
    overlap[0] = {**overlap[0], "CF_SY": overlap[0]["CF_SY"] + "（更正）"}
    batch = import_file(write_csv(tmp_path / "b.csv", "penalty", overlap), agency=demo_bureau, kind="penalty")
    assert (batch.rows_added, batch.rows_updated, batch.rows_unchanged) == (10, 1, 9)
    assert PenaltyRecord.objects.filter(is_current=True).count() == 40
    versions = PenaltyRecord.objects.filter(document_number=overlap[0]["CF_WSH"]).order_by("version")
    assert [(r.version, r.is_current) for r in versions] == [(1, False), (2, True)]


@pytest.mark.django_db
def test_gb18030_csv_and_chinese_headers(tmp_path, demo_bureau, factory):
    path = write_csv(tmp_path / "gbk.csv", "license", rows(factory, "license", 12), encoding="gb18030", chinese_header=True)
    batch = import_file(path, agency=demo_bureau, kind="license")
    assert batch.rows_added == 12 and batch.rows_rejected == 0
    assert LicenseRecord.objects.filter(valid_until__isnull=True).exists()  # 2099/12/31 = 长期


@pytest.mark.django_db
def test_xlsx_keeps_long_codes_as_text(tmp_path, demo_bureau, factory):
    import xlsxwriter

    from gongkai.credit.samples import header

    path = tmp_path / "penalties.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet()
    codes = header("penalty")
    sheet.write_row(0, 0, codes)
    for r, row in enumerate(rows(factory, "penalty", 5), start=1):
        sheet.write_row(r, 0, [row.get(code, "") for code in codes])
    book.close()
    assert import_file(path, agency=demo_bureau, kind="penalty").rows_added == 5


@pytest.mark.django_db
@pytest.mark.parametrize("dry_run", [False, True])
def test_an_id_number_stored_as_a_number_is_refused_with_row_field_and_reason(tmp_path, demo_bureau, factory, dry_run):
    """DESIGN §2: an 18-digit code in a number cell has lost digits; the row is refused (intake's strict rule),
    by the import and by its dry run alike, never imported with a guessed or a wrong number."""
    import xlsxwriter

    from gongkai.credit.cli_importer import CREDIT_RECORDS
    from gongkai.credit.samples import header
    from gongkai.intake.cells import LOST_DIGITS_REASON

    people = [row for row in rows(factory, "penalty", 40) if row.get("CF_XDR_ZJHM")][:2]
    path = tmp_path / "penalties.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet()
    codes = header("penalty")
    sheet.write_row(0, 0, codes)
    for r, row in enumerate(people, start=1):
        sheet.write_row(r, 0, [row.get(code, "") for code in codes])
    sheet.write_number(2, codes.index("CF_XDR_ZJHM"), float(people[1]["CF_XDR_ZJHM"].replace("X", "0")))
    book.close()
    if dry_run:
        result = CREDIT_RECORDS.run(path, demo_bureau, dry_run=True, user=None, record_kind="penalty")
        assert result.batch.rows_read == 2 and result.batch.rows_rejected == 1
        assert [(e.row, e.column, e.reason) for e in result.errors] == [
            (3, "CF_XDR_ZJHM 证件号码", LOST_DIGITS_REASON)]
        return
    batch = import_file(path, agency=demo_bureau, kind="penalty")
    assert (batch.rows_added, batch.rows_rejected) == (1, 1)
    assert list(batch.errors.values_list("row_number", "field_code", "reason")) == [
        (3, "CF_XDR_ZJHM", LOST_DIGITS_REASON)]
    assert not PenaltyRecord.objects.filter(party_name=people[1]["CF_XDR_MC"]).exists()


@pytest.mark.django_db
def test_a_file_without_required_columns_is_refused(tmp_path, demo_bureau):
    path = tmp_path / "x.csv"
    path.write_text("CF_XDR_MC,CF_JDRQ\n张三,2026/01/01\n", encoding="utf-8")
    with pytest.raises(UnreadableFile, match="CF_WSH"):
        import_file(path, agency=demo_bureau, kind="penalty")
    assert ImportBatch.objects.get().status == ImportBatch.Status.FAILED


def _database_url() -> str:
    params = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{params['NAME']}"
    return f"postgresql://{params['USER']}@{params['HOST']}:{params['PORT'] or 5432}/{params['NAME']}"


@pytest.mark.django_db(transaction=True)
def test_killed_import_leaves_whole_chunks_and_a_rerun_completes(tmp_path, demo_bureau, factory):
    from gongkai.credit import importing

    total = 6 * importing.CHUNK_ROWS
    path = write_csv(tmp_path / "big.csv", "penalty", rows(factory, "penalty", total))
    env = dict(os.environ, GONGKAI_VAR_DIR=str(tmp_path), DATABASE_URL=_database_url())
    command = [GONGKAI, "import", "credit", str(path), "--kind", "penalty", "--quiet"]
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        if PenaltyRecord.objects.count() >= importing.CHUNK_ROWS:
            break
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    landed = PenaltyRecord.objects.count()
    assert landed % importing.CHUNK_ROWS == 0, landed  # whole chunks only
    assert landed < total, "the import finished before it could be killed; make the file bigger"
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert PenaltyRecord.objects.filter(is_current=True).count() == total
    assert PenaltyRecord.objects.count() == total  # the rerun added no duplicates


@pytest.mark.django_db(transaction=True)
def test_command_exit_codes(tmp_path, demo_bureau, factory):
    env = dict(os.environ, GONGKAI_VAR_DIR=str(tmp_path), DATABASE_URL=_database_url())
    good = write_csv(tmp_path / "good.csv", "license", rows(factory, "license", 5))
    mixed = write_csv(tmp_path / "mixed.csv", "license", rows(factory, "license", 6, broken_every=3, first=100))
    run = lambda *args: subprocess.run([GONGKAI, "import", "credit", *args, "--quiet"], env=env, capture_output=True,
                                       text=True, timeout=120)
    assert run(str(good), "--kind", "license").returncode == 0
    result = run(str(mixed), "--kind", "license")
    assert result.returncode == 1 and "拒绝2行" in result.stderr and "Traceback" not in result.stderr
    assert (tmp_path / "mixed.errors.csv").read_text(encoding="utf-8-sig").count("\n") == 3
    assert run(str(good), "--kind", "parking").returncode == 2
    assert run(str(tmp_path / "missing.csv"), "--kind", "license").returncode == 1


def _stored_state():
    """Everything an import decides about the records, without ids, batches and times."""
    return list(PenaltyRecord.objects.order_by("id").values_list(
        "natural_key", "version", "is_current", "record_hash", "document_number", "party_uscc", "decided_on",
        "fields", "export_line", "penalty_categories", "fine_wan", "severity", "publicity_ends_on", "repair_from",
        "power_item_id"))


@pytest.mark.django_db
def test_the_worker_pool_writes_what_one_process_writes(tmp_path, demo_bureau, factory, monkeypatch):
    from gongkai.credit import importing

    data = list(rows(factory, "penalty", 600, broken_every=9))
    data.append({**data[0], "CF_SY": data[0]["CF_SY"] + "（更正）"})  # a new version, in a later chunk
    path = write_csv(tmp_path / "p.csv", "penalty", data)
    one_process = import_file(path, agency=demo_bureau, kind="penalty", chunk_rows=50)
    expected, expected_errors = _stored_state(), list(one_process.errors.values_list("row_number", "field_code",
                                                                                     "reason"))
    with connection.cursor() as cursor:  # the ORM refuses to delete published records (publishing/never_deleted.py)
        cursor.execute(f"DELETE FROM {PenaltyRecord._meta.db_table}")

    pools, original = [], importing._pooled

    def spy(*args):
        pools.append(1)
        return original(*args)

    monkeypatch.setattr(importing, "POOL_MIN_ROWS", 100)
    monkeypatch.setattr(importing, "_pooled", spy)
    monkeypatch.setattr(importing, "_can_fork", lambda: True)  # other tests may have left threads behind
    progress = []
    pooled = import_file(path, agency=demo_bureau, kind="penalty", chunk_rows=50,
                         progress=lambda read, _: progress.append(read))
    assert pools == [1]  # rows after the first 100 went through the workers
    assert _stored_state() == expected
    assert list(pooled.errors.values_list("row_number", "field_code", "reason")) == expected_errors
    assert (pooled.rows_read, pooled.rows_added, pooled.rows_updated, pooled.rows_rejected) == (
        one_process.rows_read, one_process.rows_added, one_process.rows_updated, one_process.rows_rejected)
    assert progress == list(range(50, 601, 50))  # after every full chunk, in file order
    # A rerun through the pool adds nothing (the corrected row 0 left out: the file holds it twice).
    again = import_file(write_csv(tmp_path / "again.csv", "penalty", data[1:600]), agency=demo_bureau,
                        kind="penalty", chunk_rows=50)
    assert (again.rows_added, again.rows_updated) == (0, 0) and _stored_state() == expected


@pytest.mark.django_db
def test_no_fork_while_other_threads_run(tmp_path, demo_bureau, factory, monkeypatch):
    """A threaded job runner's import prepares its chunks in process: a fork could inherit a held lock."""
    import threading

    from gongkai.credit import importing

    monkeypatch.setattr(importing, "POOL_MIN_ROWS", 100)
    monkeypatch.setattr(importing, "_pooled", lambda *args: pytest.fail("forked with other threads running"))
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        batch = import_file(write_csv(tmp_path / "p.csv", "penalty", list(rows(factory, "penalty", 300))),
                            agency=demo_bureau, kind="penalty", chunk_rows=50)
    finally:
        stop.set()
        other.join()
    assert batch.rows_added == 300


@pytest.mark.django_db
def test_migration_0005_keeps_the_public_indexes_and_drops_the_natural_key_one():
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, PenaltyRecord._meta.db_table)
    assert {"penalty_pub_doc_idx", "penalty_pub_uscc_idx", "penalty_pub_name_idx"} <= set(constraints)
    assert not [name for name, info in constraints.items() if info["columns"] == ["natural_key"]]


@pytest.mark.django_db
def test_a_new_version_keeps_what_staff_decided_about_the_old_one(tmp_path, demo_bureau, factory):
    """Severity, repair and withdrawal are staff decisions, not case-system data: a re-imported
    decision whose text changed must not undo them."""
    original = list(rows(factory, "penalty", 2))
    import_file(write_csv(tmp_path / "a.csv", "penalty", original), agency=demo_bureau, kind="penalty")
    withdrawn_at = dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.timezone.utc)
    first = PenaltyRecord.objects.get(document_number=original[0]["CF_WSH"])
    PenaltyRecord.objects.filter(pk=first.pk).update(severity="严重", repaired_on=dt.date(2026, 3, 1),
                                                      withdrawn_at=withdrawn_at, withdrawal_reason="经复议撤销")
    changed = [{**row, "CF_SY": row["CF_SY"] + "（更正）"} for row in original]
    batch = import_file(write_csv(tmp_path / "b.csv", "penalty", changed), agency=demo_bureau, kind="penalty")
    assert batch.rows_updated == 2
    kept = PenaltyRecord.objects.get(document_number=original[0]["CF_WSH"], is_current=True)
    assert (kept.version, kept.severity, kept.repaired_on, kept.withdrawn_at, kept.withdrawal_reason) == (
        2, "严重", dt.date(2026, 3, 1), withdrawn_at, "经复议撤销")
    assert kept.publicity_ends_on != first.publicity_ends_on  # 严重 has a longer window than 一般
    plain = PenaltyRecord.objects.get(document_number=original[1]["CF_WSH"], is_current=True)
    assert (plain.version, plain.severity, plain.repaired_on, plain.withdrawn_at) == (2, "一般", None, None)


@pytest.mark.django_db
def test_migration_0007_leaves_no_redundant_index():
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, PenaltyRecord._meta.db_table)
    single = [info["columns"] for info in constraints.values() if info["index"] and not info["unique"]
              and len(info["columns"]) == 1]
    assert ["agency_id"] not in single and not [name for name in constraints if name.endswith("_like")]
    # PostgreSQL's name search uses the partial pattern index; SQLite's a range on the plain one.
    assert (["party_name"] in single) == (connection.vendor == "sqlite")
    assert {"penalty_pub_doc_idx", "penalty_pub_uscc_idx", "penalty_pub_name_idx"} <= set(constraints)


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="ANALYZE is run on PostgreSQL only")
def test_a_growing_import_refreshes_the_planner_statistics(tmp_path, demo_bureau, factory, monkeypatch):
    from gongkai.credit import importing

    def table_rows():
        with connection.cursor() as cursor:
            cursor.execute("SELECT reltuples FROM pg_class WHERE oid = 'credit_penaltyrecord'::regclass")
            return cursor.fetchone()[0]

    with connection.cursor() as cursor:  # an earlier test's ANALYZE outlives its rollback (pg_class is updated in place)
        cursor.execute("ANALYZE credit_penaltyrecord")
    assert table_rows() <= 0  # analyzed empty: the planner would take the table for empty
    monkeypatch.setattr(importing._PlannerStatistics, "MIN_ROWS", 100)
    path = write_csv(tmp_path / "a.csv", "penalty", rows(factory, "penalty", 300))
    import_file(path, agency=demo_bureau, kind="penalty", chunk_rows=50)
    assert table_rows() >= 200  # analyzed at 100 and 200 rows (each time the import had grown the table by half)
