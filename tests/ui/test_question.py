"""Pilot test: a question typed into the search box finds articles and says how they match."""

from __future__ import annotations

from pathlib import Path

from tests.ui.conftest import settle, started, status, titles, type_query


async def test_a_typed_question_shows_closest_matches_and_the_fallback_line(
    small_corpus: Path,
) -> None:
    async with started(small_corpus) as (app, pilot):
        question = 'What did (the) officials in Kyiv say about the "storms" and markets?'
        await type_query(pilot, question)
        await settle(pilot)
        found = titles(app)
        # No article has every word; the closest come back, best first.
        assert found
        assert "Ukraine receives long-range missiles" in found
        assert "Storms sweep across the plains" in found
        assert "Markets rally as inflation cools" in found
        line = status(app)
        assert "No article has all 5 words; closest matches below" in line, line
