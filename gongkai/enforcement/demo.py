"""Demo 执法公开 data: a few hundred decision documents over two years, as the case system sends them.

Documents go through the real services (capture with its exclusions and proposal, the reviewer's span
corrections, publish, withdraw, expiry), so the audit log, the due list, the search index and the
built pages show what a real bureau's would. Where the credit demo already loaded 行政处罚信息, some
documents take their 文号 (and party and date) so they link; otherwise the link is made when the
records arrive (the post_save signal and the daily job). Pages are not built here: the demo command
builds the whole site once after every loader (build_all builds every registered listing section).
"""

from __future__ import annotations

import datetime as dt
import random
import re

from django.contrib.auth import get_user_model

from gongkai.core.workdays import UnknownCalendarYear, add_workdays
from gongkai.credit.models import PenaltyRecord
from gongkai.enforcement import services
from gongkai.enforcement.capture import capture_document, link_pending_records
from gongkai.enforcement.demo_documents import DemoDocument, make_document, make_review_decision
from gongkai.enforcement.models import DecisionDocument
from gongkai.enforcement.parsing import CapturedDocument
from gongkai.holidays.calendar import current_calendar

DOCUMENTS = 320
DAYS = 720
LINKED_FROM_CREDIT = 100
REVIEWER_USERNAME = "shenhe"
CORRECTOR_USERNAME = "gongkaiban"  # 公开办: corrects the spans; the reviewer publishes (four eyes)
_HAN_NAME = re.compile(r"^[\u4e00-\u9fff]{2,4}$")


def _reviewer():
    User = get_user_model()
    return User.objects.filter(username=REVIEWER_USERNAME).first() or User.objects.filter(is_superuser=True).first()


def _corrector():
    """Who corrects the spans by hand: the disclosure office, so that a second person (the reviewer) publishes."""
    User = get_user_model()
    return User.objects.filter(username=CORRECTOR_USERNAME).first() or _reviewer()


def _credit_numbers(agency, start: dt.date, limit: int) -> list[tuple[str, dt.date, str]]:
    records = (PenaltyRecord.objects.filter(agency=agency, is_current=True, decided_on__gte=start,
                                            party_kind=PenaltyRecord.PartyKind.NATURAL_PERSON)
               .order_by("id").values_list("document_number", "decided_on", "party_name")[: limit * 3])
    seen, found = set(), []
    for number, decided_on, party in records:
        if number in seen or not _HAN_NAME.match(party or ""):
            continue
        seen.add(number)
        found.append((number, decided_on, party))
        if len(found) >= limit:
            break
    return found


def _captured(document: DemoDocument, structured: bool, kind: str = "penalty") -> CapturedDocument:
    return CapturedDocument(
        text=document.text, document_number=document.document_number, decided_on=document.decided_on, kind=kind,
        title=document.text.split("\n")[1 if not document.text.startswith("警务") else 2],
        act_on=document.act_on if structured else None, procedure=document.procedure,
        parties=document.parties if structured else [], penalties=document.penalties, flags=document.flags,
        unit_name=document.district_unit)


def _reviewer_corrections(stored: DecisionDocument, demo: DemoDocument, reviewer) -> DecisionDocument:
    """What the reviewer adds by hand: any planted value the engine's proposal left visible."""
    punished = {p["name"] for p in demo.parties if p["role"] == "punished"}
    preview = services.preview(stored)
    missing = [(value, "name_punished" if value in punished else "name_other" if kind == "name" else "other")
               for kind, value in demo.planted if value and value in preview]
    if missing:
        stored = services.edit_spans(stored, reviewer, add=missing)
    return stored


def _workdays_after(day: dt.date, count: int, calendar) -> dt.date:
    try:
        return add_workdays(day, count, calendar)
    except UnknownCalendarYear:
        return day + dt.timedelta(days=count + 2)


def load(agency, today: dt.date, *, count: int = DOCUMENTS, seed: int = 2026) -> dict:
    """Load the demo documents once (a second call leaves existing ones); returns counts by state."""
    if DecisionDocument.objects.filter(agency=agency).exists():
        return {}
    rng = random.Random(seed)
    calendar = current_calendar()
    reviewer, corrector = _reviewer(), _corrector()
    start = today - dt.timedelta(days=DAYS)
    credit = _credit_numbers(agency, start, min(LINKED_FROM_CREDIT, count // 3))
    recent = max(1, count // 16)  # the last twelve days: waiting for review, some due soon, some overdue
    days = sorted([start + dt.timedelta(days=rng.randrange(DAYS - 12)) for _ in range(count - recent)]
                  + [today - dt.timedelta(days=rng.randrange(1, 13)) for _ in range(recent)])
    published: list[tuple[DecisionDocument, DemoDocument]] = []
    sequence = {}
    for index, decided_on in enumerate(days):
        while decided_on.weekday() >= 5:
            decided_on -= dt.timedelta(days=1)
        options = dict(minor=index % 13 == 5, on_the_spot_warning=index % 17 == 3, secret=index % 41 == 7,
                       organisation=index % 11 == 2)
        if credit and index % 3 == 0 and not any(options.values()):
            number, decided_on, party = credit.pop()  # a decision the credit records already hold
            options.update(number=number, punished_name=party)
        sequence[decided_on.year] = sequence.get(decided_on.year, 0) + rng.randrange(1, 9)
        demo = make_document(rng, decided_on, sequence=sequence[decided_on.year], **options)
        if index % 59 == 11:
            demo.flags = {**demo.flags, "privacy": True}
        outcome = capture_document(agency, _captured(demo, structured=index % 2 == 0), source_name="demo")
        stored = outcome.document
        if stored.state != DecisionDocument.State.PENDING:
            continue
        stored = _reviewer_corrections(stored, demo, corrector)
        review_done = _workdays_after(decided_on, 10, calendar)
        if review_done >= today:
            continue  # the last two weeks: still waiting for review (some due soon, some overdue)
        late = index % 23 == 9
        published_on = _workdays_after(decided_on, 9 if late else rng.randrange(2, 7), calendar)
        stored = services.publish_document(stored, reviewer, rebuild=False, today=min(published_on, today),
                                           note="经审核，已隐去个人信息，同意公开。")
        published.append((stored, demo))

    _withdrawal_story(agency, today, rng, reviewer, published, corrector)
    services.expire_publications(today, rebuild=False)
    link_pending_records(agency)
    counts = {}
    for state in DecisionDocument.objects.filter(agency=agency).values_list("state", flat=True):
        counts[state] = counts.get(state, 0) + 1
    return counts


def _withdrawal_story(agency, today, rng, reviewer, published, corrector) -> None:
    """One decision revoked on 行政复议 (withdrawn with the reason), one just changed (due list: 待撤回)."""
    recent = [(d, demo) for d, demo in published if d.decided_on >= today - dt.timedelta(days=150)
              and d.publication_ends_on and d.publication_ends_on > today and d.unit and d.unit.name == "城东分局"]
    if len(recent) < 2:
        recent = [(d, demo) for d, demo in published if d.publication_ends_on and d.publication_ends_on > today]
    if len(recent) < 2:
        return
    (revoked, _), (changed, _) = recent[0], recent[-1]
    review_day = today - dt.timedelta(days=1)  # revoked yesterday, withdrawn today: inside the three days
    decision = make_review_decision(rng, review_day, rng.randrange(10, 60), revoked.document_number)
    outcome = capture_document(agency, _captured(decision, structured=True, kind="review"), source_name="demo")
    review = outcome.document
    if review.state == DecisionDocument.State.PENDING:
        review = _reviewer_corrections(review, decision, corrector)
        services.publish_document(review, reviewer, rebuild=False, today=today)
    services.withdraw_document(
        revoked, reviewer, ground=DecisionDocument.WithdrawalGround.REVOKED, changed_on=review_day, rebuild=False,
        reason=f"该处罚决定已被示范市公安局行政复议决定（{decision.document_number}）撤销，依照《中华人民共和国行政处罚法》第四十八条撤回。")
    services.report_change(changed, reviewer, DecisionDocument.WithdrawalGround.CHANGED, today)
