"""The structure of an article's text: headings, preformatted text, lists, and its header."""

from __future__ import annotations

from datetime import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.core.article import Article, load_article, parse_text
from tests.conftest import SHARED

TEXT_KINDS = ("paragraph", "heading", "code", "list")  # what counts as the article's words

# A PEP as its .txt is written: a header block, underlined headings, indented code with blank
# lines in it, a list, a table, a transition, "::" before a literal block.
PEP_LIKE = """\
PEP 9999 – The "using" Statement

PEP: 9999
Author: Jane Roe <jane@example.org>,
        John Doe <john@example.org>
Status: Draft
Type: Standards Track
Created: 13-May-2005
Post-History: `02-Jun-2005 <https://mail.example.org/t/1>`__, 16-Oct-2005

Abstract
========

This PEP adds a new statement to the
language, reflowed like any paragraph.

Specification
-------------

The idea was to define the template like this::

    @contextmanager
    def opening(filename):
        f = open(filename)

        try:
            yield f
        finally:
            f.close()

Lists keep an item a line:

- first item, which goes on
  over a second line
- second item

----------

=====  ========
Name   Meaning
=====  ========
a      first
=====  ========

Details
~~~~~~~

Last words.
"""


@pytest.fixture(scope="module")
def pep() -> Article:
    return parse_text(PEP_LIKE)


def test_header_block_is_metadata_not_text(pep: Article) -> None:
    assert pep.title == 'PEP 9999 – The "using" Statement'
    assert pep.byline == "Jane Roe, John Doe"
    assert pep.header == (
        ("Status", "Draft"),
        ("Type", "Standards Track"),
        ("Post-History", "02-Jun-2005, 16-Oct-2005"),
    )
    assert pep.date == datetime(2005, 5, 13)  # Created: the metadata line shows it
    shown = "\n".join(b.text for b in pep.blocks)
    assert "PEP: 9999" not in shown and "Author" not in shown and "jane@" not in shown


def test_underlined_lines_are_headings_with_levels(pep: Article) -> None:
    headings = [(b.text, b.level) for b in pep.blocks if b.kind == "heading"]
    assert headings == [("Abstract", 1), ("Specification", 2), ("Details", 3)]
    assert "Abstract =" not in pep.body_text and "~~~~" not in pep.body_text
    assert not any(b.text.strip("=-~ ") == "" for b in pep.blocks)


def test_indented_code_is_kept_as_written(pep: Article) -> None:
    code = [b.text for b in pep.blocks if b.kind == "code"]
    assert code[0] == (
        "@contextmanager\n"
        "def opening(filename):\n"
        "    f = open(filename)\n"
        "\n"
        "    try:\n"
        "        yield f\n"
        "    finally:\n"
        "        f.close()"
    )
    # "like this::" before a literal block reads "like this:"
    assert "The idea was to define the template like this:" in pep.paragraphs
    # the table, with its borders, is preformatted too; the lone rule is a transition
    assert code[1].startswith("=====  ========\nName   Meaning\n")
    assert len(code) == 2


def test_lists_keep_an_item_a_line(pep: Article) -> None:
    [items] = [b.text for b in pep.blocks if b.kind == "list"]
    assert items == "- first item, which goes on over a second line\n- second item"


def test_paragraphs_are_still_reflowed(pep: Article) -> None:
    assert (
        pep.paragraphs[0]
        == "This PEP adds a new statement to the language, reflowed like any paragraph."
    )
    assert pep.paragraphs[-1] == "Last words."


def test_words_and_body_text_cover_every_block_of_text(pep: Article) -> None:
    assert pep.word_count == sum(len(b.text.split()) for b in pep.blocks if b.kind in TEXT_KINDS)
    assert "def opening(filename):" in pep.body_text  # search and snippets see code
    assert "Specification" in pep.body_text  # and headings


def test_pep_343_code_is_not_reflowed() -> None:
    path = SHARED / "corpora" / "peps" / "pep-0343.txt"
    if not path.exists():
        pytest.skip("the shared PEP corpus is not here")
    article = load_article(path)
    code = [b.text for b in article.blocks if b.kind == "code"]
    assert any(c.startswith("@contextmanager\ndef opening(filename):\n    f = open(") for c in code)
    assert [b.text for b in article.blocks[:1]] == ["Abstract"]
    assert article.byline == "Guido van Rossum, Alyssa Coghlan"
    assert not any("========" in b.text for b in article.blocks)


def test_overlined_headings_and_title() -> None:
    article = parse_text("=========\nThe Title\n=========\n\n--------\nOverview\n--------\n\nText.")
    assert article.title == "The Title"
    assert [(b.kind, b.text) for b in article.blocks] == [
        ("heading", "Overview"),
        ("paragraph", "Text."),
    ]


def test_underlined_title_in_plain_text() -> None:
    article = parse_text("The Title\n=========\n\nText.")
    assert article.title == "The Title"
    assert article.paragraphs == ("Text.",)


@pytest.mark.parametrize(
    "text",
    [
        # a short rule under a long line is a separator, not an underline
        "T\n\nA line of ordinary prose, quite long.\n---\n\nMore prose.",
        # first-line indentation is typography, not code
        "T\n\n    It was a dark night, and the rain\nfell in torrents on the city.\n\nMore prose.",
    ],
)
def test_prose_that_only_looks_structured_stays_prose(text: str) -> None:
    article = parse_text(text)
    assert {b.kind for b in article.blocks} == {"paragraph"}
    assert article.paragraphs[-1] == "More prose."


def test_a_body_indented_throughout_is_prose() -> None:
    article = parse_text("T\n\n    First paragraph,\n    two lines.\n\n    Second one.")
    assert article.paragraphs == ("First paragraph, two lines.", "Second one.")


def test_paragraph_then_list_without_a_blank_line() -> None:
    article = parse_text("T\n\nDeferred to later:\n* one\n* two\n\nEnd.")
    assert [(b.kind, b.text) for b in article.blocks] == [
        ("paragraph", "Deferred to later:"),
        ("list", "* one\n* two"),
        ("paragraph", "End."),
    ]


@pytest.mark.parametrize(
    "first",
    [
        "Host: Welcome to the show, where today we talk about missiles and how far they fly.\n"
        "Guest: Thank you for having me on the show, it is a pleasure to be here today.",
        "Note: the figures below are provisional.",  # one field is not a header
        "Q: Why?\nA: Because.",  # one-letter keys are not a header
        "Author: Jane\nAuthor: John",  # a header names each key once
        "Officials: said\nThe strike hit at dawn on Sunday near the border.",
    ],
)
def test_blocks_that_are_not_a_header_stay_text(first: str) -> None:
    article = parse_text(f"Title\n\n{first}\n\nBody.")
    assert article.header == () and article.byline is None
    assert article.paragraphs[0] == " ".join(first.split())


def test_header_in_markdown() -> None:
    text = "# A note\n\n**Author:** Jane Roe\n**Status:** Draft\n\nBody **text**.\n"
    article = parse_text(text, markdown=True)
    assert article.title == "A note"
    assert article.byline == "Jane Roe"
    assert article.header == (("Status", "Draft"),)
    assert article.markdown == "Body **text**."


def test_front_matter() -> None:
    text = (
        '---\ntitle: "Notes: a year"\nauthor: Jane Roe\ntags:\n  - one\n  - two\n---\n\n'
        "# Notes: a year\n\nBody.\n"
    )
    article = parse_text(text, markdown=True)
    assert article.title == "Notes: a year"
    assert article.byline == "Jane Roe"
    assert article.header == (("tags", "one, two"),)
    assert article.markdown == "Body."


def test_markdown_headings_and_code_have_kinds() -> None:
    text = "Title\n\n## Part one\n\nText.\n\n    indented = code\n\n```\nfenced\n```\n"
    article = parse_text(text, markdown=True)
    assert [(b.kind, b.level, b.text) for b in article.blocks] == [
        ("heading", 2, "Part one"),
        ("paragraph", 0, "Text."),
        ("code", 0, "indented = code"),
        ("code", 0, "fenced"),
    ]


def test_huge_indented_and_underlined_inputs_parse() -> None:
    # Every line is looked at a constant number of times: 200,000 lines of each shape.
    for line in ("    x = 1", "=" * 40, "- item", "Key: value", "text", "A\n===="):
        for joint in ("\n", "\n\n"):
            article = parse_text("T\n\n" + joint.join([line] * 100_000))
            assert article.word_count >= 0


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["text here", "    code", "=====", "-----", "- item", "Key: v", "", "  more", "::"]
        ),
        max_size=30,
    )
)
def test_any_arrangement_of_structure_parses(lines: list[str]) -> None:
    article = parse_text("Title\n\n" + "\n".join(lines))
    assert article.word_count == sum(
        len(b.text.split()) for b in article.blocks if b.kind in TEXT_KINDS
    )
    for block in article.blocks:
        assert block.text.strip()
        if block.kind not in ("code", "list"):
            assert "\n" not in block.text
