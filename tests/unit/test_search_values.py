"""The search layer's answers are built by keyword: a hit or a result with ten fields in a row
cannot have two of them swapped unnoticed."""

from __future__ import annotations

import pytest

from reader.search.results import SearchHit, SearchResults, UpdateStats


def test_results_cannot_be_built_by_position() -> None:
    with pytest.raises(TypeError):
        SearchResults("war", (), 0, 0, False, None, False, None, frozenset())


def test_hits_cannot_be_built_by_position() -> None:
    with pytest.raises(TypeError):
        SearchHit("a.txt", "A", 1.0, "", (), None, None, True)


def test_update_stats_cannot_be_built_by_position() -> None:
    with pytest.raises(TypeError):
        UpdateStats(1, 0, 0, 0, 1)


def test_by_keyword_the_flags_default_to_a_plain_complete_answer() -> None:
    hit = SearchHit(path="a.txt", title="A", score=1.0, source=None, date=None, all_words=True)
    results = SearchResults(query="war", hits=(hit,), total=1, all_words_total=1, message=None)
    assert (hit.snippet, hit.snippet_spans) == ("", ())
    assert results.terms == frozenset()
    assert not (results.fallback or results.partial or results.cut_short)
    assert results.suggestion is None and results.error is None
