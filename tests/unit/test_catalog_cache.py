"""The catalog's cache: the list it held, given back newest first without looking at the folder,
the same list when nothing changed, and an older cache read rather than rebuilt."""

from __future__ import annotations

import marshal
from pathlib import Path

import pytest

from reader.core import catalog as catalog_mod
from reader.core.article import ArticleSummary
from reader.core.catalog import Catalog
from reader.core.corpus import scan
from tests.conftest import dated_articles, write_article


def no_reading(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object) -> ArticleSummary:
        raise AssertionError("an article was read")

    monkeypatch.setattr(catalog_mod, "quick_summary", refuse)
    monkeypatch.setattr(catalog_mod, "read_summary", refuse)


def test_the_cache_gives_back_the_list_newest_first_without_the_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = dated_articles(tmp_path / "dated", 40)
    cache = tmp_path / "catalog.cache"
    shown = Catalog(cache).summaries(scan(folder))
    assert [s.path for s in shown] != sorted(s.path for s in shown)  # an order of its own
    assert Catalog(tmp_path / "none.cache").cached() is None  # nothing cached yet
    no_reading(monkeypatch)
    again = Catalog(cache).cached()
    assert again == shown


def test_an_unchanged_folder_gives_back_the_same_list_and_a_change_a_new_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = dated_articles(tmp_path / "dated", 20)
    cache = tmp_path / "catalog.cache"
    Catalog(cache).summaries(scan(folder))
    catalog = Catalog(cache)
    early = catalog.cached()
    assert early is not None
    assert catalog.summaries(scan(folder), quick=True) is early  # nothing to show anew
    write_article(folder, "s005.txt", "Story five, rewritten", "Published May 1, 2030", "New.")
    changed = catalog.summaries(scan(folder))
    assert changed is not early
    assert changed[0].title == "Story five, rewritten"  # the newest now
    assert len(changed) == len(early)
    no_reading(monkeypatch)
    assert Catalog(cache).cached() == changed  # and saved so


def test_a_cache_of_the_older_format_is_read_not_rebuilt_and_saved_anew(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = dated_articles(tmp_path / "dated", 20)
    cache = tmp_path / "catalog.cache"
    shown = Catalog(cache).summaries(scan(folder))
    rows = [
        (s.path, s.title, s.source, s.date, s.words, s.size, s.mtime, s.error)
        for s in sorted(shown, key=lambda s: s.path)
    ]
    cache.write_bytes(marshal.dumps((3, rows)))  # as version 3 wrote it: rows in path order
    no_reading(monkeypatch)
    catalog = Catalog(cache)
    assert catalog.cached() is None  # its order is not the list's: not shown before the scan
    assert catalog.summaries(scan(folder), quick=True) == shown
    assert Catalog(cache).cached() == shown  # saved in the new format


def test_a_damaged_cache_is_only_a_slower_start(tmp_path: Path) -> None:
    folder = dated_articles(tmp_path / "dated", 5)
    cache = tmp_path / "catalog.cache"
    shown = Catalog(cache).summaries(scan(folder))
    cache.write_bytes(marshal.dumps((catalog_mod.CACHE_VERSION, [["a"], ["b"]])))
    assert Catalog(cache).cached() is None
    assert Catalog(cache).summaries(scan(folder)) == shown
