"""The handling steps of a request in the admin: a clock event, the decision, the delivery."""

from django import forms

from gongkai.core.clock import KIND_LABELS, EventKind
from gongkai.core.decision_rules import SITUATIONS
from gongkai.inforequests.models import Decision

STAFF_EVENT_KINDS = [k for k in EventKind if k not in (EventKind.ANSWERED,)]
DATE = forms.DateInput(attrs={"type": "date"})


class ConfirmReceiptForm(forms.Form):
    confirmed_on = forms.DateField(label="确认收到日期", widget=DATE)


class EventForm(forms.Form):
    kind = forms.ChoiceField(label="办理事项", choices=[(k.value, KIND_LABELS[k]) for k in STAFF_EVENT_KINDS])
    on = forms.DateField(label="日期", widget=DATE)
    workdays = forms.IntegerField(label="延长工作日数", min_value=0, max_value=20, required=False)
    deadline = forms.DateField(label="期限（补正期限、缴费期限等）", required=False, widget=DATE)
    approved_by = forms.CharField(label="批准人（延期须经负责人同意）", max_length=60, required=False)
    note = forms.CharField(label="说明", max_length=300, required=False)


class DecisionForm(forms.Form):
    situation = forms.ChoiceField(label="答复情形", choices=[(s.key, f"{s.label}（{s.category.value}）") for s in SITUATIONS])
    decided_on = forms.DateField(label="答复日期", widget=DATE)
    legal_basis = forms.CharField(label="法律依据（留空按情形自动填写）", max_length=300, required=False)
    reasons = forms.CharField(label="理由及说明", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    withheld_information = forms.CharField(label="不予公开的信息（备案用）", widget=forms.Textarea(attrs={"rows": 2}), required=False)
    approved_by = forms.CharField(label="审批人（备案用）", max_length=60, required=False)


class DecisionFileForm(forms.Form):
    """The information supplied to the applicant (staff only; never on the portal)."""

    title = forms.CharField(label="名称", max_length=200)
    file = forms.FileField(label="文件（不超过50MB）")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 50 * 1024 * 1024:
            raise forms.ValidationError("文件不能超过50MB")
        return upload


class DeliveryForm(forms.Form):
    channel = forms.ChoiceField(label="送达方式", choices=Decision.DeliveryChannel.choices)
    delivered_on = forms.DateField(label="送达日期（邮寄为交邮之日）", widget=DATE)


class FeeNoticeForm(forms.Form):
    basis = forms.ChoiceField(label="计收方式", choices=[("per_request", "按件计收"), ("per_page", "按量计收")])
    pages = forms.IntegerField(label="页数（按量计收）", min_value=1, required=False)
    sent_on = forms.DateField(label="收费通知送达日期", widget=DATE)


class FeePaymentForm(forms.Form):
    paid_on = forms.DateField(label="缴费日期", widget=DATE)
    amount = forms.DecimalField(label="实缴金额（元）", max_digits=10, decimal_places=2)
