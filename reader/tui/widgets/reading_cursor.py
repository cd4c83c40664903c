"""The reading cursor of the article view, its selection, and the highlights it draws.

The cursor stands on one sentence of the article's text (anchoring.article_text: every block,
joined by blank lines) and moves by sentence or by paragraph (a block); a selection runs from
where it was started to the cursor. Sentences and highlights are spans of that text, placed on
the laid-out lines as the search's matches are (article_matches walks the lines in step with
the text), so they follow the width, the wrapping and the Markdown rendering. Only what is
asked for is placed: the highlights at each layout, the sentences when the cursor is first
used. No widget here: the view (article_view.py) asks and draws.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from rich.text import Text
from textual.strip import Strip

from reader.core.anchoring import article_text, block_starts, locate, sentences
from reader.core.article import Article
from reader.core.highlight_store import Highlight
from reader.tui.widgets.article_layout import Part
from reader.tui.widgets.article_matches import Place, Squeezed, WalkedLines

Span = tuple[int, int]  # a piece of the article's text: (start, end)


@dataclass(frozen=True, slots=True)
class Unit:
    """A sentence the cursor can stand on: its span of the text and its block."""

    start: int
    end: int
    block: int


Blocks = Sequence[tuple[str, int]]  # blocks' texts, and where each starts in the article's


def place_spans(
    blocks: Blocks, lines: list[Strip], first: int, spans: Sequence[Span]
) -> list[list[Place]]:
    """The cells each span of the article's text covers on the lines that show these blocks
    (lines[0] being the article's line first); spans in order and not overlapping. A span
    not shown (past a huge file's cut) covers nothing."""
    out: list[list[Place]] = [[] for _ in spans]
    walker = WalkedLines(lines, first)
    if not walker.shown or not spans:
        return out
    k = 0
    while k < len(spans) and blocks and spans[k][1] <= blocks[0][1]:
        k += 1  # (before these blocks)
    for text, start in blocks:
        end = start + len(text)
        where = Squeezed(text)
        squeezed = where.squeezed
        i = 0
        while k < len(spans) and spans[k][0] < end:
            a, b = max(spans[k][0], start) - start, min(spans[k][1], end) - start
            while a < b and text[a].isspace():
                a += 1
            while b > a and text[b - 1].isspace():
                b -= 1
            if b > a:
                sa, sb = where.index(a), where.index(b - 1)
                ja = walker.seek(squeezed, i, sa)
                jb = walker.seek(squeezed, sa, sb)
                i = sb
                if walker.shown[ja : jb + 1] == squeezed[sa : sb + 1]:
                    out[k].extend(walker.cells(walker.place(ja), walker.place(jb)))
                else:
                    out[k].extend(walker.line_end(walker.place(ja)[0]))
            if spans[k][1] > end:
                break  # it goes on in the next block
            k += 1
        walker.seek(squeezed, i, len(squeezed))
        if k >= len(spans):
            break
    return out


def _by_line(places: list[Place], into: dict[int, list[tuple[int, int]]]) -> None:
    for line, start, end in places:
        into.setdefault(line, []).append((start, end))


class ReadingCursor:
    """Where the reader is in the article shown, what is selected, and where its highlights
    stand (text spans and cells)."""

    def __init__(self) -> None:
        self.article: Article | None = None
        self.text = ""
        self.at: int | None = None  # the unit the cursor is on; None: not shown
        self.anchor: int | None = None  # where the selection started (a unit), if selecting
        self.highlights: list[Highlight] = []
        self.spans: dict[str, Span] = {}  # where each highlight placed stands in the text
        self._units: list[Unit] | None = None
        self._of_block: list[tuple[int, int]] = []  # the units of each block: (first, end)
        self._starts: list[int] = []  # where each block starts in the text
        self._unit_places: dict[int, list[Place]] = {}  # of the blocks placed so far
        self._placed: set[int] = set()  # which blocks those are
        self._lines: list[Strip] = []
        self._body = 0
        # Where each block is laid out, when the layout says (one part a block: not Markdown
        # rendered by Rich): a block's sentences are then placed on its own lines alone, when
        # first asked for (placing a 1.8 MB article's 35,000 sentences at once took 1.7 s).
        self._parts: list[Part] | None = None
        self._marked: dict[int, list[tuple[int, int]]] = {}  # line -> cells of highlights
        self._selected: dict[int, list[tuple[int, int]]] = {}  # line -> cells of the selection

    # --- what is shown ----------------------------------------------------------------------

    def show(self, article: Article | None, highlights: Sequence[Highlight] = ()) -> None:
        """A new article (the cursor starts hidden), or the same read again (kept where it is,
        as near as its sentences allow)."""
        same = (
            article is not None and self.article is not None and article.path == self.article.path
        )
        self.article = article
        self.text = article_text(article) if article is not None and not article.error else ""
        old = self._units[self.at].start if same and self._units and self.at is not None else None
        self._units, self._unit_places, self._placed = None, {}, set()
        self._lines, self._marked, self._parts = [], {}, None  # until it is laid out
        self.anchor = None
        self.at = None
        if old is not None:
            starts = [unit.start for unit in self.units]
            self.at = max(0, bisect_right(starts, old) - 1) if starts else None
        self.set_highlights(highlights)

    def set_highlights(self, highlights: Sequence[Highlight]) -> None:
        """The article's highlights: each placed on the text where it stands now (one that
        cannot be placed is left out)."""
        self.highlights = list(highlights)
        self.spans = {}
        for highlight in self.highlights:
            found = locate(self.text, highlight.anchor) if self.text else None
            if found is not None:
                self.spans[highlight.id] = found
        self._place_highlights()

    def laid_out(self, lines: list[Strip], body: int, parts: Sequence[Part] = ()) -> None:
        """The article's lines at a new width (or theme), where its body starts and where its
        blocks are: place everything again."""
        self._lines, self._body = lines, body
        blocks = self.article.blocks if self.article is not None else ()
        plain = self.article is not None and self.article.markdown is None
        self._parts = list(parts) if plain and len(parts) == len(blocks) else None
        self._unit_places, self._placed = {}, set()
        self._place_highlights()
        self._place_selection()

    def _place_highlights(self) -> None:
        self._marked = {}
        if self.article is None or not self._lines:
            return
        left = sorted(self.spans.values())
        while left:  # overlapping highlights: placed in turns of ones that do not overlap
            turn: list[Span] = []
            rest: list[Span] = []
            for span in left:
                (rest if turn and span[0] < turn[-1][1] else turn).append(span)
            for places in self._place(turn):
                _by_line(places, self._marked)
            left = rest

    def _blocks(self) -> list[tuple[str, int]]:
        assert self.article is not None
        return list(
            zip((b.text for b in self.article.blocks), block_starts(self.article), strict=True)
        )

    def _place(self, spans: Sequence[Span]) -> list[list[Place]]:
        """The cells of spans in order that do not overlap: each on its blocks' own lines
        when the layout says where they are, else on a walk of the whole body."""
        if self._parts is None:
            return place_spans(self._blocks(), self._lines[self._body :], self._body, spans)
        blocks, starts = self._blocks(), [start for _, start in self._blocks()]
        out: list[list[Place]] = []
        for span in spans:
            cells: list[Place] = []
            first = max(0, bisect_right(starts, span[0]) - 1)
            for n in range(first, len(blocks)):
                if blocks[n][1] >= span[1]:
                    break
                part = self._parts[n]
                lines = self._lines[part.start : part.end]
                cells += place_spans([blocks[n]], lines, part.start, [span])[0]
            out.append(cells)
        return out

    # --- the units ----------------------------------------------------------------------------

    @property
    def units(self) -> list[Unit]:
        """The sentences of the article, in order (found when first asked for)."""
        if self._units is None:
            units: list[Unit] = []
            self._of_block = []
            if self.article is not None and self.text:
                starts = self._starts = block_starts(self.article)
                for n, (block, start) in enumerate(zip(self.article.blocks, starts, strict=True)):
                    first = len(units)
                    units.extend(Unit(start + a, start + b, n) for a, b in sentences(block.text))
                    self._of_block.append((first, len(units)))
            self._units = units
        return self._units

    def _place_block(self, block: int) -> None:
        """Place the sentences of a block (of every block, when the layout does not say
        where each is)."""
        units = self.units
        if block in self._placed or self.article is None or not self._lines:
            return
        if self._parts is None:
            spans = [(unit.start, unit.end) for unit in units]
            self._unit_places = dict(enumerate(self._place(spans)))
            self._placed = set(range(len(self.article.blocks)))
            return
        first, end = self._of_block[block]
        part = self._parts[block]
        spans = [(unit.start, unit.end) for unit in units[first:end]]
        blocks = [(self.article.blocks[block].text, self._starts[block])]
        placed = place_spans(blocks, self._lines[part.start : part.end], part.start, spans)
        self._unit_places.update(zip(range(first, end), placed, strict=True))
        self._placed.add(block)

    def cells_of(self, unit: int) -> list[Place]:
        """The cells a unit is drawn on: (line, start, end) each."""
        if not 0 <= unit < len(self.units):
            return []
        self._place_block(self.units[unit].block)
        return self._unit_places.get(unit, [])

    def line_of(self, unit: int) -> int | None:
        """The first line a unit is drawn on (None when it is not shown)."""
        cells = self.cells_of(unit)
        return cells[0][0] if cells else None

    def unit_at(self, line: int, cell: int | None = None) -> int | None:
        """The unit drawn at (line, cell); with no cell, the first on or after the line."""
        units = self.units
        if not units or self.article is None:
            return None
        first = 0
        if self._parts is not None:  # from the block drawn there (or the one above it) on
            first = max(0, bisect_right([part.start for part in self._parts], line) - 1)
        for block in range(first, len(self.article.blocks)):
            start, end = self._of_block[block]
            for n in range(start, end):
                for at_line, a, b in self.cells_of(n):
                    if cell is None and at_line >= line:
                        return n
                    if at_line == line and cell is not None and a <= cell < b:
                        return n
            if cell is not None and self._parts is not None and self._parts[block].end > line:
                return None  # not on a sentence of the block drawn there
        return None

    # --- moving -------------------------------------------------------------------------------

    def move(self, unit: str, step: int, top_line: int) -> int | None:
        """Move by a sentence or a paragraph (step 1 on, -1 back); first shown at the first
        sentence on or below top_line. The line the cursor is on now (None: no sentence)."""
        units = self.units
        if not units:
            return None
        if self.at is None:
            self.at = self.unit_at(top_line)
            if self.at is None:
                self.at = 0
        elif unit == "paragraph":
            self.at = self._paragraph_step(step)
        else:
            self.at = max(0, min(len(units) - 1, self.at + step))
        self._place_selection()
        return self.line_of(self.at)

    def _paragraph_step(self, step: int) -> int:
        units, at = self.units, self.at or 0
        block = units[at].block
        if step > 0:
            return next((n for n in range(at, len(units)) if units[n].block != block), at)
        first = next(n for n in range(at, -1, -1) if n == 0 or units[n - 1].block != block)
        if first != at:
            return first  # back to the start of this paragraph
        if first == 0:
            return 0
        previous = units[first - 1].block
        return next(n for n in range(first - 1, -1, -1) if n == 0 or units[n - 1].block != previous)

    def go_to(self, span: Span) -> int | None:
        """Put the cursor on the first sentence of a span (a highlight); its line."""
        starts = [unit.start for unit in self.units]
        if not starts:
            return None
        self.at = max(0, bisect_right(starts, span[0]) - 1)
        self.anchor = None
        self._place_selection()
        return self.line_of(self.at)

    def toggle_selection(self) -> bool:
        """Start a selection at the cursor, or drop the one started; whether one is on."""
        self.anchor = None if self.anchor is not None else self.at
        self._place_selection()
        return self.anchor is not None

    def selection(self) -> Span | None:
        """What a highlight would take: the selection, or the sentence at the cursor."""
        if self.at is None or not self.units:
            return None
        a, b = sorted((self.at, self.anchor if self.anchor is not None else self.at))
        return self.units[a].start, self.units[b].end

    def sentence_at(self, line: int, cell: int) -> Span | None:
        """The sentence drawn at (line, cell), e.g. of a search match."""
        n = self.unit_at(line, cell)
        if n is None:
            return None
        self.at, self.anchor = n, None
        self._place_selection()
        return self.units[n].start, self.units[n].end

    def _place_selection(self) -> None:
        self._selected = {}
        span = self.selection()
        if span is None or self.article is None or not self._lines:
            return
        at = self.at or 0
        first, last = sorted((at, self.anchor if self.anchor is not None else at))
        for n in range(first, last + 1):
            _by_line(self.cells_of(n), self._selected)

    # --- what is at the cursor ----------------------------------------------------------------

    def under_cursor(self) -> Highlight | None:
        """The highlight the cursor's sentence is in (the latest made, of several)."""
        if self.at is None or not self.units:
            return None
        unit = self.units[self.at]
        found = [
            h
            for h in self.highlights
            if h.id in self.spans
            and self.spans[h.id][0] < unit.end
            and unit.start < self.spans[h.id][1]
        ]
        return max(found, key=lambda h: h.created) if found else None

    def said(self) -> Text | str | None:
        """What the status line says of where the cursor is: the selection under way, the
        note of the highlight it is on (the user's: a Text); None when nothing."""
        highlight = self.under_cursor()
        if self.anchor is not None:
            return "Selecting · ( ) { } extend it · h highlights it · v drops it"
        if highlight is not None and highlight.note:
            return Text.assemble(("✎ ", "bold"), highlight.note)
        if highlight is not None:
            return "Highlighted · a writes a note · d deletes it"
        return None

    def click(self, line: int, cell: int, *, extend: bool) -> bool:
        """Put the cursor on the sentence drawn at (line, cell); with extend (a drag), the
        selection runs from where the cursor was. Whether a sentence is there."""
        n = self.unit_at(line, cell)
        if n is None:
            return False
        if extend and self.at is not None and self.anchor is None:
            self.anchor = self.at
        elif not extend:
            self.anchor = None
        self.at = n
        self._place_selection()
        return True

    # --- drawing ------------------------------------------------------------------------------

    def highlighted_on(self, line: int) -> list[tuple[int, int]]:
        """The cells of highlights on a line."""
        return self._marked.get(line, [])

    def selected_on(self, line: int) -> list[tuple[int, int]]:
        """The cells of the cursor's sentence, or of the selection, on a line."""
        return self._selected.get(line, []) if self.at is not None else []
