"""双公示时限情况 at scale: the admin page and its xlsx export on N current decisions, p50/p95, one JSON object.

Each database is a throwaway (a SQLite file under a temp GONGKAI_VAR_DIR; a PostgreSQL database
created here and dropped after), migrated, then filled by bulk insert: 80 % penalties, 20 % licences,
decided over this year to date (the page's default period), in three 行政决定部门 (power items) and
under the 处罚机关/许可机关 of the rest; 90 % pushed and published on time, 5 % late, 5 % never (so
the late list is long, as in the demo bureau). A few hundred corrected versions exercise the
first-version rule. Timed, warm, through the views themselves (RequestFactory, a superuser):
`page` = the whole page rendered (figures + first page of each list), `page_late_2` = the late
list's second page, `export` = the late list as xlsx, read to the end.

Usage: N=50000 .venv/bin/python benchmarks/credit_compliance.py > credit_compliance.json
       (N default 1,000,000; BACKENDS=sqlite,postgresql; REPEAT=7; EXPORT_REPEAT=3;
        PG_URL=postgresql://postgres@127.0.0.1:5432/postgres)
Target (issue 17): at 1,000,000 records p95 <= 1 s for the page and <= 5 s for the export.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

from throwaway import child_environment

ROOT = Path(__file__).resolve().parent.parent
REPEAT = int(os.environ.get("REPEAT", "7"))
EXPORT_REPEAT = int(os.environ.get("EXPORT_REPEAT", "3"))
CORRECTED = 300


def fill(agency, count: int, today: dt.date) -> None:
    """N current decisions (and CORRECTED superseded versions) written by executemany / COPY."""
    from django.db import connection
    from django.utils import timezone

    from gongkai.credit.models import PowerItem

    items = [PowerItem.objects.create(agency=agency, kind="penalty", code=f"B-{n}", department=name, name="事项",
                                      basis="依据", party_kinds="法人及非法人组织").pk
             for n, name in enumerate(("治安支队", "交警支队", "出入境管理支队"))]
    rng = random.Random(17)
    start = dt.date(today.year, 1, 1)
    span = (today - start).days + 1
    columns = ("agency_id", "natural_key", "version", "is_current", "record_hash", "document_number", "party_name",
               "party_kind", "party_uscc", "decided_on", "fields", "published_at", "pushed_at", "withdrawal_reason",
               "created_at", "power_item_id")
    penalty_columns = columns + ("penalty_categories", "severity", "publicity_ends_on", "repair_from")
    license_columns = columns + ("license_category",)
    now = timezone.now()

    def moment(decided: dt.date, roll: float):
        if roll < 0.05:
            return None
        days = rng.randrange(0, 4) if roll < 0.95 else rng.randrange(10, 30)
        return timezone.make_aware(dt.datetime.combine(decided + dt.timedelta(days=days), dt.time(10)))

    def rows(is_penalty: bool, first: int, last: int):
        for n in range(first, last):
            decided = start + dt.timedelta(days=rng.randrange(span))
            number = f"示公罚字〔{decided.year}〕{n + 1}号" if is_penalty else f"示公许字〔{decided.year}〕{n + 1}号"
            name = f"示范市第{n}号商贸有限公司"
            fields = {"CF_CFJG" if is_penalty else "XK_XKJG": "示范市公安局"}
            roll = rng.random()
            for version in ((1, 2) if n - first < CORRECTED else (2,)):
                values = [agency.pk, f"{number}\x1f{name}", version, version == 2, f"{n:060x}{version:04x}", number,
                          name, "法人及非法人组织", "", decided, json.dumps(fields, ensure_ascii=False),
                          moment(decided, roll) if version == 1 or n - first >= CORRECTED else None,
                          moment(decided, roll) if version == 1 or n - first >= CORRECTED else None, "", now,
                          rng.choice(items) if is_penalty and rng.random() < 0.6 else None]
                values += (["罚款", "一般", decided + dt.timedelta(days=365), decided + dt.timedelta(days=92)]
                           if is_penalty else ["普通"])
                yield values

    penalties = int(count * 0.8)
    batches = (("credit_penaltyrecord", penalty_columns, rows(True, 0, penalties)),
               ("credit_licenserecord", license_columns, rows(False, penalties, count)))
    with connection.cursor() as cursor:
        for table, table_columns, table_rows in batches:
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {table} ({', '.join(table_columns)}) FROM STDIN") as copy:
                    for values in table_rows:
                        copy.write_row(values)
            else:
                marks = ", ".join("?" * len(table_columns))
                raw = connection.connection
                chunk = []
                for values in table_rows:  # stored as Django stores them (UTC text without an offset)
                    chunk.append([connection.ops.adapt_datetimefield_value(v) if isinstance(v, dt.datetime) else
                                  v.isoformat() if isinstance(v, dt.date) else v for v in values])
                    if len(chunk) == 20000:
                        raw.executemany(f"INSERT INTO {table} ({', '.join(table_columns)}) VALUES ({marks})", chunk)
                        chunk = []
                raw.executemany(f"INSERT INTO {table} ({', '.join(table_columns)}) VALUES ({marks})", chunk)
                raw.commit()
        cursor.execute("ANALYZE")


def timed(call, repeat: int) -> dict:
    call()  # one unmeasured run: imports, template loading and plan caches are not the steady state
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        timings.append(time.perf_counter() - started)
    timings.sort()
    return {"runs": repeat, "p50_s": round(statistics.median(timings), 3),
            "p95_s": round(timings[min(repeat - 1, int(0.95 * repeat))], 3)}


def child(count: int) -> dict:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.config.settings")
    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import RequestFactory
    from django.utils import timezone

    from gongkai.credit.admin_compliance import compliance_export, compliance_view
    from gongkai.org.models import Agency

    call_command("migrate", verbosity=0)
    agency = Agency.objects.create(code="bench", name="示范市公安局", uscc="11410100MB0000000X", office_name="办公室",
                                   office_address="示范市")
    today = timezone.localdate()
    started = time.perf_counter()
    fill(agency, count, today)
    load_seconds = time.perf_counter() - started
    user = get_user_model().objects.create_superuser("bench", password="x")
    factory = RequestFactory()

    def get(view, **params):
        request = factory.get("/admin/credit/repairapplication/compliance/", params)
        request.user = user
        response = view(request)
        if hasattr(response, "render"):
            response.render()
            return len(response.content)
        return sum(len(chunk) for chunk in response.streaming_content)

    from gongkai.credit.compliance import compliance_report

    report = compliance_report(agency, start=dt.date(today.year, 1, 1), end=today, today=today)
    return {"records": count, "load_seconds": round(load_seconds, 1), "late": len(report.late),
            "at_risk": len(report.at_risk), "decisions": report.overall.total,
            "page": timed(lambda: get(compliance_view), REPEAT),
            "page_late_2": timed(lambda: get(compliance_view, late_page="2"), REPEAT),
            "export": timed(lambda: get(compliance_export, list="late"), EXPORT_REPEAT)}


def parent() -> None:
    count = int(os.environ.get("N", "1000000"))
    backends = os.environ.get("BACKENDS", "sqlite,postgresql").split(",")
    pg_url = os.environ.get("PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
    report = {"benchmark": "credit_compliance", "N": count, "cpu_count": os.cpu_count(),
              "targets_at_1M": {"page_p95_s": 1.0, "export_p95_s": 5.0}, "backends": {}}
    for backend in backends:
        with child_environment(backend, "compliance", pg_url) as env:
            output = subprocess.run([sys.executable, __file__, "--child", str(count)], env=env, cwd=ROOT,
                                    check=True, capture_output=True, text=True).stdout
            report["backends"][backend] = json.loads(output.strip().splitlines()[-1])
    print(json.dumps(report, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "--child":
        sys.path.insert(0, str(ROOT))
        print(json.dumps(child(int(sys.argv[2])), ensure_ascii=False))
    else:
        parent()
