"""Where a place in an article as laid out for reading is in its file: the line an editor is
opened at.

The laid-out text is not the file's: paragraphs are reflowed, Markdown's markup is gone, debris
is dropped, the title and the header are set apart. But the words of a laid-out line stand in
the file in the same order, only the spaces, line breaks and markup between them differ. So a
place is found by its words: the word there and a few on each side, as a pattern that allows
anything but letters and digits between them. When the same words come more than once, the
place is the same occurrence in the file as in the layout (the third "missile strike" is the
third). When the words around it cannot be found together (a link's address stands between
them, they are the metadata line's), fewer of them are tried, down to the word alone.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from reader.core.decoding import UnreadableError, decode_bytes
from reader.core.files import MAX_FILE_BYTES

WORD = re.compile(r"[^\W_]+")  # letters and digits: "_" and "*" are markup here
# The words tried around the place, (before, after), widest first.
WINDOWS = ((2, 2), (1, 1), (1, 0), (0, 1), (0, 0))


@dataclass(frozen=True, slots=True)
class Spot:
    """A place in the laid-out text: one line of it, and a character in that line."""

    text: str
    offset: int


Window = tuple[tuple[str, ...], int]  # the words around a place, and which of them it is


def _window(words: list[re.Match[str]], offset: int, before: int, after: int) -> Window | None:
    """The words around the word at (or else after) offset, lower-cased."""
    here = next((n for n, word in enumerate(words) if word.end() > offset), None)
    if here is None:
        return None
    first = max(0, here - before)
    chosen = words[first : here + after + 1]
    return tuple(word.group().lower() for word in chosen), here - first


def _pattern(window: Window) -> re.Pattern[str]:
    """The window's words with anything but letters and digits between them; the word of
    the place is group 1."""
    words, anchor = window
    parts = [
        f"({re.escape(word)})" if n == anchor else re.escape(word) for n, word in enumerate(words)
    ]
    return re.compile(r"(?<![^\W_])" + r"[\W_]+".join(parts) + r"(?![^\W_])", re.IGNORECASE)


def source_line(source: str, spots: Sequence[Spot]) -> int | None:
    """The line of source (1 the first) holding the last of spots; the spots before it are
    the earlier places of the same kind in the layout (the earlier matches of a search), which
    tell the occurrences of the same words apart. None when its words are not in source."""
    if not spots:
        return None
    words = [list(WORD.finditer(spot.text)) for spot in spots]
    for before, after in WINDOWS:
        window = _window(words[-1], spots[-1].offset, before, after)
        if window is None:
            return None
        ordinal = sum(
            1
            for spot, found in zip(spots[:-1], words[:-1], strict=True)
            if _window(found, spot.offset, before, after) == window
        )
        chosen: re.Match[str] | None = None
        for n, match in enumerate(_pattern(window).finditer(source)):
            chosen = match
            if n == ordinal:
                break
        if chosen is not None:
            return source.count("\n", 0, chosen.start(1)) + 1
    return None


def line_in_file(path: Path, spots: Sequence[Spot]) -> int | None:
    """source_line over the file at path; None when it cannot be read (or holds no such
    words). Reads the file: call it off the UI thread."""
    try:
        with open(path, "rb") as f:
            data = f.read(MAX_FILE_BYTES + 1)
        if len(data) > MAX_FILE_BYTES:
            return None
        return source_line(decode_bytes(data), spots)
    except (OSError, UnreadableError, ValueError):
        return None
