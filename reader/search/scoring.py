"""Ranking: the BM25 weighting, the term-at-a-time ranking of plain words, and the top hits
and exact count of any other query.

Also quoted phrases: the documents where words stand next to each other, read from their
positions a posting block at a time.

The only module, with writing.py, that reaches into Whoosh's private API, here its matchers
(W3LeafMatcher's `_ids`, `_weights`, `_values`, `_read_ids`, `_read_weights`, `_read_values`,
`_next_block`; FilterMatcher's `child`; Or's `matcher_type`) and a cache kept in the searcher's
`__dict__`. Each use is pinned by a test in tests/unit/test_whoosh_canaries.py.
"""

from __future__ import annotations

import bisect
import contextlib
import functools
import heapq
import math
import time
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import repeat
from operator import sub
from typing import Any

from whoosh import collectors, matching
from whoosh import query as wq
from whoosh import scoring as wscoring
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.matching.wrappers import FilterMatcher
from whoosh.reading import TermNotFound

from reader.search.analysis import analyse

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
    if is_phrase(q):
        return {base + d for _, base, counts in phrase_counts(s, q) for d in counts}
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

    (Counting a relaxed phrase's words as plain words too was tried: on CACM it halved the
    nDCG@10 of query 33, whose quotes hold a citation.)
    """
    scores: dict[int, float] = {}
    reader = s.reader()
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
    # Rarest first, so that if time runs out the words left out are the commonest.
    part_docs: list[set[int]] = []
    partial = time.monotonic() > deadline
    for q, weight in sorted(parts, key=lambda qc: qc[0].estimate_size(reader)):
        if time.monotonic() > deadline:
            partial = True
            break
        part_docs.append(_add_scores(s, q, weight, scores))

    def allowed(docs: set[int]) -> set[int]:
        return (docs & hard if hard is not None else docs) - out

    any_words = set.union(*part_docs) if part_docs else set()
    all_words = set.intersection(*sorted(part_docs, key=len)) if part_docs else None
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
    )


def _add_scores(
    s: Any, q: Any, weight: float, scores: dict[int, float], deadline: float = math.inf
) -> set[int]:
    """Add q's scores (times weight) into scores; return the documents q matches."""
    weight *= q.boost
    if isinstance(q, wq.Term):
        return _add_term(s, q.fieldname, q.text, weight, scores)
    if isinstance(q, wq.Or):
        docs: set[int] = set()
        for sub in q.subqueries:
            docs |= _add_scores(s, sub, weight, scores, deadline)
        return docs
    if q is wq.NullQuery or isinstance(q, wq.NullQuery.__class__):
        return set()
    if is_phrase(q):
        return _add_phrase(s, q, weight, scores, deadline)
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


def _add_term(
    s: Any,
    fieldname: str,
    text: str,
    weight: float,
    scores: dict[int, float],
    *,
    wanted: Sequence[int] | None = None,
) -> set[int]:
    """Add a term's BM25 (times weight) into scores; return the documents holding it. With
    wanted (sorted docnums of s), only theirs, reading only the posting blocks that may hold
    them. s may be a segment's searcher: the IDF and lengths are its parent's."""
    docs: set[int] = set()
    if (fieldname, text) not in s.reader():
        return docs
    parent = s.get_parent()
    k1 = getattr(parent.weighting, "K1", BM25_K1)
    b = getattr(parent.weighting, "B", BM25_B)
    c = weight * parent.idf(fieldname, text) * (k1 + 1.0)
    avgfl = parent.avg_field_length(fieldname) or 1.0
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
        norms = _norms(parent, r, fieldname, k1, b, avgfl)
        keep: Collection[int] = ()
        local: list[int] | None = None
        if wanted is not None:
            lo = bisect.bisect_left(wanted, base)
            hi = bisect.bisect_left(wanted, base + r.doc_count_all())
            local = [d - base for d in wanted[lo:hi]]
            if not local:
                continue
            keep = set(local)
        for ids, weights in _some_blocks(m, local, values=False):
            for d, w in zip(ids, weights, strict=False):
                if (deleted and d in deleted) or (keep and d not in keep):
                    continue
                g = d + base
                scores[g] = get(g, 0.0) + c * w / (w + norms[d])
                docs.add(g)
    return docs


def _blocks(m: Any) -> Iterator[tuple[Sequence[int], Sequence[float]]]:
    """(ids, weights) of a posting list, a block at a time where the codec allows."""
    return _some_blocks(m, None, values=False)


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


# --- phrases: positions, a posting block at a time ------------------------------------------


class PositionalPhrase(wq.Phrase):  # type: ignore[misc]  # Whoosh is untyped
    """Words at given offsets from each other in a positional field (`exact`, `title_exact`,
    `source`): a quoted phrase's words as written, next to each other.

    With `stems`, each word that is no stop word matches any word of the field with its stem
    (`hidden-line` finds "hidden lines"; a quoted phrase relaxed, its stop words left out as
    any word at their offsets). Matched and scored here (phrase_counts, phrase_scores), also
    when Whoosh runs it inside another query (a list matcher of the scores).
    """

    def __init__(
        self,
        fieldname: str,
        words: Sequence[str],
        offsets: Sequence[int] | None = None,
        *,
        stems: bool = False,
        boost: float = 1.0,
    ) -> None:
        self.fieldname = fieldname
        self.words = tuple(words)
        self.offsets = tuple(range(len(self.words)) if offsets is None else offsets)
        self.stems = stems
        self.boost = boost
        self.slop = 1
        self.char_ranges = None

    def _key(self) -> tuple[Any, ...]:
        return (self.fieldname, self.words, self.offsets, self.stems, self.boost)

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return f"{type(self).__name__}{self._key()!r}"

    def field(self) -> str:
        return self.fieldname

    def normalize(self) -> PositionalPhrase:
        return self

    def estimate_size(self, ixreader: Any) -> int:
        return int(min(ixreader.doc_frequency(self.fieldname, w) for w in self.words))

    def matcher(self, searcher: Any, context: Any = None) -> Any:
        scores = phrase_scores(searcher, self)
        if not scores:
            return matching.NullMatcher()
        ids = sorted(scores)
        return matching.ListMatcher(ids, [scores[d] * self.boost for d in ids])


def is_phrase(q: Any) -> bool:
    """Whether q is a PositionalPhrase (matched here, not by Whoosh)."""
    return isinstance(q, PositionalPhrase)


@functools.lru_cache(maxsize=100_000)
def _stem(word: str) -> str:
    """The body term of one exact word, "" for a stop word."""
    found = analyse("body", word)
    return found[0][0] if len(found) == 1 else ""


def _alternatives(r: Any, fieldname: str, word: str, stems: bool) -> tuple[str, ...]:
    """The words of one segment's field that stand for word: itself, and with stems every
    word with its stem (Porter stems keep a word's start but may rewrite its last letter)."""
    target = _stem(word) if stems else ""
    if not target:
        return (word,)
    prefix = target[:-1] if len(target) > 3 else target
    found = {word}
    with contextlib.suppress(TermNotFound):
        for t in r.expand_prefix(fieldname, prefix):
            t = t.decode("utf-8") if isinstance(t, bytes) else t
            if _stem(t) == target:
                found.add(t)
    return tuple(sorted(found))


def phrase_counts(
    s: Any, q: PositionalPhrase, deadline: float = math.inf
) -> Iterator[tuple[Any, int, dict[int, int]]]:
    """(segment reader, its first docnum, {docnum in the segment: how often the phrase
    stands there}), segment by segment.

    The rarest word first: its positions give the places a phrase could start; each other
    word, read only in the posting blocks that hold a document still in the running, keeps
    the places where it stands at its offset. Whoosh's Phrase matcher does the same document
    at a time through nested matchers, several times slower.

    Past the deadline (time.monotonic()), the segments not read yet are left out (the first
    is always read).
    """
    fieldname = q.fieldname
    fmt = s.schema[fieldname].format
    decode = getattr(fmt, "positions", fmt.decode_positions)  # GapPositions: an iterator
    for i, (r, base) in enumerate(s.reader().leaf_readers()):
        if i and time.monotonic() > deadline:
            return
        slots: dict[tuple[str, ...], list[int]] = {}
        for word, offset in zip(q.words, q.offsets, strict=True):
            slots.setdefault(_alternatives(r, fieldname, word, q.stems), []).append(offset)
        freq = {alts: sum(r.doc_frequency(fieldname, w) for w in alts) for alts in slots}
        if not all(freq.values()):
            continue
        starts: dict[int, set[int]] | None = None
        for alts in sorted(slots, key=freq.__getitem__):
            starts = _narrow(r, fieldname, alts, slots[alts], starts, decode)
            if not starts:
                break
        if starts:
            yield r, base, {d: len(at) for d, at in starts.items()}


def _positions(
    r: Any, fieldname: str, alts: tuple[str, ...], wanted: Sequence[int] | None, decode: Any
) -> Iterator[tuple[int, Iterable[int]]]:
    """(docnum, positions) of the documents holding one of alts (all of them, or those of
    wanted), deleted documents left out."""
    merged: dict[int, list[int]] = {}
    for word in alts:
        try:
            m = r.postings(fieldname, word)
        except TermNotFound:
            continue
        deleted: frozenset[int] | set[int] = frozenset()
        if isinstance(m, FilterMatcher):
            deleted = set(r.deleted_docs_set or ())
            m = m.child
        for ids, values in _value_blocks(m, wanted):
            for d, v in zip(ids, values, strict=False):
                if deleted and d in deleted:
                    continue
                if len(alts) == 1:
                    yield d, decode(v)
                else:
                    merged.setdefault(d, []).extend(decode(v))
    yield from merged.items()


def _narrow(
    r: Any,
    fieldname: str,
    alts: tuple[str, ...],
    offs: list[int],
    starts: dict[int, set[int]] | None,
    decode: Any,
) -> dict[int, set[int]]:
    """The phrase starts (by document) that one slot (alts, at each of its offsets) leaves
    standing; with starts None (the first slot), every place its positions allow."""
    out: dict[int, set[int]] = {}
    # The places a phrase starts, where the word stands at each of its offsets: positions
    # shifted back by the offset (map over C functions: no Python loop per position).
    shifts = [repeat(o) for o in offs]
    if starts is None:
        for d, found in _positions(r, fieldname, alts, None, decode):
            if len(shifts) == 1:
                at = set(map(sub, found, shifts[0]))
            else:
                positions = list(found)
                at = set(map(sub, positions, shifts[0]))
                for shift in shifts[1:]:
                    at.intersection_update(map(sub, positions, shift))
            if at:
                out[d] = at
        return out
    get = starts.get
    for d, found in _positions(r, fieldname, alts, sorted(starts), decode):
        known = get(d)
        if known is None:
            continue
        at = known
        if len(shifts) == 1:
            at = at.intersection(map(sub, found, shifts[0]))
        else:
            positions = list(found)
            for shift in shifts:
                at = at.intersection(map(sub, positions, shift))
        if at:
            out[d] = at
    return out


def _value_blocks(
    m: Any, wanted: Sequence[int] | None
) -> Iterator[tuple[Sequence[int], Sequence[bytes]]]:
    """(ids, encoded values) of a posting list a block at a time; with wanted (sorted docnums),
    only the blocks that may hold one of them (the others are not even decompressed)."""
    return _some_blocks(m, wanted, values=True)


def _some_blocks(m: Any, wanted: Sequence[int] | None, *, values: bool) -> Iterator[Any]:
    """(ids, values or weights) of the posting blocks that may hold one of wanted (sorted
    docnums; None: every block)."""
    if isinstance(m, W3LeafMatcher) and hasattr(m, "_next_block"):
        i = 0
        while m.is_active():
            if wanted is not None:
                if i >= len(wanted):
                    return
                top = m.block_max_id()
                if wanted[i] > top:
                    m._next_block()
                    continue
                i = bisect.bisect_right(wanted, top, i)
            if m._ids is None:
                m._read_ids()
            if values:
                if m._values is None:
                    m._read_values()
                yield m._ids, m._values
            else:
                if m._weights is None:
                    m._read_weights()
                yield m._ids, m._weights
            m._next_block()
        return
    ids: list[int] = []
    found: list[Any] = []
    while m.is_active():
        ids.append(m.id())
        found.append(m.value() if values else m.weight())
        m.next()
    yield ids, found


# The field that ranks the words of a positional field's phrases (as it ranks them unquoted).
_RANKED_BY = {"exact": "body", "title_exact": "title"}


def phrase_scores(s: Any, q: PositionalPhrase, deadline: float = math.inf) -> dict[int, float]:
    """The documents holding a phrase (docnums of s: a segment's when Whoosh asks for a
    matcher), each scored as its words score there: the BM25 of each word in the field that
    ranks it (`body` for `exact`), as Whoosh scores a phrase; a phrase of stop words only, by
    its words in the positional field itself."""
    found = phrase_counts(s, q, deadline)
    matched = sorted(base + d for _, base, counts in found for d in counts)
    if not matched:
        return {}
    fieldname = _RANKED_BY.get(q.fieldname, q.fieldname)
    terms = [t for w in q.words for t, _ in analyse(fieldname, w)]
    if not terms:
        fieldname, terms = q.fieldname, list(q.words)
    scores = dict.fromkeys(matched, 0.0)
    for term in terms:
        _add_term(s, fieldname, term, 1.0, scores, wanted=matched)
    return scores


def _add_phrase(
    s: Any, q: PositionalPhrase, weight: float, scores: dict[int, float], deadline: float
) -> set[int]:
    """Add a phrase's scores (times weight) into scores; return the documents that hold it."""
    get = scores.get
    found = phrase_scores(s, q, deadline)
    for d, score in found.items():
        scores[d] = get(d, 0.0) + weight * score
    return set(found)
