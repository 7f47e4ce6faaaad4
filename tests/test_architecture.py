"""The layering as a failing test: import-linter's contracts (pyproject.toml, [tool.importlinter]) run in `make test`.

docs/ARCHITECTURE.md, section "Layers", explains the contracts; this file only makes breaking them fail
the suite with import-linter's own report, and proves on a throw-away copy that they can fail.
"""

import re
import shutil
import subprocess
import sys
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"
TERMINAL_STYLE = re.compile(r"\x1b\[[0-9;]*m")


def lint_imports(cwd: Path) -> tuple[int, str]:
    """lint-imports' exit code and its report without terminal colours (it always writes them)."""
    # No cache: a stale graph must never hide a new import, and the tree stays free of cache folders.
    run = subprocess.run([str(LINT_IMPORTS), "--no-cache"], cwd=cwd, capture_output=True, text=True)
    return run.returncode, TERMINAL_STYLE.sub("", run.stdout + run.stderr)


def test_every_import_contract_is_kept():
    returncode, report = lint_imports(REPOSITORY)
    assert returncode == 0, f"import-linter found broken contracts:\n{report}"


def test_the_contracts_catch_a_django_import_in_core(tmp_path):
    """A copy of the package with one forbidden import: the core contract must name it, line included."""
    shutil.copytree(REPOSITORY / "gongkai", tmp_path / "gongkai",
                    ignore=shutil.ignore_patterns("__pycache__", "templates", "static", "data"))
    shutil.copy(REPOSITORY / "pyproject.toml", tmp_path / "pyproject.toml")
    workdays = tmp_path / "gongkai" / "core" / "workdays.py"
    workdays.write_text(workdays.read_text(encoding="utf-8") + "\nimport django  # the violation\n", encoding="utf-8")
    lines = workdays.read_text(encoding="utf-8").count("\n")

    returncode, report = lint_imports(tmp_path)

    assert returncode == 1, report
    assert "gongkai.core holds pure rules: no Django, no other gongkai package BROKEN" in report
    assert f"gongkai.core.workdays -> django (l.{lines})" in report
