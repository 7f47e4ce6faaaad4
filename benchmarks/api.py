"""The API at scale: pushing penalty records in batches of 5,000 against the file import, and the read
endpoints' latency over N items, printing one JSON object.

Usage: .venv/bin/python benchmarks/api.py
  N               penalty records pushed, and again imported from a file; items for the reads (default 1,000,000)
  BENCH_SAMPLES   timed requests per read endpoint (default 200)
  DATABASE_URL    a throwaway PostgreSQL database to run on instead (default: SQLite in a temp GONGKAI_VAR_DIR)
Not run by CI. Targets (issue 18): API push >= 0.5x the file import's rows/s; read p95 < 50 ms for a
page of 50 at 1,000,000 items; a conditional GET answered 304 without reading item rows.

One process, one fresh database: the demo bureau and its power list are loaded (untimed); N penalty
records are imported from a CSV with `credit.importing.import_file` (timed: the file import's rows/s);
N other records (the same generator, the next N rows) are pushed through POST /api/v1/credit/penalty/records
in batches of 5,000 with Django's test client, which runs the whole request stack (middleware, URL
routing, ninja's parsing and validation, the JSON answer) without a socket (timed, JSON encoding of the
batches included). The push runs second, into a table the import already filled, so its ratio is, if
anything, pessimistic. Then N published items are inserted in bulk (untimed) and each read endpoint is
called BENCH_SAMPLES times: p50/p95/max in ms.
"""

from __future__ import annotations

import json
import os
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
    var_dir = Path(tempfile.mkdtemp(prefix="gongkai-bench-api-"))
    _django(var_dir)
    import datetime as dt

    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from gongkai.api.models import Ability, SystemToken
    from gongkai.catalog.models import Category, Item
    from gongkai.credit.importing import import_file
    from gongkai.credit.models import PenaltyRecord
    from gongkai.credit.power_list import load_demo_power_list
    from gongkai.credit.samples import RowFactory, rows, write_csv
    from gongkai.ops.demo import load_bureau
    from gongkai.org.models import Unit

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)  # the rate limiter's shared counters
    settings.API_RATE_LIMITS = {"anonymous": (10**9, 60), "read": (10**9, 60), "write": (10**9, 60)}
    agency = load_bureau()
    load_demo_power_list(agency)
    factory = RowFactory(agency.name, agency.uscc, seed=3, start=timezone.localdate() - dt.timedelta(days=200),
                         days=180)
    result = {"n": count, "batch": BATCH, "database": connection.vendor, "samples_per_read": samples}

    # 1. the file import
    csv_path = write_csv(var_dir / "penalties.csv", "penalty", rows(factory, "penalty", count))
    started = time.perf_counter()
    batch = import_file(csv_path, agency=agency, kind="penalty")
    seconds = time.perf_counter() - started
    result["file_import"] = {"rows": batch.rows_read, "added": batch.rows_added, "seconds": round(seconds, 2),
                             "rows_per_s": round(batch.rows_read / seconds)}
    csv_path.unlink()

    # 2. the API push, batches of 5,000
    token = SystemToken(agency=agency, name="基准测试", abilities=[Ability.PUSH_CREDIT, Ability.READ],
                        expires_at=timezone.now() + dt.timedelta(days=1))
    secret = token.issue()
    token.save()
    auth = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    client = Client(HTTP_HOST="127.0.0.1")
    pushed = created = 0
    started = time.perf_counter()
    for first in range(count, 2 * count, BATCH):
        records = list(rows(factory, "penalty", min(BATCH, 2 * count - first), first=first))
        response = client.post("/api/v1/credit/penalty/records", json.dumps({"records": records}, ensure_ascii=False),
                               content_type="application/json", **auth)
        if response.status_code != 200:
            raise SystemExit(f"push failed: {response.status_code} {response.content[:500]!r}")
        answer = response.json()
        pushed += len(records)
        created += answer["created"]
    seconds = time.perf_counter() - started
    result["api_push"] = {"rows": pushed, "created": created, "seconds": round(seconds, 2),
                          "rows_per_s": round(pushed / seconds)}
    ratio = result["api_push"]["rows_per_s"] / result["file_import"]["rows_per_s"]
    result["push_ratio"] = round(ratio, 3)
    result["push_target"] = TARGET_RATIO
    result["push_meets_target"] = ratio >= TARGET_RATIO

    # 3. reads over N published items
    unit = Unit.objects.filter(agency=agency).order_by("id").first()
    column = Category.objects.create(agency=agency, slug="bench", name="基准栏目")
    today = timezone.localdate()
    chunk = []
    for n in range(count):
        day = today - dt.timedelta(days=n % 3000)
        chunk.append(Item(agency=agency, unit=unit, category=column, title=f"基准条目{n}", summary="概述",
                          written_on=day, published_on=day, state=Item.State.PUBLISHED,
                          index_number=f"BENCH/{n:08d}", body="<p>正文</p>",
                          validity=Item.Validity.VALID if n % 10 else Item.Validity.EXPIRED))
        if len(chunk) == 10_000:
            Item.objects.bulk_create(chunk)
            chunk = []
    Item.objects.bulk_create(chunk)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    first_page = client.get("/api/v1/items?limit=50").json()
    deep = first_page["next_cursor"]
    for _ in range(20):  # 20 pages in
        deep = client.get(f"/api/v1/items?limit=50&cursor={deep}").json()["next_cursor"]
    etag = client.get("/api/v1/items?limit=50")["ETag"]
    penalty = PenaltyRecord.objects.filter(is_current=True).order_by("-id").first()
    reads = {
        "items_first_page": _time(client, "/api/v1/items?limit=50", samples),
        "items_page_21": _time(client, f"/api/v1/items?limit=50&cursor={deep}", samples),
        "items_by_column_and_validity": _time(client, f"/api/v1/items?limit=50&column={column.pk}&validity=expired",
                                              samples),
        "items_conditional_304": _time(client, "/api/v1/items?limit=50", samples, HTTP_IF_NONE_MATCH=etag),
        "items_with_token": _time(client, "/api/v1/items?limit=50", samples, **auth),
        "enforcement_documents": _time(client, "/api/v1/enforcement/documents?limit=50", samples),
        # with the token: anonymous callers share the portal's 60 queries a minute per client
        "credit_by_document_number": _time(client, f"/api/v1/credit/records?q={penalty.document_number}", samples,
                                           **auth),
        "credit_browse": _time(client, "/api/v1/credit/records", samples, **auth),
    }
    with CaptureQueriesContext(connection) as queries:
        client.get("/api/v1/items?limit=50", HTTP_IF_NONE_MATCH=etag)
    result["reads"] = reads
    result["conditional_304_reads_item_rows"] = any(Item._meta.db_table in q["sql"] for q in queries.captured_queries)
    page_reads = [reads[name]["p95_ms"] for name in ("items_first_page", "items_page_21", "items_by_column_and_validity")]
    result["read_p95_target_ms"] = TARGET_P95_MS
    result["read_meets_target"] = max(page_reads) < TARGET_P95_MS
    print(json.dumps(result, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
