"""The fast segment writer (search/segments.py) writes what Whoosh's SegmentWriter writes for
the same documents: every term's postings (ids, weights, values), its statistics, the field
lengths and the stored fields; and an index built by it ranks every query as one built by
Whoosh's writer does (the same hits, the same order, the same scores)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from whoosh.writing import SegmentWriter

from reader.core.corpus import scan
from reader.search import writing
from reader.search.analysis import (
    make_analyzer,
    make_exact_analyzer,
    make_source_analyzer,
)
from reader.search.segments import FastSegmentWriter
from reader.search.service import SearchIndex
from reader.search.term_cache import Terms
from tests.unit.segment_helpers import (
    _KINDS,
    _contents,
    _docs,
    _segment,
    write_segment_corpus,
)

QUERIES = [
    "e-mail office",
    '"the e-mail"',
    "python 3.8",
    "cafe naive",
    "plain title",
    '"plain title"',
    "title:plain",
    "rare",
    '"rare end"',
    "w12 v3",
    "source:nbc",
    "sourced text",
    "state of the art",
    "asyncio future",
]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """TEXTS, and 80 notes mixing the queries' words in varied measure."""
    return write_segment_corpus(tmp_path_factory.mktemp("fast-corpus"))


def test_the_fast_writer_writes_the_postings_whoosh_writes(corpus: Path, tmp_path: Path) -> None:
    docs = _docs(corpus)
    # Documents of more than one block (128 postings) for a term, in both writers.
    docs += [dict(d, path=f"{d['path']}#{n}") for n in range(3) for d in docs]
    theirs = _contents(_segment(tmp_path / "whoosh", SegmentWriter, docs))
    ours = _contents(_segment(tmp_path / "fast", FastSegmentWriter, docs))
    assert len(theirs) > 1000
    assert sorted(ours) == sorted(theirs)
    for key, value in theirs.items():
        assert ours[key] == value, key


def _rankings(corpus: Path, where: Path, procs: int) -> dict[str, list[tuple[str, float]]]:
    ix = SearchIndex(corpus, where, procs=procs)
    try:
        ix.update(scan(corpus))
        return {
            q: [(h.path, round(h.score, 9)) for h in ix.search(q, limit=50).hits] for q in QUERIES
        }
    finally:
        ix.close()


def test_an_index_built_fast_ranks_as_one_built_by_whoosh(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ours = _rankings(corpus, tmp_path / "fast", procs=1)
    monkeypatch.setattr(writing, "FastSegmentWriter", SegmentWriter)
    theirs = _rankings(corpus, tmp_path / "whoosh", procs=1)
    assert sum(map(len, theirs.values())) > 200
    assert ours == theirs


def test_a_token_becomes_the_term_the_analyzer_makes_of_it() -> None:
    """Terms applies the analyzers' filters step by step (no generator chain a word): each
    token must come out as the analyzer itself makes it, stopped words as None."""
    words = _KINDS.split() + ["US", "May", "a", "I", "Running", "ÉCOLE", "über", "x", "The"]
    words += [p for w in _KINDS.split() for p in re.split(r"[-_.]", w) if p]
    for analyzer in (make_analyzer(), make_exact_analyzer(), make_source_analyzer()):
        terms = Terms(analyzer)
        assert terms.steps is not None
        for word in words:
            made = [t.text for t in analyzer(word, tokenize=False, mode="index")]
            assert terms[word] == (made[0] if made else None), word


def _postings_bytes(where: Path) -> int:
    return sum(p.stat().st_size for p in where.iterdir() if p.suffix in (".pst", ".trm"))


def test_a_segment_written_fast_is_smaller_than_whoosh_s(corpus: Path, tmp_path: Path) -> None:
    """Postings pickled with protocol 3 (Whoosh's 2 spells each bytes value as a call of
    _codecs.encode, about 50 bytes for a 2-byte value) and weights as the whole numbers they
    are: the postings and terms files of the same documents take less than Whoosh's."""
    docs = _docs(corpus)
    docs += [dict(d, path=f"{d['path']}#{n}") for n in range(3) for d in docs]
    _segment(tmp_path / "whoosh", SegmentWriter, docs)
    _segment(tmp_path / "fast", FastSegmentWriter, docs)
    assert _postings_bytes(tmp_path / "fast") < 0.8 * _postings_bytes(tmp_path / "whoosh")


def test_title_and_body_postings_keep_their_counts_as_weights_only(
    corpus: Path, tmp_path: Path
) -> None:
    """formats.Counts: a word's count in `title` and `body` is its posting's weight, and the
    posting keeps no value (Whoosh's Frequency kept the count again, 4 bytes; `title` kept
    positions nothing reads), written fast or by Whoosh's writer alike."""
    docs = _docs(corpus)
    docs += [dict(d, path=f"{d['path']}#{n}") for n in range(3) for d in docs]
    for cls in (FastSegmentWriter, SegmentWriter):
        got = _contents(_segment(tmp_path / cls.__name__, cls, docs))
        counted = {k: v for k, v in got.items() if k.startswith(("body:", "title:"))}
        assert len(counted) > 100
        for key, (posts, *_) in counted.items():
            assert all(value == b"" and weight >= 1 for _, weight, value in posts), key


def test_dates_are_stored_not_indexed(corpus: Path, tmp_path: Path) -> None:
    """No search reads a date from the index: `date` is stored only (indexed as a NUMERIC
    field, each date was 8 or 9 terms of its own: 6.7 MB of 10,000 generated articles)."""
    docs = _docs(corpus)
    assert any(d.get("date") for d in docs)
    ix = _segment(tmp_path / "ix", FastSegmentWriter, docs)
    with ix.searcher() as s:
        r = s.reader()
        assert "date" not in r.indexed_field_names()
        dates = [stored.get("date") for stored in r.all_stored_fields()]
    assert sorted(d for d in dates if d) == sorted(d["date"] for d in docs if d.get("date"))


def test_the_table_of_stored_lengths_is_the_codecs_rounding_of_each_length() -> None:
    """Made a run of lengths at a time (segments._stored_lengths): the same as asking the
    codec for each length."""
    from whoosh.util.numeric import byte_to_length, length_to_byte

    from reader.search import segments

    table = segments._stored_lengths()
    assert table == [byte_to_length(length_to_byte(n)) for n in range(1 << 16)]
    assert segments.stored_length(70_000) == byte_to_length(length_to_byte(70_000))
