"""Fixtures for 执法公开: the demo bureau's reviewer, a built-site root per test, documents to capture."""

from __future__ import annotations

import datetime as dt

import pytest

from gongkai.enforcement.parsing import CapturedDocument

ADULT_TEXT = """示范市公安局城东分局
行政处罚决定书
示公东（治）行罚决字〔2026〕{n}号
违法行为人张建国，男，1985年3月2日出生，身份证号码：410102198503021234，住址：示范市城东区人民路18号幸福里3号楼2单元301室，联系电话：13812345678。
现查明：2026年10月8日21时许，张建国在城东区文化路88号附近，因琐事与被侵害人李秀英发生口角，继而殴打李秀英。证人王大明证实了上述经过。
以上事实有张建国的陈述和申辩、被侵害人李秀英的陈述、证人王大明的证人证言等证据证实。
根据《中华人民共和国治安管理处罚法》第四十三条第一款之规定，现决定对张建国处行政拘留五日，并处罚款二百元。
执行方式和期限：送示范市拘留所执行。
如不服本决定，可以在收到本决定书之日起六十日内向示范市公安局申请行政复议。

示范市公安局城东分局
二〇二六年十月二十日
"""


@pytest.fixture
def site_root(settings, tmp_path):
    settings.SITE_ROOT = tmp_path / "site"
    return settings.SITE_ROOT


@pytest.fixture
def reviewer(demo_bureau):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username="shenhe")


@pytest.fixture
def office(demo_bureau):
    """公开办: edits spans, so that the reviewer publishing is a second person (four eyes)."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username="gongkaiban")


@pytest.fixture
def officer(demo_bureau):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username="xxy-zhian")


def adult_document(n: int = 101, **changes) -> CapturedDocument:
    values = dict(text=ADULT_TEXT.format(n=n), document_number=f"示公东（治）行罚决字〔2026〕{n}号",
                  decided_on=dt.date(2026, 10, 20), title="行政处罚决定书", act_on=dt.date(2026, 10, 8),
                  parties=[{"role": "punished", "name": "张建国", "id_number": "410102198503021234",
                            "birth_date": "1985-03-02", "kind": "natural"},
                           {"role": "victim", "name": "李秀英", "id_number": "", "birth_date": "", "kind": "natural"},
                           {"role": "witness", "name": "王大明", "id_number": "", "birth_date": "", "kind": "natural"}],
                  penalties=["行政拘留五日", "并处罚款二百元"])
    values.update(changes)
    return CapturedDocument(**values)


@pytest.fixture
def make_adult():
    return adult_document
