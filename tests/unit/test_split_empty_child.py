"""A split build where one child gets no file: the other's segment must still be written."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.core.corpus import scan
from reader.search import writing
from reader.search.service import SearchIndex


def test_a_child_that_got_no_file_leaves_the_shared_temporary_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The children take chunks from a shared cursor, so one may get none (the other took
    them all before it started: a busy machine). That child cancelled its writer, and Whoosh's
    cancel empties the temporary folder every writer of the batch shares: the other child's
    column file went from under it ("This file is already closed", seen in CI). Here one
    chunk holds every file, so one child always gets none."""
    monkeypatch.setattr(writing, "SPLIT_MIN_DOCS", 20)
    monkeypatch.setattr(writing, "SPLIT_CHUNK", 10_000)
    root = tmp_path / "c"
    root.mkdir()
    for i in range(120):  # two children (one per 50 files, at most procs)
        (root / f"a{i:03}.txt").write_text(f"Title {i}\n\nwords of article {i} zebra")
    index = SearchIndex(root, tmp_path / "ix", procs=2)
    try:
        stats = index.update(scan(root))
        assert stats.added == 120
        assert index.search("zebra", limit=200).total == 120
    finally:
        index.close()
