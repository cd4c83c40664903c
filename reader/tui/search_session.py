"""The search the results pane answers: its mode, its generation, and the newest always wins.

Every search asked for gets the next generation, and its answer carries it back: an answer for
any other generation than the current one is dropped, so a stale answer never overwrites a
newer one. One search runs at a time, in a worker thread; a search asked for meanwhile waits,
and a newer one takes its place, so keys typed during a search are coalesced and a fast typist
never queues up stale searches. This bookkeeping happens on the UI thread only (in `ask` and in
`answered`, called by the host's handler): the worker just searches and posts `SearchFinished`.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, replace
from enum import Enum
from functools import partial
from typing import TYPE_CHECKING

from rich.text import Text
from textual.dom import DOMNode
from textual.message import Message

from reader.core.article import ArticleSummary
from reader.search.errors import IndexDamagedError
from reader.search.parsed import ParsedQuery, parse_query
from reader.search.results import SearchResults

if TYPE_CHECKING:  # the search service is imported by the workers that search (see run)
    from reader.search.service import SearchIndex
    from reader.search.tagged import TagLookup

COMING_SECONDS = 2.0  # how long keys typed ahead of a new search's answer wait for it
SETTLE_SECONDS = 0.15  # how long results must stay put before more work is spent on them

Snippet = tuple[str, tuple[tuple[int, int], ...]]  # a snippet and the spans of its matches


class Mode(Enum):
    """What a search looks for."""

    WORDS = "words"  # the articles matching what was typed in the search box
    RELATED = "related"  # the articles most like one article


@dataclass(frozen=True, slots=True)
class Scope:
    """What a search's `tag:` words are read against, as the UI had it when the search was
    asked: the articles' tags (None: not read yet) and the articles listed, by path. The
    search worker reads it, so neither may change in place (the library replaces its
    mapping; the tags are safe to read from any thread)."""

    tags: TagLookup | None
    articles: Mapping[str, ArticleSummary]


@dataclass(frozen=True, slots=True)
class Search:
    """One search: its mode, and the words typed (WORDS) or the article's path (RELATED).

    A search of typed words is given a time limit, so each keystroke answers quickly; one that
    comes back cut short is asked again `complete`, once typing pauses."""

    mode: Mode
    text: str
    complete: bool = False

    @property
    def query(self) -> ParsedQuery | None:
        """The words typed, parsed (their trees are parsed when the worker searches them);
        None for the related articles."""
        return parse_query(self.text, typing=True) if self.mode is Mode.WORDS else None

    @property
    def tagged(self) -> bool:
        """Whether the search names tags: what it lists depends on the articles' tags."""
        query = self.query
        return query is not None and query.tagged

    @property
    def unranked(self) -> bool:
        """Whether the search has no words to rank by: `tag:war` alone lists its articles
        newest first, not best match first."""
        query = self.query
        return query is not None and query.tagged and not query.has_words

    def run(
        self, index: SearchIndex, scope: Scope | None = None, snippets: int | None = None
    ) -> SearchResults:
        """The answer (slow: call it from a worker); a search with `tag:` words is kept to
        the articles of scope that they keep. Of a search of words, the first `snippets` hits
        come with their snippet (None: the engine's screenful, highlight.SNIPPET_EAGER)."""
        # Imported here, in the worker, not with the app: the first screen does without the
        # search service (70 ms of a start-up).
        from reader.search.service import TYPING_TIME_LIMIT
        from reader.search.tagged import kept_by_tags, search_within

        query = self.query
        if query is None:
            return index.related(self.text)
        limit = None if self.complete else TYPING_TIME_LIMIT
        if not query.tagged:
            return index.search(query, time_limit=limit, snippets=snippets)
        tags, articles = (None, {}) if scope is None else (scope.tags, scope.articles)
        # Listed newest first when there is no word to rank them by.
        date = None if query.has_words else (lambda path: articles[path].date)
        within = kept_by_tags(query, tags, articles.keys(), date)
        return search_within(index, query, within or (), time_limit=limit)


@dataclass(frozen=True, slots=True)
class _Request:
    """A search to run in the worker, with what it needs and the generation it answers."""

    index: SearchIndex
    search: Search
    scope: Scope | None
    generation: int
    snippets: int | None  # the hits given their snippet in the answer: those on the screen


@dataclass
class SearchFinished(Message):
    """A search worker has results for the search of one generation."""

    results: SearchResults
    generation: int


@dataclass
class SnippetsMade(Message):
    """A worker made the snippets a search left out: path -> (snippet, spans)."""

    snippets: dict[str, Snippet]
    generation: int


def could_not_run(results: SearchResults) -> bool:
    """Whether the search failed reading the index (then a check and repair is worth
    starting); not a query refused, nor a mistake of reader's (SearchFailedError)."""
    return isinstance(results.error, IndexDamagedError)


class SearchSession:
    """The current search and its results, asked of the index through the host's workers."""

    def __init__(self, host: DOMNode) -> None:
        self._host = host  # runs the workers and receives their messages
        self.generation = 0
        self.search: Search | None = None  # None: browsing, no search
        self.results: SearchResults | None = None  # the current search's answer, once it came
        self._answered = 0  # the generation the results answer
        self.browse_path: str | None = None  # the article selected before the search
        self._running = False
        self._waiting: _Request | None = None
        self._scope: Scope | None = None  # what the current search was asked with
        self._snippets: int | None = None  # and how many of its hits the list shows at once
        self._new = 0  # the generation of the last search that is not the one before, again
        self._new_at = 0.0  # when it was asked

    @property
    def answering(self) -> bool:
        """Whether a search is being answered now (a key's results still to come)."""
        return self._running

    @property
    def searching(self) -> bool:
        """Whether the list shows a search's results rather than the whole folder."""
        return self.search is not None

    @property
    def unanswered(self) -> bool:
        """Whether the current search's answer has yet to come (the results, if any, are an
        older search's)."""
        return self.search is not None and self._answered != self.generation

    @property
    def coming(self) -> bool:
        """Whether the answer to a new search (not the same one asked again: completed, or
        for a changed folder) is on its way, the list showing an older one meanwhile: asked
        of the index, or to be once the index is open, and asked not long ago (an index that
        never opens holds nothing for long)."""
        recent = time.monotonic() - self._new_at < COMING_SECONDS
        return self._answered < self._new and recent

    def ask(
        self,
        search: Search,
        index: SearchIndex | None,
        scope: Scope | None = None,
        snippets: int | None = None,
    ) -> bool:
        """Make this the current search and ask the index (a search with `tag:` words is kept
        to the articles of scope they keep, found by the worker; the first `snippets` hits,
        those the list shows at once, come with their snippet, the others are made once the
        results settle: fill_snippets_later); False while there is no index."""
        before = self.search
        self.search = search
        self._scope, self._snippets = scope, snippets
        self.generation += 1
        if before is None or replace(before, complete=False) != replace(search, complete=False):
            self._new, self._new_at = self.generation, time.monotonic()
        if index is None:
            return False
        request = _Request(index, search, scope, self.generation, snippets)
        if self._running:
            self._waiting = request  # in place of any older one still waiting
        else:
            self._start(request)
        return True

    def _start(self, request: _Request) -> None:
        self._running = True
        # A description, else Textual makes one with repr(work) on the UI thread: the repr of
        # the scope's every article, at each keystroke (0.3 s and more at 200,000 articles).
        self._host.run_worker(
            partial(self._answer, request),
            name="search",
            group="search",
            description="answer a search",
            thread=True,
        )

    def _answer(self, request: _Request) -> None:
        results = request.search.run(request.index, request.scope, request.snippets)
        self._host.post_message(SearchFinished(results, request.generation))

    def answered(self, message: SearchFinished) -> bool:
        """Take an answer and start the search waiting, if any; True when the answer is for
        the current search (it is then the results), False when it is stale."""
        self._running = False
        if self._waiting is not None:
            request, self._waiting = self._waiting, None
            self._start(request)
        if message.generation != self.generation:
            return False
        self.results = message.results
        self._answered = message.generation
        return True

    def complete_later(self, index: SearchIndex) -> None:
        """Ask again, without a time limit, for a search that came back cut short: once the
        results have stayed put for a moment (the next key typed supersedes it)."""
        search, generation = self.search, self.generation
        if search is None or search.complete or self.results is None:
            return
        if not self.results.cut_short:
            return

        def again() -> None:
            if generation == self.generation and self.search == search:
                self.ask(replace(search, complete=True), index, self._scope, self._snippets)

        self._host.set_timer(SETTLE_SECONDS, again)

    def end(self) -> str | None:
        """Back to browsing; returns the article that was selected before the search."""
        self.generation += 1
        self.search = None
        self.results = None
        path, self.browse_path = self.browse_path, None
        return path

    # --- snippets ---------------------------------------------------------------------------

    def fill_snippets_later(self, index: SearchIndex) -> None:
        """Make the snippets the search left out (it makes a screenful), off the typing path:
        only once the results have stayed put for a moment."""
        results, generation = self.results, self.generation
        if results is None or all(hit.snippet for hit in results.hits):
            return

        def fill() -> None:
            if generation == self.generation:
                self._host.run_worker(
                    partial(self._make_snippets, index, results, generation),
                    name="fill_snippets",
                    group="snippets",
                    description="fill the snippets",  # not repr(work): of every hit
                    thread=True,
                    exclusive=True,
                )

        self._host.set_timer(SETTLE_SECONDS, fill)

    def _make_snippets(self, index: SearchIndex, results: SearchResults, generation: int) -> None:
        missing = [hit.path for hit in results.hits if not hit.snippet]
        made: dict[str, Snippet] = {}
        for path in missing:
            if generation != self.generation:
                return  # a newer search was asked for: its keys are not held up by these
            made[path] = index.snippets([path], results.terms)[0]
        self._host.post_message(SnippetsMade(made, generation))

    def take_snippets(self, message: SnippetsMade) -> bool:
        """Put the snippets made into the results; False when they are for another search."""
        if message.generation != self.generation or self.results is None:
            return False
        hits = tuple(
            replace(hit, snippet=made[0], snippet_spans=made[1])
            if (made := message.snippets.get(hit.path))
            else hit
            for hit in self.results.hits
        )
        self.results = replace(self.results, hits=hits)
        return True

    # --- what the status line says ----------------------------------------------------------

    def status(
        self,
        results: SearchResults,
        *,
        indexing: bool,
        progress: tuple[int, int] | None = None,
    ) -> Text:
        """How many articles match, how, and what else is worth knowing about the answer.

        While the index is being built (progress: files done, of how many), a search with no
        hits says that it has none yet, and how far the index is."""
        if self.search is not None and self.search.mode is Mode.RELATED:
            return Text(results.message or "")
        status = Text()
        # When closest matches follow, the search's message says how many have every word.
        if all(hit.all_words for hit in results.hits):
            n = results.all_words_total
            status.append(f"{n:,} article{'s match' if n != 1 else ' matches'}", style="bold")
            if indexing and not results.hits:
                status.append(" yet", style="bold")
        if results.message:
            if status:
                status.append(" · ")
            status.append(results.message)
        if results.cut_short and not results.message:
            status.append(" · best matches so far", style="italic")
        if indexing:
            status.append(" · " if status else "")
            if progress is not None and progress[1]:
                status.append(f"indexing {progress[0]:,} of {progress[1]:,}", style="italic")
            else:
                status.append("still indexing", style="italic")
        if results.suggestion:
            status.append(" · Did you mean: ")
            status.append(results.suggestion, style="bold underline")
            status.append(" (Ctrl+Y)")
        return status
