"""Text analysis and the schema: what a word is, which words are stopped, how words are stemmed
and folded, and the fields an article is indexed into.

Uses whoosh3 (the maintained Whoosh; module `whoosh`). Its default tokenizer pattern
keeps `*` inside tokens, so every analyzer here is given its pattern explicitly.
"""

from __future__ import annotations

import re
import sys
from array import array
from collections import defaultdict
from collections.abc import Iterable, Iterator
from itertools import accumulate
from typing import Any

from whoosh.analysis import (
    CharsetFilter,
    LowercaseFilter,
    StemFilter,
    StopFilter,
    Token,
    Tokenizer,
)
from whoosh.analysis.analyzers import CompositeAnalyzer  # whoosh3: not in whoosh.analysis
from whoosh.analysis.filters import STOP_WORDS as WHOOSH_STOP_WORDS
from whoosh.fields import ID, STORED, TEXT, Schema
from whoosh.formats import Positions
from whoosh.lang.porter import stem
from whoosh.support.charset import accent_map
from whoosh.system import emptybytes

from reader.core.paths import encode_path
from reader.search.formats import Counts

# 3: the body field holds the title too (one ranked field for unfielded words).
# 4: underscores join the parts of a word as hyphens do (PyUnicode_Export, ssize_t).
# 5: quoted phrases are exact: `exact` and `title_exact` hold the words as written, with
#    positions; `body` no longer keeps positions; `source` does (source:"nbc news").
# 6: `body` and `title` hold the parts of dotted names and numbers too (sys.implementation:
#    sys, implementation; 3.8: 3, 8), and one-digit numbers; their lengths count positions
#    (WordText), not tokens.
# 7: `title` and `body` keep a word's count as its posting's weight only (formats.Counts), no
#    positions (title) or 4-byte count (body) as the posting's value too; `date` is stored, not
#    indexed.
SCHEMA_VERSION = 7

# Words are runs of letters/digits, joined by inner dots (U.S., 3.14), hyphens (COVID-19) or
# underscores (ssize_t); the index holds a joined word whole and its parts too (as Lucene's
# word-delimiter filter does with the original kept), so it is found typed either way:
# `python 3.8` and `python 3 8`, `sys.implementation` and `sys implementation`.
# Unlike the fork's default (`[\w\*]+...`), `*` never belongs to a word: `*Trojan*` -> trojan.
_ALNUM = r"[^\W_]+"
TOKEN_PATTERN = rf"{_ALNUM}(?:\.{_ALNUM})*(?:[-_]+{_ALNUM}(?:\.{_ALNUM})*)*"
TOKEN_RE = re.compile(TOKEN_PATTERN)
PART_RE = re.compile(r"[^_-]+")  # the parts of a hyphenated (or underscored) word
DOT_PART_RE = re.compile(r"[^.]+")  # the parts of a dotted name
JOINERS = "-_"


def joined(word: str) -> bool:
    """Whether a word has parts joined by hyphens or underscores."""
    return "-" in word or "_" in word


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


# Whoosh is untyped: its base classes are Any to mypy, hence the ignores on the subclasses.
class WordTokenizer(Tokenizer):  # type: ignore[misc]
    """Words by TOKEN_PATTERN; a hyphenated word gives its parts and, when indexing, the
    joined form too (at the first part's position), so `e-mail` is found by "email".

    dotted_parts: when indexing (not in a query: a dotted word typed is searched whole), a
    dotted name (`asyncio.Future`, `3.14`) also gives its parts, each at the position of the
    word it is part of. The body and title fields do (and so does text_words.read_words, which
    reads matches as they index); the exact fields do not (a phrase's words are as written)."""

    def __init__(self, pattern: str = TOKEN_PATTERN, *, dotted_parts: bool = False) -> None:
        self.expression = re.compile(pattern)
        self.dotted_parts = dotted_parts

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, WordTokenizer)
            and other.expression.pattern == self.expression.pattern
            and other.dotted_parts == self.dotted_parts
        )

    __hash__ = Tokenizer.__hash__

    def __call__(
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
    ) -> Iterator[Any]:
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
        dotted = self.dotted_parts and mode != "query"
        for m in self.expression.finditer(value):
            for text, s, e, step in word_pieces(m.group(0), m.start(), mode, dotted):
                t.text = text
                t.boost = 1.0
                t.stopped = False
                if keeporiginal:
                    t.original = text
                if positions:
                    t.pos = pos
                if chars:
                    t.startchar, t.endchar = start_char + s, start_char + e
                yield t
                pos += step


def one_piece(word: str) -> bool:
    """Whether word_pieces gives the word alone, whatever the mode (kept beside it: a reader
    of many words skips word_pieces for these)."""
    return "." not in word and "-" not in word and "_" not in word


def split_words(words: list[str]) -> set[str]:
    """The words of a list that are not one piece (one_piece): none in most texts, where
    that is seen without a look at each word."""
    joined = " ".join(words)
    if "." not in joined and "-" not in joined and "_" not in joined:
        return set()
    return {w for w in set(words) if not one_piece(w)}


def word_pieces(
    word: str, start: int, mode: str, dotted_parts: bool
) -> Iterator[tuple[str, int, int, int]]:
    """The tokens of one word matched by the pattern at start: (text, start, end, step), step
    how far the position moves after it. A plain word is itself; a hyphenated word its parts
    then (indexing, at most three parts, no dot) the joined form at the first part's position;
    with dotted_parts, each dotted piece is followed by its parts at its own position."""
    if not joined(word):
        if dotted_parts and "." in word:
            yield word, start, start + len(word), 0
            yield from _dotted(word, start, 1)
        else:
            yield word, start, start + len(word), 1
        return
    parts = [(p.group(0), start + p.start(), start + p.end()) for p in PART_RE.finditer(word)]
    merge = mode != "query" and len(parts) <= 3 and "." not in word
    for n, (text, s, e) in enumerate(parts):
        if dotted_parts and "." in text:
            yield text, s, e, 0
            yield from _dotted(text, s, 1)
        elif merge and n == len(parts) - 1:
            yield text, s, e, 1 - len(parts)  # back to the first part's position
        else:
            yield text, s, e, 1
    if merge:
        yield "".join(p[0] for p in parts), start, start + len(word), len(parts)


def _dotted(piece: str, start: int, last_step: int) -> Iterator[tuple[str, int, int, int]]:
    """The parts of a dotted piece, at its position (the last moves on by last_step)."""
    found = [(d.group(0), start + d.start(), start + d.end()) for d in DOT_PART_RE.finditer(piece)]
    for n, (text, s, e) in enumerate(found):
        yield text, s, e, last_step if n == len(found) - 1 else 0


class WordStopFilter(StopFilter):  # type: ignore[misc]
    """Stop words and one-letter words out (as Whoosh's StopFilter with minsize 2, positions
    not renumbered), but a one-digit number kept: the 3 and 8 of "Python 3.8", typed
    `python 3 8`."""

    def __call__(self, tokens: Iterable[Any]) -> Iterator[Any]:
        stops = self.stops
        for t in tokens:
            text = t.text
            if text in stops or (len(text) < 2 and not text.isdigit()):
                if not t.removestops:
                    t.stopped = True
                    yield t
                continue
            t.stopped = False
            yield t


class WordAnalyzer(CompositeAnalyzer):  # type: ignore[misc]
    """A composite analyzer that honours both spellings of "skip stemming".

    Whoosh's SpellField passes `nomorph=True` but CompositeAnalyzer reads `no_morph`.
    """

    def __call__(self, value: str, no_morph: bool = False, **kwargs: Any) -> Iterator[Any]:
        no_morph = bool(kwargs.pop("nomorph", False)) or no_morph
        tokens: Iterator[Any] = super().__call__(value, no_morph=no_morph, **kwargs)
        return tokens


def make_analyzer() -> WordAnalyzer:
    """Words (and the parts of dotted ones), lowercased, accents folded, stop words out,
    Porter-stemmed."""
    return WordAnalyzer(
        WordTokenizer(dotted_parts=True),
        LowercaseFilter(),
        CharsetFilter(accent_map),
        WordStopFilter(stoplist=STOP_WORDS, renumber=False),
        StemFilter(stemfn=stem, cachesize=100_000),
    )


def make_exact_analyzer() -> WordAnalyzer:
    """Words as written: lowercased and accents folded; no stop words, no stemming."""
    return WordAnalyzer(WordTokenizer(), LowercaseFilter(), CharsetFilter(accent_map))


def make_source_analyzer() -> WordAnalyzer:
    """Source names: words, lowercased, accents folded; no stemming, no stop words."""
    return WordAnalyzer(WordTokenizer(r"\w+"), LowercaseFilter(), CharsetFilter(accent_map))


ANALYZER = make_analyzer()
EXACT_ANALYZER = make_exact_analyzer()
_SOURCE_ANALYZER = make_source_analyzer()
_FOLD = EXACT_ANALYZER

# The field that holds each field's words as written (quoted phrases search it).
EXACT_FIELDS = {"body": "exact", "title": "title_exact", "source": "source"}


_BIG_ENDIAN = sys.byteorder == "big"


class GapPositions(Positions):  # type: ignore[misc]  # Whoosh is untyped
    """Positions stored as an array of the gaps between them, one byte each while every gap
    is under 256 (two or four bytes otherwise), where Whoosh pickles a list.

    On 10,000 generated articles the postings file is 10.5 MB (6%) smaller than with Whoosh's
    pickled lists (167.6 against 178.1 MB), and an array decodes in C.
    """

    def encode(self, poslist: Iterable[int]) -> bytes:
        ordered = sorted(poslist)
        gaps = [b - a for a, b in zip([0, *ordered], ordered, strict=False)]
        top = max(gaps, default=0)
        code = "B" if top < 1 << 8 else "H" if top < 1 << 16 else "I"
        values = array(code, gaps)
        if _BIG_ENDIAN:
            values.byteswap()
        return code.encode("ascii") + values.tobytes()

    @staticmethod
    def positions(value: bytes) -> Iterator[int]:
        """The positions of one posting, once through (what decode_positions lists)."""
        values = array(chr(value[0]), value[1:])
        if _BIG_ENDIAN:
            values.byteswap()
        return accumulate(values)

    def decode_positions(self, value: bytes) -> list[int]:
        return list(self.positions(value))

    def decode_frequency(self, value: bytes) -> int:
        return (len(value) - 1) // array(chr(value[0])).itemsize

    def decode_weight(self, value: bytes) -> float:
        return float(self.decode_frequency(value) * self.field_boost)

    def decode_position_boosts(self, value: bytes) -> list[tuple[int, float]]:
        return [(pos, 1.0) for pos in self.decode_positions(value)]

    def combine(self, values: Iterable[bytes]) -> bytes:
        found: set[int] = set()
        for value in values:
            found.update(self.decode_positions(value))
        return self.encode(found)


class ExactText(TEXT):  # type: ignore[misc]  # Whoosh is untyped
    """A TEXT field with positions (GapPositions) whose value may also be a sequence of parts
    (a title, then the text): positions run on from part to part with a gap, so that no
    phrase spans two parts."""

    def __init__(self, analyzer: Any, **kwargs: Any) -> None:
        super().__init__(analyzer=analyzer, phrase=True, **kwargs)
        self.format = GapPositions(field_boost=float(kwargs.get("field_boost", 1.0)))

    def index(self, value: str | Iterable[str], **kwargs: Any) -> Iterator[Any]:
        parts = [value] if isinstance(value, str) else value
        positions: defaultdict[str, list[int]] = defaultdict(list)
        start = 0
        for part in parts:
            end = start
            for t in self.analyzer(part, positions=True, mode="index", start_pos=start):
                positions[t.text].append(t.pos)
                end = max(end, t.pos + 1)
            start = end + 1  # a position no word holds: phrases stop at the part's end
        boost = self.format.field_boost
        for word, poslist in positions.items():
            yield (
                word.encode("utf-8"),
                len(poslist),
                len(poslist) * boost,
                self.format.encode(poslist),
            )


class WordText(TEXT):  # type: ignore[misc]  # Whoosh is untyped
    """A TEXT field whose length (what BM25 normalises by) counts the positions its words
    hold, not its tokens: the parts of a dotted or hyphenated word stand at the word's
    position and do not lengthen the text, as Lucene's BM25 discounts overlapping tokens.
    (Counted as tokens, "Metadata for Python Software Packages 1.1" was a longer headline
    than its 1.0 namesake, and PEP 314 fell a place.) A writer that analyses documents its
    own way must count lengths alike: the length is the sum of the frequencies given here.

    Without phrase=True its postings keep their counts as weights only (formats.Counts), not
    as values too (Whoosh's Frequency)."""

    def __init__(self, *, phrase: bool = True, **kwargs: Any) -> None:
        super().__init__(phrase=phrase, **kwargs)
        if not phrase:
            self.format = Counts(field_boost=float(kwargs.get("field_boost", 1.0)))

    def index(self, value: str, **kwargs: Any) -> Iterator[Any]:
        fmt = self.format
        at: defaultdict[str, list[int]] = defaultdict(list)
        held: set[int] = set()
        firsts: defaultdict[str, int] = defaultdict(int)
        for t in self.analyzer(value, positions=True, mode="index"):
            at[t.text].append(t.pos)
            if t.pos not in held:
                held.add(t.pos)
                firsts[t.text] += 1
        boost = fmt.field_boost
        positional = isinstance(fmt, Positions)
        for word, poslist in at.items():
            n = len(poslist)
            value_bytes = fmt.encode(poslist) if positional else emptybytes
            yield word.encode("utf-8"), firsts[word], n * boost, value_bytes


def make_schema() -> Schema:
    """The index schema (bump SCHEMA_VERSION when it changes)."""
    return Schema(
        path=ID(unique=True, stored=True),
        # No spelling=True: Whoosh's spell fields doubled the postings (indexing 2.4x slower);
        # the unstemmed vocabulary is kept beside the index instead (Vocabulary).
        # `title` answers `title:` queries; `body` is the title and the text together, the
        # one ranked field for unfielded words (BM25 over one field, not a sum of two
        # saturated field scores).
        # No positions either: title phrases search `title_exact`.
        title=WordText(analyzer=make_analyzer(), stored=True, phrase=False),
        # The body is not stored: snippets re-read the file. Stored, on the 702 PEPs (15 MB)
        # it made the index 27% bigger (18 -> 23 MB) and the build slower, and snippets no
        # faster.
        # No positions: phrases (quoted, or the parts of a hyphenated word) search `exact`.
        body=WordText(analyzer=make_analyzer(), stored=False, phrase=False),
        # The title and the text as written (no stop words dropped, no stemming), with
        # positions, for quoted phrases; the title and the text are indexed as two parts.
        exact=ExactText(make_exact_analyzer(), stored=False),
        title_exact=ExactText(make_exact_analyzer(), stored=False),
        source=TEXT(analyzer=make_source_analyzer(), stored=True),
        # Stored only: no search reads dates from the index (a NUMERIC field indexed each
        # date as 8 or 9 terms of its own: 86,659 terms, 6.7 MB of 10,000 generated articles).
        date=STORED(),
        size=STORED(),
        mtime=STORED(),
    )


def analyse(fieldname: str, text: str) -> list[tuple[str, int]]:
    """(term, position) of query text as the field indexes it."""
    if fieldname == "source":
        ana = _SOURCE_ANALYZER
    elif fieldname in ("exact", "title_exact"):
        ana = EXACT_ANALYZER
    else:
        ana = ANALYZER
    return [(t.text, t.pos) for t in ana(text, positions=True, mode="query")]


def folded(text: str) -> list[str]:
    """The words of text lowercased and accent-folded, neither stopped nor stemmed."""
    return [t.text for t in _FOLD(text)]


def stem_word(word: str) -> str:
    """The indexed form of one already folded, lowercased word."""
    toks = [t.text for t in ANALYZER(word, mode="query")]
    return toks[0] if len(toks) == 1 else str(stem(word))


def path_term(path: str) -> str:
    """The indexed term of a path: the path itself, unless its name is not UTF-8.

    Whoosh encodes terms as strict UTF-8, so a name with undecodable bytes (surrogate
    escapes) would fail the whole update; such a path is indexed in the one form the whole
    product uses for them (core.paths.encode_path) and stored as it is.
    """
    return encode_path(path)
