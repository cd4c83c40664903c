"""One document's texts read for the index writer (segments.py): each text's words found
once per pattern, their pieces once per tokenizer (the words of dotted and joined names
split as the tokenizer splits them), and from the terms of those pieces a positions field's
positions and a WordText field's length. No Whoosh.
"""

from __future__ import annotations

import re
from collections import defaultdict

from reader.search.analysis import split_words, word_pieces


class Pieces:
    """The tokens of one text as a tokenizer gives them in "index" mode (from the text's
    words as its pattern finds them), and their positions counted from 0."""

    __slots__ = ("words", "positions", "end")

    def __init__(self, words: list[str], dotted_parts: bool, split: set[str]) -> None:
        """The pieces of words, where the words in split are those word_pieces splits
        (analysis.split_words)."""
        out: list[str] = []
        poss: list[int] = []
        pos = end = 0
        for word in words:
            if word not in split:
                out.append(word)
                poss.append(pos)
                pos += 1
                end = pos
                continue
            for piece, _, _, step in word_pieces(word, 0, "index", dotted_parts):
                out.append(piece)
                poss.append(pos)
                end = max(end, pos + 1)
                pos += step
        self.words: list[str] = out
        self.positions: list[int] | range = poss
        self.end = end

    @classmethod
    def plain(cls, words: list[str]) -> Pieces:
        """The pieces of words each one piece: a word a position (most texts)."""
        got = cls.__new__(cls)
        got.words, got.positions, got.end = words, range(len(words)), len(words)
        return got


class Read:
    """One text's words as a pattern finds them, and its pieces for each tokenizer of that
    pattern: a text is read once for all the fields that read it (the title for title and
    title_exact, the parts of the body for body and exact)."""

    __slots__ = ("words", "split", "plain", "dotted", "undotted")

    def __init__(self, expression: re.Pattern[str], text: str) -> None:
        self.words: list[str] = expression.findall(text)
        self.split = split_words(self.words)
        self.plain = None if self.split else Pieces.plain(self.words)
        self.dotted: Pieces | None = None
        self.undotted: Pieces | None = None

    def pieces(self, dotted_parts: bool) -> Pieces:
        if self.plain is not None:
            return self.plain
        if dotted_parts:
            self.dotted = self.dotted or Pieces(self.words, True, self.split)
            return self.dotted
        self.undotted = self.undotted or Pieces(self.words, False, self.split)
        return self.undotted


def _shifted(positions: list[int] | range, start: int) -> list[int] | range:
    if not start:
        return positions
    if isinstance(positions, range):
        return range(start, start + len(positions))
    return [p + start for p in positions]


# A text read for a field: its pieces, and the term each piece becomes, as a number
# (term_cache.TermIds; None: stopped).
ReadTerms = tuple[Pieces, list[int | None]]


def held_positions(texts: list[ReadTerms]) -> int:
    """How many positions hold a word kept (not stopped): WordText's length, where the parts
    of a dotted or hyphenated word stand at one position and count once."""
    held = 0
    for part, got in texts:
        if isinstance(part.positions, range):  # a word a position
            held += len(got) - got.count(None)
        else:
            held += len({p for p, t in zip(part.positions, got, strict=True) if t is not None})
    return held


def positions_of(texts: list[ReadTerms]) -> dict[int | None, list[int]]:
    """term -> its positions in a value of one or more parts (ExactText: each part starts a
    position past the last one's end, so that no phrase spans two parts)."""
    found: defaultdict[int | None, list[int]] = defaultdict(list)
    start = 0
    for part, got in texts:
        poss: list[int] | range = part.positions
        if isinstance(poss, range):
            for pos, term in enumerate(got, start):
                found[term].append(pos)
        else:
            poss = _shifted(poss, start)
            for term, pos in zip(got, poss, strict=True):
                found[term].append(pos)
        if None in got:  # the part ends after its last word kept
            end = max((p + 1 for t, p in zip(got, poss, strict=True) if t is not None), default=0)
            start = max(start, end) + 1
        else:
            start += part.end + 1
    return found
