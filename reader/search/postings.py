"""Reading a segment's postings and field lengths fast: whole posting blocks instead of a
matcher call a document, and a field's length bytes in one read.

With joined.py, scoring.py, writing.py, segments.py and term_writer.py, the only modules that reach
into Whoosh's private API, here its matchers (W3LeafMatcher's `_ids`, `_weights`, `_values`,
`_read_ids`, `_read_weights`, `_read_values`, `_next_block`; FilterMatcher's `child`), a segment's
term index (its reader's `_terms._tindex`: KnownTerms) and its lengths column (the per-document
reader's `_cached_reader`, a column reader's `_dbfile`, `_basepos`, `_count`, `_typecode`,
`_fixedlen`). Each use is pinned by a test in tests/unit/test_whoosh_canaries.py.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Iterator, Sequence
from typing import Any

from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher, _lenfield
from whoosh.matching.wrappers import FilterMatcher
from whoosh.util.numeric import byte_to_length


def leaf_postings(r: Any, fieldname: str, text: str) -> tuple[Any, frozenset[int] | set[int]]:
    """One segment's posting matcher of a term, without the filter Whoosh wraps around it when
    the segment has deleted documents, and those documents (to leave out). Raises
    TermNotFound."""
    m = r.postings(fieldname, text)
    deleted: frozenset[int] | set[int] = frozenset()
    if isinstance(m, FilterMatcher):
        deleted = set(r.deleted_docs_set or ())
        m = m.child
    return m, deleted


def blocks(m: Any) -> Iterator[tuple[Sequence[int], Sequence[float]]]:
    """(ids, weights) of a posting list, a block at a time where the codec allows."""
    return some_blocks(m, None, values=False)


def norms(s: Any, r: Any, fieldname: str, k1: float, b: float, avgfl: float) -> list[float]:
    """K1 * (1 - B + B * length / average) of every document of one segment, cached in the
    searcher (a new searcher, after a commit, starts afresh)."""
    cache: dict[tuple[int, str], list[float]] = s.__dict__.setdefault("_reader_norms", {})
    key = (id(r), fieldname)
    norms = cache.get(key)
    if norms is None:
        count = r.doc_count_all()
        coded = length_bytes(r, fieldname, count)
        if coded is not None:
            # A length is one byte a document: 256 possible norms, looked up (100,000
            # documents in a few ms, where a call a document took 0.3 s in a fresh process).
            table = [k1 * ((1.0 - b) + b * LENGTHS[i] / avgfl) for i in range(256)]
            norms = [table[i] for i in coded]
        else:
            by_length: dict[int | None, float] = {}
            norms = []
            for d in range(count):
                fl = r.doc_field_length(d, fieldname, 1)
                v = by_length.get(fl)
                if v is None:
                    v = by_length[fl] = k1 * ((1.0 - b) + b * (fl or 0) / avgfl)
                norms.append(v)
        cache[key] = norms
    return norms


LENGTHS = [byte_to_length(i) if i else 0 for i in range(256)]  # Whoosh's length byte decoded


def average_length(s: Any, fieldname: str) -> float:
    """The average length of a field over the index of searcher s: the lengths every norm is
    computed from (one byte a document, decoded), summed, over every document the segments
    hold (Whoosh's document count). Cached in the searcher.

    Whoosh's own average (`avg_field_length`) divides each segment's total of exact lengths,
    but a merge adds up the decoded bytes instead: the same files scored differently in the
    sixth decimal depending on which batches a build merged. Sums of per-document values are
    the same however the documents fall into segments.
    """
    cache: dict[str, float] = s.__dict__.setdefault("_average_lengths", {})
    found = cache.get(fieldname)
    if found is None:
        total = 0
        for r, _ in s.reader().leaf_readers():
            count = r.doc_count_all()
            coded = length_bytes(r, fieldname, count)
            if coded is not None:
                total += sum(LENGTHS[b] * n for b, n in Counter(coded).items())
            else:
                total += sum(r.doc_field_length(d, fieldname, 0) for d in range(count))
        found = cache[fieldname] = total / (s.reader().doc_count_all() or 1)
    return found


def length_bytes(r: Any, fieldname: str, count: int) -> bytes | None:
    """The length byte of every document of a segment's field, read in one go from its
    lengths column (Whoosh reads it a document a call); None where the codec differs."""
    try:
        column = r._perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
        if column is None or column._typecode != "B" or column._fixedlen != 1:
            return None
        stored = min(column._count, count)
        coded = bytes(column._dbfile.get(column._basepos, stored)) if stored else b""
    except (AttributeError, TypeError):
        return None
    return coded + bytes(count - stored)  # documents past the column's end have length 0


def value_blocks(
    m: Any, wanted: Sequence[int] | None
) -> Iterator[tuple[Sequence[int], Sequence[bytes]]]:
    """(ids, encoded values) of a posting list a block at a time; with wanted (sorted docnums),
    only the blocks that may hold one of them (the others are not even decompressed)."""
    return some_blocks(m, wanted, values=True)


def some_blocks(m: Any, wanted: Sequence[int] | None, *, values: bool) -> Iterator[Any]:
    """(ids, values or weights) of the posting blocks that may hold one of wanted (sorted
    docnums; None: every block)."""
    if isinstance(m, W3LeafMatcher) and hasattr(m, "_next_block"):
        i = 0
        while m.is_active():
            if wanted is not None:
                if i >= len(wanted):
                    return
                top = m.block_max_id()
                if wanted[i] > top:
                    m._next_block()
                    continue
                i = bisect.bisect_right(wanted, top, i)
            if m._ids is None:
                m._read_ids()
            if values:
                if m._values is None:
                    m._read_values()
                yield m._ids, m._values
            else:
                if m._weights is None:
                    m._read_weights()
                yield m._ids, m._weights
            m._next_block()
        return
    ids: list[int] = []
    found: list[Any] = []
    while m.is_active():
        ids.append(m.id())
        found.append(m.value() if values else m.weight())
        m.next()
    yield ids, found


# --- a segment's term index, with where each term stands kept ------------------------------

# Terms whose place a segment's index keeps (about 150 bytes each): forgotten all at once past
# this. Whoosh looks a term up in each segment several times over a search (is it there, its
# document count for the idf and for the order words are ranked in, its postings), each a
# hash, seeks and reads in Python; a keystroke searches the same words again.
KNOWN_TERMS = 200_000
_UNSEEN = object()


class KnownTerms:
    """A segment's term index (Whoosh's OrderedHashReader, a term's key to its place in the
    terms file), with the place of each key looked up kept: a segment never changes, and a
    new searcher (after a commit) reads its segments anew. What is not a lookup of one key
    goes to the index itself."""

    def __init__(self, index: Any) -> None:
        self._index = index
        self._places: dict[bytes, tuple[int, int] | None] = {}
        self.lookups = 0  # keys looked up in the index itself (tests count them)

    def _place(self, key: bytes) -> tuple[int, int] | None:
        place = self._places.get(key, _UNSEEN)
        if place is _UNSEEN:
            self.lookups += 1
            # A term is in a segment's index once: its first place is its only one.
            place = next(self._index.ranges_for_key(key), None)
            if len(self._places) >= KNOWN_TERMS:
                self._places.clear()
            self._places[key] = place
        return place  # type: ignore[return-value]

    def __contains__(self, key: bytes) -> bool:
        return self._place(key) is not None

    def range_for_key(self, key: bytes) -> tuple[int, int]:
        place = self._place(key)
        if place is None:
            raise KeyError(key)
        return place

    def __getitem__(self, key: bytes) -> bytes:
        datapos, datalen = self.range_for_key(key)
        value: bytes = self._index.dbfile.get(datapos, datalen)
        return value

    def __getattr__(self, name: str) -> Any:
        return getattr(self._index, name)


def keep_term_places(searcher: Any) -> None:
    """Keep where each term looked up stands in each segment of searcher (KnownTerms); a
    reader whose codec differs is left as it is."""
    for r, _ in searcher.reader().leaf_readers():
        terms: Any = getattr(r, "_terms", None)
        index = getattr(terms, "_tindex", None)
        known = isinstance(index, KnownTerms)
        if not known and hasattr(index, "ranges_for_key") and hasattr(index, "dbfile"):
            terms._tindex = KnownTerms(index)
