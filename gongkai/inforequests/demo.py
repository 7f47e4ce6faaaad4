"""Demo requests: two years of them across every channel, applicant kind and decision category.

Some are still open across the year end, some are overdue, some wait for a correction or a third
party, one was charged a fee, so every screen and every cell of the annual report has data.
"""

from __future__ import annotations

import datetime as dt
import random

from django.contrib.auth import get_user_model

from gongkai.core import clock
from gongkai.core.decision_rules import SITUATIONS
from gongkai.core.identifiers import id_check_char, orgcode_check_char, uscc_check_char
from gongkai.core.receipt import Channel
from gongkai.holidays.calendar import current_calendar
from gongkai.inforequests import services
from gongkai.inforequests.models import InfoRequest

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐"
GIVEN = ("伟", "芳", "娜", "敏", "静", "磊", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀英", "建华", "志强", "海燕")
ORGANISATIONS = {
    "商业企业": ("示范市通达物流有限公司", "示范市安居房地产开发有限公司", "示范市惠民超市连锁有限公司"),
    "科研机构": ("示范大学交通研究所", "示范市社会科学院"),
    "社会公益组织": ("示范市交通安全志愿者协会", "示范市青少年保护基金会"),
    "法律服务机构": ("示范明德律师事务所", "示范正义律师事务所"),
    "其他": ("示范市幸福小区业主委员会", "示范市出租汽车行业协会"),
}
TOPICS = ("本市2024年道路交通事故统计数据", "某路口电子警察设置的审批文件", "户籍迁移办理的内部规定",
          "某小区周边治安巡逻安排", "出入境证件办理数量统计", "电动自行车登记上牌数量", "某次行政处罚的案卷材料",
          "局机关2025年部门预算明细", "某路段限行措施的论证报告", "警情通报原始数据", "某信访事项的处理结果",
          "本人户籍档案的复印件", "公安局内部人事任免文件", "某企业消防检查记录")
CHANNEL_MIX = (Channel.IN_PERSON, Channel.IN_PERSON, Channel.POST_SIGNED, Channel.POST_ORDINARY, Channel.ONLINE,
               Channel.ONLINE, Channel.ONLINE, Channel.FAX, Channel.EMAIL)
KIND_MIX = ("自然人",) * 12 + ("商业企业", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "法律服务机构", "其他")


def _id_number(rng: random.Random) -> str:
    born = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 50))
    body = f"410102{born:%Y%m%d}{rng.randrange(0, 1000):03d}"
    return body + id_check_char(body)


def _uscc(rng: random.Random) -> str:
    org = "".join(rng.choice("0123456789") for _ in range(8))
    body = f"91410100{org}{orgcode_check_char(org)}"
    return body + uscc_check_char(body)


def _applicant(rng: random.Random, kind: str) -> dict:
    phone = f"13{rng.randrange(0, 10)}{rng.randrange(0, 10**8):08d}"
    if kind == "自然人":
        return {"name": rng.choice(SURNAMES) + rng.choice(GIVEN), "id_type": "resident_id", "id_number": _id_number(rng),
                "phone": phone, "address": f"示范市人民路{rng.randrange(1, 300)}号"}
    return {"name": rng.choice(ORGANISATIONS[kind]), "uscc": _uscc(rng), "contact_person": rng.choice(SURNAMES) + "先生",
            "phone": phone, "email": "contact@example.com"}


def load(agency, today: dt.date) -> None:
    rng = random.Random(2026)
    calendar = current_calendar()
    office = get_user_model().objects.get(username="gongkaiban")
    situations = [s for s in SITUATIONS]
    start = dt.date(today.year - 2, 1, 2)
    count = 0
    day = start
    while day < today:
        day += dt.timedelta(days=rng.choice((1, 2, 3, 4, 5)))
        if day >= today:
            break
        kind = rng.choice(KIND_MIX)
        channel = rng.choice(CHANNEL_MIX)
        confirmed = None if channel == Channel.IN_PERSON else day
        request, _ = services.register_request(
            agency, channel=channel, submitted_on=day, confirmed_on=confirmed, applicant_kind=kind,
            applicant=_applicant(rng, kind), description=rng.choice(TOPICS), user=office,
            oral=channel == Channel.IN_PERSON and rng.random() < 0.1)
        count += 1
        _progress(request, rng, calendar, office, today, situations, count)


def _progress(request: InfoRequest, rng, calendar, office, today, situations, count: int) -> None:
    """Move a request along: most answered on time, a few late, some still open."""
    received = request.received_on
    age = calendar.workdays_between(received, today) if received.year >= today.year - 2 else 999
    if age <= 25 and rng.random() < 0.7:
        began = calendar.add_workdays(received, 1)
        if count % 4 == 0 and began < today:  # waiting for a third party: the clock stands still
            services.record_event(request, office, clock.EventKind.CONSULTATION_STARTED.value, began,
                                  note="第三方：示范市惠民超市连锁有限公司")
        return  # recent: still open, some falling due soon
    if count % 29 == 0:
        return  # overdue and still open: the overview shows it
    if count % 11 == 0:
        asked = calendar.add_workdays(received, rng.randint(2, 6))
        if asked < today:
            services.record_event(request, office, clock.EventKind.CORRECTION_REQUESTED.value, asked,
                                  deadline=calendar.add_workdays(asked, 10))
            got = calendar.add_workdays(asked, rng.randint(2, 8))
            if got >= today or rng.random() < 0.2:
                return  # waiting for the correction (or it will lapse: 视为放弃)
            services.record_event(request, office, clock.EventKind.CORRECTION_RECEIVED.value, got)
            received = got
    last_step = received
    if count % 13 == 0:
        began = calendar.add_workdays(received, 5)
        if began < today:
            services.record_event(request, office, clock.EventKind.CONSULTATION_STARTED.value, began,
                                  note="第三方：示范市通达物流有限公司")
            ended = calendar.add_workdays(began, rng.randint(3, 15))
            if ended >= today:
                return
            services.record_event(request, office, clock.EventKind.CONSULTATION_ENDED.value, ended)
            last_step = ended
    late = count % 23 == 0
    answered = max(calendar.add_workdays(received, rng.randint(21, 26) if late else rng.randint(3, 19)),
                   calendar.add_workdays(last_step, 2))
    if answered >= today:
        return
    if late:
        services.record_event(request, office, clock.EventKind.EXTENSION_GRANTED.value,
                              calendar.add_workdays(received, 18), workdays=20, approved_by="王主任")
    situation = situations[count % len(situations)] if count % 3 else situations[rng.choice((0, 1, 1, 2))]
    if situation.key in ("no_correction", "fee_unpaid"):
        situation = situations[1]
    filed = situation.category.value.startswith("withheld.") or situation.key == "partial"
    decision = services.decide(request, office, situation=situation.key, decided_on=answered,
                               reasons="经审查，依法作出答复。" if filed else "",
                               withheld_information="涉及内部事务及第三方个人信息的部分" if filed else "",
                               approved_by="王主任" if filed else "")
    delivered = calendar.add_workdays(answered, rng.randint(0, 2))
    if delivered < today:
        services.record_delivery(decision, office, channel=rng.choice(("direct", "post", "email", "online")),
                                 delivered_on=delivered)
