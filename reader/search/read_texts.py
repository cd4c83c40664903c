"""Where a search's terms stand in the texts read last (analysis.term_spans: the same spans),
each text's words read once and kept.

While a query is typed the same best hits come back keystroke after keystroke with other
terms (`v`, `va`, `vac` complete to other words), and each snippet read its article's every
word through the tokenizer and the analyzer's cache again: a third of a typing search's time at
10,000 articles, 15 snippets a keystroke. Here a text's words are read once into a table (the
term of each word, where it stands), kept for the texts read last (CHARS_KEPT characters of them);
a search's spans are then picked out of the table by C-level maps, with only the matching
words (and the words made of pieces: dotted, hyphenated) taking Python's time.
"""

from __future__ import annotations

import functools
import re
import threading
from array import array
from collections import OrderedDict
from dataclasses import dataclass
from itertools import compress, count, repeat
from operator import is_

from reader.search.analysis import TOKEN_RE, word_pieces
from reader.search.text_words import (
    _read_terms,  # the cache term_spans reads through: shared, so both read alike
    term_spans,
)

# The texts kept, and their tables: about 3.5 bytes a character in all (a table is about 16
# bytes a word). Typing the benchmark's query mix twice at 10,000 articles shows 836 articles
# (4.6 M characters of them read), 3,648 snippets: 3 M kept, its second round read most again.
CHARS_KEPT = 8_000_000
SHORTEST = 1_000  # characters: a shorter text (a snippet's window) is read as it comes
LONGEST = 64_000  # characters: a longer one (a long article marked) too: its table is big

_PIECES = object()  # the term of a word read by its pieces (word_pieces)
_UNREAD = object()  # a word the analyzer's cache does not hold
_JOINS = re.compile(r"[._-]")  # a word with one of these is not one piece (one_piece)


@dataclass(slots=True)
class _Table:
    """A text's words: the term of each (None: a stop word; _PIECES; _UNREAD: not yet worked
    out), where each starts and ends, the words made of pieces with those pieces (term,
    start, end), and the words not yet worked out (their places, and their lowercase)."""

    terms: list[object]
    starts: array[int]
    ends: array[int]
    pieces: dict[int, list[tuple[str | None, int, int]]]
    unread: list[int]
    unread_lower: list[str]

    def read_for(self, terms: frozenset[str]) -> None:
        """Work out the words that may be among terms: an ASCII word of letters and digits
        becomes a term only through lowercase and the Porter stemmer, which keeps its start
        (heads(): checked on 116,512 words of the PEPs, CISI, CACM and generated articles);
        other words were worked out when the text was read."""
        if not self.unread:
            return
        may = list(map(str.startswith, self.unread_lower, repeat(heads(terms))))
        if not any(may):
            return
        cache, words = _read_terms, self.terms
        for k, low in zip(
            compress(self.unread, may), compress(self.unread_lower, may), strict=True
        ):
            words[k] = cache[low]  # (the analyzer lowercases first: the same term)
        keep = [not m for m in may]
        self.unread = list(compress(self.unread, keep))
        self.unread_lower = list(compress(self.unread_lower, keep))


@functools.lru_cache(maxsize=256)
def heads(terms: frozenset[str]) -> tuple[str, ...]:
    """What a word must start with (lowercased) to become one of terms: all but the last three
    letters of each (Porter rewrites no more of a word's end: happy, happi)."""
    return tuple({t[: max(1, len(t) - 3)] for t in terms})


_tables: OrderedDict[str, _Table] = OrderedDict()
_kept = 0  # characters of the texts kept
_lock = threading.Lock()
reads = 0  # texts read into a table (tests count them)


def spans_of(text: str, terms: frozenset[str], limit: int | None = None) -> list[tuple[int, int]]:
    """analysis.term_spans(text, terms, limit): (start, end) of each word of text whose term,
    as the body field reads it, is among terms; no word read once `limit` spans are found."""
    if not SHORTEST <= len(text) <= LONGEST:
        return term_spans(text, terms, limit)
    table = _table(text)
    table.read_for(terms)
    found = list(compress(count(), map(terms.__contains__, table.terms)))
    if table.pieces:
        found = sorted(found + list(table.pieces))
    spans: list[tuple[int, int]] = []
    starts, ends, pieces = table.starts, table.ends, table.pieces
    for k in found:
        # As term_spans: no word is read once `limit` spans are found (a word's pieces all are).
        if limit is not None and len(spans) >= limit:
            break
        parts = pieces.get(k)
        if parts is None:
            spans.append((starts[k], ends[k]))
        else:
            spans.extend((start, end) for term, start, end in parts if term in terms)
    return spans


def _table(text: str) -> _Table:
    global _kept
    with _lock:
        table = _tables.get(text)
        if table is not None:
            _tables.move_to_end(text)
            return table
    table = _read(text)
    with _lock:
        if text not in _tables:
            _kept += len(text)
        _tables[text] = table
        while _kept > CHARS_KEPT and len(_tables) > 1:
            _kept -= len(_tables.popitem(last=False)[0])
    return table


def _read(text: str) -> _Table:
    """A text's table: its words found by the tokenizer's pattern (one scan), their terms
    from the analyzer's cache of word -> term; a plain ASCII word the cache does not hold is
    worked out when a search may need it (_Table.read_for), others now."""
    global reads
    reads += 1
    matches = list(TOKEN_RE.finditer(text))
    words = list(map(re.Match.group, matches))
    cache = _read_terms
    terms: list[object] = list(map(cache.get, words, repeat(_UNREAD)))
    unread: list[int] = []
    for k in compress(count(), map(is_, terms, repeat(_UNREAD))):
        word = words[k]
        if word.isascii() and word.isalnum():
            unread.append(k)
        else:
            terms[k] = cache[word]  # (one of pieces is set right below)
    pieces: dict[int, list[tuple[str | None, int, int]]] = {}
    if _JOINS.search(text) is not None:
        for k in compress(count(), map(_JOINS.search, words)):
            terms[k] = _PIECES
            pieces[k] = [
                (cache[p], start, end)
                for p, start, end, _ in word_pieces(words[k], matches[k].start(), "index", True)
            ]
    starts = array("i", map(re.Match.start, matches))
    ends = array("i", map(re.Match.end, matches))
    lower = [words[k].lower() for k in unread]
    return _Table(terms, starts, ends, pieces, unread, lower)


def forget() -> None:
    """Drop every table (tests)."""
    global _kept
    with _lock:
        _tables.clear()
        _kept = 0
