"""Orders and filters of the article list: pure functions over summaries."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from itertools import groupby
from typing import TypeVar

from reader.core.article import ArticleSummary

T = TypeVar("T")
Pair = TypeVar("Pair", bound=tuple[ArticleSummary, object])  # a (summary, extra) pair

RELEVANCE = "relevance"
BROWSE_SORTS = ("date", "title", "source", "length")
SEARCH_SORTS = (RELEVANCE, *BROWSE_SORTS)
SORT_LABELS = {
    "date": "newest first",
    "title": "title A–Z",
    "source": "source A–Z",
    "length": "longest first",
    RELEVANCE: "best match first",
}


_NUMBER = re.compile(r"[0-9]+")
# Combining marks (the main Unicode blocks of them): what NFKD splits off a letter's accent.
_MARKS = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+")


def _number(match: re.Match[str]) -> str:
    digits = match.group(0).lstrip("0")
    return f"\x01{chr(len(digits))}{digits}"


_KEYS: dict[str, tuple[str, str]] = {}  # natural keys of the titles and sources seen: a
# folder's names are sorted again at every change of order or filter, and rarely change
_KEYS_MAX = 250_000


def natural_key(text: str) -> tuple[str, str]:
    """How a name sorts for people: case and accents folded, runs of digits as numbers
    ("PEP 2" before "PEP 10"), ties broken by the text itself so the order is total.

    One string, so sorting 100,000 titles stays cheap: each run of digits becomes U+0001, a
    character for its length without leading zeros, then the digits; so a shorter number sorts
    first, equal lengths compare digit by digit, and a number sorts before any text at the same
    place (titles hold no control characters to collide with U+0001)."""
    key = _KEYS.get(text)
    if key is not None:
        return key
    folded = text.casefold()
    if not folded.isascii():
        folded = _MARKS.sub("", unicodedata.normalize("NFKD", folded))
    if _NUMBER.search(folded) is not None:
        folded = _NUMBER.sub(_number, folded)
    if len(_KEYS) >= _KEYS_MAX:
        _KEYS.clear()
    key = _KEYS[text] = (folded, text)
    return key


def _sorted(items: Sequence[T], summary: Callable[[T], ArticleSummary], sort: str) -> list[T]:
    if sort == "title":
        return sorted(items, key=lambda x: (natural_key(summary(x).title), -summary(x).date))
    if sort == "source":
        # articles without a source go last, whatever the order of the others
        return sorted(
            items,
            key=lambda x: (
                summary(x).source is None,
                natural_key(summary(x).source or ""),
                -summary(x).date,
            ),
        )
    first: Callable[[T], float] = (
        (lambda x: -summary(x).words) if sort == "length" else (lambda x: -summary(x).date)
    )
    # Ties in date or length, and only they, are ordered by title: folding every title of a
    # big folder to break the few ties would cost most of the sort.
    ordered = sorted(items, key=first)
    out: list[T] = []
    for _, group in groupby(ordered, key=first):
        run = list(group)
        if len(run) > 1:
            run.sort(key=lambda x: natural_key(summary(x).title))
        out.extend(run)
    return out


def _same(s: ArticleSummary) -> ArticleSummary:
    return s


def _first(pair: tuple[ArticleSummary, object]) -> ArticleSummary:
    return pair[0]


def sort_summaries(summaries: Sequence[ArticleSummary], sort: str) -> list[ArticleSummary]:
    """The summaries in the given order (relevance keeps the order they came in)."""
    if sort == RELEVANCE:
        return list(summaries)
    return _sorted(summaries, _same, sort)


def sort_pairs(pairs: Sequence[Pair], sort: str) -> list[Pair]:
    """Pairs of (summary, extra), or a NamedTuple of them, ordered by their summaries
    (relevance: as they came)."""
    if sort == RELEVANCE:
        return list(pairs)
    return _sorted(pairs, _first, sort)


def next_sort(current: str, searching: bool) -> str:
    """The order after `current` in the cycle that applies (relevance only while searching)."""
    cycle = SEARCH_SORTS if searching else BROWSE_SORTS
    if current not in cycle:
        return cycle[0]
    return cycle[(cycle.index(current) + 1) % len(cycle)]


@dataclass(frozen=True, slots=True)
class ListFilter:
    """Which articles the list shows: all, or only unread, starred, of one source, with one
    tag."""

    unread: bool = False
    starred: bool = False
    source: str | None = None
    tag: str | None = None

    @property
    def active(self) -> bool:
        return self.unread or self.starred or self.source is not None or self.tag is not None

    def describe(self) -> str:
        """A few words for the header: 'unread · starred · from NBCNews.com'."""
        parts = [name for name, on in (("unread", self.unread), ("starred", self.starred)) if on]
        if self.source is not None:
            parts.append(f"from {self.source}")
        if self.tag is not None:
            parts.append(f"tagged {self.tag}")
        return " · ".join(parts)

    def keep(
        self,
        summary: ArticleSummary,
        is_read: Callable[[str], bool],
        is_starred: Callable[[str], bool],
        tags_of: Callable[[str], Collection[str]] | None = None,
    ) -> bool:
        """Whether the filter lets this article through (tags_of gives an article's tags)."""
        if self.unread and is_read(summary.path):
            return False
        if self.starred and not is_starred(summary.path):
            return False
        if self.tag is not None and (tags_of is None or self.tag not in tags_of(summary.path)):
            return False
        return self.source is None or summary.source == self.source


def sources(summaries: Sequence[ArticleSummary]) -> list[tuple[str, int]]:
    """Each source and how many articles it has, most articles first."""
    counts: dict[str, int] = {}
    for summary in summaries:
        if summary.source:
            counts[summary.source] = counts.get(summary.source, 0) + 1
    return sorted(counts.items(), key=lambda item: (-item[1], item[0].casefold()))
