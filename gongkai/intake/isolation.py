"""Untrusted spreadsheets read in a child process with a memory limit, so no upload can kill a worker.

calamine is Rust: when an allocation fails it aborts the whole process (SIGABRT), which no `except`
catches. The used-range check (`extents`) refuses the bombs we know; this is the wall behind it:
the sheet is parsed in a fresh `python -m gongkai.intake.isolation` whose address space is capped
(RLIMIT_AS, READER_MEMORY_LIMIT_MB, 1 GiB by default). If the child dies, the web request or job
sees UnreadableFile("文件过大或已损坏，无法读取") and goes on. Rows come back in batches of
BATCH_ROWS through a pipe, length-prefixed `marshal` blobs (plain str/int/list/dict, fast, and loading it runs
no code), so a 50 000-row import costs one interpreter start and a few dozen pipe reads.

A batch travels as one text: its cells joined by CELL_SEPARATOR, its rows by ROW_SEPARATOR, the first
row number and only the rows' problems beside it (`_pack`). Loading one string and splitting it is about
twice as fast in the parent as loading a million small strings one by one (benchmarks/sheet_isolation.py),
and the parent is the side that waits. A batch with a separator character inside a cell (an untrusted
sheet may hold any character) or an empty row goes as the plain list of rows instead.
"""

from __future__ import annotations

import marshal
import os
import resource
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from gongkai.intake import UnreadableFile

BATCH_ROWS = 2000
CELL_SEPARATOR, ROW_SEPARATOR = "\x1f", "\x1e"  # ASCII unit and record separators
DEFAULT_MEMORY_LIMIT_MB = 1024
CHILD_DIED = "文件过大或已损坏，无法读取"


def memory_limit_mb() -> int:
    """READER_MEMORY_LIMIT_MB from Django settings when configured, else the 1 GiB default."""
    try:
        from django.conf import settings

        return int(getattr(settings, "READER_MEMORY_LIMIT_MB", DEFAULT_MEMORY_LIMIT_MB))
    except Exception:  # used outside a configured Django (scripts, the child itself)
        return DEFAULT_MEMORY_LIMIT_MB


def isolated_rows(source, limits, *, limit_mb: int | None = None, check=None) -> Iterator[tuple]:
    """The rows `readers.read_sheet_rows(source, limits)` gives, read in a memory-capped child process.

    `check()` (the package and used-range checks) runs here while the child starts its interpreter;
    the child opens the file only once it has passed.
    """
    limit_mb = limit_mb or memory_limit_mb()
    with tempfile.TemporaryDirectory(prefix="gongkai-sheet-") as tmp:
        path = _as_path(source, Path(tmp))
        child = subprocess.Popen(
            [sys.executable, "-m", "gongkai.intake.isolation", str(path), str(limit_mb)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            env={**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [_project_root(), os.environ.get("PYTHONPATH")]))},
        )
        try:
            if check is not None:
                check()
            marshal.dump((limits.what, limits.max_inflated, limits.max_members, limits.too_big_hint), child.stdin)
            child.stdin.close()
            while True:
                kind, payload = _receive(child.stdout)
                if kind == "text":
                    yield from _unpack(*payload)
                elif kind == "rows":
                    yield from payload
                elif kind == "refused":
                    raise UnreadableFile(payload)
                else:
                    return
        finally:
            child.stdout.close()
            if child.poll() is None:
                child.kill()
            child.wait()


def _send(out, message: tuple) -> None:
    data = marshal.dumps(message)
    out.write(len(data).to_bytes(8, "little") + data)


def _pack(batch: list[tuple]) -> tuple:
    """("text", (first row number, joined cells, {offset: problems})), or ("rows", batch) when joining
    would be ambiguous: a separator inside a cell, an empty row, row numbers with a gap."""
    if batch and batch[-1][0] - batch[0][0] == len(batch) - 1 and all(cells for _, cells, _ in batch):
        text = ROW_SEPARATOR.join(CELL_SEPARATOR.join(cells) for _, cells, _ in batch)
        cells_count = sum(len(cells) for _, cells, _ in batch)
        if (text.count(CELL_SEPARATOR) == cells_count - len(batch)
                and text.count(ROW_SEPARATOR) == len(batch) - 1):
            problems = {offset: problem for offset, (_, _, problem) in enumerate(batch) if problem}
            return "text", (batch[0][0], text, problems)
    return "rows", batch


def _unpack(first: int, text: str, problems: dict) -> Iterator[tuple]:
    for offset, line in enumerate(text.split(ROW_SEPARATOR)):
        yield first + offset, line.split(CELL_SEPARATOR), problems.get(offset) or {}


def _receive(stream) -> tuple:
    """One message from the child; a short read means the child died (killed by the limit, or aborted)."""
    size = int.from_bytes(stream.read(8) or b"\0" * 8, "little")
    data = stream.read(size) if size else b""
    try:
        if not size or len(data) != size:
            raise EOFError
        return marshal.loads(data)
    except (EOFError, ValueError, TypeError):
        raise UnreadableFile(CHILD_DIED) from None


def _project_root() -> str:
    return str(Path(__file__).resolve().parents[2])


def _as_path(source, tmp: Path) -> Path:
    """A path the child can open: the file's own, or a copy of an uploaded file object."""
    if isinstance(source, (str, Path)):
        return Path(source).resolve()
    copy = tmp / "upload"
    source.seek(0)
    with copy.open("wb") as handle:
        shutil.copyfileobj(source, handle)
    source.seek(0)
    return copy


def _child_main(path: str, limit_mb: int) -> None:
    """In the child: cap memory, read the sheet, write batches of rows to stdout, then ("end", None)."""
    current = os.sysconf("SC_PAGE_SIZE") * int(Path("/proc/self/statm").read_text().split()[0])
    cap = current + limit_mb * 1024 * 1024  # on top of the interpreter itself
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    from gongkai.intake.archives import ArchiveLimits
    from gongkai.intake.readers import read_sheet_rows

    what, max_inflated, max_members, hint = marshal.load(sys.stdin.buffer)
    limits = ArchiveLimits(what=what, max_inflated=max_inflated, max_members=max_members, too_big_hint=hint)
    out = sys.stdout.buffer
    try:
        batch = []
        for row in read_sheet_rows(Path(path), limits):
            batch.append(row)
            if len(batch) >= BATCH_ROWS:
                _send(out, _pack(batch))
                batch = []
        _send(out, _pack(batch))
    except UnreadableFile as refused:
        _send(out, ("refused", str(refused)))
    except MemoryError:
        _send(out, ("refused", CHILD_DIED))
    _send(out, ("end", None))
    out.flush()


if __name__ == "__main__":
    _child_main(sys.argv[1], int(sys.argv[2]))
