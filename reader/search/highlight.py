"""Match spans and snippets: where a search's analysed terms occur in a text, and the few
lines of an article shown under its title in the results.

No Whoosh query runs here: a text's words are read by the index's own tokenizer and filters
(text_words.read_words) and compared with the search's terms (`SearchResults.terms`), so what is
marked and counted is what the index reads. A term with spaces is a quoted phrase, its words
as the exact field indexes them: it is marked where those words stand in that order, one span
from its first word to its last. A term searched in the title only is marked only there.
"""

from __future__ import annotations

import functools
import os
import threading
from collections import OrderedDict
from pathlib import Path

from reader.core import article as article_mod
from reader.search.read_texts import spans_of
from reader.search.text_words import read_words

SNIPPET_CHARS = 160
SNIPPET_EAGER = 15  # hits given a snippet by search(typing=True): a screenful
# A snippet is made from an article's first SNIPPET_READ characters (parsed no further): a
# 6 MB file was read and parsed whole for each result's snippet.
SNIPPET_READ = 256 * 1024
SNIPPET_MATCHES = 200  # the snippet shows the densest cluster among the first matches

# A term searched in the title only (`title:word`) is written so among a search's terms
# (compile.py): it is marked in the title, never in the text.
TITLE_ONLY = "title:"


def to_mark(term: str, field: str | None) -> str:
    """How a term searched in a field (None: unfielded) is written among a search's terms:
    as it is, or marked TITLE_ONLY when searched in the title only."""
    return TITLE_ONLY + term if field == "title" else term


@functools.lru_cache(maxsize=256)
def field_terms(terms: frozenset[str], field: str) -> frozenset[str]:
    """The terms to mark in one field ("title" or "body"): the title has every term (the
    body field holds the title too), the body all but those searched in the title only."""
    if field == "title":
        return frozenset(t.removeprefix(TITLE_ONLY) for t in terms)
    return frozenset(t for t in terms if not t.startswith(TITLE_ONLY))


def highlight_spans(
    text: str, terms: frozenset[str], field: str = "body", limit: int | None = None
) -> list[tuple[int, int]]:
    """Char spans of the words of text that are among the terms to mark in field (read as the
    index reads them: text_words.read_words), and of the quoted phrases among them; in order,
    none overlapping. With limit, the text is read no further than its first `limit` words
    and phrases found (a few more spans may come back)."""
    if not terms or not text:
        return []
    words, phrases = _split_terms(field_terms(terms, field))
    if text.isascii():
        # Most texts hold none of the terms: a word can be there only if its term's head is
        # (Porter rewrites at most a stem's last three letters; checked on 1.4 M PEP words).
        low = text.lower()
        if "-" in low or "_" in low:  # a hyphenated word's joined form ("e-mail": email)
            low += "\n" + low.replace("-", "").replace("_", "")
        words = frozenset(w for w in words if w[: max(1, len(w) - 3)] in low)
        phrases = tuple(p for p in phrases if all(w in low for w in p))
    spans = spans_of(text, words, limit) if words else []
    for phrase in phrases:
        spans.extend(phrase_spans(text, phrase, limit))
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


def phrase_spans(
    text: str, words: tuple[str, ...], limit: int | None = None
) -> list[tuple[int, int]]:
    """Char spans where words stand in text as the exact field indexes them: each at the
    position after the one before (a hyphenated word's joined form shares its first part's
    position, as in the index); one span from the first word to the last. With limit, about
    the first `limit` are found."""
    if not words:
        return []
    at: dict[int, list[tuple[str, int, int]]] = {}
    firsts: list[tuple[int, int, int]] = []
    for term, pos, start, end in read_words(text, exact=True):
        at.setdefault(pos, []).append((term, start, end))
        if term == words[0]:
            if limit is not None and len(firsts) > limit:
                break  # the words after it are read: a phrase ends on them
            firsts.append((pos, start, end))
    spans: list[tuple[int, int]] = []
    for pos, start, end in firsts:
        if spans and start < spans[-1][1]:
            continue
        for k, word in enumerate(words[1:], 1):
            found = [e for t, _, e in at.get(pos + k, ()) if t == word]
            if not found:
                break
            end = found[0]
        else:
            spans.append((start, end))
    return spans


def _match_starts(text: str, terms: frozenset[str]) -> list[int]:
    """Where the first SNIPPET_MATCHES matches of the body's terms begin."""
    return [s for s, _ in highlight_spans(text, terms, limit=SNIPPET_MATCHES)]


def _word_start(text: str, lo: int, hi: int, *, last: bool = True) -> int:
    """The last (or first) place from lo to hi where a word starts (the text's start, or
    after whitespace), or -1."""
    places = range(hi, lo - 1, -1) if last else range(lo, hi + 1)
    for k in places:
        if k == 0 or text[k - 1].isspace():
            return k
    return -1


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
        # At a word's start: one before it, else the first after it (at most the match's).
        first = starts[best] if starts else start
        back = _word_start(text, max(0, start - 20), start)
        ahead = _word_start(text, start, first, last=False) if back < 0 else -1
        start = back if back >= 0 else ahead if ahead >= 0 else first
    end = min(len(text), start + SNIPPET_CHARS)
    if end < len(text):
        ws = _word_start(text, start + SNIPPET_CHARS // 2, end)
        end = ws - 1 if ws > 0 else end
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
    """make_snippet of the article at path (re-read, its first SNIPPET_READ characters: the
    body is not stored)."""
    return make_snippet(_load_body(path), field_terms(terms, "body"))


# While a query is typed, the same best hits come back keystroke after keystroke and each
# snippet re-read and re-parsed its article (a third of a typing search's time at 10,000).
# The bodies of the last articles shown are kept, each checked against its file's stat, up to
# BODY_CACHE_CHARS characters in all: the bench's query mix typed at 10,000 articles shows 836
# articles, 5.9 M characters (256 bodies were kept: its second round read most of them again).
BODY_CACHE_CHARS = 8_000_000
BODY_CACHE_LARGEST = SNIPPET_READ  # characters: every body read is kept
_bodies: OrderedDict[str, tuple[tuple[int, int, int], str]] = OrderedDict()
_bodies_chars = 0  # characters of the bodies kept
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
    body = str(article_mod.load_article(Path(path), chars=SNIPPET_READ).body_text)
    if len(body) <= BODY_CACHE_LARGEST:
        _keep_body(path, stamp, body)
    return body


def _keep_body(path: str, stamp: tuple[int, int, int], body: str) -> None:
    global _bodies_chars
    with _bodies_lock:
        before = _bodies.pop(path, None)
        if before is not None:
            _bodies_chars -= len(before[1])
        _bodies[path] = (stamp, body)
        _bodies_chars += len(body)
        while _bodies_chars > BODY_CACHE_CHARS and len(_bodies) > 1:
            _bodies_chars -= len(_bodies.popitem(last=False)[1][1])
