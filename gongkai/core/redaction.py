"""Mask personal data in 行政处罚决定书 before publication and decide whether a decision may be published at all."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from datetime import date

from gongkai.core.names import (
    COMPOUND_SURNAMES,
    SINGLE_SURNAMES,
    explicit_regions,
    find_names,
    han_class_without,
)
from gongkai.core.text import half_width_table

__all__ = [
    "DEFAULT_POLICY",
    "KINDS",
    "RedactionPolicy",
    "RedactionResult",
    "Span",
    "WITHHOLD_FLAGS",
    "apply_spans",
    "classification_mark",
    "decide_withhold",
    "find_spans",
    "mask_person_name",
    "policy_withhold",
    "redact",
    "to_json_dict",
]

# Kinds, in priority order: when two candidates cover exactly the same text the earlier kind wins,
# because the reviewer should see the most specific reason (an 18-digit ID is also a long digit run).
KINDS = (
    "id_number",
    "bank_account",
    "phone",
    "certificate",
    "email",
    "im_account",
    "ip_address",
    "device",
    "plate",
    "birth_date",
    "name_punished",
    "name_other",
    "address",
    "number",
)
_PRIORITY = {kind: rank for rank, kind in enumerate(KINDS)}

# Facts the caller may know from the case record (they override nothing; they only add reasons).
WITHHOLD_FLAGS = frozenset({"minor", "secret", "on_the_spot", "warning_only"})


@dataclass(frozen=True)
class Span:
    """One masked piece of the ORIGINAL text, kept so a reviewer can see what was hidden and why."""

    start: int
    end: int
    kind: str
    original: str
    replacement: str


@dataclass(frozen=True)
class RedactionPolicy:
    """Choices the law leaves open (law-and-standards.md §3.2 is UNSURE): the defaults are the strict ones.

    Other persons' names are replaced by "××" rather than surname + 某: the local 公示 rule in §3.3
    requires hiding "自然人被处罚人以外的自然人姓名" entirely, and "××" reads as a deletion while staying
    visibly different from the punished party's "张某某".
    """

    punished_name_mask: str = "某某"  # some agencies use "某"
    other_name_mask: str = "××"
    withhold_warning_only: bool = True  # SAMR 令第45号 art.2 does not publish 警告-only decisions
    withhold_on_the_spot: bool = True  # 当场处罚/简易程序 decisions: exception believed, UNSURE
    pii_mask: str = "×××"  # every non-name kind; fixed length so it leaks no digit count


DEFAULT_POLICY = RedactionPolicy()


@dataclass(frozen=True)
class RedactionResult:
    """The public text, the spans that produced it (for review), and a withhold reason or None."""

    text: str
    spans: tuple[Span, ...]
    withhold: str | None


# --- character classes ------------------------------------------------------------------------

_HAN = "\u3400-\u4dbf\u4e00-\u9fff"
_PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"

# Full-width ASCII, the ideographic space and dash variants map one character to one character,
# so offsets found in the normalised text are offsets into the original.
# Only full-width characters that can be part of personal data are mapped (digits, letters, + - . @ _):
# Chinese punctuation and the ideographic space are matched as they are, so most documents need no
# translation at all (which is the slowest step otherwise).
_FULL_WIDTH_DATA = "＋－．＠＿" + "".join(map(chr, [*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B)]))
_NORMALISE = half_width_table(_FULL_WIDTH_DATA)
_NORMALISE.update({0x00A0: ord(" "), 0x2009: ord(" "), 0x202F: ord(" ")})
_NEEDS_NORMALISING = re.compile("[" + _FULL_WIDTH_DATA + "\u00a0\u2009\u202f]")
# Separators clerks type inside numbers: space, ideographic space, hyphen and dash variants.
_SEP = "[ \\-\u3000\u2010-\u2015\u2212]"


def _normalise(text: str) -> str:
    """Half-width digits/letters and plain separators, same length as the input."""
    return text.translate(_NORMALISE) if _NEEDS_NORMALISING.search(text) else text


_han_class_without = han_class_without

_COMPOUND_PREFIX = re.compile("|".join(COMPOUND_SURNAMES))
_HAN_CHAR = re.compile("[" + _HAN + "]")
_ORG_NAME_SUFFIX = re.compile(r"(?:有限公司|公司|厂|店|局|所|院|队|会|处|中心|银行|学校|政府)$")

# --- patterns ----------------------------------------------------------------------------------

# Digit runs, separators allowed between digits; classified afterwards (ID, phone, account...).
# Starts with \d so the regex engine can skip non-digits fast; the "not glued to a letter" test and
# a leading "+" are handled by the caller.
# Line breaks count as separators here only: a number wrapped at the end of a line is still one number.
_DIGIT_SEP = "[ \\-\u3000\u2010-\u2015\u2212\n]"
_DIGIT_RUN = re.compile(r"\d(?:" + _DIGIT_SEP + r"{0,2}\d){4,}(?:" + _SEP + r"?[Xx](?![A-Za-z0-9]))?")
# Landlines the digit-run pass cannot see whole: "(0517)83456789" and extensions "…转8001".
_LANDLINE_PAREN = re.compile(
    r"[(（]0\d{2,3}[)）]" + _SEP + r"{0,2}\d{7,8}(?:(?:转|分机|" + _SEP + r"{1,2})\d{1,6})?(?!\d)"
)
_LANDLINE_EXTENSION = re.compile(r"0\d{2,3}" + _SEP + r"{0,2}\d{7,8}(?:转|分机)\d{1,6}(?!\d)")
_LANDLINE_FORM = re.compile(r"0\d{2,3}" + _SEP + r"{1,2}\d{7,8}(?:" + _SEP + r"{1,2}\d{1,6})?")
_EMAIL = re.compile(r"(?<![A-Za-z0-9._%+\-])[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+")
_PLATE = re.compile(
    "[" + _PROVINCES + r"][ \u3000]?[A-Za-z][ ·•・‧.\-\u3000]{0,2}"
    r"(?:[A-Za-z0-9]{5,6}|[A-Za-z0-9]{4}[学警挂港澳领试超使])(?![A-Za-z0-9])"
)
_REAL_ESTATE = re.compile(
    "[" + _PROVINCES + r"]\s*[(（]\s*\d{4}\s*[)）]\s*[" + _HAN + r"]{1,15}?不动产权第\s*\d{4,12}\s*号"
)
_CERT_LABEL = re.compile(
    r"(?:机动车登记证书|登记证书|行驶证|驾驶证|不动产权证书?|房产证|房屋所有权证|护照|车架|发动机|车辆识别代|"
    r"通行证|台胞证|回乡证|旅行证|签证|居留许可|居留证|证件)"
    r"(?:档案)?(?:编号|号码|号|代号)?[：:\s]{0,3}(?P<value>[A-Za-z0-9](?:[ \-]?[A-Za-z0-9]){3,29})(?![A-Za-z0-9])"
)
# Passports (E/G/D/S/P/K + 8 digits, E + letter + 7), 港澳通行证 (C…), 往来台湾通行证 (L…), 回乡证 (H/M…).
_PASSPORT = re.compile(r"[EeGgDdSsPpKkCcLlHhMm](?<![A-Za-z0-9].)(?:\d{8}|\d{10}|[A-Za-z]\d{7})(?![A-Za-z0-9])")
_QQ = re.compile(r"(?:QQ|qq|Qq|扣扣|企鹅号)(?:号码?|账号|帐号|群号?)?[：:\s]{0,2}(?:为|是)?\s?(?P<value>[1-9](?:[ \-]?\d){4,11})(?!\d)")
_WECHAT_ID = re.compile(r"(?<![A-Za-z0-9])wxid_[A-Za-z0-9_\-]{3,}")
_WECHAT_LABEL = re.compile(
    r"(?:微信|[Vv][Xx]|[Ww][Xx]|[Vv]信)(?:号码?|账号|帐号|[Ii][Dd])?[：:\s]{0,2}(?:为|是)?[“\"「]?"
    r"(?P<value>[A-Za-z][A-Za-z0-9_\-]{4,19}|\d{5,12})(?![A-Za-z0-9_\-])"
)
_ALIPAY = re.compile(
    r"支付宝(?:号|账号|帐号|账户|帐户)?[：:\s]{0,2}(?:为|是)?[“\"「]?(?P<value>[A-Za-z0-9][A-Za-z0-9_.@\-]{4,40})"
)
_IP_ADDRESS = re.compile(r"(?<![\d.])(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)(?![\d.])")
_IPV6 = re.compile(r"(?<![0-9A-Fa-f:])(?=[0-9A-Fa-f:]*::|(?:[0-9A-Fa-f]{1,4}:){3})[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?![0-9A-Fa-f:])")
_VIN = re.compile(r"(?<![A-Za-z0-9])[A-HJ-NPR-Za-hj-npr-z0-9]{17}(?![A-Za-z0-9])")
_UNIT_AFTER_NUMBER = re.compile(r"\s?[元万千百亿年月日号时分秒次个件台部辆张条人岁米吨克斤公里%‰]")

# One leading character class lets the regex engine skip fast to candidate positions.
_DATE = (
    r"[\d〇零一二三四五六七八九](?:"
    r"(?<=\d)\d{3}(?:\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?|[\-./]\d{1,2}[\-./]\d{1,2})"
    r"|(?<=[〇零一二三四五六七八九])[〇零一二三四五六七八九]{3}年[一二三四五六七八九十]{1,2}月(?:[一二三四五六七八九十]{1,3}日)?)"
)
_BIRTH_LABEL = r"(?:出生日期|出生年月日?|出生于|生于|生日)[：:\s]{0,3}"
_BIRTH_LABEL_BEFORE = re.compile(_BIRTH_LABEL + "$")  # searched with endpos = start of a date
_BIRTH_WORD_AFTER = re.compile(r"\s*(?:出生|生(?=[，,。；;\s)]|$))")
_BIRTH_COMPACT = re.compile(_BIRTH_LABEL + r"(?P<value>\d{8})(?!\d)")  # 出生日期：19900101
_ANY_DATE = re.compile(_DATE)

_ADDRESS_LABEL = re.compile(
    r"(?:现住址|现住所|现住|现居住地|居住地|居住于|家庭住址|家住|住址|住所地?|户籍所在地|户籍地址?|暂住地|"
    r"通讯地址|联系地址|住于|住在|(?<=[，,；;\s])住(?=[^，,。；;\n]{0,8}[省市区县旗镇乡村]))[：:\s]{0,2}(?P<value>[^，,。；;\n]{2,80})"
)
_ADDRESSY = re.compile(r"[0-9省市区县旗镇乡村组路街巷弄号栋幢室楼苑园屯]")
# Characters that never sit inside a place name: a chain starts right after one of them (or after a
# non-Han character), so "位于淮安市…" starts at 淮 and "公安局…" cannot be glued to a road name.
_ADDRESS_FILLER = _han_class_without("的了是在与及或者向对把被将因为所局院厅处部队会司时住址现至到从往于")
_ADDRESS_TOKEN = (
    "(?:" + _ADDRESS_FILLER + "{1,10}?"
    # single suffix characters first (自治区, 街道, 小区, 新村, 家园… end in one of them): it is faster
    r"(?:[省市区县旗镇乡村组路街道巷弄苑屯园州]|胡同|公寓|大厦|广场)"
    r"|[\d一二三四五六七八九十百零〇]+(?:-\d+)*(?:号楼|号院|号|栋|幢|座|单元|室|层|楼|组|弄|巷)"
    r"|\d+(?:-\d+)+)"
)
_ADDRESS_CHAIN = re.compile(
    "(?<!" + _ADDRESS_FILLER + ")" + _ADDRESS_TOKEN + "{2,8}"
)
# One leading class (fast to scan for); 号 counts only after a number ("12号", not "身份证号码").
_ADDRESS_MARKER = re.compile(r"[路街巷弄村组栋幢室苑屯寓厦道号](?<![^\d一二三四五六七八九十]号)")
_ADDRESS_DETAIL = re.compile(r"[路街巷弄村组号栋幢室苑屯]|单元|小区|社区|大道|胡同|公寓|大厦|新村|家园")

# Organisation names are protected from the address heuristic (派出所 are often named after roads).
# Organisation names cut an address chain (派出所 are often named after roads); single characters such as
# 店 or 厂 are left out here because they also end village names (梁店村).
_ORG_SUFFIX = re.compile(
    r"公安局|公安分局|分局|派出所|公安处|大队|支队|中队|看守所|拘留所|戒毒所|有限责任公司|股份有限公司|有限公司|公司|"
    r"人民法院|法院|人民检察院|检察院|人民政府|政府|委员会|居委会|村委会|办事处|医院|学校|大学|学院|中学|小学|"
    r"银行|支行|分行|营业部|超市|酒店|宾馆|饭店|网吧|商场|农村信用合作联社|信用合作联社|农村信用社|信用合作社|信用社|"
    r"联社|分社|网咖|KTV|麻将馆|棋牌室|茶楼|酒吧|会所|店(?![村镇乡街路巷])|厂(?![村镇乡街路巷])"
)
_ORG_BACKWARDS = re.compile("[^在于向至到经由和与及或、，,。；;：:（）()《》〔〕\\n \\d号室栋幢楼层]{0,24}")

_PHONE_LABEL = re.compile(r"电话|手机|联系方式|座机|固话|号码|[Tt][Ee][Ll]")
_DEVICE_LABEL = re.compile(r"IMEI|imei|MEID|meid|串号|设备识别码")
_ACCOUNT_LABEL = re.compile(r"账号|帐号|卡号|账户|帐户|银行|开户")
_CERT_NEAR_LABEL = re.compile(r"证号|编号|证书|行驶证|驾驶证|护照|通行证|台胞证|回乡证|签证|居留|证件")
_USCC_LABEL = re.compile(r"统一社会信用代码|信用代码")

_NOT_DIGIT_OR_X = re.compile(r"[^\dXx]")
_MASKED_ONLY = re.compile("[0-9A-Za-z" + _HAN + "]")


def _is_already_masked(value: str) -> bool:
    """True when nothing but mask characters remain: re-masking it would not be idempotent."""
    return not _MASKED_ONLY.search(value.replace("某", ""))


# --- candidates --------------------------------------------------------------------------------

def _valid_ymd(yyyymmdd: str) -> bool:
    if not yyyymmdd.isdigit() or len(yyyymmdd) != 8:
        return False
    year, month, day = int(yyyymmdd[:4]), int(yyyymmdd[4:6]), int(yyyymmdd[6:])
    return 1900 <= year <= 2099 and 1 <= month <= 12 and 1 <= day <= 31


def _is_mobile(digits: str) -> bool:
    return len(digits) == 11 and digits[0] == "1" and digits[1] in "3456789"


def _classify_digit_run(norm: str, start: int, end: int) -> tuple[int, int, str] | None:
    """Decide what a digit run is; returns the (possibly shortened) extent and its kind."""
    raw = norm[start:end]
    digits = _NOT_DIGIT_OR_X.sub("", raw)
    if len(digits) == 18 and digits[:17].isdigit() and _valid_ymd(digits[6:14]):
        return start, end, "id_number"
    if digits[-1:] in ("X", "x"):
        # The X belongs to no other kind: shorten to the last digit.
        end = start + len(raw.rstrip(" -Xx\u3000\u2010\u2011\u2012\u2013\u2014\u2015\u2212"))
        raw, digits = norm[start:end], digits[:-1]
    if len(digits) == 15 and _valid_ymd("19" + digits[6:12]):
        return start, end, "id_number"
    if _is_mobile(digits) or (digits.startswith("86") and _is_mobile(digits[2:])) or (
        digits.startswith("0086") and _is_mobile(digits[4:])
    ):
        return start, end, "phone"
    if _LANDLINE_FORM.fullmatch(raw) or (digits[:1] == "0" and 10 <= len(digits) <= 12):
        return start, end, "phone"
    before = norm[max(0, start - 12):start]
    if _DEVICE_LABEL.search(before):
        return start, end, "device"
    if len(digits) >= 12:
        if _USCC_LABEL.search(before):
            return None
        if _CERT_NEAR_LABEL.search(before) and not _ACCOUNT_LABEL.search(before):
            return start, end, "certificate"
        return start, end, "bank_account"
    if len(digits) >= 6 and _ACCOUNT_LABEL.search(before):
        return start, end, "bank_account"
    if len(digits) >= 5 and _PHONE_LABEL.search(before):
        return start, end, "phone"
    if len(digits) >= 5 and _CERT_NEAR_LABEL.search(before):
        return start, end, "certificate"
    if (len(digits) >= 8 and not _UNIT_AFTER_NUMBER.match(norm, end) and not _valid_ymd(digits)
            and not (end < len(norm) and norm[end].isascii() and norm[end].isalnum())
            and not _USCC_LABEL.search(before) and not before.endswith(("第", "〔", "[", "No."))):
        return start, end, "number"  # an unlabelled account, QQ or member number: nothing public is that long
    return None


def _digit_runs(norm: str):
    """Digit runs; one that crosses a line break is a wrapped number only when the line does not end
    with a complete number of its own (a phone at the end of one line, a date at the start of the next)."""
    for match in _DIGIT_RUN.finditer(norm):
        start, end = match.span()
        if "\n" not in match.group():
            yield start, end
            continue
        pieces = []
        position = start
        for piece in match.group().split("\n"):
            pieces.append((position, position + len(piece.rstrip())))
            position += len(piece) + 1
        if any(_classify_digit_run(norm, low, high) for low, high in pieces[:-1]) or norm.count("\n", start, end) > 1:
            yield from ((low, high) for low, high in pieces if high - low >= 5)
        else:
            yield start, end


def _org_regions(text: str) -> list[tuple[int, int]]:
    """Rough extents of organisation names: a suffix plus the Han run before it (at most 24 chars)."""
    regions = []
    reversed_text = None
    for match in _ORG_SUFFIX.finditer(text):
        if reversed_text is None:
            reversed_text = text[::-1]  # the name runs backwards from the suffix: match it reversed
        start = match.start()
        start -= len(_ORG_BACKWARDS.match(reversed_text, len(text) - start).group())
        regions.append((start, match.end()))
    return regions


def _address_chain_matches(norm: str):
    """The chain regex has no literal prefix, so it would be tried at every character; a detailed
    address must contain a road/number/room marker, so only windows around those are scanned."""
    window_start = window_end = -1
    for marker in _ADDRESS_MARKER.finditer(norm):
        low, high = max(0, marker.start() - 32), marker.end() + 16
        if low > window_end:
            if window_end > 0:
                yield from _ADDRESS_CHAIN.finditer(norm, window_start, window_end)
            window_start = low
        window_end = high
    if window_end > 0:
        yield from _ADDRESS_CHAIN.finditer(norm, window_start, window_end)


def _address_chain_candidates(norm: str) -> list[tuple[int, int]]:
    """Unlabelled detailed addresses; chains that run into an organisation name are cut before it."""
    found = []
    orgs = org_ends = None
    for match in _address_chain_matches(norm):
        start, end = match.span()
        if orgs is None:
            orgs = _org_regions(norm)
            org_ends = [org_end for _, org_end in orgs]  # sorted by start, hence by end too
        index = bisect_right(org_ends, start)  # first organisation ending after the chain starts
        if index < len(orgs) and orgs[index][0] < end:
            end = start if orgs[index][0] <= start else orgs[index][0]
        if end - start >= 4 and _ADDRESS_DETAIL.search(norm, start, end):
            found.append((start, end))
    return found


def _cut_unbalanced_paren(value: str) -> str:
    """An address value stops at a closing bracket it did not open ("（家住…）")."""
    if ")" not in value and "）" not in value:
        return value
    depth = 0
    for index, char in enumerate(value):
        if char in "(（":
            depth += 1
        elif char in ")）":
            if depth == 0:
                return value[:index]
            depth -= 1
    return value


def _clean_names(names) -> list[str]:
    cleaned = []
    for name in names or ():
        name = (name or "").strip()
        if len(name) >= 2 and not _is_already_masked(name) and "某" not in name and not _ORG_NAME_SUFFIX.search(name):
            cleaned.append(name)
    return cleaned


def mask_person_name(name: str, policy: RedactionPolicy = DEFAULT_POLICY) -> str:
    """张三 -> 张某某, 欧阳娜娜 -> 欧阳某某: the surname stays so the public can tell parties apart."""
    name = (name or "").strip()
    if not name:
        return ""
    if "某" in name or _is_already_masked(name):
        return name
    if not _HAN_CHAR.match(name):
        return policy.punished_name_mask  # no reliable surname in a Latin-script name
    compound = _COMPOUND_PREFIX.match(name)
    if compound and len(name) >= 3:
        return compound.group() + policy.punished_name_mask
    return name[0] + policy.punished_name_mask


def _replacement_for(kind: str, original: str, policy: RedactionPolicy) -> str:
    if kind == "name_punished":
        return mask_person_name(original, policy)
    if kind == "name_other":
        return policy.other_name_mask
    return policy.pii_mask


def _resolve_overlaps(candidates, text: str, policy: RedactionPolicy) -> list[Span]:
    """No two spans may overlap: a span that covers its whole cluster wins (ties by kind priority);
    partial overlaps are merged into one span so that no fragment of either leaks."""
    ordered = sorted(candidates, key=lambda c: (c[0], -c[1]))
    spans: list[Span] = []
    replacements: dict[tuple[str, str], str] = {}
    count = len(ordered)
    index = 0
    while index < count:
        cluster_start, cluster_end, kind = ordered[index]
        index += 1
        if index < count and ordered[index][0] < cluster_end:  # rare: overlapping candidates
            cluster = [ordered[index - 1]]
            while index < count and ordered[index][0] < cluster_end:
                cluster.append(ordered[index])
                cluster_end = max(cluster_end, ordered[index][1])
                index += 1
            covering = [c[2] for c in cluster if c[0] == cluster_start and c[1] == cluster_end]
            if covering:
                kind = min(covering, key=_PRIORITY.__getitem__)
            else:
                kind = max(cluster, key=lambda c: (c[1] - c[0], -_PRIORITY[c[2]]))[2]
                original = text[cluster_start:cluster_end]
                spans.append(Span(cluster_start, cluster_end, kind, original, policy.pii_mask))
                continue
        original = text[cluster_start:cluster_end]
        replacement = replacements.get((kind, original))
        if replacement is None:
            replacement = replacements[kind, original] = _replacement_for(kind, original, policy)
        spans.append(Span(cluster_start, cluster_end, kind, original, replacement))
    return spans


def find_spans(
    text: str,
    *,
    punished_names=(),
    other_names=(),
    allow=(),
    punished_org=(),
    policy: RedactionPolicy = DEFAULT_POLICY,
) -> list[Span]:
    """Every piece of personal data in `text`, as non-overlapping spans sorted by offset.

    `punished_names` and `other_names` come from the case record (natural persons only; anything that
    looks like an organisation is ignored so company names stay public). Names are also found in the
    text itself (core/names.py), and every mention of any name found is masked. `allow` (organisation,
    unit and place names from the structured fields) and `punished_org` (the punished organisations'
    names) are public words the name finder must leave alone.
    """
    return _analyse(text, _normalise(text), punished_names, other_names, policy, allow, punished_org)[0]


def _as_tuple(value) -> tuple[str, ...]:
    if not value:
        return ()
    return (value,) if isinstance(value, str) else tuple(value)


_ORG_PARTY_LINE = re.compile(r"统一社会信用代码|信用代码|注册号|组织机构代码|法定代表人|被处罚单位|单位名称")
_PERSON_PARTY_LINE = re.compile(r"身份证|身份号码|公民身份|性别|[，,：:\s][男女][，,；;\s]|出生|护照")


def _organisation_party_lines(norm: str) -> list[tuple[int, int]]:
    """Lines (paragraphs) that describe an organisation party: its registered address is public."""
    lines = []
    position = 0
    for line in norm.split("\n"):
        if _ORG_PARTY_LINE.search(line) and not _PERSON_PARTY_LINE.search(line):
            lines.append((position, position + len(line)))
        position += len(line) + 1
    return lines


# 治安管理处罚法 art.12: under 14 no penalty at all, so a "birth" that makes the party younger than 14 on
# the document's latest date is another date after 生于/出生 (欧根生于2026年5月28日驾驶…).
_YOUNGEST_PUNISHABLE = 14


def _plausible_births(births, other_dates, candidates):
    if not births or not other_dates:
        return births, candidates
    latest = max(day for _, day in other_dates)
    implausible = {position for position, birth in births
                   if birth > latest or _age_on(birth, latest) < _YOUNGEST_PUNISHABLE}
    if not implausible:
        return births, candidates
    kept_births = [(position, birth) for position, birth in births if position not in implausible]
    kept = [c for c in candidates if not (c[2] == "birth_date" and c[0] in implausible)]
    return kept_births, kept


def _inside(regions, start: int, end: int) -> bool:
    return any(low <= start and end <= high for low, high in regions)


def _analyse(text, norm, punished_names, other_names, policy, allow=(), punished_org=()):
    """One scan shared by find_spans and redact: the spans, plus the dated births (with their offsets)
    and the other dates that the withhold decision needs (so redact does not scan twice)."""
    candidates: list[tuple[int, int, str]] = []
    add = candidates.append
    births: list[tuple[int, date]] = []
    other_dates: list[tuple[int, date]] = []

    for start, end in _digit_runs(norm):
        if start and norm[start - 1].isascii() and norm[start - 1].isalnum():
            continue  # part of a longer code such as "ABC12345"
        if start and norm[start - 1] == "+":
            start -= 1
        classified = _classify_digit_run(norm, start, end)
        if classified:
            add(classified)
            if classified[2] == "id_number":
                digits = _NOT_DIGIT_OR_X.sub("", norm[classified[0]:classified[1]])
                birth = _parse_date(digits[6:14] if len(digits) >= 17 else "19" + digits[6:12])
                if birth:
                    births.append((classified[0], birth))
    for match in _LANDLINE_PAREN.finditer(norm):
        add((match.start(), match.end(), "phone"))
    if "转" in norm or "分机" in norm:
        for match in _LANDLINE_EXTENSION.finditer(norm):
            add((match.start(), match.end(), "phone"))
    if "@" in norm:
        for match in _EMAIL.finditer(norm):
            add((match.start(), match.end(), "email"))
    for pattern in (_QQ, _WECHAT_LABEL, _ALIPAY):
        for match in pattern.finditer(norm):
            add((match.start("value"), match.end("value"), "im_account"))
    if "wxid_" in norm:
        for match in _WECHAT_ID.finditer(norm):
            add((match.start(), match.end(), "im_account"))
    for match in _IP_ADDRESS.finditer(norm):
        add((match.start(), match.end(), "ip_address"))
    if "::" in norm or norm.count(":") >= 3:
        for match in _IPV6.finditer(norm):
            if sum(c.isalnum() for c in match.group()) >= 4:
                add((match.start(), match.end(), "ip_address"))
    for match in _VIN.finditer(norm):
        value = match.group()
        if sum(c.isdigit() for c in value) >= 3 and any(c.isalpha() for c in value):
            add((match.start(), match.end(), "certificate"))
    for match in _PLATE.finditer(norm):
        add((match.start(), match.end(), "plate"))
    for match in _REAL_ESTATE.finditer(norm):
        add((match.start(), match.end(), "certificate"))
    for match in _CERT_LABEL.finditer(norm):
        if any(c.isdigit() for c in match.group("value")):
            add((match.start("value"), match.end("value"), "certificate"))
    for match in _PASSPORT.finditer(norm):
        add((match.start(), match.end(), "certificate"))
    for match in _ANY_DATE.finditer(norm):
        start, end = match.span()
        parsed = _parse_date(match.group())
        if _BIRTH_LABEL_BEFORE.search(norm, max(0, start - 12), start) or _BIRTH_WORD_AFTER.match(norm, end):
            add((start, end, "birth_date"))
            if parsed:
                births.append((start, parsed))
        elif parsed:
            other_dates.append((start, parsed))
    for match in _BIRTH_COMPACT.finditer(norm):
        add((match.start("value"), match.end("value"), "birth_date"))
        parsed = _parse_date(match.group("value"))
        if parsed:
            births.append((match.start("value"), parsed))
    births, candidates[:] = _plausible_births(births, other_dates, candidates)
    organisation_lines = None
    for start, end in (
        *((m.start("value"), m.start("value") + len(_cut_unbalanced_paren(m.group("value")).rstrip()))
          for m in _ADDRESS_LABEL.finditer(norm)
          if _ADDRESSY.search(m.group("value")) and not _is_already_masked(m.group("value"))),
        *_address_chain_candidates(norm),
    ):
        if end <= start:
            continue
        if organisation_lines is None:
            organisation_lines = _organisation_party_lines(norm)
        if not _inside(organisation_lines, start, end):
            add((start, end, "address"))

    # Names: the case record outranks the text; being punished outranks being a witness or victim.
    public_words = (*_as_tuple(allow), *_as_tuple(punished_org))
    kinds: dict[str, str] = {}
    for name, punished in find_names(norm, allow=public_words).items():
        kinds[name] = "name_punished" if punished else "name_other"
    for name in _clean_names(other_names):
        kinds[name] = "name_other"
    for name in _clean_names(punished_names):
        kinds[name] = "name_punished"
    for name in public_words:
        kinds.pop((name or "").strip(), None)
    # a found name that is a known name plus one character is that name glued to the next word (钟离柏通过)
    known = {*_clean_names(punished_names), *_clean_names(other_names)}
    for name in [n for n in kinds if n not in known and any(n[:-1] == k for k in known)]:
        del kinds[name]
    kept = sorted(explicit_regions(norm, public_words))
    # Every mention, also where a form pads a name with spaces (乔　贵): one alternation, longest first.
    mentions = []
    if kinds:
        by_pattern = {}
        for name in sorted(kinds, key=len, reverse=True):
            by_pattern.setdefault("[ \u3000]{0,3}".join(map(re.escape, name)) if len(name) <= 4 else re.escape(name), name)
        mention = re.compile("|".join(f"({pattern})" for pattern in by_pattern))
        names_in_order = list(by_pattern.values())
        for match in mention.finditer(norm):
            mentions.append((match.start(), match.end(), kinds[names_in_order[match.lastindex - 1]]))
    for start, end, kind in mentions:
        add((start, end, kind))
    if kept:  # the caller's public words (the punished organisation, its registered address, the agency)
        candidates = [c for c in candidates if not _inside(kept, c[0], c[1])]

    return _resolve_overlaps(candidates, text, policy), births, other_dates


def apply_spans(text: str, spans) -> str:
    """Replace each span's extent with its replacement; spans must not overlap (the reviewer UI
    edits the span list and calls this again on the original)."""
    pieces = []
    cursor = 0
    for span in sorted(spans, key=lambda s: s.start):
        if span.start < cursor:
            raise ValueError(f"overlapping spans at {span.start}")
        if not 0 <= span.start <= span.end <= len(text):
            raise ValueError(f"span {span.start}-{span.end} outside the text")
        pieces.append(text[cursor:span.start])
        pieces.append(span.replacement)
        cursor = span.end
    pieces.append(text[cursor:])
    return "".join(pieces)


# --- withholding ---------------------------------------------------------------------------------

_CN_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")}
_CN_DIGITS["零"] = 0
_DATE_PARTS = re.compile(r"(\d{4}|[〇零一二三四五六七八九]{4})\s*[年\-./]\s*(\d{1,2}|[一二三四五六七八九十]{1,2})\s*[月\-./]\s*(\d{1,2}|[一二三四五六七八九十]{1,3})?")
# A classification mark (GB/T 9704 版头: 密级和保密期限, "秘密★1年") in the header area; the word 秘密 in the
# narrative ("秘密窃取", "商业秘密") is no mark.
_HEADER_LINES = 6
_CLASSIFICATION_LINE = re.compile(
    r"^[\s【\[（(]*(?:密级[：:\s]*)?(?P<mark>绝密|机密|秘密|警务工作秘密|工作秘密|国家秘密|内部)[\s】\]）)]*"
    r"(?:★.{0,12})?$"
)
_CLASSIFICATION_STAR = re.compile(r"(?P<mark>绝密|机密|秘密|警务工作秘密|工作秘密)\s*★|密级[：:\s]*(?P<level>绝密|机密|秘密|内部)")
_PARTY_LABEL = re.compile(
    r"(?P<punished>违法行为人|被处罚人|违法嫌疑人|被处理人|被决定人|当事人|行为人|被处罚单位|当事单位)"
    r"|(?P<other>被侵害人|受害人|被害人|证人|报案人|报警人|举报人|监护人|法定代理人|法定代表人|家属|父亲|母亲|"
    r"其父|其母|同伙|伙同|与其|事主|失主)"
)
_ACT_ANCHOR = re.compile(r"现查明|经查明|经查|查明|违法事实")
_ON_THE_SPOT = re.compile(r"当场处罚|当场作出|当场给予|当场决定|简易程序")
_PENALTY_SENTENCE = re.compile(r"给予|处以|并处|现决定|决定对|处罚如下|决定如下|处警告|处罚款|处行政拘留")
_REMEDY_SENTENCE = re.compile(r"不服|行政复议|行政诉讼|逾期不")
_HEAVIER_PENALTY = re.compile(r"罚款|拘留|吊销|暂扣|没收|停产|停业|驱逐出境|限期出境|通报批评|降低资质|责令关闭")


def _cn_number(value: str) -> int:
    if value.isdigit():
        return int(value)
    if "十" in value:
        tens, _, units = value.partition("十")
        return (_CN_DIGITS.get(tens, 1) if tens else 1) * 10 + (_CN_DIGITS.get(units, 0) if units else 0)
    return int("".join(str(_CN_DIGITS[c]) for c in value))


def _parse_date(value: str) -> date | None:
    """A date from normalised text (Arabic or Chinese numerals), or None when it is no real date."""
    if len(value) == 8 and value.isdigit():
        try:
            return date(int(value[:4]), int(value[4:6]), int(value[6:]))
        except ValueError:
            return None
    match = _DATE_PARTS.search(value)
    if not match:
        return None
    try:
        year = int("".join(str(_CN_DIGITS.get(c, c)) for c in match.group(1)))
        day = _cn_number(match.group(3)) if match.group(3) else 1
        return date(year, _cn_number(match.group(2)), day)
    except (ValueError, KeyError):
        return None


def _infer_act_date(norm: str, other_dates: list[tuple[int, date]]) -> date | None:
    """The first date after 现查明/经查 (the facts); failing that, the earliest non-birth date."""
    if not other_dates:
        return None
    anchor = _ACT_ANCHOR.search(norm)
    if anchor:
        for position, parsed in other_dates:
            if anchor.end() <= position <= anchor.end() + 300:
                return parsed
    return min(parsed for _, parsed in other_dates)


def _age_on(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def _is_warning_only(norm: str) -> bool:
    if "警告" not in norm:
        return False
    sentences = [s for s in re.split(r"[。\n]", norm) if _PENALTY_SENTENCE.search(s) and not _REMEDY_SENTENCE.search(s)]
    penalties = "".join(sentences)
    return "警告" in penalties and not _HEAVIER_PENALTY.search(penalties)


def classification_mark(text: str) -> str | None:
    """The 密级 mark in the header area (the first lines), or None: the only text that withholds as secret."""
    seen = 0
    for line in _normalise(text).splitlines():
        line = line.strip()
        if not line:
            continue
        seen += 1
        if seen > _HEADER_LINES:
            break
        if len(line) <= 40:
            match = _CLASSIFICATION_LINE.match(line) or _CLASSIFICATION_STAR.search(line)
            if match:
                return match.group("mark") or match.group("level")
    return None


def _punished_party_births(norm: str, births: list[tuple[int, date]]) -> list[date]:
    """Birth dates that belong to the punished party: inside the clause that a punished-party label
    opens (up to the end of its sentence, line or the next person's label). Victims' and witnesses'
    births never count. Without any punished label, a birth in the party section (before the facts,
    现查明/经查) and outside every other person's clause counts: the strict side, as the text names no one
    else it could belong to."""
    if not births:
        return []
    punished_blocks: list[tuple[int, int]] = []
    other_blocks: list[tuple[int, int]] = []
    for match in _PARTY_LABEL.finditer(norm):
        end = len(norm)
        for stop in ("\n", "。"):
            found = norm.find(stop, match.end())
            if found >= 0:
                end = min(end, found)
        following = _PARTY_LABEL.search(norm, match.end(), end)
        if following:
            end = following.start()
        (punished_blocks if match.group("punished") else other_blocks).append((match.start(), end))
    if punished_blocks:
        return [birth for position, birth in births if any(low <= position < high for low, high in punished_blocks)]
    anchor = _ACT_ANCHOR.search(norm)
    facts_start = anchor.start() if anchor else len(norm)
    return [birth for position, birth in births
            if position < facts_start and not any(low <= position < high for low, high in other_blocks)]


def decide_withhold(
    text: str,
    *,
    act_date: date | None = None,
    birth_dates=(),
    flags=(),
    policy: RedactionPolicy = DEFAULT_POLICY,
) -> str | None:
    """A Chinese reason not to publish the decision at all, or None — decided from facts, never words.

    Reasons (law-and-standards.md §3): a classification mark in the header area (国家秘密/警务工作秘密);
    the punished party under 18 on the date of the act (a local 公示 rule), from `birth_dates` (the case
    record), the punished party's ID number or 出生日期 in the text; and, as strict defaults for UNSURE
    exceptions, 当场处罚/简易程序 decisions and 警告-only decisions. "秘密窃取", "商业秘密", a victim who is
    a minor or a company fined for admitting minors withhold nothing. Without an act date in the text or
    the arguments, today is used: a person under 18 today was under 18 at the act.
    `flags` are facts from the case record (staff decisions): any of WITHHOLD_FLAGS.
    """
    norm = _normalise(text)
    _, births, other_dates = _analyse(text, norm, (), (), policy)
    return _withhold_reason(text, norm, births, other_dates, act_date, birth_dates, flags, policy)


def _withhold_reason(text, norm, births, other_dates, act_date, birth_dates, flags, policy) -> str | None:
    unknown = set(flags) - WITHHOLD_FLAGS
    if unknown:
        raise ValueError(f"unknown withhold flags: {sorted(unknown)}")
    mark = classification_mark(text) if "密" in norm or "内部" in norm else None
    if mark or "secret" in flags:
        marker = f"（标注“{mark}”）" if mark else ""
        return f"涉及国家秘密或者警务工作秘密{marker}，依法不予公开"

    if "minor" in flags:
        return "被处罚人为未成年人，依法不予公开"
    punished_births = [*_punished_party_births(norm, births), *birth_dates]
    if punished_births:
        day = act_date or _infer_act_date(norm, other_dates) or date.today()
        for birth in punished_births:
            if birth <= day and _age_on(birth, day) < 18:
                return f"违法行为发生时（{day.isoformat()}）被处罚人未满十八周岁，依法不予公开"

    return _policy_reason(norm, flags, policy)


def policy_withhold(text: str, *, flags=(), policy: RedactionPolicy = DEFAULT_POLICY) -> str | None:
    """Only the agency-policy reasons (当场/简易程序, 警告-only): for callers that judged minors and
    secrets themselves (enforcement/exclusions.py, where staff may lift a wrong automatic finding)."""
    return _policy_reason(_normalise(text or ""), flags, policy)


def _policy_reason(norm, flags, policy) -> str | None:
    on_the_spot = "on_the_spot" in flags or bool(_ON_THE_SPOT.search(norm))
    warning_only = "warning_only" in flags or _is_warning_only(norm)
    if on_the_spot and warning_only and (policy.withhold_on_the_spot or policy.withhold_warning_only):
        return "当场作出的仅给予警告的处罚决定，不予公开"
    if on_the_spot and policy.withhold_on_the_spot:
        return "依照简易程序当场作出的处罚决定，不予公开"
    if warning_only and policy.withhold_warning_only:
        return "仅给予警告的处罚决定，不予公开"
    return None


# --- entry points --------------------------------------------------------------------------------

# Larger inputs are refused rather than half-masked: a decision is a few kilobytes, a merged file a few
# megabytes; anything beyond is not one document.
MAX_TEXT_CHARS = 20_000_000


def redact(
    text: str,
    *,
    punished_names=(),
    other_names=(),
    allow=(),
    punished_org=(),
    punished_birth: date | None = None,
    policy: RedactionPolicy = DEFAULT_POLICY,
    act_date: date | None = None,
) -> RedactionResult:
    """The public version of a decision: masked text, the spans for review, and a withhold reason.

    `allow`: public names from the structured fields (units, places, organisations) the name finder
    must not touch; `punished_org`: punished organisations' names (kept with their codes and registered
    addresses); `punished_birth`: the punished person's birth date from the case record.
    """
    text = text or ""
    if len(text) > MAX_TEXT_CHARS:
        raise ValueError(f"document too large to redact ({len(text)} characters, at most {MAX_TEXT_CHARS})")
    norm = _normalise(text)
    spans, births, other_dates = _analyse(text, norm, punished_names, other_names, policy, allow, punished_org)
    return RedactionResult(
        text=apply_spans(text, spans),
        spans=tuple(spans),
        withhold=_withhold_reason(text, norm, births, other_dates, act_date,
                                  (punished_birth,) if punished_birth else (), (), policy),
    )


def to_json_dict(result: RedactionResult) -> dict:
    """A JSON-ready dict for the CLI and the reviewer UI."""
    return {
        "text": result.text,
        "spans": [
            {"start": s.start, "end": s.end, "kind": s.kind, "original": s.original} for s in result.spans
        ],
        "withhold": result.withhold,
    }
