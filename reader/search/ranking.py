"""Ranking: the plain words scored term at a time (rank), the top hits and exact count of any
other query through Whoosh's matchers (top_docs, docset), equal scores ordered by path (best).

A word's BM25 is scoring.add_term's, a quoted phrase's phrases.add_phrase's.
"""

from __future__ import annotations

import heapq
import math
import operator
import time
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from itertools import compress, repeat
from typing import Any

from whoosh import collectors
from whoosh import query as wq

from reader.search import phrases, scoring

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
        return scoring.add_term(s, q.fieldname, q.text, weight, scores)
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


def _size(s: Any, q: Any) -> int:
    """How many documents q may match: a kept term's exact count, else Whoosh's estimate (a
    term dictionary lookup a segment)."""
    if isinstance(q, wq.Term):
        kept = scoring.kept_count(s, q.fieldname, q.text)
        if kept is not None:
            return kept
    if isinstance(q, wq.Or):  # as Whoosh estimates an Or: the sum of its parts
        return sum(_size(s, sub) for sub in q.subqueries)
    return int(q.estimate_size(s.reader()))
