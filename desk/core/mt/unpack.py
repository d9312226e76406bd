"""Safe materialisation of a model package: a zip (``.argosmodel``) extracted, or a folder copied,
into a private staging folder, with nothing hostile getting through.

Refused with ``ModelError``: zip-slip and absolute paths, symbolic links, encrypted entries,
entries larger than they claim, corrupt data, duplicate entries, too many entries, a total
beyond ``InstallLimits.max_total_bytes`` or beyond the free disk space, and zip bombs, judged both
per entry and over the whole archive (many small, highly compressed entries add up too).
"""
from __future__ import annotations

import os
import re
import shutil
import stat
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from desk.core.errors import DeskError, ModelError
from desk.core.jobs import CancelToken, Job, Progress
from desk.core.sizes import human_size

_CHUNK = 1 << 20
_RATIO_FLOOR = 1 << 20  # archives and entries unpacking to less are never called bombs


@dataclass
class InstallLimits:
    """What a package may contain before it is refused as absurd (tests lower these)."""

    max_total_bytes: int = 16 << 30  # uncompressed; NLLB 3.3B in float16 is ~7 GB
    max_entries: int = 10_000
    max_ratio: float = 200.0  # per zip entry, uncompressed / compressed, for entries over 1 MiB
    # Whole archive, unpacked size / archive size: model weights barely compress (about 1.1:1 for
    # float32 or int8 weights), so a real package stays far below this.
    max_archive_ratio: float = 20.0


def check_totals(limits: InstallLimits, entries: int, total: int, what: str, disk: Path) -> None:
    if entries > limits.max_entries:
        raise ModelError(f"{what} has {entries} files, more than a model package can have ({limits.max_entries}).")
    if total > limits.max_total_bytes:
        raise ModelError(
            f"{what} would unpack to {human_size(total)}, more than the limit of {human_size(limits.max_total_bytes)}."
        )
    free = shutil.disk_usage(disk).free
    if total * 2 > free:  # the package, plus room for a converted copy
        raise ModelError(f"Not enough disk space: {what} needs about {human_size(total * 2)}, "
                         f"{human_size(free)} is free.")


def extract_zip(archive: Path, dest: Path, limits: InstallLimits, disk: Path, cancel: CancelToken) -> Job[None]:
    """Extract ``archive`` into ``dest`` (created here); yields Progress."""
    try:
        zf = zipfile.ZipFile(archive)
        archive_size = archive.stat().st_size
    except (zipfile.BadZipFile, OSError) as err:
        raise ModelError(f"{archive.name} is not a readable zip archive: {err}") from err
    with zf:
        infos = zf.infolist()
        members = [(info, _safe_member(info, archive.name, limits.max_ratio)) for info in infos]
        total = sum(info.file_size for info in infos)
        if total > _RATIO_FLOOR and total > limits.max_archive_ratio * max(1, archive_size):
            raise ModelError(
                f"{archive.name} looks like a zip bomb: its {len(infos)} entries would unpack to {human_size(total)} "
                f"from {human_size(archive_size)} (more than {limits.max_archive_ratio:.0f}:1); Desk refuses it."
            )
        check_totals(limits, len(infos), total, archive.name, disk)
        dest.mkdir(parents=True)
        done = 0
        for info, parts in members:
            if not parts:
                continue
            target = dest.joinpath(*parts)
            if info.is_dir():
                target.mkdir(parents=True, exist_ok=True)
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                with zf.open(info) as src, open(target, "xb") as out:
                    written = 0
                    while chunk := src.read(_CHUNK):
                        written += len(chunk)
                        if written > info.file_size:  # never trust the header
                            raise ModelError(f"{archive.name}: {info.filename[:200]} is larger than it claims.")
                        out.write(chunk)
                        cancel.raise_if_cancelled()
            except FileExistsError as err:
                raise ModelError(f"{archive.name} contains {info.filename[:200]} twice.") from err
            except DeskError:
                raise
            except Exception as err:  # BadZipFile (CRC), zlib.error, EOFError from a corrupt stream
                raise ModelError(f"{archive.name} is damaged ({info.filename[:200]}: {err}).") from err
            done += info.file_size
            yield Progress(done, total, f"Unpacking {archive.name}")


def copy_tree(folder: Path, dest: Path, limits: InstallLimits, disk: Path, cancel: CancelToken) -> Job[None]:
    """Copy the regular files of ``folder`` into ``dest`` (created here); links are refused."""
    files: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(folder, followlinks=False):
        for name in dirnames + filenames:
            item = Path(dirpath) / name
            if item.is_symlink():
                raise ModelError(
                    f"{item.relative_to(folder)} in {folder.name} is a symbolic link; Desk does not follow links "
                    "in model folders. Copy the folder with real files (for example cp -rL) and install the copy."
                )
            if name in filenames:
                if not stat.S_ISREG(item.lstat().st_mode):
                    raise ModelError(f"{item.relative_to(folder)} in {folder.name} is not a regular file.")
                files.append(item)
        if len(files) > limits.max_entries:
            break
    total = sum(f.stat().st_size for f in files)
    check_totals(limits, len(files), total, folder.name, disk)
    dest.mkdir(parents=True)
    done = 0
    for item in files:
        target = dest / item.relative_to(folder)
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(item, "rb") as src, open(target, "xb") as out:
            while chunk := src.read(_CHUNK):
                out.write(chunk)
                done += len(chunk)
                cancel.raise_if_cancelled()
        yield Progress(done, total, f"Copying {folder.name}")


def _safe_member(info: zipfile.ZipInfo, archive: str, max_ratio: float) -> tuple[str, ...]:
    """The path parts of a zip entry, or ModelError if the entry is hostile."""
    name = info.filename.replace("\\", "/")
    shown = repr(info.filename[:200])
    mode = info.external_attr >> 16
    if stat.S_ISLNK(mode):
        raise ModelError(f"{archive} contains a symbolic link ({info.filename[:200]}); Desk refuses such packages.")
    if "\0" in name or name.startswith("/") or re.match(r"^[A-Za-z]:", name):
        raise ModelError(f"{archive} contains an absolute path ({shown}); Desk refuses such packages.")
    parts = PurePosixPath(name).parts
    if ".." in parts:
        raise ModelError(f"{archive} contains a path escaping its folder ({shown}); Desk refuses such packages.")
    if info.flag_bits & 0x1:
        raise ModelError(f"{archive} is encrypted.")
    if info.file_size > _RATIO_FLOOR and info.file_size > max_ratio * max(1, info.compress_size):
        raise ModelError(
            f"{archive} looks like a zip bomb ({info.filename[:200]} is compressed more than {max_ratio:.0f}:1)."
        )
    return tuple(p for p in parts if p not in {"", "."})


