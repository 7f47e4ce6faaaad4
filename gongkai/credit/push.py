"""The push to the credit platform (信用中国 / the provincial platform) through the outbox.

DESIGN.md §6: retries with back-off, an idempotency key per record, nothing lost or sent twice
when the receiver fails or the process is killed. How:

1. `enqueue`: every current, not taken-down record version without `pushed_at` gets a PushEntry
   whose key is sha256(agency USCC, kind, natural key, version): the same version always has the
   same key, a new version (re-import with changes) a new one. Pending entries of versions that
   stopped being current, or were taken down, become superseded: the platform gets the newest state.
2. claim, through the transition kernel (`credit.push`, org/transitions.py): the actor's permission
   (the system, i.e. the job and `gongkai push_credit`; or a member of staff whose roles carry
   `credit.change_pushentry`, who then pushes only their own agency's entries), then in one transaction
   up to BATCH_SIZE due entries still pending are locked (row locks skipped by others on PostgreSQL;
   SQLite's IMMEDIATE transactions queue writers), checked again, and, *before sending*, their attempt is
   counted and next_attempt_at moved past the back-off; the batch's audit entry is written in that
   transaction. A run killed after this point leaves entries that simply come due again later; two runs
   never send the same entry at once.
3. send (the transition's `after_run` work, once the claim's transaction has closed): one JSON batch `{"batch_id", "records": [{"idempotency_key", "kind", "version", "fields"}]}`
   by HTTP POST (header `Idempotency-Key: <batch_id>`, timeout) or as one file in a drop folder
   (written under a hidden `.partial` name, fsynced and renamed, so a reader sees whole files only).
4. only after the receiver acknowledged (HTTP 2xx; if the answer is JSON with an "accepted" list,
   just those keys) are entries marked delivered and the records' pushed_at set, in one transaction.
   The receiver de-duplicates on the record keys, so a batch resent after a crash between 3 and 4
   ends with every record there exactly once. The batch id is a digest of its members' keys, so
   the same batch resent carries the same batch key too.

What counts as an acknowledgement, and what is written down: only a 2xx answer to the POST itself.
A redirect is never followed (urllib would repeat a POST as a GET and take a login page's 200 as
delivery) and, like any other answer, fails the batch. The records carry natural persons' ID
numbers, so the endpoint must be https:// (plain http:// only to this machine, for a local relay
or a test receiver), checked when the configuration is made. A token in the endpoint (user:password@,
?token=) is sent but never written: the audit log and the alerts name the endpoint by scheme, host
and path only, and a failure by its status code and class, never by the receiver's answer.

Back-off: 1, 2, 4, 8 … minutes after each failed attempt, at most 12 hours, and never shorter than
four times the HTTP timeout (so an entry still in flight is not claimed by another run).
Deadline: the data are due at the 发改委 within 5 working days of the decision
(core.publicity.push_due); entries go oldest first and a run reports how many are already late.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import http.client
import json
import os
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from gongkai.core.publicity import push_due
from gongkai.core.workdays import UnknownCalendarYear
from gongkai.credit.models import LicenseRecord, PenaltyRecord, PushEntry
from gongkai.credit.template import template_fields
from gongkai.holidays.calendar import current_calendar
from gongkai.org.audit import record as audit
from gongkai.org.models import Agency, AdminAlert
from gongkai.org.scoping import scope_of
from gongkai.org.transitions import Transition, register

MODELS = {"penalty": PenaltyRecord, "license": LicenseRecord}
KIND_LABELS = {"penalty": "行政处罚", "license": "行政许可"}
DEFAULT_BATCH_SIZE = 500
DEFAULT_TIMEOUT = 30.0
BACKOFF_BASE = dt.timedelta(minutes=1)
BACKOFF_CAP = dt.timedelta(hours=12)
STOP_AFTER_FAILED_BATCHES = 3  # a receiver that is down: stop the run instead of timing out batch after batch
ENQUEUE_CHUNK = 2000
ALERT_KEY = "credit-push-failing"
ALERT_AFTER_ATTEMPTS = 6
USER_AGENT = "gongkai-credit-push/1"


PUSH = register(Transition(
    "credit.push", "报送信用平台", "credit.PushEntry", "credit.change_pushentry",
    frozenset({PushEntry.State.PENDING}), unit_field=None, audit_action="export", system_may_run=True))


class PushNotConfigured(RuntimeError):
    """Neither an endpoint nor a drop folder is set, or both are (which one is meant?)."""


class DeliveryFailed(RuntimeError):
    """The receiver did not acknowledge the batch (HTTP error, timeout, refused, unwritable folder)."""


# --- the endpoint: where the records may go, and how it is named in writing -------------------------

LOOPBACK_HOSTS = ("127.0.0.1", "::1", "localhost")


def endpoint_without_secrets(endpoint: str) -> str:
    """scheme://host[:port]/path: what the audit log, alerts and messages may say about the endpoint."""
    parts = urllib.parse.urlsplit(endpoint)
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    try:
        port = f":{parts.port}" if parts.port else ""
    except ValueError:
        port = ""
    return urllib.parse.urlunsplit((parts.scheme, host + port, parts.path, "", ""))


def check_endpoint(endpoint: str) -> None:
    """Refuse (PushNotConfigured) an endpoint the ID numbers may not travel to: not https, except to loopback."""
    parts = urllib.parse.urlsplit(endpoint)
    shown = endpoint_without_secrets(endpoint)
    if parts.scheme == "https" and parts.hostname:
        return
    if parts.scheme == "http" and parts.hostname in LOOPBACK_HOSTS:
        return
    if parts.scheme == "http":
        raise PushNotConfigured(f"CREDIT_PUSH_ENDPOINT 须为 https:// 地址（报送数据含自然人身份证号，"
                                f"明文 http:// 仅允许本机地址）：{shown}")
    raise PushNotConfigured(f"CREDIT_PUSH_ENDPOINT 须为 https:// 地址：{shown}")


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect is an answer, not a delivery: returning None leaves the 3xx to fail as an HTTPError."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


def _answer_class(status: int) -> str:
    if 300 <= status < 400:
        return "接收方要求重定向，未跟随，不视为送达"
    if status in (401, 403):
        return "接收方拒绝认证"
    if 400 <= status < 500:
        return "接收方拒收请求"
    if status >= 500:
        return "接收方服务器错误"
    return "接收方应答不是成功状态"


# --- keys and back-off -----------------------------------------------------------------------------

def idempotency_key(agency_uscc: str, kind: str, natural_key: str, version: int) -> str:
    """The key of one record version: stable across runs and machines, new for a new version."""
    text = "\u001f".join((agency_uscc, kind, natural_key, str(version)))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def batch_id_for(keys: Iterable[str]) -> str:
    return hashlib.sha256("\n".join(sorted(keys)).encode("ascii")).hexdigest()


def retry_delay(attempts: int, timeout: float = DEFAULT_TIMEOUT) -> dt.timedelta:
    """How long an entry waits after its `attempts`-th attempt before it may be sent again."""
    grown = BACKOFF_BASE * (2 ** min(max(attempts - 1, 0), 20))
    return max(min(grown, BACKOFF_CAP), dt.timedelta(seconds=4 * timeout))


# --- configuration ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class PushConfig:
    endpoint: str = ""
    drop_dir: str = ""
    batch_size: int = DEFAULT_BATCH_SIZE
    timeout: float = DEFAULT_TIMEOUT

    def __post_init__(self):
        if self.endpoint:
            check_endpoint(self.endpoint)

    @property
    def target(self) -> str:
        """Where the push goes, as the audit log may name it (no credentials)."""
        return endpoint_without_secrets(self.endpoint) if self.endpoint else self.drop_dir

    @classmethod
    def from_settings(cls, **overrides) -> PushConfig:
        values = {
            "endpoint": getattr(settings, "CREDIT_PUSH_ENDPOINT", "") or "",
            "drop_dir": str(getattr(settings, "CREDIT_PUSH_DROP_DIR", "") or ""),
            "batch_size": int(getattr(settings, "CREDIT_PUSH_BATCH_SIZE", DEFAULT_BATCH_SIZE)),
            "timeout": float(getattr(settings, "CREDIT_PUSH_TIMEOUT", DEFAULT_TIMEOUT)),
        }
        values.update({name: value for name, value in overrides.items() if value not in (None, "")})
        return cls(**values)

    def transport(self) -> Callable[[dict], set[str]]:
        if self.endpoint and self.drop_dir:
            raise PushNotConfigured("CREDIT_PUSH_ENDPOINT 与 CREDIT_PUSH_DROP_DIR 只能设置一个")
        if self.endpoint:
            return HttpTransport(self.endpoint, self.timeout)
        if self.drop_dir:
            return DropFolderTransport(Path(self.drop_dir))
        raise PushNotConfigured("未配置报送方式：请设置 CREDIT_PUSH_ENDPOINT（接口地址）或 CREDIT_PUSH_DROP_DIR（交换目录）")


# --- transports: take a batch, return the acknowledged keys or raise DeliveryFailed ----------------

class HttpTransport:
    """POST the batch as JSON with urllib (stdlib only); only a 2xx answer to the POST is the acknowledgement."""

    def __init__(self, endpoint: str, timeout: float):
        check_endpoint(endpoint)
        parts = urllib.parse.urlsplit(endpoint)
        self.authorization = ""
        if parts.username is not None:  # user:password@ in the setting: sent as Basic auth, never in the URL
            credentials = f"{urllib.parse.unquote(parts.username)}:{urllib.parse.unquote(parts.password or '')}"
            self.authorization = "Basic " + base64.b64encode(credentials.encode("utf-8")).decode("ascii")
            netloc = parts.netloc.rpartition("@")[2]
            endpoint = urllib.parse.urlunsplit((parts.scheme, netloc, parts.path, parts.query, ""))
        self.endpoint, self.timeout = endpoint, timeout
        self.opener = urllib.request.build_opener(_NoRedirects)

    def __call__(self, batch: dict) -> set[str]:
        body = json.dumps(batch, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        headers = {"Content-Type": "application/json; charset=utf-8", "Idempotency-Key": batch["batch_id"],
                   "User-Agent": USER_AGENT}
        if self.authorization:
            headers["Authorization"] = self.authorization
        request = urllib.request.Request(self.endpoint, data=body, method="POST", headers=headers)
        keys = {record["idempotency_key"] for record in batch["records"]}
        try:
            with self.opener.open(request, timeout=self.timeout) as response:
                status = response.status
                answer = response.read(1 << 20)
        except urllib.error.HTTPError as exc:  # every non-2xx answer, redirects included
            exc.close()
            raise DeliveryFailed(f"HTTP {exc.code}：{_answer_class(exc.code)}") from None
        except (urllib.error.URLError, http.client.HTTPException, OSError) as exc:  # timeouts are OSError
            reason = getattr(exc, "reason", exc)
            # the socket's own words ("Connection refused", "timed out"); never a message quoting the URL
            said = (reason.strerror or str(reason)) if isinstance(reason, OSError) else type(reason).__name__
            raise DeliveryFailed(f"连接失败或超时：{said}") from None
        if not 200 <= status < 300:
            raise DeliveryFailed(f"HTTP {status}：{_answer_class(status)}")
        return acknowledged_keys(answer, keys)


def acknowledged_keys(answer: bytes, keys: set[str]) -> set[str]:
    """A 2xx answer acknowledges the whole batch, unless it is JSON naming the accepted keys."""
    try:
        parsed = json.loads(answer) if answer.strip() else None
    except ValueError:
        return keys
    if isinstance(parsed, dict) and isinstance(parsed.get("accepted"), list):
        return keys & {str(key) for key in parsed["accepted"]}
    return keys


class DropFolderTransport:
    """One JSON file per batch in an exchange folder; the rename is the acknowledgement.

    Named credit-<UTC time>-<batch id prefix>.json so a reader taking files in name order takes
    them in the order sent; a resent batch (after a crash) is a new file with the same record keys."""

    def __init__(self, folder: Path):
        self.folder = folder

    def __call__(self, batch: dict) -> set[str]:
        stamp = timezone.now().strftime("%Y%m%dT%H%M%S%fZ")
        name = f"credit-{stamp}-{batch['batch_id'][:16]}.json"
        partial = self.folder / f".{name}.partial"
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            with open(partial, "w", encoding="utf-8") as handle:
                json.dump(batch, handle, ensure_ascii=False, separators=(",", ":"))
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(partial, self.folder / name)
            directory = os.open(self.folder, os.O_RDONLY)
            try:
                os.fsync(directory)
            finally:
                os.close(directory)
        except OSError as exc:
            partial.unlink(missing_ok=True)
            raise DeliveryFailed(f"无法写入交换目录：{exc}") from None
        return {record["idempotency_key"] for record in batch["records"]}


# --- the outbox steps ------------------------------------------------------------------------------

def agencies_in_reach(user) -> list[int]:
    """The agencies whose outbox `user` pushes: every agency for the system (None) and superusers, else their own."""
    agencies = Agency.objects.order_by("id")
    if user is not None:
        scope = scope_of(user)
        if not scope.everything:
            agencies = agencies.filter(pk=scope.agency_id) if scope.agency_id else agencies.none()
    return list(agencies.values_list("id", flat=True))


def enqueue(now: dt.datetime | None = None, *, agencies: list[int] | None = None) -> tuple[int, int]:
    """Give every undelivered current version an entry; supersede entries of versions no longer wanted.

    `agencies`: only these agencies' records (default every agency). Returns (entries added, entries
    superseded). Safe to run any number of times."""
    now = now or timezone.now()
    added = superseded = 0
    # Naming the agencies lets the (agency, pushed_at) index find the unpushed records, and NOT EXISTS
    # probes the outbox per record: both stay small however many records were pushed before.
    if agencies is None:
        agencies = list(Agency.objects.values_list("id", flat=True))
    for kind, model in MODELS.items():
        queued = PushEntry.objects.filter(kind=kind, record_id=OuterRef("id"))
        waiting = (model.objects.filter(agency_id__in=agencies, is_current=True, pushed_at__isnull=True,
                                        withdrawn_at__isnull=True)
                   .filter(~Exists(queued)).order_by("id")
                   .values_list("id", "agency_id", "agency__uscc", "natural_key", "version"))
        chunk: list[PushEntry] = []
        for record_id, agency_id, uscc, natural_key, version in waiting.iterator(chunk_size=ENQUEUE_CHUNK):
            chunk.append(PushEntry(kind=kind, agency_id=agency_id, record_id=record_id, natural_key=natural_key,
                                   version=version, next_attempt_at=now,
                                   idempotency_key=idempotency_key(uscc, kind, natural_key, version)))
            if len(chunk) >= ENQUEUE_CHUNK:
                added += _insert(chunk)
                chunk = []
        added += _insert(chunk)
        no_longer_wanted = model.objects.filter(Q(is_current=False) | Q(withdrawn_at__isnull=False),
                                                id=OuterRef("record_id"))
        superseded += PushEntry.objects.filter(
            Exists(no_longer_wanted), kind=kind, state=PushEntry.State.PENDING, agency_id__in=agencies,
        ).update(state=PushEntry.State.SUPERSEDED, last_error="已有新版本或记录已撤下，不再报送此版本")
    return added, superseded


def _insert(entries: list[PushEntry]) -> int:
    if not entries:
        return 0
    with transaction.atomic():
        PushEntry.objects.bulk_create(entries, ignore_conflicts=True)  # a concurrent run may have queued some
    return len(entries)


def count_attempt(entries: list[PushEntry], timeout: float, now: dt.datetime) -> str:
    """Before anything is sent: count the attempt and move each entry past its back-off. Returns the batch id."""
    batch_id = batch_id_for(entry.idempotency_key for entry in entries)
    by_attempts: dict[int, list[int]] = {}
    for entry in entries:
        entry.attempts += 1
        entry.last_attempt_at = now
        entry.next_attempt_at = now + retry_delay(entry.attempts, timeout)
        entry.last_batch_id = batch_id
        by_attempts.setdefault(entry.attempts, []).append(entry.id)
    # One UPDATE per attempt count (usually one): bulk_update's CASE per row cost seconds a batch.
    for attempts, ids in by_attempts.items():
        PushEntry.objects.filter(id__in=ids).update(
            attempts=attempts, last_attempt_at=now, next_attempt_at=now + retry_delay(attempts, timeout),
            last_batch_id=batch_id)
    return batch_id


def _audit_batch(step, entries: list[PushEntry], target: str) -> None:
    """The batch's audit entry, one per agency in it (each agency's log shows its own records going out)."""
    by_agency: dict[int, dict[str, int]] = {}
    for entry in entries:
        kinds = by_agency.setdefault(entry.agency_id, {})
        kinds[entry.kind] = kinds.get(entry.kind, 0) + 1
    batch_id = entries[0].last_batch_id
    for agency_id, kinds in sorted(by_agency.items()):
        counted = "、".join(f"{KIND_LABELS[kind]}{number}条" for kind, number in sorted(kinds.items()))
        step.audit(f"报送批次{batch_id[:12]}：{counted}，发往{target}", agency=Agency(pk=agency_id),
                   object_repr="信用平台报送批次",
                   after={"batch_id": batch_id, "records": kinds, "target": target,
                          "attempts": max(entry.attempts for entry in entries if entry.agency_id == agency_id)})


@dataclass
class BatchOutcome:
    """What became of one claimed batch: delivered keys counted, or the reason it failed."""

    claimed: int = 0
    delivered: int = 0
    error: str = ""


def push_batch(config: PushConfig, send: Callable[[dict], set[str]], *, user=None,
               now: Callable[[], dt.datetime] = timezone.now,
               after_send: Callable[[dict], None] | None = None) -> BatchOutcome | None:
    """Claim one batch through the `credit.push` transition and send it once the claim has closed.

    None when nothing is due in the actor's reach. The send is the transition's `after_run` work: the
    claim (attempt counted, audit entry) is settled before a byte leaves, and the receiver's answer is
    recorded in its own transaction (`mark_delivered`, `mark_failed`)."""
    due = PushEntry.objects.filter(next_attempt_at__lte=now()).order_by("id")
    outcome = BatchOutcome()
    with PUSH.run_batch(due, user, limit=config.batch_size) as step:
        entries = step.objs
        if not entries:
            return None
        count_attempt(entries, config.timeout, now())
        batch = build_batch(entries, now())
        _audit_batch(step, entries, config.target)
        outcome.claimed = len(entries)

        def send_and_record():
            try:
                keys = send(batch)
            except DeliveryFailed as exc:
                mark_failed(entries, str(exc))
                outcome.error = str(exc)
                return
            if after_send is not None:
                after_send(batch)
            outcome.delivered = mark_delivered(entries, keys, now())

        step.after_run(send_and_record)
    return outcome


def build_batch(entries: list[PushEntry], now: dt.datetime | None = None) -> dict:
    """The JSON body: the batch id and each record version with its key and its template fields."""
    stored: dict[tuple[str, int], dict] = {}
    for kind in {entry.kind for entry in entries}:
        ids = [entry.record_id for entry in entries if entry.kind == kind]
        for record_id, fields in MODELS[kind].objects.filter(id__in=ids).values_list("id", "fields"):
            stored[kind, record_id] = fields
    return {
        "batch_id": entries[0].last_batch_id,
        "sent_at": (now or timezone.now()).isoformat(),
        "count": len(entries),
        "records": [{"idempotency_key": entry.idempotency_key, "kind": entry.kind, "version": entry.version,
                     "fields": template_fields(entry.kind, stored[entry.kind, entry.record_id])}
                    for entry in entries],
    }


def mark_delivered(entries: list[PushEntry], keys: set[str], now: dt.datetime | None = None) -> int:
    """Record the acknowledgement: entries delivered and their records' pushed_at, together or not at all."""
    now = now or timezone.now()
    done = [entry for entry in entries if entry.idempotency_key in keys]
    with transaction.atomic():
        PushEntry.objects.filter(id__in=[entry.id for entry in done]).exclude(state=PushEntry.State.DELIVERED).update(
            state=PushEntry.State.DELIVERED, delivered_at=now, last_error="")
        for kind, model in MODELS.items():
            ids = [entry.record_id for entry in done if entry.kind == kind]
            if ids:
                model.objects.filter(id__in=ids, pushed_at__isnull=True).update(pushed_at=now)
        refused = [entry.id for entry in entries if entry.idempotency_key not in keys]
        if refused:
            PushEntry.objects.filter(id__in=refused).update(last_error="接收方未确认此条（应答中未列出）")
    return len(done)


def mark_failed(entries: list[PushEntry], error: str) -> None:
    PushEntry.objects.filter(id__in=[entry.id for entry in entries], state=PushEntry.State.PENDING).update(
        last_error=error[:2000])


# --- one run ---------------------------------------------------------------------------------------

@dataclass
class PushResult:
    enqueued: int = 0
    superseded: int = 0
    batches: int = 0
    delivered: int = 0
    failed_batches: int = 0
    errors: list[str] = field(default_factory=list)
    pending: int = 0
    overdue: int = 0
    retry_at: dt.datetime | None = None
    claimed_any: bool = False

    def summary(self) -> str:
        text = (f"信用平台报送：新入队{self.enqueued}条，送达{self.delivered}条（{self.batches}批），"
                f"失败{self.failed_batches}批，待报送{self.pending}条")
        if self.overdue:
            text += f"，其中{self.overdue}条已超过决定后5个工作日的报送期限"
        if self.superseded:
            text += f"，{self.superseded}条旧版本不再报送"
        if self.errors:
            text += f"；最近错误：{self.errors[-1]}"
        if self.retry_at:
            text += f"；下次重试：{timezone.localtime(self.retry_at):%Y-%m-%d %H:%M}"
        return text


def push_once(config: PushConfig | None = None, *, user=None, now: Callable[[], dt.datetime] = timezone.now,
              transport: Callable[[dict], set[str]] | None = None,
              after_send: Callable[[dict], None] | None = None, max_batches: int | None = None) -> PushResult:
    """One push run: enqueue, then send due entries batch by batch until none is due or the receiver is down.

    `user=None` is the system (the scheduled job, `gongkai push_credit`); a member of staff needs the
    `credit.push` transition's permission and pushes their own agency's records only (TransitionRefused
    before anything is queued or sent). `after_send` is called with each batch after the receiver
    acknowledged it and before the acknowledgement is recorded: the tests raise in it to play a sender
    killed at that moment."""
    config = config or PushConfig.from_settings()
    send = transport or config.transport()
    PUSH.check_permission(user)
    result = PushResult()
    result.enqueued, result.superseded = enqueue(now(), agencies=agencies_in_reach(user))
    failed_in_a_row = 0
    while max_batches is None or result.batches + result.failed_batches < max_batches:
        outcome = push_batch(config, send, user=user, now=now, after_send=after_send)
        if outcome is None:
            break
        result.claimed_any = True
        if outcome.error:
            result.failed_batches += 1
            result.errors.append(outcome.error)
            failed_in_a_row += 1
            if failed_in_a_row >= STOP_AFTER_FAILED_BATCHES:
                break
            continue
        failed_in_a_row = 0
        result.delivered += outcome.delivered
        result.batches += 1
    _finish(result, now(), agencies_in_reach(user) if user is not None else None)
    if result.delivered or result.failed_batches:
        audit("export", None, actor=user, object_repr="信用平台报送",
              summary=result.summary(),
              after={"delivered": result.delivered, "batches": result.batches, "failed_batches": result.failed_batches,
                     "pending": result.pending, "target": config.target})
    return result


def _finish(result: PushResult, now: dt.datetime, agencies: list[int] | None = None) -> None:
    """Counts for the summary (of `agencies`, default all), the time of the next retry, and the
    administrators' alert (about the whole outbox, whoever ran the push)."""
    every_pending = PushEntry.objects.filter(state=PushEntry.State.PENDING)
    pending = every_pending if agencies is None else every_pending.filter(agency_id__in=agencies)
    result.pending = pending.count()
    result.retry_at = pending.order_by("next_attempt_at").values_list("next_attempt_at", flat=True).first()
    if result.pending:
        calendar, today = current_calendar(), timezone.localdate(now)
        for kind, model in MODELS.items():
            by_day = (model.objects.filter(id__in=pending.filter(kind=kind).values("record_id")).order_by()
                      .values("decided_on").annotate(n=Count("id")).values_list("decided_on", "n"))
            for day, number in by_day:
                try:
                    late = push_due(day, calendar) < today
                except UnknownCalendarYear:
                    late = False  # the calendar check job already warns about a missing year
                if late:
                    result.overdue += number
    failing = every_pending.filter(attempts__gte=ALERT_AFTER_ATTEMPTS).count()
    if failing:
        AdminAlert.objects.update_or_create(key=ALERT_KEY, defaults={
            "level": AdminAlert.Level.WARNING, "resolved_at": None,
            "message": f"信用平台报送已连续失败：{failing}条记录尝试{ALERT_AFTER_ATTEMPTS}次以上仍未送达。"
                       f"最近错误：{result.errors[-1] if result.errors else '见报送队列'}"})
    else:
        AdminAlert.objects.filter(key=ALERT_KEY, resolved_at__isnull=True).update(resolved_at=now)


def outbox_counts() -> dict[str, int]:
    """Entries per state, for the command's report."""
    counts = dict.fromkeys(PushEntry.State.values, 0)
    counts.update(PushEntry.objects.order_by().values_list("state").annotate(n=Count("id")))
    return counts
