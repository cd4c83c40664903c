"""The article's elements -> blocks of text as the app shows an article: headings, paragraphs,
lists, code, tables (a row a line, cells between bars, in aligned columns when they are
short), captions; a link's text stays in
its sentence and its target is kept for the list at the end; an image shows as its caption,
or its alt text when it has none."""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass, field
from urllib.parse import urljoin

from reader.core.html.content import BLOCKS, HEADINGS, Pass, text_of
from reader.core.html.select import is_data_table
from reader.core.html.tree import El

MAX_LINKS = 300  # the links listed at the end of one article
TABLE_CELL_MAX = 40  # a table whose cells are all this short is shown as aligned columns
_SPACE = re.compile(r"\s+")
_BREAK = "\x00"  # a <br> inside a run of inline text
# Blocks read as paragraphs of their own (their inline text between them is one, too).
_CONTAINERS = BLOCKS | {"body", "center", "html"}


@dataclass
class Rendered:
    blocks: list[tuple[str, str, int]] = field(default_factory=list)  # kind, text, level
    links: list[tuple[str, str]] = field(default_factory=list)  # text, target


class _Renderer:
    def __init__(self, p: Pass, base: str) -> None:
        self.p = p
        self.base = base
        self.out = Rendered()
        self.run: list[str] = []
        self.seen_links: set[str] = set()
        self.data_tables: dict[int, bool] = {}

    def flush(self, kind: str = "paragraph") -> None:
        text = "".join(self.run)
        self.run.clear()
        for part in text.split(_BREAK + _BREAK) if kind == "paragraph" else [text]:
            line = _SPACE.sub(" ", part.replace(_BREAK, " ")).strip()
            if line:
                self.out.blocks.append((kind, line, 0))

    def emit(self, kind: str, text: str, level: int = 0) -> None:
        if text.strip():
            self.out.blocks.append((kind, text, level))

    def link(self, el: El, text: str) -> None:
        href = el.get("href").strip()
        if not href or href.startswith(("#", "javascript:", "mailto:", "data:")):
            return
        try:
            target = urljoin(self.base, href) if self.base else href
        except ValueError:
            return
        text = " ".join(text.split())
        if text and target not in self.seen_links and len(self.out.links) < MAX_LINKS:
            self.seen_links.add(target)
            self.out.links.append((text, target))

    def walk(self, el: El) -> None:
        """Write el's content: inline text into the current run, blocks as blocks."""
        for kid in el.kids:
            if isinstance(kid, str):
                self.run.append(kid)
            elif id(kid) not in self.p.gone:
                self.node(kid)

    def node(self, el: El) -> None:
        tag = el.tag
        if tag in HEADINGS:
            self.flush()
            self.emit("heading", text_of(el, self.p.gone), int(tag[1]))
        elif tag == "pre":
            self.flush()
            self.emit("code", textwrap.dedent(el.text().replace("\t", "    ")).strip("\n"))
        elif tag in ("ul", "ol"):
            self.flush()
            self.emit("list", "\n".join(self.items(el, 0)))
        elif tag == "table":
            self.flush()
            self.table(el)
        elif tag == "figcaption":
            self.flush()
            self.emit("caption", text_of(el, self.p.gone))
        elif tag == "img":
            alt = " ".join(el.get("alt").split())
            if _describes(alt) and not _captioned(el):
                self.flush()
                self.emit("caption", alt)
        elif tag == "br":
            self.run.append(_BREAK)
        elif tag == "hr":
            self.flush()
        elif tag in _CONTAINERS:
            self.flush()
            self.walk(el)
            self.flush()
        elif tag == "a":
            start = len(self.run)
            self.walk(el)
            self.link(el, "".join(self.run[start:]).replace(_BREAK, " "))
        else:
            self.walk(el)

    def items(self, el: El, depth: int) -> list[str]:
        """A list's items, one a line, each with its marker; nested lists indented."""
        lines: list[str] = []
        number = _start(el)
        for kid in el.kids:
            if not isinstance(kid, El) or id(kid) in self.p.gone:
                continue
            if kid.tag in ("ul", "ol"):
                lines.extend(self.items(kid, depth + 1))
                continue
            marker = f"{number}. " if el.tag == "ol" else "- "
            number += 1
            nested = [k for k in kid.elements() if k.tag in ("ul", "ol") and k is not kid]
            gone = self.p.gone | {id(k) for k in nested}
            self._links_in(kid)
            text = text_of(kid, gone)
            if text:
                lines.append("  " * depth + marker + text)
            for inner in nested:
                if inner.parent is not None and not any(
                    _under(inner, other) for other in nested if other is not inner
                ):
                    lines.extend(self.items(inner, depth + 1))
        return lines

    def _links_in(self, el: El) -> None:
        for inner in el.elements():
            if inner.tag == "a" and id(inner) not in self.p.gone:
                self.link(inner, text_of(inner, self.p.gone))

    def table(self, el: El) -> None:
        data = self.data_tables.get(id(el))
        if data is None:
            data = self.data_tables[id(el)] = is_data_table(el)
        if not data:
            self.walk(el)
            self.flush()
            return
        rows: list[list[str]] = []
        for row in el.elements():
            if row.tag == "caption" and id(row) not in self.p.gone:
                self.emit("caption", text_of(row, self.p.gone))
            if row.tag != "tr" or id(row) in self.p.gone:
                continue
            cells = [
                text_of(cell, self.p.gone)
                for cell in row.kids
                if isinstance(cell, El) and cell.tag in ("td", "th")
            ]
            self._links_in(row)
            if any(cells):
                rows.append(cells)
        if rows and max(len(cell) for cells in rows for cell in cells) <= TABLE_CELL_MAX:
            self.emit("code", _aligned(rows))
        else:  # cells of prose: a row a paragraph
            for cells in rows:
                self.emit("paragraph", " | ".join(c for c in cells if c))


def _aligned(rows: list[list[str]]) -> str:
    """A table's rows as lines, each column as wide as its widest cell, between bars."""
    widths: list[int] = []
    for cells in rows:
        for n, cell in enumerate(cells):
            if n == len(widths):
                widths.append(0)
            widths[n] = max(widths[n], len(cell))
    lines = (" | ".join(cell.ljust(widths[n]) for n, cell in enumerate(cells)) for cells in rows)
    return "\n".join(line.rstrip() for line in lines)


_FILE_NAME = re.compile(r"\S+\.(?:jpe?g|png|gif|webp|svg|avif|bmp|tiff?)$", re.I)


def _describes(alt: str) -> bool:
    """Whether an image's alt text says what it shows (not "IMG_3886.JPG", "logo", "")."""
    return " " in alt and _FILE_NAME.search(alt) is None


def _start(el: El) -> int:
    try:
        return int(el.get("start") or 1)
    except ValueError:
        return 1


def _under(el: El, other: El) -> bool:
    node = el.parent
    while node is not None:
        if node is other:
            return True
        node = node.parent
    return False


def _captioned(img: El) -> bool:
    node, depth = img.parent, 0
    while node is not None and depth < 4:
        if node.tag == "figure":
            return any(k.tag == "figcaption" for k in node.elements())
        node, depth = node.parent, depth + 1
    return False


def render(found: list[El], p: Pass, base: str = "") -> Rendered:
    """The blocks of the article's elements, and the links in them."""
    renderer = _Renderer(p, base)
    for el in found:
        renderer.node(el) if el.tag != "body" else renderer.walk(el)
        renderer.flush()
    return renderer.out
