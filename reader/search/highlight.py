"""Match spans and snippets: where a search's analysed terms occur in a text, and the few
lines of an article shown under its title in the results.

No Whoosh query runs here: words are analysed as the body field indexes them and compared
with the search's terms (`SearchResults.terms`). A term with spaces is a quoted phrase, its
words as the exact field indexes them: it is marked where those words stand in that order,
one span from its first word to its last.
"""

from __future__ import annotations

import functools
import os
import re
import threading
from collections import OrderedDict
from pathlib import Path

from reader.core import article as article_mod
from reader.search.analysis import ANALYZER, EXACT_ANALYZER, PART_RE, TOKEN_RE, joined

SNIPPET_CHARS = 160
SNIPPET_EAGER = 15  # hits given a snippet by search(typing=True): a screenful

_FORMS: dict[str, frozenset[str]] = {}


def forms(word: str) -> frozenset[str]:
    """The analysed forms of one word, cached (articles repeat their words)."""
    found = _FORMS.get(word)
    if found is None:
        if len(_FORMS) > 200_000:
            _FORMS.clear()
        found = _FORMS[word] = frozenset(t.text for t in ANALYZER(word))
    return found


def highlight_spans(text: str, terms: frozenset[str]) -> list[tuple[int, int]]:
    """Char spans of the words in text whose analysed form is in terms (body analysis), and
    of the quoted phrases among terms; in order, none overlapping."""
    if not terms or not text:
        return []
    words, phrases = _split_terms(terms)
    spans = _word_spans(text, words)
    if not phrases:
        return spans
    for phrase in phrases:
        spans.extend(phrase_spans(text, phrase))
    return _merged(spans)


@functools.lru_cache(maxsize=256)
def _split_terms(terms: frozenset[str]) -> tuple[frozenset[str], tuple[tuple[str, ...], ...]]:
    """The single terms and the phrases (their words) of a search's terms."""
    phrases = tuple(sorted(tuple(t.split(" ")) for t in terms if " " in t))
    return frozenset(t for t in terms if " " not in t), phrases


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if out and start < out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def _exact_words(text: str) -> tuple[str, ...]:
    return tuple(t.text for t in EXACT_ANALYZER(text, mode="query"))


_EXACT_FORMS: dict[str, tuple[str, ...]] = {}


def _exact_forms(word: str) -> tuple[str, ...]:
    """The words of one token as the exact field has them, cached."""
    found = _EXACT_FORMS.get(word)
    if found is None:
        if len(_EXACT_FORMS) > 200_000:
            _EXACT_FORMS.clear()
        found = _EXACT_FORMS[word] = _exact_words(word)
    return found


@functools.lru_cache(maxsize=256)
def _phrase_re(words: tuple[str, ...]) -> re.Pattern[str]:
    inner = r"[\W_]+".join(map(re.escape, words))
    return re.compile(r"(?<!\w)" + inner + r"(?!\w)", re.IGNORECASE)


def phrase_spans(text: str, words: tuple[str, ...]) -> list[tuple[int, int]]:
    """Char spans where words (as the exact field indexes them) stand in text in this order,
    each right after the one before."""
    if not words:
        return []
    if text.isascii():
        if not all(w.isascii() for w in words):
            return []
        # Candidates by a regex, each checked by the analyzer that indexed them.
        return [m.span() for m in _phrase_re(words).finditer(text) if _exact_words(m[0]) == words]
    tokens: list[tuple[str, int, int]] = []
    for m in TOKEN_RE.finditer(text):
        start = m.start()
        forms = _exact_forms(m[0])
        if len(forms) == 1:
            tokens.append((forms[0], start, m.end()))
            continue
        for p in PART_RE.finditer(m[0]):
            tokens.extend((f, start + p.start(), start + p.end()) for f in _exact_forms(p[0]))
    spans = []
    n = len(words)
    i = 0
    while i + n <= len(tokens):
        if all(tokens[i + k][0] == words[k] for k in range(n)):
            spans.append((tokens[i][1], tokens[i + n - 1][2]))
            i += n
        else:
            i += 1
    return spans


def _word_spans(text: str, terms: frozenset[str]) -> list[tuple[int, int]]:
    if not terms:
        return []
    spans: list[tuple[int, int]] = []
    for m in TOKEN_RE.finditer(text):
        word = m.group(0)
        word_forms = forms(word)
        if not word_forms or word_forms.isdisjoint(terms):
            continue
        if not joined(word):
            spans.append(m.span())
            continue
        # A hyphenated word: mark the parts that match, or all of it for the joined form.
        start = m.start()
        parts = [(start + p.start(), start + p.end()) for p in PART_RE.finditer(word)]
        hit = [(ps, pe) for ps, pe in parts if not forms(text[ps:pe]).isdisjoint(terms)]
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
    words, phrases = _split_terms(terms)
    if phrases or not (text.isascii() and all(t.isascii() for t in terms)):
        return [s for s, _ in highlight_spans(text, terms)]
    starts = []
    for m in _candidate_re(words).finditer(text):
        if not forms(m.group(0)).isdisjoint(words):
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


def file_snippet(path: str, terms: frozenset[str]) -> tuple[str, tuple[tuple[int, int], ...]]:
    """make_snippet of the article at path (re-read: the body is not stored)."""
    return make_snippet(_load_body(path), terms)


# While a query is typed, the same best hits come back keystroke after keystroke and each
# snippet re-read and re-parsed its article (a third of a typing search's time at 10,000).
# The bodies of the last articles shown are kept, each checked against its file's stat.
BODY_CACHE_ARTICLES = 256
BODY_CACHE_LARGEST = 256 * 1024  # characters; a bigger body is parsed again when needed
_bodies: OrderedDict[str, tuple[tuple[int, int, int], str]] = OrderedDict()
_bodies_lock = threading.Lock()


def _load_body(path: str) -> str:
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return ""  # a vanished file just has no snippet
    stamp = (st.st_size, st.st_mtime_ns, st.st_ino)
    with _bodies_lock:
        kept = _bodies.get(path)
        if kept is not None and kept[0] == stamp:
            _bodies.move_to_end(path)
            return kept[1]
    # load_article never raises: a file that cannot be read has no body, so no snippet
    body = str(article_mod.load_article(Path(path)).body_text)
    if len(body) <= BODY_CACHE_LARGEST:
        with _bodies_lock:
            _bodies[path] = (stamp, body)
            _bodies.move_to_end(path)
            while len(_bodies) > BODY_CACHE_ARTICLES:
                _bodies.popitem(last=False)
    return body
