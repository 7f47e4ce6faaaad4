"""Writing built files under settings.SITE_ROOT: atomic, change-only writes, a build report and the build lock.

Every file is written to a temporary name and renamed over the old one, and only when its bytes
changed, so readers never see half a page and an unchanged page keeps its mtime (and its ETag in
caches). A lock file serialises concurrent builds (the full build, each section's rebuilds).
"""

from __future__ import annotations

import fcntl
import os
import shutil
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from gongkai.portal import paths

LOCK_NAME = ".build.lock"


@dataclass
class BuildReport:
    """What a build did: the management command prints it, the tests compare it."""

    written: set[str] = field(default_factory=set)  # URLs whose file changed
    unchanged: int = 0
    deleted: set[str] = field(default_factory=set)
    item_pages: int = 0
    pages: int = 0  # every file rendered, changed or not
    seconds: float = 0.0


class Writer:
    """Atomic, change-only file writes under SITE_ROOT."""

    def __init__(self, report: BuildReport):
        self.root = paths.site_root()
        self.report = report
        self.made_dirs: set[Path] = set()
        self.rendered: set[str] = set()  # every URL this build produced, changed or not

    def write(self, url: str, content: str | bytes) -> None:
        data = content.encode("utf-8") if isinstance(content, str) else content
        target = paths.file_for_url(url)
        self.report.pages += 1
        self.rendered.add(url)
        try:
            with open(target, "rb") as existing:
                if existing.read() == data:
                    self.report.unchanged += 1
                    return
        except FileNotFoundError:
            pass
        folder = target.parent
        if folder not in self.made_dirs:
            folder.mkdir(parents=True, exist_ok=True)
            self.made_dirs.add(folder)
        descriptor, temporary = tempfile.mkstemp(dir=folder, prefix=".tmp-")
        try:
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(data)
            os.chmod(temporary, 0o644)
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        self.report.written.add(url)

    def copy(self, url: str, source: Path) -> None:
        """Attachments: copied when missing or different in size or time, then renamed into place."""
        target = paths.file_for_url(url)
        self.report.pages += 1
        self.rendered.add(url)
        stat = source.stat()
        if target.exists() and target.stat().st_size == stat.st_size and target.stat().st_mtime >= stat.st_mtime:
            self.report.unchanged += 1
            return
        target.parent.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
        os.close(descriptor)
        shutil.copyfile(source, temporary)
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
        self.report.written.add(url)

    def delete_tree(self, url: str) -> None:
        folder = paths.file_for_url(url).parent
        if folder.is_dir():
            shutil.rmtree(folder)
            self.report.deleted.add(url)


@contextmanager
def build_lock():
    root = paths.site_root()
    root.mkdir(parents=True, exist_ok=True)
    with open(root / LOCK_NAME, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


