"""Realistic 双公示 rows as a case system exports them: for the demo, the tests and the benchmarks.

Names, ID numbers and credit codes are made up but pass their checksums; penalties and licences
come from the power list built from the real laws, so 处罚依据 cites a real article. A `broken`
share of rows carries one deliberate defect each (a wrong checksum, a 元/万元 slip, a future date,
an unknown category, a missing 文号) to show the error report.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

from gongkai.core.credit_fields import LICENSE_FIELDS, PENALTY_FIELDS
from gongkai.core.identifiers import id_check_char, orgcode_check_char, uscc_check_char
from gongkai.core.power_list import load_power_list

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
GIVEN = "伟芳娜敏静磊洋勇艳杰娟涛明超秀英华建国志强海燕军平刚桂兰玉梅丽红霞鹏飞宇浩然思雨欣怡子涵"
SHOPS = ("商贸", "物流", "运输", "餐饮", "网吧", "酒店", "建材", "汽车服务", "电子", "印刷", "娱乐", "超市")
DISTRICTS = ("城东", "城西", "高新区", "南湖", "北山")


def _person_name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def id_number(rng: random.Random, born_from=dt.date(1955, 1, 1), span_days=365 * 45) -> str:
    born = born_from + dt.timedelta(days=rng.randrange(span_days))
    body = f"4101{rng.randrange(1, 30):02d}{born:%Y%m%d}{rng.randrange(1000):03d}"
    return body + id_check_char(body)


def uscc(rng: random.Random, prefix: str = "91410100") -> str:
    org = "".join(rng.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(8))
    body = prefix + org + orgcode_check_char(org)
    return body + uscc_check_char(body)


def _company(rng: random.Random) -> str:
    return f"示范市{rng.choice(DISTRICTS)}{rng.choice(SURNAMES)}{rng.choice(GIVEN)}{rng.choice(SHOPS)}有限公司"


class RowFactory:
    """Deterministic rows for one agency; `penalty(n)` and `license(n)` are the n-th rows."""

    def __init__(self, agency_name: str, agency_uscc: str, *, seed: int = 1, start: dt.date = dt.date(2025, 1, 1),
                 days: int = 365):
        self.agency_name, self.agency_uscc = agency_name, agency_uscc
        self.seed, self.start, self.days = seed, start, days
        items = load_power_list()["items"]
        self.penalty_items = [i for i in items if i["行政职权类别"] == "行政处罚"]
        self.license_items = [i for i in items if i["行政职权类别"] == "行政许可"]

    def _party(self, rng, prefix: str, kinds) -> dict:
        kind = rng.choices(kinds, weights=(1, 6, 1)[: len(kinds)])[0] if len(kinds) > 1 else kinds[0]
        if kind == "自然人":
            return {f"{prefix}_XDR_MC": _person_name(rng), f"{prefix}_XDR_LB": "自然人", f"{prefix}_XDR_ZJLX": "身份证",
                    f"{prefix}_XDR_ZJHM": id_number(rng)}
        code = uscc(rng, "92410100" if kind == "个体工商户" else "91410100")
        return {f"{prefix}_XDR_MC": _company(rng), f"{prefix}_XDR_LB": kind, f"{prefix}_XDR_SHXYM": code,
                f"{prefix}_FRDB": _person_name(rng)}

    def penalty(self, n: int) -> dict:
        rng = random.Random(self.seed * 1_000_003 + n)
        item = self.penalty_items[n % len(self.penalty_items)]
        decided = self.start + dt.timedelta(days=rng.randrange(self.days))
        row = self._party(rng, "CF", ["法人及非法人组织", "自然人", "个体工商户"]
                          if "法人及非法人组织" in item["行政相对人类别"] else ["自然人"])
        fine = rng.choice((200, 500, 1000, 2000, 3000, 5000))
        row.update({
            "CF_WSH": f"示公（{'交' if item['行政决定部门'] == '交警支队' else '治'}）行罚决字〔{decided.year}〕{n + 1}号",
            "CF_WFXW": item["项目名称"],
            "CF_SY": f"{decided.year}年{decided.month}月{decided.day}日，当事人违反规定，经查属实。",
            "CF_YJ": item["basis"]["citation"],
            "CF_CFLB": "罚款",
            "CF_NR": f"罚款{fine}元",
            "CF_NR_FK": str(Decimal(fine) / 10000),
            "CF_JDRQ": decided.strftime("%Y/%m/%d"),
            "CF_YXQ": (decided + dt.timedelta(days=365)).strftime("%Y/%m/%d"),
            "CF_CFJG": self.agency_name, "CF_CFJGDM": self.agency_uscc,
            "CF_SJLY": self.agency_name, "CF_SJLYDM": self.agency_uscc,
        })
        return row

    def license(self, n: int) -> dict:
        rng = random.Random(self.seed * 2_000_003 + n)
        item = self.license_items[n % len(self.license_items)]
        decided = self.start + dt.timedelta(days=rng.randrange(self.days))
        row = self._party(rng, "XK", ["法人及非法人组织", "自然人", "个体工商户"])
        long_term = rng.random() < 0.3
        row.update({
            "XK_XKWS": f"{item['项目名称']}决定书", "XK_WSH": f"示公许字〔{decided.year}〕{n + 1}号",
            "XK_XKLB": item.get("许可类别") or "其他-证件签发", "XK_XKZS": item["项目名称"], "XK_XKBH": f"XK{decided:%Y}{n + 1:08d}",
            "XK_NR": f"准予{item['项目名称']}", "XK_JDRQ": decided.strftime("%Y/%m/%d"),
            "XK_YXQZ": decided.strftime("%Y/%m/%d"),
            "XK_YXQZI": "2099/12/31" if long_term else (decided + dt.timedelta(days=365 * 6)).strftime("%Y/%m/%d"),
            "XK_XKJG": self.agency_name, "XK_XKJGDM": self.agency_uscc,
            "XK_LYDW": self.agency_name, "XK_LYDWDM": self.agency_uscc,
        })
        return row

    def broken(self, kind: str, n: int, defect: int | None = None) -> dict:
        """Row n with one deliberate defect (0-4; by default chosen by n)."""
        row = self.penalty(n) if kind == "penalty" else self.license(n)
        p = "CF" if kind == "penalty" else "XK"
        defect = n % 5 if defect is None else defect % 5
        if defect == 0:
            code_field = f"{p}_XDR_ZJHM" if f"{p}_XDR_ZJHM" in row else f"{p}_XDR_SHXYM"
            value = row[code_field]
            row[code_field] = value[:-1] + ("0" if value[-1] != "0" else "1")
        elif defect == 1 and kind == "penalty":
            row["CF_NR_FK"] = row["CF_NR"].removeprefix("罚款").removesuffix("元")  # yuan typed as 万元
        elif defect == 2:
            row[f"{p}_JDRQ"] = "2099/01/01"
        elif defect == 3:
            row["CF_CFLB" if kind == "penalty" else "XK_XKLB"] = "口头教育"
        else:
            row[f"{p}_WSH"] = ""
        return row


def header(kind: str, *, chinese: bool = False) -> list[str]:
    fields = PENALTY_FIELDS if kind == "penalty" else LICENSE_FIELDS
    return [spec.name if chinese else spec.code for spec in fields]


def rows(factory: RowFactory, kind: str, count: int, *, broken_every: int = 0, first: int = 0) -> Iterator[dict]:
    make = factory.penalty if kind == "penalty" else factory.license
    for n in range(first, first + count):
        if broken_every and n % broken_every == broken_every - 1:
            yield factory.broken(kind, n, defect=n // broken_every)
        else:
            yield make(n)


def write_csv(path: Path, kind: str, records, *, encoding: str = "utf-8", chinese_header: bool = False) -> Path:
    codes = header(kind)
    with open(path, "w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header(kind, chinese=chinese_header))
        for row in records:
            writer.writerow([row.get(code, "") for code in codes])
    return path
