"""The two speed checks that used to be assertions inside tests: loading the demo directory and rendering an annual report PDF; prints JSON.

A wall-clock limit inside a test fails on a loaded machine and proves nothing on a fast one, so the
tests (tests/catalog/test_demo.py, tests/reports/test_renderers.py) check what is built, and the
time it takes is measured here, against the targets the tests used to hold:

1. `gongkai.catalog.demo.load`: the demo bureau's directory (about 3,000 items over three years)
   as of a fixed day, target < 10 s.
2. The demo bureau's 2025 annual report (its requests loaded by `gongkai.inforequests.demo.load`)
   rendered to PDF: the first render (Pango and fontconfig load once per process) and the median of
   the following ones, each target < 10 s (DESIGN.md's figure; benchmarks/annual_report.py times
   the same on a busy year).

Each runs in a throwaway SQLite database under a temporary GONGKAI_VAR_DIR.
Run: .venv/bin/python benchmarks/demo_and_report_pdf.py [--renders 3]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TARGET_SECONDS = 10.0
DEMO_DAY = dt.date(2026, 11, 2)  # a fixed day, so every run loads the same directory
REPORT_YEAR = 2025


def setup_django(workdir: Path) -> None:
    os.environ.update(GONGKAI_VAR_DIR=str(workdir / "var"), DJANGO_SETTINGS_MODULE="gongkai.config.settings",
                      HUEY_IMMEDIATE="1")
    os.environ.pop("DATABASE_URL", None)
    (workdir / "var").mkdir()
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def demo_directory_load() -> dict:
    from django.db import transaction

    from gongkai.catalog.demo import load
    from gongkai.catalog.models import Item
    from gongkai.ops.demo import load_bureau

    agency = load_bureau()
    started = time.perf_counter()
    with transaction.atomic():
        load(agency, DEMO_DAY)
    seconds = time.perf_counter() - started
    return {"items": Item.objects.filter(agency=agency).count(), "as_of": DEMO_DAY.isoformat(),
            "seconds": round(seconds, 2), "target_s": TARGET_SECONDS,
            "ratio_to_target": round(seconds / TARGET_SECONDS, 2)}


def report_pdf(renders: int) -> dict:
    from gongkai.inforequests.demo import load
    from gongkai.ops.demo import load_bureau
    from gongkai.reports.document import build_document
    from gongkai.reports.renderers import render

    agency = load_bureau()
    load(agency, dt.date(REPORT_YEAR + 1, 3, 1))
    document = build_document(agency, REPORT_YEAR)
    timings = []
    size = 0
    for _ in range(renders + 1):
        started = time.perf_counter()
        size = len(render(document, "pdf"))
        timings.append(time.perf_counter() - started)
    warm = statistics.median(timings[1:]) if renders else None
    return {"year": REPORT_YEAR, "pdf_bytes": size, "first_render_s": round(timings[0], 2),
            "median_render_s": round(warm, 2) if warm is not None else None, "renders": renders,
            "target_s": TARGET_SECONDS, "ratio_to_target": round(max(timings) / TARGET_SECONDS, 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--renders", type=int, default=3, help="warm PDF renders after the first (default 3)")
    options = parser.parse_args()
    setup_django(Path(tempfile.mkdtemp(prefix="gongkai-bench-demo-pdf-")))
    report = {"cpu_count": os.cpu_count(), "catalog_demo_load": demo_directory_load(),
              "annual_report_pdf": report_pdf(options.renders)}
    print(json.dumps(report, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
