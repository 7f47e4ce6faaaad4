"""Which decision documents may never be published, decided before anything else is done with them.

law-and-standards.md §3: not published are documents involving 国家秘密 or 警务工作秘密 (公安机关执法公开
规定 art.6), a punished person who is a 未成年人 and documents whose main facts are 个人隐私 (local
《行政处罚结果信息网上公示暂行办法》 (一)(二), §3.3); 当场/简易程序 and 警告-only decisions are UNSURE
exceptions (§3.2), so they are held back by default and published only when the agency opts in
(EnforcementSettings). The first three are absolute: no setting or span edit lifts them.

They come from facts only (issue 13), never from words in the narrative: a staff decision (the case
flags), the punished party's birth date (structured, or the ID number / 出生日期 in the punished party's
own clause) against the date of the act, and a classification mark in the header area. "秘密窃取" or a
minor victim withholds nothing. Because a fact read from the text can still be read wrongly, staff may
lift an AUTOMATIC exclusion with a reason (`services.lift_exclusion`, written to the audit log); the lift
is kept in `flags["lifted"]` ({code: reason}) and is consulted here. A staff exclusion (flags[code] is
True) is never lifted this way: the staff member who set it clears it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from gongkai.core.redaction import RedactionPolicy, decide_withhold, policy_withhold

PERMISSIVE = RedactionPolicy(withhold_on_the_spot=False, withhold_warning_only=False)


@dataclass(frozen=True)
class Exclusion:
    code: str  # DecisionDocument.Exclusion value
    reason: str
    absolute: bool


def birth_from_id(number: str) -> dt.date | None:
    """The birth date inside a 居民身份证号码 (18 digits: positions 7-14; 15 digits: 19 + 7-12)."""
    digits = "".join(ch for ch in (number or "") if ch.isdigit() or ch in "Xx")
    try:
        if len(digits) == 18:
            return dt.date(int(digits[6:10]), int(digits[10:12]), int(digits[12:14]))
        if len(digits) == 15:
            return dt.date(1900 + int(digits[6:8]), int(digits[8:10]), int(digits[10:12]))
    except ValueError:
        return None
    return None


def parse_date(value) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def party_birth_dates(parties) -> list[dt.date]:
    """Birth dates of the punished parties (given, or read from their ID numbers)."""
    births = []
    for party in parties or ():
        if party.get("kind", "natural") != "natural" or party.get("role", "punished") != "punished":
            continue
        for birth in (parse_date(party.get("birth_date")), birth_from_id(party.get("id_number", ""))):
            if birth:
                births.append(birth)
    return births


def age_on(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def _code_of(reason: str) -> str:
    return "secret" if "秘密" in reason else "minor"


def lifted_codes(document) -> dict[str, str]:
    """{code: reason} of the automatic exclusions staff have lifted for this document."""
    lifted = (document.flags or {}).get("lifted") or {}
    return {code: str(reason) for code, reason in lifted.items()} if isinstance(lifted, dict) else {}


def automatic_exclusion(document) -> Exclusion | None:
    """Minor or secret as read from the structured parties and the original text (no staff flag)."""
    lifted = lifted_codes(document)
    # Strict: the earliest known date of the case (the act, else the decision) gives the youngest age.
    days = [day for day in (document.act_on, document.decided_on) if day]
    if days and "minor" not in lifted:
        day = min(days)
        for birth in party_birth_dates(document.parties):
            if birth <= day and age_on(birth, day) < 18:
                return Exclusion("minor", f"违法行为发生时（{day.isoformat()}）被处罚人未满十八周岁，依法不予公开", True)
    reason = decide_withhold(document.original_text, act_date=document.act_on, policy=PERMISSIVE)
    if reason and _code_of(reason) not in lifted:
        return Exclusion(_code_of(reason), reason, True)
    return None


def absolute_exclusion(document) -> Exclusion | None:
    """Minor, secret or privacy: staff flags first, then the facts (parties, the text's header and party clause)."""
    flags = document.flags or {}
    if flags.get("secret"):
        return Exclusion("secret", "涉及国家秘密或者警务工作秘密，依法不予公开", True)
    if flags.get("minor"):
        return Exclusion("minor", "被处罚人为未成年人，依法不予公开", True)
    found = automatic_exclusion(document)
    if found is not None:
        return found
    if flags.get("privacy"):
        return Exclusion("privacy", "主要事实涉及个人隐私，依法不予公开", True)
    return None


def is_warning_only(penalties) -> bool:
    """The structured penalties are 警告 and nothing heavier."""
    cleaned = [str(p).strip() for p in penalties or () if str(p).strip()]
    return bool(cleaned) and all(p in ("警告", "警告处罚", "处警告") for p in cleaned)


def assess(document, agency_settings) -> Exclusion | None:
    """The reason this document may not be published under the agency's settings, or None."""
    found = absolute_exclusion(document)
    if found is not None:
        return found
    policy = RedactionPolicy(withhold_on_the_spot=not agency_settings.publish_on_the_spot,
                             withhold_warning_only=not agency_settings.publish_warning_only)
    flags = set()
    if document.procedure == "simple":
        flags.add("on_the_spot")
    if is_warning_only(document.penalties):
        flags.add("warning_only")
    reason = policy_withhold(document.original_text, flags=flags, policy=policy)
    if not reason:
        return None
    code = "on_the_spot" if ("当场" in reason or "简易" in reason) else "warning_only"
    return Exclusion(code, reason, False)
