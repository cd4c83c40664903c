"""A body block while it is being classified: what structure.py cuts a text into and debris.py
reads (kept apart from debris.py so that reading a text's structure does not compile debris's
patterns: they are compiled when an article is first parsed, not at every start)."""

from __future__ import annotations

from dataclasses import dataclass

STRUCTURE_KINDS = frozenset({"heading", "code", "list"})  # what debris's rules never touch


@dataclass(slots=True)
class Piece:
    """A body block while it is being classified."""

    raw: str  # the block as written (Markdown source for .md files)
    text: str  # whitespace collapsed, markup stripped
    words: int
    kind: str = "paragraph"  # paragraph | heading | code | list | caption | credit | removed
    level: int = 0  # a heading's level, 1 the highest
    why: str = ""  # why a removed block went: source, copyright, debris, dateline, byline, ...
