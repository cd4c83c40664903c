"""Canaries for the Whoosh internals reader relies on (for speed), all in search/scoring.py,
search/postings.py and search/writing.py. A Whoosh release that renames, removes or changes
one fails here, with a message naming the internal and the code of ours that uses it,
instead of somewhere deep in a search or an update."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from whoosh import index as windex
from whoosh import matching
from whoosh import query as wq
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.filedb.filetables import HashReader
from whoosh.index import FileIndex
from whoosh.matching.wrappers import FilterMatcher
from whoosh.reading import SegmentReader
from whoosh.searching import Searcher
from whoosh.writing import NO_MERGE, SegmentWriter

from reader.search import phrases, postings, ranking, scoring, segments, writing
from reader.search.analysis import make_schema

DOCS = 300  # more than one posting block (128) for the common word


def _broken(internal: str, user: str, what: str = "is gone") -> str:
    return f"Whoosh's {internal} {what}: reader.search.{user} relies on it"


# --- every internal, by name ---------------------------------------------------------------

INTERNALS = [
    (W3LeafMatcher, "_next_block", "postings.blocks"),
    (W3LeafMatcher, "_read_ids", "postings.blocks"),
    (W3LeafMatcher, "_read_weights", "postings.blocks"),
    (W3LeafMatcher, "_read_values", "postings.value_blocks"),
    (W3LeafMatcher, "block_max_id", "postings.value_blocks"),
    (SegmentReader, "deleted_docs_set", "postings.leaf_postings"),
    (wq.Or, "matcher_type", "scoring.UnionOr"),
    (wq.Or, "DEFAULT_MATCHER", "scoring.UnionOr"),
    (SegmentWriter, "_flush_segment", "segments.FastSegmentWriter"),
    (SegmentWriter, "_check_state", "segments.FastSegmentWriter"),
    (SegmentWriter, "_check_fields", "segments.FastSegmentWriter"),
    (SegmentWriter, "_finalize_segment", "writing._index_part"),
    (SegmentWriter, "_merge_segments", "writing._commit_segments"),
    (SegmentWriter, "_close_segment", "writing._commit_segments"),
    (SegmentWriter, "_commit_toc", "writing._commit_segments, segments.FastSegmentWriter"),
    (SegmentWriter, "_finish", "writing._commit_segments"),
    (FileIndex, "lock", "writing.open_writer"),
    (HashReader, "ranges_for_key", "postings.KnownTerms"),
]


@pytest.mark.parametrize(
    ("owner", "name", "user"),
    INTERNALS,
    ids=[f"{owner.__name__}.{name}" for owner, name, _ in INTERNALS],
)
def test_the_internal_exists(owner: type, name: str, user: str) -> None:
    assert hasattr(owner, name), _broken(f"{owner.__name__}.{name}", user)


# --- a tiny index ----------------------------------------------------------------------------


def _doc(n: int) -> dict[str, Any]:
    words = " ".join(["common"] * (1 + n % 5))
    body = f"Title {n} {words} word{n}"
    return {"path": f"/a{n:03}", "title": f"Title {n}", "body": body, "exact": body}


@pytest.fixture(scope="module")
def ix(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    where = tmp_path_factory.mktemp("canary")
    found = windex.create_in(str(where), make_schema(), "MAIN")
    writer = found.writer()
    for n in range(DOCS):
        writer.add_document(**_doc(n))
    writer.commit()
    yield found
    found.close()


@pytest.fixture()
def searcher(ix: Any) -> Iterator[Any]:
    with ix.searcher(weighting=scoring.weighting()) as s:
        yield s


# --- scoring.py --------------------------------------------------------------------------------


def test_a_segments_term_index_is_where_known_terms_wraps_it(searcher: Any) -> None:
    # SegmentReader._terms (a W3TermsReader) and its _tindex (an OrderedHashReader, with
    # dbfile): wrapped by postings.keep_term_places in every searcher the index opens.
    postings.keep_term_places(searcher)
    for r, _ in searcher.reader().leaf_readers():
        assert isinstance(r._terms._tindex, postings.KnownTerms), _broken(
            "SegmentReader._terms._tindex", "postings.keep_term_places"
        )
        assert r._terms._tindex.dbfile is not None


def test_posting_blocks_read_as_whoosh_reads_them(searcher: Any) -> None:
    """_blocks reads W3LeafMatcher's `_ids`/`_weights` a block at a time (`_read_ids`,
    `_read_weights`, `_next_block`): the same postings as the public id()/weight()/next()."""
    ((reader, _),) = searcher.reader().leaf_readers()
    fast = reader.postings("body", "common")
    assert isinstance(fast, W3LeafMatcher), _broken(
        "SegmentReader.postings()", "postings.blocks", "no longer returns a W3LeafMatcher"
    )
    slow = reader.postings("body", "common")
    expected_ids, expected_weights = [], []
    while slow.is_active():
        expected_ids.append(slow.id())
        expected_weights.append(slow.weight())
        slow.next()
    blocks = list(postings.blocks(fast))
    assert len(blocks) > 1, "the canary index should hold more than one posting block"
    ids = [d for block_ids, _ in blocks for d in block_ids]
    weights = [w for _, block_weights in blocks for w in block_weights]
    assert (ids, weights) == (expected_ids, expected_weights), _broken(
        "W3LeafMatcher._ids/_weights/_next_block", "postings.blocks", "changed meaning"
    )


def test_deleted_documents_come_wrapped_in_a_filter_matcher(tmp_path: Path) -> None:
    """leaf_postings unwraps FilterMatcher (`child`) and skips `deleted_docs_set` itself."""
    found = windex.create_in(str(tmp_path), make_schema(), "MAIN")
    writer = found.writer()
    for n in range(5):
        writer.add_document(**_doc(n))
    writer.commit()
    writer = found.writer()
    writer.delete_by_term("path", "/a001")
    writer.commit(mergetype=NO_MERGE)
    with found.searcher(weighting=scoring.weighting()) as s:
        ((reader, _),) = s.reader().leaf_readers()
        m = reader.postings("body", "common")
        assert isinstance(m, FilterMatcher), _broken(
            "SegmentReader.postings()", "postings.leaf_postings", "no longer wraps deletions"
        )
        assert hasattr(m, "child"), _broken("FilterMatcher.child", "postings.leaf_postings")
        assert 1 in reader.deleted_docs_set, _broken(
            "SegmentReader.deleted_docs_set", "postings.leaf_postings", "changed meaning"
        )
        ranked = ranking.rank(s, [], [(wq.Term("body", "common"), 1.0)], 10, float("inf"))
        assert sorted(d for _, d in ranked.all_top) == [0, 2, 3, 4]
    found.close()


def test_the_norms_cache_fits_in_the_searchers_dict(ix: Any) -> None:
    """postings.norms caches per searcher in `searcher.__dict__["_reader_norms"]`: a key Whoosh must
    not use itself, on a searcher that has a __dict__, and a new searcher starts without it."""
    with ix.searcher(weighting=scoring.weighting()) as s:
        assert isinstance(s, Searcher) and hasattr(s, "__dict__"), _broken(
            "Searcher.__dict__", "postings.norms"
        )
        assert "_reader_norms" not in s.__dict__, _broken(
            "Searcher", "postings.norms", "now has a `_reader_norms` of its own"
        )
        ranking.rank(s, [], [(wq.Term("body", "common"), 1.0)], 10, float("inf"))
        assert s.__dict__["_reader_norms"]
    with ix.searcher(weighting=scoring.weighting()) as fresh:
        assert "_reader_norms" not in fresh.__dict__


def test_the_length_bytes_read_in_one_go_are_whooshs_lengths(ix: Any) -> None:
    """postings.norms reads a segment's lengths column in one go (`_perdoc._cached_reader`, the
    column's `_dbfile`, `_basepos`, `_count`): the lengths must be those Whoosh gives a
    document at a time, for every field, and a document past the column's end too."""
    with ix.searcher() as s:
        for r, _ in s.reader().leaf_readers():
            count = r.doc_count_all()
            for field in ("body", "title"):
                coded = postings.length_bytes(r, field, count + 2)
                assert coded is not None, _broken(
                    "lengths column reader", "postings.length_bytes", "changed its layout"
                )
                lengths = [postings.LENGTHS[c] for c in coded]
                whoosh = [r.doc_field_length(d, field, 1) or 0 for d in range(count)]
                assert lengths[:count] == whoosh and lengths[count:] == [0, 0], _broken(
                    "length byte", "postings.length_bytes", "is coded differently"
                )


def test_the_term_at_a_time_scores_equal_whoosh_scores(searcher: Any) -> None:
    """rank() recomputes BM25 from posting weights and the lossy field lengths
    (`doc_field_length`); the scores must stay those of Whoosh's own matcher."""
    q = wq.Term("body", "common")
    ranked = ranking.rank(searcher, [], [(q, 1.0)], DOCS, float("inf"))
    ours = {d: sc for sc, d in ranked.all_top}
    theirs = {hit.docnum: hit.score for hit in searcher.search(q, limit=DOCS)}
    assert ours.keys() == theirs.keys()
    for d, score in theirs.items():
        assert ours[d] == pytest.approx(score, rel=1e-9), _broken(
            "BM25F scoring", "scoring.add_term/postings.norms", "no longer scores as we do"
        )


def test_union_or_builds_a_tree_of_union_matchers(searcher: Any) -> None:
    """UnionOr sets Or's `matcher_type` to DEFAULT_MATCHER: a tree of UnionMatchers, not the
    pre-loaded array matcher that lost documents when nested."""
    terms = [wq.Term("body", w) for w in ("common", "word1", "word2")]
    m = scoring.UnionOr(terms).matcher(searcher, searcher.context())
    assert isinstance(m, matching.UnionMatcher), _broken(
        "Or.matcher_type = Or.DEFAULT_MATCHER", "scoring.UnionOr", f"now gives {type(m)}"
    )


def test_posting_values_read_as_whoosh_reads_them(searcher: Any) -> None:
    """value_blocks reads W3LeafMatcher's `_ids`/`_values` a block at a time (`_read_values`),
    skipping the blocks that hold no wanted document by `block_max_id()`."""
    ((reader, _),) = searcher.reader().leaf_readers()
    slow = reader.postings("exact", "common")
    expected = {}
    while slow.is_active():
        expected[slow.id()] = slow.value()
        slow.next()
    fast = reader.postings("exact", "common")
    assert isinstance(fast, W3LeafMatcher)
    blocks = postings.value_blocks(fast, None)
    every = {d: v for ids, vs in blocks for d, v in zip(ids, vs, strict=True)}
    assert every == expected, _broken(
        "W3LeafMatcher._ids/_values/_next_block", "postings.value_blocks", "changed meaning"
    )
    wanted = [3, 5]  # in the first block of three
    some = reader.postings("exact", "common")
    blocks = postings.value_blocks(some, wanted)
    got = {d: v for ids, vs in blocks for d, v in zip(ids, vs, strict=True)}
    assert set(wanted) <= set(got) and len(got) < len(expected), _broken(
        "W3LeafMatcher.block_max_id", "postings.value_blocks", "changed meaning"
    )


@pytest.mark.parametrize(
    "words",
    [("common", "word7"), ("title", "7"), ("common", "common"), ("common", "common", "common"),
     ("word7", "common", "common"), ("title", "common")],
)  # fmt: skip
def test_phrases_match_as_whoosh_matches_them(searcher: Any, words: tuple[str, ...]) -> None:
    """phrases.phrase_counts reads positions itself; the documents must be those Whoosh's own
    Phrase matcher finds (slop 1: next to each other), the counts those of the positions; and
    PositionalPhrase, run by Whoosh inside another query, finds the same documents."""
    theirs = {h.docnum for h in searcher.search(wq.Phrase("exact", list(words)), limit=None)}
    phrase = phrases.PositionalPhrase("exact", words)
    found = phrases.phrase_counts(searcher, phrase)
    counts = {base + d: n for _, base, part in found for d, n in part.items()}
    assert set(counts) == theirs, _broken("Phrase matching", "phrases.phrase_counts", "differs")
    inside = wq.And([phrase, wq.Every()])
    assert {h.docnum for h in searcher.search(inside, limit=None)} == theirs
    for d, n in counts.items():
        path = searcher.reader().stored_fields(d)["path"]
        tokens = _doc(int(path[2:]))["exact"].lower().split()
        size = len(words)
        assert n == sum(tuple(tokens[i : i + size]) == words for i in range(len(tokens)))


# --- writing.py --------------------------------------------------------------------------------


def test_a_segment_written_apart_is_committed_by_another_writer(tmp_path: Path) -> None:
    """The split build: a FastSegmentWriter (a SegmentWriter without the lock, `_lk=False`) writes a
    segment (`_added`, `_finalize_segment`, through our `_flush_segment`); the writer that
    holds the lock commits it (`_merge_segments`, `_close_segment`, `_commit_toc`, `_finish`)."""
    found = windex.create_in(str(tmp_path), make_schema(), "MAIN")
    writer = found.writer()
    writer.add_document(**_doc(0))
    writer.commit()
    holder = found.writer()  # holds the write lock, as the parent does
    part = segments.FastSegmentWriter(found, _lk=False, compound=False)
    assert part._added is False, _broken("SegmentWriter._added", "writing._index_part")
    for n in range(1, 4):
        part.add_document(**_doc(n))
    assert part._added is True, _broken("SegmentWriter._added", "writing._index_part")
    segment = part._finalize_segment()
    holder.delete_by_term("path", "/a000")
    writing._commit_segments(holder, [(segment, 0)])
    assert holder.is_closed, _broken("SegmentWriter._finish", "writing._commit_segments")
    lock = found.lock("WRITELOCK")
    assert lock.acquire(), _broken(
        "SegmentWriter._finish", "writing._commit_segments", "no longer releases the lock"
    )
    lock.release()
    reopened = windex.open_dir(str(tmp_path), indexname="MAIN")
    with reopened.searcher() as s:
        assert sorted(d["path"] for d in s.all_stored_fields()) == ["/a001", "/a002", "/a003"]
    reopened.close()
    found.close()


def test_the_fast_writer_writes_its_segment_itself(tmp_path: Path) -> None:
    """FastSegmentWriter overrides `_flush_segment` and writes each term through the field
    writer (`start_field`, `_postfile`, `_tindex`, `_fieldid`, `finish_field`), in the W3
    codec's format (tests/unit/test_fast_segments.py compares what it writes with Whoosh's)."""
    flushed: list[bool] = []

    class Spy(segments.FastSegmentWriter):
        def _flush_segment(self) -> None:
            flushed.append(True)
            super()._flush_segment()

    found = windex.create_in(str(tmp_path), make_schema(), "MAIN")
    writer = Spy(found, compound=False)
    for name in ("_postfile", "_tindex", "_fieldid"):
        assert hasattr(writer.fieldwriter, name), _broken(
            f"W3FieldWriter.{name}", "term_writer.TermWriter"
        )
    for name in ("dbfile", "index", "buckets", "hashfn", "lastkey"):
        assert hasattr(writer.fieldwriter._tindex, name), _broken(
            f"OrderedHashWriter.{name}", "term_writer.TermWriter.finish"
        )
    for name in ("dbfile", "buckets", "directory", "_write_hashes"):
        assert hasattr(writer.fieldwriter._tindex, name), _broken(
            f"OrderedHashWriter.{name}", "term_writer.write_hash_tables"
        )
    for name in ("_blocklimit", "_compression"):
        assert hasattr(writer.codec, name), _broken(f"W3Codec.{name}", "term_writer.TermWriter")
    for name in ("perdocwriter", "fieldwriter", "pool", "docnum"):
        assert hasattr(writer, name), _broken(f"SegmentWriter.{name}", "segments.FastSegmentWriter")
    for n in range(40):
        writer.add_document(**_doc(n))
    writer.commit()
    assert flushed, _broken(
        "SegmentWriter._flush_segment", "segments.FastSegmentWriter", "is no longer called"
    )
    with found.searcher() as s:
        assert s.doc_count() == 40
    found.close()


def test_writers_take_the_write_lock_through_index_lock(tmp_path: Path) -> None:
    """open_writer wraps `ix.lock` to release a lock a failed writer took; Whoosh's writer
    must take it through that method, and keep it as `writelock` (writing._abandon)."""
    found = windex.create_in(str(tmp_path), make_schema(), "MAIN")
    taken: list[Any] = []
    real = found.lock

    def lock(name: str) -> Any:
        taken.append(real(name))
        return taken[-1]

    found.lock = lock
    try:
        writer = found.writer()
    finally:
        del found.lock
    assert taken, _broken("FileIndex.lock", "writing.open_writer", "is no longer called")
    assert getattr(writer, "writelock", None) is taken[0], _broken(
        "SegmentWriter.writelock", "writing._abandon"
    )
    writer.cancel()
    found.close()


def test_the_write_lock_is_a_descriptor_a_child_can_close(tmp_path: Path) -> None:
    """writing._lock_fds hands forked children the lock's descriptor to close: Whoosh's
    FcntlLock keeps it as `fd`, and the lock is a flock on it."""
    import fcntl

    found = windex.create_in(str(tmp_path), make_schema(), "MAIN")
    writer = found.writer()
    fds = writing._lock_fds(writer)
    assert len(fds) == 1, _broken("FcntlLock.fd", "writing._lock_fds", "is gone")
    with pytest.raises(BlockingIOError):  # held: another descriptor cannot take it
        other = os.open(writer.writelock.filename, os.O_RDONLY)
        try:
            fcntl.flock(other, fcntl.LOCK_EX | fcntl.LOCK_NB)
        finally:
            os.close(other)
    writer.cancel()
    found.close()


def test_a_merge_policy_gets_the_writer_and_the_segments(tmp_path: Path) -> None:
    """_merge_tiny is a `mergetype` function: called as f(writer, segments), it reads segments
    with SegmentReader(writer.storage, writer.schema, segment) and writer.add_reader()."""
    found = windex.create_in(str(tmp_path), make_schema(), "MAIN")
    for n in range(3):
        writer = found.writer()
        writer.add_document(**_doc(n))
        writer.commit(mergetype=NO_MERGE)
    seen: list[tuple[Any, list[Any]]] = []

    def policy(writer: Any, segments: list[Any]) -> list[Any]:
        seen.append((writer, list(segments)))
        for seg in segments:
            reader = SegmentReader(writer.storage, writer.schema, seg)
            writer.add_reader(reader)
            reader.close()
        return []

    writer = found.writer()
    writer.commit(mergetype=policy)
    assert seen and seen[0][0] is writer and len(seen[0][1]) == 3, _broken(
        "SegmentWriter.commit(mergetype=f)", "writing._merge_tiny", "no longer calls f so"
    )
    reopened = windex.open_dir(str(tmp_path), indexname="MAIN")
    assert len(reopened._segments()) == 1 and reopened.doc_count() == 3
    reopened.close()
    found.close()


def test_the_joiner_finds_what_it_reads_and_writes(tmp_path: Path) -> None:
    """joined.join reads a segment's terms table whole (the terms reader's `_tindex` and
    `_fieldmap`; the table's `startofdata` and `indexlen`), its postings file by name
    (`make_filename`, the storage's `folder`), sums the segments' `_fieldlengths`, and writes
    through a field writer's `_tindex` and `_postfile` with the codec's `_compression`."""
    found = windex.create_in(str(tmp_path), make_schema(), "MAIN")
    writer = segments.FastSegmentWriter(found, compound=False)  # as a split build's children
    writer.add_document(**_doc(0))
    writer.commit()
    seg = found._segments()[0]
    codec = seg.codec()
    terms = codec.terms_reader(found.storage, seg)
    for owner, names in (
        (terms, ("_tindex", "_fieldmap")),
        (terms._tindex, ("startofdata", "indexlen")),
    ):
        for name in names:
            assert hasattr(owner, name), _broken(f"{type(owner).__name__}.{name}", "joined.join")
    terms.close()
    assert isinstance(seg._fieldlengths, dict), _broken("W3Segment._fieldlengths", "joined.join")
    assert (tmp_path / seg.make_filename(".pst")).is_file(), _broken(
        "Segment.make_filename", "joined.join"
    )
    assert found.storage.folder == str(tmp_path), _broken("FileStorage.folder", "joined.join")
    assert hasattr(codec, "_compression"), _broken("W3Codec._compression", "joined.join")
    found.close()
