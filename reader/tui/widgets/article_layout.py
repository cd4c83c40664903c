"""The layout of an article for reading: its title, byline, header fields and blocks as
lines (Strips) at one width (lay_out, with where its headings and blocks are), the lines of its
search matches (find_matches), both together (Layout, pure, so a worker thread may build it),
and the lines that show only its matching paragraphs (Excerpt). No widget here: the view that
shows them is article_view.py.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field

from rich.cells import cell_len, chop_cells
from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.strip import Strip

from reader.core.article import Article
from reader.core.structure import heading_lines
from reader.tui.widgets import article_matches
from reader.tui.widgets.article_list import format_date, format_length, format_tags
from reader.tui.widgets.markdown_lines import markdown_lines
from reader.tui.widgets.text_strip import text_strip

MARGIN = 2
CODE_INDENT = 4  # preformatted text sits this far in from the text column
CODE_HANG = 2  # and a line too long for the column goes on below, this much further in
FIELD_MAX_CHARS = 60  # a header field's value is cut short after this many characters
BYLINE_NAMES = 3  # more authors than this read "A, B and 9 others"
# What one article shows at most: a huge file's first part, at a bounded cost (a file of
# 100,000 headings took 9 s to read and 77 s to lay out; the zebras of one 6 MB paragraph
# 10 s); e opens the whole file in the editor. The index reads as many characters.
SHOWN_CHARS = 1_000_000
SHOWN_BLOCKS = 5_000
CUT_MARK = "⋯"


Cancelled = Callable[[], bool] | None  # asked between blocks: True gives the layout up


class LayoutCancelled(Exception):
    """A layout given up half way (another was asked for, or the app is quitting)."""


@dataclass(frozen=True, slots=True)
class Match:
    """One match on screen: its (first) line and its cell range there, and where it goes on
    (a phrase or a long word wrapped onto the next lines): (line, start, end) each."""

    line: int
    start: int
    end: int
    rest: tuple[tuple[int, int, int], ...] = ()

    def lines(self) -> list[int]:
        """The lines the match is on."""
        return [self.line, *(line for line, _, _ in self.rest)]

    def cells_on(self, line: int) -> list[tuple[int, int]]:
        """The cell ranges of the match on one line."""
        own = [(self.start, self.end)] if line == self.line else []
        return own + [(a, b) for n, a, b in self.rest if n == line]


@dataclass(frozen=True, slots=True)
class Heading:
    """A heading of the body as laid out: its first line, its level (1 the highest), its text."""

    line: int
    level: int
    text: str


@dataclass(frozen=True, slots=True)
class Part:
    """A block of the body as laid out (a paragraph, a list, a heading...): lines start to end
    (end excluded)."""

    start: int
    end: int
    heading: bool = False


@dataclass(frozen=True, slots=True)
class LaidOut:
    """An article's lines at one width, where its body starts, and its headings and blocks."""

    lines: list[Strip]
    body: int = 0
    headings: list[Heading] = field(default_factory=list)
    parts: list[Part] = field(default_factory=list)


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

    @classmethod
    def of(cls, component_style: Callable[[str], Style]) -> Styles:
        """The styles of the article view's component classes (article-view--title, …)."""
        names = ("title", "meta", "body", "caption", "notice", "heading", "code")
        return cls(**{name: component_style(f"article-view--{name}") for name in names})


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


def layout_article(
    article: Article,
    width: int,
    console: Console,
    styles: Styles,
    tags: tuple[str, ...] = (),
    cancelled: Cancelled = None,
) -> list[Strip]:
    """The article as lines of the given width: title, metadata (its tags last), header, and
    the blocks: paragraphs reflowed, headings, preformatted text as written, lists, captions.
    Raises LayoutCancelled when cancelled() says so (asked before each block)."""
    return lay_out(article, width, console, styles, tags, cancelled).lines


def _markdown_parts(lines: list[Strip], body: int, article: Article) -> LaidOut:
    """Where the headings and blocks of Markdown rendered by Rich are: a block is a run of
    lines with text; a heading is found by its text (heading_lines)."""
    texts = [strip.text for strip in lines]
    blocks = [b for b in article.blocks if b.kind == "heading"]
    found = heading_lines(texts, [b.text for b in blocks], body)
    headings = [
        Heading(line, block.level, block.text)
        for line, block in zip(found, blocks, strict=True)
        if line is not None
    ]
    starts = {heading.line for heading in headings}
    parts: list[Part] = []
    start: int | None = None
    for n in range(body, len(texts) + 1):
        blank = n == len(texts) or not texts[n].strip()
        if blank and start is not None:
            parts.append(Part(start, n, start in starts))
            start = None
        elif not blank and start is None:
            start = n
    return LaidOut(lines, body, headings, parts)


def lay_out(
    article: Article,
    width: int,
    console: Console,
    styles: Styles,
    tags: tuple[str, ...] = (),
    cancelled: Cancelled = None,
) -> LaidOut:
    """The article's lines at the given width (layout_article), with where its body starts
    and where its headings and blocks are. Raises LayoutCancelled when cancelled() says so
    (asked before each block)."""
    lines: list[Strip] = []
    headings: list[Heading] = []
    parts: list[Part] = []
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
        meta.append(format_date(article.date.timestamp(), stated=article.date_stated))
    meta.append(format_length(article.word_count) + " read" if article.word_count else "empty")
    if tags:
        meta.append(format_tags(tags))
    fields = [
        _short(f"{key}: {value}", min(width, len(key) + 2 + FIELD_MAX_CHARS))
        for key, value in article.header
    ]
    for items in (meta, fields):
        for line in joined_lines(items, width):
            add(Text(line, style=styles.meta))
    if article.cut:
        add(Text(cut_notice(article.cut), style=styles.notice))
    blank()
    body = len(lines)
    if article.error:
        add(Text(f"This file cannot be shown: {article.error}.", style=styles.notice))
        return LaidOut(lines, body)
    if article.markdown is not None:
        rendered = markdown_lines(article.markdown, console, options, cancelled or _never)
        if rendered is None:
            raise LayoutCancelled
        lines.extend(Strip(segments).crop(0, width) for segments in rendered)
        laid = _markdown_parts(lines, body, article)
        _say_cut(article, lines, styles, add)
        return laid
    if not article.blocks:
        add(Text("This article has no text beyond its title.", style=styles.notice))
    for block in article.blocks:
        if cancelled is not None and cancelled():
            raise LayoutCancelled
        start = len(lines)
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
        parts.append(Part(start, len(lines), block.kind == "heading"))
        if block.kind == "heading":
            headings.append(Heading(start, block.level, block.text))
        blank()
    while lines and not lines[-1].cell_length:
        lines.pop()
    _say_cut(article, lines, styles, add)
    return LaidOut(lines, body, headings, parts)


def _never() -> bool:
    return False


def _say_cut(
    article: Article, lines: list[Strip], styles: Styles, add: Callable[[Text], None]
) -> None:
    """After the part of a huge file that is shown, say that the rest is not."""
    if article.cut:
        lines.append(Strip([]))
        add(Text(f"{CUT_MARK} {cut_notice(article.cut)}", style=styles.notice))


def cut_notice(cut: str) -> str:
    """What the view says of a huge file of which only a part is shown (cut: which part)."""
    return f"Only the start of this file is shown ({cut}): e opens all of it in your editor."


def find_matches(
    article: Article, laid: LaidOut, terms: frozenset[str], cancelled: Cancelled = None
) -> tuple[list[Match], bool]:
    """The matches of the search's terms in the article's text, placed on its laid-out lines
    (article_matches), and whether there are more than were placed (MATCH_LIMIT). Raises
    LayoutCancelled when cancelled() says so."""
    try:
        found = article_matches.find_matches(article, laid.lines, laid.body, terms, cancelled)
    except article_matches.Cancel:
        raise LayoutCancelled from None
    return [Match(*cells[0], rest=tuple(cells[1:])) for cells in found.matches], found.cut


@dataclass(frozen=True, slots=True)
class Layout:
    """An article laid out at one width, with the lines of its search matches, where its body
    starts, and where its headings and blocks are."""

    article: Article | None
    width: int
    terms: frozenset[str]
    lines: list[Strip]
    matches: list[Match]
    tags: tuple[str, ...] = ()
    body: int = 0
    headings: list[Heading] = field(default_factory=list)
    parts: list[Part] = field(default_factory=list)
    more_matches: bool = False  # more matches than were placed (article_matches.MATCH_LIMIT)

    by_line: dict[int, list[int]] = field(default_factory=dict)  # line -> its matches
    excerpt: Excerpt | None = None  # the rows of only the matching paragraphs (when any)

    @classmethod
    def build(
        cls,
        article: Article,
        width: int,
        console: Console,
        styles: Styles,
        terms: frozenset[str],
        tags: tuple[str, ...] = (),
        cancelled: Cancelled = None,
    ) -> Layout:
        """Lay out and find matches; pure, so a worker thread may call it (and give it up:
        LayoutCancelled, when cancelled() says so)."""
        laid = lay_out(article, width, console, styles, tags, cancelled)
        matches, more = find_matches(article, laid, terms, cancelled)
        by_line: dict[int, list[int]] = {}
        for n, match in enumerate(matches):
            for line in match.lines():  # (a match wrapped onto the next lines: on each)
                by_line.setdefault(line, []).append(n)
        # made here, off the UI thread: & on a million matches took 0.3 s of a held screen
        excerpt = Excerpt.of(laid.parts, matches, laid.body) if matches else None
        return cls(
            article,
            width,
            terms,
            laid.lines,
            matches,
            tags,
            laid.body,
            laid.headings,
            laid.parts,
            more_matches=more,
            by_line=by_line,
            excerpt=excerpt,
        )


GAP = -1  # a row of an excerpt that marks paragraphs left out
BLANK = -2  # a blank row of an excerpt


@dataclass(frozen=True, slots=True)
class Excerpt:
    """The rows that show only an article's matching paragraphs: the title and header, then
    each paragraph with a match, its neighbours dimmed, a GAP row where paragraphs are left out.
    """

    rows: list[int]  # the line each row shows, or GAP, or BLANK
    dimmed: frozenset[int]  # the lines of the neighbours
    matching: int  # how many paragraphs have a match (headings aside)
    paragraphs: int  # how many paragraphs there are (headings aside)

    @classmethod
    def of(cls, parts: list[Part], matches: list[Match], body: int) -> Excerpt:
        """The excerpt of a layout's matching paragraphs (all of it when there are none): its
        blocks (parts), its matches, and where its body starts."""
        starts = [part.start for part in parts]
        matching: set[int] = set()
        for match in matches:
            n = bisect_right(starts, match.line) - 1
            if n >= 0 and match.line < parts[n].end:
                matching.add(n)
        shown = sorted({m + d for m in matching for d in (-1, 0, 1) if 0 <= m + d < len(parts)})
        rows = list(range(body))
        dimmed: set[int] = set()
        previous = -1
        for n in shown:
            if previous >= 0 and n == previous + 1:  # the blank lines between, as they are
                rows.extend(range(parts[previous].end, parts[n].start))
            elif previous >= 0:  # paragraphs left out between
                rows += [BLANK, GAP, BLANK]
            elif n > 0:  # paragraphs left out before the first shown (the header ends blank)
                rows += [GAP, BLANK]
            rows.extend(range(parts[n].start, parts[n].end))
            if n not in matching:
                dimmed.update(range(parts[n].start, parts[n].end))
            previous = n
        if previous < len(parts) - 1:  # and after the last
            rows += [BLANK, GAP] if shown else [GAP]
        prose = [n for n, part in enumerate(parts) if not part.heading]
        return cls(
            rows,
            frozenset(dimmed),
            sum(1 for n in prose if n in matching),
            len(prose),
        )


def char_index(text: str, cell: int) -> int:
    """The index of the character of text drawn at (or first after) a cell (wide characters
    take two)."""
    cells = 0
    for n, char in enumerate(text):
        if cells >= cell:
            return n
        cells += cell_len(char)
    return len(text)


def restyle(strip: Strip, start: int, end: int, style: Style) -> Strip:
    """The strip with the cells from start to end drawn in style (over their own style)."""
    before, middle, after = strip.divide([start, end, strip.cell_length])
    middle = Strip([Segment(s.text, (s.style or Style()) + style) for s in middle])
    return Strip.join([before, middle, after])
