"""Turn any file into an Article: title, paragraphs, captions, source, date, word count.

Owns Article and ArticleSummary and the reading of files into them: load_article (the whole
file), read_summary (what the list needs: the article's title, source, date and word count),
quick_summary (the first line alone, provisional), and the parsing of text into an Article.
Decoding bytes and cleaning text live in decoding.py, the rules for debris, captions, sources
and dates in debris.py, what may be read (and why not) in files.py; their public names are
importable from here too. No Textual import. Every string an Article carries has been
through clean().
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Literal

from reader.core.debris import (
    CAPTION_MAX_WORDS,
    CAPTION_NEIGHBOUR_MAX_WORDS,
    CAPTION_PATTERNS,
    DATE_PATTERNS,
    DATE_SEARCH_BLOCKS,
    DATE_UNLABELLED_LEAD,
    DEBRIS_PATTERNS,
    SHORT_BLOCK_CHARS,
    SOURCE_PATTERNS,
    Piece,
    classify,
    stated_date,
)
from reader.core.decoding import (
    BINARY_SIGNATURES,
    ODD_SPACES,
    SNIFF_BYTES,
    UnreadableError,
    clean,
    decode_bytes,
    trim_utf8_end,
)
from reader.core.files import MAX_FILE_BYTES, check_regular, too_large, unreadable_reason

__all__ = [
    "BINARY_SIGNATURES",
    "BYTES_PER_WORD",
    "CAPTION_MAX_WORDS",
    "CAPTION_NEIGHBOUR_MAX_WORDS",
    "CAPTION_PATTERNS",
    "DATE_PATTERNS",
    "DATE_SEARCH_BLOCKS",
    "DATE_UNLABELLED_LEAD",
    "DEBRIS_PATTERNS",
    "MAX_FILE_BYTES",
    "ODD_SPACES",
    "QUICK_TITLE_BYTES",
    "SHORT_BLOCK_CHARS",
    "SNIFF_BYTES",
    "SOURCE_PATTERNS",
    "TITLE_MAX_CHARS",
    "WORDS_PER_MINUTE",
    "Article",
    "ArticleSummary",
    "Block",
    "UnreadableError",
    "clean",
    "decode_bytes",
    "is_markdown",
    "load_article",
    "parse_text",
    "quick_summary",
    "read_summary",
    "reading_minutes",
    "unreadable_summary",
]

WORDS_PER_MINUTE = 230
BYTES_PER_WORD = 6  # quick_summary's provisional estimate of words, before read_summary counts
TITLE_MAX_CHARS = 200  # a longer first line is a paragraph, not a title
QUICK_TITLE_BYTES = 1024  # how much of a file the first, quick listing reads


def reading_minutes(words: int) -> int:
    """Minutes to read so many words: at least 1, and 0 only for no words."""
    return max(1, round(words / WORDS_PER_MINUTE)) if words > 0 else 0


@dataclass(frozen=True, slots=True)
class Block:
    """One piece of the body in reading order."""

    kind: Literal["paragraph", "caption"]
    text: str


@dataclass(frozen=True, slots=True)
class Article:
    """A parsed article. All strings are already free of control characters."""

    title: str
    blocks: tuple[Block, ...]
    source: str | None
    date: datetime | None
    date_stated: bool  # True when the date came from the text, False when from mtime
    word_count: int
    path: Path | None = None
    markdown: str | None = None  # the cleaned body as Markdown, for .md files
    error: str | None = None  # set when the file is unreadable; then blocks is empty
    size: int = 0

    @property
    def paragraphs(self) -> tuple[str, ...]:
        return tuple(b.text for b in self.blocks if b.kind == "paragraph")

    @property
    def captions(self) -> tuple[str, ...]:
        return tuple(b.text for b in self.blocks if b.kind == "caption")

    @property
    def body_text(self) -> str:
        """Paragraphs (not captions) joined by blank lines: what the index reads."""
        return "\n\n".join(self.paragraphs)


@dataclass(frozen=True, slots=True)
class ArticleSummary:
    """What the list needs of a file, cheap to compute and to cache."""

    path: str
    title: str
    source: str | None
    date: float  # POSIX timestamp: stated date when found, else mtime
    words: int
    size: int
    mtime: float
    error: str | None = None
    extra: dict[str, str] = field(default_factory=dict)


# ---------------------------------------------------------------------------------------
# Parsing

_BLOCK_BREAK = re.compile(r"\n[ \t]*\n\s*")
_FIRST_TEXT = re.compile(r"\S")
_MD_HEADING = re.compile(r"^#{1,6}(?:\s+|$)|\s+#+$")
_MD_SETEXT = re.compile(r"[ \t]*(?:=+|-+)[ \t]*")
_MD_FENCE = re.compile(r"[ \t]{0,3}(`{3,}|~{3,})")
_MD_IMAGE_ONLY = re.compile(r"\s*!\[([^\]\n]*)\]\([^)\n]*\)\s*")
# (rule, replacement, characters without which the rule cannot match: a cheap skip)
_MD_INLINE: tuple[tuple[re.Pattern[str], str, str], ...] = (
    (re.compile(r"^[ \t]{0,3}(?:`{3,}|~{3,}).*$", re.M), "", "`~"),  # fence lines
    (re.compile(r"^[ \t]{0,3}\[[^\]\n]+\]:\s+\S.*$", re.M), "", "]"),  # link reference definitions
    (re.compile(r"!?\[([^\]\n]*)\]\([^)\n]*\)"), r"\1", "]"),  # [text](url), ![alt](url)
    (re.compile(r"^[ \t]{0,3}#{1,6}[ \t]+|[ \t]+#+[ \t]*$", re.M), "", "#"),  # ATX headings
    (re.compile(r"^[ \t]*>[ \t]?", re.M), "", ">"),  # block quotes
    (re.compile(r"^[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+", re.M), "", "-*+.)"),  # list markers
    (re.compile(r"^[ \t]*(?:[-*_][ \t]*){3,}$", re.M), "", "-*_"),  # rules, setext underlines
    (re.compile(r"^[ \t]*=+[ \t]*$", re.M), "", "="),  # setext underlines
    (re.compile(r"</?[A-Za-z][^<>\n]{0,200}>"), "", "<"),  # inline HTML tags
    (re.compile(r"\*\*|__|~~|`|(?<!\w)[*_]+|[*_]+(?!\w)"), "", "*_~`"),  # emphasis, code
)


def _strip_markup(text: str, rules: tuple[tuple[re.Pattern[str], str, str], ...]) -> str:
    """Markdown -> plain text, good enough for word counts and the index."""
    for rule, replacement, needs in rules:
        if any(c in text for c in needs):
            text = rule.sub(replacement, text)
    return text


def parse_text(
    text: str,
    *,
    path: Path | None = None,
    mtime: float | None = None,
    markdown: bool = False,
    size: int = 0,
) -> Article:
    """Decoded text of an article -> Article (title, blocks, source, date, word count)."""
    text = clean(text)
    first = _FIRST_TEXT.search(text)
    if first is None:
        return _empty(_fallback_title(path), path, mtime, size, markdown="" if markdown else None)
    line_start = text.rfind("\n", 0, first.start()) + 1
    line_end = text.find("\n", first.start())
    if line_end < 0:
        line_end = len(text)
    title = " ".join(text[line_start:line_end].split())
    body = text[line_end + 1 :]
    if markdown:
        title = _MD_HEADING.sub("", title)
        title = _strip_markup(title, _MD_INLINE[2:])
        title = " ".join(title.split())
        next_line_end = body.find("\n")
        next_line = body if next_line_end < 0 else body[:next_line_end]
        if next_line and _MD_SETEXT.fullmatch(next_line):
            body = "" if next_line_end < 0 else body[next_line_end + 1 :]
    if len(title) > TITLE_MAX_CHARS:
        # One huge first line is the article itself: keep it as body, shorten it for a title.
        body = text[line_start:]
        title = _shorten(title, 80)
    if not title:
        title = _fallback_title(path)

    pieces = _markdown_pieces(body) if markdown else _text_pieces(body)
    source, dateline = classify(pieces)
    date = dateline or stated_date(pieces)
    kept = [p for p in pieces if p.kind != "removed"]
    blocks = tuple(
        Block("caption" if p.kind in ("caption", "credit") else "paragraph", p.text) for p in kept
    )
    return Article(
        title=title,
        blocks=blocks,
        source=source,
        date=date or _mtime_date(mtime),
        date_stated=date is not None,
        word_count=sum(p.words for p in kept if p.kind == "paragraph"),
        path=path,
        markdown="\n\n".join(p.raw for p in kept) if markdown else None,
        size=size,
    )


def _fallback_title(path: Path | None) -> str:
    if path is not None:
        stem = " ".join(clean(path.stem).split())
        if stem:
            return stem
    return "Untitled"


def _shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > limit // 2 else limit].rstrip() + "…"


def _text_pieces(body: str) -> list[Piece]:
    pieces = []
    for raw in _BLOCK_BREAK.split(body):
        words = raw.split()
        if words:
            pieces.append(Piece(raw.strip("\n"), " ".join(words), len(words)))
    return pieces


def _markdown_pieces(body: str) -> list[Piece]:
    pieces = []
    for raw in _markdown_blocks(body):
        image = _MD_IMAGE_ONLY.fullmatch(raw)
        words = _strip_markup(raw, _MD_INLINE).split()
        if words:
            piece = Piece(raw, " ".join(words), len(words))
            if image:
                piece.kind = "caption"
            pieces.append(piece)
    return pieces


def _markdown_blocks(body: str) -> list[str]:
    """Markdown split at blank lines, except inside code fences."""
    blocks: list[str] = []
    current: list[str] = []
    fence: str | None = None
    for line in body.split("\n"):
        marker = _MD_FENCE.match(line)
        if fence is not None:
            current.append(line)
            if marker and marker.group(1)[0] == fence[0] and len(marker.group(1)) >= len(fence):
                fence = None
        elif marker:
            fence = marker.group(1)
            current.append(line)
        elif line.strip():
            current.append(line)
        elif current:
            blocks.append("\n".join(current))
            current = []
    if current:
        blocks.append("\n".join(current))
    return blocks


def _mtime_date(mtime: float | None) -> datetime | None:
    if mtime is None:
        return None
    try:
        return datetime.fromtimestamp(mtime)
    except (OverflowError, OSError, ValueError):
        return None


# ---------------------------------------------------------------------------------------
# Files


def is_markdown(path: Path | str) -> bool:
    """True for Markdown files (by suffix)."""
    return Path(path).suffix.lower() in (".md", ".markdown")


def load_article(path: Path) -> Article:
    """Read and parse one file; never raises: problems come back as Article.error."""
    size = 0
    mtime: float | None = None
    try:
        st = os.stat(path)
        size, mtime = st.st_size, st.st_mtime
        check_regular(st)
        with open(path, "rb") as f:
            data = f.read(MAX_FILE_BYTES + 1)
        if len(data) > MAX_FILE_BYTES:
            raise UnreadableError(too_large(len(data)))
        text = decode_bytes(data)
        return parse_text(text, path=path, mtime=mtime, markdown=is_markdown(path), size=len(data))
    except Exception as exc:  # a bad file must never take the app down
        return _empty(_name_title(path.name), path, mtime, size, error=unreadable_reason(exc))


def read_summary(path: str, size: int, mtime: float) -> ArticleSummary:
    """Title, source, date and word count of a file for the list: the article's own.

    The whole file is parsed, whatever its size, so the list counts words by the article's
    one rule (Article.word_count) and "longest first" sorts by the number the article shows.
    It costs what indexing the file costs anyway, once: the catalog caches the summary.
    """
    article = load_article(Path(path))
    if article.error is not None:
        return unreadable_summary(path, size, mtime, article.error)
    date = mtime
    if article.date_stated and article.date is not None:
        try:
            date = article.date.timestamp()
        except (OverflowError, OSError, ValueError):
            date = mtime
    words = article.word_count
    return ArticleSummary(path, article.title, article.source, date, words, size, mtime)


def _empty(
    title: str,
    path: Path | None,
    mtime: float | None,
    size: int,
    *,
    markdown: str | None = None,
    error: str | None = None,
) -> Article:
    """An article without a body: an empty file, or (with error) one that cannot be read."""
    return Article(title, (), None, _mtime_date(mtime), False, 0, path, markdown, error, size)


def _name_title(name: str) -> str:
    """The title of a file that cannot be read: its cleaned name."""
    return " ".join(clean(name).split()) or "Untitled"


def unreadable_summary(path: str, size: int, mtime: float, reason: str) -> ArticleSummary:
    """The list entry of a file that cannot be read: its cleaned name and the reason."""
    title = _name_title(os.path.basename(path))
    return ArticleSummary(path, title, None, mtime, 0, size, mtime, error=reason)


def quick_summary(path: str, size: int, mtime: float) -> ArticleSummary:
    """A provisional summary from the first line alone (date = mtime, words estimated).

    Cheap enough to list 10,000 new files in a fraction of a second; read_summary later
    replaces it with the real source, stated date and word count.
    """
    try:
        with open(path, "rb") as f:
            head = f.read(QUICK_TITLE_BYTES)
        if size > QUICK_TITLE_BYTES:
            head = trim_utf8_end(head)
        text = decode_bytes(head)
    except Exception as exc:  # a bad file must never take the app down
        return unreadable_summary(path, size, mtime, unreadable_reason(exc))
    title = ""
    for line in clean(text).split("\n"):
        title = " ".join(line.split())
        if title:
            break
    if is_markdown(path):
        title = _MD_HEADING.sub("", title).strip()
    title = _shorten(title, 120) or _fallback_title(Path(path))
    return ArticleSummary(path, title, None, mtime, size // BYTES_PER_WORD, size, mtime)
