"""A query parsed once: what the user typed -> its levels (`ukraine | missiles` is two: the
second is searched among the articles the first matches), the tags each names (`tag:war` keeps
the search to the articles with that tag; `-tag:opinion` and `NOT tag:opinion` to those
without; `has:highlights` to the articles with highlights, read as a tag they all have:
tag_names.HIGHLIGHTED), and the words of each level as a query tree (query.py). The index
(service.SearchIndex), the app's search worker and `reader search` all run this one value.

The text is cut at each single `|` outside quotes (narrowing.cut_levels), then each level's
tag words are taken out of its words; a quote is what the word parser reads as one
(query.QUOTES), so a `|` or a tag word inside a phrase is the phrase's. A tag word in any
level keeps the whole search to the tagged articles: `missiles|tag:war` is the word and the tag.

Pure string handling, no Whoosh.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from functools import cached_property, lru_cache

from reader.core.tag_names import HIGHLIGHTED, normalize_tag
from reader.search.narrowing import cut_levels
from reader.search.query import QUOTES, QueryTree, parse

__all__ = ["Level", "ParsedQuery", "parse_query"]

_TAG_WORD = re.compile(r"([-+]?)(?:tag:(.*)|has:(highlights?))", re.IGNORECASE | re.DOTALL)
_CONNECTIVES = ("AND", "OR")
_SPACES = re.compile(r"(\s+)")


@dataclass(frozen=True)
class Level:
    """One level of a query: its words as the word parser reads them (its tag words taken out,
    the spaces as typed), the tags it names, and whether its last word is being typed (only
    the innermost level's can be: a level closed by `|` is whole)."""

    text: str
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    typing: bool = False

    @cached_property
    def tree(self) -> QueryTree:
        """The query tree of the level's words, parsed when first asked for (by the worker
        that searches, not by the UI thread that only asks whether there are tags)."""
        return parse(self.text, typing=self.typing)

    @property
    def words(self) -> str:
        """The level's words as a level of a chain shows them (stripped)."""
        return self.text.strip()


@dataclass(frozen=True, slots=True)
class ParsedQuery:
    """What was typed, and its levels, outermost first: each piece between single `|`s that
    has words or tags (empty pieces are dropped). typing: the query is being typed, so the
    innermost level's last word is a prefix (unless a space, a tag word or a `|` follows it).
    include and exclude: the tags of every level, each once, in the order typed: an article
    must have every tag included and none excluded."""

    text: str
    levels: tuple[Level, ...]
    typing: bool = False
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()

    @property
    def tagged(self) -> bool:
        """Whether the query names tags at all."""
        return bool(self.include or self.exclude)

    def keeps(self, tags: Collection[str]) -> bool:
        """Whether an article with these tags answers the query's tag words."""
        return all(t in tags for t in self.include) and not any(t in tags for t in self.exclude)

    def describe(self) -> str:
        """A few words for the status line: 'tagged war and kyiv, not tagged opinion'."""
        include = [tag for tag in self.include if tag != HIGHLIGHTED]
        exclude = [tag for tag in self.exclude if tag != HIGHLIGHTED]
        parts = []
        if include:
            parts.append("tagged " + " and ".join(include))
        if exclude:
            parts.append("not tagged " + " or ".join(exclude))
        if HIGHLIGHTED in self.include:
            parts.append("with highlights")
        if HIGHLIGHTED in self.exclude:
            parts.append("without highlights")
        return ", ".join(parts)

    @property
    def searched(self) -> tuple[Level, ...]:
        """The levels with words, what the index is asked (a level of tags alone asks nothing:
        `missiles | tag:war` searches "missiles" as a whole word)."""
        return tuple(level for level in self.levels if level.words)

    @property
    def outer(self) -> tuple[Level, ...]:
        """The levels searched before the innermost: they narrow what it ranks."""
        return self.searched[:-1]

    @property
    def inner(self) -> Level:
        """The innermost level with words, whose matches are ranked (an empty one when the
        query has no words)."""
        searched = self.searched
        return searched[-1] if searched else Level("")

    @property
    def has_words(self) -> bool:
        """Whether any level has a word to search for (`tag:war` alone has none)."""
        return any(c.isalnum() for level in self.searched for c in level.text)


@lru_cache(maxsize=16)
def parse_query(text: str, *, typing: bool = False) -> ParsedQuery:
    """Cut any text into its levels and take out their tag words; never raises. The words of
    each level are parsed into their tree when it is first asked for (Level.tree). The same
    text asked again is the same value (the search box asks at each key whether the query
    has tags; a pasted 65,536 characters of `-tag:` words took 2 s to read, now 0.1 s once)."""
    segments = cut_levels(text)
    last = len(segments) - 1
    levels = []
    for i, segment in enumerate(segments):
        level = _level(segment, typing=typing and i == last)
        if level.words or level.include or level.exclude:
            levels.append(level)
    include = tuple(dict.fromkeys(tag for level in levels for tag in level.include))
    exclude = tuple(dict.fromkeys(tag for level in levels for tag in level.exclude))
    return ParsedQuery(text, tuple(levels), typing, include, exclude)


def _level(segment: str, *, typing: bool) -> Level:
    """One level: its tag words (`tag:x`; `-tag:x` and `NOT tag:x` exclude) taken out of its
    words, with an AND or OR joined to one (tags always combine as AND). A tag word inside a
    quoted phrase is part of the phrase; `tag:` with nothing after it (being typed) is
    dropped."""
    lowered = segment.lower()
    if "tag:" not in lowered and "has:" not in lowered:  # the common case: nothing to do
        return Level(segment, typing=typing)
    include: dict[str, None] = {}  # (dicts: each once, in order, found at once)
    exclude: dict[str, None] = {}
    kept: list[str] = []
    word_at: list[int] = []  # where in kept each word is (not a space)
    quoted = False  # the quotes before this piece leave a phrase open
    dropped_last = False  # the previous word was a tag word (a connective after it goes too)
    pieces = _SPACES.split(segment)
    n = 0
    while n < len(pieces):
        piece = pieces[n]
        n += 1
        if not piece or piece.isspace():
            kept.append(piece)
            continue
        match = None if quoted else _TAG_WORD.fullmatch(piece)
        value = (match.group(2) or "") if match is not None else ""
        if value and value[0] in QUOTES:
            # `tag:"long reads"`: the tag is the words up to the closing quote (a missing
            # one: to the end), what follows that quote a word of its own
            (value, rest), n = _quoted_value(value[1:], pieces, n)
            if rest:
                pieces.insert(n, rest)
            tag = normalize_tag(value)
        else:
            quoted ^= sum(c in QUOTES for c in piece) % 2 == 1
            tag = HIGHLIGHTED if match is not None and match.group(3) else normalize_tag(value)
        if match is None:
            if dropped_last and piece in _CONNECTIVES:
                continue
            word_at.append(len(kept))
            kept.append(piece)
            dropped_last = False
            continue
        negated = match.group(1) == "-"
        if word_at and kept[word_at[-1]] in (*_CONNECTIVES, "NOT"):
            negated = negated or kept[word_at[-1]] == "NOT"
            del kept[word_at.pop() :]
        if tag:
            (exclude if negated else include)[tag] = None
        dropped_last = True
    return Level("".join(kept), tuple(include), tuple(exclude), typing)


def _quoted_value(start: str, pieces: list[str], n: int) -> tuple[tuple[str, str], int]:
    """The value of a quoted tag word: ((the text up to the closing quote, what follows that
    quote), the piece after it), start being its text after the opening quote and pieces[n:]
    the pieces after it (words and spaces). Each piece is read once."""
    before: list[str] = []
    text = start
    while True:
        close = next((i for i, c in enumerate(text) if c in QUOTES), None)
        if close is not None:
            return ("".join(before) + text[:close], text[close + 1 :]), n
        before.append(text)
        if n >= len(pieces):
            return ("".join(before), ""), n
        text = pieces[n]
        n += 1
