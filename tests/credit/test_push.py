"""Push to the credit platform through the outbox: failures, timeouts and a killed sender end with every record once.

The receiver is a real HTTP server on 127.0.0.1 (random port) in a thread; it de-duplicates by
idempotency key as a real receiver must. Nothing here talks to another machine.
"""

import datetime as dt
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import call_command
from django.utils import timezone

from gongkai.core.credit_fields import PENALTY_FIELDS
from gongkai.credit import push
from gongkai.credit.importing import import_file
from gongkai.credit.models import PenaltyRecord, PushEntry
from gongkai.credit.push import PushConfig, enqueue, idempotency_key, push_once, retry_delay
from gongkai.credit.samples import RowFactory, rows, write_csv

TIMEOUT = 0.5


class Receiver:
    """A credit platform stand-in. `plan` says what the next requests get: "500", "timeout" (answers only
    after the sender gave up, but keeps the records, as a slow real server would) or "ok" (the default)."""

    def __init__(self, plan=()):
        self.plan = list(plan)
        self.stored: dict[str, dict] = {}  # idempotency key -> record, the de-duplicated store
        self.receptions: list[str] = []  # every key as it arrived, duplicates included
        self.batch_headers: list[str] = []
        self.requests = 0
        self.busy = 0
        self.lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                with receiver.lock:
                    receiver.busy += 1
                    receiver.requests += 1
                    action = receiver.plan.pop(0) if receiver.plan else "ok"
                try:
                    body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                    receiver.batch_headers.append(self.headers["Idempotency-Key"])
                    if action == "500":
                        self._answer(500, {"error": "内部错误"})
                        return
                    if action == "timeout":
                        time.sleep(TIMEOUT * 3)
                    with receiver.lock:
                        for record in body["records"]:
                            receiver.receptions.append(record["idempotency_key"])
                            receiver.stored.setdefault(record["idempotency_key"], record)
                    self._answer(200, {"accepted": [r["idempotency_key"] for r in body["records"]]})
                finally:
                    with receiver.lock:
                        receiver.busy -= 1

            def _answer(self, status, payload):
                try:
                    data = json.dumps(payload).encode()
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the sender timed out and left

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/credit"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.settle()
        self.server.shutdown()
        self.server.server_close()

    def settle(self, seconds=10):
        """Wait for requests still being handled (the one the sender timed out on)."""
        deadline = time.monotonic() + seconds
        while self.busy and time.monotonic() < deadline:
            time.sleep(0.02)


class Clock:
    """Wall time plus an offset, so a test can step past back-off periods without sleeping."""

    def __init__(self):
        self.offset = dt.timedelta()

    def __call__(self):
        return timezone.now() + self.offset

    def advance(self, **delta):
        self.offset += dt.timedelta(**delta)


class SenderKilled(Exception):
    pass


@pytest.fixture
def factory(demo_bureau):
    return RowFactory(demo_bureau.name, demo_bureau.uscc, seed=11)


def load(tmp_path, demo_bureau, factory, count, name="p.csv", first=0, change=()):
    data = list(rows(factory, "penalty", count, first=first))
    data = [{**row, "CF_SY": row["CF_SY"] + "（更正）"} if i in change else row for i, row in enumerate(data)]
    import_file(write_csv(tmp_path / name, "penalty", data), agency=demo_bureau, kind="penalty")
    return data


def current_keys(demo_bureau):
    return {idempotency_key(demo_bureau.uscc, "penalty", natural_key, version)
            for natural_key, version in PenaltyRecord.objects.filter(is_current=True).values_list("natural_key", "version")}


@pytest.mark.django_db
def test_failures_a_timeout_and_a_killed_sender_end_with_every_record_exactly_once(tmp_path, demo_bureau, factory):
    load(tmp_path, demo_bureau, factory, 25)
    clock = Clock()
    with Receiver(plan=["500", "500", "timeout"]) as receiver:
        config = PushConfig(endpoint=receiver.url, batch_size=10, timeout=TIMEOUT)

        first = push_once(config, now=clock)  # 500, 500, then a timeout: three failures, the run stops
        assert (first.delivered, first.failed_batches, first.pending) == (0, 3, 25)
        assert "HTTP 500" in first.errors[0] and "超时" in first.errors[2]
        assert set(PushEntry.objects.values_list("attempts", flat=True)) == {1}
        assert push_once(config, now=clock).batches == 0  # nothing is due during the back-off
        receiver.settle()
        assert len(receiver.stored) == 5  # the timed-out batch did arrive; the sender cannot know

        clock.advance(seconds=61)

        def killed(batch):
            raise SenderKilled  # the POST returned 200, the process dies before recording it

        with pytest.raises(SenderKilled):
            push_once(config, now=clock, after_send=killed)
        assert len(receiver.stored) == 15
        assert not PushEntry.objects.filter(state=PushEntry.State.DELIVERED).exists()
        assert not PenaltyRecord.objects.filter(pushed_at__isnull=False).exists()

        clock.advance(seconds=121)
        last = push_once(config, now=clock)
        assert (last.delivered, last.failed_batches, last.pending) == (25, 0, 0)
        assert push_once(config, now=clock).batches == 0

    keys = current_keys(demo_bureau)
    assert set(receiver.stored) == keys and len(receiver.stored) == 25  # every record, once by key
    assert len(receiver.receptions) > 25  # resends did happen and were absorbed by the key
    assert all(len(header) == 64 for header in receiver.batch_headers)
    assert PushEntry.objects.filter(state=PushEntry.State.DELIVERED).count() == 25
    assert not PushEntry.objects.exclude(state=PushEntry.State.DELIVERED).exists()
    assert not PenaltyRecord.objects.filter(is_current=True, pushed_at__isnull=True).exists()
    record = next(iter(receiver.stored.values()))
    assert record["kind"] == "penalty" and record["version"] == 1
    assert list(record["fields"]) == [s.code for s in PENALTY_FIELDS if s.code in record["fields"]]  # standard order
    assert "/" in record["fields"]["CF_JDRQ"]  # YYYY/MM/DD as in the template
    assert push_once(config, now=clock).enqueued == 0  # delivered records are not queued again


@pytest.mark.django_db
def test_backoff_grows_with_each_failed_attempt(tmp_path, demo_bureau, factory):
    load(tmp_path, demo_bureau, factory, 3)
    clock = Clock()
    gaps = []
    with Receiver(plan=["500"] * 5) as receiver:
        config = PushConfig(endpoint=receiver.url, batch_size=10, timeout=TIMEOUT)
        for _ in range(5):
            assert push_once(config, now=clock).failed_batches == 1
            entry = PushEntry.objects.first()
            gaps.append(entry.next_attempt_at - entry.last_attempt_at)
            clock.offset = entry.next_attempt_at - timezone.now() + dt.timedelta(seconds=1)
        assert push_once(config, now=clock).delivered == 3
    assert [gap.total_seconds() for gap in gaps] == [60, 120, 240, 480, 960]
    assert PushEntry.objects.first().attempts == 6
    assert retry_delay(40) == dt.timedelta(hours=12)  # capped
    assert retry_delay(1, timeout=60) == dt.timedelta(minutes=4)  # never shorter than 4x the timeout


@pytest.mark.django_db
def test_drop_folder_holds_whole_files_only(tmp_path, demo_bureau, factory, monkeypatch):
    load(tmp_path, demo_bureau, factory, 12)
    drop = tmp_path / "drop"
    config = PushConfig(drop_dir=str(drop), batch_size=5)
    real_fsync = push.os.fsync
    calls = {"n": 0}

    def failing_fsync(fd):  # the disk fails while the second batch's file is being written (2 fsyncs a batch)
        calls["n"] += 1
        if calls["n"] == 3:
            raise OSError("磁盘已满")
        real_fsync(fd)

    monkeypatch.setattr(push.os, "fsync", failing_fsync)
    clock = Clock()
    first = push_once(config, now=clock)
    assert (first.delivered, first.failed_batches) == (7, 1) and "磁盘已满" in first.errors[0]
    assert sorted(p.name for p in drop.iterdir() if p.name.startswith(".")) == []  # no partial file left
    monkeypatch.setattr(push.os, "fsync", real_fsync)
    clock.advance(minutes=2)
    assert push_once(config, now=clock).delivered == 5

    files = sorted(drop.iterdir())
    assert all(p.name.startswith("credit-") and p.suffix == ".json" for p in files)
    keys = []
    for path in files:
        batch = json.loads(path.read_text(encoding="utf-8"))  # every visible file parses whole
        assert batch["count"] == len(batch["records"]) and len(batch["batch_id"]) == 64
        keys += [record["idempotency_key"] for record in batch["records"]]
    assert sorted(keys) == sorted(current_keys(demo_bureau))
    assert PushEntry.objects.filter(state=PushEntry.State.DELIVERED).count() == 12


@pytest.mark.django_db
def test_a_changed_record_is_pushed_again_as_its_new_version(tmp_path, demo_bureau, factory):
    load(tmp_path, demo_bureau, factory, 6)
    with Receiver() as receiver:
        config = PushConfig(endpoint=receiver.url, batch_size=50, timeout=TIMEOUT)
        assert push_once(config).delivered == 6
        load(tmp_path, demo_bureau, factory, 6, name="again.csv", change={2})
        again = push_once(config)
        assert (again.enqueued, again.delivered) == (1, 1)
    assert len(receiver.stored) == 7
    newest = PenaltyRecord.objects.get(is_current=True, version=2)
    sent = receiver.stored[idempotency_key(demo_bureau.uscc, "penalty", newest.natural_key, 2)]
    assert sent["version"] == 2 and sent["fields"]["CF_SY"].endswith("（更正）")
    assert newest.pushed_at is not None


@pytest.mark.django_db
def test_a_version_replaced_before_delivery_is_not_sent(tmp_path, demo_bureau, factory):
    load(tmp_path, demo_bureau, factory, 4)
    assert enqueue() == (4, 0)
    load(tmp_path, demo_bureau, factory, 4, name="again.csv", change={0})
    with Receiver() as receiver:
        result = push_once(PushConfig(endpoint=receiver.url, timeout=TIMEOUT))
    assert (result.superseded, result.delivered) == (1, 4)
    assert PushEntry.objects.filter(state=PushEntry.State.SUPERSEDED, version=1).count() == 1
    assert set(receiver.stored) == current_keys(demo_bureau)


@pytest.mark.django_db
def test_idempotency_key_is_fixed_per_version():
    one = idempotency_key("11410100MB1234567X", "penalty", "文号\u001f相对人", 1)
    assert one == idempotency_key("11410100MB1234567X", "penalty", "文号\u001f相对人", 1)
    assert one != idempotency_key("11410100MB1234567X", "penalty", "文号\u001f相对人", 2)
    assert one != idempotency_key("11410100MB1234567X", "license", "文号\u001f相对人", 1)


@pytest.mark.django_db
def test_command_and_scheduled_job(tmp_path, demo_bureau, factory, settings, capsys):
    from gongkai.credit.tasks import scheduled_credit_push

    load(tmp_path, demo_bureau, factory, 3)
    settings.CREDIT_PUSH_ENDPOINT = ""
    settings.CREDIT_PUSH_DROP_DIR = ""
    with pytest.raises(SystemExit) as unconfigured:
        call_command("push_credit")
    assert unconfigured.value.code == 2
    call_command("push_credit", "--drop-dir", str(tmp_path / "by-hand"), "--max-batches", "1", "--batch-size", "2")
    assert "送达2条" in capsys.readouterr().out
    settings.CREDIT_PUSH_DROP_DIR = str(tmp_path / "scheduled")
    scheduled_credit_push.call_local()
    assert len(list((tmp_path / "scheduled").glob("credit-*.json"))) == 1
    assert not PushEntry.objects.exclude(state=PushEntry.State.DELIVERED).exists()


def test_schedule_is_monday_and_thursday_by_default():
    from gongkai.credit.tasks import scheduled_credit_push

    task = scheduled_credit_push.task_class()
    validate = task.validate_datetime
    assert validate(dt.datetime(2026, 1, 5, 2, 0))  # Monday 02:00
    assert validate(dt.datetime(2026, 1, 8, 2, 0))  # Thursday
    assert not validate(dt.datetime(2026, 1, 6, 2, 0))  # Tuesday


def test_the_schedule_runs_monday_and_thursday_at_two_and_retries_after_failed_batches():
    from gongkai.credit.tasks import follow_up_at, scheduled_push_times

    runs = list(scheduled_push_times(dt.date(2026, 11, 30), dt.date(2026, 12, 13)))  # two weeks from a Monday
    assert runs == [dt.datetime(2026, 11, 30, 2), dt.datetime(2026, 12, 3, 2),
                    dt.datetime(2026, 12, 7, 2), dt.datetime(2026, 12, 10, 2)]
    retry_at = timezone.now()
    failed = push.PushResult(failed_batches=1, retry_at=retry_at, claimed_any=True)
    assert follow_up_at(failed, follow_up=False) == retry_at
    assert follow_up_at(push.PushResult(failed_batches=1, retry_at=retry_at), follow_up=True) is None  # chain ends
    assert follow_up_at(push.PushResult(delivered=5), follow_up=False) is None
