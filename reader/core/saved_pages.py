"""Which files are saved web pages (by name), and a page's title from its first bytes: what
the article reader and the quick listing ask of every file, kept apart from the HTML parser
(reader/core/html/, selectolax), which is imported only when a page is read whole."""

from __future__ import annotations

import html
import re

from reader.core.decoding import clean

__all__ = ["HTML_SUFFIXES", "is_html", "plain_title", "quick_title"]

HTML_SUFFIXES = (".html", ".htm", ".xhtml")
_TITLE = re.compile(r"<title[^>]*>([^<]*)", re.I)
# What sets a site's name off in a <title>: " | Site", " - Site", " » Section", " / Site".
_TITLE_SEPARATOR = re.compile(r" [|\-–—\\/>»] ")


def is_html(name: str) -> bool:
    """Whether a file is a saved web page, by its name."""
    return name.lower().endswith(HTML_SUFFIXES)


def quick_title(head: str) -> str:
    """A page's <title> from its first bytes, without the site's name ("" when not there);
    cleaned (an entity can be an escape: &#27;)."""
    found = _TITLE.search(head)
    return plain_title(" ".join(clean(html.unescape(found.group(1))).split())) if found else ""


def plain_title(title: str) -> str:
    """A <title> without the site's name: what runs up to its last separator ("Headline -
    Part 2 | Site"), or after its first when that leaves under three words ("Site | A
    Headline"); the title as it is when either leaves under three words."""
    separators = list(_TITLE_SEPARATOR.finditer(title))
    if not separators:
        return title
    kept = title[: separators[-1].start()]
    if len(kept.split()) < 3:
        kept = title[separators[0].end() :]
    return kept.strip() if len(kept.split()) >= 3 else title
