"""An article's headings as laid out (plain text and Markdown rendered by Rich), their depths in
a contents list, and the excerpt of only the matching paragraphs."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console
from rich.style import Style

from reader.core.article import parse_text
from reader.core.structure import heading_lines, outline_depths
from reader.search.analysis import ANALYZER
from reader.tui.widgets.article_layout import BLANK, GAP, Excerpt, Layout, Styles, lay_out

STYLES = Styles(Style(), Style(), Style(), Style(), Style())
CONSOLE = Console(width=200)

PEP_LIKE = """\
PEP 9999 – Headings

PEP: 9999
Status: Draft

Abstract
========

One paragraph of the abstract.

Specification
=============

The first paragraph of the specification.

Details
-------

A detail about whales.

Finer points
~~~~~~~~~~~~

A finer point.

- a list
- of things

Rejected Ideas
==============

The last paragraph, about whales too.
"""


def test_outline_depths_rank_the_levels_used() -> None:
    assert outline_depths([1, 2, 3, 1]) == [0, 1, 2, 0]
    assert outline_depths([2, 3, 3, 2]) == [0, 1, 1, 0]  # Markdown's ## is the outermost
    assert outline_depths([2, 4, 2]) == [0, 1, 0]  # a skipped level leaves no gap
    assert outline_depths([]) == []


def test_plain_text_headings_are_where_they_are_laid_out() -> None:
    laid = lay_out(parse_text(PEP_LIKE), 40, CONSOLE, STYLES)
    texts = [line.text.strip() for line in laid.lines]
    found = [(h.text, h.level, texts[h.line]) for h in laid.headings]
    assert found == [
        ("Abstract", 1, "Abstract"),
        ("Specification", 1, "Specification"),
        ("Details", 2, "Details"),
        ("Finer points", 3, "Finer points"),
        ("Rejected Ideas", 1, "Rejected Ideas"),
    ]
    assert texts[laid.body - 1] == "" and texts[laid.body] == "Abstract"
    # every block is a part, headings marked; parts never overlap
    assert [p.heading for p in laid.parts].count(True) == 5
    assert all(a.end <= b.start for a, b in zip(laid.parts, laid.parts[1:], strict=False))


MARKDOWN = """\
# The title

Some text.

# A first-level heading in the body, long enough to wrap in a narrow column of text

Text under it.

## Second `level` with *emphasis*

1. Second
2. level

Setext heading
--------------

Final paragraph: Second level is mentioned here.
"""


def test_markdown_headings_are_found_in_what_rich_renders() -> None:
    article = parse_text(MARKDOWN, markdown=True, path=Path("notes.md"))
    laid = lay_out(article, 30, CONSOLE, STYLES)
    texts = [line.text for line in laid.lines]
    assert [h.text for h in laid.headings] == [
        "A first-level heading in the body, long enough to wrap in a narrow column of text",
        "Second level with emphasis",
        "Setext heading",
    ]
    for heading in laid.headings:
        first_words = " ".join(heading.text.split()[:2])
        assert first_words in texts[heading.line], (heading, texts[heading.line])
    # the list item "Second" after the heading is not taken for it, nor is the last paragraph
    assert [h.level for h in laid.headings] == [1, 2, 2]


def test_heading_lines_keeps_order_and_skips_what_it_cannot_find() -> None:
    lines = ["", "Intro text here", "", "Usage", "", "Usage of the thing", "", "The end", ""]
    assert heading_lines(lines, ["Usage", "Missing heading", "The end"]) == [3, None, 7]
    # the second "Usage" heading is found after the first, not at it
    assert heading_lines(lines, ["Usage", "Usage"]) == [3, None]
    # a short line that only starts a heading's letters is not it ("A" before "Abstract")
    assert heading_lines(["", "A", "", "Abstract"], ["Abstract"]) == [3]
    # a heading wrapped over two lines is found at its first
    wrapped = ["", "A heading long enough", "to wrap", "", "text"]
    assert heading_lines(wrapped, ["A heading long enough to wrap"]) == [1]
    # a line inside a paragraph (no blank line before it) does not start a heading
    assert heading_lines(["Text", "Usage", "", "Usage"], ["Usage"]) == [3]


def test_heading_lines_reads_each_line_once_however_many_headings_are_missing() -> None:
    # 100,000 lines and 5,000 headings of which none is there: each heading is a few
    # lookups, not a scan of the text (a scan each would be half a billion line checks).
    lines = [f"line {n} of text" if n % 2 else "" for n in range(100_000)]
    found = heading_lines(lines, [f"heading {n}" for n in range(5_000)])
    assert found == [None] * 5_000


def excerpt_of(text: str, word: str) -> tuple[Layout, Excerpt]:
    terms = frozenset(token.text for token in ANALYZER(word))  # as a search gives them
    layout = Layout.build(parse_text(text), 40, CONSOLE, STYLES, terms)
    assert layout.excerpt is not None  # made with the layout, off the UI thread
    return layout, layout.excerpt


def test_the_excerpt_shows_matching_paragraphs_with_neighbours_dimmed() -> None:
    layout, excerpt = excerpt_of(PEP_LIKE, "whales")
    texts = [line.text.strip() for line in layout.lines]
    shown = [texts[r] if r >= 0 else r for r in excerpt.rows]
    header = shown[: layout.body]
    assert header[0] == "PEP 9999 – Headings"
    body = [line for line in shown[layout.body :] if line not in ("", BLANK)]
    assert body == [
        GAP,
        "Details",  # a neighbour of the matching paragraph
        "A detail about whales.",
        "Finer points",  # the other neighbour
        GAP,
        "Rejected Ideas",
        "The last paragraph, about whales too.",
    ]
    dimmed = {texts[n] for n in excerpt.dimmed}
    assert dimmed == {"Details", "Finer points", "Rejected Ideas"}
    # counted without the headings: 2 of the 6 paragraphs (the list is one)
    assert (excerpt.matching, excerpt.paragraphs) == (2, 6)
    assert BLANK in excerpt.rows


def test_the_excerpt_of_a_match_in_the_title_alone_is_the_header() -> None:
    layout, excerpt = excerpt_of(PEP_LIKE, "headings")
    assert excerpt.rows[: layout.body] == list(range(layout.body))
    assert excerpt.rows[layout.body :] == [GAP]
    assert excerpt.matching == 0
