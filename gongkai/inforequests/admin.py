"""Admin for the disclosure office: intake, handling on the clock, decisions, delivery, filings."""

from __future__ import annotations


from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone

from gongkai.core import clock
from gongkai.core.workdays import UnknownCalendarYear
from gongkai.holidays.calendar import current_calendar
from gongkai.inforequests import services
from gongkai.inforequests import fees
from gongkai.inforequests.forms.handling import (
    ConfirmReceiptForm,
    DecisionFileForm,
    DecisionForm,
    DeliveryForm,
    EventForm,
    FeeNoticeForm,
    FeePaymentForm,
)
from gongkai.inforequests.forms.intake import StaffIntakeForm
from gongkai.inforequests.models import ApplicantDetails, InfoRequest, NonDisclosureFiling, RequestEvent
from gongkai.inforequests.overview import GROUP_LABELS, overview
from gongkai.org.admin_messages import refusal_text
from gongkai.org.admin_scoping import ScopedAdmin


class ApplicantInline(admin.StackedInline):
    model = ApplicantDetails
    can_delete = False
    extra = 0

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("inforequests.view_applicantdetails")


class EventInline(admin.TabularInline):
    model = RequestEvent
    extra = 0
    can_delete = False
    readonly_fields = ("on", "kind", "workdays", "deadline", "approved_by", "note", "recorded_by", "recorded_at")
    fields = readonly_fields

    def has_add_permission(self, request, obj=None):
        return False


# The overview page lists this many rows per group; the rest are one click away in the change list.
OVERVIEW_ROWS = 100
OVERVIEW_NOTES = {
    "awaiting_delivery": "答复期限以送达之日为准（国办公开办函〔2016〕235号）：直接送达以签收之日、邮寄以交邮之日、"
                         "电子邮件和网上以发送之日计。",
    "unconfirmed": "平常信函应于到达当日与申请人确认（条例第三十一条第（二）项）；网上、传真、电子邮件申请自双方确认之日起算。",
}


class ClockFilter(admin.SimpleListFilter):
    """The overview's groups as a list filter, so the workbench's counts open as exactly those rows."""

    title = "答复期限"
    parameter_name = "clock"
    GROUPS = {"overdue": "已超期", "due_soon": "5个工作日内到期", "paused": "暂停计算",
              "awaiting_delivery": "已决定未送达", "consultation_expired": "征求意见期满"}

    def lookups(self, request, model_admin):
        return list(self.GROUPS.items())

    def queryset(self, request, queryset):
        if self.value() not in self.GROUPS:
            return queryset
        rows = overview(queryset, timezone.localdate())[self.value()]
        return queryset.filter(pk__in=[row.request.pk for row in rows])


@admin.register(InfoRequest)
class InfoRequestAdmin(ScopedAdmin):
    unit_field = None
    list_display = ("number", "channel", "applicant_kind", "received_on", "due", "state")
    list_filter = ("state", ClockFilter, "channel", "applicant_kind")
    search_fields = ("number",)
    date_hierarchy = "received_on"
    inlines = (ApplicantInline, EventInline)
    readonly_fields = [f.name for f in InfoRequest._meta.fields if f.name not in ("id",)]
    change_form_template = "admin/inforequests/change_form.html"

    @admin.display(description="答复期限")
    def due(self, obj):
        deadline = services.deadline_of(obj, explain=False)
        if deadline is None:
            return "待确认收到"
        if deadline.state in ("ended", "pending"):
            return deadline.status
        return deadline.due or deadline.paused_reason

    def has_change_permission(self, request, obj=None):
        return False if obj is not None else super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("intake/", view(self.intake_view), name="inforequests_inforequest_intake"),
            path("overview/", view(self.overview_view), name="inforequests_inforequest_overview"),
            path("<int:pk>/handle/", view(self.handle_view), name="inforequests_inforequest_handle"),
        ] + super().get_urls()

    def add_view(self, request, form_url="", extra_context=None):
        return redirect("admin:inforequests_inforequest_intake")

    def intake_view(self, request):
        if not request.user.has_perm("inforequests.add_inforequest"):
            raise PermissionDenied
        agency = request.user.staff_profile.agency if hasattr(request.user, "staff_profile") else None
        form = StaffIntakeForm(request.POST or None)
        if request.method == "POST" and form.is_valid() and agency is not None:
            data = form.cleaned_data
            try:
                info_request, code = services.register_request(
                    agency, channel=data["channel"], submitted_on=data["submitted_on"], confirmed_on=data["confirmed_on"],
                    applicant_kind=data["applicant_kind"], applicant=form.applicant_details(),
                    description=data["description"], document_reference=data["document_reference"],
                    form_wanted=data["form_wanted"], delivery=data["delivery"], oral=data["oral"], user=request.user)
            except ValidationError as exc:
                form.add_error(None, refusal_text(exc))
            else:
                self.message_user(request, f"已登记，申请编号 {info_request.number}，查询码 {code}（请告知申请人，系统不再显示）")
                return redirect("admin:inforequests_inforequest_handle", info_request.pk)
        context = {**self.admin_site.each_context(request), "title": "登记政府信息公开申请", "form": form,
                   "opts": self.model._meta}
        return TemplateResponse(request, "admin/inforequests/intake.html", context)

    def overview_view(self, request):
        """Each group's count and its first OVERVIEW_ROWS rows (the most urgent), with a link to the whole
        group as a filtered change list: 100,000 open requests must not become a 100,000-row page."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        today = timezone.localdate()
        groups = overview(self.get_queryset(request), today)
        changelist = reverse("admin:inforequests_inforequest_changelist")
        links = {key: f"{changelist}?{ClockFilter.parameter_name}={key}" for key in ClockFilter.GROUPS}
        links["unconfirmed"] = f"{changelist}?state__exact={InfoRequest.State.AWAITING_CONFIRMATION}"
        sections = [{"key": key, "label": label, "note": OVERVIEW_NOTES.get(key, ""), "count": len(groups[key]),
                     "rows": groups[key][:OVERVIEW_ROWS], "link": links.get(key)}
                    for key, label in GROUP_LABELS.items()
                    if groups[key] or key not in ("calendar_pending", "invalid")]
        context = {**self.admin_site.each_context(request), "title": "答复期限一览", "opts": self.model._meta,
                   "sections": sections, "shown": OVERVIEW_ROWS}
        return TemplateResponse(request, "admin/inforequests/overview.html", context)

    def handle_view(self, request, pk):
        if not self.has_view_permission(request):
            raise PermissionDenied
        info_request = get_object_or_404(self.get_queryset(request), pk=pk)
        user = request.user
        can_handle = user.has_perm("inforequests.change_inforequest")
        forms = {
            "confirm": ConfirmReceiptForm(prefix="confirm"),
            "event": EventForm(prefix="event"),
            "decision": DecisionForm(prefix="decision"),
            "delivery": DeliveryForm(prefix="delivery"),
            "fee_notice": FeeNoticeForm(prefix="fee_notice"),
            "fee_payment": FeePaymentForm(prefix="fee_payment"),
            "decision_file": DecisionFileForm(prefix="decision_file"),
        }
        step = request.POST.get("step")
        if request.method == "POST" and step in forms:
            if not can_handle:
                raise PermissionDenied
            form = forms[step] = type(forms[step])(request.POST, request.FILES, prefix=step)
            if form.is_valid():
                try:
                    self._apply(step, info_request, user, form.cleaned_data)
                except (ValidationError, PermissionDenied) as exc:
                    form.add_error(None, refusal_text(exc))
                else:
                    self.message_user(request, "已保存")
                    return redirect("admin:inforequests_inforequest_handle", pk)
        today = timezone.localdate()
        deadline = services.deadline_of(info_request, today)
        left = clock.workdays_left(deadline, today, current_calendar()) if deadline else None
        if deadline is not None and deadline.calendar_pending:
            self.message_user(request, f"{UnknownCalendarYear(deadline.calendar_pending)}；录入前无法计算答复期限。",
                              messages.WARNING)
        context = {**self.admin_site.each_context(request), "title": f"办理：{info_request.number}",
                   "opts": self.model._meta, "info_request": info_request, "deadline": deadline, "left": left,
                   "forms": forms, "can_handle": can_handle, "events": info_request.events.all(),
                   "decision": getattr(info_request, "decision", None),
                   "show_applicant": user.has_perm("inforequests.view_applicantdetails"),
                   "fee_notice": getattr(info_request, "fee_notice", None)}
        return TemplateResponse(request, "admin/inforequests/handle.html", context)

    @staticmethod
    def _apply(step: str, info_request: InfoRequest, user, data: dict) -> None:
        if step == "confirm":
            services.confirm_receipt(info_request, data["confirmed_on"], user)
        elif step == "event":
            services.record_event(info_request, user, data["kind"], data["on"], workdays=data["workdays"] or 0,
                                  deadline=data["deadline"], approved_by=data["approved_by"], note=data["note"])
        elif step == "decision":
            services.decide(info_request, user, situation=data["situation"], decided_on=data["decided_on"],
                            reasons=data["reasons"], legal_basis=data["legal_basis"],
                            withheld_information=data["withheld_information"], approved_by=data["approved_by"])
        elif step == "fee_notice":
            fees.issue_fee_notice(info_request, user, basis=data["basis"], sent_on=data["sent_on"], pages=data["pages"])
        elif step == "fee_payment":
            notice = getattr(info_request, "fee_notice", None)
            if notice is None:
                raise ValidationError("尚未送达收费通知")
            fees.record_fee_payment(notice, user, paid_on=data["paid_on"], amount=data["amount"])
        elif step == "decision_file":
            decision = getattr(info_request, "decision", None)
            if decision is None:
                raise ValidationError("尚未作出答复")
            from gongkai.inforequests.models import DecisionFile
            from gongkai.org.audit import record

            attached = DecisionFile.objects.create(decision=decision, title=data["title"], file=data["file"])
            record("update", info_request, actor=user, summary=f"附上提供的信息：{attached.title}")
        elif step == "delivery":
            decision = getattr(info_request, "decision", None)
            if decision is None:
                raise ValidationError("尚未作出答复")
            services.record_delivery(decision, user, channel=data["channel"], delivered_on=data["delivered_on"])


@admin.register(NonDisclosureFiling)
class NonDisclosureFilingAdmin(ScopedAdmin):
    """The 不予公开备案 register: browse, filter by date, export via the list's CSV action."""

    agency_field = "decision__request__agency"
    unit_field = None
    list_display = ("request_number", "filed_on", "legal_basis", "approved_by", "filed_with")
    list_filter = (("filed_on", admin.DateFieldListFilter),)
    search_fields = ("decision__request__number", "information", "legal_basis")
    readonly_fields = ("decision", "information", "reasons", "legal_basis", "approved_by", "filed_on", "filed_with")
    actions = ("export_csv",)

    def get_queryset(self, request):
        from gongkai.org.scoping import scope_of

        queryset = admin.ModelAdmin.get_queryset(self, request).select_related("decision__request")
        scope = scope_of(request.user)
        if scope.everything:
            return queryset
        if scope.nothing:
            return queryset.none()
        return queryset.filter(decision__request__agency_id=scope.agency_id)

    def _object_in_scope(self, request, obj) -> bool:
        return obj is None or self.get_queryset(request).filter(pk=obj.pk).exists()

    @admin.display(description="申请编号")
    def request_number(self, obj):
        return obj.decision.request.number

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description="导出为CSV")
    def export_csv(self, request, queryset):
        import csv

        from django.http import HttpResponse

        from gongkai.org.audit import record

        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="non-disclosure-filings.csv"'
        response.write("\ufeff")
        writer = csv.writer(response)
        writer.writerow(["申请编号", "备案日期", "不予公开的信息", "理由", "法律依据", "审批人", "备案机关"])
        for filing in queryset:
            writer.writerow([filing.decision.request.number, filing.filed_on, filing.information, filing.reasons,
                             filing.legal_basis, filing.approved_by, filing.filed_with])
        record("export", actor=request.user, summary=f"导出不予公开备案{queryset.count()}条")
        return response
