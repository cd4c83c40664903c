"""Keys typed right after '/' and Enter typed before the results: every key lands where meant.

A terminal delivers a burst of typing all at once, before the app has handled its first key;
`burst` queues keys the same way (Pilot's `press` waits for the app after each key)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from textual import events

from reader.search.parsed import ParsedQuery
from reader.search.service import SearchIndex
from reader.tui.app import ReaderApp
from reader.tui.widgets.article_list import ArticleList
from reader.tui.widgets.article_view import ArticleView
from reader.tui.widgets.search_bar import SearchBar
from tests.conftest import SEED_TITLE
from tests.ui.conftest import settle, started, status, until

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


@pytest.fixture
def held_search(monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """Searches wait until the returned event is set: their answers come when a test says."""
    real_search = SearchIndex.search
    release = threading.Event()

    def held(self: SearchIndex, query: str | ParsedQuery, **kwargs: Any) -> Any:
        release.wait(timeout=30)
        return real_search(self, query, **kwargs)

    monkeypatch.setattr(SearchIndex, "search", held)
    yield release
    release.set()  # a test that failed early leaves no search waiting


async def test_enter_before_the_answer_opens_the_best_hit_when_it_comes(
    small_corpus: Path, held_search: threading.Event
) -> None:
    async with started(small_corpus) as (app, pilot):
        view = app.query_one(ArticleView)
        await pilot.press("slash", *"storms", "enter")  # the search is still running
        assert app.query_one(SearchBar).has_focus
        held_search.set()
        await settle(pilot)
        assert view.article is not None and view.article.title == "Storms sweep across the plains"
        assert view.has_focus
        assert view.border_subtitle == "match 1/2"


async def test_enter_before_an_answer_without_hits_says_so(
    small_corpus: Path, held_search: threading.Event
) -> None:
    async with started(small_corpus) as (app, pilot):
        view = app.query_one(ArticleView)
        shown = view.article
        await pilot.press("slash", *"zqxvw", "enter")
        held_search.set()
        await settle(pilot)
        assert view.article is shown  # nothing opened
        assert app.query_one(SearchBar).has_focus
        assert "Nothing to open" in status(app)


async def test_a_query_typed_after_enter_cancels_it(
    small_corpus: Path, held_search: threading.Event
) -> None:
    async with started(small_corpus) as (app, pilot):
        await pilot.press("slash", *"storms", "enter", "backspace")
        held_search.set()
        await settle(pilot)
        assert app.query_one(SearchBar).has_focus  # the Enter was for "storms", not "storm"


async def test_slash_query_and_enter_in_one_burst_open_the_hit(seed_corpus: Path) -> None:
    async with started(seed_corpus) as (app, pilot):
        burst(app, "slash", *"Kursk", "enter")
        await settle(pilot)
        view = app.query_one(ArticleView)
        assert view.has_focus
        assert view.article is not None and view.article.title == SEED_TITLE
        assert view.border_subtitle == "match 1/2"


async def test_slash_query_and_enter_typed_at_launch_open_the_hit(seed_corpus: Path) -> None:
    app = ReaderApp(seed_corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        burst(app, "slash", *"Kursk", "enter")  # before the folder is read and indexed
        await settle(pilot)
        view = app.query_one(ArticleView)
        assert view.has_focus
        assert view.article is not None and view.border_subtitle == "match 1/2"


async def test_enter_typed_before_the_app_has_the_terminal_opens_the_hit(
    seed_corpus: Path,
) -> None:
    async with started(seed_corpus) as (app, pilot):
        # Typed before the app has put the terminal in raw mode, Enter is read as a newline.
        burst(app, "slash", *"Kursk", "ctrl+j")
        await settle(pilot)
        view = app.query_one(ArticleView)
        assert view.has_focus and view.border_subtitle == "match 1/2"


async def test_typing_asks_for_no_layout_of_the_screen(
    seed_corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A key typed repaints the box, the list, the header and the status line; none of them
    asks for the screen to be laid out again (a layout pass repaints both panes beside their
    scrollbars: at every keystroke, most of the screen)."""
    from textual.widget import Widget

    from reader.tui.widgets.text_line import TextLine

    async with started(seed_corpus) as (app, pilot):
        await pilot.press("slash", *"kur")
        await settle(pilot)
        asked: list[str] = []
        real = Widget.refresh

        def refresh(self: Widget, *regions: Any, **kwargs: Any) -> Any:
            if kwargs.get("layout") and isinstance(self, (SearchBar, TextLine)):
                asked.append(type(self).__name__)
            return real(self, *regions, **kwargs)

        monkeypatch.setattr(Widget, "refresh", refresh)
        await pilot.press(*"sk")
        await settle(pilot)
        assert app.query_one(SearchBar).value == "kursk"
        assert "match" in status(app)  # the status line was told the answer
        assert asked == []


async def test_a_preview_due_while_a_search_runs_waits_for_its_answer(
    small_corpus: Path, held_search: threading.Event
) -> None:
    """A preview laid out amid the next key's search would hold that key up; it waits for the
    answer, and the answer's best hit is what is previewed."""
    async with started(small_corpus) as (app, pilot):
        view = app.query_one(ArticleView)
        shown = view.article
        await pilot.press("slash", *"storms")  # its search under way
        panes = app.main_screen.panes
        other = next(row.path for row in panes.article_list.summaries[1:])
        panes.preview(other, delay=0.01)  # due at once, as an earlier key's top hit would be
        await pilot.pause(0.3)
        assert view.article is shown  # not laid out amid the search
        held_search.set()
        await settle(pilot)
        await until(pilot, lambda: view.article is not shown, "a preview")
        assert view.article is not None
        assert view.article.title == "Storms sweep across the plains"


async def test_an_article_opened_while_its_preview_waits_is_read_at_once(
    small_corpus: Path, held_search: threading.Event
) -> None:
    """Enter (or l) on a row whose preview waits for a search under way reads it now."""
    async with started(small_corpus) as (app, pilot):
        view = app.query_one(ArticleView)
        await pilot.press("slash", *"storms")  # its search under way
        panes = app.main_screen.panes
        other = next(row.path for row in panes.article_list.summaries[1:])
        panes.preview(other, delay=0.01)
        panes.read(other)
        await until(pilot, lambda: view.article is not None and str(view.article.path) == other)
        held_search.set()
