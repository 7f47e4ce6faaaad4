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
    letters, the day the office confirms with the applicant; online and fax (and e-mail, an
    online channel), the day both sides confirm. Without the confirmation the request is not yet
    received: the caller must record the confirmation first.
    """
    channel = Channel(channel)
    if channel == Channel.IN_PERSON:
        return submitted_on
    if confirmed_on is None:
        raise ReceiptDateError(f"{CHANNEL_LABELS[channel]}的申请须填写{CONFIRMATION_LABELS[channel]}（条例第三十一条）")
    if confirmed_on < submitted_on:
        raise ReceiptDateError(f"{CONFIRMATION_LABELS[channel]}不能早于申请到达日期")
    return confirmed_on
