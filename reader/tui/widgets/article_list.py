"""The article list: draws only the visible rows (line API), so 100,000 articles cost nothing.

A row is an article's summary (title, meta line) or, while searching, a ResultRow: the summary
and the SearchHit that found it, whose snippet is drawn as a third line with its matched words
in the `article-list--match` style."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple, Protocol

from rich.style import Style
from rich.text import Text
from textual import events
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from reader.core.article import ArticleSummary, reading_minutes
from reader.core.dates import day_label
from reader.search.results import SearchHit
from reader.tui.key_table import LIST, bindings
from reader.tui.widgets.row_lines import (
    LineKey,
    Palette,
    RowLines,
    text_line,
)

RESULT_ROW_LINES = 3  # a search result's lines: title, meta, snippet (an article's: 2)


class ResultRow(NamedTuple):
    """A search result in the list: the article's summary and the hit that found it. A pair,
    so the list's orders sort it by its summary as they sort any (summary, extra) pair."""

    summary: ArticleSummary
    hit: SearchHit

    @property
    def path(self) -> str:
        """The article's path, as a summary's (so any row is found by its path)."""
        return self.summary.path


Row = ArticleSummary | ResultRow


class Marks(Protocol):
    """What the list asks of the reading state to draw a row."""

    def is_read(self, path: str) -> bool: ...

    def is_starred(self, path: str) -> bool: ...

    def progress(self, path: str) -> int: ...


def progress_note(percent: int) -> str:
    """How far an article left partway was read ("37% read"); nothing at its start or end."""
    return f"{percent}% read" if 0 < percent < 100 else ""


class TagsOf(Protocol):
    """What the list asks of the tags to draw a row."""

    def of(self, path: str) -> frozenset[str]: ...


@lru_cache(maxsize=4096)
def format_date(timestamp: float, *, stated: bool = True) -> str:
    """A short, unambiguous date for the list and the article header. A date the article
    does not state is its file's time, said as such ("saved 7 Dec 2026"): never shown as if
    the article were of that day (a sample article's file has the day it was installed)."""
    return day_label(timestamp, stated=stated) or "no date"


def format_length(words: int) -> str:
    """Words and minutes to read, short."""
    if words <= 0:
        return "empty"
    return f"{words:,} words · {reading_minutes(words)} min"


def format_tags(tags: Iterable[str]) -> str:
    """An article's tags, short: '#kyiv #war'."""
    return " ".join(f"#{tag}" for tag in sorted(tags))


def _summary_of(row: Row) -> ArticleSummary:
    return row.summary if isinstance(row, ResultRow) else row


NOT_KNOWN = "…"  # a row's figures before its article is read: never a guess


def meta_line(summary: ArticleSummary) -> str:
    """The dim second line of a row: source, date, length (or why the file is unreadable);
    of a provisional summary, not known yet."""
    if summary.error:
        return f"unreadable: {summary.error}"
    if summary.provisional:
        return NOT_KNOWN
    parts = [summary.source] if summary.source else []
    parts += [format_date(summary.date, stated=summary.date_stated)]
    parts.append(format_length(summary.words))
    return " · ".join(parts)


class ArticleList(ScrollView, can_focus=True):
    """Rows of (title, meta[, snippet]) over a plain sequence of summaries or search results."""

    BINDINGS = bindings(LIST)

    COMPONENT_CLASSES = {
        "article-list--title",
        "article-list--title-read",
        "article-list--unread-mark",
        "article-list--star",
        "article-list--meta",
        "article-list--progress",
        "article-list--snippet",
        "article-list--match",
        "article-list--cursor",
        "article-list--cursor-blurred",
        "article-list--unreadable",
        "article-list--empty",
    }

    DEFAULT_CSS = """
    ArticleList {
        overflow-x: hidden;
    }
    """

    cursor: reactive[int] = reactive(0, always_update=True, init=False)

    @dataclass
    class ArticleMessage(Message):
        """Something happened to the article in one row of the list."""

        article_list: ArticleList
        summary: ArticleSummary

        @property
        def control(self) -> ArticleList:
            return self.article_list

    class Highlighted(ArticleMessage):
        """The cursor moved to an article."""

    class Chosen(ArticleMessage):
        """The user chose to read an article (Enter, l, double click)."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._rows: Sequence[Row] = ()
        self._row_height = 2
        self.empty_text = "No articles."
        self._last_posted: str | None = None
        self.marks: Marks | None = None  # the reading state, set by the app
        self.tags: TagsOf | None = None  # the tags, shown dimly after the meta line
        self.highlighted: Callable[[str], int] | None = None  # how many highlights an article has
        self._drawing: Palette | None = None  # the styles and width, while lines are drawn
        self._lines = RowLines()

    # --- data -------------------------------------------------------------------------------

    @property
    def summaries(self) -> Sequence[ArticleSummary]:
        """The articles of the rows shown, in order."""
        return [_summary_of(row) for row in self._rows]

    @property
    def current(self) -> ArticleSummary | None:
        """The summary under the cursor."""
        if 0 <= self.cursor < len(self._rows):
            return _summary_of(self._rows[self.cursor])
        return None

    @property
    def cursor_on_screen(self) -> int:
        """Where the cursor's row is drawn: how many rows below the top of the list."""
        return self.cursor - round(self.scroll_y) // self._row_height

    @property
    def results_on_screen(self) -> int | None:
        """How many search results the list shows at once (one cut off at the bottom counts);
        None before it is laid out."""
        height = self.scrollable_content_region.height
        return -(-height // RESULT_ROW_LINES) if height > 0 else None

    def set_rows(
        self,
        rows: Sequence[Row],
        *,
        path: str | None = None,
        empty_text: str = "No articles.",
        on_screen: int | None = None,
    ) -> None:
        """Show these rows (of search results: with their snippet line), the cursor on the
        article at path (or on the first row), from the top of the list; or with `on_screen`
        (the same list, changed, or the one left last time), scrolled so the cursor's row is
        drawn that many rows down, and its article announced only when it is another than
        before."""
        self._rows = rows
        self._row_height = RESULT_ROW_LINES if rows and isinstance(rows[0], ResultRow) else 2
        self.empty_text = empty_text
        if on_screen is None or not rows:
            self._last_posted = None
        self._update_virtual_size()
        cursor = (self.index_of(path) or 0) if path is not None else 0
        top = max(0, cursor - on_screen) * self._row_height if on_screen is not None else 0
        self.scroll_to(y=top, animate=False, immediate=True, force=True)
        self.cursor = cursor
        self.refresh()

    def index_of(self, path: str) -> int | None:
        """The row of the article at path, if shown."""
        return next((n for n, row in enumerate(self._rows) if row.path == path), None)

    def _update_virtual_size(self) -> None:
        self.virtual_size = Size(self.size.width, len(self._rows) * self._row_height)

    def on_resize(self, event: events.Resize) -> None:
        self._update_virtual_size()
        self._scroll_cursor_into_view()

    # --- cursor -----------------------------------------------------------------------------

    def watch_cursor(self, old: int, new: int) -> None:
        self._scroll_cursor_into_view()
        self.refresh()
        summary = self.current
        if summary is not None and summary.path != self._last_posted:
            self._last_posted = summary.path
            self.post_message(self.Highlighted(self, summary))

    def _scroll_cursor_into_view(self) -> None:
        if not self._rows:
            return
        region = Region(0, self.cursor * self._row_height, 1, self._row_height)
        self.scroll_to_region(region, animate=False, immediate=True, force=True)

    def _move(self, to: int) -> None:
        if self._rows:
            self.cursor = max(0, min(to, len(self._rows) - 1))

    def _page_rows(self) -> int:
        return max(1, self.scrollable_content_region.height // self._row_height)

    def action_cursor_down(self) -> None:
        self._move(self.cursor + 1)

    def action_cursor_up(self) -> None:
        self._move(self.cursor - 1)

    def action_first(self) -> None:
        self._move(0)

    def action_last(self) -> None:
        self._move(len(self._rows) - 1)

    def action_page_down(self) -> None:
        self._move(self.cursor + self._page_rows())

    def action_page_up(self) -> None:
        self._move(self.cursor - self._page_rows())

    def action_choose(self) -> None:
        summary = self.current
        if summary is not None:
            self.post_message(self.Chosen(self, summary))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or not self._rows:
            return
        row = (offset.y + round(self.scroll_y)) // self._row_height
        if 0 <= row < len(self._rows):
            self.cursor = row
            if event.chain >= 2:
                self.action_choose()

    # --- drawing ----------------------------------------------------------------------------

    def render_lines(self, crop: Region) -> list[Strip]:
        # The list's styles and width worked out once for the lines drawn now, not at each line:
        # rich_style walks every ancestor (a third of drawing a screenful of results).
        self._drawing = self._palette()
        try:
            return super().render_lines(crop)
        finally:
            self._drawing = None

    def _palette(self) -> Palette:
        component = self.get_component_rich_style
        # The cursor row's style, laid over each segment's own (whose background would
        # otherwise hide it): the stylesheet's, with its background blended as Textual does;
        # and the row's ink, for a glyph of the background's colour.
        name = "article-list--cursor" if self.has_focus else "article-list--cursor-blurred"
        blended = component(name)
        return Palette(
            base=self.rich_style,
            width=self.scrollable_content_region.width,
            star=component("article-list--star"),
            unread_mark=component("article-list--unread-mark"),
            title=component("article-list--title"),
            title_read=component("article-list--title-read"),
            unreadable=component("article-list--unreadable"),
            meta=component("article-list--meta"),
            progress=component("article-list--progress"),
            snippet=component("article-list--snippet"),
            match=component("article-list--match", partial=True),
            cursor=component(name, partial=True) + Style(bgcolor=blended.bgcolor),
            ink=blended.color,
        )

    def render_line(self, y: int) -> Strip:
        palette = self._drawing or self._palette()
        base, width = palette.base, palette.width
        if not self._rows:
            style = self.get_component_rich_style("article-list--empty")
            lines = Text(self.empty_text, style=style).wrap(self.app.console, max(1, width - 2))
            if 1 <= y <= len(lines):
                return text_line(Text(" ") + lines[y - 1], self.app.console, width, base)
            return Strip.blank(width, base)
        absolute = y + round(self.scroll_y)
        row, line = divmod(absolute, self._row_height)
        if row >= len(self._rows):
            return Strip.blank(width, base)
        shown = self._rows[row]
        summary = _summary_of(shown)
        key: LineKey
        if line == 0:
            read = self.marks.is_read(summary.path) if self.marks else False
            starred = self.marks.is_starred(summary.path) if self.marks else False
            name = "unreadable" if summary.error else "title_read" if read else "title"
            key = (0, summary.title or "Untitled", name, read, starred)
        elif line == 1:
            # How far it was read, then its tags, first: where a narrow list still shows them
            # (tags are text: never markup).
            note = progress_note(self.marks.progress(summary.path)) if self.marks else ""
            tags = self.tags.of(summary.path) if self.tags is not None else None
            meta = f"{format_tags(tags)} · {meta_line(summary)}" if tags else meta_line(summary)
            kept = self.highlighted(summary.path) if self.highlighted is not None else 0
            key = (1, kept, note, meta)
        elif isinstance(shown, ResultRow):
            key = (2, shown.hit.snippet, shown.hit.snippet_spans)
        else:
            key = (2,)
        return self._lines.line((*key, row == self.cursor), palette, self.app.console)

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()
