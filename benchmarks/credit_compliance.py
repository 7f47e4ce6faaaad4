"""双公示时限情况 at scale: the admin page and its xlsx export on N current decisions, p50/p95 beside the plain change list, one JSON object.

Each database is a throwaway (a SQLite file under a temp GONGKAI_VAR_DIR; a PostgreSQL database
created here and dropped after), migrated, then filled by bulk insert with rows as wide as the
importer's (the full `fields` JSON and the template line): 80 % penalties, 20 % licences, decided
over this year to date (the page's default period); 60 % of the penalties under three 行政决定部门
(power items), the rest under their 处罚机关/许可机关, one in ten a 派出所 of its own; 90 % pushed and
published within 0-3 days, 5 % 10-30 days late, 5 % never (so the late list is long, as in the demo
bureau), 3 % of the penalties 轻微 without an end date. A few hundred decisions have a superseded first
version (the first-version rule). The plain indexes are dropped for the load and built after it, then
ANALYZE (VACUUM ANALYZE on PostgreSQL: the visibility map autovacuum keeps, which index-only reads need);
on SQLite the party-name index's triggers are dropped for good (FTS5 per row; nothing here reads it).

Timed warm through the test client as a superuser, alternating with the change list of the same
penalties (/admin/credit/penaltyrecord/, which counts and pages them) so that whatever else loads
the machine loads both: `page` = the whole page (figures + first page of each list), `page_late_2` =
the late list's second page, `export` = the late list as xlsx, read to the end. Ratios are p95 over the
change list's p95. With ORACLE=1 (default at N <= 100,000) the page's figures and late list are also
compared with deadline_rows, the row-by-row computation.

Usage: N=50000 .venv/bin/python benchmarks/credit_compliance.py > credit_compliance.json
       (N default 1,000,000; BACKENDS=sqlite,postgresql; REPEAT=9; EXPORT_REPEAT=5;
        PG_URL=postgresql://postgres@127.0.0.1:5432/postgres)
       At 200,000 or more: flock /work/bench.lock env N=1000000 BACKENDS=sqlite .venv/bin/python …
Target (issue 17): at 1,000,000 records p95 <= 1 s for the page and <= 5 s for the export.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

from throwaway import child_environment

ROOT = Path(__file__).resolve().parent.parent
REPEAT = int(os.environ.get("REPEAT", "9"))
EXPORT_REPEAT = int(os.environ.get("EXPORT_REPEAT", "5"))
CORRECTED = 300
PAGE = "/admin/credit/repairapplication/compliance/"
EXPORT = "/admin/credit/repairapplication/compliance/export/"
CHANGE_LIST = "/admin/credit/penaltyrecord/"


def fill(agency, count: int, today: dt.date) -> None:
    """N current decisions (and CORRECTED superseded first versions), written by executemany / COPY."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from credit_query import drop_secondary_indexes, recreate
    from django.db import connection
    from django.utils import timezone

    from gongkai.credit.models import PowerItem
    from gongkai.credit.samples import RowFactory
    from gongkai.credit.template import template_line

    items = [PowerItem.objects.create(agency=agency, kind="penalty", code=f"B-{n}", department=name, name="事项",
                                      basis="依据", party_kinds="法人及非法人组织").pk
             for n, name in enumerate(("治安支队", "交警支队", "出入境管理支队"))]
    authorities = [agency.name] * 9 + [f"{agency.name}城关派出所"]
    samples = RowFactory(agency.name, agency.uscc, seed=17)
    templates = {"penalty": [samples.penalty(n) for n in range(50)], "license": [samples.license(n) for n in range(50)]}
    rng = random.Random(17)
    start = dt.date(today.year, 1, 1)
    span = (today - start).days + 1
    columns = ("agency_id", "natural_key", "version", "is_current", "record_hash", "document_number", "party_name",
               "party_kind", "party_uscc", "decided_on", "fields", "export_line", "published_at", "pushed_at",
               "withdrawal_reason", "created_at", "power_item_id", "authority")
    penalty_columns = columns + ("penalty_categories", "severity", "publicity_ends_on", "repair_from")
    license_columns = columns + ("license_category",)
    now = timezone.now()

    def moment(decided: dt.date, roll: float):
        if roll < 0.05:
            return None
        days = rng.randrange(0, 4) if roll < 0.95 else rng.randrange(10, 30)
        return timezone.make_aware(dt.datetime.combine(decided + dt.timedelta(days=days), dt.time(rng.randrange(8, 19))))

    def rows(kind: str, first: int, last: int):
        is_penalty = kind == "penalty"
        codes = ("CF_WSH", "CF_XDR_MC", "CF_JDRQ", "CF_CFJG") if is_penalty else ("XK_WSH", "XK_XDR_MC", "XK_JDRQ",
                                                                                  "XK_XKJG")
        for n in range(first, last):
            decided = start + dt.timedelta(days=rng.randrange(span))
            number = f"示公罚字〔{decided.year}〕{n + 1}号" if is_penalty else f"示公许字〔{decided.year}〕{n + 1}号"
            name = f"示范市第{n}号商贸有限公司"
            authority = rng.choice(authorities)
            fields = {**templates[kind][n % 50], **dict(zip(codes, (number, name, decided.isoformat(), authority)))}
            text = json.dumps(fields, ensure_ascii=False, sort_keys=True)
            line = template_line(kind, fields)
            roll = rng.random()
            minor = is_penalty and rng.random() < 0.03
            item = rng.choice(items) if is_penalty and rng.random() < 0.6 else None
            for version in ((1, 2) if n - first < CORRECTED else (1,)):
                current = version == 2 or n - first >= CORRECTED
                # a corrected decision: the first version pushed and published, the current one not yet
                times = moment(decided, roll) if version == 1 else None
                values = [agency.pk, f"{number}\x1f{name}", version, current, f"{n:060x}{version:04x}", number,
                          name, "法人及非法人组织", "", decided, text, line, times, times, "", now, item, authority]
                values += ((["罚款", "轻微", None, decided] if minor else
                            ["罚款", "一般", decided + dt.timedelta(days=365), decided + dt.timedelta(days=92)])
                           if is_penalty else ["普通"])
                yield values

    penalties = int(count * 0.8)
    batches = (("credit_penaltyrecord", penalty_columns, rows("penalty", 0, penalties)),
               ("credit_licenserecord", license_columns, rows("license", penalties, count)))
    indexes = drop_secondary_indexes(connection)
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":  # the party-name index's triggers (FTS5 per row): the page reads no
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN "  # name index
                           "('credit_penaltyrecord', 'credit_licenserecord')")
            for (trigger,) in cursor.fetchall():
                cursor.execute(f'DROP TRIGGER "{trigger}"')
        for table, table_columns, table_rows in batches:
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {table} ({', '.join(table_columns)}) FROM STDIN") as copy:
                    for values in table_rows:
                        copy.write_row(values)
            else:
                marks = ", ".join("?" * len(table_columns))
                raw = connection.connection
                statement = f"INSERT INTO {table} ({', '.join(table_columns)}) VALUES ({marks})"
                chunk = []
                for values in table_rows:  # stored as Django stores them (UTC text without an offset)
                    chunk.append([connection.ops.adapt_datetimefield_value(v) if isinstance(v, dt.datetime) else
                                  v.isoformat() if isinstance(v, dt.date) else v for v in values])
                    if len(chunk) == 20000:
                        raw.executemany(statement, chunk)
                        chunk = []
                raw.executemany(statement, chunk)
                raw.commit()
    recreate(connection, indexes)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


def index_sizes() -> dict:
    """MB of the indexes the page reads (and the record tables', for scale)."""
    from django.db import connection

    names = ("penalty_current_day_unit", "license_current_day_unit", "penalty_deadline_exceptions",
             "license_deadline_exceptions", "credit_penaltyrecord", "credit_licenserecord")
    sizes = {}
    with connection.cursor() as cursor:
        for name in names:
            try:
                if connection.vendor == "postgresql":
                    cursor.execute("SELECT pg_relation_size(%s)", [name])
                else:
                    cursor.execute("SELECT sum(pgsize) FROM dbstat WHERE name = %s", [name])
                sizes[name] = round((cursor.fetchone()[0] or 0) / 2**20, 1)
            except Exception as error:  # dbstat is a compile-time option of SQLite
                return {"unavailable": str(error)[:80]}
    return sizes


def plans(agency, start: dt.date, today: dt.date) -> list[dict]:
    """How the database reads each query of the page (figures, late page 1, at-risk page 1): the scan
    lines of EXPLAIN (PostgreSQL) or EXPLAIN QUERY PLAN (SQLite), costs left out."""
    import re

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from gongkai.credit import compliance

    with CaptureQueriesContext(connection) as captured:
        report = compliance.compliance_report(agency, start=start, end=today, today=today)
        report.late[0:50], report.at_risk[0:50]
    period = compliance._period(agency, start, today, None)
    compliance._counts(period, today, compliance.current_calendar())
    found = []
    with compliance._session(period.days) as cursor:
        for query in captured.captured_queries:
            sql = query["sql"]
            if not sql.startswith("SELECT") or "credit_poweritem" in sql or "credit_" not in sql:
                continue
            if connection.vendor == "postgresql":
                cursor.execute("EXPLAIN " + sql)
                lines = [re.sub(r"\s*\(cost=.*", "", row[0]).strip(" ->") for row in cursor.fetchall()]
                lines = [line for line in lines if "Scan" in line]
            else:
                cursor.execute("EXPLAIN QUERY PLAN " + sql)
                lines = [row[-1] for row in cursor.fetchall() if row[-1].startswith(("SEARCH", "SCAN"))]
            found.append({"query": sql[:70], "seconds": float(query["time"]), "reads": lines})
    return found


def percentile(ordered: list[float], share: float) -> float:
    return round(ordered[min(len(ordered) - 1, int(share * len(ordered)))], 3)


def child(count: int) -> dict:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.config.settings")
    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from gongkai.core.workdays import package_calendar
    from gongkai.credit.compliance import compliance_report, deadline_rows
    from gongkai.holidays.calendar import forget_calendar
    from gongkai.holidays.models import HolidayNotice
    from gongkai.org.models import Agency

    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("migrate", verbosity=0)
    today = timezone.localdate()
    for year in (today.year, today.year + 1):
        if not package_calendar().knows(year):
            HolidayNotice.objects.get_or_create(year=year, defaults={"document_number": "基准测试用通知"})
    forget_calendar()
    agency = Agency.objects.create(code="bench", name="示范市公安局", uscc="11410100MB0000000X", office_name="办公室",
                                   office_address="示范市")
    started = time.perf_counter()
    fill(agency, count, today)
    load_seconds = time.perf_counter() - started
    client = Client()
    client.force_login(get_user_model().objects.create_superuser("bench", password="x"))

    def read(url: str, **params) -> int:
        response = client.get(url, params)
        assert response.status_code == 200, (url, params, response.status_code)
        if response.streaming:
            return sum(len(chunk) for chunk in response.streaming_content)
        return len(response.content)

    calls = {"page": lambda: read(PAGE), "page_late_2": lambda: read(PAGE, late_page="2"),
             "export": lambda: read(EXPORT, list="late"), "change_list": lambda: read(CHANGE_LIST)}
    for call in calls.values():  # one unmeasured run of each: imports, templates, plan caches
        call()
    timings: dict[str, list[float]] = {name: [] for name in calls}
    for n in range(max(REPEAT, EXPORT_REPEAT)):
        order = list(calls) if n % 2 == 0 else list(reversed(calls))  # side by side, alternating
        for name in order:
            if name == "export" and n >= EXPORT_REPEAT or name != "export" and n >= REPEAT:
                continue
            t0 = time.perf_counter()
            calls[name]()
            timings[name].append(time.perf_counter() - t0)
    results = {}
    for name, values in timings.items():
        values.sort()
        results[name] = {"runs": len(values), "p50_s": percentile(values, 0.5), "p95_s": percentile(values, 0.95)}
    base = results["change_list"]["p95_s"]
    for name in ("page", "page_late_2", "export"):
        results[name]["ratio_p95_vs_change_list"] = round(results[name]["p95_s"] / base, 2)

    start = dt.date(today.year, 1, 1)
    with CaptureQueriesContext(connection) as captured:
        report = compliance_report(agency, start=start, end=today, today=today)
    summary = {"records": count, "load_seconds": round(load_seconds, 1), "decisions": report.overall.total,
               "late": len(report.late), "at_risk": len(report.at_risk), "unknown": report.unknown,
               "push_rate": report.overall.push_rate, "publish_rate": report.overall.publish_rate,
               "report_queries": len(captured.captured_queries), "index_mb": index_sizes(),
               "plans": plans(agency, start, today), **results,
               "targets_met": {"page": results["page"]["p95_s"] <= 1.0, "export": results["export"]["p95_s"] <= 5.0}}
    if os.environ.get("ORACLE", "1" if count <= 100_000 else "0") == "1":
        rows = deadline_rows(agency, start=start, end=today, today=today)
        late = sorted((row for row in rows if row.is_late), key=lambda r: (r.unit, r.decided_on, r.pk, r.kind))
        summary["oracle"] = {"rows": len(rows), "late_list_equal": list(report.late) == late,
                             "figures_equal": _figures(report) == _expected(rows)}
    return summary


def _figures(report) -> dict:
    return {u.unit: (u.total, {k: v for k, v in u.push.items() if v}, {k: v for k, v in u.publish.items() if v})
            for u in report.units}


def _expected(rows) -> dict:
    """Per unit: decisions, and counts per push and per publication status, summed row by row."""
    figures: dict = {}
    for row in rows:
        total, push, publish = figures.setdefault(row.unit, (0, {}, {}))
        push[row.push_status] = push.get(row.push_status, 0) + 1
        publish[row.publish_status] = publish.get(row.publish_status, 0) + 1
        figures[row.unit] = (total + 1, push, publish)
    return figures


def parent() -> None:
    count = int(os.environ.get("N", "1000000"))
    backends = os.environ.get("BACKENDS", "sqlite,postgresql").split(",")
    pg_url = os.environ.get("PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
    report = {"benchmark": "credit_compliance", "N": count, "cpu_count": os.cpu_count(),
              "targets_at_1M": {"page_p95_s": 1.0, "export_p95_s": 5.0},
              "load_average_before": [round(x, 2) for x in os.getloadavg()], "backends": {}}
    for backend in backends:
        with child_environment(backend, "compliance", pg_url) as env:
            output = subprocess.run([sys.executable, __file__, "--child", str(count)], env=env, cwd=ROOT,
                                    check=True, capture_output=True, text=True).stdout
            report["backends"][backend] = json.loads(output.strip().splitlines()[-1])
    report["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    print(json.dumps(report, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "--child":
        sys.path.insert(0, str(ROOT))
        print(json.dumps(child(int(sys.argv[2])), ensure_ascii=False))
    else:
        parent()
