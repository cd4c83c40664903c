"""Dialogs over big tables open at once: only the rows in sight are made (issue 23, item 5).

With 50,000 tags, `f` froze the screen 9.2 s (OptionList laid out every option first);
10,000 saved searches held `S` 6.3 s; five 1 MB history entries held Ctrl+R 4.5 s. The tables
are built through the real stores; what is counted is the rows made, never seconds."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from reader.core.history import ENTRY_CHARS, SearchHistory, _add
from reader.core.saved_searches import SavedSearch, SavedSearches
from reader.core.search_tables import SearchTables
from reader.core.state import ReadingState, state_file
from reader.core.tags import Tags
from reader.tui.widgets.filter_screen import FilterScreen
from reader.tui.widgets.history_screen import HistoryScreen
from reader.tui.widgets.pick_list import PickList
from reader.tui.widgets.saved_searches_screen import SavedSearchesScreen
from reader.tui.widgets.tag_screen import TagScreen
from tests.ui.conftest import screen_text, settle, started

TAGS = 50_000
SAVED = 10_000
FEW = 200  # rows made for a dialog's first frames: a few screens' worth, not the table


def state_path(root: Path) -> Path:
    path = state_file(root.resolve())
    path.parent.mkdir(parents=True, exist_ok=True)
    with ReadingState(path):  # the database and its tables, as the app makes them
        pass
    return path


def many_tags(root: Path) -> None:
    files = sorted(str(p) for p in root.resolve().iterdir())
    with Tags(state_path(root)) as tags:
        tags.set_many(
            {f: [f"tag{n:05d}" for n in range(i, TAGS, len(files))] for i, f in enumerate(files)}
        )


def rows_made(app) -> int:  # type: ignore[no-untyped-def]
    return len(app.screen.query_one(PickList).made)


async def test_the_filter_dialog_opens_at_once_over_50000_tags(small_corpus: Path) -> None:
    many_tags(small_corpus)
    async with started(small_corpus) as (app, pilot):
        await pilot.press("f")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, FilterScreen)
        assert "All articles" in screen_text(app)
        assert 0 < rows_made(app) < FEW
        await settle(pilot)  # the tags, counted in a worker, are listed
        menu = app.screen.query_one(PickList)
        assert menu.option_count > TAGS
        await pilot.press("end", "enter")  # the last tag, reached and ticked
        assert app.screen.current.tag is not None
        assert rows_made(app) < 2 * FEW
        assert "☑ #tag" in screen_text(app)


async def test_the_tag_dialog_opens_at_once_over_12500_tags_of_an_article(
    small_corpus: Path,
) -> None:
    many_tags(small_corpus)
    async with started(small_corpus) as (app, pilot):
        await pilot.press("t")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, TagScreen)
        assert len(app.screen.tags) == TAGS // 4
        assert "# tag" in screen_text(app)
        assert 0 < rows_made(app) < FEW


async def test_the_switcher_opens_at_once_over_10000_saved_searches(small_corpus: Path) -> None:
    tables = SearchTables(state_path(small_corpus))
    saved = SavedSearches(tables)
    saved.take([])
    for n in range(SAVED):
        saved.save(SavedSearch(f"search {n:05d}", f"word{n}"))
    tables.flush()  # every change written (close alone gives its last try a bound)
    tables.close()
    async with started(small_corpus) as (app, pilot):
        await pilot.press("S")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, SavedSearchesScreen)
        assert "search 00000" in screen_text(app)
        assert 0 < rows_made(app) < FEW
        await pilot.press("end")
        await pilot.pause()
        assert "search 09999" in screen_text(app)
        assert rows_made(app) < 2 * FEW


async def test_history_entries_are_cut_and_ctrl_r_opens_at_once(small_corpus: Path) -> None:
    tables = SearchTables(state_path(small_corpus))
    for n in range(5):  # 1 MB entries, as a reader before the cut saved them
        tables.change(partial(_add, f"q{n} " + "x" * 1_000_000, 100))
    tables.flush()  # every change written (close alone gives its last try a bound)
    tables.close()
    async with started(small_corpus) as (app, pilot):
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert isinstance(app.screen, HistoryScreen)
        assert [len(e) for e in app.screen.entries] == [ENTRY_CHARS] * 5
        assert "q4 xxxx" in screen_text(app)
        assert 0 < rows_made(app) < FEW


def test_a_long_query_enters_the_history_cut() -> None:
    history = SearchHistory(SearchTables(Path("/nonexistent/state.sqlite3")))
    history.take([])
    history.add("missiles   " + "y" * 1_000_000)
    assert history.entries == ["missiles " + "y" * (ENTRY_CHARS - len("missiles "))]
