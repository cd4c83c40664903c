"""A folder of odd files (issue 23, items 6-7): what a file costs to index is bounded, the small
files are searchable before the big ones are read, and "Did you mean" never offers the word
typed. Work is counted (characters and words indexed, batches committed), never timed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from reader.core import article as article_mod
from reader.core.corpus import scan
from reader.search import documents, spelling, writing
from reader.search.analysis import folded
from reader.search.documents import changes, document, indexed_text, size_order
from reader.search.query import Word
from reader.search.service import SearchIndex
from tests.odd_folder import SMALL, WORDS, build_odd_folder


def test_indexed_text_is_cut_where_a_word_ends() -> None:
    assert indexed_text("zebra " * 10, 20) == "zebra zebra zebra"
    assert indexed_text("short", 20) == "short"
    assert indexed_text("x" * 50, 20) == "x" * 20  # one word longer than the limit


def test_a_file_of_one_word_a_million_times_indexes_a_bounded_part(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build_odd_folder(tmp_path, scale=0.05)  # 50,000 'zebra'
    monkeypatch.setattr(documents, "MAX_INDEXED_CHARS", 60_000)
    f = next(f for f in scan(tmp_path) if f.path.endswith("zebras.txt"))
    doc = document(f)
    assert f.size > 250_000
    words = doc["body"].split()
    assert words.count("zebra") <= 10_000  # 60,000 characters of 'zebra '
    assert all(len(part) <= 60_000 for part in doc["exact"])
    assert "zebrasword" in words  # the file's head is indexed


def test_size_order_goes_by_powers_of_16() -> None:
    assert [size_order(n) for n in (0, 15, 16, 255, 256, 4095, 4096)] == [0, 0, 1, 1, 2, 2, 3]


def test_changes_lists_the_smallest_files_first(tmp_path: Path) -> None:
    build_odd_folder(tmp_path, scale=0.01)
    todo, _ = changes({}, scan(tmp_path))
    orders = [size_order(f.size) for f, _ in todo]
    assert orders == sorted(orders) and orders[0] < orders[-1]
    assert todo[0][0].path.endswith(SMALL)


def test_the_small_file_is_searchable_before_the_big_ones_are_indexed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "odd"
    build_odd_folder(folder, scale=0.01)
    monkeypatch.setattr(writing, "BATCH_BYTES", 20_000)
    index = SearchIndex(folder, tmp_path / "index", procs=1)
    found_early: list[bool] = []

    def progress(done: int, total: int) -> None:
        if 0 < done < total:
            found_early.append(bool(index.search(WORDS[SMALL]).hits))

    files = scan(folder)
    index.update(files, progress=progress)
    assert found_early and found_early[0]  # the first commit held it, before the big files
    assert len(found_early) >= 2  # the big files came in batches of their own
    assert index.search("zebrasword").hits
    index.close()


class _Reader:
    """An index reader that has not seen a word the first time it is asked (a commit landing
    between the two looks, as while a first index runs), and has it after."""

    def __init__(self) -> None:
        self.asked: set[tuple[str, str]] = set()

    def doc_frequency(self, field: str, term: str) -> int:
        seen = (field, term) in self.asked
        self.asked.add((field, term))
        return 1 if seen else 0


class _Searcher:
    def __init__(self) -> None:
        self._reader = _Reader()

    def reader(self) -> _Reader:
        return self._reader

    def search(self, q: Any, limit: int) -> Any:
        raise AssertionError("no suggestion is searched when nothing was corrected")


def test_did_you_mean_never_offers_the_word_typed(tmp_path: Path) -> None:
    vocab = spelling.Vocabulary(tmp_path / "vocab")
    vocab.add(["missile", "missiles"])
    words = [Word(text) for text in folded("missile")]
    assert spelling.suggest(_Searcher(), vocab, words, 0) is None


def test_a_file_of_many_headings_is_parsed_only_as_far_as_is_indexed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build_odd_folder(tmp_path, scale=0.05)  # 5,000 headings, 200 KB
    monkeypatch.setattr(documents, "MAX_INDEXED_CHARS", 20_000)
    parsed: list[str] = []
    real_kind = article_mod.markdown_kind

    def counted(raw: str) -> tuple[str, int, str | None]:
        parsed.append(raw)
        return real_kind(raw)

    monkeypatch.setattr(article_mod, "markdown_kind", counted)
    f = next(f for f in scan(tmp_path) if f.path.endswith("headings.md"))
    document(f)
    assert f.size > 150_000
    # the 25,000 characters parsed hold at most 25,000 // 9 blocks ("Text 1.\n\n"), of 10,000
    assert 0 < len(parsed) <= 25_000 // 9
