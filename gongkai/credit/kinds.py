"""The two kinds of 双公示 record (行政许可, 行政处罚): their model, label and key field codes, said once.

The importer, the export and the counts all branch on the kind; before this module the importer
held the mapping and the export imported the importer for it, a cycle hidden in a function body.
"""

from __future__ import annotations

from gongkai.credit.models import LicenseRecord, PenaltyRecord

RECORD_MODELS = {"penalty": PenaltyRecord, "license": LicenseRecord}
KIND_LABELS = {"penalty": "行政处罚", "license": "行政许可"}
DOC_FIELD = {"penalty": "CF_WSH", "license": "XK_WSH"}  # 决定书文号
NAME_FIELD = {"penalty": "CF_XDR_MC", "license": "XK_XDR_MC"}  # 行政相对人名称
USCC_FIELD = {"penalty": "CF_XDR_SHXYM", "license": "XK_XDR_SHXYM"}  # 统一社会信用代码
DATE_FIELD = {"penalty": "CF_JDRQ", "license": "XK_JDRQ"}  # 决定日期
AUTHORITY_FIELD = {"penalty": "CF_CFJG", "license": "XK_XKJG"}  # 处罚机关 / 许可机关 (the record's `authority`)


def record_model(kind: str):
    """The model of `kind`; ValueError for anything but license or penalty."""
    if kind not in RECORD_MODELS:
        raise ValueError("kind must be license or penalty")
    return RECORD_MODELS[kind]
