"""What a tag may be: a tag as it is kept, and the tags typed together ("war, Ukraine").
Pure string handling, for the store of tags (tags.py) and the `tag:` words of a query
(search/parsed.py).
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["HIGHLIGHTED", "TAG_MAX_CHARS", "normalize_tag", "parse_tags", "tag_word"]

TAG_MAX_CHARS = 40
# What a query's `has:highlights` keeps to, read as a tag every article with highlights has
# (core.highlights.WithHighlights): a comma is never in a tag, so no tag is named so.
HIGHLIGHTED = ",highlights"
_SPACES = re.compile(r"\s+")
_NOT_IN_A_TAG = re.compile(r'["\\,]')  # a quote, a backslash or a comma never is


def normalize_tag(text: str) -> str:
    """A tag as it is kept: lowercase, spaces inside it made hyphens, no control characters,
    quotes or commas, no `|` (it narrows a query: read as a space), at most TAG_MAX_CHARS
    characters; "" when nothing is left."""
    text = unicodedata.normalize("NFC", text)
    text = "".join(c for c in text if c.isprintable() or c.isspace())
    text = _NOT_IN_A_TAG.sub("", text).replace("|", " ")
    tag = "-".join(_SPACES.split(text.strip().lower()))
    return tag[:TAG_MAX_CHARS].strip("-")


def parse_tags(text: str) -> list[str]:
    """The tags typed in text, separated by commas ("war, Ukraine" is two), normalised, each
    once, in order."""
    found: list[str] = []
    for part in text.split(","):
        tag = normalize_tag(part)
        if tag and tag not in found:
            found.append(tag)
    return found


def tag_word(tag: str, *, excluded: bool = False) -> str:
    """The query word that names a tag: 'tag:war', '-tag:war', 'has:highlights'."""
    word = "has:highlights" if tag == HIGHLIGHTED else f"tag:{tag}"
    return f"-{word}" if excluded else word
