"""Tests for gongkai.core.identifiers: worked examples, every failure reason, and checksum properties."""

from datetime import date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.core.identifiers import (
    CHECKERS,
    ID_CHECK_CHARS,
    ORGCODE_BODY_ALPHABET,
    ORGCODE_CHECK_ALPHABET,
    PROVINCE_CODES,
    USCC_ALPHABET,
    CheckResult,
    check_id_number,
    check_orgcode,
    check_uscc,
    id15_to_id18,
    id_check_char,
    id_check_char_of_digits,
    normalize,
    orgcode_check_char,
    uscc_check_char,
)

# A fixed "today" keeps the future-date rule deterministic.
TODAY = date(2025, 6, 30)
DIGITS = "0123456789"

# --- worked examples -------------------------------------------------------------------


@pytest.mark.parametrize("code", ["11230500001755309F", "91230500MA1B3N1N2M"])
def test_uscc_worked_examples_are_valid(code):
    result = check_uscc(code)
    assert result.valid and bool(result)
    assert result == CheckResult(kind="uscc", value=code, valid=True, problem=None, reason=None)


def test_uscc_check_char_of_worked_examples():
    assert uscc_check_char("11230500001755309") == "F"
    assert uscc_check_char("91230500MA1B3N1N2") == "M"


def test_id_worked_example_is_valid_with_birth_date_and_sex():
    result = check_id_number("11010519491231002X", today=TODAY)
    assert result.valid
    assert result.kind == "id"
    assert result.birth_date == date(1949, 12, 31)
    assert result.sex == "女"  # 17th digit 2 is even
    assert id_check_char("11010519491231002") == "X"


def test_id_odd_17th_digit_is_male():
    body = "11010519491231003"
    result = check_id_number(body + id_check_char(body), today=TODAY)
    assert result.valid and result.sex == "男"


@pytest.mark.parametrize("code", ["59467239-9", "594672399"])
def test_orgcode_with_and_without_hyphen(code):
    result = check_orgcode(code)
    assert result.valid
    assert result.value == code
    assert orgcode_check_char("59467239") == "9"


def test_orgcode_check_char_special_values():
    # C = 11 - (sum mod 11): C = 11 gives '0', C = 10 gives 'X' (here 6 x 2 = 12, 12 mod 11 = 1).
    assert orgcode_check_char("00000000") == "0"
    assert orgcode_check_char("00000006") == "X"
    assert check_orgcode("00000006-X").valid
    assert check_orgcode("00000006-x").valid


def test_results_are_falsy_when_invalid():
    assert not check_uscc("11230500001755309E")
    assert not check_id_number("110105194912310021", today=TODAY)
    assert not check_orgcode("594672398")


def test_checkers_table():
    assert set(CHECKERS) == {"uscc", "id", "orgcode"}
    assert CHECKERS["uscc"]("11230500001755309F").kind == "uscc"
    assert CHECKERS["id"]("11010519491231002X").kind == "id"
    assert CHECKERS["orgcode"]("59467239-9").kind == "orgcode"


# --- normalisation ---------------------------------------------------------------------


def test_normalize_full_width_spaces_and_case():
    assert normalize("\u3000 ９１２３０５００ｍａ１Ｂ３Ｎ１Ｎ２Ｍ \t\n") == "91230500MA1B3N1N2M"
    assert normalize("１１０１０５１９４９１２３１００２ｘ") == "11010519491231002X"
    assert normalize("５９４６７２３９－９") == "59467239-9"
    assert normalize("\ufeff59467239-9\u200b") == "59467239-9"
    assert normalize("59467239\u20149") == normalize("59467239\u22129") == "59467239-9"
    assert normalize(None) == ""
    assert normalize("") == ""


def test_full_width_and_spaces_accepted_by_checkers():
    assert check_uscc("　９１２３０５００ＭＡ１Ｂ３Ｎ１Ｎ２Ｍ　").value == "91230500MA1B3N1N2M"
    assert check_uscc("  91230500ma1b3n1n2m\n").valid
    assert check_id_number(" １１０１０５１９４９１２３１００２Ｘ\u3000", today=TODAY).valid
    assert check_orgcode("\u3000５９４６７２３９－９ ").valid


def test_lower_case_x_accepted():
    result = check_id_number("11010519491231002x", today=TODAY)
    assert result.valid and result.value == "11010519491231002X"
    assert check_id_number("11010519491231002ｘ", today=TODAY).valid


# --- failure reasons: USCC -------------------------------------------------------------


@pytest.mark.parametrize("value", ["", "   ", "\u3000", None])
def test_uscc_empty(value):
    result = check_uscc(value)
    assert (result.valid, result.problem, result.reason) == (False, "empty", "统一社会信用代码为空")


def test_uscc_length():
    result = check_uscc("11230500001755309")
    assert (result.problem, result.reason) == ("length", "长度应为18位，实为17位")


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        ("112305I0001755309F", "第7位字符“I”不允许"),
        ("11230500001755309O", "第18位字符“O”不允许"),
        ("Z1230500001755309F", "第1位字符“Z”不允许"),
        ("1123050000175530SV", "第17位字符“S”不允许"),
        ("112305-0001755309F", "第7位字符“-”不允许"),
        ("1123 500001755309F", "第5位字符U+0020（不可见字符）不允许"),
    ],
)
def test_uscc_character(code, reason):
    result = check_uscc(code)
    assert (result.problem, result.reason) == ("character", reason)


def test_uscc_check_digit():
    result = check_uscc("11230500001755309E")
    assert (result.problem, result.reason) == ("check_digit", "校验码错误：应为F，实为E")


@pytest.mark.parametrize("code", ["00000000000000000X", "000000000000000000", "０００００００００００００００００Ｘ"])
def test_uscc_placeholder_rejected(code):
    result = check_uscc(code)
    assert not result.valid
    assert result.problem == "placeholder"
    assert "占位代码" in result.reason


def test_uscc_embedded_orgcode_must_pass():
    body = "11230500001755308"  # organisation code 00175530-8, should end in 9
    result = check_uscc(body + uscc_check_char(body))
    assert result.problem == "orgcode"
    assert result.reason == "第9-17位组织机构代码00175530-8校验码错误：应为9，实为8"


def test_uscc_embedded_orgcode_check_char_must_be_digit_or_x():
    body = "1123050000175530A"
    result = check_uscc(body + uscc_check_char(body))
    assert result.problem == "orgcode"
    assert "第17位" in result.reason


# --- failure reasons: ID number --------------------------------------------------------


@pytest.mark.parametrize("value", ["", " \u3000 ", None])
def test_id_empty(value):
    result = check_id_number(value, today=TODAY)
    assert (result.problem, result.reason) == ("empty", "身份证号码为空")


@pytest.mark.parametrize("code", ["1101051949123100", "11010519491231002X1", "1"])
def test_id_length(code):
    result = check_id_number(code, today=TODAY)
    assert (result.problem, result.reason) == ("length", f"长度应为18位（或旧版15位），实为{len(code)}位")


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        ("1101051949123100XX", "第17位字符“X”不允许"),
        ("11010519491231002A", "第18位字符“A”不允许"),
        ("A1010519491231002X", "第1位字符“A”不允许"),
        ("11010549123100X", "第15位字符“X”不允许"),  # no check digit in the 15-digit form
    ],
)
def test_id_character(code, reason):
    result = check_id_number(code, today=TODAY)
    assert (result.problem, result.reason) == ("character", reason)


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        ("11010519491332002X", "出生日期19491332不是有效日期"),
        ("110105194902300020", "出生日期19490230不是有效日期"),
        ("110105000001010020", "出生日期00000101不是有效日期"),
        ("11010518991231002X", "出生日期18991231早于1900年"),
        ("110105202507010020", "出生日期20250701晚于今天（20250630）"),
        ("110105491332002", "出生日期19491332不是有效日期"),
    ],
)
def test_id_date(code, reason):
    result = check_id_number(code, today=TODAY)
    assert (result.problem, result.reason) == ("date", reason)


def test_id_leap_day_and_today_are_accepted():
    body = "11010520000229002"
    assert check_id_number(body + id_check_char(body), today=TODAY).valid
    body = "11010520250630002"
    assert check_id_number(body + id_check_char(body), today=TODAY).valid
    # A datetime passed as `today` works too.
    assert check_id_number(body + id_check_char(body), today=datetime(2025, 6, 30, 12)).valid


def test_id_today_defaults_to_real_today():
    assert check_id_number("11010519491231002X").valid
    assert check_id_number("110105299912310020").problem == "date"


@pytest.mark.parametrize(
    "prefix", ["00", "10", "16", "20", "38", "47", "55", "66", "70", "72", "80", "83", "99"]
)
def test_id_region(prefix):
    body = prefix + "010519491231002"
    result = check_id_number(body + id_check_char(body), today=TODAY)
    assert (result.problem, result.reason) == ("region", f"地址码前两位{prefix}不是有效的省级行政区划代码")


def test_province_codes():
    edges = {"11", "15", "21", "23", "31", "37", "41", "46", "50", "54", "61", "65", "71", "81", "82"}
    assert edges <= PROVINCE_CODES
    assert len(PROVINCE_CODES) == 34


def test_id_check_digit():
    result = check_id_number("110105194912310021", today=TODAY)
    assert (result.problem, result.reason) == ("check_digit", "校验码错误：应为X，实为1")
    assert result.birth_date is None and result.sex is None


# --- 15-digit form ---------------------------------------------------------------------


def test_id_15_digit_form():
    result = check_id_number("110105491231002", today=TODAY)
    assert result.valid
    assert result.value == "110105491231002"
    assert result.birth_date == date(1949, 12, 31)
    assert result.sex == "女"  # 15th digit 2 is even
    assert check_id_number("110105491231003", today=TODAY).sex == "男"


def test_id15_to_id18():
    assert id15_to_id18("110105491231002") == "11010519491231002X"
    assert id15_to_id18("１１０１０５４９１２３１００２ ") == "11010519491231002X"


@pytest.mark.parametrize(
    "bad", ["11010549123100", "11010519491231002X", "110105491332002", "990105491231002", ""]
)
def test_id15_to_id18_rejects_invalid(bad):
    with pytest.raises(ValueError):
        id15_to_id18(bad)


# --- failure reasons: organisation code ------------------------------------------------


@pytest.mark.parametrize("value", ["", "　", None])
def test_orgcode_empty(value):
    result = check_orgcode(value)
    assert (result.problem, result.reason) == ("empty", "组织机构代码为空")


@pytest.mark.parametrize("code", ["59467239", "5946723999", "59467239--9", "5", "59467239-99"])
def test_orgcode_length(code):
    result = check_orgcode(code)
    expected_reason = f"长度应为9位（带连字符为10位），实为{len(code)}位"
    assert (result.problem, result.reason) == ("length", expected_reason)


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        ("5946-72399", "第5位字符“-”不允许"),
        ("59467239-A", "第10位字符“A”不允许"),
        ("59467239A", "第9位字符“A”不允许"),
        ("5946723#9", "第8位字符“#”不允许"),
        ("59467239+9", "第9位字符“+”不允许"),
    ],
)
def test_orgcode_character(code, reason):
    result = check_orgcode(code)
    assert (result.problem, result.reason) == ("character", reason)


@pytest.mark.parametrize("code", ["59467239-8", "594672398", "59467239-X"])
def test_orgcode_check_digit(code):
    result = check_orgcode(code)
    assert (result.problem, result.reason) == ("check_digit", f"校验码错误：应为9，实为{code[-1]}")


# --- check-char helpers reject malformed bodies ------------------------------------------


@pytest.mark.parametrize(
    ("helper", "body"),
    [
        (uscc_check_char, "1123050000175530"),
        (uscc_check_char, "1123050000175530I"),
        (id_check_char, "1101051949123100"),
        (id_check_char, "1101051949123100X"),
        (orgcode_check_char, "5946723"),
        (orgcode_check_char, "5946723-"),
    ],
)
def test_check_char_helpers_raise_value_error(helper, body):
    with pytest.raises(ValueError):
        helper(body)


# --- properties ------------------------------------------------------------------------



@st.composite
def valid_orgcodes(draw):
    body = draw(st.text(alphabet=ORGCODE_BODY_ALPHABET, min_size=8, max_size=8))
    return body + orgcode_check_char(body)


@st.composite
def valid_usccs(draw):
    prefix = draw(st.text(alphabet=USCC_ALPHABET, min_size=8, max_size=8))
    # The embedded organisation code must itself be valid, using only USCC characters.
    org_body = draw(st.text(alphabet=USCC_ALPHABET, min_size=8, max_size=8))
    body17 = prefix + org_body + orgcode_check_char(org_body)
    if body17 == "0" * 17:
        body17 = "1" + body17[1:]  # not the placeholder; prefix is not part of the org code
    return body17 + uscc_check_char(body17)


@st.composite
def valid_id_numbers(draw):
    province = draw(st.sampled_from(sorted(PROVINCE_CODES)))
    area = draw(st.text(alphabet=DIGITS, min_size=4, max_size=4))
    birth = draw(st.dates(min_value=date(1900, 1, 1), max_value=TODAY))
    sequence = draw(st.text(alphabet=DIGITS, min_size=3, max_size=3))
    body17 = f"{province}{area}{birth:%Y%m%d}{sequence}"
    return body17 + id_check_char(body17)


@settings(max_examples=300, deadline=None)
@given(valid_usccs())
def test_property_generated_usccs_pass(code):
    result = check_uscc(code)
    assert result.valid, result.reason


@settings(max_examples=300, deadline=None)
@given(valid_id_numbers())
def test_property_generated_id_numbers_pass(code):
    result = check_id_number(code, today=TODAY)
    assert result.valid, result.reason
    assert result.birth_date.strftime("%Y%m%d") == code[6:14]
    assert result.sex == ("男" if int(code[16]) % 2 else "女")


@settings(max_examples=300, deadline=None)
@given(valid_orgcodes(), st.booleans())
def test_property_generated_orgcodes_pass(code, hyphenated):
    value = f"{code[:8]}-{code[8]}" if hyphenated else code
    assert check_orgcode(value).valid


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=DIGITS, min_size=15, max_size=15))
def test_property_id15_conversion_agrees_with_check(id15):
    if check_id_number(id15, today=TODAY).valid:
        id18 = id15_to_id18(id15)
        assert check_id_number(id18, today=TODAY).valid
        assert id18[:6] + id18[8:17] == id15


def _substitutions(code, allowed_by_position):
    """Every code differing from `code` in exactly one position, by an allowed character."""
    for index, allowed in enumerate(allowed_by_position):
        for char in allowed:
            if char != code[index]:
                yield index, code[:index] + char + code[index + 1 :]


@settings(max_examples=200, deadline=None)
@given(valid_usccs())
def test_property_every_single_change_breaks_uscc(code):
    for index, changed in _substitutions(code, [USCC_ALPHABET] * 18):
        assert not check_uscc(changed).valid, (index, changed)


@settings(max_examples=200, deadline=None)
@given(valid_id_numbers())
def test_property_every_single_change_breaks_id_number(code):
    for index, changed in _substitutions(code, [DIGITS] * 17 + [ID_CHECK_CHARS]):
        assert not check_id_number(changed, today=TODAY).valid, (index, changed)


@settings(max_examples=200, deadline=None)
@given(valid_orgcodes())
def test_property_single_changes_to_orgcode(code):
    # GB 11714 works mod 11 over values 0-35, so a body character swapped for one whose value
    # differs by a multiple of 11 (0/B/M/X, 1/C/N/Y, ...) is undetectable by design.
    # Every other single change, and every change of the check character, must fail.
    for index, changed in _substitutions(code, [ORGCODE_BODY_ALPHABET] * 8 + [ORGCODE_CHECK_ALPHABET]):
        value_shift = ORGCODE_BODY_ALPHABET.index(changed[index]) - ORGCODE_BODY_ALPHABET.index(code[index])
        undetectable = index < 8 and value_shift % 11 == 0
        assert check_orgcode(changed).valid == undetectable, (index, changed)


def test_orgcode_blind_spot_example():
    # '9' -> 'K' (value 9 -> 20) adds 11 x weight: same checksum. Documented so nobody "fixes" it.
    assert check_orgcode("594672399").valid
    assert check_orgcode("5946723K9").valid


junk_alphabet = USCC_ALPHABET + "IOSVZxｘ０１９Ａ－- \u3000\t\u200b\ufeffß"


@settings(max_examples=500, deadline=None)
@given(st.one_of(st.text(), st.text(alphabet=junk_alphabet, max_size=20)), st.dates())
def test_property_random_text_never_raises(text, today):
    assert isinstance(normalize(text), str)
    for kind, checker in CHECKERS.items():
        result = checker(text, today=today) if kind == "id" else checker(text)
        assert isinstance(result, CheckResult)
        assert result.kind == kind
        assert result.value == normalize(text)
        if result.valid:
            assert result.problem is None and result.reason is None
        else:
            assert result.problem in {
                "empty", "length", "character", "date", "region", "check_digit", "placeholder", "orgcode",
            }
            assert result.reason and "\n" not in result.reason


# --- the one ID checksum: every caller goes through id_check_char_of_digits --------------------------

GB11643_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)  # the standard's table, written out as an oracle


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=DIGITS, min_size=17, max_size=17))
def test_property_checksum_is_the_standards_weighted_sum(body17):
    expected = "10X98765432"[sum(int(d) * w for d, w in zip(body17, GB11643_WEIGHTS)) % 11]
    assert id_check_char_of_digits(body17) == id_check_char(body17) == expected


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=DIGITS, min_size=17, max_size=17), st.integers(0, 16), st.integers(1, 9))
def test_property_checksum_catches_every_single_digit_error(body17, position, shift):
    changed = body17[:position] + str((int(body17[position]) + shift) % 10) + body17[position + 1:]
    assert id_check_char_of_digits(changed) != id_check_char_of_digits(body17)


@settings(max_examples=300, deadline=None)
@given(st.one_of(valid_id_numbers(), st.text(alphabet=DIGITS + "X", min_size=18, max_size=18)))
def test_property_credit_fast_path_agrees_with_the_checker(code):
    from gongkai.core.credit_validation import _id_reason

    assert (_id_reason(code, TODAY) is None) == check_id_number(code, today=TODAY).valid


@settings(max_examples=300, deadline=None)
@given(st.one_of(valid_usccs(), st.text(alphabet=USCC_ALPHABET, min_size=18, max_size=18)))
def test_property_credit_uscc_fast_path_agrees_with_the_checker(code):
    from gongkai.core.credit_validation import _uscc_reason

    assert (_uscc_reason(code) is None) == check_uscc(code).valid
