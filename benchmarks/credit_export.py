"""双公示 export at scale: 1,000,000 penalty records to the national CSV template, printing one JSON object.

Usage: .venv/bin/python benchmarks/credit_export.py   (BENCH_EXPORT_N records, default 1,000,000;
BENCH_EXPORT_PG admin URL, default postgresql://postgres@127.0.0.1:5432/postgres, "" to skip
PostgreSQL; BENCH_EXPORT_REPEAT timed exports per engine, default 3). Not run by CI.

One child process per engine migrates a throwaway database (a SQLite file in a temp dir; a
PostgreSQL database it creates and drops), imports 2,000 realistic penalty rows through the real
importer (gongkai.credit.samples + import_file, so `fields` is stored exactly as the app stores it),
then bulk-inserts copies with INSERT … SELECT until there are N current records, each with its own
natural key and CF_WSH (in `fields` and in the stored CSV line). It times `gongkai.credit.export.export_records` (the code behind `gongkai
export credit`) to CSV over the whole year, best of REPEAT, and runs the command once in a fresh
process to report that process's peak RSS (memory stays flat: rows are streamed). Target
(the issue): at least 200,000 rows/s.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TARGET_ROWS_PER_S = 200_000
BASE_ROWS = 2000


def _build(n: int, workdir: Path) -> dict:
    from django.core.management import call_command
    from django.db import connection, transaction

    from gongkai.credit.importing import import_file
    from gongkai.credit.models import PenaltyRecord
    from gongkai.credit.samples import RowFactory, rows, write_csv
    from gongkai.ops.demo import load_bureau

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    bureau = load_bureau()
    factory = RowFactory(bureau.name, bureau.uscc, seed=7)
    base = min(BASE_ROWS, n)
    import_file(write_csv(workdir / "base.csv", "penalty", rows(factory, "penalty", base)), agency=bureau,
                kind="penalty")
    table = PenaltyRecord._meta.db_table
    columns = [f.column for f in PenaltyRecord._meta.concrete_fields if f.column != "id"]
    copies = -(-n // base) - 1
    vendor = connection.vendor

    def replaced(column: str) -> str:
        suffix = "'#' || s.k"
        if column in ("natural_key", "document_number"):
            return f"{column} || {suffix}"
        if column == "export_line":  # the stored line carries CF_WSH too (the sample 文号 need no quoting)
            return f"replace(export_line, document_number, document_number || {suffix})"
        if column == "fields":
            if vendor == "postgresql":
                return "jsonb_set(fields, '{CF_WSH}', to_jsonb((fields->>'CF_WSH') || '#' || s.k))"
            return "json_set(fields, '$.CF_WSH', json_extract(fields, '$.CF_WSH') || '#' || s.k)"
        return column

    select = ", ".join(replaced(c) for c in columns)
    series = ("generate_series(1, %s) AS s(k)" if vendor == "postgresql"
              else "(WITH RECURSIVE c(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM c WHERE k < %s) SELECT k FROM c) s")
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {table} ({', '.join(columns)}) SELECT {select} FROM {table}, {series} "
                       f"WHERE {table}.version = 1", [copies])
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    total = PenaltyRecord.objects.filter(is_current=True).count()
    return {"records": total, "build_s": round(time.perf_counter() - started, 1)}


def _run_engine(workdir: Path, n: int, repeat: int) -> dict:
    import django

    django.setup()
    from django.db import connection

    from gongkai.credit.export import export_records

    report = {"engine": connection.vendor, **_build(n, workdir)}
    period = (dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    target = workdir / "penalties.csv"
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        result = export_records("penalty", *period, target)
        runs.append(time.perf_counter() - started)
    best = min(runs)
    report.update({
        "rows": result.rows, "csv_bytes": target.stat().st_size, "export_s_runs": [round(s, 2) for s in runs],
        "export_s_best": round(best, 2), "rows_per_s": round(result.rows / best),
        "target_rows_per_s": TARGET_ROWS_PER_S, "target_met": result.rows / best >= TARGET_ROWS_PER_S,
    })
    # The command in a fresh process: wall time including start-up, and its peak RSS.
    env = dict(os.environ)
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    command = [str(Path(sys.executable).with_name("gongkai")), "export", "credit", "--kind", "penalty",
               "--from", period[0].isoformat(), "--to", period[1].isoformat(), "--format", "csv", "-o", str(target)]
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    report["command_s"] = round(time.perf_counter() - started, 2)
    report["command_ok"] = done.returncode == 0
    report["command_peak_rss_mb"] = round(max(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, before) / 1024)
    target.unlink(missing_ok=True)
    return report


def main() -> None:
    if len(sys.argv) == 5 and sys.argv[1] == "--engine":
        print(json.dumps(_run_engine(Path(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])), ensure_ascii=False))
        return
    n = int(os.environ.get("BENCH_EXPORT_N", "1000000"))
    repeat = int(os.environ.get("BENCH_EXPORT_REPEAT", "3"))
    pg_url = os.environ.get("BENCH_EXPORT_PG", "postgresql://postgres@127.0.0.1:5432/postgres")
    workdir = Path(tempfile.mkdtemp(prefix="credit_export_bench_"))
    pg_name = f"credit_export_bench_{os.getpid()}"
    report: dict = {"benchmark": "credit_export", "requested_n": n, "machine": f"{os.cpu_count()} cores"}
    engines = {"sqlite": f"sqlite:///{workdir / 'bench.sqlite3'}"}
    try:
        if pg_url:
            import psycopg

            with psycopg.connect(pg_url, autocommit=True) as admin:
                admin.execute(f"CREATE DATABASE {pg_name}")
            engines["postgresql"] = f"{pg_url.rsplit('/', 1)[0]}/{pg_name}"
        for engine, url in engines.items():
            env = dict(os.environ, DATABASE_URL=url, GONGKAI_VAR_DIR=str(workdir / "var"),
                       DJANGO_SETTINGS_MODULE="gongkai.config.settings", HUEY_IMMEDIATE="1")
            done = subprocess.run([sys.executable, __file__, "--engine", str(workdir), str(n), str(repeat)],
                                  env=env, capture_output=True, text=True, cwd=ROOT)
            if done.returncode != 0:
                report[engine] = {"error": done.stderr[-2000:]}
                continue
            report[engine] = json.loads(done.stdout.strip().splitlines()[-1])
            if engine == "sqlite":
                (workdir / "bench.sqlite3").unlink(missing_ok=True)
    finally:
        if "postgresql" in engines:
            try:
                import psycopg

                with psycopg.connect(pg_url, autocommit=True) as admin:
                    admin.execute(f"DROP DATABASE IF EXISTS {pg_name} WITH (FORCE)")
            except Exception as error:  # report, but never leave the temp dir behind
                report["cleanup_error"] = str(error)
        shutil.rmtree(workdir, ignore_errors=True)
    print(json.dumps(report, ensure_ascii=False))


if __name__ == "__main__":
    main()
