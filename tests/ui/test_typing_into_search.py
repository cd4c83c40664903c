"""Keys typed right after '/' and Enter typed before the results: every key lands where meant.

A terminal delivers a burst of typing all at once, before the app has handled its first key;
`burst` queues keys the same way (Pilot's `press` waits for the app after each key)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual import events

from reader.tui.app import ReaderApp
from reader.tui.widgets.article_list import ArticleList
from reader.tui.widgets.article_view import ArticleView
from reader.tui.widgets.search_bar import SearchBar
from tests.ui.conftest import settle, started

CHARACTERS = {"slash": "/", "enter": "\r", "space": " "}


def burst(app: ReaderApp, *keys: str) -> None:
    """Queue these keys (Textual names) for the app at once, as a fast typist's terminal does."""
    for key in keys:
        event = events.Key(key, CHARACTERS.get(key, key if len(key) == 1 else None))
        event.set_sender(app)
        app.post_message(event)


@pytest.mark.parametrize("size", [(120, 40), (60, 20)])
async def test_a_burst_after_slash_lands_in_the_box(seed_corpus: Path, size: Any) -> None:
    async with started(seed_corpus, size=size) as (app, pilot):
        assert app.query_one(ArticleList).has_focus
        burst(app, "slash", *"quit")
        await settle(pilot)
        assert app.is_running
        bar = app.query_one(SearchBar)
        assert bar.has_focus and bar.value == "quit"


async def test_a_burst_after_slash_from_the_article_lands_in_the_box(seed_corpus: Path) -> None:
    async with started(seed_corpus) as (app, pilot):
        await pilot.press("tab")
        assert app.query_one(ArticleView).has_focus
        burst(app, "slash", *"telnet")
        await settle(pilot)
        assert app.query_one(SearchBar).value == "telnet"


async def test_a_burst_typed_before_the_list_appears_lands_in_the_box(seed_corpus: Path) -> None:
    app = ReaderApp(seed_corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        burst(app, "slash", *"quit")  # at once: the folder is still being read
        await settle(pilot)
        assert app.is_running
        assert app.query_one(SearchBar).value == "quit"


async def test_a_slash_in_the_box_is_typed(seed_corpus: Path) -> None:
    async with started(seed_corpus) as (app, pilot):
        burst(app, "slash", *"and", "slash", *"or")
        await settle(pilot)
        assert app.query_one(SearchBar).value == "and/or"
