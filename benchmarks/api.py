"""The API at scale: pushing penalty records in batches of 5,000 against the file import, and the read
endpoints' latency over N items, printing one JSON object.

Usage: .venv/bin/python benchmarks/api.py
  N               penalty records pushed, and again imported from a file; items for the reads (default 1,000,000)
  BENCH_SAMPLES   timed requests per read endpoint (default 200)
  BENCH_PARTS     "push,reads" (default), or one of them
  DATABASE_URL    a throwaway PostgreSQL database to run on instead (default: SQLite in a temp GONGKAI_VAR_DIR)
At 200,000 or more, run it under the shared lock, one database at a time:
  flock /work/bench.lock env N=1000000 .venv/bin/python benchmarks/api.py > bench-api-sqlite.json
  createdb -h 127.0.0.1 -U postgres gk_bench_api && flock /work/bench.lock env N=1000000 \
      DATABASE_URL=postgresql://postgres@127.0.0.1:5432/gk_bench_api .venv/bin/python benchmarks/api.py > bench-api-pg.json
Not run by CI. Targets (issue 18): API push >= 0.5x the file import's rows/s; read p95 < 50 ms for a
page of 50 at 1,000,000 items; a conditional GET answered 304 without reading item rows.

One process, one fresh database: the demo bureau and its power list are loaded (untimed); N penalty
records are imported from a CSV with `credit.importing.import_file` (timed: the file import's rows/s);
N other records (the same generator, the next N rows) are pushed through POST /api/v1/credit/penalty/records
in batches of 5,000 with Django's test client, which runs the whole request stack (middleware, URL
routing, ninja's parsing and validation, the JSON answer) without a socket (timed: the requests; the
client's JSON encoding of the batches is printed apart, as the CSV's writing is outside the import's time).
The file import prepares chunks in forked worker processes beside its writer; the push prepares them in
the request's own process (a web worker's threads cannot fork), so on 2 cores the file import has the
advantage of a second core. The push runs second, into a table the import already filled, so its ratio is, if
anything, pessimistic. Then N published items are inserted in bulk (untimed) and each read endpoint is
called BENCH_SAMPLES times: p50/p95/max in ms, over pages near the start, in the middle and at the end of
the list and under each filter (a column with its subcolumns, a date range, a validity, a validity no item
has: the worst case of a filter, which must not read the whole list). The conditional GET's queries are
captured and printed: it must answer 304 without a query on the item table.

Also the audit entry a read would cost if every read wrote one (`audit_entry_ms`: `org.audit.record` alone,
BENCH_SAMPLES times): the reason reads with a token are tallied per minute instead (api/usage.py).
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BATCH = 5000
TARGET_RATIO = 0.5
TARGET_P95_MS = 50.0


def _django(var_dir: Path) -> None:
    os.environ["GONGKAI_VAR_DIR"] = str(var_dir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.config.settings")
    os.environ["HUEY_IMMEDIATE"] = "1"
    import django

    django.setup()


def _percentiles(samples: list[float]) -> dict:
    ordered = sorted(samples)
    return {"p50_ms": round(statistics.median(ordered), 2), "p95_ms": round(ordered[int(0.95 * (len(ordered) - 1))], 2),
            "max_ms": round(ordered[-1], 2), "samples": len(ordered)}


def _time(client, path: str, samples: int, **headers) -> dict:
    times, status = [], None
    for _ in range(samples):
        started = time.perf_counter()
        response = client.get(path, **headers)
        times.append((time.perf_counter() - started) * 1000)
        status = response.status_code
    return {**_percentiles(times), "status": status}


def main() -> None:
    count = int(os.environ.get("N", "1000000"))
    samples = int(os.environ.get("BENCH_SAMPLES", "200"))
    parts = set(os.environ.get("BENCH_PARTS", "push,reads").split(","))
    var_dir = Path(tempfile.mkdtemp(prefix="gongkai-bench-api-"))
    _django(var_dir)
    import datetime as dt

    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from gongkai.api.models import Ability, SystemToken
    from gongkai.credit.power_list import load_demo_power_list
    from gongkai.credit.samples import RowFactory
    from gongkai.ops.demo import load_bureau

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)  # the rate limiter's shared counters
    settings.API_RATE_LIMITS = {"anonymous": (10**9, 60), "read": (10**9, 60), "write": (10**9, 60)}
    agency = load_bureau()
    load_demo_power_list(agency)
    factory = RowFactory(agency.name, agency.uscc, seed=3, start=timezone.localdate() - dt.timedelta(days=200),
                         days=180)
    result = {"n": count, "batch": BATCH, "database": connection.vendor, "samples_per_read": samples}
    token = SystemToken(agency=agency, name="基准测试", abilities=[Ability.PUSH_CREDIT, Ability.READ],
                        expires_at=timezone.now() + dt.timedelta(days=1))
    secret = token.issue()
    token.save()
    auth = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    client = Client(HTTP_HOST="127.0.0.1")
    result["load_before"] = [round(value, 2) for value in os.getloadavg()]
    try:
        if "push" in parts:
            result.update(_push(count, agency, factory, var_dir, client, auth))
        if "reads" in parts:
            result.update(_reads(count, agency, client, auth, samples))
    finally:
        connection.close()
        shutil.rmtree(var_dir, ignore_errors=True)  # the SQLite file (a few GB at 1,000,000)
    result["load_after"] = [round(value, 2) for value in os.getloadavg()]
    print(json.dumps(result, ensure_ascii=False, indent=1))


def _push(count, agency, factory, var_dir, client, auth) -> dict:
    from gongkai.credit.importing import import_file
    from gongkai.credit.samples import rows, write_csv

    result = {}
    # 1. the file import
    csv_path = write_csv(var_dir / "penalties.csv", "penalty", rows(factory, "penalty", count))
    started = time.perf_counter()
    batch = import_file(csv_path, agency=agency, kind="penalty")
    seconds = time.perf_counter() - started
    result["file_import"] = {"rows": batch.rows_read, "added": batch.rows_added, "seconds": round(seconds, 2),
                             "rows_per_s": round(batch.rows_read / seconds)}
    csv_path.unlink()

    # 2. the API push, batches of 5,000: the requests are timed (the whole request stack and the answer's
    # parsing); making the records and encoding the body is the case system's work, as writing the CSV
    # is outside the file import's time
    pushed = created = 0
    seconds = encoding = 0.0
    for first in range(count, 2 * count, BATCH):
        records = list(rows(factory, "penalty", min(BATCH, 2 * count - first), first=first))
        started = time.perf_counter()
        body = json.dumps({"records": records}, ensure_ascii=False)
        encoding += time.perf_counter() - started
        started = time.perf_counter()
        response = client.post("/api/v1/credit/penalty/records", body, content_type="application/json", **auth)
        if response.status_code != 200:
            raise SystemExit(f"push failed: {response.status_code} {response.content[:500]!r}")
        answer = response.json()
        seconds += time.perf_counter() - started
        pushed += len(records)
        created += answer["created"]
    result["api_push"] = {"rows": pushed, "created": created, "batches": -(-pushed // BATCH),
                          "seconds": round(seconds, 2), "rows_per_s": round(pushed / seconds),
                          "client_encoding_seconds": round(encoding, 2),
                          "rows_per_s_with_client_encoding": round(pushed / (seconds + encoding))}
    ratio = result["api_push"]["rows_per_s"] / result["file_import"]["rows_per_s"]
    result["push_ratio"] = round(ratio, 3)
    result["push_target"] = TARGET_RATIO
    result["push_meets_target"] = ratio >= TARGET_RATIO

    return result


def _reads(count, agency, client, auth, samples) -> dict:
    import datetime as dt

    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from gongkai.api import usage
    from gongkai.api.reads import _cursor
    from gongkai.catalog.models import Category, Item
    from gongkai.credit.models import PenaltyRecord
    from gongkai.org.audit import record
    from gongkai.org.models import Unit

    result = {}
    # 3. reads over N published items, in the four subcolumns of one column, over 3,000 days
    unit = Unit.objects.filter(agency=agency).order_by("id").first()
    parent = Category.objects.create(agency=agency, slug="bench", name="基准栏目")
    children = [Category.objects.create(agency=agency, parent=parent, slug=f"bench-{n}", name=f"基准子栏目{n}")
                for n in range(4)]
    today = timezone.localdate()
    days = 3000
    started = time.perf_counter()
    chunk = []
    for n in range(count):
        day = today - dt.timedelta(days=n % days)
        chunk.append(Item(agency=agency, unit=unit, category=children[n % 4], title=f"基准条目{n}", summary="概述",
                          written_on=day, published_on=day, state=Item.State.PUBLISHED,
                          index_number=f"BENCH/{n:08d}", body="<p>正文</p>",
                          validity=Item.Validity.VALID if n % 10 else Item.Validity.EXPIRED))
        if len(chunk) == 10_000:
            Item.objects.bulk_create(chunk)
            chunk = []
    Item.objects.bulk_create(chunk)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    result["items_inserted"] = {"rows": count, "seconds": round(time.perf_counter() - started, 1)}
    last_id = Item.objects.order_by("-id").values_list("id", flat=True).first()
    middle = _cursor(today - dt.timedelta(days=days // 2), last_id)  # half of the list (N/2 items) before it
    end = _cursor(today - dt.timedelta(days=days - 2), last_id)  # the last pages
    first_page = client.get("/api/v1/items?limit=50").json()
    page_21 = first_page["next_cursor"]
    for _ in range(19):
        page_21 = client.get(f"/api/v1/items?limit=50&cursor={page_21}").json()["next_cursor"]
    window = f"published_from={today - dt.timedelta(days=2000)}&published_to={today - dt.timedelta(days=1970)}"
    etag = client.get("/api/v1/items?limit=50")["ETag"]
    penalty = PenaltyRecord.objects.filter(is_current=True).order_by("-id").first()
    pages = {
        "items_first_page": "/api/v1/items?limit=50",
        "items_page_21": f"/api/v1/items?limit=50&cursor={page_21}",
        "items_middle_cursor": f"/api/v1/items?limit=50&cursor={middle}",
        "items_end_cursor": f"/api/v1/items?limit=50&cursor={end}",
        "items_by_column_with_subcolumns": f"/api/v1/items?limit=50&column={parent.pk}",
        "items_by_subcolumn_middle_cursor": f"/api/v1/items?limit=50&column={children[1].pk}&cursor={middle}",
        "items_by_date_range": f"/api/v1/items?limit=50&{window}",
        "items_by_validity_expired": "/api/v1/items?limit=50&validity=expired",
        "items_by_validity_none_match": "/api/v1/items?limit=50&validity=repealed",
        "items_by_column_validity_dates": f"/api/v1/items?limit=50&column={children[2].pk}&validity=expired&{window}",
    }
    reads = {name: _time(client, path, samples) for name, path in pages.items()}
    reads["items_conditional_304"] = _time(client, "/api/v1/items?limit=50", samples, HTTP_IF_NONE_MATCH=etag)
    reads["items_with_token"] = _time(client, "/api/v1/items?limit=50", samples, **auth)
    reads["enforcement_documents"] = _time(client, "/api/v1/enforcement/documents?limit=50", samples)
    if penalty is not None:  # with the token: anonymous callers share the portal's 60 queries a minute per client
        reads["credit_by_document_number"] = _time(client, f"/api/v1/credit/records?q={penalty.document_number}",
                                                   samples, **auth)
        reads["credit_browse"] = _time(client, "/api/v1/credit/records", samples, **auth)
    with CaptureQueriesContext(connection) as queries:
        answer = client.get("/api/v1/items?limit=50", HTTP_IF_NONE_MATCH=etag)
    result["reads"] = reads
    result["conditional_304"] = {
        "status": answer.status_code, "queries": len(queries.captured_queries),
        "reads_item_table": any(Item._meta.db_table in q["sql"] for q in queries.captured_queries),
        "sql": [q["sql"][:160] for q in queries.captured_queries]}
    page_reads = [reads[name]["p95_ms"] for name in pages]
    result["read_p95_target_ms"] = TARGET_P95_MS
    result["read_p95_worst_page_ms"] = max(page_reads)
    result["read_meets_target"] = max(page_reads) < TARGET_P95_MS

    # 4. what one audit entry per read would cost (the reads above with the token wrote one per minute)
    times = []
    for _ in range(samples):
        started = time.perf_counter()
        record("export", None, agency=agency, actor_name="系统接口：基准测试", summary="读取：GET /api/v1/items")
        times.append((time.perf_counter() - started) * 1000)
    result["audit_entry_ms"] = _percentiles(times)
    result["read_tally_entries_written"] = usage.flush(everything=True)
    return result


if __name__ == "__main__":
    main()
