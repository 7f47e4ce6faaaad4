"""Every ledger importer: good rows land, bad rows are reported by row, column and reason, re-import adds nothing."""

import datetime as dt

import pytest
from django.core.management import call_command

from gongkai.intake import UnreadableFile
from gongkai.intake.tables import import_table
from gongkai.ledger import importers
from gongkai.ledger.models import (
    Channel,
    ChannelPosts,
    Clarification,
    MediaOutput,
    OpenDay,
    OpinionResponse,
    PaperCopy,
    PressConference,
    TrainingSession,
)
from gongkai.org.models import AuditEntry
from tests.ledger.conftest import write_xlsx

TODAY = dt.date(2025, 3, 10)

# table, header, good rows, one bad row, the column and reason it is refused for
CASES = {
    "channels": (importers.CHANNELS, ["渠道名称", "渠道类型", "网址或账号", "单位"],
                 [["示范公安微博", "微博", "weibo.com/sfga", "宣传处"],
                  ["示范市公安局门户网站", "门户网站", "http://gaj.example.gov.cn", "办公室"]],
                 ["某某抖音号", "广告牌", "", "宣传处"], "渠道类型", "应为"),
    "posts": (importers.POSTS, ["渠道", "年", "月", "发布条数", "单位"],
              [["示范公安微博", 2024, 12, 310, "宣传处"], ["微博", 2025, 1, 288, "宣传处"],
               ["示范公安微博", 2025, 1, 12, "交警支队"]],
              ["示范公安微博", 2025, 13, 5, "宣传处"], "月", "1到12"),
    "press": (importers.PRESS, ["日期", "主题", "到场媒体", "是否直播", "直播媒体数", "单位"],
              [["2024-12-31", "年度治安形势", "示范日报、示范电视台、新华网", "是", 2, "宣传处"],
               ["2025/1/1", "元旦安保", "示范日报", "否", "", "宣传处"]],
              ["2025-01-05", "春运", "示范日报", "是", 3, "宣传处"], "直播媒体数", "不能多于到场媒体数"),
    "media": (importers.MEDIA, ["级别", "年", "月", "篇数", "日期", "标题", "媒体名称", "单位"],
              [["中央级", 2024, 12, 7, "", "", "", "宣传处"], ["网络媒体", "", "", "", "2025-01-03", "反诈提示", "新华网", "宣传处"],
               ["省级", 2025, 1, 30, "", "", "", "宣传处"]],
              ["县级", 2025, 1, 3, "", "", "", "宣传处"], "级别", "应为"),
    "paper": (importers.PAPER, ["日期", "接收场所", "份数", "文件名称", "单位"],
              [["2024-12-31", "政务服务中心", 6, "", "办公室"], ["2025-01-01", "市档案馆", 4, "", "办公室"],
               ["2025-01-01", "图书馆", 4, "", "办公室"]],
              ["2025-01-02", "图书馆", 0, "", "办公室"], "份数", "不小于1"),
    "training": (importers.TRAINING, ["日期", "名称", "方式", "主办单位", "参训人数", "单位"],
                 [["2024-11-08", "政务公开绩效工作会", "参加", "市政务公开办", 2, "办公室"],
                  ["2025-02-20", "政务公开业务培训", "举办", "", 80, "办公室"]],
                 ["2025-02-21", "业务培训", "旁听", "", 5, "办公室"], "方式", "“举办”或“参加”"),
    "open_days": (importers.OPEN_DAYS, ["日期", "活动名称", "活动形式", "参与人数", "单位"],
                  [["2024-05-15", "政务公开日活动", "展板、咨询窗口", 300, "办公室"]],
                  ["2025-05-15", "政务公开日活动", "展板", 100, "办公室"], "日期", "晚于今天"),
    "opinion": (importers.OPINIONS, ["日期", "舆情事项", "回应渠道", "回应内容", "单位"],
                [["2025-01-09", "网传入室盗窃", "官方微博", "系旧闻", "宣传处"]],
                ["2025-01-10", "", "官方微博", "", "宣传处"], "舆情事项", "必填"),
    "clarifications": (importers.CLARIFICATIONS, ["日期", "虚假或不完整信息", "澄清内容", "发布渠道", "单位"],
                       [["2024-07-30", "网传电动自行车禁行", "该信息不实", "官方微博", "交警支队"]],
                       ["2024-07-31", "网传限行", "不实", "官方微博", "不存在的支队"], "单位", "没有该单位"),
}


def prepare(bureau, name):
    """Posts need their channel; everything else needs only the bureau's units."""
    if name == "posts":
        from gongkai.org.models import Unit
        Channel.objects.create(agency=bureau, unit=Unit.objects.get(agency=bureau, name="宣传处"),
                               name="示范公安微博", kind=Channel.Kind.WEIBO)


@pytest.mark.django_db
@pytest.mark.parametrize("name", CASES)
def test_good_rows_land_bad_rows_are_reported_and_reimport_adds_nothing(bureau, tmp_path, name):
    table, header, good, bad, column, reason = CASES[name]
    prepare(bureau, name)
    before = table.model.objects.count()
    path = write_xlsx(tmp_path / f"{name}.xlsx", header, [good[0], bad, *good[1:]], title=f"{table.title}台账")
    result = import_table(table.spec(), path, bureau, today=TODAY)
    assert result.created == len(good)
    assert [(e.row, e.column) for e in result.errors] == [(4, column)]  # title line 1, header 2, bad row 4
    assert reason in result.errors[0].reason
    assert result.error_file and result.error_file.exists()
    assert table.model.objects.count() == before + len(good)
    assert all(line.imported and line.agency == bureau for line in table.model.objects.filter(imported=True))
    assert AuditEntry.objects.filter(action="import").latest("id").after["kind"] == table.kind

    again = import_table(table.spec(), path, bureau, today=TODAY)
    assert (again.created, again.already_present, again.rejected) == (0, len(good), 1)
    assert table.model.objects.count() == before + len(good)


@pytest.mark.django_db
def test_a_reimported_line_with_a_different_figure_is_refused_not_overwritten(bureau, tmp_path):
    prepare(bureau, "posts")
    header = ["渠道", "年", "月", "发布条数", "单位"]
    import_table(importers.POSTS_LEDGER, write_xlsx(tmp_path / "a.xlsx", header, [["微博", 2025, 1, 288, "宣传处"]]),
                 bureau, today=TODAY)
    result = import_table(importers.POSTS_LEDGER, write_xlsx(tmp_path / "b.xlsx", header,
                                                             [["示范公安微博", 2025, 1, 300, "宣传处"]]),
                          bureau, today=TODAY)
    assert result.created == 0 and result.errors[0].column == "发布条数"
    assert "已登记" in result.errors[0].reason and "288" in result.errors[0].reason
    assert ChannelPosts.objects.get().posts == 288


@pytest.mark.django_db
@pytest.mark.parametrize("row, column, reason", [
    (["未登记的渠道", 2025, 1, 5, "宣传处"], "渠道", "没有该发布渠道"),
    (["示范公安微博", 2025, 4, 5, "宣传处"], "月", "晚于本月"),
    (["示范公安微博", 2025, 1, -5, "宣传处"], "发布条数", "整数"),
    (["示范公安微博", 2025, 1, "许多", "宣传处"], "发布条数", "整数"),
    (["示范公安微博", "", 1, 5, "宣传处"], "年", "必填"),
    (["示范公安微博", 2025, 1, 5, ""], "单位", "必填"),
])
def test_posts_rows_are_refused_with_the_reason(bureau, tmp_path, row, column, reason):
    prepare(bureau, "posts")
    path = write_xlsx(tmp_path / "posts.xlsx", ["渠道", "年", "月", "发布条数", "单位"], [row])
    result = import_table(importers.POSTS_LEDGER, path, bureau, today=TODAY)
    assert result.created == 0 and [(e.row, e.column) for e in result.errors] == [(2, column)]
    assert reason in result.errors[0].reason


@pytest.mark.django_db
def test_a_kind_label_names_a_channel_only_when_it_is_the_only_one_of_its_kind(bureau, tmp_path):
    prepare(bureau, "posts")
    from gongkai.org.models import Unit
    Channel.objects.create(agency=bureau, unit=Unit.objects.get(agency=bureau, name="交警支队"), name="示范交警微博",
                           kind=Channel.Kind.WEIBO)
    path = write_xlsx(tmp_path / "posts.xlsx", ["渠道", "年", "月", "发布条数", "单位"], [["微博", 2025, 1, 5, "宣传处"]])
    result = import_table(importers.POSTS_LEDGER, path, bureau, today=TODAY)
    assert result.created == 0 and "2个“微博”渠道" in result.errors[0].reason


@pytest.mark.django_db
@pytest.mark.parametrize("row, column, reason", [
    (["2025-01-05", "春运", "示范日报", "否", 1, "宣传处"], "直播媒体数", "应为0"),
    (["2025-01-05", "春运", "示范日报", "也许", "", "宣传处"], "是否直播", "“是”或“否”"),
    (["2025-02-30", "春运", "示范日报", "否", "", "宣传处"], "日期", "不存在的日期"),
])
def test_press_rows_are_refused_with_the_reason(bureau, tmp_path, row, column, reason):
    path = write_xlsx(tmp_path / "press.xlsx", ["日期", "主题", "到场媒体", "是否直播", "直播媒体数", "单位"], [row])
    result = import_table(importers.PRESS_LEDGER, path, bureau, today=TODAY)
    assert [(e.row, e.column) for e in result.errors] == [(2, column)] and reason in result.errors[0].reason


@pytest.mark.django_db
def test_press_media_count_defaults_to_the_names_given_and_live_to_one_medium(bureau, tmp_path):
    path = write_xlsx(tmp_path / "press.xlsx", ["日期", "主题", "到场媒体", "是否直播", "单位"],
                      [["2025-01-05", "春运", "示范日报、示范电视台，新华网", "是", "宣传处"]])
    assert import_table(importers.PRESS_LEDGER, path, bureau, today=TODAY).complete
    press = PressConference.objects.get()
    assert (press.media_count, press.live_streamed, press.live_media_count) == (3, True, 1)


@pytest.mark.django_db
@pytest.mark.parametrize("row, column, reason", [
    (["市级", "", "", "", "2025-01-03", "", "", "宣传处"], "标题", "须填写稿件标题"),
    (["市级", 2024, 12, "", "2025-01-03", "标题", "", "宣传处"], "日期", "不一致"),
    (["市级", 2025, 1, 3, "", "月度汇总", "", "宣传处"], "标题", "不填写标题"),
    (["市级", 2025, 1, "", "", "", "", "宣传处"], "篇数", "必填"),
])
def test_media_rows_are_refused_with_the_reason(bureau, tmp_path, row, column, reason):
    path = write_xlsx(tmp_path / "media.xlsx", ["级别", "年", "月", "篇数", "日期", "标题", "媒体名称", "单位"], [row])
    result = import_table(importers.MEDIA_LEDGER, path, bureau, today=TODAY)
    assert [(e.row, e.column) for e in result.errors] == [(2, column)] and reason in result.errors[0].reason


@pytest.mark.django_db
def test_a_single_article_lands_in_the_month_of_its_date(bureau, tmp_path):
    path = write_xlsx(tmp_path / "media.xlsx", ["级别", "日期", "标题", "媒体名称", "单位"],
                      [["中央级", "2024-12-31", "跨年安保", "人民网", "宣传处"]])
    assert import_table(importers.MEDIA_LEDGER, path, bureau, today=TODAY).complete
    article = MediaOutput.objects.get()
    assert (article.year, article.month, article.count, article.level) == (2024, 12, 1, "central")


@pytest.mark.django_db
def test_the_same_line_twice_in_one_file_is_refused_once(bureau, tmp_path):
    path = write_xlsx(tmp_path / "paper.xlsx", ["日期", "接收场所", "份数", "单位"],
                      [["2025-01-01", "档案馆", 4, "办公室"], ["2025-01-01", "市档案馆", 4, "办公室"]])
    result = import_table(importers.PAPER_LEDGER, path, bureau, today=TODAY)
    assert result.created == 1 and [(e.row, e.column) for e in result.errors] == [(3, "日期、接收场所、文件名称、单位")]
    assert result.errors[0].reason.startswith("与第2行重复")


@pytest.mark.django_db
def test_a_file_without_a_required_column_is_refused_whole(bureau, tmp_path):
    path = write_xlsx(tmp_path / "training.xlsx", ["日期", "名称", "参训人数", "单位"], [["2025-01-01", "培训", 3, "办公室"]])
    with pytest.raises(UnreadableFile, match="缺少必填列“方式”"):
        import_table(importers.TRAINING_LEDGER, path, bureau, today=TODAY)
    assert not TrainingSession.objects.exists()


@pytest.mark.django_db
def test_csv_in_gb18030_imports_too(bureau, tmp_path):
    path = tmp_path / "opinion.csv"
    path.write_bytes("日期,舆情事项,回应渠道,单位\n2025-01-09,网传入室盗窃,官方微博,宣传处\n".encode("gb18030"))
    assert import_table(importers.OPINIONS_LEDGER, path, bureau, today=TODAY).created == 1
    assert OpinionResponse.objects.get().channel == "官方微博"


@pytest.mark.django_db
def test_the_import_command_runs_each_ledger_kind(bureau, tmp_path, capsys):
    path = write_xlsx(tmp_path / "open.xlsx", ["日期", "活动名称", "活动形式", "单位"],
                      [["2024-05-15", "政务公开日活动", "展板", "办公室"]])
    call_command("import_data", "ledger-open-days", str(path), "--agency", bureau.code)
    assert OpenDay.objects.count() == 1 and "新增1行" in capsys.readouterr().out
    call_command("import_data", "ledger-open-days", str(path), "--agency", bureau.code)
    assert OpenDay.objects.count() == 1

    bad = write_xlsx(tmp_path / "clar.xlsx", ["日期", "虚假或不完整信息", "澄清内容", "发布渠道", "单位"],
                     [["2024-07-30", "网传禁行", "不实", "官方微博", "交警支队"], ["2024-07-31", "", "不实", "微博", "交警支队"]])
    with pytest.raises(SystemExit) as exit_info:
        call_command("import_data", "ledger-clarifications", str(bad), "--agency", bureau.code)
    assert exit_info.value.code == 1 and Clarification.objects.count() == 1
    assert "虚假或不完整信息" in capsys.readouterr().out


@pytest.mark.django_db
def test_the_dry_run_writes_nothing(bureau, tmp_path):
    path = write_xlsx(tmp_path / "paper.xlsx", ["日期", "接收场所", "份数", "单位"], [["2025-01-01", "档案馆", 4, "办公室"]])
    result = import_table(importers.PAPER_LEDGER, path, bureau, dry_run=True, today=TODAY)
    assert result.created == 1 and not PaperCopy.objects.exists()
