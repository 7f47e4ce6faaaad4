"""What reading spreadsheets in a memory-capped child process (gongkai/intake/isolation.py) costs a credit xlsx import.

Usage: N=50000 ROUNDS=3 .venv/bin/python benchmarks/sheet_isolation.py > /work/bench-isolation.json
  N        penalty rows in the xlsx (default 50,000)
  ROUNDS   runs per mode, alternating which mode goes first (default 3)

One JSON object. A child process on a throwaway SQLite database (benchmarks/throwaway.py; demo bureau and power list
loaded, then one xlsx of N of its penalty rows written with gongkai.credit.samples and xlsxwriter, all
untimed) times, in the same run, side by side:
  import_seconds   import_file(xlsx) into empty records tables, isolation on (the code as shipped) and off
                   (the same readers.read_sheet_rows called in this process after the same package checks);
  read_seconds     reading alone: every row of the sheet through readers.spreadsheet_rows, on and off.
  cpu_*            CPU seconds (this process and its reaped children, the reader child included) of the
                   same runs: less at the mercy of the other processes on the machine than wall time;
  transfer         the pipe's two ends alone on the same rows: batches as lists of rows (the format
                   before) and as one joined text (isolation._pack), child side and parent side.
Ratios are on/off of the medians (1.0 = free). Not run by CI; 2 shared cores, so read the ratio, not the seconds.
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def write_xlsx(path: Path, count: int, agency) -> float:
    import xlsxwriter

    from gongkai.credit.samples import RowFactory, header, rows

    started = time.perf_counter()
    codes = header("penalty")
    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_numbers": False})
    sheet = workbook.add_worksheet()
    sheet.write_row(0, 0, codes)
    factory = RowFactory(agency.name, agency.uscc, seed=7)
    for number, row in enumerate(rows(factory, "penalty", count), start=1):
        sheet.write_row(number, 0, [row.get(code, "") for code in codes])
    workbook.close()
    return time.perf_counter() - started


# --- child ---------------------------------------------------------------------------------------------

def _in_process(source, limits, *, limit_mb=None, check=None):
    """isolation.isolated_rows without the child: the same checks, then the same reader, here."""
    from gongkai.intake import readers

    if check is not None:
        check()
    yield from readers.read_sheet_rows(source, limits)


def child(xlsx: str, count: int, rounds: int) -> dict:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from gongkai.credit.importing import import_file
    from gongkai.credit.models import ImportBatch, LicenseRecord, PenaltyRecord, PushEntry, RowError
    from gongkai.credit.power_list import load_demo_power_list
    from gongkai.intake import isolation, readers
    from gongkai.ops.demo import load_bureau

    call_command("migrate", verbosity=0)
    agency = load_bureau()
    load_demo_power_list(agency)
    written = write_xlsx(Path(xlsx), count, agency)
    shipped = readers.isolated_rows

    def mode(on: bool) -> None:
        readers.isolated_rows = shipped if on else _in_process

    def empty() -> None:
        # raw SQL: the ORM refuses to delete published records (publishing/never_deleted.py)
        with connection.cursor() as cursor:
            for model in (PushEntry, PenaltyRecord, LicenseRecord, RowError, ImportBatch):
                cursor.execute(f"DELETE FROM {model._meta.db_table}")

    imports: dict[str, list[float]] = {"on": [], "off": []}
    reads: dict[str, list[float]] = {"on": [], "off": []}
    cpu: dict[str, dict[str, list[float]]] = {what: {"on": [], "off": []} for what in ("import", "read")}

    def cpu_now() -> float:
        """CPU seconds of this process and its reaped children (the reader child, an import's worker pool)."""
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        return time.process_time() + children.ru_utime + children.ru_stime
    imported_rows = None
    for round_number in range(rounds):
        order = ("on", "off") if round_number % 2 == 0 else ("off", "on")
        for name in order:
            mode(name == "on")
            started, cpu_started = time.perf_counter(), cpu_now()
            count = sum(1 for _ in readers.spreadsheet_rows(Path(xlsx)))
            reads[name].append(time.perf_counter() - started)
            cpu["read"][name].append(cpu_now() - cpu_started)
        for name in order:
            mode(name == "on")
            empty()
            started, cpu_started = time.perf_counter(), cpu_now()
            batch = import_file(Path(xlsx), agency=agency, kind="penalty")
            imports[name].append(time.perf_counter() - started)
            cpu["import"][name].append(cpu_now() - cpu_started)
            imported_rows = (batch.rows_added, batch.rows_rejected)
    mode(True)
    transfer = transfer_costs(Path(xlsx), rounds)
    median = {what: {name: statistics.median(values) for name, values in runs.items()}
              for what, runs in (("import", imports), ("read", reads))}
    print(json.dumps({
        "sheet_rows": count,
        "rows_added_rejected": imported_rows,
        "batch_rows": isolation.BATCH_ROWS,
        "xlsx_written_seconds": round(written, 2),
        "import_seconds": {name: [round(v, 3) for v in values] for name, values in imports.items()},
        "read_seconds": {name: [round(v, 3) for v in values] for name, values in reads.items()},
        "import_median": {name: round(v, 3) for name, v in median["import"].items()},
        "read_median": {name: round(v, 3) for name, v in median["read"].items()},
        "import_ratio_on_off": round(median["import"]["on"] / median["import"]["off"], 3),
        "import_extra_seconds": round(median["import"]["on"] - median["import"]["off"], 3),
        "read_ratio_on_off": round(median["read"]["on"] / median["read"]["off"], 3),
        "cpu_median_seconds": {what: {name: round(statistics.median(values), 3) for name, values in modes.items()}
                               for what, modes in cpu.items()},
        "cpu_extra_seconds": {what: round(statistics.median(modes["on"]) - statistics.median(modes["off"]), 3)
                              for what, modes in cpu.items()},
        "transfer_median_seconds": transfer,
        "transfer_parent_ratio_text_over_lists": (round(transfer["text"]["parent"] / transfer["lists"]["parent"], 3)
                                                  if "text" in transfer else None),
    }))


def transfer_costs(xlsx: Path, rounds: int) -> dict:
    """The pipe's two ends without the pipe, on this sheet's rows: the child's packing and dumping
    (`child`) and the parent's loading and unpacking into rows (`parent`), for batches sent as lists of
    rows (the format before) and as joined text (`isolation._pack`), medians of `rounds` runs each."""
    import marshal

    from gongkai.intake import isolation, readers

    rows = list(readers.read_sheet_rows(xlsx))
    batches = [rows[i:i + isolation.BATCH_ROWS] for i in range(0, len(rows), isolation.BATCH_ROWS)]
    formats = {"lists": lambda batch: ("rows", batch)}
    if hasattr(isolation, "_pack"):  # the code before the joined-text batches has only lists
        formats["text"] = isolation._pack
    costs: dict[str, dict[str, list[float]]] = {name: {"child": [], "parent": []} for name in formats}
    for _ in range(rounds):
        for name, pack in formats.items():
            started = time.perf_counter()
            blobs = [marshal.dumps(pack(batch)) for batch in batches]
            packed = time.perf_counter()
            count = 0
            for blob in blobs:
                kind, payload = marshal.loads(blob)
                for row in (isolation._unpack(*payload) if kind == "text" else payload):
                    count += len(row[1])
            costs[name]["child"].append(packed - started)
            costs[name]["parent"].append(time.perf_counter() - packed)
    return {name: {side: round(statistics.median(values), 3) for side, values in sides.items()}
            for name, sides in costs.items()}


def main() -> None:
    from benchmarks.throwaway import child_environment

    count = int(os.environ.get("N", "50000"))
    rounds = int(os.environ.get("ROUNDS", "3"))
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory() as temp:
        xlsx = Path(temp) / "penalties.xlsx"
        with child_environment("sqlite", "isolation", "") as env:
            done = subprocess.run([sys.executable, __file__, "--child", str(xlsx), str(count), str(rounds)], env=env,
                                  capture_output=True, text=True, check=False)
        if done.returncode:
            sys.stderr.write(done.stderr)
            raise SystemExit(done.returncode)
        result = json.loads(done.stdout.strip().splitlines()[-1])
    result.update(rows=count, rounds=rounds,
                  loadavg_before=[round(v, 2) for v in load_before],
                  loadavg_after=[round(v, 2) for v in os.getloadavg()], python=sys.version.split()[0])
    print(json.dumps(result, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
    else:
        main()
