"""The searches remembered, a plain object the main screen hosts (`screen.remembered`): the
history (↑/↓ in the search box, Ctrl+R) and the saved searches (Ctrl+S saves one, S lists
them).

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
from typing import TYPE_CHECKING

from rich.text import Text
from textual.message import Message

from reader.core.highlights import WithHighlights
from reader.core.history import SearchHistory
from reader.core.ordering import ListFilter
from reader.core.saved_searches import Counts, SavedSearch, SavedSearches, count
from reader.core.search_tables import SearchTables
from reader.core.state import state_file
from reader.search.narrowing import join_chain, split_chain
from reader.tui.search_session import Mode
from reader.tui.view_state import Pane
from reader.tui.widgets.history_screen import HistoryScreen
from reader.tui.widgets.save_search_screen import SaveSearchScreen
from reader.tui.widgets.saved_searches_screen import CHAIN, SavedSearchesScreen
from reader.tui.widgets.search_bar import SearchBar

if TYPE_CHECKING:
    from reader.tui.main_screen import MainScreen


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


class Remembered:
    """The searches run before and the searches saved."""

    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen
        self.tables: SearchTables | None = None
        self._history: SearchHistory | None = None
        self._saved: SavedSearches | None = None
        self._when_loaded: list[Callable[[], None]] = []  # waiting for them to be read

    @property
    def search_bar(self) -> SearchBar:
        return self.screen.query_one(SearchBar)

    def searches(self) -> tuple[SearchHistory, SavedSearches]:
        """The history and the saved searches; the first call starts reading them."""
        if self._history is None or self._saved is None:
            screen = self.screen
            path = (
                screen.state.path
                if screen.state is not None
                else state_file(Path(os.path.abspath(screen.root)))
            )
            self.tables = SearchTables(path)
            self.tables.on_save_problem = partial(screen.tell_save_problem, "searches")
            self._history = SearchHistory(self.tables)
            self._saved = SavedSearches(self.tables)
            screen.run_worker(
                partial(self._load_searches, self._history, self._saved),
                name="load_searches",
                group="searches",
                thread=True,
            )
        return self._history, self._saved

    def _load_searches(self, history: SearchHistory, saved: SavedSearches) -> None:
        self.screen.post_message(SearchesLoaded(history.load(), saved.load()))

    def loaded(self, message: SearchesLoaded) -> None:
        """The history and the saved searches were read: what waited for them runs."""
        history, saved = self.searches()
        history.take(message.history)
        saved.take(message.saved)
        self.search_bar.set_history(history.entries)
        if self.tables is not None and self.tables.error:
            self.screen.add_notice(self.tables.error)
        waiting, self._when_loaded = self._when_loaded, []
        for then in waiting:
            then()

    def _with_searches(self, then: Callable[[], None]) -> None:
        """Do this once the history and the saved searches are read (at once if they are)."""
        history, _ = self.searches()
        if history.loaded:
            then()
        else:
            self._when_loaded.append(then)

    def remember_query(self) -> None:
        """The query in the box enters the history (it was run for good)."""
        search = self.screen.session.search
        if search is None or search.mode is not Mode.WORDS:
            return
        query = join_chain(split_chain(self.search_bar.value))
        if not query:
            return
        history, _ = self.searches()
        history.add(query)
        if history.loaded:
            self.search_bar.set_history(history.entries)

    def show_history(self) -> None:
        """Pick an earlier search from a list (type to narrow it)."""

        def show() -> None:
            history, _ = self.searches()
            self.screen.app.push_screen(HistoryScreen(history.entries), self._use_history)

        self._with_searches(show)

    def _use_history(self, query: str | None) -> None:
        if query is None:
            return
        self.search_bar.type_on(query)
        self.screen.view.focus(Pane.SEARCH)

    def save_search(self) -> None:
        """Save the search with its filters and order, under a name."""
        search = self.screen.session.search
        levels = split_chain(self.search_bar.value)
        if search is None or search.mode is not Mode.WORDS or not levels:
            self.screen.status_bar.say("Nothing to save: / starts a search")
            return
        query = join_chain(levels)
        order = self.screen.order
        save = partial(self._save_as, query, order.list_filter, order.search_sort)

        def ask() -> None:
            _, saved = self.searches()
            taken = [s.name for s in saved.all]
            self.screen.app.push_screen(SaveSearchScreen(query, CHAIN.join(levels), taken), save)

        self._with_searches(ask)

    def _save_as(self, query: str, list_filter: ListFilter, sort: str, name: str | None) -> None:
        if name is None:
            return
        _, saved = self.searches()

        def done(problem: str | None) -> None:  # on the writer thread: the message crosses
            self.screen.post_message(SearchSaved(name, problem))

        saved.save(SavedSearch(name, query, list_filter, sort), done)

    def saved(self, message: SearchSaved) -> None:
        """Say "Saved" once it is written; else that it is kept and will be retried."""
        name = (message.name, "bold")
        if message.problem is None:
            said = Text.assemble("Saved “", name, "”")
            if self.tables is not None and self.tables.error:
                said.append(f" · {self.tables.error}")
        elif self.tables is not None and self.tables.unwritable is not None:
            said = Text.assemble("“", name, f"” lasts until you quit, not saved: {message.problem}")
        else:
            said = Text.assemble(
                "“",
                name,
                f"” is kept in memory, not saved yet: {message.problem}; will retry",
            )
        self.screen.status_bar.say(said)

    def show_saved(self) -> None:
        """The saved searches, with how many articles each shows and how many are unread."""

        def show() -> None:
            _, saved = self.searches()
            switcher = SavedSearchesScreen(saved.all, self._counter(), saved.delete)
            self.screen.app.push_screen(switcher, self._run_saved)

        self._with_searches(show)

    def _counter(self) -> Callable[[SavedSearch], Counts | None]:
        """What counts a saved search's articles, in a worker (None while there is no index):
        those running it lists, its `tag:` words and its filters applied."""
        screen = self.screen
        index, by_path, state = screen.library.index, screen.library.by_path, screen.state
        # has:highlights read as a tag (core.highlights.WithHighlights)
        marked = WithHighlights(screen.tags, screen.highlights)
        tags_of = marked.of if screen.tags is not None else None

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
        screen = self.screen
        screen.order.list_filter = saved.list_filter
        screen.order.set_sort(saved.sort, True)
        if screen.session.search is None and screen.session.browse_path is None:
            screen.session.browse_path = screen.listing.current_path()
        if self.search_bar.value == saved.query:
            screen.listing.relist()
        else:
            self.search_bar.value = saved.query
            self.search_bar.cursor_position = len(saved.query)
        screen.listing.update_header()
        screen.view.focus(Pane.LIST)
        screen.status_bar.say(Text.assemble("Saved search “", (saved.name, "bold"), "”"))
