"""The Whoosh index of a corpus: schema, incremental update, ranked search with snippets.

Uses `whoosh-reloaded` (the maintained fork; module `whoosh`). Its default tokenizer pattern
keeps `*` inside tokens, so every analyzer here is given its pattern explicitly.
"""

from __future__ import annotations

import bisect
import contextlib
import functools
import heapq
import json
import math
import multiprocessing
import os
import re
import shutil
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from whoosh import collectors, index, scoring
from whoosh import query as wq
from whoosh.analysis import (
    CharsetFilter,
    CompositeAnalyzer,
    LowercaseFilter,
    StemFilter,
    StopFilter,
    Token,
    Tokenizer,
)
from whoosh.analysis.filters import STOP_WORDS as WHOOSH_STOP_WORDS
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.fields import ID, NUMERIC, STORED, TEXT, Schema
from whoosh.lang.porter import stem
from whoosh.matching.wrappers import FilterMatcher
from whoosh.reading import SegmentReader, TermNotFound
from whoosh.searching import Searcher
from whoosh.support.charset import accent_map
from whoosh.support.levenshtein import damerau_levenshtein
from whoosh.writing import NO_MERGE, SegmentWriter

from reader.core import article as article_mod
from reader.core import paths as config
from reader.core.corpus import FileStat
from reader.search.query import Group, Node, Not, ParsedQuery, Phrase, Word, parse

# 3: the body field holds the title too (one ranked field for unfielded words).
SCHEMA_VERSION = 3
VERSION_FILE = "reader-index.json"
VOCAB_FILE = "reader-vocab.json"
INDEX_NAME = "MAIN"

# Words are runs of letters/digits, joined by inner dots (U.S., 3.14) or hyphens (COVID-19).
# Unlike the fork's default (`[\w\*]+...`), `*` never belongs to a word: `*Trojan*` -> trojan.
TOKEN_PATTERN = r"\w+(?:\.\w+)*(?:-\w+(?:\.\w+)*)*"
_PART_RE = re.compile(r"[^-]+")

# Whoosh's list minus "us" and "may" (the country, the month), plus question words that
# would otherwise make a question require them.
_QUESTION_WORDS = (
    "what which whom why how where does do did was were been being has had its their there these"
    " those they them his her him she he but than then so about into any some such also i me my"
    " our would should could please tell"
)
STOP_WORDS: frozenset[str] = (WHOOSH_STOP_WORDS - {"us", "may"}) | frozenset(
    _QUESTION_WORDS.split()
)

# BM25 parameters (Whoosh's and Lucene's defaults).
BM25_B = 0.75
BM25_K1 = 1.2
BATCH_DOCS = 500
BATCH_SECONDS = 2.0
# A first build or a big update is split between child processes (see _update_split), in
# batches that double from SPLIT_FIRST_BATCH (searchable within seconds) up to SPLIT_MAX_BATCH.
SPLIT_MIN_DOCS = 200
SPLIT_FIRST_BATCH = 400
SPLIT_MAX_BATCH = 16_000
SPLIT_LIMIT_MB = 96
SPLIT_CHUNK = 8  # files a child takes at a time
PREFIX_CAP = 100
# A prefix of 1 or 2 letters (typed on the way to a word) completes to thousands of words, the
# commonest of them in most articles: their posting lists, not the word count, cost the time.
PREFIX_SHORT_CAPS = {1: 10, 2: 30}
FUZZY_CAP = 30
SNIPPET_CHARS = 160
SNIPPET_EAGER = 15  # hits given a snippet by search(typing=True): a screenful
# Segments this small (what incremental updates write) are merged together once there are
# enough of them; a build's segments are bigger and never merged, since merging rewrites every
# posting: folding the build's 200-1,600-doc segments took 50 s for a 10-file update.
TINY_SEGMENT_DOCS = 100
TINY_SEGMENTS_TO_MERGE = 8
RELATED_TERMS = 12  # key terms of an article that find the ones like it
STORE_BODY = False  # measured: see the module's closing note in the report; re-read instead


class IndexBusyError(RuntimeError):
    """Another process holds the index's write lock."""


class IndexUnavailableError(OSError):
    """The index folder cannot be created or written (read-only, not a folder, disk full)."""


@dataclass(frozen=True, slots=True)
class UpdateStats:
    """What one update() did."""

    added: int
    updated: int
    removed: int
    unreadable: int
    total: int
    notice: str | None = None  # e.g. a damaged index was set aside and rebuilt


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One ranked article with a plain-text snippet and the match offsets inside it."""

    path: str
    title: str
    score: float
    snippet: str
    snippet_spans: tuple[tuple[int, int], ...]
    source: str | None
    date: float | None
    all_words: bool


@dataclass(frozen=True, slots=True)
class SearchResults:
    """The answer to one query."""

    query: str
    hits: tuple[SearchHit, ...]
    total: int
    all_words_total: int
    fallback: bool
    message: str | None
    partial: bool
    suggestion: str | None
    terms: frozenset[str]


# --- analysis ---------------------------------------------------------------------------


class WordTokenizer(Tokenizer):
    """Words by TOKEN_PATTERN; a hyphenated word gives its parts and, when indexing, the
    joined form too (at the first part's position), so `e-mail` is found by "email"."""

    def __init__(self, pattern: str = TOKEN_PATTERN) -> None:
        self.expression = re.compile(pattern)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, WordTokenizer) and other.expression.pattern == (
            self.expression.pattern
        )

    __hash__ = Tokenizer.__hash__

    def __call__(  # type: ignore[override]
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: Any,
    ) -> Iterator[Token]:
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            t.original = t.text = value
            t.boost = 1.0
            t.stopped = False
            if positions:
                t.pos = start_pos
            if chars:
                t.startchar, t.endchar = start_char, start_char + len(value)
            yield t
            return
        pos = start_pos
        for m in self.expression.finditer(value):
            word = m.group(0)
            start = m.start()
            pieces = [(word, start, m.end())]
            if "-" in word:
                pieces = [
                    (p.group(0), start + p.start(), start + p.end())
                    for p in _PART_RE.finditer(word)
                ]
                if mode != "query" and len(pieces) <= 3 and "." not in word:
                    pieces.append(("".join(p[0] for p in pieces), start, m.end()))
            first = pos
            for i, (text, s, e) in enumerate(pieces):
                merged = i == len(pieces) - 1 and len(pieces) > 1 and e == m.end() and s == start
                t.text = text
                t.boost = 1.0
                t.stopped = False
                if keeporiginal:
                    t.original = text
                if positions:
                    t.pos = first if merged else pos
                if chars:
                    t.startchar, t.endchar = start_char + s, start_char + e
                if not merged:
                    pos += 1
                yield t


class WordAnalyzer(CompositeAnalyzer):
    """A composite analyzer that honours both spellings of "skip stemming".

    Whoosh's SpellField passes `nomorph=True` but CompositeAnalyzer reads `no_morph`.
    """

    def __call__(  # type: ignore[override]
        self, value: str, no_morph: bool = False, **kwargs: Any
    ) -> Iterator[Token]:
        no_morph = bool(kwargs.pop("nomorph", False)) or no_morph
        return super().__call__(value, no_morph=no_morph, **kwargs)  # type: ignore[no-any-return]


def make_analyzer() -> WordAnalyzer:
    """Words, lowercased, accents folded, stop words out, Porter-stemmed."""
    return WordAnalyzer(
        WordTokenizer(),
        LowercaseFilter(),
        CharsetFilter(accent_map),
        StopFilter(stoplist=STOP_WORDS, minsize=2, renumber=False),
        StemFilter(stemfn=stem, cachesize=100_000),
    )


def make_source_analyzer() -> WordAnalyzer:
    """Source names: words, lowercased, accents folded; no stemming, no stop words."""
    return WordAnalyzer(WordTokenizer(r"\w+"), LowercaseFilter(), CharsetFilter(accent_map))


ANALYZER = make_analyzer()
_FOLD = WordAnalyzer(WordTokenizer(), LowercaseFilter(), CharsetFilter(accent_map))


def make_schema() -> Schema:
    """The index schema (bump SCHEMA_VERSION when it changes)."""
    return Schema(
        path=ID(unique=True, stored=True),
        # No spelling=True: Whoosh's spell fields doubled the postings (indexing 2.4x slower);
        # the unstemmed vocabulary is kept beside the index instead (Vocabulary).
        # `title` answers `title:` queries; `body` is the title and the text together, the
        # one ranked field for unfielded words (BM25 over one field, not a sum of two
        # saturated field scores).
        title=TEXT(analyzer=make_analyzer(), stored=True),
        body=TEXT(analyzer=make_analyzer(), stored=STORE_BODY),
        source=TEXT(analyzer=make_source_analyzer(), stored=True, phrase=False),
        date=NUMERIC(numtype=float, stored=True),
        size=STORED(),
        mtime=STORED(),
    )


_TOKEN_RE = re.compile(TOKEN_PATTERN)
_FORMS: dict[str, frozenset[str]] = {}


def _forms(word: str) -> frozenset[str]:
    """The analysed forms of one word, cached (articles repeat their words)."""
    forms = _FORMS.get(word)
    if forms is None:
        if len(_FORMS) > 200_000:
            _FORMS.clear()
        forms = _FORMS[word] = frozenset(t.text for t in ANALYZER(word))
    return forms


def highlight_spans(text: str, terms: frozenset[str]) -> list[tuple[int, int]]:
    """Char spans of the words in text whose analysed form is in terms (body analysis)."""
    if not terms or not text:
        return []
    spans: list[tuple[int, int]] = []
    for m in _TOKEN_RE.finditer(text):
        word = m.group(0)
        forms = _forms(word)
        if not forms or forms.isdisjoint(terms):
            continue
        if "-" not in word:
            spans.append(m.span())
            continue
        # A hyphenated word: mark the parts that match, or all of it for the joined form.
        start = m.start()
        parts = [(start + p.start(), start + p.end()) for p in _PART_RE.finditer(word)]
        hit = [(ps, pe) for ps, pe in parts if not _forms(text[ps:pe]).isdisjoint(terms)]
        spans.extend(hit if hit else [m.span()])
    return spans


@functools.lru_cache(maxsize=256)
def _candidate_re(terms: frozenset[str]) -> re.Pattern[str]:
    # Porter stems keep a word's start but may rewrite its last letter (happy -> happi).
    prefixes = sorted({t[: max(2, len(t) - 1)] for t in terms}, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(map(re.escape, prefixes)) + r")\w*", re.IGNORECASE)


def _match_starts(text: str, terms: frozenset[str]) -> list[int]:
    """Where matches begin, cheaply: a prefix regex, then each candidate word checked."""
    if not terms:
        return []
    if not (text.isascii() and all(t.isascii() for t in terms)):
        return [s for s, _ in highlight_spans(text, terms)]
    starts = []
    for m in _candidate_re(terms).finditer(text):
        if not _forms(m.group(0)).isdisjoint(terms):
            starts.append(m.start())
    return starts


def make_snippet(text: str, terms: frozenset[str]) -> tuple[str, tuple[tuple[int, int], ...]]:
    """About SNIPPET_CHARS of text around the densest cluster of matches, whitespace folded."""
    starts = _match_starts(text, terms)
    start = 0
    if starts:
        best, best_n, j = 0, -1, 0
        for i, s in enumerate(starts):
            while j < len(starts) and starts[j] <= s + SNIPPET_CHARS - 30:
                j += 1
            if j - i > best_n:
                best, best_n = i, j - i
        start = max(0, starts[best] - 40)
    if start:
        ws = text.rfind(" ", max(0, start - 20), start)
        start = ws + 1 if ws >= 0 else start
    end = min(len(text), start + SNIPPET_CHARS)
    if end < len(text):
        ws = text.rfind(" ", start + SNIPPET_CHARS // 2, end)
        end = ws if ws > 0 else end
    window = text[start:end]
    spans = highlight_spans(window, terms)
    out: list[str] = ["\u2026 "] if start > 0 else []
    n = len(out[0]) if out else 0
    mapping: dict[int, int] = {}
    prev_space = True
    for k, c in enumerate(window):
        if c.isspace():
            mapping[k] = n
            if prev_space:
                continue
            c = " "
            prev_space = True
        else:
            prev_space = False
        mapping[k] = n
        out.append(c)
        n += 1
    snippet = "".join(out).rstrip()
    if end < len(text):
        snippet += " \u2026"
    return snippet, tuple((mapping[s], mapping[e - 1] + 1) for s, e in spans if e > s)


# --- the vocabulary -------------------------------------------------------------------------

_WORD_RE = re.compile(r"\w+")


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


class Vocabulary:
    """Unstemmed words with how many articles used them, saved beside the index.

    Counts only grow between rebuilds (a removed article's words are not subtracted);
    every use checks the stemmed term in the index, so a stale word costs nothing.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.counts: dict[str, int] = {}
        self._sorted: list[str] | None = None
        self._stamp: float | None = None
        self._top: dict[str, tuple[list[tuple[str, int]], int]] = {}

    def load(self) -> None:
        """Reread the file if it changed on disk."""
        try:
            stamp = self.path.stat().st_mtime_ns
        except OSError:
            if self._stamp is not None:
                self.counts, self._sorted, self._stamp = {}, None, None
                self._top = {}
            return
        if stamp == self._stamp:
            return
        try:
            data = json.loads(self.path.read_text("utf-8"))
        except (OSError, ValueError):
            data = {}
        self.counts = {str(k): int(v) for k, v in data.items()} if isinstance(data, dict) else {}
        self._sorted = None
        self._top = {}
        self._stamp = stamp

    def add(self, words: Iterable[str]) -> None:
        """Count one article's words."""
        counts = self.counts
        for w in words:
            counts[w] = counts.get(w, 0) + 1
        self._sorted = None
        self._top = {}

    def add_counts(self, counts: dict[str, int]) -> None:
        """Add word counts gathered elsewhere (an indexing process)."""
        mine = self.counts
        for w, c in counts.items():
            mine[w] = mine.get(w, 0) + c
        self._sorted = None
        self._top = {}

    def save(self) -> None:
        """Write atomically."""
        tmp = self.path.with_name(self.path.name + ".tmp")
        tmp.write_text(json.dumps(self.counts, separators=(",", ":")), "utf-8")
        os.replace(tmp, self.path)
        self._stamp = self.path.stat().st_mtime_ns

    def with_prefix(self, prefix: str) -> list[tuple[str, int]]:
        """(word, count) of every word starting with prefix."""
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

    def near(self, word: str, maxdist: int) -> list[tuple[int, int, str]]:
        """(distance, -count, word) of words within maxdist edits, same first letter."""
        out = []
        n = len(word)
        for cand, count in self.with_prefix(word[:1]):
            if abs(len(cand) - n) > maxdist or cand == word:
                continue
            d = damerau_levenshtein(word, cand, maxdist + 1)
            if d <= maxdist:
                out.append((d, -count, cand))
        out.sort()
        return out


# --- the index ----------------------------------------------------------------------------


@dataclass(slots=True)
class _Built:
    """A Whoosh query with what search needs to know about it."""

    query: wq.Query | None
    terms: set[str] = field(default_factory=set)
    partial: bool = False
    notes: list[str] = field(default_factory=list)


class LuceneBM25F(scoring.BM25F):
    """BM25 with Lucene's IDF, log(1 + (N - n + 0.5) / (n + 0.5)).

    Always positive and near zero for a word in most articles; Whoosh's log(N / (n + 1)) + 1
    gives every word at least 1, so the common words of a question outweighed its rare ones.
    """

    def idf(self, searcher: Searcher, fieldname: str, text: str) -> float:  # type: ignore[override]
        parent = searcher.get_parent()
        n = parent.doc_frequency(fieldname, text)
        total = parent.doc_count_all()
        return math.log(1.0 + (total - n + 0.5) / (n + 0.5))


class _Or(wq.Or):
    """Whoosh's Or, always as a tree of union matchers.

    On a small index (under 5,000 documents) an Or of three or more clauses pre-loads an array
    of scores, and nested inside another Or or an AndMaybe that matcher loses documents.
    """

    matcher_type = wq.Or.DEFAULT_MATCHER


class SearchIndex:
    """The index of one corpus, kept in the cache folder, searched from any thread."""

    def __init__(self, root: Path, index_dir: Path | None = None, *, procs: int = 2) -> None:
        self.root = Path(os.path.abspath(os.fspath(root)))
        self.index_dir = index_dir or (config.corpus_cache_dir(self.root) / "index")
        self.procs = procs
        self._lock = threading.RLock()
        self._update_lock = threading.Lock()
        self._ix: index.Index | None = None
        self._searcher: Searcher | None = None
        self.vocabulary = Vocabulary(self.index_dir / VOCAB_FILE)
        self.problem: str | None = None  # why search is limited, said instead of searching
        self._set_aside: str | None = None  # why _open moved the last index aside
        self._suspect = False  # a search failed: check the index at the next update
        self._snippet_budget = 0  # snippets left to make in the search running (under _lock)

    # -- opening and recovery

    def _version_ok(self) -> bool:
        try:
            data = json.loads((self.index_dir / VERSION_FILE).read_text("utf-8"))
        except (OSError, ValueError):
            return False
        return isinstance(data, dict) and data.get("schema") == SCHEMA_VERSION

    def _open(self, *, create: bool) -> index.Index | None:
        """Open the index; move a broken or outdated one aside and, if create, start anew."""
        with self._lock:
            if self._ix is not None:
                return self._ix
            ix: index.Index | None = None
            present, damage = False, "damaged"
            if self.index_dir.is_dir():
                try:
                    present = index.exists_in(self.index_dir, INDEX_NAME)
                except Exception:  # noqa: BLE001 - a TOC that is garbage, cut short or too new
                    present = True
                else:
                    if present and not self._version_ok():
                        damage = "from another version of reader"
            if present:
                if damage == "damaged":
                    try:
                        ix = index.open_dir(os.fspath(self.index_dir), indexname=INDEX_NAME)
                        _check_index(ix, deep=False)
                    except Exception:  # noqa: BLE001 - any failure means a broken index
                        ix = None
                if ix is None and create:
                    self._move_aside()
                    self._set_aside = damage
                elif ix is None:
                    self.problem = f"The search index is {damage}; it will be rebuilt"
            elif self.index_dir.exists() and create and any(self.index_dir.iterdir()):
                self._move_aside()
            if ix is None and create:
                self.index_dir.mkdir(parents=True, exist_ok=True)
                ix = index.create_in(os.fspath(self.index_dir), make_schema(), INDEX_NAME)
                (self.index_dir / VERSION_FILE).write_text(
                    json.dumps({"schema": SCHEMA_VERSION}), "utf-8"
                )
                self.vocabulary = Vocabulary(self.index_dir / VOCAB_FILE)
                self.vocabulary.save()
            self._ix = ix
            return ix

    def _reset_if_damaged(self) -> None:
        """After a failed search: read every posting list; set a damaged index aside."""
        with self._lock:
            self._close_searcher()
            ix = self._ix or self._open(create=False)
            if ix is None:
                return
            try:
                _check_index(ix, deep=True)
            except Exception:  # noqa: BLE001 - any failure means a broken index
                self._reset()
                self._set_aside = "damaged"

    def _move_aside(self) -> None:
        aside = self.index_dir.with_name(self.index_dir.name + ".broken")
        shutil.rmtree(aside, ignore_errors=True)
        try:
            os.replace(self.index_dir, aside)
        except OSError:
            shutil.rmtree(self.index_dir, ignore_errors=True)

    def _reset(self) -> None:
        with self._lock:
            self._close_searcher()
            self._ix = None
            if self.index_dir.exists():
                self._move_aside()

    def _close_searcher(self) -> None:
        if self._searcher is not None:
            with contextlib.suppress(Exception):
                self._searcher.close()
            self._searcher = None

    def _get_searcher(self) -> Searcher | None:
        """The shared searcher, refreshed to the latest commit (caller holds the lock)."""
        ix = self._ix or self._open(create=False)
        if ix is None:
            return None
        if self._searcher is not None and not self._searcher.up_to_date():
            # Not Searcher.refresh(): whoosh-reloaded 2.7.5's reader reuse keeps segments that
            # a merge replaced (duplicate hits) and fails on an empty index; reopen instead.
            self._close_searcher()
        if self._searcher is None:
            self._searcher = ix.searcher(weighting=LuceneBM25F(B=BM25_B, K1=BM25_K1))
            self.vocabulary.load()
        return self._searcher

    def doc_count(self) -> int:
        """How many articles the index holds."""
        with self._lock:
            try:
                s = self._get_searcher()
                return s.doc_count() if s is not None else 0
            except Exception:  # noqa: BLE001
                return 0

    def close(self) -> None:
        """Release the searcher and the index."""
        with self._lock:
            self._close_searcher()
            if self._ix is not None:
                with contextlib.suppress(Exception):
                    self._ix.close()
            self._ix = None

    # -- updating

    def indexed_stats(self) -> dict[str, tuple[int, float]]:
        """path -> (size, mtime) of every indexed article."""
        with self._lock:
            s = self._get_searcher()
            if s is None:
                return {}
            return {
                d["path"]: (d.get("size", -1), d.get("mtime", -1.0))
                for d in s.reader().all_stored_fields()
            }

    def update(
        self,
        files: Sequence[FileStat],
        *,
        progress: Callable[[int, int], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
        rebuild: bool = False,
    ) -> UpdateStats:
        """Bring the index in line with files (by stat), committing in batches.

        Raises IndexBusyError when another process is writing, IndexUnavailableError (an
        OSError) when the index folder cannot be written; what is indexed stays searchable.
        """
        try:
            return self._update(files, progress, cancelled, rebuild)
        except IndexUnavailableError:
            raise
        except OSError as exc:
            reason = (exc.strerror or str(exc)).lower()
            message = f"cannot write the search index in {self.index_dir} ({reason})"
            if self._ix is None:
                self.problem = f"Search is unavailable: {message}"
            raise IndexUnavailableError(message) from exc

    def _update(
        self,
        files: Sequence[FileStat],
        progress: Callable[[int, int], None] | None,
        cancelled: Callable[[], bool] | None,
        rebuild: bool,
    ) -> UpdateStats:
        with self._update_lock:
            self._set_aside = None
            if rebuild:
                self._reset()
            elif self._suspect:
                self._suspect = False
                self._reset_if_damaged()
            self._open(create=True)
            self.problem = None
            notice = None
            if self._set_aside is not None:
                notice = f"The search index was {self._set_aside}: set aside and rebuilt"
            indexed = self.indexed_stats()
            wanted = {f.path: f for f in files}
            removed = [p for p in indexed if p not in wanted]
            todo: list[tuple[FileStat, bool]] = []
            for f in wanted.values():
                old = indexed.get(f.path)
                if old is None:
                    todo.append((f, False))
                elif old != (f.size, f.mtime):
                    todo.append((f, True))
            added = sum(1 for _, upd in todo if not upd)
            if progress:
                progress(0, len(todo))
            if not todo and not removed:
                return UpdateStats(0, 0, 0, 0, len(indexed), notice)
            unreadable = 0
            done = 0
            with self._lock:
                vocab = self.vocabulary
                vocab.load()
            pending_removed = list(removed)
            batches = 0
            if self.procs > 1 and len(todo) >= SPLIT_MIN_DOCS:
                done, unreadable = self._update_split(
                    todo, pending_removed, vocab, len(indexed), progress, cancelled
                )
                pending_removed = []
            while pending_removed or done < len(todo):
                if cancelled and cancelled():
                    break
                writer = self._writer_or_unlock(len(todo) - done)
                try:
                    for p in pending_removed:
                        writer.delete_by_term("path", _path_term(p))
                    pending_removed = []
                    started = time.monotonic()
                    n = 0
                    while done < len(todo):
                        f, is_update = todo[done]
                        doc = _document(f)
                        if doc.pop("_unreadable", False):
                            unreadable += 1
                        vocab.add(vocabulary_words(f"{doc['title']} {doc.get('body', '')}"))
                        if is_update:
                            writer.update_document(**doc)
                        else:
                            writer.add_document(**doc)
                        done += 1
                        n += 1
                        if n >= BATCH_DOCS * 2**batches or (
                            time.monotonic() - started > min(BATCH_SECONDS * 2**batches, 30)
                        ):
                            break
                except BaseException:
                    writer.cancel()
                    raise
                # Merging segments at every batch rewrote the index again and again (10k
                # articles: 32/s); merge only at the end.
                last = done >= len(todo)
                # A (re)build ends as one segment: 10k articles in 18 segments searched 2x slower.
                try:
                    if last and done * 2 >= len(indexed) + done:
                        writer.commit(optimize=True)  # mostly new: one segment
                    else:
                        writer.commit(mergetype=_merge_tiny if last else NO_MERGE)
                except BaseException:
                    _abandon(writer)  # a full disk must not leave the write lock held
                    raise
                batches += 1
                with self._lock:
                    vocab.save()
                if progress:
                    progress(done, len(todo))
            updated = sum(1 for _, upd in todo[:done] if upd)
            added = done - updated
            return UpdateStats(added, updated, len(removed), unreadable, self.doc_count(), notice)

    def _update_split(
        self,
        todo: list[tuple[FileStat, bool]],
        removed: list[str],
        vocab: Vocabulary,
        already: int,
        progress: Callable[[int, int], None] | None,
        cancelled: Callable[[], bool] | None,
    ) -> tuple[int, int]:
        """Index todo in batches, each split between `procs` child processes that read, parse
        and index their share into a segment of their own; this process only commits the
        segments (no merging: a merge rewrites every posting again). -> (done, unreadable).

        Whoosh's MpWriter parses in the parent and pickles documents to its children: three
        busy processes on two cores, and its commits merged. Measured at 1,000 articles:
        ours / plain single-process Whoosh went from 1.2-1.3x to (see the commit message).
        """
        ctx = multiprocessing.get_context("fork")
        done = unreadable = 0
        size = SPLIT_FIRST_BATCH
        while removed or done < len(todo):
            if cancelled and cancelled():
                break
            batch = todo[done : done + size]
            writer = self._writer_or_unlock(0)
            children: list[Any] = []
            try:
                for p in removed:
                    writer.delete_by_term("path", _path_term(p))
                for f, is_update in batch:
                    if is_update:
                        writer.delete_by_term("path", _path_term(f.path))
                # The children take chunks of files as they go (a shared cursor), so a child
                # slowed by another program on the machine does not hold the batch up.
                counter = ctx.Value("l", 0)
                results: Any = ctx.SimpleQueue()
                procs = max(1, min(self.procs, len(batch) // 50))
                files = [f for f, _ in batch]
                for _ in range(procs):
                    child = ctx.Process(
                        target=_index_part,
                        args=(os.fspath(self.index_dir), files, counter, results),
                        daemon=True,
                    )
                    child.start()
                    children.append(child)
                segments, stop = [], False
                while len(segments) < len(children) and batch:
                    if results.empty():
                        if cancelled and cancelled():
                            stop = True
                            break
                        if progress:
                            progress(done + counter.value, len(todo))
                        if not any(c.is_alive() for c in children) and results.empty():
                            raise RuntimeError("an indexing process ended without a result")
                        time.sleep(0.05)
                        continue
                    kind, *payload = results.get()
                    if kind == "error":
                        raise payload[0]
                    segment, counts, bad = payload
                    segments.append(segment)
                    vocab.add_counts(counts)
                    unreadable += bad
                for child in children:
                    if stop:
                        child.kill()
                    child.join()
                if stop:
                    writer.cancel()
                    break
                merged = writer._merge_segments(None, False, False)
                writer._close_segment()
                writer._commit_toc(merged + [s for s in segments if s is not None])
                writer._finish()
            except BaseException:
                for child in children:
                    if child.is_alive():
                        child.kill()
                    child.join()
                _abandon(writer)
                raise
            removed = []
            done += len(batch)
            size = min(size * 2, SPLIT_MAX_BATCH)
            with self._lock:
                vocab.save()
            if progress:
                progress(done, len(todo))
        return done, unreadable

    def _writer_or_unlock(self, remaining: int) -> Any:
        """_writer, but a writer that fails after taking the write lock (a full disk while
        it creates its files) releases the lock: Whoosh keeps it until the process ends."""
        ix = self._open(create=True)
        assert ix is not None
        taken: list[Any] = []
        whoosh_lock = ix.lock

        def lock(name: str) -> Any:
            taken.append(whoosh_lock(name))
            return taken[-1]

        ix.lock = lock  # type: ignore[method-assign]  # only update() writes, under a lock
        try:
            return self._writer(remaining)
        except IndexBusyError:
            raise
        except BaseException:
            for held in taken:
                with contextlib.suppress(Exception):
                    held.release()
            raise
        finally:
            del ix.lock

    def _writer(self, remaining: int) -> Any:
        ix = self._open(create=True)
        assert ix is not None
        try:
            # compound=False: Whoosh reads a compound segment's parts through BytesIO, which
            # copies each part into memory at every searcher open (2x the index in RSS, and
            # 0.25 s per reopen at 10k articles); plain segment files are read on demand.
            if self.procs > 1 and remaining >= 200:
                return ix.writer(
                    procs=self.procs, batchsize=64, limitmb=64, multisegment=True, compound=False
                )
            return ix.writer(limitmb=64, compound=False)
        except index.LockError:
            raise IndexBusyError(
                "Another reader is indexing this folder; search works on what is indexed"
            ) from None

    # -- searching

    def snippets(
        self, paths: Iterable[str], terms: Iterable[str]
    ) -> list[tuple[str, tuple[tuple[int, int], ...]]]:
        """(snippet, spans) of each article, as SearchHit has them, for the analysed terms of a
        search (SearchResults.terms): the hits that search() left without one. Reads the files
        (about 0.3 ms each); call it from a worker, a screenful at a time. Never raises."""
        frozen = frozenset(terms)
        out = []
        for path in paths:
            try:
                out.append(make_snippet(_load_body(path), frozen))
            except Exception:  # noqa: BLE001 - a snippet is never worth an error
                out.append(("", ()))
        return out

    def related(self, path: str, *, limit: int = 20) -> SearchResults:
        """The articles most like the one at path: its key terms (Bo1) searched as a query.

        Reads the article (the body is not stored); never raises."""
        article = article_mod.load_article(Path(path))
        text = f"{article.title}\n\n{article.body_text}"
        label = f"like: {article.title}"
        try:
            with self._lock:
                s = self._get_searcher()
                if s is None:
                    return _empty(label, self.problem or "The index is not built yet")
                docnum = s.document_number(path=_path_term(path))
                if docnum is None or not text.strip():
                    return _empty(label, "This article is not in the index yet")
                keys = s.key_terms_from_text("body", text, numterms=RELATED_TERMS)
                terms = frozenset(word for word, _ in keys)
                results = s.more_like(docnum, "body", text=text, top=limit, numterms=RELATED_TERMS)
                self._snippet_budget = limit
                hits = tuple(self._hit(hit.fields(), hit.score, terms, False) for hit in results)
        except Exception as exc:  # noqa: BLE001 - never worth a crash
            return _empty(label, f"Related articles could not be found: {type(exc).__name__}")
        message = f"Articles like “{article.title}”" if hits else "No article is like this one"
        return SearchResults(label, hits, len(hits), 0, False, message, False, None, terms)

    def search(
        self,
        query: str,
        *,
        limit: int = 50,
        typing: bool = False,
        time_limit: float = 0.2,
        snippets: int | None = None,
    ) -> SearchResults:
        """Ranked hits for any query text; never raises.

        Only the first `snippets` hits get their snippet (each re-reads and parses its file):
        by default SNIPPET_EAGER (a screenful) when typing, all of them otherwise. The others
        have snippet "" and no spans; `SearchIndex.snippets(paths, results.terms)` makes them.
        """
        if snippets is None:
            snippets = SNIPPET_EAGER if typing else limit
        try:
            return self._search(
                query, limit=max(1, limit), typing=typing, time_limit=time_limit, snippets=snippets
            )
        except Exception as exc:  # noqa: BLE001 - a query must never crash the caller
            with self._lock:
                self._close_searcher()
                self._suspect = True  # perhaps damaged files: the next update checks them all
            return _empty(query, f"The search could not run: {type(exc).__name__}")

    def _search(
        self, text: str, *, limit: int, typing: bool, time_limit: float, snippets: int
    ) -> SearchResults:
        parsed = parse(text, typing=typing)
        with self._lock:
            self._snippet_budget = max(0, snippets)
            s = self._get_searcher()
            if s is None:
                return _empty(text, self.problem or "The index is not built yet")
            deadline = time.monotonic() + time_limit
            if parsed.plain and parsed.node is not None:
                return self._search_plain(text, parsed, s, limit, deadline)
            built = _Builder(s, self.vocabulary).build(parsed.node)
            notes = [*parsed.notes, *built.notes]
            if built.query is None:
                return _empty(text, _first(notes) or "Nothing to search for", notes=())
            if built.query is _NEGATIVE_ONLY:
                return _empty(text, "Add a word to search for; -word and NOT only exclude")
            hits, total, timed_out = self._run(s, built.query, limit, deadline, built.terms)
            partial = built.partial or timed_out
            message = _first(notes)
            if partial and message is None:
                message = "The search was cut short; showing the best matches found"
            return SearchResults(
                text,
                tuple(hits),
                total,
                total,
                False,
                message,
                partial,
                None,
                frozenset(built.terms),
            )

    def _search_plain(
        self, text: str, parsed: ParsedQuery, s: Searcher, limit: int, deadline: float
    ) -> SearchResults:
        """Words (and quoted phrases): articles with all of them first, counted exactly, then
        the closest matches (any of the words; every quoted phrase still required)."""
        builder = _Builder(s, self.vocabulary)
        words = _plain_words(parsed.node)
        subs: dict[str, tuple[wq.Query, int]] = {}
        for w in words:
            key, q = builder.word_key(w)
            if q is None:
                continue
            prev = subs.get(key)
            # A repeated word counts once more each time (query term frequency, linear).
            subs[key] = (q, (prev[1] if prev else 0) + 1)
        n = len(subs)
        required: list[wq.Query] = []
        for p in _plain_phrases(parsed.node):
            q = builder.phrase(p)
            if q is not None:
                required.append(q)
                n += len(builder.analyse("body", p.text))
        notes = [*parsed.notes, *builder.notes]
        if not subs and not required:
            return _empty(text, _first(notes) or "Only common words: nothing to search for")
        ranked = _rank(
            s,
            required,
            [(q, float(count)) for q, count in subs.values()],
            limit,
            deadline + 0.1,
        )
        frozen = frozenset(builder.terms)
        top = [(sc, d, True) for sc, d in ranked.all_top]
        top += [(sc, d, False) for sc, d in ranked.rest_top]
        hits = [self._hit(s.stored_fields(d), sc, frozen, every) for sc, d, every in top]
        all_total = ranked.all_total
        total = all_total + ranked.rest_total
        fallback = ranked.rest_total > 0
        message = _first(notes)
        if fallback:
            if all_total == 0:
                message = f"No article has all {n} words; closest matches below"
            elif all_total == 1:
                message = f"1 article has all {n} words; closest matches follow"
            else:
                message = f"{all_total} articles have all {n} words; closest matches follow"
        partial = builder.partial or ranked.partial
        suggestion = None
        if not parsed.notes and (all_total == 0 or builder.unknown):
            suggestion = self._suggest(s, words, all_total)
        if partial and message is None:
            message = "The search was cut short; showing the best matches found"
        return SearchResults(
            text, tuple(hits), total, all_total, fallback, message, partial, suggestion, frozen
        )

    def _run(
        self,
        s: Searcher,
        q: wq.Query,
        limit: int,
        deadline: float,
        terms: set[str],
        *,
        exclude: set[str] | None = None,
        all_words: bool = True,
    ) -> tuple[list[SearchHit], int, bool]:
        """Top hits of q with snippets, the exact match count, and whether time ran out."""
        remaining = max(0.01, deadline - time.monotonic())
        top = collectors.TopCollector(limit=limit + len(exclude or ()))
        tlc = collectors.TimeLimitCollector(top, remaining, use_alarm=False)
        timed_out = False
        try:
            s.search_with_collector(q, tlc)
        except collectors.TimeLimit:
            timed_out = True
        results = tlc.results()
        docnums = [(score, docnum) for score, docnum in _scored(results)]
        total = len(docnums) if timed_out else _exact_total(s, q, results)
        frozen = frozenset(terms)
        hits: list[SearchHit] = []
        for score, docnum in docnums:
            stored = s.stored_fields(docnum)
            path = stored.get("path", "")
            if exclude and path in exclude:
                continue
            if len(hits) >= limit:
                break
            hits.append(self._hit(stored, score, frozen, all_words))
        return hits, total, timed_out

    def _hit(
        self, stored: dict[str, Any], score: float, terms: frozenset[str], all_words: bool
    ) -> SearchHit:
        path = stored.get("path", "")
        snippet, spans = "", ()
        if self._snippet_budget > 0:
            self._snippet_budget -= 1
            body = stored.get("body")
            if body is None:
                body = _load_body(path)
            snippet, spans = make_snippet(body, terms)
        date = stored.get("date")
        return SearchHit(
            path=path,
            title=stored.get("title") or Path(path).stem,
            score=float(score),
            snippet=snippet,
            snippet_spans=spans,
            source=stored.get("source") or None,
            date=float(date) if isinstance(date, (int, float)) else None,
            all_words=all_words,
        )

    def _suggest(self, s: Searcher, words: list[Word], all_total: int) -> str | None:
        """The whole query with each unknown word corrected, if that finds articles."""
        reader = s.reader()
        changed = False
        out: list[str] = []
        for w in words:
            folded = [t.text for t in _FOLD(w.text)]
            word = folded[0] if len(folded) == 1 else ""
            if (
                w.prefix
                or len(word) < 3
                or word.isdigit()
                or word in STOP_WORDS
                or any(reader.doc_frequency(f, _stem_word(word)) for f in ("body", "title"))
            ):
                out.append(w.text)
                continue
            best = next(
                (
                    cand
                    for _, _, cand in self.vocabulary.near(word, 2)
                    if reader.doc_frequency("body", _stem_word(cand))
                    or reader.doc_frequency("title", _stem_word(cand))
                ),
                None,
            )
            if best:
                out.append(best)
                changed = True
            else:
                out.append(w.text)
        if not changed:
            return None
        builder = _Builder(s, self.vocabulary)
        parts = [q for q in (builder.word_key(Word(t))[1] for t in out) if q is not None]
        if not parts:
            return None
        q = parts[0] if len(parts) == 1 else wq.And(parts)
        if not s.search(q, limit=1).scored_length():
            q = _Or(parts) if len(parts) > 1 else parts[0]
            if all_total or not s.search(q, limit=1).scored_length():
                return None
        return " ".join(out)


_NEGATIVE_ONLY: wq.Query = wq.Every()  # a sentinel: the query only excludes


def _merge_tiny(writer: Any, segments: list[Any]) -> list[Any]:
    """Merge policy: fold the small segments of incremental updates together, never a build's.
    Whoosh's MERGE_SMALL merged all 22 segments of a 100k index (a rewrite of every posting,
    minutes) to add 10 changed files."""
    tiny = [seg for seg in segments if seg.doc_count_all() < TINY_SEGMENT_DOCS]
    if len(tiny) < TINY_SEGMENTS_TO_MERGE:
        return segments
    for seg in tiny:
        reader = SegmentReader(writer.storage, writer.schema, seg)
        writer.add_reader(reader)
        reader.close()
    return [seg for seg in segments if seg not in tiny]


def _check_index(ix: index.Index, *, deep: bool) -> None:
    """Read the index's parts (the first of each, or all when deep); raise if one is broken."""
    with ix.searcher() as s:
        s.doc_count()
        r = s.reader()
        for _ in r.all_stored_fields():
            if not deep:
                break
        for fieldname in ("title", "body"):
            for term in r.lexicon(fieldname):
                for _ in r.postings(fieldname, term).all_ids():
                    pass
                if not deep:
                    break


def _abandon(writer: Any) -> None:
    """Release what a writer whose commit failed still holds, its write lock above all."""
    with contextlib.suppress(Exception):
        writer.cancel()
    lock = getattr(writer, "writelock", None)
    if lock is not None:
        with contextlib.suppress(Exception):
            lock.release()


def _scored(results: Any) -> Iterator[tuple[float, int]]:
    for i in range(results.scored_length()):
        yield results.score(i), results.docnum(i)


def _exact_total(s: Searcher, q: wq.Query, results: Any) -> int:
    if results.has_exact_length():
        return int(results.estimated_length())
    return len(_docset(s, q))


def _docset(s: Searcher, q: wq.Query) -> set[int]:
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


@dataclass(slots=True)
class _Ranked:
    """The plain-words ranking: (score, docnum) of the best all-words and closest matches."""

    all_top: list[tuple[float, int]]
    all_total: int
    rest_top: list[tuple[float, int]]
    rest_total: int
    partial: bool


def _rank(
    s: Searcher,
    required: list[wq.Query],
    parts: list[tuple[wq.Query, float]],
    limit: int,
    deadline: float,
) -> _Ranked:
    """BM25 summed over every word, term at a time over whole posting lists.

    Whoosh's document-at-a-time union matchers cost ~30 us a document in pure Python (a
    30-word question: seconds); reading each posting block and adding into one dict keeps
    every word and costs well under 1 us a posting. Scores equal Whoosh's (same weighting,
    same lossy field lengths). `parts` are (query, weight): a word and how often it was typed.
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
    # Ties broken by document order, as Whoosh does.
    all_top = heapq.nsmallest(limit, all_set, key=lambda d: (-get(d), d))
    rest_top = heapq.nsmallest(max(0, limit - len(all_top)), rest, key=lambda d: (-get(d), d))
    return _Ranked(
        [(get(d), d) for d in all_top],
        len(all_set),
        [(get(d), d) for d in rest_top],
        len(rest),
        partial,
    )


def _add_scores(s: Searcher, q: wq.Query, weight: float, scores: dict[int, float]) -> set[int]:
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
    s: Searcher, fieldname: str, text: str, weight: float, scores: dict[int, float]
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


def _norms(s: Searcher, r: Any, fieldname: str, k1: float, b: float, avgfl: float) -> list[float]:
    """K1 * (1 - B + B * length / average) of every document of one segment, cached."""
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


def _first(notes: Iterable[str]) -> str | None:
    return next(iter(notes), None)


def _empty(text: str, message: str | None, notes: tuple[str, ...] = ()) -> SearchResults:
    return SearchResults(text, (), 0, 0, False, message, False, None, frozenset())


def _plain_words(node: Node | None) -> list[Word]:
    if isinstance(node, Word):
        return [node]
    if isinstance(node, Group):
        return [w for c in node.children for w in _plain_words(c)]
    return []


def _plain_phrases(node: Node | None) -> list[Phrase]:
    if isinstance(node, Phrase):
        return [node]
    if isinstance(node, Group):
        return [p for c in node.children for p in _plain_phrases(c)]
    return []


def _load_body(path: str) -> str:
    try:
        art = article_mod.load_article(Path(path))
        return str(art.body_text)
    except Exception:  # noqa: BLE001 - a vanished file just has no snippet
        return ""


def _path_term(path: str) -> str:
    """The indexed term of a path: the path itself, unless its name is not UTF-8.

    Whoosh encodes terms as strict UTF-8, so a name with undecodable bytes (surrogate
    escapes) would fail the whole update; such a path is indexed by its bytes in hex (no
    absolute path starts with "bytes:") and stored as it is.
    """
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return "bytes:" + path.encode("utf-8", "surrogateescape").hex()
    return path


def _document(f: FileStat) -> dict[str, Any]:
    """The fields of one file, read through the article model."""
    path = Path(f.path)
    doc: dict[str, Any] = {"path": _path_term(f.path), "size": f.size, "mtime": f.mtime}
    if doc["path"] != f.path:
        doc["_stored_path"] = f.path
    try:
        art = article_mod.load_article(path)
    except Exception:  # noqa: BLE001 - load_article should not raise; be safe anyway
        art = None
    if art is None or getattr(art, "error", None):
        # the name, cleaned: a file name may hold escapes, newlines or undecodable bytes
        doc["title"] = " ".join(article_mod.clean(path.stem).split()) or "Untitled"
        doc["_unreadable"] = True
        doc["body"] = doc["title"]
        return doc
    doc["title"] = art.title or path.stem
    doc["body"] = f"{doc['title']}\n\n{art.body_text}"
    if art.source:
        doc["source"] = art.source
    if art.date is not None:
        with contextlib.suppress(OverflowError, OSError, ValueError):
            doc["date"] = float(art.date.timestamp())
    return doc


class _Lengths:
    """A segment's field lengths held in lists while its postings are written.

    Writing a posting looks up its document's field length (for the block's length range);
    Whoosh reads it through a column reader every time, about a fifth of the flush."""

    def __init__(self, pdr: Any, doccount: int) -> None:
        self._pdr = pdr
        self._count = doccount
        self._lists: dict[str, list[int]] = {}

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0) -> int:
        lengths = self._lists.get(fieldname)
        if lengths is None:
            get = self._pdr.doc_field_length
            lengths = [get(d, fieldname, 0) for d in range(self._count)]
            self._lists[fieldname] = lengths
        return lengths[docnum] or default


class _PartWriter(SegmentWriter):
    """A SegmentWriter whose flush reads field lengths from lists (see _Lengths); the segment
    it writes is the same, byte for byte."""

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        pdr = self.per_document_reader() if self.codec.length_stats else None
        lengths = _Lengths(pdr, self.docnum) if pdr is not None else None
        self.fieldwriter.add_postings(self.schema, lengths, self.pool.iter_postings())
        self.fieldwriter.close()
        if pdr is not None:
            pdr.close()


def _index_part(index_dir: str, files: list[FileStat], counter: Any, results: Any) -> None:
    """In a child process: read, parse and index files into a new segment of the index, a
    chunk at a time from the shared cursor counter (files taken so far).

    Puts ("ok", segment, word counts, unreadable count) or ("error", exception) on results;
    the parent holds the write lock and commits the segment.
    """
    try:
        ix = index.open_dir(index_dir, indexname=INDEX_NAME)
        writer = _PartWriter(ix, _lk=False, limitmb=SPLIT_LIMIT_MB, compound=False)
        counts: dict[str, int] = {}
        get = counts.get
        unreadable = 0
        try:
            while True:
                with counter.get_lock():
                    start = counter.value
                    counter.value = min(len(files), start + SPLIT_CHUNK)
                if start >= len(files):
                    break
                for f in files[start : start + SPLIT_CHUNK]:
                    doc = _document(f)
                    if doc.pop("_unreadable", False):
                        unreadable += 1
                    for w in vocabulary_words(doc["body"]):  # the body holds the title too
                        counts[w] = get(w, 0) + 1
                    writer.add_document(**doc)
            segment = None
            if writer._added:
                segment = writer._finalize_segment()
            else:
                writer.cancel()
        except BaseException:
            writer.cancel()
            raise
        results.put(("ok", segment, counts, unreadable))
    except BaseException as exc:  # noqa: BLE001 - reported to the parent, which raises it
        try:
            results.put(("error", exc))
        except Exception:  # noqa: BLE001 - an exception that does not pickle
            results.put(("error", RuntimeError(f"{type(exc).__name__}: {exc}")))


class _Builder:
    """Turns a query tree into Whoosh queries over the index's vocabulary."""

    def __init__(self, searcher: Searcher, vocabulary: Vocabulary) -> None:
        self.s = searcher
        self.vocab = vocabulary
        self.reader = searcher.reader()
        self.terms: set[str] = set()
        self.partial = False
        self.unknown = False
        self.notes: list[str] = []

    def build(self, node: Node | None) -> _Built:
        q = self._node(node, None)
        if q is not None and _only_negative(node):
            q = _NEGATIVE_ONLY
        return _Built(q, self.terms, self.partial, self.notes)

    def _node(self, node: Node | None, fieldname: str | None) -> wq.Query | None:
        if node is None:
            return None
        if isinstance(node, Word):
            return self.word_key(node)[1]
        if isinstance(node, Phrase):
            return self.phrase(node)
        if isinstance(node, Not):
            terms = set(self.terms)
            child = self._node(node.child, fieldname)
            self.terms = terms  # excluded words are not highlighted
            return wq.Not(child) if child is not None else None
        kids = [q for q in (self._node(c, fieldname) for c in node.children) if q is not None]
        if not kids:
            return None
        if len(kids) == 1:
            return kids[0]
        if node.op == "or":
            return _Or(kids)
        positives = [k for k in kids if not isinstance(k, wq.Not)]
        if not positives:
            return wq.And(kids)
        return wq.And(kids)

    def _fields(self, fieldname: str | None) -> list[tuple[str, float]]:
        # Unfielded words search the body field, which holds the title too.
        return [(fieldname or "body", 1.0)]

    def _across(
        self, fieldname: str | None, make: Callable[[str], wq.Query | None]
    ) -> wq.Query | None:
        qs = []
        for fname, boost in self._fields(fieldname):
            q = make(fname)
            if q is not None:
                qs.append(q.with_boost(q.boost * boost) if boost != 1 else q)
        if not qs:
            return None
        return qs[0] if len(qs) == 1 else _Or(qs)

    def analyse(self, fname: str, text: str) -> list[tuple[str, int]]:
        """(term, position) of text as the field fname indexes it."""
        ana = make_source_analyzer() if fname == "source" else ANALYZER
        return [(t.text, t.pos) for t in ana(text, positions=True, mode="query")]

    def word_key(self, w: Word) -> tuple[str, wq.Query | None]:
        """A key (its analysed terms) and the query for one typed word."""
        if w.prefix and "-" in w.text.strip("-"):
            # A hyphenated word being typed: the parts before the last hyphen are whole
            # words, the last part a prefix ("heat-tra" finds "heat-transfer").
            head, _, tail = w.text.strip("-").rpartition("-")
            qs = [self.word_key(Word(head, w.field))[1]]
            qs.append(self.word_key(Word(tail, w.field, prefix=True))[1])
            # A part that completes to no indexed word (digits are not in the vocabulary).
            found = [q for q in qs if q is not None and q is not wq.NullQuery]
            if not found:
                return "", None
            return "*" + w.text.lower(), found[0] if len(found) == 1 else wq.And(found)
        if w.prefix:
            return "*" + w.text.lower(), self._prefix(w)
        if w.fuzzy:
            return "~" + w.text.lower(), self._fuzzy(w)
        toks = self.analyse("body", w.text)
        if not toks:
            return "", None
        if w.field != "source":
            for t, _ in toks:
                self.terms.add(t)
            if len(toks) == 1 and not any(
                self.reader.doc_frequency(f, toks[0][0]) for f in ("body", "title")
            ):
                self.unknown = True
        key = " ".join(t for t, _ in toks)

        def make(fname: str) -> wq.Query | None:
            ft = self.analyse(fname, w.text) if fname == "source" else toks
            if not ft:
                return None
            if len(ft) == 1:
                return wq.Term(fname, ft[0][0])
            phrase = _phrase_query(fname, ft)
            parts = [p for p in re.split(r"-", w.text) if p]
            if "-" in w.text and 2 <= len(parts) <= 3 and fname != "source":
                joined = [t for t, _ in self.analyse(fname, "".join(parts))]
                if len(joined) == 1:
                    self.terms.add(joined[0])
                    return _Or([wq.Term(fname, joined[0]), phrase])
            return phrase

        return key, self._across(w.field, make)

    def phrase(self, p: Phrase) -> wq.Query | None:
        """The query for a quoted phrase (None if only stop words)."""
        toks = self.analyse("body", p.text)
        if p.field != "source":
            for t, _ in toks:
                self.terms.add(t)

        def make(fname: str) -> wq.Query | None:
            ft = self.analyse(fname, p.text) if fname == "source" else toks
            if not ft:
                return None
            if len(ft) == 1:
                return wq.Term(fname, ft[0][0])
            return _phrase_query(fname, ft)

        if not toks:
            self.notes.append("Only common words in the phrase; ignored")
            return None
        return self._across(p.field, make)

    def _expand(self, words: list[tuple[int, str]], fieldname: str | None) -> wq.Query | None:
        if fieldname == "source":
            stems = sorted({w for _, w in words})
        else:
            stems = list(dict.fromkeys(_stem_word(w) for _, w in words))
            for t in stems:
                self.terms.add(t)
        if not stems:
            return None

        def make(fname: str) -> wq.Query | None:
            qs = [wq.Term(fname, t) for t in stems]
            return qs[0] if len(qs) == 1 else _Or(qs)

        return self._across(fieldname, make)

    def _candidates(self, w: Word, folded: str) -> list[tuple[str, int]]:
        if w.field == "source":
            with contextlib.suppress(Exception):
                return [
                    (t.decode("utf-8") if isinstance(t, bytes) else t, info.doc_frequency())
                    for t, info in self.reader.iter_prefix("source", folded)
                ]
            return []
        return self.vocab.with_prefix(folded)

    def _prefix(self, w: Word) -> wq.Query | None:
        folded = "".join(t.text for t in _FOLD(w.text))
        if not folded:
            return None
        cap = PREFIX_SHORT_CAPS.get(len(folded), PREFIX_CAP)
        if w.field == "source":
            ranked = sorted(self._candidates(w, folded), key=lambda kv: (-kv[1], kv[0]))
            count = len(ranked)
        else:
            ranked, count = self.vocab.top_with_prefix(folded, cap)
        if not ranked:
            if w.field != "source":
                self.unknown = True
            return wq.NullQuery
        if count > cap:
            self.partial = True
            self.notes.append(f"{w.text}* matches {count} words; searched the {cap} most common")
            ranked = ranked[:cap]
        return self._expand([(c, word) for word, c in ranked], w.field)

    def _fuzzy(self, w: Word) -> wq.Query | None:
        folded = "".join(t.text for t in _FOLD(w.text))
        if not folded:
            return None
        found = [(0, 0, folded), *self.vocab.near(folded, w.fuzzy)][:FUZZY_CAP]
        return self._expand([(-c, word) for _, c, word in found], w.field)


def _stem_word(word: str) -> str:
    """The indexed form of one already folded, lowercased word."""
    toks = [t.text for t in ANALYZER(word, mode="query")]
    return toks[0] if len(toks) == 1 else stem(word)


def _phrase_query(fname: str, toks: list[tuple[str, int]]) -> wq.Query:
    # Stop words leave gaps in positions; allow exactly those gaps.
    gaps = [b - a for (_, a), (_, b) in zip(toks, toks[1:], strict=False)]
    slop = max([1, *gaps])
    return wq.Phrase(fname, [t for t, _ in toks], slop=slop)


def _only_negative(node: Node | None) -> bool:
    if isinstance(node, Not):
        return True
    if isinstance(node, Group):
        return all(_only_negative(c) for c in node.children)
    return False
