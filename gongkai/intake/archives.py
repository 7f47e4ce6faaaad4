"""Zip packages (xlsx, docx, ods) checked before anything inflates them: the one zip-bomb rule.

Only the zip directory is read (declared sizes); zipfile later stops each member at its declared
size and checks its CRC, so these sizes bound what a reader (calamine, python-docx, our own XML
walk) can inflate. The limits are Apache POI's ZipSecureFile's: a member more than 100 times
smaller than its content is a bomb once it is large enough for the ratio to mean something.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass

from gongkai.intake import UnreadableFile

MAX_MEMBERS = 10_000
MAX_COMPRESSION_RATIO = 100  # as Apache POI's ZipSecureFile; real sheets and documents stay well below
RATIO_CHECK_FROM = 1024 * 1024  # tiny members compress oddly; only a large one can be a bomb
MAX_TABLE_INFLATED_BYTES = 1024 * 1024 * 1024  # calamine holds an inflated sheet in memory: bounded well below a worker's
MAX_DOCUMENT_INFLATED_BYTES = 200 * 1024 * 1024  # one decision or attachment: a document, never a way to exhaust the server


class ArchiveRefused(UnreadableFile):
    """The package is damaged, encrypted or built to exhaust the server when inflated."""


@dataclass(frozen=True)
class ArchiveLimits:
    """What a package may hold; `what` names the file in messages ("xlsx文件", "文件", "电子表格")."""

    what: str = "文件"
    max_inflated: int = MAX_DOCUMENT_INFLATED_BYTES
    max_members: int = MAX_MEMBERS
    too_big_hint: str = "疑似压缩炸弹，已拒绝"


def check_archive(archive: zipfile.ZipFile, limits: ArchiveLimits) -> list[zipfile.ZipInfo]:
    """The members of an opened package, after refusing bombs and encrypted members (ArchiveRefused)."""
    what = limits.what
    infos = archive.infolist()
    if len(infos) > limits.max_members:
        raise ArchiveRefused(f"{what}包含的部件过多（{len(infos)}个），疑似压缩炸弹，已拒绝")
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise ArchiveRefused(f"{what}中有加密的部件，无法读取，已拒绝")
        total += info.file_size
        if info.file_size >= RATIO_CHECK_FROM and info.file_size > MAX_COMPRESSION_RATIO * max(info.compress_size, 1):
            raise ArchiveRefused(f"{what}的部件“{info.filename}”压缩比异常，疑似压缩炸弹，已拒绝")
    if total > limits.max_inflated:
        raise ArchiveRefused(f"{what}解压后超过{limits.max_inflated // (1024 * 1024)} MB，{limits.too_big_hint}")
    return infos


def open_archive(file, limits: ArchiveLimits, *, not_a_package: str) -> zipfile.ZipFile:
    """`file` (path or binary file) opened as a zip and checked; `not_a_package` is the reason when it is no zip."""
    try:
        archive = zipfile.ZipFile(file)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, OSError):
        raise ArchiveRefused(not_a_package) from None
    try:
        check_archive(archive, limits)
    except ArchiveRefused:
        archive.close()
        raise
    return archive
