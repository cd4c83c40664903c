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


def test_titles_sort_naturally_numbers_as_numbers() -> None:
    titles = ["PEP 101 – Doing releases", "PEP 2 – Library modules", "PEP 10 – Voting", "PEP 1"]
    items = [summary(f"/{n}", t, None, 1.0, 10) for n, t in enumerate(titles)]
    assert [s.title for s in sort_summaries(items, "title")] == [
        "PEP 1",
        "PEP 2 – Library modules",
        "PEP 10 – Voting",
        "PEP 101 – Doing releases",
    ]


def test_titles_sort_with_case_and_accents_folded() -> None:
    titles = ["Zebra", "élan", "Eagle", "emu", "Ébène", "apple"]
    items = [summary(f"/{n}", t, None, 1.0, 10) for n, t in enumerate(titles)]
    assert [s.title for s in sort_summaries(items, "title")] == [
        "apple",
        "Eagle",
        "Ébène",
        "élan",
        "emu",
        "Zebra",
    ]


def test_natural_title_key_edge_cases() -> None:
    # Leading zeros, numbers at the start, runs of digits too long for int(), no digits at all.
    titles = ["Item 010", "Item 9", "2 cats", "10 cats", "x" + "9" * 5000, "x" + "1" * 5000, ""]
    items = [summary(f"/{n}", t, None, 1.0, 10) for n, t in enumerate(titles)]
    assert [s.title for s in sort_summaries(items, "title")] == [
        "",
        "2 cats",
        "10 cats",
        "Item 9",
        "Item 010",
        "x" + "1" * 5000,
        "x" + "9" * 5000,
    ]


def test_sources_sort_naturally_too() -> None:
    a = summary("/a", "A", "Channel 10", 1.0, 10)
    b = summary("/b", "B", "channel 9", 1.0, 10)
    c = summary("/c", "C", "Él Diario", 1.0, 10)
    assert sort_summaries([a, b, c], "source") == [b, a, c]


def test_ties_in_date_and_length_go_by_natural_title() -> None:
    titles = ["PEP 10", "pep 9", "PEP 100", "Épée 2"]
    items = [summary(f"/{n}", t, None, 5.0, 40) for n, t in enumerate(titles)]
    expected = ["Épée 2", "pep 9", "PEP 10", "PEP 100"]
    assert [s.title for s in sort_summaries(items, "date")] == expected
    assert [s.title for s in sort_summaries(items, "length")] == expected
    older = summary("/old", "AAA", None, 1.0, 400)
    assert sort_summaries([*items, older], "date")[-1] is older
    assert sort_summaries([*items, older], "length")[0] is older
