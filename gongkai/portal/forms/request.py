"""The public 依申请公开 forms: the online request form as a citizen or a company sees it, and the status query.

The fields and their checks are intake's (inforequests.forms.intake.RequestForm); this module only says
them in plain words for the public: labels without staff shorthand, hints, which fields belong to which
applicant type (the template groups them, forms.js shows the chosen type's group), and the attachment.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from gongkai.inforequests.forms.intake import RequestForm

MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024
ATTACHMENT_TYPES = (".pdf", ".jpg", ".jpeg", ".png")

PERSON_FIELDS = ("id_type", "id_number")
ORGANISATION_FIELDS = ("uscc", "contact_person")
CONTACT_FIELDS = ("phone", "email", "address", "postcode")

PUBLIC_WORDING = {  # field: (label, hint)
    "applicant_kind": ("申请人类型", "以个人名义申请选“自然人”；企业、事业单位、社会组织等请选其类别。"),
    "name": ("姓名或名称", "自然人填写姓名；法人或者其他组织填写全称，与营业执照或登记证书一致。"),
    "id_type": ("身份证件类型", ""),
    "id_number": ("证件号码", "居民身份证为18位，最后一位可能是X。"),
    "uscc": ("统一社会信用代码", "18位，见营业执照或登记证书。"),
    "contact_person": ("联系人", "办理中需要核实时，我们与此人联系。"),
    "phone": ("联系电话", ""),
    "email": ("电子邮箱", ""),
    "address": ("通信地址", "选择邮寄方式获取信息的，请填写详细地址。"),
    "postcode": ("邮政编码", "6位数字。"),
    "description": ("所需政府信息的名称、文号或者便于查询的其他特征性描述",
                    "请尽量写明信息的名称、时间、地点或事项，便于我们准确查找。"),
    "document_reference": ("文件名称或文号", "知道的话请填写，如 示公通〔2025〕3号。"),
    "form_wanted": ("获取信息的载体形式", ""),
    "delivery": ("获取信息的方式", ""),
}


class OnlineRequestForm(RequestForm):
    """The request form of the portal. Only the chosen applicant type's own fields are kept: a citizen who
    first typed a credit code, then chose 自然人, does not send it (and is not asked for it)."""

    attachment = forms.FileField(label="附件", required=False, help_text="如身份证明。PDF、JPG或PNG格式，不超过5MB，可不上传。",
                                 widget=forms.ClearableFileInput(attrs={"accept": ",".join(ATTACHMENT_TYPES)}))
    website = forms.CharField(required=False, label="请勿填写",
                              widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["applicant_kind"].widget = forms.RadioSelect(choices=self.fields["applicant_kind"].choices)
        self.fields["id_type"].choices = [("", "请选择")] + self.fields["id_type"].choices[1:]
        for name, (label, hint) in PUBLIC_WORDING.items():
            self.fields[name].label, self.fields[name].help_text = label, hint
        for name in PERSON_FIELDS + ORGANISATION_FIELDS:  # required for their own type (checked in clean)
            self.fields[name].widget.attrs["aria-required"] = "true"
        autocomplete = {"name": "name", "phone": "tel", "email": "email", "address": "street-address",
                        "postcode": "postal-code", "contact_person": "name"}
        for name, token in autocomplete.items():
            self.fields[name].widget.attrs["autocomplete"] = token
        self.fields["phone"].widget.input_type = "tel"
        self.fields["postcode"].widget.attrs["inputmode"] = "numeric"

    def applicant_details(self) -> dict:
        details = super().applicant_details()
        for name in ORGANISATION_FIELDS if self.cleaned_data.get("applicant_kind") == "自然人" else PERSON_FIELDS:
            details[name] = ""
        return details

    def clean_attachment(self):
        upload = self.cleaned_data.get("attachment")
        if upload:
            if upload.size > MAX_ATTACHMENT_BYTES:
                raise ValidationError("附件不能超过5MB")
            if not upload.name.lower().endswith(ATTACHMENT_TYPES):
                raise ValidationError("附件只能是PDF、JPG或PNG文件")
        return upload

    def person_fields(self):
        return [self[name] for name in PERSON_FIELDS]

    def organisation_fields(self):
        return [self[name] for name in ORGANISATION_FIELDS]

    def contact_fields(self):
        return [self[name] for name in CONTACT_FIELDS]


class StatusQueryForm(forms.Form):
    number = forms.CharField(label="申请编号", max_length=40, help_text="提交申请后回执上的编号。")
    code = forms.CharField(label="查询码", max_length=20, help_text="回执上的查询码，只在提交时显示一次。",
                           widget=forms.TextInput(attrs={"autocomplete": "off"}))
