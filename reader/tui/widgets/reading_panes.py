"""The two panes side by side: the article list, and the article it opens.

An article asked for is read in a worker and the newest request wins; it is shown at the line
where it was left (or at its first search match) and remembered as the last one selected, with
how far it was read. Its marks (read, starred) are set here too, and its file is opened in the
user's editor at the line being read. The screen sets what the panes need to know: the reading
state, and the search terms to mark.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.strip import Strip

from reader.core.article import Article, load_article
from reader.core.locate import Spot, line_in_file
from reader.core.state import ReadingState
from reader.core.tags import Tags
from reader.tui import external
from reader.tui.widgets.article_layout import char_index
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
    class LineFound(Message):
        """A worker found the line of the file to open the editor at (None: not found)."""

        editor: list[str]
        path: str
        line: int | None

    def __init__(self, *, mark_read_on_open: bool, id: str | None = None) -> None:
        super().__init__(id=id)
        self.mark_read_on_open = mark_read_on_open
        self.state: ReadingState | None = None  # marks and positions, once the scan opened it
        self.tags: Tags | None = None  # the articles' tags, once the scan opened them
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
        self.article_view.tags = self._tags_of(path)
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
        if view.matches:
            return  # at a search match, not where it was being read
        progress = view.progress()
        if self.state.position(path) != line:
            self.state.set_position(path, line)
        if progress is not None and self.state.progress(path) != progress:
            self.state.set_progress(path, progress)
            self.article_list.refresh()

    # --- the file in the editor ---------------------------------------------------------------

    def edit(self) -> None:
        """Open the current article's file in $VISUAL or $EDITOR, at the line of the current
        search match (or of the top of the screen); say so when no editor is set."""
        editor = external.editor()
        if editor is None:
            self.post_message(ArticleView.Notice(external.NO_EDITOR))
            return
        path = self.current_path
        if path is None:
            return
        view = self.article_view
        lines, places = view.place() if view.article is not None else ([], [])
        if view.article is None or str(view.article.path) != path:
            places = []
        self._find_line(editor, path, lines, places)

    @work(thread=True, exclusive=True, group="edit")
    def _find_line(
        self, editor: list[str], path: str, lines: list[Strip], places: list[tuple[int, int]]
    ) -> None:
        """Find the line of the file at the place shown (reads the file, so off the UI thread)."""
        spots = []
        for line, cell in places:
            text = lines[line].text
            spots.append(Spot(text, char_index(text, cell)))
        found = line_in_file(Path(path), spots) if spots else None
        self.post_message(self.LineFound(editor, path, found))

    @on(LineFound)
    def _line_found(self, message: LineFound) -> None:
        message.stop()
        problem = external.edit(self.app, message.editor, message.path, message.line)
        if problem:
            self.post_message(ArticleView.Notice(problem))

    # --- marks ------------------------------------------------------------------------------

    def _tags_of(self, path: Path | None) -> tuple[str, ...]:
        if self.tags is None or path is None:
            return ()
        return tuple(sorted(self.tags.of(str(path))))

    def show_tags(self) -> None:
        """Show the tags as they are now: in the list's rows and the open article."""
        self.article_list.refresh()
        article = self.article_view.article
        self.article_view.set_tags(self._tags_of(article.path if article else None))

    def toggle(self, toggle: Callable[[ReadingState, str], bool], on: str, off: str) -> None:
        """Toggle a mark of the current article, and say which way it went (on, off)."""
        path = self.current_path
        if path is not None and self.state is not None:
            now_on = toggle(self.state, path)
            self.article_list.refresh()
            self.notify(on if now_on else off, timeout=1.5)
