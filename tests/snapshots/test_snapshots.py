"""The look of the reader, pinned as SVG snapshots (review them by eye when they change)."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from reader.tui.app import ReaderApp
from tests.conftest import SEED
from tests.long_pep import long_pep_text
from tests.ui.conftest import many_articles, settle

FIXED_TIME = 1_731_888_000  # 18 Nov 2024, so the dates shown never drift


@pytest.fixture
def fixed_seed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    folder = tmp_path / "seeds"
    folder.mkdir()
    target = folder / SEED.name
    shutil.copy(SEED, target)
    os.utime(target, (FIXED_TIME, FIXED_TIME))
    yield folder
    monkeypatch.undo()
    time.tzset()


def test_seed_article(snap_compare, fixed_seed: Path) -> None:
    assert snap_compare(ReaderApp(fixed_seed), terminal_size=(120, 40), run_before=settle)


def test_seed_search_kursk(snap_compare, fixed_seed: Path) -> None:
    async def search(pilot) -> None:
        await settle(pilot)
        await pilot.press("slash", *"kursk", "enter")
        await settle(pilot)

    assert snap_compare(ReaderApp(fixed_seed), terminal_size=(120, 40), run_before=search)


def test_seed_article_light_theme(snap_compare, fixed_seed: Path) -> None:
    async def light(pilot) -> None:
        pilot.app.theme = "textual-light"
        await settle(pilot)

    assert snap_compare(ReaderApp(fixed_seed), terminal_size=(120, 40), run_before=light)


@pytest.fixture
def fixed_many(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield many_articles(tmp_path / "many", 6)
    monkeypatch.undo()
    time.tzset()


# A PEP as its .txt is written: a header block, underlined headings, indented code.
PEP_WITH_CODE = """\
PEP 343 – The "with" Statement

PEP: 343
Author: Guido van Rossum, Alyssa Coghlan
Status: Final
Type: Standards Track
Created: 13-May-2005
Python-Version: 2.5
Post-History: 02-Jun-2005, 16-Oct-2005, 29-Oct-2005, 23-Apr-2006, 01-May-2006,
              30-Jul-2006

Abstract
========

This PEP adds a new statement "with" to the Python language to make
it possible to factor out standard uses of ``try/finally`` statements.

Motivation and Summary
======================

The idea was to define the template like this::

    @contextmanager
    def opening(filename):
        f = open(filename)
        try:
            yield f
        finally:
            f.close()

and used it like this::

    with f = opening(filename):
        ...read data from f...

Specification: The 'with' Statement
-----------------------------------

The syntax for a with-statement is:

- ``with EXPR as VAR:`` followed by a block, the ``as VAR`` part
  being optional;
- the block runs with the context entered.
"""


@pytest.fixture
def pep_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    folder = tmp_path / "peps"
    folder.mkdir()
    target = folder / "pep-0343.txt"
    target.write_text(PEP_WITH_CODE, encoding="utf-8")
    os.utime(target, (FIXED_TIME, FIXED_TIME))
    yield folder
    monkeypatch.undo()
    time.tzset()


def test_list_cursor_on_row_3(snap_compare, fixed_many: Path) -> None:
    """The selected row is highlighted in the focused list."""

    async def down_two(pilot) -> None:
        await settle(pilot)
        await pilot.press("j", "j")
        await settle(pilot)

    assert snap_compare(ReaderApp(fixed_many), terminal_size=(120, 30), run_before=down_two)


def test_list_cursor_on_row_3_blurred(snap_compare, fixed_many: Path) -> None:
    """The selected row stays marked, more softly, while the article has the focus."""

    async def down_two_then_read(pilot) -> None:
        await settle(pilot)
        await pilot.press("j", "j", "tab")
        await settle(pilot)

    assert snap_compare(
        ReaderApp(fixed_many), terminal_size=(120, 30), run_before=down_two_then_read
    )


def test_help_at_120x40(snap_compare, fixed_seed: Path) -> None:
    """Every key on one screen: two columns of sections, nothing to scroll."""

    async def help_(pilot) -> None:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)

    assert snap_compare(ReaderApp(fixed_seed), terminal_size=(120, 40), run_before=help_)


def test_seed_article_after_a_theme_switch(snap_compare, fixed_seed: Path) -> None:
    async def switch(pilot) -> None:
        await settle(pilot)  # the article is open, laid out in the dark theme
        pilot.app.theme = "textual-light"
        await settle(pilot)

    assert snap_compare(ReaderApp(fixed_seed), terminal_size=(120, 40), run_before=switch)


def test_seed_filtered_to_nothing(snap_compare, fixed_seed: Path) -> None:
    async def unread_only(pilot) -> None:
        await settle(pilot)
        await pilot.press("enter")  # opening the only article marks it read
        await settle(pilot)
        await pilot.press("escape", "f", "down", "enter", "escape")  # unread only
        await settle(pilot)

    assert snap_compare(ReaderApp(fixed_seed), terminal_size=(120, 40), run_before=unread_only)


def test_pep_with_code(snap_compare, pep_folder: Path) -> None:
    assert snap_compare(ReaderApp(pep_folder), terminal_size=(120, 40), run_before=settle)


def test_saved_search_switcher(snap_compare, fixed_many: Path) -> None:
    """The saved searches, centred: names, counts (unread in bold), queries."""

    async def save_two_then_switch(pilot) -> None:
        await settle(pilot)
        await pilot.press("enter", "escape")  # read the newest article
        for query, name in (("topic1", "Topic one"), ("paragraph | article", "Everything")):
            await pilot.press("slash", "ctrl+u", *query)
            await settle(pilot)
            await pilot.press("ctrl+s", "ctrl+u", *name, "enter")
            await settle(pilot)
        await pilot.press("escape", "escape", "escape", "S")
        await settle(pilot)

    assert snap_compare(
        ReaderApp(fixed_many), terminal_size=(120, 30), run_before=save_two_then_switch
    )


@pytest.fixture
def long_pep_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A long PEP-like article with headings at three levels (tests/ui/test_long_articles.py)."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    folder = tmp_path / "long"
    folder.mkdir()
    target = folder / "pep-9999.txt"
    target.write_text(long_pep_text(), encoding="utf-8")
    os.utime(target, (FIXED_TIME, FIXED_TIME))
    yield folder
    monkeypatch.undo()
    time.tzset()


def test_contents_list(snap_compare, long_pep_folder: Path) -> None:
    """c: the article's headings, set in by level, the one being read highlighted."""

    async def contents(pilot) -> None:
        await settle(pilot)
        await pilot.press("enter", *["right_square_bracket"] * 4, "c")
        await settle(pilot)

    assert snap_compare(ReaderApp(long_pep_folder), terminal_size=(120, 40), run_before=contents)


def test_only_matching_paragraphs(snap_compare, long_pep_folder: Path) -> None:
    """&: the paragraphs with a match, their neighbours dimmed, the left-out ones marked."""

    async def only_matching(pilot) -> None:
        await settle(pilot)
        await pilot.press("slash", *"lighthouse", "enter")
        await settle(pilot)
        await pilot.press("ampersand")
        await settle(pilot)

    assert snap_compare(
        ReaderApp(long_pep_folder), terminal_size=(120, 40), run_before=only_matching
    )
