"""Check 统一社会信用代码, 居民身份证号码 and 组织机构代码 and say in Chinese exactly what is wrong."""

from __future__ import annotations

import re
import string
from operator import mul
from dataclasses import dataclass
from datetime import date, datetime

from gongkai.core.text import HALF_WIDTH

__all__ = [
    "CHECKERS",
    "CheckResult",
    "ID_CHECK_CHARS",
    "ORGCODE_BODY_ALPHABET",
    "ORGCODE_CHECK_ALPHABET",
    "PROVINCE_CODES",
    "USCC_ALPHABET",
    "check_id_number",
    "check_orgcode",
    "check_uscc",
    "id15_to_id18",
    "id_check_char",
    "id_check_char_of_digits",
    "normalize",
    "orgcode_check_char",
    "uscc_check_char",
    "uscc_checksums_hold",
]

# --- 统一社会信用代码, GB 32100-2015 -------------------------------------------------
# 31 characters: the digits and the capitals without I, O, S, V, Z (easily misread).
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_LENGTH = 18
USCC_WEIGHTS = tuple(pow(3, i, 31) for i in range(USCC_LENGTH - 1))
# Seen in real data for a missing code; all-zero bodies also pass the checksum, so name them.
USCC_PLACEHOLDER_BODY = "0" * (USCC_LENGTH - 1)

# --- 居民身份证号码, GB 11643-1999 ---------------------------------------------------
ID_LENGTH = 18
ID_OLD_LENGTH = 15
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK_CHARS = "10X98765432"
ID_EARLIEST_BIRTH_YEAR = 1900
# Province-level prefixes of GB/T 2260 (71 台湾, 81 香港, 82 澳门).
PROVINCE_CODES = frozenset(
    f"{code:02d}"
    for first, last in ((11, 15), (21, 23), (31, 37), (41, 46), (50, 54), (61, 65), (71, 71), (81, 82))
    for code in range(first, last + 1)
)

# --- 组织机构代码, GB 11714 ----------------------------------------------------------
ORGCODE_BODY_ALPHABET = string.digits + string.ascii_uppercase
ORGCODE_CHECK_ALPHABET = string.digits + "X"
ORGCODE_BODY_LENGTH = 8
ORGCODE_LENGTH = 9
ORGCODE_HYPHENATED_LENGTH = 10
ORGCODE_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
_ORGCODE_VALUES = {char: index for index, char in enumerate(ORGCODE_BODY_ALPHABET)}

# Full-width ASCII (U+FF01..U+FF5E) to half-width (core.text's table), and ASCII lower to upper, in
# one pass. The ideographic space is not folded: inside a code it is an error, shown as typed.
# Only ASCII is upper-cased: str.upper() would turn "ß" or ligatures into several characters.
_NORMALIZE_TABLE = {cp: half for cp, half in HALF_WIDTH.items() if cp != 0x3000}
_NORMALIZE_TABLE.update({cp: ord(chr(half).upper()) for cp, half in HALF_WIDTH.items() if chr(half).islower()})
_NORMALIZE_TABLE.update({cp: ord(chr(cp).upper()) for cp in range(ord("a"), ord("z") + 1)})
# Dashes and minus signs from word processors are the hyphen of "XXXXXXXX-Y".
_NORMALIZE_TABLE.update({cp: ord("-") for cp in (*range(0x2010, 0x2016), 0x2212, 0xFE63)})
# Unicode whitespace (includes U+3000) plus the zero-width marks that copy-paste drags along.
_SURROUNDING_BLANKS = re.compile(r"^[\s\u200b-\u200d\u2060\ufeff]+|[\s\u200b-\u200d\u2060\ufeff]+$")


@dataclass(frozen=True)
class CheckResult:
    """Outcome of one check: callers branch on `problem`, people read `reason`."""

    kind: str  # "uscc" | "id" | "orgcode"
    value: str  # the normalised value
    valid: bool
    # "empty" | "length" | "character" | "date" | "region" | "check_digit" | "placeholder" | "orgcode"
    problem: str | None
    reason: str | None  # one line in Chinese
    birth_date: date | None = None  # id only
    sex: str | None = None  # id only: "男" / "女"

    def __bool__(self) -> bool:
        return self.valid


def normalize(value: str) -> str:
    """Give the canonical spelling people meant: half-width, upper-case, no surrounding blanks.

    Codes are typed with Chinese input methods and pasted from documents, so full-width digits,
    a lower-case x and an ideographic space are ordinary, not errors.
    """
    if value is None:
        return ""
    if not isinstance(value, str):
        value = str(value)
    return _SURROUNDING_BLANKS.sub("", value).translate(_NORMALIZE_TABLE)


# --- check characters ------------------------------------------------------------------


def uscc_check_char(body17: str) -> str:
    """Return the 18th character of a USCC; raises ValueError if the body is malformed."""
    body = normalize(body17)
    _require_body(body, USCC_LENGTH - 1, USCC_ALPHABET, "统一社会信用代码")
    return _uscc_check_of_ascii(body.encode())


def id_check_char(body17: str) -> str:
    """Return the 18th character of a resident ID number; raises ValueError if malformed."""
    body = normalize(body17)
    _require_body(body, ID_LENGTH - 1, string.digits, "身份证号码")
    return id_check_char_of_digits(body)


# The ID weights are 2**(17 - i) mod 11, and 13 ≡ 2 (mod 11), so reading the 17 digits as a base-13
# number gives the weighted sum up to a factor 2 (mod 11): one int() call instead of 17 products.
assert ID_WEIGHTS == tuple(pow(2, 17 - i, 11) for i in range(17))


def id_check_char_of_digits(body17: str) -> str:
    """The 18th character for 17 ASCII digits already checked as such: GB 11643's ISO 7064 MOD 11-2.

    The one computation of the ID checksum; `id_check_char` checks its input first, the credit
    import's row loop (which has matched the digits already) calls this directly."""
    return ID_CHECK_CHARS[2 * int(body17, 13) % 11]


def orgcode_check_char(body8: str) -> str:
    """Return the 9th character of an organisation code; raises ValueError if malformed."""
    body = normalize(body8)
    _require_body(body, ORGCODE_BODY_LENGTH, ORGCODE_BODY_ALPHABET, "组织机构代码")
    return _orgcode_check_of_ascii(body.encode())


# The two checksums over a code's ASCII bytes with list look-ups: cheaper than a dict per character,
# which matters in the credit import's row loop (a million codes a file). Each is computed only here.
_USCC_BYTE_VALUE = [0] * 128
for _index, _char in enumerate(USCC_ALPHABET):
    _USCC_BYTE_VALUE[ord(_char)] = _index
_ORGCODE_BYTE_VALUE = [0] * 128
for _char, _index in _ORGCODE_VALUES.items():
    _ORGCODE_BYTE_VALUE[ord(_char)] = _index
del _index, _char
_ORGCODE_CHECK = {index: str(index) for index in range(1, 10)} | {10: "X", 11: "0"}


def _uscc_check_of_ascii(body17: bytes) -> str:
    total = sum(map(mul, map(_USCC_BYTE_VALUE.__getitem__, body17), USCC_WEIGHTS))
    return USCC_ALPHABET[-total % 31]  # -total % 31 is (31 - total % 31) % 31: 31 maps to index 0


def _orgcode_check_of_ascii(body8: bytes) -> str:
    total = sum(map(mul, map(_ORGCODE_BYTE_VALUE.__getitem__, body8), ORGCODE_WEIGHTS))
    return _ORGCODE_CHECK[11 - total % 11]


def uscc_checksums_hold(code: str) -> bool:
    """Both check characters of an 18-character code already matched against USCC_ALPHABET: its own
    (GB 32100) and that of the 组织机构代码 it embeds (GB 11714). For the credit import's fast path;
    `check_uscc` is the judge with reasons."""
    encoded = code.encode()
    return (_uscc_check_of_ascii(encoded[:17]) == code[17]
            and _orgcode_check_of_ascii(encoded[8:16]) == code[16])


def id15_to_id18(id15: str) -> str:
    """Convert an old 15-digit ID number to the 18-digit form (adds "19" and a check char).

    Raises ValueError with the Chinese reason if the input is not a valid 15-digit number,
    because a converted number would otherwise look more trustworthy than its source.
    """
    code = normalize(id15)
    if len(code) != ID_OLD_LENGTH:
        raise ValueError(f"旧版身份证号码应为15位，实为{len(code)}位")
    result = check_id_number(code)
    if not result.valid:
        raise ValueError(result.reason)
    body17 = code[:6] + "19" + code[6:]
    return body17 + id_check_char(body17)


# --- checkers --------------------------------------------------------------------------


def check_uscc(value: str) -> CheckResult:
    """Check a 统一社会信用代码: structure, embedded 组织机构代码, and check character."""
    kind = "uscc"
    code = normalize(value)
    if not code:
        return _failure(kind, code, "empty", "统一社会信用代码为空")
    if len(code) != USCC_LENGTH:
        return _failure(kind, code, "length", f"长度应为{USCC_LENGTH}位，实为{len(code)}位")
    bad = _first_bad_char(code, [USCC_ALPHABET] * USCC_LENGTH)
    if bad:
        return _failure(kind, code, "character", bad)
    if code[: USCC_LENGTH - 1] == USCC_PLACEHOLDER_BODY:
        reason = f"“{code}”是占位代码（前17位全为0），不是真实的统一社会信用代码"
        return _failure(kind, code, "placeholder", reason)
    expected = uscc_check_char(code[:-1])
    if code[-1] != expected:
        return _failure(kind, code, "check_digit", f"校验码错误：应为{expected}，实为{code[-1]}")
    # Positions 9-17 are the organisation's GB 11714 code, check character included.
    org_body, org_check = code[8:16], code[16]
    if org_check not in ORGCODE_CHECK_ALPHABET:
        return _failure(
            kind, code, "orgcode", f"第17位是组织机构代码的校验码，应为数字或X，实为“{org_check}”"
        )
    org_expected = orgcode_check_char(org_body)
    if org_check != org_expected:
        return _failure(
            kind,
            code,
            "orgcode",
            f"第9-17位组织机构代码{org_body}-{org_check}校验码错误：应为{org_expected}，实为{org_check}",
        )
    return CheckResult(kind=kind, value=code, valid=True, problem=None, reason=None)


def check_id_number(value: str, today: date | None = None) -> CheckResult:
    """Check a 居民身份证号码 (18-digit, or the old 15-digit form without a check digit).

    `today` exists so tests can pin the "not in the future" rule; it defaults to date.today().
    """
    kind = "id"
    code = normalize(value)
    if not code:
        return _failure(kind, code, "empty", "身份证号码为空")
    if len(code) not in (ID_LENGTH, ID_OLD_LENGTH):
        return _failure(kind, code, "length", f"长度应为18位（或旧版15位），实为{len(code)}位")
    if len(code) == ID_LENGTH:
        allowed = [string.digits] * (ID_LENGTH - 1) + [ID_CHECK_CHARS]
    else:
        allowed = [string.digits] * ID_OLD_LENGTH
    bad = _first_bad_char(code, allowed)
    if bad:
        return _failure(kind, code, "character", bad)

    birth_text = code[6:14] if len(code) == ID_LENGTH else "19" + code[6:12]
    birth_date = _parse_yyyymmdd(birth_text)
    if birth_date is None:
        return _failure(kind, code, "date", f"出生日期{birth_text}不是有效日期")
    if isinstance(today, datetime):
        today = today.date()  # datetime and date do not compare
    today = today or date.today()
    if birth_date > today:
        return _failure(kind, code, "date", f"出生日期{birth_text}晚于今天（{today:%Y%m%d}）")
    if birth_date.year < ID_EARLIEST_BIRTH_YEAR:
        return _failure(kind, code, "date", f"出生日期{birth_text}早于{ID_EARLIEST_BIRTH_YEAR}年")

    if code[:2] not in PROVINCE_CODES:
        return _failure(kind, code, "region", f"地址码前两位{code[:2]}不是有效的省级行政区划代码")

    if len(code) == ID_LENGTH:
        expected = id_check_char(code[:-1])
        if code[-1] != expected:
            return _failure(kind, code, "check_digit", f"校验码错误：应为{expected}，实为{code[-1]}")
        sex_digit = code[16]
    else:
        sex_digit = code[14]
    return CheckResult(
        kind=kind,
        value=code,
        valid=True,
        problem=None,
        reason=None,
        birth_date=birth_date,
        sex="男" if int(sex_digit) % 2 else "女",
    )


def check_orgcode(value: str) -> CheckResult:
    """Check a 组织机构代码, printed either as XXXXXXXX-Y or without the hyphen."""
    kind = "orgcode"
    code = normalize(value)
    if not code:
        return _failure(kind, code, "empty", "组织机构代码为空")
    # Ten letters and digits is one too many; ten with a separator is the hyphenated form.
    if len(code) not in (ORGCODE_LENGTH, ORGCODE_HYPHENATED_LENGTH) or (
        len(code) == ORGCODE_HYPHENATED_LENGTH and all(char in ORGCODE_BODY_ALPHABET for char in code)
    ):
        return _failure(kind, code, "length", f"长度应为9位（带连字符为10位），实为{len(code)}位")
    if len(code) == ORGCODE_HYPHENATED_LENGTH:
        allowed = [ORGCODE_BODY_ALPHABET] * ORGCODE_BODY_LENGTH + ["-", ORGCODE_CHECK_ALPHABET]
    else:
        allowed = [ORGCODE_BODY_ALPHABET] * ORGCODE_BODY_LENGTH + [ORGCODE_CHECK_ALPHABET]
    bad = _first_bad_char(code, allowed)
    if bad:
        return _failure(kind, code, "character", bad)
    body, check = code[:ORGCODE_BODY_LENGTH], code[-1]
    expected = orgcode_check_char(body)
    if check != expected:
        return _failure(kind, code, "check_digit", f"校验码错误：应为{expected}，实为{check}")
    return CheckResult(kind=kind, value=code, valid=True, problem=None, reason=None)


CHECKERS = {"uscc": check_uscc, "id": check_id_number, "orgcode": check_orgcode}


# --- helpers ---------------------------------------------------------------------------


def _failure(kind: str, code: str, problem: str, reason: str) -> CheckResult:
    return CheckResult(kind=kind, value=code, valid=False, problem=problem, reason=reason)


def _first_bad_char(code: str, allowed_by_position: list[str]) -> str | None:
    """Reason naming the first character not allowed at its position, or None."""
    for position, (char, allowed) in enumerate(zip(code, allowed_by_position), start=1):
        if char not in allowed:
            return f"第{position}位字符{_show_char(char)}不允许"
    return None


def _show_char(char: str) -> str:
    # Invisible characters are named by code point so the reason stays readable.
    if char.isprintable() and not char.isspace():
        return f"“{char}”"
    return f"U+{ord(char):04X}（不可见字符）"


def _parse_yyyymmdd(text: str) -> date | None:
    try:
        return date(int(text[:4]), int(text[4:6]), int(text[6:8]))
    except ValueError:
        return None


def _require_body(body: str, length: int, alphabet: str, label: str) -> None:
    if len(body) != length:
        raise ValueError(f"{label}本体应为{length}位，实为{len(body)}位")
    bad = _first_bad_char(body, [alphabet] * length)
    if bad:
        raise ValueError(f"{label}本体{bad}")
