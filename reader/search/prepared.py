"""A search of words joined by AND made ready to rank (Prepared: each word's query, the
required, phrase and excluded parts), and the documents one level of a narrowed search
(`a | b`) matches, complete.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from reader.search.analysis import analyse
from reader.search.compile import NEGATIVE_ONLY, Builder, Parts, loose_phrase, phrase_words, split
from reader.search.highlight import to_mark
from reader.search.query import QueryTree
from reader.search.ranking import Ranked, docset, rank
from reader.search.spelling import Vocabulary


@dataclass(slots=True)
class Prepared:
    """The Whoosh queries of a search of words joined by AND, ready to rank."""

    builder: Builder
    subs: dict[str, tuple[Any, int]]  # each word's query, and how often it was typed
    required: list[Any]
    phrases: list[Any]
    looser: list[Any]  # the phrases relaxed, should no article hold them with a word
    relaxed_terms: set[str]  # their words, highlighted then
    excluded: list[Any]
    n: int  # how many words the query has

    @classmethod
    def of(cls, parts: Parts, builder: Builder) -> Prepared:
        subs: dict[str, tuple[Any, int]] = {}
        for w in parts.words:
            key, q = builder.word_key(w)
            if q is None:
                continue
            prev = subs.get(key)
            # A repeated word counts once more each time (query term frequency, linear).
            subs[key] = (q, (prev[1] if prev else 0) + 1)
        n = len(subs)
        required = [q for q in map(builder.node, parts.required) if q is not None]
        n += len(required)
        phrases: list[Any] = []
        looser: list[Any] = []
        relaxed_terms: set[str] = set()
        for p in parts.phrases:
            q = builder.phrase(p)
            if q is None:
                continue
            phrases.append(q)
            n += len(phrase_words(p))
            relaxed = loose_phrase(p)
            if relaxed is not None:
                looser.append(relaxed)
                relaxed_terms.update(
                    to_mark(t, p.field) for w in relaxed.words for t, _ in analyse("body", w)
                )
        excluded = [q for q in map(builder.excluded, parts.excluded) if q is not None]
        return cls(builder, subs, required, phrases, looser, relaxed_terms, excluded, n)

    @property
    def searchable(self) -> bool:
        """Whether anything is left to search for (not only common words or exclusions)."""
        return bool(self.subs or self.required or self.phrases)

    def rank(self, s: Any, limit: int, deadline: float, within: set[int] | None) -> Ranked:
        return rank(
            s,
            self.required,
            [(q, float(count)) for q, count in self.subs.values()],
            limit,
            deadline,
            phrases=self.phrases,
            excluded=self.excluded,
            loose=self.looser if len(self.looser) == len(self.phrases) else (),
            within=within,
        )


@dataclass(slots=True)
class Said:
    """What the levels before a `|` say: their notes (what a bound left out: `a*` searched
    its 10 commonest words), and whether a bound left words out (partial)."""

    notes: list[str] = field(default_factory=list)
    partial: bool = False


def matched(
    s: Any,
    vocabulary: Vocabulary,
    parsed: QueryTree,
    within: set[int] | None,
    said: Said | None = None,
) -> set[int] | None:
    """The documents a level of a chain matches (its words' tree: parsed.Level.tree), within
    those given, complete; None when it has nothing to search for (then it restricts nothing).
    Its notes are added to said."""
    if parsed.node is None or parsed.refused is not None:
        return None
    builder = Builder(s, vocabulary, parsed.node)
    parts = split(parsed.node)
    if parts is None:
        built = builder.build(parsed.node)
        found: set[int] | None = None
        if built.query is not None and built.query is not NEGATIVE_ONLY:
            found = docset(s, built.query)
            found = found if within is None else found & within
    else:
        prepared = Prepared.of(parts, builder)
        found = prepared.rank(s, 0, math.inf, within).matched if prepared.searchable else None
    if said is not None:
        said.notes.extend(n for n in (*parsed.notes, *builder.notes) if n not in said.notes)
        said.partial = said.partial or builder.partial
    return found
