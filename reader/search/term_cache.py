"""A stem cache: what each token becomes through an analyzer's filters, worked out once per
distinct token, by plain steps where each filter is one of Whoosh's that reads a token alone
(text_words.py reads words through it; segments.py indexes a fresh build's words through
TermIds, the same as numbers)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from whoosh.analysis import CharsetFilter, LowercaseFilter, StemFilter, StopFilter

from reader.search.analysis import WordStopFilter


class Terms(dict[str, str | None]):
    """What each token of a tokenizer becomes through an analyzer's filters (None: stopped),
    worked out once per distinct token (a stem cache, for the stemming analyzer): by the
    filters' own steps where each is one Whoosh's (lowercase, charset, stop, stem) applies to
    a token alone, else through the analyzer."""

    LIMIT = 500_000

    def __init__(self, analyzer: Any) -> None:
        super().__init__()
        self.analyzer = analyzer
        self.steps = _steps(analyzer)

    def __missing__(self, word: str) -> str | None:
        if len(self) > self.LIMIT:
            self.clear()
        term = self[word] = self.make(word)
        return term

    def make(self, word: str) -> str | None:
        """What word becomes (not cached)."""
        if self.steps is None:
            return next((t.text for t in self.analyzer(word, tokenize=False, mode="index")), None)
        term: str | None = word
        for step in self.steps:
            term = step(term)  # type: ignore[arg-type]  # (None ends the loop)
            if term is None:
                break
        return term


class TermIds(dict[str, int | None]):
    """What each token of a tokenizer becomes through an analyzer's filters, as a number
    (None: stopped), worked out once per distinct token as Terms does: the index writer's
    postings are kept by these numbers (inverted.py), each term's UTF-8 bytes in `names`.
    The numbers stay when the cache of tokens is cleared."""

    LIMIT = Terms.LIMIT

    def __init__(self, analyzer: Any) -> None:
        super().__init__()
        self.analyzer = analyzer
        self._make = Terms(analyzer).make
        self.names: list[bytes] = []  # each term's UTF-8 bytes, by its number
        self._numbers: dict[str, int] = {}

    def __missing__(self, word: str) -> int | None:
        if len(self) > self.LIMIT:
            self.clear()
        term = self._make(word)
        if term is None:
            number = None
        else:
            number = self._numbers.get(term)
            if number is None:
                number = self._numbers[term] = len(self.names)
                self.names.append(term.encode("utf-8"))
        self[word] = number
        return number


def _steps(analyzer: Any) -> list[Callable[[str], str | None]] | None:
    """The filters of a WordAnalyzer as functions of a token's text, each what the filter does
    to one token in "index" mode (None: a filter of another kind)."""
    steps: list[Callable[[str], str | None]] = []
    for f in analyzer.items[1:]:
        kind = type(f)
        if kind is LowercaseFilter:
            steps.append(str.lower)
        elif kind is CharsetFilter:
            steps.append(partial(_translate, f.charmap))
        elif kind is StopFilter:
            steps.append(partial(_stop, f.stops, f.min, f.max))
        elif kind is WordStopFilter:
            steps.append(partial(_word_stop, f.stops))
        elif kind is StemFilter:
            steps.append(partial(_stem, f.ignore, f._stem))
        else:
            return None
    return steps


def _translate(charmap: Any, text: str) -> str:
    return text.translate(charmap)


def _stop(stops: Any, low: int, high: int | None, text: str) -> str | None:
    if len(text) >= low and (high is None or len(text) <= high) and text not in stops:
        return text
    return None


def _word_stop(stops: Any, text: str) -> str | None:
    return None if text in stops or (len(text) < 2 and not text.isdigit()) else text


def _stem(ignore: Any, stem: Callable[[str], str], text: str) -> str:
    return text if text in ignore else stem(text)
