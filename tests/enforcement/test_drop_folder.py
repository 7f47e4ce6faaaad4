"""The drop folder and `gongkai import_documents`: text, DOCX and JSON in; bad files to failed/ with a reason."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command

from gongkai.enforcement.models import DecisionDocument
from gongkai.enforcement.tasks import drop_folder_job

pytestmark = pytest.mark.django_db


@pytest.fixture
def inbox(settings, tmp_path):
    settings.ENFORCEMENT_DROP_DIR = tmp_path / "inbox"
    settings.ENFORCEMENT_AGENCY = "demo-psb"
    settings.ENFORCEMENT_DROP_DIR.mkdir()
    return settings.ENFORCEMENT_DROP_DIR


def _docx(path, text):
    import docx

    document = docx.Document()
    for line in text.split("\n"):
        document.add_paragraph(line)
    document.save(str(path))


def test_drop_folder_good_and_bad_files(demo_bureau, inbox, make_adult):
    (inbox / "a.txt").write_text(make_adult(1).text, encoding="utf-8")
    (inbox / "b.txt").write_bytes(make_adult(2).text.encode("gb18030"))
    _docx(inbox / "c.docx", make_adult(3).text)
    record = {"document_number": "示公东（治）行罚决字〔2026〕4号", "decided_on": "2026-10-20", "act_on": "2026-10-08",
              "procedure": "普通", "penalties": ["罚款五百元"], "text": make_adult(4).text,
              "parties": [{"role": "被处罚人", "name": "张建国", "id_number": "410102198503021234"}]}
    (inbox / "d.json").write_text(json.dumps({"documents": [record]}, ensure_ascii=False), encoding="utf-8")
    (inbox / "bad.json").write_text("{not json", encoding="utf-8")
    (inbox / "notes.pdf").write_bytes(b"%PDF-1.4")
    (inbox / "empty.txt").write_text("   ", encoding="utf-8")
    (inbox / "nodate.txt").write_text("示范市公安局\n行政处罚决定书\n示公（治）行罚决字〔2026〕9号\n正文", encoding="utf-8")
    (inbox / ".writing.txt").write_text("half", encoding="utf-8")
    (inbox / "e.txt.part").write_text("half", encoding="utf-8")

    assert drop_folder_job.call_local() == {"files": 8, "failed": 4}
    assert DecisionDocument.objects.count() == 4
    assert DecisionDocument.objects.get(document_number__endswith="4号").parties[0]["role"] == "punished"
    done = sorted(p.name.split("-", 1)[1] for p in (inbox / "done").iterdir())
    assert done == ["a.txt", "b.txt", "c.docx", "d.json"]
    reasons = {p.name.split("-", 1)[1]: p.read_text(encoding="utf-8")
               for p in (inbox / "failed").iterdir() if p.name.endswith(".reason.txt")}
    assert "JSON 格式错误" in reasons["bad.json.reason.txt"]
    assert "不支持的文件类型" in reasons["notes.pdf.reason.txt"]
    assert "没有内容" in reasons["empty.txt.reason.txt"]
    assert "决定日期" in reasons["nodate.txt.reason.txt"]
    assert sorted(p.name for p in inbox.iterdir() if p.is_file()) == [".writing.txt", "e.txt.part"]
    assert drop_folder_job.call_local() == {"files": 0, "failed": 0}


def test_a_published_document_is_not_overwritten(demo_bureau, inbox, make_adult, reviewer):
    from gongkai.enforcement import services

    (inbox / "a.txt").write_text(make_adult(1).text, encoding="utf-8")
    drop_folder_job()  # through Huey (inline in tests), as the consumer runs it every minute
    services.publish_document(DecisionDocument.objects.get(), reviewer, rebuild=False)
    (inbox / "a2.txt").write_text(make_adult(1).text.replace("二百元", "五百元"), encoding="utf-8")
    assert drop_folder_job.call_local() == {"files": 1, "failed": 1}
    reason = next((inbox / "failed").glob("*.reason.txt")).read_text(encoding="utf-8")
    assert "已公开" in reason and "撤回" in reason


def test_import_command(demo_bureau, tmp_path, make_adult, capsys):
    (tmp_path / "x.txt").write_text(make_adult(7).text, encoding="utf-8")
    call_command("import_documents", str(tmp_path), "--agency", "demo-psb")
    assert "新增 1" in capsys.readouterr().out
    (tmp_path / "y.json").write_text("[]", encoding="utf-8")
    with pytest.raises(SystemExit) as exit_info:
        call_command("import_documents", str(tmp_path / "y.json"), "--agency", "demo-psb")
    assert exit_info.value.code == 1
