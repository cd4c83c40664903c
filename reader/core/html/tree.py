"""A saved page's bytes -> text (its charset) -> a small tree of its visible elements.

The page is parsed as a browser parses it (selectolax's Lexbor engine: HTML5 tree building,
so broken markup is mended the way a browser mends it) and copied into plain Python objects
(El), leaving out what is never shown: scripts, styles, templates, forms' controls, embedded
frames, comments and elements hidden by `hidden`, `aria-hidden` or an inline `display:none`.
The copy is shallow enough to walk with recursion: elements nested deeper than MAX_DEPTH give
their text to the ancestor at that depth (a page of 100,000 nested <div> is one element's
text). The head's <title>, <meta>, <link> and JSON-LD scripts are kept aside for metadata.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from itertools import accumulate

from selectolax.lexbor import LexborHTMLParser, LexborNode

from reader.core.decoding import decode_bytes

MAX_DEPTH = 200  # deeper elements are flattened into the one at this depth
MAX_ELEMENTS = 60_000  # a page is read up to this many elements (the shared pages: 9,390 at most)

# Elements whose content is never shown as the article's text.
DROPPED = frozenset(
    "script style noscript template svg math iframe frame frameset object embed canvas "
    "audio video source track map area input select option optgroup textarea button "
    "datalist dialog head meta link base title param".split()
)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]{1,40})""", re.I)


class El:
    """One element: its tag, attributes, children (El or str, in order) and parent."""

    __slots__ = ("attrs", "kids", "parent", "tag")

    def __init__(self, tag: str, attrs: dict[str, str], parent: El | None) -> None:
        self.tag = tag
        self.attrs = attrs
        self.kids: list[El | str] = []
        self.parent = parent

    def get(self, name: str) -> str:
        return self.attrs.get(name) or ""

    @property
    def hint(self) -> str:
        """Its class and id, the names a page gives its parts ("sidebar", "article-body")."""
        return f"{self.attrs.get('class') or ''} {self.attrs.get('id') or ''}"

    def elements(self) -> list[El]:
        """Every element under this one (itself first), in document order."""
        found: list[El] = []
        stack: list[El] = [self]
        while stack:
            el = stack.pop()
            found.append(el)
            stack.extend(k for k in reversed(el.kids) if isinstance(k, El))
        return found

    def text(self) -> str:
        """All the text under this element, as written (whitespace not collapsed)."""
        parts: list[str] = []
        stack: list[El | str] = [self]
        while stack:
            node = stack.pop()
            if isinstance(node, str):
                parts.append(node)
            else:
                stack.extend(reversed(node.kids))
        return "".join(parts)

    def __repr__(self) -> str:  # for debugging only
        return f"<{self.tag} {self.hint.strip()!r}>"


@dataclass
class Page:
    """A parsed page: the body's tree and what the head says of it."""

    body: El
    title: str = ""
    metas: list[dict[str, str]] = field(default_factory=list)
    links: list[dict[str, str]] = field(default_factory=list)
    json_ld: list[str] = field(default_factory=list)
    lang: str = ""
    base: str = ""  # the <base href>: what the page's relative links are relative to
    cut: bool = False  # the body was read only as far as MAX_ELEMENTS elements


def decode_page(data: bytes) -> str:
    """A page's text: UTF-8 when its bytes are valid UTF-8 (a page often declares a charset it
    is not in), else the charset its <meta> declares, else the project's guess (decode_bytes)."""
    if data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return decode_bytes(data)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    declared = _CHARSET.search(data[:8192])
    if declared is not None:
        try:
            codec = codecs.lookup(declared.group(1).decode("ascii"))
        except LookupError:
            codec = None
        if codec is not None and codec.name not in ("utf-8", "utf-16", "utf-32"):
            return data.decode(codec.name, errors="replace")
    return decode_bytes(data)


# A tag that opens or closes an element that holds others (void elements left out).
_TAG_MARK = re.compile(
    r"<(/?)(?!(?:img|br|meta|input|link|hr|wbr|source|area|base|col|embed|param|track|p|li)"
    r"[\s/>])[a-zA-Z]"
)
_TAG = re.compile(r"<(/?)([a-zA-Z][^\s/>]*)[^>]*>")
DEEP_NESTING = 1500  # an HTML5 parser's work grows with the square of the depth: cut it
KEPT_NESTING = 1000


def bound_nesting(text: str) -> str:
    """text with its elements nested at most about KEPT_NESTING deep.

    A parser following HTML5 looks through every open element at each new one, so 100,000
    nested <div> took Lexbor 37 s. The depth is estimated at C speed (one regex, then a
    running sum); only a page that looks deeper than DEEP_NESTING is rewritten, dropping the
    tags that open (and close) elements past KEPT_NESTING."""
    marks = _TAG_MARK.findall(text)
    if len(marks) < DEEP_NESTING or max(accumulate(-1 if m else 1 for m in marks)) < DEEP_NESTING:
        return text
    kept: list[bool] = []

    def keep(match: re.Match[str]) -> str:
        if match.group(2).lower() in _VOID or match.group(0).endswith("/>"):
            return match.group(0)
        if match.group(1):
            return match.group(0) if not kept or kept.pop() else ""
        kept.append(len(kept) < KEPT_NESTING)
        return match.group(0) if kept[-1] else ""

    return _TAG.sub(keep, text)


_VOID = frozenset("img br meta input link hr wbr source area base col embed param track".split())


def parse_page(text: str) -> Page:
    """The page's visible tree and head facts (never raises on any markup)."""
    doc = LexborHTMLParser(bound_nesting(text))
    page = Page(El("body", {}, None))
    head = doc.head
    if head is not None:
        _read_head(head, page)
    root = doc.root
    if root is not None:
        page.lang = (root.attributes.get("lang") or "") if root.is_element_node else ""
    body = doc.body
    if body is not None:
        _copy(body, page)
    return page


def _read_head(head: LexborNode, page: Page) -> None:
    for node in head.iter():
        _head_fact(node, page)


def _head_fact(node: LexborNode, page: Page) -> bool:
    """Keep a head element's fact (title, meta, link, JSON-LD); True when it was one."""
    tag = node.tag
    if tag == "title":
        if not page.title:
            page.title = node.text(deep=True)
    elif tag == "meta":
        page.metas.append({k: v or "" for k, v in node.attributes.items()})
    elif tag == "base":
        page.base = page.base or (node.attributes.get("href") or "").strip()
    elif tag == "link":
        page.links.append({k: v or "" for k, v in node.attributes.items()})
    elif tag == "script" and "ld+json" in (node.attributes.get("type") or ""):
        page.json_ld.append(node.text(deep=True))
    else:
        return False
    return True


def _visible(attrs: dict[str, str | None]) -> bool:
    if "hidden" in attrs or attrs.get("aria-hidden") == "true":
        return False
    style = attrs.get("style")
    return not (style and _HIDDEN_STYLE.search(style))


def _copy(body: LexborNode, page: Page) -> None:
    """Copy the body's visible elements into page.body, iteratively (any depth)."""
    count = 0
    # where to go on: the next lexbor node, the El it goes into, that El's depth
    stack: list[tuple[LexborNode | None, El, int]] = [(body.child, page.body, 0)]
    while stack:
        node, into, depth = stack.pop()
        while node is not None:
            after = node.next
            tag = node.tag
            if tag == "-text":
                value = node.text_content
                if value:
                    into.kids.append(value)
            elif tag is not None and not tag.startswith("-"):
                attrs = node.attributes
                if tag in DROPPED:
                    _head_fact(node, page)  # a JSON-LD or <meta> in the body counts too
                elif _visible(attrs):
                    if count >= MAX_ELEMENTS:
                        page.cut = True
                        return
                    target, inner = into, depth
                    if depth < MAX_DEPTH:
                        count += 1
                        target = El(tag, {k: v or "" for k, v in attrs.items()}, into)
                        into.kids.append(target)
                        inner = depth + 1
                    if node.child is not None:
                        stack.append((after, into, depth))
                        node, into, depth = node.child, target, inner
                        continue
            node = after
