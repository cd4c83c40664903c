"""Tags (t, tag: in the query, the filter dialog), actions on all results, and undo (u)."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from reader.core.ordering import ListFilter
from reader.core.settings import Settings
from reader.core.tags import Tags
from reader.tui.app import ReaderApp
from reader.tui.widgets.article_list import ArticleList
from reader.tui.widgets.filter_screen import FilterScreen
from reader.tui.widgets.pick_list import PickList
from reader.tui.widgets.tag_screen import TagScreen
from tests.ui.conftest import (
    main,
    run_command,
    screen_text,
    settle,
    started,
    status,
    titles,
    type_query,
    until_status,
    unwrapped,
)

UKRAINE = "Ukraine receives long-range missiles"
STORMS = "Storms sweep across the plains"
MARKETS = "Markets rally as inflation cools"


def path_of(app: ReaderApp, title: str) -> str:
    return next(s.path for s in main(app).library.summaries if s.title == title)


async def go_to(pilot: Pilot[Any], title: str) -> None:
    """Put the list's cursor on the article with this title."""
    article_list = pilot.app.query_one(ArticleList)
    article_list.cursor = next(n for n, s in enumerate(article_list.summaries) if s.title == title)
    await settle(pilot)


async def tag(pilot: Pilot[Any], *typed: str) -> None:
    """t, then each text typed and Enter, then Esc."""
    await tag_with(pilot, "t", *typed)


async def tag_with(pilot: Pilot[Any], key: str, *typed: str) -> None:
    """The key that tags, then each text typed and Enter, then Esc."""
    await pilot.press(key)
    await pilot.pause()
    assert isinstance(pilot.app.screen, TagScreen)
    for text in typed:
        await pilot.press(*text, "enter")
    await pilot.press("escape")
    await settle(pilot)


def tags_of(app: ReaderApp, title: str) -> frozenset[str]:
    tags = main(app).tags
    assert tags is not None
    return tags.of(path_of(app, title))


async def test_t_adds_tags_shown_in_the_row_and_the_metadata_line(small_corpus: Path) -> None:
    async with started(small_corpus) as (app, pilot):
        await go_to(pilot, UKRAINE)
        await tag(pilot, "War", "long reads, Kyiv")
        assert tags_of(app, UKRAINE) == {"war", "long-reads", "kyiv"}
        assert status(app) == "Tagged #kyiv #long-reads #war · u to undo"
        screen = screen_text(app)
        lines = screen.splitlines()
        list_width = 47  # the list's pane, at 120 columns
        row = next(line[:list_width] for line in lines if "Example News" in line[:list_width])
        assert "#kyiv #long-reads #war · Example News" in row  # first, so a narrow list shows it
        meta = next(n for n, line in enumerate(lines) if "Example News · " in line[list_width:])
        # the article's metadata line, last (on the next line when it is too long)
        assert "#kyiv #long-reads #war" in " ".join(lines[meta : meta + 2])
    async with started(small_corpus) as (app, pilot):  # kept across launches
        assert tags_of(app, UKRAINE) == {"war", "long-reads", "kyiv"}


async def test_the_dialog_lists_the_tags_and_removes_one(small_corpus: Path) -> None:
    async with started(small_corpus) as (app, pilot):
        await go_to(pilot, STORMS)
        await tag(pilot, "weather", "farms")
        await pilot.press("t")
        await pilot.pause()
        menu = app.screen.query_one(PickList)
        assert [str(menu.get_option_at_index(n).prompt) for n in range(2)] == [
            "# farms",
            "# weather",
        ]
        await pilot.press("down", "enter")  # into the list, Enter removes "farms"
        await pilot.pause()
        assert isinstance(app.screen, TagScreen) and app.screen.tags == ["weather"]
        await pilot.press("escape")
        await settle(pilot)
        assert tags_of(app, STORMS) == {"weather"}
        assert status(app) == "Untagged #farms · u to undo"


async def test_markup_in_a_tag_is_shown_as_typed(small_corpus: Path) -> None:
    async with started(small_corpus) as (app, pilot):
        await go_to(pilot, STORMS)
        await tag(pilot, "[bold]x[/]", "[@click=app.quit]q")
        assert tags_of(app, STORMS) == {"[bold]x[/]", "[@click=app.quit]q"}
        assert "#[@click=app.quit]q #[bold]x[/]" in screen_text(app)
        assert app.is_running


async def test_a_tag_query_lists_every_article_with_the_tag(small_corpus: Path) -> None:
    async with started(small_corpus) as (app, pilot):
        await go_to(pilot, UKRAINE)
        await tag(pilot, "war")
        await go_to(pilot, STORMS)
        await tag(pilot, "war")
        await type_query(pilot, "tag:war")
        assert sorted(titles(app)) == sorted([UKRAINE, STORMS])
        assert status(app).startswith("2 articles match · tagged war")
        header = screen_text(app).splitlines()[0]
        assert "newest first" in header and "best match" not in header  # no words to rank by
        await pilot.press("escape")
        await settle(pilot)
        await type_query(pilot, "missiles tag:war")  # words, and the tag
        assert titles(app) == [UKRAINE]  # Markets and the seed mention missiles, untagged
        assert "best match first" in screen_text(app).splitlines()[0]
        await pilot.press("escape")
        await settle(pilot)
        await type_query(pilot, "missiles -tag:war")
        assert UKRAINE not in titles(app) and MARKETS in titles(app)


async def test_the_articles_a_tag_word_keeps_are_found_off_the_ui_thread(
    small_corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The search worker reads a query's tag: words against the tags, not the UI thread at
    each key (it went through every article there for `-tag:`)."""
    threads: list[bool] = []  # whether each look-up of the tagged articles was on the UI thread

    def recorded(real: Callable[..., Any] | None) -> Callable[..., Any]:
        def look_up(self: Tags, *args: Any) -> Any:
            threads.append(threading.current_thread() is threading.main_thread())
            return real(self, *args) if real is not None else frozenset()

        return look_up

    for name in ("paths_with", "matching"):  # (matching: how the UI thread looked them up)
        monkeypatch.setattr(Tags, name, recorded(getattr(Tags, name, None)), raising=False)
    async with started(small_corpus) as (app, pilot):
        await go_to(pilot, UKRAINE)
        await tag(pilot, "war")
        await type_query(pilot, "tag:war")
        assert titles(app) == [UKRAINE]
        assert threads and not any(threads)


async def test_the_filter_dialog_filters_by_a_tag(small_corpus: Path) -> None:
    async with started(small_corpus) as (app, pilot):
        await go_to(pilot, MARKETS)
        await tag(pilot, "money")
        await pilot.press("f")
        await settle(pilot)  # the tags are counted in a worker
        assert isinstance(app.screen, FilterScreen)
        menu = app.screen.query_one(PickList)
        last = menu.option_count - 1
        assert str(menu.get_option_at_index(last).prompt).startswith("☐ #money")
        menu.highlighted = last
        await pilot.press("enter", "escape")
        await settle(pilot)
        assert main(app).order.list_filter == ListFilter(tag="money")
        assert titles(app) == [MARKETS]
        assert "tagged money" in screen_text(app).splitlines()[0]


async def test_mark_all_results_read_and_undo_restores_each_mark(small_corpus: Path) -> None:
    async with started(small_corpus) as (app, pilot):
        state = main(app).state
        assert state is not None
        markets = path_of(app, MARKETS)
        state.set_read(markets)  # read before: stays read after the undo
        await type_query(pilot, "missiles")
        results = list(main(app).panes.article_list.summaries)
        assert len(results) == 3
        await run_command(pilot, "Mark all results read")
        assert status(app) == "Marked 3 articles read · u to undo"
        assert all(state.is_read(s.path) for s in results)
        assert not state.is_read(path_of(app, STORMS))  # not a result: untouched
        assert app.focused is app.query_one(ArticleList)  # u is typed in the search box
        await pilot.press("u")
        await settle(pilot)
        assert status(app) == "Undone: Marked 3 articles read"
        assert [state.is_read(s.path) for s in results] == [s.path == markets for s in results]
        await pilot.press("u")
        await settle(pilot)
        assert status(app) == "Nothing to undo"


async def test_star_and_tag_all_the_filtered_list_then_undo_step_by_step(
    small_corpus: Path,
) -> None:
    async with started(small_corpus) as (app, pilot):
        state, tags = main(app).state, main(app).tags
        assert state is not None and tags is not None
        storms = path_of(app, STORMS)
        state.toggle_star(storms)
        await pilot.press("f")  # the filter: starred only
        await pilot.pause()
        await pilot.press("down", "down", "enter", "escape")
        await settle(pilot)
        assert titles(app) == [STORMS]
        await run_command(pilot, "Filter: all articles")
        every = [s.path for s in main(app).panes.article_list.summaries]
        await run_command(pilot, "Star all results")
        assert status(app) == "Starred 4 articles · u to undo"
        assert all(state.is_starred(p) for p in every)
        await run_command(pilot, "Tag all results")
        assert isinstance(app.screen, TagScreen)
        await pilot.press(*"inbox", "enter", "escape")
        await settle(pilot)
        assert status(app) == "Tagged 4 articles #inbox · u to undo"
        assert tags.paths_with("inbox") == set(every)
        await pilot.press("u")
        await settle(pilot)
        assert status(app) == "Undone: Tagged 4 articles #inbox · 1 more to undo"
        assert tags.paths_with("inbox") == frozenset()
        await pilot.press("u")
        await settle(pilot)
        assert [state.is_starred(p) for p in every] == [p == storms for p in every]


async def test_single_marks_and_tags_are_undone_too(small_corpus: Path) -> None:
    async with started(small_corpus) as (app, pilot):
        state = main(app).state
        assert state is not None
        await go_to(pilot, STORMS)
        storms = path_of(app, STORMS)
        await tag(pilot, "weather")
        await pilot.press("s")
        await pilot.press("m")
        await settle(pilot)
        assert state.is_starred(storms) and state.is_read(storms)
        await pilot.press("u")
        await settle(pilot)
        assert not state.is_read(storms) and state.is_starred(storms)
        await pilot.press("u")
        await settle(pilot)
        assert not state.is_starred(storms)
        assert tags_of(app, STORMS) == {"weather"}
        await pilot.press("u")
        await settle(pilot)
        assert tags_of(app, STORMS) == frozenset()
        assert status(app) == "Undone: Tagged #weather"
        assert "#weather" not in screen_text(app).replace(status(app), "")  # rows, article


async def test_esc_keeps_a_tag_typed_but_not_entered(small_corpus: Path) -> None:
    async with started(small_corpus) as (app, pilot):
        await go_to(pilot, STORMS)
        await pilot.press("t")
        await pilot.pause()
        await pilot.press(*"rain")
        assert app.screen.query_one(Input).value == "rain"
        await pilot.press("escape")
        await settle(pilot)
        assert tags_of(app, STORMS) == {"rain"}


async def test_keys_move_tag_and_undo_and_a_bad_key_is_named(small_corpus: Path) -> None:
    keymap = (("app.tag", "T"), ("app.undo", "ctrl+z"), ("app.sort", "ctrll+o"))
    settings = Settings(keymap=keymap)
    async with started(small_corpus, size=(160, 40), settings=settings) as (app, pilot):
        assert "[keys] app.sort: no key is named 'ctrll+o'; its default keys kept" in status(app)
        await go_to(pilot, STORMS)
        await pilot.press("t")  # t no longer tags
        await pilot.pause()
        assert not isinstance(app.screen, TagScreen)
        await tag_with(pilot, "T", "rain")
        assert tags_of(app, STORMS) == {"rain"}
        assert status(app) == "Tagged #rain · ^z to undo"  # the key in effect
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert tags_of(app, STORMS) == frozenset()
        await pilot.press("o")  # the bad key left sort on its default
        await settle(pilot)
        assert main(app).order.browse_sort == "title"
        await pilot.press("question_mark")
        await pilot.pause()
        help_text = screen_text(app)
        assert "T  Tags" in help_text and "^z  Undo" in help_text


async def test_untagging_a_result_of_a_tag_query_takes_it_out(small_corpus: Path) -> None:
    async with started(small_corpus) as (app, pilot):
        for title in (UKRAINE, STORMS):
            await go_to(pilot, title)
            await tag(pilot, "war")
        await type_query(pilot, "tag:war")
        assert sorted(titles(app)) == sorted([UKRAINE, STORMS])
        await pilot.press("down")  # into the results
        await go_to(pilot, STORMS)
        await pilot.press("t")
        await pilot.pause()
        await pilot.press("down", "enter", "escape")  # war removed
        await settle(pilot)
        assert titles(app) == [UKRAINE]
        await pilot.press("u")
        await settle(pilot)
        assert sorted(titles(app)) == sorted([UKRAINE, STORMS])


def saved_tags(path: Path) -> set[tuple[str, str]]:
    db = sqlite3.connect(path)
    try:
        return {(Path(p).name, t) for p, t in db.execute("SELECT path, tag FROM tags")}
    finally:
        db.close()


async def test_tags_that_cannot_be_saved_are_said_retried_and_reported_at_exit(
    small_corpus: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Another process holds the state file's write lock: the tag is shown, the status line
    says it is not saved, a retry saves it once the lock is let go, and quitting while it is
    held says what is lost and exits 1."""
    monkeypatch.setattr("reader.core.state_store.BUSY_TIMEOUT_S", 0.05)
    monkeypatch.setattr("reader.core.state_writer.RETRY_SECONDS", (0.05,))
    warning = "Can't save tags: database is locked; will retry"
    async with started(small_corpus) as (app, pilot):
        state = main(app).state
        assert state is not None
        other = sqlite3.connect(state.path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        await go_to(pilot, UKRAINE)
        await tag(pilot, "war")
        assert tags_of(app, UKRAINE) == {"war"}  # on screen at once
        await until_status(app, pilot, warning)
        other.execute("ROLLBACK")  # let go: the next retry saves it
        await until_status(app, pilot, warning, present=False)
        assert saved_tags(state.path) == {(Path(path_of(app, UKRAINE)).name, "war")}
        other.execute("BEGIN IMMEDIATE")
        await go_to(pilot, STORMS)
        await tag(pilot, "weather")
        await until_status(app, pilot, warning)
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running
    other.execute("ROLLBACK")
    other.close()
    assert app.return_code == 1
    err = unwrapped(capsys.readouterr().err)
    assert err.startswith("reader:") and err.count("reader:") == 1
    assert err.endswith(unwrapped("; 1 tag change could not be saved: database is locked"))
    assert len(saved_tags(state.path)) == 1
