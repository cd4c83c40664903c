"""A folder (or one file) -> the article files in it, with the stat facts change detection needs."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from reader.core.files import unreadable_reason

ARTICLE_SUFFIXES: tuple[str, ...] = (".txt", ".md")


@dataclass(frozen=True, slots=True)
class FileStat:
    """One article file as stat saw it. `path` is absolute."""

    path: str
    size: int
    mtime: float
    error: str | None = None  # set when the name is an article's but it cannot be read


def scan(root: Path, suffixes: tuple[str, ...] = ARTICLE_SUFFIXES) -> list[FileStat]:
    """Every article file under root (recursively), or root itself when it is a file.

    Follows symlinked folders once (loops are cut by tracking real paths); skips hidden
    folders and unreadable folders. An article name that cannot be read as a file (a
    dangling link, a symlink loop, a device or a pipe) is kept with `error` saying why, so
    the list can show it as unreadable.
    """
    root = Path(os.path.abspath(os.fspath(root)))
    if root.is_file():
        st = root.stat()
        return [FileStat(os.fspath(root), st.st_size, st.st_mtime)]
    return sorted(_walk(os.fspath(root), suffixes, set()), key=lambda f: f.path)


def _walk(folder: str, suffixes: tuple[str, ...], seen: set[str]) -> Iterator[FileStat]:
    try:
        real = os.path.realpath(folder)
    except (OSError, ValueError):
        return
    if real in seen:
        return
    seen.add(real)
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        name = entry.name
        article = name.lower().endswith(suffixes)
        try:
            if entry.is_dir():
                if not name.startswith("."):
                    yield from _walk(entry.path, suffixes, seen)
            elif article and entry.is_file():
                st = entry.stat()
                yield FileStat(entry.path, st.st_size, st.st_mtime)
            elif article:
                yield _unreadable(entry, "not a regular file")
        except OSError as exc:
            if article:
                yield _unreadable(entry, unreadable_reason(exc))


def _unreadable(entry: os.DirEntry[str], reason: str) -> FileStat:
    """An article name that is not a readable file, with the reason (stat of the link)."""
    try:
        st = entry.stat(follow_symlinks=False)
        size, mtime = st.st_size, st.st_mtime
    except OSError:
        size, mtime = 0, 0.0
    if entry.is_symlink() and reason == "not a regular file":
        try:
            os.stat(entry.path)
        except OSError as exc:
            reason = unreadable_reason(exc)
    return FileStat(entry.path, size, mtime, reason)
