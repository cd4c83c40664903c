"""Joining fresh segments into one (search/joined.py): the joined segment holds what one segment
written from all their documents holds (every term's postings and statistics, the lengths, the
stored fields), and a split build commits one segment a batch."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from whoosh import index as windex

from reader.core.corpus import scan
from reader.search import writing
from reader.search.analysis import make_schema
from reader.search.joined import join
from reader.search.segments import FastSegmentWriter
from reader.search.service import SearchIndex
from reader.search.store import INDEX_NAME
from tests.unit.segment_helpers import _contents, _docs, _segment, write_segment_corpus


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_segment_corpus(tmp_path_factory.mktemp("join-corpus"))


def _written(ix: Any, docs: list[dict[str, Any]]) -> Any:
    """A segment of docs, written as a split build's child writes one (not committed)."""
    writer = FastSegmentWriter(ix, _lk=False, compound=False)
    for doc in docs:
        writer.add_document(**doc)
    return writer._finalize_segment()


@pytest.mark.parametrize("cuts", [(40,), (1, 100), (30, 31, 200)])
def test_joined_segments_hold_what_one_segment_holds(
    corpus: Path,
    tmp_path: Path,
    cuts: tuple[int, ...],
) -> None:
    docs = _docs(corpus)
    # terms of more than one block (128 postings), in every part
    docs += [dict(d, path=f"{d['path']}#{n}") for n in range(3) for d in docs]
    whole = _segment(tmp_path / "one", FastSegmentWriter, docs)
    one = _contents(whole)
    where = tmp_path / "joined"
    where.mkdir()
    ix = windex.create_in(str(where), make_schema(), "MAIN")
    edges = [0, *cuts, len(docs)]
    parts = [_written(ix, docs[a:b]) for a, b in zip(edges, edges[1:], strict=False)]
    writer = FastSegmentWriter(ix, compound=False)
    writing._commit_segments(writer, [(part, 0) for part in parts])
    ix = windex.open_dir(str(where), indexname="MAIN")
    assert len(ix._segments()) == 1
    joined = _contents(ix)
    assert len(one) > 1000
    assert sorted(joined) == sorted(one)
    for key, value in one.items():
        assert joined[key] == value, key
    # the exact totals of the lengths (not the sum of their one-byte roundings)
    assert dict(ix._segments()[0]._fieldlengths) == dict(whole._segments()[0]._fieldlengths)


def test_a_segment_with_deletions_is_not_joined(corpus: Path, tmp_path: Path) -> None:
    ix = _segment(tmp_path / "ix", FastSegmentWriter, _docs(corpus)[:5])
    w = ix.writer()
    w.delete_document(0)
    w.commit()
    segs = windex.open_dir(str(tmp_path / "ix"), indexname="MAIN")._segments()
    with pytest.raises(ValueError, match="deleted"):
        join(ix.storage, ix.schema, segs + segs)


def test_a_split_build_is_one_segment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each batch's children's segments joined, and the first (small) batch's segment joined
    into the next batch's: one segment, the first batch's documents first."""
    monkeypatch.setattr(writing, "SPLIT_MIN_DOCS", 20)
    monkeypatch.setattr(writing, "SPLIT_FIRST_BATCH", 100)
    root = tmp_path / "c"
    root.mkdir()
    for i in range(260):
        (root / f"a{i:03}.txt").write_text(f"Title {i}\n\nwords of note {i} and more", "utf-8")
    search_index = SearchIndex(root, tmp_path / "ix", procs=2)
    search_index.update(scan(root))
    search_index.close()
    ix = windex.open_dir(str(tmp_path / "ix"), indexname=INDEX_NAME)
    assert [s.doc_count_all() for s in ix._segments()] == [260]
    with ix.searcher() as s:
        paths = [Path(d["path"]).name for d in s.all_stored_fields()]
    assert len(set(paths)) == 260
    assert sorted(paths[:100]) == [f"a{i:03}.txt" for i in range(100)]
