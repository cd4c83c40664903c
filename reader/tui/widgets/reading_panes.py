"""The two panes side by side: the article list, and the article it opens.

An article asked for is read in a worker and the newest request wins; it is shown at the line
where it was left (or at its first search match) and remembered as the last one selected, with
how far it was read. Its marks (read, starred) are set here too, and its file is opened in the
user's editor at the line being read. The screen sets what the panes need to know: the reading
state, and the search terms to mark.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from enum import Enum
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
from reader.tui.widgets.article_layout import SHOWN_BLOCKS, SHOWN_CHARS, char_index
from reader.tui.widgets.article_list import ArticleList
from reader.tui.widgets.article_view import ArticleView

FILE_RELOADED = "The article changed on disk: reloaded"
FILE_DELETED = "The article's file was deleted: it shows as it was"


class Why(Enum):
    """Why an article is on the right: only one opened to read has its place remembered."""

    PREVIEW = "preview"  # a row highlighted, a search's result shown
    READING = "reading"  # opened (Enter, l, a double click), or the article pane entered


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
        self._opening_why = Why.PREVIEW  # and why it was
        self.why = Why.PREVIEW  # why the article shown is there
        self._reloading = 0  # the generation that reads the article shown again (changed)
        self.file_note: str | None = None  # what became of the shown article's file (deleted)
        self._put_off: Callable[[bool], None] | None = None  # a preview's wait: anew, or over
        self._busy: Callable[[], bool] = bool  # while true, a preview due waits on

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
    def shown(self) -> tuple[str, Why] | None:
        """The article shown, and why (opened to read, or previewed)."""
        article = self.article_view.article
        if article is None or article.path is None:
            return None
        return str(article.path), self.why

    @property
    def reading_path(self) -> str | None:
        """The article being read: the one on its way to be read, else the one shown."""
        if self._opening is not None and self._opening_why is Why.READING:
            return self._opening
        shown = self.shown
        return shown[0] if shown is not None else None

    # --- reading ----------------------------------------------------------------------------

    def read(self, path: str) -> None:
        """Open the article at path to read it (and mark it read, as the settings say): its
        place is remembered from now on."""
        shown = self.shown
        if shown is not None and shown[0] == path and self._opening is None:
            self.why = Why.READING  # already on the screen: now read, not previewed
        else:
            self._open(path, Why.READING)
        if self.state is not None and self.mark_read_on_open:
            self.state.set_read(path)
            self.article_list.refresh()

    def preview(self, path: str, *, delay: float = 0.0) -> None:
        """Show the article at path (after delay seconds, unless another is asked for
        meanwhile) as a preview: it writes no reading place."""
        self._open(path, Why.PREVIEW, delay)

    def entered(self) -> None:
        """The article pane took the keys: what it shows is being read."""
        if self._opening is not None:
            self._opening_why = Why.READING
        elif self.article_view.article is not None:
            self.why = Why.READING

    def _open(self, path: str, why: Why, delay: float = 0.0) -> None:
        """Read the article at path and show it. The article already on its way is not asked
        for again: a preview of the row just chosen would otherwise put it off."""
        if path == self._opening:
            if why is Why.READING:
                self._opening_why = why
                if self._put_off is not None:
                    self._put_off(True)  # a preview still to come: read now, not once due
            return
        self.generation += 1
        self._opening, self._opening_why = path, why
        generation = self.generation
        self._put_off = None
        if not delay:
            self._read(path, generation)
            return

        def preview() -> None:
            if generation != self.generation:
                return
            if self._busy():
                put_off()
                return
            self._put_off = None
            self._read(path, generation)

        timer = self.set_timer(delay, preview, name="preview")

        def put_off(now: bool = False) -> None:
            nonlocal timer
            timer.stop()
            if now:
                self._put_off = None
                self._read(path, generation)
            else:
                timer = self.set_timer(delay, preview, name="preview")

        self._put_off = put_off

    def put_off_preview(self, busy: Callable[[], bool] | None = None) -> None:
        """A key was typed, or its results came: a preview still to come waits its delay
        from now, and then on while busy() (a search under way) says so. While typing goes
        on, the top hit of each key would be laid out in turn, and a preview laid out amid
        the next key's search holds that key up."""
        if busy is not None:
            self._busy = busy
        if self._put_off is not None:
            self._put_off(False)

    def close_article(self) -> None:
        """Show no article (the list no longer shows the one that was open)."""
        self.save_position()
        self.generation += 1  # nor one still on its way
        self._opening, self._put_off = None, None
        self.article_view.placeholder = "No article open."
        self.article_view.show(None)

    def mark_terms(self, terms: frozenset[str]) -> None:
        """Mark a search's words in the article shown. Shown by a search, it is a preview from
        now on: where it was being read is remembered first, and the search's place is not."""
        if terms and self.why is Why.READING:
            self.save_position()
            self.why = Why.PREVIEW
        self.article_view.set_terms(terms)

    def files_changed(self, edited: Collection[str], deleted: Collection[str]) -> None:
        """Files changed on disk: the article shown is read again and kept where it is, or
        said to be gone (it stays on the screen as it was)."""
        shown = self.shown
        if shown is None or self._opening is not None:
            return  # another article is on its way
        if shown[0] in deleted:
            self.file_note = FILE_DELETED
            self.post_message(ArticleView.Notice(FILE_DELETED))
        elif shown[0] in edited:
            self.generation += 1
            self._opening, self._opening_why = shown
            self._reloading = self.generation
            self._read(shown[0], self.generation)

    @work(thread=True, exclusive=True, group="article")
    def _read(self, path: str, generation: int) -> None:
        """Read and parse one article off the UI thread."""
        # a huge file's first part only: what it costs to show is bounded
        article = load_article(Path(path), chars=SHOWN_CHARS, blocks=SHOWN_BLOCKS)
        self.post_message(self.Loaded(article, generation))

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        message.stop()
        if message.generation != self.generation:
            return  # another article was asked for since
        self.save_position()
        self.why, self._opening = self._opening_why, None
        path = message.article.path
        shown = self.article_view.article
        if shown is None or shown.path != path:
            self.post_message(ArticleView.Notice(None))  # said of the article before
        position = self.state.position(str(path)) if self.state and path else 0
        self.article_view.tags = self._tags_of(path)
        self.article_view.show(message.article, self.terms, position)
        if self.state is not None and path is not None:
            self.state.last_selected = str(path)
        self.file_note = None
        if self._reloading == message.generation:
            self.notify(FILE_RELOADED, timeout=3, markup=False)

    def save_position(self) -> None:
        """Remember where the article was being read (a preview writes nothing)."""
        view = self.article_view
        if self.state is None or view.article is None or view.article.path is None:
            return
        if self.why is not Why.READING or view.matches:
            return  # previewed, or at a search match: not where it was being read
        path = str(view.article.path)
        line = round(view.scroll_y)
        progress = view.progress()
        if self.state.position(path) != line:
            self.state.set_position(path, line)
        if progress is not None and self.state.progress(path) != progress:
            self.state.set_progress(path, progress)
            self.article_list.refresh()

    # --- the file in the editor ---------------------------------------------------------------

    def edit(self, path: str) -> None:
        """Open the file of the article at path in $VISUAL or $EDITOR, at the line of the
        current search match (or of the top of the screen) when it is the one shown; say so
        when no editor is set."""
        editor = external.editor()
        if editor is None:
            self.post_message(ArticleView.Notice(external.NO_EDITOR))
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
        # back from the editor: what was said before it (a heading reached) is old news
        self.post_message(ArticleView.Notice(problem or None))

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
