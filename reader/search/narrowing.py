"""Search within results: `ukraine | missiles` searches "missiles" among the articles that
"ukraine" matches. The split (core/levels.py) happens before the query parser sees any of it.

Pure string handling, no Whoosh.
"""

from __future__ import annotations

from reader.core.levels import cut_levels

__all__ = ["join_chain", "outer_and_inner", "split_chain", "step_back"]


def split_chain(text: str) -> list[str]:
    """The levels of a query, outermost first: the text split at each single `|` outside
    quotes (`||` is OR, and stays). Empty levels are dropped; each level is stripped."""
    return [level.strip() for level in cut_levels(text) if level.strip()]


def outer_and_inner(text: str) -> tuple[list[str], str]:
    """The outer levels (stripped) and the innermost one as typed, its trailing space kept
    (a search as you type reads a last word without one as a prefix); a level closed by a
    `|` with nothing after it is whole, so it gets a space."""
    segments = cut_levels(text)
    while len(segments) > 1 and not segments[-1].strip():
        segments.pop()
        segments[-1] += " "
    outer = [level.strip() for level in segments[:-1] if level.strip()]
    return outer, segments[-1]


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
