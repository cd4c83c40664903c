"""Reading a segment's postings and field lengths fast: whole posting blocks instead of a
matcher call a document, and a field's length bytes in one read.

With scoring.py, writing.py, segments.py and term_writer.py, the only modules that reach into
Whoosh's private API, here its matchers (W3LeafMatcher's `_ids`, `_weights`, `_values`,
`_read_ids`, `_read_weights`, `_read_values`, `_next_block`; FilterMatcher's `child`) and its
lengths column (the per-document reader's `_cached_reader`, a column reader's `_dbfile`,
`_basepos`, `_count`, `_typecode`, `_fixedlen`). Each use is pinned by a test in
tests/unit/test_whoosh_canaries.py.
"""

from __future__ import annotations

import bisect
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
