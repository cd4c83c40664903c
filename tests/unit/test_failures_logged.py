"""What fails outside a search is caught as what it is and logged with its traceback: an
indexing process's mistake, a file reader fails on, a broken catalog cache, a write of the
reading state that fails."""

from __future__ import annotations

import logging
import threading
from pathlib import Path

import pytest

from reader.core import article, catalog
from reader.core.article import load_article, quick_summary
from reader.core.catalog import Catalog
from reader.core.corpus import scan
from reader.core.state import ReadingState
from reader.search import writing
from reader.search.service import SearchIndex


def broken(*args: object, **kwargs: object) -> object:
    raise TypeError("a mistake of ours")


def test_a_mistake_in_an_indexing_process_keeps_its_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The child's exception reaches the parent pickled, which drops its traceback: the
    note it carries is what tells where it was raised."""
    monkeypatch.setattr(writing, "SPLIT_MIN_DOCS", 20)
    root = tmp_path / "c"
    root.mkdir()
    for i in range(60):
        (root / f"a{i:03}.txt").write_text(f"Title {i}\n\nwords of article {i}")
    monkeypatch.setattr(writing, "document", broken)  # the forked children have it too
    index = SearchIndex(root, tmp_path / "ix", procs=2)
    with pytest.raises(TypeError, match="a mistake of ours") as raised:
        index.update(scan(root))
    index.close()
    [note] = raised.value.__notes__
    assert note.startswith("In an indexing process:\nTraceback (most recent call last):")
    assert "in _index_part" in note and "in broken" in note


def test_a_mistake_reading_a_file_is_logged_not_blamed_on_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "a.txt"
    path.write_text("Title\n\nSome text.\n")
    monkeypatch.setattr(article, "parse_text", broken)
    monkeypatch.setattr(article, "decode_bytes", broken)
    loaded = load_article(path)
    assert loaded.error == "reader failed on it (TypeError; see the log)"
    summary = quick_summary(str(path), 20, 0.0)
    assert summary.error == "reader failed on it (TypeError; see the log)"
    records = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert [r.getMessage() for r in records] == [
        f"Reading {path} failed on an unexpected error"
    ] * 2
    assert all(r.exc_info and r.exc_info[0] is TypeError for r in records)


def test_an_unreadable_file_is_still_said_as_such(tmp_path: Path) -> None:
    (tmp_path / "folder.txt").mkdir()
    assert load_article(tmp_path / "folder.txt").error == "is a directory"
    assert load_article(tmp_path / "gone.txt").error == "file not found"
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01\x02" * 100)
    assert (load_article(tmp_path / "bin.txt").error or "").startswith("binary file")


def test_a_broken_catalog_cache_is_logged_and_rebuilt(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    cache = tmp_path / "catalog"
    for garbage in (b"\x00garbage", b"", b"\xe9\x02"):
        cache.write_bytes(garbage)
        assert Catalog(cache).cached() in ([], None)
    assert caplog.text.count("is unreadable; rebuilt") == 3


def test_a_mistake_in_the_catalog_is_not_a_broken_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "catalog"
    cache.write_bytes(b"\x00garbage")

    def mistaken(data: bytes) -> object:
        raise AttributeError("a mistake of ours")

    monkeypatch.setattr(catalog.marshal, "loads", mistaken)
    with pytest.raises(AttributeError):
        Catalog(cache).cached()


def test_a_mistake_saving_marks_is_logged_said_and_retried(
    small_corpus: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """The writer keeps what a mistake kept it from saving, and saves it with the next try:
    a narrower catch would end the writer thread and lose the marks."""
    corpus = small_corpus
    article_path = str(corpus / "a_ukraine.txt")
    state = ReadingState(corpus)
    real_write = state._store.write
    monkeypatch.setattr(state._store, "write", broken)
    problems: list[str | None] = []
    told = threading.Event()

    def tell(problem: str | None) -> None:  # on the writer thread, after flush() returns
        problems.append(problem)
        told.set()

    state.on_save_problem = tell
    state.set_read(article_path)
    assert told.wait(30)  # a hang guard, not a measure
    assert problems == ["an unexpected error (TypeError; see the log)"]
    [record] = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert record.getMessage() == "Saving marks failed on an unexpected error"
    assert record.exc_info is not None and record.exc_info[0] is TypeError
    monkeypatch.setattr(state._store, "write", real_write)
    told.clear()
    state.toggle_star(article_path)  # the next change tries again, the first one with it
    assert told.wait(30)
    assert problems[-1] is None
    state.close()
    again = ReadingState(corpus)
    assert again.is_read(article_path) and again.is_starred(article_path)
    again.close()
