"""The article view: the open article laid out for reading, with its search matches marked."""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len, chop_cells
from rich.console import Console
from rich.markdown import Markdown
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events, on, work
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.theme import Theme

from reader.core.article import Article
from reader.search.index import highlight_spans
from reader.tui.widgets.article_list import format_date, format_length
from reader.tui.widgets.text_strip import text_strip

MAX_READING_WIDTH = 78
BACKGROUND_LAYOUT_BYTES = 200_000  # bigger articles are laid out in a worker thread
MARGIN = 2
CODE_INDENT = 4  # preformatted text sits this far in from the text column
CODE_HANG = 2  # and a line too long for the column goes on below, this much further in
FIELD_MAX_CHARS = 60  # a header field's value is cut short after this many characters
BYLINE_NAMES = 3  # more authors than this read "A, B and 9 others"


@dataclass(frozen=True, slots=True)
class Match:
    """One highlighted word on screen: its line and its cell range."""

    line: int
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Styles:
    """The rich styles the layout uses, taken from the stylesheet."""

    title: Style
    meta: Style
    body: Style
    caption: Style
    notice: Style
    heading: Style = Style(bold=True)
    code: Style = Style()


def short_byline(byline: str) -> str:
    """The authors, at most BYLINE_NAMES of them by name: "A, B and 9 others"."""
    names = byline.split(", ")
    if len(names) <= BYLINE_NAMES:
        return byline
    return f"{', '.join(names[:2])} and {len(names) - 2} others"


def _short(text: str, limit: int) -> str:
    """Text cut after a whole word to at most limit characters, "…" marking the cut."""
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit - 1)
    if cut > limit // 2:
        return text[:cut].rstrip(" ,;") + " …"
    return text[: max(1, limit - 1)] + "…"


def joined_lines(items: list[str], width: int) -> list[str]:
    """Items joined by " · " into lines of at most width cells, broken between items."""
    lines: list[str] = []
    for item in items:
        if lines and cell_len(lines[-1]) + 3 + cell_len(item) <= width:
            lines[-1] += " · " + item
        else:
            lines.append(item)
    return lines


def code_lines(text: str, width: int) -> list[str]:
    """Preformatted text in a column of width cells: each line as written, set in by
    CODE_INDENT; a line too long for the column goes on below it, set in further (CODE_HANG
    past its own indentation), never reflowed into its neighbours."""
    indent = CODE_INDENT if width >= 40 else 1
    room = max(1, width - indent)
    out: list[str] = []
    for line in text.split("\n"):
        if cell_len(line) <= room:
            out.append(" " * indent + line if line else "")
            continue
        own = len(line) - len(line.lstrip(" "))
        hang = min(own + CODE_HANG, room // 2)
        first, *_ = chop_cells(line, room)
        out.append(" " * indent + first)
        for part in chop_cells(line[len(first) :].lstrip(" "), max(1, room - hang)):
            out.append(" " * (indent + hang) + part)
    return out


def layout_article(article: Article, width: int, console: Console, styles: Styles) -> list[Strip]:
    """The article as lines of the given width: title, metadata, header, and the blocks:
    paragraphs reflowed, headings, preformatted text as written, lists, captions."""
    lines: list[Strip] = []
    options = console.options.update(width=width, height=None, no_wrap=False, overflow="fold")

    def add(text: Text, room: int = width, prefix: Text | None = None, hang: int = 0) -> None:
        text.end = ""
        for n, line in enumerate(text.wrap(console, room, overflow="fold")):
            line.rstrip()
            if prefix is not None:
                line = (prefix if n == 0 else Text(" " * hang)) + line
            lines.append(text_strip(line, console))

    def blank() -> None:
        lines.append(Strip([]))

    add(Text(article.title, style=styles.title))
    meta = [short_byline(article.byline)] if article.byline else []
    if article.source:
        meta.append(article.source)
    if article.date is not None:
        meta.append(format_date(article.date.timestamp()))
    meta.append(format_length(article.word_count) + " read" if article.word_count else "empty")
    fields = [
        _short(f"{key}: {value}", min(width, len(key) + 2 + FIELD_MAX_CHARS))
        for key, value in article.header
    ]
    for items in (meta, fields):
        for line in joined_lines(items, width):
            add(Text(line, style=styles.meta))
    blank()
    if article.error:
        add(Text(f"This file cannot be shown: {article.error}.", style=styles.notice))
        return lines
    if article.markdown is not None:
        for segments in console.render_lines(Markdown(article.markdown), options, pad=False):
            strip = Strip(segments)
            lines.append(strip.crop(0, width))
        return lines
    if not article.blocks:
        add(Text("This article has no text beyond its title.", style=styles.notice))
    for block in article.blocks:
        if block.kind == "caption":
            add(Text.assemble(("▏ ", styles.caption), Text(block.text, style=styles.caption)))
        elif block.kind == "heading":
            add(Text(block.text, style=styles.heading))
        elif block.kind == "code":
            for line in code_lines(block.text, width):
                lines.append(text_strip(Text(line, style=styles.code), console))
        elif block.kind == "list":
            for item in block.text.split("\n"):
                nest = len(item) - len(item.lstrip(" "))
                marker, _, rest = item.lstrip(" ").partition(" ")
                lead = Text(" " * nest + marker + " ", style=styles.body)
                hang = min(lead.cell_len, width // 2)
                add(Text(rest, style=styles.body), max(1, width - hang), lead, hang)
        else:
            add(Text(block.text, style=styles.body))
        blank()
    while lines and not lines[-1].cell_length:
        lines.pop()
    return lines


def find_matches(lines: list[Strip], terms: frozenset[str]) -> list[Match]:
    """Every word in the laid-out lines whose analysed form is one of the search terms."""
    matches: list[Match] = []
    if not terms:
        return matches
    for number, strip in enumerate(lines):
        text = strip.text
        if not text.strip():
            continue
        for start, end in highlight_spans(text, terms):
            matches.append(
                Match(
                    number, strip.index_to_cell_position(start), strip.index_to_cell_position(end)
                )
            )
    return matches


@dataclass(frozen=True, slots=True)
class Layout:
    """An article laid out at one width, with the lines of its search matches."""

    article: Article | None
    width: int
    terms: frozenset[str]
    lines: list[Strip]
    matches: list[Match]

    @classmethod
    def build(
        cls, article: Article, width: int, console: Console, styles: Styles, terms: frozenset[str]
    ) -> Layout:
        """Lay out and find matches; pure, so a worker thread may call it."""
        lines = layout_article(article, width, console, styles)
        return cls(article, width, terms, lines, find_matches(lines, terms))


def restyle(strip: Strip, start: int, end: int, style: Style) -> Strip:
    """The strip with the cells from start to end drawn in style (over their own style)."""
    before, middle, after = strip.divide([start, end, strip.cell_length])
    middle = Strip([Segment(s.text, (s.style or Style()) + style) for s in middle])
    return Strip.join([before, middle, after])


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
        self.matches: list[Match] = []
        self.match_index = -1
        self._lines: list[Strip] = []
        self._laid_out: tuple[int, frozenset[str]] | None = None  # (width, terms) of _lines
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
        if self._laid_out == (width, self.terms):
            return
        self._laid_out = (width, self.terms)
        if self.article is None:
            self._apply(Layout(None, width, self.terms, [], []))
        elif self.article.size > BACKGROUND_LAYOUT_BYTES:
            self.border_subtitle = "laying out…"
            self._layout_in_background(self.article, width, self.terms, self._styles())
        else:
            self._apply(
                Layout.build(self.article, width, self.app.console, self._styles(), self.terms)
            )

    @work(thread=True, exclusive=True, group="layout")
    def _layout_in_background(
        self, article: Article, width: int, terms: frozenset[str], styles: Styles
    ) -> None:
        self.post_message(
            self.LaidOut(Layout.build(article, width, self.app.console, styles, terms))
        )

    @on(LaidOut)
    def _laid_out_message(self, message: LaidOut) -> None:
        message.stop()
        layout = message.layout
        if layout.article is self.article and self._laid_out == (layout.width, layout.terms):
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
