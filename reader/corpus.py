"""A folder (or one file) -> the article files in it, with the stat facts change detection needs."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ARTICLE_SUFFIXES: tuple[str, ...] = (".txt", ".md")


@dataclass(frozen=True, slots=True)
class FileStat:
    """One article file as stat saw it. `path` is absolute."""

    path: str
    size: int
    mtime: float


def scan(root: Path, suffixes: tuple[str, ...] = ARTICLE_SUFFIXES) -> list[FileStat]:
    """Every article file under root (recursively), or root itself when it is a file.

    Follows symlinked folders once (loops are cut by tracking real paths); skips hidden
    folders; dangling links and unreadable folders are skipped silently here (the caller
    may list them as unreadable).
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
        try:
            if entry.is_dir():
                if not name.startswith("."):
                    yield from _walk(entry.path, suffixes, seen)
            elif name.lower().endswith(suffixes) and entry.is_file():
                st = entry.stat()
                yield FileStat(entry.path, st.st_size, st.st_mtime)
        except OSError:
            continue
