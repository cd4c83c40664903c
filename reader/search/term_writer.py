"""Writing posting lists into a segment a term at a time, from arrays, in the W3 codec's
format (what W3PostingsWriter writes given the same postings one at a time).

Reaches into W3FieldWriter's private state (`_postfile`, `_tindex`, `_fieldid`), the W3
codec's (`_blocklimit`, `_compression`) and the terms table's (OrderedHashWriter's `dbfile`,
`index`, `buckets`, `hashfn`, `lastkey`, `directory`, `_write_hashes`; filetables'
`_lengths`, `_pointer`); each pinned in tests/unit/test_whoosh_canaries.py.
"""

from __future__ import annotations

import zlib
from array import array
from collections.abc import Sequence
from itertools import starmap
from pickle import dumps
from typing import Any

from whoosh.codec.whoosh3 import COMPRESSION_MIN_SIZE, WHOOSH3_HEADER_MAGIC, W3TermInfo
from whoosh.filedb.filetables import _lengths as _ROW_LENGTHS
from whoosh.filedb.filetables import _pointer as _POINTER
from whoosh.system import pack_int, pack_long, pack_ushort
from whoosh.util.numeric import byte_to_length, length_to_byte

# The pickle protocol of a block's data and of inlined postings. Whoosh pickles with protocol 2,
# which writes each bytes value (a posting's positions, a frequency) as a call of
# _codecs.encode on a latin-1 string: about 50 bytes for a 2-byte value, where protocol 3
# writes its length and itself. Whoosh reads them with pickle.loads, whatever the protocol.
PROTOCOL = 3


# A field length's byte (length_to_byte) looked up for the lengths a segment's blocks record
# (segments.stored_length: the 256 a byte stands for), where Whoosh bisects a table.
_BYTES = {byte_to_length(b): b for b in range(256)}


def _byte(length: int | None) -> int:
    got = _BYTES.get(length)  # None: not in it
    return length_to_byte(length) if got is None else got


class PostingsFile:
    """A postings file written in big pieces (a write and a tell a term cost more than the
    rest of writing most terms), where each piece starts kept: nothing else may write to the
    file until closed."""

    def __init__(self, postfile: Any) -> None:
        self._file = postfile
        self._at: int = postfile.tell()
        self._held: list[bytes] = []
        self._size = 0

    def add(self, data: bytes) -> int:
        """Write data; -> where it starts."""
        at = self._at
        self._held.append(data)
        self._at += len(data)
        self._size += len(data)
        if self._size >= 1 << 22:
            self.close()
        return at

    def close(self) -> None:
        """Write what is held."""
        self._file.write(b"".join(self._held))
        self._held = []
        self._size = 0


class TermWriter:
    """Writes a field's posting lists into a segment's postings file a term at a time, from
    arrays, in the W3 codec's format: blocks of `blocklimit` postings, each a pickled tuple
    of (ids as gaps, weights, values), zlib-compressed from COMPRESSION_MIN_SIZE bytes, after
    a pickled block summary; and the term's W3TermInfo into the terms table. What
    W3PostingsWriter writes for the same postings given one at a time; except that a term in
    at most INLINE_MAX documents has its postings kept in its W3TermInfo (Whoosh's "inlined"
    postings, read as a ListMatcher), not a block of its own in the postings file.

    Most terms of a collection are in one or two documents (on 1,000 generated articles, 40%
    of the body's and the exact field's terms): a block costs them about 60 bytes (the
    block's header and summary, and the term's pointer to it) where inlined they take 25."""

    INLINE_MAX = 2

    def __init__(self, fieldwriter: Any, codec: Any, fieldobj: Any) -> None:
        self._fw = fieldwriter
        self._postings = PostingsFile(fieldwriter._postfile)
        self._tindex = fieldwriter._tindex
        self._fieldid = pack_ushort(fieldwriter._fieldid)
        self._blocklimit = codec._blocklimit
        self._compression = codec._compression
        fixed = fieldobj.format.fixed_value_size()
        self._fixed = None if fixed is None or fixed < 0 else fixed
        self._rows: list[tuple[bytes, bytes]] = []  # the terms table's, written by finish

    def finish(self) -> None:
        """Write the postings held, and add the field's terms to the terms table at once
        (write_rows)."""
        self._postings.close()
        rows = self._rows
        if not rows:
            return
        if rows[0][0] <= self._tindex.lastkey:
            raise ValueError(f"Keys must increase: {self._tindex.lastkey!r}..{rows[0][0]!r}")
        write_rows(self._tindex, rows)
        self._rows = []

    def term(
        self,
        btext: bytes,
        ids: array[int],
        weights: array[float] | array[int],
        values: Sequence[bytes] | bytes | None,
        lengths: array[int] | None,
    ) -> None:
        """One term's postings: ids ascending; weights floats, or where each is a whole
        number (a frequency) ints, pickled in 2 bytes (1 to 255) where a float takes 9; values
        one bytes a posting, or for a format of fixed-size values their concatenation (None
        for no values)."""
        n = len(ids)
        fixed = self._fixed
        if n <= self.INLINE_MAX:
            self._inline(btext, ids, weights, values, lengths)
            return
        limit = self._blocklimit
        one = n <= limit  # one block (most terms): its arrays are the term's, not slices
        out = [WHOOSH3_HEADER_MAGIC]
        total = 0.0
        maxweight = 0.0
        minlength: int | None = None
        maxlength = 0
        for start in range(0, n, limit):
            end = min(n, start + limit)
            bids = ids if one else ids[start:end]
            bweights: Any = weights if one else weights[start:end]
            first = bweights[0]
            if bweights.count(first) == len(bweights):
                mweights: Any = None if first == 1.0 else float(first)  # W3 reads a float
            else:
                mweights = tuple(bweights)
            if fixed == 0 or values is None:
                mvalues: Any = None
            elif fixed is not None:
                mvalues = values if one else values[start * fixed : end * fixed]
            else:
                mvalues = tuple(values if one else values[start:end])
            data = dumps(
                ((bids[0], *map(int.__sub__, bids[1:], bids[:-1])), mweights, mvalues), PROTOCOL
            )
            comp = self._compression if len(data) >= COMPRESSION_MIN_SIZE else 0
            if comp:
                data = zlib.compress(data, comp)
            top = max(bweights)
            total += sum(bweights)
            maxweight = max(maxweight, top)
            if lengths is not None:
                got = list(map(lengths.__getitem__, bids))
                low: int | None = min(got) or None
                high = max(got)
            else:
                low, high = None, 0
            if low is not None:
                minlength = low if minlength is None else min(minlength, low)
            maxlength = max(maxlength, high)
            info = dumps((end - start, bids[-1], top, comp, _byte(low), _byte(high)), 2)
            size = len(info) + len(data)
            out += (pack_int(-size if end == n else size), info, data)
        body = b"".join(out)
        offset = self._postings.add(body)
        tinfo = W3TermInfo._struct.pack(
            0,
            total,
            n,
            0 if minlength is None else _byte(minlength),
            _byte(maxlength),
            maxweight,
            ids[0],
            ids[-1],
        )
        self._rows.append((self._fieldid + btext, tinfo + pack_long(offset) + pack_int(len(body))))

    def _inline(
        self,
        btext: bytes,
        ids: array[int],
        weights: array[float] | array[int],
        values: Sequence[bytes] | bytes | None,
        lengths: array[int] | None,
    ) -> None:
        """A term's few postings kept in its W3TermInfo (set_inlined, to_bytes)."""
        n = len(ids)
        fixed = self._fixed
        if values is None or fixed == 0:
            # Empty values, not none: a ListMatcher without values reads them as "" (a str),
            # which a merge of this segment into another one cannot write.
            kept: tuple[bytes, ...] = (b"",) * n
        elif fixed is not None:
            kept = tuple(values[i * fixed : (i + 1) * fixed] for i in range(n))  # type: ignore[misc]
        else:
            kept = tuple(values)  # type: ignore[arg-type]
        if lengths is not None:
            got = list(map(lengths.__getitem__, ids))
            low: int | None = min(got) or None
            high = max(got)
        else:
            low, high = None, 0
        tinfo = W3TermInfo._struct.pack(
            1,
            sum(weights),
            n,
            0 if low is None else _byte(low),
            _byte(high),
            max(weights),
            ids[0],
            ids[-1],
        )
        self._rows.append(
            (self._fieldid + btext, tinfo + dumps((tuple(ids), tuple(weights), kept), PROTOCOL))
        )


def write_hash_tables(tindex: Any) -> None:
    """What the terms table's `_write_hashes` writes at its close (a hash table of each
    bucket's keys, by open addressing), each table in one write, where Whoosh writes a slot
    at a time (two a term): set as the table's `_write_hashes` by fast_hash_tables."""
    dbfile = tindex.dbfile
    null = (0, 0)  # an empty slot (no key starts at 0, the header's place)
    for entries in tindex.buckets:
        tindex.directory.append((dbfile.tell(), 2 * len(entries)))
        slots = 2 * len(entries)
        table = [null] * slots
        for hashval, position in entries:
            slot = (hashval >> 8) % slots
            while table[slot] != null:
                slot = (slot + 1) % slots
            table[slot] = (hashval, position)
        dbfile.write(b"".join(starmap(_POINTER.pack, table)))


def fast_hash_tables(tindex: Any) -> None:
    """Have a terms table write its hash tables at its close by write_hash_tables (the same
    bytes, in a tenth of the time: on 10,000 generated articles, 0.4 s of the join)."""
    tindex._write_hashes = lambda: write_hash_tables(tindex)


def write_rows(tindex: Any, rows: list[tuple[bytes, bytes]]) -> None:
    """Rows (key, value; keys in order) into a terms table (OrderedHashWriter) in one write:
    what its `add` does a row at a time (the row: key and value lengths, key, value; its
    position in the ordered index and, by the key's hash, in a bucket)."""
    dbfile = tindex.dbfile
    pos = dbfile.tell()
    order = tindex.index
    buckets = tindex.buckets
    hashfn = tindex.hashfn
    pack = _ROW_LENGTHS.pack
    out = []
    for key, value in rows:
        row = pack(len(key), len(value)) + key + value
        order.append(pos)
        h = hashfn(key)
        buckets[h & 255].append((h, pos))
        out.append(row)
        pos += len(row)
    dbfile.write(b"".join(out))
    if rows:
        tindex.lastkey = rows[-1][0]
