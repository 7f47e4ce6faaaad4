"""Benchmark of the portal builder: full build of N item pages and the publish-to-file latency (prints one JSON object).

Not run by CI. Each size runs in a throwaway SQLite database and SITE_ROOT under a temp folder:
`python benchmarks/build_site.py [--sizes 10000,100000]`. Items are bulk_created as published; the
incremental figure publishes one more item through the workflow and times until its page file exists.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_one(size: int) -> dict:
    """Runs in a child process whose settings point at a fresh var dir."""
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection

    from gongkai.catalog import workflow
    from gongkai.catalog.demo import BUREAU_COLUMNS
    from gongkai.catalog.models import Category, Item
    from gongkai.catalog.models.category import NATIONAL_COLUMNS
    from gongkai.ops.demo import load_bureau
    from gongkai.org.models import Unit
    from gongkai.portal import paths
    from gongkai.portal.build import build_all

    call_command("migrate", interactive=False, verbosity=0)
    agency = load_bureau()
    columns = {}
    for order, (slug, name) in enumerate(NATIONAL_COLUMNS):
        columns[slug] = Category.objects.create(agency=agency, slug=slug, name=name, sort_order=order, is_national=True)
    leaves = [Category.objects.create(agency=agency, parent=columns["statutory"], slug=slug, name=name, sort_order=order)
              for order, (slug, name) in enumerate(BUREAU_COLUMNS)]
    units = list(Unit.objects.filter(agency=agency))
    started = time.perf_counter()
    batch = []
    first_day = dt.date(2020, 1, 1)
    for n in range(size):
        batch.append(Item(
            agency=agency, unit=units[n % len(units)], category=leaves[n % len(leaves)],
            title=f"关于第{n}号事项的通告", summary="事项的办理依据、条件和程序。", written_on=first_day,
            published_on=first_day + dt.timedelta(days=n * 2000 // size), state=Item.State.PUBLISHED,
            index_number=f"000591782/{2020 + n * 5 // size}-{n:06d}", topic="公安、安全、司法", genre="通告",
            keywords="通告", document_number=f"示公通〔2026〕{n}号",
            body="<p>为加强治安管理，维护社会秩序，现将有关事项通告如下。</p>" * 5,
        ))
        if len(batch) == 5000:
            Item.objects.bulk_create(batch)
            batch = []
    Item.objects.bulk_create(batch)
    generated = time.perf_counter() - started

    report = build_all(agency)
    full_pages = report.pages

    admin = get_user_model().objects.get(username="admin")
    draft = Item.objects.create(agency=agency, unit=units[0], category=leaves[0], title="新发布的通告",
                                written_on=dt.date(2026, 11, 1), state=Item.State.IN_REVIEW, body="<p>新通告。</p>")
    started = time.perf_counter()
    workflow.publish_item(draft, admin)  # autocommit: the rebuild runs on commit, inside this call
    visible_after = time.perf_counter() - started if paths.file_for_url(paths.item_url(draft.id)).exists() else None
    home_has_it = "新发布的通告" in paths.file_for_url("/").read_text(encoding="utf-8")
    return {
        "items": size, "generate_s": round(generated, 2), "full_build_s": round(report.seconds, 2),
        "files": full_pages, "item_pages": report.item_pages,
        "pages_per_s": round(full_pages / report.seconds), "item_pages_per_s": round(report.item_pages / report.seconds),
        "publish_to_file_s": round(visible_after, 3) if visible_after is not None else None,
        "home_shows_it": home_has_it, "database": connection.vendor,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--child", type=int, default=None)
    args = parser.parse_args()
    if args.child is not None:
        print(json.dumps(run_one(args.child)))
        return
    results = []
    for size in (int(s) for s in args.sizes.split(",")):
        with tempfile.TemporaryDirectory(prefix="gongkai-bench-") as var:
            env = {**os.environ, "GONGKAI_VAR_DIR": var, "DJANGO_SETTINGS_MODULE": "gongkai.config.settings",
                   "HUEY_IMMEDIATE": "1"}
            env.pop("DATABASE_URL", None)
            out = subprocess.run([sys.executable, __file__, "--child", str(size)], env=env, cwd=ROOT,
                                 capture_output=True, text=True, check=True).stdout
            results.append(json.loads(out.strip().splitlines()[-1]))
    summary = {"benchmark": "portal build", "runs": results}
    if len(results) >= 2:
        small, large = results[0], results[-1]
        summary["scaling"] = {
            "items_ratio": large["items"] / small["items"],
            "full_build_time_ratio": round(large["full_build_s"] / small["full_build_s"], 2),
            "publish_latency_ratio": round(large["publish_to_file_s"] / small["publish_to_file_s"], 2)
            if small["publish_to_file_s"] and large["publish_to_file_s"] else None,
        }
    print(json.dumps(summary, ensure_ascii=False))


if __name__ == "__main__":
    main()
