"""When a disclosure request counts as received (条例第三十一条), channel by channel."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum


class Channel(StrEnum):
    IN_PERSON = "in_person"  # 当面提交：提交之日
    POST_SIGNED = "post_signed"  # 邮寄（需签收）：签收之日
    POST_ORDINARY = "post_ordinary"  # 平常信函等无需签收的邮件：与申请人确认之日
    ONLINE = "online"  # 互联网渠道：双方确认之日
    FAX = "fax"  # 传真：双方确认之日
    EMAIL = "email"  # 电子邮件：双方确认之日（条例第三十一条第三项）


CHANNEL_LABELS = {
    Channel.IN_PERSON: "当面提交",
    Channel.POST_SIGNED: "邮寄（挂号信、EMS等需签收）",
    Channel.POST_ORDINARY: "邮寄（平常信函）",
    Channel.ONLINE: "互联网（网上申请）",
    Channel.FAX: "传真",
    Channel.EMAIL: "电子邮件",
}

# The date the form must ask for besides the arrival date, and what it is called.
CONFIRMATION_LABELS = {
    Channel.POST_SIGNED: "签收日期",
    Channel.POST_ORDINARY: "与申请人确认日期",
    Channel.ONLINE: "双方确认日期",
    Channel.FAX: "双方确认日期",
    Channel.EMAIL: "双方确认日期",
}


class ReceiptDateError(ValueError):
    pass


def receipt_date(channel: Channel, submitted_on: dt.date, confirmed_on: dt.date | None) -> dt.date:
    """The 收到申请之日 from which every time limit runs.

    条例第三十一条: in person, the day handed in; post that is signed for, the day signed; ordinary
    letters, the day the office confirms with the applicant, which art.31(二) says must be the day
    the letter arrives; online and fax (and e-mail, an online channel), the day both sides confirm.
    An ordinary letter confirmed after its arrival day counts from the arrival day (the office's
    delay must not lengthen the applicant's wait; `receipt_warning` says so). Without the
    confirmation the request is not yet received: the caller must record the confirmation first.
    """
    channel = Channel(channel)
    if channel == Channel.IN_PERSON:
        return submitted_on
    if confirmed_on is None:
        raise ReceiptDateError(f"{CHANNEL_LABELS[channel]}的申请须填写{CONFIRMATION_LABELS[channel]}（条例第三十一条）")
    if confirmed_on < submitted_on:
        raise ReceiptDateError(f"{CONFIRMATION_LABELS[channel]}不能早于申请到达日期")
    if channel == Channel.POST_ORDINARY:
        return submitted_on
    return confirmed_on


def receipt_warning(channel: Channel, submitted_on: dt.date, confirmed_on: dt.date | None) -> str | None:
    """The sentence for the due-date explanation when an ordinary letter was confirmed late; else None."""
    if Channel(channel) != Channel.POST_ORDINARY or confirmed_on is None or confirmed_on <= submitted_on:
        return None
    return (f"平常信函于{_day(submitted_on)}到达，{_day(confirmed_on)}才与申请人确认：条例第三十一条第（二）项"
            "要求收到申请的当日确认，答复期限自到达之日起计算")


def _day(d: dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"
