"""Search within results: `ukraine | missiles` searches "missiles" among the articles that
"ukraine" matches. The split happens here, before the query parser sees any of it.

Pure string handling, no Whoosh.
"""

from __future__ import annotations

QUOTES = '"\u201c\u201d\u201e\u201f\u00ab\u00bb\uff02'  # what query.py reads as a double quote


def split_chain(text: str) -> list[str]:
    """The levels of a query, outermost first: the text split at each single `|` outside
    quotes (`||` is OR, and stays). Empty levels are dropped; each level is stripped."""
    return [level.strip() for level in _segments(text) if level.strip()]


def outer_and_inner(text: str) -> tuple[list[str], str]:
    """The outer levels (stripped) and the innermost one as typed, its trailing space kept
    (a search as you type reads a last word without one as a prefix); a level closed by a
    `|` with nothing after it is whole, so it gets a space."""
    segments = _segments(text)
    while len(segments) > 1 and not segments[-1].strip():
        segments.pop()
        segments[-1] += " "
    outer = [level.strip() for level in segments[:-1] if level.strip()]
    return outer, segments[-1]


def _segments(text: str) -> list[str]:
    """The text cut at each single `|` outside quotes."""
    segments: list[str] = []
    start = 0
    quoted = False
    n = len(text)
    for i, c in enumerate(text):
        if c in QUOTES:
            quoted = not quoted
        elif (
            c == "|"
            and not quoted
            and (i == 0 or text[i - 1] != "|")
            and (i + 1 >= n or text[i + 1] != "|")
        ):
            segments.append(text[start:i])
            start = i + 1
    segments.append(text[start:])
    return segments


def join_chain(levels: list[str]) -> str:
    """The query text of these levels (split_chain's inverse)."""
    return " | ".join(levels)


def step_back(text: str) -> str | None:
    """The query one level out (`a | b` -> `a`, `a | ` -> `a`); None at the outermost."""
    segments = _segments(text)
    if len(segments) < 2:
        return None
    levels = split_chain(text)
    if segments[-1].strip():
        levels = levels[:-1]
    return join_chain(levels) if levels else None
