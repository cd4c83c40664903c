"""The vocabulary (unstemmed words and how many articles use them, kept beside the index) and
"did you mean": what prefixes complete to, which words are near a misspelling.

Suggestions come from unstemmed words: a stemmed field would suggest stems ("ukrain"). A
suggestion corrects at most SUGGEST_WORDS words, comparing at most SUGGEST_SCAN words of the
vocabulary with them (a pasted line of unknown words is not a minute of edit distances).
"""

from __future__ import annotations

import bisect
import contextlib
import heapq
import json
import marshal
import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from whoosh import query as wq
from whoosh.support.charset import accent_map
from whoosh.support.levenshtein import damerau_levenshtein

from reader.core.corpus import collector_paused
from reader.search.analysis import STOP_WORDS, folded, stem_word
from reader.search.compile import Builder
from reader.search.query import Word
from reader.search.scoring import UnionOr

_WORD_RE = re.compile(r"\w+")
SUGGEST_WORDS = 8  # unknown words of one query that a suggestion corrects, the first ones
SUGGEST_SCAN = 100_000  # words of the vocabulary compared with them, at most (near_cost)
LEGACY_FILE = "reader-vocab.json"  # what readers before the marshal file wrote
_FORMAT = "reader-vocabulary-1"
SUGGEST_CHECKED = 20  # near words of each looked up in the index, nearest first


def vocabulary_words(text: str) -> set[str]:
    """The unstemmed, folded words of text that can be suggested or expanded."""
    words = set(_WORD_RE.findall(text.lower()))
    out = set()
    for w in words:
        if not w.isascii():
            w = w.translate(accent_map)
        if len(w) > 1 and w not in STOP_WORDS and not w.isdigit() and len(w) < 40:
            out.add(w)
    return out


def _read(path: Path) -> dict[str, int]:
    """The counts in a vocabulary file (marshal, or the JSON of older readers); none when it
    cannot be read or holds anything else."""
    try:
        raw = path.read_bytes()
        if path.name == LEGACY_FILE:
            data = json.loads(raw)
        else:
            with collector_paused():  # 50,000 strings, no cycle: see corpus.collector_paused
                tagged = marshal.loads(raw)
            data = tagged[1] if isinstance(tagged, tuple) and tagged[:1] == (_FORMAT,) else None
    except (OSError, ValueError, EOFError, TypeError):
        return {}
    if not isinstance(data, dict):
        return {}
    if all(type(k) is str for k in data) and all(type(v) is int for v in data.values()):
        return data
    try:
        return {str(k): int(v) for k, v in data.items()}
    except (TypeError, ValueError):
        return {}


class Vocabulary:
    """Unstemmed words with how many articles used them, saved beside the index.

    Counts only grow between rebuilds (a removed article's words are not subtracted);
    every use checks the stemmed term in the index, so a stale word costs nothing.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._counts: dict[str, int] = {}
        self._due = False  # reread the file (if it changed) at the next use: see due()
        self.loads = 0  # times the file was read (tests count them)
        self._sorted: list[str] | None = None
        self._stamp: float | None = None
        self._top: dict[str, tuple[list[tuple[str, int]], int]] = {}
        # Words by (first letter, length): near() compares only those that may be near.
        self._buckets: dict[tuple[str, int], list[str]] | None = None
        self._near: dict[tuple[str, int], list[tuple[int, int, str]]] = {}
        self.compared = 0  # words near() compared with a word, all told (tests count it)

    @property
    def counts(self) -> dict[str, int]:
        """word -> how many articles used it (read from the file first, when due)."""
        self._fresh()
        return self._counts

    @counts.setter
    def counts(self, counts: dict[str, int]) -> None:
        self._due = False
        self._counts = counts

    def due(self) -> None:
        """Reread the file, if it changed, before the vocabulary is next used: a search of
        whole words, and the no-change check, never use it (at 100,000 articles it is
        megabytes of JSON)."""
        self._due = True

    def _fresh(self) -> None:
        if self._due:
            self.load()

    def _changed(self) -> None:
        """Forget what was worked out from the counts."""
        self._sorted = None
        self._top = {}
        self._buckets = None
        self._near = {}

    def load(self) -> None:
        """Reread the file if it changed on disk (the JSON file of an index written by an
        older reader, when there is no other)."""
        self._due = False
        path = self.path
        try:
            stamp = path.stat().st_mtime_ns
        except OSError:
            path = self.path.with_name(LEGACY_FILE)
            try:
                stamp = path.stat().st_mtime_ns
            except OSError:
                if self._stamp is not None:
                    self.counts, self._stamp = {}, None
                    self._changed()
                return
        if stamp == self._stamp:
            return
        self.loads += 1
        self.counts = _read(path)
        self._changed()
        self._stamp = stamp

    def add(self, words: Iterable[str]) -> None:
        """Count one article's words."""
        counts = self.counts
        for w in words:
            counts[w] = counts.get(w, 0) + 1
        self._changed()

    def add_counts(self, counts: dict[str, int]) -> None:
        """Add word counts gathered elsewhere (an indexing process)."""
        mine = self.counts
        for w, c in counts.items():
            mine[w] = mine.get(w, 0) + c
        self._changed()

    def save(self) -> None:
        """Write atomically (marshal: at 50,000 words JSON took 40-60 ms to write and 30-60
        to read, marshal 2 and 25: both are in every update that writes, even of one file)."""
        tmp = self.path.with_name(self.path.name + ".tmp")
        tmp.write_bytes(marshal.dumps((_FORMAT, self.counts)))
        os.replace(tmp, self.path)
        self._stamp = self.path.stat().st_mtime_ns
        with contextlib.suppress(OSError):
            os.unlink(self.path.with_name(LEGACY_FILE))  # read no more (see load)

    def with_prefix(self, prefix: str) -> list[tuple[str, int]]:
        """(word, count) of every word starting with prefix."""
        self._fresh()
        if self._sorted is None:
            self._sorted = sorted(self.counts)
        words = self._sorted
        i = bisect.bisect_left(words, prefix)
        out = []
        while i < len(words) and words[i].startswith(prefix):
            out.append((words[i], self.counts[words[i]]))
            i += 1
        return out

    def top_with_prefix(self, prefix: str, n: int) -> tuple[list[tuple[str, int]], int]:
        """The n commonest (word, count) starting with prefix, commonest first (ties by word),
        and how many words start with it; cached per prefix until the vocabulary changes."""
        self._fresh()
        key = f"{n}:{prefix}"
        hit = self._top.get(key)
        if hit is None:
            words = self.with_prefix(prefix)
            if len(words) > n:
                top = heapq.nsmallest(n, words, key=lambda kv: (-kv[1], kv[0]))
            else:
                top = sorted(words, key=lambda kv: (-kv[1], kv[0]))
            if len(self._top) > 4096:
                self._top.clear()
            hit = self._top[key] = (top, len(words))
        return hit

    def _near_buckets(self, word: str, maxdist: int) -> list[list[str]]:
        """The words that may be within maxdist edits of word: its first letter, a length
        within maxdist of its own."""
        self._fresh()
        if self._buckets is None:
            buckets: dict[tuple[str, int], list[str]] = {}
            for w in self.counts:
                buckets.setdefault((w[:1], len(w)), []).append(w)
            self._buckets = buckets
        first, n = word[:1], len(word)
        found = (self._buckets.get((first, k)) for k in range(n - maxdist, n + maxdist + 1))
        return [b for b in found if b]

    def near_cost(self, word: str, maxdist: int) -> int:
        """How many words near(word, maxdist) compares with word (its work, cached or not)."""
        return sum(map(len, self._near_buckets(word, maxdist)))

    def near(self, word: str, maxdist: int) -> list[tuple[int, int, str]]:
        """(distance, -count, word) of words within maxdist edits, same first letter, nearest
        and commonest first; cached until the vocabulary changes."""
        self._fresh()
        key = (word, maxdist)
        hit = self._near.get(key)
        if hit is not None:
            return hit
        out = []
        letters = set(word)
        # An edit changes at most two letters of the word's set (a letter changed: one out,
        # one in), so a word whose letters differ more is not near: skipped before the edit
        # distance (a C set operation against a Python double loop).
        most = 2 * maxdist
        counts = self.counts
        for bucket in self._near_buckets(word, maxdist):
            self.compared += len(bucket)
            for cand in bucket:
                if cand == word or len(letters.symmetric_difference(cand)) > most:
                    continue
                d = damerau_levenshtein(word, cand, maxdist + 1)
                if d <= maxdist:
                    out.append((d, -counts[cand], cand))
        out.sort()
        if len(self._near) > 4096:
            self._near.clear()
        self._near[key] = out
        return out


def suggest(s: Any, vocabulary: Vocabulary, words: list[Word], all_total: int) -> str | None:
    """The whole query with each unknown word corrected, if that finds articles: all the
    words together, or (when nothing had them all) any of them.

    Only the first SUGGEST_WORDS unknown words are corrected, while the words they are compared
    with stay under SUGGEST_SCAN: the others are kept as typed."""
    reader = s.reader()

    def indexed(word: str) -> bool:
        return any(reader.doc_frequency(f, stem_word(word)) for f in ("body", "title"))

    changed = False
    out: list[str] = []
    tried = 0
    scan = SUGGEST_SCAN
    for w in words:
        forms = folded(w.text)
        word = forms[0] if len(forms) == 1 else ""
        if w.prefix or len(word) < 3 or word.isdigit() or word in STOP_WORDS or indexed(word):
            out.append(w.text)
            continue
        cost = vocabulary.near_cost(word, 2)
        if tried >= SUGGEST_WORDS or cost > scan:
            out.append(w.text)
            continue
        tried += 1
        scan -= cost
        near = vocabulary.near(word, 2)[:SUGGEST_CHECKED]
        # Never the word typed, nor a word indexed as it is ("missiles" for "missile"): the
        # vocabulary may hold it before a first index's searcher has it.
        stem = stem_word(word)
        best = next(
            (c for _, _, c in near if stem_word(c) != stem and indexed(c)),
            None,
        )
        if best:
            out.append(best)
            changed = True
        else:
            out.append(w.text)
    if not changed or [folded(t) for t in out] == [folded(w.text) for w in words]:
        return None  # nothing corrected: a suggestion of what was typed says nothing
    builder = Builder(s, vocabulary)
    parts = [q for q in (builder.word_key(Word(t))[1] for t in out) if q is not None]
    if not parts:
        return None
    q = parts[0] if len(parts) == 1 else wq.And(parts)
    if not s.search(q, limit=1).scored_length():
        q = UnionOr(parts) if len(parts) > 1 else parts[0]
        if all_total or not s.search(q, limit=1).scored_length():
            return None
    return " ".join(out)
