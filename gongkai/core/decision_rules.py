"""The legal situations of 条例第三十六条 to 第三十九条 and the annual-report category each counts as.

Staff pick the situation (what the law says happened); the report category follows from it, so the
annual report's table 三 is filled from decisions without anyone re-classifying them.

Art.36(四) "does not exist" and (五) "not ours" are two answers with two letters: (五) gives the
reasons and, where it can be determined, the responsible agency's name and contact
(`letter_sentence`). Both count in the one report row （四）无法提供 1.本机关不掌握相关政府信息,
the only row of either format for information this agency does not hold. 要求确认或重新出具已获取信息
is a row of the 2021 format with no article of its own: the 条例 gives none (art.39 is about
petitions and publications); the basis cited is art.2, which defines 政府信息 as what an agency has
made or obtained and keeps, which a confirmation or a re-issued document is not.
"""

from __future__ import annotations

from dataclasses import dataclass

from gongkai.core.annual_tables import DecisionCategory as C


@dataclass(frozen=True)
class Situation:
    key: str
    label: str  # what the officer chooses
    article: str  # the legal basis cited in the reply letter
    category: C  # the annual report row it counts in
    letter_text: str  # the operative sentence of the 告知书


SITUATIONS: tuple[Situation, ...] = (
    Situation("already_public", "已经主动公开", "《中华人民共和国政府信息公开条例》第三十六条第（一）项", C.GRANTED,
              "您申请获取的政府信息已经主动公开，获取方式和途径见下文。"),
    Situation("disclose", "予以公开", "《中华人民共和国政府信息公开条例》第三十六条第（二）项", C.GRANTED,
              "经审查，您申请获取的政府信息属于可以公开的政府信息，现予以提供。"),
    Situation("partial", "部分公开（区分处理）", "《中华人民共和国政府信息公开条例》第三十七条", C.PARTIAL,
              "经审查，您申请获取的政府信息中含有不应当公开的内容，但能够作区分处理，现向您提供可以公开的部分，不予公开部分的理由如下。"),
    Situation("state_secret", "属于国家秘密", "《中华人民共和国政府信息公开条例》第十四条、第三十六条第（三）项", C.WITHHELD_STATE_SECRET,
              "经审查，您申请获取的政府信息属于国家秘密，根据规定不予公开。"),
    Situation("prohibited", "其他法律行政法规禁止公开", "《中华人民共和国政府信息公开条例》第十四条、第三十六条第（三）项",
              C.WITHHELD_PROHIBITED_BY_LAW, "经审查，您申请获取的政府信息属于法律、行政法规禁止公开的政府信息，不予公开。"),
    Situation("security_stability", "危及“三安全一稳定”", "《中华人民共和国政府信息公开条例》第十四条、第三十六条第（三）项",
              C.WITHHELD_SECURITY_STABILITY, "经审查，您申请获取的政府信息公开后可能危及国家安全、公共安全、经济安全、社会稳定，不予公开。"),
    Situation("third_party", "保护第三方合法权益", "《中华人民共和国政府信息公开条例》第十五条、第三十六条第（三）项",
              C.WITHHELD_THIRD_PARTY, "经审查，您申请获取的政府信息涉及商业秘密、个人隐私等公开会对第三方合法权益造成损害的内容，不予公开。"),
    Situation("internal_affairs", "属于三类内部事务信息", "《中华人民共和国政府信息公开条例》第十六条第一款", C.WITHHELD_INTERNAL_AFFAIRS,
              "经审查，您申请获取的政府信息属于人事管理、后勤管理、内部工作流程等内部事务信息，不予公开。"),
    Situation("process_information", "属于四类过程性信息", "《中华人民共和国政府信息公开条例》第十六条第二款", C.WITHHELD_PROCESS_INFORMATION,
              "经审查，您申请获取的政府信息属于行政机关在履行行政管理职能过程中形成的讨论记录、过程稿、磋商信函、请示报告等过程性信息，不予公开。"),
    Situation("enforcement_file", "属于行政执法案卷", "《中华人民共和国政府信息公开条例》第十六条第二款", C.WITHHELD_ENFORCEMENT_FILE,
              "经审查，您申请获取的政府信息属于行政执法案卷信息，不予公开。"),
    Situation("query_matter", "属于行政查询事项（另有查询途径）", "《中华人民共和国政府信息公开条例》第三十六条第（七）项", C.WITHHELD_QUERY_MATTER,
              "您申请获取的信息属于有关法律、行政法规对信息的获取有特别规定的查询事项，请按照相关规定办理。"),
    Situation("not_held", "信息不存在（经检索没有）", "《中华人民共和国政府信息公开条例》第三十六条第（四）项",
              C.UNAVAILABLE_NOT_HELD, "经检索，本机关没有您申请公开的政府信息，该政府信息不存在。"),
    Situation("not_ours", "不属于本机关负责公开", "《中华人民共和国政府信息公开条例》第三十六条第（五）项",
              C.UNAVAILABLE_NOT_HELD, "您申请公开的政府信息不属于本机关负责公开，理由如下。"),
    Situation("needs_creation", "没有现成信息需要另行制作", "《中华人民共和国政府信息公开条例》第三十八条", C.UNAVAILABLE_NEEDS_CREATION,
              "您申请获取的政府信息需要本机关对现有政府信息进行加工、分析，本机关不予提供。"),
    Situation("unclear_after_correction", "补正后申请内容仍不明确", "《中华人民共和国政府信息公开条例》第三十条", C.UNAVAILABLE_UNCLEAR_AFTER_CORRECTION,
              "经补正后，您的申请内容仍不明确，本机关无法提供。"),
    Situation("petition", "信访举报投诉类申请", "《中华人民共和国政府信息公开条例》第三十九条第一款", C.NOT_PROCESSED_PETITION,
              "您的申请以政府信息公开申请的形式进行信访、投诉、举报等活动，本机关不作为政府信息公开申请处理，请通过相应渠道提出。"),
    Situation("repeat", "重复申请", "《中华人民共和国政府信息公开条例》第三十六条第（六）项", C.NOT_PROCESSED_REPEAT,
              "本机关已就您申请获取的政府信息作出答复，您重复申请公开相同政府信息，本机关不予重复处理。"),
    Situation("publication", "要求提供公开出版物", "《中华人民共和国政府信息公开条例》第三十九条第二款", C.NOT_PROCESSED_PUBLICATION,
              "您申请获取的是公开出版物，请通过相关渠道获取。"),
    Situation("excessive", "无正当理由大量反复申请", "《中华人民共和国政府信息公开条例》第三十五条", C.NOT_PROCESSED_EXCESSIVE,
              "您申请公开政府信息的数量、频次明显超过合理范围，且说明的理由不合理，本机关不予处理。"),
    Situation("confirm_or_reissue", "要求确认或重新出具已获取信息", "《中华人民共和国政府信息公开条例》第二条", C.NOT_PROCESSED_CONFIRM_OR_REISSUE,
              "您要求本机关确认或者重新出具已获取的信息，不属于政府信息公开申请，本机关不予处理。"),
    Situation("no_correction", "逾期不补正，视为放弃", "《中华人民共和国政府信息公开条例》第三十条", C.OTHER_NO_CORRECTION,
              "您无正当理由逾期未补正，视为放弃申请，本机关不再处理该政府信息公开申请。"),
    Situation("fee_unpaid", "逾期未缴纳信息处理费", "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）", C.OTHER_FEE_UNPAID,
              "您逾期未按收费通知要求缴纳信息处理费，视为放弃申请，本机关不再处理该政府信息公开申请。"),
    Situation("other", "其他处理", "《中华人民共和国政府信息公开条例》", C.OTHER, "本机关对您的申请处理如下。"),
)

SITUATIONS_BY_KEY = {s.key: s for s in SITUATIONS}


def letter_sentence(situation_key: str, *, reasons: str = "", responsible_agency: str = "",
                    responsible_contact: str = "") -> str:
    """The operative sentence of the 告知书 for one situation, completed where the law asks for more.

    For art.36(五) the reasons are required, and the responsible agency's name and contact are
    added when known; every other situation's sentence is fixed.
    """
    situation = SITUATIONS_BY_KEY[situation_key]
    if situation.key != "not_ours":
        return situation.letter_text
    if not reasons.strip():
        raise ValueError("告知不属于本机关负责公开的，须说明理由（条例第三十六条第（五）项）")
    sentence = f"您申请公开的政府信息不属于本机关负责公开，理由是：{reasons.strip().rstrip('。')}。"
    if responsible_agency.strip():
        contact = f"，联系方式：{responsible_contact.strip()}" if responsible_contact.strip() else ""
        sentence += f"该政府信息由{responsible_agency.strip()}负责公开{contact}，请向该机关提出申请。"
    return sentence


# Decisions that must be filed with the level above (不予公开备案): every full or partial refusal.
FILED_CATEGORIES = frozenset(c for c in C if c.value.startswith("withheld.")) | {C.PARTIAL}

REMEDIES = ("如对本答复不服，可以在收到本答复之日起六十日内依法申请行政复议，"
            "或者在六个月内依法向人民法院提起行政诉讼。")
