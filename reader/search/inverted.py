"""A field's postings as the segment writer (segments.py) gathers them: flat arrays a posting
each, appended a document at a time, and inverted (grouped by term, terms in the order of
their bytes, each term's postings in the order of their documents) once, when the segment is
written. No Whoosh.

A list of postings a term, appended a posting at a time, cost a lookup of the term and four
appends to lists spread over all the memory held (on 3,000 generated articles, 1.4 M postings
of the exact field: 3.8 s under load); appended a document at a time to one array each, and
grouped by one counting sort, the same postings took 2.2 s.
"""

from __future__ import annotations

from array import array
from collections import Counter
from collections.abc import Iterable, Iterator
from itertools import repeat

# One term's postings: its bytes, its documents' numbers (ascending), the frequencies, and
# each posting's value (None for a field that keeps none).
Inverted = tuple[bytes, "array[int]", "array[int]", list[bytes] | None]


class Postings:
    """The postings of one field: term numbers (term_cache.TermIds), document numbers,
    frequencies and, where the field keeps them, values, one entry a posting."""

    __slots__ = ("terms", "docs", "freqs", "values")

    def __init__(self, values: bool) -> None:
        self.terms: array[int] = array("I")
        self.docs: array[int] = array("I")
        self.freqs: array[int] = array("I")
        self.values: list[bytes] | None = [] if values else None

    def __len__(self) -> int:
        return len(self.terms)

    def add(
        self,
        docnum: int,
        terms: Iterable[int],
        freqs: Iterable[int],
        values: Iterable[bytes] | None = None,
    ) -> None:
        """One document's postings: its terms (each once), their frequencies and values."""
        got = len(self.terms)
        self.terms.extend(terms)
        self.freqs.extend(freqs)
        added = len(self.terms) - got
        self.docs.extend(repeat(docnum, added))
        if self.values is not None:
            if values is None:
                raise ValueError("this field keeps a value a posting")
            self.values.extend(values)
        if len(self.freqs) != len(self.terms) or (
            self.values is not None and len(self.values) != len(self.terms)
        ):
            raise ValueError("a posting each: as many frequencies (and values) as terms")

    def inverted(self, names: list[bytes]) -> Iterator[Inverted]:
        """The postings by term, the terms in the order of their bytes (names: a term's bytes
        by its number). Empties this."""
        terms, docs, freqs, values = self.terms, self.docs, self.freqs, self.values
        self.terms, self.docs, self.freqs = array("I"), array("I"), array("I")
        self.values = None if values is None else []
        counts = Counter(terms)
        order = sorted(counts, key=names.__getitem__)
        # Where each term's postings start, then (as they are placed) where its next one goes.
        place = [0] * len(names)
        at = 0
        for term in order:
            place[term] = at
            at += counts[term]
        n = len(terms)
        by_docs = array("I", bytes(4 * n))
        by_freqs = array("I", bytes(4 * n))
        if values is None:
            for term, doc, freq in zip(terms, docs, freqs, strict=True):  # (documents in order)
                i = place[term]
                by_docs[i] = doc
                by_freqs[i] = freq
                place[term] = i + 1
            by_values = None
        else:
            by_values = [b""] * n
            for term, doc, freq, value in zip(terms, docs, freqs, values, strict=True):
                i = place[term]
                by_docs[i] = doc
                by_freqs[i] = freq
                by_values[i] = value
                place[term] = i + 1
        del terms, docs, freqs, values
        at = 0
        for term in order:
            end = at + counts[term]
            yield (
                names[term],
                by_docs[at:end],
                by_freqs[at:end],
                None if by_values is None else by_values[at:end],
            )
            at = end
