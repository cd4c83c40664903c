"""Match spans and snippets: where a search's analysed terms occur in a text, and the few
lines of an article shown under its title in the results.

No Whoosh query runs here: words are analysed as the body field indexes them and compared
with the search's terms (`SearchResults.terms`).
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

from reader.core import article as article_mod
from reader.search.analysis import ANALYZER, PART_RE, TOKEN_RE, joined

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
    """Char spans of the words in text whose analysed form is in terms (body analysis)."""
    if not terms or not text:
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
    if not (text.isascii() and all(t.isascii() for t in terms)):
        return [s for s, _ in highlight_spans(text, terms)]
    starts = []
    for m in _candidate_re(terms).finditer(text):
        if not forms(m.group(0)).isdisjoint(terms):
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


def _load_body(path: str) -> str:
    try:
        art = article_mod.load_article(Path(path))
        return str(art.body_text)
    except Exception:  # noqa: BLE001 - a vanished file just has no snippet
        return ""
