"""The legal situations of 条例第三十六条 to 第三十九条 and the annual-report category each counts as.

Staff pick the situation (what the law says happened); the report category follows from it, so the
annual report's table 三 is filled from decisions without anyone re-classifying them.
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
    Situation("not_held", "本机关不掌握（信息不存在或不属于本机关）", "《中华人民共和国政府信息公开条例》第三十六条第（四）项、第（五）项",
              C.UNAVAILABLE_NOT_HELD, "经检索，本机关未制作或者获取您申请的政府信息，该政府信息不存在或者不属于本机关负责公开。"),
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
    Situation("confirm_or_reissue", "要求确认或重新出具已获取信息", "《中华人民共和国政府信息公开条例》第三十九条", C.NOT_PROCESSED_CONFIRM_OR_REISSUE,
              "您要求本机关确认或者重新出具已获取的信息，不属于政府信息公开申请，本机关不予处理。"),
    Situation("no_correction", "逾期不补正，视为放弃", "《中华人民共和国政府信息公开条例》第三十条", C.OTHER_NO_CORRECTION,
              "您无正当理由逾期未补正，视为放弃申请，本机关不再处理该政府信息公开申请。"),
    Situation("fee_unpaid", "逾期未缴纳信息处理费", "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）", C.OTHER_FEE_UNPAID,
              "您逾期未按收费通知要求缴纳信息处理费，视为放弃申请，本机关不再处理该政府信息公开申请。"),
    Situation("other", "其他处理", "《中华人民共和国政府信息公开条例》", C.OTHER, "本机关对您的申请处理如下。"),
)

SITUATIONS_BY_KEY = {s.key: s for s in SITUATIONS}

# Decisions that must be filed with the level above (不予公开备案): every full or partial refusal.
FILED_CATEGORIES = frozenset(c for c in C if c.value.startswith("withheld.")) | {C.PARTIAL}

REMEDIES = ("如对本答复不服，可以在收到本答复之日起六十日内依法申请行政复议，"
            "或者在六个月内依法向人民法院提起行政诉讼。")
