"""Public pages of 依申请公开: the online request form, its receipt, and the status query.

The online form is the 互联网渠道 of 条例第三十一条: the request counts as received on the day both
sides confirm. The receipt page, which gives the applicant the request number, is the agency's
confirmation, and the applicant's submission is theirs, so an online request is received on the
day it is submitted (the office can still correct it in the admin if a submission was garbled).

The status page shows only what the applicant already knows or may know: the number, the state,
the dates and the due date. A wrong number or code gets the same answer whether or not the number
exists, and both the form and the query are rate limited per client.

The query code is shown once, on the receipt page, and stored nowhere in plain text: the database
keeps its keyed hash (InfoRequest.query_code_hash), and the way from the form to the receipt is a
signed cookie that lives ten minutes, only on the receipt's path, and is deleted when read. The
session table, a server log or a shared cache never holds it.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from gongkai.core.receipt import Channel
from gongkai.core.workdays import UnknownCalendarYear
from gongkai.inforequests import services
from gongkai.inforequests.models import InfoRequest, RequestAttachment
from gongkai.portal import pages
from gongkai.portal.forms.request import OnlineRequestForm, StatusQueryForm
from gongkai.portal.ratelimit import check_rate, too_many_requests

logger = logging.getLogger(__name__)

SUBMIT_SCOPE, SUBMIT_LIMIT, SUBMIT_PERIOD = "request", 5, 3600
QUERY_SCOPE, QUERY_LIMIT, QUERY_PERIOD = "request-status", 20, 3600
RECEIPT_COOKIE = "gongkai_receipt"
RECEIPT_SALT = "gongkai.portal.request_receipt"
RECEIPT_MAX_AGE = 600  # seconds from submission to the receipt page: a redirect, or a slow reload


def _render(request, template: str, context: dict, status: int = 200) -> HttpResponse:
    return render(request, template, {"portal_agency": pages.portal_agency(), "page_path": request.path, **context},
                  status=status)


@require_http_methods(["GET", "POST"])
def request_form(request: HttpRequest) -> HttpResponse:
    agency = pages.portal_agency()
    form = OnlineRequestForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not check_rate(request, SUBMIT_SCOPE, SUBMIT_LIMIT, SUBMIT_PERIOD, consume=False):
            return too_many_requests(request, SUBMIT_PERIOD)
        if form.is_valid() and not form.cleaned_data.get("website"):
            data = form.cleaned_data
            today = timezone.localdate()
            try:
                with transaction.atomic():
                    info_request, code = services.register_request(
                        agency, channel=Channel.ONLINE, submitted_on=today, confirmed_on=today,
                        applicant_kind=data["applicant_kind"], applicant=form.applicant_details(),
                        description=data["description"], document_reference=data["document_reference"],
                        form_wanted=data["form_wanted"], delivery=data["delivery"])
                    if data.get("attachment"):
                        RequestAttachment.objects.create(request=info_request, file=data["attachment"],
                                                         title=data["attachment"].name[:200])
            except ValidationError as exc:
                for message in exc.messages:
                    form.add_error(None, message)
            else:
                check_rate(request, SUBMIT_SCOPE, SUBMIT_LIMIT, SUBMIT_PERIOD)
                logger.info("online request registered: %s", info_request.number)
                response = redirect("requests_public:receipt")
                receipt = {"number": info_request.number, "code": code,
                           "received_on": info_request.received_on.isoformat()}
                response.set_cookie(RECEIPT_COOKIE, signing.dumps(receipt, salt=RECEIPT_SALT), max_age=RECEIPT_MAX_AGE,
                                    path=reverse("requests_public:receipt"), httponly=True, samesite="Strict",
                                    secure=request.is_secure() or settings.SESSION_COOKIE_SECURE)
                return response
        elif form.is_valid():  # the honeypot was filled: answer as if accepted, store nothing
            return redirect("requests_public:receipt")
    return _render(request, "portal/request_form.html", {"form": form}, status=400 if form.errors else 200)


def request_receipt(request: HttpRequest) -> HttpResponse:
    """Shown once after submission; the code is not kept anywhere the public could read it again."""
    try:
        receipt = signing.loads(request.COOKIES.get(RECEIPT_COOKIE, ""), salt=RECEIPT_SALT, max_age=RECEIPT_MAX_AGE)
    except signing.BadSignature:  # none, forged or older than RECEIPT_MAX_AGE (SignatureExpired)
        receipt = None
    response = _render(request, "portal/request_receipt.html", {"receipt": receipt})
    response["Cache-Control"] = "no-store"
    response.delete_cookie(RECEIPT_COOKIE, path=reverse("requests_public:receipt"), samesite="Strict")
    return response


@require_http_methods(["GET", "POST"])
def request_status(request: HttpRequest) -> HttpResponse:
    form = StatusQueryForm(request.POST or None)
    found = None
    not_found = False
    if request.method == "POST":
        if not check_rate(request, QUERY_SCOPE, QUERY_LIMIT, QUERY_PERIOD):
            return too_many_requests(request, QUERY_PERIOD)
        if form.is_valid():
            number = form.cleaned_data["number"].strip()
            candidate = InfoRequest.objects.filter(number=number).select_related("agency").first()
            if candidate is not None and candidate.query_code_matches(form.cleaned_data["code"]):
                found = status_of(candidate)
            else:
                not_found = True
    response = _render(request, "portal/request_status.html", {"form": form, "status": found, "not_found": not_found})
    response["Cache-Control"] = "no-store"
    return response


def status_of(info_request: InfoRequest) -> dict:
    """Exactly what the status page may show: no applicant detail, no request text.

    A due date in a year whose holiday notice is not entered yet (every December, until the State
    Council publishes it) is shown as pending, never guessed from weekends alone."""
    due_pending = ""
    try:
        deadline = services.deadline_of(info_request, explain=False)
    except UnknownCalendarYear as exc:
        deadline, due_pending = None, f"待定（{exc.year}年节假日安排公布后确定）"
    if deadline is not None and deadline.calendar_pending:
        due_pending = f"待定（{deadline.calendar_pending}年节假日安排公布后确定）"
    decision = getattr(info_request, "decision", None)
    return {
        "number": info_request.number,
        "state": info_request.get_state_display(),
        "submitted_on": info_request.submitted_on,
        "received_on": info_request.received_on,
        "due": deadline.due if deadline else None,
        "due_pending": due_pending,
        "paused": deadline.paused_reason if deadline and deadline.state == "paused" else None,
        "decided_on": decision.decided_on if decision else None,
        "delivered_on": decision.delivered_on if decision else None,
        "agency": info_request.agency.name,
    }
