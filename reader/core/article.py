"""Turn any file into an Article: decoding, title, paragraphs, captions, source, date, debris.

Pure functions; no Textual import. Every string an Article carries has been through clean().
"""

from __future__ import annotations

import codecs
import errno
import os
import re
import stat
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Literal

WORDS_PER_MINUTE = 230
MAX_FILE_BYTES = 50 * 1024 * 1024  # bigger files are listed as unreadable, with the reason
SUMMARY_WHOLE_BYTES = 64 * 1024  # read_summary parses files up to this size completely
SUMMARY_HEAD_BYTES = 16 * 1024
SUMMARY_TAIL_BYTES = 4 * 1024
BYTES_PER_WORD = 6  # estimate of words in a file too big to read for the list
SNIFF_BYTES = 8192  # how much of a file the binary checks look at

SHORT_BLOCK_CHARS = 200  # only blocks shorter than this can be debris, source or caption
CAPTION_MAX_WORDS = 30
CAPTION_NEIGHBOUR_MAX_WORDS = 15
TITLE_MAX_CHARS = 200  # a longer first line is a paragraph, not a title
DATE_SEARCH_BLOCKS = 3  # blocks at each end of the body searched for a stated date
DATE_UNLABELLED_LEAD = 60  # an unlabelled date counts only this near a block's start


class UnreadableError(Exception):
    """A file that cannot be shown as text; str(exc) is the reason, for the user."""


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
    def reading_minutes(self) -> int:
        return max(1, round(self.word_count / WORDS_PER_MINUTE)) if self.word_count else 0

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
# Patterns as data. Debris, source and date-line rules are matched against a WHOLE short
# block (fullmatch, case-insensitive), so a paragraph that merely mentions "source" or
# "about the author" in a sentence is never touched.


def _whole(pattern: str) -> re.Pattern[str]:
    """Compile a rule that must cover a whole block, trailing punctuation allowed."""
    return re.compile(rf"(?:{pattern})[\s.!:…»›→↑▲^>|]*", re.IGNORECASE)


DEBRIS_PATTERNS: tuple[re.Pattern[str], ...] = (
    _whole(r"source link"),  # the scraper's link back to the original page
    _whole(r"about (?:the|this) author"),  # heading of an author box
    _whole(r"(?:scroll|back) to top"),  # page navigation button
    _whole(r"share (?:this|the) (?:article|story|post|page)(?: (?:on|via) .{1,40})?"),  # widget
    # share buttons: "Share on Facebook", "Share Twitter LinkedIn Email"
    _whole(r"share(?: on)? (?:facebook|twitter|x|linkedin|whatsapp|email|reddit)\b.{0,60}"),
    # newsletter box: "Sign up for our newsletter", "Subscribe to the daily newsletter"
    _whole(r"(?:sign up|subscribe)(?: now)? (?:for|to) (?:our|the)\b.{0,60}?newsletters?\b.{0,80}"),
    _whole(r"click here(?: (?:to|for)\b.{0,100})?"),  # call to action
    _whole(r"advertisement|advertising|sponsored(?: content)?"),  # ad slot label
    # link lists: "Related:", "Related stories: <headline>"
    _whole(r"related(?: (?:articles?|stories|posts?|content|reading|coverage))?\s*:.{0,160}"),
    _whole(r"follow us\b.{0,80}"),  # social links
    _whole(r"(?:©|\(c\)|copyright)\s*©?\s*\d{4}\b.{0,120}"),  # copyright footer
    _whole(r"(?:.{0,120}[.,;]\s*)?all rights reserved"),  # copyright footer, sentence of its own
    # teaser links: "Read more", "Read more: <headline>", "Read more about ..."
    _whole(
        r"read (?:more|next)(?:\s*[:\-–—].{0,120}| (?:about|on|from|stories|articles)\b.{0,80})?"
    ),
    _whole(r"continue reading\b.{0,80}"),  # teaser link
    _whole(r"(?:photo|image|picture|video|gallery)s?"),  # a media label left without its media
    _whole(r"leave a (?:comment|reply)|(?:show |view )?\d* ?comments?"),  # comment widget
    _whole(r"(?:print|email|tweet|pin it)(?: this (?:article|story|page))?"),  # tool buttons
    _whole(r"tags?\s*:.{0,200}"),  # tag list
    _whole(r"skip to (?:main )?content|listen to this article|\d+ min(?:ute)?s? read"),
)

# A source line is debris too, but its named group "source" becomes Article.source.
_NAME = r"[A-Z0-9][\w.&'’-]*(?:\s+(?:[A-Z0-9&][\w.&'’-]*|of|the|and|for|de|du))*"
SOURCE_PATTERNS: tuple[re.Pattern[str], ...] = (
    # "This article was originally published on NBCNews.com", "First appeared in The Atlantic"
    _whole(
        r"(?:(?:this|the) (?:article|story|post|piece) (?:(?:was|is|has been) )?|it )?"
        r"(?:originally|first) (?:published|appeared|posted|ran) (?:on|at|in|by) "
        r"(?P<source>\S.{0,78}?)"
    ),
    _whole(r"source\s*:\s*(?P<source>\S.{0,78}?)"),  # "Source: Reuters"
    re.compile(rf"(?i:via)\s*:?\s+(?P<source>{_NAME})[\s.]*"),  # "via Reuters" alone on a line
)

# Photo credits: a short block that ENDS with one of these is a caption (re.search).
CAPTION_PATTERNS: tuple[re.Pattern[str], ...] = (
    # "(Andrew Harnik / Getty Images)", "(AP Photo/Evan Vucci)": a name, a slash, a name
    re.compile(r"\([^()]{0,80}/\s?[A-Z][^()]{0,80}\)[\s.]*$"),
    # "(Reuters)", "(Getty Images)", "(File photo)", "(Courtesy of the family)"
    re.compile(
        r"\((?:AP|AFP|EPA|Reuters|Getty Images|Shutterstock|Bloomberg|File(?: photo)?"
        r"|Courtesy\b[^()]{0,60}|Photo\b[^()]{0,60}|Image\b[^()]{0,60}|Credit\b[^()]{0,60})\)[\s.]*$",
        re.IGNORECASE,
    ),
    # "Photo by Jane Doe", "Image: NASA", "Credit: Jane Doe", at the start or after a sentence
    re.compile(
        r"(?:^|[.!?]\s+)(?:photo(?:graph)?s? by|(?:photo|image|picture|credit)s?\s*:)\s*\S.{0,80}$",
        re.IGNORECASE,
    ),
    # "... / Getty Images", "Joe Biden. Getty Images"
    re.compile(r"(?:^|[./|:,—–-]\s*)(?:Getty Images|Shutterstock|AP Photo|Reuters|AFP)[\s.]*$"),
)

_MONTH = (
    r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
# A stated date needs a year: "Oct. 4." alone is not a date of publication.
DATE_PATTERNS: tuple[re.Pattern[str], ...] = (
    re.compile(r"\b(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?![\d-])"),  # 2024-11-17
    re.compile(rf"\b{_MONTH}\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>\d{{4}})\b", re.I),
    re.compile(rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH},?\s+(?P<y>\d{{4}})\b", re.I),
)
_YEAR = re.compile(r"\d{4}")
_DATE_LABEL = re.compile(
    r"\b(?:published|updated|posted|modified|date[d]?)\b(?:\s+on)?\s*:?\s*$", re.IGNORECASE
)
# What may surround the dates of a line that is only a dateline ("Updated: Nov. 17, 2024, 3:05 PM")
_DATELINE_REST = re.compile(
    r"(?:(?:last\s+)?(?:published|updated|posted|modified|dated?)\b|\bon\b|\bat\b"
    r"|\d{1,2}:\d{2}(?::\d{2})?|[ap]\.?m\b\.?|\b(?:utc|gmt|e[sd]t|p[sd]t|c[sd]t|bst|cest?|et|pt)\b"
    r"|[\s|•·,:;\-–—.()])*",
    re.IGNORECASE,
)
_MONTH_NUMBERS = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}

# Leading bytes of common binary formats. A signature with a non-text byte decides alone;
# a text-like one ("GIF89a", "%PDF-") only names the reason once the file proves binary.
BINARY_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "zip archive"),
    (b"\x1f\x8b", "gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "7z archive"),
    (b"\x7fELF", "executable"),
    (b"MZ", "Windows executable"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"OggS", "Ogg media"),
    (b"ID3", "MP3 audio"),
    (b"\x1aE\xdf\xa3", "Matroska video"),
    (b"wOFF", "web font"),
)

# ---------------------------------------------------------------------------------------
# Decoding

_UTF32_BOMS = ((b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be"))
_UTF16_BOMS = ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))
# cp1252 as a charmap; the five bytes it leaves undefined decode as latin-1 (C1 controls).
_CP1252_CHARS = "".join(
    bytes([b]).decode("cp1252", errors="replace").replace("\ufffd", chr(b)) for b in range(256)
)
# Control characters that do not occur in text (TAB, LF, VT, FF, CR, BS, BEL, ESC do).
_BINARY_CONTROL = re.compile("[\x00-\x06\x0e-\x1a\x1c-\x1f\x7f\x80-\x9f]")
_SURROGATE_RUN = re.compile("[\udc80-\udcff]+")


def decode_bytes(data: bytes) -> str:
    """Bytes of a text file in any common encoding -> str with LF line ends, or UnreadableError."""
    if not data:
        return ""
    kind = _signature(data)
    if kind is not None and _decisive(kind):
        raise UnreadableError(f"binary file ({kind[1]})")
    codec = _unicode_codec(data)
    if codec is not None:
        name, skip = codec
        text = data[skip:].decode(name, errors="replace")
    elif b"\x00" in data[:SNIFF_BYTES]:
        raise UnreadableError(f"binary file ({kind[1] if kind else 'contains NUL bytes'})")
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = _decode_legacy(data)
        if text.startswith("\ufeff"):
            text = text[1:]
    sample = text[:SNIFF_BYTES]
    controls = len(_BINARY_CONTROL.findall(sample))
    if controls > max(3, len(sample) // 10):
        raise UnreadableError(f"binary file ({kind[1] if kind else 'control characters'})")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _signature(data: bytes) -> tuple[bytes, str] | None:
    for signature in BINARY_SIGNATURES:
        if data.startswith(signature[0]):
            return signature
    return None


def _decisive(kind: tuple[bytes, str]) -> bool:
    return any(b < 0x20 or b > 0x7E for b in kind[0])


def _unicode_codec(data: bytes) -> tuple[str, int] | None:
    """The UTF-16/32 codec of data (by BOM, or by NUL pattern for UTF-16) and the BOM length."""
    for bom, name in _UTF32_BOMS + _UTF16_BOMS:
        if data.startswith(bom):
            return name, len(bom)
    sample = data[:SNIFF_BYTES]
    pairs = len(sample) // 2
    if pairs == 0:
        return None
    even_nuls = sample[0 : 2 * pairs : 2].count(0)
    odd_nuls = sample[1 : 2 * pairs : 2].count(0)
    # ASCII in UTF-16: every other byte is NUL, the others almost never are.
    if odd_nuls * 2 > pairs and even_nuls * 10 <= odd_nuls:
        return "utf-16-le", 0
    if even_nuls * 2 > pairs and odd_nuls * 10 <= even_nuls:
        return "utf-16-be", 0
    return None


def _decode_legacy(data: bytes) -> str:
    """Invalid UTF-8: cp1252 (latin-1 where cp1252 is undefined), per byte or for the file."""
    mixed = data.decode("utf-8", errors="surrogateescape")
    valid = mixed.encode("utf-8", errors="ignore").decode("utf-8")
    invalid_bytes = len(mixed) - len(valid)
    valid_non_ascii = len(valid) - len(valid.encode("ascii", errors="ignore"))
    if invalid_bytes > valid_non_ascii:
        return codecs.charmap_decode(data, "strict", _CP1252_CHARS)[0]
    # Mostly UTF-8 with a few stray legacy bytes: decode only those bytes as cp1252.
    return _SURROGATE_RUN.sub(
        lambda m: codecs.charmap_decode(
            m.group().encode("utf-8", "surrogateescape"), "strict", _CP1252_CHARS
        )[0],
        mixed,
    )


# ---------------------------------------------------------------------------------------
# Cleaning

_NEWLINE_CHARS = re.compile("[\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")  # treated as line ends
_ESCAPE_SEQUENCE = re.compile(
    "\x1b\\[[0-?]*[ -/]*[@-~]"  # CSI: colours, cursor moves, erase
    "|\x9b[0-?]*[ -/]*[@-~]"  # CSI, 8-bit form
    # OSC / DCS / SOS / PM / APC with their payload, up to BEL or ST
    "|(?:\x1b[\\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c\n]{0,4096}(?:\x07|\x1b\\\\|\x9c)"
    "|\x1b[ -/]*[0-~]"  # any other ESC sequence: ESC 7, ESC ( B, ESC c
)
_ASCII_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f]")  # C0 but TAB and LF, and DEL
_REMOVED_CHARS = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f"  # C0 but TAB and LF, DEL, C1
    "\u00ad\u200b\u2060\ufeff"  # soft hyphen, zero-width space, word joiner, stray BOM
    "\u202a-\u202e\u2066-\u2069]"  # bidi embeddings, overrides and isolates (spoofing)
)
_SURROGATES = re.compile("[\ud800-\udfff]")  # lone surrogates: not encodable, crash a write
ODD_SPACES = ("\u00a0", "\u2007", "\u202f")  # no-break spaces, shown as plain spaces


def clean(text: str) -> str:
    """Remove control characters, escape sequences and bidi overrides; NBSP -> space."""
    # Fast paths matter: every article passes through here when listed and indexed.
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x1b" in text or "\x9b" in text or "\x9d" in text or "\x90" in text:
        text = _ESCAPE_SEQUENCE.sub("", text)
    if text.isascii():
        if _ASCII_CONTROLS.search(text) is None:
            return text
        return _ASCII_CONTROLS.sub("", _NEWLINE_CHARS.sub("\n", text))
    text = _NEWLINE_CHARS.sub("\n", text)
    text = _REMOVED_CHARS.sub("", text)
    text = _SURROGATES.sub("", text)
    for space in ODD_SPACES:
        if space in text:
            text = text.replace(space, " ")
    return text


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


@dataclass(slots=True)
class _Piece:
    """A body block while it is being classified."""

    raw: str  # the block as written (Markdown source for .md files)
    text: str  # whitespace collapsed, markup stripped
    words: int
    kind: str = "paragraph"  # paragraph | caption | credit | removed


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
        return Article(
            title=_fallback_title(path),
            blocks=(),
            source=None,
            date=_mtime_date(mtime),
            date_stated=False,
            word_count=0,
            path=path,
            markdown="" if markdown else None,
            size=size,
        )
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
    source, dateline = _classify(pieces)
    date = dateline or _stated_date(pieces)
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


def _text_pieces(body: str) -> list[_Piece]:
    pieces = []
    for raw in _BLOCK_BREAK.split(body):
        words = raw.split()
        if words:
            pieces.append(_Piece(raw.strip("\n"), " ".join(words), len(words)))
    return pieces


def _markdown_pieces(body: str) -> list[_Piece]:
    pieces = []
    for raw in _markdown_blocks(body):
        image = _MD_IMAGE_ONLY.fullmatch(raw)
        words = _strip_markup(raw, _MD_INLINE).split()
        if words:
            piece = _Piece(raw, " ".join(words), len(words))
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


def _classify(pieces: list[_Piece]) -> tuple[str | None, datetime | None]:
    """Mark debris, source lines, datelines and captions; return (source, dateline date)."""
    source: str | None = None
    dateline: datetime | None = None
    for piece in pieces:
        text = piece.text
        if len(text) >= SHORT_BLOCK_CHARS:
            continue
        found = _match_source(text)
        if found is not None:
            piece.kind = "removed"
            source = source or found
        elif _DEBRIS.fullmatch(text):
            piece.kind = "removed"
        elif (when := _dateline(text)) is not None:
            piece.kind = "removed"
            dateline = dateline or when
        elif (
            piece.kind == "paragraph" and piece.words <= CAPTION_MAX_WORDS and _CAPTION.search(text)
        ):
            piece.kind = "credit"
    # A short fragment right beside a credited photo caption describes the same photo.
    kept = [p for p in pieces if p.kind != "removed"]
    for i, piece in enumerate(kept):
        if piece.kind != "paragraph" or piece.words > CAPTION_NEIGHBOUR_MAX_WORDS:
            continue
        neighbours = kept[max(0, i - 1) : i] + kept[i + 1 : i + 2]
        if any(n.kind == "credit" for n in neighbours):
            piece.kind = "caption"
    return source, dateline


_CAPTION = re.compile(
    "|".join(
        f"(?i:{p.pattern})" if p.flags & re.IGNORECASE else f"(?:{p.pattern})"
        for p in CAPTION_PATTERNS
    )
)
_DEBRIS = re.compile("|".join(f"(?:{p.pattern})" for p in DEBRIS_PATTERNS), re.IGNORECASE)


def _match_source(text: str) -> str | None:
    for rule in SOURCE_PATTERNS:
        match = rule.fullmatch(text)
        if match:
            value = match.group("source").strip(" .\"'“”‘’")
            if value:
                return value
    return None


def _dates(text: str) -> list[tuple[re.Match[str], datetime]]:
    if _YEAR.search(text) is None:  # every stated date has a year; most blocks have none
        return []
    found = []
    for rule in DATE_PATTERNS:
        for match in rule.finditer(text):
            when = _to_date(match)
            if when is not None:
                found.append((match, when))
    found.sort(key=lambda item: item[0].start())
    return found


def _to_date(match: re.Match[str]) -> datetime | None:
    groups = match.groupdict()
    month = _MONTH_NUMBERS[groups["mon"][:3].lower()] if groups.get("mon") else int(groups["m"])
    try:
        year = int(groups["y"])
        if not 1900 <= year <= 2100:
            return None
        return datetime(year, month, int(groups["d"]))
    except ValueError:
        return None


def _dateline(text: str) -> datetime | None:
    """The date of a block that is nothing but a dateline ("Published Nov. 17, 2024")."""
    found = _dates(text)
    if not found:
        return None
    rest = text
    for match, _ in reversed(found):
        rest = rest[: match.start()] + " " + rest[match.end() :]
    return found[0][1] if _DATELINE_REST.fullmatch(rest) else None


def _stated_date(pieces: list[_Piece]) -> datetime | None:
    """A date stated in the first or last few blocks, labelled or near a block's start."""
    count = DATE_SEARCH_BLOCKS
    candidates = pieces[:count] + pieces[max(count, len(pieces) - count) :]
    for piece in candidates:
        for match, when in _dates(piece.text[:1000]):
            before = piece.text[max(0, match.start() - 40) : match.start()]
            if match.start() < DATE_UNLABELLED_LEAD or _DATE_LABEL.search(before):
                return when
    return None


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
        _check_regular(st)
        with open(path, "rb") as f:
            data = f.read(MAX_FILE_BYTES + 1)
        if len(data) > MAX_FILE_BYTES:
            raise UnreadableError(_too_large(len(data)))
        text = decode_bytes(data)
        return parse_text(text, path=path, mtime=mtime, markdown=is_markdown(path), size=len(data))
    except (OSError, UnreadableError) as exc:
        return _unreadable(path, _reason(exc), size, mtime)
    except Exception as exc:  # a bad file must never take the app down
        return _unreadable(path, f"cannot be read ({type(exc).__name__})", size, mtime)


def read_summary(path: str, size: int, mtime: float) -> ArticleSummary:
    """Title, source, date and word count of a file for the list; cheap for big files."""
    file = Path(path)
    try:
        if size <= SUMMARY_WHOLE_BYTES:
            article = load_article(file)
            if article.error is not None:
                return _unreadable_summary(path, size, mtime, article.error)
            words = article.word_count
        else:
            st = os.stat(file)
            _check_regular(st)
            with open(file, "rb") as f:
                head = f.read(SUMMARY_HEAD_BYTES)
                tail_offset = max(len(head), st.st_size - SUMMARY_TAIL_BYTES)
                f.seek(tail_offset)
                tail = f.read(SUMMARY_TAIL_BYTES)
            text = _decode_ends(head, tail, tail_offset)
            article = parse_text(text, path=file, mtime=mtime, markdown=is_markdown(file))
            words = size // BYTES_PER_WORD
    except (OSError, UnreadableError) as exc:
        return _unreadable_summary(path, size, mtime, _reason(exc))
    except Exception as exc:  # a bad file must never take the app down
        return _unreadable_summary(path, size, mtime, f"cannot be read ({type(exc).__name__})")
    date = mtime
    if article.date_stated and article.date is not None:
        try:
            date = article.date.timestamp()
        except (OverflowError, OSError, ValueError):
            date = mtime
    return ArticleSummary(path, article.title, article.source, date, words, size, mtime)


def _decode_ends(head: bytes, tail: bytes, tail_offset: int) -> str:
    """Decode the first and last bytes of a big file, cut anywhere, as one text."""
    codec = _unicode_codec(head)
    if codec is not None:
        text = decode_bytes(head)
        unit = 4 if codec[0].startswith("utf-32") else 2
        tail = tail[(-tail_offset) % unit :]
        tail_text = tail.decode(codec[0], errors="replace")
        tail_text = tail_text.replace("\r\n", "\n").replace("\r", "\n")
    else:
        text = decode_bytes(_trim_utf8_end(head))
        try:
            tail_text = decode_bytes(_trim_utf8_start(tail))
        except UnreadableError:
            tail_text = ""
    return text + "\n\n" + tail_text


def _trim_utf8_end(data: bytes) -> bytes:
    """Drop a UTF-8 sequence cut off at the end of data."""
    for back in range(1, min(4, len(data)) + 1):
        byte = data[-back]
        if byte & 0xC0 == 0xC0:  # lead byte: is its sequence complete?
            needed = 2 if byte < 0xE0 else 3 if byte < 0xF0 else 4
            return data[:-back] if back < needed else data
        if byte & 0xC0 != 0x80:  # ASCII
            return data
    return data


def _trim_utf8_start(data: bytes) -> bytes:
    """Drop continuation bytes of a UTF-8 sequence cut off at the start of data."""
    skip = 0
    while skip < min(3, len(data)) and data[skip] & 0xC0 == 0x80:
        skip += 1
    return data[skip:]


def _check_regular(st: os.stat_result) -> None:
    if stat.S_ISDIR(st.st_mode):
        raise IsADirectoryError
    if not stat.S_ISREG(st.st_mode):
        raise UnreadableError("not a regular file")
    if st.st_size > MAX_FILE_BYTES:
        raise UnreadableError(_too_large(st.st_size))


def _too_large(size: int) -> str:
    return f"file too large ({size / 1024 / 1024:.0f} MB, limit {MAX_FILE_BYTES // 2**20} MB)"


def _reason(exc: Exception) -> str:
    if isinstance(exc, UnreadableError):
        return str(exc)
    if isinstance(exc, FileNotFoundError):
        if exc.filename is not None and os.path.islink(exc.filename):
            return "broken link (its target is missing)"
        return "file not found"
    if isinstance(exc, OSError) and exc.errno == errno.ELOOP:
        return "symlink loop"
    if isinstance(exc, PermissionError):
        return "permission denied"
    if isinstance(exc, IsADirectoryError):
        return "is a directory"
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror.lower()
    return f"cannot be read ({type(exc).__name__})"


def _unreadable(path: Path, reason: str, size: int, mtime: float | None) -> Article:
    return Article(
        title=" ".join(clean(path.name).split()) or "Untitled",
        blocks=(),
        source=None,
        date=_mtime_date(mtime),
        date_stated=False,
        word_count=0,
        path=path,
        error=reason,
        size=size,
    )


def unreadable_summary(path: str, size: int, mtime: float, reason: str) -> ArticleSummary:
    """The list entry of a file that cannot be read: its cleaned name and the reason."""
    return _unreadable_summary(path, size, mtime, reason)


def _unreadable_summary(path: str, size: int, mtime: float, reason: str) -> ArticleSummary:
    title = " ".join(clean(os.path.basename(path)).split()) or "Untitled"
    return ArticleSummary(path, title, None, mtime, 0, size, mtime, error=reason)


QUICK_TITLE_BYTES = 1024  # how much of a file the first, quick listing reads


def quick_summary(path: str, size: int, mtime: float) -> ArticleSummary:
    """A provisional summary from the first line alone (date = mtime, words estimated).

    Cheap enough to list 10,000 new files in a fraction of a second; read_summary later
    replaces it with the real source, stated date and word count.
    """
    try:
        with open(path, "rb") as f:
            head = f.read(QUICK_TITLE_BYTES)
        if size > QUICK_TITLE_BYTES:
            head = _trim_utf8_end(head)
        text = decode_bytes(head)
    except (OSError, UnreadableError) as exc:
        return _unreadable_summary(path, size, mtime, _reason(exc))
    except Exception as exc:  # a bad file must never take the app down
        return _unreadable_summary(path, size, mtime, f"cannot be read ({type(exc).__name__})")
    title = ""
    for line in clean(text).split("\n"):
        title = " ".join(line.split())
        if title:
            break
    if is_markdown(path):
        title = _MD_HEADING.sub("", title).strip()
    title = _shorten(title, 120) or _fallback_title(Path(path))
    return ArticleSummary(path, title, None, mtime, size // BYTES_PER_WORD, size, mtime)
