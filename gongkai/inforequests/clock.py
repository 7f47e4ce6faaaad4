"""The one owner of a request's clock: its recorded facts turned into `core.clock.compute_deadline`.

Services, the overview, the letters, the reminders and the annual report's statistics all ask this
module, so what counts as a clock event (the recorded `RequestEvent`s, plus the delivery recorded
on the `Decision`, which ends the time limit under 国办公开办函〔2016〕235号) and which receipt
warning applies are decided once. The calendar is passed in explicitly (`RequestClock.current()`
reads the one in force); a missing holiday year is the clock's `pending` state, never an exception.

In bulk (`readings`) nothing is a model instance: the requests with their decisions are read in one
query as plain tuples (`RequestRow`), their events in a second one grouped by request, and
identical histories (same receipt day, same events, same delivery: most requests with no events at
all) are walked once, without explanation sentences, each with its working days left. The result
equals `deadline()` request by request (tests/inforequests/test_request_clock.py checks it on
random histories).
"""

from __future__ import annotations

import datetime as dt
import gc
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Iterable, Iterator, NamedTuple, Sequence

from django.db import connections
from django.utils import timezone

from gongkai.core import clock
from gongkai.core.receipt import receipt_warning
from gongkai.core.workdays import WorkCalendar
from gongkai.holidays.calendar import current_calendar
from gongkai.inforequests.models import Decision, InfoRequest, RequestEvent

__all__ = ["RequestClock", "Reading", "RequestRow", "DecisionRow", "delivery_event", "request_rows", "collector_paused"]

# Imported 台账 rows record the day the request was closed, not how the answer was served.
LEDGER_DELIVERY_METHOD = "ledger"

_EVENT_FIELDS = ("request_id", "kind", "on", "workdays", "deadline", "approved_by", "note")


class DecisionRow(NamedTuple):
    """What a bulk reading holds of a request's decision."""

    id: int
    category: str
    decided_on: dt.date
    delivered_on: dt.date | None
    delivery_channel: str

    @property
    def pk(self) -> int:
        return self.id


class RequestRow(NamedTuple):
    """What a bulk reading holds of a request: the clock's inputs and what lists, reminders and table 三
    show. Attribute names are the model's, so a list or a template reads it as it would read the
    request; anything else is one query away (`InfoRequest.objects.get(pk=row.pk)`). The decision's
    columns sit in the same row (one tuple per request as the database returns it)."""

    id: int
    number: str
    submitted_on: dt.date
    received_on: dt.date | None
    applicant_kind: str
    decision_id: int | None
    decision_category: str | None
    decision_decided_on: dt.date | None
    decision_delivered_on: dt.date | None
    decision_delivery_channel: str | None

    @property
    def pk(self) -> int:
        return self.id

    @property
    def decision(self) -> DecisionRow | None:
        if self.decision_id is None:
            return None
        return DecisionRow(self.decision_id, self.decision_category, self.decision_decided_on,
                           self.decision_delivered_on, self.decision_delivery_channel)


_ROW_COLUMNS = tuple(name.replace("decision_", "decision__", 1) for name in RequestRow._fields)


def delivery_event(decision: Decision | DecisionRow | None, until: dt.date | None = None) -> list[clock.ClockEvent]:
    """The delivery recorded on the decision as the clock's `delivered` event (235号); [] before it."""
    if decision is None or decision.delivered_on is None or (until is not None and decision.delivered_on > until):
        return []
    return [clock.ClockEvent(clock.EventKind.DELIVERED, decision.delivered_on,
                             method=decision.delivery_channel or LEDGER_DELIVERY_METHOD)]


def _decision_of(request: InfoRequest) -> Decision | None:
    try:
        return request.decision
    except Decision.DoesNotExist:
        return None


class Reading(NamedTuple):
    """One request's clock as a list shows it: the deadline (None before receipt is confirmed, or when
    the recorded history is impossible), working days left, and the refusals of an impossible history.
    (A named tuple: a bulk reading makes one per request.)"""

    request: InfoRequest | RequestRow  # a RequestRow when read in bulk
    deadline: clock.Deadline | None
    left: int | None
    problems: tuple[str, ...] = ()


@dataclass
class RequestClock:
    """The clock of requests on one calendar, as of one day."""

    calendar: WorkCalendar
    today: dt.date
    _memo: dict = field(default_factory=dict, repr=False)

    @classmethod
    def current(cls, today: dt.date | None = None) -> RequestClock:
        """On the calendar in force (holiday notices entered in the admin), as of `today` (default: now)."""
        return cls(calendar=current_calendar(), today=today or timezone.localdate())

    # One request ---------------------------------------------------------------------------------

    def events(self, request: InfoRequest, *, until: dt.date | None = None,
               recorded: Sequence[clock.ClockEvent] | None = None) -> list[clock.ClockEvent]:
        """The request's clock events up to `until`: the recorded ones (`recorded` when read in bulk,
        else the request's `events`) and the delivery on its decision."""
        if recorded is None:
            recorded = [event.to_clock_event() for event in request.events.all()]
        events = [event for event in recorded if until is None or event.on <= until]
        return events + delivery_event(_decision_of(request), until)

    def deadline(self, request: InfoRequest, *, until: dt.date | None = None, explain: bool = False,
                 recorded: Sequence[clock.ClockEvent] | None = None,
                 extra: Sequence[clock.ClockEvent] = ()) -> clock.Deadline | None:
        """Where the request's clock stands on `until` (default: today); None until receipt is confirmed.

        Raises `core.clock.InvalidClockEvents` for an impossible recorded history. `extra` adds
        events not yet stored (a service checking a new one).
        """
        if request.received_on is None:
            return None
        events = tuple(self.events(request, until=until, recorded=recorded)) + tuple(extra)
        warning = receipt_warning(request.channel, request.submitted_on, request.confirmed_on) \
            if request.submitted_on else None
        key = (request.received_on, events, warning, until or self.today, explain)
        if key not in self._memo:
            try:
                self._memo[key] = clock.compute_deadline(request.received_on, events, calendar=self.calendar,
                                                         today=until or self.today, explain=explain,
                                                         receipt_warning=warning)
            except clock.InvalidClockEvents as exc:
                self._memo[key] = exc
        result = self._memo[key]
        if isinstance(result, clock.InvalidClockEvents):
            raise result
        return result

    def problems(self, request: InfoRequest, new: Iterable[clock.ClockEvent]) -> list[str]:
        """Why the request's history plus `new` events cannot have happened (empty when it can)."""
        return clock.validate_events(request.received_on, self.events(request) + list(new), calendar=self.calendar)

    def left(self, deadline: clock.Deadline | None) -> int | None:
        """Working days from today to the due date (negative when overdue), for a running clock."""
        return clock.workdays_left(deadline, self.today, self.calendar) if deadline is not None else None

    # Many requests -------------------------------------------------------------------------------

    def readings(self, queryset, *, until: dt.date | None = None) -> list[Reading]:
        """The clock of every request in `queryset`, in no particular order: two queries, no model
        instances (`Reading.request` is a `RequestRow`), each distinct history walked once, the
        cyclic garbage collector paused."""
        today = until or self.today
        readings = []
        with collector_paused():
            events_of = _event_rows(queryset, until).get
            memo: dict[tuple, tuple] = {}
            known_for = memo.get
            append = readings.append
            no_events = ()
            for request in request_rows(queryset):
                received = request.received_on
                if received is None:
                    append(Reading(request, None, None))
                    continue
                delivered = no_events
                if request.decision_delivered_on is not None:
                    delivered = tuple(delivery_event(request.decision, until))
                key = (received, events_of(request.id, no_events), delivered)
                known = known_for(key)
                if known is None:
                    known = memo[key] = self._walk_once(*key, today, until)
                append(Reading(request, known[0], known[1], known[2]))
        return readings

    def _walk_once(self, received: dt.date, rows: tuple, delivered: tuple, today: dt.date,
                   until: dt.date | None) -> tuple:
        """(deadline, working days left, problems) of one distinct history, as `deadline()` gives it."""
        event = clock.ClockEvent
        events = [event(_KINDS[kind], on, approved_by, workdays, deadline, note)
                  for kind, on, workdays, deadline, approved_by, note in rows]
        events.extend(delivered)
        try:
            deadline = clock.compute_deadline(received, events, calendar=self.calendar, today=today, explain=False)
        except clock.InvalidClockEvents as exc:
            return None, None, tuple(exc.problems)
        return deadline, (self.left(deadline) if until is None else None), ()


@contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic garbage collector off for a bulk reading (nestable): rows and deadlines hold no
    cycles, and its passes over 100,000 new objects cost a fifth of the reading.

    On the way out the objects made meanwhile are moved straight to the oldest generation (freeze,
    then unfreeze, as the gc module documents): otherwise the first young-generation pass after the
    pause walks all of them at once. They are freed by reference counting as usual.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.freeze()
            gc.unfreeze()
            gc.enable()


def request_rows(queryset) -> Iterator[RequestRow]:
    """The requests of `queryset` with their decisions as plain rows (one query), in no particular order:
    sorting 100,000 rows by the model's ordering cost the database more than reading them."""
    make = RequestRow._make
    for chunk in _fetch(queryset.order_by().values_list(*_ROW_COLUMNS)):
        yield from map(make, chunk)


def _event_rows(queryset, until: dt.date | None = None) -> dict[int, tuple]:
    """The recorded events of the requests in `queryset` as plain tuples (one query), by request id."""
    grouped: dict[int, list] = defaultdict(list)
    # Unordered: the walk sorts a request's events itself, so the order read does not matter.
    rows = (RequestEvent.objects.filter(request__in=queryset.values("pk")).order_by()
            .values_list(*_EVENT_FIELDS))
    if until is not None:
        rows = rows.filter(on__lte=until)
    for chunk in _fetch(rows):
        for row in chunk:
            grouped[row[0]].append(row[1:])
    return {request_id: tuple(events) for request_id, events in grouped.items()}


def _fetch(values_list) -> Iterator[list[tuple]]:
    """The rows of a `values_list` queryset as the database driver returns them, a chunk at a time.

    Both drivers already return these columns as Python dates, integers and strings (Django has
    sqlite3 parse declared date columns), so Django's per-value converters would only check each
    value again: for 100,000 requests and their events that was a third of the overview.
    """
    sql, params = values_list.query.sql_with_params()
    with connections[values_list.db].cursor() as cursor:
        cursor.execute(sql, params)
        while chunk := cursor.fetchmany(5000):
            yield chunk


# Stored kind → the clock's EventKind (a dict lookup instead of the enum's own, per event read in bulk).
_KINDS = {kind.value: kind for kind in clock.EventKind}
