"""Demo review and litigation cases about the demo bureau's disclosure answers."""

from __future__ import annotations

import datetime as dt

from gongkai.appeals.models import AppealCase
from gongkai.appeals.services import close_case, record_case
from gongkai.inforequests.models import Decision

# (kind, route, filed after the answer (days), outcome or None for pending, closed after filing (days))
CASES = (
    ("review", "", 20, "upheld", 55),
    ("review", "", 35, "corrected", 60),
    ("review", "", 15, None, 0),
    ("litigation", "direct", 40, "upheld", 120),
    ("litigation", "direct", 50, "other", 90),
    ("litigation", "after_review", 30, None, 0),
    ("review", "", 25, "other", 45),
)


def load(agency, today: dt.date) -> None:
    refusals = list(Decision.objects.filter(request__agency=agency, category__startswith="withheld.")
                    .select_related("request").order_by("decided_on"))
    bodies = {"review": "示范市人民政府", "litigation": "示范市中级人民法院"}
    for index, (kind, route, filed_after, outcome, closed_after) in enumerate(CASES):
        if not refusals:
            return
        decision = refusals[(index * 7) % len(refusals)]
        filed_on = decision.decided_on + dt.timedelta(days=filed_after)
        if filed_on >= today:
            filed_on = decision.decided_on + dt.timedelta(days=1)
        if filed_on >= today or AppealCase.objects.filter(request=decision.request, kind=kind).exists():
            continue
        case = record_case(agency, kind=kind, filed_on=filed_on, litigation_route=route, request=decision.request,
                           case_number=f"示{'复' if kind == 'review' else '行初'}〔{filed_on.year}〕{index + 1}号",
                           body=bodies[kind])
        closed_on = filed_on + dt.timedelta(days=closed_after)
        if outcome and closed_on < today:
            close_case(case, outcome=outcome, closed_on=closed_on)
