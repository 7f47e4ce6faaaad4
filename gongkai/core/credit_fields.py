"""The 双公示 national data standard as data: the 行政处罚 (CF_*) and 行政许可 (XK_*) field lists and their enumerations.

Field codes, names and order follow law-and-standards.md §4.2 and §4.3 (a 公安 data-exchange DDL, a
Java exporter, a 北京市场监管 parser and a 双鸭山市公安局 sample agree on them). Which fields are
required, and the maximum lengths, are partly UNSURE in that note; the choices made here are marked
where they are ours. The importer and the validator read these tuples; nothing else should hard-code
a field list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from gongkai.core.text import half_width

__all__ = [
    "ALWAYS",
    "BY_PARTY_KIND",
    "CONDITIONAL",
    "FIELDS_BY_KIND",
    "FieldSpec",
    "ID_TYPES",
    "ID_TYPE_OTHER_PREFIX",
    "ID_TYPE_RESIDENT",
    "LICENSE_CATEGORIES",
    "LICENSE_FIELDS",
    "LONG_TERM_DATE_TEXT",
    "OPTIONAL",
    "PARTY_INDIVIDUAL_BUSINESS",
    "PARTY_KINDS",
    "PARTY_NATURAL_PERSON",
    "PARTY_ORGANISATION",
    "PENALTY_CATEGORIES",
    "PENALTY_FIELDS",
    "field_code_for_header",
    "normalize_id_type",
    "normalize_license_category",
    "normalize_party_kind",
    "normalize_penalty_categories",
]

# --- 行政相对人类别 -------------------------------------------------------------------------
PARTY_ORGANISATION = "法人及非法人组织"
PARTY_NATURAL_PERSON = "自然人"
PARTY_INDIVIDUAL_BUSINESS = "个体工商户"
PARTY_KINDS = (PARTY_ORGANISATION, PARTY_NATURAL_PERSON, PARTY_INDIVIDUAL_BUSINESS)
# Parties that carry a 统一社会信用代码 and a 法定代表人 (for 个体工商户: the 经营者).
PARTY_KINDS_WITH_USCC = frozenset({PARTY_ORGANISATION, PARTY_INDIVIDUAL_BUSINESS})

# --- 处罚类别: 行政处罚法 (2021) 第九条, in the article's order -----------------------------------
# Items (一)-(五) verbatim; item (六) "法律、行政法规规定的其他行政处罚" is "其他" (e.g. 治安管理处罚法
# 第十条's 限期出境/驱逐出境 for foreigners).
PENALTY_CATEGORIES = (
    "警告",
    "通报批评",
    "罚款",
    "没收违法所得",
    "没收非法财物",
    "暂扣许可证件",
    "降低资质等级",
    "吊销许可证件",
    "限制开展生产经营活动",
    "责令停产停业",
    "责令关闭",
    "限制从业",
    "行政拘留",
    "其他",
)

# --- 许可类别: the standard's XK_XKLB description (§4.3, seen) ---------------------------------
# The five named kinds mirror 行政许可法 第十二条 (一)-(五); "其他" must name the kind ("其他-…").
LICENSE_CATEGORIES = ("普通", "特许", "认可", "核准", "登记", "其他")

# --- 证件类型: the standard's XK_FR_ZJLX description (§4.3, seen) -----------------------------
ID_TYPE_RESIDENT = "身份证"
ID_TYPES = ("身份证", "护照号", "港澳居民来往内地通行证", "台湾居民来往大陆通行证", "外国人永久居留身份证")
ID_TYPE_OTHER_PREFIX = "其他-"

# "2099/12/31的含义为长期" (XK_YXQZI, §4.3, seen).
LONG_TERM_DATE_TEXT = "2099/12/31"

# --- requirement kinds ------------------------------------------------------------------------
ALWAYS = "always"
OPTIONAL = "optional"
# Required for the listed 行政相对人类别 only (FieldSpec.party_kinds).
BY_PARTY_KIND = "by_party_kind"
# Required depending on another field (e.g. CF_NR_FK when 处罚类别 includes 罚款); credit_validation
# holds those rules because they need the other field's value.
CONDITIONAL = "conditional"

KINDS = frozenset({"text", "date", "amount_wan", "enum", "uscc", "orgcode", "id_number"})


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """One column of the standard: code, official Chinese name, value kind, length and requirement.

    `max_length` counts characters (the DDL in §4.2 is MySQL varchar, which counts characters).
    Lengths other than CF_XDR_MC's 200 are our choice (UNSURE): generous enough for real records,
    small enough that a pasted whole document is caught instead of silently truncated by the database.
    """

    code: str
    name: str
    kind: str
    max_length: int
    required: str = OPTIONAL
    party_kinds: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown field kind {self.kind!r} for {self.code}")
        if self.required not in (ALWAYS, OPTIONAL, BY_PARTY_KIND, CONDITIONAL):
            raise ValueError(f"unknown requirement {self.required!r} for {self.code}")
        if (self.required == BY_PARTY_KIND) != bool(self.party_kinds):
            raise ValueError(f"{self.code}: party_kinds go with (and only with) BY_PARTY_KIND")

    def is_required_for(self, party_kind: str | None) -> bool:
        """True when the field must be filled for this 行政相对人类别 (CONDITIONAL fields: False here)."""
        if self.required == ALWAYS:
            return True
        if self.required == BY_PARTY_KIND:
            return party_kind in self.party_kinds
        return False


def _by_party(*kinds: str) -> dict:
    return {"required": BY_PARTY_KIND, "party_kinds": frozenset(kinds)}


_ORG = (PARTY_ORGANISATION, PARTY_INDIVIDUAL_BUSINESS)
_DATE = 10  # YYYY/MM/DD
_AMOUNT = 25  # DDL decimal(18,6): 12 integer digits, a point and 6 decimals, with room for blanks
_NAME = 200  # DDL varchar(200) for CF_XDR_MC; reused for the other names of people and bodies

# §4.2, in the standard's order. Requirement marks are the note's (UNSURE) unless it says "seen".
PENALTY_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("CF_XDR_MC", "行政相对人名称", "text", _NAME, ALWAYS),
    FieldSpec("CF_XDR_LB", "行政相对人类别", "enum", 20, ALWAYS),
    FieldSpec("CF_XDR_SHXYM", "行政相对人代码_1(统一社会信用代码)", "uscc", 18, **_by_party(*_ORG)),
    FieldSpec("CF_XDR_GSZC", "行政相对人代码_2(工商注册号)", "text", 50),
    FieldSpec("CF_XDR_ZZJG", "行政相对人代码_3(组织机构代码)", "orgcode", 10),
    FieldSpec("CF_XDR_SWDJ", "行政相对人代码_4(税务登记号)", "text", 50),
    FieldSpec("CF_XDR_SYDW", "行政相对人代码_5(事业单位证书号)", "text", 50),
    FieldSpec("CF_XDR_SHZZ", "行政相对人代码_6(社会组织登记证号)", "text", 50),
    FieldSpec("CF_FRDB", "法定代表人", "text", 50, **_by_party(*_ORG)),
    FieldSpec("CF_FR_ZJLX", "法定代表人证件类型", "enum", 64),
    FieldSpec("CF_FR_ZJHM", "法定代表人证件号码", "id_number", 64),
    FieldSpec("CF_XDR_ZJLX", "证件类型", "enum", 64, **_by_party(PARTY_NATURAL_PERSON)),
    FieldSpec("CF_XDR_ZJHM", "证件号码", "id_number", 64, **_by_party(PARTY_NATURAL_PERSON)),
    FieldSpec("CF_WSH", "行政处罚决定书文号", "text", 128, ALWAYS),
    FieldSpec("CF_WFXW", "违法行为类型", "text", 2000, ALWAYS),
    FieldSpec("CF_SY", "违法事实", "text", 5000, ALWAYS),
    FieldSpec("CF_YJ", "处罚依据", "text", 2000, ALWAYS),
    FieldSpec("CF_CFLB", "处罚类别", "enum", 200, ALWAYS),
    FieldSpec("CF_NR", "处罚内容", "text", 4000, ALWAYS),
    FieldSpec("CF_NR_FK", "罚款金额（万元）", "amount_wan", _AMOUNT, CONDITIONAL),
    FieldSpec("CF_NR_WFFF", "没收违法所得、没收非法财物的金额（万元）", "amount_wan", _AMOUNT, CONDITIONAL),
    FieldSpec("CF_NR_ZKDX", "暂扣或吊销证照名称及编号", "text", 200, CONDITIONAL),
    FieldSpec("CF_JDRQ", "处罚决定日期", "date", _DATE, ALWAYS),
    FieldSpec("CF_YXQ", "处罚有效期", "date", _DATE, ALWAYS),
    FieldSpec("CF_GSJZQ", "公示截止期", "date", _DATE),
    FieldSpec("CF_CFJG", "处罚机关", "text", _NAME, ALWAYS),
    FieldSpec("CF_CFJGDM", "处罚机关统一社会信用代码", "uscc", 18, ALWAYS),
    FieldSpec("CF_SJLY", "数据来源单位", "text", _NAME, ALWAYS),
    FieldSpec("CF_SJLYDM", "数据来源单位统一社会信用代码", "uscc", 18, ALWAYS),
    FieldSpec("BZ", "备注", "text", 512),
)

# §4.3, in the standard's order. 必填/选填 marks quoted in the note are "seen"; the rest mirror CF_*.
LICENSE_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("XK_XDR_MC", "行政相对人名称", "text", _NAME, ALWAYS),
    FieldSpec("XK_XDR_LB", "行政相对人类别", "enum", 20, ALWAYS),
    FieldSpec("XK_XDR_SHXYM", "统一社会信用代码", "uscc", 18, **_by_party(*_ORG)),
    FieldSpec("XK_XDR_GSZC", "工商注册号", "text", 50),
    FieldSpec("XK_XDR_ZZJG", "组织机构代码", "orgcode", 10),
    FieldSpec("XK_XDR_SWDJ", "税务登记号", "text", 50),
    FieldSpec("XK_XDR_SYDW", "事业单位证书号", "text", 50),
    FieldSpec("XK_XDR_SHZZ", "社会组织登记证号", "text", 50),
    FieldSpec("XK_FRDB", "法定代表人", "text", 50, **_by_party(*_ORG)),
    FieldSpec("XK_FR_ZJLX", "法定代表人证件类型", "enum", 64),  # "选填" (seen)
    FieldSpec("XK_FR_ZJHM", "法定代表人证件号码", "id_number", 64),  # "选填" (seen)
    FieldSpec("XK_XDR_ZJLX", "证件类型", "enum", 64, **_by_party(PARTY_NATURAL_PERSON)),
    FieldSpec("XK_XDR_ZJHM", "证件号码", "id_number", 64, **_by_party(PARTY_NATURAL_PERSON)),
    FieldSpec("XK_XKWS", "行政许可决定文书名称", "text", 64, ALWAYS),  # "必填" (seen)
    FieldSpec("XK_WSH", "行政许可决定文书号", "text", 128, ALWAYS),  # "必填" (seen)
    FieldSpec("XK_XKLB", "许可类别", "enum", 256, ALWAYS),  # "必填" (seen)
    FieldSpec("XK_XKZS", "许可证书名称", "text", 64),
    FieldSpec("XK_XKBH", "许可编号", "text", 64),
    FieldSpec("XK_NR", "许可内容", "text", 4000, ALWAYS),
    FieldSpec("XK_JDRQ", "许可决定日期", "date", _DATE, ALWAYS),
    FieldSpec("XK_YXQZ", "有效期自", "date", _DATE, ALWAYS),
    FieldSpec("XK_YXQZI", "有效期至", "date", _DATE, ALWAYS),
    FieldSpec("XK_XKJG", "许可机关", "text", _NAME, ALWAYS),
    FieldSpec("XK_XKJGDM", "许可机关统一社会信用代码", "uscc", 18, ALWAYS),
    FieldSpec("XK_ZT", "当前状态", "text", 8),  # sample "1"; meaning UNSURE, so only length-checked
    FieldSpec("XK_LYDW", "数据来源单位", "text", _NAME, ALWAYS),
    FieldSpec("XK_LYDWDM", "数据来源单位统一社会信用代码", "uscc", 18, ALWAYS),
    FieldSpec("BZ", "备注", "text", 512),
)

FIELDS_BY_KIND = {"penalty": PENALTY_FIELDS, "license": LICENSE_FIELDS}

# --- header aliases: a spreadsheet may head its columns with codes or with the Chinese names --------
_HEADERS: dict[str, dict[str, str]] = {}
for _kind, _fields in FIELDS_BY_KIND.items():
    _map: dict[str, str] = {}
    for _spec in _fields:
        _map[_spec.code] = _spec.code
        _map[_spec.code.lower()] = _spec.code
        _map.setdefault(_spec.name, _spec.code)
        # "行政相对人代码_1(统一社会信用代码)" is also headed "统一社会信用代码".
        _inner = re.search(r"\((.+)\)$", _spec.name)
        if _inner:
            _map.setdefault(_inner.group(1), _spec.code)
    _HEADERS[_kind] = _map
del _kind, _fields, _map, _spec, _inner


def field_code_for_header(kind: str, header: str) -> str | None:
    """The field code a column header means ("CF_WSH", "cf_wsh" or "行政处罚决定书文号"), or None.

    Names shared by two fields (证件类型 of the party vs. of the 法定代表人) resolve to the first in
    the standard's order, which is the party's own for the unprefixed name "证件类型".
    """
    fields = _HEADERS[kind]
    text = header.strip().replace("（", "(").replace("）", ")")
    return fields.get(text) or fields.get(header.strip())


# --- normalising enumerations ---------------------------------------------------------------------
# Synonyms seen in agency exports. Keys are compared after blanks are removed and full-width ASCII
# is made half-width (so "其他－驾驶证" and "其他-驾驶证" are the same).

_PARTY_SYNONYMS = {
    **{kind: kind for kind in PARTY_KINDS},
    "法人及其他组织": PARTY_ORGANISATION,
    "法人和其他组织": PARTY_ORGANISATION,
    "法人和非法人组织": PARTY_ORGANISATION,
    "法人或非法人组织": PARTY_ORGANISATION,
    "法人或其他组织": PARTY_ORGANISATION,
    "法人": PARTY_ORGANISATION,
    "非法人组织": PARTY_ORGANISATION,
    "其他组织": PARTY_ORGANISATION,
    "企业": PARTY_ORGANISATION,
    "单位": PARTY_ORGANISATION,
    "个人": PARTY_NATURAL_PERSON,
    "公民": PARTY_NATURAL_PERSON,
    "个体户": PARTY_INDIVIDUAL_BUSINESS,
    "个体": PARTY_INDIVIDUAL_BUSINESS,
    "个体经营户": PARTY_INDIVIDUAL_BUSINESS,
}

_ID_TYPE_SYNONYMS = {
    **{kind: kind for kind in ID_TYPES},
    "居民身份证": "身份证",
    "中华人民共和国居民身份证": "身份证",
    "二代身份证": "身份证",
    "第二代居民身份证": "身份证",
    "身份证号": "身份证",
    "身份证号码": "身份证",
    "临时居民身份证": "身份证",  # same 公民身份号码 (居民身份证法 第三条)
    "护照": "护照号",
    "护照号码": "护照号",
    "港澳通行证": "港澳居民来往内地通行证",
    "回乡证": "港澳居民来往内地通行证",
    "台胞证": "台湾居民来往大陆通行证",
    "外国人永久居留证": "外国人永久居留身份证",
    "外国人永久居留身份证件": "外国人永久居留身份证",
}
# Left out on purpose: "港澳居民居住证"/"台湾居民居住证" are different cards (18-digit numbers in the
# resident-ID format), so mapping them to a 通行证 would be a guess; they must be sent as "其他-…".

_PENALTY_SYNONYMS: dict[str, tuple[str, ...]] = {
    **{kind: (kind,) for kind in PENALTY_CATEGORIES},
    "拘留": ("行政拘留",),
    "暂扣许可证": ("暂扣许可证件",),
    "暂扣执照": ("暂扣许可证件",),
    "暂扣驾驶证": ("暂扣许可证件",),
    "暂扣机动车驾驶证": ("暂扣许可证件",),
    "吊销许可证": ("吊销许可证件",),
    "吊销执照": ("吊销许可证件",),
    "吊销驾驶证": ("吊销许可证件",),
    "吊销机动车驾驶证": ("吊销许可证件",),
    "吊销公安机关发放的许可证": ("吊销许可证件",),  # 治安管理处罚法 第十条（四）
    "没收违法所得、没收非法财物": ("没收违法所得", "没收非法财物"),
    "没收违法所得和非法财物": ("没收违法所得", "没收非法财物"),
    "限期出境": ("其他",),  # 治安管理处罚法 第十条第二款
    "驱逐出境": ("其他",),
}
# "暂扣或者吊销许可证" / "暂扣或者吊销执照" (the 1996 law's wording) are NOT mapped: they do not say
# which of the two happened, and the two differ in publicity and in 信用修复.
AMBIGUOUS_PENALTY_CATEGORIES = frozenset({"暂扣或者吊销许可证", "暂扣或者吊销执照", "暂扣或吊销许可证", "暂扣或吊销执照"})

_LICENSE_SYNONYMS = {
    **{kind: kind for kind in LICENSE_CATEGORIES},
    **{f"{kind}许可": kind for kind in LICENSE_CATEGORIES if kind != "其他"},
    **{f"{kind}类": kind for kind in LICENSE_CATEGORIES if kind != "其他"},
}

_BLANKS = re.compile(r"[\s\u3000\u200b-\u200d\u2060\ufeff]+")
_OTHER = re.compile(r"^其他[-—－:：（(]\s*(?P<detail>[^）)]*?)\s*[）)]?$")
_CATEGORY_SEPARATORS = re.compile(r"[;；,，、/|]+|\s+")


def _canon(value: str) -> str:
    return half_width(_BLANKS.sub("", value))


def normalize_party_kind(value: str) -> str | None:
    """The official 行政相对人类别 for `value` ("法人" → "法人及非法人组织"), or None if unknown."""
    if not value:
        return None
    return _PARTY_SYNONYMS.get(value) or _PARTY_SYNONYMS.get(_canon(value))


def normalize_id_type(value: str) -> str | None:
    """The official 证件类型 ("居民身份证" → "身份证"); "其他-<名称>" kept with a named kind; else None.

    The standard allows values "以'其他-**'开头" (§4.3, seen): a bare "其他" names no document and
    is rejected.
    """
    if not value:
        return None
    found = _ID_TYPE_SYNONYMS.get(value)
    if found:
        return found
    text = _canon(value)
    found = _ID_TYPE_SYNONYMS.get(text)
    if found:
        return found
    other = _OTHER.match(text)
    if other and other.group("detail"):
        return ID_TYPE_OTHER_PREFIX + other.group("detail")
    return None


def normalize_penalty_categories(value: str) -> tuple[tuple[str, ...], list[str]]:
    """Split a 处罚类别 cell ("罚款;行政拘留") into official categories, in 第九条's order.

    Returns (categories, unknown parts). Several penalties in one decision are ordinary (治安管理处罚法
    often says "拘留，并处罚款"), so several categories are accepted; duplicates collapse.
    """
    if not value:
        return (), []
    found: set[str] = set()
    unknown: list[str] = []
    text = half_width(value)
    whole = _PENALTY_SYNONYMS.get(_BLANKS.sub("", text))
    parts = [_BLANKS.sub("", text)] if whole else _CATEGORY_SEPARATORS.split(text)
    for part in parts:
        if not part:
            continue
        mapped = _PENALTY_SYNONYMS.get(part)
        if mapped is None and _OTHER.match(part):
            mapped = ("其他",)
        if mapped is None:
            unknown.append(part)
        else:
            found.update(mapped)
    return tuple(kind for kind in PENALTY_CATEGORIES if kind in found), unknown


def normalize_license_category(value: str) -> str | None:
    """The official 许可类别 ("普通许可" → "普通"); "其他-<类别>" kept whole; bare "其他" → None.

    The standard: "如为'其他'，需注明具体类别" (§4.3, seen), so "其他" alone is not a valid value.
    """
    if not value:
        return None
    text = _canon(value)
    if text == "其他":
        return None
    found = _LICENSE_SYNONYMS.get(text)
    if found:
        return found
    other = _OTHER.match(text)
    if other and other.group("detail"):
        return "其他-" + other.group("detail")
    return None
