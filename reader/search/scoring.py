"""Ranking: the BM25 weighting, the term-at-a-time ranking of plain words, and the top hits
and exact count of any other query.

The only module, with writing.py, that reaches into Whoosh's private API, here its matchers
(W3LeafMatcher's `_ids`, `_weights`, `_read_ids`, `_read_weights`, `_next_block`; FilterMatcher's
`child`; Or's `matcher_type`) and a cache kept in the searcher's `__dict__`. Each use is pinned
by a test in tests/unit/test_whoosh_canaries.py.
"""

from __future__ import annotations

import heapq
import math
import time
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from whoosh import collectors
from whoosh import query as wq
from whoosh import scoring as wscoring
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.matching.wrappers import FilterMatcher
from whoosh.reading import TermNotFound

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


def weighting() -> LuceneBM25F:
    """The weighting every searcher of the index uses."""
    return LuceneBM25F(B=BM25_B, K1=BM25_K1)


class UnionOr(wq.Or):  # type: ignore[misc]  # Whoosh is untyped
    """Whoosh's Or, always as a tree of union matchers.

    On a small index (under 5,000 documents) an Or of three or more clauses pre-loads an array
    of scores, and nested inside another Or or an AndMaybe that matcher loses documents.
    """

    matcher_type = wq.Or.DEFAULT_MATCHER


# --- ties -----------------------------------------------------------------------------------


def best(s: Any, scores: dict[int, float], pool: Collection[int], limit: int) -> list[int]:
    """The `limit` documents of pool with the highest scores, equal scores in path order.

    Document numbers depend on how a build split its work, so they never break ties: the
    documents tied with the last one kept (inside the top or just outside it) are ordered by
    their stored path, so every build of the same files ranks alike.
    """
    get = scores.__getitem__
    top = heapq.nsmallest(limit, pool, key=lambda d: (-get(d), d))
    if not top:
        return top
    cutoff = get(top[-1])
    tied = {d for d in pool if get(d) == cutoff}
    above = [d for d in top if get(d) > cutoff]
    paths: dict[int, str] = {}

    def path(d: int) -> str:
        p = paths.get(d)
        if p is None:
            p = paths[d] = str(s.stored_fields(d).get("path", ""))
        return p

    tied_first = sorted(tied, key=path)[: limit - len(above)]
    return sorted(above, key=lambda d: (-get(d), path(d))) + tied_first


# --- any query: Whoosh's matchers --------------------------------------------------------------


def top_docs(
    s: Any, q: Any, limit: int, deadline: float
) -> tuple[list[tuple[float, int]], int, bool]:
    """(score, docnum) of q's best `limit` documents, the exact match count, and whether
    time ran out (then the count is only of what was found).

    With no deadline (math.inf) every match is scored and ties go by path (best()); with one,
    Whoosh's top collector may stop early and ties go by document number.
    """
    if math.isinf(deadline):
        results = s.search(q, limit=None)
        scores = {results.docnum(i): results.score(i) for i in range(results.scored_length())}
        top = best(s, scores, scores, limit)
        return [(scores[d], d) for d in top], len(scores), False
    remaining = max(0.01, deadline - time.monotonic())
    top = collectors.TopCollector(limit=limit)
    tlc = collectors.TimeLimitCollector(top, remaining, use_alarm=False)
    timed_out = False
    try:
        s.search_with_collector(q, tlc)
    except collectors.TimeLimit:
        timed_out = True
    results = tlc.results()
    docnums = [(results.score(i), results.docnum(i)) for i in range(results.scored_length())]
    if timed_out:
        total = len(docnums)
    elif results.has_exact_length():
        total = int(results.estimated_length())
    else:
        total = len(_docset(s, q))
    return docnums, total, timed_out


def _docset(s: Any, q: Any) -> set[int]:
    """The matching document numbers, by set algebra over posting lists where possible.

    Whoosh's union/intersection matchers count at ~30 us a document; leaf id lists are fast.
    """
    if isinstance(q, wq.Term):
        if (q.fieldname, q.text) not in s.reader():
            return set()
        return set(s.postings(q.fieldname, q.text).all_ids())
    if isinstance(q, wq.Or):
        out: set[int] = set()
        for sub in q.subqueries:
            out |= _docset(s, sub)
        return out
    if isinstance(q, wq.And):
        pos = [x for x in q.subqueries if not isinstance(x, wq.Not)]
        if pos:
            sets = sorted((_docset(s, x) for x in pos), key=len)
            res = sets[0]
            for other in sets[1:]:
                res &= other
            for x in q.subqueries:
                if isinstance(x, wq.Not) and res:
                    res -= _docset(s, x.query)
            return res
    if q is wq.NullQuery:
        return set()
    return set(q.matcher(s).all_ids())


# --- plain words: BM25 term at a time --------------------------------------------------------


@dataclass(slots=True)
class Ranked:
    """The plain-words ranking: (score, docnum) of the best all-words and closest matches."""

    all_top: list[tuple[float, int]]
    all_total: int
    rest_top: list[tuple[float, int]]
    rest_total: int
    partial: bool


def rank(
    s: Any,
    required: list[Any],
    parts: list[tuple[Any, float]],
    limit: int,
    deadline: float,
) -> Ranked:
    """BM25 summed over every word, term at a time over whole posting lists.

    Whoosh's document-at-a-time union matchers cost ~30 us a document in pure Python (a
    30-word question: seconds); reading each posting block and adding into one dict keeps
    every word and costs well under 1 us a posting. Scores equal Whoosh's (same weighting,
    same lossy field lengths). `required` are queries every hit has (quoted phrases);
    `parts` are (query, weight): a word and how often it was typed.
    """
    scores: dict[int, float] = {}
    partial = False
    # Rarest first, so that if time runs out the words left out are the commonest.
    reader = s.reader()
    order = sorted(parts, key=lambda qc: qc[0].estimate_size(reader))
    req_docs: set[int] | None = None
    for q in required:
        docs = _add_scores(s, q, 1.0, scores)
        req_docs = docs if req_docs is None else req_docs & docs
    part_docs: list[set[int]] = []
    for q, weight in order:
        if time.monotonic() > deadline:
            partial = True
            break
        part_docs.append(_add_scores(s, q, weight, scores))
    if part_docs:
        all_set = set.intersection(*sorted(part_docs, key=len))
        if req_docs is not None:
            all_set &= req_docs
        any_set = set.union(*part_docs)
        if req_docs is not None:
            relaxed = any_set & req_docs
            # Quoted phrases stay required, unless no article has them and another word.
            any_set = relaxed if relaxed else any_set | req_docs
    else:
        all_set = req_docs or set()
        any_set = all_set
    rest = any_set - all_set
    get = scores.__getitem__
    all_top = best(s, scores, all_set, limit)
    rest_top = best(s, scores, rest, max(0, limit - len(all_top)))
    return Ranked(
        [(get(d), d) for d in all_top],
        len(all_set),
        [(get(d), d) for d in rest_top],
        len(rest),
        partial,
    )


def _add_scores(s: Any, q: Any, weight: float, scores: dict[int, float]) -> set[int]:
    """Add q's scores (times weight) into scores; return the documents q matches."""
    weight *= q.boost
    if isinstance(q, wq.Term):
        return _add_term(s, q.fieldname, q.text, weight, scores)
    if isinstance(q, wq.Or):
        docs: set[int] = set()
        for sub in q.subqueries:
            docs |= _add_scores(s, sub, weight, scores)
        return docs
    if q is wq.NullQuery or isinstance(q, wq.NullQuery.__class__):
        return set()
    # Anything else (a phrase): Whoosh's own matcher.
    docs = set()
    m = q.with_boost(1.0).matcher(s, s.context())
    get = scores.get
    while m.is_active():
        d = m.id()
        docs.add(d)
        scores[d] = get(d, 0.0) + weight * m.score()
        m.next()
    return docs


def _add_term(
    s: Any, fieldname: str, text: str, weight: float, scores: dict[int, float]
) -> set[int]:
    docs: set[int] = set()
    if (fieldname, text) not in s.reader():
        return docs
    k1 = getattr(s.weighting, "K1", BM25_K1)
    b = getattr(s.weighting, "B", BM25_B)
    c = weight * s.idf(fieldname, text) * (k1 + 1.0)
    avgfl = s.avg_field_length(fieldname) or 1.0
    get = scores.get
    for r, base in s.reader().leaf_readers():
        try:
            m = r.postings(fieldname, text)
        except TermNotFound:
            continue
        deleted: frozenset[int] | set[int] = frozenset()
        if isinstance(m, FilterMatcher):
            deleted = set(r.deleted_docs_set or ())
            m = m.child
        norms = _norms(s, r, fieldname, k1, b, avgfl)
        for ids, weights in _blocks(m):
            for d, w in zip(ids, weights, strict=False):
                if deleted and d in deleted:
                    continue
                g = d + base
                scores[g] = get(g, 0.0) + c * w / (w + norms[d])
                docs.add(g)
    return docs


def _blocks(m: Any) -> Iterator[tuple[Sequence[int], Sequence[float]]]:
    """(ids, weights) of a posting list, a block at a time where the codec allows."""
    if isinstance(m, W3LeafMatcher) and hasattr(m, "_next_block"):
        while m.is_active():
            if m._ids is None:
                m._read_ids()
            if m._weights is None:
                m._read_weights()
            yield m._ids, m._weights
            m._next_block()
        return
    ids: list[int] = []
    weights: list[float] = []
    while m.is_active():
        ids.append(m.id())
        weights.append(m.weight())
        m.next()
    yield ids, weights


def _norms(s: Any, r: Any, fieldname: str, k1: float, b: float, avgfl: float) -> list[float]:
    """K1 * (1 - B + B * length / average) of every document of one segment, cached in the
    searcher (a new searcher, after a commit, starts afresh)."""
    cache: dict[tuple[int, str], list[float]] = s.__dict__.setdefault("_reader_norms", {})
    key = (id(r), fieldname)
    norms = cache.get(key)
    if norms is None:
        by_length: dict[int | None, float] = {}
        norms = []
        for d in range(r.doc_count_all()):
            fl = r.doc_field_length(d, fieldname, 1)
            v = by_length.get(fl)
            if v is None:
                v = by_length[fl] = k1 * ((1.0 - b) + b * (fl or 0) / avgfl)
            norms.append(v)
        cache[key] = norms
    return norms
