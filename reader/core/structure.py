"""The structure of an article's body: paragraphs, headings, preformatted text, lists, header.

Plain text (.txt) is read the way reStructuredText and most plain-text writing lay it out:
- a line underlined (or over- and underlined) with a run of one punctuation character
  (=== --- ~~~ ^^^ ...) is a heading; such a run on its own is a transition and shows nothing;
- a block whose every line is indented deeper than the body's text is preformatted (code, a
  quotation set by hand); so is a table drawn with borders: never reflowed;
- a block that starts with a bullet or a number is a list, an item per marker;
- anything else is a paragraph, reflowed to the pane.
Markdown (.md) keeps its own structure (fences, `#` headings, indented code): only the kind of
each block is read here. A header block, `Key: value` lines right after the title (a PEP's
header, an e-mail's, Markdown front matter), is metadata: `header_fields` reads it.

Every pattern here sees one line (or one short value) at a time, and none can backtrack
(no nested quantifiers that overlap): the time is linear in the text.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime

from reader.core.dates import field_date
from reader.core.piece import Piece

CODE_INDENT = 2  # columns deeper than the body's text that make a block preformatted
HEADING_MAX_CHARS = 120  # a longer underlined line is not a heading
FIELD_KEY_MAX_CHARS = 30
FIELD_PROSE_WORDS = 12  # a longer value ending like a sentence is prose, not a header field
FRONT_MATTER_MAX_LINES = 100
MAX_BLANK_LINES_IN_CODE = 2

# A run of one punctuation character: a heading's underline or overline, or a transition.
_ADORNMENT = re.compile(r"([=\-~^*+#\"`':._<>])\1{2,}")
# The border of a simple table (===  ===) or a grid table (+---+---+).
_TABLE_BORDER = re.compile(r"[=\-]{2,}(?: +[=\-]{2,})+|\+(?:[-=]+\+)+")
# A list item's marker: a bullet, "1." "1)" "(1)" or "#.", then the item's text.
_LIST_ITEM = re.compile(r"(?:[-*+•‣◦▪]|\d{1,3}[.)]|\(\d{1,3}\)|#\.)[ \t]+(?=\S)")
# One header field: "Key: value" (a key of up to four words), or a key with nothing after it.
_FIELD = re.compile(
    r"(?P<key>[A-Za-z][A-Za-z0-9]*(?:[-_ ][A-Za-z0-9]+){0,3})[ \t]*:(?:[ \t]+(?P<value>.*))?"
)
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*$")
_MD_FENCE = re.compile(r"[ \t]{0,3}(`{3,}|~{3,})")
_MD_ATX = re.compile(r"[ \t]{0,3}(#{1,6})(?:[ \t]+|$)")
_MD_SETEXT = re.compile(r"[ \t]{0,3}(?:=+|-+)[ \t]*")
_MD_IMAGE_ONLY = re.compile(r"\s*!\[([^\[\]\n]*)\]\(((?:[^()\s]|\([^()\s]*\))*)\)\s*")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _has_text(line: str) -> bool:
    return any(c.isalnum() for c in line)


def adornment(line: str) -> str | None:
    """The character of a line that is only a run of one punctuation character."""
    stripped = line.strip()
    return stripped[0] if _ADORNMENT.fullmatch(stripped) else None


def underlines(mark: str, text: str) -> bool:
    """Whether a run of punctuation is long enough to underline text (reST asks for all of
    the text's length; a little less is allowed)."""
    return len(mark) >= max(3, (7 * len(text) + 9) // 10)


def _runs(lines: list[str]) -> Iterator[tuple[int, list[str]]]:
    """Runs of non-blank lines, each with the number of blank lines before it."""
    run: list[str] = []
    blanks = 0
    for line in lines:
        if line.strip():
            run.append(line)
        elif run:
            yield blanks, run
            run, blanks = [], 1
        else:
            blanks += 1
    if run:
        yield blanks, run


def _dedent(lines: list[str]) -> str:
    """Lines without their common indentation and trailing blanks, blank lines kept."""
    depth = min((_indent(line) for line in lines if line.strip()), default=0)
    out = [line[depth:].rstrip() if line.strip() else "" for line in lines]
    return "\n".join(out).strip("\n")


def _piece(raw: str, text: str, kind: str = "paragraph", level: int = 0) -> Piece:
    return Piece(raw, text, len(text.split()), kind, level)


def _list_item(line: str) -> bool:
    return _LIST_ITEM.match(line.lstrip()) is not None and _has_text(line)


def _list_text(lines: list[str]) -> str:
    """A list's items, one a line: the marker kept, the item's lines joined, nesting indented."""
    column = _indent(lines[0])
    items: list[list[str]] = []
    for line in lines:
        depth = _indent(line)
        if not items or (_list_item(line) and depth >= column):
            items.append([" " * max(0, depth - column)])
        items[-1].append(line.strip())
    return "\n".join(item[0] + " ".join(" ".join(item[1:]).split()) for item in items)


def _segment_pieces(lines: list[str], base: int) -> list[Piece]:
    """A run of lines without headings: preformatted, a list, or a paragraph (and a list)."""
    raw = "\n".join(lines)
    if all(_indent(line) >= base + CODE_INDENT for line in lines) or any(
        _TABLE_BORDER.fullmatch(line.strip()) for line in lines
    ):
        return [_piece(raw, _dedent(lines), "code")]
    if _list_item(lines[0]):
        return [_piece(raw, _list_text(lines), "list")]
    # "Some text:" then items, without a blank line between: a paragraph, then the list.
    for n in range(1, len(lines)):
        line = lines[n]
        if _indent(line) < base + CODE_INDENT and _list_item(line):
            if lines[n - 1].rstrip().endswith(":"):
                head, tail = lines[:n], lines[n:]
                text = " ".join(" ".join(head).split())
                list_piece = _piece("\n".join(tail), _list_text(tail), "list")
                return [_piece("\n".join(head), text), list_piece]
            break
    return [_piece(raw, " ".join(raw.split()))]


def text_pieces(body: str) -> list[Piece]:
    """The blocks of a plain-text body, each with its kind (see the module's docstring)."""
    lines = body.expandtabs(8).split("\n")
    base = min((_indent(line) for line in lines if line.strip()), default=0)
    levels: dict[tuple[str, bool], int] = {}  # heading styles in order of appearance (reST)
    pieces: list[Piece] = []
    code: list[str] = []  # the lines of a block of indented runs: blank lines do not end it

    def heading(text: str, style: tuple[str, bool], raw: str) -> None:
        level = levels.setdefault(style, len(levels) + 1)
        pieces.append(_piece(raw, " ".join(text.split()), "heading", level))

    def end_code() -> None:
        if code:
            pieces.append(_piece("\n".join(code), _dedent(code), "code"))
            code.clear()

    for blanks, run in _runs(lines):
        if all(_indent(line) >= base + CODE_INDENT for line in run):
            if code:
                code.extend([""] * min(blanks, MAX_BLANK_LINES_IN_CODE))
            code.extend(run)
            continue
        end_code()
        start = i = 0
        while i < len(run):
            mark = adornment(run[i])
            if mark is None:
                text = run[i].strip()
                under = adornment(run[i + 1]) if i + 1 < len(run) else None
                if (
                    under is not None
                    and _indent(run[i]) < base + CODE_INDENT
                    and len(text) <= HEADING_MAX_CHARS
                    and underlines(run[i + 1].strip(), text)
                ):
                    if start < i:
                        pieces.extend(_segment_pieces(run[start:i], base))
                    heading(text, (under, False), "\n".join(run[i : i + 2]))
                    i += 2
                    start = i
                else:
                    i += 1
                continue
            # An overline, its text, the underline: a heading; a lone run: a transition.
            if start < i:
                pieces.extend(_segment_pieces(run[start:i], base))
            if i + 2 < len(run) and adornment(run[i + 2]) == mark and adornment(run[i + 1]) is None:
                text = run[i + 1].strip()
                if text and len(text) <= HEADING_MAX_CHARS and underlines(run[i].strip(), text):
                    heading(text, (mark, True), "\n".join(run[i : i + 3]))
                    i += 3
                    start = i
                    continue
            i += 1
            start = i
        if start < len(run):
            pieces.extend(_segment_pieces(run[start:], base))
    end_code()
    _literal_markers(pieces)
    return pieces


def _literal_markers(pieces: list[Piece]) -> None:
    """reST's "text::" before a preformatted block reads "text:" (and a lone "::" nothing)."""
    for n, piece in enumerate(pieces[:-1]):
        if piece.kind in ("paragraph", "list") and piece.text.endswith("::"):
            if pieces[n + 1].kind != "code":
                continue
            text = piece.text[:-2]
            text = text.rstrip() if text[-1:].isspace() or not text else text + ":"
            piece.text = text
            piece.words = len(text.split())
    pieces[:] = [p for p in pieces if p.text]


# ---------------------------------------------------------------------------------------
# Markdown


def markdown_blocks(body: str) -> list[str]:
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


def markdown_kind(raw: str) -> tuple[str, int, str | None]:
    """(kind, heading level, the text of a code block) of one Markdown block.

    The kind is code (fenced, or every line indented four columns), heading (`#` or
    underlined), caption (an image alone) or paragraph; the text of the others is the block
    with its markup stripped, made by the caller."""
    lines = raw.split("\n")
    fence = _MD_FENCE.match(lines[0])
    if fence:
        closed = len(lines) > 1 and lines[-1].strip().startswith(fence.group(1))
        return "code", 0, _dedent(lines[1 : -1 if closed else None])
    expanded = [line.expandtabs(4) for line in lines]
    if all(_indent(line) >= 4 for line in expanded):
        return "code", 0, _dedent(expanded)
    atx = _MD_ATX.match(lines[0])
    if atx and len(lines) == 1:
        return "heading", len(atx.group(1)), None
    if len(lines) == 2 and _MD_SETEXT.fullmatch(lines[1]) and lines[0].strip():
        return "heading", 1 if "=" in lines[1] else 2, None
    if _MD_IMAGE_ONLY.fullmatch(raw):
        return "caption", 0, None
    return "paragraph", 0, None


# ---------------------------------------------------------------------------------------
# The header


def header_fields(lines: list[str]) -> list[tuple[str, str]] | None:
    """The fields of a header block, or None when the lines are not one.

    A header is two or more `Key: value` lines with different keys, a value going on over
    indented lines; a key is one to four words; a value is not a sentence of prose (so a
    paragraph of dialogue, "Host: Welcome to the show, ...", is not a header)."""
    fields: list[tuple[str, str]] = []
    for line in lines:
        if not line.strip():
            continue
        if line[:1].isspace() and fields:
            key, value = fields[-1]
            fields[-1] = (key, f"{value} {line.strip()}".strip())
            continue
        match = _FIELD.fullmatch(line.rstrip())
        if match is None or len(match.group("key")) > FIELD_KEY_MAX_CHARS:
            return None
        fields.append((match.group("key"), (match.group("value") or "").strip()))
    keys = {key.casefold() for key, _ in fields}
    if len(fields) < 2 or len(keys) < len(fields) or any(len(key) < 2 for key in keys):
        return None
    for _, value in fields:
        if len(value.split()) > FIELD_PROSE_WORDS and _SENTENCE_END.search(value):
            return None
    return [(key, " ".join(value.split())) for key, value in fields]


def front_matter(text: str) -> tuple[list[tuple[str, str]], str] | None:
    """Fields of a front-matter block ("---", `key: value` lines, "---") and the text after it.

    YAML lists under a key ("tags:" then "  - a") are joined into the key's value."""
    if not text.startswith("---\n"):
        return None
    lines = text.split("\n", FRONT_MATTER_MAX_LINES + 1)
    for end in range(1, min(len(lines), FRONT_MATTER_MAX_LINES + 1)):
        if lines[end].rstrip() in ("---", "..."):
            break
    else:
        return None
    items: list[str] = []
    for line in lines[1:end]:
        if line.lstrip().startswith("- ") and items:  # a YAML list: its items after the key
            items[-1] += (" " if items[-1].rstrip().endswith(":") else ", ") + line.strip()[2:]
        else:
            items.append(line)
    fields = header_fields(items)
    if fields is None:
        return None
    fields = [(key, value.strip("\"'")) for key, value in fields]
    return fields, "\n".join(lines[end + 1 :])


# Header fields read into the metadata line, by their key (case-folded).
BYLINE_KEYS = frozenset({"author", "authors", "by", "byline", "writer", "written by", "creator"})
SOURCE_KEYS = frozenset({"source", "publisher", "publication", "outlet", "site", "site name"})
TITLE_KEYS = frozenset({"title"})
_ADDRESS = re.compile(r"<[^<>\n]*>|\([^()\n]*@[^()\n]*\)|[^\s,;<>()]+@[^\s,;<>()]+")
_WORD = re.compile(r"\w+")
_REST_LINK = re.compile(r"`([^`<\n]*)<[^`>\n]*>`_{1,2}")  # `text <url>`__ -> text


@dataclass(frozen=True, slots=True)
class Header:
    """What a header's fields say: who wrote it, where it comes from, when, and the rest."""

    byline: str | None = None
    source: str | None = None
    date: datetime | None = None
    rest: tuple[tuple[str, str], ...] = ()


def names(value: str) -> str:
    """The names in an Author field: e-mail addresses gone, one ", " between names."""
    parts = (" ".join(part.split()) for part in _ADDRESS.sub(" ", value).split(","))
    return ", ".join(part for part in parts if part)


def field_value(value: str) -> str:
    """A field's value for reading: reST links as their text."""
    if "`" in value:
        value = _REST_LINK.sub(lambda m: m.group(1).strip(), value)
    return " ".join(value.split())


def _folded_words(text: str) -> str:
    return " ".join(_WORD.findall(text.casefold()))


def read_header(fields: list[tuple[str, str]], title: str) -> Header:
    """The byline, source and date a header states, and its other fields, except one that
    only repeats the title ("PEP: 8" above "PEP 8 – Style Guide for Python Code")."""
    byline = source = None
    dated = field_date(fields)
    date_key, date = dated if dated is not None else (None, None)
    rest = []
    folded_title = f" {_folded_words(title)} "
    for key, value in fields:
        folded = key.casefold()
        if folded in BYLINE_KEYS and byline is None:
            byline = names(value) or None
        elif folded in SOURCE_KEYS and source is None and value:
            source = value
        elif folded in TITLE_KEYS or key == date_key:
            continue
        elif value and f" {_folded_words(f'{key} {value}')} " not in folded_title:
            rest.append((key, field_value(value)))
    return Header(byline, source, date, tuple(rest))


# ---------------------------------------------------------------------------------------
# Headings, for moving through a long article


def outline_depths(levels: Sequence[int]) -> list[int]:
    """Each heading's depth in a contents list, 0 the outermost: its level's rank among the
    levels the article uses, so headings that start at `##` are not all set in, and a level
    skipped (`##` then `####`) leaves no gap."""
    ranks = {level: n for n, level in enumerate(sorted(set(levels)))}
    return [ranks[level] for level in levels]


def _letters(text: str) -> str:
    """Only the letters and digits of text, case folded: what a heading is recognised by."""
    return "".join(c for c in text.casefold() if c.isalnum())


HEADING_KEY_CHARS = 8  # how much of a line's letters index it in heading_lines


def heading_lines(
    lines: Sequence[str], headings: Sequence[str], start: int = 0
) -> list[int | None]:
    """Where each heading starts among lines of laid-out text (Markdown as rendered: framed,
    centred or wrapped over several lines), the headings in the order they come.

    A heading starts on a line at or after start and after the previous heading's line, that
    opens a block (the line before it has no letters), and whose letters are the heading's; or,
    wrapped, the first of the heading's letters, the next line's going on with the rest. None
    for a heading not found (the ones after it are still looked for). Each line is read once,
    and each heading costs a lookup, however long the text."""
    keys = [_letters(line) for line in lines]
    index: dict[str, list[int]] = {}
    for n in range(start, len(lines)):
        if keys[n] and (n == start or not keys[n - 1]):
            index.setdefault(keys[n][:HEADING_KEY_CHARS], []).append(n)
    found: list[int | None] = []
    after = start
    for heading in headings:
        key = _letters(heading)
        best: int | None = None
        for size in range(1, min(len(key), HEADING_KEY_CHARS) + 1):
            # Lines of fewer letters than HEADING_KEY_CHARS are indexed whole: one lookup
            # finds those that are the heading's first `size` letters; longer ones share
            # their first letters with the heading and are checked in turn.
            positions = index.get(key[:size], [])
            for n in positions[bisect_left(positions, after) :]:
                if best is not None and n >= best:
                    break
                line = keys[n]
                following = keys[n + 1] if n + 1 < len(keys) else ""
                two = line + following
                if line == key or (
                    following and key.startswith(line) and two[: len(key)] == key[: len(two)]
                ):
                    best = n
                    break
                if len(line) < HEADING_KEY_CHARS:
                    break  # the others in this list have the same letters
        found.append(best)
        if best is not None:
            after = best + 1
    return found
