"""Public 双公示 query speed (credit/public.py) on N records: p50/p95/p99 per query kind, SQLite and PostgreSQL.

Each database is a throwaway (a SQLite file under a temp GONGKAI_VAR_DIR; a PostgreSQL database
created here and dropped after), migrated (so the indexes of credit migration 0002 are there), then
filled by bulk insert (secondary indexes dropped first and rebuilt after, so a 5M fill takes
minutes, not hours): 80 % penalties, 20 % licences; parties 60 % 自然人, 30 % 法人及非法人组织,
10 % 个体工商户; decisions in the last 300 days, all published. Each query kind runs `REPEAT` times
through `search_records` (count + page + masked summaries), warm. The name classes — the exact name,
its start, keywords of 5, 3 and 2 characters from inside a company name, and frequent trade words
(建材, 汽车服务有限: a tenth of all companies each) — also print their recall against a substring scan
(every hit, no cap), the scan's own p50 and the ratio app/scan; `name_index_mb` is the size the
party-name index adds (both record tables). Prints one JSON object.

Usage: N=500000 .venv/bin/python benchmarks/credit_query.py > credit_query.json
       (N default 5,000,000; BACKENDS=sqlite,postgresql; PG_URL=postgresql://postgres@127.0.0.1:5432/postgres)

KEEP_DB=<folder> keeps the filled databases, so changes to the query code can be timed again without
a fill (tens of minutes at 5M): the SQLite file under <folder>/sqlite-<N>/, the PostgreSQL database
`gongkai_bench_kept_credit_<N>`, and each one's query texts in <folder>/<backend>-<N>.json, written
once the fill has finished. A later run with the same KEEP_DB and N finds that file and only runs
the queries (load_seconds is then null). Remove them by hand when done: `rm -r <folder>` and
`dropdb -h 127.0.0.1 -U postgres gongkai_bench_kept_credit_<N>`. RECALL_SAMPLES=0 skips the
substring scans (about 14 s each at 5M).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import statistics
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from throwaway import child_environment

ROOT = Path(__file__).resolve().parent.parent
REPEAT = int(os.environ.get("REPEAT", "200"))
CHARS = "安宝昌晨诚达德鼎东恒宏华辉佳嘉建金锦凯康乐利隆美明鹏平祺庆荣瑞盛顺泰天通万旺伟鑫信兴旭亚益永裕元源远泽振正志中众卓"
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
SHOPS = ("商贸", "物流", "运输", "餐饮", "网吧", "酒店", "建材", "汽车服务", "电子", "印刷")


def code_chars(n: int, width: int = 5) -> str:
    out = []
    for _ in range(width):
        n, r = divmod(n, len(CHARS))
        out.append(CHARS[r])
    return "".join(out)


def party(n: int, rng: random.Random) -> tuple[str, str, str]:
    roll = n % 10
    if roll < 6:
        return rng.choice(SURNAMES) + rng.choice(CHARS) + rng.choice(CHARS), "自然人", ""
    uscc = f"{'92' if roll == 9 else '91'}410100{n:09d}X"[:18].replace("I", "1")
    kind = "个体工商户" if roll == 9 else "法人及非法人组织"
    return f"示范市{code_chars(n)}{SHOPS[n % len(SHOPS)]}{'店' if roll == 9 else '有限公司'}", kind, uscc


RECORD_TABLES = ("credit_penaltyrecord", "credit_licenserecord")


def drop_secondary_indexes(connection) -> list[str]:
    """Drop the record tables' plain indexes (not the primary or unique keys) and return their CREATE
    statements: building an index once from the filled table is many times faster than updating
    a dozen B-trees on every one of millions of inserts, and yields the same indexes."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT i.indexname, i.indexdef FROM pg_indexes i LEFT JOIN pg_constraint c "
                           "ON c.conname = i.indexname WHERE i.tablename = ANY(%s) AND c.conname IS NULL",
                           [list(RECORD_TABLES)])
        else:
            cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
                           f"AND tbl_name IN {RECORD_TABLES}")
        found = cursor.fetchall()
        for name, _ in found:
            cursor.execute(f'DROP INDEX "{name}"')
    return [statement for _, statement in found]


def recreate(connection, statements: list[str]) -> None:
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


RECALL_SAMPLES = int(os.environ.get("RECALL_SAMPLES", "20"))


def name_recall(agency, texts: list[str], today: dt.date) -> dict:
    """The name query's full hit set (every page, no cap) against a substring scan, over `texts`.

    The app's set is the queryset `search_records` pages through (credit.public's candidates: the
    bigram index, then LIKE); the scan is instr/strpos over every visible record's name, which no
    index serves. recall = found ∩ scanned / scanned (1.0: nothing missed); `extra` counts hits
    the scan does not have (0: nothing wrong found). Also times the scan, for the ratio app/scan."""
    from django.db import connection

    from gongkai.credit import public
    from gongkai.credit.masking import INDIVIDUAL_BUSINESS, ORGANISATION

    contains = "instr(party_name, %s) > 0" if connection.vendor == "sqlite" else "strpos(party_name, %s) > 0"
    found = scanned = both = 0
    scan_ms = []
    for text in texts:
        kinds = [ORGANISATION] + ([INDIVIDUAL_BUSINESS] if len(text) >= 5 else [])
        query = public.CreditQuery(text=text)
        started = time.perf_counter()
        expected = {(kind, pk) for kind, model in public.KINDS.items()
                    for pk in public.visible_records(model, agency, today).filter(party_kind__in=kinds)
                    .extra(where=[contains], params=[text]).values_list("id", flat=True)}
        scan_ms.append((time.perf_counter() - started) * 1000)
        hits = {(kind, pk) for kind in public.KINDS
                for pk in public._filtered(kind, agency, query, "name", text, today).values_list("id", flat=True)}
        found += len(hits)
        scanned += len(expected)
        both += len(hits & expected)
    return {"recall": round(both / scanned, 4) if scanned else 1.0, "extra": found - both, "recall_texts": len(texts),
            "recall_hits": scanned, "scan_p50_ms": round(statistics.median(scan_ms), 1) if scan_ms else None}


def child(backend: str, count: int, kept: Path | None) -> dict:
    """Fill (unless `kept` holds the texts of an earlier fill of this database), then time the queries."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.config.settings")
    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from gongkai.org.models import Agency

    if kept is not None and kept.exists():
        agency = Agency.objects.get(code="bench")
        filled = json.loads(kept.read_text())
        return run_queries(connection, agency, dt.date.fromisoformat(filled["today"]), filled["samples"], None)
    call_command("migrate", verbosity=0)
    agency = Agency.objects.create(code="bench", name="示范市公安局", uscc="11410100MB0000000X", office_name="办公室",
                                   office_address="示范市")
    today = timezone.localdate()
    now = timezone.now()
    rng = random.Random(7)
    samples = {"name_exact": [], "name_prefix": [], "name_part": [], "name_part_3": [], "name_part_2": [],
               # the trades companies have (party(): shops 6-8): each in a tenth of all company names
               "name_keyword_frequent": list(SHOPS[6:9]) + [f"{shop}有限" for shop in SHOPS[6:9]],
               "uscc": [], "document": [], "person_full_name": []}
    started = time.perf_counter()
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
            decided = today - dt.timedelta(days=rng.randrange(300))
            number = f"示公（治）行罚决字〔{decided.year}〕{n + 1}号" if is_penalty else f"示公许字〔{decided.year}〕{n + 1}号"
            fields = {"CF_SY" if is_penalty else "XK_NR": f"{decided:%Y年%m月%d日}，当事人违反规定，经查属实。" * 4,
                      "CF_CFLB" if is_penalty else "XK_XKLB": "罚款" if is_penalty else "普通",
                      "CF_CFJG" if is_penalty else "XK_XKJG": "示范市公安局"}
            values = [agency.pk, f"{number}\x1f{name}", 1, True, f"{n:064x}", number, name, kind, uscc, decided,
                      json.dumps(fields, ensure_ascii=False), now, now, "", now]
            if is_penalty:
                values += ["罚款", "一般", decided + dt.timedelta(days=365), decided + dt.timedelta(days=92)]
            else:
                values += ["普通"]
            if rng.random() < 200 / max(count, 1) * 5:
                if kind == "法人及非法人组织":
                    samples["name_exact"].append(name)
                    samples["name_prefix"].append(name[:7])
                    samples["name_part"].append(name[5:10])  # the middle of the 字号 and the trade
                    samples["name_part_3"].append(name[6:9])  # the end of the 字号 and the trade's first character
                    samples["name_part_2"].append(name[4:6])
                    samples["uscc"].append(uscc)
                if kind == "自然人":
                    samples["person_full_name"].append(name)
                samples["document"].append(number)
            yield is_penalty, values

    indexes = drop_secondary_indexes(connection)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            raw = cursor.cursor
            with raw.copy(f"COPY credit_penaltyrecord ({', '.join(penalty_cols)}) FROM STDIN") as pen_copy:
                license_rows = []
                for is_penalty, values in rows():
                    if is_penalty:
                        pen_copy.write_row(values)
                    else:
                        license_rows.append(values)
            with raw.copy(f"COPY credit_licenserecord ({', '.join(license_cols)}) FROM STDIN") as lic_copy:
                for values in license_rows:
                    lic_copy.write_row(values)
            recreate(connection, indexes)
            cursor.execute("ANALYZE credit_penaltyrecord; ANALYZE credit_licenserecord")
    else:
        def sql(table, cols):
            return f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})"

        from gongkai.credit import name_index

        connection.ensure_connection()
        raw = connection.connection
        raw.execute("PRAGMA synchronous = OFF")  # a throwaway database
        for kind in name_index.TABLES:  # built once from the filled tables below, as the other indexes are
            for statement in name_index.sqlite_drop_statements(kind):
                raw.execute(statement)
        batch_pen, batch_lic = [], []

        def convert(values):
            return [v.isoformat() if isinstance(v, (dt.date, dt.datetime)) else v for v in values]

        for is_penalty, values in rows():
            (batch_pen if is_penalty else batch_lic).append(convert(values))
            if len(batch_pen) >= 20000:
                raw.executemany(sql("credit_penaltyrecord", penalty_cols), batch_pen)
                raw.commit()
                batch_pen = []
            if len(batch_lic) >= 20000:
                raw.executemany(sql("credit_licenserecord", license_cols), batch_lic)
                raw.commit()
                batch_lic = []
        raw.executemany(sql("credit_penaltyrecord", penalty_cols), batch_pen)
        raw.executemany(sql("credit_licenserecord", license_cols), batch_lic)
        raw.commit()
        recreate(connection, indexes)
        for kind in name_index.TABLES:
            for statement in name_index.sqlite_create_statements(kind):
                raw.execute(statement)
        raw.commit()
        raw.execute("ANALYZE")
    load_seconds = time.perf_counter() - started
    if kept is not None:
        kept.write_text(json.dumps({"today": today.isoformat(), "samples": samples}, ensure_ascii=False))
    return run_queries(connection, agency, today, samples, load_seconds)


def run_queries(connection, agency, today: dt.date, samples: dict, load_seconds: float | None) -> dict:
    from gongkai.credit.public import CreditQuery, search_records

    results = {}
    queries = dict(samples)
    queries["browse"] = [""] * REPEAT
    for label, texts in queries.items():
        texts = (texts * (REPEAT // max(len(texts), 1) + 1))[:REPEAT] if texts else []
        timings, hits = [], 0
        if texts:  # one unmeasured run: first-use imports and plan caches are not the steady state
            search_records(agency, CreditQuery(text=texts[0]), today=today)
        for text in texts:
            t0 = time.perf_counter()
            page = search_records(agency, CreditQuery(text=text), today=today)
            timings.append((time.perf_counter() - t0) * 1000)
            hits += page.total
        if not timings:
            continue
        timings.sort()
        pick = lambda q: round(timings[min(len(timings) - 1, int(q * len(timings)))], 2)  # noqa: E731
        results[label] = {"runs": len(timings), "p50_ms": round(statistics.median(timings), 2), "p95_ms": pick(0.95),
                          "p99_ms": pick(0.99), "mean_hits": round(hits / len(timings), 2)}
        if label.startswith("name_") and RECALL_SAMPLES:
            recall = name_recall(agency, sorted(set(texts))[:RECALL_SAMPLES], today)
            recall["ratio_p50_app_to_scan"] = round(results[label]["p50_ms"] / recall["scan_p50_ms"], 4)
            results[label].update(recall)
    return {"load_seconds": None if load_seconds is None else round(load_seconds, 1),
            "name_index_mb": name_index_mb(connection), "queries": results}


def name_index_mb(connection) -> float:
    from gongkai.credit import name_index

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT coalesce(sum(pg_relation_size(indexrelid)), 0) FROM pg_index "
                           "WHERE indexrelid::regclass::text = ANY(%s)",
                           [[name_index.postgresql_index(kind) for kind in name_index.TABLES]])
        else:
            cursor.execute("SELECT coalesce(sum(pgsize), 0) FROM dbstat WHERE " + " OR ".join(
                ["name LIKE %s"] * len(name_index.TABLES)), [name_index.fts_table(kind) + "%" for kind in name_index.TABLES])
        return round(float(cursor.fetchone()[0]) / 1024 / 1024, 1)


def parent() -> None:
    count = int(os.environ.get("N", "5000000"))
    backends = os.environ.get("BACKENDS", "sqlite,postgresql").split(",")
    pg_url = os.environ.get("PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
    keep = Path(os.environ["KEEP_DB"]).resolve() if os.environ.get("KEEP_DB") else None
    report = {"N": count, "repeat": REPEAT, "cpu_count": os.cpu_count(), "backends": {}}
    for backend in backends:
        environment = kept_environment(keep, backend, count, pg_url) if keep else child_environment(backend, "credit",
                                                                                                    pg_url)
        with environment as env:
            kept = [str(keep / f"{backend}-{count}.json")] if keep else []
            output = subprocess.run([sys.executable, __file__, "--child", backend, str(count), *kept], env=env,
                                    cwd=ROOT, check=True, capture_output=True, text=True).stdout
            report["backends"][backend] = json.loads(output.strip().splitlines()[-1])
    print(json.dumps(report, ensure_ascii=False, indent=2))


@contextmanager
def kept_environment(folder: Path, backend: str, count: int, pg_url: str):
    """child_environment's, for a database that outlives the run (KEEP_DB): made if missing, never dropped.

    A fill that did not finish left no texts file; its half-filled database is emptied here first."""
    var_dir = folder / f"sqlite-{count}"
    var_dir.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "GONGKAI_VAR_DIR": str(var_dir), "DJANGO_SETTINGS_MODULE": "gongkai.config.settings",
           "HUEY_IMMEDIATE": "1"}
    env.pop("DATABASE_URL", None)
    filled = (folder / f"{backend}-{count}.json").exists()
    if backend == "postgresql":
        import psycopg

        database = f"gongkai_bench_kept_credit_{count}"
        with psycopg.connect(pg_url, autocommit=True) as admin_connection:
            if not filled:
                admin_connection.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
                admin_connection.execute(f'CREATE DATABASE "{database}"')
        env["DATABASE_URL"] = pg_url.rsplit("/", 1)[0] + "/" + database
    elif not filled:
        for leftover in var_dir.glob("gongkai.sqlite3*"):
            leftover.unlink()
    yield env


if __name__ == "__main__":
    if len(sys.argv) >= 4 and sys.argv[1] == "--child":
        sys.path.insert(0, str(ROOT))
        kept_texts = Path(sys.argv[4]) if len(sys.argv) > 4 else None
        print(json.dumps({"records": int(sys.argv[3]), **child(sys.argv[2], int(sys.argv[3]), kept_texts)},
                         ensure_ascii=False))
    else:
        parent()
