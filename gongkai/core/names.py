"""Where a decision names a natural person: role labels, a part-of-speech tagger, context cues and lists.

Why this shape (issue 13): role labels alone miss victims, relatives and co-offenders named in running
text; a tagger alone misses a third of them and mistakes shop names for people. So a name is taken
when any of these says so:
- a role label or a strong cue right before it (违法行为人, 证人, 母亲, 伙同, 家属 …): strong evidence;
- the tagger's person tag (rjieba's `tag`, jieba's dictionary and HMM, compiled in: nothing downloads;
  it runs at ~12 MB/s, so it reads the whole document) on a word that starts with a known surname;
- a weak cue (与, 向, 殴打, 窃取, the start of a clause …) before a surname + given name that the tagger
  did not read as some other word;
- a list (、 和 及 与) next to a name already found.
A candidate inside a protected region (organisation names found by their suffix, law titles in 《》,
文号, and whatever the caller knows must stay) is dropped unless a label vouches for it. The caller masks
every occurrence of every name found (coreference), so one good mention protects all the others.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

__all__ = [
    "COMPOUND_SURNAMES",
    "NAME_PATTERN",
    "ORG_SUFFIX",
    "PUNISHED_LABELS",
    "SINGLE_SURNAMES",
    "find_names",
    "han_class_without",
    "protected_regions",
]

_HAN = "\u3400-\u4dbf\u4e00-\u9fff"


def _load_surnames() -> tuple[tuple[str, ...], str]:
    compound: list[str] = []
    single = ""
    for line in (Path(__file__).parent / "data" / "surnames.txt").read_text(encoding="utf-8").splitlines():
        if line.startswith("compound:"):
            compound = line.removeprefix("compound:").split()
        elif line.startswith("single:"):
            single = "".join(dict.fromkeys(line.removeprefix("single:").strip()))
    return tuple(sorted(compound, key=len, reverse=True)), single


COMPOUND_SURNAMES, SINGLE_SURNAMES = _load_surnames()
_SINGLE_SET = frozenset(SINGLE_SURNAMES)


def han_class_without(excluded: str) -> str:
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


# Characters that essentially never occur in a given name but do occur right after one in decision
# prose (function words, common verbs): a name stops before them.
_NOT_IN_GIVEN_NAME = (
    "的了是不在这那们个与及或等被把将对从于以因所也都就而但并且之其此该称说已未再又均系经当自"
    "发打报证陈供持用到去拿要让叫给驾使离回出前后内外某处罚决据案件现场查男女岁族籍住址身份号码电话手机联户"
    "和随还伙趁窃殴辱骂省市区县镇乡街巷路"
)
_GIVEN = han_class_without(_NOT_IN_GIVEN_NAME)
_SURNAME = "(?:" + "|".join(COMPOUND_SURNAMES) + "|[" + SINGLE_SURNAMES + "])"
# After the name: a non-name character, or a word that commonly follows a name.
_NAME_END = "(?![某×])(?=$|" + "|".join([_GIVEN.replace("[", "[^", 1), "[和有向为随还]|来到|前来|家中|等人|一起|一同|立即|当即|[二三四五六七八九十两]人"]) + ")"
# Lazy given name up to the first likely end; a full two-character given name needs no end marker.
NAME_PATTERN = "(?:" + _SURNAME + "(?:" + _GIVEN + "{1,2}?" + _NAME_END + "|" + _GIVEN + "{2}(?![某×])))"

PUNISHED_LABELS = ("违法行为人", "被处罚人", "违法嫌疑人", "被处理人", "被决定人", "当事人", "行为人", "姓名")
_KIN = (
    "父亲", "母亲", "哥哥", "弟弟", "姐姐", "妹妹", "妻子", "丈夫", "儿子", "女儿", "爷爷", "奶奶", "外公", "外婆",
    "孙子", "孙女", "叔叔", "阿姨", "舅舅", "姑姑", "侄子", "外甥", "前妻", "前夫", "女友", "男友", "女朋友", "男朋友",
    "朋友", "同事", "同学", "邻居", "室友", "老板", "雇主", "家属", "亲属", "同伙", "同乡", "表哥", "表弟", "表姐", "表妹",
    "堂哥", "堂弟", "父", "母", "妻", "夫", "子", "女", "兄", "弟", "姐", "妹",
)
_OTHER_LABELS = (
    "被侵害人", "受害人", "被害人", "证人", "见证人", "目击者", "目击证人", "报案人", "报警人", "举报人", "控告人",
    "求助人", "事主", "失主", "车主", "房东", "监护人", "法定代理人", "委托代理人", "代理人", "翻译人员", "翻译",
    "法定代表人", "负责人", "经营者", "店主", "员工", "店员", "职工", "工作人员", "保安", "司机", "驾驶人", "乘客", "行人",
    "男子", "女子", "伙同", "纠集", "雇佣", "指使", "通知", "联系", "传唤", "未成年人", "老人", "学生", "儿童", "男孩",
    "女孩", "孩子", "妇女", "村民", "居民", "租户", "顾客", "客人", "网友", "群众", "嫖客", "医生", "凶手", "嫌疑人",
    "歹徒", "小偷", "窃贼", "患者", "病人", "房客", "住客", "旅客", "租客", "业主", "股东", "会计", "出纳", "收银员",
    "服务员", "营业员", "厨师", "主播", "网民", "游客", "学员", "所有人", "登记人", "持有人", "户主", "中文名", "曾用名",
    "别名", "绰号", "化名",
)
_STRONG_CUES = sorted(
    set(PUNISHED_LABELS + _OTHER_LABELS + tuple("其" + kin for kin in _KIN) + tuple(k for k in _KIN if len(k) > 1)),
    key=len, reverse=True,
)
_CUE_NAME = re.compile(
    "(?P<label>" + "|".join(_STRONG_CUES) + r")(?:姓名|名叫|叫|系|为|是)?[：:\s“\"「]{0,2}(?P<name>" + NAME_PATTERN + ")"
)
# Weak cues: prepositions and verbs that take a person as object, and the start of a clause; the
# tagger must agree (it did not read the span as another word).
_WEAK_CUE_NAME = re.compile(
    r"(?:^|[\n，,。；;：:（(“\"「、]|与|和|及|同|向|对|将|被|趁|替|给|把|让|叫|帮|找|跟|窃取|盗窃|殴打|打伤|辱骂|威胁|"
    r"撞伤|撞倒|推倒|骗取|诈骗|敲诈|勒索|扣押|拘禁|猥亵|侮辱|诽谤|骚扰|打电话给|告诉|认识|发现|怀疑|因|后|事主|"
    r"系|称|经|由|从|之|为|其中|包括|另有)(?P<name>" + NAME_PATTERN + ")",
    re.M,
)
# Words that follow a person: 林峰的陈述, 王某的哥哥, 孙浩等人.
_NAME_BEFORE_CUE = re.compile(
    "(?P<name>" + NAME_PATTERN + ")(?=(?:的|之)(?:陈述|供述|证言|辨认|笔录|手机|钱包|财物|车辆|住处|家中|店内|身体|头部|面部|"
    + "|".join(k for k in _KIN if len(k) > 1) + ")|等人|等\\d人|等[二三四五六七八九十]人|[二三四五六七八九十]人|二人|两人)"
)
# What only a person is followed by: a birth, an age, a kinship of someone else (卓皓系卓娜嵩的哥哥).
_DISPUTE_PARTNER = re.compile(
    "(?:与|和|同|跟)(?P<name>" + NAME_PATTERN + ")(?=(?:因[^，,。；;\\n]{0,12})?发生(?:争执|纠纷|口角|冲突|争吵|矛盾)|"
    "(?:因[^，,。；;\\n]{0,12})?(?:争执|争吵|厮打|互殴|打架))"
)
# 趁X不备 / 趁X在店内: taking advantage of someone's inattention or absence names a person.
_OFF_GUARD = re.compile(
    "趁(?P<name>" + NAME_PATTERN + ")(?=不备|不注意|没注意|未注意|没有注意|熟睡|睡着|离开|外出|上厕所|在)"
)
_NAME_BEFORE_STRONG_CUE = re.compile(
    "(?:^|(?<=[\\n，,。；;：:（(“\"「、\\s中有人与和及同向对将被趁把给跟找])"
    "|(?<=窃取|盗窃|殴打|打伤|辱骂|威胁|骗取|诈骗|撞伤|推倒|发现|通知|联系|告诉|认识))(?P<name>" + NAME_PATTERN + ")(?=出生|生于|在场|到场|等人|(?:因[^，,。；;\\n]{0,12})?发生(?:争执|纠纷|口角|冲突|争吵)|称|辩称|自称|供述|陈述|承认|交代|证实|报警|报案|[（(]\\d{1,2}周?岁|\\d{1,2}周?岁|的?(?:头部|面部|脸部|胸部|背部|腿部|手臂|眼部)|"
    "的(?:陈述|供述|证言|手机|钱包|身份证|银行卡|电动车|自行车|摩托车|现金|衣物|背包|挎包)|"
    "系[^，,。；;\\n]{1,8}?的(?:" + "|".join(k for k in _KIN if len(k) > 1) + "))",
    re.M,
)
# Officers acting in office are named as the agency's agents, not as private persons: their names stay.
_OFFICIAL_NAMES = re.compile(
    "(?:民警|辅警|警官|执法人员|办案人员|办案人|承办人|审批人)[：:\\s]{0,2}(?P<names>" + NAME_PATTERN
    + "(?:[、和及]" + NAME_PATTERN + ")*)"
)
# A person word list: names joined by 、 和 及 与 next to a name already found.
_LIST_AFTER = re.compile("(?:[（(][^（）()\\n]{0,20}[）)])?[、和与及][：:\\s]?(?P<name>" + NAME_PATTERN + ")")
_LIST_BEFORE_REVERSED_SEPARATORS = "、和与及"

# Phrases that look like surname + given name after a cue but are prose.
_NAME_STOP_PREFIXES = (
    "严加", "陈述", "申辩", "曾因", "曾经", "明知", "拒绝", "同意", "要求", "承认", "没有", "无异", "王某", "于是",
    "万元", "时许", "华人", "国人", "国籍", "成年", "成员", "全体", "全部", "全家", "各自", "双方", "共同", "司机",
    "强行", "强制", "强迫", "安全", "安排", "平时", "来自", "原因", "原告", "原来", "相关", "相互", "高度", "高速",
    "高价", "黄色", "金额", "钱款", "钱包", "程序", "和解", "计划", "都是", "宁愿", "单位", "左右", "关于", "关系",
    "应当", "应该", "应予", "连续", "路过", "路口", "向前", "向后", "时间", "时候", "时任", "明显", "明确", "明天",
    "管理", "解放", "解除", "解决", "解释", "房屋", "房间", "车辆", "车内", "车牌", "车上", "费用", "谈话", "商店",
    "商场", "商品", "商户", "包括", "包装", "查获", "查处", "查明", "初步", "门口", "门店", "云南", "海南", "江苏",
    "江西", "湖南", "湖北", "河南", "河北", "山东", "山西", "广东", "广西", "浙江", "安徽", "福建", "贵州", "四川",
    "甘肃", "青海", "宁夏", "新疆", "西藏", "吉林", "辽宁", "黑龙江", "上海", "北京", "天津", "重庆", "香港", "澳门",
    "台湾", "公安", "公共", "公司", "公开", "公民", "公众", "公然", "民警", "文件", "文书", "武器", "方式",
    "方法", "方面", "方向", "常住", "常用", "任何", "任意", "于某", "项目", "卫生", "毛某", "宋体", "周围", "周边",
    "左侧", "右侧", "上述", "上门", "上官某", "欧阳某", "高某", "陆续", "余款", "余额", "史上", "谢谢", "冷静", "冷藏",
    "习惯", "司法", "将其", "杨某", "华联", "国家", "国际", "国内", "国外", "国产", "乔装", "伍佰",
)
# Tagger person words that are ordinary words in decisions (jieba tags some of them nr).
_TAGGER_STOP_WORDS = frozenset({
    "万元", "时许", "高达", "于是", "成年", "田地", "金额", "钱款", "马路", "黄金", "石头", "白天", "白色", "黄色",
    "常委", "向东", "向西", "向南", "向北", "华为", "安康", "严重", "文明", "和谐", "和平", "江山", "平安", "明星",
    "毕业", "宁可", "柏油", "程序", "雷同", "司令", "司法", "牛奶", "方便", "方法", "吉祥", "强奸", "白酒",
})

_PERSON_TAGS = frozenset({"nr", "nrfg", "nrt"})
_OTHER_WORD_TAGS_SHORT = frozenset({"x", "uj", "ul", "p", "c", "d", "r", "m", "q", "f"})

# --- protected regions -----------------------------------------------------------------------------

ORG_SUFFIX = re.compile(
    r"公安局|公安分局|分局|派出所|公安处|大队|支队|中队|看守所|拘留所|戒毒所|收容所|有限责任公司|股份有限公司|有限公司|"
    r"集团|公司|人民法院|法院|人民检察院|检察院|人民政府|政府|委员会|居委会|村委会|办事处|医院|卫生院|诊所|学校|大学|学院|"
    r"中学|小学|幼儿园|农村信用合作社|农村信用社|信用合作社|信用社|农村商业银行|合作社|银行|支行|分行|营业部|营业所|储蓄所|"
    r"分理处|超市|酒店|宾馆|饭店|旅馆|网吧|商场|商行|商店|门市部|经营部|服务部|工作室|俱乐部|会所|酒吧|茶楼|茶馆|浴室|"
    r"加油站|市场|广场|大厦|中心|协会|商会|研究院|研究所|事务所|律师事务所|分社|联社|网咖|KTV|ktv|歌厅|舞厅|麻将馆|"
    r"棋牌室|足浴|洗浴|浴场|餐厅|酒楼|烧烤|美容院|理发店|发廊|药店|药房|便利店|旅社|招待所|影院|游戏厅|驾校|农家乐|"
    r"厂(?![村镇乡街路巷])|店(?![村镇乡街路巷])|馆"
)
# An organisation name runs backwards from its suffix over characters that never end a clause.
_ORG_BACKWARDS = re.compile(
    "[^在于向至到经由和与及或、，,。；;：:（）()《》〔〕\\n \\d的了是被把将对从以因后时称系为趁将伙同殴打窃取辱骂给其]{0,24}"
)
_LAW_TITLE = re.compile(r"《[^《》\n]{1,60}》")
_DOCUMENT_NUMBER = re.compile(r"[" + _HAN + r"（）()]{1,24}[〔\[［【(（]\s*\d{4}\s*[〕\]］】)）]\s*第?\s*\d{1,6}\s*号")


def protected_regions(norm: str, allow=()) -> list[tuple[int, int]]:
    """Extents that are public words, not people: organisation names (by suffix), law titles, 文号,
    and every occurrence of each string in `allow` (the document's structured fields)."""
    regions: list[tuple[int, int]] = []
    reversed_text = None
    for match in ORG_SUFFIX.finditer(norm):
        if reversed_text is None:
            reversed_text = norm[::-1]
        start = match.start()
        start -= len(_ORG_BACKWARDS.match(reversed_text, len(norm) - start).group())
        regions.append((start, match.end()))
    regions += [match.span() for match in _LAW_TITLE.finditer(norm)]
    regions += [match.span() for match in _DOCUMENT_NUMBER.finditer(norm)]
    regions += explicit_regions(norm, allow)
    return sorted(regions)


def explicit_regions(norm: str, allow=()) -> list[tuple[int, int]]:
    """Every occurrence of each caller-given public string (organisation names, units, places)."""
    regions = []
    for value in allow or ():
        value = (value or "").strip()
        if len(value) < 2:
            continue
        position = norm.find(value)
        while position >= 0:
            regions.append((position, position + len(value)))
            position = norm.find(value, position + 1)
    return regions


def _overlaps(regions: list[tuple[int, int]], start: int, end: int) -> bool:
    from bisect import bisect_left

    index = bisect_left(regions, (start, end))
    for neighbour in regions[max(0, index - 24):index + 2]:
        if neighbour[0] < end and start < neighbour[1]:
            return True
    return False


# --- the tagger ------------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _tagger():
    """One private rjieba instance per process (the dictionary loads in ~0.1 s); role words are added
    so the tagger never glues a label to the name after it."""
    import rjieba

    tagger = rjieba.Jieba()
    for word in (*_STRONG_CUES, "违法行为人", "秘密窃取", "伙同他人"):
        if len(word) > 1:
            tagger.add_word(word, None, "n")
    return tagger


def _tokens(norm: str) -> dict[int, tuple[int, str]]:
    """start offset -> (end offset, tag) for every token of the document."""
    tokens = {}
    position = 0
    for word, tag in _tagger().tag(norm, True):
        tokens[position] = (position + len(word), tag)
        position += len(word)
    return tokens


def _surname_length(word: str) -> int:
    for compound in COMPOUND_SURNAMES:
        if word.startswith(compound):
            return len(compound)
    return 1 if word[:1] in _SINGLE_SET else 0


# A surname-initial word right before a place or unit suffix is a place (武侯区, 白云路, 江宁分局).
_PLACE_AFTER = re.compile(r"(?:\d|[一二三四五六七八九十]+(?:号|栋|幢|单元|室|楼|弄|组)|省|市|区|县|旗|镇|乡|村|路(?!过)|街|巷|大道|胡同|小区|社区|花园|分局|派出所|大队|支队|中队|"
                          r"公司|集团|大桥|公园|广场|大厦|机场|车站|码头|水库|山|湖|河|江|学校|医院|网咖|网吧|KTV|ktv|歌厅|歌舞厅|舞厅|麻将馆|棋牌室|茶楼|茶馆|酒吧|会所|足浴|洗浴|浴场|浴室|餐厅|饭店|酒楼|烧烤|美容院|美发|理发店|发廊|诊所|药店|药房|超市|便利店|商行|商店|商场|宾馆|酒店|旅馆|旅社|招待所|影院|台球|游戏厅|电玩|驾校|加油站|快捷酒店|农家乐|工作室|信用社|联社|分社|[A-Za-z]{2,})")


def _is_place(norm: str, end: int) -> bool:
    return bool(_PLACE_AFTER.match(norm, end))


def _plausible(name: str, *, stop_words: bool = True) -> bool:
    if not 2 <= len(name) <= 5 or "某" in name or "×" in name:
        return False
    surname = _surname_length(name)
    if not surname or len(name) - surname > 2 or len(name) == surname:
        return False
    return not (stop_words and name.startswith(_NAME_STOP_PREFIXES)) and not ORG_SUFFIX.search(name[1:])


_COMMON_WORD_TAGS = frozenset({"n", "v", "vn", "vd", "a", "ad", "an", "ns", "nt", "nz", "l", "i", "d", "t", "s", "f", "m",
                               "j", "b", "z"})


def _tagger_agrees(norm: str, tokens, start: int, end: int, surname: int) -> bool:
    """The tagger did not read the span as an ordinary word (解放, 解放路, 华联超市)."""
    token = tokens.get(start)
    if token is None:
        # the span starts inside a token: fine when the tagger glued a cue to a name (有林峰), not when
        # the cue and the "surname" are one dictionary word (及时, 并且)
        for back in range(1, 4):
            glued = tokens.get(start - back)
            if glued is not None:
                word = norm[start - back:glued[0]]
                return glued[1] in _PERSON_TAGS or not (_tagger().has_word(word) and glued[0] <= end)
        return True
    token_end, tag = token
    if tag in _PERSON_TAGS:
        return True
    if token_end > end:  # glued to what follows: a dictionary word (解放路) says no, an HMM guess (雷梓在) nothing
        return not _tagger().has_word(norm[start:token_end])
    if token_end == end:  # the span is one word: an ordinary dictionary word (解放) is no name, a guess may be
        return tag not in _COMMON_WORD_TAGS or not _tagger().has_word(norm[start:end])
    rest = tokens.get(start + surname)
    if token_end - start == surname and tag in ("c", "p") and rest is not None and rest[1] in _PERSON_TAGS:
        return False  # 和 + 龙飞: a conjunction before a name, not a surname
    if token_end - start == surname and rest is not None and rest[0] == end and end - start - surname >= 2:
        return rest[1] not in _COMMON_WORD_TAGS  # 车 + 乘客: a surname character before an ordinary word
    return token_end - start <= surname


def _stands_alone(norm: str, name: str, next_char: str) -> bool:
    position = norm.find(name)
    while position >= 0:
        if norm[position + len(name):position + len(name) + 1] != next_char:
            return True
        position = norm.find(name, position + 1)
    return False


_BEFORE_PERSON = re.compile(
    r"(?:[\n，,。；;：:（(“\"「、\s]|与|和|及|同|向|对|将|被|趁|把|让|叫|给|找|跟|窃取|盗窃|殴打|辱骂|威胁|撞伤|骗取|诈骗|"
    r"发现|怀疑|认识|联系|通知|告诉|其中|包括|系|称|由|为|是)$"
)
_AFTER_PERSON = re.compile(
    r"[在与和及因将于称系到向对被趁持、，,。；;（(”\"」]|伙同|驾驶|殴打|窃取|盗窃|使用|等人|一起|一同|随后|当即|立即|"
    r"多次|酒后|无证|非法|明知|故意|拒不|自称|独自|携带|出生|生于|的(?:陈述|供述|证言|手机|钱包|财物|车辆)"
)


def _stands_as_person(norm: str, start: int, end: int) -> bool:
    """A word sits where a person stands: after a clause start or a person-taking word, or before a
    person's action."""
    return bool(_BEFORE_PERSON.search(norm, max(0, start - 4), start) or _AFTER_PERSON.match(norm, end))


def _trim_to_tokens(norm: str, tokens, start: int, end: int) -> int:
    """A three-character candidate whose last character starts a dictionary word (雷鸣逃离, 郭靖多次)
    is a two-character name; a word the tagger only guessed (叶兰欣于 → 欣于) cuts nothing."""
    if end - start == 3 and _surname_length(norm[start:end]) == 1:
        token = tokens.get(end - 1)
        if token is not None and token[0] > end and _tagger().has_word(norm[end - 1:token[0]]):
            return end - 1
    return end


# --- Latin-script names ----------------------------------------------------------------------------

_LATIN_NAME = r"[A-Z][A-Za-z'\-]+(?:[ ·.\-][A-Z][A-Za-z'\-]+){0,4}"
_FOREIGN_NAME = re.compile(
    r"(?:国籍|国籍人|籍|外籍人员|外籍|外国人|(?:" + "|".join(_STRONG_CUES) + r"))"
    r"(?:男子|女子|人员|公民|人士|留学生|游客|船员)?(?:姓名|名叫|叫)?[：:\s]{0,2}(?P<name>" + _LATIN_NAME + ")"
)
_NOT_A_LATIN_NAME = re.compile(r"^(?:QQ|ID|IP|VIN|IMEI|KTV|ATM|APP|GPS|POS|USB|SIM|[A-Z]\d|[A-Z]{1,2}$)")


# --- the finder ------------------------------------------------------------------------------------

def find_names(norm: str, *, allow=()) -> dict[str, bool]:
    """{name: is_punished} for every natural person named in `norm` (normalised text)."""
    if not norm:
        return {}
    regions = protected_regions(norm, allow)
    explicit = sorted(explicit_regions(norm, allow))
    found: dict[str, bool] = {}
    officials = {name for match in _OFFICIAL_NAMES.finditer(norm) for name in re.split("[、和及]", match.group("names"))}

    def take(name: str, punished: bool, *, labelled: bool = False) -> None:
        if name in officials and not labelled:
            return
        found[name] = found.get(name, False) or punished

    tokens = _tokens(norm)
    # 1. labels and strong cues: a label vouches for the name even inside a suffix region
    for match in _CUE_NAME.finditer(norm):
        start, end = match.span("name")
        trimmed = _trim_to_tokens(norm, tokens, start, end)
        # A wrong cut leaks a character of the name, a wrong keep masks one character of prose: after a
        # label the cut needs the shorter name standing alone elsewhere in the document, or a word of three
        # or more characters starting at the cut (a given name does not begin an idiom).
        if trimmed < end and (_stands_alone(norm, norm[start:trimmed], norm[trimmed])
                              or tokens[trimmed][0] - trimmed >= 3):  # 夏雨|达成协议, 雷鸣|逃离现场
            end = trimmed
        name = norm[start:end]
        # a stop word right after a label is prose (当事人明知…) unless it stands alone (法定代表人：文明，)
        alone = end == len(norm) or norm[end] in "，,、（(：: \t\n。；;）)"
        if (_plausible(name) or (alone and _plausible(name, stop_words=False))) and not _overlaps(explicit, start, end):
            take(name, match.group("label") in PUNISHED_LABELS, labelled=True)
    for match in (*_NAME_BEFORE_STRONG_CUE.finditer(norm), *_DISPUTE_PARTNER.finditer(norm),
                  *_OFF_GUARD.finditer(norm)):
        start, end = match.span("name")
        if _plausible(match.group("name"), stop_words=False) and not _overlaps(regions, start, end):
            take(match.group("name"), False)
    for match in _FOREIGN_NAME.finditer(norm):
        name = match.group("name").strip(" ·.-")
        if len(name) >= 3 and not _NOT_A_LATIN_NAME.match(name):
            label = match.group()[: match.start("name") - match.start()]
            take(name, any(label.startswith(p) for p in PUNISHED_LABELS))

    # 2. the tagger's person words that start with a surname; a dictionary word the tagger calls a person
    #    (高峰, 黎明, 顾客 are in its dictionary as names) needs the place of a person in the clause too
    for start, (end, tag) in tokens.items():
        if tag in _PERSON_TAGS:
            word = norm[start:end]
            if (word in _TAGGER_STOP_WORDS or not _plausible(word) or not _NAME_AT.fullmatch(word)
                    or _is_place(norm, end) or _overlaps(regions, start, end)):
                continue
            if _tagger().has_word(word) and not _stands_as_person(norm, start, end):
                continue
            take(word, False)

    # 3. weak cues with the tagger's agreement
    for pattern in (_WEAK_CUE_NAME, _NAME_BEFORE_CUE):
        for match in pattern.finditer(norm):
            start, end = match.span("name")
            end = _trim_to_tokens(norm, tokens, start, end)
            name = norm[start:end]
            if name in found or not _plausible(name) or _is_place(norm, end) or _overlaps(regions, start, end):
                continue
            if _tagger_agrees(norm, tokens, start, end, _surname_length(name)):
                take(name, False)

    # 4. names padded with spaces (乔　贵) after a cue or a clause start, and transliterated foreign names
    for match in _SPACED_NAME.finditer(norm):
        name = match.group("surname") + match.group("given")
        if _plausible(name) and not _overlaps(regions, match.start("surname"), match.end("given")):
            take(name, match.group("label") in PUNISHED_LABELS if match.group("label") else False)
    if "·" in norm or "•" in norm or "・" in norm:
        for match in _TRANSLITERATED.finditer(norm):
            if not _overlaps(regions, *match.span()):
                take(match.group(), False)

    # 5. lists next to a known name, both ways, until nothing new turns up
    for _ in range(4):
        added = False
        for name in list(found):
            position = norm.find(name)
            while position >= 0:
                after = _LIST_AFTER.match(norm, position + len(name))
                if after:
                    start, end = after.span("name")
                    trimmed = _trim_to_tokens(norm, tokens, start, end)
                    if trimmed < end and _stands_alone(norm, norm[start:trimmed], norm[trimmed]):
                        after = None if norm[start:trimmed] in found else norm[start:trimmed]
                    else:
                        after = after.group("name")
                if after and _plausible(after) and after not in found and not _overlaps(regions, start, end):
                    take(after, False)
                    added = True
                if position >= 3 and norm[position - 1] in _LIST_BEFORE_REVERSED_SEPARATORS:
                    before = _name_ending_at(norm, position - 1)
                    if before and before not in found and not _overlaps(regions, position - 1 - len(before), position - 1):
                        take(before, False)
                        added = True
                position = norm.find(name, position + len(name))
        if not added:
            break
    # a name that only ever stands inside a longer name found too (郭彬 in 郭彬垚) is that name
    for name in [n for n in found if any(n != other and n in other for other in found)]:
        longer = [other for other in found if name != other and name in other]
        if norm.count(name) == sum(norm.count(other) for other in longer):
            del found[name]
    return found


_NAME_AT = re.compile(NAME_PATTERN)
# 乔　贵, 田 野: two-character names padded to the width of three, the way forms align them.
_SPACED_NAME = re.compile(
    r"(?:^|(?P<label>" + "|".join(_STRONG_CUES) + r")[：:]?|[\n，,。；;：:（(“\"「、|\t]|与|和|及|同|向|对|将|被|趁)"
    r"[ \u3000]*(?P<surname>[" + SINGLE_SURNAMES + r"])[ \u3000]{1,3}(?P<given>" + _GIVEN + r")"
    r"(?=[ \u3000]*(?:[^\u4e00-\u9fff]|$|" + _GIVEN.replace("[", "[^", 1) + r"|在|与|和|因|将|于|称|系|到|向|对|被|趁|驾驶|伙同|殴打|窃取|等人|的))",
    re.M,
)
# 约翰·布朗, 阿卜杜·热合曼: transliterated names are joined by a middle dot.
_TRANSLITERATED = re.compile(r"[\u4e00-\u9fff]{1,8}(?:[·•・][\u4e00-\u9fff]{1,10})+")


def _name_ending_at(norm: str, end: int) -> str | None:
    """The name that ends right before a list separator at `end` (江涛、白雪 → 江涛)."""
    for length in (2, 3, 4):
        start = end - length
        if start < 0:
            break
        candidate = norm[start:end]
        if (_NAME_AT.fullmatch(candidate) and _plausible(candidate)
                and (start == 0 or not ("\u4e00" <= norm[start - 1] <= "\u9fff") or length == 4
                     or norm[start - 1] in "与和及同的是为将被向对伙")):
            return candidate
    return None
