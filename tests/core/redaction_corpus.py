"""Generate realistic public-security 行政处罚决定书 with planted personal data, for redaction tests and timing."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from gongkai.core.identifiers import id_check_char

# city, plate prefix, 文号 abbreviation, districts, roads, area code
CITIES = (
    ("江苏省", "淮安市", "苏H", "淮", ("清江浦区", "淮阴区", "淮安区", "洪泽区"), ("健康西路", "淮海南路", "长江东路", "翔宇大道"), "0517"),
    ("江苏省", "南京市", "苏A", "宁", ("玄武区", "秦淮区", "鼓楼区", "江宁区"), ("中山路", "汉中路", "龙蟠中路", "双龙大道"), "025"),
    ("广东省", "广州市", "粤A", "穗", ("天河区", "越秀区", "海珠区", "白云区"), ("天河路", "环市东路", "江南大道", "广园中路"), "020"),
    ("浙江省", "杭州市", "浙A", "杭", ("上城区", "拱墅区", "西湖区", "滨江区"), ("延安路", "文三路", "江南大道", "莫干山路"), "0571"),
    ("四川省", "成都市", "川A", "成", ("锦江区", "青羊区", "武侯区", "成华区"), ("人民南路", "蜀都大道", "红星路", "一环路"), "028"),
    ("湖北省", "武汉市", "鄂A", "汉", ("江岸区", "武昌区", "洪山区", "江汉区"), ("解放大道", "中山大道", "珞喻路", "友谊大道"), "027"),
)
STREETS = ("幸福", "和平", "建设", "光明", "友谊", "人民", "新华", "胜利", "朝阳", "文化")
COMMUNITIES = ("阳光花园", "金色家园", "翠竹小区", "锦绣华庭", "清风苑", "名都公寓")

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔"
COMPOUND = ("欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐", "夏侯")
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛超秀霞刚桂英华玉兰萍红建文辉力明永健春梅琳燕飞鹏宇浩凯晨欣怡佳雪婷颖倩峰斌波宁亮鑫龙海坤博晓俊思梓涵轩睿琪嘉瑶"

LEGAL_BASES = (
    ("《中华人民共和国治安管理处罚法》第四十三条第一款", "殴打他人"),
    ("《中华人民共和国治安管理处罚法》第二十六条第（四）项", "寻衅滋事"),
    ("《中华人民共和国治安管理处罚法》第四十九条", "盗窃"),
    ("《中华人民共和国治安管理处罚法》第二十三条第一款第（一）项", "扰乱单位秩序"),
    ("《中华人民共和国治安管理处罚法》第四十二条第（一）项", "威胁他人人身安全"),
)
PENALTIES = ("行政拘留五日，并处罚款二百元", "行政拘留十日，并处罚款五百元", "罚款五百元", "行政拘留七日")
WARNING_ONLY = "警告"
AREA_CODES = ("320802", "320104", "440106", "330106", "510104", "420102", "110105", "310101")
FULL_WIDTH = {code: code + 0xFEE0 for code in range(0x21, 0x7F)}


@dataclass
class Document:
    """One generated decision, what was planted in it, and what must survive."""

    text: str
    punished: list[str]
    others: list[str]
    planted: list[tuple[str, str]] = field(default_factory=list)
    protected: list[str] = field(default_factory=list)
    act_date: date | None = None
    birth_date: date | None = None
    structured: bool = True  # False: the test passes no names, the engine must find them in the text


def to_full_width(value: str) -> str:
    return value.translate(FULL_WIDTH)


def make_id(rng: random.Random, birth: date, *, want_x: bool = False) -> str:
    """A checksum-valid 18-digit 居民身份证号码 (retrying the sequence until the check char is X if asked)."""
    for _ in range(200):
        body = rng.choice(AREA_CODES) + birth.strftime("%Y%m%d") + f"{rng.randrange(1000):03d}"
        check = id_check_char(body)
        if not want_x or check == "X":
            return body + check
    return body + check


def format_id(rng: random.Random, number: str) -> str:
    """The same number as clerks type it: grouped, hyphenated, full-width or with a lower-case x."""
    style = rng.randrange(6)
    if style == 1:
        number = " ".join(number[i:i + 4] for i in range(0, 18, 4))
    elif style == 2:
        number = f"{number[:6]}-{number[6:14]}-{number[14:]}"
    elif style == 3:
        number = to_full_width(number)
    elif style == 4:
        number = number.lower()
    elif style == 5:
        number = f"{number[:6]} {number[6:14]} {number[14:]}"
    return number


def make_mobile(rng: random.Random) -> str:
    digits = "1" + rng.choice("3456789") + "".join(rng.choice("0123456789") for _ in range(9))
    style = rng.randrange(6)
    if style == 1:
        return "+86 " + digits
    if style == 2:
        return f"+86-{digits[:3]}-{digits[3:7]}-{digits[7:]}"
    if style == 3:
        return f"{digits[:3]} {digits[3:7]} {digits[7:]}"
    if style == 4:
        return to_full_width(digits)
    return digits


def make_landline(rng: random.Random, area: str) -> str:
    number = rng.choice("2345678") + "".join(rng.choice("0123456789") for _ in range(7))
    style = rng.randrange(5)
    if style == 1:
        return f"（{area}）{number}"
    if style == 2:
        return f"{area}-{number}转{rng.randrange(100, 9999)}"
    if style == 3:
        return f"{area} {number}"
    return f"{area}-{number}"


def make_bank_card(rng: random.Random) -> str:
    digits = "62" + "".join(rng.choice("0123456789") for _ in range(rng.choice((14, 15, 17))))
    if rng.random() < 0.5:
        return " ".join(digits[i:i + 4] for i in range(0, len(digits), 4))
    return digits


def make_plate(rng: random.Random, prefix: str) -> str:
    letters = "ABCDEFGHJKLMNPQRSTUVWXYZ"
    style = rng.randrange(5)
    if style == 0:
        return prefix + "".join(rng.choice("0123456789" + letters) for _ in range(5))
    if style == 1:
        return f"{prefix}·{rng.choice('DF')}{rng.randrange(10000, 99999)}"
    if style == 2:
        return f"{prefix} {rng.randrange(10000, 99999)}"
    if style == 3:
        return f"{prefix}{rng.randrange(1000, 9999)}学"
    return f"{prefix}·{rng.randrange(10000, 99999)}"


def make_email(rng: random.Random) -> str:
    user = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randrange(4, 9)))
    return f"{user}{rng.randrange(10, 999)}@{rng.choice(('163.com', 'qq.com', 'sina.cn', 'example.com.cn'))}"


def make_person_name(rng: random.Random, used: set[str], forbidden_text: str) -> str:
    while True:
        surname = rng.choice(COMPOUND) if rng.random() < 0.15 else rng.choice(SURNAMES)
        name = surname + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))
        if name not in used and name not in forbidden_text and not any(name in u or u in name for u in used):
            used.add(name)
            return name


def make_address(rng: random.Random, city) -> tuple[str, str]:
    """A home address and its detailed part (road and number), which must never survive."""
    province, city_name, _, _, districts, roads, _ = city
    road = rng.choice(roads + tuple(s + "路" for s in STREETS))
    detail = f"{road}{rng.randrange(1, 300)}号"
    if rng.random() < 0.5:
        detail += f"{rng.choice(COMMUNITIES)}{rng.randrange(1, 30)}栋{rng.randrange(1, 6)}单元{rng.randrange(101, 2999)}室"
    prefix = rng.choice((province + city_name, city_name, ""))
    return prefix + rng.choice(districts) + detail, detail


def format_birth(rng: random.Random, birth: date) -> tuple[str, str]:
    """(text as it appears, the planted value to search for)."""
    style = rng.randrange(4)
    if style == 0:
        value = f"{birth.year}年{birth.month}月{birth.day}日"
        return f"{value}出生", value
    if style == 1:
        value = birth.isoformat()
        return f"出生日期：{value}", value
    if style == 2:
        value = f"{birth.year}年{birth.month}月{birth.day}日"
        return f"生于{value}", value
    value = f"{birth.year}年{birth.month:02d}月{birth.day:02d}日"
    return f"出生于{value}", value


def chinese_date(day: date) -> str:
    digits = "〇一二三四五六七八九"

    def small(n: int) -> str:
        if n < 10:
            return digits[n]
        return ("" if n < 20 else digits[n // 10]) + "十" + (digits[n % 10] if n % 10 else "")

    return "".join(digits[int(c)] for c in str(day.year)) + f"年{small(day.month)}月{small(day.day)}日"


def make_document(rng: random.Random, *, minor: bool = False, on_the_spot: bool = False,
                  warning_only: bool = False, secret: bool = False) -> Document:
    city = rng.choice(CITIES)
    province, city_name, plate_prefix, abbreviation, districts, roads, area = city
    district = rng.choice(districts)
    bureau = f"{city_name}公安局{district[:-1]}分局"
    station = f"{city_name}公安局{district[:-1]}分局{rng.choice(roads)}派出所"
    year = rng.choice((2023, 2024))
    act = date(year, rng.randrange(1, 12), rng.randrange(1, 28))
    decided = act + timedelta(days=rng.randrange(3, 25))
    bracket = rng.choice((("〔", "〕"), ("[", "]"), ("（", "）")))
    file_number = f"{abbreviation}公{district[0]}（治）行罚决字{bracket[0]}{year}{bracket[1]}{rng.randrange(1, 9999):0{rng.choice((1, 4))}d}号"
    legal_basis, offence = rng.choice(LEGAL_BASES)
    penalty = WARNING_ONLY if warning_only else rng.choice(PENALTIES)
    court = f"{city_name}{district}人民法院"
    government = f"{city_name}{district}人民政府"
    review_bureau = f"{city_name}公安局"
    detention = f"{city_name}拘留所"
    bank_branch = f"中国农业银行{city_name[:-1]}分行"
    remedy = (f"如不服本决定，可以在收到本决定书之日起六十日内向{review_bureau}或者{government}申请行政复议，"
              f"或者在六个月内依法向{court}提起行政诉讼。")
    static = "".join((bureau, station, file_number, legal_basis, court, government, review_bureau, detention,
                      bank_branch, remedy, "中华人民共和国治安管理处罚法行政处罚决定书"))

    used: set[str] = set()
    punished = make_person_name(rng, used, static)
    victim = make_person_name(rng, used, static)
    witnesses = [make_person_name(rng, used, static) for _ in range(rng.choice((1, 2)))]
    reporter = make_person_name(rng, used, static)
    relative = make_person_name(rng, used, static)
    planted: list[tuple[str, str]] = [("name", n) for n in [punished, victim, reporter, relative, *witnesses]]

    if minor:
        birth = date(2008, rng.randrange(1, 13), rng.randrange(1, 28))
    else:
        birth = date(rng.randrange(1960, 2004), rng.randrange(1, 13), rng.randrange(1, 28))
    raw_id = make_id(rng, birth, want_x=rng.random() < 0.3)
    id_text = format_id(rng, raw_id)
    birth_text, birth_value = format_birth(rng, birth)
    home, home_detail = make_address(rng, city)
    residence, residence_detail = make_address(rng, city)
    mobile = make_mobile(rng)
    landline = make_landline(rng, area)
    planted += [("id_number", id_text), ("birth_date", birth_value), ("address", home), ("address", home_detail),
                ("address", residence), ("address", residence_detail), ("phone", mobile), ("phone", landline)]

    sex = rng.choice(("男", "女"))
    party_label = rng.choice(("违法行为人", "被处罚人", "违法行为人"))
    home_label = rng.choice(("户籍地：", "户籍所在地", "住址：", "户籍地址："))
    residence_label = rng.choice(("现住", "现住址：", "居住地：", "家住"))
    phone_label = rng.choice(("联系电话：", "联系方式：", "手机号码", "电话"))
    party_line = (f"{party_label}{punished}，{sex}，{birth_text}，身份证号码：{id_text}，{home_label}{home}，"
                  f"{residence_label}{residence}，{phone_label}{mobile}，座机{landline}。")
    if rng.random() < 0.3:
        email = make_email(rng)
        party_line = party_line[:-1] + f"，电子邮箱：{email}。"
        planted.append(("email", email))

    scene, scene_detail = make_address(rng, city)
    planted.append(("address", scene_detail))
    clock = f"{rng.randrange(0, 24)}时许"
    facts = [f"{act.year}年{act.month}月{act.day}日{clock}，{party_label}{punished}在{scene}，"
             f"因琐事与被侵害人{victim}发生纠纷，{punished}{offence}。"]
    if rng.random() < 0.6:
        plate = make_plate(rng, plate_prefix)
        planted.append(("plate", plate))
        facts.append(f"{punished}驾驶车牌号为{plate}的小型轿车离开现场。")
        if rng.random() < 0.5:
            licence = "".join(rng.choice("0123456789") for _ in range(12))
            planted.append(("certificate", licence))
            facts.append(f"经查，该车行驶证档案编号：{licence}，{punished}的驾驶证号{format_id(rng, raw_id)}。")
    if rng.random() < 0.5:
        card = make_bank_card(rng)
        label = rng.choice(("卡号", "银行账号：", "银行卡号为", "账户"))
        planted.append(("bank_account", card))
        facts.append(f"被侵害人{victim}称其{label}{card}的银行卡被转走人民币3000元。")
    if rng.random() < 0.4:
        deed = f"{plate_prefix[0]}({rng.randrange(2015, 2024)}){city_name}不动产权第{rng.randrange(1, 9999999):07d}号"
        planted.append(("certificate", deed))
        facts.append(f"{punished}名下房屋不动产权证号为{deed}。")
    if rng.random() < 0.4:
        victim_address, victim_detail = make_address(rng, city)
        victim_phone = make_mobile(rng)
        planted += [("address", victim_detail), ("phone", victim_phone)]
        facts.append(f"被侵害人{victim}（家住{victim_address}，联系电话{victim_phone}）到派出所报案。")
    relation = rng.choice(("其父", "其母", "其妻", "其兄"))
    facts.append(f"报案人{reporter}于当日拨打110报警，{relation}{relative}随后到场。")
    witness_list = "、".join(witnesses)
    facts.append(f"证人{witness_list}证实了上述经过。")
    if rng.random() < 0.3:
        short = rng.choice("2345678") + "".join(rng.choice("0123456789") for _ in range(7))
        planted.append(("phone", short))
        facts.append(f"证人{witnesses[0]}的联系电话：{short}。")

    evidence = (f"以上事实有{punished}的陈述和申辩、被侵害人{victim}的陈述、证人{witness_list}的证人证言、"
                f"现场监控视频、到案经过等证据证实。")
    basis = f"根据{legal_basis}之规定，现决定对{punished}处{penalty}。"
    if on_the_spot:
        procedure = "本决定依照简易程序当场作出。"
    else:
        procedure = f"执行方式和期限：送{detention}执行；罚款于收到本决定书之日起十五日内缴至{bank_branch}，逾期不缴纳的，每日按罚款数额的百分之三加处罚款。"
        if penalty == WARNING_ONLY:
            procedure = "执行方式和期限：当场宣读执行。"
    header = f"{bureau}\n行政处罚决定书\n{file_number}\n"
    if secret:
        header = "警务工作秘密★1年\n" + header
    text = "\n".join((header, party_line, "现查明：" + "".join(facts), evidence, basis, procedure, remedy,
                      "", f"{bureau}", chinese_date(decided), ""))

    protected = [bureau, file_number, legal_basis, remedy, court, government, review_bureau]
    if detention in text:
        protected += [detention, bank_branch]
    others = [victim, reporter, relative, *witnesses]
    return Document(text, [punished], others, planted, protected, act, birth, structured=rng.random() < 0.5)


def make_corpus(count: int = 240, seed: int = 20240305) -> list[Document]:
    """Mostly ordinary adult decisions; every tenth a minor, some on-the-spot warnings and secrets."""
    rng = random.Random(seed)
    documents = []
    for index in range(count):
        documents.append(make_document(
            rng,
            minor=index % 10 == 3,
            on_the_spot=index % 15 == 7,
            warning_only=index % 15 == 7,
            secret=index % 40 == 11,
        ))
    return documents
