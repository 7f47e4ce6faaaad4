"""Issue 14 finding 9: one bad file never stops the 执法公开 drop folder; links and oversized DOCX refused."""

from __future__ import annotations

import json
import zipfile

import pytest

from gongkai.enforcement import capture
from gongkai.enforcement.models import DecisionDocument
from gongkai.enforcement.tasks import drop_folder_job
from tests.enforcement.conftest import adult_document

pytestmark = pytest.mark.django_db


@pytest.fixture
def make_adult():
    return adult_document


@pytest.fixture
def inbox(settings, tmp_path):
    settings.ENFORCEMENT_DROP_DIR = tmp_path / "inbox"
    settings.ENFORCEMENT_AGENCY = "demo-psb"
    settings.ENFORCEMENT_DROP_DIR.mkdir()
    return settings.ENFORCEMENT_DROP_DIR


def record(make_adult, n: int, **changes) -> dict:
    return {"document_number": f"示公东（治）行罚决字〔2026〕{n}号", "decided_on": "2026-10-20",
            "text": make_adult(n).text, **changes}


def reasons(inbox) -> dict[str, str]:
    return {path.name.split("-", 1)[1].removesuffix(".reason.txt"): path.read_text(encoding="utf-8")
            for path in (inbox / "failed").glob("*.reason.txt")}


def test_malformed_json_fields_go_to_failed_and_the_files_after_them_are_taken(demo_bureau, inbox, make_adult):
    (inbox / "a-flags.json").write_text(json.dumps(record(make_adult, 1, flags="x")), encoding="utf-8")
    (inbox / "b-parties.json").write_text(json.dumps(record(make_adult, 2, parties=5)), encoding="utf-8")
    (inbox / "c-penalties.json").write_text(json.dumps(record(make_adult, 3, penalties=5)), encoding="utf-8")
    (inbox / "d-deep.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    (inbox / "z-good.txt").write_text(make_adult(9).text, encoding="utf-8")

    assert drop_folder_job.call_local() == {"files": 5, "failed": 4}
    assert list(DecisionDocument.objects.values_list("document_number", flat=True)) == [
        "示公东（治）行罚决字〔2026〕9号"]
    found = reasons(inbox)
    assert "flags" in found["a-flags.json"] and "parties" in found["b-parties.json"]
    assert "penalties" in found["c-penalties.json"] and "嵌套" in found["d-deep.json"]
    assert sorted(p.name for p in inbox.iterdir() if p.is_file()) == []  # nothing left to fail again next minute


def test_any_unexpected_fault_of_one_file_sends_it_to_failed(demo_bureau, inbox, make_adult, monkeypatch):
    real = capture.read_file

    def flaky(path):
        if path.name == "a.txt":
            raise KeyError("a reader bug")
        return real(path)

    monkeypatch.setattr(capture, "read_file", flaky)
    (inbox / "a.txt").write_text(make_adult(1).text, encoding="utf-8")
    (inbox / "b.txt").write_text(make_adult(2).text, encoding="utf-8")
    assert drop_folder_job.call_local() == {"files": 2, "failed": 1}
    assert "KeyError" in reasons(inbox)["a.txt"] and DecisionDocument.objects.count() == 1


def test_a_symbolic_link_is_refused_not_followed(demo_bureau, inbox, make_adult, tmp_path):
    outside = tmp_path / "elsewhere.txt"
    outside.write_text(make_adult(5).text, encoding="utf-8")
    (inbox / "link.txt").symlink_to(outside)
    assert drop_folder_job.call_local() == {"files": 1, "failed": 1}
    assert not DecisionDocument.objects.exists()
    assert "符号链接" in reasons(inbox)["link.txt"]
    assert outside.read_text(encoding="utf-8") == make_adult(5).text  # the target itself is untouched


def test_an_oversized_docx_is_refused_before_it_is_inflated(demo_bureau, inbox):
    """70 parts of 900 KB (each under the ratio check's threshold) inflate to 63 MB from a few KB."""
    with zipfile.ZipFile(inbox / "bomb.docx", "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        for n in range(70):
            package.writestr(f"word/media/padding{n}.xml", " " * 900_000)
    assert (inbox / "bomb.docx").stat().st_size < 200_000
    assert drop_folder_job.call_local() == {"files": 1, "failed": 1}
    assert "压缩炸弹" in reasons(inbox)["bomb.docx"]
