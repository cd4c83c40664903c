"""Every key acts on the article the user sees selected when the key is handled, lands where the
keys before it put the focus, and a search result shown on the right writes no reading place.

Keys are sent as one burst (queued before the app handles the first), as a fast typist or an
ssh link delivers them: Pilot's `press` waits for the app after each key and hides the races.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from textual import events

import reader.tui.widgets.reading_panes as reading_panes
from reader.tui import library as library_mod
from reader.tui.app import ReaderApp
from reader.tui.widgets.article_list import ArticleList
from reader.tui.widgets.article_view import ArticleView
from reader.tui.widgets.search_bar import SearchBar
from reader.tui.widgets.tag_screen import TagScreen
from tests.ui.conftest import main, many_articles, settle, started

NAMED = {"slash": "/", "enter": "\r", "space": " ", "escape": "\x1b", "down": None}


def send(app: ReaderApp, *keys: str) -> None:
    """Queue these keys (Textual names) for the app at once, as a terminal delivers a burst."""
    for key in keys:
        event = events.Key(key, NAMED.get(key, key if len(key) == 1 else None))
        event.set_sender(app)
        app.post_message(event)


async def until(pilot: Any, condition: Callable[[], bool]) -> None:
    """Wait for the app until condition holds (a preview waits for the typing to settle)."""
    for _ in range(200):
        if condition():
            return
        await pilot.pause(0.02)
        await settle(pilot)
    assert condition()


def cursor_path(app: ReaderApp) -> str:
    current = app.query_one(ArticleList).current
    assert current is not None
    return current.path


def shown_path(app: ReaderApp) -> str | None:
    article = app.query_one(ArticleView).article
    return str(article.path) if article is not None and article.path is not None else None


def rows(app: ReaderApp) -> list[str]:
    return [s.path for s in app.query_one(ArticleList).summaries]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return many_articles(tmp_path / "articles", 8)


# --- 1. actions land on the article under the cursor ---------------------------------------


async def test_j_s_in_a_burst_stars_the_row_the_cursor_moved_to(folder: Path) -> None:
    async with started(folder) as (app, pilot):
        send(app, "j", "s")
        await settle(pilot)
        state = main(app).state
        assert state is not None
        paths = rows(app)
        assert cursor_path(app) == paths[1] == shown_path(app)
        assert state.is_starred(paths[1])
        assert not state.is_starred(paths[0])


async def test_j_j_m_in_a_burst_marks_the_cursor_row(folder: Path) -> None:
    async with started(folder) as (app, pilot):
        send(app, "j", "j", "m")
        await settle(pilot)
        state = main(app).state
        assert state is not None
        paths = rows(app)
        assert cursor_path(app) == paths[2]
        assert [p for p in paths if state.is_read(p)] == [paths[2]]


async def test_the_tags_dialog_names_the_article_the_cursor_is_on(folder: Path) -> None:
    async with started(folder) as (app, pilot):
        send(app, "m", "j", "s", "j", "t")
        await settle(pilot)
        assert isinstance(app.screen, TagScreen)
        paths = rows(app)
        title = main(app).library.by_path[paths[2]].title
        assert title in str(app.screen.query_one("#tag-title").render())
        state = main(app).state
        assert state is not None
        assert state.is_read(paths[0]) and state.is_starred(paths[1])


def held_until_set(
    monkeypatch: pytest.MonkeyPatch, module: Any, name: str
) -> Iterator[threading.Event]:
    """module.name runs only once the event yielded is set (then as before)."""
    release = threading.Event()
    real = getattr(module, name)

    def held(*args: Any, **kwargs: Any) -> Any:
        release.wait(timeout=30)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, held)
    yield release
    release.set()


@pytest.fixture
def slow_article(monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """Articles are read only once the returned event is set (a big file being read)."""
    yield from held_until_set(monkeypatch, reading_panes, "load_article")


async def test_a_star_while_the_article_still_loads_goes_to_the_cursor_row(
    folder: Path, slow_article: threading.Event
) -> None:
    slow_article.set()
    async with started(folder) as (app, pilot):
        slow_article.clear()  # the next article takes long to read
        await pilot.press("j")
        await pilot.press("s")
        paths = rows(app)
        assert shown_path(app) == paths[0]  # still the article before on the right
        state = main(app).state
        assert state is not None
        assert state.is_starred(paths[1]) and not state.is_starred(paths[0])
        slow_article.set()
        await settle(pilot)


@pytest.fixture
def held_scan(monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """The folder is scanned only once the returned event is set (a first start on a big
    folder: no list yet, "Reading the folder…")."""
    yield from held_until_set(monkeypatch, library_mod, "scan")


async def test_j_s_typed_before_the_first_list_act_on_that_list(
    folder: Path, held_scan: threading.Event
) -> None:
    """Keys typed on "Reading the folder…" (the app started, no list yet) were handled on the
    empty list and lost: j moved nothing and s starred nothing (seen in tmux on a first start
    of the PEPs). They wait for the list and act on it as it is first shown."""
    app = ReaderApp(folder)
    async with app.run_test() as pilot:
        await pilot.pause()
        assert rows(app) == []
        send(app, "j", "s")
        await pilot.pause(0.1)
        held_scan.set()
        await until(pilot, lambda: len(rows(app)) == 8)
        await settle(pilot)
        state = main(app).state
        assert state is not None
        paths = rows(app)
        assert cursor_path(app) == paths[1]
        assert [p for p in paths if state.is_starred(p)] == [paths[1]]


async def test_q_typed_before_the_first_list_quits_at_once(
    folder: Path, held_scan: threading.Event
) -> None:
    """Quit needs no list: it does not wait for a folder still being read."""
    app = ReaderApp(folder)
    async with app.run_test() as pilot:
        await pilot.pause()
        send(app, "q")
        await pilot.pause()
        assert not app.key_order._held  # not held for the list
        await until(pilot, lambda: app._exit)
        assert rows(app) == [] and not held_scan.is_set()  # quit while the scan was held


# --- 2. a preview writes no reading place ----------------------------------------------------


@pytest.fixture
def zebra_folder(tmp_path: Path) -> Path:
    """Eight articles; the oldest ('Article 000') has 'zebra' far down, and none other has."""
    folder = many_articles(tmp_path / "articles", 8)
    target = folder / "art_000.txt"
    text = target.read_text(encoding="utf-8").replace(
        "Paragraph 25 of article number 0", "A zebra in paragraph 25 of article number 0"
    )
    stat = target.stat()
    target.write_text(text, encoding="utf-8")
    import os

    os.utime(target, (stat.st_atime, stat.st_mtime))
    return folder


async def test_a_search_preview_writes_no_position_nor_progress(zebra_folder: Path) -> None:
    async with started(zebra_folder, size=(100, 24)) as (app, pilot):
        state = main(app).state
        assert state is not None
        target = str(zebra_folder / "art_000.txt")
        send(app, "slash", *"zebra")
        await until(pilot, lambda: shown_path(app) == target)
        assert app.query_one(ArticleView).scroll_y > 0  # shown at its match
        send(app, "escape")  # the search ends, nothing was opened
        await settle(pilot)
        send(app, "j", "k", "j")
        await settle(pilot)
        assert state.position(target) == 0
        assert state.progress(target) == 0


async def test_a_search_preview_keeps_the_place_read_before(zebra_folder: Path) -> None:
    async with started(zebra_folder, size=(100, 24)) as (app, pilot):
        state = main(app).state
        assert state is not None
        target = str(zebra_folder / "art_000.txt")
        await pilot.press("G", "enter", "space", "space")
        await settle(pilot)
        assert shown_path(app) == target
        await pilot.press("escape", "g")
        await settle(pilot)
        place, progress = state.position(target), state.progress(target)
        assert place > 0 and 0 < progress < 100
        send(app, "slash", *"zebr")  # the preview: no match for 'zebr' yet, then one
        await settle(pilot)
        send(app, "a")
        await until(pilot, lambda: shown_path(app) == target)
        await until(pilot, lambda: bool(app.query_one(ArticleView).matches))
        send(app, "escape")
        await settle(pilot)
        send(app, "j", "k")
        await settle(pilot)
        assert (state.position(target), state.progress(target)) == (place, progress)


# --- 3. keys follow the focus the keys before them set ---------------------------------------


async def test_escape_then_j_in_a_burst_moves_in_the_list(folder: Path) -> None:
    async with started(folder) as (app, pilot):
        send(app, "slash", *"paragraph", "escape", "j", "j", "enter")
        await settle(pilot)
        bar = app.query_one(SearchBar)
        assert bar.value == ""
        paths = rows(app)
        assert cursor_path(app) == paths[2] == shown_path(app)
        assert app.query_one(ArticleView).has_focus


async def test_down_then_j_in_a_burst_moves_in_the_results(folder: Path) -> None:
    async with started(folder) as (app, pilot):
        send(app, "slash", *"paragraph", "down", "j", "enter")
        await settle(pilot)
        assert app.query_one(SearchBar).value == "paragraph"
        results = rows(app)
        assert cursor_path(app) == results[1] == shown_path(app)
        assert app.query_one(ArticleView).has_focus


async def test_enter_then_space_in_a_burst_scrolls_the_article(folder: Path) -> None:
    async with started(folder, size=(100, 20)) as (app, pilot):
        send(app, "enter", "space")
        await settle(pilot)
        view = app.query_one(ArticleView)
        assert view.has_focus
        assert view.scroll_y > 0
        assert cursor_path(app) == rows(app)[0]


async def test_escape_from_the_article_then_j_in_a_burst_moves_in_the_list(folder: Path) -> None:
    async with started(folder) as (app, pilot):
        send(app, "enter", "escape", "j", "enter", "escape", "j")
        await settle(pilot)
        assert cursor_path(app) == rows(app)[2]
        assert app.query_one(ArticleList).has_focus


async def test_t_then_a_tag_in_a_burst_lands_in_the_dialog(folder: Path) -> None:
    async with started(folder) as (app, pilot):
        send(app, "j", "t", *"kyiv", "enter", "escape", "j")
        await settle(pilot)
        tags = main(app).tags
        assert tags is not None
        paths = rows(app)
        assert tags.of(paths[1]) == {"kyiv"}
        assert cursor_path(app) == paths[2]


async def test_the_footer_shows_the_list_keys_after_escape(folder: Path) -> None:
    async with started(folder) as (app, pilot):
        send(app, "slash", *"para", "escape")
        await settle(pilot)
        keys: dict[str, Any] = {b.binding.id: b for b in app.screen.active_bindings.values()}
        assert "list.open" in keys
        assert "search.cancel" not in keys


async def test_down_j_enter_typed_before_the_results_act_on_the_results(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reader.search.service import SearchIndex

    real_search = SearchIndex.search
    release = threading.Event()

    def held(self: SearchIndex, query: str, **kwargs: Any) -> Any:
        release.wait(timeout=30)
        return real_search(self, query, **kwargs)

    async with started(folder) as (app, pilot):
        monkeypatch.setattr(SearchIndex, "search", held)
        send(app, "slash", *"paragraph", "down", "j", "enter")
        await pilot.pause(0.2)
        assert not app.query_one(ArticleView).has_focus  # Enter waits for the results
        release.set()
        await until(pilot, lambda: app.query_one(ArticleView).has_focus)
        await settle(pilot)
        assert app.query_one(SearchBar).value == "paragraph"
        results = rows(app)
        assert cursor_path(app) == results[1] == shown_path(app)
