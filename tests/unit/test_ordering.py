"""Sorting and filtering the list."""

from __future__ import annotations

from reader.core.article import ArticleSummary
from reader.core.ordering import (
    RELEVANCE,
    ListFilter,
    next_sort,
    sort_pairs,
    sort_summaries,
    sources,
)


def summary(path: str, title: str, source: str | None, date: float, words: int) -> ArticleSummary:
    return ArticleSummary(path, title, source, date, words, words * 6, date)


A = summary("/a", "banana split", "Zeta News", 300.0, 500)
B = summary("/b", "Apple pie", None, 100.0, 900)
C = summary("/c", "cherry tart", "alpha Post", 200.0, 100)


def test_each_order() -> None:
    items = [A, B, C]
    assert sort_summaries(items, "date") == [A, C, B]
    assert sort_summaries(items, "title") == [B, A, C]
    assert sort_summaries(items, "source") == [C, A, B]  # no source goes last
    assert sort_summaries(items, "length") == [B, A, C]
    assert sort_summaries(items, RELEVANCE) == items


def test_pairs_keep_their_extras() -> None:
    assert sort_pairs([(A, 1), (B, 2), (C, 3)], "title") == [(B, 2), (A, 1), (C, 3)]
    assert sort_pairs([(A, 1), (B, 2)], RELEVANCE) == [(A, 1), (B, 2)]


def test_cycles() -> None:
    assert [next_sort(s, False) for s in ("date", "title", "source", "length")] == [
        "title",
        "source",
        "length",
        "date",
    ]
    assert next_sort(RELEVANCE, False) == "date"  # relevance means nothing outside a search
    assert next_sort("length", True) == RELEVANCE
    assert next_sort(RELEVANCE, True) == "date"


def test_filters() -> None:
    read = {"/a"}
    starred = {"/c"}

    def keep(f: ListFilter) -> list[ArticleSummary]:
        return [s for s in (A, B, C) if f.keep(s, read.__contains__, starred.__contains__)]

    assert keep(ListFilter()) == [A, B, C]
    assert keep(ListFilter(unread=True)) == [B, C]
    assert keep(ListFilter(starred=True)) == [C]
    assert keep(ListFilter(source="Zeta News")) == [A]
    assert keep(ListFilter(unread=True, starred=True)) == [C]
    assert ListFilter(unread=True, source="X").describe() == "unread · from X"
    assert not ListFilter().active


def test_sources_counted() -> None:
    assert sources([A, B, C, A]) == [("Zeta News", 2), ("alpha Post", 1)]
