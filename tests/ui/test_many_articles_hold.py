"""What the UI thread does per keystroke does not grow with the folder: a search is handed
to its worker without the repr of every article (Textual describes a worker by repr(work)
when it is given no description: at 200,000 tiny files each keystroke held the screen)."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.core.article import ArticleSummary
from reader.core.corpus import FileStat
from tests.ui.conftest import many_articles, started, titles, type_query


async def test_a_search_reprs_no_article(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = many_articles(tmp_path / "many", 40)
    async with started(folder) as (app, pilot):
        reprs = []
        for cls in (ArticleSummary, FileStat):
            real = cls.__repr__
            monkeypatch.setattr(
                cls, "__repr__", lambda self, real=real: (reprs.append(1), real(self))[1]
            )
        await type_query(pilot, "topic3")
        assert titles(app) and "Article 003" in titles(app)
        assert reprs == []  # before: one per article, at each keystroke
