"""A folder (or one file) -> the article files in it, with the stat facts change detection needs."""

from __future__ import annotations

import contextlib
import gc
import os
from collections.abc import Iterator
from operator import attrgetter
from pathlib import Path
from typing import NamedTuple

from reader.core.files import unreadable_reason

ARTICLE_SUFFIXES: tuple[str, ...] = (".txt", ".md", ".html", ".htm")


class FileStat(NamedTuple):
    """One article file as stat saw it. `path` is absolute. (A named tuple: a scan makes one
    an article, and a tuple is made in a third of a frozen dataclass's time.)"""

    path: str
    size: int
    mtime: float
    error: str | None = None  # set when the name is an article's but it cannot be read


_by_path = attrgetter("path")


def scan(root: Path, suffixes: tuple[str, ...] = ARTICLE_SUFFIXES) -> list[FileStat]:
    """Every article file under root (recursively), or root itself when it is a file.

    Walks with a stack, not recursion, so no depth of folders stops it. Follows symlinked
    folders once (a folder seen before, by device and inode, is skipped: loops end); skips
    hidden folders, unreadable folders and pseudo file systems (/proc, /sys, /dev). An
    article name that cannot be read as a file (a dangling link, a symlink loop, a device or
    a pipe) is kept with `error` saying why, so the list can show it as unreadable.
    """
    root = Path(os.path.abspath(os.fspath(root)))
    if root.is_file():
        st = root.stat()
        return [FileStat(os.fspath(root), st.st_size, st.st_mtime)]
    with collector_paused():
        found = _walk(os.fspath(root), suffixes)
        found.sort(key=_by_path)
    return found


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """No cyclic garbage collection while a scan (or a load of its rows) makes 100,000 tuples,
    which hold no cycle: each one kept counts toward a collection, and the collections of
    older objects walked the whole heap again and again (35-50 ms of a scan of 100,000
    articles). Left as it was found (a scan in another thread may have paused it already).
    """
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


# A first index of this many articles takes minutes: said before it starts, not only by a bar.
# (`corpus = "/"` once started on 154,000 files without a word.)
BIG_INDEX = 50_000


def big_index_note(total: int) -> str | None:
    """What to say before indexing `total` articles at once, when that takes a while."""
    if total < BIG_INDEX:
        return None
    return (
        f"Indexing {total:,} articles takes a while: search answers from what is indexed so "
        "far, and stopping keeps it (the next start goes on from there)"
    )


def indexing_note(total: int) -> str:
    """What the status line says while `total` articles are being indexed (the bar shows how
    far: a count of articles done would run ahead of the work, an article read not written)."""
    return big_index_note(total) or f"Indexing {total:,} article{'s' if total != 1 else ''}…"


def folder_problem(root: Path) -> str | None:
    """Why root cannot be listed (missing, not readable), or None when it can."""
    try:
        if root.is_file():
            return None
        with os.scandir(root):
            return None
    except OSError as exc:
        return unreadable_reason(exc)


# A folder's files are stat'ed by name relative to the folder (fstatat), not by their whole
# paths: the kernel resolves one name instead of every folder above it (a tenth of a scan).
_BY_FD = os.scandir in os.supports_fd and os.stat in os.supports_dir_fd
_FOLDER_FLAGS = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0)
_new = tuple.__new__  # FileStat(...) without its Python-level __new__: a scan makes 100,000


def _walk(top: str, suffixes: tuple[str, ...]) -> list[FileStat]:
    found: list[FileStat] = []
    seen: set[tuple[int, int]] = set()
    skip = _pseudo_devices()
    stack = [top]
    while stack:
        folder = stack.pop()
        fd = None
        try:
            if _BY_FD:
                fd = os.open(folder, _FOLDER_FLAGS)
                st = os.fstat(fd)
                entries = list(os.scandir(fd))
            else:
                st = os.stat(folder)
                entries = list(os.scandir(folder))
        except (OSError, ValueError):
            if fd is not None:
                os.close(fd)
            continue
        try:
            if (st.st_dev, st.st_ino) in seen or st.st_dev in skip:
                continue
            seen.add((st.st_dev, st.st_ino))
            _take(folder, fd, entries, suffixes, found, stack)
        finally:
            if fd is not None:
                os.close(fd)
    return found


def _take(
    folder: str,
    fd: int | None,
    entries: list[os.DirEntry[str]],
    suffixes: tuple[str, ...],
    found: list[FileStat],
    stack: list[str],
) -> None:
    """The articles among one folder's entries into found, its subfolders onto stack."""
    prefix = folder if folder.endswith(os.sep) else folder + os.sep
    stat = os.stat
    append = found.append
    for entry in entries:
        name = entry.name
        article = name.lower().endswith(suffixes)
        try:
            if entry.is_dir():
                if not name.startswith("."):
                    stack.append(prefix + name)
            elif article and entry.is_file():
                est = stat(name, dir_fd=fd) if fd is not None else entry.stat()
                append(_new(FileStat, (prefix + name, est.st_size, est.st_mtime, None)))
            elif article:
                append(_unreadable(entry, prefix + name, "not a regular file"))
        except OSError as exc:
            if article:
                exc.filename = prefix + name  # (the name alone, when stat'ed by the folder)
                append(_unreadable(entry, prefix + name, unreadable_reason(exc)))


# File systems that hold no articles, only the kernel's views of itself.
PSEUDO_FILE_SYSTEMS = frozenset(
    "proc sysfs devtmpfs devpts cgroup cgroup2 securityfs debugfs tracefs pstore bpf mqueue "
    "hugetlbfs fusectl configfs binfmt_misc autofs efivarfs selinuxfs".split()
)


def _pseudo_devices() -> set[int]:
    """The device numbers of the pseudo file systems mounted here (Linux; none elsewhere)."""
    devices: set[int] = set()
    try:
        with open("/proc/self/mounts", encoding="utf-8", errors="replace") as mounts:
            lines = mounts.read(1 << 20).splitlines()
    except OSError:
        return devices
    for line in lines:
        parts = line.split()
        if len(parts) >= 3 and parts[2] in PSEUDO_FILE_SYSTEMS:
            mount_point = parts[1].replace("\\040", " ")
            try:
                devices.add(os.stat(mount_point).st_dev)
            except OSError:
                continue
    return devices


def _unreadable(entry: os.DirEntry[str], path: str, reason: str) -> FileStat:
    """An article name that is not a readable file, with the reason (stat of the link)."""
    try:
        st = entry.stat(follow_symlinks=False)
        size, mtime = st.st_size, st.st_mtime
    except OSError:
        size, mtime = 0, 0.0
    if entry.is_symlink() and reason == "not a regular file":
        try:
            os.stat(path)
        except OSError as exc:
            reason = unreadable_reason(exc)
    return FileStat(path, size, mtime, reason)
