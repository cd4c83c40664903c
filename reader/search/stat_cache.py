"""The (size, mtime) of every indexed article, kept in a file beside the index.

The no-change check at every start compares the folder's stats with the index's. Read out of
Whoosh's stored fields that is one decode a document (0.9 s at 100,000); this file holds the
same facts for one index generation, as a list of rows in path order, each the tuple a scan
makes of the file (corpus.FileStat: path, size, mtime, no error), so that "nothing changed" is
one comparison of two lists (at 100,000: about 25 ms to load and 25 to compare, where three
lists of paths, sizes and mtimes took 15 and 75). It is only a cache: written atomically,
tagged with the generation it describes and its count of documents, and ignored (then written
anew) whenever either differs or it cannot be read.
"""

from __future__ import annotations

import contextlib
import marshal
import os
from collections.abc import Sequence
from itertools import compress, count
from operator import ne
from pathlib import Path
from typing import Any

from reader.core.corpus import FileStat, collector_paused

FILE_NAME = "stats.marshal"
_FORMAT = 3

Stats = dict[str, tuple[int, float]]
Row = tuple[str, int, float, None]  # equal to the FileStat of the file unchanged
Saved = list[Row]  # sorted by path


def _read(index_dir: Path, generation: int, doc_count: int) -> Saved | None:
    try:
        with open(index_dir / FILE_NAME, "rb") as f, collector_paused():
            saved = marshal.loads(f.read())  # marshal.load(f) reads in small pieces: slower
    except (OSError, EOFError, ValueError, TypeError):
        return None
    if not isinstance(saved, tuple) or len(saved) != 2 or saved[0] != (_FORMAT, generation):
        return None
    rows = saved[1]
    if not isinstance(rows, list) or len(rows) != doc_count:
        return None
    return rows


def _valid(rows: Saved) -> bool:
    """Every row of the shape written (a file of the right tag and count still could lie)."""
    return all(type(r) is tuple and len(r) == 4 for r in rows)


def load(index_dir: Path, generation: int, doc_count: int) -> Stats | None:
    """The map saved for this generation of the index, or None (none, stale, unreadable)."""
    rows = _read(index_dir, generation, doc_count)
    if rows is None or not _valid(rows):
        return None
    return {path: (size, mtime) for path, size, mtime, _ in rows}


def same(saved: Saved, files: Sequence[FileStat]) -> bool:
    """True when files (sorted by path) are exactly the saved facts: one comparison of two
    lists of tuples (a file that cannot be read, its error set, is never the same)."""
    return (files if isinstance(files, list) else list(files)) == saved


def changed_in_place(saved: Saved, files: Sequence[FileStat]) -> list[tuple[int, FileStat]] | None:
    """When files (sorted by path) hold exactly the saved paths: (position, file) of those
    whose size or mtime differ, the whole update to make without a map of either side; none
    when nothing changed (also for a file that cannot be read, whose scan carries its error as
    the saved facts never do). None when a path was added or removed."""
    if same(saved, files):
        return []
    if len(files) != len(saved):
        return None
    # The rows that differ found in C (map, compress), then looked at one by one: the lists
    # of paths of both sides and a loop over every pair took 60-80 ms at 100,000 articles.
    changed = []
    for n in compress(count(), map(ne, files, saved)):
        f, row = files[n], saved[n]
        if type(row) is not tuple or len(row) != 4 or f.path != row[0]:
            return None  # a path added or removed (or a row not of the shape written)
        if f.size != row[1] or f.mtime != row[2]:
            changed.append((n, f))
    return changed


def save(index_dir: Path, generation: int, stats: Stats) -> None:
    """Keep stats as the facts of this generation (a failure only costs the next check time)."""
    _save(index_dir, generation, [(p, *stats[p], None) for p in sorted(stats)])


def _save(index_dir: Path, generation: int, saved: Saved) -> None:
    target = index_dir / FILE_NAME
    temporary = index_dir / f".{FILE_NAME}.{os.getpid()}"
    try:
        with open(temporary, "wb") as f:
            marshal.dump(((_FORMAT, generation), saved), f)
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
    s: Any, index_dir: Path, saved: Saved, written: Sequence[tuple[int, FileStat]]
) -> None:
    """After an update that rewrote files at these positions of saved (no path added or
    removed): saved with their new stats, kept for s's generation when its count agrees."""
    for n, f in written:
        saved[n] = (f.path, f.size, f.mtime, None)
    if s.doc_count() == len(saved):
        _save(index_dir, s.reader().generation(), saved)


def keep(
    s: Any, index_dir: Path, before: Stats, removed: Sequence[str], written: Sequence[FileStat]
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
