"""Joining fresh segments into one, a posting block at a time: what a split build's children
wrote (writing._write_split), made one segment with one terms table.

Each segment holds its own terms table, about 80 bytes a term, and most of a collection's
terms are in every segment: on 2,000 generated articles, 4 segments were 42 MB where one was
25 MB. Whoosh's merge rewrites every posting one at a time (a build's time again); here a
term's posting blocks are copied as they are, the segments' documents numbered one after the
other: only the first document number of each block of a later segment (and its block's
last) changes, the rest of a block being gaps between numbers.

The joined segment is the W3 codec's own format, with the same postings, statistics, lengths
and stored fields as the segments it joins (tests/unit/test_joined.py). With writing.py,
postings.py, scoring.py, segments.py and term_writer.py, the only modules that reach into
Whoosh's private API: here the W3 codec's `_compression`, a segment's `_fieldlengths`, the
terms reader's `_tindex`, `_fieldmap`, `_postfile` and the field writer's `_tindex`,
`_postfile`, `_fieldid`; each pinned in tests/unit/test_whoosh_canaries.py.
"""

from __future__ import annotations

import io
import mmap
import os
import pickle
import struct
import zlib
from collections import Counter
from typing import Any

from whoosh.codec.whoosh3 import COMPRESSION_MIN_SIZE, WHOOSH3_HEADER_MAGIC, W3TermInfo
from whoosh.system import pack_ushort

from reader.search.term_writer import PROTOCOL, PostingsFile, fast_hash_tables, write_rows

# A term whose postings are inlined in each segment is inlined in the joined one up to this
# many postings (TermWriter inlines up to 2): a block costs a few more bytes, and its writing.
INLINE_MAX = 4
_INFO: struct.Struct = (
    W3TermInfo._struct
)  # flags, weight, df, min length byte, max, max weight, min id, max
_SIZE = struct.Struct("!i")  # a block's size (negative: the term's last block)
_EXTENT = struct.Struct("!qi")  # where a term's blocks are in the postings file, their length
_ROW = struct.Struct("!ii")  # a terms table row's key and value lengths


def joinable(segment: Any) -> bool:
    """Whether a segment can be joined: no deleted documents."""
    return bool(segment.deleted_count() == 0)


def join(storage: Any, schema: Any, segments: list[Any], numbered: list[int] | None = None) -> Any:
    """One new segment holding the documents of segments (none with deletions), in order.

    numbered: the document number each segment's postings start from (0: its own numbers;
    a split build's child numbers its postings from where its documents will stand in the
    joined segment, and then its blocks are copied as they are)."""
    if not all(map(joinable, segments)):
        raise ValueError("a segment with deleted documents is not joined")
    codec = segments[0].codec()
    new = codec.new_segment(storage, segments[0].indexname)
    bases = []  # what each segment's postings' document numbers are moved up by
    total = 0
    for n, seg in enumerate(segments):
        bases.append(total - (numbered[n] if numbered else 0))
        total += seg.doc_count_all()
    if min(bases) < 0:
        raise ValueError("a segment's postings are numbered past its place")
    _join_documents(codec, storage, schema, segments, new)
    _join_terms(codec, storage, schema, segments, bases, new)
    lengths: Counter[str] = Counter()
    for seg in segments:
        lengths.update(seg._fieldlengths)
    new._fieldlengths = lengths  # the exact totals, not the sum of the rounded lengths
    new.set_doc_count(total)
    return new


def _join_documents(codec: Any, storage: Any, schema: Any, segments: list[Any], new: Any) -> None:
    """The stored fields, lengths and columns of each document, one segment after another."""
    out = codec.per_document_writer(storage, new)
    docnum = 0
    fields = list(schema.items())
    for seg in segments:
        pdr = codec.per_document_reader(storage, seg)
        try:
            columns = {
                name: pdr.column_reader(name, field.column_type)
                for name, field in fields
                if field.column_type and pdr.has_column(name)
            }
            lengths = {
                name: pdr.doc_field_length_reader(name) for name, field in fields if field.scorable
            }
            for d in range(seg.doc_count_all()):
                out.start_doc(docnum)
                stored = pdr.stored_fields(d)
                for name, field in fields:
                    length = lengths[name](d) if name in lengths else 0
                    out.add_field(name, field, stored.get(name), length)
                    if name in columns:
                        out.add_column_value(name, field.column_type, columns[name][d])
                out.finish_doc()
                docnum += 1
        finally:
            pdr.close()
    out.close()


def _rows(storage: Any, segment: Any, ids: dict[str, int]) -> list[tuple[bytes, bytes]]:
    """A segment's terms table's rows as (key, value), each key's field number made the one
    of the joined table (ids: field name -> number)."""
    tr = segment.codec().terms_reader(storage, segment)
    try:
        tindex = tr._tindex
        remap = {fid: pack_ushort(ids[name]) for name, fid in tr._fieldmap.items()}
        start, count = tindex.startofdata, tindex.indexlen
    finally:
        tr.close()
    with storage.open_file(segment.make_filename(".trm")) as f:
        data = f.read()
    rows: list[Any] = [None] * count
    unpack = _ROW.unpack_from
    same = all(pack_ushort(fid) == new for fid, new in remap.items())
    at = start
    for n in range(count):
        klen, vlen = unpack(data, at)
        k = at + 8
        v = k + klen
        key = data[k:v]
        if not same:
            key = remap[int.from_bytes(key[:2], "big")] + key[2:]
        rows[n] = key, data[v : v + vlen]
        at = v + vlen
    return rows


def _join_terms(
    codec: Any, storage: Any, schema: Any, segments: list[Any], bases: list[int], new: Any
) -> None:
    names: set[str] = set()
    for seg in segments:
        tr = codec.terms_reader(storage, seg)
        names.update(tr._fieldmap)
        tr.close()
    ids = {name: n for n, name in enumerate(sorted(names))}
    rows = sorted(
        (key, i, value) for i, seg in enumerate(segments) for key, value in _rows(storage, seg, ids)
    )
    fixed: dict[bytes, int | None] = {}
    for name, n in ids.items():
        size = schema[name].format.fixed_value_size()
        fixed[pack_ushort(n)] = None if size is None or size < 0 else size
    sources: list[Any] = []
    for seg in segments:
        with open(os.path.join(storage.folder, seg.make_filename(".pst")), "rb") as f:
            empty = not os.fstat(f.fileno()).st_size  # every term inlined
            sources.append(b"" if empty else mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ))
    fw = codec.field_writer(storage, new)
    try:
        for name in sorted(names):  # the field numbers, in the order of ids
            fw.start_field(name, schema[name])
            fw.finish_field()
        postings = PostingsFile(fw._postfile)
        level = codec._compression
        table: list[tuple[bytes, bytes]] = []
        size = _INFO.size
        n = 0
        while n < len(rows):
            key, i, value = rows[n]
            end = n + 1
            while end < len(rows) and rows[end][0] == key:
                end += 1
            if end == n + 1 and bases[i] == 0:  # one segment's, in place: as it is
                if not value[0]:  # not inlined: its blocks copied
                    offset, length = _EXTENT.unpack_from(value, size)
                    at = postings.add(sources[i][offset : offset + length])
                    value = value[:size] + _EXTENT.pack(at, length)
            else:
                parts = [(sources[j], bases[j], v) for _, j, v in rows[n:end]]
                value = _joined(parts, postings, fixed[key[:2]], level)
            table.append((key, value))
            n = end
        postings.close()
        write_rows(fw._tindex, table)
        fast_hash_tables(fw._tindex)
    finally:
        fw.close()
        for source in sources:
            if isinstance(source, mmap.mmap):
                source.close()


def _joined(
    parts: list[tuple[Any, int, bytes]], postings: PostingsFile, fixed: int | None, level: int
) -> bytes:
    """A term's row of the joined terms table, its postings written to postings where they are
    not inlined; parts: (postings file, first document number, row) of each segment that has
    the term, in order."""
    if len(parts) == 1:  # one segment's, moved
        source, base, value = parts[0]
        flags, weight, df, low, high, top, first, last = _INFO.unpack_from(value)
        if flags:
            pids, pweights, pvalues = pickle.loads(value[_INFO.size :])
            moved = tuple([d + base for d in pids])
            kept = pickle.dumps((moved, pweights, pvalues), PROTOCOL)
            return _INFO.pack(1, weight, df, low, high, top, first + base, last + base) + kept
    infos = [_INFO.unpack_from(v) for _, _, v in parts]
    weight = df = maxlength = 0
    minlength = 256  # past any length byte: none yet
    top = 0.0
    inlined = True
    for i in infos:
        weight += i[1]
        df += i[2]
        if i[3] and i[3] < minlength:
            minlength = i[3]
        maxlength = max(maxlength, i[4])
        top = max(top, i[5])
        inlined = inlined and i[0]
    ends = (infos[0][6] + parts[0][1], infos[-1][7] + parts[-1][1])
    info = (minlength if minlength < 256 else 0, maxlength, top, *ends)
    if inlined and df <= INLINE_MAX:
        ids: list[int] = []
        weights: list[Any] = []
        values: list[Any] = []
        for _, base, value in parts:
            pids, pweights, pvalues = pickle.loads(value[_INFO.size :])
            ids += [d + base for d in pids] if base else pids
            weights += pweights
            values += pvalues
        kept = pickle.dumps((tuple(ids), tuple(weights), tuple(values)), PROTOCOL)
        return _INFO.pack(1, weight, df, *info) + kept
    out = [WHOOSH3_HEADER_MAGIC]
    for n, ((source, base, value), pinfo) in enumerate(zip(parts, infos, strict=True)):
        last = n == len(parts) - 1
        if pinfo[0]:
            out += _inlined_block(value, pinfo, base, fixed, level, last)
            continue
        offset, length = _EXTENT.unpack_from(value, _INFO.size)
        data = source[offset : offset + length]
        if base == 0:  # its blocks as they are, the last one no longer the term's last
            out.append(data[4:] if last else _not_last(data[4:]))
        else:
            out += _moved_blocks(data[4:], base, last)
    body = b"".join(out)
    return _INFO.pack(0, weight, df, *info) + _EXTENT.pack(postings.add(body), len(body))


def _not_last(blocks: bytes) -> bytes:
    """A term's blocks with its last block's size made positive (more blocks follow)."""
    at = 0
    while True:
        (size,) = _SIZE.unpack_from(blocks, at)
        if size < 0:
            return blocks[:at] + _SIZE.pack(-size) + blocks[at + 4 :]
        at += 4 + size


def _moved_blocks(blocks: bytes, base: int, last: bool) -> list[bytes]:
    """A term's blocks with their document numbers moved up by base: each block's first
    number (the rest are gaps) and its last, in the block's summary."""
    out: list[bytes] = []
    at = 0
    while True:
        (size,) = _SIZE.unpack_from(blocks, at)
        end = at + 4 + abs(size)
        stream = io.BytesIO(blocks[at + 4 : end])
        count, maxid, maxweight, comp, low, high = pickle.load(stream)
        data = stream.read()
        raw = zlib.decompress(data) if comp else data
        ids, weights, values = pickle.loads(raw)
        data = pickle.dumps(((ids[0] + base, *ids[1:]), weights, values), PROTOCOL)
        if comp:
            data = zlib.compress(data, comp)
        info = pickle.dumps((count, maxid + base, maxweight, comp, low, high), 2)
        size = len(info) + len(data)
        out += (_SIZE.pack(-size if (end >= len(blocks) and last) else size), info, data)
        if end >= len(blocks):
            return out
        at = end


def _inlined_block(
    value: bytes, info: tuple[Any, ...], base: int, fixed: int | None, level: int, last: bool
) -> list[bytes]:
    """A segment's inlined postings of a term (in its row) as one block."""
    ids, weights, values = pickle.loads(value[_INFO.size :])
    first = weights[0]
    if all(w == first for w in weights):
        mweights: Any = None if first == 1.0 else float(first)
    else:
        mweights = tuple(weights)
    if fixed == 0:
        mvalues: Any = None
    elif fixed is not None:
        mvalues = b"".join(values)
    else:
        mvalues = tuple(values)
    moved = [d + base for d in ids]
    gaps = (moved[0], *(b - a for a, b in zip(moved, moved[1:], strict=False)))
    data = pickle.dumps((gaps, mweights, mvalues), PROTOCOL)
    comp = level if len(data) >= COMPRESSION_MIN_SIZE else 0
    if comp:
        data = zlib.compress(data, comp)
    head = pickle.dumps((len(ids), moved[-1], max(weights), comp, info[3], info[4]), 2)
    size = len(head) + len(data)
    return [_SIZE.pack(-size if last else size), head, data]
