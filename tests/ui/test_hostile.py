"""Pilot walks the hostile corpus: every file listed, every article opened, hostile queries."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import pytest
from textual import events
from textual.worker import WorkerCancelled

from reader.tui.app import ReaderApp
from reader.tui.widgets.article_list import ArticleList
from reader.tui.widgets.article_view import ArticleView
from tests.hostile import LISTED, build_hostile_corpus
from tests.ui.conftest import main, screen_text, settle, started

HOSTILE_QUERIES = [
    '"unbalanced quote',
    "(unbalanced (parens",
    "closing))",
    "AND",
    "OR",
    "NOT",
    "-",
    "*",
    "?",
    "~",
    "foo:",
    "title:",
    "source:",
    "foo:bar title: report",
    "x" * 10_000,
    "zephyrtitle\x00\x07\x01\x7f",
    "\U0001f600 \u4e2d\u6587",
    "'; DROP TABLE x; --",
    "[@click=app.quit]quit[/]",
    "markupword",
]
OPENED_QUERIES = {
    '"unbalanced quote',
    "foo:bar title: report",
    "\U0001f600 \u4e2d\u6587",
    "markupword",
}


async def quiet(pilot) -> None:  # type: ignore[no-untyped-def]
    """settle(), once: enough for one key's work, and a third of the wait."""
    with contextlib.suppress(WorkerCancelled):
        await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def assert_clean_screen(app: ReaderApp) -> str:
    text = screen_text(app)
    assert "\x1b" not in text and "\x07" not in text and "\x9b" not in text
    assert "PWNED" not in text
    return text


@pytest.fixture
def hostile(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    root = tmp_path / "hostile"
    return root, build_hostile_corpus(root)


async def test_the_list_shows_every_hostile_file(hostile: tuple[Path, dict[str, str]]) -> None:
    root, expected = hostile
    async with started(root) as (app, pilot):
        rows = app.query_one(ArticleList).summaries
        got = {
            os.path.relpath(s.path, root): LISTED if s.error is None else f"unreadable: {s.error}"
            for s in rows
        }
        assert got == expected
        assert f"{len(expected)} articles" in assert_clean_screen(app)


async def test_every_hostile_article_opens(hostile: tuple[Path, dict[str, str]]) -> None:
    root, expected = hostile
    async with started(root, size=(90, 24)) as (app, pilot):
        lst = app.query_one(ArticleList)
        view = app.query_one(ArticleView)
        opened: list[str] = []
        for row in range(len(lst.summaries)):
            assert lst.cursor == row
            await pilot.press("enter")
            await quiet(pilot)
            assert app.is_running, "an article quit the app"
            assert view.article is not None
            assert str(view.article.path) == lst.summaries[row].path
            opened.append(os.path.relpath(lst.summaries[row].path, root))
            text = assert_clean_screen(app)
            if view.article.error:
                assert "This file cannot be shown" in text
            await pilot.press("escape", "j")
        assert sorted(opened) == sorted(expected)
        await pilot.click(ArticleView)  # a click on "[@click=app.quit]" text runs nothing
        await pilot.pause()
        assert app.is_running


async def test_markup_article_is_literal_and_inert(hostile: tuple[Path, dict[str, str]]) -> None:
    root, _ = hostile
    async with started(root, size=(140, 40)) as (app, pilot):
        lst = app.query_one(ArticleList)
        lst.cursor = lst.index_of(str(root / "rich_markup.txt"))
        await pilot.press("enter")
        await settle(pilot)
        text = assert_clean_screen(app)
        assert "[@click=app.quit]quit me[/]" in text
        assert "[link=file:///etc/passwd]link to passwd[/link]" in text
        for y in range(2, 12):
            await pilot.click(ArticleView, offset=(6, y))
        await pilot.pause()
        assert app.is_running


async def test_hostile_queries_never_break_the_app(hostile: tuple[Path, dict[str, str]]) -> None:
    root, _ = hostile
    async with started(root) as (app, pilot):
        search = main(app).search_bar
        for query in HOSTILE_QUERIES:
            await pilot.press("slash")
            search.value = ""
            search.insert_text_at_cursor(query)
            await quiet(pilot)
            assert app.is_running, query
            text = assert_clean_screen(app)
            assert "could not run" not in text, query
            if query in OPENED_QUERIES:
                await pilot.press("enter")  # open the best hit
                await quiet(pilot)
                assert_clean_screen(app)
                await pilot.press("escape")
            await pilot.press("escape")
            await quiet(pilot)
        await pilot.press("slash")
        await pilot.press(*"markupword")
        await settle(pilot)
        rows = app.query_one(ArticleList).summaries
        assert [os.path.basename(s.path) for s in rows] == ["rich_markup.txt"]
        assert app.is_running


async def test_a_pasted_escape_sequence_never_reaches_the_screen(tmp_path: Path) -> None:
    root = tmp_path / "c"
    root.mkdir()
    (root / "a.txt").write_text("Committee\n\nThe committee met.\n")
    async with started(root) as (app, pilot):
        await pilot.press("slash")
        search = main(app).search_bar
        search.post_message(events.Paste("committee\x1b]0;PWNED\x07\x1b[31m red\x07"))
        await settle(pilot)
        assert search.value.startswith("committee")
        assert_clean_screen(app)


async def test_a_file_that_changes_while_shown(tmp_path: Path) -> None:
    root = tmp_path / "c"
    root.mkdir()
    for n in range(3):
        (root / f"a{n}.txt").write_text(f"Article {n}\n\nbody of article {n}\n")
        os.utime(root / f"a{n}.txt", (1_700_000_000 + n, 1_700_000_000 + n))
    async with started(root) as (app, pilot):
        view = app.query_one(ArticleView)
        assert view.article is not None and view.article.title == "Article 2"
        (root / "a1.txt").unlink()
        (root / "a0.txt").write_bytes(b"Rewritten\n\nnew words\x1b]0;PWNED\x07 here\n")
        await pilot.press("j")
        await settle(pilot)
        assert view.article is not None and view.article.error == "file not found"
        assert "This file cannot be shown: file not found." in assert_clean_screen(app)
        await pilot.press("j", "enter")
        await settle(pilot)
        assert view.article is not None and view.article.title == "Rewritten"
        assert "new words here" in assert_clean_screen(app)
        assert app.is_running
