"""The (size, mtime) of every indexed article, kept in a file beside the index.

The no-change check at every start compares the folder's stats with the index's. Read out of
Whoosh's stored fields that is one decode a document (0.9 s at 100,000); this file holds the
same facts for one index generation, as three lists in path order that load in about 10 ms and
compare with a scan's in a few more. It is only a cache: written atomically, tagged with the
generation it describes and its count of documents, and ignored (then written anew) whenever
either differs or it cannot be read.
"""

from __future__ import annotations

import contextlib
import marshal
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

FILE_NAME = "stats.marshal"
_FORMAT = 2

Stats = dict[str, tuple[int, float]]
_Saved = tuple[list[str], list[int], list[float]]


class _Stat(Protocol):
    @property
    def path(self) -> str: ...
    @property
    def size(self) -> int: ...
    @property
    def mtime(self) -> float: ...


def _read(index_dir: Path, generation: int, doc_count: int) -> _Saved | None:
    try:
        with open(index_dir / FILE_NAME, "rb") as f:
            saved = marshal.load(f)
    except (OSError, EOFError, ValueError, TypeError):
        return None
    if not isinstance(saved, tuple) or len(saved) != 4 or saved[0] != (_FORMAT, generation):
        return None
    _, paths, sizes, mtimes = saved
    lists = (paths, sizes, mtimes)
    if not all(isinstance(v, list) and len(v) == doc_count for v in lists):
        return None
    return paths, sizes, mtimes


def load(index_dir: Path, generation: int, doc_count: int) -> Stats | None:
    """The map saved for this generation of the index, or None (none, stale, unreadable)."""
    saved = _read(index_dir, generation, doc_count)
    if saved is None:
        return None
    paths, sizes, mtimes = saved
    return dict(zip(paths, zip(sizes, mtimes, strict=True), strict=True))


def unchanged(index_dir: Path, generation: int, doc_count: int, files: Sequence[_Stat]) -> bool:
    """True when files (sorted by path, as corpus.scan gives them) are exactly what this
    generation of the index holds: the whole no-change check, without building a map."""
    saved = _read(index_dir, generation, doc_count)
    if saved is None or len(files) != doc_count:
        return False
    paths, sizes, mtimes = saved
    return (
        [f.path for f in files] == paths
        and [f.size for f in files] == sizes
        and [f.mtime for f in files] == mtimes
    )


def save(index_dir: Path, generation: int, stats: Stats) -> None:
    """Keep stats as the facts of this generation (a failure only costs the next check time)."""
    paths = sorted(stats)
    sizes = [stats[p][0] for p in paths]
    mtimes = [stats[p][1] for p in paths]
    target = index_dir / FILE_NAME
    temporary = index_dir / f".{FILE_NAME}.{os.getpid()}"
    try:
        with open(temporary, "wb") as f:
            marshal.dump(((_FORMAT, generation), paths, sizes, mtimes), f)
        os.replace(temporary, target)
    except (OSError, ValueError):
        with contextlib.suppress(OSError):
            os.unlink(temporary)


def forget(index_dir: Path) -> None:
    """Drop the saved facts (an update whose outcome is not known exactly yet)."""
    with contextlib.suppress(OSError):
        os.unlink(index_dir / FILE_NAME)
