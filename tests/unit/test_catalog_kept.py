"""The list's catalog keeps what it learns as it learns it: a session ended early (killed, or
quit) leaves what it read to the next start, and `reader index` leaves the list's summaries of
every file it read, so a start after it reads no article for the list."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader import cli
from reader.core import catalog as catalog_mod
from reader.core.article import ArticleSummary, read_summary
from reader.core.catalog import Catalog
from reader.core.corpus import scan
from reader.core.paths import corpus_cache_dir
from reader.search import writing
from reader.search.service import SearchIndex
from tests.clock import SlowClock
from tests.conftest import dated_articles, write_article


class Killed(BaseException):
    """The process ends here: nothing after it runs (no save on the way out)."""


class CountedReads:
    """Stands in for the catalog's read_summary: counts the articles read; the read after
    `kill_after` of them ends the session as a kill -9 would."""

    def __init__(self, kill_after: int | None = None) -> None:
        self.read: list[str] = []
        self.kill_after = kill_after

    def __call__(self, path: str, size: int, mtime: float) -> ArticleSummary:
        if self.kill_after is not None and len(self.read) >= self.kill_after:
            raise Killed
        self.read.append(path)
        return read_summary(path, size, mtime)


def test_a_session_killed_early_keeps_what_it_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = dated_articles(tmp_path / "dated", 30)
    files = scan(folder)
    cache = tmp_path / "catalog.cache"
    monkeypatch.setattr(catalog_mod, "time", SlowClock())  # every save comes due at once
    first = Catalog(cache)
    first.summaries(files, quick=True)  # the first listing: provisional summaries
    reads = CountedReads(kill_after=12)
    monkeypatch.setattr(catalog_mod, "read_summary", reads)
    with pytest.raises(Killed):
        first.summaries(files)  # killed after 12 articles read in full
    assert len(reads.read) == 12

    second = Catalog(cache)
    shown = second.cached()
    assert shown is not None and len(shown) == 30  # the whole list shows at once
    assert sum(not s.provisional for s in shown) == 12  # with what the first session read
    again = CountedReads()
    monkeypatch.setattr(catalog_mod, "read_summary", again)
    full = second.summaries(files)
    assert len(again.read) == 30 - 12  # only what was not read before
    assert not set(again.read) & set(reads.read)
    assert [s.path for s in full] == [s.path for s in Catalog(None).summaries(files)]


def test_a_session_quit_early_keeps_what_it_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = dated_articles(tmp_path / "dated", 20)
    files = scan(folder)
    cache = tmp_path / "catalog.cache"
    catalog = Catalog(cache)
    catalog.summaries(files, quick=True)
    reads = CountedReads()
    monkeypatch.setattr(catalog_mod, "read_summary", reads)
    catalog.summaries(files, cancelled=lambda: len(reads.read) >= 7)  # the app quits
    assert len(reads.read) == 7
    again = CountedReads()
    monkeypatch.setattr(catalog_mod, "read_summary", again)
    Catalog(cache).summaries(files)
    assert len(again.read) == 20 - 7


def test_a_first_listing_killed_keeps_its_provisional_summaries(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = dated_articles(tmp_path / "dated", 20)
    files = scan(folder)
    cache = tmp_path / "catalog.cache"
    monkeypatch.setattr(catalog_mod, "time", SlowClock())
    quick = catalog_mod.quick_summary
    made: list[str] = []

    def killed_at_10(path: str, size: int, mtime: float) -> ArticleSummary:
        if len(made) == 10:
            raise Killed
        made.append(path)
        return quick(path, size, mtime)

    monkeypatch.setattr(catalog_mod, "quick_summary", killed_at_10)
    with pytest.raises(Killed):
        Catalog(cache).summaries(files, quick=True)
    shown = Catalog(cache).cached()
    assert shown is not None and {s.path for s in shown} == set(made)
    assert all(s.provisional for s in shown)


def test_the_list_steps_through_the_summaries_as_they_are_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = dated_articles(tmp_path / "dated", 10)
    files = scan(folder)
    monkeypatch.setattr(catalog_mod, "time", SlowClock())
    catalog = Catalog(tmp_path / "catalog.cache")
    first = catalog.summaries(files, quick=True)
    assert catalog.stale == 10 and all(s.provisional and s.words < 0 for s in first)
    steps: list[list[ArticleSummary]] = []
    full = catalog.summaries(files, step=steps.append)
    assert catalog.stale == 0
    assert len(steps) >= 9 and all(len(step) == 10 for step in steps)
    known = [sum(not s.provisional for s in step) for step in steps]
    assert known == sorted(known)  # each step knows more
    # the newest files first: the top of the first list is read first
    newest = max(files, key=lambda f: f.mtime).path
    assert next(s for s in steps[0] if s.path == newest).provisional is False
    assert full == sorted(full, key=lambda s: -s.date)


def catalog_of(folder: Path) -> Catalog:
    """The catalog the app and `reader index` keep for folder."""
    return Catalog(corpus_cache_dir(folder) / "catalog.pickle")


def summaries_made_by_reading(files: list, monkeypatch: pytest.MonkeyPatch) -> CountedReads:
    """Count what the catalog reads from now on (quick or in full)."""
    reads = CountedReads()
    monkeypatch.setattr(catalog_mod, "read_summary", reads)
    monkeypatch.setattr(catalog_mod, "quick_summary", reads)
    return reads


@pytest.mark.parametrize("procs", [1, 2])
def test_the_index_leaves_the_list_summaries_it_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, procs: int
) -> None:
    folder = dated_articles(tmp_path / "dated", 12)
    write_article(folder, "two.txt", "Greetings", "Hello there.")
    (folder / "bin.txt").write_bytes(b"\x00\x01\x02binary")
    files = scan(folder)
    monkeypatch.setattr(writing, "SPLIT_MIN_DOCS", 1)  # with two processes: split
    catalog = Catalog(tmp_path / "catalog.cache")
    ix = SearchIndex(folder, tmp_path / "ix", procs=procs)
    ix.update(files, summarised=catalog.learn)
    ix.close()
    catalog.flush()
    expected = Catalog(None).summaries(files)
    reads = summaries_made_by_reading(files, monkeypatch)
    assert Catalog(tmp_path / "catalog.cache").summaries(files) == expected
    assert reads.read == []  # the index read them all: the list reads none
    two = next(s for s in expected if s.path.endswith("two.txt"))
    assert two.words == 2  # the article's own count, as the pane shows it
    assert next(s for s in expected if s.path.endswith("bin.txt")).error is not None


def test_reader_index_fills_the_list_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = dated_articles(tmp_path / "dated", 15)
    assert cli.main(["index", str(folder)]) == 0
    files = scan(folder)
    reads = summaries_made_by_reading(files, monkeypatch)
    catalog = catalog_of(folder)
    shown = catalog.cached()
    assert shown is not None and len(shown) == 15 and not any(s.provisional for s in shown)
    assert catalog.summaries(files, quick=True) is shown  # nothing to read, nothing changed
    assert reads.read == []


def test_reader_index_over_a_current_index_still_fills_the_list_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = dated_articles(tmp_path / "dated", 15)
    assert cli.main(["index", str(folder)]) == 0
    cache = catalog_of(folder).cache_file
    assert cache is not None
    cache.unlink()  # as an index built before the list's cache was kept
    assert cli.main(["index", str(folder)]) == 0  # the index is current: reads nothing...
    reads = summaries_made_by_reading(scan(folder), monkeypatch)
    shown = catalog_of(folder).cached()
    assert shown is not None and len(shown) == 15 and not any(s.provisional for s in shown)
    assert reads.read == []
