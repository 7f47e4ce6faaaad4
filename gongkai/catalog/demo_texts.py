"""Demo wording for the demo bureau's directory: vocabulary and the templates that write items.

Kept apart from the loader so the loader reads as dates, units and numbers, and this file reads as
what a city public security bureau actually publishes (see the 2018 annual report in
/work/shared/domain): 警情通报, 交通管制通告, 放管服 guides, 许可 and 处罚 publicity, budgets.
Every template is a function `(rng, on, unit) -> Text` so the loader stays deterministic.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from html import escape

CITY = "示范市"
BUREAU = "示范市公安局"


@dataclass(frozen=True)
class Text:
    """One item's wording; `number_prefix` asks the loader for a 文号 such as 示公交〔2025〕3号."""

    title: str
    summary: str
    body: str
    keywords: str
    topic: str
    genre: str
    number_prefix: str = ""
    document_kind: str = ""


# ---------------------------------------------------------------- small HTML helpers (safe subset)

def paragraphs(*texts: str) -> str:
    return "".join(f"<p>{escape(text)}</p>" for text in texts if text)


def ordered(entries) -> str:
    return "<ol>" + "".join(f"<li>{escape(entry)}</li>" for entry in entries) + "</ol>"


def table(headers, rows) -> str:
    head = "".join(f"<th>{escape(str(cell))}</th>" for cell in headers)
    body = "".join("<tr>" + "".join(f"<td>{escape(str(cell))}</td>" for cell in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def cn_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def signature(unit: str, day: dt.date) -> str:
    return paragraphs(BUREAU if unit in ("办公室", "法制支队", "宣传处") else f"{BUREAU}{unit}", cn_date(day))


# ---------------------------------------------------------------- vocabulary

ROADS = ("人民路", "建设路", "中原大道", "解放路", "文化路", "迎宾大道", "经三路", "纬五路", "花园路", "农业路",
         "东风路", "黄河路", "嵩山路", "桐柏路", "航海路", "陇海路", "南三环", "北环路", "大学路", "工人路",
         "淮河路", "长江路", "科学大道", "商都路", "金桥路", "滨河东路", "体育路", "英才街")
DISTRICTS = ("城东区", "城西区", "高新区", "经开区", "老城区", "滨湖新区")
PLACES = ("某小区", "某商场", "某农贸市场", "某网吧", "某KTV", "某建筑工地", "某快递网点", "某宾馆", "某停车场", "某学校门口")
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
HOMETOWNS = ("本市", "河南省周口市", "安徽省阜阳市", "湖北省襄阳市", "山东省菏泽市", "河北省邯郸市", "四川省南充市")
COMPANIES = ("示范市顺达物流有限公司", "示范市快捷速递服务有限公司", "示范市鑫源道路运输有限公司", "示范市安居旅馆",
             "示范市金百合大酒店有限公司", "示范市星光娱乐有限公司", "示范市宏图建筑工程有限公司", "示范市天合化工有限公司",
             "示范市蓝天网络服务中心", "示范市速通货运代理有限公司", "示范市恒安保安服务有限公司", "示范市城南汽车维修厂",
             "示范市明珠宾馆", "示范市畅行电动车销售有限公司", "示范市红旗烟花爆竹经营部", "示范市中原印章刻制有限公司")
EVENTS = ("示范市国际马拉松赛", "示范国际园林博览会开幕式", "元宵节灯会", "示范市国际车展", "全市中考", "普通高考",
          "中秋国庆文艺晚会", "示范市职业篮球联赛", "新年跨年活动", "国际旅游文化节", "大型演唱会")
HOLIDAYS = ("元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节")
SCAMS = ("刷单返利", "冒充客服退款", "虚假投资理财", "冒充公检法", "网络贷款", "虚假征信修复", "冒充熟人领导",
         "游戏装备交易", "机票退改签")
CASES = ("盗窃电动自行车", "入室盗窃", "电信网络诈骗", "寻衅滋事", "聚众赌博", "醉酒驾驶", "故意伤害", "非法经营",
         "掩饰隐瞒犯罪所得", "扒窃")
CAMERA_SPOTS = ("路口", "人行横道", "公交站台", "学校路段", "隧道入口", "匝道口", "环岛")
CAMERA_CAPTURES = ("闯红灯", "不按导向车道行驶", "违法停车", "机动车不礼让行人", "超速行驶", "违法占用公交专用道",
                   "驾驶人未系安全带", "开车使用手机", "大货车违反禁令标志通行")


def pick(rng: random.Random, seq):
    return seq[rng.randrange(len(seq))]


def person(rng: random.Random) -> str:
    return f"{pick(rng, SURNAMES)}某"


def stretch(rng: random.Random) -> tuple[str, str, str]:
    road, a, b = rng.sample(ROADS, 3)
    return road, a, b


# ---------------------------------------------------------------- 警情通报

def weekly_bulletin(rng, on, unit):
    year, week = on.isocalendar()[:2]  # ISO weeks: 30 December may be week 1 of the next year
    calls = rng.randint(3800, 6200)
    criminal = rng.randint(160, 420)
    fraud = rng.randint(25, 120)
    accidents = rng.randint(900, 1600)
    change = rng.randint(3, 28)
    title = f"示范市公安局{year}年第{week}周全市警情通报"
    body = paragraphs(
        f"{year}年第{week}周，全市公安机关共接报各类警情{calls}起，其中刑事警情{criminal}起，同比下降{change}%；"
        f"电信网络诈骗警情{fraud}起；道路交通事故警情{accidents}起，未发生一次死亡3人以上的较大交通事故。",
        f"本周{pick(rng, CASES)}类警情相对集中，主要发生在{pick(rng, DISTRICTS)}、{pick(rng, DISTRICTS)}的"
        f"{pick(rng, PLACES)}周边。警方提示：请市民妥善保管个人财物，电动自行车请停放在有监控的车棚并加装防盗锁。",
        f"近期“{pick(rng, SCAMS)}”类诈骗高发。凡是要求转账到“安全账户”的都是诈骗，请及时拨打96110或110咨询。",
    )
    return Text(title, f"通报{year}年第{week}周全市接报警情、刑事警情、电信网络诈骗和交通事故情况。", body,
                "警情通报,电信网络诈骗,交通事故", "公安、安全、司法", "其他")


def case_bulletin(rng, on, unit):
    case = pick(rng, CASES)
    place = pick(rng, PLACES)
    district = pick(rng, DISTRICTS)
    who = person(rng)
    age = rng.randint(19, 58)
    title = f"{unit}关于{district}{place}一起{case}案件的警情通报"
    outcome = pick(rng, ("已被依法刑事拘留", "已被依法行政拘留十日并处罚款五百元", "已被依法采取刑事强制措施"))
    body = paragraphs(
        f"{on.month}月{on.day}日{rng.randint(0, 23)}时许，{unit}接群众报警称，{district}{place}发生一起{case}案件。"
        "接警后，民警迅速赶赴现场处置，经连续工作，于当日将违法犯罪嫌疑人抓获。",
        f"经查，违法犯罪嫌疑人{who}（男，{age}岁，{pick(rng, HOMETOWNS)}人）对其违法犯罪事实供认不讳。目前，{who}{outcome}，"
        "案件正在进一步办理中。",
        "感谢广大群众对公安工作的理解与支持。如有相关线索，请拨打110报警。",
    ) + signature(unit, on)
    return Text(title, f"通报{district}{place}{case}案件的处置情况和办理进展。", body,
                f"警情通报,{case}", "公安、安全、司法", "通告")


def fraud_warning(rng, on, unit):
    scam = pick(rng, SCAMS)
    title = f"关于防范“{scam}”类电信网络诈骗的警情提示（{on.month}月{on.day}日）"
    body = paragraphs(
        f"近期，我市发生多起“{scam}”类电信网络诈骗案件，涉案金额{rng.randint(3, 90)}万余元。骗子通常通过网络、电话"
        "与受害人取得联系，以高额回报、退款理赔等为诱饵，诱导受害人下载陌生APP、开启屏幕共享并转账。",
    ) + ordered((
        "不轻信陌生来电和短信，不点击陌生链接，不下载来历不明的APP；",
        "凡是要求“屏幕共享”“刷单返利”“转账到安全账户”的，都是诈骗；",
        "请安装“国家反诈中心”APP，遇到可疑情况及时拨打96110咨询或110报警。",
    )) + signature(unit, on)
    return Text(title, f"提示市民防范“{scam}”类电信网络诈骗。", body, f"电信网络诈骗,{scam},反诈",
                "公安、安全、司法", "通告")


def accident_bulletin(rng, on, unit):
    road = pick(rng, ROADS)
    title = f"关于{road}“{on.month}·{on.day}”道路交通事故的情况通报"
    body = paragraphs(
        f"{cn_date(on)}{rng.randint(6, 22)}时许，{road}与{pick(rng, ROADS)}交叉口发生一起小型客车与电动自行车相撞的"
        f"道路交通事故，造成{rng.randint(1, 3)}人受伤。伤者已送医救治，目前生命体征平稳。",
        f"经初步调查，小型客车驾驶人{person(rng)}涉嫌酒后驾驶，已被依法控制。事故原因正在进一步调查中。",
        "警方提醒：饮酒不开车，开车不饮酒；驾驶电动自行车请佩戴安全头盔。",
    ) + signature(unit, on)
    return Text(title, f"通报{road}一起道路交通事故的基本情况和调查进展。", body, "交通事故,酒后驾驶,安全头盔",
                "交通", "通告")


# ---------------------------------------------------------------- 交通管理

TRAFFIC_LAW = "根据《中华人民共和国道路交通安全法》第三十九条的规定"


def construction_closure(rng, on, unit):
    road, a, b = stretch(rng)
    start = on + dt.timedelta(days=rng.randint(3, 10))
    end = start + dt.timedelta(days=rng.randint(20, 180))
    works = pick(rng, ("地铁施工", "雨污管网改造", "道路提升改造", "桥梁维修加固", "燃气管道迁改", "快速路建设"))
    title = f"关于{road}（{a}至{b}段）{works}期间实施交通管制的通告"
    body = paragraphs(
        f"因{works}需要，{TRAFFIC_LAW}，决定自{cn_date(start)}起至{cn_date(end)}止，对{road}（{a}至{b}段）实施交通管制。"
        "现将有关事项通告如下：",
    ) + ordered((
        f"管制期间，{road}（{a}至{b}段）由东向西方向封闭施工，禁止机动车、非机动车通行；",
        f"过往车辆请绕行{a}、{pick(rng, ROADS)}或{b}；",
        "公交车辆按照公交企业公布的临时线路行驶；",
        "执行紧急任务的警车、消防车、救护车、工程救险车不受本通告限制；",
        "违反本通告规定的，由公安机关交通管理部门依法处理。",
    )) + paragraphs("特此通告。") + signature(unit, on)
    return Text(title, f"{road}（{a}至{b}段）因{works}自{cn_date(start)}起实施交通管制，公布绕行路线。", body,
                f"交通管制,道路封闭,{road},{works}", "交通", "通告", number_prefix="示公交")


def camera_notice(rng, on, unit):
    count = rng.randint(4, 12)
    rows = [(i + 1, f"{pick(rng, ROADS)}与{pick(rng, ROADS)}{pick(rng, CAMERA_SPOTS)}", pick(rng, CAMERA_CAPTURES))
            for i in range(count)]
    start = on + dt.timedelta(days=rng.randint(7, 15))
    title = f"关于{rows[0][1]}等{count}处道路交通技术监控设备（电子警察）启用的通告"
    body = paragraphs(
        f"为加强道路交通管理，预防和减少道路交通事故，根据《中华人民共和国道路交通安全法》第一百一十四条的规定，"
        f"我支队在以下{count}处路段新增道路交通技术监控设备，自{cn_date(start)}起正式启用，对记录的交通违法行为依法处理。",
    ) + table(("序号", "设置地点", "抓拍违法行为"), rows) + paragraphs(
        "请广大驾驶人自觉遵守道路交通安全法律法规，按照交通信号通行。交通违法处理及罚款缴纳可通过“交管12123”APP办理。",
    ) + signature(unit, on)
    return Text(title, f"公布新增{count}处电子警察的设置地点和抓拍的违法行为，自{cn_date(start)}起启用。", body,
                "电子警察,交通技术监控,交通违法,罚款", "交通", "通告", number_prefix="示公交")


def restriction_notice(rng, on, unit):
    kind = pick(rng, ("机动车尾号限行", "重型货车限行", "重污染天气机动车限行", "危险化学品运输车辆限行"))
    start = on + dt.timedelta(days=rng.randint(3, 10))
    title = f"关于{start.year}年{start.month}月起实施{kind}措施的通告"
    if kind == "机动车尾号限行":
        rules = ("工作日7时至21时，四环以内道路（不含四环）按机动车号牌尾号限行，每日限行两个号码；",
                 "周一限行尾号1和6，周二限行2和7，周三限行3和8，周四限行4和9，周五限行5和0；",
                 "新能源汽车、公交车、出租车、执行任务的特种车辆不受限行措施限制；",
                 "外地号牌小型客车与本地号牌同等执行。")
    else:
        rules = (f"每日7时至22时，禁止{kind[:-2]}车辆在{pick(rng, ROADS)}、{pick(rng, ROADS)}围合区域内通行；",
                 "确需通行的，须向交警支队申领通行证，按指定时间、路线行驶；",
                 "违反限行规定的，依照《中华人民共和国道路交通安全法》第九十条处罚，处警告或者二十元以上二百元以下罚款。")
    body = paragraphs(f"为缓解城市交通拥堵，改善空气质量，{TRAFFIC_LAW}，决定自{cn_date(start)}起实施{kind}措施。") + \
        ordered(rules) + paragraphs("特此通告。") + signature(unit, on)
    return Text(title, f"自{cn_date(start)}起实施{kind}，明确限行时间、区域和不受限行的车辆。", body,
                f"限行,{kind},罚款", "交通", "通告", number_prefix="示公交")


def event_control(rng, on, unit):
    event = pick(rng, EVENTS)
    day = on + dt.timedelta(days=rng.randint(3, 12))
    road, a, b = stretch(rng)
    title = f"关于{day.year}{event}期间{road}等道路实施交通管制的通告"
    body = paragraphs(
        f"{day.year}{event}将于{cn_date(day)}举行。为确保活动安全顺利进行，{TRAFFIC_LAW}，决定对活动区域周边道路实施临时交通管制。",
    ) + ordered((
        f"{cn_date(day)}6时至活动结束，{road}（{a}至{b}段）禁止机动车通行；",
        f"活动期间，{a}、{b}沿线禁止路边停车，请市民绿色出行，乘坐地铁、公交前往；",
        "交通管制的具体时间视活动进展情况确定，请服从现场交通民警指挥。",
    )) + paragraphs("特此通告。") + signature(unit, on)
    return Text(title, f"{event}期间{road}等道路实施临时交通管制。", body, f"交通管制,{event},道路封闭",
                "交通", "通告", number_prefix="示公交")


FANGGUANFU_MEASURES = (
    ("机动车驾驶证（C1驾照）期满换证", "驾驶证,C1驾照,驾照,换证", "期满换证可在全国任一车管所办理，也可通过“交管12123”APP网上申请，邮寄到家。"),
    ("小型汽车驾驶证“全国通考”", "驾照,全国通考,驾驶证", "申请人可在居住地直接报考小型汽车驾驶证（C1驾照、C2驾照），无需提交居住证明。"),
    ("电子驾驶证申领", "电子驾驶证,驾照", "通过“交管12123”APP即可申领电子驾驶证，与纸质驾驶证具有同等效力。"),
    ("机动车异地检验", "机动车检验,异地", "机动车可在全国范围内任一检验机构直接检验，无需办理委托手续。"),
    ("二手车异地交易登记", "二手车,转移登记", "小型非营运二手载客汽车可在交易地直接办理转移登记。"),
    ("交通违法罚款网上缴纳", "罚款,交通违法,网上缴纳", "交通违法罚款可通过“交管12123”APP、网上银行缴纳，无需到窗口排队。"),
    ("临时号牌网上申领", "临时号牌,网上办理", "购买新车后可通过“交管12123”APP申领临时号牌，邮寄到家。"),
    ("驾驶证C1驾照增驾摩托车", "C1驾照,增驾,摩托车,驾照", "持有C1驾照满一年的，可申请增加轻便二轮摩托车准驾车型。"),
    ("ETC车辆免费通行政策与交通违法处理", "ETC,高速公路,交通违法", "安装ETC的车辆在高速公路不停车通行，ＥＴＣ车道跟车闯杆将依法处罚。"),
    ("六年免检小型客车检验标志申领", "免检,检验标志,电子凭证", "六年免检车辆可网上申领检验标志电子凭证。"),
)


def fangguanfu_guide(rng, on, unit):
    name, keywords, essence = pick(rng, FANGGUANFU_MEASURES)
    title = f"公安交管“放管服”改革便民措施：{name}办理指南（{on.year}年{on.month}月更新）"
    body = paragraphs(
        f"为深化公安交管“放管服”改革，进一步便利群众办事，现将{name}办理事项告知如下。{essence}",
        "一、办理条件",
    ) + ordered(("申请人身份证明（居民身份证）；", "相关证件原件；", "按规定需要提交的照片或体检证明。")) + paragraphs(
        "二、办理渠道",
    ) + ordered(("“交管12123”APP或互联网交通安全综合服务管理平台网上办理；",
                 f"全市{rng.randint(8, 16)}个车管服务站、{rng.randint(20, 60)}个银行及邮政代办网点现场办理。")) + paragraphs(
        "三、办理时限：材料齐全的，当场办结。",
        "四、收费标准：按国家规定标准收取工本费，网上办理不增加费用。",
        "咨询电话：0371-12345122（工作日9:00—17:00）。",
    )
    return Text(title, f"{name}的办理条件、办理渠道、时限和收费。", body, f"放管服,{keywords}", "交通", "指南")


def holiday_traffic(rng, on, unit, holiday=None):
    holiday = holiday or pick(rng, HOLIDAYS)
    title = f"{on.year + (on.month == 12)}年{holiday}假期道路交通安全出行提示"
    body = paragraphs(
        f"{holiday}假期将至，预计全市道路交通流量明显上升，{pick(rng, ROADS)}、{pick(rng, ROADS)}以及高速公路出入口、"
        "ＥＴＣ车道和景区周边道路可能出现拥堵。交警支队提醒广大驾驶人：",
    ) + ordered(("出行前关注路况信息，错峰出行；", "高速公路通行请保持车距，ETC车道减速通过，严禁跟车闯杆；",
                 "严禁酒后驾驶、疲劳驾驶、超速行驶；", "驾驶电动自行车请佩戴安全头盔。")) + signature(unit, on)
    return Text(title, f"{holiday}假期出行拥堵路段预测和交通安全提示。", body, f"{holiday},出行提示,ETC,高速公路",
                "交通", "通告")


def demerit_notice(rng, on, unit):
    title = f"关于{on.year}年第{(on.month - 1) // 3 + 1}季度驾驶人交通违法记分满分学习考试安排的公告"
    body = paragraphs(
        "依照《机动车驾驶证申领和使用规定》，机动车驾驶人在一个记分周期内累积记分达到12分的，应当参加道路交通安全法律、"
        "法规和相关知识学习、考试。现将本季度学习考试安排公告如下：",
    ) + ordered((f"学习地点：{pick(rng, DISTRICTS)}车管服务站三楼教室，也可通过“交管12123”APP网上学习；",
                 "考试预约：学习满规定时长后，通过“交管12123”APP预约考试；",
                 "持C1驾照的驾驶人满分后，须在考试合格后方可恢复驾驶资格；",
                 "交通违法罚款未缴纳的，须先行处理完毕。")) + signature(unit, on)
    return Text(title, "满分驾驶人学习考试的地点、预约方式和注意事项。", body, "满分学习,驾照,C1驾照,罚款,记分",
                "交通", "公告")


# ---------------------------------------------------------------- 治安管理

def delivery_inspection(rng, on, unit):
    checked = rng.randint(120, 460)
    title = f"关于{on.year}年{on.month}月寄递物流行业实名收寄专项检查情况的通报"
    body = paragraphs(
        f"为落实《中华人民共和国反恐怖主义法》第二十条和寄递实名收寄制度，{on.month}月全市公安机关会同邮政管理部门"
        f"检查寄递物流企业网点{checked}家，发现未落实收寄验视、实名登记制度的网点{rng.randint(3, 25)}家，"
        f"已责令限期整改，对{rng.randint(1, 6)}家依法予以罚款。",
        "请各寄递物流企业严格落实“收寄验视、实名收寄、过机安检”三项制度，发现禁寄物品及时报告公安机关。",
    ) + signature(unit, on)
    return Text(title, f"{on.month}月寄递物流行业检查网点数量、发现问题和处理情况。", body,
                "寄递物流,实名收寄,快递,罚款", "公安、安全、司法", "通告")


def fireworks_notice(rng, on, unit):
    year = on.year + (1 if on.month >= 11 else 0)
    title = f"关于{year}年春节期间烟花爆竹燃放管理的通告"
    body = paragraphs(
        f"为保障公共安全和人身、财产安全，根据《烟花爆竹安全管理条例》和《示范市烟花爆竹燃放管理规定》，现就{year}年春节期间"
        "烟花爆竹燃放管理通告如下：",
    ) + ordered(("四环以内区域全年禁止燃放烟花爆竹；", "四环以外区域除夕至正月初一、正月十五可以燃放，其他时间禁止燃放；",
                 "禁止在文物保护单位、车站、医院、学校、加油站等重点区域燃放；",
                 "违反规定燃放的，由公安机关责令停止燃放，处一百元以上五百元以下罚款。")) + \
        paragraphs("特此通告。") + signature(unit, on)
    return Text(title, f"{year}年春节期间烟花爆竹禁放区域、限放时间和罚款标准。", body, "烟花爆竹,禁放,罚款,春节",
                "公安、安全、司法", "通告", number_prefix="示公通")


def ebike_notice(rng, on, unit):
    topic = pick(rng, ("登记上牌", "防盗提示", "违规充电整治", "安全头盔佩戴", "过渡期号牌到期"))
    title = f"关于电动自行车{topic}有关事项的通知（{on.year}年第{rng.randint(1, 9)}期）"
    body = paragraphs(
        f"为加强电动自行车管理，减少电动自行车被盗和火灾事故，现就电动自行车{topic}有关事项通知如下。",
    ) + ordered(("符合《电动自行车安全技术规范》（GB 17761—2018）的电动自行车，凭购车发票、合格证和居民身份证登记上牌；",
                 "严禁在楼道、安全出口处停放电动自行车或私拉电线充电；",
                 "电动自行车被盗的，请及时拨打110报警，并提供车辆号牌和防盗芯片编号。")) + signature(unit, on)
    return Text(title, f"电动自行车{topic}的要求和办理方式。", body, f"电动自行车,{topic}", "公安、安全、司法", "通知")


def venue_inspection(rng, on, unit):
    trade = pick(rng, ("旅馆业", "娱乐场所", "网吧", "废旧金属收购业", "公章刻制业", "二手手机回收业"))
    title = f"{unit}关于{on.year}年{on.month}月{trade}治安检查情况的通报"
    body = paragraphs(
        f"{on.month}月，{unit}组织对辖区{trade}开展治安检查，共检查{rng.randint(30, 220)}家（次），"
        f"发现治安隐患{rng.randint(2, 30)}处，责令整改{rng.randint(2, 20)}家，依法行政处罚{rng.randint(0, 6)}家。",
        f"请各{trade}经营单位严格落实实名登记、治安管理制度，发现可疑情况及时报告。",
    ) + signature(unit, on)
    return Text(title, f"{trade}治安检查的数量、发现隐患和处理情况。", body, f"{trade},治安检查", "公安、安全、司法", "通告")


def dog_notice(rng, on, unit):
    title = f"关于开展{on.year}年度犬只登记年检工作的通告"
    body = paragraphs("根据《示范市养犬管理规定》，现就本年度犬只登记年检工作通告如下：") + ordered((
        "养犬人应当携带犬只免疫证明和居民身份证到辖区派出所办理登记或年检；",
        "重点管理区内禁止饲养烈性犬、大型犬；",
        "携犬出户应当束犬链，由成年人牵领，主动避让他人。",
    )) + signature(unit, on)
    return Text(title, f"{on.year}年度犬只登记年检的地点、材料和养犬要求。", body, "养犬,犬只登记,年检",
                "公安、安全、司法", "通告", number_prefix="示公治")


# ---------------------------------------------------------------- 出入境管理

EXIT_ENTRY_GUIDES = (
    ("出入境证件网上预约办理指南", "出入境证件,网上预约,护照",
     "申请人可通过“移民局”APP或“示范出入境”公众号网上预约，选择办理时间和服务大厅，按预约时间到场办理。"),
    ("普通护照“全国通办”办理指南", "护照,全国通办,出入境证件",
     "内地居民可在全国任一出入境管理机构申请普通护照，无需提交户籍地证明材料。"),
    ("往来港澳通行证签注自助办理指南", "港澳通行证,签注,自助办理", "持有电子往来港澳通行证的，可在自助签注机上即时办理再次签注。"),
    ("外国人居留许可办理须知", "外国人,居留许可", "在华工作、学习、团聚的外国人，应在入境后30日内申请居留许可。"),
    ("外国人临时住宿登记办理指南", "外国人,临时住宿登记", "外国人在宾馆以外住宿的，应当在入住后24小时内由本人或留宿人向派出所申报住宿登记。"),
    ("出入境证件“全程网办”申请指南", "出入境证件,网上办理,护照", "补发、换发出入境证件可通过网上申请、证件邮寄到家。"),
)


def exit_entry_guide(rng, on, unit):
    name, keywords, essence = pick(rng, EXIT_ENTRY_GUIDES)
    title = f"{name}（{on.year}年{on.month}月修订）"
    body = paragraphs(essence, "一、申请材料") + ordered(("居民身份证原件；", "近期免冠彩色照片（可现场采集）；",
                                                       "已有证件的，提交原证件。")) + paragraphs(
        "二、办理时限：7个工作日内审批签发，符合加急条件的可申请加急办理。",
        "三、收费标准：普通护照每本120元，往来港澳通行证（电子）每张60元，签注每次15元。",
        f"四、办理地点：{CITY}出入境服务大厅（{pick(rng, ROADS)}{rng.randint(10, 300)}号）及各分局出入境窗口。",
    )
    return Text(title, f"{name}：申请材料、办理时限、收费标准和办理地点。", body, f"出入境,{keywords}", "公安、安全、司法", "指南")


def exit_entry_hours(rng, on, unit, holiday=None):
    holiday = holiday or pick(rng, HOLIDAYS)
    year = on.year + (on.month == 12)  # 元旦's notice goes out in December
    title = f"关于{year}年{holiday}期间出入境服务大厅工作时间调整的公告"
    body = paragraphs(
        f"{year}年{holiday}假期期间，{CITY}出入境服务大厅暂停对外办公，假期后第一个工作日恢复正常办公。",
        "假期期间，群众可通过网上预约办理出入境证件，急需出境的可拨打咨询电话0371-12345110申请应急办理。",
    ) + signature(unit, on)
    return Text(title, f"{holiday}期间出入境服务大厅工作时间安排和应急办理方式。", body, f"出入境,{holiday},工作时间",
                "公安、安全、司法", "公告")


def exit_entry_statistics(rng, on, unit):
    month = on.month - 1 or 12
    year = on.year if on.month > 1 else on.year - 1
    rows = [("普通护照", rng.randint(3000, 9000)), ("往来港澳通行证", rng.randint(4000, 12000)),
            ("往来台湾通行证", rng.randint(300, 1500)), ("各类签注", rng.randint(8000, 20000)),
            ("外国人居留许可", rng.randint(40, 300))]
    title = f"{year}年{month}月出入境证件办理情况"
    body = paragraphs(f"{year}年{month}月，全市出入境管理部门共受理各类出入境证件申请如下：") + \
        table(("证件类别", "受理数量（件）"), rows) + paragraphs("网上预约率达到93%，办证平均等候时间不超过15分钟。")
    return Text(title, f"{year}年{month}月护照、通行证、签注和外国人居留许可办理数量。", body, "出入境证件,统计",
                "公安、安全、司法", "报告")


# ---------------------------------------------------------------- 户政管理

HOUSEHOLD_GUIDES = (
    ("户籍迁移“跨省通办”办理指南", "户籍,户籍迁移,跨省通办",
     "夫妻投靠、父母投靠子女、大中专院校毕业生等户口迁移，可在迁入地派出所一站式办理，无需回户籍地开具准迁证。"),
    ("居民身份证异地办理指南", "居民身份证,异地办理,身份证",
     "根据《中华人民共和国居民身份证法》第八条和公安部有关规定，居民可在全国任一县级公安机关申请异地换领、补领居民身份证。"),
    ("新生儿入户办理指南", "户籍,新生儿,出生登记", "新生儿出生后一个月内，由父母一方持出生医学证明、户口簿到派出所申报出生登记。"),
    ("居住证办理指南", "居住证,流动人口", "离开常住户口所在地，在本市居住半年以上的，可以申领居住证，享受基本公共服务。"),
    ("临时居民身份证办理指南", "居民身份证,临时身份证", "居民身份证办理期间急需使用的，可以申领临时居民身份证，当场制发。"),
    ("人才落户“一站式”办理指南", "户籍,落户,人才", "全日制大专以上学历人员凭毕业证、居民身份证即可在本市落户。"),
    ("户籍证明事项取消清单", "户籍,证明事项", "本市公安机关不再要求群众提供亲属关系证明、无犯罪记录证明以外的已取消证明事项。"),
)


def household_guide(rng, on, unit):
    name, keywords, essence = pick(rng, HOUSEHOLD_GUIDES)
    title = f"{name}（{on.year}年{on.month}月修订）"
    body = paragraphs(essence, "一、办理材料") + ordered(("申请人居民身份证、户口簿；", "与办理事项相关的证明材料；",
                                                       "委托他人代办的，提交委托书和受托人居民身份证。")) + paragraphs(
        "二、办理地点：各派出所户籍窗口、市民之家公安综合窗口。",
        "三、办理时限：材料齐全的，当场受理，居民身份证60日内制发，异地办理的90日内制发。",
        "四、收费：居民身份证换领每证20元，补领每证40元；户籍迁移不收费。",
    )
    return Text(title, f"{name}：办理材料、地点、时限和收费标准。", body, keywords, "公安、安全、司法", "指南")


def household_notice(rng, on, unit):
    count = rng.randint(12000, 40000)
    title = f"关于{on.year}年{on.month}月全市户籍人口变动情况的公告"
    body = paragraphs(
        f"截至{on.year}年{on.month}月底，全市户籍人口{rng.randint(720, 790)}万余人。本月办理出生登记{rng.randint(3000, 7000)}人，"
        f"户籍迁入{count}人，户籍迁出{rng.randint(5000, 15000)}人，办理居民身份证{rng.randint(30000, 80000)}张，"
        f"其中异地办理居民身份证{rng.randint(3000, 9000)}张。",
    )
    return Text(title, f"{on.month}月户籍人口、出生登记、户籍迁移和居民身份证办理数量。", body, "户籍,户籍人口,居民身份证",
                "公安、安全、司法", "公告")


# ---------------------------------------------------------------- 行政许可

PERMITS = (
    ("大型群众性活动安全许可", "治安支队"),
    ("焰火晚会烟花爆竹燃放许可", "治安支队"),
    ("爆破作业项目许可", "治安支队"),
    ("旅馆业特种行业许可证核发", "治安支队"),
    ("公章刻制业特种行业许可证核发", "治安支队"),
    ("剧毒化学品购买许可证核发", "治安支队"),
    ("剧毒化学品道路运输通行证核发", "交警支队"),
    ("校车驾驶资格许可", "交警支队"),
    ("外国人居留许可", "出入境管理支队"),
)


def licensing_result(rng, on, unit):
    options = [name for name, owner in PERMITS if owner == unit] or [name for name, _ in PERMITS]
    permit = pick(rng, options)
    company = pick(rng, COMPANIES)
    number = rng.randint(1, 400)
    title = f"关于准予{company}{permit}的公示（{on.year}年第{number}号）"
    body = paragraphs(
        f"根据《中华人民共和国行政许可法》第四十条的规定，现将{permit}准予许可决定公示如下：",
    ) + table(("行政许可决定书文号", "项目名称", "行政相对人", "许可内容", "许可决定日期", "许可机关"),
              ((f"示公许字〔{on.year}〕{number}号", permit, company, "准予许可", cn_date(on), BUREAU),)) + paragraphs(
        "公示期为7日。如有异议，请在公示期内向我局法制支队书面反映。",
    )
    return Text(title, f"{company}{permit}准予许可的决定公示。", body, f"行政许可,{permit},双公示",
                "公安、安全、司法", "公告")


# ---------------------------------------------------------------- 行政处罚

VIOLATIONS = (
    ("未落实寄递实名收寄制度", "《中华人民共和国反恐怖主义法》第八十五条", "罚款人民币10000元"),
    ("旅馆未按规定登记住宿旅客身份信息", "《旅馆业治安管理办法》第十五条", "罚款人民币500元"),
    ("货车超载行驶", "《中华人民共和国道路交通安全法》第九十二条", "罚款人民币2000元，驾驶证记6分"),
    ("驾驶未经登记的机动车上道路行驶", "《中华人民共和国道路交通安全法》第九十五条", "罚款人民币200元"),
    ("娱乐场所未按规定安装视频监控设备", "《娱乐场所管理条例》第四十三条", "责令改正，给予警告"),
    ("违反规定燃放烟花爆竹", "《烟花爆竹安全管理条例》第四十二条", "罚款人民币300元"),
    ("聚众赌博", "《中华人民共和国治安管理处罚法》第七十条", "行政拘留五日，罚款人民币500元"),
    ("盗窃", "《中华人民共和国治安管理处罚法》第四十九条", "行政拘留十日，罚款人民币1000元"),
    ("饮酒后驾驶机动车", "《中华人民共和国道路交通安全法》第九十一条", "暂扣驾驶证六个月，罚款人民币1500元"),
)


def penalty_decision(rng, on, unit):
    act, basis, punishment = pick(rng, VIOLATIONS)
    corporate = act in (VIOLATIONS[0][0], VIOLATIONS[1][0], VIOLATIONS[2][0], VIOLATIONS[4][0])
    party = pick(rng, COMPANIES) if corporate else f"{person(rng)}某"
    branch = {"交警支队": "交", "治安支队": "治"}.get(unit, unit[:2])
    decision = f"示公（{branch}）行罚决字〔{on.year}〕{rng.randint(10, 9999)}号"
    title = f"行政处罚决定信息公开：{decision}"
    body = paragraphs(f"根据《中华人民共和国行政处罚法》第四十八条的规定，现将本机关作出的行政处罚决定公开如下：") + table(
        ("项目", "内容"),
        (("行政处罚决定书文号", decision), ("被处罚人", party), ("主要违法事实", f"{party}{act}"),
         ("处罚依据", basis), ("处罚种类和内容", punishment), ("处罚机关", f"{BUREAU}{unit}"), ("处罚决定日期", cn_date(on))),
    ) + paragraphs("被处罚自然人的身份证件号码、住址等个人信息已依法隐去。")
    return Text(title, f"{party}{act}，依照{basis}作出行政处罚：{punishment}。", body, f"行政处罚,罚款,{act},双公示",
                "公安、安全、司法", "决定")


# ---------------------------------------------------------------- 政策文件 (named documents)

@dataclass(frozen=True)
class PolicyDoc:
    """A named policy: `kind` is "rule" (市政府规章, published here), "normative" or "" (a 通知)."""

    title: str
    unit: str
    prefix: str
    genre: str
    kind: str
    keywords: str
    gist: str


POLICY_DOCS = (
    PolicyDoc("示范市公安局行政执法公示办法", "法制支队", "示公发", "办法", "normative", "行政执法,公示,双公示",
              "规定行政执法事前、事中、事后公开的内容、时限和程序。"),
    PolicyDoc("示范市公安局重大行政执法决定法制审核办法", "法制支队", "示公发", "办法", "normative", "法制审核,行政执法",
              "明确重大行政执法决定的范围、审核内容和审核时限。"),
    PolicyDoc("示范市公安局行政执法全过程记录实施办法", "法制支队", "示公发", "办法", "normative", "执法记录仪,全过程记录",
              "规范执法音像记录的制作、保存和使用。"),
    PolicyDoc("示范市公安局行政处罚裁量基准", "法制支队", "示公发", "规定", "normative", "行政处罚,裁量基准,罚款",
              "细化治安、交通、出入境等领域行政处罚的裁量幅度，统一罚款标准。"),
    PolicyDoc("示范市道路交通安全违法行为处理规定", "交警支队", "示公交", "规定", "normative", "交通违法,罚款,驾照",
              "明确本市道路交通安全违法行为的罚款数额、记分和处理程序。"),
    PolicyDoc("示范市电动自行车登记管理办法", "治安支队", "示公发", "办法", "normative", "电动自行车,登记上牌",
              "规定电动自行车登记上牌的条件、材料和过渡期管理。"),
    PolicyDoc("示范市烟花爆竹燃放管理规定", "治安支队", "示政令", "规定", "rule", "烟花爆竹,禁放",
              "划定全市烟花爆竹禁放区域和限放时间。"),
    PolicyDoc("示范市养犬管理规定", "治安支队", "示政令", "规定", "rule", "养犬,犬只登记",
              "规定重点管理区、犬只登记和文明养犬要求。"),
    PolicyDoc("示范市机动车停车管理办法", "交警支队", "示政令", "办法", "rule", "停车,违法停车",
              "规范道路停车泊位设置和违法停车处理。"),
    PolicyDoc("示范市公安局关于进一步放宽城镇落户条件的若干意见", "人口与户政管理支队", "示公发", "意见", "normative",
              "户籍,落户,户籍迁移", "放宽城区落户条件，推行“一站式”落户。"),
    PolicyDoc("示范市居住证实施办法", "人口与户政管理支队", "示公发", "办法", "normative", "居住证,流动人口",
              "规定居住证申领条件和持证人享有的基本公共服务。"),
    PolicyDoc("示范市公安局寄递物流行业治安管理规定", "治安支队", "示公发", "规定", "normative", "寄递物流,实名收寄",
              "落实寄递实名收寄、收寄验视和过机安检三项制度。"),
    PolicyDoc("示范市公安局政府信息公开工作规定", "办公室", "示公办", "规定", "normative", "政府信息公开,主动公开",
              "明确主动公开、依申请公开、保密审查和监督考核的职责分工。"),
    PolicyDoc("示范市公安局依申请公开政府信息办理规程", "办公室", "示公办", "规定", "normative", "依申请公开,答复",
              "细化申请的登记、补正、征求意见、答复和送达程序。"),
    PolicyDoc("示范市大型群众性活动安全管理实施细则", "治安支队", "示公发", "规定", "normative", "大型群众性活动,安全许可",
              "规定大型群众性活动安全许可的申请材料、审查和现场管理。"),
    PolicyDoc("示范市重型货车城区通行管理规定", "交警支队", "示公交", "规定", "normative", "限行,重型货车,通行证",
              "划定重型货车禁行区域，规范通行证核发。"),
    PolicyDoc("示范市公安局关于推行公安政务服务“一网通办”的实施意见", "办公室", "示公发", "意见", "normative",
              "一网通办,放管服,网上办理", "推进户籍、出入境、车驾管业务网上办理。"),
    PolicyDoc("示范市公安机关警务辅助人员管理办法", "办公室", "示公发", "办法", "normative", "警务辅助人员",
              "规范警务辅助人员的招聘、职责和管理。"),
    PolicyDoc("示范市公安局关于优化营商环境二十条措施", "法制支队", "示公发", "意见", "normative", "营商环境,放管服",
              "从审批提速、包容审慎监管、护企安商等方面提出二十条措施。"),
    PolicyDoc("示范市公安局轻微违法行为不予处罚清单", "法制支队", "示公发", "规定", "normative", "不予处罚,轻微违法,罚款",
              "列明首次违法、危害后果轻微并及时改正的不予处罚情形。"),
    PolicyDoc("示范市公安局关于加强电信网络诈骗防范工作的通知", "宣传处", "示公通", "通知", "", "电信网络诈骗,反诈",
              "部署反诈宣传、劝阻和资金拦截工作。"),
    PolicyDoc("示范市公安局关于开展夏季治安打击整治行动的通知", "治安支队", "示公通", "通知", "", "夏季治安,打击整治",
              "部署夏季治安打击整治行动的重点和分工。"),
    PolicyDoc("示范市公安局年度政务公开工作要点", "办公室", "示公办", "计划", "", "政务公开,工作要点",
              "明确年度政务公开重点任务和责任单位。"),
    PolicyDoc("示范市公安局关于做好春运道路交通安全工作的通知", "交警支队", "示公交", "通知", "", "春运,道路交通安全",
              "部署春运期间道路交通安全管理措施。"),
    PolicyDoc("示范市公安局关于推进居民身份证异地办理的通知", "人口与户政管理支队", "示公户", "通知", "",
              "居民身份证,异地办理", "扩大居民身份证异地受理网点。"),
    PolicyDoc("示范市公安局出入境证件办理便民措施", "出入境管理支队", "示公出入", "通知", "", "出入境证件,网上预约",
              "推行网上预约、就近办理和证件邮寄。"),
    PolicyDoc("示范市公安局关于进一步规范涉企行政检查的通知", "法制支队", "示公发", "通知", "", "涉企检查,营商环境",
              "规范涉企行政检查的频次、方式和备案。"),
    PolicyDoc("示范市公安局行政复议和行政应诉工作规定", "法制支队", "示公发", "规定", "normative", "行政复议,行政应诉",
              "明确行政复议答复和行政应诉的责任分工。"),
)

# Normative documents the loader repeals: (title, repealed by the next year's replacement or simply 废止).
REPEALED_TITLES = ("示范市公安局关于加强出租房屋治安管理的暂行规定", "示范市摩托车限行管理暂行办法",
                   "示范市公安局户口迁移审批暂行办法")


def policy_text(doc: PolicyDoc, rng: random.Random, on: dt.date, *, revised: bool = False) -> Text:
    full = f"{doc.title}（{on.year}年修订）" if revised else doc.title
    if doc.kind == "rule":
        title = f"{full}（示范市人民政府令第{rng.randint(200, 260)}号）"
        preamble = f"《{full}》已经市人民政府常务会议审议通过，现予公布，自{cn_date(on + dt.timedelta(days=30))}起施行。"
    elif doc.genre == "计划":
        title = doc.title.replace("年度", f"{on.year}年")
        preamble = f"各分局、局属各单位：现将{on.year}年政务公开工作要点印发给你们，请结合实际抓好落实。"
    elif doc.genre == "通知":
        title = full
        preamble = f"各分局、局属各单位：为{doc.gist[:-1]}，现就有关事项通知如下。"
    else:
        title = f"{BUREAU}关于印发《{full}》的通知"
        preamble = f"各分局、局属各单位：现将《{full}》印发给你们，请认真贯彻执行。"
    articles = (
        f"第一条 为了{doc.gist[:-1]}，根据有关法律、法规和规章的规定，结合本市实际，制定本{doc.genre if doc.genre in ('办法', '规定') else '文件'}。",
        "第二条 本市行政区域内的相关活动，适用本规定。",
        f"第三条 {BUREAU}负责组织实施，各分局按照职责分工做好相关工作。",
        "第四条 公民、法人和其他组织可以通过１２３４５政务服务便民热线、“示范公安”网站提出意见和建议。",
        f"第五条 本文件自{cn_date(on + dt.timedelta(days=30))}起施行，有效期五年。",
    )
    body = paragraphs(preamble) + paragraphs(*articles) + signature(doc.unit, on)
    return Text(title, doc.gist, body, doc.keywords, "公安、安全、司法" if "交" not in doc.prefix else "交通", doc.genre,
                number_prefix=doc.prefix, document_kind=doc.kind)


def repealed_text(title: str, rng: random.Random, on: dt.date) -> Text:
    body = paragraphs("各分局、局属各单位：", f"现将《{title}》印发给你们，请遵照执行。",
                      "第一条 为加强管理，制定本办法。", "第二条 本办法自印发之日起施行。") + signature("法制支队", on)
    return Text(f"{BUREAU}关于印发《{title}》的通知", f"{title}（已废止，仅供查阅）。", body, "废止,规范性文件",
                "公安、安全、司法", "办法", number_prefix="示公发", document_kind="normative")


INTERPRETATION_STYLES = ("政策解读", "一图读懂", "答记者问")


def interpretation_text(policy_title: str, policy_number: str, gist: str, rng: random.Random, on: dt.date,
                        style: str = "政策解读") -> Text:
    name = policy_title.replace(f"{BUREAU}关于印发", "").replace("的通知", "").strip("《》")
    title = f"《{name}》{style}" if style != "一图读懂" else f"一图读懂《{name}》"
    body = paragraphs(
        f"近日，{BUREAU}印发了《{name}》（{policy_number}）。现就有关内容解读如下。",
        "一、起草背景",
        f"{gist}这是深化“放管服”改革、回应群众关切的具体举措。",
        "二、主要内容",
    ) + ordered(("明确了适用范围和职责分工；", "简化了办理程序，压减了办理时限；", "规定了监督和救济途径。")) + paragraphs(
        "三、群众关心的问题",
        "问：文件施行后，原有证件和手续是否继续有效？答：已经办理的继续有效，无需重新办理。",
        "解读人：法制支队负责人 咨询电话：0371-12345678",
    )
    return Text(title, f"解读《{name}》的起草背景、主要内容和群众关心的问题。", body, "政策解读," + name[:12],
                "公安、安全、司法", "解读")


# ---------------------------------------------------------------- 财政预决算

def budget_text(kind: str, year: int, rng: random.Random, on: dt.date) -> Text:
    """部门预算 (for `year`, published early that year) or 部门决算 (for `year`, published the next summer)."""
    basic = rng.randint(52000, 68000) + rng.randint(0, 99) / 100
    project = rng.randint(14000, 26000) + rng.randint(0, 99) / 100
    total = round(basic + project, 2)
    fiscal = round(total * rng.uniform(0.93, 0.98), 2)
    other = round(total - fiscal, 2)
    reception = round(rng.uniform(8, 25), 2)
    vehicles = round(rng.uniform(600, 1100), 2)
    label = "预算" if kind == "budget" else "决算"
    title = f"{BUREAU}{year}年部门{label}公开"
    body = paragraphs(
        f"根据《中华人民共和国预算法》和市财政局关于部门{label}公开的要求，现将{BUREAU}{year}年部门{label}公开如下（单位：万元）。",
        f"一、收支总体情况。{year}年收入{label}{total:.2f}万元，其中一般公共预算财政拨款{fiscal:.2f}万元，其他收入{other:.2f}万元。",
    ) + table(("项目", f"{label}数（万元）"), (
        ("收入合计", f"{total:.2f}"), ("一般公共预算财政拨款", f"{fiscal:.2f}"), ("其他收入", f"{other:.2f}"),
        ("支出合计", f"{total:.2f}"), ("基本支出", f"{basic:.2f}"), ("项目支出", f"{project:.2f}"),
    )) + paragraphs(
        f"二、“三公”经费{label}情况。因公出国（境）费0万元；公务接待费{reception:.2f}万元；公务用车购置及运行维护费"
        f"{vehicles:.2f}万元（其中执法执勤用车运行维护费{vehicles * 0.9:.2f}万元）。",
        "三、政府采购情况。主要用于执法执勤装备、交通技术监控设备和信息化系统运行维护。",
        "四、名词解释：基本支出指为保障机构正常运转、完成日常工作任务而发生的支出；项目支出指为完成特定工作任务和事业发展目标发生的支出。",
    )
    return Text(title, f"{year}年部门{label}收支总体情况、“三公”经费和政府采购情况。", body,
                f"部门{label},财政预决算,三公经费", "财政、金融、审计", "报告")


# ---------------------------------------------------------------- 机构职能, 指南, 制度, 年报

UNIT_FUNCTIONS = {
    "办公室": "负责局机关日常运转、文电、会务、机要保密、政务公开和督查督办工作。",
    "法制支队": "负责执法监督、法制审核、行政复议和行政应诉，组织规范性文件的起草和合法性审查。",
    "交警支队": "负责全市道路交通安全管理、机动车和驾驶人管理、交通事故处理和交通违法处理。",
    "治安支队": "负责治安行政管理，指导特种行业、公共场所、民用爆炸物品、寄递物流和大型群众性活动安全管理。",
    "出入境管理支队": "负责公民因私出入境证件办理、外国人居留管理和出入境服务。",
    "宣传处": "负责公安新闻发布、警情通报、政务新媒体和舆情回应工作。",
    "人口与户政管理支队": "负责户籍管理、居民身份证、居住证和人口信息管理工作。",
    "城东分局": "负责城东区辖区治安管理、刑事案件侦查和社区警务工作。",
    "城西分局": "负责城西区辖区治安管理、刑事案件侦查和社区警务工作。",
    "高新区分局": "负责高新区辖区治安管理、刑事案件侦查和企业安全服务工作。",
}


def unit_function_text(unit: str, on: dt.date) -> Text:
    title = f"{BUREAU}{unit}主要职责" if unit != "办公室" else f"{BUREAU}机构设置和主要职责"
    body = paragraphs(f"{unit}：{UNIT_FUNCTIONS[unit]}", "办公地址：示范市人民路88号", "办公时间：工作日上午9:00—12:00，下午13:30—17:00")
    return Text(title, UNIT_FUNCTIONS[unit], body, f"机构职能,{unit}", "综合政务", "其他")


def guide_text(agency, year: int) -> Text:
    title = f"{agency.name}政府信息公开指南（{year}年修订）"
    body = paragraphs(
        "为了更好地提供政府信息公开服务，根据《中华人民共和国政府信息公开条例》（以下简称《条例》），编制本指南。",
        "一、主动公开。我局主动公开的政府信息通过本网站“政府信息公开”专栏公开，自形成或者变更之日起20个工作日内公开（《条例》第二十六条）。",
        "二、依申请公开。公民、法人或者其他组织可以通过网上、信函、当面等方式提出申请，我局自收到申请之日起20个工作日内答复，"
        "需要延长的，经负责人同意可延长不超过20个工作日（《条例》第三十三条）。",
        f"三、受理机构：{agency.office_name}；地址：{agency.office_address}；邮编：{agency.office_postcode}；"
        f"电话：{agency.office_phone}；传真：{agency.office_fax}；电子邮箱：{agency.office_email}；办公时间：{agency.office_hours}。",
        "四、收费。依申请提供政府信息不收取费用；申请数量、频次明显超过合理范围的，可以依照国家规定收取信息处理费。",
        "五、监督和救济。申请人认为行政机关侵犯其合法权益的，可以依法申请行政复议或者提起行政诉讼（《条例》第五十一条）。",
    )
    return Text(title, "说明主动公开、依申请公开的方式、受理机构联系方式、收费和救济途径。", body,
                "政府信息公开指南,依申请公开", "综合政务", "指南")


RULE_DOCS = (
    ("政府信息公开保密审查制度", "规定拟公开信息“先审查、后公开”和“一事一审”的保密审查程序。"),
    ("政府信息主动公开目录管理制度", "规定主动公开目录的编制、更新和检查。"),
    ("依申请公开政府信息工作制度", "规定依申请公开的登记、办理、答复和归档。"),
    ("政策解读工作制度", "规定政策文件与解读材料同步组织、同步审签、同步部署。"),
    ("政务舆情回应工作制度", "规定政务舆情的监测、研判、回应和反馈。"),
)


def rule_text(name: str, gist: str, on: dt.date) -> Text:
    title = f"{BUREAU}{name}"
    body = paragraphs(f"第一条 {gist}", "第二条 本制度适用于局机关各部门、各分局。", "第三条 本制度由局办公室负责解释，自印发之日起施行。")
    return Text(title, gist, body, "政府信息公开制度," + name, "综合政务", "规定", number_prefix="示公办")


def annual_report_text(agency, year: int, published: int, normative: int, on: dt.date) -> Text:
    title = f"{agency.name}{year}年政府信息公开工作年度报告"
    body = paragraphs(
        f"本报告根据《中华人民共和国政府信息公开条例》第五十条的规定编制，统计期限自{year}年1月1日起至{year}年12月31日止。",
        "一、总体情况",
        f"{year}年，我局主动公开政府信息{published}条，其中制发行政规范性文件{normative}件；依申请公开工作按程序和时限办结。",
        "二、主动公开政府信息情况",
    ) + table(("信息内容", "本年制发件数", "本年废止件数", "现行有效件数"),
              (("规章", 0, 0, 3), ("行政规范性文件", normative, 1, 20 + normative))) + paragraphs(
        "三、存在的主要问题及改进情况：个别栏目更新不及时，政策解读形式较单一。下一步将加强培训，完善审核发布机制。",
    ) + signature("办公室", on)
    return Text(title, f"{year}年主动公开、依申请公开、行政复议诉讼和收费情况。", body, "政府信息公开年报,年度报告",
                "综合政务", "报告")
