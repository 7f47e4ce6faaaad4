"""The independent redaction corpus: seeded synthetic 公安 行政处罚决定书 and the manifest of each (issue 13, item 7).

Written apart from gongkai/core/redaction.py on purpose: the documents follow how real decisions are worded
(治安管理处罚法, 道路交通安全法, 出境入境管理法), and every name, number and address is drawn from
combinatorial pools, so an engine passes only by recognising what it reads, never by remembering this corpus.
Each `Case` says what must go (never in the public text, not even with its digits split or full-width), what
must stay verbatim, and whether the decision is withheld and why (from facts: a birth date and the act date,
a classification mark in the header, the procedure and the sanction; never from words in the narrative).
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from gongkai.core.identifiers import id_check_char, orgcode_check_char, uscc_check_char

__all__ = ["Case", "REQUIRED_TAGS", "WITHHOLD_CATEGORIES", "generate", "luhn_valid", "squeeze", "vin_check_char"]

WITHHOLD_CATEGORIES = ("minor", "secret", "warning_only", "on_the_spot")

# Every coverage class the issue names; test_corpus counts them on `Case.tags`.
REQUIRED_TAGS = frozenset({
    "theft_secret_wording", "pickpocket_secret_wording", "trade_secret_word", "secret_word_in_narrative",
    "org_admits_minors", "org_sells_to_minors", "adult_harms_minor", "minor_16", "minor_17", "minor_day_short_of_18",
    "exactly_18", "minor_at_act_adult_at_decision", "gambling_group", "co_offenders", "fraud_email", "fraud_im",
    "fraud_bank_card", "alipay", "fight_relatives", "victim_unlabelled", "witness_unlabelled", "traffic_plate",
    "driving_licence", "new_energy_plate", "vin", "imei", "ip_address", "foreigner_passport", "latin_name",
    "hk_macao_permit", "taiwan_permit", "taiwan_compatriot_permit", "fullwidth_digits", "split_numbers",
    "docx_table", "classification_mark", "warning_only", "on_the_spot", "no_penalty", "business_name",
    "rural_credit_cooperative", "name_is_common_word", "common_word_kept", "compound_surname", "spaced_name",
    "name_in_quotes", "birth_from_id", "birth_from_text", "birth_from_fields", "org_punished", "legal_citation_quote",
    "warning_plus_fine", "landline",
})


@dataclass
class Case:
    """One synthetic decision and its manifest.

    `must_go` holds (kind, canonical string): the string must not be in the public text, exactly or squeezed.
    `others` holds (name, surname) of every natural person who is not the punished party: they must read ××.
    `punished_surname` is None when the punished party is an organisation or a foreigner (no surname+某 rule).
    """

    key: str
    text: str
    fields: dict
    must_go: list[tuple[str, str]]
    must_stay: list[str]
    withhold: str | None
    why: str
    punished_surname: str | None
    punished_name: str | None
    others: list[tuple[str, str]]
    tags: frozenset[str] = field(default_factory=frozenset)


# --- the squeezed form ---------------------------------------------------------------------------

_FOLD = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_FOLD[0x3000] = 0x20
_SQUEEZE_OUT = re.compile(r"[\s\-‐‑‒–—―－·•・.．]+")


def squeeze(text: str) -> str:
    """Half-width, lower-case, with blanks, line breaks, hyphens, dots and middle dots removed.

    A value is leaked if its squeezed form is inside the squeezed public text: "138 1234 5678",
    "１３８１２３４５６７８" and "苏A·12345" split over two lines all give the value back to a reader.
    """
    return _SQUEEZE_OUT.sub("", text.translate(_FOLD).lower())


# --- checksums -----------------------------------------------------------------------------------

def luhn_valid(number: str) -> bool:
    """ISO/IEC 7812 Luhn check, as banks use for card numbers and GSMA for IMEI."""
    total = 0
    for position, char in enumerate(reversed(number)):
        digit = int(char)
        if position % 2 == 1:
            digit = digit * 2 - 9 if digit > 4 else digit * 2
        total += digit
    return total % 10 == 0


def _luhn_complete(body: str) -> str:
    for check in "0123456789":
        if luhn_valid(body + check):
            return body + check
    raise AssertionError(body)


_VIN_VALUES = {**{str(d): d for d in range(10)},
               **dict(zip("ABCDEFGH", range(1, 9))), **dict(zip("JKLMN", range(1, 6))), "P": 7, "R": 9,
               **dict(zip("STUVWXYZ", range(2, 10)))}
_VIN_WEIGHTS = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)
_VIN_ALPHABET = "0123456789ABCDEFGHJKLMNPRSTUVWXYZ"


def vin_check_char(vin: str) -> str:
    """ISO 3779 / GB 16735 check character (position 9) of a 17-character VIN."""
    total = sum(_VIN_VALUES[char] * weight for char, weight in zip(vin, _VIN_WEIGHTS))
    remainder = total % 11
    return "X" if remainder == 10 else str(remainder)


# --- Chinese numerals and dates -------------------------------------------------------------------

_CN_DIGITS = "零一二三四五六七八九"


def cn_number(number: int) -> str:
    """一 .. 九万九千九百九十九 as in sanctions and dates (十五, 二百, 一千零五十, 一万五千)."""
    if number < 10:
        return _CN_DIGITS[number]
    if number < 20:
        return "十" + (_CN_DIGITS[number - 10] if number > 10 else "")
    out, pending_zero = "", False
    for value, unit in ((10000, "万"), (1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = number // value % 10
        if digit:
            out += ("零" if pending_zero else "") + _CN_DIGITS[digit] + unit
            pending_zero = False
        elif out:
            pending_zero = True
    return out


def _date_arabic(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _date_chinese(day: date) -> str:
    year = "".join("〇一二三四五六七八九"[int(char)] for char in str(day.year))
    return f"{year}年{cn_number(day.month)}月{cn_number(day.day)}日"


def _years_before(day: date, years: int) -> date:
    return day.replace(year=day.year - years)


def _age_on(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


# --- pools ---------------------------------------------------------------------------------------

SINGLE_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚"
    "卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温"
    "康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕季裴霍涂成"
    "苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费"
    "卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩佘池麻苑迟邝"
)
COMPOUND_SURNAMES = ("欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐", "长孙", "宇文",
                     "司徒", "夏侯", "独孤", "南宫", "端木", "轩辕", "澹台", "呼延", "闻人", "申屠", "钟离", "百里")
GIVEN_CHARS = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红娥玲芬燕彬鹏辉建国志新宇浩然轩涵欣怡思雨晨阳博文俊"
    "凯乐佳琪嘉豪宏亮海波春梅秋菊雪晓东立卫振德胜金凤淑珍兰婷诗鸣天佑瑞泽晟睿锦程昊若汐依诺馨桐紫萱沐宸皓奕辰"
    "嫣清扬慧少永家成龙云飞学翠斌岚峰嵩崇川江湖泉溪林森松柏桦楠栋梁琳琼瑶璐瑾璇珊琦瑜瑛茜莉莹萌蕾蓉薇菲芸苗荣"
    "蔚霖露霏雯震霆晴晖曦昕旭昭晗晶景智聪颖捷彦朗逸远航帆舟峻岳岩坤培基垚鑫铭锋钢银钰锐钧源鸿洪润淼沛潇澜洁"
    "滨渊沅汉湘淮彤彩丹翠碧雅宁康泰睦顺福禄喜庆祥吉贵富昌盛兴旺达"
)
GIVEN_NAMES = (
    "建国", "建军", "国强", "志强", "秀英", "秀兰", "桂英", "玉兰", "丽娟", "海燕", "晓东", "晓燕", "小红", "小军",
    "德华", "春梅", "秋菊", "冬梅", "丽华", "淑珍", "文华", "志刚", "红梅", "建华", "卫东", "卫国", "振华", "国庆",
    "立新", "新民", "永刚", "永红", "金凤", "翠花", "子轩", "梓涵", "欣怡", "浩然", "宇轩", "一诺", "思远", "雨桐",
    "梓萱", "若汐", "俊杰", "佳怡", "嘉欣", "子豪", "家豪", "晨曦", "明轩", "天佑", "博文", "婉清", "诗涵", "雅琴",
    "海波", "海涛", "志勇", "春生", "福生", "根生", "长江", "东升", "建平", "建新", "秀珍", "秀芳", "凤英", "桂芳",
    "红霞", "彩霞", "艳红", "丽萍", "晓梅", "晓丽", "文静", "雪梅", "亚楠", "胜利", "跃进", "援朝", "爱国", "向东",
    "少华", "伟东", "鹏飞", "振宇", "宏伟", "志明", "国华", "学军", "秀梅", "玉梅", "慧敏", "敏华", "晓峰", "利民",
)
# Names that are also ordinary words: the engine must find them as names and leave the words alone elsewhere.
WORD_NAMES = (("高", "峰"), ("文", "明"), ("王", "平"), ("金", "鑫"), ("向", "阳"), ("黎", "明"), ("马", "力"),
              ("白", "云"), ("石", "磊"), ("江", "涛"), ("常", "青"), ("夏", "天"), ("方", "正"), ("安", "宁"),
              ("万", "里"), ("田", "野"), ("钟", "声"), ("景", "山"), ("龙", "飞"), ("华", "山"))
# Ordinary phrases holding those words, kept public when nobody in the case bears the name.
COMMON_WORD_PHRASES = ("正值晚高峰时段", "经民警文明劝导", "次日黎明时分", "金鑫珠宝店", "向阳路派出所",
                       "蓝天白云游乐场", "万里长城酒楼")
FOREIGN_GIVEN = (("JOHN", "约翰"), ("DAVID", "大卫"), ("MICHAEL", "迈克尔"), ("JAMES", "詹姆斯"), ("ROBERT", "罗伯特"),
                 ("PETER", "彼得"), ("THOMAS", "托马斯"), ("ANNA", "安娜"), ("MARIA", "玛丽亚"), ("ELENA", "叶莲娜"),
                 ("PAUL", "保罗"), ("ALEX", "亚历克斯"), ("SOFIA", "索菲亚"), ("DANIEL", "丹尼尔"))
FOREIGN_FAMILY = (("SMITH", "史密斯"), ("BROWN", "布朗"), ("JOHNSON", "约翰逊"), ("WILSON", "威尔逊"), ("MILLER", "米勒"),
                  ("IVANOV", "伊万诺夫"), ("PETROV", "彼得罗夫"), ("MUELLER", "穆勒"), ("GARCIA", "加西亚"),
                  ("MARTIN", "马丁"), ("TAYLOR", "泰勒"), ("DUBOIS", "杜布瓦"), ("KOWALSKI", "科瓦尔斯基"))
ASIAN_FOREIGNERS = (("NGUYEN VAN HUNG", "阮文雄", "越南"), ("TRAN THI LAN", "陈氏兰", "越南"),
                    ("LE VAN NAM", "黎文南", "越南"), ("KIM MIN JUN", "金敏俊", "韩国"), ("PARK JI HOON", "朴智勋", "韩国"),
                    ("TANAKA KENTA", "田中健太", "日本"))
COUNTRIES = (("美国", lambda r: str(r.randint(500000000, 599999999))),
             ("英国", lambda r: str(r.randint(100000000, 999999999))),
             ("俄罗斯", lambda r: f"{r.randint(70, 76)}{r.randint(1000000, 9999999)}"),
             ("德国", lambda r: "C" + "".join(r.choice("CFGHJKLMNPRTVWXYZ0123456789") for _ in range(8))),
             ("法国", lambda r: f"{r.randint(10, 99)}{r.choice('ABCDEFGH')}{r.choice('ABCDEFGH')}{r.randint(10000, 99999)}"),
             ("加拿大", lambda r: f"{r.choice('ABGHJ')}{r.choice('ABCDEFGH')}{r.randint(100000, 999999)}"))
ASIAN_PASSPORTS = {"越南": lambda r: f"C{r.randint(1000000, 9999999)}", "韩国": lambda r: f"M{r.randint(10000000, 99999999)}",
                   "日本": lambda r: f"T{r.choice('RZKS')}{r.randint(1000000, 9999999)}"}

CITIES = (("南京市", "宁"), ("苏州市", "苏"), ("郑州市", "郑"), ("洛阳市", "洛"), ("绍兴市", "绍"), ("宜昌市", "宜"),
          ("泉州市", "泉"), ("柳州市", "柳"), ("绵阳市", "绵"), ("保定市", "保"), ("济宁市", "济"), ("株洲市", "株"),
          ("赣州市", "赣"), ("大同市", "同"), ("包头市", "包"), ("示范市", "示"), ("江城市", "江"), ("临海市", "临"))
DISTRICTS = (("城东区", "东"), ("城西区", "西"), ("鼓楼区", "鼓"), ("新华区", "新"), ("城关区", "关"), ("高新区", "高"),
             ("滨江区", "滨"), ("北湖区", "北"), ("南山区", "南"), ("西城区", "城"), ("东湖区", "湖"), ("临江区", "临"),
             ("龙华区", "龙"), ("青山区", "青"))
PROVINCES = ("江苏省", "河南省", "浙江省", "湖北省", "福建省", "广西壮族自治区", "四川省", "河北省", "山东省", "湖南省",
             "江西省", "山西省", "内蒙古自治区", "安徽省", "广东省", "贵州省")
STREETS = ("人民路", "解放路", "中山路", "建设路", "和平路", "胜利街", "新华路", "文化路", "光明街", "朝阳路", "幸福路",
           "长江路", "黄河路", "青年路", "工业路", "滨河路", "学府路", "育才街", "北京路", "友谊路", "花园路", "迎宾大道",
           "红旗路", "东风路", "金水路", "富民路", "健康路", "跃进路", "丰收街", "桃源路")
ESTATES = ("锦绣花园", "阳光新城", "翠湖苑", "金色家园", "香榭丽舍", "紫荆公寓", "名门世家", "碧水蓝天", "幸福里",
           "怡景湾", "书香门第", "滨江一号", "御景园", "康乐新村", "龙湖春江郦城")
COUNTIES = ("长丰县", "滑县", "固始县", "沭阳县", "商水县", "桐城县", "宁乡县", "兴国县", "仁寿县", "曹县", "邳州市",
            "新郑市", "武安市", "浏阳市", "永康市")
VILLAGE_FIRST = "李张王刘陈赵周吴郑孙马朱胡林何高罗梁"
SHOP_BRANDS = ("福兴", "华联", "百佳", "鑫源", "好又多", "惠民", "家家乐", "万家福", "隆昌", "同福", "聚源", "天天",
               "红旗", "新世纪", "优品汇", "永盛", "宏达", "佳佳", "悦来", "金凯")
REGION_CODES = ("110101", "110105", "120103", "130102", "140105", "150102", "210102", "220102", "230102", "310104",
                "320102", "320506", "320583", "330106", "340104", "350203", "360102", "370202", "370783", "410105",
                "411302", "420106", "430104", "440305", "450103", "460105", "500103", "510107", "520102", "530102",
                "610113", "620102", "640104", "650102")
PLATE_PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
PLATE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"
CARD_PREFIXES = ("622202", "622848", "621700", "622700", "621226", "622588", "436742", "621483", "623058", "622908",
                 "625965", "622155", "621799", "622262")
MAIL_DOMAINS = ("163.com", "qq.com", "126.com", "sina.com", "foxmail.com", "gmail.com", "outlook.com", "yeah.net",
                "139.com", "sohu.com")
BANKS = ("中国工商银行{city}分行", "中国农业银行{city}{district}支行", "{city}农村商业银行", "中国建设银行{city}分行营业部",
         "中国银行{city}{district}支行")
SEXES = ("男", "女")
NATIONS = ("汉族", "汉族", "汉族", "回族", "满族", "壮族", "土家族", "苗族", "蒙古族")
LAW_SECURITY = "《中华人民共和国治安管理处罚法》"
LAW_TRAFFIC = "《中华人民共和国道路交通安全法》"
LAW_EXIT_ENTRY = "《中华人民共和国出境入境管理法》"
LAW_PENALTY = "《中华人民共和国行政处罚法》"
LAW_MINORS = "《中华人民共和国未成年人保护法》"


_PLAIN, _SPACED, _END = "\ue000", "\ue001", "\ue002"
_PLACEHOLDER = re.compile("([\ue000\ue001])(\\d+)\ue002")


class _Retry(Exception):
    """The draft broke one of its own invariants (a name also spelled elsewhere): draw it again."""


@dataclass
class _Person:
    name: str
    surname: str
    sex: str
    latin: str = ""


# --- random values -------------------------------------------------------------------------------

def _id_number(rng: random.Random, birth: date, sex: str) -> str:
    sequence = rng.randint(0, 99) * 10 + rng.choice((1, 3, 5, 7, 9) if sex == "男" else (0, 2, 4, 6, 8))
    body = f"{rng.choice(REGION_CODES)}{birth:%Y%m%d}{sequence:03d}"
    return body + id_check_char(body)


def _uscc(rng: random.Random) -> str:
    body8 = "".join(rng.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(8))
    orgcode = body8 + orgcode_check_char(body8)
    body17 = rng.choice(("91", "92", "93")) + rng.choice(REGION_CODES) + orgcode
    return body17 + uscc_check_char(body17)


def _mobile(rng: random.Random) -> str:
    return rng.choice(("13", "15", "17", "18", "19")) + str(rng.randint(0, 9)) + f"{rng.randint(0, 99999999):08d}"


def _bank_card(rng: random.Random) -> str:
    length = rng.choice((16, 17, 18, 19, 19))
    prefix = rng.choice(CARD_PREFIXES)
    body = prefix + "".join(rng.choice("0123456789") for _ in range(length - len(prefix) - 1))
    return _luhn_complete(body)


def _imei(rng: random.Random) -> str:
    body = rng.choice(("86", "35", "86", "01")) + "".join(rng.choice("0123456789") for _ in range(12))
    return _luhn_complete(body)


def _vin(rng: random.Random) -> str:
    wmi = rng.choice(("LSV", "LFV", "LGB", "LHG", "LVS", "LBV", "LSG", "LDC", "LGW", "LNB", "LZW", "LJD"))
    vds = "".join(rng.choice(_VIN_ALPHABET) for _ in range(5))
    tail = rng.choice("KLMNPRS") + rng.choice(_VIN_ALPHABET) + f"{rng.randint(0, 999999):06d}"
    draft = wmi + vds + "0" + tail
    return wmi + vds + vin_check_char(draft) + tail


def _plate(rng: random.Random, kind: str) -> str:
    province = rng.choice(PLATE_PROVINCES)
    city = rng.choice(PLATE_LETTERS.replace("Q", ""))
    if kind == "small_new_energy":
        body = rng.choice("DF") + rng.choice(PLATE_LETTERS.replace("Q", "") + "0123456789") + f"{rng.randint(0, 9999):04d}"
    elif kind == "large_new_energy":
        body = f"{rng.randint(0, 99999):05d}" + rng.choice("DF")
    else:
        chars = [rng.choice("0123456789") for _ in range(5)]
        for position in rng.sample(range(5), rng.choice((0, 1, 1, 2))):
            chars[position] = rng.choice(PLATE_LETTERS.replace("Q", ""))
        body = "".join(chars)
    return province + city + body


def _qq(rng: random.Random) -> str:
    length = rng.choice((5, 7, 8, 9, 9, 10, 10, 11))
    return str(rng.randint(1, 9)) + "".join(rng.choice("0123456789") for _ in range(length - 1))


def _wechat(rng: random.Random) -> str:
    if rng.random() < 0.4:
        return "wxid_" + "".join(rng.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(14))
    head = rng.choice("abcdefghijklmnopqrstuvwxyz") + "".join(
        rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(2, 6)))
    return head + rng.choice(("_", "", "-", "")) + str(rng.randint(1, 9999))


def _email(rng: random.Random) -> str:
    local = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(3, 8)))
    local += rng.choice(("", ".", "_")) + str(rng.randint(1, 2005))
    return f"{local}@{rng.choice(MAIL_DOMAINS)}"


def _ip(rng: random.Random) -> str:
    if rng.random() < 0.12:
        return f"240e:{rng.randint(256, 4095):x}:{rng.randint(4096, 65535):x}::{rng.randint(1, 4095):x}"
    return f"{rng.choice((36, 39, 58, 101, 113, 117, 119, 123, 140, 171, 183, 222))}.{rng.randint(1, 254)}." \
           f"{rng.randint(0, 254)}.{rng.randint(1, 254)}"


def _home_address(rng: random.Random, city: str, district: str) -> tuple[str, str]:
    """(full address, the part that identifies the home): the street part must go, the district may stay."""
    style = rng.randrange(4)
    if style == 0:
        detail = f"{rng.choice(STREETS)}{rng.randint(1, 299)}号{rng.randint(1, 30)}栋{rng.randint(1, 6)}单元{rng.randint(1, 33)}0{rng.randint(1, 4)}室"
    elif style == 1:
        detail = f"{rng.choice(STREETS)}{rng.randint(1, 299)}号院{rng.randint(1, 20)}号楼{rng.randint(1, 4)}单元{rng.randint(1, 18)}0{rng.randint(1, 4)}"
    elif style == 2:
        detail = f"{rng.choice(ESTATES)}小区{rng.randint(1, 40)}幢{rng.randint(1, 28)}0{rng.randint(1, 4)}室"
    else:
        village = rng.choice(VILLAGE_FIRST) + rng.choice(("庄", "家湾", "集", "营", "店", "楼"))
        detail = f"{village}村{cn_number(rng.randint(1, 12))}组{rng.randint(1, 99)}号"
    prefix = rng.choice((f"{city}{district}", f"{city}{district}", f"{rng.choice(CITIES)[0]}{rng.choice(DISTRICTS)[0]}",
                         f"{rng.choice(PROVINCES)}{rng.choice(COUNTIES)}"))
    return prefix + detail, detail


def _to_fullwidth(text: str) -> str:
    return "".join(chr(ord(char) + 0xFEE0) if "!" <= char <= "~" else char for char in text)


# --- one draft -----------------------------------------------------------------------------------

class _Draft:
    """Collects a decision's text parts and its manifest while a scenario writes it."""

    def __init__(self, rng: random.Random, index: int):
        self.rng = rng
        self.index = index
        self.go: list[tuple[str, str]] = []
        self.stay: list[str] = []
        self.tags: set[str] = set()
        self.people: list[_Person] = []
        self.punished: _Person | None = None
        self.punished_is_foreign = False
        self.fullwidth = index % 11 == 3 or rng.random() < 0.05
        self.split = index % 7 == 2 or rng.random() < 0.06
        self.table = index % 13 == 5 or rng.random() < 0.04
        self.withhold: str | None = None
        self.why = "可以公开"
        self.fields: dict = {}
        city, city_abbr = rng.choice(CITIES)
        district, district_abbr = rng.choice(DISTRICTS)
        self.city, self.district, self.city_abbr, self.district_abbr = city, district, city_abbr, district_abbr
        self.station = f"{rng.choice(STREETS)}派出所"
        self.act_date = date(rng.choice((2024, 2025, 2025, 2026)), rng.randint(1, 12), rng.randint(1, 28))
        self.decided_on = self.act_date + timedelta(days=rng.randint(1, 25))

    # people
    def person(self, surname: str | None = None, sex: str | None = None) -> _Person:
        rng = self.rng
        for _ in range(50):
            roll = rng.random()
            if surname is None and roll < 0.07:
                family, given = rng.choice(WORD_NAMES)
            else:
                family = surname or (rng.choice(COMPOUND_SURNAMES) if roll < 0.15 else rng.choice(SINGLE_SURNAMES))
                given = rng.choice(GIVEN_NAMES) if rng.random() < 0.45 else "".join(
                    rng.choice(GIVEN_CHARS) for _ in range(rng.choice((1, 2, 2, 2))))
            name = family + given
            if all(name not in other.name and other.name not in name for other in self.people):
                person = _Person(name, family, sex or rng.choice(SEXES))
                self.people.append(person)
                if len(family) == 2:
                    self.tags.add("compound_surname")
                if (family, given) in WORD_NAMES:
                    self.tags.add("name_is_common_word")
                return person
        raise _Retry

    def foreigner(self) -> tuple[_Person, str, str]:
        """A foreign person: (person with Latin and Chinese names, nationality, passport number)."""
        rng = self.rng
        if rng.random() < 0.35:
            latin, chinese, country = rng.choice(ASIAN_FOREIGNERS)
            passport = ASIAN_PASSPORTS[country](rng)
        else:
            (given_latin, given_cn), (family_latin, family_cn) = rng.choice(FOREIGN_GIVEN), rng.choice(FOREIGN_FAMILY)
            latin, chinese = f"{given_latin} {family_latin}", f"{given_cn}·{family_cn}"
            if rng.random() < 0.3:
                latin = latin.title()
            country, make_passport = rng.choice(COUNTRIES)
            passport = make_passport(rng)
        if any(chinese in other.name or other.name in chinese for other in self.people):
            raise _Retry
        person = _Person(chinese, "", rng.choice(SEXES), latin)
        self.people.append(person)
        self.go += [("name", latin), ("name", chinese), ("passport", passport)]
        self.tags |= {"latin_name", "foreigner_passport"}
        return person, country, passport

    def say(self, person: _Person, spaced: bool = False) -> str:
        """A placeholder for the person's name: `finish` writes the names in, and then checks that each name
        occurs exactly where a placeholder stood (a word-name such as 高峰 must not also be a word in the text)."""
        index = self.people.index(person)
        return f"{_SPACED if spaced and len(person.name) == 2 else _PLAIN}{index}{_END}"

    def pick(self, *writers):
        """One of several wordings; only the chosen one is written, so only its values enter the manifest."""
        return self.rng.choice(writers)()

    # manifest
    def gone(self, kind: str, value: str, written: str | None = None) -> str:
        self.go.append((kind, value))
        return written if written is not None else self.number(kind, value)

    def kept(self, value: str) -> str:
        self.stay.append(value)
        return value

    def number(self, kind: str, value: str) -> str:
        """A number as a clerk might have typed it: plain, full-width, or split by spaces/hyphens/a line break."""
        rng = self.rng
        written = value
        if self.split and kind in ("phone", "id_number", "bank_card", "driving_licence", "qq") and rng.random() < 0.6:
            if kind == "phone":
                sep = rng.choice((" ", "-"))
                written = f"{value[:3]}{sep}{value[3:7]}{sep}{value[7:]}"
            elif kind in ("id_number", "driving_licence"):
                written = rng.choice((f"{value[:6]} {value[6:14]} {value[14:]}", f"{value[:10]}\n{value[10:]}"))
            elif kind == "bank_card":
                written = " ".join(value[i:i + 4] for i in range(0, len(value), 4))
            else:
                written = f"{value[:4]} {value[4:]}"
            self.tags.add("split_numbers")
        if self.fullwidth and kind in ("phone", "id_number", "qq", "bank_card", "plate") and rng.random() < 0.6:
            written = _to_fullwidth(written)
            self.tags.add("fullwidth_digits")
        return written

    # shared document parts
    def agency(self, kind: str = "branch") -> str:
        city, district = self.city, self.district
        if kind == "traffic":
            name = f"{city}公安局交通警察支队{district.replace('区', '')}大队"
        elif kind == "station":
            name = f"{city}公安局{district}分局{self.station}"
        elif kind == "city":
            name = f"{city}公安局"
        else:
            name = f"{city}公安局{district}分局"
        self.agency_name = name
        return self.kept(name)

    def document_number(self, kind: str) -> str:
        rng, year = self.rng, self.decided_on.year
        if kind == "traffic":
            number = f"{rng.choice(REGION_CODES)}{rng.randint(10 ** 9, 10 ** 10 - 1)}"
        elif kind == "on_the_spot":
            number = f"{self.city_abbr}公（{self.district_abbr}）当罚决字〔{year}〕{rng.randint(1, 9999)}号"
        elif kind == "no_penalty":
            number = f"{self.city_abbr}公{self.district_abbr}不罚决字〔{year}〕{rng.randint(1, 999)}号"
        else:
            number = rng.choice((f"{self.city_abbr}公（{self.district_abbr}）行罚决字〔{year}〕{rng.randint(1, 9999)}号",
                                 f"{self.city_abbr}公{self.district_abbr}（治）行罚决字〔{year}〕第{rng.randint(1, 9999):05d}号",
                                 f"{self.city_abbr}公{self.district_abbr}行罚决字〔{year}〕{rng.randint(100, 99999)}号"))
        self.doc_number = number
        return self.kept(number)

    def act_day(self) -> str:
        return self.kept(_date_arabic(self.act_date))

    def decision_day(self) -> str:
        written = _date_chinese(self.decided_on) if self.rng.random() < 0.5 else _date_arabic(self.decided_on)
        return self.kept(written)

    def citation(self, law: str, article: str) -> str:
        return self.kept(f"{law}{article}")

    def remedy(self) -> str:
        rng, city, district = self.rng, self.city, self.district
        review = self.kept(rng.choice((f"{city}人民政府", f"{city}{district}人民政府", f"{city}公安局")))
        court = self.kept(rng.choice((f"{city}{district}人民法院", f"{city}铁路运输法院", f"{city}{district}人民法院")))
        return rng.choice((
            f"被处罚人如不服本决定，可以在收到本决定书之日起六十日内向{review}申请行政复议，或者在六个月内依法向{court}提起行政诉讼。",
            f"如不服本决定，可以在收到本决定书之日起六十日内向{review}申请行政复议或者在六个月内依法向{court}提起行政诉讼。",
            f"当事人对本决定不服的，可自收到决定书之日起六十日内依法向{review}申请行政复议，也可以自收到决定书之日起六个月内直接向{court}提起行政诉讼。",
        ))

    def fine_payment(self) -> str:
        bank = self.kept(self.rng.choice(BANKS).format(city=self.city, district=self.district))
        return self.rng.choice((
            f"被处罚人应当自收到本决定书之日起十五日内，到{bank}各营业网点缴纳罚款。逾期不缴纳的，每日按罚款数额的百分之三加处罚款。",
            f"罚款于收到本决定书之日起十五日内缴至{bank}（可通过非税收入缴款码缴纳）；到期不缴纳罚款的，每日按罚款数额的百分之三加处罚款。",
        ))

    def detention(self, days: int) -> str:
        detention_centre = self.kept(self.rng.choice((f"{self.city}拘留所", f"{self.city}公安局拘留所")))
        start = self.decided_on
        end = start + timedelta(days=days - 1)
        return f"执行方式和期限：送{detention_centre}执行，拘留期限自{_date_arabic(start)}起至{_date_arabic(end)}止。"

    def signature(self) -> str:
        return f"{self.agency_name}\n{self.decision_day()}\n（公安机关印章）"

    def person_block(self, person: _Person, label: str, birth: date | None = None, id_number: str | None = None,
                     show_birth: str = "id") -> str:
        """The punished natural person's particulars: inline, in a labelled paragraph, or as a flattened table."""
        rng = self.rng
        address, detail = _home_address(rng, self.city, self.district)
        self.gone("address", detail)
        landline = rng.random() < 0.12
        phone = f"0{rng.randint(10, 999)}-{rng.randint(2000000, 89999999)}" if landline else _mobile(rng)
        phone_written = self.gone("phone", phone, phone if landline else None)
        if landline:
            self.tags.add("landline")
        id_written = self.gone("id_number", id_number) if id_number and show_birth == "id" else None
        nation = rng.choice(NATIONS)
        birth_text = f"{birth.year}年{birth.month}月{birth.day}日" if birth else ""
        if self.table:
            self.tags.add("docx_table")
            separator = rng.choice(("\t", "\n", " | "))
            cells = [["姓名", self.say(person), "性别", person.sex], ["民族", nation, "文化程度", rng.choice(("初中", "高中", "大专", "本科", "小学"))]]
            if show_birth in ("id", "text") and birth:
                cells.append(["出生日期", birth_text])
            if id_written:
                cells.append(["身份证件种类及号码", "居民身份证 " + id_written])
            cells += [["现住址", address], ["联系电话", phone_written]]
            return f"{label}基本情况\n" + "\n".join(separator.join(row) for row in cells)
        parts = [f"{label}：{self.say(person, spaced=rng.random() < 0.15)}", person.sex]
        if show_birth in ("id", "text") and birth:
            parts.append(rng.choice((f"{birth_text}出生", f"出生日期：{birth_text}")))
        parts.append(nation)
        if id_written:
            parts.append(rng.choice((f"身份证号码：{id_written}", f"公民身份号码{id_written}", f"身份证件种类及号码：居民身份证 {id_written}")))
        parts.append(rng.choice((f"现住址：{address}", f"住{address}", f"户籍所在地及现住址：{address}")))
        parts.append(f"联系电话：{phone_written}")
        return "，".join(parts) + "。"

    def punish_person(self, label: str = "违法行为人", age_range: tuple[int, int] = (19, 62),
                      birth: date | None = None, show_birth: str | None = None) -> tuple[_Person, str]:
        rng = self.rng
        person = self.person()
        self.punished = person
        if birth is None:
            birth = _years_before(self.act_date, rng.randint(*age_range)) - timedelta(days=rng.randint(1, 360))
        id_number = _id_number(rng, birth, person.sex)
        show_birth = show_birth or rng.choice(("id", "id", "id", "text"))
        self.tags.add({"id": "birth_from_id", "text": "birth_from_text", "fields": "birth_from_fields"}[show_birth])
        self.go.append(("name", person.name))
        self.fields.update(party_kind="person", party_name=person.name, party_id_number=id_number, party_birth=birth,
                           org_code=None, org_address=None)
        return person, self.person_block(person, label, birth, id_number, show_birth)

    def punish_org(self, kind: str) -> tuple[str, str]:
        rng = self.rng
        brand = rng.choice(SHOP_BRANDS) + rng.choice(("", "星际", "网联", "天成", "博远"))
        org = f"{self.city}{self.district}{brand}{kind}有限公司"
        code = _uscc(rng)
        address = f"{self.city}{self.district}{rng.choice(STREETS)}{rng.randint(1, 399)}号" + rng.choice(("", f"{rng.randint(1, 5)}楼", f"{rng.randint(1, 12)}幢10{rng.randint(1, 9)}室"))
        representative = self.person()
        phone_written = self.gone("phone", _mobile(rng))
        rep_id = _id_number(rng, date(rng.randint(1965, 1995), rng.randint(1, 12), rng.randint(1, 28)), representative.sex)
        self.go += [("name", representative.name), ("id_number", rep_id)]
        self.stay += [org, code, address]
        self.tags |= {"org_punished"}
        self.fields.update(party_kind="org", party_name=org, party_id_number=None, party_birth=None, org_code=code,
                           org_address=address)
        block = self.pick(
            lambda: f"被处罚单位：{org}\n统一社会信用代码：{code}\n住所：{address}\n法定代表人：{self.say(representative)}，"
            f"身份证号码：{self.number('id_number', rep_id)}，联系电话：{phone_written}",
            lambda: f"被处罚单位{org}，统一社会信用代码{code}，注册地址{address}，法定代表人{self.say(representative)}"
            f"（公民身份号码：{self.number('id_number', rep_id)}，联系电话：{phone_written}）。",
        )
        return org, block

    def header(self, agency: str, title: str, number: str) -> str:
        return f"{agency}\n{title}\n{number}"

    def evidence(self, punished: str, victims: list[str] = (), witnesses: list[str] = (), extra: str = "") -> str:
        rng = self.rng
        items = [f"违法行为人{punished}的陈述和申辩"] if punished else ["当事人的陈述和申辩"]
        items += [f"被侵害人{name}的陈述" for name in victims]
        items += [f"证人{name}的证言" for name in witnesses]
        items += [extra or rng.choice(("现场监控视频", "现场照片", "视听资料", "辨认笔录", "扣押清单"))]
        return rng.choice(("以上事实有", "上述事实有", "认定以上事实的证据有：")) + "、".join(items) + "等证据证实。"

    def sanction(self, detention_days: int = 0, fine: int = 0, arabic: bool | None = None) -> str:
        """The sanction phrase, kept verbatim: 行政拘留五日并处罚款二百元, 罚款500元, 行政拘留十日."""
        rng = self.rng
        arabic = rng.random() < 0.2 if arabic is None else arabic
        amount = f"{fine}元" if arabic else f"{cn_number(fine)}元"
        if detention_days and fine:
            phrase = f"行政拘留{cn_number(detention_days)}日" + rng.choice(
                ("并处罚款" + amount, "，并处罚款" + amount, f"并处{amount}罚款", f"，并处{amount}罚款"))
        elif detention_days:
            phrase = f"行政拘留{cn_number(detention_days)}日"
        else:
            phrase = f"罚款{amount}"
        self.fields["sanction"] = phrase
        return self.kept(phrase)

    def decide(self, citation: str, name: str, sanction: str) -> str:
        return self.rng.choice((
            f"根据{citation}之规定，现决定对{name}处{sanction}。",
            f"依据{citation}的规定，决定给予违法行为人{name}{sanction}的处罚。",
            f"综上，依照{citation}，决定对{name}{sanction}。",
            f"根据{citation}，现决定给予{name}{sanction}。",
        ))

    def finish(self, key: str, parts: list[str]) -> Case:
        draft = "\n\n".join(part for part in parts if part)
        mentions = [0] * len(self.people)

        def write_name(match: re.Match) -> str:
            name = self.people[int(match.group(2))].name
            mentions[int(match.group(2))] += 1
            if match.group(1) == _SPACED:
                self.tags.add("spaced_name")
                return name[0] + self.rng.choice(("  ", "\u3000", " ")) + name[1]
            return name

        text = _PLACEHOLDER.sub(write_name, draft)
        squeezed = squeeze(text)
        for person, count in zip(self.people, mentions):
            if squeezed.count(squeeze(person.name)) != count:
                raise _Retry
        go_squeezed = [squeeze(value) for _, value in self.go]
        for value in self.stay:
            if value not in text or any(gone in squeeze(value) for gone in go_squeezed):
                raise _Retry
        for _, value in self.go:
            if squeeze(value) not in squeezed:
                raise _Retry
        for phrase in COMMON_WORD_PHRASES:
            if phrase in text:
                self.tags.add("common_word_kept")
        self.fields.update(act_date=self.act_date, decided_on=self.decided_on, document_number=self.doc_number,
                           agency=self.agency_name)
        self.fields.setdefault("sanction", "")
        self.fields.setdefault("procedure", "普通程序")
        punished = self.punished
        self.go += [("name", person.name) for person in self.people]
        others = [(p.latin or p.name, p.surname) for p in self.people if p is not punished]
        others += [(p.name, p.surname) for p in self.people if p is not punished and p.latin]
        go = list(dict.fromkeys(self.go))
        return Case(key=key, text=text, fields=self.fields, must_go=go, must_stay=list(dict.fromkeys(self.stay)),
                    withhold=self.withhold, why=self.why,
                    punished_surname=punished.surname if punished and not self.punished_is_foreign else None,
                    punished_name=punished.name if punished else None, others=others, tags=frozenset(self.tags))


# --- scenarios -----------------------------------------------------------------------------------
# Each writes one decision into a draft and returns its text parts. Their order is fixed; the draft's random
# generator decides the wording, so every seed covers every scenario and every seed reads differently.

def _shop(d: _Draft, kind: str) -> str:
    return d.kept(f"{d.rng.choice(SHOP_BRANDS)}{kind}")


def _place(d: _Draft) -> str:
    return f"{d.city}{d.district}{d.rng.choice(STREETS)}{d.rng.randint(1, 399)}号"


def _theft(d: _Draft) -> list[str]:
    rng = d.rng
    person, block = d.punish_person()
    victim, clerk = d.person(), d.person()
    shop = _shop(d, rng.choice(("超市", "便利店", "手机店", "药店", "服装店")))
    imei = _imei(rng)
    d.tags |= {"theft_secret_wording", "victim_unlabelled", "witness_unlabelled", "imei"}
    value = rng.randint(300, 4000)
    d.go.append(("imei", imei))
    facts = d.pick(
        lambda: f"现查明：{d.act_day()}{rng.randint(8, 22)}时许，{d.say(person)}在{_place(d)}{shop}内，趁无人注意秘密窃取"
        f"{d.say(victim)}放在收银台上的{rng.choice(('华为', '小米', 'OPPO', 'vivo', '苹果'))}牌手机一部（IMEI：{imei}），"
        f"经{d.city}价格认证中心认定价值人民币{value}元。后{d.say(clerk)}发现手机被盗并报警。",
        lambda: f"经查，{d.act_day()}，违法行为人{d.say(person)}在{shop}购物时，采取秘密窃取的方式，将{d.say(victim)}"
        f"遗忘在货架旁的手机（串号{imei}）据为己有，价值人民币{value}元。店员{d.say(clerk)}调取监控后报警。",
    )
    if rng.random() < 0.4:
        facts += f"{d.kept('正值晚高峰时段')}，店内顾客较多。"
    days = rng.choice((5, 7, 10))
    sanction = d.sanction(days, rng.choice((0, 200, 300, 500)))
    return [d.header(d.agency(), "行政处罚决定书", d.document_number("general")), block, facts,
            d.evidence(d.say(person), [d.say(victim)], [d.say(clerk)]),
            d.decide(d.citation(LAW_SECURITY, "第四十九条"), d.say(person), sanction),
            d.detention(days), d.fine_payment() if "罚款" in sanction or "并处" in sanction else "", d.remedy(), d.signature()]


def _pickpocket(d: _Draft) -> list[str]:
    rng = d.rng
    person, block = d.punish_person(label=rng.choice(("违法行为人", "被处罚人")))
    victim = d.person()
    d.tags |= {"pickpocket_secret_wording", "victim_unlabelled"}
    route = rng.randint(1, 120)
    facts = d.pick(
        lambda: f"{d.act_day()}{rng.randint(7, 19)}时许，{d.say(person)}在{d.city}{rng.randint(1, 120)}路公交车上，采取秘密手段扒窃乘客"
        f"{d.say(victim)}背包内的钱包一个，内有现金人民币{rng.randint(100, 900)}元，被{d.kept(d.station)}民警当场抓获。",
        lambda: f"经审理查明：{d.act_day()}，{d.say(person)}在{d.city}地铁{route % 9 + 1}号线车厢内，趁乘客拥挤之机，以秘密手段将"
        f"{d.say(victim)}上衣口袋内的手机窃走，后被{d.say(victim)}察觉并扭送至{d.kept(d.station)}。",
    )
    days = rng.choice((10, 12, 15))
    sanction = d.sanction(days, rng.choice((0, 500, 1000)))
    return [d.header(d.agency(), "行政处罚决定书", d.document_number("general")), block, facts,
            d.evidence(d.say(person), [d.say(victim)]),
            d.decide(d.citation(LAW_SECURITY, "第四十九条"), d.say(person), sanction),
            d.detention(days), d.fine_payment() if "罚款" in sanction or "并处" in sanction else "", d.remedy(), d.signature()]


def _trade_secret(d: _Draft) -> list[str]:
    rng = d.rng
    person, block = d.punish_person()
    colleague, manager = d.person(), d.person()
    d.tags |= {"trade_secret_word", "secret_word_in_narrative", "victim_unlabelled"}
    company = d.kept(f"{d.city}{rng.choice(SHOP_BRANDS)}{rng.choice(('机械', '电子', '食品', '物流'))}有限公司")
    facts = d.pick(
        lambda: f"经查，{d.act_day()}上午，{d.say(person)}在{company}办公室内，因怀疑同事{d.say(colleague)}向他人泄露公司商业秘密，"
        f"与其发生争执，后用拳头击打{d.say(colleague)}面部，经鉴定{d.say(colleague)}的损伤程度为轻微伤。部门经理{d.say(manager)}上前拉开双方。",
        lambda: f"查明：{d.act_day()}，{d.say(person)}以向{d.say(colleague)}出售所谓“绝密内部资料”和“机密文件”为由，"
        f"骗取{d.say(colleague)}人民币{rng.randint(2, 9)}000元。{d.say(manager)}得知后陪同报案。",
    )
    fraud = "骗取" in facts
    days = rng.choice((5, 7, 10))
    sanction = d.sanction(days, rng.choice((200, 500)))
    return [d.header(d.agency(), "行政处罚决定书", d.document_number("general")), block, facts,
            d.evidence(d.say(person), [d.say(colleague)], [d.say(manager)]),
            d.decide(d.citation(LAW_SECURITY, "第四十九条" if fraud else "第四十三条第一款"), d.say(person), sanction),
            d.detention(days), d.fine_payment(), d.remedy(), d.signature()]


def _internet_cafe(d: _Draft) -> list[str]:
    rng = d.rng
    org, block = d.punish_org(rng.choice(("网络服务", "网络科技", "电子竞技")))
    minors = [d.person() for _ in range(rng.randint(1, 3))]
    d.tags |= {"org_admits_minors"}
    cafe = _shop(d, rng.choice(("网咖", "网吧", "网络会所")))
    ages = "、".join(f"{d.say(m)}（{rng.randint(13, 17)}周岁）" for m in minors)
    minor_birth = _years_before(d.act_date, 15) - timedelta(days=rng.randint(1, 300))
    facts = d.pick(
        lambda: f"经查，{d.act_day()}{rng.randint(19, 23)}时许，{d.kept(d.station)}民警对{org}经营的{cafe}进行检查，发现该场所接纳未成年人"
        f"{ages}进入营业场所上网，且未核对上网人员身份证件。",
        lambda: f"{d.act_day()}，民警在检查中发现，{cafe}（经营者为{org}）违反规定接纳未成年人进入营业场所，其中"
        f"{d.say(minors[0])}出生于{minor_birth.year}年{minor_birth.month}月，系在校初中学生。" + (
            "另有未成年人" + "、".join(d.say(m) for m in minors[1:]) + "在场。" if len(minors) > 1 else ""),
    )
    fine = rng.choice((5000, 8000, 10000, 15000))
    sanction = d.kept(f"警告，并处罚款{cn_number(fine)}元")
    d.fields["sanction"] = sanction
    d.tags.add("warning_plus_fine")
    return [d.header(d.agency(), "行政处罚决定书", d.document_number("general")), block, facts,
            d.evidence("", [], [], "现场检查笔录、上网登记记录、视听资料"),
            f"根据{d.citation('《互联网上网服务营业场所管理条例》', '第三十一条')}第（二）项之规定，决定对{org}给予{sanction}的行政处罚。",
            d.fine_payment(), d.remedy(), d.signature()]


def _sells_to_minors(d: _Draft) -> list[str]:
    rng = d.rng
    org, block = d.punish_org(rng.choice(("商贸", "便利店管理", "超市")))
    buyer = d.person()
    d.tags |= {"org_sells_to_minors", "victim_unlabelled"}
    goods = rng.choice(("香烟两包", "白酒一瓶", "啤酒六罐", "电子烟一支"))
    facts = (f"经查，{d.act_day()}，{org}所属门店向未成年人{d.say(buyer)}（{rng.randint(14, 17)}周岁）出售{goods}，"
             f"未要求其出示身份证件，且未在显著位置设置不向未成年人销售烟酒的标志。")
    fine = rng.choice((3000, 5000, 10000, 20000))
    sanction = d.kept(f"罚款{cn_number(fine)}元")
    d.fields["sanction"] = sanction
    return [d.header(d.agency(), "行政处罚决定书", d.document_number("general")), block, facts,
            f"上述事实有现场检查笔录、询问笔录、收银记录等证据证实。",
            f"依据{d.citation(LAW_MINORS, '第一百二十三条')}之规定，决定对{org}处以{sanction}。",
            d.fine_payment(), d.remedy(), d.signature()]


def _adult_harms_minor(d: _Draft) -> list[str]:
    rng = d.rng
    person, block = d.punish_person()
    child, parent = d.person(), d.person()
    d.tags |= {"adult_harms_minor", "victim_unlabelled"}
    child_birth = _years_before(d.act_date, rng.randint(8, 13)) - timedelta(days=rng.randint(1, 300))
    facts = d.pick(
        lambda: f"经查，{d.act_day()}{rng.randint(7, 18)}时许，{d.say(person)}在{d.city}{d.district}{rng.choice(STREETS)}小学门口，"
        f"因琐事殴打未成年学生{d.say(child)}（{child_birth.year}年{child_birth.month}月{child_birth.day}日出生），"
        f"致其面部软组织挫伤。{d.say(child)}的母亲{d.say(parent)}当即报警。",
        lambda: f"{d.act_day()}，违法行为人{d.say(person)}因其子与同学发生矛盾，在校门外推搡并掌掴未满十四周岁的{d.say(child)}，"
        f"{d.say(parent)}闻讯赶到后报警。",
    )
    days = rng.choice((10, 12, 15))
    sanction = d.sanction(days, rng.choice((500, 1000)))
    return [d.header(d.agency(), "行政处罚决定书", d.document_number("general")), block, facts,
            d.evidence(d.say(person), [d.say(child)], [d.say(parent)]),
            d.decide(d.citation(LAW_SECURITY, "第四十三条第二款第二项"), d.say(person), sanction),
            d.detention(days), d.fine_payment(), d.remedy(), d.signature()]


def _punished_minor(d: _Draft, variant: str) -> list[str]:
    rng = d.rng
    act = d.act_date
    if variant == "minor_16":
        birth = _years_before(act, 16) - timedelta(days=rng.randint(1, 300))
    elif variant == "minor_17":
        birth = _years_before(act, 17) - timedelta(days=rng.randint(1, 300))
    elif variant == "minor_day_short_of_18":
        birth = _years_before(act, 18) + timedelta(days=1)
    elif variant == "exactly_18":
        birth = _years_before(act, 18)
    else:  # minor at the act, adult by the decision
        birth = _years_before(act, 18) + timedelta(days=rng.randint(1, 3))
        d.decided_on = act + timedelta(days=rng.randint(5, 20))
    d.tags.add(variant)
    show = ("id", "text", "fields")[d.index % 3]
    person, block = d.punish_person(birth=birth, show_birth=show)
    victim, guardian = d.person(), d.person(surname=person.surname)
    facts = d.pick(
        lambda: f"经查，{d.act_day()}晚，{d.say(person)}在{_shop(d, 'KTV')}内与{d.say(victim)}发生争执，用酒瓶砸伤{d.say(victim)}头部。",
        lambda: f"{d.act_day()}，{d.say(person)}在{d.city}{d.district}{rng.choice(STREETS)}公交站台，持木棍故意损毁"
        f"{d.say(victim)}停放的电动自行车。",
    )
    facts += f"其父亲{d.say(guardian)}作为监护人到场。"
    days = rng.choice((5, 7)) if variant == "exactly_18" else 0
    sanction = d.sanction(days, 0) if days else d.sanction(0, rng.choice((200, 300, 500)))
    if variant in ("exactly_18",):
        d.withhold, d.why = None, "违法行为发生之日被处罚人已满十八周岁"
    else:
        d.withhold = "minor"
        d.why = f"被处罚人{birth.isoformat()}出生，违法行为发生之日（{act.isoformat()}）未满十八周岁"
    return [d.header(d.agency(), "行政处罚决定书", d.document_number("general")), block, facts,
            d.evidence(d.say(person), [d.say(victim)]),
            d.decide(d.citation(LAW_SECURITY, rng.choice(("第四十三条第一款", "第四十九条", "第二十六条第四项"))),
                     d.say(person), sanction),
            d.detention(days) if days else d.fine_payment(),
            d.remedy(), d.signature()]


def _gambling(d: _Draft) -> list[str]:
    rng = d.rng
    person, block = d.punish_person()
    mates = [d.person() for _ in range(rng.randint(2, 4))]
    d.tags |= {"gambling_group", "co_offenders"}
    room = _shop(d, rng.choice(("棋牌室", "茶楼", "麻将馆")))
    game = rng.choice(("斗地主", "打麻将", "炸金花", "推牌九"))
    stakes = rng.randint(20, 200)
    listed = "、".join(d.say(m) for m in mates[:-1]) + rng.choice(("和", "、", "及")) + d.say(mates[-1])
    facts = d.pick(
        lambda: f"经查，{d.act_day()}{rng.randint(13, 23)}时许，{d.say(person)}伙同{listed}在{room}内以“{game}”的方式赌博，"
        f"每局输赢{stakes}元，现场查获赌资人民币{rng.randint(8, 90) * 100}元。",
        lambda: f"查明：{d.act_day()}，{d.say(person)}与{listed}等人在{room}包间内以{game}的形式进行赌博，"
        f"被{d.kept(d.station)}民警当场查获，收缴赌资{rng.randint(8, 90) * 100}元。",
    )
    days = rng.choice((3, 5, 10))
    sanction = d.sanction(days, rng.choice((0, 500, 1000)))
    return [d.header(d.agency(), "行政处罚决定书", d.document_number("general")), block, facts,
            d.evidence(d.say(person), [], [d.say(mates[0])], "扣押清单、现场照片"),
            d.decide(d.citation(LAW_SECURITY, "第七十条"), d.say(person), sanction),
            d.detention(days), d.fine_payment() if "罚款" in sanction or "并处" in sanction else "", d.remedy(), d.signature()]


def _fraud(d: _Draft) -> list[str]:
    rng = d.rng
    person, block = d.punish_person()
    victim = d.person()
    qq, wechat, email, card, alipay = _qq(rng), _wechat(rng), _email(rng), _bank_card(rng), rng.choice((_mobile(rng), _email(rng)))
    d.tags |= {"fraud_email", "fraud_im", "fraud_bank_card", "alipay", "victim_unlabelled"}
    bank_branch = rng.random() < 0.5
    branch = d.kept(f"{d.city}农村信用合作联社{d.district}信用社" if bank_branch else f"{d.city}农村商业银行{d.district}支行")
    d.tags |= {"rural_credit_cooperative", "business_name"}
    wx_label = "微信号" if not wechat.startswith("wxid_") or rng.random() < 0.5 else "微信"
    amount = rng.randint(10, 90) * 100
    facts = (
        f"经查，{d.act_day()}，{d.say(person)}通过QQ号{d.gone('qq', qq)}联系{d.say(victim)}，谎称可以代办低息贷款，"
        f"后又添加{d.say(victim)}为微信好友（{wx_label}：{d.gone('wechat', wechat)}），并用电子邮箱{d.gone('email', email, email)}"
        f"向其发送伪造的“贷款合同”。{d.say(victim)}信以为真，在{branch}柜台将人民币{amount}元转入{d.say(person)}提供的银行卡"
        f"（卡号{d.gone('bank_card', card)}），另通过支付宝向账号{d.gone('alipay', alipay, alipay)}转账{rng.randint(2, 9)}00元。"
    )
    days = rng.choice((10, 12, 15))
    sanction = d.sanction(days, rng.choice((500, 1000)))
    return [d.header(d.agency(), "行政处罚决定书", d.document_number("general")), block, facts,
            d.evidence(d.say(person), [d.say(victim)], [], "银行交易流水、聊天记录截图"),
            d.decide(d.citation(LAW_SECURITY, "第四十九条"), d.say(person), sanction),
            d.detention(days), d.fine_payment(), d.remedy(), d.signature()]


def _fight_relatives(d: _Draft) -> list[str]:
    rng = d.rng
    person, block = d.punish_person()
    neighbour = d.person()
    mother = d.person(sex="女")
    brother = d.person(surname=person.surname, sex="男")
    family = d.person()
    d.tags |= {"fight_relatives", "victim_unlabelled", "name_in_quotes"}
    facts = d.pick(
        lambda: f"经查，{d.act_day()}{rng.randint(6, 22)}时许，{d.say(person)}因停车问题与邻居{d.say(neighbour)}发生口角，"
        f"{d.say(person)}的哥哥{d.say(brother)}也参与推搡，{d.say(person)}随后用拳头击打{d.say(neighbour)}头部，"
        f"致其轻微伤。其母亲{d.say(mother)}当即报警。事后{d.say(person)}在微信群中发布“{d.say(neighbour)}活该”等言论。",
        lambda: f"{d.act_day()}，{d.say(person)}与{d.say(neighbour)}因宅基地纠纷发生争执，并大喊“{d.say(neighbour)}你给我出来”，"
        f"随后将{d.say(neighbour)}推倒在地。{d.say(neighbour)}的母亲{d.say(mother)}上前劝阻，{d.say(brother)}系"
        f"{d.say(person)}的哥哥，在旁起哄。",
    )
    days = rng.choice((5, 7, 10))
    sanction = d.sanction(days, rng.choice((200, 300, 500)))
    return [d.header(d.agency(), "行政处罚决定书", d.document_number("general")), block, facts,
            d.evidence(d.say(person), [d.say(neighbour)], [d.say(mother)]),
            d.decide(d.citation(LAW_SECURITY, "第四十三条第一款"), d.say(person), sanction),
            d.detention(days) + f"已于当日通知被处罚人家属{d.say(family)}。", d.fine_payment(), d.remedy(), d.signature()]


def _traffic(d: _Draft) -> list[str]:
    rng = d.rng
    person, block = d.punish_person(label="被处罚人")
    kind = rng.choice(("ordinary", "small_new_energy", "large_new_energy", "ordinary"))
    plate = _plate(rng, kind)
    if kind != "ordinary":
        d.tags.add("new_energy_plate")
    plate_written = d.number("plate", plate[:2] + rng.choice(("·", "", "", " ")) + plate[2:])
    d.go.append(("plate", plate))
    vin = _vin(rng)
    licence_file = f"{rng.randint(10 ** 11, 10 ** 12 - 1)}"
    id_number = d.fields["party_id_number"]
    witness = d.person()
    d.tags |= {"traffic_plate", "driving_licence", "vin", "witness_unlabelled"}
    d.go += [("vin", vin), ("licence_file", licence_file), ("driving_licence", id_number)]
    alcohol = rng.randint(21, 79)
    facts = (
        f"驾驶证号：{d.number('driving_licence', id_number)}  档案编号：{licence_file}  准驾车型：{rng.choice(('C1', 'C2', 'B2', 'A2'))}\n"
        f"车辆牌号：{plate_written}  车辆识别代号：{vin}\n\n"
        f"{d.say(person)}于{d.act_day()}{rng.randint(0, 23)}时{rng.randint(10, 59)}分，饮酒后驾驶{plate_written}号小型普通客车"
        f"行驶至{d.city}{rng.choice(STREETS)}与{rng.choice(STREETS)}交叉口时被民警查获，经呼气酒精含量检测，结果为{alcohol}mg/100ml。"
        f"同车乘客{d.say(witness)}在场。"
    )
    fine = rng.choice((1000, 1500, 2000))
    sanction = d.kept(f"暂扣六个月机动车驾驶证，并处罚款{cn_number(fine)}元")
    d.fields["sanction"] = sanction
    return [d.header(d.agency("traffic"), "公安交通管理行政处罚决定书", "编号：" + d.document_number("traffic")), block, facts,
            f"依据{d.citation(LAW_TRAFFIC, '第九十一条第一款')}之规定，决定给予{sanction}的处罚。",
            d.fine_payment(), d.remedy(), d.signature()]


def _fake_plate(d: _Draft) -> list[str]:
    rng = d.rng
    person, block = d.punish_person(label="被处罚人")
    real, fake = _plate(rng, "ordinary"), _plate(rng, rng.choice(("small_new_energy", "ordinary")))
    d.go += [("plate", real), ("plate", fake)]
    d.tags |= {"traffic_plate", "new_energy_plate"} if fake[2] in "DF" and len(fake) == 8 else {"traffic_plate"}
    owner = d.person()
    facts = (f"经查，{d.act_day()}，{d.say(person)}驾驶悬挂伪造号牌{d.number('plate', fake[:2] + '·' + fake[2:])}的小型轿车"
             f"（该车原号牌为{real}，登记所有人为{d.say(owner)}）在{d.city}{rng.choice(STREETS)}行驶，被交通技术监控设备抓拍。")
    days = rng.choice((10, 15))
    sanction = d.sanction(days, rng.choice((2000, 3000, 5000)))
    return [d.header(d.agency("traffic"), "公安交通管理行政处罚决定书", d.document_number("general")), block, facts,
            d.evidence(d.say(person), [], [], "交通技术监控资料"),
            d.decide(d.citation(LAW_TRAFFIC, "第九十六条第一款"), d.say(person), sanction),
            d.detention(days), d.fine_payment(), d.remedy(), d.signature()]


def _traffic_on_the_spot(d: _Draft) -> list[str]:
    rng = d.rng
    person, block = d.punish_person(label="被处罚人")
    plate = _plate(rng, rng.choice(("ordinary", "large_new_energy")))
    d.go.append(("plate", plate))
    d.tags |= {"on_the_spot", "traffic_plate"}
    d.withhold, d.why = "on_the_spot", "适用简易程序当场作出的处罚决定"
    d.fields["procedure"] = "当场处罚"
    fine = rng.choice((20, 50, 100, 150, 200))
    sanction = d.kept(f"罚款{cn_number(fine)}元")
    d.fields["sanction"] = sanction
    return [d.header(d.agency("traffic"), "公安交通管理简易程序处罚决定书", "编号：" + d.document_number("traffic")), block,
            f"被处罚人{d.say(person)}于{d.act_day()}驾驶{plate}号机动车在{d.city}{rng.choice(STREETS)}"
            f"{rng.choice(('违反禁止标线指示', '不按规定车道行驶', '驾车时拨打手持电话'))}。",
            f"依据{d.citation(LAW_TRAFFIC, '第九十条')}之规定，当场决定给予{sanction}。",
            d.fine_payment(), d.remedy(), d.signature()]


def _on_the_spot(d: _Draft) -> list[str]:
    rng = d.rng
    person, block = d.punish_person()
    d.tags.add("on_the_spot")
    d.withhold, d.why = "on_the_spot", "当场处罚决定"
    d.fields["procedure"] = "当场处罚"
    sanction = d.sanction(0, rng.choice((50, 100, 200)))
    return [d.header(d.agency("station"), "当场处罚决定书", d.document_number("on_the_spot")), block,
            f"违法事实：{d.act_day()}，{d.say(person)}在{_shop(d, '广场')}{rng.choice(('酒后大声喧哗、起哄闹事', '随意燃放烟花爆竹影响他人'))}，"
            f"经民警{d.kept('文明劝导') if rng.random() < 0.5 else '劝阻'}后仍不改正。",
            f"依据{d.citation(LAW_SECURITY, '第二十三条第一款第二项')}及第一百条之规定，当场决定给予{sanction}。",
            d.fine_payment(), d.remedy(), d.signature()]


def _warning_only(d: _Draft) -> list[str]:
    rng = d.rng
    person, block = d.punish_person()
    guard = d.person()
    d.tags.add("warning_only")
    d.withhold, d.why = "warning_only", "仅给予警告处罚"
    branch = d.kept(rng.choice((f"{d.city}农村信用合作联社{d.district}信用社", f"{d.city}{d.district}农村信用社{rng.choice(STREETS)}分社")))
    d.tags |= {"rural_credit_cooperative", "business_name", "witness_unlabelled"}
    d.fields["sanction"] = "警告"
    facts = (f"经查，{d.act_day()}，{d.say(person)}因办理业务等候时间较长，在{branch}营业大厅内大声吵闹，"
             f"保安{d.say(guard)}多次劝阻无效，致使该网点营业秩序受到影响，情节较轻。")
    return [d.header(d.agency("station"), "行政处罚决定书", d.document_number("general")), block, facts,
            d.evidence(d.say(person), [], [d.say(guard)]),
            f"根据{d.citation(LAW_SECURITY, '第二十三条第一款第一项')}之规定，决定给予{d.say(person)}{d.kept('警告')}处罚。",
            d.remedy(), d.signature()]


def _no_penalty(d: _Draft) -> list[str]:
    rng = d.rng
    person, block = d.punish_person(label="当事人")
    other = d.person()
    d.tags.add("no_penalty")
    d.fields["sanction"] = "不予处罚"
    reason = rng.choice((
        (f"{LAW_SECURITY}第十九条第一项", "情节特别轻微"),
        (f"{LAW_PENALTY}第三十三条第一款", "初次违法且危害后果轻微并及时改正"),
    ))
    d.stay.append(reason[0])
    return [d.header(d.agency(), "不予行政处罚决定书", d.document_number("no_penalty")), block,
            f"经查，{d.act_day()}，{d.say(person)}与{d.say(other)}因琐事发生争吵，{d.say(person)}推搡{d.say(other)}一下，"
            f"未造成伤害，事后主动赔礼道歉并取得谅解。",
            f"鉴于{d.say(person)}的违法行为{reason[1]}，根据{reason[0]}之规定，决定{d.kept('不予行政处罚')}。",
            d.remedy(), d.signature()]


def _foreigner(d: _Draft) -> list[str]:
    rng = d.rng
    foreigner, country, passport = d.foreigner()
    if rng.random() < 0.5:
        # the foreigner is punished: illegal stay
        d.punished, d.punished_is_foreign = foreigner, True
        birth = date(rng.randint(1965, 2000), rng.randint(1, 12), rng.randint(1, 28))
        d.fields.update(party_kind="person", party_name=foreigner.latin, party_id_number=None, party_birth=birth,
                        org_code=None, org_address=None)
        d.tags.add("birth_from_text")
        address, detail = _home_address(rng, d.city, d.district)
        d.go.append(("address", detail))
        block = (f"违法行为人：{d.say(foreigner)}（{foreigner.latin}），{foreigner.sex}，{birth.year}年{birth.month}月{birth.day}日出生，"
                 f"国籍：{country}，护照号码：{passport}，现住{address}。")
        days = rng.randint(3, 40)
        fine = min(days * 500, 10000)
        sanction = d.kept(rng.choice((f"警告并处罚款{cn_number(fine)}元", f"罚款{cn_number(fine)}元")))
        if "警告" in sanction:
            d.tags.add("warning_plus_fine")
        d.fields["sanction"] = sanction
        quote = rng.random() < 0.5
        if quote:
            d.tags.add("legal_citation_quote")
        law_text = "“外国人非法居留的，给予警告；情节严重的，处每非法居留一日五百元，总额不超过一万元的罚款”" if quote else ""
        return [d.header(d.agency("city"), "行政处罚决定书", d.document_number("general")), block,
                f"经查，{foreigner.latin}于{rng.randint(2018, 2023)}年持{rng.choice(('旅游', '商务', '学习'))}签证入境，签证有效期届满后"
                f"未办理延期手续，至{d.act_day()}被民警查获，非法居留{days}日。",
                f"依据{d.citation(LAW_EXIT_ENTRY, '第七十八条第二款')}{law_text}之规定，决定对{d.say(foreigner)}处以{sanction}。",
                d.fine_payment(), d.remedy(), d.signature()]
    person, block = d.punish_person()
    d.tags.add("victim_unlabelled")
    days = rng.choice((5, 7))
    sanction = d.sanction(days, rng.choice((200, 500)))
    return [d.header(d.agency(), "行政处罚决定书", d.document_number("general")), block,
            f"经查，{d.act_day()}晚，{d.say(person)}在{_shop(d, '酒吧')}内因琐事与外籍人员{foreigner.latin}（{country}籍，"
            f"护照号码{passport}，中文名{d.say(foreigner)}）发生争执，并殴打{foreigner.latin}致其轻微伤。",
            d.evidence(d.say(person), [foreigner.latin]),
            d.decide(d.citation(LAW_SECURITY, "第四十三条第一款"), d.say(person), sanction),
            d.detention(days), d.fine_payment(), d.remedy(), d.signature()]


def _cross_strait(d: _Draft) -> list[str]:
    rng = d.rng
    person, block = d.punish_person()
    victim, witness = d.person(), d.person()
    hk_permit = f"{rng.choice('HM')}{rng.randint(10000000, 99999999)}"
    mainland_hk = f"C{rng.choice(('', 'E', 'K'))}{rng.randint(1000000, 9999999)}{'' if rng.random() < 0.5 else rng.randint(0, 9)}"
    taiwan_mainland = f"L{rng.randint(10000000, 99999999)}"
    compatriot = f"{rng.randint(10000000, 99999999)}"
    d.tags |= {"hk_macao_permit", "taiwan_permit", "taiwan_compatriot_permit"}
    d.go += [("hk_macao_permit", hk_permit), ("hk_macao_permit", mainland_hk), ("taiwan_permit", taiwan_mainland),
             ("taiwan_compatriot_permit", compatriot)]
    facts = (f"经查，{d.act_day()}，{d.say(person)}（持往来港澳通行证，证件号码：{mainland_hk}；大陆居民往来台湾通行证号码"
             f"{taiwan_mainland}）在{_shop(d, '宾馆')}大堂内，盗窃香港居民{d.say(victim)}（港澳居民来往内地通行证号码：{hk_permit}）"
             f"的行李箱一个。台湾居民{d.say(witness)}（台湾居民来往大陆通行证号码：{compatriot}）目睹经过并报警。")
    days = rng.choice((5, 7, 10))
    sanction = d.sanction(days, rng.choice((0, 300)))
    return [d.header(d.agency(), "行政处罚决定书", d.document_number("general")), block, facts,
            d.evidence(d.say(person), [d.say(victim)], [d.say(witness)]),
            d.decide(d.citation(LAW_SECURITY, "第四十九条"), d.say(person), sanction),
            d.detention(days), d.fine_payment() if "并处" in sanction or "罚款" in sanction else "", d.remedy(), d.signature()]


def _rumour(d: _Draft) -> list[str]:
    rng = d.rng
    person, block = d.punish_person()
    named = d.person()
    ip, wechat = _ip(rng), _wechat(rng)
    d.tags |= {"ip_address", "fraud_im", "name_in_quotes"}
    group = rng.choice(("业主交流群", "老乡群", "同城信息群", "家长群"))
    facts = (f"经查，{d.act_day()}，{d.say(person)}使用微信号{d.gone('wechat', wechat)}，通过IP地址为{d.gone('ip', ip, ip)}的网络终端，"
             f"在微信群“{d.kept(d.city + group)}”内发布“{d.city}{rng.choice(STREETS)}发生持刀伤人事件，凶手{d.say(named)}仍在逃”"
             f"的虚假信息，被转发{rng.randint(20, 900)}次，造成恶劣影响。")
    days = rng.choice((3, 5, 7))
    sanction = d.sanction(days, 0)
    return [d.header(d.agency(), "行政处罚决定书", d.document_number("general")), block, facts,
            d.evidence(d.say(person), [], [], "电子数据检查笔录、网页截图"),
            d.decide(d.citation(LAW_SECURITY, "第二十五条第一项"), d.say(person), sanction),
            d.detention(days), d.remedy(), d.signature()]


def _hotel(d: _Draft) -> list[str]:
    rng = d.rng
    org, block = d.punish_org(rng.choice(("酒店管理", "宾馆", "旅馆")))
    guests = [d.person() for _ in range(2)]
    minor_guest = d.person()
    d.tags |= {"org_admits_minors", "business_name"}
    facts = (f"经查，{d.act_day()}，{org}经营的{_shop(d, '快捷酒店')}未按规定登记住宿旅客{d.say(guests[0])}、{d.say(guests[1])}"
             f"的身份信息，且接待未成年人{d.say(minor_guest)}入住时未询问其父母或者其他监护人的联系方式。")
    fine = rng.choice((10000, 20000, 30000))
    sanction = d.kept(f"罚款{cn_number(fine)}元")
    d.fields["sanction"] = sanction
    return [d.header(d.agency(), "行政处罚决定书", d.document_number("general")), block, facts,
            "以上事实有现场检查笔录、旅客登记信息系统记录、视听资料等证据证实。",
            f"依据{d.citation(LAW_MINORS, '第一百二十二条')}之规定，决定对{org}处以{sanction}。",
            d.fine_payment(), d.remedy(), d.signature()]


def _classified(d: _Draft) -> list[str]:
    """A decision whose header carries a classification mark: withheld, whatever the narrative says."""
    rng = d.rng
    mark = rng.choice(("秘密★1年", "秘密★一年", "机密★5年", "机密★十年", "绝密★长期", "绝密"))
    base = rng.choice((_theft, _gambling, _rumour, _fight_relatives))
    parts = base(d)
    d.tags.add("classification_mark")
    d.withhold, d.why = "secret", f"文件首部标注密级“{mark}”"
    parts[0] = f"{mark}\n" + parts[0]
    return parts


def _common_words(d: _Draft) -> list[str]:
    """Ordinary phrases that hold name-like words (高峰, 黎明, 金鑫, 向阳): they must stay."""
    rng = d.rng
    person, block = d.punish_person()
    victim = d.person()
    d.station = "向阳路派出所"
    phrase = rng.choice(("次日黎明时分", "正值晚高峰时段"))
    facts = (f"经查，{d.act_day()}，{d.say(person)}在{d.kept('金鑫珠宝店')}内以调包手段骗取店员{d.say(victim)}金项链一条，"
             f"价值人民币{rng.randint(3, 9)}000元，{d.kept(phrase)}被{d.kept(d.station)}民警在{d.kept('蓝天白云游乐场')}附近抓获。")
    d.tags.add("business_name")
    days = rng.choice((7, 10))
    sanction = d.sanction(days, 500)
    return [d.header(d.agency(), "行政处罚决定书", d.document_number("general")), block, facts,
            d.evidence(d.say(person), [d.say(victim)]),
            d.decide(d.citation(LAW_SECURITY, "第四十九条"), d.say(person), sanction),
            d.detention(days), d.fine_payment(), d.remedy(), d.signature()]


SCENARIOS = (
    ("theft", _theft), ("pickpocket", _pickpocket), ("trade_secret", _trade_secret), ("internet_cafe", _internet_cafe),
    ("sells_to_minors", _sells_to_minors), ("adult_harms_minor", _adult_harms_minor),
    ("minor_16", lambda d: _punished_minor(d, "minor_16")), ("minor_17", lambda d: _punished_minor(d, "minor_17")),
    ("minor_day_short_of_18", lambda d: _punished_minor(d, "minor_day_short_of_18")),
    ("exactly_18", lambda d: _punished_minor(d, "exactly_18")),
    ("minor_at_act_adult_at_decision", lambda d: _punished_minor(d, "minor_at_act_adult_at_decision")),
    ("gambling", _gambling), ("fraud", _fraud), ("fight_relatives", _fight_relatives), ("traffic", _traffic),
    ("fake_plate", _fake_plate), ("traffic_on_the_spot", _traffic_on_the_spot), ("on_the_spot", _on_the_spot),
    ("warning_only", _warning_only), ("no_penalty", _no_penalty), ("foreigner", _foreigner),
    ("cross_strait", _cross_strait), ("rumour", _rumour), ("hotel", _hotel), ("classified", _classified),
    ("common_words", _common_words), ("theft", _theft), ("gambling", _gambling), ("fraud", _fraud),
    ("fight_relatives", _fight_relatives),
)


def generate(seed: int = 20261206, n: int = 360) -> list[Case]:
    """`n` decisions, scenario by scenario in a fixed rotation, each worded by its own seeded generator."""
    cases = []
    for index in range(n):
        name, scenario = SCENARIOS[index % len(SCENARIOS)]
        for attempt in range(100):
            draft = _Draft(random.Random(f"{seed}:{index}:{attempt}"), index)
            try:
                parts = scenario(draft)
                cases.append(draft.finish(f"{seed}-{index:04d}-{name}", parts))
                break
            except _Retry:
                continue
        else:
            raise RuntimeError(f"case {index} ({name}) could not be drawn")
    return cases
