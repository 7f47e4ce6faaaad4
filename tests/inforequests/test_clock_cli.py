"""`gongkai clock`, run as an auditor would run it: JSON or text out, exit 1 with the article, 2 on usage errors."""

import json
import os
import subprocess
import sys
from pathlib import Path

GONGKAI = str(Path(sys.executable).with_name("gongkai"))
FINDING_1 = ["--received", "2024-03-01", "--event", "correction_requested:2024-04-10:deadline=2024-04-25",
             "--event", "correction_received:2024-04-15", "--event", "answered:2024-05-10"]


def run(*args, tmp_path):
    env = dict(os.environ, GONGKAI_VAR_DIR=str(tmp_path))
    env.pop("DATABASE_URL", None)
    return subprocess.run([GONGKAI, "clock", *args], capture_output=True, text=True, env=env, timeout=60)


def test_the_issue_example_in_json(tmp_path):
    done = run(*FINDING_1, "--event", "delivered:2024-05-10:method=direct", "--today", "2024-05-11", "--format", "json",
               tmp_path=tmp_path)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert set(result) == {"due", "state", "on_time", "explanation"}
    # The late notice (4/10, after the 7th working day 3/12) cannot revive the 3/29 time limit.
    assert (result["due"], result["state"], result["on_time"]) == ("2024-03-29", "ended", False)
    assert any("补正告知晚于法定期限" in s for s in result["explanation"])


def test_decided_but_undelivered_runs_on_in_text(tmp_path):
    done = run(*FINDING_1, "--today", "2024-05-11", "--format", "text", tmp_path=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "答复期限：2024-03-29" in done.stdout and "已决定未送达" in done.stdout and "尚未送达" in done.stdout


def test_a_bad_history_exits_1_with_the_article(tmp_path):
    done = run("--received", "2024-09-25", "--event", "answered:2024-10-20", "--event", "delivered:2024-10-18:method=post",
               tmp_path=tmp_path)
    assert done.returncode == 1
    assert "国办公开办函〔2016〕235号第一条" in done.stderr and len(done.stderr.strip().splitlines()) == 1
    wrong_text = run("--received", "2019-05-14", "--rules", "2019", tmp_path=tmp_path)
    assert wrong_text.returncode == 1 and "条例第五十六条" in wrong_text.stderr


def test_usage_errors_exit_2(tmp_path):
    for args in (["--received", "2024-03-01", "--event", "bogus:2024-03-02"],
                 ["--received", "2024-03-01", "--event", "answered:2024-03-02:colour=red"],
                 ["--received", "2024-13-01"], ["--event", "answered:2024-03-02"]):
        done = run(*args, tmp_path=tmp_path)
        assert done.returncode == 2, (args, done.stderr)
        assert "Traceback" not in done.stderr


def test_help_lists_the_clock_events(tmp_path):
    done = run("--help", tmp_path=tmp_path)
    assert done.returncode == 0
    for kind in ("correction_requested", "consultation_started", "extension_granted", "delivered", "method="):
        assert kind in done.stdout
