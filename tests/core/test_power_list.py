"""Tests for gongkai.core.power_list: the committed JSON is the generator's output and quotes the laws verbatim."""

from collections import Counter
from pathlib import Path

import pytest

from gongkai.core.credit_fields import LICENSE_CATEGORIES, PARTY_KINDS, normalize_license_category
from gongkai.core.power_list import (
    POWER_LIST_PATH,
    build_power_list,
    cn_number,
    load_power_list,
    parse_law,
    power_list_json,
)

DEMO_UNITS = {"交警支队", "治安支队", "出入境管理支队", "人口与户政管理支队"}  # gongkai/ops/demo.py UNITS


@pytest.fixture(scope="module")
def laws_dir():
    """The four laws the list is generated from, shipped with the tests (tests/data/README.md)."""
    return Path(__file__).resolve().parents[1] / "data" / "laws"


@pytest.fixture(scope="module")
def catalogue():
    return load_power_list()


def test_committed_json_is_the_generators_output(laws_dir):
    assert POWER_LIST_PATH.read_text(encoding="utf-8") == power_list_json(build_power_list(laws_dir)), (
        "regenerate with: python -m gongkai.core.power_list"
    )


def test_every_basis_passage_occurs_verbatim(laws_dir, catalogue):
    texts = {}
    for item in catalogue["items"]:
        basis = item["basis"]
        text = texts.setdefault(basis["file"], (laws_dir / basis["file"]).read_text(encoding="utf-8"))
        assert basis["passages"], item["id"]
        for passage in basis["passages"]:
            assert passage in text, (item["id"], passage)
        assert item["设定依据"] == f"{basis['citation']}：" + "".join(basis["passages"])
        first = basis["passages"][0]
        if basis["paragraph"] == 1:  # the article's first 款 follows its label on the same line
            assert f"{basis['article_label']} {first}" in text


def test_shape(catalogue):
    keys = {"id", "行政决定部门", "行政职权类别", "项目名称", "设定依据", "行政相对人类别", "basis"}
    for item in catalogue["items"]:
        assert keys <= set(item)
        assert item["行政职权类别"] in ("行政处罚", "行政许可")
        assert item["行政决定部门"] in DEMO_UNITS
        assert item["行政相对人类别"] and set(item["行政相对人类别"]) <= set(PARTY_KINDS)
        assert item["设定依据"].startswith("《中华人民共和国")
        if item["行政职权类别"] == "行政许可":
            category = item["许可类别"]
            assert category in LICENSE_CATEGORIES or normalize_license_category(category) == category
        else:
            assert item["项目名称"].startswith("对") and item["项目名称"].endswith("的处罚")
            assert "对对" not in item["项目名称"]
    ids = [item["id"] for item in catalogue["items"]]
    names = [item["项目名称"] for item in catalogue["items"]]
    assert len(ids) == len(set(ids)) and len(names) == len(set(names))


def test_counts(catalogue):
    kinds = Counter(item["行政职权类别"] for item in catalogue["items"])
    assert kinds == {"行政许可": 15, "行政处罚": 166}
    assert catalogue["counts"]["行政处罚_按法律"] == {
        "治安管理处罚法": 125, "道路交通安全法": 34, "道路交通安全法实施条例": 0, "居民身份证法": 7,
    }
    units = Counter(item["行政决定部门"] for item in catalogue["items"])
    assert units["出入境管理支队"] == 3 and units["人口与户政管理支队"] == 10


def test_known_items(catalogue):
    by_id = {item["id"]: item for item in catalogue["items"]}
    first = by_id["CF-ZA-023-1-1"]
    assert first["项目名称"] == "对扰乱机关、团体、企业、事业单位秩序的处罚"
    assert first["basis"]["citation"] == "《中华人民共和国治安管理处罚法》第二十三条第一款第（一）项"
    assert first["行政决定部门"] == "治安支队" and first["行政相对人类别"] == ["自然人"]
    drunk = by_id["CF-JT-091-1-0"]
    assert drunk["项目名称"] == "对饮酒后驾驶机动车的处罚" and drunk["行政决定部门"] == "交警支队"
    assert by_id["CF-SFZ-016-1-2"]["项目名称"] == "对出租、出借、转让居民身份证的处罚"
    assert by_id["XK-JT-019-2-0"]["项目名称"] == "机动车驾驶证核发" and by_id["XK-JT-019-2-0"]["许可类别"] == "认可"
    assert "CF-JT-094-1-0" not in by_id  # decided by the 价格主管部门, not the police
    assert "CF-JT-088-1-0" not in by_id  # a list of penalty kinds, not a punishable act


def test_cn_number():
    assert [cn_number(t) for t in ("一", "十", "十五", "二十三", "一百", "一百零三", "一百一十九")] == [1, 10, 15, 23, 100, 103, 119]


def test_parse_law_paragraphs_and_items():
    text = "# 法\n\n## 第三章 法律责任\n\n第二十三条 有下列行为之一的，处警告:\n\n（一）甲的；\n\n（二）乙的。\n\n聚众实施前款行为的，处拘留。\n"
    (article,) = parse_law(text)
    assert article.number == 23 and article.chapter == "第三章"
    assert [p.text for p in article.paragraphs] == ["有下列行为之一的，处警告:", "聚众实施前款行为的，处拘留。"]
    assert article.paragraphs[0].items == ["（一）甲的；", "（二）乙的。"]
