"""The article list's lines, each drawn once: a line is made anew only when what it shows
(its words, its marks, whether the cursor is on it) or how the list is styled changes.

Typing a query sets the list's rows at every key, and the next key's results are mostly the
same articles with the same snippets: drawing a screenful of rows anew from Rich text was most
of a keystroke's drawing (about 0.3 ms a line). A line's key holds everything it shows, so a
line found under its key is the line that would be drawn."""

from __future__ import annotations

from dataclasses import dataclass

from rich.color import Color
from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.cache import LRUCache
from textual.strip import Strip

from reader.search.results import SearchHit
from reader.tui.widgets.text_strip import text_strip

SNIPPET_LEAD = 24  # characters kept before the first match, so it shows in a narrow list
UNREAD_MARK, STAR_MARK = "●", "★"
HIGHLIGHT_MARK = "❝"  # before how many highlights an article has, on its second line
CACHED_LINES = 1024  # a few screenfuls of lines, at any height of terminal

# A line's key: what it shows. (0, title, component of the title, read, starred),
# (1, highlights kept, progress note, meta text) or (2, snippet, spans) / (2,) for a row
# without one; then whether the cursor is on it.
LineKey = tuple[object, ...]


@dataclass(frozen=True, slots=True)
class Palette:
    """How the list is styled now, and its width: every line is drawn with these."""

    base: Style
    width: int
    star: Style
    unread_mark: Style
    title: Style
    title_read: Style
    unreadable: Style
    meta: Style
    progress: Style
    snippet: Style
    match: Style  # partial: the match's own rules over the snippet's
    cursor: Style  # laid over each segment of the cursor's row
    ink: Color | None  # the cursor row's ink, for a glyph of its background's colour


def snippet_line(hit: SearchHit, match: Style) -> Text:
    """A hit's snippet on one line, its matched words in the match style, starting near the
    first match."""
    return snippet_text(hit.snippet, hit.snippet_spans, match)


def snippet_text(snippet: str, spans: tuple[tuple[int, int], ...], match: Style) -> Text:
    """A snippet on one line, its matched words (spans) in the match style, starting near the
    first match."""
    text = Text(snippet.replace("\n", " "))
    for start, end in spans:
        text.stylize(match, start, end)
    if spans:
        first = min(start for start, _ in spans)
        if first > SNIPPET_LEAD:
            cut = snippet.rfind(" ", 0, first - SNIPPET_LEAD) + 1 or first - SNIPPET_LEAD
            text = Text("…") + text[cut:]
    return text


def same_colour(one: Color | None, other: Color | None) -> bool:
    """Whether two colours look the same on a terminal (one colour, or one RGB)."""
    one, other = one or Color.default(), other or Color.default()
    return one == other or (one.triplet is not None and one.triplet == other.triplet)


def legible(style: Style | None, ink: Color) -> Style:
    """A style whose text would be drawn in its own background (in an ANSI theme the cursor
    row's background is the accent, the unread dot's colour) with the row's ink instead."""
    style = style or Style()
    if same_colour(style.color, style.bgcolor):  # (reversed, it is the same test)
        return style + Style(color=ink)
    return style


def line_text(key: LineKey, palette: Palette) -> Text:
    """The text of a line, from its key."""
    kind = key[0]
    if kind == 0:
        _, title, name, read, starred = key[:5]
        return Text.assemble(
            (STAR_MARK if starred else " ", palette.star),
            (" " if read else UNREAD_MARK, palette.unread_mark),
            " ",
            Text(str(title), style=getattr(palette, str(name))),
        )
    if kind == 1:
        _, kept, note, meta = key[:4]
        text = Text("   ", style=palette.meta)
        if kept:
            text.append(f"{HIGHLIGHT_MARK}{kept}", style=palette.star)
            text.append(" · ")
        if note:
            text.append(str(note), style=palette.progress)
            text.append(" · ")
        text.append(str(meta))
        return text
    text = Text("   ", style=palette.snippet)
    if len(key) > 2:  # (2, snippet, spans, cursor)
        snippet, spans = key[1], key[2]
        assert isinstance(snippet, str) and isinstance(spans, tuple)
        text.append_text(snippet_text(snippet, spans, palette.match))
    return text


def text_line(
    text: Text,
    console: Console,
    width: int,
    base: Style,
    over: Style | None = None,
    ink: Color | None = None,
) -> Strip:
    """One line of text, cut or padded to width, on the list's style (over it, the cursor's)."""
    text.no_wrap = True
    text.truncate(max(width, 0), overflow="ellipsis", pad=True)
    segments = list(text_strip(text, console))
    over = over or Style()
    drawn = [Segment(s.text, (base + s.style if s.style else base) + over) for s in segments]
    if ink is not None:
        drawn = [Segment(s.text, legible(s.style, ink)) if s.text.strip() else s for s in drawn]
    return Strip(drawn).adjust_cell_length(width, base + over)


class RowLines:
    """The lines drawn lately, by key, for as long as the palette stays the same."""

    def __init__(self) -> None:
        self._lines: LRUCache[LineKey, Strip] = LRUCache(CACHED_LINES)
        self._palette: Palette | None = None

    def use(self, palette: Palette) -> None:
        """Draw with this palette from now on (lines drawn with another are forgotten)."""
        if palette != self._palette:
            self._lines.clear()
            self._palette = palette

    def line(self, key: LineKey, palette: Palette, console: Console) -> Strip:
        """The line for key (its last item: whether the cursor is on it), drawn if need be."""
        self.use(palette)
        strip = self._lines.get(key)
        if strip is None:
            text = line_text(key, palette)
            if key[-1]:  # the cursor's row
                over, ink = palette.cursor, palette.ink
                strip = text_line(text, console, palette.width, palette.base, over, ink)
            else:
                strip = text_line(text, console, palette.width, palette.base)
            self._lines[key] = strip
        return strip
