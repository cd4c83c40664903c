"""The no-change check at every start (scan the folder, compare with the index): it reads
little of a big index, and still sees damage and every change."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from whoosh.codec import whoosh3

from reader.core.corpus import scan
from reader.search import stat_cache, store, writing
from reader.search.service import SearchIndex

ARTICLES = 300  # "a" is in every one: its postings in the exact field take blocks of 128


@pytest.fixture(scope="module", params=["one batch", "batches merged"])
def long_postings(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Path, Path]]:
    """Written by our segment writer, or (a build in batches, merged at its end) by Whoosh's."""
    base = tmp_path_factory.mktemp("long")
    root = base / "c"
    root.mkdir()
    for i in range(ARTICLES):
        # No number: a term of one article sorts first and ends the quick check there
        (root / f"n{i}.txt").write_text("Note\n\nA note about otters.\n")
    batch_seconds = writing.BATCH_SECONDS
    if request.param == "batches merged":
        writing.BATCH_SECONDS = 0
    try:
        ix = SearchIndex(root, base / "ix", procs=1)
        ix.update(scan(root))
        ix.close()
    finally:
        writing.BATCH_SECONDS = batch_seconds
    yield root, base / "ix"


def open_index(where: Path) -> Any:
    from whoosh import index

    return index.open_dir(str(where), indexname=store.INDEX_NAME)


def block_starts(leaf: Any, fieldname: str, term: str) -> list[int]:
    """Where each block of a term's postings starts in the postings file."""
    m = leaf.postings(fieldname, term)
    starts = [m._baseoffset]
    while not m._lastblock:
        starts.append(m._nextoffset)
        m._next_block()
    return starts


def longest(ix: Any) -> Any:
    """The segment where "a" has the most blocks (a build split by the clock has several)."""
    leaves = [leaf for leaf, _ in ix.reader().leaf_readers()]
    return max(
        leaves, key=lambda lf: len(block_starts(lf, "exact", "a")) if ("exact", "a") in lf else 0
    )


def test_the_quick_check_decodes_one_block_of_a_long_posting_list(
    long_postings: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """It read every id of the exact field's first term ("a", in every article): most of the
    no-change check's update at 100,000 articles. One block a term now."""
    _, where = long_postings
    ix = open_index(where)
    leaf = longest(ix)
    assert len(block_starts(leaf, "exact", "a")) >= 2, "the test needs a long posting list"
    decoded: list[int] = []  # how many blocks each matcher had decoded, at each decode
    real = whoosh3.W3LeafMatcher._read_ids

    def counting(self: Any) -> None:
        self.blocks_decoded = getattr(self, "blocks_decoded", 0) + 1
        decoded.append(self.blocks_decoded)
        real(self)

    monkeypatch.setattr(whoosh3.W3LeafMatcher, "_read_ids", counting)
    store.check_index(ix, deep=False).close()
    assert decoded and max(decoded) == 1
    decoded.clear()
    store.check_index(ix, deep=True).close()  # the deep check still reads every block
    assert max(decoded) >= 2
    ix.close()


def test_the_quick_check_still_sees_a_later_block_damaged(
    long_postings: tuple[Path, Path], tmp_path: Path
) -> None:
    """Reading the first block only would miss this: every block's header is still read."""
    import shutil

    root, where = long_postings
    copy = tmp_path / "ix"
    shutil.copytree(where, copy)
    ix = open_index(copy)
    leaf = longest(ix)
    last = block_starts(leaf, "exact", "a")[-1]
    pst = copy / f"{leaf.segment().segment_id()}.pst"
    ix.close()
    data = bytearray(pst.read_bytes())
    data[last + 4 : last + 12] = b"\xff" * 8  # the block's header, after its length
    pst.write_bytes(bytes(data))
    with pytest.raises(Exception) as raised:
        store.check_index(open_index(copy), deep=False).close()
    assert store.damaged_by(raised.value)
    index = SearchIndex(root, copy, procs=1)
    assert index.update(scan(root)).notice == "The search index was damaged: set aside and rebuilt"
    index.close()


def indexed_otters(tmp_path: Path, articles: int) -> tuple[Path, SearchIndex]:
    """A folder of this many short articles ("Title i", "Otters i."), indexed in one process."""
    root = tmp_path / "c"
    root.mkdir()
    for i in range(articles):
        (root / f"a{i}.txt").write_text(f"Title {i}\n\nOtters {i}.\n")
    ix = SearchIndex(root, tmp_path / "ix", procs=1)
    ix.update(scan(root))
    return root, ix


def test_the_saved_facts_are_the_rows_a_scan_makes(tmp_path: Path) -> None:
    """So that "nothing changed" is one comparison of two lists (at 100,000 articles three
    lists of paths, sizes and mtimes took 15 ms to load and 75 to compare, the rows 25 and 25)."""
    root, ix = indexed_otters(tmp_path, 5)
    s = ix._store.searcher()
    saved = stat_cache.saved_in(s, ix.index_dir)
    assert saved == scan(root)
    assert stat_cache.changed_in_place(saved, scan(root)) == []
    ix.close()


def test_a_file_that_cannot_be_read_is_no_change_at_every_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its scan carries the error, the saved facts never do: the same all the same."""
    root = tmp_path / "c"
    root.mkdir()
    (root / "a.txt").write_text("Title\n\nOtters.\n")
    (root / "gone.md").symlink_to(root / "nowhere.md")
    files = scan(root)
    assert [f.error is not None for f in files] == [False, True]
    ix = SearchIndex(root, tmp_path / "ix", procs=1)
    first = ix.update(files)
    assert first.added == 2 and first.unreadable == 1

    def no_write(*args: object, **kwargs: object) -> None:
        raise AssertionError("the index was written for no change")

    monkeypatch.setattr(writing, "write", no_write)
    again = ix.update(scan(root))
    assert (again.added, again.updated, again.removed, again.total) == (0, 0, 0, 2)
    ix.close()


def test_a_renamed_file_of_the_same_size_and_time_is_seen(tmp_path: Path) -> None:
    """mv keeps the size and the mtime: the rows still differ by their paths."""
    root, ix = indexed_otters(tmp_path, 4)
    os.rename(root / "a2.txt", root / "b2.txt")
    stats = ix.update(scan(root))
    assert (stats.added, stats.updated, stats.removed, stats.total) == (1, 0, 1, 4)
    assert [Path(h.path).name for h in ix.search("otters 2").hits][:1] == ["b2.txt"]
    ix.close()


def test_a_rewrite_in_place_tells_the_writer_how_many_articles_the_index_holds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The writer merges the whole index into one segment when most of it is new: told 4 (the
    length of a saved row, not the count of rows) it would have, at 5 files changed of 6."""
    root, ix = indexed_otters(tmp_path, 6)
    told: list[int] = []
    real = writing.write

    def telling(*args: Any) -> tuple[int, int]:
        told.append(args[5])
        return real(*args)

    monkeypatch.setattr(writing, "write", telling)
    for i in range(5):
        (root / f"a{i}.txt").write_text(f"Title {i}\n\nBeavers {i} now.\n")
        os.utime(root / f"a{i}.txt", (4_000_000 + i, 4_000_000 + i))
    stats = ix.update(scan(root))
    assert (stats.added, stats.updated, stats.removed, stats.total) == (0, 5, 0, 6)
    assert told == [6]
    ix.close()
