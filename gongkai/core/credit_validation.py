"""Validate one 双公示 row (行政处罚 or 行政许可) against the national standard and say in Chinese what is wrong.

The importer feeds up to a million rows through `validate_row`, so the common path is kept short:
regexes are compiled once, repeated values (dates, amounts, birth dates, the agency's own codes,
category and 处罚内容 cells) are cached, and the identifier checksums have a fast path for valid
codes. Whenever a code fails the fast path the reference checkers in core/identifiers decide, so
verdicts and reasons are theirs. Per row, an empty cell costs one test, the required fields are one
"None in a tuple" test, and what only an invalid row needs (error objects, "was this cell blank or
unreadable?") is worked out only when something is wrong.

Rules (field lists in core/credit_fields; sources in law-and-standards.md §4.2, §4.3, §5):
- required fields, including by 行政相对人类别 (自然人: 证件类型 + 证件号码; 法人及非法人组织 and
  个体工商户: 统一社会信用代码 + 法定代表人), and the 文号 (CF_WSH / XK_WSH) always;
- enumerations (类别, 处罚类别, 许可类别, 证件类型), synonyms accepted via credit_fields;
- identifiers: USCC (the placeholder "00000000000000000X" is an error), 组织机构代码, and an ID number
  whenever the 证件类型 is 身份证;
- dates: real calendar dates written YYYY/MM/DD, YYYY-MM-DD or YYYYMMDD (one-digit month/day and a
  trailing time of day, as spreadsheets export them, are accepted); a decision date is not in the
  future; 有效期至 is not before 有效期自; 2099/12/31 means 长期;
- amounts in 万元: non-negative, at most decimal(18,6) (§4.2 DDL), 罚款 requires CF_NR_FK > 0, and
  CF_NR_FK agrees with an amount stated in 处罚内容 (the classic mistake is 元 typed as 万元);
- lengths: too long is an error, never a silent truncation.

Only code-like values (identifiers, dates, amounts, enumerations) have full-width ASCII made
half-width: in Chinese prose "，" and "：" are correct and must be kept as written.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from operator import itemgetter

from gongkai.core.credit_fields import (
    AMBIGUOUS_PENALTY_CATEGORIES,
    FIELDS_BY_KIND,
    ID_TYPE_RESIDENT,
    PARTY_KINDS,
    FieldSpec,
    normalize_id_type,
    normalize_license_category,
    normalize_party_kind,
    normalize_penalty_categories,
)
from gongkai.core.identifiers import (
    PROVINCE_CODES,
    USCC_ALPHABET,
    check_id_number,
    check_orgcode,
    check_uscc,
    id_check_char_of_digits,
    uscc_checksums_hold,
)
from gongkai.core.text import HALF_WIDTH, half_width

__all__ = [
    "CleanRecord",
    "LONG_TERM_DATE",
    "RowError",
    "parse_amount_yuan",
    "parse_credit_date",
    "stated_fine_yuan",
    "validate_row",
]

LONG_TERM_DATE = date(2099, 12, 31)
_WAN = Decimal(10000)
_MAX_DECIMALS = 6  # decimal(18,6)
_MAX_INTEGER_DIGITS = 12
_ZERO = Decimal(0)
_MISSING = object()  # "not cached yet", where None is a cached answer


@dataclass(frozen=True, slots=True)
class RowError:
    """One problem in one field: what the reviewer sees next to the cell."""

    code: str
    name: str
    value: str
    reason: str


@dataclass(slots=True)
class CleanRecord:
    """A row that passed every rule, with values normalised for storage.

    `values` maps every field code of the kind to its value: text as str, dates as date, amounts as
    Decimal (万元), enumerations in their official spelling (处罚类别: the categories joined by ";"),
    and None for an empty optional field. `long_term` is True when the validity end is 2099/12/31
    (长期); the date itself is kept as written. `natural_key` is (决定书文号, 相对人代码 or 名称): the
    USCC for bodies, the 证件号码 for persons, the name only when neither exists.
    """

    kind: str
    party_kind: str
    values: dict
    natural_key: tuple[str, str]
    long_term: bool = False
    penalty_categories: tuple[str, ...] = field(default=())


# --- text normalisation ---------------------------------------------------------------------------

_INVISIBLE_EDGES = re.compile(r"^[\s\u200b-\u200d\u2060\ufeff]+|[\s\u200b-\u200d\u2060\ufeff]+$")
_ZERO_WIDTH_CHARS = "\u200b\u200c\u200d\u2060\ufeff"


# --- dates ----------------------------------------------------------------------------------------

_DATE_SEPARATED = re.compile(r"(?a)(\d{4})([-/])(\d{1,2})\2(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")
_DATE_COMPACT = re.compile(r"(?a)(\d{4})(\d{2})(\d{2})")
_date_cache: dict[str, date | str] = {}
_CACHE_LIMIT = 200_000


def parse_credit_date(text: str) -> date | str:
    """The date in `text`, or a Chinese reason why it is not one (YYYY/MM/DD, YYYY-MM-DD or YYYYMMDD)."""
    cached = _date_cache.get(text)
    if cached is not None:
        return cached
    match = _DATE_SEPARATED.fullmatch(text) or _DATE_COMPACT.fullmatch(text)
    if match is None:
        result: date | str = f"日期格式应为YYYY/MM/DD、YYYY-MM-DD或YYYYMMDD，实为“{text}”"
    else:
        year, month, day = int(match.group(1)), int(match.group(match.lastindex - 1)), int(match.group(match.lastindex))
        try:
            result = date(year, month, day)
        except ValueError:
            result = f"“{text}”不是真实存在的日期"
        else:
            if year < 1900:
                result = f"日期“{text}”早于1900年，疑似填写错误"
    if len(_date_cache) >= _CACHE_LIMIT:
        _date_cache.clear()
    _date_cache[text] = result
    return result


# --- amounts --------------------------------------------------------------------------------------

_AMOUNT = re.compile(r"(?a)[+]?(\d+)(?:\.(\d+))?")
_THOUSANDS = re.compile(r"(?a)^\d{1,3}(?:,\d{3})+(?:\.\d+)?$")


# Amount cells repeat across a file (the same few fines); a Decimal is immutable, so one per text.
_amount_cache: dict[str, Decimal | str] = {}


def _parse_wan_cached(text: str) -> Decimal | str:
    """_parse_wan through a cache (the row loop looks in `_amount_cache` itself first)."""
    result = _parse_wan(text)
    if len(_amount_cache) >= _CACHE_LIMIT:
        _amount_cache.clear()
    _amount_cache[text] = result
    return result


def _parse_wan(text: str) -> Decimal | str:
    """A 万元 amount, or a Chinese reason: non-negative, at most 12 integer digits and 6 decimals."""
    if "," in text and _THOUSANDS.match(text):
        text = text.replace(",", "")
    match = _AMOUNT.fullmatch(text)
    if match is None:
        if text.startswith("-"):
            return f"金额不能为负数，实为“{text}”"
        if text.endswith("元"):
            return f"金额应只填数字（单位为万元），不要带单位，实为“{text}”"
        return f"金额应为数字（单位万元），实为“{text}”"
    integer, decimals = match.group(1), match.group(2)
    if len(integer.lstrip("0")) > _MAX_INTEGER_DIGITS:
        return f"金额整数部分超过{_MAX_INTEGER_DIGITS}位（单位万元），疑似填写错误"
    if decimals and len(decimals.rstrip("0")) > _MAX_DECIMALS:
        return f"金额小数超过{_MAX_DECIMALS}位（单位万元，最小0.000001万元即0.01元），不能截断"
    return Decimal(text)


_CN_DIGIT = {
    "零": 0, "〇": 0, "一": 1, "壹": 1, "二": 2, "贰": 2, "两": 2, "三": 3, "叁": 3, "四": 4, "肆": 4,
    "五": 5, "伍": 5, "六": 6, "陆": 6, "七": 7, "柒": 7, "八": 8, "捌": 8, "九": 9, "玖": 9,
}
_CN_SMALL_UNIT = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_CN_BIG_UNIT = {"万": 10000, "萬": 10000}
_CN_NUMERAL = "零〇一壹二贰两三叁四肆五伍六陆七柒八捌九玖十拾百佰千仟万萬"


def _cn_to_int(text: str) -> int | None:
    """二千 → 2000, 一万五千 → 15000, 壹仟伍佰 → 1500, 十五 → 15; None if it is not a numeral."""
    total = section = digit = 0
    seen_digit = False
    for char in text:
        if char in _CN_DIGIT:
            digit = _CN_DIGIT[char]
            seen_digit = True
        elif char in _CN_SMALL_UNIT:
            section += (digit if seen_digit else 1) * _CN_SMALL_UNIT[char]
            digit, seen_digit = 0, False
        elif char in _CN_BIG_UNIT:
            total += (section + digit) * _CN_BIG_UNIT[char]
            section = digit = 0
            seen_digit = False
        else:
            return None
    return total + section + digit


_UNIT_YUAN = {"元": Decimal(1), "千元": Decimal(1000), "万元": _WAN}
_NUM = rf"(?P<num>[0-9]+(?:,[0-9]{{3}})*(?:\.[0-9]+)?|[{_CN_NUMERAL}]+)"
_UNIT = r"(?P<unit>万元|千元|元)"
# "罚款2000元", "罚款人民币二千元", "并处罚款500元整" / "处2000元罚款", "处以人民币五百元的罚款".
_FINE_AFTER = re.compile(rf"罚款(?:金额)?(?:为|计)?(?:人民币)?\s*{_NUM}\s*{_UNIT}(?!以[上下]|及以[上下])")
_FINE_BEFORE = re.compile(rf"(?:人民币)?{_NUM}\s*{_UNIT}(?:人民币)?(?:的)?罚款")


def parse_amount_yuan(number: str, unit: str) -> Decimal | None:
    """An amount in 元 from its number ("2,000", "1.5", "二千") and unit (元, 千元, 万元)."""
    if number[0].isdigit():
        try:
            value = Decimal(number.replace(",", ""))
        except InvalidOperation:
            return None
    else:
        whole = _cn_to_int(number)
        if whole is None:
            return None
        value = Decimal(whole)
    return value * _UNIT_YUAN[unit]


def stated_fine_yuan(content: str) -> Decimal | None:
    """The total fine in 元 that 处罚内容 states ("罚款2000元", "处二千元罚款"), or None if it states none."""
    if "罚款" not in content:
        return None
    content = half_width(content)  # "罚款２０００元" from an input method
    total = None
    for pattern in (_FINE_AFTER, _FINE_BEFORE):
        for match in pattern.finditer(content):
            amount = parse_amount_yuan(match.group("num"), match.group("unit"))
            if amount is not None:
                total = amount if total is None else total + amount
        if total is not None:
            return total  # both patterns on one phrase would count it twice
    return total


def _format_yuan(amount: Decimal) -> str:
    """2000 not 2.0E+3, 0.2 not 0.2000, in reasons people read."""
    return format(amount.normalize(), "f")


# --- identifiers: fast paths, with identifiers.py as the judge on any doubt --------------------------

_USCC_SHAPE = re.compile(f"[{USCC_ALPHABET}]{{18}}")
_USCC_PLACEHOLDER_BODY = "0" * 17
_known_good_uscc: set[str] = set()


def _uscc_reason(code: str) -> str | None:
    """None when `code` is a valid USCC, else check_uscc's Chinese reason."""
    if code in _known_good_uscc:
        return None
    if _USCC_SHAPE.fullmatch(code) and not code.startswith(_USCC_PLACEHOLDER_BODY) and uscc_checksums_hold(code):
        if len(_known_good_uscc) < _CACHE_LIMIT:
            _known_good_uscc.add(code)  # agencies' own codes repeat on every row
        return None
    result = check_uscc(code)
    return None if result.valid else f"统一社会信用代码错误：{result.reason}"


_ID18_SHAPE = re.compile(r"(?a)\d{17}[\dX]")
# Birth dates (YYYYMMDD) repeat across a file: each is parsed once; None when not a date from 1900 on.
_birth_cache: dict[str, date | None] = {}


def _birth_date(digits: str) -> date | None:
    """The date of an ID number's YYYYMMDD digits, or None if it is no date or before 1900."""
    birth = _birth_cache.get(digits, _MISSING)
    if birth is _MISSING:
        try:
            birth = date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
        except ValueError:
            birth = None
        if birth is not None and birth.year < 1900:
            birth = None
        if len(_birth_cache) >= _CACHE_LIMIT:
            _birth_cache.clear()
        _birth_cache[digits] = birth
    return birth


def _id_reason(code: str, today: date) -> str | None:
    """None when `code` is a valid 居民身份证号码 on `today`, else check_id_number's Chinese reason."""
    if _ID18_SHAPE.fullmatch(code) and code[:2] in PROVINCE_CODES:
        birth = _birth_date(code[6:14])
        if birth is not None and birth <= today and id_check_char_of_digits(code[:17]) == code[17]:
            return None
    result = check_id_number(code, today=today)
    return None if result.valid else f"身份证号码错误：{result.reason}"


# --- the row plans --------------------------------------------------------------------------------

# Kind codes for the dispatch in the loop (ints compare faster than strings).
_TEXT, _DATE, _AMOUNT_WAN, _ENUM, _USCC, _ORGCODE, _ID_NUMBER = range(7)
_KIND_CODE = {"text": _TEXT, "date": _DATE, "amount_wan": _AMOUNT_WAN, "enum": _ENUM, "uscc": _USCC,
              "orgcode": _ORGCODE, "id_number": _ID_NUMBER}
# Dates and amounts are stored parsed, so their format check stands in for a length check: the row
# loop compares every code-like cell with one limit, and theirs is never reached.
_NO_LIMIT = sys.maxsize


def _values_of(codes: tuple[str, ...]) -> Callable[[dict], tuple]:
    """A function giving the tuple of values[code] for `codes`, so "is one of them None?" is one C call
    (`itemgetter` alone returns a bare value for a single code, and needs at least one)."""
    if len(codes) > 1:
        return itemgetter(*codes)
    return lambda values: tuple(values[code] for code in codes)


@dataclass(frozen=True, slots=True)
class _Plan:
    kind: str
    prefix: str  # "CF" / "XK"
    specs: dict[str, FieldSpec]
    codes: tuple[str, ...]
    empty_values: dict[str, None]  # every code -> None, in the standard's order: copied per row
    cells: dict[str, tuple[str, int, int]]  # code -> (name, kind code, length limit)
    required_always: tuple[str, ...]
    required_always_values: Callable[[dict], tuple]
    # 行政相对人类别 -> (the codes it requires, their values getter)
    required_by_party: dict[str, tuple[tuple[str, ...], Callable[[dict], tuple]]]
    party_field: str
    doc_number_field: str
    name_field: str
    uscc_field: str
    id_number_field: str
    # (证件类型, 证件号码) of the party and of the 法定代表人
    id_fields: tuple[tuple[str, str], ...]
    decision_date_field: str
    # (earlier, later): `later` may not be before `earlier`.
    date_order: tuple[tuple[str, str], ...]
    long_term_fields: tuple[str, ...]
    future_forbidden: tuple[str, ...]


def _make_plan(kind: str) -> _Plan:
    specs = FIELDS_BY_KIND[kind]
    prefix = "CF" if kind == "penalty" else "XK"
    by_party = {}
    for party in PARTY_KINDS:
        codes = tuple(s.code for s in specs if s.required == "by_party_kind" and party in s.party_kinds)
        by_party[party] = (codes, _values_of(codes))
    if kind == "penalty":
        date_order = (("CF_JDRQ", "CF_YXQ"), ("CF_JDRQ", "CF_GSJZQ"))
        long_term = ("CF_YXQ",)
        future = ("CF_JDRQ",)
        decision = "CF_JDRQ"
        doc = "CF_WSH"
    else:
        date_order = (("XK_YXQZ", "XK_YXQZI"),)
        long_term = ("XK_YXQZI",)
        future = ("XK_JDRQ",)
        decision = "XK_JDRQ"
        doc = "XK_WSH"
    required_always = tuple(s.code for s in specs if s.required == "always")
    return _Plan(
        kind=kind,
        prefix=prefix,
        specs={s.code: s for s in specs},
        codes=tuple(s.code for s in specs),
        empty_values=dict.fromkeys(s.code for s in specs),
        cells={s.code: (s.name, _KIND_CODE[s.kind], _NO_LIMIT if s.kind in ("date", "amount_wan") else s.max_length)
               for s in specs},
        required_always=required_always,
        required_always_values=_values_of(required_always),
        required_by_party=by_party,
        party_field=f"{prefix}_XDR_LB",
        doc_number_field=doc,
        name_field=f"{prefix}_XDR_MC",
        uscc_field=f"{prefix}_XDR_SHXYM",
        id_number_field=f"{prefix}_XDR_ZJHM",
        id_fields=((f"{prefix}_XDR_ZJLX", f"{prefix}_XDR_ZJHM"), (f"{prefix}_FR_ZJLX", f"{prefix}_FR_ZJHM")),
        decision_date_field=decision,
        date_order=date_order,
        long_term_fields=long_term,
        future_forbidden=future,
    )


_PLANS = {kind: _make_plan(kind) for kind in FIELDS_BY_KIND}


# --- the validator --------------------------------------------------------------------------------


def validate_row(kind: str, row: dict, *, today: date) -> tuple[CleanRecord | None, list[RowError]]:
    """Check one row of the 双公示 standard; return (record, []) or (None, errors).

    `row` maps field codes (credit_fields) to the cell text; keys that are not field codes are
    ignored. `today` pins "not in the future" (pass the import's date, not the wall clock, so a
    re-run gives the same verdict). Never raises on bad cell values: every problem is a RowError.
    """
    plan = _PLANS.get(kind)
    if plan is None:
        raise ValueError(f"kind must be 'penalty' or 'license', not {kind!r}")
    if isinstance(today, datetime):
        today = today.date()
    errors: list[RowError] = []
    values = plan.empty_values.copy()  # every field present, None until a cell fills it
    cells = plan.cells
    get = row.get

    # 1. Clean every cell and check what does not depend on other cells. Only the row's own keys
    #    are visited, and empty cells (most optional columns) are dropped by the first test. A cell
    #    that is filled but left no value (a bad date, an overlong code) is not "missing": the
    #    required checks below ask `_blank` about the cell itself, which is rare enough to be slow.
    for code, raw in row.items():
        if not raw and (raw is None or raw.__class__ is str):
            continue
        cell = cells.get(code)
        if cell is None:
            continue
        name, field_kind, limit = cell
        if raw.__class__ is not str:
            raw = str(raw)  # a number from a spreadsheet: checked as text, so an ID in float form fails
        text = raw.strip()
        if not text:
            continue
        if text.strip(_ZERO_WIDTH_CHARS) != text:  # one C call: text[0] would build a str per CJK cell
            text = _INVISIBLE_EDGES.sub("", text)
            if not text:
                continue
        if field_kind == _TEXT:
            if len(text) > limit:
                errors.append(RowError(code, name, raw, f"长度超过{limit}个字符（实为{len(text)}个），不能截断"))
            values[code] = text
            continue
        if field_kind == _ENUM:  # the credit_fields normalisers handle full-width themselves
            values[code] = text
            continue
        if not text.isascii():
            text = text.translate(HALF_WIDTH).strip()  # already known non-ASCII: the table directly
        if len(text) > limit:
            errors.append(RowError(code, name, raw, f"长度超过{limit}个字符（实为{len(text)}个），不能截断"))
            continue
        if field_kind == _DATE:
            parsed = _date_cache.get(text) or parse_credit_date(text)
            if parsed.__class__ is str:
                errors.append(RowError(code, name, raw, parsed))
            else:
                values[code] = parsed
        elif field_kind == _USCC:
            text = text.upper()
            if text not in _known_good_uscc:
                reason = _uscc_reason(text)
                if reason:
                    errors.append(RowError(code, name, raw, reason))
            values[code] = text
        elif field_kind == _AMOUNT_WAN:
            parsed = _amount_cache.get(text) or _parse_wan_cached(text)  # Decimal 0 is falsy: parsed again
            if parsed.__class__ is str:
                errors.append(RowError(code, name, raw, parsed))
            else:
                values[code] = parsed
        elif field_kind == _ORGCODE:
            result = check_orgcode(text)
            if not result.valid:
                errors.append(RowError(code, name, raw, f"组织机构代码错误：{result.reason}"))
            values[code] = result.value
        else:  # _ID_NUMBER: its check depends on the 证件类型, handled below
            values[code] = text

    # 2. 行政相对人类别 decides what else is required.
    party_field = plan.party_field
    party_kind = None
    party_text = values[party_field]
    if party_text is not None:
        party_kind = normalize_party_kind(party_text)
        if party_kind is None:
            errors.append(_error(plan, party_field, get(party_field),
                                 f"行政相对人类别应为{'、'.join(PARTY_KINDS)}之一，实为“{party_text}”"))
        values[party_field] = party_kind

    if None in plan.required_always_values(values):
        _check_required(plan, values, row, plan.required_always, errors)
    if party_kind is not None:
        codes, required_values = plan.required_by_party[party_kind]
        if None in required_values(values):
            _check_required(plan, values, row, codes, errors, party_kind)

    # 3. 证件类型 and 证件号码 (the party's, and the 法定代表人's).
    for type_field, number_field in plan.id_fields:
        id_type_text = values[type_field]
        number = values[number_field]
        if id_type_text is None:
            if number is not None:
                errors.append(_error(plan, number_field, get(number_field), "填写了证件号码，但未填写证件类型"))
            continue
        id_type = normalize_id_type(id_type_text)
        if id_type is None:
            errors.append(_error(plan, type_field, get(type_field),
                                 "证件类型应为身份证、护照号、港澳居民来往内地通行证、台湾居民来往大陆通行证、"
                                 f"外国人永久居留身份证或以“其他-”开头，实为“{id_type_text}”"))
        elif len(id_type) > plan.specs[type_field].max_length:
            errors.append(_error(plan, type_field, get(type_field),
                                 f"长度超过{plan.specs[type_field].max_length}个字符，不能截断"))
        values[type_field] = id_type
        if number is not None and id_type == ID_TYPE_RESIDENT:
            number = number.upper()
            values[number_field] = number
            reason = _id_reason(number, today)
            if reason:
                errors.append(_error(plan, number_field, get(number_field), reason))

    # 4. Enumerations of the decision itself.
    penalty_categories: tuple[str, ...] = ()
    if plan.kind == "penalty":
        penalty_categories = _check_penalty(plan, values, get, errors)
    else:
        category_text = values["XK_XKLB"]
        if category_text is not None:
            category = normalize_license_category(category_text)
            if category is None:
                reason = ("许可类别为“其他”时需注明具体类别，如“其他-备案”" if half_width(category_text) == "其他"
                          else f"许可类别应为普通、特许、认可、核准、登记或“其他-具体类别”，实为“{category_text}”")
                errors.append(_error(plan, "XK_XKLB", get("XK_XKLB"), reason))
            elif len(category) > plan.specs["XK_XKLB"].max_length:
                errors.append(_error(plan, "XK_XKLB", get("XK_XKLB"),
                                     f"长度超过{plan.specs['XK_XKLB'].max_length}个字符，不能截断"))
            values["XK_XKLB"] = category

    # 5. Dates against each other and against today.
    for code in plan.future_forbidden:
        day = values[code]
        if day is not None and day > today:
            errors.append(_error(plan, code, get(code), f"日期{day.isoformat()}晚于今天（{today.isoformat()}）"))
    for earlier, later in plan.date_order:
        start, end = values[earlier], values[later]
        if start is not None and end is not None and end < start:
            errors.append(_error(plan, later, get(later),
                                 f"{plan.specs[later].name}（{end.isoformat()}）早于{plan.specs[earlier].name}（{start.isoformat()}）"))
    long_term = False
    for code in plan.long_term_fields:
        if values[code] == LONG_TERM_DATE:
            long_term = True

    if errors:
        return None, errors

    key_code = values[plan.uscc_field] or values[plan.id_number_field] or values[plan.name_field]
    # Positional: kind, party_kind, values, natural_key, long_term, penalty_categories.
    return CleanRecord(plan.kind, party_kind, values, (values[plan.doc_number_field], key_code), long_term,
                       penalty_categories), errors


# 处罚类别 cells and short 处罚内容 ("罚款200元") repeat across a file; both results are immutable.
_category_cache: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {}
_fine_cache: dict[str, Decimal | None] = {}


def _check_penalty(plan: _Plan, values: dict, get, errors: list) -> tuple[str, ...]:
    """处罚类别 and the amounts and 证照 it calls for."""
    categories: tuple[str, ...] = ()
    category_text = values["CF_CFLB"]
    if category_text is not None:
        cached = _category_cache.get(category_text)
        if cached is None:
            found, unknown_parts = normalize_penalty_categories(category_text)
            cached = (found, tuple(unknown_parts))
            if len(_category_cache) >= _CACHE_LIMIT:
                _category_cache.clear()
            _category_cache[category_text] = cached
        categories, unknown = cached
        for part in unknown:
            if part in AMBIGUOUS_PENALTY_CATEGORIES:
                reason = f"处罚类别“{part}”未写明是暂扣还是吊销，请填“暂扣许可证件”或“吊销许可证件”"
            else:
                reason = f"处罚类别“{part}”不在行政处罚法第九条所列种类中（可填“其他”）"
            errors.append(_error(plan, "CF_CFLB", get("CF_CFLB"), reason))
        values["CF_CFLB"] = ";".join(categories) if categories and not unknown else None

    fine = values["CF_NR_FK"]
    if "罚款" in categories:
        if fine is None:
            if _blank(get("CF_NR_FK")):
                errors.append(_error(plan, "CF_NR_FK", get("CF_NR_FK"), "处罚类别含罚款，必须填写罚款金额（万元）"))
        elif fine <= _ZERO:
            errors.append(_error(plan, "CF_NR_FK", get("CF_NR_FK"), "处罚类别含罚款，罚款金额（万元）必须大于0"))
    elif fine is not None and fine > _ZERO and categories:
        errors.append(_error(plan, "CF_NR_FK", get("CF_NR_FK"), "填写了罚款金额，但处罚类别不含罚款"))

    content = values["CF_NR"]
    if fine is not None and content is not None and "罚款" in content:
        stated = _fine_cache.get(content, _MISSING)
        if stated is _MISSING:
            stated = stated_fine_yuan(content)
            if len(_fine_cache) >= _CACHE_LIMIT:
                _fine_cache.clear()
            _fine_cache[content] = stated
        if stated is not None and fine * _WAN != stated:
            stated_wan = _format_yuan(stated / _WAN)
            if fine == stated:
                reason = (f"罚款金额单位应为万元：处罚内容为{_format_yuan(stated)}元，应填{stated_wan}，"
                          f"实填{_format_yuan(fine)}（疑似按元填写）")
            else:
                reason = (f"罚款金额与处罚内容不一致：处罚内容为{_format_yuan(stated)}元（{stated_wan}万元），"
                          f"实填{_format_yuan(fine)}万元")
            errors.append(_error(plan, "CF_NR_FK", get("CF_NR_FK"), reason))

    # 没收违法所得 is money by definition, so its amount is required; 没收非法财物 (e.g. a knife) may
    # have no price, so its amount is optional (the standard's condition is UNSURE, §4.2).
    if "没收违法所得" in categories and values["CF_NR_WFFF"] is None and _blank(get("CF_NR_WFFF")):
        errors.append(_error(plan, "CF_NR_WFFF", get("CF_NR_WFFF"), "处罚类别含没收违法所得，必须填写没收金额（万元）"))
    if ("暂扣许可证件" in categories or "吊销许可证件" in categories) and values["CF_NR_ZKDX"] is None:
        errors.append(_error(plan, "CF_NR_ZKDX", get("CF_NR_ZKDX"), "处罚类别含暂扣或吊销许可证件，必须填写证照名称及编号"))
    return categories


def _blank(raw) -> bool:
    """True when a cell is empty once cleaned as validate_row's loop cleans it. A filled cell can
    leave no value (a malformed date): that is its own error, not also a missing field."""
    if raw is None:
        return True
    text = (raw if raw.__class__ is str else str(raw)).strip()
    return not text or not _INVISIBLE_EDGES.sub("", text)


def _check_required(plan: _Plan, values: dict, row: dict, codes: tuple[str, ...], errors: list,
                    party_kind: str | None = None) -> None:
    """An error for each of `codes` with no value and a blank cell (required always, or by `party_kind`)."""
    for code in codes:
        if values[code] is None and _blank(row.get(code)):
            _missing(plan, errors, code, row.get(code), party_kind)


def _error(plan: _Plan, code: str, raw, reason: str) -> RowError:
    return RowError(code, plan.specs[code].name, "" if raw is None else str(raw), reason)


def _missing(plan: _Plan, errors: list, code: str, raw, party_kind: str | None = None) -> None:
    if code == plan.doc_number_field:
        reason = "决定书文号必填（无文号的许可填写许可编号）" if plan.kind == "license" else "行政处罚决定书文号必填"
    elif party_kind:
        reason = f"行政相对人类别为{party_kind}时必填"
    else:
        reason = "必填"
    errors.append(_error(plan, code, raw, reason))
