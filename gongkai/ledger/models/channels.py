"""Publication channels (门户网站, 两微一端, 今日头条 …) and the posts counted on each per month."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from gongkai.ledger.models.base import LedgerRecord


class Channel(LedgerRecord):
    """One platform the agency publishes on, run by the unit named.

    The kind separates the portal from the new-media channels, because the report prints both
    "在N个平台发布信息X条" and "在新媒体平台共计发稿Y篇".
    """

    class Kind(models.TextChoices):
        PORTAL = "portal", "门户网站"
        WECHAT = "wechat", "微信公众号"
        WEIBO = "weibo", "微博"
        APP = "app", "移动客户端APP"
        TOUTIAO = "toutiao", "今日头条"
        VIDEO = "video", "短视频平台"
        BROADCAST = "broadcast", "电视/广播/报纸"
        TOUCHSCREEN = "touchscreen", "服务大厅触摸屏"
        OTHER = "other", "其他"

    name = models.CharField("渠道名称", max_length=100, help_text="如 示范市公安局门户网站、示范警方微信公众号")
    kind = models.CharField("渠道类型", max_length=20, choices=Kind.choices)
    address = models.CharField("网址或账号", max_length=200, blank=True)
    is_active = models.BooleanField("在用", default=True)

    class Meta:
        verbose_name = "发布渠道"
        verbose_name_plural = "发布渠道"
        ordering = ["agency", "kind", "name"]
        constraints = [models.UniqueConstraint(fields=["agency", "name"], name="ledger_channel_unique_name")]

    def __str__(self):
        return self.name

    @property
    def is_new_media(self) -> bool:
        """Everything but the portal counts as new media in the report's sentence."""
        return self.kind != self.Kind.PORTAL


class ChannelPosts(LedgerRecord):
    """How many pieces one unit posted on one channel in one month (typed in or imported monthly)."""

    channel = models.ForeignKey(Channel, on_delete=models.PROTECT, related_name="posts", verbose_name="发布渠道")
    year = models.PositiveSmallIntegerField("年", validators=[MinValueValidator(2008), MaxValueValidator(2100)])
    month = models.PositiveSmallIntegerField("月", validators=[MinValueValidator(1), MaxValueValidator(12)])
    posts = models.PositiveIntegerField("发布条数")

    class Meta:
        verbose_name = "渠道月度发布量"
        verbose_name_plural = "渠道月度发布量"
        ordering = ["-year", "-month", "channel"]
        constraints = [
            # One count per channel, month and unit: the natural key that makes a re-import add nothing.
            models.UniqueConstraint(fields=["channel", "year", "month", "unit"], name="ledger_posts_unique_month"),
            models.CheckConstraint(condition=models.Q(month__gte=1, month__lte=12), name="ledger_posts_month_range"),
        ]
        indexes = [models.Index(fields=["agency", "year"])]

    def __str__(self):
        return f"{self.channel} {self.year}年{self.month}月 {self.posts}条"

    def clean(self):
        super().clean()
        if self.agency_id and self.channel_id and self.channel.agency_id != self.agency_id:
            raise ValidationError({"channel": "发布渠道不属于该机关"})
