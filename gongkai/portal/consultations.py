"""Public pages of drafts for public comment: the list, a draft with its comment form, the thanks page.

These are dynamic views, not built pages: the form needs CSRF and the open period changes by day.

What the public sees of the comments: the number received, and the text of comments staff have
approved for display, never a name or a contact. The name is optional and people giving it are
not asked whether it may be published, so the safe reading is that it may not.
"""

from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from gongkai.catalog.consultations import ConsultationNotOpen, state_on, submit_comment
from gongkai.catalog.models import Comment, Consultation
from gongkai.portal import pages
from gongkai.portal.forms import CommentForm
from gongkai.portal.ratelimit import check_rate, client_hash, too_many_requests

logger = logging.getLogger(__name__)

COMMENT_RATE_SCOPE = "comment"
COMMENT_RATE_LIMIT = 5  # accepted comments per client per period, over all consultations
COMMENT_RATE_PERIOD = 3600


def published_consultations():
    """Published drafts of the agency this portal serves (as every portal page picks it)."""
    return Consultation.objects.filter(is_published=True, agency=pages.portal_agency()).select_related("unit", "agency")


def _render(request, template: str, context: dict, status: int = 200) -> HttpResponse:
    # base.html's frame needs the portal agency; the portal's context processor may also supply it.
    return render(request, template, {"portal_agency": pages.portal_agency(), "page_path": request.path, **context},
                  status=status)


@require_GET
def consultation_list(request: HttpRequest) -> HttpResponse:
    """Open drafts first (soonest deadline first), then upcoming, then closed (latest first)."""
    today = timezone.localdate()
    consultations = list(published_consultations())
    by_state = {"open": [], "upcoming": [], "closed": []}
    for consultation in consultations:
        by_state[state_on(consultation, today)].append(consultation)
    by_state["open"].sort(key=lambda c: (c.closes_on, c.pk))
    by_state["upcoming"].sort(key=lambda c: (c.opens_on, c.pk))
    by_state["closed"].sort(key=lambda c: (c.closes_on, c.pk), reverse=True)
    return _render(request, "portal/consultation_list.html", {
        "open_consultations": by_state["open"],
        "upcoming_consultations": by_state["upcoming"],
        "closed_consultations": by_state["closed"],
        "today": today,
    })


def _detail_page(request, consultation, *, form=None, refusal: str = "", status: int = 200) -> HttpResponse:
    today = timezone.localdate()
    state = state_on(consultation, today)
    if form is None and state == "open":
        form = CommentForm()
    comments = consultation.comments.all()
    return _render(request, "portal/consultation_detail.html", {
        "consultation": consultation,
        "state": state,
        "form": form if state == "open" else None,
        "refusal": refusal,
        "comments_received": comments.count() if state == "closed" else None,
        "approved_comments": comments.filter(status=Comment.Status.APPROVED).only("body", "submitted_at")
                                     .order_by("submitted_at", "pk"),
        "summary_published": bool(consultation.summary_published_on and consultation.feedback_summary),
        "body_max_chars": CommentForm.base_fields["body"].max_length,
    }, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
def consultation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = get_object_or_404(published_consultations(), pk=pk)
    if request.method != "POST":
        return _detail_page(request, consultation)

    today = timezone.localdate()
    if state_on(consultation, today) != "open":
        # Refused before validation: nothing typed is kept or saved once the period is over.
        return _detail_page(request, consultation, refusal="本次征求意见不在意见征集期内，您的意见未提交。",
                            status=403)
    if not check_rate(request, COMMENT_RATE_SCOPE, COMMENT_RATE_LIMIT, COMMENT_RATE_PERIOD, consume=False):
        return too_many_requests(request, COMMENT_RATE_PERIOD)

    form = CommentForm(request.POST)
    if not form.is_valid():
        return _detail_page(request, consultation, form=form, status=400)
    check_rate(request, COMMENT_RATE_SCOPE, COMMENT_RATE_LIMIT, COMMENT_RATE_PERIOD)
    if form.is_spam():
        # Looks accepted to the bot, so it learns nothing; nothing is saved.
        logger.info("comment discarded (honeypot): consultation=%s client=%s", consultation.pk,
                    client_hash(request)[:12])
        return redirect("consultations:thanks", pk=consultation.pk)
    try:
        submit_comment(consultation, name=form.cleaned_data["name"], contact=form.cleaned_data["contact"],
                       body=form.cleaned_data["body"], client_hash=client_hash(request), today=today)
    except ConsultationNotOpen as refusal:
        return _detail_page(request, consultation, refusal=f"{refusal.messages[0]}，您的意见未提交。", status=403)
    return redirect("consultations:thanks", pk=consultation.pk)


@require_GET
def consultation_thanks(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = get_object_or_404(published_consultations(), pk=pk)
    return _render(request, "portal/consultation_thanks.html", {"consultation": consultation})
