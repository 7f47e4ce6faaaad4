"""The second look before publication: an independent scan of a final public text for anything still personal.

Why a second set of rules: the redaction engine (core/redaction.py) decides what to mask; if one of
its rules is wrong, the same rule cannot also be the check. This module shares nothing with it (no
import, its own surname list, its own patterns) and looks at the text *after* masking, the exact
string that would be published. It reports suspicious places; it never masks. A person decides
each hit (kept with a reason, or masked), and publication waits for that decision.

What counts as suspicious (issue 13 item 5):
- `digits`: a run of 6 or more digits (half- or full-width, groups split by one space, hyphen or
  dot count as one run), unless it is an amount (…元, 人民币…), a written-out date, or lies inside
  an allow-listed string (the document's 文号, a punished organisation's code, the agency's bank
  account for fines, …);
- `name`: a common surname followed by one or two Han characters where a person's name stands: at
  the start of a clause, after a cue (与, 和, 、, 伙同, 证人, 被侵害人, 母亲, …) or before one
  (，男 / 等人); common words that begin with a surname character (陈述, 程序, 方式, 任意, 申请…),
  place and organisation names (…路, …区, …公司) and text inside 《》 are not names;
- `party_name`: a name the case record lists as a natural person (exact, whatever stands around it);
- `at_sign` (`@`, an e-mail address), `wxid`, `im_handle` (QQ/微信 label followed by an id),
  `plate` (province abbreviation + letter + 5–6 letters or digits), `latin_name` (two or more
  capitalised Latin words, "Zhang San", "JOHN SMITH").

Offsets are into the text as given (the full-width fold keeps the length, core/text.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from gongkai.core.text import half_width

KIND_LABELS = {
    "digits": "数字串",
    "name": "疑似姓名",
    "party_name": "当事人姓名",
    "at_sign": "电子邮箱（@）",
    "wxid": "微信号（wxid）",
    "im_handle": "QQ/微信号",
    "plate": "疑似车牌号",
    "latin_name": "拉丁字母姓名",
}
EXCERPT_CONTEXT = 12
MIN_DIGITS = 6


@dataclass(frozen=True)
class Hit:
    """One suspicious place: [start, end) in the scanned text, its kind, and a few characters around it."""

    start: int
    end: int
    kind: str
    excerpt: str
    value: str = ""

    @property
    def label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)


# --- surnames: this module's own list (the most common ~300 single and the usual compound ones) ----
COMPOUND_SURNAMES = (
    "欧阳 司马 诸葛 上官 东方 皇甫 尉迟 公孙 慕容 令狐 夏侯 长孙 宇文 司徒 司空 独孤 南宫 西门 端木 轩辕 "
    "钟离 闻人 澹台 公冶 太史 申屠 赫连 呼延 万俟 百里 东郭 拓跋 濮阳 淳于 鲜于 闾丘 左丘"
).split()
SINGLE_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢"
    "姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫阎段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常"
    "康易乔赖文柳殷岳庞樊兰葛齐伍洪温施牛聂章鲁颜倪俞耿欧凌辛邢牟尚蓝季舒蒙包滕焦习关左靳祝单翟安管甘邬柴"
    "祁芦卜晏鲍臧车裴阮屈纪盛路艾梅宁池房骆华饶费詹解丛谷甄霍魏麦宫涂娄闵储粟连冉时米蔺骞卫虞苗符仇佟褚"
    "查喻鞠邝冀栾门蒲桑迟简宗于和申明成全应原席岑柏麻古商景仲巫晋湛寇阚荣钮隋"
)
_SINGLE = "".join(sorted(set(SINGLE_SURNAMES)))

# Characters that do not belong inside a given name here: masks, function words, the usual verbs and
# nouns that follow a name in a decision (张三在…, 对张三处…, 张三的陈述).
_NOT_GIVEN = set("某×*＊○〇□■等的在于和与及因被将把向对为是了称说处已也又均都曾之其并以到从由自个人"
                 "等系所者有无不未经即就后前时日月年元号内外上下中等名位家户")
# Places and organisations: a candidate whose given name, or the character right after it, holds one
# of these is a place or a unit, not a person (黄河路, 金色家园, 高新区, 华夏银行).
_PLACE_SUFFIX = set("路街道巷弄区市县镇乡村园苑庄楼厦店馆厅院所局队司厂场站室校社行部委办处科省州湾桥港岛山湖河江")
_PLACE_AFTER = set("路街巷弄区市县镇乡村园苑庄楼厦店馆厅院所局队司厂场站校省州湾桥港岛")
# Two-character words that often follow a name: 张三驾驶 is 张三 + 驾驶, not the name 张三驾.
_FOLLOW_WORDS = frozenset((
    "驾驶 驾车 打伤 打人 一起 一同 一人 持刀 随后 当即 当场 供述 辩称 承认 拒不 多次 未经 醉酒 酒后 携带 骑车 "
    "报警 报案 到场 离开 逃离 上前 前往 进入 发现 看到 发生 要求 索要 拿走 辱骂 殴打 推搡 威胁 称其 证实 陈述"
).split())
# Words that begin with a surname character and are not names; the candidate's first two characters
# are compared with them. Written for decision texts (facts, evidence, penalties, remedies).
_COMMON_WORDS = frozenset((
    "陈述 陈列 程序 程度 方式 方面 方法 方向 方便 方可 方才 方知 "
    "金额 金融 金色 金钱 金属 金银 金器 金条 金链 金项 任意 任何 任务 任职 "
    "申请 申辩 申报 申诉 申领 申明 申购 "
    "向本 向其 向示 向人 向公 向他 向被 向法 向派 向该 向当 向办 向有 向上 向下 向前 向后 向左 向右 向外 向内 "
    "于当 于次 于是 于收 于同 于本 于该 于此 于其 于上 于下 于现 于案 于法 于情 于近 于今 于昨 于前 于后 于晚 于凌 于中 于早 于傍 于深 于夜 于午 "
    "高新 高速 高度 高档 高于 高低 高中 高考 高压 高空 高层 高价 高额 高架 高管 高血 "
    "文化 文书 文号 文件 文字 万元 万余 万多 万人 万千 许可 "
    "安全 安排 安装 安置 安保 安定 安宁 安徽 安检 安放 安然 "
    "关于 关系 关闭 关注 关押 关停 关联 关心 关机 常住 常驻 常务 常用 常规 常年 常见 常识 "
    "时许 时间 时候 时分 时段 时任 时年 时至 时效 时常 "
    "成立 成年 成员 成为 成都 成交 成品 成本 成绩 成果 应当 应该 应予 应急 应用 应有 "
    "全部 全体 全市 全国 全额 全程 全过 全面 全员 全天 明显 明确 明知 明细 明文 明天 明日 "
    "和解 和平 和田 和睦 和好 和谐 和气 单位 单据 单独 单方 单次 "
    "原因 原告 原则 原件 原籍 原审 原有 原来 原价 原地 原物 原始 "
    "路口 路段 路边 路面 路人 路过 路上 路旁 路况 路线 路费 路由 石块 石头 石子 石材 石料 "
    "史料 江湖 江边 江水 黄色 黄金 黄牛 黄昏 黄河 白色 白天 白酒 白银 白菜 龙头 龙门 "
    "车辆 车牌 车主 车窗 车上 车内 车门 车速 车票 车费 车后 车前 车头 车尾 车身 车库 车位 车流 车道 车站 "
    "华夏 华人 华为 华丽 周围 周边 周末 马路 马上 毛巾 毛重 钱款 钱包 钱财 钱物 "
    "严重 严格 严禁 武器 齐全 齐心 齐鲁 宁可 宁静 管理 管制 管辖 管控 季度 宗教 宗旨 宗族 "
    "习惯 甘肃 甘愿 门口 门前 门店 门卫 门牌 门面 门票 门外 门内 门窗 卫生 卫星 邢台 "
    "解释 解除 解决 余额 余元 余下 余款 余量 曾经 曾因 田地 牛奶 熊猫 "
    "包括 包庇 包间 包厢 包装 包裹 包扎 符合 符号 连续 连同 连接 连日 连夜 连带 谷歌 戴头 "
    "储存 简易 简称 简单 简要 房间 房屋 房东 房产 房主 苗头 池塘 雷同 梅花 尚未 尚不 尚在 "
    "段落 康复 庞大 蒙受 舒适 顾客 顾及 温度 温州 温馨 施工 施行 施加 宫殿 屈服 "
    "纪律 纪要 纪念 盛行 盛情 艾滋 项目 左右 左侧 伍佰 洪水 易燃 易受 柴油 费用 祝福 "
    "查明 查获 查处 查看 查验 查封 查实 查询 查扣 查清 查办 查找 冀中 迟到 迟延 贺卡 "
    "骆驼 仇恨 邮寄 牟利 钟表 钟点 殷切 岳父 岳母 欧元 欧洲 林木 林地 夏季 夏天 秦岭 罗列 "
    "张贴 张扬 杨树 何时 何处 何地 何种 胡同 胡乱 董事 杜绝 叶子 苏醒 丁字 沈阳 "
    "陆续 陆地 范围 范畴 付款 付费 付出 付清 陶瓷 汤匙 赖账 兰花 章程 鲁莽 颜色 凌晨 辛苦 "
    "蓝色 焦点 乔装 米粒 米饭 桑拿 蒲公 韩国 马来 蒙古 车乘 "
).split())
_COMPOUND_PATTERN = "|".join(COMPOUND_SURNAMES)
_HAN = "\u4e00-\u9fff"
# A cue before a name: a role or relation label, a conjunction of persons, or an act done to someone.
_CUES = (
    "与 和 及 、 对 由 被 让 给 把 将 找 伙同 同伙 证人 被侵害人 被害人 受害人 报案人 报警人 举报人 违法行为人 被处罚人 违法嫌疑人 嫌疑人 当事人 "
    "申请人 第三人 被申请人 法定代表人 负责人 经营者 工作人员 店员 员工 司机 驾驶人 乘客 家属 母亲 父亲 哥哥 姐姐 弟弟 "
    "妹妹 妻子 丈夫 儿子 女儿 其子 其女 其妻 其夫 其母 其父 其兄 其弟 其姐 其妹 其侄 朋友 同事 邻居 联系人 监护人 殴打 辱骂 推搡 威胁 恐吓 "
    "窃取 骗取 诈骗 敲诈 勒索 雇佣 指使 纠集 邀约 带领 唆使 名叫 名为 姓名 之子 之女 之妻 之夫 的哥哥 的弟弟 "
    "经理 保安 旅客 顾客 居民 未成年人 凶手 所有人为 联系 掌掴 损毁 老板 店主 网友 租客 房东 学生"
).split()
_CUE_PATTERN = "|".join(sorted(_CUES, key=len, reverse=True))
# A clause boundary: the start of a line or a punctuation mark; a name often opens a clause.
_BOUNDARY = "\n。，,；;：:（(）)“”\"‘’'！!？?—-《》 \t"
_NAME = re.compile(
    rf"(?:^|(?<=[{re.escape(_BOUNDARY)}])|(?P<cue>{_CUE_PATTERN}))"
    rf"(?P<surname>{_COMPOUND_PATTERN}|[{_SINGLE}])(?=[{_HAN}])",
    re.MULTILINE,
)
# After a name, these confirm a person even without a cue before it (…，张三，男，… / 张三等人).
_AFTER_NAME = re.compile(r"[，,（(]\s*[男女][，,）)]|等\s*[0-9一二三四五六七八九十]*\s*人")

_DIGIT_RUN = re.compile(r"\d(?:[ \-.·]?\d)*")
_AMOUNT_BEFORE = re.compile(r"(?:人民币|￥|¥|RMB|价值|计|共|合计)\s*$", re.IGNORECASE)
_AMOUNT_AFTER = re.compile(r"^\s*(?:余|多)?\s*(?:元|万元|亿元|角|美元|港元|欧元)")
_DATE_RUN = re.compile(r"^(?:19|20)\d\d[-./](?:0?[1-9]|1[0-2])[-./](?:0?[1-9]|[12]\d|3[01])$")
_AT = re.compile(r"[\w.+-]*@[\w.-]*", re.ASCII)
_WXID = re.compile(r"wxid[\w-]*", re.IGNORECASE | re.ASCII)
_IM_HANDLE = re.compile(r"(?:QQ|微信|微信号|微信账号|微信帐号)\s*(?:号码|号|账号|帐号|ID)?\s*(?:为|是|:|：)?\s*"
                        r"(?P<id>[A-Za-z0-9][A-Za-z0-9_\-]{4,})", re.IGNORECASE)
_PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
_PLATE = re.compile(rf"[{_PROVINCES}][A-Z][\s·•・.\-]?(?:[A-Z0-9]{{5,6}}|[A-Z0-9]{{4}}[学警挂港澳领试超])(?![A-Z0-9])",
                    re.IGNORECASE)
_LATIN_NAME = re.compile(r"\b(?:[A-Z][a-z]+|[A-Z]{2,})(?:[ \-][A-Z][a-z]+|[ \-][A-Z]{2,})+\b")


_ORGANISATION_CODE = re.compile(r"(?:统一社会信用代码|组织机构代码|工商注册号|注册号)\s*(?:为|是|:|：)?\s*"
                                r"(?P<code>[0-9A-Z][0-9A-Z\-]{7,19})", re.IGNORECASE)


def organisation_codes(text: str) -> list[str]:
    """Codes written after an organisation-code label (统一社会信用代码…): public, for the allow-list.

    A natural person has no such code; an individual business's code is a business registration,
    public under 双公示 as well.
    """
    return [m.group("code") for m in _ORGANISATION_CODE.finditer(half_width(text))]


def _excerpt(text: str, start: int, end: int) -> str:
    left = max(0, start - EXCERPT_CONTEXT)
    right = min(len(text), end + EXCERPT_CONTEXT)
    return ("…" if left else "") + text[left:right].replace("\n", " ") + ("…" if right < len(text) else "")


def _allowed_ranges(folded: str, allow: Iterable[str]) -> list[tuple[int, int]]:
    """Every occurrence of every allow-listed string (folded the same way as the text)."""
    ranges = []
    for entry in {half_width(value.strip()) for value in allow if value and value.strip()}:
        position = folded.find(entry)
        while position >= 0:
            ranges.append((position, position + len(entry)))
            position = folded.find(entry, position + 1)
    return ranges


def _inside(ranges: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(low <= start and end <= high for low, high in ranges)


def _law_titles(folded: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"《[^《》\n]{1,80}》", folded)]


def _digit_hits(folded: str) -> Iterable[tuple[int, int, str]]:
    for match in _DIGIT_RUN.finditer(folded):
        run = match.group()
        if sum(c.isdigit() for c in run) < MIN_DIGITS:
            continue
        start, end = match.span()
        if _AMOUNT_AFTER.match(folded[end:end + 4]) or _AMOUNT_BEFORE.search(folded[max(0, start - 4):start]):
            continue
        if _DATE_RUN.match(run):
            continue
        yield start, end, "digits"


def _given_name(folded: str, start: int) -> int:
    """End of the given name after a surname ending at `start`: one or two name characters."""
    end = start
    while (end < len(folded) and end - start < 2
           and "\u4e00" <= folded[end] <= "\u9fff" and folded[end] not in _NOT_GIVEN):
        end += 1
    return end


def _name_hits(folded: str, law_titles) -> Iterable[tuple[int, int, str]]:
    for match in _NAME.finditer(folded):
        start, surname = match.start("surname"), match.group("surname")
        if match.group("cue") == "及" and surname == "时":
            continue  # 及时
        given_end = _given_name(folded, start + len(surname))
        if given_end == start + len(surname):
            continue  # 王某, 张×: already masked, or no name character after the surname
        name = folded[start:given_end]
        if name[:2] in _COMMON_WORDS or (len(name) > 2 and name[:2] + name[2] in _COMMON_WORDS):
            continue
        if "族" in folded[start + len(surname):given_end + 1]:
            continue  # 苗族, 蒙古族: a people, not a person
        if len(name) - len(surname) == 2 and folded[given_end - 1:given_end + 1] in _FOLLOW_WORDS:
            given_end -= 1
            name = name[:-1]
        if (any(c in _PLACE_SUFFIX for c in name[len(surname):])
                or folded[given_end:given_end + 1] in _PLACE_AFTER):
            continue
        if _inside(law_titles, start, given_end):
            continue
        yield start, given_end, "name"
    for match in _AFTER_NAME.finditer(folded):  # …，张三，男 without a cue before the name
        end = match.start()
        for length in (3, 2, 4):
            start = end - length
            if start < 0:
                continue
            name = folded[start:end]
            if not re.fullmatch(rf"[{_HAN}]+", name) or any(c in _NOT_GIVEN for c in name[1:]):
                continue
            if name[0] in _SINGLE or name[:2] in COMPOUND_SURNAMES:
                if name[:2] not in _COMMON_WORDS and not any(c in _PLACE_SUFFIX for c in name[1:]):
                    yield start, end, "name"
                break


def _known_name_hits(folded: str, names: Iterable[str]) -> Iterable[tuple[int, int, str]]:
    for name in {half_width(n.strip()) for n in names if n and len(n.strip()) >= 2}:
        position = folded.find(name)
        while position >= 0:
            yield position, position + len(name), "party_name"
            position = folded.find(name, position + len(name))


def scan(text: str, allow: Iterable[str] = (), *, known_names: Iterable[str] = ()) -> list[Hit]:
    """Every suspicious place in `text`, in order; `allow` lists strings that are public as written.

    `known_names` are natural persons' names from the case record: they are reported wherever they
    appear (an allow-listed string never hides them).
    """
    folded = half_width(text)
    allowed = _allowed_ranges(folded, allow)
    law_titles = _law_titles(folded)
    found: list[tuple[int, int, str]] = []  # the more specific kinds first: they win a tie on the same place
    found += ((m.start(), m.end(), "at_sign") for m in _AT.finditer(folded))
    found += ((m.start(), m.end(), "wxid") for m in _WXID.finditer(folded))
    found += ((m.start("id"), m.end("id"), "im_handle") for m in _IM_HANDLE.finditer(folded))
    found += ((m.start(), m.end(), "plate") for m in _PLATE.finditer(folded))
    found += _digit_hits(folded)
    found += _name_hits(folded, law_titles)
    found += ((m.start(), m.end(), "latin_name") for m in _LATIN_NAME.finditer(folded))
    found = [*_known_name_hits(folded, known_names), *(hit for hit in found if not _inside(allowed, hit[0], hit[1]))]
    hits, covered = [], []
    for start, end, kind in sorted(found, key=lambda h: (h[0], -(h[1] - h[0]))):
        if any(low <= start and end <= high for low, high in covered):
            continue  # one report per place: a wxid inside an e-mail, a name inside a party's name
        covered.append((start, end))
        hits.append(Hit(start, end, kind, _excerpt(text, start, end), text[start:end]))
    return hits
