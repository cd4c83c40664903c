"""BM25: the weighting every searcher uses, and a word's scores read term at a time from its
posting blocks (add_term), kept in the searcher for the next keystroke. The ranking built on
them is in ranking.py, quoted phrases in phrases.py.

With joined.py, postings.py, writing.py, segments.py and term_writer.py, the only modules that
reach into Whoosh's private API, here Or's `matcher_type` (UnionOr) and the cache of term scores
kept in the searcher's `__dict__`. Each use is pinned by a test in
tests/unit/test_whoosh_canaries.py.
"""

from __future__ import annotations

import bisect
import math
from array import array
from collections import OrderedDict
from collections.abc import Collection, Iterator, Sequence
from typing import Any

from whoosh import query as wq
from whoosh import scoring as wscoring
from whoosh.reading import TermNotFound

from reader.search import postings
from reader.search.postings import leaf_postings, some_blocks

# BM25 parameters (Whoosh's and Lucene's defaults).
BM25_B = 0.75
BM25_K1 = 1.2
# An unfielded word scores BM25(body) + TITLE_WEIGHT x BM25(title) (compile.titled). Chosen by
# a leave-one-out check over every collection of bench/ranking.py (see BENCHMARKS.md).
TITLE_WEIGHT = 0.75


class LuceneBM25F(wscoring.BM25F):  # type: ignore[misc]  # Whoosh is untyped
    """BM25 with Lucene's IDF, log(1 + (N - n + 0.5) / (n + 0.5)).

    Always positive and near zero for a word in most articles; Whoosh's log(N / (n + 1)) + 1
    gives every word at least 1, so the common words of a question outweighed its rare ones.
    """

    def idf(self, searcher: Any, fieldname: str, text: str) -> float:
        parent = searcher.get_parent()
        n = parent.doc_frequency(fieldname, text)
        total = parent.doc_count_all()
        return math.log(1.0 + (total - n + 0.5) / (n + 0.5))

    def scorer(self, searcher: Any, fieldname: str, text: str, qf: int = 1) -> Any:
        if not searcher.schema[fieldname].scorable:
            return super().scorer(searcher, fieldname, text, qf=qf)
        return _BM25Scorer(searcher, fieldname, text, self.B, self.K1, qf=qf)


class _BM25Scorer(wscoring.BM25FScorer):  # type: ignore[misc]  # Whoosh is untyped
    """Whoosh's BM25 scorer with the average length add_term uses (postings.average_length:
    the same however the documents fall into segments)."""

    def __init__(
        self, searcher: Any, fieldname: str, text: str, b: float, k1: float, qf: int = 1
    ) -> None:
        parent = searcher.get_parent()
        self.idf = parent.idf(fieldname, text)
        self.avgfl = postings.average_length(parent, fieldname) or 1.0
        self.B = b
        self.K1 = k1
        self.qf = qf
        self.setup(searcher, fieldname, text)  # after avgfl: it scores the block bound


def weighting() -> LuceneBM25F:
    """The weighting every searcher of the index uses."""
    return LuceneBM25F(B=BM25_B, K1=BM25_K1)


class UnionOr(wq.Or):  # type: ignore[misc]  # Whoosh is untyped
    """Whoosh's Or, always as a tree of union matchers.

    On a small index (under 5,000 documents) an Or of three or more clauses pre-loads an array
    of scores, and nested inside another Or or an AndMaybe that matcher loses documents.
    """

    matcher_type = wq.Or.DEFAULT_MATCHER


# --- a word's scores, term at a time --------------------------------------------------------


def add_term(
    s: Any,
    fieldname: str,
    text: str,
    weight: float,
    scores: dict[int, float],
    *,
    wanted: Sequence[int] | None = None,
    cached: bool = True,
) -> set[int]:
    """Add a term's BM25 (times weight) into scores; return the documents holding it. With
    wanted (sorted docnums of s), only theirs, reading only the posting blocks that may hold
    them. s may be a segment's searcher: the IDF and lengths are its parent's. A whole-index
    term goes through the searcher's cache of term scores unless cached is False."""
    docs: set[int] = set()
    if cached and wanted is None and s.get_parent() is s:
        return _add_cached(s, fieldname, text, weight, scores)
    if (fieldname, text) not in s.reader():
        return docs
    parent = s.get_parent()
    k1, b, c, avgfl = _bm25(parent, fieldname, text, weight)
    get = scores.get
    for r, base, m, deleted, norms in _segments(s, parent, fieldname, text, k1, b, avgfl):
        keep: Collection[int] = ()
        local: list[int] | None = None
        if wanted is not None:
            lo = bisect.bisect_left(wanted, base)
            hi = bisect.bisect_left(wanted, base + r.doc_count_all())
            local = [d - base for d in wanted[lo:hi]]
            if not local:
                continue
            keep = set(local)
        for ids, weights in some_blocks(m, local, values=False):
            for d, w in zip(ids, weights, strict=False):
                if (deleted and d in deleted) or (keep and d not in keep):
                    continue
                g = d + base
                scores[g] = get(g, 0.0) + c * w / (w + norms[d])
                docs.add(g)
    return docs


# A term's scores, once computed, are kept in the searcher for the next keystroke: typing
# "vacc", "vacci", "vaccin" searches the same words again (the prefix's completions, the words
# typed before), and adding kept scores costs a fraction of decoding and scoring postings.
TERM_CACHE_POSTINGS = 2_000_000  # about 24 MB of arrays; the least recently used go first


def _add_cached(
    s: Any, fieldname: str, text: str, weight: float, scores: dict[int, float]
) -> set[int]:
    """add_term over the whole index, through the searcher's cache of term scores."""
    cache: OrderedDict[tuple[str, str], tuple[array[int], array[float]]]
    cache = s.__dict__.setdefault("_term_scores", OrderedDict())
    key = (fieldname, text)
    kept = cache.get(key)
    if kept is None:
        kept = cache[key] = _term_scores(s, fieldname, text)
        held = s.__dict__.get("_term_postings", 0) + len(kept[0])
        while held > TERM_CACHE_POSTINGS and len(cache) > 1:
            held -= len(cache.popitem(last=False)[1][0])
        s.__dict__["_term_postings"] = held
    else:
        cache.move_to_end(key)
    ids, values = kept
    get = scores.get
    if not scores and weight == 1.0:
        scores.update(zip(ids, values, strict=True))  # the first term: no sums to make
    elif weight == 1.0:
        for d, v in zip(ids, values, strict=True):
            scores[d] = get(d, 0.0) + v
    else:
        for d, v in zip(ids, values, strict=True):
            scores[d] = get(d, 0.0) + weight * v
    return set(ids)


def _bm25(s: Any, fieldname: str, text: str, weight: float) -> tuple[float, float, float, float]:
    """K1, B, the factor weight x idf x (K1 + 1) and the average field length of a term, for
    the index of searcher s (a whole index's searcher)."""
    k1 = getattr(s.weighting, "K1", BM25_K1)
    b = getattr(s.weighting, "B", BM25_B)
    c = weight * s.idf(fieldname, text) * (k1 + 1.0)
    return k1, b, c, postings.average_length(s, fieldname) or 1.0


def _segments(
    s: Any, parent: Any, fieldname: str, text: str, k1: float, b: float, avgfl: float
) -> Iterator[tuple[Any, int, Any, Collection[int], list[float]]]:
    """(reader, first docnum, posting matcher, deleted documents, BM25 norms) of each segment
    of s that holds the term; the norms are the parent's (the whole index's)."""
    for r, base in s.reader().leaf_readers():
        try:
            m, deleted = leaf_postings(r, fieldname, text)
        except TermNotFound:
            continue
        yield r, base, m, deleted, postings.norms(parent, r, fieldname, k1, b, avgfl)


def _term_scores(s: Any, fieldname: str, text: str) -> tuple[array[int], array[float]]:
    """A term's documents over the whole index and its BM25 in each (as add_term computes
    it, weight 1), in document order: a block of postings a list comprehension."""
    ids: array[int] = array("i")
    values: array[float] = array("d")
    if (fieldname, text) not in s.reader():
        return ids, values
    k1, b, c, avgfl = _bm25(s, fieldname, text, 1.0)
    for _, base, m, deleted, norms in _segments(s, s, fieldname, text, k1, b, avgfl):
        for block, weights in some_blocks(m, None, values=False):
            if deleted:
                kept = [(d, w) for d, w in zip(block, weights, strict=False) if d not in deleted]
                block, weights = [d for d, _ in kept], [w for _, w in kept]
            values.extend([c * w / (w + norms[d]) for d, w in zip(block, weights, strict=False)])
            ids.extend([d + base for d in block])
    return ids, values


def kept_count(s: Any, fieldname: str, text: str) -> int | None:
    """How many documents hold a term whose scores s keeps (add_term), else None."""
    kept = s.__dict__.get("_term_scores", {}).get((fieldname, text))
    return None if kept is None else len(kept[0])
