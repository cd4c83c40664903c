"""The stats file beside the index: a no-change check that reads no stored field, and never a
change missed because of it (stale, foreign, damaged or missing file)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from reader.core.corpus import scan
from reader.search import stat_cache
from reader.search.service import SearchIndex


def corpus(root: Path, n: int = 6) -> Path:
    root.mkdir()
    for i in range(n):
        (root / f"a{i}.txt").write_text(f"Title {i}\n\nBody of article {i} about otters.\n")
    return root


@pytest.fixture()
def indexed(tmp_path: Path) -> tuple[Path, SearchIndex]:
    root = corpus(tmp_path / "c")
    ix = SearchIndex(root, tmp_path / "ix", procs=1)
    ix.update(scan(root))
    return root, ix


def stored_reads(ix: SearchIndex, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count the reads of every stored field (what the stats file spares)."""
    calls: list[int] = []
    searcher = ix._store.searcher()
    reader_class = type(searcher.reader())
    real = reader_class.all_stored_fields

    def counting(self: object) -> object:
        calls.append(1)
        return real(self)

    monkeypatch.setattr(reader_class, "all_stored_fields", counting)
    return calls


def test_a_no_change_check_reads_no_stored_field(
    indexed: tuple[Path, SearchIndex], monkeypatch: pytest.MonkeyPatch
) -> None:
    root, ix = indexed
    assert (ix.index_dir / stat_cache.FILE_NAME).exists()
    calls = stored_reads(ix, monkeypatch)
    stats = ix.update(scan(root))
    assert (stats.added, stats.updated, stats.removed) == (0, 0, 0) and stats.total == 6
    assert calls == []
    assert set(ix.indexed_stats()) == {os.fspath(root / f"a{i}.txt") for i in range(6)}
    assert calls == []


def test_changes_are_found_with_the_file_in_place(indexed: tuple[Path, SearchIndex]) -> None:
    root, ix = indexed
    (root / "a1.txt").write_text("Title 1\n\nNow about beavers instead.\n")
    os.utime(root / "a1.txt", (1_000_000, 1_000_000))
    (root / "a2.txt").unlink()
    (root / "new.txt").write_text("New\n\nPenguins.\n")
    stats = ix.update(scan(root))
    assert (stats.added, stats.updated, stats.removed) == (1, 1, 1)
    assert ix.search("beavers").hits and ix.search("penguins").hits
    again = ix.update(scan(root))  # the file now describes the new state
    assert (again.added, again.updated, again.removed) == (0, 0, 0)
    assert ix.indexed_stats()[os.fspath(root / "a1.txt")][1] == 1_000_000


def test_a_file_from_another_generation_or_damaged_is_ignored(
    indexed: tuple[Path, SearchIndex], tmp_path: Path
) -> None:
    root, ix = indexed
    saved = ix.index_dir / stat_cache.FILE_NAME
    # Another process updates the index and its stats file describes an older generation.
    old = saved.read_bytes()
    (root / "a3.txt").write_text("Title 3\n\nWalruses now.\n")
    os.utime(root / "a3.txt", (2_000_000, 2_000_000))
    other = SearchIndex(root, ix.index_dir, procs=1)
    assert other.update(scan(root)).updated == 1
    other.close()
    saved.write_bytes(old)  # stale: the generation it names is gone
    assert ix.update(scan(root)).updated == 0  # the index has a3's new stats already
    assert ix.indexed_stats()[os.fspath(root / "a3.txt")][1] == 2_000_000
    for junk in (b"", b"\x00garbage", b"\xff" * 100):
        saved.write_bytes(junk)
        assert ix.update(scan(root)).updated == 0
        assert len(ix.indexed_stats()) == 6
    saved.unlink()
    assert len(ix.indexed_stats()) == 6 and saved.exists()


def test_a_stats_file_that_lies_about_a_file_is_caught_by_the_count(
    indexed: tuple[Path, SearchIndex],
) -> None:
    """Saved facts must also match the index's document count: a file listing one article
    fewer (an update cut short before its removals) is not trusted."""
    root, ix = indexed
    stats = ix.indexed_stats()
    generation = ix._store.searcher().reader().generation()
    stats.pop(os.fspath(root / "a0.txt"))
    stat_cache.save(ix.index_dir, generation, stats)
    assert stat_cache.load(ix.index_dir, generation, 6) is None
    assert len(ix.indexed_stats()) == 6


def test_files_changed_in_place_are_updated_from_one_read_of_the_file(
    indexed: tuple[Path, SearchIndex], monkeypatch: pytest.MonkeyPatch
) -> None:
    """No path added or removed: the saved lists say which files changed, read once, and no
    path -> stats map of the index is made (at 100,000 articles, most of a 10-file update)."""
    root, ix = indexed
    reads: list[int] = []
    real_read = stat_cache._read

    def counting(*args: object) -> object:
        reads.append(1)
        return real_read(*args)  # type: ignore[arg-type]

    def no_map(*args: object) -> None:
        raise AssertionError("a map of the index's stats was made")

    monkeypatch.setattr(stat_cache, "_read", counting)
    monkeypatch.setattr(stat_cache, "load", no_map)
    calls = stored_reads(ix, monkeypatch)
    for n in (1, 4):
        (root / f"a{n}.txt").write_text(f"Title {n}\n\nNow about beavers {n}.\n")
        os.utime(root / f"a{n}.txt", (3_000_000 + n, 3_000_000 + n))
    stats = ix.update(scan(root))
    assert (stats.added, stats.updated, stats.removed, stats.total) == (0, 2, 0, 6)
    assert reads == [1] and calls == []
    assert {h.path for h in ix.search("beavers").hits} == {
        os.fspath(root / "a1.txt"),
        os.fspath(root / "a4.txt"),
    }
    again = ix.update(scan(root))  # the file was kept for the new generation
    assert (again.added, again.updated, again.removed) == (0, 0, 0) and calls == []


def _row(path: str, size: int, mtime: float) -> tuple[str, int, float, None]:
    return (path, size, mtime, None)


def test_what_changed_in_place_is_told_from_the_rows_that_differ() -> None:
    """Only the rows that differ are looked at: a path that differs (one added, one removed,
    the same count) or a row not of the shape written means no in-place update; a file that
    cannot be read, its size and time unchanged, is no change."""
    from reader.core.corpus import FileStat

    saved = [_row(f"/c/a{i}.txt", 10 + i, 100.0 + i) for i in range(5)]
    files = [FileStat(*row) for row in saved]
    assert stat_cache.changed_in_place(list(saved), files) == []
    files[1] = FileStat("/c/a1.txt", 99, 101.0)
    files[3] = FileStat("/c/a3.txt", 13, 103.5)
    files[4] = FileStat("/c/a4.txt", 14, 104.0, "permission denied")
    assert stat_cache.changed_in_place(list(saved), files) == [(1, files[1]), (3, files[3])]
    renamed = files[:2] + [FileStat("/c/b2.txt", 12, 102.0)] + files[3:]
    assert stat_cache.changed_in_place(list(saved), renamed) is None
    assert stat_cache.changed_in_place(list(saved), files[:4]) is None
    for junk in (["/c/a1.txt", 11, 101.0, None], ("/c/a1.txt", 11), "/c/a1.txt"):
        damaged: list[object] = list(saved)
        damaged[1] = junk
        assert stat_cache.changed_in_place(damaged, files) is None  # type: ignore[arg-type]
