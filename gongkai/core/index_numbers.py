"""索引号: rendering an agency's configured format into a unique, permanent item identifier.

The national guideline's form is `{orgcode9}/{YYYY}-{NNNNN}` (20 characters); agencies in the
wild use others (USCC prefixes, YYYYMM, different separators), so the format is data.
"""

from __future__ import annotations

import re

PLACEHOLDER = re.compile(r"\{(org-code|uscc|YYYY|YYYYMM|N+)\}")
DEFAULT_FORMAT = "{org-code}/{YYYY}-{NNNNN}"


class IndexFormatError(ValueError):
    pass


def validate_format(fmt: str) -> None:
    """A format must contain exactly one sequence placeholder and only known placeholders."""
    unknown = [name for name in re.findall(r"\{([^}]*)\}", fmt) if not PLACEHOLDER.fullmatch("{" + name + "}")]
    if unknown:
        raise IndexFormatError(f"索引号格式含未知占位符：{', '.join(unknown)}")
    sequences = re.findall(r"\{N+\}", fmt)
    if len(sequences) != 1:
        raise IndexFormatError("索引号格式必须且只能含一个顺序号占位符，如 {NNNNN}")
    if "{YYYY}" not in fmt and "{YYYYMM}" not in fmt:
        raise IndexFormatError("索引号格式必须含年份 {YYYY} 或 {YYYYMM}，顺序号按年编排")


def render_index_number(fmt: str, *, org_code: str, uscc: str, year: int, month: int, sequence: int) -> str:
    validate_format(fmt)
    width = len(re.search(r"\{(N+)\}", fmt).group(1))
    if sequence >= 10**width:
        raise IndexFormatError(f"{year}年顺序号已超过{width}位（{sequence}）")
    values = {"org-code": org_code, "uscc": uscc, "YYYY": f"{year:04d}", "YYYYMM": f"{year:04d}{month:02d}"}
    return PLACEHOLDER.sub(lambda m: values.get(m.group(1)) or f"{sequence:0{width}d}", fmt)
