"""工作台 speed (gongkai/workbench): /admin/ per demo role at N credit records and R requests, p50/p95.

Each database is a throwaway (a SQLite file under a temp GONGKAI_VAR_DIR; a PostgreSQL database created
here and dropped after), migrated, with the demo bureau's staff (`ops.demo.load_bureau`). 双公示 records
are bulk-filled the way benchmarks/credit_query.py does it (its party names, its index drop and rebuild),
decided over the last 400 days with a year's publicity (some periods ended, some end within 30 days). Requests:
OPEN_SHARE of them still running (received in the last 40 days, a few with a consultation pause), a
few awaiting confirmation or decided, the rest closed with their answer and delivery events; items and 执法公开 documents a tenth and a fifth
of R, mostly published, drafts spread over the units. The holiday package may not know next year yet:
a notice with no holidays (weekends only) is entered for it, as the tests do.

Each role's page is fetched `REPEAT` times through the test client (every middleware), warm, after one
unmeasured run, alternating with Django's plain model list (/admin/models/, one click away) measured
side by side: the ratios say what the workbench costs over an admin page that counts nothing, whatever
else loads the shared machine. `sections_p50_ms` times each card's counting (gongkai/workbench/counts.py).
For each role the JSON also gives the number of SQL queries, and on SQLite every query
whose plan scans a whole table ("SCAN" without an index) of the big tables: those are where an index
would help.

Usage (full run, the issue's target: < 300 ms per role):
       N=1000000 R=100000 .venv/bin/python benchmarks/workbench.py > workbench.json
Smoke: N=50000 R=5000 REPEAT=10 BACKENDS=sqlite .venv/bin/python benchmarks/workbench.py
       (N default 1,000,000; R default 100,000; BACKENDS=sqlite,postgresql; PG_URL=postgresql://postgres@127.0.0.1:5432/postgres)
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
REPEAT = int(os.environ.get("REPEAT", "30"))
OPEN_SHARE = float(os.environ.get("OPEN_SHARE", "0.01"))
TARGET_MS = 300
ROLES = ("gongkaiban", "lingdao", "shenhe", "xxy-jiaojing", "sh-jiaojing")
BIG_TABLES = ("credit_penaltyrecord", "credit_licenserecord", "inforequests_inforequest", "inforequests_requestevent",
              "catalog_item", "enforcement_decisiondocument")


def fill_credit(connection, agency_id: int, count: int, today: dt.date) -> None:
    """credit_query.py's bulk fill, its decisions spread over 400 days instead of 300."""
    from credit_query import drop_secondary_indexes, party, recreate

    now = dt.datetime.now(dt.timezone.utc)
    rng = random.Random(7)
    common = ("agency_id", "natural_key", "version", "is_current", "record_hash", "document_number", "party_name",
              "party_kind", "party_uscc", "decided_on", "fields", "published_at", "pushed_at", "withdrawal_reason",
              "created_at")
    penalty_cols = common + ("penalty_categories", "severity", "publicity_ends_on", "repair_from")
    license_cols = common + ("license_category",)
    penalties = int(count * 0.8)

    def rows():
        for n in range(count):
            is_penalty = n < penalties
            name, kind, uscc = party(n, rng)
            decided = today - dt.timedelta(days=rng.randrange(400))
            number = f"示公（治）行罚决字〔{decided.year}〕{n + 1}号" if is_penalty else f"示公许字〔{decided.year}〕{n + 1}号"
            fields = {"CF_SY" if is_penalty else "XK_NR": f"{decided:%Y年%m月%d日}，当事人违反规定，经查属实。"}
            values = [agency_id, f"{number}\x1f{name}", 1, True, f"{n:064x}", number, name, kind, uscc, decided,
                      json.dumps(fields, ensure_ascii=False), now, now, "", now]
            if is_penalty:
                values += ["罚款", "一般", decided + dt.timedelta(days=365), decided + dt.timedelta(days=92)]
            else:
                values += ["普通"]
            yield is_penalty, values

    indexes = drop_secondary_indexes(connection)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            raw = cursor.cursor
            license_rows = []
            with raw.copy(f"COPY credit_penaltyrecord ({', '.join(penalty_cols)}) FROM STDIN") as pen_copy:
                for is_penalty, values in rows():
                    if is_penalty:
                        pen_copy.write_row(values)
                    else:
                        license_rows.append(values)
            with raw.copy(f"COPY credit_licenserecord ({', '.join(license_cols)}) FROM STDIN") as lic_copy:
                for values in license_rows:
                    lic_copy.write_row(values)
            recreate(connection, indexes)
            cursor.execute("ANALYZE")
        return
    connection.ensure_connection()
    raw = connection.connection
    raw.execute("PRAGMA synchronous = OFF")  # a throwaway database

    def sql(table, cols):
        return f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})"

    def convert(values):
        return [v.isoformat() if isinstance(v, (dt.date, dt.datetime)) else v for v in values]

    batches = {True: [], False: []}
    for is_penalty, values in rows():
        batches[is_penalty].append(convert(values))
        if len(batches[is_penalty]) >= 20000:
            raw.executemany(sql(*(("credit_penaltyrecord", penalty_cols) if is_penalty
                                  else ("credit_licenserecord", license_cols))), batches[is_penalty])
            raw.commit()
            batches[is_penalty] = []
    raw.executemany(sql("credit_penaltyrecord", penalty_cols), batches[True])
    raw.executemany(sql("credit_licenserecord", license_cols), batches[False])
    raw.commit()
    recreate(connection, indexes)
    raw.execute("ANALYZE")


def fill_work(agency, requests: int, today: dt.date, calendar) -> None:
    """Requests, items and 执法公开 documents: mostly finished, a realistic open share."""
    from gongkai.catalog.models import Category, Item
    from gongkai.enforcement.models import DecisionDocument
    from gongkai.inforequests.models import InfoRequest, RequestEvent
    from gongkai.org.models import Unit

    rng = random.Random(11)
    units = list(Unit.objects.filter(agency=agency))
    rows, events = [], []
    for n in range(requests):
        roll = rng.random()
        if roll < OPEN_SHARE:
            received, state = today - dt.timedelta(days=rng.randrange(40)), InfoRequest.State.IN_PROGRESS
        elif roll < OPEN_SHARE * 1.5:
            received, state = today - dt.timedelta(days=rng.randrange(3)), InfoRequest.State.AWAITING_CONFIRMATION
        elif roll < OPEN_SHARE * 2:
            received, state = today - dt.timedelta(days=rng.randrange(25)), InfoRequest.State.DECIDED
        else:
            received, state = today - dt.timedelta(days=40 + rng.randrange(3000)), InfoRequest.State.CLOSED
        rows.append(InfoRequest(
            agency=agency, number=f"B{n:08d}", query_code_hash="x", channel="online", submitted_on=received,
            confirmed_on=received, received_on=received, applicant_kind="自然人", description="某路口监控设置情况",
            state=state, closed_on=received + dt.timedelta(days=20) if state == InfoRequest.State.CLOSED else None))
    InfoRequest.objects.bulk_create(rows, batch_size=2000)
    for request in InfoRequest.objects.filter(state=InfoRequest.State.IN_PROGRESS).only("id", "received_on"):
        if rng.random() < 0.1:
            started = calendar.add_workdays(request.received_on, 2)
            if started < today:
                events.append(RequestEvent(request=request, kind="consultation_started", on=started,
                                           deadline=calendar.add_workdays(started, 15)))
    for request_id, received in InfoRequest.objects.filter(state=InfoRequest.State.CLOSED).values_list(
            "id", "received_on").iterator():
        answered = received + dt.timedelta(days=18)  # every finished request has its answer and delivery
        events.append(RequestEvent(request_id=request_id, kind="answered", on=answered))
        events.append(RequestEvent(request_id=request_id, kind="delivered", on=answered))
    RequestEvent.objects.bulk_create(events, batch_size=5000)

    category = Category.objects.create(agency=agency, slug="bench", name="基准测试")
    items = []
    for n in range(max(requests // 10, 10)):
        unit = units[n % len(units)]
        written = today - dt.timedelta(days=rng.randrange(2000))
        state = rng.choices([Item.State.PUBLISHED, Item.State.DRAFT, Item.State.IN_REVIEW], [96, 3, 1])[0]
        items.append(Item(agency=agency, unit=unit, category=category, title=f"通告{n}", written_on=written, state=state,
                          published_on=written + dt.timedelta(days=10) if state == Item.State.PUBLISHED else None))
    Item.objects.bulk_create(items, batch_size=2000)
    documents = []
    for n in range(max(requests // 5, 10)):
        decided = today - dt.timedelta(days=rng.randrange(700))
        state = rng.choices([DecisionDocument.State.PUBLISHED, DecisionDocument.State.PENDING,
                             DecisionDocument.State.EXCLUDED], [90, 3, 7])[0]
        documents.append(DecisionDocument(
            agency=agency, unit=units[n % len(units)], document_number=f"示公行罚决字〔{decided.year}〕{n}号",
            title="行政处罚决定书", decided_on=decided, original_text="……", source_hash=f"{n:064x}", state=state,
            publish_due=decided + dt.timedelta(days=9), published_on=decided if state == "published" else None))
    DecisionDocument.objects.bulk_create(documents, batch_size=2000)


def scans(connection, queries) -> list[str]:
    """SQLite: the queries whose plan reads one of the big tables whole."""
    if connection.vendor != "sqlite":
        return []
    found = []
    with connection.cursor() as cursor:
        for query in queries:
            sql = query["sql"]
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
            for row in cursor.fetchall():
                detail = row[-1]
                if detail.startswith("SCAN") and any(f"SCAN {table}" in detail for table in BIG_TABLES) \
                        and "USING" not in detail:
                    found.append(f"{detail} ← {sql[:160]}")
    return found


def child(backend: str, count: int, requests: int) -> dict:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.config.settings")
    sys.path.insert(0, str(ROOT / "benchmarks"))
    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client, RequestFactory
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from gongkai.core.workdays import package_calendar
    from gongkai.holidays.calendar import current_calendar, forget_calendar
    from gongkai.holidays.models import HolidayNotice
    from gongkai.ops.demo import load_bureau
    from gongkai.workbench.counts import build

    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("migrate", verbosity=0)
    today = timezone.localdate()
    for year in (today.year, today.year + 1):
        if not package_calendar().knows(year):
            HolidayNotice.objects.get_or_create(year=year, defaults={"document_number": "基准测试用通知"})
    forget_calendar()
    agency = load_bureau()
    started = time.perf_counter()
    fill_credit(connection, agency.pk, count, today)
    fill_work(agency, requests, today, current_calendar())
    with connection.cursor() as cursor:
        # As autovacuum leaves a table some time after a bulk load: statistics, and on PostgreSQL the
        # visibility map an index-only count needs (without it every counted row is read from the heap).
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    load_seconds = time.perf_counter() - started

    from gongkai.workbench import counts

    section_ms: dict[str, list[float]] = {}

    def timed(name, function):
        def run(*args, **kwargs):
            t0 = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                section_ms.setdefault(name, []).append((time.perf_counter() - t0) * 1000)
        return run

    for name in ("requests_section", "catalog_section", "enforcement_section", "credit_section", "report_section",
                 "alerts_section"):
        setattr(counts, name, timed(name.removesuffix("_section"), getattr(counts, name)))

    results = {}
    for username in ROLES:
        user = get_user_model().objects.get(username=username)
        client = Client()
        client.force_login(user)
        for url in ("/admin/", "/admin/models/"):  # one unmeasured run of each
            response = client.get(url)
            assert response.status_code == 200, (username, url, response.status_code)
        section_ms.clear()
        timings: dict[str, list[float]] = {"/admin/": [], "/admin/models/": []}
        for n in range(REPEAT):
            # Side by side, alternating which goes first: whatever else loads the machine loads both.
            for url in (("/admin/", "/admin/models/") if n % 2 == 0 else ("/admin/models/", "/admin/")):
                t0 = time.perf_counter()
                client.get(url)
                timings[url].append((time.perf_counter() - t0) * 1000)
        workbench_ms, model_list_ms = sorted(timings["/admin/"]), sorted(timings["/admin/models/"])
        request = RequestFactory().get("/admin/")
        request.user = user
        with CaptureQueriesContext(connection) as captured:  # the page's own queries (a request resets the log)
            workbench = build(request, today)
        figures = {f"{s.key}:{e.label}": e.count for s in workbench.sections for e in s.entries}
        p50, p95 = percentile(workbench_ms, 0.5), percentile(workbench_ms, 0.95)
        base50, base95 = percentile(model_list_ms, 0.5), percentile(model_list_ms, 0.95)
        results[username] = {
            "runs": REPEAT, "p50_ms": p50, "p95_ms": p95, "under_target": p95 < TARGET_MS,
            "model_list_p50_ms": base50, "model_list_p95_ms": base95,
            "ratio_p50_vs_model_list": round(p50 / base50, 2), "ratio_p95_vs_model_list": round(p95 / base95, 2),
            "sections_p50_ms": {name: percentile(sorted(values), 0.5) for name, values in section_ms.items()},
            "queries": len(captured.captured_queries), "full_scans": scans(connection, captured.captured_queries),
            "figures": figures,
        }
    return {"credit_records": count, "requests": requests, "open_share": OPEN_SHARE,
            "load_seconds": round(load_seconds, 1), "roles": results}


def percentile(ordered: list[float], share: float) -> float:
    return round(ordered[min(len(ordered) - 1, int(share * len(ordered)))], 1)


def parent() -> None:
    count = int(os.environ.get("N", "1000000"))
    requests = int(os.environ.get("R", "100000"))
    backends = os.environ.get("BACKENDS", "sqlite,postgresql").split(",")
    pg_url = os.environ.get("PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
    report = {"N": count, "R": requests, "repeat": REPEAT, "target_ms": TARGET_MS, "cpu_count": os.cpu_count(),
              "load_average_before": [round(x, 2) for x in os.getloadavg()], "backends": {}}
    for backend in backends:
        with child_environment(backend, "workbench", pg_url) as env:
            output = subprocess.run([sys.executable, __file__, "--child", backend, str(count), str(requests)],
                                    env=env, cwd=ROOT, check=True, capture_output=True, text=True).stdout
            report["backends"][backend] = json.loads(output.strip().splitlines()[-1])
    report["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    print(json.dumps(report, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    if len(sys.argv) >= 5 and sys.argv[1] == "--child":
        sys.path.insert(0, str(ROOT))
        print(json.dumps(child(sys.argv[2], int(sys.argv[3]), int(sys.argv[4])), ensure_ascii=False))
    else:
        parent()
