"""Saved web pages (.html, .htm) read as articles, as a reader view reads them.

extract(data) gives a page's title, byline, site name, date, address, the article's blocks
and the links in it. The steps live beside this: tree.py (bytes -> text -> a tree of what is
visible, bounded in depth), meta.py (what the page says of itself), content.py and select.py
(which part is the article, by rules of shape), render.py (the article -> blocks of text).
No Textual; every string is cleaned by the caller (article.py) like any article's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urljoin, urlsplit

from reader.core.html.content import text_of
from reader.core.html.meta import read_meta
from reader.core.html.render import render
from reader.core.html.select import select
from reader.core.html.tree import MAX_ELEMENTS, decode_page, parse_page

__all__ = [
    "MAX_MARKUP",
    "Extracted",
    "extract",
]

# A page's markup read at most (and tree.MAX_ELEMENTS elements): its cost grows with its
# elements (45 MB of paragraphs took 30 s), and no article is that long; inline images (data:
# addresses) are taken out first.
MAX_MARKUP = 8_000_000
_DATA_URI = re.compile(r"data:[^\s\"'()<>]{256,}")
_BY = re.compile(r"^by\b[:\s]*", re.I)


@dataclass
class Extracted:
    title: str
    byline: str
    source: str
    date: datetime | None
    url: str
    blocks: list[tuple[str, str, int]] = field(default_factory=list)  # kind, text, level
    links: list[tuple[str, str]] = field(default_factory=list)  # text, target
    cut: str | None = None  # what part of the page was read, when not all of it


def extract(data: bytes) -> Extracted:
    """A saved page's article: never raises on any markup (UnreadableError from decoding a
    file that is not text, as for any article)."""
    markup = _DATA_URI.sub("data:", decode_page(data))  # inline images: megabytes, no text
    cut = None
    if len(markup) > MAX_MARKUP:
        markup, cut = markup[:MAX_MARKUP], f"its first {MAX_MARKUP:,} characters of markup"
    page = parse_page(markup)
    if page.cut:
        cut = f"its first {MAX_ELEMENTS:,} elements"
    meta = read_meta(page)
    found, p = select(page.body)
    out = render(found, p, _join(meta.url, page.base))
    title = meta.title
    if meta.title_from_head and not 15 <= len(title) <= 150:
        # no headline in the metadata and a <title> too short or too long for one: the
        # page's one <h1>, when it has exactly one
        ones = [h for h in page.body.elements() if h.tag == "h1"]
        text = text_of(ones[0], set()) if len(ones) == 1 else ""
        title = text or title
    blocks = out.blocks
    for i, (kind, text, _level) in enumerate(blocks[:4]):
        if kind == "heading" and _similar(text, title) > 0.75:
            del blocks[i]  # the headline, shown as the title
            break
    if len(title) > 20:  # an image described as "Illustration for article titled <title>"
        folded = title.casefold()
        blocks[:] = [b for b in blocks if b[0] != "caption" or folded not in b[1].casefold()]
    byline = _BY.sub("", (meta.byline or p.byline).strip(" —–-|,:;·•"))
    source = meta.site or _host(meta.url)
    return Extracted(title, byline, source, meta.date, meta.url, blocks, out.links, cut)


def _similar(a: str, b: str) -> float:
    """How much of b's words a holds (1.0: all of them)."""
    words_a = a.lower().split()
    words_b = b.lower().split()
    if not words_a or not words_b:
        return 0.0
    shared = set(words_a) & set(words_b)
    return len(shared) / max(len(set(words_a)), len(set(words_b)))


def _join(url: str, base: str) -> str:
    """The address relative links start from: the <base href> (itself perhaps relative to
    the page's address), else the page's address."""
    if not base:
        return url
    try:
        return urljoin(url, base)
    except ValueError:
        return url


def _host(url: str) -> str:
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return ""
    return host.removeprefix("www.")
