"""Text analysis and the schema: what a word is, which words are stopped, how words are stemmed
and folded, and the fields an article is indexed into.

Uses `whoosh-reloaded` (the maintained fork; module `whoosh`). Its default tokenizer pattern
keeps `*` inside tokens, so every analyzer here is given its pattern explicitly.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

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
from whoosh.fields import ID, NUMERIC, STORED, TEXT, Schema
from whoosh.lang.porter import stem
from whoosh.support.charset import accent_map

from reader.core.paths import encode_path

# 3: the body field holds the title too (one ranked field for unfielded words).
# 4: underscores join the parts of a word as hyphens do (PyUnicode_Export, ssize_t).
SCHEMA_VERSION = 4

# Words are runs of letters/digits, joined by inner dots (U.S., 3.14), hyphens (COVID-19) or
# underscores (ssize_t), so an identifier is found by its parts as well as whole.
# Unlike the fork's default (`[\w\*]+...`), `*` never belongs to a word: `*Trojan*` -> trojan.
_ALNUM = r"[^\W_]+"
TOKEN_PATTERN = rf"{_ALNUM}(?:\.{_ALNUM})*(?:[-_]+{_ALNUM}(?:\.{_ALNUM})*)*"
TOKEN_RE = re.compile(TOKEN_PATTERN)
PART_RE = re.compile(r"[^_-]+")  # the parts of a hyphenated (or underscored) word
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
    joined form too (at the first part's position), so `e-mail` is found by "email"."""

    def __init__(self, pattern: str = TOKEN_PATTERN) -> None:
        self.expression = re.compile(pattern)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, WordTokenizer) and other.expression.pattern == (
            self.expression.pattern
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
        for m in self.expression.finditer(value):
            word = m.group(0)
            start = m.start()
            pieces = [(word, start, m.end())]
            if joined(word):
                pieces = [
                    (p.group(0), start + p.start(), start + p.end()) for p in PART_RE.finditer(word)
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


class WordAnalyzer(CompositeAnalyzer):  # type: ignore[misc]
    """A composite analyzer that honours both spellings of "skip stemming".

    Whoosh's SpellField passes `nomorph=True` but CompositeAnalyzer reads `no_morph`.
    """

    def __call__(self, value: str, no_morph: bool = False, **kwargs: Any) -> Iterator[Any]:
        no_morph = bool(kwargs.pop("nomorph", False)) or no_morph
        tokens: Iterator[Any] = super().__call__(value, no_morph=no_morph, **kwargs)
        return tokens


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
_SOURCE_ANALYZER = make_source_analyzer()
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
        # The body is not stored: snippets re-read the file. Stored, on the 702 PEPs (15 MB)
        # it made the index 27% bigger (18 -> 23 MB) and the build slower, and snippets no
        # faster.
        body=TEXT(analyzer=make_analyzer(), stored=False),
        source=TEXT(analyzer=make_source_analyzer(), stored=True, phrase=False),
        date=NUMERIC(numtype=float, stored=True),
        size=STORED(),
        mtime=STORED(),
    )


def analyse(fieldname: str, text: str) -> list[tuple[str, int]]:
    """(term, position) of query text as the field indexes it."""
    ana = _SOURCE_ANALYZER if fieldname == "source" else ANALYZER
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
