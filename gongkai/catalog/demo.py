"""Demo directory for the demo bureau: the national columns, the bureau's own, a few items."""

from __future__ import annotations

import datetime as dt

from gongkai.catalog.models import Category, Item
from gongkai.catalog.models.category import NATIONAL_COLUMNS
from gongkai.org.models import Agency, Unit

BUREAU_COLUMNS = (
    ("org-functions", "机构职能"),
    ("policies", "政策文件"),
    ("interpretations", "政策解读"),
    ("licensing", "行政许可"),
    ("penalties", "行政处罚"),
    ("budgets", "财政预决算"),
    ("public-order", "治安管理"),
    ("traffic", "交通管理"),
    ("exit-entry", "出入境管理"),
    ("household", "户政管理"),
    ("police-bulletins", "警情通报"),
)

DRAFTS = (
    ("交警支队", "traffic", "关于调整城区部分道路机动车通行组织的通告"),
    ("治安支队", "public-order", "关于加强寄递物流行业治安管理的通告"),
    ("出入境管理支队", "exit-entry", "出入境证件办理指南（2026年版）"),
)


def load(agency: Agency, today: dt.date) -> None:
    statutory = None
    for order, (slug, name) in enumerate(NATIONAL_COLUMNS):
        category = Category.objects.create(agency=agency, slug=slug, name=name, sort_order=order, is_national=True)
        if slug == "statutory":
            statutory = category
    for order, (slug, name) in enumerate(BUREAU_COLUMNS):
        Category.objects.create(agency=agency, parent=statutory, slug=slug, name=name, sort_order=order)
    for unit_name, slug, title in DRAFTS:
        Item.objects.create(
            agency=agency,
            unit=Unit.objects.get(agency=agency, name=unit_name),
            category=Category.objects.get(agency=agency, slug=slug),
            title=title,
            written_on=today,
            body=f"<p>{title}（草稿）</p>",
        )
