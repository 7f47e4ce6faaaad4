"""The daily calendar check runs end to end through the job runner: scheduled, queued, executed."""

import datetime as dt
import os
import signal
import subprocess
import sys
import time

import pytest
from django.db import connection
from django.utils import timezone

from gongkai.holidays.tasks import daily_calendar_check
from gongkai.org.models import AdminAlert

# `gongkai` travelled to the instant in argv[1]: the worker then runs on the test's day (the session's
# pinned day or a date_sensitive one, tests/conftest.py), which would not reach another process.
GONGKAI_ON_THE_TESTS_DAY = (
    "import sys, time_machine; time_machine.travel(sys.argv[1], tick=True).start();"
    "from gongkai.cli import main; main(['gongkai', *sys.argv[2:]])"
)


def test_the_job_is_scheduled_daily_at_half_past_seven():
    assert daily_calendar_check.s().validate_datetime(dt.datetime(2026, 12, 1, 7, 30))
    assert not daily_calendar_check.s().validate_datetime(dt.datetime(2026, 12, 1, 8, 30))


def database_url_of_test_db() -> str:
    params = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{params['NAME']}"
    return f"postgresql://{params['USER']}@{params['HOST']}:{params['PORT'] or 5432}/{params['NAME']}"


@pytest.mark.django_db(transaction=True)
@pytest.mark.date_sensitive
def test_a_worker_process_runs_the_queued_job(tmp_path):
    """Enqueue into a real (SQLite-stored) queue; a `gongkai run_huey` process picks it up."""
    env = dict(os.environ, GONGKAI_VAR_DIR=str(tmp_path), DATABASE_URL=database_url_of_test_db(), HUEY_IMMEDIATE="0")
    env.pop("PYTEST_VERSION", None)
    enqueue = (
        "import django; django.setup();"
        "from gongkai.holidays import tasks;"
        "tasks.daily_calendar_check()"  # not immediate: this only puts it in the queue
    )
    subprocess.run([sys.executable, "-c", enqueue], env=dict(env, DJANGO_SETTINGS_MODULE="gongkai.config.settings"),
                   check=True, timeout=60)
    assert (tmp_path / "huey.sqlite3").exists()
    worker = subprocess.Popen([sys.executable, "-c", GONGKAI_ON_THE_TESTS_DAY, timezone.now().isoformat(),
                               "run_huey", "--no-periodic", "--workers", "1"], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 120  # a wait for the worker, not a speed check: a loaded machine starts it slowly
        while time.monotonic() < deadline and not _queue_empty(tmp_path):
            time.sleep(0.3)
    finally:
        worker.send_signal(signal.SIGINT)  # graceful: the consumer lets the running job finish
        output = worker.communicate(timeout=30)[0]
    assert "Executing gongkai.holidays.tasks.daily_calendar_check" in output, output
    assert _queue_empty(tmp_path), output
    # The worker ran on the test's day: before 1 December, or from then on with next year unknown.
    today = timezone.localdate()
    open_alerts = AdminAlert.objects.filter(resolved_at__isnull=True, key=f"calendar-missing-{today.year + 1}")
    from gongkai.core.workdays import package_calendar

    expected = (today.month, today.day) >= (12, 1) and not package_calendar().knows(today.year + 1)
    assert open_alerts.exists() == expected


def _queue_empty(tmp_path) -> bool:
    import sqlite3

    with sqlite3.connect(tmp_path / "huey.sqlite3") as db:
        return db.execute("SELECT COUNT(*) FROM task").fetchone()[0] == 0
