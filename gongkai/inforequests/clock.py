"""The one owner of a request's clock: its recorded facts turned into `core.clock.compute_deadline`.

Services, the overview, the letters, the reminders and the annual report's statistics all ask this
module, so what counts as a clock event (the recorded `RequestEvent`s, plus the delivery recorded
on the `Decision`, which ends the time limit under 国办公开办函〔2016〕235号) and which receipt
warning applies are decided once. The calendar is passed in explicitly (`RequestClock.current()`
reads the one in force); a missing holiday year is the clock's `pending` state, never an exception.

In bulk the events are read in one query as plain tuples and grouped by request, and identical
histories (same receipt day, same events: most requests with no events at all) are computed once.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Iterable, Iterator, Sequence

from django.utils import timezone

from gongkai.core import clock
from gongkai.core.receipt import receipt_warning
from gongkai.core.workdays import WorkCalendar
from gongkai.holidays.calendar import current_calendar
from gongkai.inforequests.models import Decision, InfoRequest, RequestEvent

__all__ = ["RequestClock", "Reading", "delivery_event"]

# Imported 台账 rows record the day the request was closed, not how the answer was served.
LEDGER_DELIVERY_METHOD = "ledger"

_EVENT_FIELDS = ("request_id", "kind", "on", "workdays", "deadline", "approved_by", "note")
# What a bulk reading loads of each request and its decision: the clock's inputs and what lists and
# table 三 show. Other fields load on access (one query each), so lists should keep to these.
READING_FIELDS = ("id", "agency_id", "number", "channel", "submitted_on", "confirmed_on", "received_on",
                  "applicant_kind", "state", "closed_on", "imported",
                  "decision__id", "decision__request_id", "decision__situation", "decision__category",
                  "decision__decided_on", "decision__delivered_on", "decision__delivery_channel")


def delivery_event(decision: Decision | None, until: dt.date | None = None) -> list[clock.ClockEvent]:
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


@dataclass(frozen=True)
class Reading:
    """One request's clock as a list shows it: the deadline (None before receipt is confirmed, or when
    the recorded history is impossible), working days left, and the refusals of an impossible history."""

    request: InfoRequest
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

    @staticmethod
    def recorded_events(queryset) -> dict[int, list[clock.ClockEvent]]:
        """Every recorded event of the requests in `queryset`, read in one query, by request id."""
        grouped: dict[int, list[clock.ClockEvent]] = defaultdict(list)
        rows = (RequestEvent.objects.filter(request__in=queryset.values("pk")).order_by("on", "id")
                .values_list(*_EVENT_FIELDS))
        for request_id, kind, on, workdays, deadline, approved_by, note in rows.iterator(chunk_size=5000):
            grouped[request_id].append(clock.ClockEvent(kind=clock.EventKind(kind), on=on, by=approved_by,
                                                        workdays=workdays, deadline=deadline, note=note))
        return grouped

    def readings(self, queryset, *, until: dt.date | None = None) -> Iterator[Reading]:
        """The clock of every request in `queryset` (decision joined, events read in one query; the
        requests carry only READING_FIELDS)."""
        recorded = self.recorded_events(queryset)
        for request in queryset.select_related("decision").only(*READING_FIELDS).iterator(chunk_size=5000):
            try:
                deadline = self.deadline(request, until=until, recorded=recorded.get(request.pk, ()))
            except clock.InvalidClockEvents as exc:
                yield Reading(request, None, None, tuple(exc.problems))
                continue
            yield Reading(request, deadline, self.left(deadline) if until is None else None)
