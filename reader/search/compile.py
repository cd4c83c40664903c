"""Query tree (query.py) -> Whoosh queries over the index's vocabulary: words, phrases,
hyphenated words, prefixes (completed from the vocabulary, capped) and fuzzy words.

What one query may cost is bounded before anything is searched, with no clock (so a complete
search gives the same answer every time): the prefixes of a query share PREFIX_TOTAL words, its
fuzzy words FUZZY_TOTAL words and FUZZY_SCAN words compared with them; what a cap leaves out
makes the results partial, with a note.

Also collects what a search needs beside the query: the analysed terms to highlight, whether
a cap left words out (partial), whether a word is unknown (for "did you mean"), and notes.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from whoosh import query as wq

from reader.search.analysis import EXACT_FIELDS, JOINERS, analyse, folded, stem_word
from reader.search.highlight import to_mark
from reader.search.phrases import PositionalPhrase
from reader.search.query import Group, Node, Not, Phrase, Word
from reader.search.scoring import TITLE_WEIGHT, UnionOr

if TYPE_CHECKING:
    from reader.search.spelling import Vocabulary

Query = Any  # a whoosh.query.Query (Whoosh is untyped)

PREFIX_CAP = 100
# A prefix of 1 or 2 letters (typed on the way to a word) completes to thousands of words, the
# commonest of them in most articles: their posting lists, not the word count, cost the time.
PREFIX_SHORT_CAPS = {1: 10, 2: 30}
FUZZY_CAP = 30
# All of one query's prefixes together: each gets its cap above, scaled down to fit.
PREFIX_TOTAL = 120
# All of one query's fuzzy words together: the words they expand to, and the words of the
# vocabulary compared with them (Vocabulary.near_cost); a fuzzy word that would compare more
# than are left is searched as written.
FUZZY_TOTAL = 150
FUZZY_SCAN = 100_000  # about 0.1 s
# While typing, a prefix also completes to no more words than its articles' postings allow:
# the commonest completion always, then the next ones while their article counts (the
# vocabulary's, one posting each) add up to at most this. What a keystroke costs then does not
# grow with the folder: "v" at 100,000 articles is one or two words, not ten lists of 90,000.
# A search that is not typed (`reader search`, a level before `|`) completes in full.
TYPING_PREFIX_POSTINGS = 30_000

NEGATIVE_ONLY: Query = wq.Every()  # a sentinel: the query only excludes


@dataclass(slots=True)
class Built:
    """A Whoosh query with what search needs to know about it."""

    query: Query | None
    terms: set[str] = field(default_factory=set)
    partial: bool = False
    notes: list[str] = field(default_factory=list)


class Builder:
    """Turns a query tree into Whoosh queries over the index's vocabulary.

    Unfielded words search the body field, which holds the title too.
    """

    def __init__(
        self,
        searcher: Any,
        vocabulary: Vocabulary,
        query: Node | None = None,
        *,
        typing: bool = False,
    ) -> None:
        """query: the whole tree to be built, part by part or at once; its prefix and fuzzy
        words share their budgets. typing: the search runs at a keystroke (prefixes complete
        within TYPING_PREFIX_POSTINGS)."""
        self.vocab = vocabulary
        self.searcher = searcher
        self.reader = searcher.reader()
        prefixes, fuzzies = _expanded(query)
        # Each prefix's cap times this; each fuzzy word's share of FUZZY_TOTAL.
        asked = sum(PREFIX_SHORT_CAPS.get(len(_prefix_of(w)), PREFIX_CAP) for w in prefixes)
        self.prefix_scale = min(1.0, PREFIX_TOTAL / asked) if asked else 1.0
        self.prefix_words = len(prefixes)
        self.prefix_postings = TYPING_PREFIX_POSTINGS // max(1, len(prefixes)) if typing else None
        self.fuzzy_cap = min(FUZZY_CAP, max(1, FUZZY_TOTAL // max(1, len(fuzzies))))
        self.fuzzy_words = len(fuzzies)
        self.fuzzy_scan = FUZZY_SCAN  # words left to compare with fuzzy words
        self.terms: set[str] = set()
        self.partial = False
        self.unknown = False
        # Words typed as a prefix that complete to nothing: searched as whole words instead
        # (so "Biden's" or a misspelt "pyhton" being typed still find, or suggest, a word).
        self.whole_words: set[Word] = set()
        self.notes: list[str] = []

    def build(self, node: Node | None) -> Built:
        q = self._node(node)
        if q is not None and _only_negative(node):
            q = NEGATIVE_ONLY
        return Built(q, self.terms, self.partial, self.notes)

    def _node(self, node: Node | None) -> Query | None:
        if node is None:
            return None
        if isinstance(node, Word):
            return self.word_key(node)[1]
        if isinstance(node, Phrase):
            return self.phrase(node)
        if isinstance(node, Not):
            terms = set(self.terms)
            child = self._node(node.child)
            self.terms = terms  # excluded words are not highlighted
            return wq.Not(child) if child is not None else None
        kids = [q for q in (self._node(c) for c in node.children) if q is not None]
        if not kids:
            return None
        if len(kids) == 1:
            return kids[0]
        if node.op == "or":
            return UnionOr(kids)
        return wq.And(kids)

    def word_key(self, w: Word) -> tuple[str, Query | None]:
        """A key (its analysed terms) and the query for one typed word."""
        stripped = w.text.strip(JOINERS)
        if w.prefix and any(j in stripped for j in JOINERS):
            # A hyphenated word being typed: the parts before the last hyphen are whole
            # words, the last part a prefix ("heat-tra" finds "heat-transfer").
            head, tail = re.split(r"[-_]+(?=[^-_]*$)", stripped, maxsplit=1)
            qs = [self.word_key(Word(head, w.field))[1]]
            if not tail.isdigit():  # a number being typed ("covid-1"): its digits so far
                qs.append(self.word_key(Word(tail, w.field, prefix=True))[1])
            # A part that completes to no indexed word.
            found = [q for q in qs if q is not None and q is not wq.NullQuery]
            if not found:
                return "", None
            return "*" + w.text.lower(), found[0] if len(found) == 1 else wq.And(found)
        if w.prefix:
            q = self._prefix(w)
            if q is wq.NullQuery and w.field != "source":
                self.whole_words.add(w)
                return self.word_key(replace(w, prefix=False))
            return "*" + w.text.lower(), q
        if w.fuzzy:
            return "~" + w.text.lower(), self._fuzzy(w)
        toks = analyse("body", w.text)
        if not toks:
            return "", None
        if w.field != "source":
            for t, _ in toks:
                self.terms.add(to_mark(t, w.field))
            if len(toks) == 1 and not any(
                self.reader.doc_frequency(f, toks[0][0]) for f in ("body", "title")
            ):
                self.unknown = True
        key = " ".join(t for t, _ in toks)
        fname = w.field or "body"
        q = _terms_query(fname, w.text, toks)
        parts = [p for p in re.split(r"[-_]", w.text) if p]
        if isinstance(q, wq.Phrase) and 2 <= len(parts) <= 3 and fname != "source":
            # A hyphenated word: its parts as a phrase, or the joined form ("e-mail", "email").
            joined = [t for t, _ in analyse(fname, "".join(parts))]
            if len(joined) == 1:
                self.terms.add(to_mark(joined[0], w.field))
                q = UnionOr([wq.Term(fname, joined[0]), q])
        return key, titled(q) if w.field is None else q

    def phrase(self, p: Phrase) -> Query | None:
        """The query for a quoted phrase: its words as written (case and accents folded, stop
        words kept, no stemming), in that order, next to each other. None if it has no word."""
        fname = EXACT_FIELDS[p.field or "body"]
        words = phrase_words(p)
        if not words:
            self.notes.append("No word in the quotes; ignored")
            return None
        if fname != "source":
            # A phrase is highlighted as a whole: its words joined by spaces (highlight.py).
            term = " ".join(words) if len(words) > 1 else stem_word(words[0])
            self.terms.add(to_mark(term, p.field))
        return exact_query(fname, words)

    def node(self, node: Node) -> Query | None:
        """The query of any part of a tree (a required or excluded part of a query)."""
        return self._node(node)

    def excluded(self, node: Node) -> Query | None:
        """The query of an excluded part (its words are not highlighted)."""
        terms = set(self.terms)
        q = self._node(node)
        self.terms = terms
        return q

    def _expand(self, words: list[tuple[int, str]], fieldname: str | None) -> Query | None:
        if fieldname == "source":
            stems = sorted({w for _, w in words})
        else:
            stems = list(dict.fromkeys(stem_word(w) for _, w in words))
            for t in stems:
                self.terms.add(to_mark(t, fieldname))
        if not stems:
            return None
        qs = [wq.Term(fieldname or "body", t) for t in stems]
        q = qs[0] if len(qs) == 1 else UnionOr(qs)
        return titled(q) if fieldname is None else q

    def _source_words(self, prefix: str) -> list[tuple[str, int]]:
        """(word, document count) of the source names starting with prefix."""
        # A prefix Whoosh cannot encode (a lone surrogate of a pasted name) starts no word;
        # an index that cannot be read is SearchIndex's to report.
        with contextlib.suppress(UnicodeEncodeError):
            return [
                (t.decode("utf-8") if isinstance(t, bytes) else t, info.doc_frequency())
                for t, info in self.reader.iter_prefix("source", prefix)
            ]
        return []

    def _prefix(self, w: Word) -> Query | None:
        prefix = _prefix_of(w)
        if not prefix:
            return None
        own = PREFIX_SHORT_CAPS.get(len(prefix), PREFIX_CAP)
        cap = max(1, int(own * self.prefix_scale))
        if w.field == "source":
            ranked = sorted(self._source_words(prefix), key=lambda kv: (-kv[1], kv[0]))
            count = len(ranked)
        else:
            ranked, count = self.vocab.top_with_prefix(prefix, cap)
        if not ranked:
            if w.field != "source":
                self.unknown = True
            return wq.NullQuery
        ranked = ranked[:cap]
        if self.prefix_postings is not None:
            ranked = _within_postings(ranked, self.prefix_postings, w.field != "source")
        if count > len(ranked):
            self.partial = True
            if cap < own and len(ranked) == cap:
                self._note(
                    f"{self.prefix_words} prefixes share {PREFIX_TOTAL} words: each searched "
                    "its most common"
                )
            else:
                self._note(f"{w.text}* matches {count:,} words; searched {_commonest(len(ranked))}")
        return self._expand([(c, word) for word, c in ranked], w.field)

    def _fuzzy(self, w: Word) -> Query | None:
        word = "".join(folded(w.text))
        if not word:
            return None
        cost = self.vocab.near_cost(word, w.fuzzy)
        if cost > self.fuzzy_scan:
            self.fuzzy_scan = -1  # the fuzzy words that follow are searched as written too
            self.partial = True
            # Said before the note that the fuzzy words share their expansions.
            self.notes.insert(
                0, f"Too many fuzzy words: {w.text}~ and those after it searched as written"
            )
            near = []
        else:
            self.fuzzy_scan -= cost
            near = self.vocab.near(word, w.fuzzy)
        if len(near) >= self.fuzzy_cap and self.fuzzy_cap < FUZZY_CAP:
            self.partial = True
            self._note(
                f"{self.fuzzy_words} fuzzy words share {FUZZY_TOTAL} words: each searched its "
                "nearest"
            )
        found = [(0, 0, word), *near][: self.fuzzy_cap]
        return self._expand([(-c, cand) for _, c, cand in found], w.field)

    def _note(self, note: str) -> None:
        if note not in self.notes:
            self.notes.append(note)


def _within_postings(
    ranked: list[tuple[str, int]], budget: int, stemmed: bool
) -> list[tuple[str, int]]:
    """The commonest completions (word, article count) whose counts add up to at most budget,
    the first one always; a word whose stem is already searched costs nothing more."""
    kept = ranked[:1]
    stems = {stem_word(ranked[0][0]) if stemmed else ranked[0][0]}
    spent = ranked[0][1]
    for word, count in ranked[1:]:
        stem = stem_word(word) if stemmed else word
        if stem in stems:
            kept.append((word, count))
        elif spent + count <= budget:
            spent += count
            stems.add(stem)
            kept.append((word, count))
        else:
            break  # the commonest that fit, not rarer words past one left out
    return kept


def _commonest(n: int) -> str:
    return "the most common" if n == 1 else f"the {n} most common"


def _prefix_of(w: Word) -> str:
    """The folded prefix a prefix word completes: of "Biden's" typed, its last part of two
    letters or more ("bidens" is no word's start)."""
    forms = folded(w.text)
    prefix = next((f for f in reversed(forms) if len(f) > 1), "") if len(forms) > 1 else ""
    return prefix or "".join(forms)


def _expanded(node: Node | None) -> tuple[list[Word], list[Word]]:
    """The prefix words and the fuzzy words of a tree."""
    prefixes: list[Word] = []
    fuzzies: list[Word] = []
    todo = [node] if node is not None else []
    while todo:
        n = todo.pop()
        if isinstance(n, Word):
            if n.prefix:
                prefixes.append(n)
            elif n.fuzzy:
                fuzzies.append(n)
        elif isinstance(n, Not):
            todo.append(n.child)
        elif isinstance(n, Group):
            todo.extend(n.children)
    return prefixes, fuzzies


def titled(q: Query | None) -> Query | None:
    """An unfielded word's query, scored in the title as well as in the body (which holds the
    title too): BM25 over the body plus TITLE_WEIGHT x BM25 over the title, each with its own
    document frequencies, so a word that stands in few headlines lifts the article whose
    headline has it, while questions still rank by the text."""
    title = _in_title(q)
    return q if title is None else UnionOr([q, title])


def _in_title(q: Query | None) -> Query | None:
    if isinstance(q, wq.Term) and q.fieldname == "body":
        return wq.Term("title", q.text, boost=TITLE_WEIGHT)
    if isinstance(q, PositionalPhrase) and q.fieldname == EXACT_FIELDS["body"]:
        title = EXACT_FIELDS["title"]
        return PositionalPhrase(title, q.words, q.offsets, stems=q.stems, boost=TITLE_WEIGHT)
    if isinstance(q, wq.Or):
        kids = [k for k in (_in_title(sub) for sub in q.subqueries) if k is not None]
        return kids[0] if len(kids) == 1 else UnionOr(kids) if kids else None
    return None


def _terms_query(fname: str, text: str, toks: list[tuple[str, int]]) -> Query | None:
    """A term of text in one field, or, for a word that analyses to several terms (the parts
    of `heat-transfer`), its words as written next to each other (the exact field: `body` and
    `title` keep no positions for phrases). toks are its body terms; source has its own."""
    ft = analyse(fname, text) if fname == "source" else toks
    if not ft:
        return None
    if len(ft) == 1:
        return wq.Term(fname, ft[0][0])
    # Its words as the exact field has them, in any form with the same stem.
    exact = EXACT_FIELDS.get(fname, fname)
    return exact_query(exact, [t for t, _ in analyse(exact, text)], stems=fname != "source")


def phrase_words(p: Phrase) -> list[str]:
    """The words of a quoted phrase as its exact field indexes them."""
    return [t for t, _ in analyse(EXACT_FIELDS[p.field or "body"], p.text)]


def exact_query(fname: str, words: list[str], *, stems: bool = False) -> Query | None:
    """The words next to each other in this order (a word alone: that word); with stems, in
    any form with the same stem (phrases.PositionalPhrase)."""
    if not words:
        return None
    if len(words) == 1 and not stems:
        return wq.Term(fname, words[0])
    return PositionalPhrase(fname, words, stems=stems)


def loose_phrase(p: Phrase) -> Query | None:
    """A quoted phrase relaxed: its words that are no stop words, in any form with the same
    stem, at their places (the stop words between them any word); None under two words."""
    fname = EXACT_FIELDS[p.field or "body"]
    if fname == "source":
        return None
    words = phrase_words(p)
    kept = [(i, w) for i, w in enumerate(words) if analyse("body", w)]
    if len(kept) < 2:
        return None
    return PositionalPhrase(fname, [w for _, w in kept], [i for i, _ in kept], stems=True)


def _only_negative(node: Node | None) -> bool:
    if isinstance(node, Not):
        return True
    if isinstance(node, Group):
        return all(_only_negative(c) for c in node.children)
    return False


@dataclass(slots=True)
class Parts:
    """A query's parts joined by AND, by what each does: plain words may fall back to the
    closest matches; the others hold (ranking.rank)."""

    words: list[Word] = field(default_factory=list)
    phrases: list[Phrase] = field(default_factory=list)  # quoted: required
    required: list[Node] = field(default_factory=list)  # field:, +word, word*, word~, OR
    excluded: list[Node] = field(default_factory=list)  # -word, NOT: what they exclude


def split(node: Node) -> Parts | None:
    """The parts of a query, brackets around ANDed parts flattened (AND is associative);
    None when the query is an OR at the top (it stays one query, every part strict)."""
    if isinstance(node, Group) and node.op == "or":
        return None
    parts = Parts()
    _split(node, parts)
    return parts


def _split(node: Node, parts: Parts) -> None:
    if isinstance(node, Group) and node.op == "and":
        for child in node.children:
            _split(child, parts)
    elif isinstance(node, Word) and not node.required:
        parts.words.append(node)
    elif isinstance(node, Phrase):
        parts.phrases.append(node)
    elif isinstance(node, Not):
        parts.excluded.append(node.child)
    else:
        parts.required.append(node)


def key_terms_query(fname: str, keys: list[tuple[str, float]]) -> Query:
    """Any of an article's key terms, each weighted as Whoosh's key_terms scored it (the
    query of "related articles")."""
    return UnionOr([wq.Term(fname, word, boost=weight) for word, weight in keys])
