"""Tests for gongkai.core.credit_validation: every rule with a passing and a failing row, and fuzzing."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.core.credit_fields import LICENSE_FIELDS, PENALTY_FIELDS
from gongkai.core.credit_validation import (
    CleanRecord,
    RowError,
    _id_reason,
    _uscc_reason,
    parse_credit_date,
    stated_fine_yuan,
    validate_row,
)
from gongkai.core.identifiers import check_id_number, check_uscc, id_check_char, orgcode_check_char, uscc_check_char

TODAY = date(2026, 5, 1)
BUREAU = "11230500001755309F"  # 双鸭山市公安局's code (law-and-standards.md §5.1): a valid USCC
COMPANY = "91230500MA1B3N1N2M"
PERSON_ID = "11010519491231002X"


def penalty_row(**changes):
    row = {
        "CF_XDR_MC": "张三",
        "CF_XDR_LB": "自然人",
        "CF_XDR_ZJLX": "身份证",
        "CF_XDR_ZJHM": PERSON_ID,
        "CF_WSH": "示公（治）行罚决字〔2026〕12号",
        "CF_WFXW": "扰乱单位秩序",
        "CF_SY": "当事人在某单位内大声喧哗，致使该单位工作不能正常进行。",
        "CF_YJ": "《中华人民共和国治安管理处罚法》第二十三条第一款第（一）项",
        "CF_CFLB": "罚款",
        "CF_NR": "罚款2000元",
        "CF_NR_FK": "0.2",
        "CF_JDRQ": "2026/03/10",
        "CF_YXQ": "2027/03/10",
        "CF_GSJZQ": "2027/03/10",
        "CF_CFJG": "示范市公安局",
        "CF_CFJGDM": BUREAU,
        "CF_SJLY": "示范市公安局",
        "CF_SJLYDM": BUREAU,
    }
    row.update(changes)
    return row


def company_penalty_row(**changes):
    row = penalty_row(CF_XDR_MC="示范市某某商贸有限公司", CF_XDR_LB="法人及非法人组织", CF_XDR_ZJLX="", CF_XDR_ZJHM="",
                      CF_XDR_SHXYM=COMPANY, CF_FRDB="李四")
    row.update(changes)
    return row


def license_row(**changes):
    row = {
        "XK_XDR_MC": "示范市某某运输有限公司",
        "XK_XDR_LB": "法人及非法人组织",
        "XK_XDR_SHXYM": COMPANY,
        "XK_FRDB": "李四",
        "XK_XKWS": "机动车登记决定",
        "XK_WSH": "示公交登字〔2026〕7号",
        "XK_XKLB": "登记",
        "XK_XKZS": "机动车登记证书",
        "XK_XKBH": "DJ00000007",
        "XK_NR": "准予机动车注册登记",
        "XK_JDRQ": "20260310",
        "XK_YXQZ": "2026-03-10",
        "XK_YXQZI": "2099/12/31",
        "XK_XKJG": "示范市公安局交通警察支队",
        "XK_XKJGDM": BUREAU,
        "XK_ZT": "1",
        "XK_LYDW": "示范市公安局",
        "XK_LYDWDM": BUREAU,
    }
    row.update(changes)
    return row


def errors_of(kind, row):
    record, errors = validate_row(kind, row, today=TODAY)
    assert (record is None) == bool(errors)
    return {error.code: error.reason for error in errors}


# --- valid rows -----------------------------------------------------------------------------------

def test_valid_person_penalty_gives_a_clean_record():
    record, errors = validate_row("penalty", penalty_row(), today=TODAY)
    assert errors == []
    assert isinstance(record, CleanRecord)
    assert record.values["CF_JDRQ"] == date(2026, 3, 10)
    assert record.values["CF_NR_FK"] == Decimal("0.2")
    assert record.values["CF_XDR_ZJHM"] == PERSON_ID  # text, never a number
    assert record.penalty_categories == ("罚款",)
    assert record.natural_key == ("示公（治）行罚决字〔2026〕12号", PERSON_ID)
    assert record.party_kind == "自然人" and record.long_term is False


def test_valid_company_penalty_is_keyed_by_uscc():
    record, errors = validate_row("penalty", company_penalty_row(), today=TODAY)
    assert errors == []
    assert record.natural_key[1] == COMPANY


def test_valid_license_with_long_term_validity():
    record, errors = validate_row("license", license_row(), today=TODAY)
    assert errors == []
    assert record.long_term is True
    assert record.values["XK_YXQZI"] == date(2099, 12, 31)
    assert record.values["XK_JDRQ"] == date(2026, 3, 10)


def test_whitespace_and_full_width_are_normalised():
    row = penalty_row(CF_XDR_ZJHM="　１１０１０５１９４９１２３１００２ｘ ", CF_JDRQ=" ２０２６/０３/１０", CF_NR_FK="０.２",
                      CF_XDR_LB=" 自然人\u200b", CF_SY="  违法事实，含全角逗号。 ")
    record, errors = validate_row("penalty", row, today=TODAY)
    assert errors == []
    assert record.values["CF_XDR_ZJHM"] == PERSON_ID
    assert record.values["CF_JDRQ"] == date(2026, 3, 10)
    assert record.values["CF_SY"] == "违法事实，含全角逗号。"  # Chinese punctuation kept


def test_unknown_keys_are_ignored():
    assert errors_of("penalty", penalty_row(extra_column="x")) == {}


def test_unknown_kind_is_a_programming_error():
    with pytest.raises(ValueError):
        validate_row("fee", {}, today=TODAY)


# --- required fields ------------------------------------------------------------------------------

@pytest.mark.parametrize("code", ["CF_XDR_MC", "CF_XDR_LB", "CF_WSH", "CF_CFLB", "CF_NR", "CF_JDRQ", "CF_CFJG", "CF_CFJGDM"])
def test_penalty_required_fields(code):
    assert code in errors_of("penalty", penalty_row(**{code: "  "}))


def test_document_number_required_with_its_own_reason():
    assert "文号必填" in errors_of("penalty", penalty_row(CF_WSH=""))["CF_WSH"]
    assert "许可编号" in errors_of("license", license_row(XK_WSH=""))["XK_WSH"]


def test_natural_person_needs_id_type_and_number():
    errors = errors_of("penalty", penalty_row(CF_XDR_ZJLX="", CF_XDR_ZJHM=""))
    assert "自然人时必填" in errors["CF_XDR_ZJLX"] and "自然人时必填" in errors["CF_XDR_ZJHM"]
    # a person needs no USCC and no 法定代表人
    assert errors_of("penalty", penalty_row(CF_XDR_SHXYM="", CF_FRDB="")) == {}


@pytest.mark.parametrize("party", ["法人及非法人组织", "个体工商户"])
def test_organisations_need_uscc_and_representative(party):
    errors = errors_of("penalty", company_penalty_row(CF_XDR_LB=party, CF_XDR_SHXYM="", CF_FRDB=""))
    assert set(errors) == {"CF_XDR_SHXYM", "CF_FRDB"}
    assert errors_of("penalty", company_penalty_row(CF_XDR_LB=party)) == {}
    errors = errors_of("license", license_row(XK_XDR_LB=party, XK_XDR_SHXYM="", XK_FRDB=""))
    assert set(errors) == {"XK_XDR_SHXYM", "XK_FRDB"}


def test_license_required_fields():
    errors = errors_of("license", license_row(XK_XKWS="", XK_XKLB="", XK_YXQZ="", XK_XKJGDM=""))
    assert set(errors) == {"XK_XKWS", "XK_XKLB", "XK_YXQZ", "XK_XKJGDM"}


# --- enumerations ---------------------------------------------------------------------------------

def test_party_kind_enumeration():
    assert errors_of("penalty", penalty_row(CF_XDR_LB="个人")) == {}  # synonym
    assert "行政相对人类别应为" in errors_of("penalty", penalty_row(CF_XDR_LB="外国人"))["CF_XDR_LB"]


def test_id_type_enumeration_and_synonyms():
    record, _ = validate_row("penalty", penalty_row(CF_XDR_ZJLX="居民身份证"), today=TODAY)
    assert record.values["CF_XDR_ZJLX"] == "身份证"
    record, _ = validate_row("penalty", penalty_row(CF_XDR_ZJLX="护照", CF_XDR_ZJHM="E12345678"), today=TODAY)
    assert record.values["CF_XDR_ZJLX"] == "护照号"
    assert "证件类型应为" in errors_of("penalty", penalty_row(CF_XDR_ZJLX="驾照"))["CF_XDR_ZJLX"]
    assert errors_of("penalty", penalty_row(CF_XDR_ZJLX="其他-军官证", CF_XDR_ZJHM="军字第123号")) == {}


def test_penalty_category_enumeration():
    record, _ = validate_row("penalty", penalty_row(CF_CFLB="罚款；行政拘留"), today=TODAY)
    assert record.penalty_categories == ("罚款", "行政拘留") and record.values["CF_CFLB"] == "罚款;行政拘留"
    assert "不在行政处罚法第九条" in errors_of("penalty", penalty_row(CF_CFLB="罚钱"))["CF_CFLB"]
    assert "暂扣还是吊销" in errors_of("penalty", penalty_row(CF_CFLB="暂扣或者吊销许可证"))["CF_CFLB"]


def test_license_category_enumeration():
    assert errors_of("license", license_row(XK_XKLB="普通许可")) == {}
    assert errors_of("license", license_row(XK_XKLB="其他-备案")) == {}
    assert "注明具体类别" in errors_of("license", license_row(XK_XKLB="其他"))["XK_XKLB"]
    assert "许可类别应为" in errors_of("license", license_row(XK_XKLB="特别"))["XK_XKLB"]


# --- identifiers ----------------------------------------------------------------------------------

def test_wrong_uscc_is_an_error():
    assert "校验码错误" in errors_of("penalty", company_penalty_row(CF_XDR_SHXYM=COMPANY[:-1] + "A"))["CF_XDR_SHXYM"]


def test_placeholder_uscc_is_an_error():
    assert "占位代码" in errors_of("license", license_row(XK_LYDWDM="00000000000000000X"))["XK_LYDWDM"]


def test_wrong_id_number_is_an_error():
    assert "校验码错误" in errors_of("penalty", penalty_row(CF_XDR_ZJHM="110105194912310021"))["CF_XDR_ZJHM"]
    assert "晚于今天" in errors_of("penalty", penalty_row(CF_XDR_ZJHM=_id_born(date(2027, 1, 1))))["CF_XDR_ZJHM"]
    assert errors_of("penalty", penalty_row(CF_XDR_ZJHM="110105491231002")) == {}  # old 15-digit form


def test_id_number_needs_an_id_type():
    assert "未填写证件类型" in errors_of("penalty", company_penalty_row(CF_FR_ZJHM=PERSON_ID))["CF_FR_ZJHM"]
    assert errors_of("penalty", company_penalty_row(CF_FR_ZJLX="身份证", CF_FR_ZJHM=PERSON_ID)) == {}
    assert "身份证号码错误" in errors_of("penalty", company_penalty_row(CF_FR_ZJLX="身份证", CF_FR_ZJHM="123"))["CF_FR_ZJHM"]


def test_orgcode_is_checked():
    assert errors_of("penalty", company_penalty_row(CF_XDR_ZZJG="59467239-9")) == {}
    assert "组织机构代码错误" in errors_of("penalty", company_penalty_row(CF_XDR_ZZJG="59467239-8"))["CF_XDR_ZZJG"]


def _id_born(birth):
    body = f"110105{birth:%Y%m%d}002"
    return body + id_check_char(body)


def _uscc_from(body8):
    org = body8 + orgcode_check_char(body8)
    body = "91230500" + org
    return body + uscc_check_char(body)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="0123456789ABCDEFGHJKLMNPQRTUWXYZIOSV-x ", min_size=0, max_size=20))
def test_uscc_fast_path_agrees_with_identifiers(text):
    assert (_uscc_reason(text) is None) == check_uscc(text).valid


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="0123456789ABCDEFGHJKLMNPQRTUWXY", min_size=8, max_size=8))
def test_uscc_fast_path_accepts_every_valid_code(body8):
    code = _uscc_from(body8)
    assert check_uscc(code).valid and _uscc_reason(code) is None


@settings(max_examples=300, deadline=None)
@given(st.dates(min_value=date(1890, 1, 1), max_value=date(2030, 12, 31)), st.integers(0, 999),
       st.sampled_from(["11", "23", "99", "00", "81"]), st.sampled_from(["", "0", "X", "9"]))
def test_id_fast_path_agrees_with_identifiers(birth, sequence, province, check):
    body = f"{province}0105{birth:%Y%m%d}{sequence:03d}"
    code = body + (check or id_check_char(body))
    assert (_id_reason(code, TODAY) is None) == check_id_number(code, today=TODAY).valid


# --- dates ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["2026/03/10", "2026-03-10", "20260310", "2026/3/10", "2026-03-10 00:00:00"])
def test_accepted_date_formats(text):
    assert parse_credit_date(text) == date(2026, 3, 10)


@pytest.mark.parametrize(("text", "reason"), [("2026/02/30", "不是真实存在的日期"), ("2026.03.10", "日期格式应为"),
                                              ("10/03/2026", "日期格式应为"), ("2026/03/10/", "日期格式应为"),
                                              ("1800/01/01", "早于1900年")])
def test_rejected_dates(text, reason):
    assert reason in errors_of("penalty", penalty_row(CF_JDRQ=text))["CF_JDRQ"]


def test_decision_date_not_in_the_future():
    assert errors_of("penalty", penalty_row(CF_JDRQ="2026/05/01")) == {}  # today itself is fine
    assert "晚于今天" in errors_of("penalty", penalty_row(CF_JDRQ="2026/05/02", CF_YXQ="2027/05/02",
                                                         CF_GSJZQ="2027/05/02"))["CF_JDRQ"]
    assert "晚于今天" in errors_of("license", license_row(XK_JDRQ="2026/05/02"))["XK_JDRQ"]


def test_validity_end_not_before_start():
    assert errors_of("license", license_row(XK_YXQZI="2026/03/10")) == {}  # a one-day licence
    assert "早于有效期自" in errors_of("license", license_row(XK_YXQZI="2026/03/09"))["XK_YXQZI"]
    assert "早于处罚决定日期" in errors_of("penalty", penalty_row(CF_YXQ="2026/03/09"))["CF_YXQ"]


def test_long_term_flag_only_for_2099_12_31():
    record, _ = validate_row("license", license_row(XK_YXQZI="2031/03/09"), today=TODAY)
    assert record.long_term is False
    record, _ = validate_row("license", license_row(XK_YXQZI="2099-12-31"), today=TODAY)
    assert record.long_term is True


# --- amounts --------------------------------------------------------------------------------------

def test_fine_in_wan_consistent_with_content():
    assert errors_of("penalty", penalty_row(CF_NR="罚款2000元", CF_NR_FK="0.2")) == {}
    assert errors_of("penalty", penalty_row(CF_NR="处二千元罚款", CF_NR_FK="0.2")) == {}
    assert errors_of("penalty", penalty_row(CF_NR="罚款人民币贰仟元整", CF_NR_FK="0.20")) == {}
    assert errors_of("penalty", penalty_row(CF_NR="罚款1.5万元", CF_NR_FK="1.5")) == {}
    assert errors_of("penalty", penalty_row(CF_NR="罚款5千元", CF_NR_FK="0.5")) == {}
    assert errors_of("penalty", penalty_row(CF_NR="行政拘留五日，并处罚款五百元", CF_CFLB="行政拘留;罚款", CF_NR_FK="0.05")) == {}


def test_yuan_typed_as_wan_is_named():
    reason = errors_of("penalty", penalty_row(CF_NR="罚款2000元", CF_NR_FK="2000"))["CF_NR_FK"]
    assert "单位应为万元" in reason and "应填0.2" in reason and "疑似按元填写" in reason


def test_other_inconsistency():
    assert "不一致" in errors_of("penalty", penalty_row(CF_NR="罚款2000元", CF_NR_FK="0.3"))["CF_NR_FK"]


def test_content_without_an_amount_is_not_compared():
    assert errors_of("penalty", penalty_row(CF_NR="处以罚款", CF_NR_FK="0.3")) == {}


@pytest.mark.parametrize(("text", "reason"), [("-0.2", "不能为负数"), ("2000元", "不要带单位"), ("abc", "应为数字"),
                                              ("0.0000001", "小数超过6位")])
def test_bad_amounts(text, reason):
    assert reason in errors_of("penalty", penalty_row(CF_NR="处以罚款", CF_NR_FK=text))["CF_NR_FK"]


def test_fine_category_requires_a_positive_amount():
    assert "必须填写罚款金额" in errors_of("penalty", penalty_row(CF_NR_FK=""))["CF_NR_FK"]
    assert "必须大于0" in errors_of("penalty", penalty_row(CF_NR="处以罚款", CF_NR_FK="0"))["CF_NR_FK"]
    assert "处罚类别不含罚款" in errors_of("penalty", penalty_row(CF_CFLB="警告", CF_NR="警告"))["CF_NR_FK"]
    assert errors_of("penalty", penalty_row(CF_CFLB="警告", CF_NR="警告", CF_NR_FK="")) == {}


def test_confiscation_and_licence_revocation_need_their_fields():
    row = penalty_row(CF_CFLB="罚款;没收违法所得", CF_NR="罚款2000元，没收违法所得500元")
    assert "没收金额" in errors_of("penalty", row)["CF_NR_WFFF"]
    assert errors_of("penalty", {**row, "CF_NR_WFFF": "0.05"}) == {}
    row = penalty_row(CF_CFLB="罚款;吊销许可证件")
    assert "证照名称及编号" in errors_of("penalty", row)["CF_NR_ZKDX"]
    assert errors_of("penalty", {**row, "CF_NR_ZKDX": "机动车驾驶证 230502195708133690"}) == {}


@pytest.mark.parametrize(("content", "expected"), [
    ("罚款2000元", Decimal(2000)), ("罚款2,000元", Decimal(2000)), ("处一千五百元罚款", Decimal(1500)),
    ("罚款两万元", Decimal(20000)), ("罚款十五元", Decimal(15)), ("警告", None), ("罚款", None),
    ("罚款２０００元", Decimal(2000)), ("罚款一万二千元", Decimal(12000)),
])
def test_stated_fine(content, expected):
    assert stated_fine_yuan(content) == expected


# --- lengths --------------------------------------------------------------------------------------

def test_too_long_is_an_error_not_a_truncation():
    assert errors_of("penalty", penalty_row(CF_XDR_MC="张" * 200)) == {}
    assert "长度超过200个字符" in errors_of("penalty", penalty_row(CF_XDR_MC="张" * 201))["CF_XDR_MC"]
    assert "长度超过" in errors_of("penalty", penalty_row(CF_XDR_ZJLX="其他-证", CF_XDR_ZJHM="1" * 65))["CF_XDR_ZJHM"]
    assert errors_of("penalty", penalty_row(CF_JDRQ="2026-03-10 00:00:00")) == {}  # exported datetime
    assert "长度超过" in errors_of("license", license_row(XK_XKLB="其他-" + "类" * 300))["XK_XKLB"]


def test_number_cells_are_text_checked():
    """A spreadsheet number (float) loses an ID's digits: it must fail, not pass silently."""
    assert "CF_XDR_ZJHM" in errors_of("penalty", penalty_row(CF_XDR_ZJHM=1.1010519491231e17))


def test_error_carries_code_name_value_and_reason():
    _, errors = validate_row("penalty", penalty_row(CF_NR_FK="2000"), today=TODAY)
    assert errors == [RowError("CF_NR_FK", "罚款金额（万元）", "2000",
                               "罚款金额单位应为万元：处罚内容为2000元，应填0.2，实填2000（疑似按元填写）")]


# --- fuzzing --------------------------------------------------------------------------------------

_CORRUPTIONS = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["", " ", "　", "00000000000000000X", "2099/12/31", "-1", "0", "NaN", "1e5", "９９", "其他",
                     "罚款", "自然人", "身份证", "\u200b", "2026/02/29", "99999999999999999999"]),
    st.integers(-10**20, 10**20).map(str),
    st.none(),
)


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(["penalty", "license"]), st.booleans(), st.data())
def test_random_corruption_never_raises_and_errors_mean_no_record(kind, company, data):
    if kind == "penalty":
        row = company_penalty_row() if company else penalty_row()
        codes = [spec.code for spec in PENALTY_FIELDS]
    else:
        row = license_row() if company else license_row(XK_XDR_LB="自然人", XK_XDR_ZJLX="身份证", XK_XDR_ZJHM=PERSON_ID)
        codes = [spec.code for spec in LICENSE_FIELDS]
    for code in data.draw(st.lists(st.sampled_from(codes), min_size=1, max_size=5, unique=True)):
        row[code] = data.draw(_CORRUPTIONS)
    record, errors = validate_row(kind, row, today=TODAY)
    assert (record is None) == bool(errors)
    assert all(isinstance(error, RowError) and error.reason for error in errors)
    if record is not None:
        assert record.natural_key[0]
