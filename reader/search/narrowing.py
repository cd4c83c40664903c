"""Search within results: `ukraine | missiles` searches "missiles" among the articles that
"ukraine" matches. The text is cut into its levels at each single `|` outside quotes (`||` is
OR, and stays) before anything else reads it; a quote is what the query parser reads as one
(query.QUOTES), so a `|` inside a phrase never cuts it. parsed.py builds the whole query on
this cut; the functions below are what the app's search box does with the levels.

Pure string handling, no Whoosh.
"""

from __future__ import annotations

from reader.search.query import QUOTES

__all__ = ["cut_levels", "join_chain", "split_chain", "step_back"]


def cut_levels(text: str) -> list[str]:
    """The text cut at each single `|` outside quotes, each piece as typed (empty ones too);
    joined with `|`, the pieces are the text again."""
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


def split_chain(text: str) -> list[str]:
    """The levels of a query, outermost first: the text split at each single `|` outside
    quotes (`||` is OR, and stays). Empty levels are dropped; each level is stripped."""
    return [level.strip() for level in cut_levels(text) if level.strip()]


def join_chain(levels: list[str]) -> str:
    """The query text of these levels (split_chain's inverse)."""
    return " | ".join(levels)


def step_back(text: str) -> str | None:
    """The query one level out (`a | b` -> `a`, `a | ` -> `a`); None at the outermost."""
    segments = cut_levels(text)
    if len(segments) < 2:
        return None
    levels = split_chain(text)
    if segments[-1].strip():
        levels = levels[:-1]
    return join_chain(levels) if levels else None
