"""A search restricted to tagged articles: the articles a query's `tag:` words keep
(`kept_by_tags`, the one place that reads them against the tags), and the index's answer to its
words kept to those articles. Used by the app's search worker and by `reader search`."""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import replace
from typing import Protocol

from reader.core.tag_names import tag_word
from reader.search.parsed import ParsedQuery, parse_query
from reader.search.results import SearchHit, SearchResults
from reader.search.service import SearchIndex

RESULTS_SHOWN = 50  # as many as a search of words alone shows
# Hits asked of the index before they are kept to the tagged articles: the tagged ones are
# found among this many of the best.
TAGGED_SEARCH_LIMIT = 2000


class TagLookup(Protocol):
    """The articles with each tag (core.tags.Tags), read from any thread."""

    def paths_with(self, tag: str) -> Collection[str]: ...


def kept_by_tags(
    query: ParsedQuery,
    tags: TagLookup | None,
    paths: Collection[str],
    date: Callable[[str], float] | None = None,
) -> tuple[str, ...] | None:
    """The articles of paths that the query's `tag:` words keep, newest first (date gives an
    article's date; equal dates keep the order of paths), or None when the query names no
    tag. Without date they come in no set order, for a caller that ranks them. With tags None
    (not read yet) no article has a tag, so none is kept.

    With a tag to include, only the articles that have it are looked at; with only tags to
    exclude, every article of paths is (call it from a worker: 100,000 articles take a few
    milliseconds, and ordering them tens)."""
    if not query.tagged:
        return None
    if tags is None:
        return ()
    excluded: set[str] = set()
    for tag in query.exclude:
        excluded.update(tags.paths_with(tag))
    if query.include:
        first, *others = query.include
        found = set(tags.paths_with(first))
        for tag in others:
            found.intersection_update(tags.paths_with(tag))
        kept = [path for path in found - excluded if path in paths]
        if date is not None:
            kept.sort()  # a set's order: equal dates by path
    else:
        kept = [path for path in paths if path not in excluded]
    if date is not None:
        kept.sort(key=lambda path: -date(path))
    return tuple(kept)


def search_within(
    index: SearchIndex,
    query: ParsedQuery,
    within: tuple[str, ...],
    *,
    time_limit: float | None = None,
    limit: int = RESULTS_SHOWN,
) -> SearchResults:
    """The answer to the query's words kept to the articles in within; with no word but the
    tags, every one of them, in their order (titled by the caller: the index is not asked). A
    query being typed is asked as the app asks at each keystroke (the snippets of the hits are
    made later); else complete, with every hit's snippet, as `reader search` prints them."""
    text = query.text
    described = query.describe()
    if not query.has_words:
        hits = tuple(
            SearchHit(path=path, title="", score=0.0, source=None, date=None, all_words=True)
            for path in within
        )
        return SearchResults(
            query=text, hits=hits, total=len(hits), all_words_total=len(hits), message=described
        )
    results = index.search(
        query, time_limit=time_limit, limit=max(limit, TAGGED_SEARCH_LIMIT), snippets=0
    )
    allowed = set(within)
    kept = [hit for hit in results.hits if hit.path in allowed]
    shown = kept[:limit]
    if not query.typing:
        made = index.snippets([hit.path for hit in shown], results.terms)
        shown = [
            replace(hit, snippet=snippet, snippet_spans=spans)
            for hit, (snippet, spans) in zip(shown, made, strict=True)
        ]
    every = sum(1 for hit in kept if hit.all_words)
    message = results.message
    if results.fallback or not kept:  # the index's counts were of every article
        message = described if every == len(kept) else f"{every:,} with every word; closest follow"
    return replace(
        results,
        query=text,
        hits=tuple(shown),
        total=len(kept),
        all_words_total=every,
        fallback=every < len(kept),
        message=message,
        suggestion=_with_tags(results.suggestion, query) if not kept else None,
    )


def matching_within(
    index: SearchIndex,
    text: str,
    folder: Collection[str],
    tags_of: Callable[[str], Collection[str]] | None,
) -> frozenset[str]:
    """The paths a search of text lists before the list's filters (what a saved search
    counts): the index's matches of its words (`SearchIndex.matching`), or with no word but the
    tags, every article in folder; kept to those its `tag:` words allow (tags_of gives an
    article's tags; None: the tags are not read yet, so no article has one). Complete: call it
    from a worker."""
    query = parse_query(text)
    if not query.tagged:
        return index.matching(query)
    if tags_of is None:
        return frozenset()
    paths = index.matching(query) if query.has_words else folder
    return frozenset(path for path in paths if query.keeps(tags_of(path)))


def _with_tags(suggestion: str | None, query: ParsedQuery) -> str | None:
    """A suggestion for the words, with the query's tag words after it (Ctrl+Y keeps them)."""
    if suggestion is None:
        return None
    tags = [tag_word(tag) for tag in query.include]
    tags += [tag_word(tag, excluded=True) for tag in query.exclude]
    return " ".join([suggestion, *tags])
