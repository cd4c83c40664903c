"""What the article list shows: the folder or the search's results, in the chosen order and
filter, with the header line above them and the status line's idle notes below.

A plain object the main screen hosts (`screen.listing`); the order and the filter themselves
are `ListOrder`'s (browse.py), pure.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.text import Text

from reader.core.article import ArticleSummary
from reader.core.ordering import ListFilter, sources
from reader.search.narrowing import split_chain, step_back
from reader.tui.search_session import Mode
from reader.tui.searching import unranked
from reader.tui.widgets.article_list import ArticleList, ResultRow
from reader.tui.widgets.filter_screen import FilterScreen
from reader.tui.widgets.saved_searches_screen import CHAIN
from reader.tui.widgets.text_line import TextLine

if TYPE_CHECKING:
    from reader.tui.main_screen import MainScreen


class Listing:
    """The list's rows, the header above it, and the sort and filter that shape them."""

    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen
        self._header = Text()  # the header line but the chain of a narrowed search
        self.unranked = False  # whether the header shows a search with no words to rank by
        self._browsing = True  # the rows are the folder's (not a search's results)
        # Where the folder's list was left for a search: the article, how far down the screen
        self._left: tuple[str | None, int] | None = None
        # The article kept in place as the folder's list changed: where it is drawn, and the row
        # the user had it on (near the top of the list, a re-sort may draw it higher up)
        self._kept: tuple[str, int, int] | None = None

    @property
    def article_list(self) -> ArticleList:
        return self.screen.query_one(ArticleList)

    def current_path(self) -> str | None:
        """The article under the list's cursor."""
        current = self.article_list.current
        return current.path if current is not None else None

    def show(self, path: str | None, on_screen: int | None = None) -> None:
        """The search's results, or else the whole folder, in the chosen order and filter, with
        the cursor on the article at path (or on the first), its row drawn on_screen rows down
        the list (by default, the list starts at its top)."""
        screen = self.screen
        order, state, session = screen.order, screen.state, screen.session
        rows: Sequence[ArticleSummary] | Sequence[ResultRow]
        if session.searching and self._browsing:
            self._left = (self.current_path(), self.article_list.cursor_on_screen)
        self._browsing = not session.searching
        if session.searching:
            results = session.results
            hits = results.hits if results is not None else ()
            rows = order.result_rows(hits, screen.library.by_path, state)
            empty = "No article matches."
        else:
            rows = order.browse_rows(screen.library.summaries, state)
            empty = f"No articles in {screen.root}."
        empty = order.empty_text(session.searching) or empty
        self.article_list.set_rows(rows, path=path, empty_text=empty, on_screen=on_screen)
        if not rows and (order.list_filter.active or not session.searching):
            screen.panes.close_article()  # what the list hides, the pane does not show

    def folder_changed(self, first: bool) -> None:
        """The folder's list anew: the first puts the last session's article where its row
        was; a later one (the full summaries, the folder changed) keeps the user's article
        where it is on the screen. While searching, the results' rows anew (their articles'
        figures), once there are results (until then the list shows what it showed)."""
        session = self.screen.session
        if session.searching and session.results is None:
            return
        state = self.screen.state
        on_screen: int | None = self.article_list.cursor_on_screen
        path = self.current_path()
        if first:
            path = state.last_selected if state is not None else None
            on_screen = state.list_row if state is not None and path else None
        elif self._kept is not None and self._kept[:2] == (path, on_screen):
            on_screen = self._kept[2]  # the row the user left it on (a re-sort moved it since)
        self.show(path, on_screen)
        if path is not None and on_screen is not None:
            self._kept = (path, self.article_list.cursor_on_screen, on_screen)

    def back_to_folder(self, path: str | None) -> None:
        """The folder's list again after a search, on the article at path; the one selected
        before the search is drawn where it was on the screen, however the list changed."""
        left, self._left = self._left, None
        self.show(path, left[1] if left is not None and left[0] == path else None)

    def relist(self) -> None:
        """The list again after its order or filter changed, the cursor kept on its article."""
        self.show(self.current_path())
        self.update_header()

    # --- the header ---------------------------------------------------------------------------

    def update_header(self) -> None:
        """The header line anew: the folder, how many articles, the order."""
        screen = self.screen
        summaries = screen.library.summaries
        kept = screen.order.count_kept(summaries, screen.state)
        self.unranked = unranked(screen.session.search)
        header = screen.order.header(
            screen.root, len(summaries), screen.session.searching, kept, unranked=self.unranked
        )
        self.show_header(header)

    def chain(self) -> Text | None:
        """The levels of a narrowed search, `ukraine › missiles` (None: not narrowed)."""
        search = self.screen.session.search
        if search is None or search.mode is not Mode.WORDS or step_back(search.text) is None:
            return None
        levels = split_chain(search.text)
        stripped = search.text.rstrip()
        if stripped.endswith("|") and not stripped.endswith("||"):
            levels.append("…")  # the level being typed
        return Text(CHAIN.join(levels))

    def show_header(self, header: Text | None = None) -> None:
        """The header line (a new one, when given), with the chain of a narrowed search."""
        if header is not None:
            self._header = header
        shown = self._header
        chain = self.chain()
        if chain is not None:
            shown = self._header.copy()
            shown.append("  ·  within ", style="dim")
            shown.append_text(chain)
        self.screen.query_one("#header", TextLine).update(shown)

    # --- order and filter -------------------------------------------------------------------

    def cycle_sort(self) -> None:
        """The next order of the list (relevance is one of them while searching)."""
        self.sort_by(self.screen.order.cycle(self.screen.session.searching))

    def sort_by(self, sort: str) -> None:
        """Order the list by one key."""
        screen = self.screen
        screen.order.set_sort(sort, screen.session.searching)
        if not screen.session.searching and screen.state is not None:
            screen.state.sort = sort
        self.relist()

    def choose_filter(self) -> None:
        """Choose what the list shows, in a dialog: unread, starred, one source, one tag."""
        screen = self.screen
        summaries, tags = screen.library.summaries, screen.tags

        def count() -> tuple[list[tuple[str, int]], list[tuple[str, int]]]:  # in a worker
            return sources(summaries), tags.counts() if tags is not None else []

        screen.app.push_screen(FilterScreen(screen.order.list_filter, count), self.set_filter)

    def set_filter(self, chosen: ListFilter | None) -> None:
        """Show what this filter keeps (None: as it was)."""
        if chosen is not None and chosen != self.screen.order.list_filter:
            self.screen.order.list_filter = chosen
            self.relist()
