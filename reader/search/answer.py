"""One query answered on an open searcher: the parsed query ranked (all its words first, then
the closest matches), its hits made from their stored fields (the first few with a snippet),
and the message that says what was found. SearchIndex (service.py) opens the searcher, holds
the index's lock meanwhile and catches what fails; this module only answers.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any

from reader.search.compile import NEGATIVE_ONLY, Builder, Parts, split
from reader.search.errors import SearchError
from reader.search.highlight import file_snippet
from reader.search.narrowing import join_chain
from reader.search.parsed import Level
from reader.search.prepared import Prepared, Said
from reader.search.query import QueryTree
from reader.search.ranking import top_docs
from reader.search.results import SearchHit, SearchResults
from reader.search.spelling import Vocabulary, suggest

CUT_SHORT = "Best matches so far; the complete ranking follows when you pause"


class Answer:
    """Answers on one searcher, making at most `snippets` snippets in all (each re-reads and
    parses its file); the other hits have snippet "" and no spans."""

    def __init__(self, searcher: Any, vocabulary: Vocabulary, snippets: int) -> None:
        self.searcher = searcher
        self.vocabulary = vocabulary
        self.snippets_left = max(0, snippets)

    def of(
        self,
        text: str,
        parsed: QueryTree,
        *,
        limit: int,
        deadline: float,
        within: set[int] | None,
        outer: tuple[Level, ...],
        typing: bool,
    ) -> SearchResults:
        """The answer to the tree of a query's innermost level (parsed.ParsedQuery; text as
        typed), searched among `within` (None: every article), `outer` the levels before its
        `|`; stops at `deadline` (time.monotonic())."""
        s = self.searcher
        parts = split(parsed.node) if parsed.node is not None else None
        if parts is not None:
            builder = Builder(s, self.vocabulary, parsed.node, typing=typing)
            results = self._of_parts(text, parsed, parts, builder, limit, deadline, within)
            if outer and results.suggestion is not None:
                # "Did you mean" replaces the whole query: the outer levels stay
                chain = [level.words for level in outer]
                results = replace(results, suggestion=join_chain([*chain, results.suggestion]))
            return results
        # An OR at the top (or nothing to search): one query, every part strict.
        built = Builder(s, self.vocabulary, parsed.node, typing=typing).build(parsed.node)
        notes = [*parsed.notes, *built.notes]
        if built.query is None:
            return empty(text, first(notes) or "Nothing to search for")
        if built.query is NEGATIVE_ONLY:
            return empty(text, "Add a word to search for; -word and NOT only exclude")
        top, total, timed_out = top_docs(s, built.query, limit, deadline, within)
        terms = frozenset(built.terms)
        hits = [self.hit(s.stored_fields(d), score, terms, True) for score, d in top]
        partial = built.partial or timed_out
        message = first(notes)
        if timed_out and message is None:
            message = CUT_SHORT
        return SearchResults(
            query=text,
            hits=tuple(hits),
            total=total,
            all_words_total=total,
            message=message,
            terms=terms,
            partial=partial,
            cut_short=timed_out,
        )

    def _of_parts(
        self,
        text: str,
        parsed: QueryTree,
        parts: Parts,
        builder: Builder,
        limit: int,
        deadline: float,
        within: set[int] | None = None,
    ) -> SearchResults:
        """Words joined by AND: articles with all of them first, counted exactly, then the
        closest matches (some of the words). Operators hold meanwhile: quoted phrases, field:,
        +word, word*, word~ and bracketed ORs are required, -word and NOT excluded (a phrase
        relaxes only when no article holds it with one of the words: ranking.rank). With
        `within`, only those documents."""
        s = builder.searcher
        prepared = Prepared.of(parts, builder)
        n = prepared.n
        notes = [*parsed.notes, *builder.notes]
        if not prepared.searchable:
            if prepared.excluded:
                return empty(text, "Add a word to search for; -word and NOT only exclude")
            return empty(text, first(notes) or "Only common words: nothing to search for")
        phrases = prepared.phrases
        ranked = prepared.rank(s, limit, deadline + 0.1, within)
        relaxed_terms = prepared.relaxed_terms
        terms = set(builder.terms)
        if ranked.phrases_relaxed:
            terms |= relaxed_terms
        frozen = frozenset(terms)
        top = [(sc, d, True) for sc, d in ranked.all_top]
        top += [(sc, d, False) for sc, d in ranked.rest_top]
        hits = [self.hit(s.stored_fields(d), sc, frozen, every) for sc, d, every in top]
        all_total = ranked.all_total
        total = all_total + ranked.rest_total
        fallback = ranked.rest_total > 0
        message = first(notes)
        if ranked.rest_top:  # closest matches are among the hits (not when `limit` is filled)
            if all_total == 0:
                message = f"No article has all {n} words; closest matches below"
            elif all_total == 1:
                message = f"1 article has all {n} words; closest matches follow"
            else:
                message = f"{all_total:,} articles have all {n} words; closest matches follow"
        elif total == 0 and phrases and message is None:
            message = (
                "No article has the quoted words word for word; without quotes they match loosely"
            )
        partial = builder.partial or ranked.partial
        suggestion = None
        only_words = not (parts.phrases or parts.required or parts.excluded)
        # The suggestion is the whole query with words corrected: only of a query of words;
        # a prefix that completed to nothing is a whole word, perhaps misspelt.
        if only_words and not parsed.notes and (all_total == 0 or builder.unknown):
            asked = [
                replace(w, prefix=False) if w in builder.whole_words else w for w in parts.words
            ]
            suggestion = suggest(s, self.vocabulary, asked, all_total)
        if ranked.partial and message is None:
            message = CUT_SHORT
        return SearchResults(
            query=text,
            hits=tuple(hits),
            total=total,
            all_words_total=all_total,
            message=message,
            terms=frozen,
            fallback=fallback,
            partial=partial,
            suggestion=suggestion,
            cut_short=ranked.partial,
        )

    def hit(
        self, stored: dict[str, Any], score: float, terms: frozenset[str], all_words: bool
    ) -> SearchHit:
        """One hit from a document's stored fields; with a snippet while any are left."""
        path = stored.get("path", "")
        snippet: str = ""
        spans: tuple[tuple[int, int], ...] = ()
        if self.snippets_left > 0:
            self.snippets_left -= 1
            snippet, spans = file_snippet(path, terms)
        date = stored.get("date")
        return SearchHit(
            path=path,
            title=stored.get("title") or Path(path).stem,
            score=float(score),
            snippet=snippet,
            snippet_spans=spans,
            source=stored.get("source") or None,
            date=float(date) if isinstance(date, (int, float)) else None,
            all_words=all_words,
        )


def first(notes: Iterable[str]) -> str | None:
    """The first note, said as the message, or None."""
    return next(iter(notes), None)


def empty(text: str, message: str | None, error: SearchError | None = None) -> SearchResults:
    """An answer without hits: why in message, and error when the search could not run."""
    return SearchResults(
        query=text, hits=(), total=0, all_words_total=0, message=message, error=error
    )


def said_before(results: SearchResults, said: Said) -> SearchResults:
    """The answer to a narrowed search (`a* | b*`), saying also what bounds left out of the
    levels before its `|`: only the innermost level's were said."""
    if not said.notes:
        return results
    more = len(said.notes) - 1
    before = f"before |: {said.notes[0]}" + (f" (and {more} more)" if more else "")
    message = f"{results.message} · {before}" if results.message else before
    return replace(results, message=message, partial=results.partial or said.partial)
