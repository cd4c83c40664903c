"""The article's elements out of a page: the best container, its siblings, then what inside
them is not the article's own (content.py holds the measures and the rules' patterns)."""

from __future__ import annotations

import re

from reader.core.html.content import (
    HEADINGS,
    NOT_ARTICLE,
    SHARE,
    Pass,
    Rules,
    measure,
    score,
    strip_unlikely,
    text_of,
)
from reader.core.html.tree import El

MIN_TEXT = 500  # a pass that finds less text than this is tried again with fewer rules
_SENTENCE_END = re.compile(r"\.( |$)")
_PASSES = (
    Rules(),
    Rules(strip_unlikely=False),
    Rules(strip_unlikely=False, weigh_classes=False),
    Rules(strip_unlikely=False, weigh_classes=False, clean=False),
)


def select(body: El) -> tuple[list[El], Pass]:
    """The elements that hold the article, in order, and the pass that found them (its
    `gone` says what inside them to leave out). Passes with fewer rules are tried while the
    text found is short; the longest found wins."""
    best: tuple[int, list[El], Pass] | None = None
    for rules in _PASSES:
        p = Pass(rules)
        found = _attempt(body, p)
        length = sum(len(text_of(el, p.gone)) for el in found)
        if best is None or length > best[0]:
            best = (length, found, p)
        if length >= MIN_TEXT:
            break
    assert best is not None
    return best[1], best[2]


def _attempt(body: El, p: Pass) -> list[El]:
    strip_unlikely(body, p)
    order = measure(body, p)
    scores, holders = score(order, p)
    top = _top(body, scores, holders, p)
    found = _siblings(top, body, scores, p)
    if p.rules.clean:
        for el in found:
            _clean(el, scores, p)
    return found


def _top(body: El, scores: dict[int, float], holders: dict[int, El], p: Pass) -> El:
    """The container with the best score, moved up to where the article's parts meet."""
    ranked = sorted(scores, key=scores.__getitem__, reverse=True)[:5]
    if not ranked or scores[ranked[0]] <= 0:
        return body
    top = holders[ranked[0]]
    best = scores[ranked[0]]
    near = [holders[k] for k in ranked[1:] if scores[k] >= best * 0.75]
    if len(near) >= 3:  # the article's parts scored apart: their common ancestor holds it
        node = top.parent
        while node is not None and node is not body:
            if sum(1 for el in near if _contains(node, el)) >= 3:
                top = node
                break
            node = node.parent
    last = scores.get(id(top), best)
    node = top.parent
    while node is not None and node is not body:
        parent_score = scores.get(id(node))
        if parent_score is not None:
            if parent_score < last / 3:
                break
            if parent_score > last:
                top = node
                break
            last = parent_score
        node = node.parent
    while top.parent is not None and top.parent is not body:
        kids = [k for k in p.kids(top.parent) if isinstance(k, El)]
        if len(kids) != 1:
            break
        top = top.parent
    return top


def _contains(node: El, el: El) -> bool:
    while el is not None:
        if el is node:
            return True
        el = el.parent  # type: ignore[assignment]
    return False


def _siblings(top: El, body: El, scores: dict[int, float], p: Pass) -> list[El]:
    """The top container and those beside it that belong to the article."""
    parent = top.parent
    if top is body or parent is None:
        return [top]
    top_score = scores.get(id(top), 0.0)
    threshold = max(10.0, top_score * 0.2)
    found: list[El] = []
    for sib in p.kids(parent):
        if not isinstance(sib, El):
            continue
        if sib is top:
            found.append(sib)
            continue
        bonus = top_score * 0.2 if sib.get("class") and sib.get("class") == top.get("class") else 0
        if id(sib) in scores and scores[id(sib)] + bonus >= threshold:
            found.append(sib)
        elif sib.tag == "p":
            text = text_of(sib, p.gone)
            density = p.density(sib)
            if (len(text) > 80 and density < 0.25) or (
                0 < len(text) <= 80 and density == 0 and _SENTENCE_END.search(text)
            ):
                found.append(sib)
    return found


def _clean(root: El, scores: dict[int, float], p: Pass) -> None:
    """Take out, inside the article, what is not its own: furniture by its tag or name, then
    blocks by their shape, innermost first, each measured as what is left inside it."""
    for el in p.elements(root)[1:]:
        if _furniture(el, p):
            p.gone.add(id(el))
    order = measure(root, p)
    counts = _counts(order, p)
    safe = _protected(order, p)
    for el in reversed(order):
        if el is root or el.tag not in _CONDITIONAL or id(el) in safe:
            continue
        if _unwanted(el, scores, counts[id(el)], p):
            p.gone.add(id(el))
            _take_from_ancestors(el, root, counts, p)


_CONDITIONAL = frozenset("div ul table form fieldset".split())
# What _counts keeps of each element: its paragraphs, images, list items, headings' text
# length and lists' text length.
_P, _IMG, _LI, _HEADING, _LIST = range(5)


def _counts(order: list[El], p: Pass) -> dict[int, list[int]]:
    """For each element (children before parents), the counts _unwanted weighs."""
    counts: dict[int, list[int]] = {}
    for el in reversed(order):
        mine = [0, 0, 0, 0, 0]
        for kid in el.kids:
            if isinstance(kid, El) and id(kid) not in p.gone:
                for n, value in enumerate(counts[id(kid)]):
                    mine[n] += value
        tag = el.tag
        if tag == "p":
            mine[_P] += 1
        elif tag == "img":
            mine[_IMG] += 1
        elif tag == "li":
            mine[_LI] += 1
        elif tag in HEADINGS:
            mine[_HEADING] = p.size[id(el)]
        elif tag in ("ul", "ol"):
            mine[_LIST] = p.size[id(el)]
        counts[id(el)] = mine
    return counts


def _protected(order: list[El], p: Pass) -> set[int]:
    """The elements inside preformatted text, code or a table of data: never furniture."""
    safe: set[int] = set()
    for el in order:  # parents before children
        parent = el.parent
        if parent is not None and (
            id(parent) in safe
            or parent.tag in ("pre", "code")
            or (parent.tag == "table" and _data_table(parent, p))
        ):
            safe.add(id(el))
    return safe


def _take_from_ancestors(el: El, root: El, counts: dict[int, list[int]], p: Pass) -> None:
    """What el held no longer counts in its ancestors' measures (up to root)."""
    key = id(el)
    size, linked, commas, held = p.size[key], p.linked[key], p.commas[key], counts[key]
    node = el.parent
    while node is not None:
        up = id(node)
        p.size[up] -= size
        p.linked[up] -= linked
        p.commas[up] -= commas
        mine = counts[up]
        for n, value in enumerate(held):
            mine[n] -= value
        if node is root:
            break
        node = node.parent


def _furniture(el: El, p: Pass) -> bool:
    """Page furniture inside the article, by its tag or name: a footer, an aside, a share
    bar, a heading the page names as not the article's."""
    if el.tag in NOT_ARTICLE and el.tag not in ("form", "fieldset"):
        return True
    if SHARE.search(el.hint) and p.size.get(id(el), 0) < 500:
        return True
    return el.tag in ("h1", "h2") and p.weight(el) < 0


def _unwanted(el: El, scores: dict[int, float], held: list[int], p: Pass) -> bool:
    """Whether a block inside the article reads as furniture, by its shape."""
    if el.tag == "table" and _data_table(el, p):
        return False
    weight = p.weight(el)
    if weight + scores.get(id(el), 0.0) < 0:
        return True
    if p.commas[id(el)] >= 10:
        return False
    paragraphs, images, items, heading_text, list_text = held
    items -= 100
    length = p.size[id(el)]
    is_list = el.tag in ("ul", "ol") or (length > 0 and list_text / length > 0.9)
    in_figure = _inside_figure(el)
    density = p.density(el)
    heading_density = heading_text / length if length else 0.0
    remove = (
        (images > 1 and paragraphs / images < 0.5 and not in_figure)
        or (not is_list and items > paragraphs)
        or (
            not is_list
            and not in_figure
            and heading_density < 0.9
            and length < 25
            and (images == 0 or images > 2)
            and density > 0
        )
        or (not is_list and weight < 25 and density > 0.2)
        or (weight >= 25 and density > 0.5)
        or (images == 0 and length == 0)
    )
    if remove and is_list:  # a list of pictures, one a line, is the article's
        lines = [k for k in p.kids(el) if isinstance(k, El)]
        if lines and all(sum(1 for i in li.elements() if i.tag == "img") == 1 for li in lines):
            return False
    return remove


def _data_table(table: El, p: Pass) -> bool:
    known = p.tables.get(id(table))
    if known is None:
        known = p.tables[id(table)] = is_data_table(table)
    return known


def _inside_figure(el: El) -> bool:
    node = el.parent
    while node is not None:
        if node.tag == "figure":
            return True
        node = node.parent
    return False


def is_data_table(table: El) -> bool:
    """A table of data (to keep and show as rows), not one that lays a page out."""
    if table.get("role") == "presentation" or table.get("datatable") == "0":
        return False
    if table.get("summary") or table.get("role") == "table":
        return True
    rows = 0
    columns = 0
    for el in table.elements():
        if el is not table and el.tag == "table":
            return False
        if el.tag in ("caption", "th", "thead", "tfoot", "colgroup", "col"):
            return True
        if el.tag == "tr":
            rows += 1
            columns = max(columns, sum(1 for k in el.kids if isinstance(k, El) and k.tag == "td"))
    if rows >= 10 or columns > 4:
        return True
    return rows * columns > 10
