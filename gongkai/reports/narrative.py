"""The report's text: the official sections with default sentences whose figures stay live.

The office edits each section before sign-off. `{主动公开总数}`-style placeholders are filled from
`figures.gather_figures` every time the report is shown, so editing the wording never freezes a
number; sign-off renders the text once and keeps the result. Reports for years before 2019 use
the seven-part narrative structure of the old 条例 (the seed report's form); from 2019 the six
sections of the official format (国办公开办函〔2019〕60号, 〔2021〕30号).
"""

from __future__ import annotations

import string

from gongkai.core.annual_tables import SECTION_HEADINGS

SECTIONS_OFFICIAL = (
    ("overview", SECTION_HEADINGS[0]),
    ("proactive", SECTION_HEADINGS[1]),
    ("requests", SECTION_HEADINGS[2]),
    ("appeals", SECTION_HEADINGS[3]),
    ("problems", SECTION_HEADINGS[4]),
    ("other", SECTION_HEADINGS[5]),
)
# Which official table each section carries.
SECTION_TABLES = {"proactive": "proactive", "requests": "requests", "appeals": "appeals"}

SECTIONS_BEFORE_2019 = (
    ("basics", "一、本年度政府信息公开工作的基本情况"),
    ("key_matters", "二、推进重要事项公开的情况"),
    ("proactive", "三、主动公开政府信息的情况"),
    ("requests", "四、依申请公开政府信息和不予公开政府信息的情况"),
    ("fees", "五、政府信息公开的收费及减免情况"),
    ("appeals", "六、因政府信息公开申请行政复议、提起行政诉讼的情况"),
    ("problems", "七、政府信息公开工作存在的主要问题及改进情况"),
)

DEFAULT_TEXT_OFFICIAL = {
    "overview": (
        "{年度}年，{机关名称}认真贯彻落实《中华人民共和国政府信息公开条例》，坚持以公开为常态、不公开为例外，"
        "全面推进决策、执行、管理、服务、结果公开。\n"
        "（一）主动公开。全年共主动公开政府信息{主动公开总数}条，其中政策文件{政策文件数}件，政策解读{政策解读数}篇；"
        "公开行政许可信息{行政许可决定数}条、行政处罚信息{行政处罚决定数}条。\n"
        "（二）依申请公开。全年新收政府信息公开申请{新收申请数}件，上年结转{上年结转申请数}件，办结{办结申请数}件，"
        "结转下年度继续办理{结转下年申请数}件，均在法定期限内登记、审核、办理、答复。\n"
        "（三）政府信息管理。严格落实信息发布保密审查，对拟公开信息逐条审核；动态更新政府信息公开目录和公开指南，"
        "对失效、废止的文件及时标注。\n"
        "（四）政府信息公开平台建设。在{发布平台}等{发布平台数}个平台发布信息{平台发布条数}条；召开新闻发布会{新闻发布会次数}次；"
        "向政务服务中心、档案馆、图书馆提供纸质文件{纸质文件份数}份。\n"
        "（五）监督保障。组织政务公开培训{培训次数}次、{培训人次}人次，开展政务公开日活动{公开日活动次数}次，"
        "回应社会关切{舆情回应数}次。"
    ),
    "proactive": "{年度}年主动公开政府信息情况见下表。",
    "requests": "{年度}年收到和处理政府信息公开申请情况见下表。",
    "appeals": "{年度}年因政府信息公开工作被申请行政复议{行政复议数}件、被提起行政诉讼{行政诉讼数}件，情况见下表。",
    "problems": (
        "{年度}年政府信息公开工作仍存在一些不足：政策解读形式还不够丰富，部分基层单位信息发布的及时性有待提高。"
        "下一步，我局将进一步健全政府信息公开工作机制，加强培训和考核，提升公开质量和实效。"
    ),
    "other": (
        "{年度}年，我局依据《政府信息公开信息处理费管理办法》收取信息处理费{信息处理费}元。"
        "本报告中所列数据的统计期限自{年度}年1月1日起至{年度}年12月31日止。"
    ),
}

DEFAULT_TEXT_BEFORE_2019 = {
    "basics": (
        "我局成立政务公开工作领导小组，领导小组办公室负责政府信息公开的日常工作。"
        "年内共在{发布平台数}个平台发布信息{平台发布条数}条。"
    ),
    "key_matters": (
        "年内发布政策解读{政策解读数}篇；组织或参加政务公开培训{培训次数}次；开展政务公开日活动{公开日活动次数}次；"
        "回应政务舆情{舆情回应数}次。"
    ),
    "proactive": (
        "按照《中华人民共和国政府信息公开条例》规定，{年度}年我局共主动公开政府信息{主动公开总数}条。\n"
        "{年度}年，我局需要澄清的虚假或不完整信息{澄清虚假信息数}条。\n"
        "我局在新媒体平台共计发稿{新媒体发稿数}篇；共在各类新闻媒体发稿{媒体发稿数}篇，其中，中央级{中央级媒体发稿数}篇、"
        "区级{区级媒体发稿数}篇、市级{市级媒体发稿数}篇，网络媒体{网络媒体媒体发稿数}篇。\n"
        "今年以来，我局召开了{新闻发布会次数}次新闻发布会，其中{直播媒体数}家媒体全程直播。\n"
        "年内，我局共向市政务服务中心、档案馆、图书馆提供纸质文件{纸质文件份数}份。"
    ),
    "requests": "年内，我局接到公民申请公开政府信息{新收申请数}条，已按程序和时限办结。",
    "fees": "年内，我局对政府信息公开全面实行免费受理。",
    "appeals": "年内，我局因政府信息公开申请行政复议、提起行政诉讼的情况如实登记。",
    "problems": "今后将进一步健全信息公开管理制度，继续完善和充实信息公开内容，做到应公开尽公开。",
}


def sections_for(year: int) -> tuple[tuple[str, str], ...]:
    return SECTIONS_OFFICIAL if year >= 2019 else SECTIONS_BEFORE_2019


def default_text(year: int) -> dict[str, str]:
    return dict(DEFAULT_TEXT_OFFICIAL if year >= 2019 else DEFAULT_TEXT_BEFORE_2019)


class _LiveFigures(dict):
    """Unknown placeholders stay as typed, so a typo shows instead of breaking the report."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def fill(text: str, figures: dict) -> str:
    """Put the figures into the text; braces that are not placeholders are left alone."""
    formatter = string.Formatter()
    try:
        return formatter.vformat(text, (), _LiveFigures(figures))
    except (ValueError, IndexError, KeyError):
        return text


def placeholders(text: str) -> set[str]:
    names = set()
    try:
        for _, name, _, _ in string.Formatter().parse(text):
            if name:
                names.add(name)
    except ValueError:
        pass
    return names
