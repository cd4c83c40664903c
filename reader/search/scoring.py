"""Ranking: the BM25 weighting, the term-at-a-time ranking of plain words, and the top hits
and exact count of any other query.

Quoted phrases are matched in phrases.py (through add_term and postings.py's readers).

With postings.py and writing.py, the only modules that reach into Whoosh's private API, here
Or's `matcher_type` and caches kept in the searcher's `__dict__` (field norms, term scores).
Each use is pinned by a test in tests/unit/test_whoosh_canaries.py.
"""

from __future__ import annotations

import bisect
import heapq
import math
import operator
import time
from array import array
from collections import OrderedDict
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import compress, repeat
from typing import Any

from whoosh import collectors
from whoosh import query as wq
from whoosh import scoring as wscoring
from whoosh.reading import TermNotFound

from reader.search import phrases, postings
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
    # The best scores (which documents of a tie get in does not matter: all the tied ones are
    # ordered by path below); key and filter are C calls, not a Python function a document.
    top = heapq.nlargest(limit, pool, key=get)
    if not top:
        return top
    cutoff = get(top[-1])
    tied = set(compress(pool, map(operator.eq, repeat(cutoff), map(get, pool))))
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
    s: Any, q: Any, limit: int, deadline: float, within: set[int] | None = None
) -> tuple[list[tuple[float, int]], int, bool]:
    """(score, docnum) of q's best `limit` documents, the exact match count, and whether
    time ran out (then the count is only of what was found). With `within`, only those
    documents count.

    With no deadline (math.inf) every match is scored and ties go by path (best()); with one,
    Whoosh's top collector may stop early and ties go by document number.
    """
    if within is not None and not within:
        return [], 0, False  # nothing to look in (Whoosh reads an empty filter as no filter)
    if math.isinf(deadline):
        results = s.search(q, limit=None, filter=within)
        scores = {results.docnum(i): results.score(i) for i in range(results.scored_length())}
        top = best(s, scores, scores, limit)
        return [(scores[d], d) for d in top], len(scores), False
    remaining = max(0.01, deadline - time.monotonic())
    top = collectors.TopCollector(limit=limit)
    child = top if within is None else _Within(top, within)
    tlc = collectors.TimeLimitCollector(child, remaining, use_alarm=False)
    timed_out = False
    try:
        s.search_with_collector(q, tlc)
    except collectors.TimeLimit:
        timed_out = True
    results = tlc.results()
    docnums = [(results.score(i), results.docnum(i)) for i in range(results.scored_length())]
    if timed_out:
        total = len(docnums)
    elif within is not None:
        total = len(_docset(s, q) & within)
    elif results.has_exact_length():
        total = int(results.estimated_length())
    else:
        total = len(_docset(s, q))
    return docnums, total, timed_out


class _Within(collectors.WrappingCollector):  # type: ignore[misc]  # Whoosh is untyped
    """Collects only the documents of a set. (Whoosh's FilterCollector filters in its own
    collect_matches, which a TimeLimitCollector around it never calls.)"""

    def __init__(self, child: Any, within: set[int]) -> None:
        super().__init__(child)
        self.within = within

    def collect(self, sub_docnum: int) -> Any:
        if self.child.offset + sub_docnum in self.within:
            return self.child.collect(sub_docnum)
        return None


def docset(s: Any, q: Any) -> set[int]:
    """The document numbers q matches (all of them)."""
    return _docset(s, q)


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
    if phrases.is_phrase(q):
        return {base + d for _, base, counts in phrases.phrase_counts(s, q) for d in counts}
    if q is wq.NullQuery:
        return set()
    return set(q.matcher(s).all_ids())


# --- plain words: BM25 term at a time --------------------------------------------------------


@dataclass(slots=True)
class Ranked:
    """The plain-words ranking: (score, docnum) of the best all-words and closest matches.

    `phrases_relaxed`: no article held the quoted phrases together with one of the words, so
    the closest matches include articles without them (those with them first)."""

    all_top: list[tuple[float, int]]
    all_total: int
    rest_top: list[tuple[float, int]]
    rest_total: int
    partial: bool
    phrases_relaxed: bool = False
    # What the query matches: the all-words documents, or the closest matches when none
    # has every word (what a search narrowed by a `|` after it is restricted to).
    matched: set[int] = field(default_factory=set)


def rank(
    s: Any,
    required: list[Any],
    parts: list[tuple[Any, float]],
    limit: int,
    deadline: float,
    *,
    phrases: Sequence[Any] = (),
    excluded: Sequence[Any] = (),
    loose: Sequence[Any] = (),
    within: set[int] | None = None,
) -> Ranked:
    """BM25 summed over every word, term at a time over whole posting lists.

    Whoosh's document-at-a-time union matchers cost ~30 us a document in pure Python (a
    30-word question: seconds); reading each posting block and adding into one dict keeps
    every word and costs well under 1 us a posting. Scores equal Whoosh's (same weighting,
    same lossy field lengths).

    `parts` are the plain words, (query, weight: how often it was typed): articles with all of
    them come first, then the closest matches (some of them). The other parts hold:
    `required` queries every hit matches (field:, +word, word*, word~, brackets), `excluded`
    ones no hit matches (-word, NOT). Quoted `phrases` are required too, unless no article
    holds them together with one of the words (a pasted question quoting a title, say): then
    the closest matches are the articles with the words or the phrases, those holding the
    phrases as written first, then those holding the `loose` phrases (the same relaxed).
    With `within`, only those documents are candidates.

    (Counting a relaxed phrase's words as plain words too was tried: on CACM it halved the
    nDCG@10 of query 33, whose quotes hold a citation.)
    """
    scores: dict[int, float] = {}
    hard: set[int] | None = None
    for q in required:
        docs = _add_scores(s, q, 1.0, scores)
        hard = docs if hard is None else hard & docs
    held: set[int] | None = None
    for q in phrases:
        # A phrase of common words reads many positions: time may run out (segment by segment).
        docs = _add_scores(s, q, 1.0, scores, deadline)
        held = docs if held is None else held & docs
    out: set[int] = set()
    for q in excluded:
        out |= _docset(s, q)
    # Rarest first, so that if time runs out the words left out are the commonest. The union
    # and intersection of the words' documents are kept as they go, not a set a word (at
    # 100,000 articles a common word's set is 7 MB, and a question holds a dozen).
    any_words: set[int] = set()
    all_words: set[int] | None = None
    partial = time.monotonic() > deadline
    for q, weight in sorted(parts, key=lambda qc: _size(s, qc[0])):
        if time.monotonic() > deadline:
            partial = True
            break
        docs = _add_scores(s, q, weight, scores)
        if all_words is None:
            all_words = any_words = docs
        else:
            all_words = all_words & docs  # a new set: the first is any_words too
            any_words |= docs
        del docs
    part_docs = all_words is not None

    def allowed(docs: set[int]) -> set[int]:
        kept = (docs & hard if hard is not None else docs) - out
        return kept if within is None else kept & within

    tiers: list[set[int]] = []  # ranked before the other closest matches, in this order
    if hard is None and not part_docs:
        candidates = allowed(held or set())
    elif hard is None:
        candidates = allowed(any_words if held is None else held)
    else:
        candidates = allowed(hard if held is None else held)
    if held is not None and part_docs and candidates.isdisjoint(any_words):
        # No article holds the phrases with one of the words: the closest matches instead,
        # those with the phrases as written first, then those with them loosely.
        tiers.append(candidates)
        looser: set[int] | None = None
        for q in loose:
            docs = _add_scores(s, q, 1.0, scores, deadline)
            partial = partial or time.monotonic() > deadline
            looser = docs if looser is None else looser & docs
        if looser is not None:
            tiers.append(allowed(looser) - candidates)
        candidates = allowed(hard if hard is not None else any_words.union(held, *tiers))
    all_set = candidates if all_words is None else candidates & all_words
    if tiers:
        all_set &= tiers[0]
    rest = candidates - all_set
    get = scores.__getitem__
    all_top = best(s, scores, all_set, limit)
    rest_top: list[int] = []
    for tier in [*tiers, rest.difference(*tiers)]:
        rest_top += best(s, scores, rest & tier, max(0, limit - len(all_top) - len(rest_top)))
    return Ranked(
        [(get(d), d) for d in all_top],
        len(all_set),
        [(get(d), d) for d in rest_top],
        len(rest),
        partial,
        bool(tiers),
        all_set if all_set else rest,
    )


def _add_scores(
    s: Any, q: Any, weight: float, scores: dict[int, float], deadline: float = math.inf
) -> set[int]:
    """Add q's scores (times weight) into scores; return the documents q matches."""
    weight *= q.boost
    if isinstance(q, wq.Term):
        return add_term(s, q.fieldname, q.text, weight, scores)
    if isinstance(q, wq.Or):
        docs: set[int] = set()
        for sub in q.subqueries:
            docs |= _add_scores(s, sub, weight, scores, deadline)
        return docs
    if q is wq.NullQuery or isinstance(q, wq.NullQuery.__class__):
        return set()
    if phrases.is_phrase(q):
        return phrases.add_phrase(s, q, weight, scores, deadline)
    # Anything else (brackets, a phrase with gaps): Whoosh's own matcher.
    docs = set()
    m = q.with_boost(1.0).matcher(s, s.context())
    get = scores.get
    while m.is_active():
        d = m.id()
        docs.add(d)
        scores[d] = get(d, 0.0) + weight * m.score()
        m.next()
    return docs


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
    return k1, b, c, s.avg_field_length(fieldname) or 1.0


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


def _size(s: Any, q: Any) -> int:
    """How many documents q may match: a kept term's exact count, else Whoosh's estimate (a
    term dictionary lookup a segment)."""
    if isinstance(q, wq.Term):
        kept = s.__dict__.get("_term_scores", {}).get((q.fieldname, q.text))
        if kept is not None:
            return len(kept[0])
    if isinstance(q, wq.Or):  # as Whoosh estimates an Or: the sum of its parts
        return sum(_size(s, sub) for sub in q.subqueries)
    return int(q.estimate_size(s.reader()))
