"""Quoted phrases: the PositionalPhrase query, the documents where its words stand next to
each other (phrase_counts, read from their positions a posting block at a time) and their
scores (phrase_scores: the BM25 of the phrase's words there).

Whoosh's private API stays in postings.py and scoring.py: the posting blocks and the deletion
filter are read through postings.value_blocks and leaf_postings, the scores through
scoring.add_term.
"""

from __future__ import annotations

import contextlib
import functools
import math
import time
from collections.abc import Iterable, Iterator, Sequence
from itertools import repeat
from operator import sub
from typing import Any

from whoosh import matching
from whoosh import query as wq
from whoosh.reading import TermNotFound

from reader.search import postings, scoring
from reader.search.analysis import analyse


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
            m, deleted = postings.leaf_postings(r, fieldname, word)
        except TermNotFound:
            continue
        for ids, values in postings.value_blocks(m, wanted):
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
        scoring.add_term(s, fieldname, term, 1.0, scores, wanted=matched)
    return scores


def add_phrase(
    s: Any, q: PositionalPhrase, weight: float, scores: dict[int, float], deadline: float = math.inf
) -> set[int]:
    """Add a phrase's scores (times weight) into scores; return the documents that hold it."""
    get = scores.get
    found = phrase_scores(s, q, deadline)
    for d, score in found.items():
        scores[d] = get(d, 0.0) + weight * score
    return set(found)
