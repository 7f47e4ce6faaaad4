"""Paper copies to the reading rooms (查阅场所), training sessions and open days (政务公开日)."""

from django.db import models

from gongkai.ledger.models.base import LedgerRecord


class PaperCopy(LedgerRecord):
    """Paper documents handed to one of the three public reading rooms (条例第二十五条) on one day."""

    class Recipient(models.TextChoices):
        SERVICE_CENTRE = "service_centre", "政务服务中心"
        ARCHIVES = "archives", "档案馆"
        LIBRARY = "library", "图书馆"

    sent_on = models.DateField("报送日期")
    recipient = models.CharField("接收场所", max_length=20, choices=Recipient.choices)
    documents = models.PositiveIntegerField("文件份数")
    titles = models.CharField("文件名称", max_length=500, blank=True, help_text="可选；多份用顿号分隔")

    class Meta:
        verbose_name = "纸质文件报送"
        verbose_name_plural = "纸质文件报送"
        ordering = ["-sent_on", "recipient"]
        constraints = [models.UniqueConstraint(fields=["agency", "unit", "sent_on", "recipient", "titles"],
                                               name="ledger_paper_unique_batch")]
        indexes = [models.Index(fields=["agency", "sent_on"])]

    def __str__(self):
        return f"{self.sent_on} {self.get_recipient_display()} {self.documents}份"


class TrainingSession(LedgerRecord):
    """A training the agency held, or one its staff were sent to (the seed: "积极派人参加……")."""

    class Mode(models.TextChoices):
        HELD = "held", "举办"
        ATTENDED = "attended", "参加"

    held_on = models.DateField("日期")
    title = models.CharField("培训或会议名称", max_length=200)
    mode = models.CharField("方式", max_length=20, choices=Mode.choices)
    organiser = models.CharField("主办单位", max_length=100, blank=True, help_text="参加外单位培训时填写")
    participants = models.PositiveIntegerField("参训人数")

    class Meta:
        verbose_name = "教育培训"
        verbose_name_plural = "教育培训"
        ordering = ["-held_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["agency", "unit", "held_on", "title"],
                                               name="ledger_training_unique_title")]
        indexes = [models.Index(fields=["agency", "held_on"])]

    def __str__(self):
        return f"{self.held_on} {self.get_mode_display()}{self.title}"


class OpenDay(LedgerRecord):
    """An open-day event (政务公开日活动): what was done, in which forms, for how many people."""

    held_on = models.DateField("活动日期")
    title = models.CharField("活动名称", max_length=200, help_text="如 第五届政务公开日活动")
    form = models.CharField("活动形式", max_length=300, help_text="如 设计展板、设置咨询窗口、发放宣传册")
    participants = models.PositiveIntegerField("参与人数", null=True, blank=True, help_text="不详时留空")

    class Meta:
        verbose_name = "政务公开日活动"
        verbose_name_plural = "政务公开日活动"
        ordering = ["-held_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["agency", "held_on", "title"], name="ledger_openday_unique")]
        indexes = [models.Index(fields=["agency", "held_on"])]

    def __str__(self):
        return f"{self.held_on} {self.title}"
