"""The matches of a search in an article, counted on its text and placed on its lines (issue
24 items 1-3, issue 23 item 6): words inside dotted names count, title-only terms stay in the
title, the count does not hang on the width, and a million matches do not hold the screen."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest
from rich.console import Console

from reader.core.article import parse_text
from reader.search.analysis import analyse
from reader.tui.app import ReaderApp
from reader.tui.widgets import article_matches
from reader.tui.widgets.article_layout import Layout
from reader.tui.widgets.article_view import ArticleView
from tests.ui.conftest import STYLES, settle, started, type_query, until

LONG_FIELD = (
    "https://discuss.python.org/t/a-long-thread-about-many-things-and-at-last-lazy-imports/1"
)
PEP = f"""\
PEP 9998 – Lazy loading of modules

PEP: 9998
Author: Ada Lovelace <ada@example.org>
Discussions-To: {LONG_FIELD}
Status: Draft

Abstract
========

This PEP proposes lazy imports for Python: a lazy import is resolved when its name is
first used. Lazy imports make start-up faster, say the authors of lazy imports.

Dotted names
============

The asyncio.Future of watcher = asyncio.FastChildWatcher() and asyncio.get_child_watcher()
are dotted names; asyncio alone is a word.
"""


def terms_of(query: str) -> frozenset[str]:
    return frozenset(t for word in query.split() for t, _ in analyse("body", word))


def build(text: str, width: int, terms: frozenset[str]) -> Layout:
    return Layout.build(parse_text(text), width, Console(width=250), STYLES, terms)


def marked(layout: Layout) -> list[str]:
    """The text of each match on its lines (a match wrapped onto more lines: joined by |)."""
    out = []
    for match in layout.matches:
        parts = []
        for line in match.lines():
            text = layout.lines[line].text
            for start, end in match.cells_on(line):
                parts.append(text[start:end])  # ASCII: cells are characters
        out.append("|".join(parts))
    return out


def test_the_count_does_not_hang_on_the_width() -> None:
    terms = terms_of("lazy imports")
    counts = {width: len(build(PEP, width, terms).matches) for width in (30, 40, 60, 80, 120)}
    # the title's "Lazy", the cut Discussions-To field's "lazy-imports", the text's eight
    assert set(counts.values()) == {11}, counts


def test_a_match_in_a_cut_header_line_is_placed_on_that_line() -> None:
    layout = build(PEP, 60, terms_of("lazy"))
    cut = [n for n, line in enumerate(layout.lines) if line.text.startswith("Discussions-To:")]
    assert len(cut) == 1 and layout.lines[cut[0]].text.endswith("…")  # the field is cut
    assert "lazy" not in layout.lines[cut[0]].text
    assert [m.line for m in layout.matches].count(cut[0]) == 1  # its "lazy" counted there


def test_words_inside_dotted_names_are_counted_and_marked() -> None:
    layout = build(PEP, 80, terms_of("asyncio"))
    assert marked(layout) == ["asyncio"] * 4


def test_a_phrase_wrapped_onto_two_lines_is_one_match() -> None:
    text = "Title\n\n" + "word " * 7 + "lazy imports and more words after it.\n"
    terms = frozenset({"lazy imports"})
    for width in (20, 40, 80):
        layout = build(text, width, terms)
        assert [part.replace("|", " ") for part in marked(layout)] == ["lazy imports"]
    assert build(text, 40, terms).matches[0].rest  # at 40 columns it goes on a second line


def test_title_only_terms_are_marked_in_the_title_only() -> None:
    text = (
        "Style Guide for Python Code\n\nPython code is read more often than it is written."
        "\n\nAlways use a def statement instead of binding a lambda to a name.\n"
    )
    layout = build(text, 80, frozenset({"title:python code", "lambda"}))
    assert [m.line for m in layout.matches] == [0, layout.matches[1].line]
    assert marked(layout) == ["Python Code", "lambda"]


def test_more_matches_than_the_limit_are_said_not_counted(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(article_matches, "MATCH_LIMIT", 10)
    layout = build("Zebras\n\n" + "zebra " * 50 + "\n", 80, terms_of("zebra"))
    assert len(layout.matches) == 10 and layout.more_matches


# --- in the app ----------------------------------------------------------------------------


@pytest.fixture
def suspendable(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pilot's headless terminal cannot be handed to the editor: suspending does nothing."""
    monkeypatch.setattr(ReaderApp, "suspend", lambda self: contextlib.nullcontext())


async def test_n_walks_the_words_of_dotted_names(tmp_path: Path) -> None:
    folder = tmp_path / "peps"
    folder.mkdir()
    (folder / "pep-9998.txt").write_text(PEP, encoding="utf-8")
    async with started(folder, size=(60, 30)) as (app, pilot):
        await type_query(pilot, "asyncio")
        await pilot.press("enter")
        await settle(pilot)
        view = app.query_one(ArticleView)
        assert view.border_subtitle == "match 1/4"
        await pilot.press("n", "n", "n")
        assert view.border_subtitle == "match 4/4"


async def test_e_opens_at_a_body_match_of_a_title_restricted_search(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, suspendable: None
) -> None:
    folder = tmp_path / "peps"
    folder.mkdir()
    pep8 = folder / "pep-0008.txt"
    pep8.write_text(
        "Style Guide for Python Code\n\nPython code is read more often than it is written.\n\n"
        "Always use a def statement instead of binding a lambda to a name.\n",
        encoding="utf-8",
    )
    bin_folder = tmp_path / "bin"
    bin_folder.mkdir()
    written = tmp_path / "argv.txt"
    editor = bin_folder / "vim"
    editor.write_text(f"#!/bin/sh\nprintf '%s\\n' \"$@\" > '{written}'\n", encoding="utf-8")
    editor.chmod(0o755)
    monkeypatch.setenv("EDITOR", str(editor))
    monkeypatch.delenv("VISUAL", raising=False)
    async with started(folder) as (app, pilot):
        await type_query(pilot, 'title:"python code" lambda')
        await pilot.press("enter")
        await settle(pilot)
        view = app.query_one(ArticleView)
        assert view.border_subtitle == "match 1/2"  # the title's, then the text's lambda
        await pilot.press("n", "e")
        await until(pilot, written.exists, "the editor ran")
        assert written.read_text().split("\n")[:-1] == ["+5", str(pep8)]  # lambda's line


async def test_n_through_a_million_matches_answers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "odd"
    folder.mkdir()
    (folder / "zebras.txt").write_text("Zebras\n\n" + "zebra " * 300 + "\n", encoding="utf-8")
    monkeypatch.setattr(article_matches, "MATCH_LIMIT", 100)  # stands for 10,000 of 1,000,000
    async with started(folder, size=(80, 24)) as (app, pilot):
        await type_query(pilot, "zebra")
        await pilot.press("enter")
        await settle(pilot)
        view = app.query_one(ArticleView)
        assert view.border_subtitle == "match 1/100+"
        await pilot.press("N")
        assert view.border_subtitle == "match 100/100+"


MARKDOWN = """\
# Lazy things

Some **lazy** text with a [lazy link](https://example.org/lazy) and `lazy_code`.

- a lazy item
- another *lazy* item that is long enough to wrap in a narrow column of text, lazy

> a quote with lazy words

| col | lazy |
|-----|------|
| a   | lazy |
"""


def test_matches_in_markdown_are_placed_on_their_words() -> None:
    """Rich draws Markdown with marks of its own (bullets, rules) and without others (`|`,
    `**`): each match still stands on its word."""
    for width in (30, 60, 120):
        layout = Layout.build(
            parse_text(MARKDOWN, markdown=True), width, Console(width=250), STYLES, terms_of("lazy")
        )
        assert [part.lower() for part in marked(layout)] == ["lazy"] * 10, width
