"""Realistic public-security 行政处罚决定书 for the demo city, with every piece of planted personal data listed.

The layout follows 公安机关办理行政案件程序规定 第一百七十五条 (party, facts and evidence, legal basis,
penalty, way and time limit of enforcement, remedies, organ and date). Identity numbers, phones, bank
cards, plates and addresses come in the formats clerks actually type (grouped, hyphenated,
full-width, +86, lower-case x), so the redaction review sees what it will see in real files.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from gongkai.core.identifiers import id_check_char
from gongkai.core.text import HALF_WIDTH

DISTRICTS = (("城东分局", "东", "城东区", ("人民路", "建设东路", "文化路", "东风大道")),
             ("城西分局", "西", "城西区", ("中原路", "桐柏路", "西环路", "棉纺路")),
             ("高新区分局", "高", "高新区", ("科学大道", "长椿路", "翠竹街", "合欢街")))
STATIONS = ("人民路派出所", "文化路派出所", "中原路派出所", "科学大道派出所", "东风派出所", "桐柏派出所")
COMMUNITIES = ("阳光花园", "金色家园", "翠竹小区", "锦绣华庭", "清风苑", "名都公寓", "幸福里")
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔"
COMPOUND = ("欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "慕容", "令狐")
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛超秀霞刚桂英华玉兰萍红建文辉力明永健春梅琳燕飞鹏宇浩凯晨欣怡佳雪婷颖倩峰斌波宁亮鑫龙海坤博晓俊思梓涵轩睿琪嘉瑶"
AREA_CODES = ("410102", "410103", "410104", "410105", "410122", "410181", "410182", "411302")
FULL_WIDTH = {half: full for full, half in HALF_WIDTH.items() if half != 0x20}  # the demo types some codes full-width

OFFENCES = (  # (legal basis, offence words, facts template, penalties)
    ("《中华人民共和国治安管理处罚法》第四十三条第一款", "殴打他人",
     "因琐事与被侵害人{victim}发生口角，继而用拳头殴打{victim}头部，致{victim}面部软组织挫伤",
     (("行政拘留五日", "并处罚款二百元"), ("行政拘留七日",), ("罚款五百元",))),
    ("《中华人民共和国治安管理处罚法》第二十六条第（四）项", "寻衅滋事",
     "酒后在公共场所无故滋事，任意损毁{victim}经营的店铺玻璃门",
     (("行政拘留十日", "并处罚款五百元"), ("行政拘留五日",))),
    ("《中华人民共和国治安管理处罚法》第四十九条", "盗窃",
     "趁被侵害人{victim}不备，窃取其放在柜台上的手机一部（经认定价值人民币一千二百元）",
     (("行政拘留十日",), ("行政拘留五日", "并处罚款五百元"))),
    ("《中华人民共和国治安管理处罚法》第二十三条第一款第（一）项", "扰乱单位秩序",
     "在{place}大厅内大声吵闹、辱骂工作人员，经民警劝阻拒不改正，致使该单位工作不能正常进行",
     (("警告",), ("罚款二百元",), ("行政拘留五日",))),
    ("《中华人民共和国治安管理处罚法》第四十二条第（一）项", "威胁他人人身安全",
     "多次通过手机短信向被侵害人{victim}发送恐吓信息，威胁其人身安全",
     (("行政拘留五日",), ("罚款五百元",))),
    ("《中华人民共和国道路交通安全法》第九十一条第一款", "饮酒后驾驶机动车",
     "饮酒后驾驶小型轿车行驶至{road}与{road2}交叉口时被执勤民警查获，经呼气酒精含量检测，结果为32mg/100ml",
     (("暂扣机动车驾驶证六个月", "并处罚款一千元"),)),
    ("《中华人民共和国治安管理处罚法》第七十条", "赌博",
     "在{place}内以“斗地主”方式赌博，每局输赢人民币五十元",
     (("行政拘留五日", "并处罚款五百元"), ("罚款三百元",))),
)
ORG_OFFENCES = (
    ("《互联网上网服务营业场所管理条例》第三十一条第（二）项", "未按规定核对、登记上网消费者有效身份证件",
     (("警告", "罚款一万元"), ("罚款五千元",))),
    ("《旅馆业治安管理办法》第十五条", "未按规定登记住宿旅客信息",
     (("罚款三千元",), ("警告",))),
)
PLACES = ("人民路政务服务中心", "市第一人民医院门诊楼", "城东区人民法院诉讼服务中心", "某某快捷酒店大堂", "翠竹街菜市场")


@dataclass
class DemoDocument:
    """A generated decision: its text, structured fields, and the personal data that must never be public."""

    text: str
    document_number: str
    decided_on: dt.date
    act_on: dt.date
    district_unit: str
    procedure: str = "ordinary"
    penalties: list = field(default_factory=list)
    parties: list = field(default_factory=list)
    planted: list = field(default_factory=list)  # (kind, value) that must not appear on any public page
    flags: dict = field(default_factory=dict)
    organisation: bool = False


def _full_width(value: str) -> str:
    return value.translate(FULL_WIDTH)


def make_id(rng: random.Random, birth: dt.date) -> str:
    body = rng.choice(AREA_CODES) + birth.strftime("%Y%m%d") + f"{rng.randrange(1000):03d}"
    return body + id_check_char(body)


def format_id(rng: random.Random, number: str) -> str:
    style = rng.randrange(6)
    if style == 1:
        return " ".join(number[i:i + 4] for i in range(0, 18, 4))
    if style == 2:
        return f"{number[:6]}-{number[6:14]}-{number[14:]}"
    if style == 3:
        return _full_width(number)
    if style == 4:
        return number.lower()
    return number


def make_mobile(rng: random.Random) -> str:
    digits = "1" + rng.choice("3589") + "".join(rng.choice("0123456789") for _ in range(9))
    return rng.choice((digits, f"+86 {digits}", f"{digits[:3]} {digits[3:7]} {digits[7:]}", _full_width(digits),
                       f"{digits[:3]}-{digits[3:7]}-{digits[7:]}"))


def make_landline(rng: random.Random) -> str:
    number = rng.choice("2345678") + "".join(rng.choice("0123456789") for _ in range(7))
    return rng.choice((f"0371-{number}", f"（0371）{number}", f"0371 {number}", f"0371-{number}转{rng.randrange(100, 999)}"))


def make_name(rng: random.Random, used: set[str]) -> str:
    while True:
        surname = rng.choice(COMPOUND) if rng.random() < 0.1 else rng.choice(SURNAMES)
        name = surname + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))
        if name not in used and not any(name in u or u in name for u in used):
            used.add(name)
            return name


def make_address(rng: random.Random, district: str, roads) -> tuple[str, str]:
    detail = f"{rng.choice(roads)}{rng.randrange(1, 300)}号"
    if rng.random() < 0.6:
        detail += f"{rng.choice(COMMUNITIES)}{rng.randrange(1, 30)}号楼{rng.randrange(1, 6)}单元{rng.randrange(101, 2999)}室"
    return rng.choice(("河南省示范市", "示范市", "")) + district + detail, detail


def chinese_date(day: dt.date) -> str:
    digits = "〇一二三四五六七八九"

    def small(n: int) -> str:
        if n < 10:
            return digits[n]
        return ("" if n < 20 else digits[n // 10]) + "十" + (digits[n % 10] if n % 10 else "")

    return "".join(digits[int(c)] for c in str(day.year)) + f"年{small(day.month)}月{small(day.day)}日"


def make_document(rng: random.Random, decided_on: dt.date, *, sequence: int, minor: bool = False,
                  on_the_spot_warning: bool = False, secret: bool = False, organisation: bool = False,
                  number: str | None = None, punished_name: str | None = None) -> DemoDocument:
    unit, short, district, roads = rng.choice(DISTRICTS)
    bureau = f"示范市公安局{unit}"
    act_on = decided_on - dt.timedelta(days=rng.randrange(2, 20))
    number = number or f"示公{short}（治）行罚决字〔{decided_on.year}〕{sequence}号"
    remedy = ("如不服本决定，可以在收到本决定书之日起六十日内向示范市公安局或者示范市" + district +
              "人民政府申请行政复议，或者在六个月内依法向示范市" + district + "人民法院提起行政诉讼。")
    used: set[str] = set()
    planted: list[tuple[str, str]] = []
    if organisation:
        return _organisation_document(rng, decided_on, act_on, number, bureau, district, roads, remedy, used, unit)

    punished = punished_name or make_name(rng, used)
    used.add(punished)
    victim, witness, reporter = make_name(rng, used), make_name(rng, used), make_name(rng, used)
    birth = (dt.date(act_on.year - 16, rng.randrange(1, 13), rng.randrange(1, 28)) if minor
             else dt.date(rng.randrange(1965, 2004), rng.randrange(1, 13), rng.randrange(1, 28)))
    id_number = make_id(rng, birth)
    id_text = format_id(rng, id_number)
    home, home_detail = make_address(rng, district, roads)
    mobile = make_mobile(rng)
    planted += [("name", punished), ("name", victim), ("name", witness), ("name", reporter),
                ("id_number", id_text), ("address", home_detail), ("phone", mobile)]
    sex = rng.choice(("男", "女"))
    birth_text = rng.choice((f"{birth.year}年{birth.month}月{birth.day}日出生", f"出生日期：{birth.isoformat()}"))
    planted.append(("birth_date", birth_text.replace("出生日期：", "").replace("出生", "")))
    label = rng.choice(("违法行为人", "被处罚人"))
    party = (f"{label}{punished}，{sex}，{birth_text}，身份证号码：{id_text}，"
             f"{rng.choice(('户籍地：', '住址：', '现住'))}{home}，{rng.choice(('联系电话：', '手机号码', '联系方式：'))}{mobile}。")
    if rng.random() < 0.3:
        landline = make_landline(rng)
        party = party[:-1] + f"，座机{landline}。"
        planted.append(("phone", landline))

    basis, offence, facts_template, penalty_options = rng.choice(OFFENCES)
    penalties = list(rng.choice(penalty_options))
    if on_the_spot_warning:
        basis, offence = OFFENCES[3][0], OFFENCES[3][1]
        facts_template, penalties = OFFENCES[3][2], ["警告"]
    road, road2 = rng.sample(roads, 2)
    place = rng.choice(PLACES)
    facts = [f"{act_on.year}年{act_on.month}月{act_on.day}日{rng.randrange(0, 24)}时许，{punished}在{district}{road}"
             f"{rng.randrange(1, 200)}号附近，" + facts_template.format(victim=victim, road=road, road2=road2, place=place) + "。"]
    if "驾驶" in offence or rng.random() < 0.25:
        plate = rng.choice((f"豫A{rng.randrange(10000, 99999)}", f"豫A·{rng.choice('DF')}{rng.randrange(10000, 99999)}",
                            f"豫A {rng.choice('BCDEFGH')}{rng.randrange(1000, 9999)}"))
        planted.append(("plate", plate))
        facts.append(f"{punished}驾驶的车辆号牌为{plate}。")
    if rng.random() < 0.3:
        card = "62" + "".join(rng.choice("0123456789") for _ in range(17))
        shown = " ".join(card[i:i + 4] for i in range(0, len(card), 4)) if rng.random() < 0.5 else card
        planted.append(("bank_account", shown))
        facts.append(f"被侵害人{victim}称其银行卡号{shown}的账户曾收到{punished}转账。")
    if rng.random() < 0.4:
        victim_home, victim_detail = make_address(rng, district, roads)
        victim_phone = make_mobile(rng)
        planted += [("address", victim_detail), ("phone", victim_phone)]
        facts.append(f"被侵害人{victim}（家住{victim_home}，联系电话{victim_phone}）于当日到{rng.choice(STATIONS)}报案。")
    facts.append(f"报案人{reporter}拨打110报警，证人{witness}证实了上述经过。")
    evidence = (f"以上事实有{punished}的陈述和申辩、被侵害人{victim}的陈述、证人{witness}的证人证言、"
                f"现场监控视频、到案经过等证据证实。")
    penalty_text = "，".join(penalties)
    decision = f"根据{basis}之规定，现决定对{punished}处{penalty_text}。"
    if on_the_spot_warning:
        execution = "本决定依照简易程序当场作出，当场宣读执行。"
        title = "当场处罚决定书"
    elif penalties == ["警告"]:
        execution = "执行方式和期限：当场宣读执行。"
        title = "行政处罚决定书"
    else:
        execution = ("执行方式和期限：" + ("送示范市拘留所执行；" if "拘留" in penalty_text else "") +
                     ("罚款于收到本决定书之日起十五日内缴至指定银行，逾期不缴纳的，每日按罚款数额的百分之三加处罚款。"
                      if "罚款" in penalty_text else "依法执行。"))
        title = "行政处罚决定书"
    header = f"{bureau}\n{title}\n{number}"
    if secret:
        header = "警务工作秘密★1年\n" + header
    text = "\n".join((header, party, "现查明：" + "".join(facts), evidence, decision, execution, remedy, "",
                      bureau, rng.choice((chinese_date(decided_on), f"{decided_on.year}年{decided_on.month}月{decided_on.day}日")), ""))
    parties = [{"role": "punished", "name": punished, "id_number": id_number, "birth_date": birth.isoformat(), "kind": "natural"},
               {"role": "victim", "name": victim, "id_number": "", "birth_date": "", "kind": "natural"},
               {"role": "witness", "name": witness, "id_number": "", "birth_date": "", "kind": "natural"},
               {"role": "other", "name": reporter, "id_number": "", "birth_date": "", "kind": "natural"}]
    return DemoDocument(text, number, decided_on, act_on, unit, "simple" if on_the_spot_warning else "ordinary",
                        penalties, parties, planted, {"secret": secret})


def _organisation_document(rng, decided_on, act_on, number, bureau, district, roads, remedy, used, unit) -> DemoDocument:
    legal_rep, staff = make_name(rng, used), make_name(rng, used)
    company = rng.choice(("示范市畅游网络服务有限公司", "示范市悦来宾馆有限公司", "示范市星辰网吧", "示范市如家商务酒店有限公司"))
    address = f"示范市{district}{rng.choice(roads)}{rng.randrange(1, 300)}号"  # a business address is public
    mobile = make_mobile(rng)
    basis, offence, penalty_options = rng.choice(ORG_OFFENCES)
    penalties = list(rng.choice(penalty_options))
    text = "\n".join((
        f"{bureau}", "行政处罚决定书", number,
        f"被处罚单位：{company}，统一社会信用代码91410100MA4{rng.randrange(10000, 99999)}X{rng.randrange(0, 9)}，"
        f"住所地{address}，法定代表人{legal_rep}，联系电话：{mobile}。",
        f"现查明：{act_on.year}年{act_on.month}月{act_on.day}日，民警在检查中发现{company}{offence}，"
        f"当班工作人员{staff}对上述事实供认不讳。",
        "以上事实有现场检查笔录、视听资料、当事人陈述等证据证实。",
        f"根据{basis}之规定，现决定对{company}处{'，'.join(penalties)}。",
        "执行方式和期限：罚款于收到本决定书之日起十五日内缴至指定银行，逾期不缴纳的，每日按罚款数额的百分之三加处罚款。",
        remedy, "", bureau, chinese_date(decided_on), ""))
    parties = [{"role": "punished", "name": company, "id_number": "", "birth_date": "", "kind": "organisation"},
               {"role": "other", "name": legal_rep, "id_number": "", "birth_date": "", "kind": "natural"},
               {"role": "witness", "name": staff, "id_number": "", "birth_date": "", "kind": "natural"}]
    planted = [("name", legal_rep), ("name", staff), ("phone", mobile)]
    return DemoDocument(text, number, decided_on, act_on, unit, "ordinary", penalties, parties, planted, {},
                        organisation=True)


def make_review_decision(rng: random.Random, decided_on: dt.date, sequence: int, revoked_number: str) -> DemoDocument:
    """A 行政复议决定书 of the city bureau revoking a district decision (the demo's withdrawal reason)."""
    used: set[str] = set()
    applicant = make_name(rng, used)
    birth = dt.date(rng.randrange(1970, 2000), rng.randrange(1, 13), rng.randrange(1, 28))
    id_number = make_id(rng, birth)
    home, home_detail = make_address(rng, "城东区", DISTRICTS[0][3])
    number = f"示公复决字〔{decided_on.year}〕{sequence}号"
    text = "\n".join((
        "示范市公安局", "行政复议决定书", number,
        f"申请人：{applicant}，男，身份证号码{id_number}，住址：{home}。",
        "被申请人：示范市公安局城东分局。",
        f"申请人不服被申请人作出的{revoked_number}行政处罚决定，向本机关申请行政复议，本机关依法已予受理。",
        "经审理查明：被申请人作出处罚决定时认定事实不清、证据不足。",
        f"根据《中华人民共和国行政复议法》第六十四条第一款之规定，本机关决定：撤销被申请人作出的{revoked_number}行政处罚决定。",
        "申请人如不服本决定，可以自收到本决定书之日起十五日内向示范市城东区人民法院提起行政诉讼。", "",
        "示范市公安局", chinese_date(decided_on), ""))
    parties = [{"role": "punished", "name": applicant, "id_number": id_number, "birth_date": birth.isoformat(), "kind": "natural"}]
    planted = [("name", applicant), ("id_number", id_number), ("address", home_detail)]
    return DemoDocument(text, number, decided_on, decided_on, "法制支队", "ordinary", [], parties, planted)
