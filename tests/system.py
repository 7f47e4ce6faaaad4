"""The Debian programs some tests need (Chromium, poppler-utils): a missing one fails the test, naming the command that installs it.

A skip would let a machine without them report a green run that never read a PDF or opened a page;
deploy/system-packages.sh is the one list of these packages (`make install` and .ci/run call it).
"""

from __future__ import annotations

import shutil

import pytest

INSTALL = "sudo bash deploy/system-packages.sh (or make install, which runs it)"


def require_program(program: str, package: str) -> str:
    """The program's path, or a failure saying which Debian package brings it and how to install it."""
    path = shutil.which(program)
    if path is None:
        pytest.fail(f"{program} is missing (Debian package {package}): run {INSTALL}", pytrace=False)
    return path
