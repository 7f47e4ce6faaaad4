"""A disclosure request and its applicant; the applicant's details are private to the office."""

import hashlib
import hmac

from django.conf import settings
from django.db import models

from gongkai.core.annual_tables import Applicant as ApplicantColumn
from gongkai.core.receipt import CHANNEL_LABELS, Channel
from gongkai.org.models import Agency


class InfoRequest(models.Model):
    """One request (一件申请). Its clock and status are computed from its events
    (`RequestEvent`), never stored, so a calendar change reaches requests under way."""

    class State(models.TextChoices):
        AWAITING_CONFIRMATION = "awaiting_confirmation", "待确认收到"
        IN_PROGRESS = "in_progress", "办理中"
        DECIDED = "decided", "已答复"
        CLOSED = "closed", "已办结"

    class FormWanted(models.TextChoices):
        PAPER = "paper", "纸质"
        ELECTRONIC = "electronic", "电子"

    class Delivery(models.TextChoices):
        COLLECT = "collect", "自行领取"
        POST = "post", "邮寄"
        EMAIL = "email", "电子邮件"
        ONLINE = "online", "网上获取"

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="info_requests", verbose_name="机关")
    number = models.CharField("申请编号", max_length=40, unique=True, editable=False)
    query_code_hash = models.CharField("查询码摘要", max_length=64, editable=False)
    channel = models.CharField("申请渠道", max_length=20, choices=[(c.value, CHANNEL_LABELS[c]) for c in Channel])
    oral = models.BooleanField("口头提出（工作人员代为填写）", default=False)
    submitted_on = models.DateField("申请到达日期")
    confirmed_on = models.DateField("签收或确认日期", null=True, blank=True)
    received_on = models.DateField("收到申请之日", null=True, blank=True, editable=False,
                                   help_text="按条例第三十一条计算，期限自此起算")
    applicant_kind = models.CharField("申请人类型", max_length=20, choices=[(a.value, a.value) for a in ApplicantColumn])
    description = models.TextField("所需政府信息的描述", max_length=5000)
    document_reference = models.CharField("文件名称或文号", max_length=300, blank=True)
    form_wanted = models.CharField("获取信息的载体形式", max_length=20, choices=FormWanted.choices, default=FormWanted.ELECTRONIC)
    delivery = models.CharField("获取方式", max_length=20, choices=Delivery.choices, default=Delivery.POST)
    state = models.CharField("状态", max_length=30, choices=State.choices, default=State.IN_PROGRESS, editable=False)
    closed_on = models.DateField("办结日期", null=True, blank=True, editable=False)
    imported = models.BooleanField("历史台账导入", default=False, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", editable=False, verbose_name="登记人")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "政府信息公开申请"
        verbose_name_plural = "政府信息公开申请"
        ordering = ["-received_on", "-id"]
        indexes = [models.Index(fields=["agency", "state", "received_on"])]
        permissions = [("decide_inforequest", "可作出答复决定"), ("approve_extension", "可批准延期（公开工作机构负责人）")]

    def __str__(self):
        return self.number

    @staticmethod
    def hash_query_code(number: str, code: str) -> str:
        """Keyed hash: a leaked database does not give away the codes."""
        return hmac.new(settings.SECRET_KEY.encode(), f"{number}:{code}".encode(), hashlib.sha256).hexdigest()

    def query_code_matches(self, code: str) -> bool:
        return hmac.compare_digest(self.query_code_hash, self.hash_query_code(self.number, code.strip().upper()))


class ApplicantDetails(models.Model):
    """Who asked. Only the disclosure office and administrators see this (条例第二十九条 fields)."""

    class IdType(models.TextChoices):
        RESIDENT_ID = "resident_id", "居民身份证"
        PASSPORT = "passport", "护照"
        HK_MACAO = "hk_macao", "港澳居民来往内地通行证"
        TAIWAN = "taiwan", "台湾居民来往大陆通行证"
        FOREIGN_PERMANENT = "foreign_permanent", "外国人永久居留身份证"
        OTHER = "other", "其他有效身份证件"

    request = models.OneToOneField(InfoRequest, on_delete=models.CASCADE, related_name="applicant", verbose_name="申请")
    name = models.CharField("姓名或名称", max_length=100)
    id_type = models.CharField("证件类型", max_length=20, choices=IdType.choices, blank=True)
    id_number = models.CharField("证件号码", max_length=40, blank=True)
    uscc = models.CharField("统一社会信用代码", max_length=18, blank=True)
    contact_person = models.CharField("联系人", max_length=60, blank=True)
    phone = models.CharField("联系电话", max_length=40, blank=True)
    email = models.EmailField("电子邮箱", blank=True)
    address = models.CharField("通信地址", max_length=200, blank=True)
    postcode = models.CharField("邮政编码", max_length=6, blank=True)

    class Meta:
        verbose_name = "申请人信息"
        verbose_name_plural = "申请人信息"

    def __str__(self):
        return self.name


class RequestSequence(models.Model):
    """Per agency and year, the last request number given (allocated under a row lock)."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveIntegerField()
    last_value = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency", "year"], name="request_sequence_unique_year")]


def request_attachment_path(instance, filename):
    return f"inforequests/{instance.request.agency_id}/{instance.request_id}/applicant/{filename}"


class RequestAttachment(models.Model):
    """A file the applicant sent with the request (e.g. proof of identity). Private."""

    request = models.ForeignKey(InfoRequest, on_delete=models.CASCADE, related_name="attachments", verbose_name="申请")
    file = models.FileField("文件", upload_to=request_attachment_path)
    title = models.CharField("名称", max_length=200)

    class Meta:
        verbose_name = "申请附件"
        verbose_name_plural = "申请附件"

    def __str__(self):
        return self.title
