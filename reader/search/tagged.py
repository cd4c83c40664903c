"""A search restricted to tagged articles: the query's `tag:` words are taken out before the
rest reaches the query parser (core/tags.py), and the index's answer is kept to the articles
they allow, as the app's list filters keep theirs. Used by the app's search worker and by
`reader search`."""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import replace

from reader.core.tags import split_tags
from reader.search.results import SearchHit, SearchResults
from reader.search.service import SearchIndex

RESULTS_SHOWN = 50  # as many as a search of words alone shows
# Hits asked of the index before they are kept to the tagged articles: the tagged ones are
# found among this many of the best.
TAGGED_SEARCH_LIMIT = 2000


def search_within(
    index: SearchIndex,
    text: str,
    within: tuple[str, ...],
    *,
    time_limit: float | None = None,
    typing: bool = True,
    limit: int = RESULTS_SHOWN,
) -> SearchResults:
    """The answer to text kept to the articles in within; with no word but the tags, every
    one of them, in their order (titled by the caller: the index is not asked). Typing: as
    the app asks at each keystroke (the snippets of the hits are made later); else complete,
    with every hit's snippet, as `reader search` prints them."""
    query = split_tags(text)
    described = query.describe()
    if not any(c.isalnum() for c in query.text):
        hits = tuple(
            SearchHit(path=path, title="", score=0.0, source=None, date=None, all_words=True)
            for path in within
        )
        return SearchResults(
            query=text, hits=hits, total=len(hits), all_words_total=len(hits), message=described
        )
    results = index.search(
        query.text,
        typing=typing,
        time_limit=time_limit,
        limit=max(limit, TAGGED_SEARCH_LIMIT),
        snippets=0,
    )
    allowed = set(within)
    kept = [hit for hit in results.hits if hit.path in allowed]
    shown = kept[:limit]
    if not typing:
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
        suggestion=_with_tags(results.suggestion, text) if not kept else None,
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
    query = split_tags(text)
    words = any(c.isalnum() for c in query.text)
    if not query.tagged:
        return index.matching(query.text)
    if tags_of is None:
        return frozenset()
    paths = index.matching(query.text) if words else folder
    return frozenset(path for path in paths if query.keeps(tags_of(path)))


def _with_tags(suggestion: str | None, text: str) -> str | None:
    """A suggestion for the words, with the query's tag words after it (Ctrl+Y keeps them)."""
    if suggestion is None:
        return None
    query = split_tags(text)
    tags = [f"tag:{tag}" for tag in query.include] + [f"-tag:{tag}" for tag in query.exclude]
    return " ".join([suggestion, *tags])
