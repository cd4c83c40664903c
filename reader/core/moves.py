"""Articles renamed or moved inside the folder, found by content hash: the one reconcile that
the marks (state.py) and the tags (tags.py) follow them by.

What keeps something of articles by path (a `Keeper`: the reading state, the tags) keeps the
content hash of each (files.file_hash) beside it. When a kept path is gone from the folder
and a new path holds the same bytes, what was kept there moves to the new path. Only new
files of the size of a vanished kept article are hashed, each once whatever the keepers that
lost something, and the moves of each keeper are saved in one transaction.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from typing import Protocol

from reader.core.corpus import FileStat
from reader.core.files import file_hash

__all__ = ["FileKey", "Keeper", "Moves"]

FileKey = tuple[str, int, float]  # a file's content hash, and its size and mtime then
Facts = tuple[int | None, float | None]  # a file's size and mtime as a scan saw them, if known
Lost = tuple[str, str, int | None]  # a vanished path, its file's content hash and size
Move = tuple[str, str, FileKey]  # from a vanished path to a new one, and the new file's hash


class Keeper(Protocol):
    """What keeps something of articles by path, with the content hash of each."""

    def vanished(self, present: Mapping[str, Facts]) -> list[Lost]:
        """The kept paths that are not in present (the folder as it is now), with what their
        files' content hashes were; those never hashed are left out. May wait for its
        writer, so that what was changed so far carries its hash."""
        ...

    def keeps(self, path: str) -> bool:
        """Whether something is kept of the article at path (it is no new home then)."""
        ...

    def move(self, moves: Sequence[Move]) -> list[str]:
        """Move what is kept of each vanished path to its new path, as one change; the new
        paths it moved to (not those changed meanwhile)."""
        ...


class _HasPath(Protocol):
    @property
    def path(self) -> str: ...


class Moves:
    """Follows the articles that moved since the last look, for each keeper given."""

    def __init__(self, *keepers: Keeper) -> None:
        self._keepers = keepers
        self._seen: dict[str, Facts] | None = None  # the folder at the last look

    def follow(self, files: Iterable[_HasPath | str | os.PathLike[str]]) -> int:
        """Move what the keepers keep of vanished paths to new paths holding the same
        content; to how many paths.

        files are the folder as it is now: FileStat or ArticleSummary objects (anything with
        `path`, and `size` and `mtime` when known) or path strings. A file is hashed, on the
        caller's thread (call it from a worker), only when nothing is kept of it, its size is
        that of a vanished kept article, and it is new or changed since the last look.
        """
        present = _facts(files)
        seen, self._seen = self._seen, present
        lost: list[tuple[Keeper, dict[str, list[str]]]] = []
        sizes: set[int] = set()
        for keeper in self._keepers:
            by_hash: dict[str, list[str]] = {}
            for old, digest, size in keeper.vanished(present):
                by_hash.setdefault(digest, []).append(old)
                if size is not None:
                    sizes.add(size)
            if by_hash:
                lost.append((keeper, by_hash))
        planned: list[list[Move]] = [[] for _ in lost]
        for new, facts in present.items():
            if not any(by_hash for _, by_hash in lost):
                break
            if seen is not None and seen.get(new) == facts:
                continue  # looked at last time, and not changed since
            size = facts[0] if facts[0] is not None else _size(new)
            if size not in sizes:
                continue
            waiting = [
                i for i, (keeper, by_hash) in enumerate(lost) if by_hash and not keeper.keeps(new)
            ]
            found = file_hash(new) if waiting else None
            if found is None:
                continue
            for i in waiting:
                by_hash = lost[i][1]
                olds = by_hash.get(found[0])
                if olds:
                    planned[i].append((olds.pop(0), new, found))
                    if not olds:
                        del by_hash[found[0]]
        moved: set[str] = set()
        for (keeper, _), moves in zip(lost, planned, strict=True):
            if moves:
                moved.update(keeper.move(moves))
        return len(moved)


def _facts(files: Iterable[_HasPath | str | os.PathLike[str]]) -> dict[str, Facts]:
    """Each file's path, and its size and mtime when given."""
    items = files if isinstance(files, list) else list(files)
    if all(type(item) is FileStat for item in items):  # a scan's: the one check, once
        return {item.path: (item.size, item.mtime) for item in items}  # type: ignore[union-attr]
    facts: dict[str, Facts] = {}
    for item in items:
        if isinstance(item, str | os.PathLike):
            facts[os.fspath(item)] = (None, None)
        else:
            size, mtime = getattr(item, "size", None), getattr(item, "mtime", None)
            facts[str(item.path)] = (
                size if isinstance(size, int) else None,
                float(mtime) if isinstance(mtime, int | float) else None,
            )
    return facts


def _size(path: str) -> int | None:
    try:
        return os.stat(path).st_size
    except (OSError, ValueError):
        return None
