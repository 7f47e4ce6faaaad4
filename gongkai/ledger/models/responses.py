"""Opinion responses (政务舆情回应) and clarifications of false or incomplete information (条例第六条)."""

from django.db import models

from gongkai.ledger.models.base import LedgerRecord


class OpinionResponse(LedgerRecord):
    """One public response to a matter of public concern, and where it was made."""

    responded_on = models.DateField("回应日期")
    topic = models.CharField("舆情事项", max_length=300)
    channel = models.CharField("回应渠道", max_length=100, help_text="如 官方微博、新闻发布会、门户网站")
    summary = models.TextField("回应内容", blank=True, max_length=2000)

    class Meta:
        verbose_name = "舆情回应"
        verbose_name_plural = "舆情回应"
        ordering = ["-responded_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["agency", "responded_on", "topic"],
                                               name="ledger_opinion_unique_topic")]
        indexes = [models.Index(fields=["agency", "responded_on"])]

    def __str__(self):
        return f"{self.responded_on} {self.topic}"


class Clarification(LedgerRecord):
    """Accurate information published to clarify false or incomplete information (条例第六条第二款).

    The annual report states how many there were, or that there were none; "none" must be a
    count of these rows, never a sentence typed into the report.
    """

    published_on = models.DateField("澄清日期")
    false_information = models.TextField("虚假或不完整信息", max_length=2000)
    clarification = models.TextField("澄清内容", max_length=5000)
    published_where = models.CharField("发布渠道", max_length=200, help_text="如 门户网站、官方微博、新闻发布会")

    class Meta:
        verbose_name = "澄清虚假或不完整信息"
        verbose_name_plural = "澄清虚假或不完整信息"
        ordering = ["-published_on", "-id"]
        indexes = [models.Index(fields=["agency", "published_on"])]

    def __str__(self):
        return f"{self.published_on} {self.false_information[:40]}"
