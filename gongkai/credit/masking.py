"""What the public may see of a 双公示 record: a whitelist of fields, natural persons masked, free text redacted.

Rules and decisions (law-and-standards.md §4.4; no stored source fixes them, so the strict side is taken):
- A natural person (自然人) is shown as surname + 某某 (`RedactionPolicy.punished_name_mask`, "某" on
  request) through `core.redaction.mask_person_name`, the one engine 执法公开 uses too. The 2025
  《信用修复管理办法》 summary says "自然人应作匿名处理"; crsrw.com's rule hides ID numbers, addresses,
  phones and bank accounts.
- 证件类型/证件号码 of a party and of a 法定代表人 are never in the public dict: they are simply not on
  the whitelist, so a new field cannot leak by default.
- 法定代表人: published in full for 法人及非法人组织 (the data standard publishes it and the 企业信用
  信息公示系统 shows it already); masked for 个体工商户, whose 经营者 is a natural person running a
  personal business. A 个体工商户 registered without a 字号 may carry the operator's own name as its
  name; such a name (a bare 2-4 character personal name) is masked like a natural person's.
- Free text (CF_SY 违法事实, CF_NR 处罚内容, CF_NR_ZKDX, XK_NR 许可内容, BZ 备注) goes through
  `core.redaction.redact` with the natural person (or 经营者) as the punished name, so ID numbers,
  phones, addresses, plates and other persons' names are masked. Afterwards every staff-only value
  this record knows (the full name, the ID numbers) is replaced literally wherever it survived, a
  second net under the heuristic engine.
- 许可编号 of a natural person's licence is withheld: it is a personal certificate number.
Staff read the record itself in the admin; only the public pages, the public API and public exports
go through `public_record`.
"""

from __future__ import annotations

import re
from datetime import date

from gongkai.core.redaction import DEFAULT_POLICY, RedactionPolicy, mask_person_name, redact

__all__ = [
    "PERSON_NAME_MASK",
    "public_name",
    "public_record",
    "public_summary",
    "redact_public_text",
    "staff_only_values",
]

PERSON_NAME_MASK = DEFAULT_POLICY.punished_name_mask  # "某某"; set RedactionPolicy(punished_name_mask="某")
NATURAL_PERSON = "自然人"
INDIVIDUAL_BUSINESS = "个体工商户"
ORGANISATION = "法人及非法人组织"
WITHHELD = "×××"

# A 个体工商户 name that is no more than a personal name: 2-4 Han characters, no shop or company word.
_BARE_PERSON_NAME = re.compile(r"^[\u4e00-\u9fff]{2,4}$")
_BUSINESS_WORD = re.compile(r"店|厂|行|铺|部|馆|社|坊|公司|中心|超市|门市|经营|商|服务|工作室|摊|场|站|所|园|吧")


def _policy(mask: str | None) -> RedactionPolicy:
    return DEFAULT_POLICY if mask in (None, DEFAULT_POLICY.punished_name_mask) else RedactionPolicy(punished_name_mask=mask)


def _looks_like_person_name(name: str) -> bool:
    return bool(_BARE_PERSON_NAME.match(name or "")) and not _BUSINESS_WORD.search(name)


def public_name(name: str, party_kind: str, *, mask: str | None = None) -> str:
    """The party's name as the public sees it."""
    if party_kind == NATURAL_PERSON or (party_kind == INDIVIDUAL_BUSINESS and _looks_like_person_name(name)):
        return mask_person_name(name, _policy(mask))
    return name


def _prefix(record) -> str:
    return "CF" if hasattr(record, "penalty_categories") else "XK"


def _protected_persons(record, fields: dict, prefix: str) -> list[str]:
    """Natural persons whose names the engine must mask as the punished party."""
    names = []
    if record.party_kind == NATURAL_PERSON or (record.party_kind == INDIVIDUAL_BUSINESS
                                               and _looks_like_person_name(record.party_name)):
        names.append(record.party_name)
    if record.party_kind == INDIVIDUAL_BUSINESS and fields.get(f"{prefix}_FRDB"):
        names.append(fields[f"{prefix}_FRDB"])
    return [name for name in names if name]


def staff_only_values(record) -> dict[str, str]:
    """Every value of this record the public must never read verbatim, keyed to its replacement."""
    fields = record.fields or {}
    prefix = _prefix(record)
    secrets: dict[str, str] = {}
    for code in (f"{prefix}_XDR_ZJHM", f"{prefix}_FR_ZJHM"):
        value = (fields.get(code) or "").strip()
        if value:
            secrets[value] = WITHHELD
    for name in _protected_persons(record, fields, prefix):
        if len(name) >= 2:
            secrets[name] = mask_person_name(name)
    return secrets


def redact_public_text(text: str, record, *, mask: str | None = None) -> str:
    """Free text for the public: the redaction engine, then a literal scrub of the known secrets."""
    if not text:
        return ""
    prefix = _prefix(record)
    persons = _protected_persons(record, record.fields or {}, prefix)
    policy = _policy(mask)
    fields = record.fields or {}
    # Public words of the record the engine must leave alone: the deciding agency, the data source and, for
    # an organisation, its own name and code (the engine's name finder would otherwise read 字号 as people).
    public = [fields.get(code) or "" for code in (f"{prefix}_CFJG", f"{prefix}_XKJG", f"{prefix}_SJLY", f"{prefix}_LYDW")]
    organisation = [] if record.party_kind == NATURAL_PERSON or persons and record.party_name in persons else [
        record.party_name, record.party_uscc or ""]
    result = redact(text, punished_names=persons, allow=[p for p in public if p], punished_org=organisation,
                    policy=policy).text
    for secret, replacement in sorted(staff_only_values(record).items(), key=lambda pair: -len(pair[0])):
        if secret in result:
            result = result.replace(secret, mask_person_name(secret, policy) if replacement != WITHHELD else replacement)
    return result


def _date_text(value) -> str:
    if value in (None, ""):
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return str(value).replace("/", "-")


def _legal_representative(record, fields: dict, prefix: str, mask: str | None) -> str:
    value = fields.get(f"{prefix}_FRDB") or ""
    if not value or record.party_kind == NATURAL_PERSON:
        return ""
    if record.party_kind == INDIVIDUAL_BUSINESS:
        return mask_person_name(value, _policy(mask))
    return value


def _party_codes(record, fields: dict, prefix: str) -> dict:
    """Registration codes of organisations; a natural person has none that may be shown."""
    if record.party_kind == NATURAL_PERSON:
        return {}
    labels = {
        "XDR_SHXYM": "统一社会信用代码", "XDR_GSZC": "工商注册号", "XDR_ZZJG": "组织机构代码",
        "XDR_SWDJ": "税务登记号", "XDR_SYDW": "事业单位证书号", "XDR_SHZZ": "社会组织登记证号",
    }
    codes = {labels["XDR_SHXYM"]: record.party_uscc or fields.get(f"{prefix}_XDR_SHXYM", "")}
    for suffix, label in labels.items():
        if suffix != "XDR_SHXYM" and fields.get(f"{prefix}_{suffix}"):
            codes[label] = fields[f"{prefix}_{suffix}"]
    return codes


def public_record(record, *, mask: str | None = None) -> dict:
    """Exactly the fields the public may see, with the standard's Chinese labels, in display order."""
    fields = record.fields or {}
    prefix = _prefix(record)
    shown: dict[str, str] = {
        "行政相对人名称": public_name(record.party_name, record.party_kind, mask=mask),
        "行政相对人类别": record.party_kind,
        **_party_codes(record, fields, prefix),
    }
    representative = _legal_representative(record, fields, prefix, mask)
    if representative:
        shown["法定代表人"] = representative
    text = lambda code: redact_public_text(fields.get(code) or "", record, mask=mask)  # noqa: E731
    if prefix == "CF":
        shown.update({
            "行政处罚决定书文号": record.document_number,
            "违法行为类型": fields.get("CF_WFXW", ""),
            "违法事实": text("CF_SY"),
            "处罚依据": fields.get("CF_YJ", ""),
            "处罚类别": fields.get("CF_CFLB", ""),
            "处罚内容": text("CF_NR"),
            "罚款金额（万元）": fields.get("CF_NR_FK", ""),
            "没收违法所得、没收非法财物的金额（万元）": fields.get("CF_NR_WFFF", ""),
            "暂扣或吊销证照名称及编号": text("CF_NR_ZKDX"),
            "处罚决定日期": _date_text(record.decided_on),
            "处罚有效期": _date_text(fields.get("CF_YXQ")),
            "公示截止期": _date_text(record.publicity_ends_on),
            "处罚机关": fields.get("CF_CFJG", ""),
            "处罚机关统一社会信用代码": fields.get("CF_CFJGDM", ""),
            "数据来源单位": fields.get("CF_SJLY", ""),
            "数据来源单位统一社会信用代码": fields.get("CF_SJLYDM", ""),
        })
    else:
        valid_until = _date_text(record.valid_until) if record.valid_until else "长期"
        shown.update({
            "行政许可决定文书名称": fields.get("XK_XKWS", ""),
            "行政许可决定文书号": record.document_number,
            "许可类别": fields.get("XK_XKLB", ""),
            "许可证书名称": fields.get("XK_XKZS", ""),
            "许可编号": WITHHELD if record.party_kind == NATURAL_PERSON and fields.get("XK_XKBH") else fields.get("XK_XKBH", ""),
            "许可内容": text("XK_NR"),
            "许可决定日期": _date_text(record.decided_on),
            "有效期自": _date_text(record.valid_from or fields.get("XK_YXQZ")),
            "有效期至": valid_until,
            "许可机关": fields.get("XK_XKJG", ""),
            "许可机关统一社会信用代码": fields.get("XK_XKJGDM", ""),
            "数据来源单位": fields.get("XK_LYDW", ""),
            "数据来源单位统一社会信用代码": fields.get("XK_LYDWDM", ""),
        })
    if fields.get("BZ"):
        shown["备注"] = text("BZ")
    return {label: value for label, value in shown.items() if value not in (None, "")}


def public_summary(record, *, mask: str | None = None) -> dict:
    """The few columns of a result list (no free text), in Chinese labels."""
    is_penalty = _prefix(record) == "CF"
    summary = {
        "类别": "行政处罚" if is_penalty else "行政许可",
        "行政相对人名称": public_name(record.party_name, record.party_kind, mask=mask),
        "行政相对人类别": record.party_kind,
        "决定文书号": record.document_number,
        "决定日期": _date_text(record.decided_on),
    }
    if record.party_kind != NATURAL_PERSON and record.party_uscc:
        summary["统一社会信用代码"] = record.party_uscc
    if is_penalty:
        summary["处罚类别"] = (record.fields or {}).get("CF_CFLB", "")
    else:
        summary["许可类别"] = record.license_category
    return summary
