"""Credit import at scale: import_file (full validation) against the database's own bulk loader on the same CSV, printing one JSON object.

Usage: .venv/bin/python benchmarks/credit_import.py
  N                 penalty rows (default 1,000,000)
  BENCH_DATABASES   comma-separated, of sqlite,postgresql (default both)
  BENCH_PG_URL      a PostgreSQL server to create and drop throwaway databases on
                    (default postgresql://postgres@127.0.0.1:5432/postgres)
  BENCH_PROFILE=1   run import_file under cProfile; the top functions go to stderr (use with N=100000)
  BENCH_NAME_INDEX_COMPARE=1  also import into a schema without the party-name index (credit migrations
                    0010/0011) and print `name_index_slowdown` (issue 17: at most 0.20) by wall time and
                    `name_index_cpu_slowdown` by the CPU seconds of the import and its database server
                    process (steadier on a shared machine), plus the index's size (`name_index_mb`)
  BENCH_NAME_INDEX_REPEAT=k  with the comparison: k-1 more pairs of imports, each without then with the
                    index (the first pair runs with it first), each into a fresh schema; the slowdowns
                    are then of the medians, and every run's seconds are printed (`name_index_runs`)
Not run by CI. DESIGN.md §5's target: import_file >= 0.5x the loader's rows/s, peak RSS < 500 MB.

The parent writes one CSV of N penalty rows with gongkai.credit.samples (what a case system
exports), then for each database: (1) the loader — `sqlite3 DB ".import --csv --skip 1 FILE t"` or
psql's `\\copy t FROM STDIN (FORMAT csv, HEADER)` — twice, wall time of the tool: into a `plain`
all-text table with no index, and into a `keyed` one, the same with the natural key unique and
the public lookups indexed (KEYED_INDEXES), the least any records table carries; (2) import_file
into the app's migrated schema in a throwaway database (a SQLite file under a temp
GONGKAI_VAR_DIR; a PostgreSQL database created here and dropped after), run in a child process so
its peak RSS (ru_maxrss from wait4) is the import's alone. The child loads the demo bureau and
power list first (untimed) and times import_file only. (3) The loader once more, into the app's
own table: the rows import_file wrote are dumped, the table emptied, and the dump loaded back, so
`loader_app_table` is what the database alone does for the storing part of the import (no
validation). Every ratio is printed.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from functools import partial
from operator import itemgetter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
GONGKAI = str(Path(sys.executable).with_name("gongkai"))
DEFAULT_PG_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
TARGET_RATIO = 0.5
TARGET_RSS_MB = 500
# The keyed loader table's indexes, on the CSV's own columns: the natural key (文号 + 相对人) unique,
# and the columns the public query looks up (文号, name, USCC) and lists by (decision date).
KEYED_INDEXES = (("UNIQUE ", "cf_wsh, cf_xdr_mc"), ("", "cf_wsh"), ("", "cf_xdr_mc"), ("", "cf_xdr_shxym"),
                 ("", "cf_jdrq"))
# The page cache import_file gives its own connection (importing.SQLITE_IMPORT_CACHE_KIB), given to
# the CLI too: with its default 2 MB, the loader into an indexed table would be slowed by reading
# index pages back, and the ratio would flatter the import.
SQLITE_CACHE = "PRAGMA cache_size = -262144"
LOADER_TABLES = {"plain": "all text, no index, no constraint",
                 "keyed": "all text, natural key unique + indexes on 文号, name, USCC, decision date",
                 "app_table": "the app's records table with all its indexes: the rows import_file wrote, reloaded"}


def _django(var_dir: Path, database_url: str | None) -> None:
    os.environ["GONGKAI_VAR_DIR"] = str(var_dir)
    os.environ.pop("DATABASE_URL", None)
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.config.settings")
    os.environ["HUEY_IMMEDIATE"] = "1"
    import django

    django.setup()


# --- child: one import_file run ------------------------------------------------------------------

def child(csv_path: str) -> None:
    """Runs in its own process with GONGKAI_VAR_DIR / DATABASE_URL set by the parent."""
    _django(Path(os.environ["GONGKAI_VAR_DIR"]), os.environ.get("DATABASE_URL"))
    from gongkai.credit.importing import import_file
    from gongkai.credit.power_list import load_demo_power_list
    from gongkai.ops.demo import load_bureau

    agency = load_bureau()
    load_demo_power_list(agency)
    if os.environ.get("BENCH_WITHOUT_NAME_INDEX") == "1":
        drop_name_index()
    profiler = None
    if os.environ.get("BENCH_PROFILE") == "1":
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    server = server_cpu_reader()
    server_started = server()
    started = time.perf_counter()
    batch = import_file(Path(csv_path), agency=agency, kind="penalty")
    seconds = time.perf_counter() - started
    result = {"seconds": round(seconds, 2), "rows_read": batch.rows_read, "rows_added": batch.rows_added,
              "rows_rejected": batch.rows_rejected, "server_cpu_seconds": round(server() - server_started, 2),
              "name_index_mb": name_index_mb()}
    if profiler is not None:
        import pstats

        profiler.disable()
        out = Path(os.environ["GONGKAI_VAR_DIR"]) / "import.pstats"
        profiler.dump_stats(out)
        for order in ("tottime", "cumulative"):
            sys.stderr.write(f"\n=== import_file, by {order} ===\n")
            pstats.Stats(str(out), stream=sys.stderr).sort_stats(order).print_stats(30)
    print(json.dumps(result))


def server_cpu_reader():
    """CPU seconds so far of this connection's PostgreSQL backend (a process on this machine); 0 on SQLite."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return lambda: 0.0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (pid,) = cursor.fetchone()

    def read() -> float:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:  # a server on another machine
            return 0.0
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return read


def name_index_mb() -> float:
    """The party-name index's size on disk for the penalty table (its FTS5 shadow tables; its GIN index)."""
    from django.db import connection

    from gongkai.credit import name_index

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT coalesce(sum(pg_relation_size(indexrelid)), 0) FROM pg_index "
                           "WHERE indexrelid::regclass::text = %s", [name_index.postgresql_index("penalty")])
        else:
            cursor.execute("SELECT coalesce(sum(pgsize), 0) FROM dbstat WHERE name LIKE %s",
                           [name_index.fts_table("penalty") + "%"])
        return round(float(cursor.fetchone()[0]) / 1024 / 1024, 1)


def drop_name_index() -> None:
    """The schema and the importer as before the party-name index, for the comparison run
    (BENCH_NAME_INDEX_COMPARE): its tables, triggers or GIN index dropped, and the importer's
    per-chunk fill of the SQLite index (name_index.sqlite_bulk_insert) made a no-op."""
    from contextlib import nullcontext

    from django.db import connection

    from gongkai.credit import name_index

    name_index.sqlite_bulk_insert = lambda connection, cursor, kind: nullcontext()

    with connection.cursor() as cursor:
        for kind in name_index.TABLES:
            drop = name_index.sqlite_drop_statements if connection.vendor == "sqlite" else \
                name_index.postgresql_drop_statements
            for statement in drop(kind):
                cursor.execute(statement)


def name_index_comparison(csv_path: Path, fresh_schema, imported: dict) -> dict:
    """`imported` (with the index) against imports without it, each into a new migrated schema from
    `fresh_schema(label)`, a context manager yielding (var_dir, database_url) and dropping it after.

    Runs on a shared 2-core machine vary by more than the index costs (issue 17: the same import
    without the index took 79 s in one session and 121 s in the next), so BENCH_NAME_INDEX_REPEAT
    alternates more pairs and compares medians."""
    from statistics import median

    runs = {"with": [imported], "without": []}
    order = [("without", 0)] + [(label, n) for n in range(1, int(os.environ.get("BENCH_NAME_INDEX_REPEAT", "1")))
                                for label in ("without", "with")]
    for label, n in order:
        with fresh_schema(f"{label}{n or ''}") as (var_dir, database_url):
            migrate(var_dir, database_url)
            extra = {"BENCH_WITHOUT_NAME_INDEX": "1"} if label == "without" else {}
            runs[label].append(run_child(csv_path, var_dir, database_url, **extra))

    def cpu(run: dict) -> float:
        return run["cpu_seconds"] + run["server_cpu_seconds"]

    def ratio(measure) -> float:
        return round(median(map(measure, runs["with"])) / median(map(measure, runs["without"])) - 1, 3)
    result = {"import_file_without_name_index": runs["without"][0],
              "name_index_slowdown": ratio(itemgetter("seconds")), "name_index_cpu_slowdown": ratio(cpu),
              "name_index_mb": imported["name_index_mb"]}
    if len(runs["with"]) > 1:
        result["name_index_runs"] = {f"{label}_{measure}": [round(get(run), 2) for run in runs[label]]
                                     for label in ("with", "without")
                                     for measure, get in (("seconds", itemgetter("seconds")), ("cpu", cpu))}
    return result


def run_child(csv_path: Path, var_dir: Path, database_url: str | None, **extra_env: str) -> dict:
    """The child's JSON plus its peak RSS, read from wait4 so no other child's memory counts; on
    PostgreSQL also what the server did meanwhile (`server_activity`)."""
    env = dict(os.environ, GONGKAI_VAR_DIR=str(var_dir), HUEY_IMMEDIATE="1", **extra_env)
    env.pop("DATABASE_URL", None)
    if database_url:
        env["DATABASE_URL"] = database_url
    watch = ServerWatch(database_url) if database_url else None
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, __file__, "--child", str(csv_path)], env=env, stdout=subprocess.PIPE)
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    activity = watch.stop() if watch else None
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"import child failed ({process.returncode})")
    result = json.loads(output.decode().strip().splitlines()[-1])
    result["process_seconds"] = round(time.perf_counter() - started, 2)
    result["peak_rss_mb"] = round(usage.ru_maxrss / 1024, 1)  # KiB on Linux
    result["cpu_seconds"] = round(usage.ru_utime + usage.ru_stime, 2)  # the child and its reaped pool workers
    if activity:
        result["server_activity"] = activity
    return result


class ServerWatch:
    """What the PostgreSQL server does while a child imports: where the import's backend spends its
    time (pg_stat_activity sampled every SAMPLE_SECONDS: on CPU, waiting for the client, or its wait
    event) and the cluster's WAL, checkpoints and buffer writes over the run (pg_stat_wal,
    pg_stat_bgwriter). Wall time that CPU does not explain shows up here (issue 17's 1M import)."""

    SAMPLE_SECONDS = 0.25
    WAL = ("wal_bytes", "wal_fpi", "wal_buffers_full", "wal_write", "wal_sync")
    BGWRITER = ("checkpoints_timed", "checkpoints_req", "checkpoint_write_time", "checkpoint_sync_time",
                "buffers_checkpoint", "buffers_clean", "buffers_backend", "buffers_backend_fsync")

    def __init__(self, database_url: str):
        import threading

        import psycopg

        self.database = database_url.rsplit("/", 1)[1]
        self.connection = psycopg.connect(database_url.rsplit("/", 1)[0] + "/postgres", autocommit=True)
        self.before = self.counters()
        self.states: dict[str, int] = {}
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self.sample, daemon=True)
        self.thread.start()

    def counters(self) -> dict:
        row = self.connection.execute(
            f"SELECT {', '.join(self.WAL)}, {', '.join(self.BGWRITER)} FROM pg_stat_wal, pg_stat_bgwriter").fetchone()
        return dict(zip(self.WAL + self.BGWRITER, (float(value) for value in row)))

    def sample(self) -> None:
        while not self.stopping.wait(self.SAMPLE_SECONDS):
            rows = self.connection.execute(
                "SELECT state, wait_event_type, wait_event FROM pg_stat_activity "
                "WHERE datname = %s AND backend_type = 'client backend'", [self.database]).fetchall()
            for state, event_type, event in rows:
                if state == "active":
                    key = f"{event_type}:{event}" if event_type else "CPU"
                else:
                    key = f"{state} (the client's turn)"
                self.states[key] = self.states.get(key, 0) + 1

    def stop(self) -> dict:
        self.stopping.set()
        self.thread.join()
        after = self.counters()
        self.connection.close()
        delta = {name: after[name] - self.before[name] for name in after}
        samples = sum(self.states.values()) or 1
        return {"import_backend_share": {key: round(count / samples, 3) for key, count in
                                         sorted(self.states.items(), key=lambda item: -item[1])},
                "samples": samples, "wal_mb": round(delta.pop("wal_bytes") / 2**20, 1),
                **{name: round(value, 1) for name, value in delta.items()}}


def migrate(var_dir: Path, database_url: str | None) -> float:
    env = dict(os.environ, GONGKAI_VAR_DIR=str(var_dir))
    env.pop("DATABASE_URL", None)
    if database_url:
        env["DATABASE_URL"] = database_url
    started = time.perf_counter()
    subprocess.run([GONGKAI, "migrate", "-v0"], env=env, check=True)
    return round(time.perf_counter() - started, 2)


# --- parent --------------------------------------------------------------------------------------

def generate(path: Path, count: int) -> float:
    from gongkai.credit.samples import RowFactory, rows, write_csv
    from gongkai.ops.demo import DEMO_AGENCY

    started = time.perf_counter()
    write_csv(path, "penalty", rows(RowFactory(DEMO_AGENCY["name"], DEMO_AGENCY["uscc"]), "penalty", count))
    return round(time.perf_counter() - started, 2)


def header_columns(csv_path: Path) -> list[str]:
    with open(csv_path, encoding="utf-8") as handle:
        return handle.readline().strip().split(",")


def loader_tables(csv_path: Path) -> dict[str, str]:
    """SQL creating each loader table: `plain` (all text, nothing else) and `keyed` (the same, with
    the keys a records table cannot do without: the natural key unique and the public lookups)."""
    columns = ", ".join(f'"{column.lower()}" text' for column in header_columns(csv_path))
    keyed = [f"CREATE TABLE penalties_keyed ({columns})"] + [
        f"CREATE {unique}INDEX keyed_{n} ON penalties_keyed ({cols})"
        for n, (unique, cols) in enumerate(KEYED_INDEXES)]
    return {"plain": f"CREATE TABLE penalties_plain ({columns})", "keyed": ";\n".join(keyed)}


def bench_sqlite(csv_path: Path, temp: Path, count: int) -> dict:
    if not shutil.which("sqlite3"):
        raise SystemExit("sqlite3 CLI missing: apt-get install -y sqlite3")
    loaders = {}
    for name, ddl in loader_tables(csv_path).items():
        loader_db = temp / f"loader-{name}.sqlite3"
        subprocess.run(["sqlite3", str(loader_db), ddl], check=True)
        started = time.perf_counter()
        subprocess.run(["sqlite3", str(loader_db), SQLITE_CACHE, f".import --csv --skip 1 {csv_path} penalties_{name}"],
                       check=True)
        seconds = time.perf_counter() - started
        loaded = int(subprocess.run(["sqlite3", str(loader_db), f"select count(*) from penalties_{name}"],
                                    check=True, capture_output=True, text=True).stdout)
        loaders[name] = (seconds, loaded)
        loader_db.unlink()
    var_dir = temp / "sqlite-var"
    var_dir.mkdir()
    migrate_seconds = migrate(var_dir, None)
    imported = run_child(csv_path, var_dir, None)
    loaders["app_table"] = sqlite_reload(var_dir / "gongkai.sqlite3", temp / "app-rows.csv")
    result = _summary("sqlite3 .import (CLI, csv)", loaders, migrate_seconds, imported)
    if os.environ.get("BENCH_NAME_INDEX_COMPARE") == "1":
        result.update(name_index_comparison(csv_path, partial(sqlite_schema, temp), imported))
    return result


@contextmanager
def sqlite_schema(temp: Path, label: str):
    var_dir = temp / f"sqlite-var-{label}"
    var_dir.mkdir()
    try:
        yield var_dir, None
    finally:
        shutil.rmtree(var_dir, ignore_errors=True)


def sqlite_reload(database: Path, rows_file: Path) -> tuple[float, int]:
    """The loader's rate into the app's own table with its indexes and constraints: the rows the
    import wrote, dumped to CSV, the table emptied, and the dump loaded back by `.import`. The
    party-name index goes first: its triggers call a function only the app's connections have."""
    from gongkai.credit import name_index

    table = "credit_penaltyrecord"
    subprocess.run(["sqlite3", str(database), *name_index.sqlite_drop_statements("penalty")], check=True)
    subprocess.run(["sqlite3", str(database), ".mode csv", f".output {rows_file}", f"SELECT * FROM {table}"], check=True)
    subprocess.run(["sqlite3", str(database), f"DELETE FROM {table}", "VACUUM"], check=True)
    started = time.perf_counter()
    subprocess.run(["sqlite3", str(database), SQLITE_CACHE, f".import --csv {rows_file} {table}"], check=True)
    seconds = time.perf_counter() - started
    loaded = int(subprocess.run(["sqlite3", str(database), f"select count(*) from {table}"], check=True,
                                capture_output=True, text=True).stdout)
    rows_file.unlink()
    return seconds, loaded


def bench_postgresql(csv_path: Path, temp: Path, count: int) -> dict:
    import psycopg

    admin_url = os.environ.get("BENCH_PG_URL", DEFAULT_PG_URL)
    name = f"gongkai_bench_credit_{os.getpid()}"
    database_url = admin_url.rsplit("/", 1)[0] + "/" + name
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        loaders = {}
        for table, ddl in loader_tables(csv_path).items():
            subprocess.run(["psql", "-q", database_url, "-c", ddl], check=True)
            subprocess.run(["psql", "-q", database_url, "-c", "CHECKPOINT"], check=True)
            started = time.perf_counter()
            subprocess.run(["psql", "-q", database_url, "-c",
                            f"\\copy penalties_{table} FROM '{csv_path}' WITH (FORMAT csv, HEADER true)"], check=True)
            seconds = time.perf_counter() - started
            loaded = int(subprocess.run(["psql", "-tA", database_url, "-c", f"SELECT count(*) FROM penalties_{table}"],
                                        check=True, capture_output=True, text=True).stdout)
            loaders[table] = (seconds, loaded)
            subprocess.run(["psql", "-q", database_url, "-c", f"DROP TABLE penalties_{table}"], check=True)
        var_dir = temp / "pg-var"
        var_dir.mkdir()
        migrate_seconds = migrate(var_dir, database_url)
        imported = run_child(csv_path, var_dir, database_url)
        loaders["app_table"] = postgresql_reload(database_url, temp / "app-rows.copy")
        result = _summary("psql \\copy = COPY FROM STDIN (FORMAT csv, HEADER)", loaders, migrate_seconds, imported)
        if os.environ.get("BENCH_NAME_INDEX_COMPARE") == "1":
            result.update(name_index_comparison(csv_path, partial(postgresql_schema, admin_url, name, temp),
                                                imported))
    finally:
        with psycopg.connect(admin_url, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    return result


@contextmanager
def postgresql_schema(admin_url: str, name: str, temp: Path, label: str):
    """A throwaway database `<name>_<label>` beside the benchmark's own, dropped after use."""
    import psycopg

    database = f"{name}_{label}"
    var_dir = temp / f"pg-var-{label}"
    var_dir.mkdir()
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{database}"')
    try:
        yield var_dir, admin_url.rsplit("/", 1)[0] + "/" + database
    finally:
        with psycopg.connect(admin_url, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        shutil.rmtree(var_dir, ignore_errors=True)


def postgresql_reload(database_url: str, rows_file: Path) -> tuple[float, int]:
    """As sqlite_reload: the import's own rows COPYed back into the emptied app table."""
    table = "credit_penaltyrecord"
    subprocess.run(["psql", "-q", database_url, "-c", f"\\copy {table} TO '{rows_file}'"], check=True)
    subprocess.run(["psql", "-q", database_url, "-c", f"TRUNCATE {table} CASCADE", "-c", "CHECKPOINT"], check=True,
                   stderr=subprocess.DEVNULL)
    started = time.perf_counter()
    subprocess.run(["psql", "-q", database_url, "-c", f"\\copy {table} FROM '{rows_file}'"], check=True)
    seconds = time.perf_counter() - started
    loaded = int(subprocess.run(["psql", "-tA", database_url, "-c", f"SELECT count(*) FROM {table}"],
                                check=True, capture_output=True, text=True).stdout)
    rows_file.unlink()
    return seconds, loaded


def _summary(tool: str, loaders: dict[str, tuple[float, int]], migrate_seconds: float, imported: dict) -> dict:
    import_rate = imported["rows_read"] / imported["seconds"]
    result = {"loader": tool, "import_file": {**imported, "rows_per_s": round(import_rate),
                                              "migrate_seconds": migrate_seconds}}
    for table, (seconds, loaded) in loaders.items():
        rate = loaded / seconds
        result[f"loader_{table}"] = {"table": LOADER_TABLES[table], "seconds": round(seconds, 2), "rows": loaded,
                                     "rows_per_s": round(rate)}
        result[f"ratio_to_{table}_loader"] = round(import_rate / rate, 3)
        result[f"meets_ratio_target_{table}"] = import_rate / rate >= TARGET_RATIO
    result["meets_rss_target"] = imported["peak_rss_mb"] < TARGET_RSS_MB
    return result


def main() -> None:
    count = int(os.environ.get("N", "1000000"))
    databases = [name.strip() for name in os.environ.get("BENCH_DATABASES", "sqlite,postgresql").split(",") if name.strip()]
    temp = Path(tempfile.mkdtemp(prefix="gongkai-bench-credit-"))
    try:
        _django(temp / "parent-var", None)
        csv_path = temp / "penalties.csv"
        result = {
            "benchmark": "credit_import", "n": count, "machine": {"cpus": os.cpu_count(),
                                                                  "load_avg_at_start": [round(x, 2) for x in os.getloadavg()]},
            "generate_seconds": generate(csv_path, count),
            "file_mb": round(csv_path.stat().st_size / 1024 / 1024, 1),
            "targets": {"ratio": TARGET_RATIO, "peak_rss_mb": TARGET_RSS_MB},
        }
        for database in databases:
            result[database] = {"sqlite": bench_sqlite, "postgresql": bench_postgresql}[database](csv_path, temp, count)
        result["machine"]["load_avg_at_end"] = [round(x, 2) for x in os.getloadavg()]
        print(json.dumps(result, ensure_ascii=False, indent=1))
    finally:
        shutil.rmtree(temp, ignore_errors=True)


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        child(sys.argv[2])
    else:
        main()
