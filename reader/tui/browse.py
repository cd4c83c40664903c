"""What the article list shows and in which order: the order while browsing, the order while
searching, the filter (unread, starred, one source), and the rows and header line they give.
Pure: the screen puts the rows in the list."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from rich.text import Text

from reader.core.article import ArticleSummary
from reader.core.ordering import (
    BROWSE_SORTS,
    RELEVANCE,
    SORT_LABELS,
    ListFilter,
    next_sort,
    sort_pairs,
    sort_summaries,
)
from reader.search.results import SearchHit
from reader.tui.widgets.article_list import Marks, ResultRow, TagsOf


def hit_summary(hit: SearchHit, by_path: Mapping[str, ArticleSummary]) -> ArticleSummary:
    """The list's summary of a hit's article (made from the hit when the folder lacks it)."""
    summary = by_path.get(hit.path)
    if summary is not None:
        return summary
    return ArticleSummary(hit.path, hit.title, hit.source, hit.date or 0.0, 0, 0, 0.0)


@dataclass
class ListOrder:
    """The list's two orders (browsing, searching) and its filter."""

    browse_sort: str = "date"
    search_sort: str = RELEVANCE
    list_filter: ListFilter = field(default_factory=ListFilter)
    tags: TagsOf | None = None  # the articles' tags, for the tag filter

    def sort(self, searching: bool) -> str:
        """The order that applies."""
        return self.search_sort if searching else self.browse_sort

    def set_sort(self, sort: str, searching: bool) -> None:
        """Use this order from now on, for searches or for browsing."""
        if searching:
            self.search_sort = sort
        else:
            self.browse_sort = sort

    def cycle(self, searching: bool) -> str:
        """The order after the one that applies (relevance is one of them while searching)."""
        return next_sort(self.sort(searching), searching=searching)

    def restore(self, sort: str | None) -> None:
        """The browsing order of the last session, when it is one."""
        if sort in BROWSE_SORTS:
            self.browse_sort = sort

    def filter_to(self, which: str) -> ListFilter:
        """The filter with unread or starred turned on, or none at all ("all")."""
        if which == "unread":
            return replace(self.list_filter, unread=True)
        if which == "starred":
            return replace(self.list_filter, starred=True)
        return ListFilter()

    def keep(self, summary: ArticleSummary, marks: Marks | None) -> bool:
        """Whether the filter lets this article through."""
        tags_of = self.tags.of if self.tags is not None else None
        if marks is None:
            return not self.list_filter.starred and self.list_filter.tag is None
        return self.list_filter.keep(summary, marks.is_read, marks.is_starred, tags_of)

    def count_kept(self, summaries: Sequence[ArticleSummary], marks: Marks | None) -> int:
        """How many of these articles the filter lets through."""
        if not self.list_filter.active:
            return len(summaries)
        return sum(1 for s in summaries if self.keep(s, marks))

    def empty_text(self, searching: bool) -> str | None:
        """What the list says when the filter left nothing to show (None: no filter is on)."""
        f = self.list_filter
        if not f.active:
            return None
        kinds = [name for name, on in (("unread", f.unread), ("starred", f.starred)) if on]
        what = " ".join([*kinds, "articles"])
        if f.source is not None:
            what += f" from {f.source}"
        if f.tag is not None:
            what += f" tagged {f.tag}"
        return f"No {what}{' match' if searching else ''}; f changes the filters"

    def browse_rows(
        self, summaries: Sequence[ArticleSummary], marks: Marks | None
    ) -> Sequence[ArticleSummary]:
        """The whole folder, filtered, in the browsing order (the catalog comes newest first)."""
        rows = summaries
        if self.list_filter.active:
            rows = [s for s in rows if self.keep(s, marks)]
        if self.browse_sort == "date":
            return rows
        return sort_summaries(rows, self.browse_sort)

    def result_rows(
        self,
        hits: Sequence[SearchHit],
        by_path: Mapping[str, ArticleSummary],
        marks: Marks | None,
    ) -> list[ResultRow]:
        """A search's hits, filtered, in the searching order: each with its article's summary."""
        rows = [ResultRow(hit_summary(hit, by_path), hit) for hit in hits]
        if self.list_filter.active:
            rows = [row for row in rows if self.keep(row.summary, marks)]
        return sort_pairs(rows, self.search_sort)

    def header(
        self,
        root: Path,
        count: int,
        searching: bool,
        kept: int | None = None,
        *,
        unranked: bool = False,
    ) -> Text:
        """The line above the list: the folder, how many articles (kept of count, when the
        filter keeps fewer), the order, the filter. `unranked`: the search has no words to
        rank by (`tag:war` alone lists its articles newest first)."""
        header = Text()
        header.append(" reader ", style="bold reverse")
        header.append("  ")
        header.append(root.name or str(root))
        shown = (
            f"{kept:,} of {count:,}"
            if kept is not None and self.list_filter.active
            else f"{count:,}"
        )
        header.append(f"  ·  {shown} article{'s' if count != 1 else ''}", style="bold")
        sort = self.sort(searching)
        if unranked and sort == RELEVANCE:
            sort = "date"
        header.append(f"  ·  {SORT_LABELS[sort]}", style="dim")
        if self.list_filter.active:
            header.append("  ·  showing ", style="dim")
            header.append(self.list_filter.describe(), style="bold")
        return header
