"""Due dates for 100,000 open requests: the clock on the bisect calendar vs day-by-day stepping.

Prints one JSON object; not run by CI. Two measurements in one run:
1. Pure: `core.clock.compute_deadline` for N synthetic requests (received over 2024-2026, with
   corrections, consultations and extensions mixed in), explain on and off; side by side with a
   day-by-day working-day counter (what Alaveteli's `due_date_from_working_days` does) for the
   plain 20-day case, so the ratio shows what the calendar representation buys.
2. Database: N open requests and their events in a throwaway database (`gongkai migrate`; SQLite
   in a temp var dir, or the empty PostgreSQL database named by --database-url), then the
   handler's overview (`inforequests.overview.overview`, one bulk reading of
   `inforequests.clock.RequestClock`) over all.

Usage: .venv/bin/python benchmarks/request_deadlines.py [--n 100000]
       [--database-url postgresql://postgres@127.0.0.1:5432/gongkai_bench]  (created empty beforehand)
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


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


def bench_database(n: int, database_url: str | None = None) -> dict:
    workdir = Path(tempfile.mkdtemp(prefix="gongkai-deadlines-"))
    os.environ["GONGKAI_VAR_DIR"] = str(workdir)
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    else:
        os.environ.pop("DATABASE_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "gongkai.config.settings"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from gongkai.inforequests.models import ApplicantDetails, InfoRequest, RequestEvent
    from gongkai.inforequests.overview import overview
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
    load_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    result = overview(InfoRequest.objects.filter(agency=agency), dt.date(2026, 6, 1))
    overview_s = time.perf_counter() - t0
    return {"n": n, "events": len(events), "load_s": round(load_s, 2), "overview_s": round(overview_s, 2),
            "overdue": len(result["overdue"]), "due_soon": len(result["due_soon"]), "paused": len(result["paused"])}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--database-url", help="an empty PostgreSQL database instead of a throwaway SQLite one")
    args = parser.parse_args()
    database = "database_postgresql" if args.database_url else "database_sqlite"
    print(json.dumps({"machine": {"cpus": os.cpu_count(), "loadavg": os.getloadavg()},
                      "pure": bench_pure(args.n), database: bench_database(args.n, args.database_url)},
                     ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
