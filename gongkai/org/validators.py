"""Form and model validators built on the pure identifier checks in gongkai.core."""

import re

from django.core.exceptions import ValidationError

from gongkai.core.identifiers import check_id_number, check_orgcode, check_uscc
from gongkai.core.index_numbers import IndexFormatError, validate_format


def validate_uscc(value: str) -> None:
    result = check_uscc(value)
    if not result.valid:
        raise ValidationError(f"统一社会信用代码无效：{result.reason}", code=result.problem)


def validate_orgcode(value: str) -> None:
    result = check_orgcode(value)
    if not result.valid:
        raise ValidationError(f"组织机构代码无效：{result.reason}", code=result.problem)


def validate_id_number(value: str) -> None:
    result = check_id_number(value)
    if not result.valid:
        raise ValidationError(f"居民身份证号码无效：{result.reason}", code=result.problem)


DIVISION_CODE = re.compile(r"^[1-8]\d{5}$")


def validate_division_code(value: str) -> None:
    """行政区划代码 (GB/T 2260): six digits, starting with a province digit."""
    if not DIVISION_CODE.match(value or ""):
        raise ValidationError("行政区划代码应为6位数字（GB/T 2260），如230500", code="division")


def validate_index_number_format(value: str) -> None:
    try:
        validate_format(value)
    except IndexFormatError as exc:
        raise ValidationError(str(exc), code="index_format") from None
