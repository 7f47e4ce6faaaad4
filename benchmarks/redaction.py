"""Redaction speed and drop-folder latency for 执法公开; prints JSON.

1. Throughput: `core.redaction.redact` over 100 MB (UTF-8) of generated public-security 行政处罚决定书
   (gongkai/enforcement/demo_documents.py, 2,000 distinct documents cycled), on one core (rate by the process's CPU time; wall time is shown too, the machine is shared). Target from
   DESIGN.md §5: >= 5 MB/s per core. `ratio_to_target` is MB/s divided by 5.
2. Drop folder: the time from a file lying in the drop folder to its proposal (spans, exclusions,
   deadline, audit) being stored, running the job function `process_drop_folder` directly against a
   throwaway SQLite database in a temporary GONGKAI_VAR_DIR. One file per pass, N passes.

Run: .venv/bin/python benchmarks/redaction.py [--megabytes 100] [--files 30]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TARGET_MB_PER_S = 5.0


def corpus(count: int = 2000) -> list[str]:
    from gongkai.enforcement.demo_documents import make_document

    rng = random.Random(7)
    start = dt.date(2025, 1, 2)
    return [make_document(rng, start + dt.timedelta(days=i % 600), sequence=i + 1,
                          organisation=i % 11 == 2).text for i in range(count)]


def throughput(megabytes: float) -> dict:
    from gongkai.core.redaction import redact

    documents = corpus()
    sizes = [len(text.encode("utf-8")) for text in documents]
    goal = int(megabytes * 1_000_000)
    done_bytes = spans = count = 0
    started = time.process_time()
    wall = time.perf_counter()
    index = 0
    while done_bytes < goal:
        result = redact(documents[index])
        spans += len(result.spans)
        done_bytes += sizes[index]
        count += 1
        index = (index + 1) % len(documents)
    cpu = time.process_time() - started
    elapsed = time.perf_counter() - wall
    rate = done_bytes / 1_000_000 / cpu
    return {"megabytes": round(done_bytes / 1_000_000, 1), "documents": count, "spans": spans,
            "cpu_seconds": round(cpu, 2), "wall_seconds": round(elapsed, 2), "mb_per_s_one_core": round(rate, 2),
            "mb_per_s_wall": round(done_bytes / 1_000_000 / elapsed, 2),
            "target_mb_per_s": TARGET_MB_PER_S, "ratio_to_target": round(rate / TARGET_MB_PER_S, 2),
            "average_document_bytes": round(sum(sizes) / len(sizes))}


def drop_folder_latency(files: int) -> dict:
    workdir = Path(tempfile.mkdtemp(prefix="gongkai-bench-redaction-"))
    os.environ.update(GONGKAI_VAR_DIR=str(workdir / "var"), DJANGO_SETTINGS_MODULE="gongkai.config.settings",
                      HUEY_IMMEDIATE="1")
    os.environ.pop("DATABASE_URL", None)
    (workdir / "var").mkdir()
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from gongkai.enforcement.capture import process_drop_folder
    from gongkai.enforcement.models import DecisionDocument
    from gongkai.ops.demo import load_bureau

    agency = load_bureau()
    inbox = workdir / "inbox"
    inbox.mkdir()
    documents = corpus(files)
    timings = []
    for index, text in enumerate(documents):
        path = inbox / f"decision-{index}.txt"
        temporary = path.with_suffix(".txt.part")
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, path)  # how a case system should drop a file
        arrived = time.perf_counter()
        results = process_drop_folder(inbox, agency)
        timings.append(time.perf_counter() - arrived)
        assert len(results) == 1 and not results[0].error, results[0].error
    assert DecisionDocument.objects.count() == files
    timings_ms = sorted(t * 1000 for t in timings)
    return {"files": files, "database": "sqlite", "p50_ms": round(statistics.median(timings_ms), 1),
            "p95_ms": round(timings_ms[int(len(timings_ms) * 0.95) - 1], 1), "max_ms": round(timings_ms[-1], 1),
            "note": "file in the folder -> proposal stored (exclusions, spans, deadline, audit, moved to done/); "
                    "the periodic job adds up to 60 s of waiting for the next minute"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=100.0)
    parser.add_argument("--files", type=int, default=30)
    options = parser.parse_args()
    report = {"redaction_throughput": throughput(options.megabytes),
              "drop_folder_to_proposal": drop_folder_latency(options.files)}
    print(json.dumps(report, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
