"""inverted.Postings: a field's postings appended a document at a time come out by term, in
the order of the terms' bytes, each term's postings in the order of their documents."""

from __future__ import annotations

import pytest

from reader.search.inverted import Postings


def test_postings_come_out_by_term_in_byte_order_with_their_values() -> None:
    # Numbered in the order met, not in the order of their bytes ("é" sorts after "z").
    names = [b"zebra", b"apple", "école".encode(), b"Zed"]
    got = Postings(values=True)
    got.add(0, [0, 1], [2, 1], [b"z0", b"a0"])
    got.add(1, [2], [1], [b"e1"])
    got.add(4, [1, 3, 0], [3, 1, 1], [b"a4", b"Z4", b"z4"])
    assert len(got) == 6
    out = [(t, list(ids), list(freqs), values) for t, ids, freqs, values in got.inverted(names)]
    assert out == [
        (b"Zed", [4], [1], [b"Z4"]),
        (b"apple", [0, 4], [1, 3], [b"a0", b"a4"]),
        (b"zebra", [0, 4], [2, 1], [b"z0", b"z4"]),
        ("école".encode(), [1], [1], [b"e1"]),
    ]
    assert len(got) == 0  # emptied


def test_postings_without_values() -> None:
    got = Postings(values=False)
    got.add(3, {1: 5, 0: 2}.keys(), {1: 5, 0: 2}.values())
    got.add(7, [1], [1])
    out = [(t, list(i), list(f), v) for t, i, f, v in got.inverted([b"b", b"a"])]
    assert out == [(b"a", [3, 7], [5, 1], None), (b"b", [3], [2], None)]


def test_a_document_s_postings_must_match_in_number() -> None:
    got = Postings(values=True)
    with pytest.raises(ValueError, match="a posting each"):
        got.add(0, [0, 1], [1], [b"x", b"y"])
    with pytest.raises(ValueError, match="keeps a value"):
        Postings(values=True).add(0, [0], [1])
