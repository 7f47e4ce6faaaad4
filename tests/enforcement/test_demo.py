"""The demo documents: states of every kind, and no planted personal data on any public page."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from gongkai.enforcement import demo
from gongkai.enforcement.demo_documents import make_document
from gongkai.enforcement.models import DecisionDocument
from gongkai.portal.section_pages import build_section

TODAY = dt.date(2026, 11, 27)


@pytest.mark.django_db
def test_demo_has_every_state_and_leaks_nothing(demo_bureau, site_root, monkeypatch):
    planted: set[str] = set()

    def recording(generator):
        def wrapper(*args, **kwargs):
            document = generator(*args, **kwargs)
            planted.update(value for _, value in document.planted)
            return document
        return wrapper

    monkeypatch.setattr(demo, "make_document", recording(demo.make_document))
    monkeypatch.setattr(demo, "make_review_decision", recording(demo.make_review_decision))
    counts = demo.load(demo_bureau, TODAY, count=160)
    assert counts["published"] > 40 and counts["pending"] > 0 and counts["excluded"] > 10
    assert counts["withdrawn"] == 1
    assert demo.load(demo_bureau, TODAY) == {}  # idempotent
    excluded = set(DecisionDocument.objects.filter(state="excluded").values_list("exclusion_code", flat=True))
    assert {"minor", "on_the_spot", "secret"} <= excluded

    build_section("enforcement", demo_bureau)
    pages = {path: path.read_text(encoding="utf-8") for path in (site_root / "zfgk").rglob("*.html")}
    assert len(pages) > 40
    public = "\n".join(pages.values())
    for document in DecisionDocument.objects.exclude(public_text=""):
        assert document.state in ("published", "withdrawn", "expired")
    planted |= _structured_values()
    assert len(planted) > 500
    leaks = sorted({value for value in planted if value in public})
    assert leaks == []
    for document in DecisionDocument.objects.filter(state="excluded"):
        assert document.document_number not in public


def _structured_values() -> set[str]:
    values = set()
    for document in DecisionDocument.objects.all():
        for party in document.parties:
            if party["kind"] == "natural":
                values.add(party["name"])
            if party.get("id_number"):
                values.add(party["id_number"])
    return values


def test_generator_plants_what_it_lists():
    rng = random.Random(1)
    document = make_document(rng, dt.date(2026, 5, 6), sequence=7)
    for kind, value in document.planted:
        assert value in document.text, (kind, value)
