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
from operator import attrgetter
from pathlib import Path
from typing import Any, Protocol, TypeVar

FILE_NAME = "stats.marshal"
_FORMAT = 2

Stats = dict[str, tuple[int, float]]
Saved = tuple[list[str], list[int], list[float]]  # paths (sorted), sizes, mtimes


class _Stat(Protocol):
    """What a scan knows of a file (FileStat)."""

    @property
    def path(self) -> str: ...
    @property
    def size(self) -> int: ...
    @property
    def mtime(self) -> float: ...


F = TypeVar("F", bound=_Stat)
_path, _size, _mtime = attrgetter("path"), attrgetter("size"), attrgetter("mtime")


def _read(index_dir: Path, generation: int, doc_count: int) -> Saved | None:
    try:
        with open(index_dir / FILE_NAME, "rb") as f:
            saved = marshal.loads(f.read())  # marshal.load(f) reads in small pieces: slower
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


def same(saved: Saved, files: Sequence[_Stat]) -> bool:
    """True when files (sorted by path) are exactly the saved facts."""
    paths, sizes, mtimes = saved
    return (
        len(files) == len(paths)
        and list(map(_path, files)) == paths  # (map of attrgetter: 2/3 of a comprehension's time)
        and list(map(_size, files)) == sizes
        and list(map(_mtime, files)) == mtimes
    )


def changed_in_place(saved: Saved, files: Sequence[F]) -> list[tuple[int, F]] | None:
    """When files (sorted by path) hold exactly the saved paths: (position, file) of those
    whose size or mtime differ, the whole update to make without a map of either side.
    None when a path was added or removed."""
    paths, sizes, mtimes = saved
    if len(files) != len(paths) or list(map(_path, files)) != paths:
        return None
    return [
        (n, f)
        for n, (f, size, mtime) in enumerate(zip(files, sizes, mtimes, strict=True))
        if f.size != size or f.mtime != mtime
    ]


def save(index_dir: Path, generation: int, stats: Stats) -> None:
    """Keep stats as the facts of this generation (a failure only costs the next check time)."""
    paths = sorted(stats)
    sizes = [stats[p][0] for p in paths]
    mtimes = [stats[p][1] for p in paths]
    _save(index_dir, generation, (paths, sizes, mtimes))


def _save(index_dir: Path, generation: int, saved: Saved) -> None:
    paths, sizes, mtimes = saved
    target = index_dir / FILE_NAME
    temporary = index_dir / f".{FILE_NAME}.{os.getpid()}"
    try:
        with open(temporary, "wb") as f:
            marshal.dump(((_FORMAT, generation), paths, sizes, mtimes), f)
        os.replace(temporary, target)
    except (OSError, ValueError):
        with contextlib.suppress(OSError):
            os.unlink(temporary)


# --- with the index's searcher (its generation and count, its stored fields) ----------------


def indexed(s: Any, index_dir: Path) -> Stats:
    """path -> (size, mtime) of every article searcher s holds: from the file when it is of
    s's generation, else read out of the stored fields (and the file written anew)."""
    generation, count = s.reader().generation(), s.doc_count()
    stats = load(index_dir, generation, count)
    if stats is None:
        stats = {
            d["path"]: (d.get("size", -1), d.get("mtime", -1.0))
            for d in s.reader().all_stored_fields()
        }
        save(index_dir, generation, stats)
    return stats


def saved_in(s: Any, index_dir: Path) -> Saved | None:
    """The facts saved for the generation searcher s reads, or None."""
    return _read(index_dir, s.reader().generation(), s.doc_count())


def keep_in_place(
    s: Any, index_dir: Path, saved: Saved, written: Sequence[tuple[int, _Stat]]
) -> None:
    """After an update that rewrote files at these positions of saved (no path added or
    removed): saved with their new stats, kept for s's generation when its count agrees."""
    paths, sizes, mtimes = saved
    for n, f in written:
        sizes[n], mtimes[n] = f.size, f.mtime
    if s.doc_count() == len(paths):
        _save(index_dir, s.reader().generation(), saved)


def keep(
    s: Any, index_dir: Path, before: Stats, removed: Sequence[str], written: Sequence[_Stat]
) -> None:
    """After an update: the stats before it, less the articles removed, with those written,
    saved for s's generation when they account for every document it holds."""
    for path in removed:
        before.pop(path, None)
    for f in written:
        before[f.path] = (f.size, f.mtime)
    if s.doc_count() == len(before):
        save(index_dir, s.reader().generation(), before)


def forget(index_dir: Path) -> None:
    """Drop the saved facts (an update whose outcome is not known exactly yet)."""
    with contextlib.suppress(OSError):
        os.unlink(index_dir / FILE_NAME)
