"""The request form: the fields 条例第二十九条 requires, for staff intake and the online form."""

from django import forms
from django.core.exceptions import ValidationError

from gongkai.core.annual_tables import Applicant as ApplicantColumn
from gongkai.core.receipt import CHANNEL_LABELS, Channel
from gongkai.inforequests.models import ApplicantDetails, InfoRequest
from gongkai.inforequests.services import validate_applicant

APPLICANT_KINDS = [(a.value, a.value if a != ApplicantColumn.OTHER_ORGANIZATION else "其他组织") for a in ApplicantColumn]
APPLICANT_FIELDS = ("name", "id_type", "id_number", "uscc", "contact_person", "phone", "email", "address", "postcode")


class RequestForm(forms.Form):
    """Everything the applicant tells us. Staff intake adds the channel and dates (StaffIntakeForm)."""

    applicant_kind = forms.ChoiceField(label="申请人类型", choices=APPLICANT_KINDS, initial=ApplicantColumn.NATURAL_PERSON.value,
                                       error_messages={"required": "请选择申请人类型"})
    name = forms.CharField(label="姓名或名称", max_length=100, error_messages={"required": "请填写申请人姓名或名称"})
    id_type = forms.ChoiceField(label="身份证件类型（自然人）", choices=[("", "—")] + list(ApplicantDetails.IdType.choices), required=False)
    id_number = forms.CharField(label="证件号码（自然人）", max_length=40, required=False)
    uscc = forms.CharField(label="统一社会信用代码（法人或其他组织）", max_length=20, required=False)
    contact_person = forms.CharField(label="联系人（法人或其他组织）", max_length=60, required=False)
    phone = forms.CharField(label="联系电话", max_length=40, required=False)
    email = forms.EmailField(label="电子邮箱", required=False)
    address = forms.CharField(label="通信地址", max_length=200, required=False)
    postcode = forms.RegexField(label="邮政编码", regex=r"^\d{6}$", required=False, error_messages={"invalid": "邮政编码应为6位数字"})
    description = forms.CharField(label="所需政府信息的名称、文号或者便于查询的其他特征性描述", max_length=5000,
                                  widget=forms.Textarea(attrs={"rows": 6}),
                                  error_messages={"required": "请描述所需的政府信息（条例第二十九条第（二）项）"})
    document_reference = forms.CharField(label="文件名称或文号（如知道）", max_length=300, required=False)
    form_wanted = forms.ChoiceField(label="获取信息的载体形式", choices=InfoRequest.FormWanted.choices,
                                    error_messages={"required": "请选择获取信息的载体形式"})
    delivery = forms.ChoiceField(label="获取信息的方式", choices=InfoRequest.Delivery.choices,
                                 error_messages={"required": "请选择获取信息的方式"})

    def applicant_details(self) -> dict:
        return {field: self.cleaned_data.get(field) or "" for field in APPLICANT_FIELDS}

    def clean(self):
        cleaned = super().clean()
        if "applicant_kind" in cleaned:
            try:
                validate_applicant(cleaned["applicant_kind"], self.applicant_details())
            except ValidationError as exc:
                for field, messages in exc.message_dict.items():
                    if field in self.errors:  # the field's own check already said what is wrong with it
                        continue
                    for message in messages:
                        self.add_error(field if field in self.fields else None, message)
        return cleaned


class StaffIntakeForm(RequestForm):
    """Staff register a request from any channel; oral requests are typed in for the applicant."""

    channel = forms.ChoiceField(label="申请渠道", choices=[(c.value, CHANNEL_LABELS[c]) for c in Channel])
    oral = forms.BooleanField(label="口头提出，由工作人员代为填写（条例第二十九条）", required=False)
    submitted_on = forms.DateField(label="申请到达日期", widget=forms.DateInput(attrs={"type": "date"}))
    confirmed_on = forms.DateField(label="签收日期或确认日期（邮寄、网上、传真、电子邮件）", required=False,
                                   widget=forms.DateInput(attrs={"type": "date"}),
                                   help_text="挂号信填签收日期；平常信函、网上、传真、电子邮件填与申请人确认之日（条例第三十一条）")
    field_order = ["channel", "oral", "submitted_on", "confirmed_on"]
