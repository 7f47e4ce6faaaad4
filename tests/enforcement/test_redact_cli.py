"""`gongkai redact` as a reviewer's script would call it: stdin in, public version out."""

import json
import os
import subprocess
import sys
from pathlib import Path

GONGKAI = str(Path(sys.executable).with_name("gongkai"))
DOCUMENT = (
    "示范市公安局\n行政处罚决定书\n示公(治)行罚决字〔2026〕12号\n"
    "违法行为人张三丰，男，身份证号码410102199001011234，住址示范市人民路12号3单元402室，联系电话13912345678。\n"
    "现查明，2026年3月5日，张三丰在示范市殴打他人，证人王五证实。\n"
    "根据《中华人民共和国治安管理处罚法》第四十三条第一款之规定，决定对张三丰处以行政拘留五日。\n"
)
PLANTED = ("张三丰", "410102199001011234", "人民路12号", "13912345678", "王五")


def run(*args, stdin: str, tmp_path):
    env = dict(os.environ, GONGKAI_VAR_DIR=str(tmp_path))
    env.pop("DATABASE_URL", None)
    return subprocess.run([GONGKAI, "redact", *args], input=stdin, capture_output=True, text=True, env=env, timeout=60)


def test_text_output_keeps_no_planted_value(tmp_path):
    done = run(stdin=DOCUMENT, tmp_path=tmp_path)
    assert done.returncode == 0, done.stderr
    for value in PLANTED:
        assert value not in done.stdout
    assert "张某某" in done.stdout and "住址" in done.stdout  # the label stays, the address goes
    assert "《中华人民共和国治安管理处罚法》第四十三条第一款" in done.stdout
    assert "示公(治)行罚决字〔2026〕12号" in done.stdout


def test_json_output_gives_spans_into_the_original(tmp_path):
    done = run("--format", "json", stdin=DOCUMENT, tmp_path=tmp_path)
    result = json.loads(done.stdout)
    assert set(result) == {"text", "spans", "withhold"}
    assert result["withhold"] is None
    for span in result["spans"]:
        assert DOCUMENT[span["start"]:span["end"]] == span["original"]
        assert set(span) == {"start", "end", "kind", "original"}
    assert {"name_punished", "name_other", "id_number", "address", "phone"} <= {s["kind"] for s in result["spans"]}


def test_a_minor_is_withheld(tmp_path):
    minor = DOCUMENT.replace("410102199001011234", "410102201001011237")
    result = json.loads(run("--format", "json", stdin=minor, tmp_path=tmp_path).stdout)
    assert result["withhold"]


def test_theft_wording_is_published_and_a_classification_mark_is_withheld(tmp_path):
    theft = DOCUMENT.replace("在示范市殴打他人", "在某超市内秘密窃取他人手机一部")
    assert json.loads(run("--format", "json", stdin=theft, tmp_path=tmp_path).stdout)["withhold"] is None
    marked = json.loads(run("--format", "json", stdin="秘密★1年\n" + theft, tmp_path=tmp_path).stdout)
    assert "秘密" in marked["withhold"]


def test_case_record_options_keep_organisations_and_give_the_birth(tmp_path):
    text = "被处罚单位：示范市星光网吧有限公司，住所：示范市人民路88号。经查，该网吧接纳未成年人。"
    result = json.loads(run("--format", "json", "--punished-org", "示范市星光网吧有限公司", "--allow", "示范市人民路88号",
                            stdin=text, tmp_path=tmp_path).stdout)
    assert result["text"] == text and result["withhold"] is None
    minor = json.loads(run("--format", "json", "--punished", "张三丰", "--punished-birth", "2010-01-01",
                           stdin=DOCUMENT.replace("410102199001011234", ""), tmp_path=tmp_path).stdout)
    assert "未满十八周岁" in minor["withhold"]


def test_empty_and_unusual_input_get_a_clear_answer(tmp_path):
    empty = run("--format", "json", stdin="", tmp_path=tmp_path)
    assert empty.returncode == 0 and json.loads(empty.stdout) == {"text": "", "spans": [], "withhold": None}
    names = run("--format", "json", stdin="张伟、王芳、李娜、刘洋、陈静", tmp_path=tmp_path)
    assert names.returncode == 0
    assert not any(name in json.loads(names.stdout)["text"] for name in ("张伟", "王芳", "李娜", "刘洋", "陈静"))
    bad = subprocess.run([GONGKAI, "redact"], input=b"\xff\xfe\x00bad", capture_output=True, timeout=60,
                         env=dict(os.environ, GONGKAI_VAR_DIR=str(tmp_path)))
    assert bad.returncode == 1 and b"UTF-8" in bad.stderr
