"""Where a search's matches stand in an article as laid out (find_matches): found on the
article's own text (its title, byline, header fields and blocks, each read as the index reads
it: search.highlight), then placed on the lines that show that text. So the count does not
hang on the width, a phrase wrapped onto two lines is one match, and a match in a header line
cut with "…" still counts, placed at the cut. Title-only terms are marked in the title only.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field

from textual.strip import Strip

from reader.core.article import Article

_RUN = re.compile(r"\S+")
ANCHOR = 12  # characters of the text looked for ahead on the lines, to find its place again
WINDOW = 4096  # how far ahead (in characters shown) they are looked for
SHORT_ANCHOR, SHORT_WINDOW = 4, 32  # failing that, fewer characters, not so far
# Matches found in one article, at most: "zebra" a million times took 33 s to place and held
# the screen 2 s to index by line; the count then says "10,000+".
MATCH_LIMIT = 10_000

Place = tuple[int, int, int]  # a piece of a match on one line: (line, start cell, end cell)


class Squeezed:
    """A text without its whitespace, and where its characters went (asked in order)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.squeezed = "".join(text.split())
        self.k = 0  # a place in text
        self.n = 0  # and where it stands in squeezed

    def index(self, k: int) -> int:
        """Where the character k of the text stands without whitespace (k never earlier
        than the last asked)."""
        self.n += len("".join(self.text[self.k : k].split()))
        self.k = k
        return self.n


def _runs(text: str) -> tuple[list[int], list[int]]:
    """For each run of text between whitespace: where it starts in the text without its
    whitespace, and in the text."""
    at: list[int] = []
    origin: list[int] = []
    n = 0
    for m in _RUN.finditer(text):
        at.append(n)
        origin.append(m.start())
        n += m.end() - m.start()
    return at, origin


class WalkedLines:
    """The characters shown on a range of laid-out lines (whitespace aside), walked through
    in step with the text they show: the same characters in the same order, save what the
    layout adds (list marks, "▏ ", "Key: ", "…") or leaves out (the end of a cut line)."""

    def __init__(self, lines: list[Strip], first: int) -> None:
        self.lines = lines
        self.first = first
        self.texts = [strip.text for strip in lines]
        squeezed = ["".join(text.split()) for text in self.texts]
        self.at: list[int] = []  # where each line starts among the characters shown
        n = 0
        for part in squeezed:
            self.at.append(n)
            n += len(part)
        self.shown = "".join(squeezed)
        self.j = 0  # the character shown that the text has reached
        self._runs: dict[int, tuple[list[int], list[int]]] = {}  # of the lines asked

    def seek(self, text: str, i: int, k: int) -> int:
        """Walk text (squeezed) from i to k, keeping step on the lines; the place shown of
        text[k]. A character of text not shown stands where the lines have got to."""
        shown, j = self.shown, self.j
        end = len(shown)
        ahead = text[i : k + 1]  # k may be the text's end: then the place after it
        if ahead == shown[j : j + len(ahead)]:  # nearly always: the lines show the text
            self.j = j + k - i
            return self.j
        while i <= k and i < len(text) and j < end:
            n = min(64, k - i)
            if n and text[i : i + n] == shown[j : j + n]:
                i += n
                j += n
            elif text[i] == shown[j]:
                if i == k:
                    break
                i += 1
                j += 1
            else:
                found = shown.find(text[i : i + ANCHOR], j, j + WINDOW)
                if found <= j:  # or a few characters on, past a mark ("•", "─", "1.")
                    found = shown.find(text[i : i + SHORT_ANCHOR], j, j + SHORT_WINDOW)
                if found > j:
                    j = found
                else:
                    i += 1
        self.j = j
        return j

    def place(self, j: int) -> tuple[int, int]:
        """(line, character) of the j-th character shown (the last when past the end)."""
        j = max(0, min(j, len(self.shown) - 1))
        line = bisect_right(self.at, j) - 1
        runs = self._runs.get(line)
        if runs is None:
            runs = self._runs[line] = _runs(self.texts[line])
        at, origin = runs
        r = bisect_right(at, j - self.at[line]) - 1
        return line, origin[r] + j - self.at[line] - at[r]

    def line_end(self, line: int) -> list[Place]:
        """The last cell with text on a line (where a cut line says "…")."""
        strip, text = self.lines[line], self.texts[line].rstrip()
        if not text:
            return []
        cells = strip.index_to_cell_position(len(text) - 1), strip.index_to_cell_position(len(text))
        return [(self.first + line, *cells)]

    def cells(self, start: tuple[int, int], last: tuple[int, int]) -> list[Place]:
        """The cells from the character at start to the one at last (included), line by
        line."""
        out: list[Place] = []
        for line in range(start[0], last[0] + 1):
            strip = self.lines[line]
            text = self.texts[line]
            a = start[1] if line == start[0] else len(text) - len(text.lstrip())
            b = last[1] + 1 if line == last[0] else len(text.rstrip())
            if b > a:
                cells = strip.index_to_cell_position(a), strip.index_to_cell_position(b)
                out.append((self.first + line, *cells))
        return out


class Cancel(Exception):
    """The caller asked to give up (see find_matches)."""


Cancelled = Callable[[], bool] | None


@dataclass(slots=True)
class Found:
    """The matches found so far, each as the cells it covers; cut: the limit was reached,
    more may follow."""

    limit: int
    matches: list[list[Place]] = field(default_factory=list)
    cut: bool = False


def _place(
    lines: WalkedLines,
    pieces: list[tuple[str, str]],
    terms: frozenset[str],
    found: Found,
    cancelled: Cancelled,
) -> None:
    """Each match of terms in the pieces (text, field), as the cells it covers, into found."""
    if not lines.shown:
        return
    # the words as the index reads them (its analyzer, Whoosh's): imported at a search's first
    # matches, not at the app's start
    from reader.search.highlight import highlight_spans

    for number, (text, field_name) in enumerate(pieces):
        if cancelled is not None and not number % 64 and cancelled():
            raise Cancel
        left = found.limit - len(found.matches)
        where = Squeezed(text)
        squeezed = where.squeezed
        i = 0
        spans = highlight_spans(text, terms, field_name, left + 1)
        for start, end in spans[:left]:
            a = where.index(start)
            b = where.index(end - 1)
            ja = lines.seek(squeezed, i, a)
            jb = lines.seek(squeezed, a, b)
            i = b
            if lines.shown[ja : jb + 1] == squeezed[a : b + 1]:
                cells = lines.cells(lines.place(ja), lines.place(jb))
            else:  # not shown (a cut line's end): the match stands at the line's last cell
                cells = lines.line_end(lines.place(ja)[0])
            found.matches.append(cells or [(lines.first + lines.place(ja)[0], 0, 0)])
        if len(spans) > left:
            found.cut = True
            return
        lines.seek(squeezed, i, len(squeezed))


def find_matches(
    article: Article,
    lines: list[Strip],
    body: int,
    terms: frozenset[str],
    cancelled: Cancelled,
    limit: int | None = None,
) -> Found:
    """The matches of the search's terms in the article (at most limit), as the cells each
    covers on the lines (lines[:body] the title and header, the rest its blocks). Raises
    Cancel when cancelled() says so. limit: MATCH_LIMIT unless given."""
    found = Found(MATCH_LIMIT if limit is None else limit)
    if not terms or not lines:
        return found
    head: list[tuple[str, str]] = [(article.title, "title")]
    if article.byline:
        head.append((article.byline, "body"))
    head.extend((value, "body") for _, value in article.header)
    _place(WalkedLines(lines[:body], 0), head, terms, found, cancelled)
    if not found.cut:
        blocks = [(block.text, "body") for block in article.blocks]
        _place(WalkedLines(lines[body:], body), blocks, terms, found, cancelled)
    return found
