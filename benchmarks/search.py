"""Search at scale: the app's FTS5 / tsvector index versus a full scan and a trigram index, printing one JSON object.

Usage: .venv/bin/python benchmarks/search.py   (BENCH_SEARCH_N rows, default 1,000,000;
BENCH_SEARCH_BUDGET_S seconds for generating rows, default 900, after which it stops at the rows made;
BENCH_SEARCH_REPEAT timed runs per query, default 5; BENCH_SEARCH_BACKENDS=sqlite,postgresql the engines to run;
BENCH_SEARCH_COMPARE=0 skips the trigram comparisons, which take most of a 1M run; BENCH_SEARCH_ENDPOINT=1 also
times the /search/ page through Django's test client with SEARCH_CACHE_SECONDS=0, BENCH_SEARCH_ENDPOINT_ROUNDS
rounds over the query set, default 10, reporting p50/p95/p99; BENCH_SEARCH_INDEX_BASELINE=1 also builds, on
SQLite, an FTS5 table without the `ngrams` column from the same rows, so the report shows the megabytes the
n-grams add). Not run by CI.

The parent process generates synthetic items' search documents once (titles and bodies from a
police / traffic / household vocabulary plus 文号 and 索引号), tokenised with the app's
gongkai.core.tokenize and gongkai.search.text, into a TSV file in a temp dir. Then one child
process per engine migrates a throwaway database (a SQLite file in the temp dir; a PostgreSQL
database it creates and drops), bulk-loads the rows into the app's own table (FTS5 triggers /
generated tsvector + GIN from the app's migration), and times `gongkai.search.query.search` —
the same code the /search/ page runs, count plus first page — for each query. Recall is the
app's full hit set against a full scan (`instr(match_text, term)` / `strpos`) on the same rows.
Beside it, on the same rows, what one would otherwise reach for: a trigram index (SQLite FTS5
`tokenize='trigram'` queried with MATCH and with LIKE; PostgreSQL pg_trgm GIN with LIKE).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

COLUMNS = ("id", "kind", "object_id", "agency_id", "unit_id", "published_on", "year", "validity", "category_ids",
           "unit_name", "index_number", "document_number", "title", "url", "facets", "tokens", "match_text",
           "plain_text", "indexed_at")
UNITS = ("办公室", "法制支队", "交警支队", "治安支队", "出入境管理支队", "宣传处", "人口与户政管理支队", "城东分局",
         "城西分局", "高新区分局")
SUBJECTS = ("户籍迁移", "户口登记", "居民身份证", "居住证", "机动车驾驶证", "机动车登记", "交通违法", "交通事故",
            "出入境证件", "普通护照", "往来港澳通行证", "无犯罪记录证明", "电动自行车", "网约车", "寄递物流", "旅馆业",
            "保安服务", "印章刻制", "大型群众性活动", "剧毒化学品", "易制毒化学品", "电信网络诈骗", "扫黑除恶",
            "行政许可", "治安管理", "酒后驾驶", "醉酒驾驶", "非机动车", "号牌", "ETC通行", "C1驾照", "落户")
ACTIONS = ("办理", "调整", "规范", "加强", "开展", "实施", "受理", "审批", "公示", "整治", "核查", "登记")
GENRES = ("通告", "公告", "通知", "办法", "规定", "指南", "决定", "报告")
PLACES = ("派出所", "车管所", "出入境接待大厅", "政务服务中心", "交警大队", "户籍窗口", "社区警务室")
ISSUERS = ("示公通", "示公交", "示公户", "示公出", "示公法", "示公治")
SENTENCES = (
    "为方便群众办理{s1}业务，{unit}决定自{date}起在全市{place}推行{s2}一网通办。",
    "申请人应当携带{s1}、{s2}等材料到{place}窗口办理，符合条件的当场受理。",
    "对{s1}违法行为，依法处以罚款{money}元，情节严重的依法予以行政拘留。",
    "{unit}提醒广大驾驶人，持驾照驾驶机动车须遵守交通法规，{s1}期间注意安全。",
    "根据{ref}，{s1}相关事项按本{genre}执行。",
    "咨询电话：0371-{phone}，办公时间为工作日上午9时至下午5时。",
    "本{genre}自发布之日起施行，原{s1}有关规定同时废止。",
    "各{place}应当加强{s1}和{s2}管理，及时公示办理结果，接受群众监督。",
    "办理出入境证件的群众可通过网上预约，减少排队等候时间。",
)
CATEGORY_PATHS = ("3 1", "4 1", "5 1", "6 1", "7 1", "8 1", "9", "10", "11 1")
REPEAT = int(os.environ.get("BENCH_SEARCH_REPEAT", "5"))
COMPARE = os.environ.get("BENCH_SEARCH_COMPARE", "1") != "0"
ENDPOINT = os.environ.get("BENCH_SEARCH_ENDPOINT", "0") == "1"
ENDPOINT_ROUNDS = int(os.environ.get("BENCH_SEARCH_ENDPOINT_ROUNDS", "10"))
INDEX_BASELINE = os.environ.get("BENCH_SEARCH_INDEX_BASELINE", "0") == "1"
BACKENDS = [name.strip() for name in os.environ.get("BENCH_SEARCH_BACKENDS", "sqlite,postgresql").split(",") if name.strip()]


# --- generation (parent) ------------------------------------------------------------------

def _document(number: int, rng: random.Random, published_on: dt.date, wenhao_seq: dict) -> tuple[list[str], str, str]:
    from gongkai.core.tokenize import phrase_index_text
    from gongkai.search.text import match_form

    year = published_on.year
    unit = rng.randrange(len(UNITS))
    subject = rng.choice(SUBJECTS)
    title = f"关于{rng.choice(ACTIONS)}{subject}{rng.choice(ACTIONS)}工作的{rng.choice(GENRES)}"
    issuer = rng.choice(ISSUERS)
    wenhao_seq[(issuer, year)] = sequence = wenhao_seq.get((issuer, year), 0) + 1
    document_number = f"{issuer}〔{year}〕{sequence}号" if rng.random() < 0.7 else ""
    index_number = f"00591782X/{year}-{number % 100000:05d}"
    body = "".join(
        rng.choice(SENTENCES).format(
            s1=rng.choice(SUBJECTS), s2=rng.choice(SUBJECTS), unit=UNITS[unit], place=rng.choice(PLACES),
            date=f"{year}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日", money=rng.choice((50, 200, 500, 1000, 2000)),
            ref=f"{rng.choice(ISSUERS)}〔{year - 1}〕{rng.randint(1, 300)}号", genre=rng.choice(GENRES),
            phone=f"{rng.randint(10000000, 99999999)}")
        for _ in range(rng.randint(2, 5)))
    plain_text = " ".join(part for part in (document_number, index_number, body) if part)
    full = f"{title} {plain_text}"
    category_path = rng.choice(CATEGORY_PATHS)
    validity = "valid" if rng.random() < 0.9 else "repealed"
    facets = " ".join([f"#a1", "#kitem", f"#u{unit + 1}"] + [f"#c{c}" for c in category_path.split()]
                      + [f"#y{year}", f"#v{validity}"])
    row = [str(number), "item", str(number), "1", str(unit + 1), published_on.isoformat(), str(year), validity,
           category_path, UNITS[unit], index_number, document_number, title, f"/items/{number}/", facets,
           phrase_index_text(full), match_form(full), plain_text, "2026-01-01 00:00:00+00"]
    return row, document_number, index_number


def generate(path: Path, n: int, budget_s: float) -> dict:
    rng = random.Random(1_000_003)
    start_day = dt.date(2019, 1, 1).toordinal()
    span = dt.date(2026, 11, 1).toordinal() - start_day
    days = sorted(rng.randrange(span) for _ in range(n))  # ids follow publication order, as reindex_all writes
    wenhao_seq: dict = {}
    wenhao_samples, index_samples = [], []
    started = time.perf_counter()
    written = 0
    with path.open("w", encoding="utf-8") as out:
        for number in range(1, n + 1):
            row, document_number, index_number = _document(number, rng, dt.date.fromordinal(start_day + days[number - 1]),
                                                           wenhao_seq)
            out.write("\t".join(row) + "\n")
            written = number
            if document_number and rng.random() < 50 / n:
                wenhao_samples.append(document_number)
            if rng.random() < 20 / n:
                index_samples.append(index_number)
            if number % 10000 == 0 and time.perf_counter() - started > budget_s:
                break
    return {"rows": written, "seconds": round(time.perf_counter() - started, 1),
            "wenhao": wenhao_samples[:8], "index_numbers": index_samples[:4]}


def query_set(samples: dict) -> dict[str, list[str]]:
    return {
        "two_char": ["户籍", "驾照", "罚款", "护照", "迁移", "拘留", "落户", "号牌"],
        # 户口办: no hits, but 户口 and 口办 are both common (户口登记, 窗口办理), as 户籍窗口办理's pieces are.
        "three_char": ["出入境", "派出所", "居住证", "网约车", "户口办"],
        "phrase": ["户籍迁移", "机动车驾驶证", "无犯罪记录证明", "电信网络诈骗", "籍迁", "户籍窗口办理"],
        "mixed_latin": ["etc", "c1驾照", "ETC通行"],
        "wenhao": samples["wenhao"],
        "index_number": samples["index_numbers"],
    }


# --- per engine (child) ------------------------------------------------------------------------

def _percentiles(values: list[float]) -> dict:
    if not values:
        return {}
    ordered = sorted(values)

    def pick(fraction):
        return round(ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))], 2)

    return {"p50": pick(0.50), "p95": pick(0.95), "p99": pick(0.99), "max": round(ordered[-1], 2), "samples": len(ordered)}


def _timed(function, repeat: int) -> tuple[list[float], object]:
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = function()
        times.append((time.perf_counter() - started) * 1000)
    return times, result


def _load_sqlite(rows_path: Path) -> dict:
    from django.db import connection, transaction

    from gongkai.search import schema

    placeholders = ", ".join(["%s"] * len(COLUMNS))
    sql = f"INSERT INTO {schema.TABLE} ({', '.join(COLUMNS)}) VALUES ({placeholders})"
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor, rows_path.open(encoding="utf-8") as source:
        batch = []
        for line in source:
            batch.append(line.rstrip("\n").split("\t"))
            if len(batch) == 10000:
                cursor.executemany(sql, batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
    loaded = time.perf_counter()
    with connection.cursor() as cursor:
        schema.sqlite_optimize(cursor)
        cursor.execute("ANALYZE")
    optimised = time.perf_counter()
    if INDEX_BASELINE:
        _sqlite_index_without_ngrams()
    if not COMPARE:
        return {"load_with_fts_triggers_s": round(loaded - started, 1), "fts_optimize_s": round(optimised - loaded, 1)}
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE VIRTUAL TABLE bench_trigram USING fts5(match_text, content='{schema.TABLE}', "
                       "content_rowid='id', tokenize='trigram')")
        cursor.execute("INSERT INTO bench_trigram(bench_trigram) VALUES ('rebuild')")
    trigram = time.perf_counter()
    return {"load_with_fts_triggers_s": round(loaded - started, 1), "fts_optimize_s": round(optimised - loaded, 1),
            "trigram_build_s": round(trigram - optimised, 1)}


def _sqlite_index_without_ngrams() -> None:
    """The FTS5 table as it was before the n-grams (search 0006): the same rows with an empty `ngrams`, merged.

    Its shadow tables (bench_fts_without_ngrams_*) appear in the report's sizes beside search_fts_*.
    """
    from django.db import connection

    from gongkai.search import schema

    table = "bench_fts_without_ngrams"
    fill = schema.sqlite_fill_statement(fts_table=table)
    ngrams = f"{schema.NGRAM_FUNCTION}({schema.TABLE}.match_text)"
    assert ngrams in fill
    with connection.cursor() as cursor:
        cursor.execute(schema.sqlite_create_statements(fts_table=table)[0])
        cursor.execute(fill.replace(ngrams, "''"))
        schema.sqlite_optimize(cursor, table)


def _load_postgresql(rows_path: Path) -> dict:
    from django.db import connection

    from gongkai.search import schema

    started = time.perf_counter()
    with connection.cursor() as cursor:
        # Same schema as the migration; the GIN index is built after the load, as a bulk load should.
        cursor.execute(f"DROP INDEX {schema.TABLE}_vector_gin")
        with cursor.cursor.copy(f"COPY {schema.TABLE} ({', '.join(COLUMNS)}) FROM STDIN") as copy, \
                rows_path.open("rb") as source:
            while chunk := source.read(1 << 20):
                copy.write(chunk)
    loaded = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("SET maintenance_work_mem = '1GB'")
        cursor.execute(next(s for s in schema.postgresql_create_statements() if s.startswith("CREATE INDEX")))
    indexed = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM ANALYZE {schema.TABLE}")
    vacuumed = time.perf_counter()
    if not COMPARE:
        return {"copy_s": round(loaded - started, 1), "gin_build_s": round(indexed - loaded, 1),
                "vacuum_analyze_s": round(vacuumed - indexed, 1)}
    with connection.cursor() as cursor:
        cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        cursor.execute(f"CREATE INDEX bench_trigram ON {schema.TABLE} USING gin (match_text gin_trgm_ops)")
        cursor.execute(f"ANALYZE {schema.TABLE}")
    trigram = time.perf_counter()
    return {"copy_s": round(loaded - started, 1), "gin_build_s": round(indexed - loaded, 1),
            "vacuum_analyze_s": round(vacuumed - indexed, 1), "trigram_build_s": round(trigram - vacuumed, 1)}


def _run_engine(rows_path: Path, queries: dict[str, list[str]]) -> dict:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from gongkai.org.models import Agency, Unit
    from gongkai.search import query as search_query
    from gongkai.search import schema
    from gongkai.search.text import match_form

    vendor = connection.vendor
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    agency = Agency.objects.create(code="bench", name="基准市公安局", uscc="1141010000591782XR", division_code="410100",
                                   office_name="办公室", office_address="人民路88号", office_phone="1",
                                   office_hours="工作日")
    for order, name in enumerate(UNITS):
        Unit.objects.create(agency=agency, name=name, sort_order=order)
    assert agency.pk == 1 and list(Unit.objects.values_list("id", flat=True).order_by("id")) == list(range(1, 11))
    build = {"migrate_s": round(time.perf_counter() - started, 1)}
    build.update(_load_sqlite(rows_path) if vendor == "sqlite" else _load_postgresql(rows_path))
    with connection.cursor() as cursor:
        if vendor == "sqlite":
            cursor.execute("PRAGMA page_count")
            pages = cursor.fetchone()[0]
            cursor.execute("PRAGMA page_size")
            build["database_mb"] = round(pages * cursor.fetchone()[0] / 2**20)
        else:
            cursor.execute("SELECT pg_database_size(current_database())")
            build["database_mb"] = round(cursor.fetchone()[0] / 2**20)
            cursor.execute("SET statement_timeout = '60s'")
    build["sizes_mb"] = _index_sizes(vendor)

    def scan(term):
        function = "instr(match_text, %s)" if vendor == "sqlite" else "strpos(match_text, %s)"
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT id FROM {schema.TABLE} WHERE {function} > 0", [term])
            return {row[0] for row in cursor.fetchall()}

    def app_ids(query):
        """The app's full hit set, and its exact first page (rank order, no walk), as search() builds them."""
        terms = search_query.query_terms(query)
        text = " ".join(terms)
        phrases = search_query._phrases(terms)  # answered by index positions, no page guard here
        checks = [term for term in terms if search_query.term_needs_verification(term) and term not in phrases]
        tokens = set(search_query.query_tokens(text))
        boost = [t for t in search_query.rank_tokens(text) if t not in tokens]
        backend = search_query._backend(terms, [], checks, boost, phrases)
        return set(backend.ids(None, 0)), backend.ids(20, 0)

    def trigram_page(sql_count, sql_page, params):
        """Count plus the first 20 newest, as the app's page does."""
        def run():
            with connection.cursor() as cursor:
                try:
                    cursor.execute(sql_count, params)
                    total = cursor.fetchone()[0]
                    cursor.execute(sql_page, params)
                    return total, None
                except Exception as error:  # trigram MATCH refuses or times out on some terms
                    if vendor == "postgresql":
                        cursor.execute("ROLLBACK") if not connection.in_atomic_block else None
                    return 0, f"{type(error).__name__}: {str(error)[:80]}"
        return run

    def trigram_ids(sql_ids, params):
        with connection.cursor() as cursor:
            try:
                cursor.execute(sql_ids, params)
                return {row[0] for row in cursor.fetchall()}, None
            except Exception as error:
                return set(), f"{type(error).__name__}: {str(error)[:80]}"

    if not COMPARE:
        trigram_methods = {}
    elif vendor == "sqlite":
        trigram_methods = {
            "trigram_match": (
                "SELECT count(*) FROM bench_trigram WHERE bench_trigram MATCH %s",
                "SELECT rowid FROM bench_trigram WHERE bench_trigram MATCH %s ORDER BY rowid DESC LIMIT 20",
                "SELECT rowid FROM bench_trigram WHERE bench_trigram MATCH %s",
                lambda term: ['"' + term + '"']),
            "trigram_like": (
                "SELECT count(*) FROM bench_trigram WHERE match_text LIKE %s",
                "SELECT rowid FROM bench_trigram WHERE match_text LIKE %s ORDER BY rowid DESC LIMIT 20",
                "SELECT rowid FROM bench_trigram WHERE match_text LIKE %s",
                lambda term: ["%" + term + "%"]),
        }
    else:
        trigram_methods = {
            "pg_trgm_like": (
                f"SELECT count(*) FROM {schema.TABLE} WHERE match_text LIKE %s",
                f"SELECT id FROM {schema.TABLE} WHERE match_text LIKE %s ORDER BY published_on DESC, id DESC LIMIT 20",
                f"SELECT id FROM {schema.TABLE} WHERE match_text LIKE %s",
                lambda term: ["%" + term + "%"]),
        }

    results = {"app": {}, "full_scan": {}, **{name: {} for name in trigram_methods}}
    per_query = []
    for query_class, class_queries in queries.items():
        app_times, scan_times, recalls, first_pages = [], [], [], []
        method_times = {name: [] for name in trigram_methods}
        method_recalls = {name: [] for name in trigram_methods}
        method_errors = {name: set() for name in trigram_methods}
        for query in class_queries:
            term = match_form(query)
            scan_time, truth = _timed(lambda: scan(term), 1)
            scan_times += scan_time
            search_query.search(query, agency=agency)  # warm the cache once
            times, page = _timed(lambda: search_query.search(query, agency=agency), REPEAT)
            app_times += times
            found, exact_first_page = app_ids(query)
            recall = len(found & truth) / len(truth) if truth else 1.0
            recalls.append(recall)
            # The page the timed search showed (a walk's, for frequent words) against the exact path's first page.
            first_page_exact = [result.object_id for result in page.results] == exact_first_page
            first_pages.append(first_page_exact)
            row = {"class": query_class, "query": query, "truth": len(truth), "app_total": page.total,
                   "app_total_estimated": page.total_estimated, "app_total_capped": page.total_capped,
                   "app_extra": len(found - truth), "app_recall": round(recall, 4),
                   "first_page_exact": first_page_exact, "app_p50_ms": round(statistics.median(times), 2)}
            for name, (sql_count, sql_page, sql_ids, params_of) in trigram_methods.items():
                params = params_of(term)
                repeat = REPEAT if len(term) >= 3 else 1  # short terms scan; once is enough to see it
                times_m, (total, error) = _timed(trigram_page(sql_count, sql_page, params), repeat)
                ids, id_error = trigram_ids(sql_ids, params)
                error = error or id_error
                if error:
                    method_errors[name].add(error)
                method_times[name] += times_m
                method_recall = len(ids & truth) / len(truth) if truth else 1.0
                method_recalls[name].append(method_recall)
                row[f"{name}_recall"] = round(method_recall, 4)
                row[f"{name}_p50_ms"] = round(statistics.median(times_m), 2)
            per_query.append(row)
        results["app"][query_class] = _percentiles(app_times) | {"recall_min": round(min(recalls), 4),
                                                                 "first_pages_exact": all(first_pages)}
        results["full_scan"][query_class] = _percentiles(scan_times)
        for name in trigram_methods:
            results[name][query_class] = _percentiles(method_times[name]) | {
                "recall_min": round(min(method_recalls[name]), 4)} | (
                {"errors": sorted(method_errors[name])} if method_errors[name] else {})
    report = {"vendor": vendor, "build": build, "latency_ms_and_recall": results, "per_query": per_query}
    if ENDPOINT:
        report["endpoint_uncached_ms"] = _endpoint_times(queries)
    return report


def _index_sizes(vendor: str) -> dict:
    """What the full-text index takes beside the rows, in MB: FTS5's shadow tables (dbstat) / each index and TOAST."""
    from django.db import connection

    from gongkai.search import schema

    sizes = {}
    with connection.cursor() as cursor:
        if vendor == "sqlite":
            cursor.execute("SELECT name, sum(pgsize) FROM dbstat GROUP BY name")
            for name, size in cursor.fetchall():
                if name.startswith((schema.FTS_TABLE, schema.TABLE, "bench_fts_without_ngrams")):
                    sizes[name] = round(size / 2**20, 1)
        else:
            cursor.execute("SELECT c.relname, pg_relation_size(c.oid) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
                           " WHERE i.indrelid = %s::regclass", [schema.TABLE])
            sizes = {name: round(size / 2**20, 1) for name, size in cursor.fetchall()}
            cursor.execute("SELECT pg_relation_size(%s::regclass), pg_table_size(%s::regclass),"
                           " sum(pg_column_size(search_vector)) FROM " + schema.TABLE, [schema.TABLE, schema.TABLE])
            heap, table, vector = cursor.fetchone()
            sizes.update({"heap": round(heap / 2**20, 1), "heap_and_toast": round(table / 2**20, 1),
                          "search_vector_column": round((vector or 0) / 2**20, 1)})
    return sizes


def _endpoint_times(queries: dict[str, list[str]]) -> dict:
    """The /search/ page and /api/search through Django's test client, uncached (SEARCH_CACHE_SECONDS=0)."""
    from django.test import Client, override_settings

    client = Client()
    every = [query for class_queries in queries.values() for query in class_queries]
    out = {}
    with override_settings(SEARCH_CACHE_SECONDS=0, ALLOWED_HOSTS=["testserver"]):
        for name, path in (("search_page", "/search/"), ("search_api", "/api/search")):
            client.get(path, {"q": every[0]})
            times = []
            for _ in range(ENDPOINT_ROUNDS):
                for query in every:
                    started = time.perf_counter()
                    response = client.get(path, {"q": query})
                    times.append((time.perf_counter() - started) * 1000)
                    assert response.status_code == 200, (path, query, response.status_code)
            out[name] = _percentiles(times)
    return out


# --- orchestration ------------------------------------------------------------------------------

def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--engine":
        report = _run_engine(Path(sys.argv[2]), json.loads(Path(sys.argv[3]).read_text(encoding="utf-8")))
        print(json.dumps(report, ensure_ascii=False))
        return
    n = int(os.environ.get("BENCH_SEARCH_N", "1000000"))
    budget = float(os.environ.get("BENCH_SEARCH_BUDGET_S", "900"))
    workdir = Path(tempfile.mkdtemp(prefix="search_bench_"))
    pg_name = f"search_bench_{os.getpid()}"
    pg_url = os.environ.get("BENCH_SEARCH_PG", "postgresql://postgres@127.0.0.1:5432/postgres")
    report: dict = {"benchmark": "search", "requested_n": n, "machine": f"{os.cpu_count()} cores"}
    try:
        import psycopg

        rows_path = workdir / "rows.tsv"
        generated = generate(rows_path, n, budget)
        report["n"] = generated["rows"]
        report["generate_and_tokenise_s"] = generated["seconds"]
        queries = query_set(generated)
        report["queries"] = queries
        queries_path = workdir / "queries.json"
        queries_path.write_text(json.dumps(queries, ensure_ascii=False), encoding="utf-8")
        if "postgresql" in BACKENDS:
            with psycopg.connect(pg_url, autocommit=True) as admin:
                admin.execute(f"CREATE DATABASE {pg_name}")
        base_url = pg_url.rsplit("/", 1)[0]
        engines = {
            "sqlite": f"sqlite:///{workdir / 'bench.sqlite3'}",
            "postgresql": f"{base_url}/{pg_name}",
        }
        engines = {engine: url for engine, url in engines.items() if engine in BACKENDS}
        for engine, url in engines.items():
            env = dict(os.environ, DATABASE_URL=url, GONGKAI_VAR_DIR=str(workdir / "var"),
                       DJANGO_SETTINGS_MODULE="gongkai.config.settings", HUEY_IMMEDIATE="1")
            completed = subprocess.run([sys.executable, __file__, "--engine", str(rows_path), str(queries_path)],
                                       env=env, capture_output=True, text=True, cwd=ROOT)
            if completed.returncode != 0:
                report[engine] = {"error": completed.stderr[-2000:]}
                continue
            report[engine] = json.loads(completed.stdout.strip().splitlines()[-1])
            if engine == "sqlite":
                (workdir / "bench.sqlite3").unlink(missing_ok=True)
        report["summary"] = _summary(report)
    finally:
        try:
            import psycopg

            with psycopg.connect(pg_url, autocommit=True) as admin:
                admin.execute(f"DROP DATABASE IF EXISTS {pg_name} WITH (FORCE)")
        except Exception as error:  # report, but never leave the temp dir behind
            report["cleanup_error"] = str(error)
        shutil.rmtree(workdir, ignore_errors=True)
    print(json.dumps(report, ensure_ascii=False))


def _summary(report: dict) -> dict:
    """The targets per engine: p95 <= 50 ms and recall 1.0 for every class, with the full scan / app ratio;
    the uncached endpoint's p99 <= 100 ms when it was timed."""
    summary = {}
    for engine in ("sqlite", "postgresql"):
        data = report.get(engine, {}).get("latency_ms_and_recall")
        if not data:
            continue
        app, scan = data["app"], data["full_scan"]
        classes = {name: {"p95_ms": row["p95"], "recall_min": row["recall_min"],
                          "first_pages_exact": row.get("first_pages_exact"),
                          "full_scan_p50_over_app_p50": round(scan[name]["p50"] / max(row["p50"], 0.01), 1)}
                   for name, row in app.items()}
        line = {"classes": classes,
                "target_met": all(row["p95"] <= 50 and row["recall_min"] == 1.0 and row.get("first_pages_exact", True)
                                  for row in app.values())}
        endpoint = report[engine].get("endpoint_uncached_ms")
        if endpoint:
            line["endpoint_p99_ms"] = {name: row["p99"] for name, row in endpoint.items()}
            line["endpoint_target_met"] = all(row["p99"] <= 100 for row in endpoint.values())
        for name in ("trigram_like", "trigram_match", "pg_trgm_like"):
            if name in data:
                line[f"{name}_two_char_recall_min"] = data[name]["two_char"]["recall_min"]
        summary[engine] = line
    return summary


if __name__ == "__main__":
    main()
