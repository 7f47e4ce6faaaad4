"""`gongkai check` and start-up errors, run as a user would run them."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

GONGKAI = str(Path(sys.executable).with_name("gongkai"))


def run(*args, tmp_path, **env_overrides):
    env = dict(os.environ, GONGKAI_VAR_DIR=str(tmp_path))
    env.pop("DATABASE_URL", None)
    env.update(env_overrides)
    return subprocess.run([GONGKAI, *args], capture_output=True, text=True, env=env, timeout=60)


@pytest.mark.parametrize(
    "kind, value",
    [("uscc", "11230500001755309F"), ("id", "11010519491231002x"), ("orgcode", "59467239-9"), ("orgcode", "594672399"),
     ("uscc", "９１２３０５００ＭＡ１Ｂ３Ｎ１Ｎ２Ｍ")],
)
def test_check_accepts_valid_codes(tmp_path, kind, value):
    done = run("check", kind, value, tmp_path=tmp_path)
    assert (done.returncode, done.stdout.strip()) == (0, "valid")


@pytest.mark.parametrize(
    "kind, value, reason",
    [("uscc", "11230500001755309E", "校验码"), ("id", "110105194912310021", "校验码"), ("id", "11010519491332002X", "日期"),
     ("orgcode", "59467239-8", "校验码"), ("uscc", "1123", "长度"), ("uscc", "00000000000000000X", "占位")],
)
def test_check_rejects_with_a_one_line_reason(tmp_path, kind, value, reason):
    done = run("check", kind, value, tmp_path=tmp_path)
    assert done.returncode == 1
    assert reason in done.stderr and len(done.stderr.strip().splitlines()) == 1
    assert "Traceback" not in done.stderr


def test_check_usage_error_exits_2(tmp_path):
    done = run("check", "passport", "X", tmp_path=tmp_path)
    assert done.returncode == 2 and "Traceback" not in done.stderr


def test_malformed_database_url_names_the_variable(tmp_path):
    done = run("workdays", "add", "2019-09-27", "1", tmp_path=tmp_path, DATABASE_URL="postgresql//nohost")
    assert done.returncode == 1
    assert "DATABASE_URL" in done.stderr and "Traceback" not in done.stderr
