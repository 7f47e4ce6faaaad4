"""Staff download of a request's letters (告知书, notices) as DOCX or PDF, scoped, permission-checked and audited."""

from __future__ import annotations

from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from gongkai.inforequests.letters import FORMATS, KINDS, LetterNotAvailable, build_letter, render
from gongkai.inforequests.models import InfoRequest
from gongkai.org.audit import record
from gongkai.org.scoping import scope_queryset

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}

# Letters name the applicant, so the viewer must be allowed to see applicants as well as requests:
# applicants' data is for the request handlers alone (DESIGN §6; roles exclude it for leaders).
REQUIRED_PERMISSIONS = ("inforequests.view_inforequest", "inforequests.view_applicantdetails")


@staff_member_required
@require_GET
def letter(request, pk: int, kind: str, fmt: str):
    """One letter of one request. Another agency's request is a 404 (its existence is not confirmed);
    a missing permission is a 403; a letter the records cannot support yet is a 409 with the reason."""
    if kind not in KINDS or fmt not in FORMATS:
        raise Http404("没有这种文书")
    if not request.user.has_perms(REQUIRED_PERMISSIONS):
        raise PermissionDenied("您没有查看申请及申请人信息的权限")
    visible = scope_queryset(InfoRequest.objects.select_related("agency", "applicant"), request.user,
                             agency_field="agency", unit_field=None)
    info_request = get_object_or_404(visible, pk=pk)
    event_id = request.GET.get("event")
    if event_id is not None and not event_id.isdigit():
        raise Http404("办理事项编号无效")
    try:
        built = build_letter(info_request, kind, event_id=int(event_id) if event_id else None)
    except LetterNotAvailable as exc:
        return HttpResponse(f"该文书暂不能生成：{exc}", status=409, content_type="text/plain; charset=utf-8")
    payload = render(built, fmt)
    # The summary names the letter and the request number only: the applicant's (or third party's)
    # name stays out of the audit log, which more people read than the request itself.
    record("export", info_request, actor=request.user, summary=f"生成{built.title}（{fmt.upper()}）")
    response = HttpResponse(payload, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = content_disposition_header(True, built.filename(fmt))
    response["Cache-Control"] = "no-store"  # personal data: no copy left in a shared cache
    return response
