"""The levels of a narrowed query: `ukraine | missiles` is two. The text is cut at each single
`|` outside quotes (`||` is OR, and stays), before anything else reads it: the search layer's
narrowing (search/narrowing.py) and the `tag:` words (tags.py) both start here.

Pure string handling.
"""

from __future__ import annotations

MAX_QUERY_CHARS = 2000  # what a query's level reads of what was typed (search/query.py)
MAX_LEVELS = 8  # the levels a narrowed search holds at most (search/service.py)
QUOTES = '"\u201c\u201d\u201e\u201f\u00ab\u00bb\uff02'  # what query.py reads as a double quote


def cut_levels(text: str) -> list[str]:
    """The text cut at each single `|` outside quotes, each piece as typed (empty ones too)."""
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
