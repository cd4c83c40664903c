"""Orders and filters of the article list: pure functions over summaries."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from reader.core.article import ArticleSummary

T = TypeVar("T")

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


def _key(sort: str) -> Callable[[ArticleSummary], tuple[object, ...]]:
    if sort == "title":
        return lambda s: (s.title.casefold(), -s.date)
    if sort == "source":
        # articles without a source go last, whatever the order of the others
        return lambda s: (s.source is None, (s.source or "").casefold(), -s.date)
    if sort == "length":
        return lambda s: (-s.words, s.title.casefold())
    return lambda s: (-s.date, s.title.casefold())


def sort_summaries(summaries: Sequence[ArticleSummary], sort: str) -> list[ArticleSummary]:
    """The summaries in the given order (relevance keeps the order they came in)."""
    if sort == RELEVANCE:
        return list(summaries)
    return sorted(summaries, key=_key(sort))


def sort_pairs(
    pairs: Sequence[tuple[ArticleSummary, T]], sort: str
) -> list[tuple[ArticleSummary, T]]:
    """Pairs of (summary, extra) ordered by their summaries (relevance: as they came)."""
    if sort == RELEVANCE:
        return list(pairs)
    key = _key(sort)
    return sorted(pairs, key=lambda pair: key(pair[0]))


def next_sort(current: str, searching: bool) -> str:
    """The order after `current` in the cycle that applies (relevance only while searching)."""
    cycle = SEARCH_SORTS if searching else BROWSE_SORTS
    if current not in cycle:
        return cycle[0]
    return cycle[(cycle.index(current) + 1) % len(cycle)]


@dataclass(frozen=True, slots=True)
class ListFilter:
    """Which articles the list shows: all, or only unread, starred, or of one source."""

    unread: bool = False
    starred: bool = False
    source: str | None = None

    @property
    def active(self) -> bool:
        return self.unread or self.starred or self.source is not None

    def describe(self) -> str:
        """A few words for the header: 'unread · starred · from NBCNews.com'."""
        parts = [name for name, on in (("unread", self.unread), ("starred", self.starred)) if on]
        if self.source is not None:
            parts.append(f"from {self.source}")
        return " · ".join(parts)

    def keep(
        self,
        summary: ArticleSummary,
        is_read: Callable[[str], bool],
        is_starred: Callable[[str], bool],
    ) -> bool:
        """Whether the filter lets this article through."""
        if self.unread and is_read(summary.path):
            return False
        if self.starred and not is_starred(summary.path):
            return False
        return self.source is None or summary.source == self.source


def sources(summaries: Sequence[ArticleSummary]) -> list[tuple[str, int]]:
    """Each source and how many articles it has, most articles first."""
    counts: dict[str, int] = {}
    for summary in summaries:
        if summary.source:
            counts[summary.source] = counts.get(summary.source, 0) + 1
    return sorted(counts.items(), key=lambda item: (-item[1], item[0].casefold()))
