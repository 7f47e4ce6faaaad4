"""The demo 权责清单 → 双公示目录: penalty and licensing items generated from the real law texts.

The 2018 annual report (seed-annual-report-2018.txt) describes the catalogue: every 行政许可 and
行政处罚 item of the bureau's power list, with 行政决定部门, 行政职权类别, 项目名称, 设定依据 and
行政相对人类别. The real list had 47 licensing and 1,335 penalty items, drawn from many laws and
regulations; this demo list is drawn only from the law texts in shared/domain/laws, so it is smaller.

`build_power_list` parses the markdown law files (headings "## 第三章 …", articles starting
"第二十三条 ", items "（一）…") and returns the catalogue; `gongkai/core/data/power_list.json` is its
committed output, so the app never parses law texts at run time (`load_power_list`). A test checks
that the JSON equals a fresh build and that every 设定依据 passage occurs verbatim in its law file.

What counts as a penalty item (one per 款, or one per 项 when the 款 lists items under a lead that
prescribes the penalty):
- 治安管理处罚法 第三章 违反治安管理的行为和处罚: every 款 that prescribes 警告/罚款/拘留/吊销
  (or punishes by reference to another article, e.g. "依照前款的规定处罚").
- 道路交通安全法 第七章 法律责任: the same test, minus 款 whose deciding body is not the police
  (价格主管部门, 道路主管部门, 国家机动车产品主管部门 and the product-quality 款 of 第一百零三条).
- 道路交通安全法实施条例 第七章 法律责任: its 款 impose measures (撤销登记, 移车, 拍卖) and refer to
  the law for penalties, so none prescribes a penalty of its own and it contributes no item.
- 居民身份证法 第四章 法律责任: 第十六条, 第十七条, 第十九条.
Licensing items are listed by hand (LICENSE_SPECS) because "需经许可" is phrased in too many ways;
their passages are still read from the law files, so a wrong citation fails the build.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

__all__ = [
    "Article",
    "LAWS",
    "LICENSE_SPECS",
    "POWER_LIST_PATH",
    "Paragraph",
    "build_power_list",
    "cn_number",
    "default_laws_dir",
    "load_power_list",
    "parse_law",
    "power_list_json",
    "write_power_list",
]

POWER_LIST_PATH = Path(__file__).resolve().parent / "data" / "power_list.json"

PENALTY = "行政处罚"
LICENSING = "行政许可"
PERSON = "自然人"
ORGANISATION = "法人及非法人组织"
INDIVIDUAL_BUSINESS = "个体工商户"
ALL_PARTIES = (ORGANISATION, PERSON, INDIVIDUAL_BUSINESS)

# Units of the demo bureau (gongkai/ops/demo.py UNITS) that decide in each field.
TRAFFIC_UNIT = "交警支队"
PUBLIC_ORDER_UNIT = "治安支队"
EXIT_ENTRY_UNIT = "出入境管理支队"
HOUSEHOLD_UNIT = "人口与户政管理支队"


@dataclass(frozen=True)
class LawSource:
    """One law file and the part of it that holds penalty provisions."""

    key: str  # short name used in ids and by LICENSE_SPECS
    title: str  # the official title (the file's "# " heading)
    file_name: str
    penalty_chapter: str | None  # "第三章" etc.; None: no penalty items
    unit: str
    id_prefix: str


LAWS = (
    LawSource("治安管理处罚法", "中华人民共和国治安管理处罚法", "治安管理处罚法(2012-10-26).md", "第三章",
              PUBLIC_ORDER_UNIT, "ZA"),
    LawSource("道路交通安全法", "中华人民共和国道路交通安全法", "道路交通安全法(2021-04-29).md", "第七章",
              TRAFFIC_UNIT, "JT"),
    LawSource("道路交通安全法实施条例", "中华人民共和国道路交通安全法实施条例", "道路交通安全法实施条例(2017-10-07).md",
              "第七章", TRAFFIC_UNIT, "JTTL"),
    LawSource("居民身份证法", "中华人民共和国居民身份证法", "居民身份证法(2011-10-29).md", "第四章",
              HOUSEHOLD_UNIT, "SFZ"),
)
_LAWS_BY_KEY = {law.key: law for law in LAWS}

# 款 left out although the penalty test matches them, with the reason: the deciding body is not the
# police, or the 款 is procedure (who decides, how to collect, how periods run), not a punishable act.
_PROCEDURE = "程序性规定，不设定具体违法行为的处罚"
EXCLUDED_PARAGRAPHS = {
    ("道路交通安全法", 87, 2): _PROCEDURE,
    ("道路交通安全法", 88, 1): "处罚种类的列举",
    ("道路交通安全法", 93, 1): "口头警告、令其驶离，不是作出行政处罚决定",
    ("道路交通安全法", 107, 1): _PROCEDURE,
    ("道路交通安全法", 108, 2): _PROCEDURE,
    ("道路交通安全法", 110, 1): "先予扣留驾驶证（行政强制措施）",
    ("道路交通安全法", 110, 3): _PROCEDURE,
    ("道路交通安全法", 111, 1): _PROCEDURE,
    ("道路交通安全法", 113, 1): _PROCEDURE,
    ("道路交通安全法", 113, 2): _PROCEDURE,
    ("道路交通安全法实施条例", 102, 1): "概括性援引，处罚依照道路交通安全法",
    ("道路交通安全法实施条例", 109, 1): _PROCEDURE,
    ("道路交通安全法", 94, 1): "由价格主管部门处罚（超标准收取检验费用）",
    ("道路交通安全法", 103, 1): "国家机动车产品主管部门工作人员的行政处分",
    ("道路交通安全法", 103, 2): "由国家机动车产品主管部门、产品质量监督部门处理",
    ("道路交通安全法", 103, 3): "由产品质量监督部门、工商行政管理部门处罚",
    ("道路交通安全法", 103, 4): "由产品质量监督部门、工商行政管理部门处罚",
    ("道路交通安全法", 104, 1): "由道路主管部门处罚",
}

# Units other than the law's default: 偷越国（边）境 cases belong to exit-entry administration.
UNIT_OVERRIDES = {
    ("治安管理处罚法", 61): EXIT_ENTRY_UNIT,
    ("治安管理处罚法", 62): EXIT_ENTRY_UNIT,
}

# Names the heuristic in `_behaviour` gets wrong or too long; keyed by (law, article, 款, 项 or 0).
NAME_OVERRIDES = {
    ("治安管理处罚法", 23, 2, 0): "对聚众扰乱单位、公共场所、公共交通工具秩序或者选举秩序的首要分子的处罚",
    ("治安管理处罚法", 24, 2, 0): "对因扰乱体育比赛秩序被拘留的人责令不得进入体育场馆的处罚",
    ("治安管理处罚法", 39, 1, 0): "对公众活动场所经营管理人员违反安全规定拒不改正的处罚",
    ("治安管理处罚法", 59, 1, 1): "对典当业工作人员承接典当物品不查验证明、不登记或者不报告的处罚",
    ("治安管理处罚法", 60, 1, 4): "对被执行管制、剥夺政治权利、缓刑、暂予监外执行的罪犯或者被采取刑事强制措施的人违反监督管理规定的处罚",
    ("治安管理处罚法", 70, 1, 0): "对以营利为目的为赌博提供条件或者参与赌博赌资较大的处罚",
    ("治安管理处罚法", 74, 1, 0): "对旅馆业、饮食服务业、文化娱乐业、出租汽车业等单位的人员为违法犯罪行为人通风报信的处罚",
    ("道路交通安全法", 95, 1, 0): "对机动车未悬挂号牌、未放置检验合格标志和保险标志或者未随车携带行驶证和驾驶证的处罚",
    ("道路交通安全法", 99, 1, 3): "对造成交通事故后逃逸尚不构成犯罪的处罚",
    ("道路交通安全法", 101, 2, 0): "对造成交通事故后逃逸的吊销机动车驾驶证并终生禁驾的处罚",
    ("道路交通安全法", 100, 2, 0): "对驾驶拼装的或者已达到报废标准的机动车上道路行驶的驾驶人的处罚",
    ("道路交通安全法", 101, 1, 0): "对发生重大交通事故构成犯罪的吊销机动车驾驶证的处罚",
    ("道路交通安全法", 110, 2, 0): "对道路交通违法行为人无正当理由逾期未接受处理的处罚",
    ("道路交通安全法", 92, 4, 0): "对运输单位车辆超员、超载经处罚不改的直接负责的主管人员的处罚",
    ("道路交通安全法", 95, 2, 0): "对故意遮挡、污损或者不按规定安装机动车号牌的处罚",
    ("道路交通安全法", 99, 2, 0): "对有第九十九条第一款所列情形并处吊销机动车驾驶证或者拘留的处罚",
    ("居民身份证法", 19, 2, 0): "对单位泄露居民身份证记载的公民个人信息的直接责任人员的处罚",
}

# 行政相对人类别 where the keyword test in `_parties` is wrong: these 款 punish the responsible persons.
PARTY_OVERRIDES = {
    ("道路交通安全法", 92, 4): (PERSON,),
    ("居民身份证法", 19, 1): (PERSON,),
    ("居民身份证法", 19, 2): (PERSON,),
}


@dataclass(frozen=True)
class LicenseSpec:
    """A licensing item chosen by hand; its passage is read from the law file by citation."""

    law: str
    article: int
    paragraph: int
    name: str
    category: str  # 许可类别: 普通/特许/认可/核准/登记/其他-…
    parties: tuple[str, ...]
    unit: str
    item: int = 0  # 项 (0: the whole 款)


_VEHICLE_OWNERS = ALL_PARTIES
LICENSE_SPECS = (
    LicenseSpec("道路交通安全法", 8, 1, "机动车注册登记", "登记", _VEHICLE_OWNERS, TRAFFIC_UNIT),
    LicenseSpec("道路交通安全法", 12, 1, "机动车转移登记", "登记", _VEHICLE_OWNERS, TRAFFIC_UNIT, item=1),
    LicenseSpec("道路交通安全法", 12, 1, "机动车变更登记", "登记", _VEHICLE_OWNERS, TRAFFIC_UNIT, item=2),
    LicenseSpec("道路交通安全法", 12, 1, "机动车抵押登记", "登记", _VEHICLE_OWNERS, TRAFFIC_UNIT, item=3),
    LicenseSpec("道路交通安全法", 14, 2, "机动车注销登记", "登记", _VEHICLE_OWNERS, TRAFFIC_UNIT),
    # 第八条's second sentence: "需要临时上道路行驶的，应当取得临时通行牌证".
    LicenseSpec("道路交通安全法", 8, 1, "机动车临时通行牌证核发", "核准", _VEHICLE_OWNERS, TRAFFIC_UNIT),
    LicenseSpec("道路交通安全法", 13, 1, "机动车检验合格标志核发", "核准", _VEHICLE_OWNERS, TRAFFIC_UNIT),
    LicenseSpec("道路交通安全法", 18, 1, "非机动车登记", "登记", _VEHICLE_OWNERS, TRAFFIC_UNIT),
    # 行政许可法 第十二条（三）: a qualification of a person → 认可.
    LicenseSpec("道路交通安全法", 19, 2, "机动车驾驶证核发", "认可", (PERSON,), TRAFFIC_UNIT),
    LicenseSpec("道路交通安全法", 19, 3, "境外机动车驾驶证换发中国机动车驾驶证", "认可", (PERSON,), TRAFFIC_UNIT),
    LicenseSpec("道路交通安全法", 32, 1, "占用、挖掘道路影响交通安全的施工作业审批", "普通",
                (ORGANISATION, INDIVIDUAL_BUSINESS), TRAFFIC_UNIT),
    LicenseSpec("道路交通安全法", 48, 3, "载运爆炸物品、易燃易爆化学物品以及剧毒、放射性等危险物品的机动车通行审批", "普通",
                (ORGANISATION, INDIVIDUAL_BUSINESS), TRAFFIC_UNIT),
    # 居民身份证: whether issuing it is a 行政许可 or a 行政确认 is debated (UNSURE); listed as the brief
    # asks, with 许可类别 "其他-证件签发" so it is not mistaken for one of 第十二条's five kinds.
    LicenseSpec("居民身份证法", 7, 1, "居民身份证申领", "其他-证件签发", (PERSON,), HOUSEHOLD_UNIT),
    LicenseSpec("居民身份证法", 11, 1, "居民身份证换领、补领", "其他-证件签发", (PERSON,), HOUSEHOLD_UNIT),
    LicenseSpec("居民身份证法", 12, 2, "临时居民身份证申领", "其他-证件签发", (PERSON,), HOUSEHOLD_UNIT),
)


# --- parsing --------------------------------------------------------------------------------------

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_ARTICLE = re.compile(r"^第([零〇一二两三四五六七八九十百千]+)条\s+(.*)$")
_CHAPTER = re.compile(r"^##\s+(第[零一二三四五六七八九十百]+章)\s*(.*)$")
_SECTION = re.compile(r"^###\s+(第[零一二三四五六七八九十百]+节)\s*(.*)$")
_ITEM = re.compile(r"^[（(]([零一二三四五六七八九十]+)[）)]")


def cn_number(text: str) -> int:
    """二十三 → 23, 一百零三 → 103, 十五 → 15."""
    total = digit = 0
    for char in text:
        if char in _CN_DIGITS:
            digit = _CN_DIGITS[char]
        else:
            total += (digit or 1) * _CN_UNITS[char]
            digit = 0
    return total + digit


@dataclass
class Paragraph:
    """One 款: its text (the lead, when it lists items) and its 项 in order."""

    text: str
    items: list[str] = field(default_factory=list)


@dataclass
class Article:
    number: int
    label: str  # "第二十三条"
    chapter: str  # "第三章"
    section: str  # "第一节" or ""
    paragraphs: list[Paragraph]


def parse_law(text: str) -> list[Article]:
    """Articles of a law file in order. The first 款 is the article line without its "第…条 " label."""
    articles: list[Article] = []
    chapter = section = ""
    current: Article | None = None
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("<!--"):
            continue
        chapter_match = _CHAPTER.match(line)
        if chapter_match:
            chapter, section, current = chapter_match.group(1), "", None
            continue
        section_match = _SECTION.match(line)
        if section_match:
            section, current = section_match.group(1), None
            continue
        if line.startswith("#"):
            current = None
            continue
        article_match = _ARTICLE.match(line)
        if article_match:
            label = f"第{article_match.group(1)}条"
            current = Article(cn_number(article_match.group(1)), label, chapter, section,
                              [Paragraph(article_match.group(2))])
            articles.append(current)
            continue
        if current is None:
            continue  # preamble lines (adoption dates)
        if _ITEM.match(line):
            current.paragraphs[-1].items.append(line)
        else:
            current.paragraphs.append(Paragraph(line))
    return articles


# --- penalty detection and naming ----------------------------------------------------------------

_PENALTY_WORDS = re.compile(
    r"(?:处|给予|予以)(?:以)?[^，；。:：]{0,40}?(?:警告|罚款|拘留)"
    r"|暂扣[^，；。]{0,10}驾驶证|吊销[^，；。]{0,12}(?:驾驶证|许可证)"
    r"|依照[^，；。]{0,30}?规定(?:予以)?处罚"
)
_DISCIPLINE_ONLY = re.compile(r"行政处分")
_CN_INDEX = "一二三四五六七八九十"
_LEADING_CONDITIONS = re.compile(r"^(?:违反(?:国家)?[^，]{0,20}?规定，|违反有关规定，)")
_ORG_WORDS = re.compile(r"单位|企业|机构|旅馆|饭店|影剧院|娱乐场|经营|所有人、管理人|举办|营利|生产|销售|出租汽车业|服务业")


def _is_penalty(text: str) -> bool:
    return bool(_PENALTY_WORDS.search(text)) and not (_DISCIPLINE_ONLY.search(text) and "罚款" not in text)


def _behaviour(text: str) -> str:
    """The act a 款 or 项 punishes, for the item's name: the words before the first "的，"."""
    text = _ITEM.sub("", text).strip()
    text = re.sub(r"[；。:：]$", "", text)
    cut = text.find("的，")
    if cut >= 0:
        text = text[:cut]
    elif text.endswith("的"):
        text = text[:-1]
    for stop in ("，构成犯罪", "，尚不构成犯罪"):
        index = text.find(stop)
        if index >= 0:
            text = text[:index]
    text = _LEADING_CONDITIONS.sub("", text)
    if len(text) > 40 and "，" in text:
        text = text.split("，")[0]
    if text.startswith("有下列"):
        text = ""
    return text


def _ordinal(number: int) -> str:
    """1 → 一 … 19 → 十九 (款 and 项 numbers)."""
    if number <= 10:
        return _CN_INDEX[number - 1]
    tens, units = divmod(number, 10)
    return ("" if tens == 1 else _CN_INDEX[tens - 1]) + "十" + (_CN_INDEX[units - 1] if units else "")


def _citation(law: LawSource, article: Article, paragraph: int, item: int) -> str:
    text = f"《{law.title}》{article.label}"
    if len(article.paragraphs) > 1 or item:
        text += f"第{_ordinal(paragraph)}款"
    if item:
        text += f"第（{_ordinal(item)}）项"
    return text


def _parties(law: LawSource, article: int, paragraph: int, passages: list[str]) -> list[str]:
    """Who can be the 行政相对人 of a penalty item (a heuristic over the text, with overrides).

    治安管理处罚法 第十八条: a unit's violation is punished through its responsible persons, so its
    items are for 自然人, plus 法人及非法人组织/个体工商户 where a 许可证 can be revoked (the licence
    holder is the business). Elsewhere, words naming a unit or a business add those two kinds.
    """
    override = PARTY_OVERRIDES.get((law.key, article, paragraph))
    if override:
        return list(override)
    joined = "".join(passages)
    if law.key == "治安管理处罚法":
        return list(ALL_PARTIES) if "吊销许可证" in joined else [PERSON]
    if _ORG_WORDS.search(joined):
        return list(ALL_PARTIES)
    return [PERSON]


def _name(behaviour: str) -> str:
    # An act that already starts with "对" ("对计算机信息系统功能进行删除") takes no second "对".
    return f"{behaviour}的处罚" if behaviour.startswith("对") else f"对{behaviour}的处罚"


def _item(law: LawSource, article: Article, paragraph: int, item: int, kind: str, name: str,
          passages: list[str], parties, unit: str, category: str | None = None) -> dict:
    citation = _citation(law, article, paragraph, item)
    entry = {
        "id": f"{'CF' if kind == PENALTY else 'XK'}-{law.id_prefix}-{article.number:03d}-{paragraph}-{item}",
        "行政决定部门": unit,
        "行政职权类别": kind,
        "项目名称": name,
        "设定依据": f"{citation}：" + "".join(passages),
        "行政相对人类别": list(parties),
        "basis": {
            "law": law.key,
            "law_title": law.title,
            "file": law.file_name,
            "article": article.number,
            "article_label": article.label,
            "paragraph": paragraph,
            "item": item,
            "citation": citation,
            "passages": passages,
        },
    }
    if category is not None:
        entry["许可类别"] = category
    return entry


def _penalty_items(law: LawSource, articles: list[Article]) -> list[dict]:
    items = []
    for article in articles:
        if article.chapter != law.penalty_chapter:
            continue
        unit = UNIT_OVERRIDES.get((law.key, article.number), law.unit)
        for p_index, paragraph in enumerate(article.paragraphs, start=1):
            if (law.key, article.number, p_index) in EXCLUDED_PARAGRAPHS or not _is_penalty(paragraph.text):
                continue
            if paragraph.items and not _behaviour(paragraph.text):
                # "有下列行为之一的，处…": one item per 项, the lead + that 项 as the basis.
                for i_index, item_text in enumerate(paragraph.items, start=1):
                    name = NAME_OVERRIDES.get((law.key, article.number, p_index, i_index)) or \
                        _name(_behaviour(item_text))
                    passages = [paragraph.text, item_text]
                    items.append(_item(law, article, p_index, i_index, PENALTY, name, passages,
                                       _parties(law, article.number, p_index, passages), unit))
            else:
                passages = [paragraph.text, *paragraph.items]
                name = NAME_OVERRIDES.get((law.key, article.number, p_index, 0)) or \
                    _name(_behaviour(paragraph.text))
                items.append(_item(law, article, p_index, 0, PENALTY, name, passages,
                                   _parties(law, article.number, p_index, passages), unit))
    return items


def _license_items(parsed: dict[str, list[Article]]) -> list[dict]:
    items = []
    for spec in LICENSE_SPECS:
        law = _LAWS_BY_KEY[spec.law]
        article = next(a for a in parsed[spec.law] if a.number == spec.article)
        paragraph = article.paragraphs[spec.paragraph - 1]
        passages = [paragraph.text] + ([paragraph.items[spec.item - 1]] if spec.item else [])
        items.append(_item(law, article, spec.paragraph, spec.item, LICENSING, spec.name, passages,
                           spec.parties, spec.unit, spec.category))
    return items


def _disambiguate(items: list[dict]) -> None:
    """Two items with one name get their citation appended, so every 项目名称 is unique."""
    seen: dict[str, int] = {}
    for entry in items:
        seen[entry["项目名称"]] = seen.get(entry["项目名称"], 0) + 1
    for entry in items:
        if seen[entry["项目名称"]] > 1:
            basis = entry["basis"]
            entry["项目名称"] += f"（{basis['citation'].split('》', 1)[1]}）"


# --- build, write, load ---------------------------------------------------------------------------


def default_laws_dir() -> Path:
    """$GONGKAI_DOMAIN_DIR/laws if set, else the law texts the clone ships in tests/data/laws."""
    domain = os.environ.get("GONGKAI_DOMAIN_DIR")
    if domain:
        return Path(domain) / "laws"
    return Path(__file__).resolve().parents[2] / "tests" / "data" / "laws"


def build_power_list(laws_dir: Path | str | None = None) -> dict:
    """Parse the law files and return the catalogue (the content of power_list.json)."""
    laws_dir = Path(laws_dir) if laws_dir else default_laws_dir()
    parsed = {law.key: parse_law((laws_dir / law.file_name).read_text(encoding="utf-8")) for law in LAWS}
    penalties = [entry for law in LAWS if law.penalty_chapter for entry in _penalty_items(law, parsed[law.key])]
    _disambiguate(penalties)
    licences = _license_items(parsed)
    _disambiguate(licences)
    items = licences + penalties
    seen_ids: set[str] = set()
    for entry in items:  # two licences from one 款 (注册登记 and 临时通行牌证 in 第八条) get -b, -c …
        base, suffix = entry["id"], 0
        while entry["id"] in seen_ids:
            suffix += 1
            entry["id"] = f"{base}-{'abcdefghij'[suffix]}"
        seen_ids.add(entry["id"])
    counts = {
        LICENSING: len(licences),
        PENALTY: len(penalties),
        "行政处罚_按法律": {law.key: sum(1 for e in penalties if e["basis"]["law"] == law.key) for law in LAWS},
    }
    return {
        "title": "示范市公安局“双公示”目录（演示，由法律文本生成）",
        "generator": "gongkai.core.power_list.build_power_list",
        "sources": {law.key: law.file_name for law in LAWS},
        "counts": counts,
        "items": items,
    }


def power_list_json(catalogue: dict) -> str:
    """The committed file's exact text: stable key order, Chinese kept readable, one final newline."""
    return json.dumps(catalogue, ensure_ascii=False, indent=1) + "\n"


def write_power_list(laws_dir: Path | str | None = None, path: Path | str = POWER_LIST_PATH) -> dict:
    """Regenerate power_list.json: `python -m gongkai.core.power_list [laws_dir]`."""
    catalogue = build_power_list(laws_dir)
    Path(path).write_text(power_list_json(catalogue), encoding="utf-8")
    return catalogue


def load_power_list(path: Path | str = POWER_LIST_PATH) -> dict:
    """The committed catalogue (no law parsing at run time)."""
    return json.loads(Path(path).read_text(encoding="utf-8"))


if __name__ == "__main__":  # pragma: no cover
    import sys

    result = write_power_list(sys.argv[1] if len(sys.argv) > 1 else None)
    print(json.dumps(result["counts"], ensure_ascii=False))
