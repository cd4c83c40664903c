"""Posting formats of the index's own (a field's format decides what each posting keeps).

Counts: a word's count in a document, kept as the posting's weight only. Whoosh's Frequency
keeps it twice: as the weight (the W3 codec stores every posting's weight) and again as the
posting's value, 4 bytes more a posting; nothing reads the value of a field searched by its
weights (BM25 reads weights, phrases read the exact fields' positions).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from whoosh.formats import Format, tokens


class Counts(Format):  # type: ignore[misc]  # Whoosh is untyped
    """A word's count in a document as the posting's weight (times the field's boost), and no
    value (the codec stores none: fixed_value_size 0). No decode_* methods: there is nothing to
    decode, and Whoosh asks `supports` before it decodes."""

    posting_size = 0

    def word_values(
        self, value: Any, analyzer: Any, **kwargs: Any
    ) -> Iterable[tuple[str, int, float, bytes]]:
        """What Frequency gives, without the value."""
        fb = self.field_boost
        freqs: defaultdict[str, int] = defaultdict(int)
        weights: defaultdict[str, float] = defaultdict(float)
        kwargs["boosts"] = True
        for t in tokens(value, analyzer, kwargs):
            freqs[t.text] += 1
            weights[t.text] += t.boost
        return ((w, n, weights[w] * fb, b"") for w, n in freqs.items())

    def encode(self, value: Any) -> bytes:
        return b""

    def combine(self, vs: Iterable[bytes]) -> bytes:
        return b""
