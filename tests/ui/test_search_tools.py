"""Search within results, the search history and saved searches, by keyboard and palette."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from reader.core.ordering import ListFilter
from reader.core.saved_searches import SavedSearch
from reader.core.state import state_file
from reader.search.parsed import ParsedQuery
from reader.search.service import SearchIndex
from reader.tui.app import ReaderApp
from reader.tui.widgets.article_list import ArticleList
from reader.tui.widgets.article_view import ArticleView
from reader.tui.widgets.history_screen import HistoryScreen
from reader.tui.widgets.pick_list import PickList
from reader.tui.widgets.save_search_screen import SaveSearchScreen
from reader.tui.widgets.saved_searches_screen import SavedSearchesScreen
from reader.tui.widgets.search_bar import SearchBar
from tests.conftest import SEED_TITLE
from tests.ui.conftest import (
    main,
    run_command,
    screen_text,
    settle,
    started,
    status,
    titles,
    type_query,
    until,
    until_status,
    unwrapped,
)

UKRAINE = "Ukraine receives long-range missiles"
STORMS = "Storms sweep across the plains"
MARKETS = "Markets rally as inflation cools"


def header(app: ReaderApp) -> str:
    return screen_text(app).splitlines()[0]


def box(app: ReaderApp) -> SearchBar:
    return app.query_one(SearchBar)


async def type_more(pilot, text: str) -> None:
    """Type on in the search box (it has the focus), and wait for the answer."""
    await pilot.press(*text)
    await settle(pilot)


# --- search within results ----------------------------------------------------------------


async def test_a_pipe_in_the_query_searches_within_the_results(small_corpus: Path) -> None:
    async with started(small_corpus) as (app, pilot):
        await type_query(pilot, "missiles")
        assert set(titles(app)) == {UKRAINE, MARKETS, SEED_TITLE}
        await type_more(pilot, " | inflation")
        assert titles(app) == [MARKETS]
        assert "within missiles › inflation" in header(app)
        await type_more(pilot, " | storms")
        assert titles(app) == []
        assert "within missiles › inflation › storms" in header(app)


async def test_the_inner_level_is_ranked_by_itself_among_the_outer_results(
    small_corpus: Path,
) -> None:
    async with started(small_corpus) as (app, pilot):
        await type_query(pilot, "ukraine")
        outer = set(titles(app))
        await pilot.press("escape")
        await type_query(pilot, "missiles")
        plain = titles(app)
        await pilot.press("escape")
        await type_query(pilot, "ukraine | missiles")
        narrowed = titles(app)
        assert narrowed == [title for title in plain if title in outer]


def path_of(app: ReaderApp, title: str) -> str:
    return next(s.path for s in main(app).library.summaries if s.title == title)


@pytest.mark.parametrize(
    "typed",
    ["missiles|tag:war", "missiles | tag:war", "tag:war|missiles", "tag:war | missiles"],
)
async def test_a_tag_word_in_any_level_keeps_the_search_to_the_tagged(
    small_corpus: Path, typed: str
) -> None:
    async with started(small_corpus) as (app, pilot):
        tags = main(app).tags
        assert tags is not None
        tags.set(path_of(app, UKRAINE), ["war"])
        tags.set(path_of(app, STORMS), ["war"])  # tagged, but no missiles in it
        await type_query(pilot, typed)
        assert titles(app) == [UKRAINE]  # Markets and the seed mention missiles, untagged


async def test_the_narrowing_key_keeps_the_results_and_types_on(small_corpus: Path) -> None:
    async with started(small_corpus) as (app, pilot):
        await type_query(pilot, "missiles")
        await pilot.press("down")  # into the results
        assert isinstance(app.focused, ArticleList)
        await pilot.press("vertical_line", *"inflation")  # | then the inner query at once
        await settle(pilot)
        assert isinstance(app.focused, SearchBar)
        assert box(app).value == "missiles | inflation"
        assert titles(app) == [MARKETS]
        assert "within missiles › inflation" in header(app)


async def test_escape_steps_back_one_level_at_a_time(small_corpus: Path) -> None:
    async with started(small_corpus) as (app, pilot):
        everything = titles(app)
        await type_query(pilot, "missiles | ukraine | inflation")
        assert titles(app) == [MARKETS]
        await pilot.press("escape")
        await settle(pilot)
        assert box(app).value == "missiles | ukraine"
        assert set(titles(app)) == {UKRAINE, MARKETS, SEED_TITLE}
        assert "within missiles › ukraine" in header(app)
        await pilot.press("down", "escape")  # from the results too
        await settle(pilot)
        assert box(app).value == "missiles"
        assert "within" not in header(app)
        await pilot.press("escape")  # then it clears, as it always has
        await settle(pilot)
        assert box(app).value == ""
        assert titles(app) == everything


async def test_narrowing_with_no_search_says_so(small_corpus: Path) -> None:
    async with started(small_corpus) as (app, pilot):
        await pilot.press("vertical_line")
        await settle(pilot)
        assert "Nothing to search within" in status(app)
        assert isinstance(app.focused, ArticleList)


async def test_narrowing_from_the_palette(small_corpus: Path) -> None:
    async with started(small_corpus) as (app, pilot):
        await type_query(pilot, "missiles")
        await pilot.press("down")
        await run_command(pilot, "Search within results")
        assert box(app).value == "missiles | "
        assert isinstance(app.focused, SearchBar)


# --- search history -------------------------------------------------------------------------


async def run_query(pilot, text: str) -> None:
    """Search text and run it for good (Enter), then come back to the list."""
    await pilot.press("slash", "ctrl+u", *text)
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    await pilot.press("escape")  # the article -> the list
    await settle(pilot)


async def test_up_and_down_walk_the_history(small_corpus: Path) -> None:
    async with started(small_corpus) as (app, pilot):
        for query in ("storms", "inflation", "ukraine"):
            await run_query(pilot, query)
        await pilot.press("slash", "escape")  # an empty box
        await settle(pilot)
        assert box(app).value == ""
        await pilot.press("slash", "up")
        await settle(pilot)
        assert box(app).value == "ukraine"
        assert set(titles(app)) == {UKRAINE, MARKETS, SEED_TITLE}  # and it is searched
        await pilot.press("up", "up")
        assert box(app).value == "storms"
        await pilot.press("up")  # nothing older
        assert box(app).value == "storms"
        await pilot.press("down")
        assert box(app).value == "inflation"
        await pilot.press("down", "down")
        assert box(app).value == ""  # past the newest: the box as it was
        await pilot.press("down")  # no walk: into the results, as before
        assert isinstance(app.focused, ArticleList)


async def test_up_in_an_edited_box_does_not_walk(small_corpus: Path) -> None:
    async with started(small_corpus) as (app, pilot):
        await run_query(pilot, "storms")
        await pilot.press("slash", "ctrl+u", *"infl", "up")
        await settle(pilot)
        assert box(app).value == "infl"
        await pilot.press("ctrl+u", "up", "backspace", "up")  # recalled, then edited
        assert box(app).value == "storm"
        await pilot.press("down")  # an edited query: down goes into the results
        assert isinstance(app.focused, ArticleList)


async def test_only_queries_run_for_good_enter_the_history(small_corpus: Path) -> None:
    async with started(small_corpus) as (app, pilot):
        await type_query(pilot, "inflation")  # typed, never run: not remembered
        await pilot.press("escape")
        await type_query(pilot, "storms")
        await pilot.press("down", "enter")  # a result opened: remembered
        await settle(pilot)
        assert isinstance(app.focused, ArticleView)
        history, _ = main(app).remembered.searches()
        assert history.entries == ["storms"]


async def test_the_history_lasts_across_launches(small_corpus: Path) -> None:
    async with started(small_corpus) as (app, pilot):
        assert main(app).remembered.tables is None  # nothing read at start-up
        await run_query(pilot, "inflation")
    async with started(small_corpus) as (app, pilot):
        await pilot.press("slash", "up")
        await settle(pilot)
        assert box(app).value == "inflation"
        assert titles(app) == [MARKETS]


async def test_up_typed_before_the_history_is_read_still_walks(small_corpus: Path) -> None:
    async with started(small_corpus) as (app, pilot):
        await run_query(pilot, "storms")
    async with started(small_corpus) as (app, pilot):
        await pilot.press("slash", "up")  # in one burst: the history is still being read
        await settle(pilot)
        assert box(app).value == "storms"


async def test_ctrl_r_picks_from_the_history(small_corpus: Path) -> None:
    async with started(small_corpus) as (app, pilot):
        for query in ("storms", "inflation", "ukraine"):
            await run_query(pilot, query)
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert isinstance(app.screen, HistoryScreen)
        options = app.screen.query_one(PickList)
        assert [str(options.get_option_at_index(n).prompt) for n in range(3)] == [
            "ukraine",
            "inflation",
            "storms",
        ]
        await pilot.press(*"INF")  # type to narrow the list (case aside)
        await settle(pilot)
        assert options.option_count == 1
        await pilot.press("enter")
        await settle(pilot)
        assert box(app).value == "inflation"
        assert isinstance(app.focused, SearchBar)
        assert titles(app) == [MARKETS]


async def test_the_history_list_from_the_palette_and_escape(small_corpus: Path) -> None:
    async with started(small_corpus) as (app, pilot):
        await run_command(pilot, "Search history")
        assert isinstance(app.screen, HistoryScreen)
        assert "No earlier searches yet" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, HistoryScreen)
        assert box(app).value == ""


# --- saved searches -------------------------------------------------------------------------


async def save_search(pilot, name: str) -> None:
    await pilot.press("ctrl+s")
    await settle(pilot)
    assert isinstance(pilot.app.screen, SaveSearchScreen)
    await pilot.press("ctrl+u", *name, "enter")
    await settle(pilot)


def switcher_rows(app: ReaderApp) -> list[str]:
    options = app.screen.query_one(PickList)
    return [str(options.get_option_at_index(n).prompt) for n in range(options.option_count)]


async def test_save_a_search_and_run_it_from_the_switcher(small_corpus: Path) -> None:
    async with started(small_corpus) as (app, pilot):
        await type_query(pilot, "missiles | ukraine")
        await pilot.press("down", "o")  # in the results, the next order: by date
        await save_search(pilot, "War news")
        assert "Saved “War news”" in status(app)
        await pilot.press("escape", "escape")  # back to the whole folder
        await settle(pilot)
        await pilot.press("S")
        await settle(pilot)
        assert isinstance(app.screen, SavedSearchesScreen)
        assert switcher_rows(app) == ["War news  3 articles · 3 unread\nmissiles › ukraine"]
        await pilot.press("enter")
        await settle(pilot)
        assert box(app).value == "missiles | ukraine"
        assert main(app).order.search_sort == "date"
        assert set(titles(app)) == {UKRAINE, MARKETS, SEED_TITLE}
        assert isinstance(app.focused, ArticleList)


def counted(row: str) -> int:
    """The number of articles a switcher row says."""
    return int(row.split("\n")[0].split("  ")[1].split()[0])


async def test_a_saved_search_counts_what_running_it_shows(small_corpus: Path) -> None:
    queries = {
        "a words and tag": "missiles tag:war",
        "b tag alone": "tag:war",
        "c tag as a level": "missiles|tag:war",
        "d tag excluded": "missiles -tag:war",
    }
    async with started(small_corpus) as (app, pilot):
        tags = main(app).tags
        assert tags is not None
        tags.set(path_of(app, UKRAINE), ["war"])
        tags.set(path_of(app, STORMS), ["war"])
        _, saved = main(app).remembered.searches()
        await settle(pilot)
        for name, query in queries.items():
            saved.save(SavedSearch(name, query))
        saved.save(SavedSearch("e tag filter", "missiles", ListFilter(tag="war")))
        shown = {}
        for n, name in enumerate(s.name for s in saved.all):
            await pilot.press("S")
            await settle(pilot)
            assert isinstance(app.screen, SavedSearchesScreen)
            count_said = counted(switcher_rows(app)[n])
            await pilot.press(*["down"] * n, "enter")
            await settle(pilot)
            shown[name] = (count_said, len(titles(app)))
        assert shown == {
            "a words and tag": (1, 1),  # Ukraine: Markets and the seed mention missiles
            "b tag alone": (2, 2),
            "c tag as a level": (1, 1),
            "d tag excluded": (2, 2),
            "e tag filter": (1, 1),
        }


async def test_saved_searches_keep_their_filters_and_last(small_corpus: Path) -> None:
    async with started(small_corpus) as (app, pilot):
        await type_query(pilot, "missiles")
        await pilot.press("down", "enter")  # read the best hit
        await settle(pilot)
        await pilot.press("escape", "f", "down", "enter", "escape")  # unread only
        await settle(pilot)
        await save_search(pilot, "unread missiles")
    async with started(small_corpus) as (app, pilot):
        await pilot.press("S")
        await settle(pilot)
        assert switcher_rows(app) == ["unread missiles  2 articles · 2 unread\nmissiles  (unread)"]
        await pilot.press("enter")
        await settle(pilot)
        assert main(app).order.list_filter.unread
        assert len(titles(app)) == 2


async def test_a_name_in_use_asks_before_it_is_replaced(small_corpus: Path) -> None:
    async with started(small_corpus) as (app, pilot):
        await type_query(pilot, "storms")
        await save_search(pilot, "news")
        await pilot.press("escape")
        await type_query(pilot, "inflation")
        await save_search(pilot, "news")
        assert isinstance(app.screen, SaveSearchScreen)  # it asks
        assert "Enter replaces it" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        _, saved = main(app).remembered.searches()
        assert [(s.name, s.query) for s in saved.all] == [("news", "inflation")]
        await save_search(pilot, "news")
        await pilot.press("escape")  # keeps it: back to the name
        await settle(pilot)
        assert isinstance(app.screen, SaveSearchScreen)
        await pilot.press("escape")  # and cancels
        await settle(pilot)
        assert not isinstance(app.screen, SaveSearchScreen)


async def test_delete_from_the_switcher(small_corpus: Path) -> None:
    async with started(small_corpus) as (app, pilot):
        await type_query(pilot, "storms")
        await save_search(pilot, "a storms")
        await run_command(pilot, "Saved searches")
        assert isinstance(app.screen, SavedSearchesScreen)
        await pilot.press("d")
        await settle(pilot)
        assert "None saved yet" in screen_text(app)
    async with started(small_corpus) as (app, pilot):
        _, saved = main(app).remembered.searches()
        await settle(pilot)
        assert saved.all == []


async def test_saving_with_no_search_says_so(small_corpus: Path) -> None:
    async with started(small_corpus) as (app, pilot):
        await run_command(pilot, "Save this search")
        assert "Nothing to save" in status(app)


async def test_the_switcher_shows_at_once_and_counts_in_a_worker(
    small_corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    release = threading.Event()
    threads: list[threading.Thread] = []
    matching = SearchIndex.matching

    def slow_matching(self: SearchIndex, query: str | ParsedQuery) -> frozenset[str]:
        threads.append(threading.current_thread())
        release.wait(10)
        return matching(self, query)

    async with started(small_corpus) as (app, pilot):
        await type_query(pilot, "storms")
        await save_search(pilot, "storms")
        monkeypatch.setattr(SearchIndex, "matching", slow_matching)
        await pilot.press("down", "S")
        await until(pilot, lambda: bool(threads), "the count asked for")  # and held there
        await pilot.pause()
        assert switcher_rows(app) == ["storms  …\nstorms"]  # listed; the count to come
        release.set()
        await settle(pilot)
        assert switcher_rows(app) == ["storms  1 article · 1 unread\nstorms"]
        assert threads and threading.main_thread() not in threads


async def test_a_saved_name_is_text_not_markup(small_corpus: Path) -> None:
    async with started(small_corpus) as (app, pilot):
        await type_query(pilot, "storms")
        await save_search(pilot, "[bold]x[/] [@click=app.quit]")
        await pilot.press("down", "S")
        await settle(pilot)
        assert "[bold]x[/] [@click=app.quit]" in screen_text(app)


async def test_a_state_file_that_cannot_be_used_is_said_and_searches_go_on(
    small_corpus: Path,
) -> None:
    path = state_file(small_corpus.resolve())
    path.parent.mkdir(parents=True)
    db = sqlite3.connect(path)
    db.execute("PRAGMA user_version=99")  # written by a newer reader: left alone
    db.close()
    async with started(small_corpus) as (app, pilot):
        await run_query(pilot, "storms")
        newer = "Reading state is not saved: changes won't be kept ("
        assert any(
            notice.startswith(newer) and "written by a newer reader (schema 99)" in notice
            for notice in main(app).notices
        )
        await pilot.press("slash", "ctrl+u", "up")
        assert box(app).value == "storms"  # in memory meanwhile
        await save_search(pilot, "storms")
        assert "“storms” lasts until you quit, not saved: " in status(app)
        assert "Saved" not in status(app)


async def test_searches_that_cannot_be_saved_are_said_retried_and_reported_at_exit(
    small_corpus: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Another process holds the state file's write lock: "Saved" is not said before the save
    is written, the status line says why, a retry writes it once the lock is let go, and
    quitting while it is held says what is lost and exits 1."""
    monkeypatch.setattr("reader.core.state_store.BUSY_TIMEOUT_S", 0.05)
    monkeypatch.setattr("reader.core.state_writer.RETRY_SECONDS", (0.05,))
    warning = "Can't save searches: database is locked; will retry"
    async with started(small_corpus) as (app, pilot):
        await type_query(pilot, "storms")
        await settle(pilot)
        path = state_file(small_corpus.resolve())
        other = sqlite3.connect(path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        await save_search(pilot, "storms")
        await until_status(app, pilot, "“storms” is kept in memory, not saved yet")
        assert "Saved “storms”" not in status(app)
        assert main(app).save_warning == warning  # said whenever nothing else is
        other.execute("ROLLBACK")  # let go: the next retry writes it
        await until(pilot, lambda: main(app).save_warning is None, "saved at a retry")
        names = [row[0] for row in other.execute("SELECT name FROM saved_searches")]
        assert names == ["storms"]
        other.execute("BEGIN IMMEDIATE")
        await save_search(pilot, "again")
        await until_status(app, pilot, "“again” is kept in memory, not saved yet")
        await pilot.press("escape", "q")
        await pilot.pause()
        assert not app.is_running
    other.execute("ROLLBACK")
    other.close()
    assert app.return_code == 1
    err = unwrapped(capsys.readouterr().err)
    # one line for all that is lost (the list's place, held by the same lock, too)
    assert err.startswith("reader:") and err.count("reader:") == 1
    assert err.endswith(unwrapped("; 1 change to searches could not be saved: database is locked"))
