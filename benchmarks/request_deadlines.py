"""The handler's overview of 100,000 open requests (issue 15: < 2 s on SQLite and on PostgreSQL).

Prints one JSON object; not run by CI. Three measurements in one run:
1. Pure: `core.clock.compute_deadline` for N synthetic requests (received over 2024-2026, with
   corrections, consultations and extensions mixed in), explain on and off; side by side with a
   day-by-day working-day counter (what Alaveteli's `due_date_from_working_days` does) for the
   plain 20-day case, so the ratio shows what the calendar representation buys.
2. Per backend, in a child process on a throwaway database (benchmarks/throwaway.py): N open
   requests and their events (about 0.7 per request), then
   - the overview as the user gets it: GET /admin/inforequests/inforequest/overview/ as the
     disclosure office (公开办), through every middleware and the template; the first fetch (cold
     process) and `--repeat` more, p50/p95, wall and this process's CPU;
   - `inforequests.overview.overview()` alone, the same way;
   - the clock read the old way, one request at a time from model instances
     (`RequestClock.deadline` per request), timed on a sample and scaled to N: the ratio to the
     bulk overview is what the bulk reading buys.
   Earlier figures for the same overview are printed beside them (`earlier`).

Usage: .venv/bin/python benchmarks/request_deadlines.py [--n 100000] [--backends sqlite,postgresql]
       [--repeat 5] [--pg-url postgresql://postgres@127.0.0.1:5432/postgres]
At 100,000 run it under the shared lock: flock /work/bench.lock .venv/bin/python benchmarks/request_deadlines.py
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))


def synthetic_histories(n: int, seed: int = 7):
    from gongkai.core.clock import ClockEvent, EventKind
    from gongkai.core.workdays import package_calendar

    calendar = package_calendar()
    rng = random.Random(seed)
    start = dt.date(2024, 1, 2)
    histories = []
    for _ in range(n):
        received = start + dt.timedelta(days=rng.randrange(0, 900))
        events = []
        roll = rng.random()
        if roll < 0.15:
            asked = calendar.add_workdays(received, rng.randint(1, 7))
            events.append(ClockEvent(EventKind.CORRECTION_REQUESTED, asked, deadline=calendar.add_workdays(asked, 10)))
            events.append(ClockEvent(EventKind.CORRECTION_RECEIVED, calendar.add_workdays(asked, rng.randint(1, 9))))
        elif roll < 0.30:
            began = calendar.add_workdays(received, rng.randint(1, 10))
            events.append(ClockEvent(EventKind.CONSULTATION_STARTED, began))
            events.append(ClockEvent(EventKind.CONSULTATION_ENDED, calendar.add_workdays(began, rng.randint(1, 15))))
        elif roll < 0.40:
            events.append(ClockEvent(EventKind.EXTENSION_GRANTED, calendar.add_workdays(received, 15), by="负责人", workdays=20))
        histories.append((received, events))
    return histories


def naive_add_workdays(day: dt.date, n: int) -> dt.date:
    """Step one day at a time asking the package (the obvious implementation)."""
    import chinese_calendar

    while n > 0:
        day += dt.timedelta(days=1)
        if chinese_calendar.is_workday(day):
            n -= 1
    return day


def bench_pure(n: int) -> dict:
    from gongkai.core.clock import compute_deadline
    from gongkai.core.workdays import package_calendar

    calendar = package_calendar()
    histories = synthetic_histories(n)
    today = dt.date(2026, 6, 1)
    results = {}
    for explain in (False, True):
        t0 = time.perf_counter()
        for received, events in histories:
            compute_deadline(received, events, today=today, calendar=calendar, explain=explain)
        results["explain" if explain else "no_explain"] = round(time.perf_counter() - t0, 3)
    sample = histories[: max(1, n // 10)]
    t0 = time.perf_counter()
    for received, _ in sample:
        calendar.add_workdays(received, 20)
    bisect_s = (time.perf_counter() - t0) * (n / len(sample))
    t0 = time.perf_counter()
    for received, _ in sample:
        naive_add_workdays(received, 20)
    naive_s = (time.perf_counter() - t0) * (n / len(sample))
    return {
        "n": n,
        "compute_deadline_s": results,
        "plain_20_days_bisect_s": round(bisect_s, 3),
        "plain_20_days_day_by_day_s": round(naive_s, 3),
        "ratio_day_by_day_to_bisect": round(naive_s / bisect_s, 1),
    }


TODAY = dt.date(2026, 6, 1)
TARGET_S = 2.0
# Earlier measurements of the same overview, for the before/after comparison (wall seconds).
EARLIER = {
    "issue_15_filed": {"n": 100_000, "overview_s": 38.6, "note": "issue figure, before the bulk clock"},
    "commit_dc624ef": {"n": 10_000, "overview_s": 1.07, "note": "benchmarks/request_deadlines.py --n 10000, SQLite, loaded machine"},
}


def timed(function, repeat: int) -> dict:
    """The first call (cold) and `repeat` more: wall p50/p95 and this process's CPU, in seconds."""
    walls, cpus = [], []
    for _ in range(repeat + 1):
        wall, cpu = time.perf_counter(), time.process_time()
        function()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    first, warm = walls[0], sorted(walls[1:])
    return {"first_s": round(first, 3), "p50_s": round(statistics.median(warm), 3),
            "p95_s": round(warm[min(len(warm) - 1, int(len(warm) * 0.95))], 3),
            "cpu_p50_s": round(statistics.median(sorted(cpus[1:])), 3)}


def child(backend: str, n: int, repeat: int) -> dict:
    import django

    django.setup()
    from unittest import mock

    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    call_command("migrate", verbosity=0)
    from gongkai.inforequests.clock import RequestClock
    from gongkai.inforequests.models import ApplicantDetails, InfoRequest, RequestEvent
    from gongkai.inforequests.overview import OPEN_STATES, overview
    from gongkai.ops.demo import load_bureau

    agency = load_bureau()
    histories = synthetic_histories(n)
    t0 = time.perf_counter()
    requests = [InfoRequest(agency=agency, number=f"B-{i:07d}", query_code_hash="x", channel="in_person",
                            submitted_on=received, received_on=received, applicant_kind="自然人", description="基准",
                            state=InfoRequest.State.IN_PROGRESS) for i, (received, _) in enumerate(histories)]
    InfoRequest.objects.bulk_create(requests, batch_size=5000)
    stored = list(InfoRequest.objects.filter(agency=agency).order_by("id"))
    ApplicantDetails.objects.bulk_create([ApplicantDetails(request=r, name="基准") for r in stored], batch_size=5000)
    events = [RequestEvent(request=r, kind=e.kind.value, on=e.on, workdays=e.workdays, deadline=e.deadline,
                           approved_by=e.by) for r, (_, evs) in zip(stored, histories) for e in evs]
    RequestEvent.objects.bulk_create(events, batch_size=5000)
    del stored, requests
    if backend == "postgresql":
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    load_s = time.perf_counter() - t0

    queryset = InfoRequest.objects.filter(agency=agency)
    groups = overview(queryset, TODAY)
    function = timed(lambda: overview(queryset, TODAY), repeat)

    setup_test_environment()  # the test client's host; the database is this child's own
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    client = Client()
    client.force_login(get_user_model().objects.get(username="gongkaiban"))
    url = "/admin/inforequests/inforequest/overview/"
    sizes = []

    def fetch():
        response = client.get(url)
        assert response.status_code == 200, response.status_code
        sizes.append(len(response.content))

    with mock.patch("django.utils.timezone.localdate", return_value=TODAY):
        page = timed(fetch, repeat)

    # The old way: model instances, one request's clock at a time, on a sample scaled to N.
    sample_size = max(500, n // 20)
    sample = list(queryset.filter(state__in=OPEN_STATES).select_related("decision").order_by("id")[:sample_size])
    request_clock = RequestClock.current(TODAY)
    t0 = time.perf_counter()
    for request in sample:
        request_clock.left(request_clock.deadline(request))
    per_request_s = (time.perf_counter() - t0) * n / len(sample)
    return {
        "backend": backend, "n": n, "events": len(events), "load_s": round(load_s, 1),
        "groups": {key: len(rows) for key, rows in groups.items()},
        "page": {**page, "bytes": sizes[-1]},
        "overview_function": function,
        "per_request_clock_scaled_s": round(per_request_s, 2),
        "ratio_per_request_to_page_p50": round(per_request_s / page["p50_s"], 1),
        "ratio_page_p95_to_target": round(page["p95_s"] / TARGET_S, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--pg-url", default="postgresql://postgres@127.0.0.1:5432/postgres",
                        help="a PostgreSQL server where a throwaway database may be created")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.n, args.repeat), ensure_ascii=False))
        return
    from throwaway import child_environment

    report = {"machine": {"cpus": os.cpu_count(), "load_average_before": [round(x, 2) for x in os.getloadavg()]},
              "target_s": TARGET_S, "earlier": EARLIER, "pure": bench_pure(args.n), "backends": {}}
    for backend in args.backends.split(","):
        with child_environment(backend, "deadlines", args.pg_url) as env:
            output = subprocess.run([sys.executable, __file__, "--n", str(args.n), "--repeat", str(args.repeat),
                                     "--child", backend], env=env, cwd=ROOT, check=True, capture_output=True,
                                    text=True).stdout
        report["backends"][backend] = json.loads(output.strip().splitlines()[-1])
    report["machine"]["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    print(json.dumps(report, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
