"""Every step of a request's clock as an event with who and when (append-only)."""

from django.conf import settings
from django.db import models

from gongkai.core.clock import KIND_LABELS, ClockEvent, EventKind
from gongkai.inforequests.models.request import InfoRequest


class RequestEvent(models.Model):
    """Pauses, restarts, extensions, answers: the due date is recomputed from these every time."""

    request = models.ForeignKey(InfoRequest, on_delete=models.CASCADE, related_name="events", verbose_name="申请")
    kind = models.CharField("事项", max_length=40, choices=[(k.value, KIND_LABELS[k]) for k in EventKind])
    on = models.DateField("日期")
    workdays = models.PositiveIntegerField("工作日数", default=0)
    deadline = models.DateField("期限", null=True, blank=True)
    approved_by = models.CharField("批准人", max_length=60, blank=True, help_text="延期须经公开工作机构负责人同意")
    note = models.CharField("说明", max_length=300, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name="登记人")
    recorded_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "办理事项"
        verbose_name_plural = "办理事项"
        ordering = ["on", "id"]

    def __str__(self):
        return f"{self.on} {self.get_kind_display()}"

    def to_clock_event(self) -> ClockEvent:
        return ClockEvent(kind=EventKind(self.kind), on=self.on, by=self.approved_by, workdays=self.workdays,
                          deadline=self.deadline, note=self.note)
