"""The publication gate's own scan (core/public_scan.py): planted leftovers hit, public boilerplate never does."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from gongkai.core.public_scan import COMPOUND_SURNAMES, SINGLE_SURNAMES, organisation_codes, scan
from gongkai.core.text import HALF_WIDTH

# Sentences of masked decisions as they are published: nothing in them is personal.
BOILERPLATE = (
    "示范市公安局城东分局\n行政处罚决定书\n",
    "违法行为人张某某，男，×××出生，身份证号码：×××，住址：×××，联系电话：×××。",
    "被处罚人欧阳某某，女，出生日期：×××，现住×××，联系方式：×××。",
    "现查明：2026年10月8日21时许，张某某在城东区文化路88号附近，因琐事与被侵害人××发生口角，继而殴打××。",
    "趁被侵害人××不备，窃取其放在柜台上的手机一部（经认定价值人民币一千二百元）。",
    "酒后在公共场所无故滋事，任意损毁××经营的店铺玻璃门。",
    "饮酒后驾驶小型轿车行驶至人民路与建设东路交叉口时被执勤民警查获，结果为32mg/100ml。",
    "在翠竹街菜市场内以“斗地主”方式赌博，每局输赢人民币五十元，共计赌资人民币3800元。",
    "报案人××拨打110报警，证人××证实了上述经过。",
    "以上事实有张某某的陈述和申辩、被侵害人××的陈述、证人××的证人证言、现场监控视频、到案经过等证据证实。",
    "根据《中华人民共和国治安管理处罚法》第四十三条第一款之规定，现决定对张某某处行政拘留五日，并处罚款二百元。",
    "执行方式和期限：送示范市拘留所执行；罚款于收到本决定书之日起十五日内缴至指定银行，逾期不缴纳的，每日按罚款数额的百分之三加处罚款。",
    "如不服本决定，可以在收到本决定书之日起六十日内向示范市公安局或者示范市城东区人民政府申请行政复议，"
    "或者在六个月内依法向示范市城东区人民法院提起行政诉讼。",
    "经审查，李某某系累犯，应从重处罚。另查明，该人曾于2023年因盗窃被行政拘留十日。",
    "罚款人民币120000元，于2026-10-20前缴纳。",
    "二〇二六年十月二十日\n",
    "被处罚单位：示范市星辰网吧，法定代表人××，当班工作人员××对上述事实供认不讳。",
    "王某某、陈某某伙同××、××等人在胜利街某棋牌室内以“推牌九”方式进行赌博。",
)
# Strings the document's own fields make public (文号, agency, bank account for fines, a company's code).
ALLOW = (
    "示公东（治）行罚决字〔2026〕101号",
    "示范市公安局城东分局",
    "账号：41001500510050201234",
    "统一社会信用代码91410100MA454147X2",
    "示范市畅游网络服务有限公司",
)
PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛秀霞刚桂英玉兰萍红建辉力永健春梅琳燕飞鹏宇浩凯晨欣怡佳雪婷颖倩峰斌波亮鑫坤博晓俊思梓涵轩睿琪嘉瑶"
CUES = ("证人", "被侵害人", "报案人", "伙同", "与", "其母亲", "家属", "、", "法定代表人", "。")
FULL_WIDTH = {half: full for full, half in HALF_WIDTH.items() if half != 0x20}

digits = st.text(alphabet="0123456789", min_size=1, max_size=1)
boilerplate = st.lists(st.sampled_from(BOILERPLATE), min_size=1, max_size=8)


@st.composite
def phones(draw):
    number = "1" + draw(st.sampled_from("3456789")) + "".join(draw(digits) for _ in range(9))
    style = draw(st.integers(0, 4))
    if style == 1:
        return f"{number[:3]} {number[3:7]} {number[7:]}"
    if style == 2:
        return f"{number[:3]}-{number[3:7]}-{number[7:]}"
    if style == 3:
        return number.translate(FULL_WIDTH)
    if style == 4:
        return f"0371-{number[3:11]}"
    return number


@st.composite
def id_numbers(draw):
    body = "".join(draw(digits) for _ in range(17))
    number = body + draw(st.sampled_from("0123456789Xx"))
    style = draw(st.integers(0, 2))
    if style == 1:
        return f"{number[:6]} {number[6:14]} {number[14:]}"
    if style == 2:
        return number.translate(FULL_WIDTH)
    return number


emails = st.builds(lambda user, host: f"{user}@{host}.com",
                   st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789._", min_size=1, max_size=12),
                   st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=2, max_size=8))
wxids = st.builds(lambda tail: f"wxid_{tail}", st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789", min_size=4,
                                                        max_size=14))
qq_handles = st.builds(lambda label, number: f"{label}{number}", st.sampled_from(("QQ号", "QQ：", "微信号：", "qq ")),
                       st.integers(10000, 99999999999).map(str))
plates = st.builds(lambda province, letter, sep, tail: f"{province}{letter}{sep}{tail}",
                   st.sampled_from(PROVINCES), st.sampled_from("ABCDEFGHJK"), st.sampled_from(("", "·", " ")),
                   st.text(alphabet="0123456789ABCDEFGHJKLMNPQRSTUVWXYZ", min_size=5, max_size=6))
names = st.builds(lambda surname, given: surname + given,
                  st.sampled_from(sorted(set(SINGLE_SURNAMES)) + list(COMPOUND_SURNAMES)),
                  st.text(alphabet=GIVEN, min_size=1, max_size=2))
leftovers = st.one_of(phones(), id_numbers(), emails, wxids, qq_handles, plates)


def _covered(hits, text: str, value: str) -> bool:
    position = text.find(value)
    return any(hit.start < position + len(value) and position < hit.end for hit in hits)


@given(boilerplate, st.data())
def test_a_text_of_allow_listed_strings_and_boilerplate_never_hits(sentences, data):
    pieces = list(sentences)
    for _ in range(data.draw(st.integers(0, 4))):
        pieces.insert(data.draw(st.integers(0, len(pieces))), data.draw(st.sampled_from(ALLOW)) + "，")
    text = "".join(pieces)
    assert scan(text, ALLOW) == []


@given(boilerplate, leftovers, st.data())
def test_a_planted_handle_or_number_always_hits(sentences, leftover, data):
    index = data.draw(st.integers(0, len(sentences)))
    text = "".join(sentences[:index]) + f"联系方式{leftover}。" + "".join(sentences[index:])
    hits = scan(text, ALLOW)
    assert _covered(hits, text, leftover)


@given(boilerplate, names, st.sampled_from(CUES), st.data())
def test_a_planted_name_after_a_cue_always_hits(sentences, name, cue, data):
    index = data.draw(st.integers(0, len(sentences)))
    text = "".join(sentences[:index]) + f"{cue}{name}在现场。" + "".join(sentences[index:])
    hits = scan(text, ALLOW)
    assert _covered(hits, text, name)


@given(boilerplate, leftovers)
def test_offsets_point_at_the_reported_value(sentences, leftover):
    text = "".join(sentences) + leftover
    for hit in scan(text):
        assert text[hit.start:hit.end] == hit.value and hit.value in hit.excerpt.replace("…", "")


def test_the_names_of_the_issue_are_found_wherever_they_stand():
    cases = {
        "刘洋在某超市内秘密窃取他人手机一部": "刘洋",
        "趁无人注意秘密窃取张晓东放在柜台上的手机": "张晓东",
        "已通知被处罚人家属陈丽": "陈丽",
        "其母亲李秀云当即报警": "李秀云",
        "王某某的哥哥王小明随后到场": "王小明",
        "与孙六、李七等人赌博": "李七",
        "现决定对王五处罚款五百元": "王五",
        "由张三驾驶": "张三",
        "证人欧阳娜娜证实": "欧阳娜娜",
    }
    for text, name in cases.items():
        assert [hit.value for hit in scan(text) if hit.kind == "name"][-1:] == [name], text


def test_words_places_and_laws_that_begin_with_a_surname_are_not_names():
    text = ("经查，程序合法。任意损毁财物，陈述和申辩，申请行政复议，向本机关，方式：于当日，高新区分局，"
            "行至黄河路与金水路交叉口，金色家园12号楼，根据《王某管理办法》之规定。")
    assert [hit for hit in scan(text) if hit.kind == "name"] == []


def test_public_numbers_are_not_digit_hits_and_private_ones_are():
    assert scan("罚款人民币120000元，价值1200.00元，2026-10-08，32mg/100ml，第3301号") == []
    assert [hit.kind for hit in scan("身份证号410102198503021234")] == ["digits"]
    assert [hit.kind for hit in scan("银行卡号6222 0212 3456 7890 123")] == ["digits"]
    assert [hit.kind for hit in scan("电话１３８１２３４５６７８")] == ["digits"]
    assert scan("账号41001500510050201234", allow=["41001500510050201234"]) == []


def test_each_kind_of_handle():
    kinds = {hit.kind for hit in scan("邮箱zs@example.com，wxid_ab12cd，QQ号1083365721，微信号zhang_san88，"
                                       "车牌豫A·D12345，粤A6878学，Zhang San，JOHN SMITH")}
    assert kinds == {"at_sign", "wxid", "im_handle", "plate", "latin_name"}


def test_known_party_names_are_reported_even_inside_an_allow_listed_string():
    hits = scan("示范市张建国便利店的负责人张建国", allow=["示范市张建国便利店"], known_names=["张建国"])
    assert [(hit.kind, hit.start) for hit in hits] == [("party_name", 3), ("party_name", 13)]


def test_organisation_codes_are_read_from_their_labels():
    text = "被处罚单位：示范市星辰网吧，统一社会信用代码：91410100MA454147X2，组织机构代码 12345678-9。"
    codes = organisation_codes(text)
    assert codes == ["91410100MA454147X2", "12345678-9"]
    assert scan(text, codes) == []
