"""The index update's progress reaches its total only when the work is done."""

from __future__ import annotations

import multiprocessing
from pathlib import Path
from typing import Any

import pytest

from reader.core.corpus import scan
from reader.search import segments, writing
from reader.search.service import SearchIndex
from tests.unit.articles import write_corpus

HANG_GUARD = 30.0  # seconds: only ever reached if the update never reports progress


def test_a_split_batch_is_not_done_while_its_segments_are_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The child processes read every file of the batch, then write their segments: progress
    reported while they write must stay short of the total."""
    monkeypatch.setattr(writing, "SPLIT_MIN_DOCS", 20)
    monkeypatch.setattr(writing, "SPLIT_FIRST_BATCH", 1000)  # one batch for all 260 files
    texts = {f"a{i:03}.txt": f"Title {i}\n\nwords number{i} about things" for i in range(260)}
    root = write_corpus(tmp_path / "c", texts)
    fork = multiprocessing.get_context("fork")
    writing_started, reported = fork.Event(), fork.Event()
    finalize = segments.FastSegmentWriter._finalize_segment

    def gated(self: segments.FastSegmentWriter) -> object:
        # In a child: every file is read; wait until the parent has reported progress once
        # more, then write the segment.
        writing_started.set()
        reported.wait(HANG_GUARD)
        return finalize(self)

    monkeypatch.setattr(segments.FastSegmentWriter, "_finalize_segment", gated)
    seen: list[tuple[int, int, bool]] = []

    def progress(done: int, total: int) -> None:
        seen.append((done, total, writing_started.is_set()))
        if writing_started.is_set():
            reported.set()

    search_index = SearchIndex(root, tmp_path / "ix", procs=2)
    stats = search_index.update(scan(root), progress=progress)
    search_index.close()
    assert stats.added == 260
    assert any(while_writing for _, _, while_writing in seen)
    assert seen[-1][:2] == (260, 260)  # done: after the commit
    assert all(done < total for done, total, _ in seen[:-1]), seen
    assert [done for done, _, _ in seen] == sorted(done for done, _, _ in seen)


def test_a_child_holding_many_postings_writes_more_than_one_segment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A child's writer keeps its postings in memory: past SPLIT_SEGMENT_POSTINGS it writes a
    segment and goes on in a new one; the batch's segments are joined into one (joined.join);
    every article is in the index, once."""
    joined: list[int] = []
    join = writing.join

    def counted(storage: Any, schema: Any, segments: list[Any], *args: Any) -> Any:
        joined.append(len(segments))
        return join(storage, schema, segments, *args)

    monkeypatch.setattr(writing, "join", counted)
    monkeypatch.setattr(writing, "SPLIT_MIN_DOCS", 20)
    monkeypatch.setattr(writing, "SPLIT_FIRST_BATCH", 1000)  # one batch for all 260 files
    monkeypatch.setattr(writing, "SPLIT_SEGMENT_POSTINGS", 200)
    texts = {f"a{i:03}.txt": f"Title {i}\n\nwords number{i} about things" for i in range(260)}
    root = write_corpus(tmp_path / "c", texts)
    search_index = SearchIndex(root, tmp_path / "ix", procs=2)
    stats = search_index.update(scan(root))
    assert stats.added == 260
    assert search_index.doc_count() == 260
    with search_index._store.lock:
        searcher = search_index._store.searcher()
        assert searcher is not None
        assert len(searcher.reader().leaf_readers()) == 1
    assert joined and joined[0] > 4  # 2 children, several segments each
    for i in (0, 77, 259):
        assert [h.path for h in search_index.search(f"number{i}").hits] == [
            str(root / f"a{i:03}.txt")
        ]
    search_index.close()
