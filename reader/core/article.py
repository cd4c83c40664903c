"""Turn any file into an Article: title, header (byline, fields), blocks (paragraphs,
headings, code, lists, captions), source, date, word count.

Owns Article and ArticleSummary and the reading of files into them: load_article (the whole
file), read_summary (what the list needs: the article's title, source, date and word count),
quick_summary (the first line alone, provisional), and the parsing of text into an Article.
Decoding bytes and cleaning text live in decoding.py, the structure of the text (headings,
preformatted blocks, lists, the header block) in structure.py, the rules for debris, captions,
sources and bylines in debris.py, the dates written in text in dates.py, what may be read (and
why not) in files.py: import their names from there. No Textual import.
Every string an Article carries has been through clean().
"""

from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Literal

from reader.core.dates import file_date, stated_date
from reader.core.decoding import (
    UnreadableError,
    clean,
    decode_bytes,
    trim_utf8_end,
)
from reader.core.files import MAX_FILE_BYTES, check_regular, too_large, unreadable_reason
from reader.core.md_inline import INLINE, TITLE_RULES, strip_markup
from reader.core.piece import Piece
from reader.core.saved_pages import is_html, quick_title
from reader.core.structure import (
    adornment,
    front_matter,
    header_fields,
    markdown_blocks,
    markdown_kind,
    read_header,
    text_pieces,
    underlines,
)

log = logging.getLogger(__name__)

__all__ = [
    "NOT_COUNTED",
    "QUICK_TITLE_BYTES",
    "TEXT_KINDS",
    "TITLE_MAX_CHARS",
    "WORDS_PER_MINUTE",
    "Article",
    "ArticleSummary",
    "Block",
    "BlockKind",
    "is_markdown",
    "load_article",
    "parse_text",
    "quick_summary",
    "read_summary",
    "reading_minutes",
    "summary_of",
    "unreadable_summary",
]

WORDS_PER_MINUTE = 230
NOT_COUNTED = -1  # the words of a provisional summary: not counted yet (never an estimate)
TITLE_MAX_CHARS = 200  # a longer first line is a paragraph, not a title
QUICK_TITLE_BYTES = 1024  # how much of a file the first, quick listing reads


def reading_minutes(words: int) -> int:
    """Minutes to read so many words: at least 1, and 0 only for no words."""
    return max(1, round(words / WORDS_PER_MINUTE)) if words > 0 else 0


BlockKind = Literal["paragraph", "heading", "code", "list", "caption"]
TEXT_KINDS = ("paragraph", "heading", "code", "list")  # the article's own words (not captions)


@dataclass(frozen=True, slots=True)
class Block:
    """One piece of the body in reading order.

    A paragraph's text is reflowed (one line, whitespace collapsed); a heading's too, with its
    level (1 the highest). Code is preformatted: its lines as written, common indentation
    removed. A list holds one item a line, each with its marker ("- ", "2. "), nested items
    indented. A caption is a photo's caption or credit."""

    kind: BlockKind
    text: str
    level: int = 0


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
    byline: str | None = None  # who wrote it: the header's Author field, names only
    header: tuple[tuple[str, str], ...] = ()  # the header's other fields (status, type, ...)
    cut: str | None = None  # what part of a huge file this is ("its first 5,000 blocks")
    links: tuple[tuple[str, str], ...] = ()  # a web page's links (text, target): last block

    @property
    def paragraphs(self) -> tuple[str, ...]:
        return tuple(b.text for b in self.blocks if b.kind == "paragraph")

    @property
    def captions(self) -> tuple[str, ...]:
        return tuple(b.text for b in self.blocks if b.kind == "caption")

    @property
    def body_text(self) -> str:
        """The article's own text, every block but captions (headings, paragraphs, lists,
        code), joined by blank lines: what the index reads and snippets quote."""
        return "\n\n".join(b.text for b in self.blocks if b.kind in TEXT_KINDS)


@dataclass(frozen=True, slots=True)
class ArticleSummary:
    """What the list needs of a file, cheap to compute and to cache."""

    path: str
    title: str
    source: str | None
    date: float  # POSIX timestamp: stated date when found, else mtime
    words: int  # NOT_COUNTED in a provisional summary
    size: int
    mtime: float
    error: str | None = None

    @property
    def date_stated(self) -> bool:
        """Whether the date is one the article states (summary_of), not its file's time."""
        return self.date != self.mtime

    @property
    def provisional(self) -> bool:
        """Made from the file's first line alone (quick_summary): the title is a guess, the
        date the file's time, the words not counted; read_summary gives the article's own."""
        return self.words < 0


# ---------------------------------------------------------------------------------------
# Parsing

_FIRST_TEXT = re.compile(r"\S")
_MD_HEADING = re.compile(r"^#{1,6}(?:\s+|$)|\s+#+$")
_MD_SETEXT = re.compile(r"[ \t]*(?:=+|-+)[ \t]*")
_BLOCK_KINDS: dict[str, BlockKind] = {
    "paragraph": "paragraph",
    "heading": "heading",
    "code": "code",
    "list": "list",
    "caption": "caption",
    "credit": "caption",
}


def parse_text(
    text: str,
    *,
    path: Path | None = None,
    mtime: float | None = None,
    markdown: bool = False,
    size: int = 0,
    max_blocks: int | None = None,
    cut: str | None = None,
) -> Article:
    """Decoded text of an article -> Article (title, header, blocks, source, date, words).

    With max_blocks, only the first max_blocks blocks are read (their cost is bounded: a file
    of 100,000 headings took 77 s to lay out), and cut says so; cut also passes on a cut
    made before (the text's first characters only)."""
    text = clean(text)
    fields: list[tuple[str, str]] = []
    matter = front_matter(text)
    if matter is not None:
        fields, text = matter
    named = next((v for k, v in fields if k.casefold() == "title" and v), None)
    if _FIRST_TEXT.search(text) is None:
        title = _shorten(named, 80) if named else _fallback_title(path)
        return _empty(title, path, mtime, size, markdown="" if markdown else None)
    title, body = _split_title(text, markdown)
    if named:
        if title.casefold() != named.casefold():
            body = text  # the first line is the article's, not a repeated title
        title = _shorten(named, 80) if len(named) > TITLE_MAX_CHARS else named
    if not title:
        title = _fallback_title(path)

    pieces = _markdown_pieces(body, max_blocks) if markdown else text_pieces(body)
    if max_blocks is not None and len(pieces) > max_blocks:
        del pieces[max_blocks:]
        cut = f"its first {max_blocks:,} blocks"
    if not fields and pieces and pieces[0].kind == "paragraph":
        lines = pieces[0].raw.split("\n")
        if markdown:
            lines = [strip_markup(line, TITLE_RULES) for line in lines]
        read = header_fields(lines)
        if read is not None:
            fields = read
            del pieces[0]
    header = read_header(fields, title)
    # debris's patterns (20-50 ms to compile) at the first article parsed, not at every start
    from reader.core.debris import classify

    found = classify(pieces)
    date = header.date or found.dateline or stated_date(pieces)
    kept = [p for p in pieces if p.kind != "removed"]
    blocks = tuple(Block(_BLOCK_KINDS.get(p.kind, "paragraph"), p.text, p.level) for p in kept)
    return Article(
        title=title,
        blocks=blocks,
        source=found.source or header.source or found.fallback_source,
        date=date or file_date(mtime),
        date_stated=date is not None,
        word_count=sum(p.words for p in kept if p.kind in TEXT_KINDS),
        path=path,
        markdown="\n\n".join(p.raw for p in kept) if markdown else None,
        size=size,
        byline=header.byline or found.byline,
        header=header.rest,
        cut=cut,
    )


def _split_title(text: str, markdown: bool) -> tuple[str, str]:
    """The title (the first line with text) and the body after it.

    An underline under the title, and in plain text an overline over it too (reST), belongs
    to the title. A first line too long for a title is the article itself: it stays in the
    body and a shortened copy is the title."""
    first = _FIRST_TEXT.search(text)
    start = 0 if first is None else text.rfind("\n", 0, first.start()) + 1
    lines = text[start:].split("\n", 3)
    lines += [""] * (4 - len(lines))
    mark = None if markdown else adornment(lines[0])
    if mark is not None and adornment(lines[2]) == mark and adornment(lines[1]) is None:
        title_line, used = lines[1], 3  # === / Title / ===
    else:
        title_line, used = lines[0], 1
    title = " ".join(title_line.split())
    under = lines[used]
    if markdown:
        title = " ".join(strip_markup(_MD_HEADING.sub("", title), TITLE_RULES).split())
        if under and _MD_SETEXT.fullmatch(under):
            used += 1
    elif used == 1 and adornment(under) is not None and underlines(under.strip(), title):
        used += 1
    if len(title) > TITLE_MAX_CHARS:
        return _shorten(title, 80), text[start:]
    body_start = start
    for _ in range(used):
        end = text.find("\n", body_start)
        body_start = len(text) if end < 0 else end + 1
    return title, text[body_start:]


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


def _markdown_pieces(body: str, limit: int | None = None) -> list[Piece]:
    """The blocks of a Markdown body; with limit, one more than limit at most (a cut to say)."""
    pieces: list[Piece] = []
    for raw in markdown_blocks(body):
        if limit is not None and len(pieces) > limit:
            break
        kind, level, code = markdown_kind(raw)
        text = code if code is not None else " ".join(strip_markup(raw, INLINE).split())
        if text.strip():
            pieces.append(Piece(raw, text, len(text.split()), kind, level))
    return pieces


def is_markdown(path: Path | str) -> bool:
    """True for Markdown files (by suffix)."""
    return Path(path).suffix.lower() in (".md", ".markdown")


def load_article(path: Path, *, chars: int | None = None, blocks: int | None = None) -> Article:
    """Read and parse one file; never raises: problems come back as Article.error.

    With chars, only the text's first `chars` characters are parsed (to a line's end, else a
    word's: _cut): what the search index needs of a huge file, at a bounded cost (a file of
    100,000 headings took 5 s to parse whole); with blocks, only its first `blocks` blocks are
    kept (what the article view can show at a bounded cost). Article.cut says what was kept."""
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
        if is_html(path.name):  # a saved web page: its article, as a reader view reads it
            from reader.core.html_article import html_article  # (it imports this module)

            return html_article(data, path, mtime, chars=chars, blocks=blocks)
        text = decode_bytes(data)
        cut = None
        if chars is not None and len(text) > chars:
            text = text[: _cut(text, chars)]
            cut = f"its first {chars:,} characters"
        return parse_text(
            text,
            path=path,
            mtime=mtime,
            markdown=is_markdown(path),
            size=len(data),
            max_blocks=blocks,
            cut=cut,
        )
    except (OSError, UnreadableError) as exc:  # what a file can do: the list says why
        return _empty(_name_title(path.name), path, mtime, size, error=unreadable_reason(exc))
    except Exception as exc:  # a bad file must never take the app down, even by our mistake
        return _empty(_name_title(path.name), path, mtime, size, error=_our_mistake(path, exc))


def _cut(text: str, chars: int) -> int:
    """Where to cut text to at most chars characters: at a line's end, or where a word ends
    when the last line's end is in the first half (a first line, then one 6 MB line, kept
    only the first line: the rest of the article was neither indexed nor quoted)."""
    end = text.rfind("\n", 0, chars)
    if end > chars // 2:
        return end
    space = max(text.rfind(" ", 0, chars), end)
    return space if space > 0 else chars


def read_summary(path: str, size: int, mtime: float) -> ArticleSummary:
    """Title, source, date and word count of a file for the list: the article's own.

    The whole file is parsed, whatever its size, so the list counts words by the article's
    one rule (Article.word_count) and "longest first" sorts by the number the article shows.
    It costs what indexing the file costs anyway, once: the catalog caches the summary.
    """
    return summary_of(load_article(Path(path)), path, size, mtime)


def summary_of(article: Article, path: str, size: int, mtime: float) -> ArticleSummary:
    """The list's summary of an article parsed whole (of the file at path, by its stat)."""
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
    return Article(title, (), None, file_date(mtime), False, 0, path, markdown, error, size)


def _our_mistake(path: Path, exc: Exception) -> str:
    """Log a mistake of reader's on one file, with its traceback; the reason the list gives
    (which does not blame the file)."""
    log.error("Reading %s failed on an unexpected error", path, exc_info=exc)
    return f"reader failed on it ({type(exc).__name__}; see the log)"


def _name_title(name: str) -> str:
    """The title of a file that cannot be read: its cleaned name."""
    return " ".join(clean(name).split()) or "Untitled"


def unreadable_summary(path: str, size: int, mtime: float, reason: str) -> ArticleSummary:
    """The list entry of a file that cannot be read: its cleaned name and the reason."""
    title = _name_title(os.path.basename(path))
    return ArticleSummary(path, title, None, mtime, 0, size, mtime, error=reason)


def quick_summary(path: str, size: int, mtime: float) -> ArticleSummary:
    """A provisional summary from the first line alone (date = mtime, words NOT_COUNTED).

    Cheap enough to list 10,000 new files in a fraction of a second; read_summary later
    replaces it with the real title, source, stated date and word count. Until then the list
    shows its figures as not known, never a guess.
    """
    try:
        with open(path, "rb") as f:
            head = f.read(QUICK_TITLE_BYTES)
        if size > QUICK_TITLE_BYTES:
            head = trim_utf8_end(head)
        text = decode_bytes(head)
    except (OSError, UnreadableError) as exc:  # what a file can do: the list says why
        return unreadable_summary(path, size, mtime, unreadable_reason(exc))
    except Exception as exc:  # a bad file must never take the app down, even by our mistake
        return unreadable_summary(path, size, mtime, _our_mistake(Path(path), exc))
    text = clean(text)
    matter = front_matter(text)  # a title in it is the article's (as parse_text reads it)
    named = next((v for k, v in matter[0] if k.casefold() == "title" and v), "") if matter else ""
    title = " ".join(named.split())
    for line in (matter[1] if matter else text).split("\n"):
        if title:
            break
        title = " ".join(line.split())
    if is_html(path):  # a saved web page: its <title>, as far as the first bytes hold it
        title = quick_title(text)
    elif is_markdown(path) and not named:
        title = _MD_HEADING.sub("", title).strip()
    title = _shorten(title, 120) or _fallback_title(Path(path))
    return ArticleSummary(path, title, None, mtime, NOT_COUNTED, size, mtime)
