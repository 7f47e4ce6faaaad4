"""Press conferences (新闻发布会) and media output by level (新闻媒体发稿)."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from gongkai.ledger.models.base import LedgerRecord


class PressConference(LedgerRecord):
    """One press conference; the report counts them and the media that streamed them live."""

    held_on = models.DateField("召开日期")
    subject = models.CharField("发布主题", max_length=200)
    media_count = models.PositiveIntegerField("到场媒体数", default=0)
    media_names = models.CharField("到场媒体", max_length=500, blank=True, help_text="用顿号分隔")
    live_streamed = models.BooleanField("全程直播", default=False)
    live_media_count = models.PositiveIntegerField(
        "直播媒体数", default=0, help_text="“其中两家媒体全程直播”的家数；未直播为0")

    class Meta:
        verbose_name = "新闻发布会"
        verbose_name_plural = "新闻发布会"
        ordering = ["-held_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "held_on", "subject"], name="ledger_press_unique_subject"),
            models.CheckConstraint(condition=models.Q(live_streamed=False, live_media_count=0)
                                   | models.Q(live_streamed=True, live_media_count__gte=1),
                                   name="ledger_press_live_count"),
        ]
        indexes = [models.Index(fields=["agency", "held_on"])]

    def __str__(self):
        return f"{self.held_on} {self.subject}"

    def clean(self):
        """A live stream needs at least one streaming medium; no more can stream than attended."""
        super().clean()
        errors = {}
        if self.live_streamed and not self.live_media_count:
            errors["live_media_count"] = "全程直播的发布会须填写直播媒体数（至少1家）"
        if not self.live_streamed and self.live_media_count:
            errors["live_media_count"] = "未直播的发布会直播媒体数应为0"
        if self.media_count and self.live_media_count > self.media_count:
            errors["live_media_count"] = f"直播媒体数不能多于到场媒体数（{self.media_count}）"
        if errors:
            raise ValidationError(errors)


class MediaLevel(models.TextChoices):
    """The levels the report counts: the seed (Guangxi) writes 区级 for 自治区级; other provinces write 省级."""

    CENTRAL = "central", "中央级"
    PROVINCIAL = "provincial", "省级"
    REGIONAL = "regional", "区级"
    MUNICIPAL = "municipal", "市级"
    ONLINE = "online", "网络媒体"


class MediaOutput(LedgerRecord):
    """Pieces placed in news media at one level: a monthly count, or one article (with its date and title).

    Keep one way per unit and level: a month's total and that month's single articles would count twice.
    """

    level = models.CharField("媒体级别", max_length=20, choices=MediaLevel.choices)
    year = models.PositiveSmallIntegerField("年", validators=[MinValueValidator(2008), MaxValueValidator(2100)])
    month = models.PositiveSmallIntegerField("月", validators=[MinValueValidator(1), MaxValueValidator(12)])
    count = models.PositiveIntegerField("篇数", default=1)
    published_on = models.DateField("刊发日期", null=True, blank=True, help_text="按篇登记时填写；按月汇总时留空")
    title = models.CharField("稿件标题", max_length=300, blank=True)
    outlet = models.CharField("媒体名称", max_length=100, blank=True)

    class Meta:
        verbose_name = "新闻媒体发稿"
        verbose_name_plural = "新闻媒体发稿"
        ordering = ["-year", "-month", "level"]
        constraints = [
            models.CheckConstraint(condition=models.Q(month__gte=1, month__lte=12), name="ledger_media_month_range"),
            models.UniqueConstraint(fields=["unit", "level", "year", "month"], condition=models.Q(published_on=None),
                                    name="ledger_media_unique_monthly"),
        ]
        indexes = [models.Index(fields=["agency", "year"])]

    def __str__(self):
        when = self.published_on.isoformat() if self.published_on else f"{self.year}年{self.month}月"
        return f"{self.get_level_display()} {when} {self.title or f'{self.count}篇'}"

    @property
    def is_single_article(self) -> bool:
        return self.published_on is not None

    def clean(self):
        """A single article is one piece in the month of its date."""
        super().clean()
        if self.published_on is not None:
            errors = {}
            if (self.year, self.month) != (self.published_on.year, self.published_on.month):
                errors["published_on"] = "刊发日期与所填年月不一致"
            if self.count != 1:
                errors["count"] = "按篇登记时篇数为1"
            if not self.title:
                errors["title"] = "按篇登记时须填写稿件标题"
            if errors:
                raise ValidationError(errors)
