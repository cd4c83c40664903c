"""Where a highlighted passage stands in an article, found again after the file changed.

A passage is kept as W3C Web Annotation's TextQuoteSelector and Hypothesis keep one: the
quoted text, some text before and after it, and where it started (a TextPositionSelector, used
as a hint). All of it is measured on the article's text as the reader shows it (`article_text`:
its blocks, debris removed, joined by blank lines), not on the file's bytes, so a passage
survives the file being edited above or around it, its lines rewrapped, and the debris rules
changing. `locate` finds it: at its old place when the quote is still there, else the
occurrence whose context agrees best (nearest the old place on a tie), else the same words
with their spacing changed, else a close enough passage between its context; or None, and
the highlight is kept and listed as one that can no longer be placed. Pure, no I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from reader.core.article import Article

__all__ = ["CONTEXT_CHARS", "Anchor", "article_text", "locate", "make_anchor", "sentences"]

CONTEXT_CHARS = 32  # how much text before and after a passage is kept with it
FUZZY_RATIO = 0.8  # how alike an edited passage must be to its quote to be taken for it
FUZZY_MAX_CHARS = 2000  # passages longer than this are only found word for word
BLOCK_GAP = "\n\n"

_SPACE = re.compile(r"\s+")
# A sentence ends at . ! ? or … (and any closing quotes or brackets) before a space and a word
# that does not start in lower case ("U.S. officials" goes on); not after a short
# abbreviation or an initial ("Dr. Smith", "J. R. R. Tolkien").
_END = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s+\S)")
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof st jr sr vs etc e.g i.e no fig cf al approx inc ltd co gen col lt".split()
)


def article_text(article: Article) -> str:
    """The text highlights are measured on: every block's text, joined by blank lines."""
    return BLOCK_GAP.join(block.text for block in article.blocks)


def block_starts(article: Article) -> list[int]:
    """Where each block's text starts in article_text."""
    starts, at = [], 0
    for block in article.blocks:
        starts.append(at)
        at += len(block.text) + len(BLOCK_GAP)
    return starts


def sentences(text: str) -> list[tuple[int, int]]:
    """The sentences of one block of text, as (start, end) offsets, whitespace outside them."""
    spans: list[tuple[int, int]] = []
    start = len(text) - len(text.lstrip())
    for match in _END.finditer(text):
        end = match.end()
        word = text[start:end].rsplit(None, 1)[-1].rstrip(".").lower()
        if match.group().startswith(".") and (word in _ABBREVIATIONS or len(word) == 1):
            continue
        if text[end:].lstrip()[:1].islower():
            continue
        if end > start:
            spans.append((start, end))
        start = end + len(text[end:]) - len(text[end:].lstrip())
    end = len(text.rstrip())
    if end > start:
        spans.append((start, end))
    return spans


@dataclass(frozen=True, slots=True)
class Anchor:
    """A passage: its quoted text, the text just before and after it, where it started."""

    quote: str
    prefix: str
    suffix: str
    start: int


def make_anchor(text: str, start: int, end: int) -> Anchor:
    """The anchor of text[start:end] (spaces at its ends left out)."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Anchor(
        quote=text[start:end],
        prefix=text[max(0, start - CONTEXT_CHARS) : start],
        suffix=text[end : end + CONTEXT_CHARS],
        start=start,
    )


def locate(text: str, anchor: Anchor) -> tuple[int, int] | None:
    """Where the anchored passage is in text now, as (start, end); None when it is gone."""
    quote = anchor.quote
    if not quote:
        return None
    found = _exact(text, anchor)
    if found is not None:
        return found
    found = _respaced(text, anchor)
    if found is not None:
        return found
    return _fuzzy(text, anchor)


def _context_score(text: str, start: int, end: int, anchor: Anchor) -> int:
    """How many characters of the kept context agree with the text around start..end."""
    before = text[max(0, start - len(anchor.prefix)) : start]
    after = text[end : end + len(anchor.suffix)]
    score = 0
    for a, b in zip(reversed(before), reversed(anchor.prefix), strict=False):
        if a != b:
            break
        score += 1
    for a, b in zip(after, anchor.suffix, strict=False):
        if a != b:
            break
        score += 1
    return score


def _exact(text: str, anchor: Anchor) -> tuple[int, int] | None:
    """The occurrence of the quote whose context agrees best, the nearest its old place of
    those; its old place first when the context is whole there."""
    quote, n = anchor.quote, len(anchor.quote)
    full = len(anchor.prefix) + len(anchor.suffix)
    here = anchor.start, anchor.start + n
    if text.startswith(quote, anchor.start) and _context_score(text, *here, anchor) == full:
        return here
    best: tuple[int, int] | None = None
    best_key: tuple[int, int] | None = None
    at = text.find(quote)
    while at >= 0:
        key = (-_context_score(text, at, at + n, anchor), abs(at - anchor.start))
        if best_key is None or key < best_key:
            best, best_key = (at, at + n), key
        at = text.find(quote, at + 1)
    return best


def _squeeze(text: str) -> tuple[str, list[int]]:
    """text with each run of whitespace made one space, and where each character came from."""
    out: list[str] = []
    origin: list[int] = []
    last = 0
    for match in _SPACE.finditer(text):
        out.append(text[last : match.start()])
        origin.extend(range(last, match.start()))
        out.append(" ")
        origin.append(match.start())
        last = match.end()
    out.append(text[last:])
    origin.extend(range(last, len(text)))
    return "".join(out), origin


def _respaced(text: str, anchor: Anchor) -> tuple[int, int] | None:
    """The quote with its spacing changed (lines joined or broken, spaces doubled)."""
    quote = " ".join(anchor.quote.split())
    if not quote:
        return None
    squeezed, origin = _squeeze(text)
    prefix = " ".join(anchor.prefix.split())
    suffix = " ".join(anchor.suffix.split())
    hint = next((k for k, o in enumerate(origin) if o >= anchor.start), len(squeezed))
    found = _exact(squeezed, Anchor(quote, prefix, suffix, hint))
    if found is None:
        return None
    start, end = found
    return origin[start], origin[end - 1] + 1


def _fuzzy(text: str, anchor: Anchor) -> tuple[int, int] | None:
    """A passage a little edited: between the kept context (or where its first or last words
    still are), alike enough to the quote (FUZZY_RATIO)."""
    quote = anchor.quote
    if len(quote) > FUZZY_MAX_CHARS or len(quote) < 8:
        return None
    candidates: set[tuple[int, int]] = set()
    heads = _all(text, anchor.prefix[-16:]) if len(anchor.prefix) >= 8 else []
    tails = _all(text, anchor.suffix[:16]) if len(anchor.suffix) >= 8 else []
    starts = [at + min(16, len(anchor.prefix)) for at in heads]
    starts += _all(text, quote[:12])
    tail = quote[-12:]
    ends = tails + [at + len(tail) for at in _all(text, tail)]
    span = len(quote)
    for start in starts:
        for end in ends:
            if start < end <= start + 2 * span:
                candidates.add((start, end))
        if not ends:
            candidates.add((start, min(len(text), start + span)))
    best: tuple[float, int, int, int] | None = None
    for start, end in candidates:
        piece = text[start:end].strip()
        if not piece:
            continue
        ratio = SequenceMatcher(None, piece, quote, autojunk=False).ratio()
        key = (ratio, -abs(start - anchor.start), start, end)
        if ratio >= FUZZY_RATIO and (best is None or key > best):
            best = key
    if best is None:
        return None
    start, end = best[2], best[3]
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _all(text: str, needle: str, limit: int = 50) -> list[int]:
    """Where needle occurs in text (at most limit places)."""
    found: list[int] = []
    if not needle:
        return found
    at = text.find(needle)
    while at >= 0 and len(found) < limit:
        found.append(at)
        at = text.find(needle, at + 1)
    return found
