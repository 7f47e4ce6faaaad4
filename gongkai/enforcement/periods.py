"""How long a published decision stays on the portal (law-and-standards.md §3.3), and its deadlines.

Strict default: for each case the shortest period any source gives. Natural persons 2 years (裕华区
执法公示 rule; SAMR 令第45号 art.13 gives 3 years); organisations 3 years (SAMR; 裕华区 gives 5);
警告, 通报批评 or a small fine 3 months (SAMR art.13). Counted from the decision date like the credit
periods (core.publicity.add_months, 民法典 第二百零一条). Publishing is due 7 working days after the
decision (seed report 2018; 国办发〔2018〕118号) and withdrawal 3 working days after the decision was
changed (行政处罚法 第四十八条第二款, 第八十五条): core.publicity.publish_due / withdrawal_due.
"""

from __future__ import annotations

import datetime as dt
import re

from gongkai.core.publicity import add_months

_CN = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}
_FINE = re.compile(r"罚款(?:人民币)?([0-9,，.]+|[零〇一二两三四五六七八九十百千万]+)元")


def chinese_amount(text: str) -> int | None:
    """"五百" -> 500, "一千二百" -> 1200, "二万" -> 20000, "1,000" -> 1000."""
    digits = text.replace(",", "").replace("，", "")
    if re.fullmatch(r"\d+(?:\.\d+)?", digits):
        return int(float(digits))
    total = section = number = 0
    for char in text:
        if char in _CN:
            number = _CN[char]
        elif char in _UNITS:
            section += (number or 1) * _UNITS[char]
            number = 0
        elif char == "万":
            total += (section + number) * 10000
            section = number = 0
        else:
            return None
    return total + section + number


def fine_yuan(penalties) -> int | None:
    """The total fine in yuan named in the penalty lines, or None when no fine is named."""
    found = None
    for line in penalties or ():
        for match in _FINE.finditer(str(line)):
            amount = chinese_amount(match.group(1))
            if amount is not None:
                found = (found or 0) + amount
    return found


_HEAVY = re.compile(r"拘留|吊销|暂扣|没收|停产|停业|驱逐出境|限期出境|责令关闭")


def is_low_penalty(penalties, *, natural: bool, agency_settings) -> bool:
    """警告 or 通报批评 only, or a fine no higher than the agency's 较低数额 and nothing heavier."""
    joined = "；".join(str(p) for p in penalties or ())
    if not joined or _HEAVY.search(joined):
        return False
    fine = fine_yuan(penalties)
    if fine is None:
        return "警告" in joined or "通报批评" in joined
    limit = agency_settings.low_fine_natural_yuan if natural else agency_settings.low_fine_organisation_yuan
    return fine <= limit


def punished_is_natural(parties) -> bool:
    """Unknown parties count as natural persons: the shorter period is the strict one."""
    punished = [p for p in parties or () if p.get("role", "punished") == "punished"]
    return not punished or any(p.get("kind", "natural") == "natural" for p in punished)


def publication_ends_on(decided_on: dt.date, parties, penalties, agency_settings) -> dt.date:
    natural = punished_is_natural(parties)
    if is_low_penalty(penalties, natural=natural, agency_settings=agency_settings):
        months = agency_settings.minor_penalty_months
    else:
        months = agency_settings.natural_person_months if natural else agency_settings.organisation_months
    return add_months(decided_on, months)
