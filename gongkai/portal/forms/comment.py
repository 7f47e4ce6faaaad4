"""The public comment form of a draft for public comment (征求意见)."""

from django import forms

from gongkai.catalog.models import Comment

BODY_MAX_CHARS = 5000


class CommentForm(forms.Form):
    """Name and contact are optional; the comment is required and at most 5,000 characters.

    `website` is a honeypot: hidden from people (and from screen readers), it is filled in only by
    bots that complete every field. The view treats a filled honeypot as spam. Help and error texts are
    tied to their fields by Django's own aria-describedby ids ({id}_helptext, {id}_error).
    """

    name = forms.CharField(
        label="姓名或单位名称", required=False, max_length=Comment._meta.get_field("name").max_length,
        help_text="不会在网站上公开。",
        error_messages={"max_length": "姓名或单位名称不能超过%(limit_value)d个字（现有%(show_value)d个字）"},
    )
    contact = forms.CharField(
        label="联系方式", required=False, max_length=Comment._meta.get_field("contact").max_length,
        help_text="如电话或电子邮箱，仅供工作人员必要时与您联系，不会公开。",
        error_messages={"max_length": "联系方式不能超过%(limit_value)d个字（现有%(show_value)d个字）"},
    )
    body = forms.CharField(
        label="意见建议", max_length=BODY_MAX_CHARS, widget=forms.Textarea(attrs={"rows": 10}),
        help_text=f"不超过{BODY_MAX_CHARS}字。",
        error_messages={
            "required": "请填写意见建议",
            "max_length": "意见建议不能超过%(limit_value)d个字（现有%(show_value)d个字）",
        },
    )
    website = forms.CharField(
        label="请勿填写此项", required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def is_spam(self) -> bool:
        return bool(self.cleaned_data.get("website"))
