"""Mask personal data in 行政处罚决定书 before publication and decide whether a decision may be published at all."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from datetime import date

from gongkai.core.text import half_width_table

__all__ = [
    "DEFAULT_POLICY",
    "KINDS",
    "RedactionPolicy",
    "RedactionResult",
    "Span",
    "WITHHOLD_FLAGS",
    "apply_spans",
    "decide_withhold",
    "find_spans",
    "mask_person_name",
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
    "plate",
    "birth_date",
    "name_punished",
    "name_other",
    "address",
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


def _han_class_without(excluded: str) -> str:
    """A regex class of Han characters minus `excluded` (re has no class subtraction)."""
    ranges = [(0x3400, 0x4DBF), (0x4E00, 0x9FFF)]
    holes = sorted({ord(char) for char in excluded})
    parts = []
    for low, high in ranges:
        cursor = low
        for hole in holes:
            if hole < cursor or hole > high:
                continue
            if hole > cursor:
                parts.append((cursor, hole - 1))
            cursor = hole + 1
        if cursor <= high:
            parts.append((cursor, high))
    body = "".join(f"\\u{a:04x}" if a == b else f"\\u{a:04x}-\\u{b:04x}" for a, b in parts)
    return f"[{body}]"


# --- names --------------------------------------------------------------------------------------

COMPOUND_SURNAMES = (
    "欧阳 司马 诸葛 上官 东方 皇甫 尉迟 公孙 慕容 令狐 夏侯 长孙 宇文 司徒 司空 独孤 南宫 西门 端木 轩辕 "
    "钟离 闻人 澹台 公冶 太史 申屠 赫连 呼延 万俟 百里 东郭 拓跋 第五 濮阳 淳于 单于 鲜于 闾丘 亓官 仲孙 "
    "段干 梁丘 左丘 东门 谷梁 乐正 公羊 宰父 羊舌 微生 公良 漆雕 巫马 颛孙 司寇 子车 南门 呼衍"
).split()

# Common single surnames (百家姓 and the national top 400); labelled names must start with one,
# which keeps phrases such as "当事人对…" or "证人证言" from being read as names.
SINGLE_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
    "常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季"
    "裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦"
    "戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻"
    "苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅屠豆朴盖练"
    "廉禹井祖漆巴丰支卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊阿乌母裘亢羿靖竺"
)

# Characters that essentially never occur in a given name but do occur right after one in
# decision prose (function words, common verbs): a name stops before them.
_NOT_IN_GIVEN_NAME = (
    "的了是不在这那们个与及或等被把将对从于以因所也都就而但并且之其此该称说已未再又均系经当自"
    "发打报证陈供持用到去拿要让叫给驾使离回出前后内外里某处罚决据案件现场查男女岁族籍住址身份号码电话手机联户"
)
_GIVEN = _han_class_without(_NOT_IN_GIVEN_NAME)
_SURNAME = "(?:" + "|".join(COMPOUND_SURNAMES) + "|[" + SINGLE_SURNAMES + "])"
# After the name: a non-name character, or a word that commonly follows a name.
_NAME_END = "(?![某×])(?=$|" + "|".join([_GIVEN.replace("[", "[^", 1), "[和有向为随还]|来到|前来|家中|等人|一起|一同|立即"]) + ")"
# Lazy given name up to the first likely end; a full two-character given name needs no end marker.
_NAME = "(?:" + _SURNAME + "(?:" + _GIVEN + "{1,2}?" + _NAME_END + "|" + _GIVEN + "{2}(?![某×])))"

_PUNISHED_LABELS = ("违法行为人", "被处罚人", "违法嫌疑人", "被处理人", "被决定人", "当事人", "姓名")
_OTHER_LABELS = (
    "被侵害人", "受害人", "被害人", "证人", "见证人", "目击者", "报案人", "报警人", "举报人", "控告人",
    "监护人", "法定代理人", "委托代理人", "代理人", "其父亲", "其母亲", "其父", "其母", "其妻", "其夫",
    "其子", "其女", "其兄", "其弟", "其姐", "其妹", "父亲", "母亲", "妻子", "丈夫", "儿子", "女儿",
    "同事", "朋友", "邻居", "男友", "女友", "亲属", "同伙",
)
_LABELS = sorted(_PUNISHED_LABELS + _OTHER_LABELS, key=len, reverse=True)
_NAME_LABEL = re.compile(
    "(?P<label>" + "|".join(_LABELS) + r")(?:姓名)?[：:\s]{0,2}"
    "(?P<name>" + _NAME + ")"
)
_NAME_CONTINUATION = re.compile("[、和与及][：:\\s]?(?P<name>" + _NAME + ")")
# Phrases that look like surname + given name after a label but are prose.
_NAME_STOP_PREFIXES = ("严加", "陈述", "申辩", "曾因", "曾经", "明知", "拒绝", "同意", "要求", "承认", "没有", "无异")

_COMPOUND_PREFIX = re.compile("|".join(COMPOUND_SURNAMES))
_HAN_CHAR = re.compile("[" + _HAN + "]")
_ORG_NAME_SUFFIX = re.compile(r"(?:有限公司|公司|厂|店|局|所|院|队|会|处|中心|银行|学校|政府)$")

# --- patterns ----------------------------------------------------------------------------------

# Digit runs, separators allowed between digits; classified afterwards (ID, phone, account...).
# Starts with \d so the regex engine can skip non-digits fast; the "not glued to a letter" test and
# a leading "+" are handled by the caller.
_DIGIT_RUN = re.compile(r"\d(?:" + _SEP + r"{0,2}\d){4,}(?:" + _SEP + r"?[Xx](?![A-Za-z0-9]))?")
# Landlines the digit-run pass cannot see whole: "(0517)83456789" and extensions "…转8001".
_LANDLINE_PAREN = re.compile(
    r"[(（]0\d{2,3}[)）]" + _SEP + r"{0,2}\d{7,8}(?:(?:转|分机|" + _SEP + r"{1,2})\d{1,6})?(?!\d)"
)
_LANDLINE_EXTENSION = re.compile(r"0\d{2,3}" + _SEP + r"{0,2}\d{7,8}(?:转|分机)\d{1,6}(?!\d)")
_LANDLINE_FORM = re.compile(r"0\d{2,3}" + _SEP + r"{1,2}\d{7,8}(?:" + _SEP + r"{1,2}\d{1,6})?")
_EMAIL = re.compile(r"(?<![A-Za-z0-9._%+\-])[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+")
_PLATE = re.compile(
    "[" + _PROVINCES + r"][A-Za-z][ ·•・‧.\-\u3000]{0,2}"
    r"(?:[A-Za-z0-9]{5,6}|[A-Za-z0-9]{4}[学警挂港澳领试超])(?![A-Za-z0-9])"
)
_REAL_ESTATE = re.compile(
    "[" + _PROVINCES + r"]\s*[(（]\s*\d{4}\s*[)）]\s*[" + _HAN + r"]{1,15}?不动产权第\s*\d{4,12}\s*号"
)
_CERT_LABEL = re.compile(
    r"(?:机动车登记证书|登记证书|行驶证|驾驶证|不动产权证书?|房产证|房屋所有权证|护照|车架|发动机|车辆识别代)"
    r"(?:档案)?(?:编号|号码|号|代号)?[：:\s]{0,3}(?P<value>[A-Za-z0-9](?:[ \-]?[A-Za-z0-9]){3,29})(?![A-Za-z0-9])"
)
_PASSPORT = re.compile(r"[EeGgDdSsPp](?<![A-Za-z0-9].)\d{8}(?![A-Za-z0-9])")

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
    r"通讯地址|联系地址|住于|住在)[：:\s]{0,2}(?P<value>[^，,。；;\n]{2,80})"
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
_ORG_SUFFIX = re.compile(
    r"公安局|公安分局|分局|派出所|公安处|大队|支队|中队|看守所|拘留所|戒毒所|有限责任公司|股份有限公司|有限公司|公司|"
    r"人民法院|法院|人民检察院|检察院|人民政府|政府|委员会|居委会|村委会|办事处|医院|学校|大学|学院|中学|小学|"
    r"银行|支行|分行|营业部|超市|酒店|宾馆|饭店|网吧|商场"
)
_ORG_BACKWARDS = re.compile("[^在于向至到经由和与及或、，,。；;：:（）()《》〔〕\\n \\d]{0,24}")

_PHONE_LABEL = re.compile(r"电话|手机|联系方式|座机|固话|号码|[Tt][Ee][Ll]")
_ACCOUNT_LABEL = re.compile(r"账号|帐号|卡号|账户|帐户|银行|开户")
_CERT_NEAR_LABEL = re.compile(r"证号|编号|证书|行驶证|驾驶证")
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
    return None


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


def _plausible_person_name(name: str) -> bool:
    if len(name) < 2 or len(name) > 4 or _is_already_masked(name):
        return False
    if "某" in name or "×" in name:
        return False
    if name.startswith(_NAME_STOP_PREFIXES):
        return False
    return not _ORG_NAME_SUFFIX.search(name)


def _clean_names(names) -> list[str]:
    cleaned = []
    for name in names or ():
        name = (name or "").strip()
        if len(name) >= 2 and not _is_already_masked(name) and "某" not in name and not _ORG_NAME_SUFFIX.search(name):
            cleaned.append(name)
    return cleaned


def _labelled_names(text: str) -> list[tuple[str, bool]]:
    """(name, is_punished) for every name that follows a role label such as 违法行为人 or 证人."""
    found = []
    for match in _NAME_LABEL.finditer(text):
        punished = match.group("label") in _PUNISHED_LABELS
        name = match.group("name")
        if _plausible_person_name(name):
            found.append((name, punished))
        position = match.end("name")
        while True:  # "证人王五、赵六证实"
            more = _NAME_CONTINUATION.match(text, position)
            if not more:
                break
            if _plausible_person_name(more.group("name")):
                found.append((more.group("name"), punished))
            position = more.end("name")
    return found


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
    policy: RedactionPolicy = DEFAULT_POLICY,
) -> list[Span]:
    """Every piece of personal data in `text`, as non-overlapping spans sorted by offset.

    `punished_names` and `other_names` come from the case record (natural persons only; anything that
    looks like an organisation is ignored so company names stay public). Names are also taken from
    role labels in the text, and every mention of any known name is masked.
    """
    return _analyse(text, _normalise(text), punished_names, other_names, policy)[0]


def _analyse(text, norm, punished_names, other_names, policy):
    """One scan shared by find_spans and redact: the spans, plus the birth dates and the other dates
    that the withhold decision needs (so redact does not scan twice)."""
    candidates: list[tuple[int, int, str]] = []
    add = candidates.append
    births: list[date] = []
    other_dates: list[tuple[int, date]] = []

    for match in _DIGIT_RUN.finditer(norm):
        start = match.start()
        if start and norm[start - 1].isascii() and norm[start - 1].isalnum():
            continue  # part of a longer code such as "ABC12345"
        if start and norm[start - 1] == "+":
            start -= 1
        classified = _classify_digit_run(norm, start, match.end())
        if classified:
            add(classified)
            if classified[2] == "id_number":
                digits = _NOT_DIGIT_OR_X.sub("", norm[classified[0]:classified[1]])
                birth = _parse_date(digits[6:14] if len(digits) >= 17 else "19" + digits[6:12])
                if birth:
                    births.append(birth)
    for match in _LANDLINE_PAREN.finditer(norm):
        add((match.start(), match.end(), "phone"))
    if "转" in norm or "分机" in norm:
        for match in _LANDLINE_EXTENSION.finditer(norm):
            add((match.start(), match.end(), "phone"))
    if "@" in norm:
        for match in _EMAIL.finditer(norm):
            add((match.start(), match.end(), "email"))
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
                births.append(parsed)
        elif parsed:
            other_dates.append((start, parsed))
    for match in _BIRTH_COMPACT.finditer(norm):
        add((match.start("value"), match.end("value"), "birth_date"))
        parsed = _parse_date(match.group("value"))
        if parsed:
            births.append(parsed)
    for match in _ADDRESS_LABEL.finditer(norm):
        value = _cut_unbalanced_paren(match.group("value")).rstrip()
        if value and not _is_already_masked(value) and _ADDRESSY.search(value):
            add((match.start("value"), match.start("value") + len(value), "address"))
    for start, end in _address_chain_candidates(norm):
        add((start, end, "address"))

    # Names: the case record outranks labels; being punished outranks being a witness or victim.
    kinds: dict[str, str] = {}
    structured_punished = _clean_names(punished_names)
    structured_other = _clean_names(other_names)
    for name, punished in _labelled_names(norm):
        if punished:
            kinds[name] = "name_punished"
        else:
            kinds.setdefault(name, "name_other")
    for name in structured_other:
        kinds[name] = "name_other"
    for name in structured_punished:
        kinds[name] = "name_punished"
    if len(kinds) > 16:  # many names (a merged file): one alternation beats one find per name
        mention = re.compile("|".join(map(re.escape, sorted(kinds, key=len, reverse=True))))
        for match in mention.finditer(norm):
            add((match.start(), match.end(), kinds[match.group()]))
    else:  # str.find: cheaper than compiling an alternation per document
        for name, kind in kinds.items():
            position = norm.find(name)
            while position >= 0:
                add((position, position + len(name), kind))
                position = norm.find(name, position + len(name))

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
_SECRECY = re.compile(
    r"绝密|机密|秘密|(?<=[【（(\[★])内部|^\s*内部\s*$|内部(?=资料|文件|材料|使用|事项|刊物|★|[】）)\]])", re.M
)
_ACT_ANCHOR = re.compile(r"现查明|经查明|经查|查明|违法事实")
_ON_THE_SPOT = re.compile(r"当场处罚|当场作出|当场给予|当场决定|简易程序")
_PENALTY_SENTENCE = re.compile(r"给予|处以|并处|现决定|决定对|处罚如下|决定如下|处警告|处罚款|处行政拘留")
_REMEDY_SENTENCE = re.compile(r"不服|行政复议|行政诉讼|逾期不")
_HEAVIER_PENALTY = re.compile(r"罚款|拘留|吊销|暂扣|没收|停产|停业|驱逐出境|限期出境|通报批评|降低资质|责令关闭")
_MINOR_WORDS = re.compile(r"未成年|未满十八周岁|不满十八周岁|不满十四周岁|未满十四周岁")


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


def decide_withhold(
    text: str,
    *,
    act_date: date | None = None,
    birth_dates=(),
    flags=(),
    policy: RedactionPolicy = DEFAULT_POLICY,
) -> str | None:
    """A Chinese reason not to publish the decision at all, or None.

    Reasons (law-and-standards.md §3): 国家秘密/警务工作秘密 markers; a party under 18 on the date of the
    act (a local 公示 rule; the 治安管理处罚法 treats minors separately); and, as strict defaults for
    UNSURE exceptions, 当场处罚/简易程序 decisions and 警告-only decisions. Without an act date in the
    text or the arguments, today is used: a person under 18 today was under 18 at the act.
    `flags` are facts from the case record: any of WITHHOLD_FLAGS.
    """
    norm = _normalise(text)
    _, births, other_dates = _analyse(text, norm, (), (), policy)
    return _withhold_reason(norm, births, other_dates, act_date, birth_dates, flags, policy)


def _withhold_reason(norm, births, other_dates, act_date, birth_dates, flags, policy) -> str | None:
    unknown = set(flags) - WITHHOLD_FLAGS
    if unknown:
        raise ValueError(f"unknown withhold flags: {sorted(unknown)}")
    secret = _SECRECY.search(norm) if ("密" in norm or "内部" in norm) else None
    if secret or "secret" in flags:
        marker = f"（标注“{secret.group()}”）" if secret else ""
        return f"涉及国家秘密或者警务工作秘密{marker}，依法不予公开"

    births = [*births, *birth_dates]
    if "minor" in flags or _MINOR_WORDS.search(norm):
        return "被处罚人为未成年人，依法不予公开"
    if births:
        day = act_date or _infer_act_date(norm, other_dates) or date.today()
        for birth in births:
            if birth <= day and _age_on(birth, day) < 18:
                return f"违法行为发生时（{day.isoformat()}）当事人未满十八周岁，依法不予公开"

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

def redact(
    text: str,
    *,
    punished_names=(),
    other_names=(),
    policy: RedactionPolicy = DEFAULT_POLICY,
    act_date: date | None = None,
) -> RedactionResult:
    """The public version of a decision: masked text, the spans for review, and a withhold reason."""
    norm = _normalise(text)
    spans, births, other_dates = _analyse(text, norm, punished_names, other_names, policy)
    return RedactionResult(
        text=apply_spans(text, spans),
        spans=tuple(spans),
        withhold=_withhold_reason(norm, births, other_dates, act_date, (), (), policy),
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
