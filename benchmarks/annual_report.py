"""Annual report speed on a busy year: build_document, then JSON, HTML and PDF, on SQLite and PostgreSQL; prints JSON.

Each database is a throwaway (a SQLite file under a temp GONGKAI_VAR_DIR; a PostgreSQL database
created here and dropped after), migrated, then filled by bulk insert: N 双公示 records (80 %
penalties, 20 % licences, decisions spread over 2024–2025, each pushed two days after its
decision; raw SQL, COPY on PostgreSQL), ITEMS catalog items (ORM bulk_create; rules, normative
documents and plain items, most published in 2025) and REQUESTS information requests with their
decisions (bulk_create; 95 % decided). Then, for the 2025 report: build_document cold and warm,
+JSON, +HTML (target ≤ 2 s) and +PDF (target ≤ 10 s), and the slowest SQL statements of one
build_document, so a slow figure can be traced to its query. Finally the one slow figure found
(双公示报送数, a date cast over pushed_at) is timed as written, as a datetime range, and as that
range with a proposed (agency_id, pushed_at) index created in the throwaway database only.

Usage: N=1000000 .venv/bin/python benchmarks/annual_report.py > annual_report.json
       (N default 5,000,000; ITEMS=20000; REQUESTS=5000; BACKENDS=sqlite,postgresql;
        PG_URL=postgresql://postgres@127.0.0.1:5432/postgres)
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
YEAR = 2025


def load_credit(agency, count: int) -> None:
    from django.db import connection
    from django.utils import timezone

    rng = random.Random(7)
    start = dt.date(YEAR - 1, 1, 1)
    now = timezone.now()
    common = ("agency_id", "natural_key", "version", "is_current", "record_hash", "document_number", "party_name",
              "party_kind", "party_uscc", "decided_on", "fields", "published_at", "pushed_at", "withdrawal_reason",
              "created_at")
    penalty_cols = common + ("penalty_categories", "severity", "publicity_ends_on", "repair_from")
    license_cols = common + ("license_category",)
    penalties = int(count * 0.8)
    tz = dt.timezone(dt.timedelta(hours=8))

    def rows():
        for n in range(count):
            is_penalty = n < penalties
            decided = start + dt.timedelta(days=rng.randrange(730))
            pushed = dt.datetime.combine(decided + dt.timedelta(days=2), dt.time(10), tz)
            number = f"示公罚〔{decided.year}〕{n + 1}号" if is_penalty else f"示公许〔{decided.year}〕{n + 1}号"
            name = f"当事人{n % 100000}"
            values = [agency.pk, f"{number}\x1f{name}", 1, True, f"{n:064x}", number, name, "自然人", "", decided,
                      "{}", now, pushed, "", now]
            values += (["罚款", "一般", decided + dt.timedelta(days=365), decided + dt.timedelta(days=92)]
                       if is_penalty else ["普通"])
            yield is_penalty, values

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            raw = cursor.cursor
            license_rows = []
            with raw.copy(f"COPY credit_penaltyrecord ({', '.join(penalty_cols)}) FROM STDIN") as copy:
                for is_penalty, values in rows():
                    if is_penalty:
                        copy.write_row(values)
                    else:
                        license_rows.append(values)
            with raw.copy(f"COPY credit_licenserecord ({', '.join(license_cols)}) FROM STDIN") as copy:
                for values in license_rows:
                    copy.write_row(values)
        # VACUUM as autovacuum would after a load: it sets the visibility map, without which PostgreSQL
        # cannot answer the counts from the indexes alone (index-only scans) and reads the heap.
        connection.ensure_connection()
        autocommit = connection.connection.autocommit
        connection.connection.autocommit = True
        connection.connection.execute("VACUUM ANALYZE credit_penaltyrecord")
        connection.connection.execute("VACUUM ANALYZE credit_licenserecord")
        connection.connection.autocommit = autocommit
        return

    def sql(table, cols):
        return f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})"

    def convert(values):
        out = []
        for v in values:
            if isinstance(v, dt.datetime):
                # Django stores aware datetimes on SQLite as UTC text without an offset.
                out.append(v.astimezone(dt.timezone.utc).replace(tzinfo=None).isoformat(" "))
            elif isinstance(v, dt.date):
                out.append(v.isoformat())
            else:
                out.append(v)
        return out

    connection.ensure_connection()
    raw = connection.connection
    batches = {True: [], False: []}
    tables = {True: ("credit_penaltyrecord", penalty_cols), False: ("credit_licenserecord", license_cols)}
    for is_penalty, values in rows():
        batches[is_penalty].append(convert(values))
        if len(batches[is_penalty]) >= 20000:
            raw.executemany(sql(*tables[is_penalty]), batches[is_penalty])
            raw.commit()
            batches[is_penalty] = []
    for is_penalty, batch in batches.items():
        if batch:
            raw.executemany(sql(*tables[is_penalty]), batch)
    raw.commit()
    raw.execute("ANALYZE")


def load_items(agency, unit, category, count: int) -> None:
    from gongkai.catalog.models import Item

    rng = random.Random(11)
    rows = []
    for n in range(count):
        written = dt.date(YEAR - 1, 6, 1) + dt.timedelta(days=rng.randrange(570))
        published = min(written + dt.timedelta(days=rng.randrange(1, 15)), dt.date(YEAR, 12, 31))
        kind = "rule" if n % 500 == 0 else "normative" if n % 40 == 0 else ""
        rows.append(Item(agency=agency, unit=unit, category=category, title=f"示范市公安局公开信息第{n}号",
                         written_on=written, published_on=published, state=Item.State.PUBLISHED,
                         disclosure=Item.Disclosure.PROACTIVE, document_kind=kind,
                         repealed_on=written + dt.timedelta(days=400) if kind and n % 3 == 0 else None,
                         body="<p>正文</p>"))
    Item.objects.bulk_create(rows, batch_size=2000)


def load_requests(agency, count: int) -> None:
    from gongkai.core.annual_tables import APPLICANT_COLUMNS, DecisionCategory
    from gongkai.core.decision_rules import SITUATIONS
    from gongkai.inforequests.models import Decision, InfoRequest

    rng = random.Random(13)
    situations = {str(s.category.value if hasattr(s.category, "value") else s.category): s.key for s in SITUATIONS}
    categories = [c for c in DecisionCategory if str(c) in situations]
    requests = []
    for n in range(count):
        received = dt.date(YEAR - 1, 10, 1) + dt.timedelta(days=rng.randrange(455))
        requests.append(InfoRequest(agency=agency, number=f"BENCH-{n:06d}", query_code_hash="0" * 64,
                                    channel="online", submitted_on=received, confirmed_on=received,
                                    received_on=received, applicant_kind=rng.choice(APPLICANT_COLUMNS),
                                    description="基准测试申请"))
    InfoRequest.objects.bulk_create(requests, batch_size=2000)
    decisions = []
    for request in InfoRequest.objects.filter(agency=agency).only("id", "received_on"):
        if rng.random() < 0.95:
            category = rng.choice(categories)
            decisions.append(Decision(request_id=request.pk, situation=situations[str(category)], category=str(category),
                                      legal_basis="《条例》", decided_on=request.received_on + dt.timedelta(
                                          days=rng.randrange(1, 20))))
    Decision.objects.bulk_create(decisions, batch_size=2000)


def child(backend: str, count: int, items: int, requests: int) -> dict:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.config.settings")
    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from gongkai.catalog.demo import create_directory
    from gongkai.org.models import Agency, Unit
    from gongkai.reports.document import build_document
    from gongkai.reports.renderers import render

    call_command("migrate", verbosity=0)
    agency = Agency.objects.create(code="bench", name="示范市公安局", uscc="11410100MB0000000X",
                                   office_name="示范市公安局政府信息公开办公室", office_address="示范市人民路88号",
                                   office_phone="0371-12345678", office_hours="工作日")
    unit = Unit.objects.create(agency=agency, name="办公室")
    category = create_directory(agency)["statutory"]
    timings: dict = {}
    started = time.perf_counter()
    load_credit(agency, count)
    timings["load_credit_s"] = round(time.perf_counter() - started, 1)
    started = time.perf_counter()
    load_items(agency, unit, category, items)
    load_requests(agency, requests)
    timings["load_items_and_requests_s"] = round(time.perf_counter() - started, 1)

    def timed(label, function):
        t0 = time.perf_counter()
        value = function()
        timings[label] = round(time.perf_counter() - t0, 3)
        return value

    statements = []

    def trace(execute, sql, params, many, context):
        t0 = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            statements.append((time.perf_counter() - t0, sql))

    with connection.execute_wrapper(trace):
        document = timed("build_document_cold_s", lambda: build_document(agency, YEAR))
    timed("build_document_warm_s", lambda: build_document(agency, YEAR))
    timed("build_document_plus_json_s", lambda: render(build_document(agency, YEAR), "json"))
    timed("build_document_plus_html_s", lambda: render(build_document(agency, YEAR), "html"))
    render(document, "pdf")  # loads Pango and fontconfig once; the steady state is what a job pays
    pdf = timed("build_document_plus_pdf_s", lambda: render(build_document(agency, YEAR), "pdf"))
    statements.sort(reverse=True)
    proposal = pushed_count_experiment(agency, timed)
    return {
        "credit_records": count, "items": items, "requests": requests, **timings,
        "pdf_bytes": len(pdf), "queries_in_build_document": len(statements),
        "slowest_queries": [{"ms": round(seconds * 1000, 1), "sql": sql[:300]} for seconds, sql in statements[:5]],
        "checks": {"new_requests": document["figures"].get("新收申请数"),
                   "licensing_decisions": document["figures"].get("行政许可决定数"),
                   "penalty_decisions": document["figures"].get("行政处罚决定数"),
                   "pushed": document["figures"].get("双公示报送数"),
                   "violations": len(document["violations"])},
        "pushed_count_proposal": proposal,
    }


def pushed_count_experiment(agency, timed) -> dict:
    """The figure 双公示报送数 counts `pushed_at__date__range`: a per-row date cast no index can serve.
    Timed here as figures.py does it, as a half-open datetime range, and as that range with an index
    on (agency_id, pushed_at) created in this throwaway database only (no model or migration touched)."""
    from django.db import connection
    from django.utils import timezone

    from gongkai.credit.models import LicenseRecord, PenaltyRecord

    start = timezone.make_aware(dt.datetime(YEAR, 1, 1))
    end = timezone.make_aware(dt.datetime(YEAR + 1, 1, 1))
    models = (PenaltyRecord, LicenseRecord)
    counts = {
        "date_cast": timed("pushed_count_date_cast_s", lambda: sum(
            m.objects.filter(agency=agency, pushed_at__date__range=(start.date(), (end - dt.timedelta(days=1)).date()))
            .count() for m in models)),
        "range": timed("pushed_count_range_no_index_s", lambda: sum(
            m.objects.filter(agency=agency, pushed_at__gte=start, pushed_at__lt=end).count() for m in models)),
    }
    with connection.cursor() as cursor:
        for model in models:
            table = model._meta.db_table
            cursor.execute(f"CREATE INDEX bench_{table}_agency_pushed ON {table} (agency_id, pushed_at)")
        cursor.execute("ANALYZE")
    counts["range_indexed"] = timed("pushed_count_range_with_index_s", lambda: sum(
        m.objects.filter(agency=agency, pushed_at__gte=start, pushed_at__lt=end).count() for m in models))
    return {"counts_agree": len(set(counts.values())) == 1, "count": counts["date_cast"]}


def parent() -> None:
    count = int(os.environ.get("N", "5000000"))
    items = int(os.environ.get("ITEMS", "20000"))
    requests = int(os.environ.get("REQUESTS", "5000"))
    backends = os.environ.get("BACKENDS", "sqlite,postgresql").split(",")
    pg_url = os.environ.get("PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
    report = {"N": count, "cpu_count": os.cpu_count(), "targets": {"html_s": 2, "pdf_s": 10}, "backends": {}}
    for backend in backends:
        with child_environment(backend, "report", pg_url) as env:
            result = subprocess.run([sys.executable, __file__, "--child", backend, str(count), str(items),
                                     str(requests)], env=env, cwd=ROOT, capture_output=True, text=True)
            if result.returncode:
                report["backends"][backend] = {"error": result.stderr.strip().splitlines()[-5:]}
            else:
                report["backends"][backend] = json.loads(result.stdout.strip().splitlines()[-1])
    print(json.dumps(report, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    if len(sys.argv) >= 6 and sys.argv[1] == "--child":
        sys.path.insert(0, str(ROOT))
        print(json.dumps(child(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])), ensure_ascii=False))
    else:
        parent()
