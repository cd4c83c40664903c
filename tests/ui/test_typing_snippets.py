"""The snippets a keystroke's search makes: those of the results the list shows at once, the
others once the results settle (each snippet re-reads and parses its article)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from reader.search.results import SearchResults
from reader.search.service import SearchIndex
from reader.tui.widgets.article_list import ArticleList
from tests.ui.conftest import main, many_articles, started, type_query, until


async def test_a_keystroke_makes_the_snippets_of_the_rows_on_screen(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = many_articles(tmp_path / "c", 40)  # every article has "paragraph"
    answers: list[SearchResults] = []
    search = SearchIndex.search

    def kept(self: SearchIndex, *args: Any, **kwargs: Any) -> SearchResults:
        results = search(self, *args, **kwargs)
        answers.append(results)
        return results

    monkeypatch.setattr(SearchIndex, "search", kept)
    async with started(root, size=(100, 24)) as (app, pilot):
        shown = app.query_one(ArticleList).results_on_screen
        assert shown is not None and 2 < shown < 15  # fewer than a 40-line screen's
        await type_query(pilot, "paragraph")
        first = next(answer for answer in answers if answer.query == "paragraph")
        assert len(first.hits) > shown
        assert all(hit.snippet for hit in first.hits[:shown])
        assert not any(hit.snippet for hit in first.hits[shown:])  # made once they settle
        session = main(app).session

        def filled() -> bool:
            return session.results is not None and all(h.snippet for h in session.results.hits)

        await until(pilot, filled, "the other snippets made")
        results = session.results
        assert results is not None
        assert [h.snippet for h in results.hits[:shown]] == [h.snippet for h in first.hits[:shown]]
