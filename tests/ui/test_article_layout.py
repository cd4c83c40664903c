"""The article laid out for reading: what each kind of block looks like in the text column."""

from __future__ import annotations

from rich.console import Console

from reader.core.article import parse_text
from reader.tui.widgets.article_layout import code_lines, layout_article, short_byline
from tests.ui.conftest import STYLES

PEP_LIKE = """\
PEP 9999 – The "using" Statement

PEP: 9999
Author: Jane Roe <jane@example.org>, John Doe <john@example.org>
Status: Draft
Created: 13-May-2005

Abstract
========

The idea was to define the template like this::

    @contextmanager
    def opening(filename):
        f = open(filename)
        try:
            yield f
        finally:
            f.close()

- a list item long enough to wrap onto a second line in a column this narrow
- two
"""


def shown(text: str, width: int = 40) -> list[str]:
    article = parse_text(text)
    return [line.text for line in layout_article(article, width, Console(width=200), STYLES)]


def test_code_keeps_its_lines_and_indentation() -> None:
    lines = shown(PEP_LIKE)
    start = lines.index("    @contextmanager")
    assert lines[start : start + 6] == [
        "    @contextmanager",
        "    def opening(filename):",
        "        f = open(filename)",
        "        try:",
        "            yield f",
        "        finally:",
    ]
    assert not any("@contextmanager def" in line for line in lines)


def test_headings_and_header_are_not_prose() -> None:
    lines = shown(PEP_LIKE, 60)
    assert lines[0] == 'PEP 9999 – The "using" Statement'
    assert lines[1].startswith("Jane Roe, John Doe · 13 May 2005 · ")
    assert lines[2] == "Status: Draft"
    assert lines[3] == ""
    assert lines[4] == "Abstract"
    assert "========" not in "\n".join(lines)
    assert "The idea was to define the template like this:" in lines


def test_list_items_hang_under_their_marker() -> None:
    lines = shown(PEP_LIKE)
    start = next(n for n, line in enumerate(lines) if line.startswith("- a list item"))
    assert lines[start + 1].startswith("  ") and lines[start + 1].strip()
    assert "- two" in lines[start + 2 :]


def test_a_long_code_line_goes_on_below_indented() -> None:
    lines = code_lines("def f():\n    return " + "x" * 50, 40)
    assert lines[0] == "    def f():"
    assert lines[1] == "        return " + "x" * 25
    assert lines[2] == " " * 10 + "x" * 25
    assert all(len(line) <= 40 for line in lines)


def test_code_in_a_very_narrow_column() -> None:
    lines = code_lines("  deeply(indented, call)", 12)
    assert all(len(line) <= 12 for line in lines)
    assert "".join(line.strip() for line in lines) == "deeply(indented,call)"


def test_many_authors_are_shortened() -> None:
    assert short_byline("A, B, C") == "A, B, C"
    assert short_byline("A, B, C, D, E") == "A, B and 3 others"


def test_metadata_lines_break_between_items() -> None:
    lines = shown(PEP_LIKE, 36)
    assert lines[1:3] == ["Jane Roe, John Doe · 13 May 2005", "40 words · 1 min read"]


def test_a_long_header_field_is_cut_after_a_word() -> None:
    text = "T\n\nPEP: 1\nPost-History: " + ", ".join(["02-Jun-2005"] * 12) + "\n\nBody."
    lines = shown(text, 50)
    assert lines[2] == "PEP: 1 · Post-History: 02-Jun-2005, 02-Jun-2005 …"
