"""The article view: the open article laid out for reading (article_layout.py), with its search
matches marked, scrolled and stepped through."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import events, on, work
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.theme import Theme
from textual.worker import get_current_worker

from reader.core.article import Article
from reader.tui.widgets.article_layout import (
    MARGIN,
    Layout,
    LayoutCancelled,
    Match,
    Styles,
    restyle,
)
from reader.tui.widgets.text_strip import text_strip

MAX_READING_WIDTH = 78
BACKGROUND_LAYOUT_BYTES = 200_000  # bigger articles are laid out in a worker thread


MATCH_KEYS = Binding.Group("Match")  # n and N, one entry in the footer


class ArticleView(ScrollView, can_focus=True):
    """The open article, laid out to the pane's width (capped for comfortable reading)."""

    BINDINGS = [
        Binding("j,down", "scroll_down", "Scroll down", show=False, id="view.down"),
        Binding("k,up", "scroll_up", "Scroll up", show=False, id="view.up"),
        Binding("space,pagedown", "page_down", "Page down", id="view.page_down"),
        Binding("b,pageup", "page_up", "Page up", show=False, id="view.page_up"),
        Binding("g,home", "scroll_home", "Top", show=False, id="view.top"),
        Binding("G,end", "scroll_end", "Bottom", show=False, id="view.bottom"),
        Binding("n", "next_match", "Next match", group=MATCH_KEYS, id="view.next_match"),
        Binding(
            "N", "previous_match", "Previous match", group=MATCH_KEYS, id="view.previous_match"
        ),
    ]

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

    # --- content ----------------------------------------------------------------------------

    def show(
        self, article: Article | None, terms: frozenset[str] = frozenset(), position: int = 0
    ) -> None:
        """Show an article: at its first match when terms are given, else at position."""
        same = (
            article is not None and self.article is not None and article.path == self.article.path
        )
        self.article = article
        self.terms = terms
        self._laid_out = None
        self._fresh = not same or bool(terms)
        self._start_line = position
        if not same:
            self._lines, self.matches, self._by_line = [], [], {}
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
        get = self.get_component_rich_style
        return Styles(
            title=get("article-view--title"),
            meta=get("article-view--meta"),
            body=get("article-view--body"),
            caption=get("article-view--caption"),
            notice=get("article-view--notice"),
            heading=get("article-view--heading"),
            code=get("article-view--code"),
        )

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
        self._lines = layout.lines
        self.matches = layout.matches
        self._by_line = {}
        for n, match in enumerate(self.matches):
            self._by_line.setdefault(match.line, []).append(n)
        self.virtual_size = Size(layout.width + 2 * MARGIN, len(self._lines) + 1)
        if self._fresh:
            self._fresh = False
            start = 0 if self.matches else min(self._start_line, len(self._lines))
            # force: the scrollbars do not know the new virtual size yet
            self.scroll_to(y=start, animate=False, immediate=True, force=True)
            self.match_index = 0 if self.matches else -1
        elif self.match_index >= len(self.matches):
            self.match_index = len(self.matches) - 1
        if self.matches and self.match_index >= 0:
            self._scroll_to_match()
        self._update_counter()
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
        if self.matches:
            self.border_subtitle = f"match {self.match_index + 1}/{len(self.matches)}"
        elif self.terms and self.article is not None:
            self.border_subtitle = "no matches"
        else:
            self.border_subtitle = ""

    def _scroll_to_match(self) -> None:
        """Bring the current match into view: left alone when already well inside it."""
        match = self.matches[self.match_index]
        height = self.scrollable_content_region.height
        top = round(self.scroll_y)
        if top <= match.line < top + height - 2:
            return
        region = Region(0, max(0, match.line - height // 3), 1, max(1, height // 3 + 1))
        self.scroll_to_region(region, animate=False, immediate=True, force=True, top=True)

    def action_next_match(self) -> None:
        if self.matches:
            self.match_index = (self.match_index + 1) % len(self.matches)
            self._scroll_to_match()
            self._update_counter()
            self.refresh()
        else:
            self.post_message(self.NoMatchToGoTo())

    def action_previous_match(self) -> None:
        if self.matches:
            self.match_index = (self.match_index - 1) % len(self.matches)
            self._scroll_to_match()
            self._update_counter()
            self.refresh()
        else:
            self.post_message(self.NoMatchToGoTo())

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

    # --- drawing ----------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        number = y + round(self.scroll_y)
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
        for n in self._by_line.get(number, ()):
            match = self.matches[n]
            name = "article-view--match-current" if n == self.match_index else "article-view--match"
            strip = restyle(strip, match.start, match.end, self.get_component_rich_style(name))
        strip = Strip.join([Strip.blank(MARGIN), strip])
        return strip.apply_style(base).crop_extend(0, width, base)
