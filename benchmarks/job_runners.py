"""Benchmark background job runners (django-tasks-db, Huey, Celery) here; print one JSON object.

Measured per runner/storage: enqueue rate of N no-op tasks from the "web" process with no
worker running (median of 3 rounds), end-to-end throughput (first enqueue until all N have
run) with 1 and with 2 worker processes, and the median enqueue-to-start latency of one task on an idle queue.
Feature facts (periodic schedules, retries, several workers, what must run besides the web
server) are recorded as data beside the numbers.

Cases: django-tasks-db on SQLite and on PostgreSQL, Huey (huey.contrib.djhuey) with SqliteHuey
and RedisHuey, Celery with a Redis broker. Each case runs in its own subprocess (Django settings
can be configured only once per process) and starts its workers as subprocesses in their own
process groups; every wait is bounded, a case gives up after 120 s and records a timeout, and
all processes are killed on exit. It uses a temporary directory for SQLite files, a throwaway
PostgreSQL database (gongkai_jobbench, created and dropped) and Redis db 15 (flushed).

Versions it was written and run with (scratch venv, not the project's):
    Python 3.11.7, Django==5.2.19, psycopg[binary]==3.3.9, django-tasks==0.12.0,
    django-tasks-db==0.13.0, huey==3.5.4, redis==8.1.0, celery==5.7.0, kombu==5.7.0, packaging==26.3
    (plain `celery` lacks `packaging`, which kombu's Redis transport imports: install celery[redis].)
    (django-tasks 0.12.0 no longer ships a database backend: django_tasks.backends.database
    exists up to django-tasks 0.11.0 and now lives in the separate django-tasks-db package.)

Usage:
    python3 -m venv /tmp/jobbench
    /tmp/jobbench/bin/pip install Django==5.2.19 'psycopg[binary]==3.3.9' django-tasks==0.12.0 \
        django-tasks-db==0.13.0 huey==3.5.4 redis==8.1.0 'celery[redis]==5.7.0'
    /tmp/jobbench/bin/python benchmarks/job_runners.py > /tmp/jobbench.json

Environment: JOBBENCH_N (tasks, default 2000), JOBBENCH_LATENCY_SAMPLES (default 50),
JOBBENCH_PG_DSN (default host=127.0.0.1 port=5432 user=postgres), JOBBENCH_REDIS_URL
(default redis://127.0.0.1:6379/15), JOBBENCH_CASES (comma-separated subset of case names),
JOBBENCH_CASE_BUDGET_S (default 120).
"""

from __future__ import annotations

import json
import os
import platform
import random
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from importlib import metadata

N_TASKS = int(os.environ.get("JOBBENCH_N", "2000"))
LATENCY_SAMPLES = int(os.environ.get("JOBBENCH_LATENCY_SAMPLES", "50"))
ENQUEUE_ROUNDS = 3  # enqueue_per_s is the median of this many rounds of N (queue purged between)
CASE_BUDGET_S = float(os.environ.get("JOBBENCH_CASE_BUDGET_S", "120"))  # then a case records a timeout
CASE_HARD_KILL_S = CASE_BUDGET_S + 40.0  # the orchestrator kills a case process after this
POLL_INTERVAL_S = 0.1  # worker poll interval for the polling backends (DB worker, SqliteHuey)
PG_DSN = os.environ.get("JOBBENCH_PG_DSN", "host=127.0.0.1 port=5432 user=postgres")
PG_DB = "gongkai_jobbench"
REDIS_URL = os.environ.get("JOBBENCH_REDIS_URL", "redis://127.0.0.1:6379/15")
PACKAGES = [
    "Django", "psycopg", "psycopg-binary", "django-tasks", "django-tasks-db",
    "huey", "redis", "celery", "kombu", "packaging",
]

CASES = {
    "django-tasks-db/sqlite": {"runner": "django-tasks-db", "storage": "sqlite"},
    "django-tasks-db/postgresql": {"runner": "django-tasks-db", "storage": "postgresql"},
    "huey/sqlite": {"runner": "huey", "storage": "sqlite"},
    "huey/redis": {"runner": "huey", "storage": "redis"},
    "celery/redis": {"runner": "celery", "storage": "redis"},
}

# What each runner offers for the project's needs, as data beside the numbers.
FEATURES = {
    "django-tasks-db": {
        "periodic": False,
        "periodic_note": "no scheduler: Mon/Thu and daily jobs need cron/systemd timers calling a "
        "management command that enqueues, or a separate scheduler package",
        "retries": False,
        "retries_note": "no automatic retry in the django-tasks API (Django 6.0 django.tasks has none "
        "either); TaskContext.attempt is exposed, re-enqueue by hand",
        "multiple_worker_processes": True,
        "multiple_workers_note": "run several `manage.py db_worker` processes; PostgreSQL claims rows with "
        "SELECT ... FOR UPDATE SKIP LOCKED, SQLite with BEGIN EXCLUSIVE",
        "extra_server": "none (the database the site already uses)",
        "extra_processes": [
            "manage.py db_worker (one per worker process)",
            "cron/systemd timer for periodic jobs",
        ],
        "progress": "no progress API; write progress to a model row; results/status are queryable rows",
        "crash_recovery": "a task whose worker dies stays RUNNING; no automatic re-run",
        "api_note": "same API as Django 6.0 django.tasks (backport); DB backend split out of django-tasks "
        "at 0.12.0 into django-tasks-db",
    },
    "huey": {
        "periodic": True,
        "periodic_note": "@periodic_task(crontab(day_of_week='1,4', hour='6', minute='0')) (0=Sunday); "
        "run by "
        "the consumer's scheduler, so only one consumer may schedule (others with --no-periodic)",
        "retries": True,
        "retries_note": "@task(retries=3, retry_delay=60)",
        "multiple_worker_processes": True,
        "multiple_workers_note": "run_huey -w N -k process (or thread/greenlet) in one consumer",
        "extra_server": "none with SqliteHuey; Redis server with RedisHuey",
        "extra_processes": ["manage.py run_huey (consumer; also runs the periodic scheduler)"],
        "progress": "no progress API; huey.put()/get() key-value store or a model row",
        "crash_recovery": "a dequeued task whose worker dies is lost (no acks)",
    },
    "celery": {
        "periodic": True,
        "periodic_note": "celery beat with crontab(day_of_week='mon,thu', ...): a separate process, "
        "exactly one",
        "retries": True,
        "retries_note": "autoretry_for=/retry_backoff=, self.retry()",
        "multiple_worker_processes": True,
        "multiple_workers_note": "celery worker -c N (prefork)",
        "extra_server": "Redis (or RabbitMQ) broker; no SQLite broker for the embedded default",
        "extra_processes": ["celery worker", "celery beat (for periodic jobs)"],
        "progress": "self.update_state(state='PROGRESS', meta=...) with a result backend",
        "crash_recovery": "with acks_late, redelivered after the Redis visibility_timeout (1 h default: long "
        "imports need it raised)",
    },
}

WORKER_OPTIONS = {
    "django-tasks-db": f"manage.py db_worker --interval {POLL_INTERVAL_S} --no-startup-delay --no-reload "
    "(default --interval is 1 s); 2 workers = 2 db_worker processes",
    "huey": f"run_huey -k process -w N --delay {POLL_INTERVAL_S} --max-delay {POLL_INTERVAL_S} "
    "(defaults: --delay 0.1 backing off x1.15 to --max-delay 10 s when idle, so a SqliteHuey task "
    "after a long idle period can wait up to 10 s; RedisHuey blocks on BRPOP and does not poll)",
    "celery": "celery worker --pool prefork -c N --without-gossip --without-mingle --without-heartbeat, "
    "task_ignore_result=True",
}

SQLITE_OPTIONS = {
    # As gongkai/config/env.py configures SQLite for the site.
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000;",
    "transaction_mode": "IMMEDIATE",
}


# --------------------------------------------------------------------------------------------
# The task body, shared by all runners: log "tag start_time" to a per-process file.


_DONE_FH = None


def _record(tag: str, sleep: float = 0.0) -> None:
    started = time.time()
    global _DONE_FH
    if _DONE_FH is None:  # opened lazily: forked pool children each get their own file
        path = os.path.join(os.environ["JOBBENCH_DONE_DIR"], f"{os.getpid()}.log")
        _DONE_FH = open(path, "a", buffering=1)
    if sleep:
        time.sleep(sleep)
    _DONE_FH.write(f"{tag} {started!r}\n")


# Module-level names the runners' decorators are bound to, so that workers (which run this same
# file as __main__) resolve the same task paths: django-tasks "__main__.djt_noop", huey
# "__main__.huey_noop", Celery by the explicit name "jobbench.noop".
def djt_noop(tag: str, sleep: float = 0.0) -> None:
    _record(tag, sleep)


def huey_noop(tag: str, sleep: float = 0.0) -> None:
    _record(tag, sleep)


def celery_noop(tag: str, sleep: float = 0.0) -> None:
    _record(tag, sleep)


# --------------------------------------------------------------------------------------------
# Per-case setup (runs in the case process and in each worker process).


class Runner:
    """Enqueue, purge and worker commands for one case."""

    def __init__(self, case: str, case_dir: str) -> None:
        self.case = case
        self.case_dir = case_dir
        self.runner = CASES[case]["runner"]
        self.storage = CASES[case]["storage"]
        os.environ["JOBBENCH_DONE_DIR"] = os.path.join(case_dir, "done")
        getattr(self, f"_setup_{self.runner.replace('-', '_')}")()

    # django-tasks-db ------------------------------------------------------------------------
    def _setup_django_tasks_db(self) -> None:
        import django
        from django.conf import settings

        if self.storage == "sqlite":
            db = {
                "ENGINE": "django.db.backends.sqlite3",
                "NAME": os.path.join(self.case_dir, "tasks.sqlite3"),
                "OPTIONS": SQLITE_OPTIONS,
            }
        else:
            db = {
                "ENGINE": "django.db.backends.postgresql",
                "NAME": PG_DB,
                "USER": "postgres",
                "HOST": "127.0.0.1",
                "PORT": "5432",
            }
        settings.configure(
            DEBUG=False,
            SECRET_KEY="jobbench",
            USE_TZ=True,
            INSTALLED_APPS=["django_tasks", "django_tasks_db"],
            DATABASES={"default": db},
            TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}},
            DEFAULT_AUTO_FIELD="django.db.models.BigAutoField",
        )
        django.setup()
        from django_tasks import task

        globals()["djt_noop"] = task()(djt_noop)

    def _djt_model(self):
        from django_tasks_db.models import DBTaskResult

        return DBTaskResult

    # huey -----------------------------------------------------------------------------------
    def _setup_huey(self) -> None:
        import django
        from django.conf import settings

        huey_conf = {"name": "jobbench", "immediate": False, "utc": False}
        if self.storage == "sqlite":
            filename = os.path.join(self.case_dir, "huey.sqlite3")
            huey_conf.update(huey_class="huey.SqliteHuey", filename=filename)
        else:
            huey_conf.update(huey_class="huey.RedisHuey", connection={"url": REDIS_URL})
        settings.configure(
            DEBUG=False,
            SECRET_KEY="jobbench",
            USE_TZ=True,
            INSTALLED_APPS=["huey.contrib.djhuey"],
            DATABASES={},
            HUEY=huey_conf,
        )
        django.setup()
        from huey.contrib.djhuey import task

        globals()["huey_noop"] = task()(huey_noop)

    # celery ---------------------------------------------------------------------------------
    def _setup_celery(self) -> None:
        from celery import Celery

        app = Celery("jobbench")
        app.conf.update(
            broker_url=REDIS_URL,
            task_ignore_result=True,
            broker_connection_retry_on_startup=True,
            worker_hijack_root_logger=False,
            worker_redirect_stdouts=False,
        )
        self.celery_app = app
        globals()["celery_noop"] = app.task(name="jobbench.noop")(celery_noop)

    # common ---------------------------------------------------------------------------------
    def prepare_storage(self) -> None:
        if self.runner == "django-tasks-db":
            from django.core.management import call_command

            call_command("migrate", verbosity=0, interactive=False)
        self.purge()

    def enqueue(self, tag: str, sleep: float = 0.0) -> None:
        if self.runner == "django-tasks-db":
            globals()["djt_noop"].enqueue(tag, sleep)
        elif self.runner == "huey":
            globals()["huey_noop"](tag, sleep)
        else:
            globals()["celery_noop"].delay(tag, sleep)

    def purge(self) -> None:
        if self.runner == "django-tasks-db":
            self._djt_model().objects.all().delete()
        elif self.runner == "huey":
            from huey.contrib.djhuey import HUEY

            HUEY.flush()
        else:
            self.celery_app.control.purge()

    def close_connections(self) -> None:
        if self.runner == "django-tasks-db":
            from django.db import connections

            connections.close_all()

    def worker_commands(self, n_workers: int) -> list[list[str]]:
        """Commands to start n_workers worker processes (several commands for the DB worker)."""
        base = [sys.executable, os.path.abspath(__file__), "_worker", self.case, self.case_dir]
        if self.runner == "django-tasks-db":
            return [base + ["1", str(i)] for i in range(n_workers)]
        return [base + [str(n_workers), "0"]]

    def run_worker(self, n_workers: int, index: int) -> None:
        if self.runner == "django-tasks-db":
            from django.core.management import call_command

            call_command(
                "db_worker",
                "--interval",
                str(POLL_INTERVAL_S),
                "--no-startup-delay",
                "--no-reload",
                "--worker-id",
                f"bench-{index}-{os.getpid()}",
                verbosity=0,
            )
        elif self.runner == "huey":
            from django.core.management import call_command

            call_command(
                "run_huey",
                workers=n_workers,
                worker_type="process",
                initial_delay=POLL_INTERVAL_S,
                max_delay=POLL_INTERVAL_S,
                disable_autoload=True,
                verbose=False,
            )
        else:
            self.celery_app.worker_main(
                [
                    "worker",
                    "--pool",
                    "prefork",
                    "--concurrency",
                    str(n_workers),
                    "--loglevel",
                    "WARNING",
                    "--without-gossip",
                    "--without-mingle",
                    "--without-heartbeat",
                    "--hostname",
                    f"bench{n_workers}-{os.getpid()}@localhost",
                ]
            )


# --------------------------------------------------------------------------------------------
# The case process: measure one runner/storage.


class Timeout(Exception):
    pass


class Collector:
    """Tails the per-process files the task body writes: tag -> (start time, pid)."""

    def __init__(self, done_dir: str) -> None:
        self.done_dir = done_dir
        self.offsets: dict[str, int] = {}
        self.partial: dict[str, str] = {}
        self.seen: dict[str, tuple[float, int]] = {}

    def poll(self) -> None:
        for name in os.listdir(self.done_dir):
            path = os.path.join(self.done_dir, name)
            with open(path) as fh:
                fh.seek(self.offsets.get(name, 0))
                chunk = fh.read()
                self.offsets[name] = fh.tell()
            data = self.partial.pop(name, "") + chunk
            lines = data.split("\n")
            if lines[-1]:
                self.partial[name] = lines[-1]
            for line in lines[:-1]:
                tag, started = line.split(" ")
                self.seen[tag] = (float(started), int(name.split(".")[0]))

    def wait_for(self, tags: list[str], deadline: float, what: str) -> None:
        missing = set(tags)
        while True:
            self.poll()
            missing -= self.seen.keys()
            if not missing:
                return
            if time.monotonic() > deadline:
                raise Timeout(f"{what}: {len(missing)} of {len(tags)} tasks not run before the case deadline")
            time.sleep(0.002 if len(tags) == 1 else 0.02)


class WorkerGroup:
    def __init__(self, runner: Runner, n_workers: int, pgid_file: str) -> None:
        self.procs: list[subprocess.Popen] = []
        for i, cmd in enumerate(runner.worker_commands(n_workers)):
            log = open(os.path.join(runner.case_dir, f"worker-{n_workers}-{i}.log"), "ab")
            proc = subprocess.Popen(
                cmd, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
            log.close()
            self.procs.append(proc)
            with open(pgid_file, "a") as fh:  # so the orchestrator can kill them if this process dies
                fh.write(f"{proc.pid}\n")

    def dead(self) -> list[int]:
        return [p.returncode for p in self.procs if p.poll() is not None]

    def stop(self) -> None:
        for proc in self.procs:
            _signal_group(proc.pid, signal.SIGTERM)
        end = time.monotonic() + 10
        for proc in self.procs:
            try:
                proc.wait(timeout=max(0.1, end - time.monotonic()))
            except subprocess.TimeoutExpired:
                pass
        for proc in self.procs:  # the group may still hold pool children
            _signal_group(proc.pid, signal.SIGKILL)
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                pass


def _signal_group(pgid: int, sig: int) -> None:
    try:
        os.killpg(pgid, sig)
    except (ProcessLookupError, PermissionError):
        pass


def run_case(case: str, case_dir: str) -> dict:
    started = time.monotonic()
    deadline = started + CASE_BUDGET_S
    runner_name = CASES[case]["runner"]
    result: dict = {
        "runner": runner_name,
        "storage": CASES[case]["storage"],
        "enqueue_per_s": None,
        "e2e_per_s_1_worker": None,
        "e2e_per_s_2_workers": None,
        "idle_latency_ms_p50": None,
        **FEATURES[runner_name],
        "worker_options": WORKER_OPTIONS[runner_name],
    }
    result["django_integration"] = {
        "django-tasks-db": "django_tasks_db app + TASKS setting",
        "huey": "huey.contrib.djhuey (manage.py run_huey)",
        "celery": "celery app module + celery CLI",
    }[runner_name]
    done_dir = os.path.join(case_dir, "done")
    os.makedirs(done_dir, exist_ok=True)
    pgid_file = os.path.join(case_dir, "pgids")
    runner = Runner(case, case_dir)
    collector = Collector(done_dir)
    group: WorkerGroup | None = None

    def on_term(signum, frame):
        raise SystemExit(1)

    signal.signal(signal.SIGTERM, on_term)
    phase = "setup"
    try:
        runner.prepare_storage()

        # 1. Enqueue rate with no worker running.
        phase = "enqueue"
        runner.enqueue("pre-0")  # opens the connection outside the timing
        rates = []
        for rnd in range(ENQUEUE_ROUNDS):  # the median of a few rounds damps a lone disk stall
            runner.purge()
            t0 = time.perf_counter()
            for i in range(N_TASKS):
                runner.enqueue(f"q{rnd}-{i}")
                if i % 100 == 0 and time.monotonic() > deadline:
                    raise Timeout(f"enqueue: only {i} of {N_TASKS} enqueued before the case deadline")
            rates.append(round(N_TASKS / (time.perf_counter() - t0), 1))
        result["enqueue_per_s"] = statistics.median(rates)
        result["enqueue_per_s_rounds"] = rates
        runner.purge()

        for n_workers in (1, 2):
            phase = f"{n_workers} worker(s)"
            runner.close_connections()
            group = WorkerGroup(runner, n_workers, pgid_file)
            # Warm-up: wait until every worker process has run a task (sleepy tasks spread them).
            warm = [f"w{n_workers}-{i}" for i in range(3 * n_workers)]
            for tag in warm:
                runner.enqueue(tag, 0.3)
            collector.wait_for(warm, deadline, f"warm-up with {n_workers} worker(s)")
            pids = {collector.seen[t][1] for t in warm}
            warm_end = time.monotonic() + 10
            while len(pids) < n_workers and time.monotonic() < min(deadline, warm_end):
                extra = [f"w{n_workers}x-{time.monotonic_ns()}-{i}" for i in range(2 * n_workers)]
                for tag in extra:
                    runner.enqueue(tag, 0.3)
                collector.wait_for(extra, deadline, "warm-up")
                pids |= {collector.seen[t][1] for t in extra}
            result[f"worker_pids_seen_warmup_{n_workers}"] = len(pids)

            if n_workers == 1:
                # Idle latency: one task at a time, queue empty, idle gap before each.
                lat = []
                for i in range(LATENCY_SAMPLES):
                    time.sleep(random.uniform(0.15, 0.35))
                    tag = f"l-{i}"
                    t_enq = time.time()
                    runner.enqueue(tag)
                    collector.wait_for([tag], min(deadline, time.monotonic() + 15), "idle latency")
                    lat.append((collector.seen[tag][0] - t_enq) * 1000)
                result["idle_latency_ms_p50"] = round(statistics.median(lat), 2)
                result["idle_latency_ms_p90"] = round(statistics.quantiles(lat, n=10)[-1], 2)
                result["idle_latency_samples"] = len(lat)

            # End-to-end: first enqueue until all N have run.
            tags = [f"e{n_workers}-{i}" for i in range(N_TASKS)]
            t_first = time.time()
            for i, tag in enumerate(tags):
                runner.enqueue(tag)
                if i % 100 == 0 and time.monotonic() > deadline:
                    raise Timeout(f"e2e enqueue with {n_workers} worker(s): deadline")
            t_enq_done = time.time()
            collector.wait_for(tags, deadline, f"e2e with {n_workers} worker(s)")
            t_last = max(collector.seen[t][0] for t in tags)
            key = "e2e_per_s_1_worker" if n_workers == 1 else "e2e_per_s_2_workers"
            result[key] = round(N_TASKS / (t_last - t_first), 1)
            result[f"enqueue_per_s_during_e2e_{n_workers}"] = round(N_TASKS / (t_enq_done - t_first), 1)
            result[f"worker_pids_seen_e2e_{n_workers}"] = len({collector.seen[t][1] for t in tags})
            if group.dead():
                result[f"worker_exit_codes_{n_workers}"] = group.dead()
            group.stop()
            group = None
            runner.purge()
    except Timeout as exc:
        result["timeout"] = str(exc)
        result["error_phase"] = phase
    except Exception as exc:  # record why a candidate did not work rather than stopping the run
        result["error"] = f"{type(exc).__name__}: {exc}"
        result["error_phase"] = phase
    finally:
        if group is not None:
            if group.dead():
                result["worker_exit_codes"] = group.dead()
            group.stop()
        if "error" in result or "timeout" in result:
            result["worker_log_tail"] = _log_tail(case_dir)
    result["case_seconds"] = round(time.monotonic() - started, 1)
    return result


def _log_tail(case_dir: str, limit: int = 1500) -> str:
    out = []
    for name in sorted(os.listdir(case_dir)):
        if name.startswith("worker-") and name.endswith(".log"):
            with open(os.path.join(case_dir, name), "rb") as fh:
                text = fh.read().decode("utf-8", "replace")
            if text.strip():
                out.append(f"[{name}] {text[-limit:]}")
    return "\n".join(out)[-3 * limit :]


# --------------------------------------------------------------------------------------------
# The orchestrator.


def _pg_admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{PG_DSN} dbname=postgres", autocommit=True, connect_timeout=5) as conn:
        conn.execute(sql)


def _machine() -> dict:
    info: dict = {
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "loadavg_start": [round(x, 2) for x in os.getloadavg()],
    }
    try:
        import psycopg

        with psycopg.connect(f"{PG_DSN} dbname=postgres", connect_timeout=5) as conn:
            info["postgresql"] = conn.execute("show server_version").fetchone()[0]
    except Exception as exc:
        info["postgresql"] = f"unavailable: {exc}"
    try:
        import redis

        info["redis"] = redis.Redis.from_url(REDIS_URL, socket_timeout=5).info("server")["redis_version"]
    except Exception as exc:
        info["redis"] = f"unavailable: {exc}"
    try:
        with open("/proc/cpuinfo") as fh:
            models = (line.split(":", 1)[1].strip() for line in fh if line.startswith("model name"))
            info["cpu_model"] = next(models)
    except (OSError, StopIteration):
        pass
    return info


def _versions() -> dict:
    out = {}
    for name in PACKAGES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = None
    return out


def _ratios(results: list[dict]) -> dict:
    columns = {
        "enqueue_per_s": True,
        "e2e_per_s_1_worker": True,
        "e2e_per_s_2_workers": True,
        "idle_latency_ms_p50": False,
    }
    ratios: dict = {
        "note": "value / best value in the column, from this one run: for rates 1.0 = fastest and 0.5 = half "
        "its rate; for latency 1.0 = lowest and 2.0 = twice as long. null = not measured (see error/timeout)."
    }
    for col, higher_is_better in columns.items():
        vals = {f"{r['runner']}/{r['storage']}": r.get(col) for r in results}
        present = [v for v in vals.values() if v]
        if not present:
            continue
        best = max(present) if higher_is_better else min(present)
        ratios[col] = {k: (round(v / best, 3) if v else None) for k, v in vals.items()}
    return ratios


def orchestrate() -> dict:
    selected = [c for c in os.environ.get("JOBBENCH_CASES", ",".join(CASES)).split(",") if c]
    out: dict = {"machine": _machine(), "versions": _versions(), "n_tasks": N_TASKS}
    out["latency_samples"] = LATENCY_SAMPLES
    out["case_budget_s"] = CASE_BUDGET_S
    results = []
    tmp = tempfile.mkdtemp(prefix="jobbench-")
    running: subprocess.Popen | None = None
    case_dir = tmp

    def on_term(signum, frame):
        raise SystemExit(1)

    signal.signal(signal.SIGTERM, on_term)
    try:
        try:
            _pg_admin(f"DROP DATABASE IF EXISTS {PG_DB} WITH (FORCE)")
            _pg_admin(f"CREATE DATABASE {PG_DB}")
            pg_ok = None
        except Exception as exc:
            pg_ok = f"could not create PostgreSQL database {PG_DB}: {exc}"
        try:
            import redis

            redis.Redis.from_url(REDIS_URL, socket_timeout=5).flushdb()
        except Exception:
            pass
        for case in selected:
            case_dir = os.path.join(tmp, case.replace("/", "_"))
            os.makedirs(case_dir)
            if pg_ok and CASES[case]["storage"] == "postgresql":
                results.append({**CASES[case], "error": pg_ok})
                continue
            log = open(os.path.join(case_dir, "case.log"), "wb")
            running = subprocess.Popen(
                [sys.executable, os.path.abspath(__file__), "_case", case, case_dir],
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
            log.close()
            try:
                running.wait(timeout=CASE_HARD_KILL_S)
            except subprocess.TimeoutExpired:
                _signal_group(running.pid, signal.SIGTERM)
                try:
                    running.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    pass
            clean = running.returncode == 0 and os.path.exists(os.path.join(case_dir, "result.json"))
            _kill_case(running, case_dir, worker_groups=not clean)
            running = None
            res_path = os.path.join(case_dir, "result.json")
            if os.path.exists(res_path):
                with open(res_path) as fh:
                    results.append(json.load(fh))
            else:
                with open(os.path.join(case_dir, "case.log"), "rb") as fh:
                    tail = fh.read().decode("utf-8", "replace")[-2000:]
                results.append({
                    **CASES[case],
                    "timeout": f"case process gave no result within {CASE_HARD_KILL_S} s",
                    "case_log_tail": tail,
                })
    finally:
        if running is not None:
            _kill_case(running, case_dir, worker_groups=True)
        try:
            _pg_admin(f"DROP DATABASE IF EXISTS {PG_DB} WITH (FORCE)")
        except Exception:
            pass
        try:
            import redis

            redis.Redis.from_url(REDIS_URL, socket_timeout=5).flushdb()
        except Exception:
            pass
        import shutil

        shutil.rmtree(tmp, ignore_errors=True)
    out["machine"]["loadavg_end"] = [round(x, 2) for x in os.getloadavg()]
    out["results"] = results
    out["ratios"] = _ratios(results)
    return out


def _kill_case(proc: subprocess.Popen, case_dir: str, worker_groups: bool) -> None:
    """Kill a case process group and, if it did not end cleanly, the worker groups it recorded."""
    _signal_group(proc.pid, signal.SIGKILL)
    try:
        proc.wait(timeout=5)
    except subprocess.TimeoutExpired:
        pass
    pgid_file = os.path.join(case_dir, "pgids")
    if worker_groups and os.path.exists(pgid_file):
        with open(pgid_file) as fh:
            for line in fh:
                if line.strip():
                    _signal_group(int(line), signal.SIGKILL)


def main(argv: list[str]) -> None:
    if len(argv) >= 3 and argv[0] == "_case":
        case, case_dir = argv[1], argv[2]
        result = run_case(case, case_dir)
        with open(os.path.join(case_dir, "result.json.tmp"), "w") as fh:
            json.dump(result, fh)
        os.replace(os.path.join(case_dir, "result.json.tmp"), os.path.join(case_dir, "result.json"))
        return
    if len(argv) >= 5 and argv[0] == "_worker":
        case, case_dir, n_workers, index = argv[1], argv[2], int(argv[3]), int(argv[4])
        Runner(case, case_dir).run_worker(n_workers, index)
        return
    json.dump(orchestrate(), sys.stdout, indent=2)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(sys.argv[1:])
