"""Messages the widgets and workers post upward; the app decides what happens."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from reader.core.article import Article, ArticleSummary
from reader.core.state import ReadingState
from reader.search.index import SearchResults, UpdateStats


@dataclass
class ArticleLoaded(Message):
    """A worker finished reading an article."""

    article: Article
    generation: int


@dataclass
class CatalogLoaded(Message):
    """The corpus scan and summaries are ready (final=False: some are provisional)."""

    summaries: list[ArticleSummary]
    final: bool = True
    state: ReadingState | None = None  # the reading state, opened with the first scan
    changed: bool = False  # a later look at the folder found articles added, changed, removed


@dataclass
class FolderPolled(Message):
    """The folder was looked at for changes; it took this long."""

    seconds: float


@dataclass
class IndexProgressed(Message):
    """The index update made progress."""

    done: int
    total: int


@dataclass
class IndexUpdated(Message):
    """The index is up to date (or could not be brought up to date: error says why)."""

    stats: UpdateStats | None
    error: str | None = None


@dataclass
class SearchFinished(Message):
    """A search worker has results for the query of one generation."""

    results: SearchResults
    generation: int


@dataclass
class SnippetsMade(Message):
    """A worker made the snippets a search left out: path -> (snippet, spans)."""

    snippets: dict[str, tuple[str, tuple[tuple[int, int], ...]]]
    generation: int
