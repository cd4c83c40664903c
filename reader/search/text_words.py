"""A text's words read as the index reads them (highlight.py marks and counts matches with
them): the index's tokenizer (its pattern and word_pieces) and an analyzer's filters, the
filters once per distinct word (cached), which gives what the analyzer gives (its filters read
one word at a time) in a fraction of the time. No Whoosh query runs here.
"""

from __future__ import annotations

from collections.abc import Iterator

from reader.search.analysis import (
    ANALYZER,
    EXACT_ANALYZER,
    TOKEN_RE,
    WordAnalyzer,
    one_piece,
    word_pieces,
)

# The body's reading gives the parts of dotted names too, as the body indexes them; the exact
# fields' does not.
_READ_CACHE_MAX = 200_000
_read_terms: dict[str, str | None] = {}
_read_exact: dict[str, str | None] = {}


def _term_of(word: str, analyzer: WordAnalyzer, cache: dict[str, str | None]) -> str | None:
    """The term one token of the tokenizer becomes through the analyzer's filters (None when
    it is stopped)."""
    if len(cache) > _READ_CACHE_MAX:
        cache.clear()
    term = next((t.text for t in analyzer(word, tokenize=False, mode="index")), None)
    cache[word] = term
    return term


def read_words(text: str, *, exact: bool = False) -> Iterator[tuple[str, int, int, int]]:
    """(term, position, start, end) of each word of text as the body field reads it (with
    exact: as the exact field does, for phrases), start and end its characters in text: the
    tokenizer's own pieces (word_pieces), each through the analyzer's filters."""
    if exact:
        analyzer, cache, dotted = EXACT_ANALYZER, _read_exact, False
    else:
        analyzer, cache, dotted = ANALYZER, _read_terms, True
    pos = 0
    for m in TOKEN_RE.finditer(text):
        word = m.group(0)
        if one_piece(word):  # most words
            term = cache[word] if word in cache else _term_of(word, analyzer, cache)
            if term is not None:
                yield term, pos, m.start(), m.end()
            pos += 1
            continue
        for piece, start, end, step in word_pieces(word, m.start(), "index", dotted):
            term = cache[piece] if piece in cache else _term_of(piece, analyzer, cache)
            if term is not None:
                yield term, pos, start, end
            pos += step


def term_spans(text: str, terms: frozenset[str], limit: int | None = None) -> list[tuple[int, int]]:
    """(start, end) of each word of text whose term, as the body field reads it (read_words),
    is among terms (the first `limit` of them): read_words' loop, kept to what marking needs."""
    spans: list[tuple[int, int]] = []
    cache = _read_terms
    for m in TOKEN_RE.finditer(text):
        if limit is not None and len(spans) >= limit:
            break
        word = m.group(0)
        if one_piece(word):
            term = cache[word] if word in cache else _term_of(word, ANALYZER, cache)
            if term in terms:
                spans.append(m.span())
            continue
        for piece, start, end, _ in word_pieces(word, m.start(), "index", True):
            term = cache[piece] if piece in cache else _term_of(piece, ANALYZER, cache)
            if term in terms:
                spans.append((start, end))
    return spans
