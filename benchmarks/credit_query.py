"""Public 双公示 query speed (credit/public.py) on N records: p50/p95/p99 per query kind, SQLite and PostgreSQL.

Each database is a throwaway (a SQLite file under a temp GONGKAI_VAR_DIR; a PostgreSQL database
created here and dropped after), migrated (so the indexes of credit migration 0002 are there), then
filled by bulk insert (secondary indexes dropped first and rebuilt after, so a 5M fill takes
minutes, not hours): 80 % penalties, 20 % licences; parties 60 % 自然人, 30 % 法人及非法人组织,
10 % 个体工商户; decisions in the last 300 days, all published. Each query kind runs `REPEAT` times
through `search_records` (count + page + masked summaries), warm; the name-part classes (5 and 2
characters from inside a company name) also print their recall against a substring scan. Prints one JSON object.

Usage: N=500000 .venv/bin/python benchmarks/credit_query.py > credit_query.json
       (N default 5,000,000; BACKENDS=sqlite,postgresql; PG_URL=postgresql://postgres@127.0.0.1:5432/postgres)
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


def name_recall(agency, texts: list[str], today: dt.date) -> float:
    """Found / substring-scan count (both capped at COUNT_CAP) over `texts`: 1.0 means nothing missed.

    The scan is instr/strpos, which no index serves: every visible record's name is read."""
    from django.db import connection

    from gongkai.credit.masking import INDIVIDUAL_BUSINESS, ORGANISATION
    from gongkai.credit.public import COUNT_CAP, KINDS, CreditQuery, search_records, visible_records

    contains = "instr(party_name, %s) > 0" if connection.vendor == "sqlite" else "strpos(party_name, %s) > 0"
    found = expected = 0
    for text in texts:
        kinds = [ORGANISATION] + ([INDIVIDUAL_BUSINESS] if len(text) >= 5 else [])
        found += search_records(agency, CreditQuery(text=text), today=today).total
        expected += min(COUNT_CAP, sum(
            visible_records(model, agency, today).filter(party_kind__in=kinds).extra(where=[contains], params=[text])
            .order_by()[: COUNT_CAP + 1].count() for model in KINDS.values()))
    return round(found / expected, 4) if expected else 1.0


def child(backend: str, count: int) -> dict:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.config.settings")
    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from gongkai.credit.public import CreditQuery, search_records
    from gongkai.org.models import Agency

    call_command("migrate", verbosity=0)
    agency = Agency.objects.create(code="bench", name="示范市公安局", uscc="11410100MB0000000X", office_name="办公室",
                                   office_address="示范市")
    today = timezone.localdate()
    now = timezone.now()
    rng = random.Random(7)
    samples = {"name_exact": [], "name_prefix": [], "name_part": [], "name_part_2": [], "uscc": [], "document": [],
               "person_full_name": []}
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

        connection.ensure_connection()
        raw = connection.connection
        raw.execute("PRAGMA synchronous = OFF")  # a throwaway database
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
        raw.execute("ANALYZE")
    load_seconds = time.perf_counter() - started

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
        if label.startswith("name_part"):
            results[label]["recall"] = name_recall(agency, sorted(set(texts))[:RECALL_SAMPLES], today)
    return {"records": count, "load_seconds": round(load_seconds, 1), "queries": results}


def parent() -> None:
    count = int(os.environ.get("N", "5000000"))
    backends = os.environ.get("BACKENDS", "sqlite,postgresql").split(",")
    pg_url = os.environ.get("PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
    report = {"N": count, "repeat": REPEAT, "cpu_count": os.cpu_count(), "backends": {}}
    for backend in backends:
        with child_environment(backend, "credit", pg_url) as env:
            output = subprocess.run([sys.executable, __file__, "--child", backend, str(count)], env=env, cwd=ROOT,
                                    check=True, capture_output=True, text=True).stdout
            report["backends"][backend] = json.loads(output.strip().splitlines()[-1])
    print(json.dumps(report, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    if len(sys.argv) >= 4 and sys.argv[1] == "--child":
        sys.path.insert(0, str(ROOT))
        print(json.dumps(child(sys.argv[2], int(sys.argv[3])), ensure_ascii=False))
    else:
        parent()
