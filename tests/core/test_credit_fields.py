"""Tests for gongkai.core.credit_fields: the standard's field lists, order and enumerations."""

from pathlib import Path

import pytest

from gongkai.core.credit_fields import (
    ALWAYS,
    BY_PARTY_KIND,
    ID_TYPES,
    LICENSE_CATEGORIES,
    LICENSE_FIELDS,
    PARTY_KINDS,
    PENALTY_CATEGORIES,
    PENALTY_FIELDS,
    FieldSpec,
    field_code_for_header,
    normalize_id_type,
    normalize_license_category,
    normalize_party_kind,
    normalize_penalty_categories,
)


@pytest.fixture
def laws_dir():
    """The law texts shipped with the tests (tests/data/README.md)."""
    return Path(__file__).resolve().parents[1] / "data" / "laws"


def test_penalty_fields_in_the_standards_order():
    codes = [spec.code for spec in PENALTY_FIELDS]
    assert codes[0] == "CF_XDR_MC" and codes[-1] == "BZ"
    assert codes == [
        "CF_XDR_MC", "CF_XDR_LB", "CF_XDR_SHXYM", "CF_XDR_GSZC", "CF_XDR_ZZJG", "CF_XDR_SWDJ", "CF_XDR_SYDW",
        "CF_XDR_SHZZ", "CF_FRDB", "CF_FR_ZJLX", "CF_FR_ZJHM", "CF_XDR_ZJLX", "CF_XDR_ZJHM", "CF_WSH", "CF_WFXW",
        "CF_SY", "CF_YJ", "CF_CFLB", "CF_NR", "CF_NR_FK", "CF_NR_WFFF", "CF_NR_ZKDX", "CF_JDRQ", "CF_YXQ",
        "CF_GSJZQ", "CF_CFJG", "CF_CFJGDM", "CF_SJLY", "CF_SJLYDM", "BZ",
    ]


def test_license_fields_in_the_standards_order():
    codes = [spec.code for spec in LICENSE_FIELDS]
    assert codes == [
        "XK_XDR_MC", "XK_XDR_LB", "XK_XDR_SHXYM", "XK_XDR_GSZC", "XK_XDR_ZZJG", "XK_XDR_SWDJ", "XK_XDR_SYDW",
        "XK_XDR_SHZZ", "XK_FRDB", "XK_FR_ZJLX", "XK_FR_ZJHM", "XK_XDR_ZJLX", "XK_XDR_ZJHM", "XK_XKWS", "XK_WSH",
        "XK_XKLB", "XK_XKZS", "XK_XKBH", "XK_NR", "XK_JDRQ", "XK_YXQZ", "XK_YXQZI", "XK_XKJG", "XK_XKJGDM",
        "XK_ZT", "XK_LYDW", "XK_LYDWDM", "BZ",
    ]


@pytest.mark.parametrize("fields", [PENALTY_FIELDS, LICENSE_FIELDS])
def test_requirements_by_party_kind(fields):
    prefix = fields[0].code[:2]
    by_code = {spec.code: spec for spec in fields}
    assert by_code[f"{prefix}_WSH"].required == ALWAYS
    for code in (f"{prefix}_XDR_SHXYM", f"{prefix}_FRDB"):
        assert by_code[code].required == BY_PARTY_KIND
        assert by_code[code].is_required_for("法人及非法人组织") and by_code[code].is_required_for("个体工商户")
        assert not by_code[code].is_required_for("自然人")
    for code in (f"{prefix}_XDR_ZJLX", f"{prefix}_XDR_ZJHM"):
        assert by_code[code].is_required_for("自然人") and not by_code[code].is_required_for("法人及非法人组织")
    assert all(spec.max_length > 0 for spec in fields)


def test_field_spec_rejects_unknown_kinds_and_inconsistent_requirements():
    with pytest.raises(ValueError):
        FieldSpec("X", "x", "money", 10)
    with pytest.raises(ValueError):
        FieldSpec("X", "x", "text", 10, BY_PARTY_KIND)


def test_enumerations_are_the_official_lists():
    assert PARTY_KINDS == ("法人及非法人组织", "自然人", "个体工商户")
    assert PENALTY_CATEGORIES[:3] == ("警告", "通报批评", "罚款") and PENALTY_CATEGORIES[-2:] == ("行政拘留", "其他")
    assert len(PENALTY_CATEGORIES) == 14
    assert LICENSE_CATEGORIES == ("普通", "特许", "认可", "核准", "登记", "其他")
    assert ID_TYPES[0] == "身份证" and len(ID_TYPES) == 5


def test_penalty_categories_match_the_law_text(laws_dir):
    """行政处罚法 第九条 (一)-(五) name exactly the first thirteen categories."""
    text = (laws_dir / "行政处罚法(2021-01-22).md").read_text(encoding="utf-8")
    article = text[text.index("第九条"):text.index("第十条")]
    for category in PENALTY_CATEGORIES[:-1]:
        assert category in article


@pytest.mark.parametrize(
    ("value", "expected"),
    [("自然人", "自然人"), ("法人", "法人及非法人组织"), ("法人及其他组织", "法人及非法人组织"), ("个体户", "个体工商户"),
     (" 个人 ", "自然人"), ("外星人", None), ("", None)],
)
def test_normalize_party_kind(value, expected):
    assert normalize_party_kind(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [("身份证", "身份证"), ("居民身份证", "身份证"), ("护照", "护照号"), ("台胞证", "台湾居民来往大陆通行证"),
     ("其他-军官证", "其他-军官证"), ("其他－军官证", "其他-军官证"), ("其他", None), ("驾照", None)],
)
def test_normalize_id_type(value, expected):
    assert normalize_id_type(value) == expected


def test_normalize_penalty_categories():
    assert normalize_penalty_categories("罚款") == (("罚款",), [])
    assert normalize_penalty_categories("行政拘留；罚款") == (("罚款", "行政拘留"), [])
    assert normalize_penalty_categories("拘留,并处罚款")[1] == ["并处罚款"]
    assert normalize_penalty_categories("吊销机动车驾驶证、罚款") == (("罚款", "吊销许可证件"), [])
    assert normalize_penalty_categories("暂扣或者吊销许可证") == ((), ["暂扣或者吊销许可证"])
    assert normalize_penalty_categories("没收违法所得、没收非法财物")[0] == ("没收违法所得", "没收非法财物")


@pytest.mark.parametrize(
    ("value", "expected"),
    [("普通", "普通"), ("登记许可", "登记"), ("其他-备案", "其他-备案"), ("其他（证件签发）", "其他-证件签发"),
     ("其他", None), ("特别", None)],
)
def test_normalize_license_category(value, expected):
    assert normalize_license_category(value) == expected


def test_field_code_for_header():
    assert field_code_for_header("penalty", "CF_WSH") == "CF_WSH"
    assert field_code_for_header("penalty", "cf_wsh") == "CF_WSH"
    assert field_code_for_header("penalty", "行政处罚决定书文号") == "CF_WSH"
    assert field_code_for_header("penalty", "统一社会信用代码") == "CF_XDR_SHXYM"
    assert field_code_for_header("license", "有效期至") == "XK_YXQZI"
    assert field_code_for_header("license", "无此列") is None
