"""The demo bureau: a city public security bureau with its units, staff in every role and data.

Every later part of the platform adds its demo records through `DEMO_LOADERS`, so one command
sets up the whole demo. Loading is idempotent: an existing demo agency is left as it is.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from gongkai.appeals.demo import load as load_appeals_demo
from gongkai.catalog.demo import load as load_catalog_demo
from gongkai.credit.demo import load as load_credit_demo
from gongkai.enforcement.demo import load as load_enforcement_demo
from gongkai.inforequests.demo import load as load_requests_demo
from gongkai.ledger.demo import load as load_ledger_demo
from gongkai.org import roles
from gongkai.org.models import Agency, StaffProfile, Unit
from gongkai.search.indexing import reindex_all

DEMO_AGENCY_CODE = "demo-psb"
DEMO_PASSWORD = "gongkai-demo-2026"
ADMIN_USERNAME = "admin"

# A fictional city; the USCC and organisation code pass their checksums (GB 32100 / GB 11714).
DEMO_AGENCY = dict(
    code=DEMO_AGENCY_CODE,
    name="示范市公安局",
    short_name="市公安局",
    kind=Agency.Kind.DEPARTMENT,
    uscc="1141010000591782XR",
    division_code="410100",
    parent_name="示范市人民政府办公室",
    office_name="示范市公安局政府信息公开办公室（局办公室）",
    office_address="示范市人民路88号市公安局办公楼一楼政务公开窗口",
    office_postcode="450000",
    office_phone="0371-12345678",
    office_fax="0371-12345679",
    office_email="gongkai@psb.example.gov.cn",
    office_hours="工作日上午9:00—12:00，下午13:30—17:00（法定节假日除外）",
    website="http://127.0.0.1:8000/",
)

UNITS = (
    "办公室",
    "法制支队",
    "交警支队",
    "治安支队",
    "出入境管理支队",
    "宣传处",
    "人口与户政管理支队",
    "城东分局",
    "城西分局",
    "高新区分局",
)


@dataclass(frozen=True)
class DemoUser:
    username: str
    full_name: str
    role: str
    unit: str | None


USERS = (
    DemoUser("gongkaiban", "李公开", roles.OFFICE, "办公室"),
    DemoUser("lingdao", "王局长", roles.LEADER, None),
    DemoUser("shenhe", "赵审核", roles.REVIEWER, None),
    DemoUser("xxy-jiaojing", "钱信息", roles.OFFICER, "交警支队"),
    DemoUser("sh-jiaojing", "孙审核", roles.REVIEWER, "交警支队"),
    DemoUser("xxy-zhian", "周信息", roles.OFFICER, "治安支队"),
    DemoUser("xxy-churujing", "吴信息", roles.OFFICER, "出入境管理支队"),
    DemoUser("xxy-fazhi", "郑信息", roles.OFFICER, "法制支队"),
    DemoUser("xxy-chengdong", "冯信息", roles.OFFICER, "城东分局"),
)


def _password_user(username: str, *, superuser: bool = False):
    User = get_user_model()
    user, created = User.objects.get_or_create(username=username, defaults={"is_staff": True})
    if created:
        user.set_password(DEMO_PASSWORD)
        user.is_superuser = superuser
        user.email = f"{username}@psb.example.gov.cn"
        user.save()
    return user


def load_bureau() -> Agency:
    agency, _ = Agency.objects.get_or_create(code=DEMO_AGENCY_CODE, defaults=DEMO_AGENCY)
    for order, name in enumerate(UNITS):
        Unit.objects.get_or_create(agency=agency, name=name, defaults={"sort_order": order})
    admin = _password_user(ADMIN_USERNAME, superuser=True)
    admin.groups.add(Group.objects.get(name=roles.ADMINISTRATOR))
    StaffProfile.objects.get_or_create(user=admin, defaults={"agency": agency, "full_name": "系统管理员"})
    for spec in USERS:
        user = _password_user(spec.username)
        user.groups.add(Group.objects.get(name=spec.role))
        unit = Unit.objects.get(agency=agency, name=spec.unit) if spec.unit else None
        StaffProfile.objects.get_or_create(
            user=user, defaults={"agency": agency, "unit": unit, "full_name": spec.full_name}
        )
    return agency


def load_catalog(agency: Agency, today: dt.date) -> None:
    load_catalog_demo(agency, today)


def load_requests(agency: Agency, today: dt.date) -> None:
    load_requests_demo(agency, today)


def load_appeals(agency: Agency, today: dt.date) -> None:
    load_appeals_demo(agency, today)


def load_ledger(agency: Agency, today: dt.date) -> None:
    load_ledger_demo(agency, today)


def load_credit(agency: Agency, today: dt.date) -> None:
    load_credit_demo(agency, today)


def load_enforcement(agency: Agency, today: dt.date) -> None:
    load_enforcement_demo(agency, today)


# Later parts of the platform append their loaders here: each takes (agency, today).
DEMO_LOADERS = [load_catalog, load_requests, load_appeals, load_ledger, load_credit, load_enforcement]


def load_demo(today: dt.date | None = None) -> tuple[Agency, bool]:
    """Load the demo bureau; returns (agency, created)."""
    today = today or timezone.localdate()
    if Agency.objects.filter(code=DEMO_AGENCY_CODE).exists():
        return Agency.objects.get(code=DEMO_AGENCY_CODE), False
    with transaction.atomic():
        agency = load_bureau()
        for loader in DEMO_LOADERS:
            loader(agency, today)
        reindex_all(agency)
    return agency, True
