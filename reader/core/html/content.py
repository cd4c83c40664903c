"""Which part of a page is the article: rules of shape, as a reader view finds it.

Every run of text long enough to be prose scores its container (and, less, the containers
above): more for its length and its commas, less for links. The best-scored container, after
its link density is taken off, is the article; siblings that score near it, or read as prose,
join it. Inside, what is not the article's own is taken out by shape: blocks mostly links,
lists longer than the prose around them, blocks of images without text, forms, share bars.
The names a page gives its parts (class and id: "sidebar", "comment", "article-body") weigh in
as hints, never as a list of sites. Nothing here changes the tree: what is taken out is a set
of elements (Pass.gone), so a pass that finds too little is tried again with fewer rules.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from reader.core.html.tree import El

UNLIKELY = re.compile(
    r"-ad-|ai2html|banner|breadcrumb|combx|comment|communit|cover-wrap|disqus|extra|"
    r"footer|gdpr|header|legends|menu|related|remark|replies|rss|shoutbox|sidebar|skyscraper|"
    r"social|sponsor|supplemental|ad-break|agegate|pagination|pager|popup|yom-remote|cookie|"
    r"consent|subscribe|paywall",
    re.I,
)
MAYBE = re.compile(r"and|article|body|column|content|main|mathjax|shadow", re.I)
POSITIVE = re.compile(
    r"article|body|content|entry|hentry|h-entry|main|page|pagination|post|text|blog|story",
    re.I,
)
NEGATIVE = re.compile(
    r"-ad-|\bhidden\b|\bhid\b|banner|combx|comment|com-|contact|footer|\bfoot\b|footnote|gdpr|"
    r"masthead|media|meta|outbrain|promo|related|scroll|share|shoutbox|sidebar|skyscraper|"
    r"sponsor|shopping|tags|widget|modal|\btool",
    re.I,
)
SHARE = re.compile(r"(\b|_)(share|sharedaddy)(\b|_)", re.I)
BYLINE = re.compile(r"byline|author|dateline|writtenby|p-author", re.I)
BAD_ROLES = frozenset("menu menubar complementary navigation alert alertdialog dialog".split())

BLOCKS = frozenset(
    "address article aside blockquote dd details div dl dt fieldset figcaption figure footer "
    "form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section table tbody thead tfoot "
    "tr td th ul".split()
)
HEADINGS = frozenset("h1 h2 h3 h4 h5 h6".split())
SCORED = frozenset("p pre td section h2 h3 h4 h5 h6".split())
NOT_ARTICLE = frozenset("nav footer aside form fieldset".split())
BASE_SCORE = {
    "div": 5,
    "pre": 3,
    "td": 3,
    "blockquote": 3,
    "article": 8,
    "main": 5,
    "address": -3,
    "ol": -3,
    "ul": -3,
    "dl": -3,
    "dd": -3,
    "dt": -3,
    "li": -3,
    "form": -3,
    "h1": -5,
    "h2": -5,
    "h3": -5,
    "h4": -5,
    "h5": -5,
    "h6": -5,
    "th": -5,
}
_SPACE = re.compile(r"\s+")


@lru_cache(maxsize=4096)
def name_weight(name: str) -> int:
    """A class's or id's weight (cached: a page repeats its names, and the patterns are long)."""
    if not name:
        return 0
    return (25 if POSITIVE.search(name) else 0) - (25 if NEGATIVE.search(name) else 0)


@lru_cache(maxsize=4096)
def unlikely_name(hint: str) -> bool:
    """Whether a class and id name page furniture and nothing that may be the article."""
    return UNLIKELY.search(hint) is not None and MAYBE.search(hint) is None


@dataclass
class Rules:
    """The rules of one pass; a pass that finds too little text drops some."""

    strip_unlikely: bool = True
    weigh_classes: bool = True
    clean: bool = True


@dataclass
class Pass:
    """One attempt at finding the article: what it took out and what it measured."""

    rules: Rules
    gone: set[int] = field(default_factory=set)  # ids of elements taken out
    size: dict[int, int] = field(default_factory=dict)  # id -> its text's length
    linked: dict[int, int] = field(default_factory=dict)  # id -> its links' text length
    commas: dict[int, int] = field(default_factory=dict)  # id -> the commas in its text
    tables: dict[int, bool] = field(default_factory=dict)  # id -> whether a table is of data
    byline: str = ""

    def weight(self, el: El) -> int:
        """What the element's class and id say of it: +25 each that names the article's part,
        -25 each that names furniture."""
        if not self.rules.weigh_classes:
            return 0
        return name_weight(el.get("class")) + name_weight(el.get("id"))

    def kids(self, el: El) -> Iterator[El | str]:
        gone = self.gone
        for kid in el.kids:
            if isinstance(kid, str) or id(kid) not in gone:
                yield kid

    def elements(self, root: El) -> list[El]:
        """The elements under root (itself first) in document order, without what is gone."""
        found: list[El] = []
        gone = self.gone
        stack: list[El] = [root]
        while stack:
            el = stack.pop()
            if id(el) not in gone:
                found.append(el)
                stack.extend(k for k in reversed(el.kids) if isinstance(k, El))
        return found

    def density(self, el: El) -> float:
        size = self.size.get(id(el), 0)
        return self.linked.get(id(el), 0) / size if size else 0.0


def text_of(el: El, gone: set[int]) -> str:
    """The element's text, whitespace collapsed, without what was taken out."""
    parts: list[str] = []
    stack: list[El | str] = [el]
    while stack:
        node = stack.pop()
        if isinstance(node, str):
            parts.append(node)
        elif id(node) not in gone:
            stack.extend(reversed(node.kids))
    return _SPACE.sub(" ", "".join(parts)).strip()


def measure(root: El, p: Pass) -> list[El]:
    """Fill p.size, p.linked and p.commas for every element left under root (what was
    measured elsewhere stays); its elements in order."""
    order = p.elements(root)
    size, linked, commas = p.size, p.linked, p.commas
    for el in reversed(order):  # children before parents
        total = links = marks = 0
        for kid in el.kids:
            if isinstance(kid, str):
                words = kid.split()
                total += sum(map(len, words)) + len(words)
                marks += kid.count(",")
            elif id(kid) not in p.gone:
                key = id(kid)
                total += size[key]
                links += linked[key]
                marks += commas[key]
        if el.tag == "a":
            href = el.get("href")
            links = total if not href.startswith("#") else int(total * 0.3)
        key = id(el)
        size[key] = total
        linked[key] = links
        commas[key] = marks
    return order


def strip_unlikely(root: El, p: Pass) -> None:
    """Take out navigation, what a page names as furniture and what it gives a furniture
    role (menu, dialog, ...); keep the first byline found, and take it out of the text."""
    stack = [root]
    while stack:
        el = stack.pop()
        hint = el.hint
        role = el.get("role")
        if not p.byline and _is_byline(el, hint):
            p.byline = text_of(el, p.gone)
            p.gone.add(id(el))
            continue
        if el.tag == "nav" or role in BAD_ROLES:
            p.gone.add(id(el))
            continue
        if (
            p.rules.strip_unlikely
            and el.tag not in ("body", "a", "article", "main", "table", "tbody", "tr", "td")
            and unlikely_name(hint)
            and not _inside(el, ("table", "code", "pre"))
        ):
            p.gone.add(id(el))
            continue
        stack.extend(k for k in reversed(el.kids) if isinstance(k, El))


def _is_byline(el: El, hint: str) -> bool:
    rel = el.get("rel")
    prop = el.get("itemprop")
    if not ("author" in rel or "author" in prop or BYLINE.search(hint)):
        return False
    text = " ".join(el.text().split())
    return 0 < len(text) < 100 and el.tag not in ("body", "article", "main")


def _inside(el: El, tags: tuple[str, ...], limit: int = 8) -> bool:
    node = el.parent
    while node is not None and limit > 0:
        if node.tag in tags:
            return True
        node, limit = node.parent, limit - 1
    return False


def _has_blocks(el: El, p: Pass) -> bool:
    return any(isinstance(k, El) and k.tag in BLOCKS for k in p.kids(el))


def score(order: list[El], p: Pass) -> tuple[dict[int, float], dict[int, El]]:
    """Each container's score from the prose inside it (id -> score), and the containers."""
    scores: dict[int, float] = {}
    holders: dict[int, El] = {}
    for el in order:
        if el.tag in SCORED or (el.tag == "div" and not _has_blocks(el, p)):
            text_len = p.size.get(id(el), 0)
            if text_len < 25:
                continue
            _credit(el, 1 + p.commas[id(el)] + min(text_len // 100, 3), scores, holders, p)
        elif el.tag == "div":  # its own text runs between blocks read as paragraphs
            run: list[str] = []
            for kid in [*p.kids(el), None]:
                if isinstance(kid, str) or (isinstance(kid, El) and kid.tag not in BLOCKS):
                    run.append(kid if isinstance(kid, str) else text_of(kid, p.gone))
                    continue
                text = " ".join("".join(run).split())
                run = []
                if len(text) >= 25:
                    points = 1 + text.count(",") + min(len(text) // 100, 3)
                    _credit_self(el, points, scores, holders, p)
    for key, el in holders.items():
        scores[key] *= 1 - p.density(el)
    return scores, holders


def _base(el: El, p: Pass) -> float:
    return BASE_SCORE.get(el.tag, 0) + p.weight(el)


def _credit(
    el: El, points: float, scores: dict[int, float], holders: dict[int, El], p: Pass
) -> None:
    node, level = el.parent, 0
    while node is not None and level < 5:
        if node.tag in ("body", "html"):
            break
        key = id(node)
        if key not in scores:
            scores[key] = _base(node, p)
            holders[key] = node
        scores[key] += points / (1 if level == 0 else 2 if level == 1 else level * 3)
        node, level = node.parent, level + 1


def _credit_self(
    el: El, points: float, scores: dict[int, float], holders: dict[int, El], p: Pass
) -> None:
    key = id(el)
    if key not in scores:
        scores[key] = _base(el, p)
        holders[key] = el
    scores[key] += points
    _credit(el, points / 2, scores, holders, p)
