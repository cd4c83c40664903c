"""The article view: the open article laid out for reading (article_layout.py), its search matches
marked and stepped through, its headings to jump to, only its matching paragraphs (view_rows)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rich.text import Text
from textual import events, on, work
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.theme import Theme
from textual.worker import get_current_worker

from reader.core.article import Article
from reader.core.highlight_store import Highlight
from reader.tui.key_table import ARTICLE, bindings
from reader.tui.widgets.article_headings import HeadingJumps
from reader.tui.widgets.article_layout import (
    BLANK,
    GAP,
    MARGIN,
    Heading,
    Layout,
    LayoutCancelled,
    Match,
    Styles,
    restyle,
)
from reader.tui.widgets.reading_cursor import ReadingCursor
from reader.tui.widgets.text_strip import text_strip
from reader.tui.widgets.view_rows import (
    ViewRows,
    counter,
    place_of,
    progress_of,
)

MAX_READING_WIDTH = 78
BACKGROUND_LAYOUT_BYTES = 200_000  # bigger articles are laid out in a worker thread
GAP_MARK = "⋯"  # where an excerpt leaves paragraphs out


class ArticleView(ScrollView, can_focus=True):
    """The open article, laid out to the pane's width (capped for comfortable reading)."""

    BINDINGS = bindings(ARTICLE)

    COMPONENT_CLASSES = {
        "article-view--title",
        "article-view--meta",
        "article-view--body",
        "article-view--caption",
        "article-view--heading",
        "article-view--code",
        "article-view--notice",
        "article-view--match",
        "article-view--match-current",
        "article-view--context",
        "article-view--highlight",
        "article-view--cursor",
    }

    DEFAULT_CSS = """
    ArticleView {
        overflow-x: hidden;
        scrollbar-gutter: stable;  /* the text column's width never depends on the scrollbar */
    }
    """

    @dataclass
    class LaidOut(Message):
        """A worker finished laying out a big article."""

        layout: Layout

    class NoMatchToGoTo(Message):
        """n or N was pressed while the article has no search match: the screen says why."""

    @dataclass
    class Notice(Message):
        """Something to say in the status line about the article (a heading reached, none to
        go to); None: what was said no longer holds (another article, back from the editor)."""

        text: Text | str | None

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.article: Article | None = None
        self.terms: frozenset[str] = frozenset()
        self.tags: tuple[str, ...] = ()  # the article's tags, in its metadata line
        self.matches: list[Match] = []
        self.match_index = -1
        self._lines: list[Strip] = []
        # (width, terms, tags) of _lines
        self._laid_out: tuple[int, frozenset[str], tuple[str, ...]] | None = None
        self._by_line: dict[int, list[int]] = {}
        self._fresh = True  # the next layout is of a newly shown article: go to its start
        self._start_line = 0  # where reading resumes in a newly shown article
        self.placeholder = "Select an article to read it."
        self.max_reading_width = MAX_READING_WIDTH  # the text column's cap (a setting)
        self.headings: list[Heading] = []
        self.only_matching = False  # show only the matching paragraphs (while searching)
        self._laid: Layout | None = None  # what _lines, matches and headings come from
        self._rows = ViewRows()  # which line each row shows
        self.heading_jumps = HeadingJumps(self)  # [ ] and c
        self.cursor = ReadingCursor()  # the reading cursor, the selection, the highlights
        self.go_to_highlight: str | None = None  # where to put the cursor in the next opened
        self.highlights_of: Callable[[str], Sequence[Highlight]] | None = None  # (the store's)

    # --- content ----------------------------------------------------------------------------

    def show(
        self, article: Article | None, terms: frozenset[str] = frozenset(), position: int = 0
    ) -> None:
        """Show an article: at its first match when terms are given, else at position. The
        article already shown, with the same terms (the search answered again, the file
        changed), stays where it is read, at the same match."""
        same = (
            article is not None and self.article is not None and article.path == self.article.path
        )
        new_terms, self.article, self.terms = terms != self.terms, article, terms
        if not terms:
            self.only_matching = False  # the search is over
        self._laid_out = None
        # (a fresh start still waiting for its layout stays one)
        self._fresh = self._fresh or not same or (bool(terms) and new_terms)
        self._start_line = position
        self.cursor.show(article, self._highlights(article))
        if not same:
            self._lines, self.matches, self._by_line = [], [], {}
            self.headings, self._laid, self._rows = [], None, ViewRows()
        self._layout()

    def set_terms(self, terms: frozenset[str]) -> None:
        """Mark these search terms in the article already shown."""
        if terms != self.terms:
            self.show(self.article, terms)

    def set_tags(self, tags: tuple[str, ...]) -> None:
        """Show these tags in the metadata line of the article shown (kept where it is)."""
        if tags != self.tags:
            self.tags = tags
            self._layout()

    def _styles(self) -> Styles:
        return Styles.of(self.get_component_rich_style)

    def reading_width(self) -> int:
        """The width of the text column."""
        available = self.scrollable_content_region.width - 2 * MARGIN
        return max(10, min(available, self.max_reading_width))

    def _layout(self) -> None:
        """Lay the article out for the current width: here if small, in a worker if big."""
        width = self.reading_width()
        if self._laid_out == (width, self.terms, self.tags):
            return
        self._laid_out = (width, self.terms, self.tags)
        if self.article is None or self.article.size <= BACKGROUND_LAYOUT_BYTES:
            self.workers.cancel_group(self, "layout")  # a big one's, on its way, is given up
        if self.article is None:
            self._apply(Layout(None, width, self.terms, [], []))
        elif self.article.size > BACKGROUND_LAYOUT_BYTES:
            self.border_subtitle = "laying out…"
            self._layout_in_background(self.article, width, self.terms, self._styles(), self.tags)
        else:
            self._apply(
                Layout.build(
                    self.article, width, self.app.console, self._styles(), self.terms, self.tags
                )
            )

    @work(thread=True, exclusive=True, group="layout")
    def _layout_in_background(
        self,
        article: Article,
        width: int,
        terms: frozenset[str],
        styles: Styles,
        tags: tuple[str, ...],
    ) -> None:
        # Cancelled when another layout is asked for, or the app quits: it stops at once.
        worker = get_current_worker()
        try:
            layout = Layout.build(
                article, width, self.app.console, styles, terms, tags, lambda: worker.is_cancelled
            )
        except LayoutCancelled:
            return
        self.post_message(self.LaidOut(layout))

    @on(LaidOut)
    def _laid_out_message(self, message: LaidOut) -> None:
        message.stop()
        layout = message.layout
        laid_out = (layout.width, layout.terms, layout.tags)
        if layout.article is self.article and self._laid_out == laid_out:
            self._apply(layout)

    def _apply(self, layout: Layout) -> None:
        self._laid = layout
        self._lines = layout.lines
        self.matches = layout.matches
        self.headings = layout.headings
        self.heading_jumps.last = None
        self._by_line = layout.by_line
        self.cursor.laid_out(layout.lines, layout.body, layout.parts)
        self._set_rows()
        go_to = self.cursor.spans.get(self.go_to_highlight or "") if self._fresh else None
        if self._fresh:
            self._fresh = False
            self.go_to_highlight = None
            start = 0 if self.matches else min(self._start_line, len(self._lines))
            # force: the scrollbars do not know the new virtual size yet
            self.scroll_to(y=start, animate=False, immediate=True, force=True)
            self.match_index = 0 if self.matches else -1
        elif self.match_index >= len(self.matches):
            self.match_index = len(self.matches) - 1
        if self.matches and self.match_index >= 0:
            self._scroll_to_match()
        if go_to is not None:
            self.bring_into_view(self.cursor.go_to(go_to))
        self._update_counter()
        self.refresh()

    def _highlights(self, article: Article | None) -> Sequence[Highlight]:
        if article is None or article.path is None or self.highlights_of is None:
            return ()
        return self.highlights_of(str(article.path))

    def show_highlights(self) -> None:
        """Draw the article's highlights as they are now (placed on its text as it is)."""
        self.cursor.set_highlights(self._highlights(self.article))
        self.refresh()

    def on_resize(self, event: events.Resize) -> None:
        self._layout()

    def on_mount(self) -> None:
        # The laid-out lines carry the theme's colours: a new theme lays them out again.
        self.app.theme_changed_signal.subscribe(self, self._theme_changed)

    def _theme_changed(self, theme: Theme) -> None:
        self._laid_out = None
        self._layout()

    # --- matches ----------------------------------------------------------------------------

    def _update_counter(self) -> None:
        searching = bool(self.terms) and self.article is not None
        more, at = self._laid is not None and self._laid.more_matches, self.match_index
        self.border_subtitle = counter(self._rows.excerpt, self.matches, at, searching, more)

    def _scroll_to_match(self) -> None:
        self.bring_into_view(self.matches[self.match_index].line)

    def top_line(self) -> int:
        """The line at the top of the view."""
        return self._rows.line_at(round(self.scroll_y))

    def bring_into_view(self, line: int | None) -> None:
        """Bring a line (a match, the reading cursor) into view: left alone when already well
        inside it; the view is drawn anew."""
        self.refresh()
        if line is None:
            return
        row = self._rows.row_of(line)
        height = self.scrollable_content_region.height
        top = round(self.scroll_y)
        if top <= row < top + height - 2:
            return
        region = Region(0, max(0, row - height // 3), 1, max(1, height // 3 + 1))
        self.scroll_to_region(region, animate=False, immediate=True, force=True, top=True)

    def action_next_match(self) -> None:
        self._step_match(1)

    def action_previous_match(self) -> None:
        self._step_match(-1)

    def _step_match(self, step: int) -> None:
        """The next (step 1) or previous (-1) match, round the article; said when none."""
        if not self.matches:
            self.post_message(self.NoMatchToGoTo())
            return
        self.match_index = (self.match_index + step) % len(self.matches)
        self._scroll_to_match()
        self._update_counter()
        self.refresh()

    # --- only the matching paragraphs ------------------------------------------------------

    def _set_rows(self) -> None:
        """The rows shown: every line, or the excerpt of the matching paragraphs."""
        layout = self._laid
        self._rows = ViewRows(layout, only_matching=self.only_matching)
        width = layout.width if layout is not None else self.reading_width()
        self.virtual_size = Size(width + 2 * MARGIN, self._rows.height(len(self._lines)) + 1)

    def _anchor(self) -> tuple[int, int]:
        """The line to keep in place when the view changes, and its row on screen: the current
        match when it is in sight, else the line at the top."""
        at = self.match_index
        current = self.matches[at].line if self.matches and at >= 0 else None
        return self._rows.anchor(
            round(self.scroll_y), self.scrollable_content_region.height, current
        )

    def _scroll_to_row(self, row: int) -> None:
        self.scroll_to(y=max(0, row), animate=False, immediate=True, force=True)

    def _laying_out(self) -> bool:
        """Whether a big article is still being laid out (its headings and paragraphs are not
        known yet); the status line then says so."""
        if self.article is None or (self._laid is not None and self._laid.article is self.article):
            return False
        self.post_message(self.Notice("The article is still being laid out…"))
        return True

    def toggle_only_matching(self) -> None:
        """Show only the paragraphs with a search match (their neighbours dimmed), or the whole
        article again, at the same place."""
        if self.article is None or self._laying_out():
            return
        if not self.matches and self._rows.excerpt is None:
            self.only_matching = False
            self.post_message(self.NoMatchToGoTo())
            return
        line, on_screen = self._anchor()
        self.only_matching = self._rows.excerpt is None
        self._set_rows()
        self.heading_jumps.last = None
        self._scroll_to_row(self._rows.row_of(line) - on_screen)
        self._update_counter()
        self.refresh()

    # --- where the reader is ----------------------------------------------------------------

    def progress(self) -> int | None:
        """How far the article has been scrolled, in percent: 0 at its top, 100 at its end;
        None when it fits on the screen (or only its matching paragraphs are shown)."""
        if self.article is None or self._rows.excerpt is not None:
            return None
        return progress_of(round(self.scroll_y), round(self.max_scroll_y))

    def place(self) -> tuple[list[Strip], list[tuple[int, int]]]:
        """Where the reader is, for opening the file there: the lines, and (line, cell) of
        every match up to the current one; with no match, the start of every line with text
        up to the top of the screen (the earlier ones tell the same words apart)."""
        top = self._rows.line_at(round(self.scroll_y))
        body = self._laid.body if self._laid is not None else 0
        current = self.matches[: self.match_index + 1] if self.match_index >= 0 else []
        return self._lines, place_of(self._lines, current, top, body)

    def action_page_down(self) -> None:
        self.scroll_page_down(animate=False)

    def action_page_up(self) -> None:
        self.scroll_page_up(animate=False)

    def action_scroll_down(self) -> None:
        self.scroll_relative(y=1, animate=False)

    def action_scroll_up(self) -> None:
        self.scroll_relative(y=-1, animate=False)

    def action_scroll_home(self) -> None:
        self.scroll_home(animate=False)

    def action_scroll_end(self) -> None:
        self.scroll_end(animate=False)

    # --- the mouse: a click puts the reading cursor on a sentence, a drag selects -------------

    def on_mouse_down(self, event: events.MouseDown) -> None:
        self._pointed(event, extend=False)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        if event.button == 1:
            self._pointed(event, extend=True)

    def _pointed(self, event: events.MouseEvent, *, extend: bool) -> None:
        at = event.get_content_offset(self)
        if self.article is None or self._rows.excerpt is not None or at is None:
            return
        line = self._rows.line_at(at.y + round(self.scroll_y))
        if self.cursor.click(line, at.x - MARGIN, extend=extend):
            self.post_message(self.Notice(self.cursor.said()))
            self.refresh()

    # --- drawing ----------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        number = y + round(self.scroll_y)
        excerpt = self._rows.excerpt
        if excerpt is not None and self.article is not None:
            if number >= len(excerpt.rows) or excerpt.rows[number] == BLANK:
                return Strip.blank(width, base)
            if excerpt.rows[number] == GAP:
                style = self.get_component_rich_style("article-view--context")
                strip = text_strip(Text(" " * MARGIN + GAP_MARK, style=style), self.app.console)
                return strip.apply_style(base).crop_extend(0, width, base)
            number = excerpt.rows[number]
        if self.article is None:
            if y == 1:
                text = Text(
                    " " * MARGIN + self.placeholder,
                    style=self.get_component_rich_style("article-view--notice"),
                )
                strip = text_strip(text, self.app.console)
                return strip.apply_style(base).adjust_cell_length(width, base)
            return Strip.blank(width, base)
        if number >= len(self._lines):
            return Strip.blank(width, base)
        strip = self._lines[number]
        # a highlight's tint under the search's matches, the reading cursor over both
        layers = [("article-view--highlight", self.cursor.highlighted_on(number))]
        for n in self._by_line.get(number, ()):
            name = "article-view--match-current" if n == self.match_index else "article-view--match"
            layers.append((name, self.matches[n].cells_on(number)))
        layers.append(("article-view--cursor", self.cursor.selected_on(number)))
        for name, cells in layers:
            for start, end in cells:
                strip = restyle(strip, start, end, self.get_component_rich_style(name))
        if excerpt is not None and number in excerpt.dimmed:
            context = self.get_component_rich_style("article-view--context", partial=True)
            strip = restyle(strip, 0, strip.cell_length, context)
        strip = Strip.join([Strip.blank(MARGIN), strip])
        return strip.apply_style(base).crop_extend(0, width, base)
