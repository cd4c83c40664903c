"""A text's words read as the index reads them (highlight.py marks and counts matches with
them): the index's tokenizer (its pattern and word_pieces) and an analyzer's filters, the
filters once per distinct word (cached), which gives what the analyzer gives (its filters read
one word at a time) in a fraction of the time. No Whoosh query runs here.
"""

from __future__ import annotations

from collections.abc import Iterator

from reader.search.analysis import ANALYZER, EXACT_ANALYZER, TOKEN_RE, one_piece, word_pieces
from reader.search.term_cache import Terms

# The body's reading gives the parts of dotted names too, as the body indexes them; the exact
# fields' does not. Each cache works a word out by the analyzer's own filter steps, once
# (term_cache: what the index writer reads words through; the analyzer called a word at a
# time took twice as long, most of a cold `reader search`'s snippets).
_READ_CACHE_MAX = 200_000
_read_terms = Terms(ANALYZER)
_read_exact = Terms(EXACT_ANALYZER)
_read_terms.LIMIT = _read_exact.LIMIT = _READ_CACHE_MAX


def read_words(text: str, *, exact: bool = False) -> Iterator[tuple[str, int, int, int]]:
    """(term, position, start, end) of each word of text as the body field reads it (with
    exact: as the exact field does, for phrases), start and end its characters in text: the
    tokenizer's own pieces (word_pieces), each through the analyzer's filters."""
    cache, dotted = (_read_exact, False) if exact else (_read_terms, True)
    pos = 0
    for m in TOKEN_RE.finditer(text):
        word = m.group(0)
        if one_piece(word):  # most words
            term = cache[word]
            if term is not None:
                yield term, pos, m.start(), m.end()
            pos += 1
            continue
        for piece, start, end, step in word_pieces(word, m.start(), "index", dotted):
            term = cache[piece]
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
            term = cache[word]
            if term in terms:
                spans.append(m.span())
            continue
        for piece, start, end, _ in word_pieces(word, m.start(), "index", True):
            term = cache[piece]
            if term in terms:
                spans.append((start, end))
    return spans
