"""The two panes side by side: the article list, and the article it opens.

An article asked for is read in a worker and the newest request wins; it is shown at the line
where it was left (or at its first search match) and remembered as the last one selected. Its
marks (read, starred) are set here too. The screen sets what the panes need to know: the
reading state, and the search terms to mark.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message

from reader.core.article import Article, load_article
from reader.core.state import ReadingState
from reader.tui.widgets.article_list import ArticleList
from reader.tui.widgets.article_view import ArticleView


class ReadingPanes(Horizontal):
    """The article list and the article view; in a narrow terminal, one of them at a time."""

    @dataclass
    class Loaded(Message):
        """A worker finished reading the article asked for in one generation."""

        article: Article
        generation: int

    @dataclass
    class MarkedRead(Message):
        """A worker marked these many articles read."""

        count: int

    def __init__(self, *, mark_read_on_open: bool, id: str | None = None) -> None:
        super().__init__(id=id)
        self.mark_read_on_open = mark_read_on_open
        self.state: ReadingState | None = None  # marks and positions, once the scan opened it
        self.terms: frozenset[str] = frozenset()  # the search's words, marked in what is opened
        self.generation = 0  # of the newest article asked for
        self._opening: str | None = None  # the article asked for and not shown yet

    def compose(self) -> ComposeResult:
        yield ArticleList(id="list")
        yield ArticleView(id="view")

    @property
    def article_list(self) -> ArticleList:
        return self.query_one(ArticleList)

    @property
    def article_view(self) -> ArticleView:
        return self.query_one(ArticleView)

    @property
    def current_path(self) -> str | None:
        """The article being read, else the one under the list's cursor."""
        article = self.article_view.article
        if article is not None and article.path is not None:
            return str(article.path)
        current = self.article_list.current
        return current.path if current is not None else None

    # --- reading ----------------------------------------------------------------------------

    def open(self, path: str, *, delay: float = 0.0) -> None:
        """Read the article at path and show it (after delay seconds, unless another is asked
        for meanwhile). The article already on its way is not asked for again: a preview of
        the row just chosen would otherwise put it off."""
        if path == self._opening:
            return
        self.generation += 1
        self._opening = path
        generation = self.generation
        if not delay:
            self._read(path, generation)
            return

        def preview() -> None:
            if generation == self.generation:
                self._read(path, generation)

        self.set_timer(delay, preview, name="preview")

    def close_article(self) -> None:
        """Show no article (the list no longer shows the one that was open)."""
        self.save_position()
        self.generation += 1  # nor one still on its way
        self._opening = None
        self.article_view.placeholder = "No article open."
        self.article_view.show(None)

    @work(thread=True, exclusive=True, group="article")
    def _read(self, path: str, generation: int) -> None:
        """Read and parse one article off the UI thread."""
        self.post_message(self.Loaded(load_article(Path(path)), generation))

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        message.stop()
        if message.generation != self.generation:
            return  # another article was asked for since
        self._opening = None
        self.save_position()
        path = message.article.path
        position = self.state.position(str(path)) if self.state and path else 0
        self.article_view.show(message.article, self.terms, position)
        if self.state is not None and path is not None:
            self.state.last_selected = str(path)

    @on(ArticleList.Chosen)
    def _chosen(self, message: ArticleList.Chosen) -> None:
        view = self.article_view
        path = message.summary.path
        if view.article is None or view.article.path is None or str(view.article.path) != path:
            self.open(path)
        if self.state is not None and self.mark_read_on_open:
            self.state.set_read(path)
            self.article_list.refresh()
        # In a narrow terminal the view is hidden until it is the pane being read.
        self.add_class("reading")
        self.call_after_refresh(view.focus)

    def back_to_list(self) -> None:
        """From the article back to the list (in a narrow terminal, the list comes back)."""
        self.remove_class("reading")
        self.call_after_refresh(self.article_list.focus)

    def save_position(self) -> None:
        """Remember where the open article was being read."""
        view = self.article_view
        if self.state is None or view.article is None or view.article.path is None:
            return
        path = str(view.article.path)
        line = round(view.scroll_y)
        if self.state.position(path) != line and not view.matches:
            self.state.set_position(path, line)

    # --- marks ------------------------------------------------------------------------------

    def toggle(self, toggle: Callable[[ReadingState, str], bool], on: str, off: str) -> None:
        """Toggle a mark of the current article, and say which way it went (on, off)."""
        path = self.current_path
        if path is not None and self.state is not None:
            now_on = toggle(self.state, path)
            self.article_list.refresh()
            self.notify(on if now_on else off, timeout=1.5)

    def mark_all_read(self) -> None:
        """Mark every article the list shows as read."""
        if self.state is not None:
            self._mark_all_read(self.state, [s.path for s in self.article_list.summaries])

    @work(thread=True, group="marks")
    def _mark_all_read(self, state: ReadingState, paths: list[str]) -> None:
        state.mark_all_read(paths)  # hashes each file, so off the UI thread
        self.post_message(self.MarkedRead(len(paths)))

    @on(MarkedRead)
    def _marked_read(self, message: MarkedRead) -> None:
        message.stop()
        self.article_list.refresh()
        count = message.count
        self.notify(f"Marked {count:,} article{'s' if count != 1 else ''} read", timeout=2)
