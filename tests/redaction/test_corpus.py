"""The engine on the independent corpus (leaks 0, over-masked 0, withhold decisions right), and the corpus itself."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date

import pytest

from gongkai.core.identifiers import check_id_number, check_uscc
from gongkai.core.redaction import redact
from tests.redaction.corpus import (
    REQUIRED_TAGS,
    WITHHOLD_CATEGORIES,
    Case,
    generate,
    luhn_valid,
    squeeze,
    vin_check_char,
)
from tests.redaction.evaluate import WITHHOLD_KEYWORDS, evaluate


def redact_case(case: Case) -> tuple[str, str | None]:
    """The adapter between the corpus and the engine: only what a case system supplies goes in.

    The engine helper adapts this to the engine's API; it must never pass the manifest (must_go, others, withhold).
    """
    fields = case.fields
    person = fields["party_kind"] == "person"
    public = [fields[key] for key in ("agency", "document_number", "sanction") if fields.get(key)]
    if not person and fields.get("org_address"):
        public.append(fields["org_address"])
    result = redact(
        case.text,
        punished_names=(fields["party_name"],) if person else (),
        punished_org=() if person else (fields["party_name"], fields.get("org_code") or ""),
        punished_birth=fields["party_birth"] if person else None,
        allow=public,
        act_date=fields["act_date"],
    )
    withhold = result.withhold
    return result.text, withhold


@pytest.fixture(scope="module")
def corpus() -> list[Case]:
    return generate()


def test_engine_on_corpus_leaks_nothing_keeps_public_facts_and_withholds_right(corpus):
    report = evaluate(corpus, redact_case)
    assert (report.leaks, report.over_masked, report.wrong_withhold, report.errors) == (0, 0, 0, 0), report.describe()


# --- the generator -------------------------------------------------------------------------------

def test_generator_is_deterministic_per_seed():
    assert generate(7, 40) == generate(7, 40)
    assert [case.text for case in generate(7, 40)] != [case.text for case in generate(8, 40)]


def test_corpus_is_large_enough_and_covers_every_class(corpus):
    assert len(corpus) >= 300
    counts = Counter(tag for case in corpus for tag in case.tags)
    assert not REQUIRED_TAGS - set(counts), sorted(REQUIRED_TAGS - set(counts))
    withheld = Counter(case.withhold for case in corpus)
    assert set(withheld) == {None, *WITHHOLD_CATEGORIES}
    assert len({case.key for case in corpus}) == len(corpus)


def test_every_must_go_string_is_in_the_text_and_every_must_stay_verbatim(corpus):
    for case in corpus:
        squeezed = squeeze(case.text)
        for kind, value in case.must_go:
            assert value in case.text or squeeze(value) in squeezed, (case.key, kind, value)
        for value in case.must_stay:
            assert value in case.text, (case.key, value)
            assert not any(squeeze(gone) in squeeze(value) for _, gone in case.must_go), (case.key, value)


def test_numbers_are_valid_where_the_real_ones_carry_a_checksum(corpus):
    kinds = Counter()
    for case in corpus:
        for kind, value in case.must_go:
            kinds[kind] += 1
            if kind == "bank_card":
                assert 16 <= len(value) <= 19 and luhn_valid(value), (case.key, value)
            elif kind == "imei":
                assert len(value) == 15 and luhn_valid(value), (case.key, value)
            elif kind in ("id_number", "driving_licence"):
                assert check_id_number(value, today=date(2030, 1, 1)).valid, (case.key, value)
            elif kind == "vin":
                assert len(value) == 17 and vin_check_char(value) == value[8], (case.key, value)
        if case.fields["party_kind"] == "org":
            assert check_uscc(case.fields["org_code"]).valid, case.key
        if case.fields["party_id_number"]:
            birth = check_id_number(case.fields["party_id_number"], today=date(2030, 1, 1)).birth_date
            assert birth == case.fields["party_birth"], case.key
    assert {"name", "id_number", "phone", "address", "qq", "wechat", "email", "bank_card", "plate", "passport",
            "hk_macao_permit", "taiwan_permit", "taiwan_compatriot_permit", "vin", "imei", "ip", "alipay",
            "driving_licence", "licence_file"} <= set(kinds)


def test_withhold_expectations_follow_from_the_facts(corpus):
    for case in corpus:
        birth, act = case.fields["party_birth"], case.fields["act_date"]
        if case.fields["party_kind"] == "person" and birth:
            age = act.year - birth.year - ((act.month, act.day) < (birth.month, birth.day))
            assert (case.withhold == "minor") == (age < 18), (case.key, age, case.withhold)
        if "exactly_18" in case.tags:
            assert (birth.month, birth.day) == (act.month, act.day) and act.year - birth.year == 18
        if "minor_day_short_of_18" in case.tags:
            assert birth.replace(year=birth.year + 18) - act == (date(2001, 1, 2) - date(2001, 1, 1))
        if case.withhold == "secret":
            assert re.match(r"^(秘密|机密|绝密)", case.text), case.key
        elif case.withhold is None:
            assert not re.search(r"^(秘密|机密|绝密)", case.text, re.M), case.key


# --- the harness ---------------------------------------------------------------------------------

def _oracle(case: Case) -> tuple[str, str | None]:
    """A perfect redactor that reads the manifest: the harness must give it a clean report."""
    text = case.text
    names = {name for name, _ in case.others}
    for kind, value in sorted(case.must_go, key=lambda item: -len(item[1])):
        chars = [re.escape(char) + (f"|{re.escape(chr(ord(char) + 0xFEE0))}" if "!" <= char <= "~" else "")
                 for char in value if char not in " -·."]
        pattern = r"[\s\-－·.．]*".join(f"(?:{alternatives})" for alternatives in chars)
        if kind == "name" and value == case.punished_name and case.punished_surname:
            replacement = case.punished_surname + "某某"
        elif kind == "name" and value in names:
            replacement = "××"
        else:
            replacement = "×××"
        text = re.sub(pattern, replacement, text, flags=re.I)
    reason = {None: None, "minor": "被处罚人为未成年人", "secret": "标注密级", "warning_only": "仅警告",
              "on_the_spot": "当场处罚"}[case.withhold]
    return text, reason


def test_harness_gives_a_perfect_redactor_a_clean_report(corpus):
    report = evaluate(corpus, _oracle)
    assert (report.leaks, report.over_masked, report.role_mask_errors, report.wrong_withhold, report.errors) == (
        0, 0, 0, 0, 0), report.describe()


def test_harness_catches_an_engine_that_does_nothing(corpus):
    report = evaluate(corpus, lambda case: (case.text, None))
    assert report.leaks == report.must_go_total
    assert report.over_masked == 0
    assert report.not_withheld_when_it_should == sum(case.withhold is not None for case in corpus)
    assert set(WITHHOLD_KEYWORDS) == set(WITHHOLD_CATEGORIES)


def test_harness_counts_a_crash_as_a_failed_case(corpus):
    def crash(case):
        raise ValueError("boom")

    report = evaluate(corpus[:3], crash)
    assert report.errors == 3 and len(report.failures) == 3
