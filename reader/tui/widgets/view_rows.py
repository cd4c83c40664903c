"""Which line of a laid-out article each row of the article view shows: every line in turn, or,
with only the matching paragraphs shown, the rows of an Excerpt (lines, gaps and blanks)."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence

from textual.strip import Strip

from reader.core.structure import outline_depths
from reader.tui.widgets.article_layout import Excerpt, Heading, Layout, Match


class ViewRows:
    """The rows of the article view and the lines they show."""

    def __init__(self, layout: Layout | None = None, *, only_matching: bool = False) -> None:
        self.excerpt: Excerpt | None = None  # the rows shown, when only matching paragraphs
        self._shown: list[int] = []  # the excerpt's lines, in order
        self._shown_rows: list[int] = []  # and the rows that show them
        self._heading_rows: list[tuple[int, int]] | None = None  # made once, when first asked
        if layout is not None and only_matching and layout.matches:
            excerpt = layout.excerpt or Excerpt.of(layout.parts, layout.matches, layout.body)
            self.excerpt = excerpt
            self._shown_rows = [row for row, line in enumerate(excerpt.rows) if line >= 0]
            self._shown = [excerpt.rows[row] for row in self._shown_rows]

    def height(self, lines: int) -> int:
        """How many rows there are, for an article of this many lines."""
        return len(self.excerpt.rows) if self.excerpt is not None else lines

    def row_of(self, line: int) -> int:
        """The row that shows a line; in the excerpt, the first row shown at or after it."""
        if self.excerpt is None or not self._shown:
            return line
        n = min(bisect_left(self._shown, line), len(self._shown) - 1)
        return self._shown_rows[n]

    def line_at(self, row: int) -> int:
        """The line a row shows; in the excerpt, the next line shown at or after a gap."""
        if self.excerpt is None or not self._shown:
            return row
        n = min(bisect_left(self._shown_rows, row), len(self._shown_rows) - 1)
        return self._shown[n]

    def anchor(self, top: int, height: int, current: int | None) -> tuple[int, int]:
        """The line to keep in place when the rows change, and its row on the screen (top
        the first row shown, height how many): the current match's line when in sight, else
        the line at the top."""
        if current is not None:
            row = self.row_of(current)
            if top <= row < top + height:
                return current, row - top
        return self.line_at(top), 0

    def heading_rows(self, headings: Sequence[Heading], lines: int) -> list[tuple[int, int]]:
        """(heading, row) of the headings to go to: each heading; in the excerpt, the first row
        shown of each section that has one. Made once for these rows (the headings and lines
        are those of the layout they were made for)."""
        if self._heading_rows is None:
            self._heading_rows = self._find_heading_rows(headings, lines)
        return self._heading_rows

    def _find_heading_rows(self, headings: Sequence[Heading], lines: int) -> list[tuple[int, int]]:
        if self.excerpt is None:
            return [(n, heading.line) for n, heading in enumerate(headings)]
        rows = []
        for n, heading in enumerate(headings):
            end = headings[n + 1].line if n + 1 < len(headings) else lines
            k = bisect_left(self._shown, heading.line)
            if k < len(self._shown) and self._shown[k] < end:
                rows.append((n, self._shown_rows[k]))
        return rows


def heading_step(
    rows: Sequence[int], top: int, last_jump: tuple[int, int] | None, step: int
) -> int | str:
    """Which of the headings at these rows `]` (step 1) or `[` (step -1) brings to the top,
    the view's top row being top; or, when there is none, what to say."""
    if last_jump is not None and last_jump[1] == top:
        at = last_jump[0] + step  # (the last ones may not reach the top)
    elif step > 0:
        at = bisect_right(rows, top)
    else:
        at = bisect_left(rows, top) - 1
    if at >= len(rows):
        here = last_jump is not None and last_jump[1] == top
        return "At the last heading" if here else "No heading below"
    if at < 0:
        return "At the first heading" if rows[0] == top else "No heading above"
    return at


def place_of(
    lines: Sequence[Strip], matches: Sequence[Match], top: int, body: int
) -> list[tuple[int, int]]:
    """Where the reader is, for opening the file there: (line, cell) of every match up to the
    current one (matches); with none, the start of every line with text from the body's
    first line to the top of the screen (the earlier ones tell the same words apart)."""
    if matches:
        return [(m.line, m.start) for m in matches]
    top = min(top, len(lines) - 1)
    while top < len(lines) - 1 and not lines[top].text.strip():
        top += 1  # the first line with text at the top of the screen
    if top < body:
        return []
    return [(n, 0) for n in range(body, top + 1) if lines[n].cell_length]


def counter(
    excerpt: Excerpt | None, matches: Sequence[Match], at: int, searching: bool, more: bool = False
) -> str:
    """The view's border subtitle: how many paragraphs match (only those shown), the current
    match of how many ("match 3/17"; "match 3/10,000+" when more were not counted), or that a
    search found none in the article."""
    said = []
    if excerpt is not None:
        said.append(f"matching paragraphs: {excerpt.matching} of {excerpt.paragraphs}")
    if matches:
        said.append(f"match {at + 1:,}/{len(matches):,}{'+' if more else ''}")
    elif searching:
        said.append("no matches")
    return " · ".join(said)


def progress_of(y: int, end: int) -> int | None:
    """How far an article scrolled to row y of end is read, in percent: 0 at its top, 100 at
    its end, 1-99 between; None when it fits on the screen (end 0)."""
    if end <= 0:
        return None
    if y <= 0 or y >= end:
        return 0 if y <= 0 else 100
    return min(99, max(1, round(100 * y / end)))


def contents(headings: Sequence[Heading], line: int) -> tuple[list[tuple[int, str]], int]:
    """The contents list of these headings, (depth, text) each, and the one line is under."""
    current = max(0, bisect_right([h.line for h in headings], line) - 1)
    depths = outline_depths([h.level for h in headings])
    return [(depth, h.text) for depth, h in zip(depths, headings, strict=True)], current
