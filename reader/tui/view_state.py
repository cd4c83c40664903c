"""One owner of what the reader shows, on the UI thread: the selected article, the article on
the right and why it is there (opened to read, or previewed), and where the focus is.

Every action asks it for its target when its key is handled (`selected`), and every move of
the focus a key asks for is made here, at once (`Screen.set_focus`, not `Widget.focus`, which
moves it later): with the app's KeyOrder (key_order.py), the next key goes where this one put
the focus. The list, the article and the search box are widgets; this object answers for them
together, so no action has to decide on its own which of them to believe.
"""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING

from textual.widget import Widget

from reader.tui.widgets.article_list import ArticleList
from reader.tui.widgets.article_view import ArticleView
from reader.tui.widgets.reading_panes import ReadingPanes, Why
from reader.tui.widgets.search_bar import SearchBar

if TYPE_CHECKING:
    from reader.tui.main_screen import MainScreen


class Pane(Enum):
    """Where the keys go."""

    LIST = "list"
    ARTICLE = "article"
    SEARCH = "search"
    OTHER = "other"  # a dialog, or nothing focused yet


class ViewState:
    """What the user sees selected, what the article pane shows and why, and the focus."""

    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen

    @property
    def panes(self) -> ReadingPanes:
        return self.screen.query_one(ReadingPanes)

    @property
    def article_list(self) -> ArticleList:
        return self.screen.query_one(ArticleList)

    @property
    def article_view(self) -> ArticleView:
        return self.screen.query_one(ArticleView)

    @property
    def search_bar(self) -> SearchBar:
        return self.screen.query_one(SearchBar)

    # --- what is selected ----------------------------------------------------------------------

    @property
    def pane(self) -> Pane:
        """The pane the keys go to."""
        focused = self.screen.focused
        if isinstance(focused, ArticleView):
            return Pane.ARTICLE
        if isinstance(focused, ArticleList):
            return Pane.LIST
        if isinstance(focused, SearchBar):
            return Pane.SEARCH
        return Pane.OTHER

    @property
    def selected(self) -> str | None:
        """The article an action acts on: the one being read while the article pane has the
        keys (shown, or on its way), else the one under the list's cursor."""
        if self.pane is Pane.ARTICLE:
            reading = self.panes.reading_path
            if reading is not None:
                return reading
        current = self.article_list.current
        return current.path if current is not None else None

    @property
    def shown(self) -> tuple[str, Why] | None:
        """The article on the right, and why it is there."""
        return self.panes.shown

    # --- the article on the right --------------------------------------------------------------

    def read(self, path: str) -> None:
        """Open the article at path to read it: the article pane takes the keys at once."""
        self.panes.read(path)
        self.focus(Pane.ARTICLE)

    def preview(self, path: str, *, delay: float = 0.0) -> None:
        """Show the article at path as a preview (it writes no reading place), unless the
        article pane has the keys: the article being read stays."""
        if self.pane is not Pane.ARTICLE:
            self.panes.preview(path, delay=delay)

    # --- the focus -------------------------------------------------------------------------------

    def focus(self, pane: Pane) -> None:
        """Give the keys to a pane now: the next key handled goes there."""
        widget: Widget
        if pane is Pane.ARTICLE:
            widget = self.article_view
        elif pane is Pane.SEARCH:
            widget = self.search_bar
        else:
            widget = self.article_list
        self.screen.set_focus(widget)
        # In a narrow terminal the view is hidden until it is the pane being read.
        self.panes.set_class(pane is Pane.ARTICLE, "reading")

    def focus_moved(self, widget: Widget) -> None:
        """The focus moved (a key, a click, Tab): the narrow layout follows, and an article
        entered to be read is read."""
        reading = isinstance(widget, ArticleView)
        self.panes.set_class(reading, "reading")
        if reading:
            self.panes.entered()
