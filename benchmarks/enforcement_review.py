"""执法公开 review page speed (issue 13: one decision's review page < 300 ms), on a loaded demo bureau.

The review page redacts the document's text afresh, runs the second look (core/public_scan.py) and
lists its findings; this measures it for pending demo documents as the agency-wide reviewer (审核人),
through the test client and every middleware, warm, after one unmeasured fetch per document. The
admin's own change list of the same documents is measured in the same run as the reference.

Needs a demo database: GONGKAI_VAR_DIR=/tmp/bench-var .venv/bin/gongkai demo, then
       GONGKAI_VAR_DIR=/tmp/bench-var .venv/bin/python benchmarks/enforcement_review.py [--documents 20] [--repeat 10]
Prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.config.settings")
TARGET_MS = 300


def percentiles(samples: list[float]) -> dict:
    ordered = sorted(samples)
    return {"p50_ms": round(statistics.median(ordered), 1),
            "p95_ms": round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))], 1)}


def timed(client, url: str, repeat: int) -> list[float]:
    client.get(url)  # warm
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(url)
        samples.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return samples


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--documents", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()

    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.test.utils import setup_test_environment

    from gongkai.enforcement.models import DecisionDocument

    setup_test_environment()  # the test client's host and template hooks; the database is the demo's own
    from django.conf import settings

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    client = Client()
    client.force_login(get_user_model().objects.get(username="shenhe"))
    pending = list(DecisionDocument.objects.filter(state=DecisionDocument.State.PENDING)
                   .order_by("pk").values_list("pk", flat=True)[: args.documents])
    if not pending:
        sys.exit("no pending 执法公开 documents: load the demo first (see the docstring)")
    review = [ms for pk in pending
              for ms in timed(client, f"/admin/enforcement/decisiondocument/{pk}/review/", args.repeat)]
    listing = timed(client, "/admin/enforcement/decisiondocument/", args.repeat * 2)
    result = {
        "database": settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1],
        "documents": len(pending), "fetches": len(review),
        "review_page": percentiles(review), "change_list": percentiles(listing),
        "ratio_review_to_change_list_p95": round(percentiles(review)["p95_ms"] / percentiles(listing)["p95_ms"], 2),
        "target_ms": TARGET_MS,
        "ratio_p95_to_target": round(percentiles(review)["p95_ms"] / TARGET_MS, 3),
    }
    print(json.dumps(result, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
