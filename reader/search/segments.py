"""Writing a segment fast: each document's words read once for all its text fields, its
postings appended to flat arrays a document at a time (inverted.py: grouped by term once, at
the end), and each term's posting list written in whole blocks
through Whoosh's codec, where Whoosh's writer pools, sorts and writes every posting one by one
(on 1,000 generated articles, 1.7 M postings through `add_posting`, each looking up its
document's field length).

The segment is Whoosh's own format (the W3 codec), the same postings, lengths and stored fields
as Whoosh's SegmentWriter writes for the same documents (tests/unit/test_fast_segments.py
compares them). With joined.py, writing.py, postings.py, scoring.py and term_writer.py, the
only modules that reach into Whoosh's private API: here SegmentWriter's `_flush_segment`,
`_check_state`, `_check_fields`, `_added`, `_commit_toc`, `docnum`, `perdocwriter`,
`fieldwriter` and `pool`;
each pinned in tests/unit/test_whoosh_canaries.py.
"""

from __future__ import annotations

import sys
from array import array
from collections import Counter, defaultdict
from itertools import repeat
from typing import Any

from whoosh.fields import TEXT
from whoosh.formats import Frequency, Positions
from whoosh.system import pack_uint
from whoosh.util.numeric import byte_to_length, length_to_byte
from whoosh.writing import SegmentWriter

from reader.search import file_sizes
from reader.search.analysis import (
    ExactText,
    GapPositions,
    WordAnalyzer,
    WordText,
    WordTokenizer,
)
from reader.search.doc_pieces import Read, ReadTerms, held_positions, positions_of
from reader.search.formats import Counts
from reader.search.inverted import Postings
from reader.search.term_cache import TermIds
from reader.search.term_writer import TermWriter, fast_hash_tables

_BIG_ENDIAN = sys.byteorder == "big"
# How documents.document joins a text field's parts into one string (the body: the title, the
# header, the text): a body that is another field's parts so joined is read from their tokens.
PART_JOINER = "\n\n"
# A length as the codec reads it back from its one-byte column (blocks record their range):
# the table of the first 65,536 is made at the first segment written, not at import (20-30 ms
# of every start that only searches).
_STORED_LENGTH: list[int] = []


def stored_length(n: int) -> int:
    table = _STORED_LENGTH or _stored_lengths()
    return table[n] if n < len(table) else int(byte_to_length(length_to_byte(n)))


def _stored_lengths() -> list[int]:
    """The table, a run of lengths at a time: each length stands for every length from just
    above the one before it up to itself (the codec keeps the smallest it can at least as
    big), so 256 runs make it, where a call of the codec for each of 65,536 lengths took
    30-60 ms of the first update that writes (tests/unit/test_fast_segments.py checks it)."""
    global _STORED_LENGTH
    size = 1 << 16
    table: list[int] = []
    while len(table) < size:
        n = len(table)
        kept = int(byte_to_length(length_to_byte(n)))
        if kept < n:  # not how the codec rounds: each length on its own
            table.extend(int(byte_to_length(length_to_byte(m))) for m in range(n, size))
            break
        table.extend(repeat(kept, min(kept, size - 1) - n + 1))
    _STORED_LENGTH = table
    return _STORED_LENGTH


def _tokenizer(field: Any) -> WordTokenizer | None:
    """The WordTokenizer of a field's WordAnalyzer (None: another analyzer)."""
    ana = getattr(field, "analyzer", None)
    if not isinstance(ana, WordAnalyzer) or not ana.items:
        return None
    tok = ana.items[0]
    return tok if type(tok) is WordTokenizer else None


class _Field:
    """How one text field of the schema is indexed on the fast path, and its postings so far
    (inverted.Postings, by the numbers of their terms in `terms`)."""

    def __init__(self, name: str, field: Any, tokenizer: WordTokenizer, terms: TermIds) -> None:
        self.name = name
        self.field = field
        self.tokenizer = tokenizer
        self.terms = terms
        fmt = field.format
        self.boost = float(fmt.field_boost)
        self.freqs_only = type(fmt) in (Frequency, Counts)
        self.counts = type(fmt) is Counts  # no values: the counts are the weights
        self.multipart = isinstance(field, ExactText)
        self.pattern = tokenizer.expression.pattern
        self.encode = _gap_value if type(fmt) is GapPositions else fmt.encode
        self.postings = Postings(values=not self.freqs_only)

    def add_counts(self, docnum: int, counts: Counter[int | None]) -> int:
        """Add a document's term frequencies (a Frequency field); -> its length."""
        counts.pop(None, None)
        self.postings.add(docnum, counts.keys(), counts.values())  # type: ignore[arg-type]
        return sum(counts.values())

    def add_positions(self, docnum: int, positions: dict[int | None, list[int]]) -> int:
        """Add a document's terms with their positions; -> its length."""
        positions.pop(None, None)
        got = positions.values()
        self.postings.add(docnum, positions.keys(), map(len, got), map(self.encode, got))  # type: ignore[arg-type]
        return sum(map(len, got))


_GAPS = GapPositions()
# GapPositions' value of one position, for the positions under ONE_GAP_VALUES, made at the
# first segment written (a few ms), not at import.
ONE_GAP_VALUES = 1 << 14
_ONE_GAP: list[bytes] = []


def _one_gap_values() -> list[bytes]:
    if not _ONE_GAP:
        _ONE_GAP.extend(_GAPS.encode([p]) for p in range(ONE_GAP_VALUES))
    return _ONE_GAP


def _gap_value(poslist: list[int]) -> bytes:
    """GapPositions.encode (the same bytes), positions in order (nearly all) not sorted
    again; a term at one position (most), its value looked up."""
    if len(poslist) == 1 and poslist[0] < ONE_GAP_VALUES:
        return (_ONE_GAP or _one_gap_values())[poslist[0]]
    gaps = [poslist[0], *map(int.__sub__, poslist[1:], poslist[:-1])]
    if min(gaps) < 0:  # not in order (GapPositions sorts them)
        value: bytes = _GAPS.encode(poslist)
        return value
    top = max(gaps)
    code = "B" if top < 1 << 8 else "H" if top < 1 << 16 else "I"
    packed = array(code, gaps)
    if _BIG_ENDIAN:
        packed.byteswap()
    return _CODES[code] + packed.tobytes()


_CODES = {code: code.encode("ascii") for code in "BHI"}


class FastSegmentWriter(SegmentWriter):  # type: ignore[misc]  # Whoosh is untyped
    """A SegmentWriter whose documents' text fields are analysed at once (a TEXT field with a
    WordAnalyzer: Frequency, Counts, Positions or GapPositions) and whose postings are written
    a term at a time. Other fields take Whoosh's way. A writer that merges other segments in (their
    postings in Whoosh's pool) writes its own postings through the pool too."""

    def __init__(self, ix: Any, **kwargs: Any) -> None:
        super().__init__(ix, **kwargs)
        self._fast: dict[str, _Field] = {}
        by_analyzer: dict[int, TermIds] = {}
        for name, field in self.schema.items():
            tok = _tokenizer(field)
            if tok is None or not isinstance(field, TEXT) or field.vector:
                continue
            if type(field.format) not in (Frequency, Counts, Positions, GapPositions):
                continue
            if field.separate_spelling() or field.column_type:
                continue
            terms = by_analyzer.get(id(field.analyzer))
            if terms is None:
                same = [t for t in by_analyzer.values() if t.analyzer == field.analyzer]
                terms = same[0] if same else TermIds(field.analyzer)
                by_analyzer[id(field.analyzer)] = terms
            self._fast[name] = _Field(name, field, tok, terms)
        # Each scorable field's lengths as the codec reads them back (for the blocks' ranges).
        self._lengths: dict[str, array[int]] = {
            n: array("I") for n, f in self.schema.items() if f.scorable
        }
        self._slow: defaultdict[str, defaultdict[bytes, list[tuple[int, float, bytes]]]] = (
            defaultdict(lambda: defaultdict(list))
        )
        self._merging = False
        self.held = 0  # the postings held in memory (about 75 bytes each: see writing.py)
        # The number its postings' documents are numbered from (its stored fields and lengths
        # from 0): a segment to be joined after others (joined.join), set before it is written.
        self.numbered_from = 0

    # --- documents -------------------------------------------------------------------------

    def add_document(self, **fields: Any) -> None:
        if any(k == "_boost" or (k.startswith("_") and k.endswith("_boost")) for k in fields):
            raise ValueError("FastSegmentWriter takes no boosts")
        self._check_state()
        schema = self.schema
        docnum = self.docnum
        names = sorted(n for n in fields if not n.startswith("_") and fields[n] is not None)
        self._check_fields(schema, names)
        # What may fail (a value a field cannot take) fails before anything is added.
        slow = {
            n: list(schema[n].index(fields[n]))
            for n in names
            if n not in self._fast and schema[n].indexed
        }
        lengths = self._lengths_of(docnum, fields)
        for name, items in slow.items():
            posts = self._slow[name]
            scorable = schema[name].scorable
            length = 0
            for tbytes, freq, weight, vbytes in items:
                if scorable:
                    length += freq
                posts[tbytes].append((docnum, weight, vbytes))
            lengths[name] = length
        pdw = self.perdocwriter
        pdw.start_doc(docnum)
        for name in names:
            field = schema[name]
            stored = fields.get(f"_stored_{name}", fields[name])
            pdw.add_field(name, field, stored if field.stored else None, lengths.get(name, 0))
            column = field.column_type
            if column and stored is not None:
                pdw.add_column_value(name, column, field.to_column_value(stored))
        pdw.finish_doc()
        for name, got in self._lengths.items():
            got.append(stored_length(lengths.get(name, 0)))
        self._added = True
        self.docnum += 1

    def _lengths_of(self, docnum: int, fields: dict[str, Any]) -> dict[str, int]:
        """Index the fast fields of one document, each text read once per pattern (Read)
        and each token through each analyzer once (TermIds). -> the fields' lengths."""
        read: dict[tuple[str, int], Read] = {}
        mapped: dict[tuple[int, int], list[int | None]] = {}

        def terms_of(fast: _Field, text: str) -> ReadTerms:
            key = (fast.pattern, id(text))
            got = read.get(key)
            if got is None:
                got = read[key] = Read(fast.tokenizer.expression, text)
            pieces = got.pieces(fast.tokenizer.dotted_parts)
            mkey = (id(fast.terms), id(pieces))
            terms = mapped.get(mkey)
            if terms is None:
                terms = mapped[mkey] = list(map(fast.terms.__getitem__, pieces.words))
            return pieces, terms

        multi = [
            (fast.pattern, v)
            for n, fast in self._fast.items()
            if isinstance(v := fields.get(n), tuple)
        ]
        for name, fast in self._fast.items():
            value = fields.get(name)
            if not (
                value is None
                or isinstance(value, str)
                or (fast.multipart and isinstance(value, tuple))
            ):
                raise TypeError(f"{name}: a text field takes a string, not {type(value)}")
        lengths: dict[str, int] = {}
        for name, fast in self._fast.items():
            value = fields.get(name)
            if value is None:
                continue
            if isinstance(value, str):
                parts: Any = (value,)
                # The parts of another field, joined (the body)? Read from the parts: no
                # word spans the joiner, and a word's pieces are its own.
                if fast.freqs_only:
                    for pattern, other in multi:
                        if pattern == fast.pattern and PART_JOINER.join(other) == value:
                            parts = other
                            break
            else:
                parts = value
            texts = [terms_of(fast, p) for p in parts]
            if fast.freqs_only:
                counts: Counter[int | None] = Counter()
                for _, got in texts:
                    counts.update(got)
                length = fast.add_counts(docnum, counts)
                self.held += len(counts)
            else:
                found = positions_of(texts)
                length = fast.add_positions(docnum, found)
                self.held += len(found)
            if isinstance(fast.field, WordText):  # its length counts positions, not tokens
                length = held_positions(texts)
            lengths[name] = length if fast.field.scorable else 0
        return lengths

    # --- the segment -----------------------------------------------------------------------

    def add_reader(self, reader: Any) -> None:
        self._merging = True
        super().add_reader(reader)

    def _commit_toc(self, segments: list[Any]) -> None:
        file_sizes.stamp(self.storage, segments)  # the quick check at open compares them
        super()._commit_toc(segments)

    def _flush_segment(self) -> None:
        if self._merging:  # merged postings wait in the pool: ours go the same way
            self._pool_ours()
            super()._flush_segment()
            return
        self.perdocwriter.close()
        fw = self.fieldwriter
        for name in sorted({*self._fast, *self._slow}):
            field = self.schema[name]
            fw.start_field(name, field)
            out = TermWriter(fw, self.codec, field)
            lengths = self._lengths.get(name)
            base = self.numbered_from
            if lengths is not None and base:  # looked up by the postings' numbers
                lengths = array("I", bytes(4 * base)) + lengths
            fast = self._fast.get(name)
            if fast is not None:
                self._write_fast(out, fast, lengths, base)
            else:
                slow = self._slow[name]
                for tbytes in sorted(slow):
                    posts = slow[tbytes]
                    out.term(
                        tbytes,
                        array("I", [p[0] + base for p in posts]),
                        array("f", [p[1] for p in posts]),
                        [p[2] for p in posts],
                        lengths,
                    )
            out.finish()
            fw.finish_field()
        fast_hash_tables(fw._tindex)
        fw.close()

    @staticmethod
    def _write_fast(out: TermWriter, fast: _Field, lengths: array[int] | None, base: int) -> None:
        boost = fast.boost
        for tbytes, ids, freqs, values in fast.postings.inverted(fast.terms.names):
            # the weights: the frequencies (whole numbers pickle smaller than floats), boosted
            weights = freqs if boost == 1.0 else array("f", [f * boost for f in freqs])
            kept: Any = values
            if fast.freqs_only and not fast.counts:  # Frequency: each value the frequency,
                packed = array("I", freqs)  # 4 bytes big-endian
                if not _BIG_ENDIAN:
                    packed.byteswap()
                kept = packed.tobytes()
            if base:
                ids = array("I", [d + base for d in ids])
            out.term(tbytes, ids, weights, kept, lengths)

    def _pool_ours(self) -> None:
        """Our postings into Whoosh's pool (a writer that merges)."""
        add = self.pool.add
        for name, fast in self._fast.items():
            for tbytes, ids, freqs, values in fast.postings.inverted(fast.terms.names):
                for n, (docnum, freq) in enumerate(zip(ids, freqs, strict=True)):
                    if values is not None:
                        value = values[n]
                    else:
                        value = b"" if fast.counts else pack_uint(freq)
                    add((name, tbytes, docnum, freq * fast.boost, value))
        for name, slow in self._slow.items():
            for tbytes, posts in slow.items():
                for docnum, weight, vbytes in posts:
                    add((name, tbytes, docnum, weight, vbytes))
