"""The searches remembered, over the searching half of the main screen: the history (↑/↓ in
the search box, Ctrl+R) and the saved searches (Ctrl+S saves one, S lists them).

Both live in the folder's state database (core/history.py, core/saved_searches.py), read in
a worker when first needed (the search box focused, or one of these keys), never at
start-up; every change is saved by their writer thread.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from rich.text import Text
from textual import events, on
from textual.message import Message

from reader.core.history import SearchHistory
from reader.core.ordering import ListFilter
from reader.core.saved_searches import Counts, SavedSearch, SavedSearches, count
from reader.core.search_tables import SearchTables
from reader.core.state import ReadingState, state_file
from reader.search.narrowing import join_chain, split_chain
from reader.tui.browse import ListOrder
from reader.tui.search_session import Mode
from reader.tui.searching import SearchingScreen
from reader.tui.widgets.article_list import ArticleList
from reader.tui.widgets.history_screen import HistoryScreen
from reader.tui.widgets.save_search_screen import SaveSearchScreen
from reader.tui.widgets.saved_searches_screen import CHAIN, SavedSearchesScreen
from reader.tui.widgets.search_bar import SearchBar


@dataclass
class SearchSaved(Message):
    """A saved search was written (problem None), or could not be yet (problem says why)."""

    name: str
    problem: str | None


@dataclass
class SearchesLoaded(Message):
    """The history and the saved searches were read from the state database."""

    history: list[str]
    saved: list[SavedSearch]


class RememberingScreen(SearchingScreen):
    """Searching, with the searches run before and the searches saved."""

    root: Path
    state: ReadingState | None
    order: ListOrder

    def __init__(self) -> None:
        super().__init__()
        self._tables: SearchTables | None = None
        self._history: SearchHistory | None = None
        self._saved: SavedSearches | None = None
        self._when_loaded: list[Callable[[], None]] = []  # waiting for them to be read

    def add_notice(self, notice: str) -> None:
        raise NotImplementedError  # MainScreen's: said whenever nothing else is

    def tell_save_problem(self, what: str, problem: str | None) -> None:
        raise NotImplementedError  # MainScreen's: from any thread, "Can't save …; will retry"

    def _searches(self) -> tuple[SearchHistory, SavedSearches]:
        """The history and the saved searches; the first call starts reading them."""
        if self._history is None or self._saved is None:
            path = (
                self.state.path
                if self.state is not None
                else state_file(Path(os.path.abspath(self.root)))
            )
            self._tables = SearchTables(path)
            self._tables.on_save_problem = partial(self.tell_save_problem, "searches")
            self._history = SearchHistory(self._tables)
            self._saved = SavedSearches(self._tables)
            self.run_worker(
                partial(self._load_searches, self._history, self._saved),
                name="load_searches",
                group="searches",
                thread=True,
            )
        return self._history, self._saved

    def _load_searches(self, history: SearchHistory, saved: SavedSearches) -> None:
        self.post_message(SearchesLoaded(history.load(), saved.load()))

    @on(SearchesLoaded)
    def _searches_loaded(self, message: SearchesLoaded) -> None:
        history, saved = self._searches()
        history.take(message.history)
        saved.take(message.saved)
        self.search_bar.set_history(history.entries)
        if self._tables is not None and self._tables.error:
            self.add_notice(self._tables.error)
        waiting, self._when_loaded = self._when_loaded, []
        for then in waiting:
            then()

    def _with_searches(self, then: Callable[[], None]) -> None:
        """Do this once the history and the saved searches are read (at once if they are)."""
        history, _ = self._searches()
        if history.loaded:
            then()
        else:
            self._when_loaded.append(then)

    @on(events.DescendantFocus)
    def _box_focused(self, event: events.DescendantFocus) -> None:
        if isinstance(event.widget, SearchBar):
            self._searches()  # ↑ walks the history: read it now, off this thread

    @on(events.Unmount)
    def _close_searches(self) -> None:
        if self._tables is not None:
            self._tables.close()

    def _remember_query(self) -> None:
        """The query in the box enters the history (it was run for good)."""
        search = self.session.search
        if search is None or search.mode is not Mode.WORDS:
            return
        query = join_chain(split_chain(self.search_bar.value))
        if not query:
            return
        history, _ = self._searches()
        history.add(query)
        if history.loaded:
            self.search_bar.set_history(history.entries)

    @on(ArticleList.Chosen)
    def _result_opened(self) -> None:
        self._remember_query()

    def action_search_history(self) -> None:
        """Pick an earlier search from a list (type to narrow it)."""

        def show() -> None:
            history, _ = self._searches()
            self.app.push_screen(HistoryScreen(history.entries), self._use_history)

        self._with_searches(show)

    def _use_history(self, query: str | None) -> None:
        if query is None:
            return
        self.search_bar.type_on(query)
        self.set_focus(self.search_bar)

    def action_save_search(self) -> None:
        """Save the search with its filters and order, under a name."""
        search = self.session.search
        levels = split_chain(self.search_bar.value)
        if search is None or search.mode is not Mode.WORDS or not levels:
            self.status_bar.say("Nothing to save: / starts a search")
            return
        query = join_chain(levels)
        save = partial(self._save_as, query, self.order.list_filter, self.order.search_sort)

        def ask() -> None:
            _, saved = self._searches()
            taken = [s.name for s in saved.all]
            self.app.push_screen(SaveSearchScreen(query, CHAIN.join(levels), taken), save)

        self._with_searches(ask)

    def _save_as(self, query: str, list_filter: ListFilter, sort: str, name: str | None) -> None:
        if name is None:
            return
        _, saved = self._searches()

        def done(problem: str | None) -> None:  # on the writer thread: the message crosses
            self.post_message(SearchSaved(name, problem))

        saved.save(SavedSearch(name, query, list_filter, sort), done)

    @on(SearchSaved)
    def _search_saved(self, message: SearchSaved) -> None:
        """Say "Saved" once it is written; else that it is kept and will be retried."""
        name = (message.name, "bold")
        if message.problem is None:
            said = Text.assemble("Saved “", name, "”")
            if self._tables is not None and self._tables.error:
                said.append(f" · {self._tables.error}")
        else:
            said = Text.assemble(
                "“",
                name,
                f"” is kept in memory, not saved yet: {message.problem}; will retry",
            )
        self.status_bar.say(said)

    def action_saved_searches(self) -> None:
        """The saved searches, with how many articles each shows and how many are unread."""

        def show() -> None:
            _, saved = self._searches()
            switcher = SavedSearchesScreen(saved.all, self._counter(), saved.delete)
            self.app.push_screen(switcher, self._run_saved)

        self._with_searches(show)

    def _counter(self) -> Callable[[SavedSearch], Counts | None]:
        """What counts a saved search's articles, in a worker (None while there is no index):
        those running it lists, its `tag:` words and its filters applied."""
        index, by_path, state = self.library.index, self.library.by_path, self.state
        tags_of = self.tags.of if self.tags is not None else None

        def counter(saved: SavedSearch) -> Counts | None:
            if index is None:
                return None
            from reader.search.tagged import matching_within  # in the worker (see library.py)

            paths = matching_within(index, saved.query, by_path.keys(), tags_of)
            if state is None:
                return count(saved, paths, by_path, lambda _: False, lambda _: False, tags_of)
            return count(saved, paths, by_path, state.is_read, state.is_starred, tags_of)

        return counter

    def _run_saved(self, saved: SavedSearch | None) -> None:
        """Show a saved search's results, with its filters and order."""
        if saved is None:
            return
        self.order.list_filter = saved.list_filter
        self.order.set_sort(saved.sort, True)
        if self.session.search is None and self.session.browse_path is None:
            self.session.browse_path = self._list_path()
        if self.search_bar.value == saved.query:
            self._relist()
        else:
            self.search_bar.value = saved.query
            self.search_bar.cursor_position = len(saved.query)
        self._update_header()
        self.panes.article_list.focus()
        self.status_bar.say(Text.assemble("Saved search “", (saved.name, "bold"), "”"))
